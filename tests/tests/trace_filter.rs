//! `-e trace=SET`: only the calls in SET are shown, under ptrace (seccomp-bpf by default with -f,
//! and `--no-seccomp`) and eBPF (a syscall bitmap in the kernel), exactly as strace shows them.

use std::collections::BTreeSet;
use std::time::Instant;

use tracer_tests::{first_difference, normalize_unprefixed, strace, tracer, Traced};

const PYTHON_SOCKET: &str = "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); s.close()";

/// Normalised lines without `-f -o`'s pid column, and without the lines that differ between runs
/// whatever the tracer (attach messages and `+++`/`---` lines carry pids).
fn lines(traced: &Traced) -> Vec<String> {
    normalize_unprefixed(&traced.trace)
        .into_iter()
        .filter(|l| !l.starts_with("+++") && !l.starts_with("---"))
        // The test harness's pipes (inherited stderr) differ per run.
        .map(|l| pipe_inode().replace_all(&l, "pipe:[INODE]").into_owned())
        .collect()
}

fn pipe_inode() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| regex::Regex::new(r"pipe:\[\d+\]").expect("valid regex"))
}

fn commands() -> Vec<Vec<&'static str>> {
    vec![vec!["cat", "/etc/hostname"], vec!["/usr/bin/python3", "-I", "-S", "-c", PYTHON_SOCKET]]
}

/// strace and every backend agree on `command` with `-f` and `flags`.
fn agree(flags: &[&str], command: &[&str]) {
    let mut with_f = vec!["-f"];
    with_f.extend_from_slice(flags);
    let reference = lines(&strace(&with_f, command));
    assert!(
        !reference.is_empty() || flags.iter().any(|f| f.contains("network")),
        "strace {with_f:?} {command:?}"
    );
    let mut runs = vec![("ptrace (seccomp)", "ptrace", with_f.clone())];
    let mut no_seccomp = with_f.clone();
    no_seccomp.push("--no-seccomp");
    runs.push(("ptrace --no-seccomp", "ptrace", no_seccomp));
    if tracer_tests::is_root() {
        runs.push(("ebpf", "ebpf", with_f.clone()));
    }
    for (what, backend, args) in runs {
        let traced = tracer(backend, &args, command);
        assert!(traced.stderr.is_empty(), "{what} {flags:?}: {}", traced.stderr);
        if let Some(diff) = first_difference(&lines(&traced), &reference) {
            panic!("{what} {flags:?} {command:?}: {diff}");
        }
    }
}

#[test]
fn names_classes_negations_and_regexes_match_strace() {
    for set in ["trace=openat,close", "trace=%file", "trace=/^open", "trace=%network"] {
        for command in commands() {
            agree(&["-e", set], &command);
        }
    }
    // Not python: its sysinfo call shows free memory, different every run.
    agree(&["-e", "trace=!read,write"], &["cat", "/etc/hostname"]);
    // The other spellings.
    agree(&["--trace=openat,close"], &["cat", "/etc/hostname"]);
    agree(&["-e", "openat,close"], &["cat", "/etc/hostname"]);
}

#[test]
fn fd_names_are_learnt_from_hidden_calls() {
    // -y with only read/close shown: the openat that named fd 3 is hidden (or never stopped).
    agree(&["-y", "-e", "trace=read,close"], &["cat", "/etc/hostname"]);
}

/// The names of the calls a trace shows.
fn call_names(traced: &Traced) -> BTreeSet<String> {
    lines(traced)
        .iter()
        .filter_map(|l| l.split_once('(').map(|(name, _)| name.to_string()))
        .filter(|name| name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
        .collect()
}

#[test]
fn class_membership_matches_strace() {
    let script =
        "ls -l / >/dev/null; id >/dev/null; date >/dev/null; sleep 0.01; kill -0 $$; echo x | cat >/dev/null";
    let command = ["sh", "-c", script];
    let classes = [
        "%file", "%process", "%network", "%signal", "%ipc", "%desc", "%memory", "%creds", "%clock", "%stat",
        "%lstat", "%fstat", "%%stat", "%statfs", "%fstatfs", "%%statfs", "%pure",
    ];
    let mut wrong = Vec::new();
    for class in classes {
        let set = format!("trace={class}");
        let flags = ["-f", "-e", set.as_str()];
        let reference = call_names(&strace(&flags, &command));
        let ours = call_names(&tracer("ptrace", &flags, &command));
        if ours != reference {
            wrong.push(format!("{class}: ptrace {ours:?} vs strace {reference:?}"));
        }
        if tracer_tests::is_root() {
            let ebpf = call_names(&tracer("ebpf", &flags, &command));
            if ebpf != reference {
                wrong.push(format!("{class}: ebpf {ebpf:?} vs strace {reference:?}"));
            }
        }
    }
    assert!(wrong.is_empty(), "class membership differs:\n{}", wrong.join("\n"));
}

#[test]
fn seccomp_makes_untraced_calls_free() {
    let dd = ["dd", "if=/dev/zero", "of=/dev/null", "bs=1", "count=20000"];
    let timed = |extra: &[&str]| {
        let mut flags = vec!["-f", "-e", "trace=openat"];
        flags.extend_from_slice(extra);
        let start = Instant::now();
        let traced = tracer("ptrace", &flags, &dd);
        let took = start.elapsed();
        assert!(traced.status.success(), "{extra:?}: {}", traced.stderr);
        assert!(!traced.trace.contains("read(0"), "{extra:?}: reads shown");
        took
    };
    let with = timed(&[]);
    let without = timed(&["--no-seccomp"]);
    let ratio = without.as_secs_f64() / with.as_secs_f64().max(1e-6);
    eprintln!("dd under ptrace: seccomp {with:?}, --no-seccomp {without:?}, ratio {ratio:.1}");
    assert!(ratio > 3.0, "seccomp {with:?} vs --no-seccomp {without:?}: ratio {ratio:.1}");
}
