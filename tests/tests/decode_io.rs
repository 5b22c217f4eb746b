//! io_uring_enter, the vectored reads and writes and the quota calls are decoded like strace
//! (tests/src/bin/fixture-io.rs).

use tracer_tests::edges::like_strace;

#[test]
fn io_uring_and_vectored_calls_print_like_strace() {
    let lines = like_strace("fixture-io", "io", &[]);
    assert_eq!(lines, 6);
}

#[test]
fn quota_commands_print_like_strace() {
    for style in ["-Xabbrev", "-Xraw", "-Xverbose"] {
        let lines = like_strace("fixture-io", "quota", &[style]);
        assert_eq!(lines, 5, "{style}");
    }
}
