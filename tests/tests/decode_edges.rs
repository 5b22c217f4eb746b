//! Edge-case arguments of decoders without a fixture of their own (tests/src/bin/fixture-edges.rs),
//! compared with the live strace.

use tracer_tests::edges::like_strace;
use tracer_tests::{backends, first_difference, fixture, normalize_trace, strace, tracer};

#[test]
fn signal_sets_of_the_wrong_size_print_as_addresses() {
    let lines = like_strace("fixture-edges", "sigsets", &[]);
    assert!(lines >= 9, "{lines} lines compared");
}

#[test]
fn flag_arguments_use_their_own_tables() {
    let lines = like_strace("fixture-edges", "flagargs", &[]);
    assert!(lines >= 12, "{lines} lines compared");
}

#[test]
fn single_numbers_behind_pointers_print_in_brackets() {
    let lines = like_strace("fixture-edges", "outnums", &[]);
    assert!(lines >= 5, "{lines} lines compared");
}

#[test]
fn fcntl_locks_print_their_struct_flock() {
    let lines = like_strace("fixture-edges", "locks", &[]);
    assert!(lines >= 6, "{lines} lines compared");
}

#[test]
fn getcwd_prints_its_whole_path_and_empty_strings_are_never_fetched() {
    let lines = like_strace("fixture-edges", "strings", &[]);
    assert!(lines >= 7, "{lines} lines compared");
}

#[test]
fn a_working_directory_beyond_path_max_leaves_at_fdcwd_bare_under_y() {
    let lines = like_strace("fixture-edges", "deepcwd", &["-y"]);
    assert!(lines >= 84, "{lines} lines compared");
}

#[test]
fn getdents_entries_print_whole_with_v_and_as_a_count_without() {
    let dir = std::path::Path::new("/tmp/tracer-edges-dirents");
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("a subdirectory")).expect("scratch directory");
    std::fs::write(dir.join("file"), b"").expect("scratch file");
    std::fs::write(dir.join("a\nname \"quoted\""), b"").expect("scratch file");
    let _ = std::os::unix::fs::symlink("file", dir.join("link"));
    // SAFETY: mkfifo of a path in the scratch directory; a failure only leaves the entry out.
    unsafe { libc::mkfifo(c"/tmp/tracer-edges-dirents/fifo".as_ptr(), 0o600) };
    let verbose = like_strace("fixture-edges", "dirents", &["-v"]);
    let abbreviated = like_strace("fixture-edges", "dirents", &[]);
    let _ = std::fs::remove_dir_all(dir);
    assert!(verbose >= 10 && abbreviated >= 10, "{verbose} and {abbreviated} lines compared");
}

#[test]
fn fsmount_and_fsconfig_decode_each_command_and_match_paths_by_command() {
    let all = like_strace("fixture-edges", "fsapi", &["-y"]);
    assert!(all >= 23, "{all} lines compared");
    // -P: fsconfig matches its value path and aux fd for the path commands and SET_FD, never fs_fd
    // (the markers are filtered out too: whole traces are compared).
    let extra = ["-y", "-P", "/dev/full", "-e", "trace=fsconfig"];
    let program = fixture("fixture-edges");
    let want = normalize_trace(&strace(&extra, &[&program, "fsapi"]).trace);
    assert!(want.len() >= 5, "strace -P printed {want:?}");
    for backend in backends() {
        let got = normalize_trace(&tracer(backend, &extra, &[&program, "fsapi"]).trace);
        if let Some(diff) = first_difference(&want, &got) {
            panic!("-P, {backend} (right) vs strace (left): {diff}");
        }
    }
}

#[test]
fn iovec_strings_are_fetched_one_byte_past_s_as_strace_does() {
    let lines = like_strace("fixture-edges", "iovtail", &[]);
    assert!(lines >= 8, "{lines} lines compared");
}
