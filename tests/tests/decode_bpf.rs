//! Size-argument structs and strace's bounds print as strace prints them
//! (tests/src/bin/fixture-bpf.rs): bpf's attr, io_uring_setup's params, clone3's flags, kexec's
//! segments and command line, futex_waitv's waiters, memfd_create's name.

use tracer_tests::edges::like_strace;

#[test]
fn bpf_attr_is_decoded_by_command_and_size() {
    for flags in [&[][..], &["-Xraw"], &["-Xverbose"], &["-v"]] {
        let lines = like_strace("fixture-bpf", "bpf", flags);
        assert!(lines >= 24, "{lines} lines compared");
    }
}

#[test]
fn io_uring_params_and_clone3_flags() {
    for flags in [&[][..], &["-Xraw"], &["-Xverbose"]] {
        let lines = like_strace("fixture-bpf", "uring", flags);
        assert!(lines >= 5, "{lines} lines compared");
    }
}

#[test]
fn kexec_segments_and_command_line() {
    for flags in [&[][..], &["-s9"]] {
        let lines = like_strace("fixture-bpf", "kexec", flags);
        assert!(lines >= 8, "{lines} lines compared");
    }
}

#[test]
fn bounded_names_flags_and_waiters() {
    for flags in [&[][..], &["-s256"], &["-Xverbose"]] {
        let lines = like_strace("fixture-bpf", "misc", flags);
        assert!(lines >= 10, "{lines} lines compared");
    }
}
