//! add_key, request_key and keyctl decode like strace (tests/src/bin/fixture-keyctl.rs).

use tracer_tests::edges::like_strace;

#[test]
fn keys_strings_and_commands() {
    assert!(like_strace("fixture-keyctl", "calls", &[]) >= 20);
    assert!(like_strace("fixture-keyctl", "calls", &["-s5"]) >= 20);
}

#[test]
fn in_each_xlat_style() {
    assert!(like_strace("fixture-keyctl", "calls", &["-Xverbose"]) >= 20);
    assert!(like_strace("fixture-keyctl", "calls", &["-Xraw"]) >= 20);
}

#[test]
fn crypto_commands_and_iovecs() {
    for flags in [&[][..], &["-s8"], &["-Xverbose"]] {
        assert!(like_strace("fixture-keyctl", "crypto", flags) >= 17);
    }
}
