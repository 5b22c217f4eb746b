//! `-f` under the eBPF backend says `tracer: Process N attached` on stderr for every task it picks
//! up, as the ptrace backend (and strace) does; `-q` silences it.

use std::process::{Command, Stdio};

use tracer_tests::{fixture, require_root, tracer_bin};

/// The `Process N attached` lines of tracer's stderr, the trace itself going to stderr too (no
/// `-o`: strace says nothing of attaching when the trace goes to a file).
fn attached(backend: &str, extra: &[&str]) -> usize {
    let out = Command::new(tracer_bin())
        .args(["--backend", backend, "-f"])
        .args(extra)
        .arg("--")
        .arg(fixture("fixture-forktree"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .output()
        .expect("tracer runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let said = tracer_tests::as_invoked("tracer: Process ");
    stderr.lines().filter(|l| l.starts_with(&said) && l.ends_with(" attached")).count()
}

#[test]
fn followed_children_are_announced_as_under_ptrace() {
    require_root!();
    let ptrace = attached("ptrace", &[]);
    assert!(ptrace >= 5, "ptrace announced {ptrace} tasks");
    assert_eq!(attached("ebpf", &[]), ptrace);
    assert_eq!(attached("ebpf", &["-q"]), 0);
}
