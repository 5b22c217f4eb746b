//! Integer arguments are printed at their kernel width, like strace (tests/src/bin/fixture-ints.rs).

use tracer_tests::edges::like_strace;

#[test]
fn int_arguments_print_what_the_kernel_reads() {
    let lines = like_strace("fixture-ints", "widths", &[]);
    assert!(lines >= 12, "{lines} lines compared");
}
