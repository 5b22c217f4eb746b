//! The ptrace backend keeps a lone launched tracee on tracer's CPU (no cross-CPU wake-up per
//! stop), yet the tracee's calls see its own CPU mask, its children get that mask, and a mask it
//! sets itself holds, with or without the seccomp filter. `--no-cpu-pin` leaves the mask alone.

use std::process::{Command, Stdio};

/// `command`'s stdout, run under `tracer -o /dev/null EXTRA... --` (or untraced without `extra`).
fn stdout_of(traced: Option<&[&str]>, command: &[&str]) -> String {
    let mut cmd = match traced {
        Some(extra) => {
            let mut cmd = Command::new(tracer_tests::tracer_bin());
            cmd.args(["--backend", "ptrace", "-o", "/dev/null"]).args(extra).arg("--");
            cmd.args(command);
            cmd
        }
        None => {
            let mut cmd = Command::new(command[0]);
            cmd.args(&command[1..]);
            cmd
        }
    };
    let out = cmd.stdin(Stdio::null()).stderr(Stdio::inherit()).output().expect("command runs");
    assert!(out.status.success(), "{command:?} under {traced:?}: {:?}", out.status);
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

const OWN_LIST: [&str; 3] = ["grep", "Cpus_allowed_list", "/proc/self/status"];

/// This test's own `Cpus_allowed_list` (the tracee's, untraced), or `None` (saying why) when it
/// allows a single CPU and pinning cannot be seen.
fn own_list() -> Option<String> {
    let own = stdout_of(None, &OWN_LIST);
    let cpus = stdout_of(None, &["nproc"]);
    if cpus == "1" {
        tracer_tests::skip(
            tracer_tests::Skip::Environment,
            &format!("this process may run on one CPU only ({own}); pinning changes nothing"),
        );
        return None;
    }
    Some(own)
}

#[test]
fn a_lone_tracee_shares_tracers_cpu_unless_no_cpu_pin() {
    let Some(own) = own_list() else { return };
    // A tracee that runs over a millisecond between two stops (a loaded machine preempts it) is
    // unpinned for that while: a few tries.
    let one_cpu = |extra: &[&str]| {
        (0..5).any(|_| {
            let list = stdout_of(Some(extra), &OWN_LIST);
            list.rsplit('\t').next().is_some_and(|cpu| cpu.parse::<usize>().is_ok())
        })
    };
    assert!(one_cpu(&[]), "never on one CPU while traced (own: {own:?})");
    assert!(one_cpu(&["-f", "-e", "trace=openat"]), "pinned under the seccomp filter too");
    assert_eq!(stdout_of(Some(&["--no-cpu-pin"]), &OWN_LIST), own);
}

#[test]
fn the_tracee_reads_its_own_mask() {
    if own_list().is_none() {
        return;
    }
    let untraced = stdout_of(None, &["nproc"]);
    assert_eq!(stdout_of(Some(&[]), &["nproc"]), untraced, "sched_getaffinity under tracer");
    assert_eq!(stdout_of(Some(&["-f"]), &["nproc"]), untraced, "with -f");
    // Under the seccomp filter sched_getaffinity stops too, hidden from the trace.
    assert_eq!(stdout_of(Some(&["-f", "-e", "trace=write"]), &["nproc"]), untraced, "with seccomp");
}

#[test]
fn children_get_the_tracees_own_mask() {
    let Some(own) = own_list() else { return };
    let script = ["sh", "-c", "grep Cpus_allowed_list /proc/self/status"];
    assert_eq!(stdout_of(Some(&[]), &script), own, "an untraced child");
    assert_eq!(stdout_of(Some(&["-f"]), &script), own, "a traced child (-f)");
    assert_eq!(stdout_of(Some(&["-f", "-e", "trace=openat"]), &script), own, "under seccomp");
}

#[test]
fn a_mask_the_tracee_sets_holds() {
    if own_list().is_none() {
        return;
    }
    // taskset sets its own mask, then execs grep: whichever CPU tracer is on, CPU 0 it is.
    let command = ["taskset", "-c", "0", "grep", "Cpus_allowed_list", "/proc/self/status"];
    assert_eq!(stdout_of(Some(&[]), &command), "Cpus_allowed_list:\t0");
}
