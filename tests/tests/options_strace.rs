//! End to end: strace 6.1's options that change how lines read (`-x`, `-xx`, `--strings-in-hex=`,
//! `-n`, `-e verbose=`, `--timestamps=none`, other personalities' names in `-e trace=`) under
//! `tracer --backend ptrace` (and eBPF as root) against the installed strace with the same flags.

use tracer_tests::{first_difference, fixture, normalize_trace, strace, tracer};

/// The fixtures' calls of interest (their startup differs with the dynamic loader's choices).
const CALLS: &str = "trace=write,exit_group,chdir";

/// The normalised lines of `trace` from the first `write` on.
fn from_first_write(trace: &str) -> Vec<String> {
    normalize_trace(trace).into_iter().skip_while(|l| !l.contains("write(")).collect()
}

/// `fixture` under strace and each backend with `flags`: the same lines (from the first write).
fn agree(fixture_name: &str, flags: &[&str]) -> Vec<String> {
    agree_from(fixture_name, flags, from_first_write)
}

/// [`agree`], comparing the lines `pick` takes from each trace.
fn agree_from(fixture_name: &str, flags: &[&str], pick: fn(&str) -> Vec<String>) -> Vec<String> {
    let command = [fixture(fixture_name)];
    let command: Vec<&str> = command.iter().map(String::as_str).collect();
    let reference = strace(flags, &command);
    assert!(reference.stderr.is_empty(), "strace {flags:?}: {}", reference.stderr);
    let theirs = pick(&reference.trace);
    assert!(!theirs.is_empty(), "strace {flags:?} printed: {}", reference.trace);
    for backend in tracer_tests::backends() {
        let ours = tracer(backend, flags, &command);
        assert_eq!(ours.status.code(), reference.status.code(), "{backend} {flags:?}: {}", ours.stderr);
        if let Some(diff) = first_difference(&pick(&ours.trace), &theirs) {
            panic!("{backend} {flags:?}: {diff}");
        }
    }
    theirs
}

#[test]
fn strings_in_hex_match_strace() {
    for flags in [
        &["-x"][..],
        &["-xx"],
        &["--strings-in-hex"],
        &["--strings-in-hex=none"],
        &["--strings-in-hex=non-ascii"],
        &["--strings-in-hex=non-ascii-chars"],
        &["--strings-in-hex=all"],
    ] {
        let flags: Vec<&str> = flags.iter().copied().chain(["-e", CALLS]).collect();
        let lines = agree("fixture-bytes", &flags);
        assert!(lines.len() >= 3, "{flags:?}: {lines:?}");
    }
    let lines = agree("fixture-bytes", &["-x", "-e", CALLS]);
    assert!(lines[0].starts_with(r#"write(3, "\xff\x00\x6f\x6b\x0a", 5)"#), "{lines:?}");
}

#[test]
fn syscall_numbers_match_strace() {
    let lines = agree("fixture-bytes", &["-n", "-e", CALLS]);
    assert!(lines[0].starts_with("[   1] write("), "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("[ 231] +++ exited with 0 +++")), "{lines:?}");
}

#[test]
fn verbose_none_prints_structures_as_addresses_like_strace() {
    // The dynamic loader's fstat structs become addresses; paths and data stay.
    let calls = "trace=write,fstat,newfstatat,openat";
    let whole = |trace: &str| normalize_trace(trace);
    let lines = agree_from("fixture-files", &["-e", "verbose=none", "-e", calls], whole);
    assert!(lines.iter().any(|l| l.starts_with("write(") && l.contains(r#""hello, tracer\n"#)), "{lines:?}");
    agree_from("fixture-files", &["--verbose=!fstat,newfstatat", "-e", calls], whole);
}

#[test]
fn timestamps_none_and_other_personalities_match_strace() {
    agree("fixture-bytes", &["--timestamps=none", "-e", CALLS]);
    agree("fixture-bytes", &["--timestamps=unix", "--timestamps=none", "-e", CALLS]);
    // i386's and x32's names and numbers are valid and add nothing to an x86_64 trace.
    let lines = agree("fixture-bytes", &["-e", "trace=write,mmap2,all@32,%stat@x32,547,exit_group"]);
    assert!(lines
        .iter()
        .all(|l| l.starts_with("write(") || l.starts_with("exit_group(") || l.starts_with("+++")));
}
