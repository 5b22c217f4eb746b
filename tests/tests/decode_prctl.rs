//! prctl, arch_prctl and personality decode like strace (tests/src/bin/fixture-prctl.rs).

use tracer_tests::edges::like_strace;

#[test]
fn options_arguments_and_return_values() {
    assert!(like_strace("fixture-prctl", "options", &[]) >= 30);
}

#[test]
fn options_in_each_xlat_style() {
    assert!(like_strace("fixture-prctl", "options", &["-Xverbose"]) >= 30);
    assert!(like_strace("fixture-prctl", "options", &["-Xraw"]) >= 30);
}

#[test]
fn memory_at_an_unmapped_page() {
    assert!(like_strace("fixture-prctl", "faults", &[]) >= 8);
}
