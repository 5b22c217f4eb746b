//! Integer arguments are printed at their kernel width, like strace (tests/src/bin/fixture-ints.rs).

use tracer_tests::edges::like_strace;

#[test]
fn int_arguments_print_what_the_kernel_reads() {
    let lines = like_strace("fixture-ints", "widths", &[]);
    assert!(lines >= 12, "{lines} lines compared");
}

#[test]
fn all_ones_ids_print_as_minus_one() {
    let lines = like_strace("fixture-ints", "ids", &[]);
    assert!(lines >= 8, "{lines} lines compared");
}

#[test]
fn modes_are_16_bits() {
    let lines = like_strace("fixture-ints", "modes", &[]);
    assert!(lines >= 9, "{lines} lines compared");
}
