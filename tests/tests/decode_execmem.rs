//! Partly readable arrays and poll's results print as strace prints them
//! (tests/src/bin/fixture-execmem.rs).

use tracer_tests::edges::like_strace;

#[test]
fn a_partly_readable_pollfd_array_prints_its_readable_part() {
    let lines = like_strace("fixture-execmem", "poll", &[]);
    assert!(lines >= 4, "{lines} lines compared");
}

#[test]
fn poll_results_are_found_among_more_pollfds_than_shown() {
    for flags in [&["-s", "1"][..], &[], &["-v", "-s", "1"]] {
        let lines = like_strace("fixture-execmem", "ppoll", flags);
        assert!(lines >= 2, "{lines} lines compared");
    }
}

#[test]
fn a_partly_readable_iovec_array_prints_its_readable_part() {
    let lines = like_strace("fixture-execmem", "iovec", &[]);
    assert!(lines >= 3, "{lines} lines compared");
}

#[test]
fn argv_with_bad_pointers_prints_what_is_readable() {
    for flags in [&[][..], &["-s", "2"]] {
        let lines = like_strace("fixture-execmem", "argv", flags);
        assert!(lines >= 4, "{lines} lines compared");
    }
}

#[test]
fn unabbreviated_exec_calls_print_argv_and_envp_whole() {
    for flags in [&[][..], &["-v"], &["-e", "abbrev=!execve"], &["-v", "-s", "4"]] {
        let lines = like_strace("fixture-execmem", "long", flags);
        assert!(lines >= 2, "{flags:?}: {lines} lines compared");
    }
}
