//! Extensible structs (openat2's open_how, clone3's clone_args) are decoded like strace, their
//! tails included (tests/src/bin/fixture-ext.rs).

use tracer_tests::edges::{like_strace, like_strace_on};

#[test]
fn open_how_at_every_size_prints_like_strace() {
    let lines = like_strace("fixture-ext", "openat2", &[]);
    assert_eq!(lines, 5);
    like_strace("fixture-ext", "openat2", &["-Xverbose", "-s4"]);
}

#[test]
fn clone_args_at_every_size_prints_like_strace() {
    let lines = like_strace("fixture-ext", "clone3", &[]);
    assert_eq!(lines, 8);
}

#[test]
fn clone_args_read_back_after_success_print_like_strace() {
    // Injected success (ptrace only): ` => {pidfd=[FD], parent_tid=[TID], TAIL}` as strace reads
    // them back.
    let lines = like_strace_on(&["ptrace"], "fixture-ext", "clone3", &["-e", "inject=clone3:retval=42"]);
    assert_eq!(lines, 8);
}
