//! landlock calls are decoded like strace (tests/src/bin/fixture-landlock.rs).

use tracer_tests::edges::like_strace;

#[test]
fn landlock_calls_print_like_strace() {
    let lines = like_strace("fixture-landlock", "calls", &[]);
    assert_eq!(lines, 8);
    like_strace("fixture-landlock", "calls", &["-y", "-Xverbose"]);
}

#[test]
fn a_ruleset_descriptor_is_named_like_strace() {
    let lines = like_strace("fixture-landlock", "ruleset", &["-y"]);
    assert_eq!(lines, 3);
}
