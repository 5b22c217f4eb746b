//! ioctl's requests and arguments print as strace prints them (tests/src/bin/fixture-ioctl.rs).

use tracer_tests::edges::like_strace;

#[test]
fn requests_are_named_as_strace_names_them() {
    for style in [&[][..], &["-Xraw"], &["-Xverbose"]] {
        let lines = like_strace("fixture-ioctl", "requests", style);
        assert!(lines >= 15, "{lines} lines compared");
    }
}

#[test]
fn arguments_are_decoded_by_request() {
    for flags in [&[][..], &["-Xverbose"]] {
        let lines = like_strace("fixture-ioctl", "args", flags);
        assert!(lines >= 14, "{lines} lines compared");
    }
}
