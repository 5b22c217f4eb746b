//! fanotify calls are decoded like strace (tests/src/bin/fixture-fanotify.rs).

use tracer_tests::edges::like_strace;

#[test]
fn fanotify_calls_print_like_strace() {
    for style in ["-Xabbrev", "-Xraw", "-Xverbose"] {
        let lines = like_strace("fixture-fanotify", "calls", &[style]);
        assert_eq!(lines, 5, "{style}");
    }
}
