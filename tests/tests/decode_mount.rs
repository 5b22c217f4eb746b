//! The mount API is decoded like strace (tests/src/bin/fixture-mount.rs).

use tracer_tests::edges::like_strace;

#[test]
fn mount_calls_print_like_strace() {
    let lines = like_strace("fixture-mount", "calls", &[]);
    assert!(lines >= 13, "{lines} lines compared");
    like_strace("fixture-mount", "calls", &["-Xverbose"]);
}

#[test]
fn a_path_running_into_unmapped_memory_is_cut_like_strace() {
    let lines = like_strace("fixture-mount", "long-path", &[]);
    assert_eq!(lines, 1);
}

#[test]
fn open_tree_descriptors_are_named_like_strace() {
    let lines = like_strace("fixture-mount", "open-tree", &["-y"]);
    assert_eq!(lines, 4);
}
