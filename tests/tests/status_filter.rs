//! `-e status=SET`, `-z` and `-Z`: only the calls that ended as SET says are shown, each on one
//! line, under ptrace and eBPF exactly as strace 6.1 shows them.

use tracer_tests::{first_difference, normalize_unprefixed, strace, tracer, Traced};

const PYTHON: &str = "import os; os.path.exists('/nonexistent'); open('/etc/hostname').read()";

/// Normalised lines, without the pid column of `-f` and without `+++` lines (pids).
fn lines(traced: &Traced) -> Vec<String> {
    normalize_unprefixed(&traced.trace).into_iter().filter(|l| !l.starts_with("+++")).collect()
}

/// strace and every backend agree on `command` with `flags`.
fn agree(flags: &[&str], command: &[&str]) {
    let reference = lines(&strace(flags, command));
    assert!(!reference.is_empty(), "strace {flags:?} {command:?}");
    let mut backends = vec!["ptrace"];
    if tracer_tests::is_root() {
        backends.push("ebpf");
    }
    for backend in backends {
        let traced = tracer(backend, flags, command);
        // cat's own complaint about /nonexistent is the only stderr allowed.
        assert!(!traced.stderr.contains("tracer"), "{backend} {flags:?}: {}", traced.stderr);
        if let Some(diff) = first_difference(&lines(&traced), &reference) {
            panic!("{backend} {flags:?} {command:?}: {diff}");
        }
    }
}

#[test]
fn z_big_z_and_status_sets_match_strace() {
    let cat = ["cat", "/etc/hostname", "/nonexistent"];
    let python = ["/usr/bin/python3", "-I", "-S", "-c", PYTHON];
    for flags in [&["-Z"][..], &["-e", "status=failed,unfinished"], &["-f", "-Z"], &["--failed-only"]] {
        agree(flags, &cat);
        agree(flags, &python);
    }
    // Successful calls: cat only (python's sysinfo shows free memory, different every run).
    agree(&["-z"], &cat);
    agree(&["-f", "-e", "status=!failed"], &cat);
}
