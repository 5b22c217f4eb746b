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

/// `-i -f` lines with the pid prefix and pid values made `PID`, and everything but the
/// instruction pointers normalised; the first line's pointer is the tracer's own child's (its
/// `execve` call site in the tracer's libc), so it is left out.
fn with_pointers(trace: &str) -> Vec<String> {
    let line_re = regex::Regex::new(r"^(\d+) +(\[[0-9a-f?]{16}\]) (.*)$").expect("valid regex");
    trace
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let Some(c) = line_re.captures(line) else { return format!("UNEXPECTED {line}") };
            let body = tracer_tests::normalize(&c[3].replace(&c[1], "PID"));
            let ip = if i == 0 { "[EXECVE]" } else { &c[2] };
            format!("{ip} {body}")
        })
        .collect()
}

#[test]
fn instruction_pointers_match_strace_without_aslr() {
    use tracer_tests::{strace_in, tracer_in, RunIn};
    let run_in = RunIn { no_aslr: true, ..RunIn::default() };
    let flags = ["-i", "-f", "-e", "trace=!getrandom"];
    let command = ["/bin/sh", "-c", "kill -USR1 $$"];
    let reference = strace_in(run_in, &flags, &command);
    let theirs = with_pointers(&reference.trace);
    assert!(theirs.len() > 20 && !theirs.iter().any(|l| l.starts_with("UNEXPECTED")), "{theirs:?}");
    // The signal line shows the pointer of the kill before it; the killed task none.
    assert!(theirs
        .iter()
        .any(|l| l.ends_with("--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=PID, si_uid=0} ---")));
    assert_eq!(theirs.last().map(String::as_str), Some("[????????????????] +++ killed by SIGUSR1 +++"));
    for backend in tracer_tests::backends() {
        let ours = tracer_in(run_in, backend, &flags, &command);
        assert_eq!(ours.status.code(), reference.status.code(), "{backend}: {}", ours.stderr);
        assert_eq!(with_pointers(&ours.trace), theirs, "{backend}");
    }
}

#[test]
fn instruction_pointers_with_summary_only_are_a_warning_like_strace() {
    let flags = ["-i", "-c", "-e", "trace=none"];
    let reference = strace(&flags, &["true"]);
    let said = reference.stderr.replace("strace: ", "tracer: ");
    assert!(said.contains("no effect"), "{said}");
    for backend in tracer_tests::backends() {
        let ours = tracer(backend, &flags, &["true"]);
        assert_eq!(ours.status.code(), Some(0), "{backend}");
        assert_eq!(ours.stderr, tracer_tests::as_invoked(&said), "{backend}");
    }
}

#[test]
fn deprecated_capital_f_follows_forks_with_strace_s_warning() {
    let flags = ["-F", "-e", "trace=execve", "-qq"];
    let command = ["/bin/sh", "-c", "/bin/true"];
    let reference = strace(&flags, &command);
    let said = reference.stderr.replace("strace: ", "tracer: ");
    assert!(said.contains("-F is deprecated"), "{said}");
    // Followed: the child's execve is in the trace, behind a pid column.
    let execs = |trace: &str| trace.lines().filter(|l| l.contains("execve(")).count();
    assert_eq!(execs(&reference.trace), 2, "{}", reference.trace);
    for backend in tracer_tests::backends() {
        let ours = tracer(backend, &flags, &command);
        assert_eq!(ours.status.code(), Some(0), "{backend}");
        assert_eq!(ours.stderr, tracer_tests::as_invoked(&said), "{backend}");
        assert_eq!(execs(&ours.trace), 2, "{backend}: {}", ours.trace);
    }
}

#[test]
fn debug_output_says_what_was_decided() {
    let ours = tracer("ptrace", &["-d", "-e", "trace=openat"], &["/bin/sh", "-c", "/bin/true"]);
    assert_eq!(ours.status.code(), Some(0));
    assert!(ours.stderr.contains("debug: ptrace: seccomp-bpf filter off"), "{}", ours.stderr);
    assert!(ours.stderr.contains("children not followed"), "{}", ours.stderr);
    if tracer_tests::is_root() {
        // As root, --seccomp-bpf without -f installs the filter and follows the children silently.
        let ours =
            tracer("ptrace", &["-d", "--seccomp-bpf", "-e", "trace=openat"], &["/bin/sh", "-c", "/bin/true"]);
        assert!(ours.stderr.contains("filter on (only the traced calls stop)"), "{}", ours.stderr);
        assert!(ours.stderr.contains("children followed silently"), "{}", ours.stderr);
        let ours = tracer("ebpf", &["-d"], &["/bin/true"]);
        assert_eq!(ours.status.code(), Some(0));
        assert!(ours.stderr.contains("eBPF program sys_exit verified in "), "{}", ours.stderr);
        assert!(ours.stderr.contains("eBPF start-up "), "{}", ours.stderr);
    }
}

#[test]
fn tips_are_tracer_s_own_in_strace_s_grammar() {
    let ours = tracer("ptrace", &["--tips=id:1,format:compact"], &["/bin/sh", "-c", "exit 3"]);
    assert_eq!(ours.status.code(), Some(3));
    assert!(ours.stderr.contains("| tracer -f -e trace=openat CMD installs a"), "{}", ours.stderr);
    let none = tracer("ptrace", &["--tips=none"], &["true"]);
    assert_eq!(none.stderr, "");
    // A bad value: strace's one-line error, with its words.
    let reference = strace(&["--tips=format:bad"], &["true"]);
    let ours = tracer("ptrace", &["--tips=format:bad"], &["true"]);
    assert_eq!(ours.status.code(), reference.status.code());
    let said = reference.stderr.replace("strace: ", "tracer: ").replace("Try 'strace -h'", "Try 'tracer -h'");
    assert_eq!(ours.stderr, tracer_tests::as_invoked(&said));
}
