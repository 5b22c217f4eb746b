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

/// Formats, buffers, parameters, tuners, controls and enumerations, in each `-X` style and with `-v`.
#[test]
fn structures_print_as_strace_prints_them() {
    for flags in [&[][..], &["-v"], &["-Xraw"], &["-Xverbose"]] {
        let lines = like_strace("fixture-v4l2", "structs", flags);
        assert!(lines >= 100, "{lines} lines compared");
    }
}

/// The same calls made to succeed (ptrace only): what the driver filled in is shown.
#[test]
fn successful_structures_show_what_they_got() {
    for flags in [
        &["-einject=ioctl:retval=0"][..],
        &["-einject=ioctl:retval=0", "-v"],
        &["-einject=ioctl:retval=0", "-Xverbose"],
    ] {
        let lines = like_strace_on(&["ptrace"], "fixture-v4l2", "structs", flags);
        assert!(lines >= 100, "{lines} lines compared");
    }
}

/// Window formats' clip lists (deref captures): whole, cut at `-s` unless `-v`, stopped where the
/// memory becomes unreadable; at entry, and what the call left at exit (ptrace with `-e inject`).
#[test]
fn window_clip_lists_print_as_strace_prints_them() {
    for flags in [&[][..], &["-v"], &["-s4"], &["-Xraw"]] {
        let lines = like_strace("fixture-v4l2", "clips", flags);
        assert!(lines >= 24, "{lines} lines compared");
    }
    for flags in [&["-einject=ioctl:retval=0"][..], &["-einject=ioctl:retval=0", "-v"]] {
        let lines = like_strace_on(&["ptrace"], "fixture-v4l2", "clips", flags);
        assert!(lines >= 24, "{lines} lines compared");
    }
}
