//! SysV IPC decodes like strace (tests/src/bin/fixture-ipc.rs).

use tracer_tests::edges::like_strace;

#[test]
fn keys_flags_structs_and_messages() {
    assert!(like_strace("fixture-ipc", "calls", &[]) >= 18);
}

#[test]
fn in_each_xlat_style() {
    assert!(like_strace("fixture-ipc", "calls", &["-Xverbose"]) >= 18);
    assert!(like_strace("fixture-ipc", "calls", &["-Xraw"]) >= 18);
}
