//! Video4Linux2 ioctls print as strace prints them (tests/src/bin/fixture-v4l2.rs).

use tracer_tests::edges::{like_strace, like_strace_on};

#[test]
fn requests_and_their_arguments() {
    for flags in [&[][..], &["-Xraw"], &["-Xverbose"]] {
        let lines = like_strace("fixture-v4l2", "requests", flags);
        assert!(lines >= 19, "{lines} lines compared");
    }
}

/// The calls made to succeed (`-e inject`, ptrace only): what they read back is shown.
#[test]
fn successful_requests_show_what_they_got() {
    for flags in [&["-einject=ioctl:retval=0"][..], &["-einject=ioctl:retval=0", "-Xverbose"]] {
        let lines = like_strace_on(&["ptrace"], "fixture-v4l2", "requests", flags);
        assert!(lines >= 19, "{lines} lines compared");
    }
}
