//! Memory behind pointers inside struct arguments prints as strace prints it
//! (tests/src/bin/fixture-ptrmem.rs): clone3's set_tid, ptrace's register sets.

use tracer_tests::edges::like_strace;

#[test]
fn clone3_set_tid_is_an_array() {
    for flags in [&[][..], &["-Xraw"], &["-v"]] {
        let lines = like_strace("fixture-ptrmem", "clone3", flags);
        assert!(lines >= 6, "{lines} lines compared");
    }
}

#[test]
fn ptrace_register_sets_are_decoded() {
    for flags in [&[][..], &["-Xverbose"], &["-s8"]] {
        let lines = like_strace("fixture-ptrmem", "ptrace", flags);
        assert!(lines >= 16, "{lines} lines compared");
    }
}
