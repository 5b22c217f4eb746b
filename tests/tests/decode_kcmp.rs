//! kcmp, pidfd_open, pidfd_send_signal, memfd_secret and membarrier are decoded like strace
//! (tests/src/bin/fixture-kcmp.rs).

use tracer_tests::edges::like_strace;

#[test]
fn kcmp_indexes_print_like_strace() {
    let lines = like_strace("fixture-kcmp", "kcmp", &[]);
    assert_eq!(lines, 8);
    like_strace("fixture-kcmp", "kcmp", &["-Xraw"]);
}

#[test]
fn process_flags_print_like_strace() {
    let lines = like_strace("fixture-kcmp", "flags", &[]);
    assert_eq!(lines, 5);
    like_strace("fixture-kcmp", "flags", &["-Xverbose"]);
}

#[test]
fn pidfd_send_signal_shows_its_siginfo_like_strace() {
    let lines = like_strace("fixture-kcmp", "signal", &[]);
    assert_eq!(lines, 1);
}

#[test]
fn pidfd_getfd_names_the_child_descriptor_like_strace() {
    for decode in ["-y", "--decode-fds=path,dev"] {
        // The markers are openat calls.
        let lines = like_strace(
            "fixture-kcmp",
            "getfd",
            &["-e", "trace=pidfd_getfd,openat", "-e", "signal=none", decode],
        );
        assert!(lines >= 2, "{lines} lines compared");
    }
}
