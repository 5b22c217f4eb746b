//! Extensible structs (openat2's open_how, clone3's clone_args) are decoded like strace, their
//! tails included (tests/src/bin/fixture-ext.rs).

use tracer_tests::edges::like_strace;

#[test]
fn open_how_at_every_size_prints_like_strace() {
    let lines = like_strace("fixture-ext", "openat2", &[]);
    assert_eq!(lines, 5);
    like_strace("fixture-ext", "openat2", &["-Xverbose", "-s4"]);
}

#[test]
fn clone_args_at_every_size_prints_like_strace() {
    let lines = like_strace("fixture-ext", "clone3", &[]);
    assert_eq!(lines, 5);
}
