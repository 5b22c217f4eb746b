//! seccomp, prctl's PR_SET_SECCOMP, SO_ATTACH_FILTER/SO_GET_FILTER and the seccomp notification
//! ioctls print as strace prints them (tests/src/bin/fixture-seccomp.rs).

use tracer_tests::edges::like_strace;

#[test]
fn operations_and_their_arguments() {
    for flags in [&[][..], &["-Xraw"], &["-Xverbose"]] {
        let lines = like_strace("fixture-seccomp", "ops", flags);
        assert!(lines >= 11, "{lines} lines compared");
    }
}

#[test]
fn filter_programs() {
    for flags in [&["-v"][..], &[], &["-v", "-Xraw"], &["-v", "-Xverbose"]] {
        let lines = like_strace("fixture-seccomp", "filters", flags);
        assert!(lines >= 9, "{lines} lines compared");
    }
}

#[test]
fn notification_ioctls() {
    for flags in [&[][..], &["-Xverbose"]] {
        let lines = like_strace("fixture-seccomp", "ioctls", flags);
        assert!(lines >= 8, "{lines} lines compared");
    }
}
