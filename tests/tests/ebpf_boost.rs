//! The eBPF backend reads its ring buffer at nice -10, so that under a syscall storm the traced
//! tasks wait for CPU instead of losing records; the traced command keeps tracer's own priority;
//! `--no-priority-boost` leaves the reader alone. (The storm itself: `stress.rs` and
//! `tracer bench -w storm`.)

use std::process::{Command, Stdio};
use std::time::Duration;

use tracer_tests::{require_root, tracer_bin, wait_until};

/// The nice values (field 19 of /proc/PID/task/TID/stat) of every thread of `pid`.
fn thread_nices(pid: u32) -> Vec<i64> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else { return Vec::new() };
    tasks
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("stat")).ok())
        .filter_map(|stat| {
            // After the comm's closing parenthesis: state is field 3, nice field 19.
            let rest = stat.rsplit_once(')')?.1;
            rest.split_whitespace().nth(16)?.parse().ok()
        })
        .collect()
}

/// Trace `sleep 2` with `extra`; the tracer's threads' nice values once the sleeper runs, and
/// the sleeper's own.
fn nices_while_tracing(extra: &[&str]) -> (Vec<i64>, Vec<i64>) {
    let mut tracer = Command::new(tracer_bin())
        .args(["--backend", "ebpf", "-o", "/dev/null"])
        .args(extra)
        .args(["--", "sleep", "2"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .expect("tracer starts");
    let pid = tracer.id();
    let child = || {
        std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
            .ok()
            .and_then(|text| text.split_whitespace().next().and_then(|c| c.parse::<u32>().ok()))
    };
    wait_until("the traced sleep", || {
        child()
            .is_some_and(|c| std::fs::read_to_string(format!("/proc/{c}/comm")).is_ok_and(|n| n == "sleep\n"))
    });
    // The reader starts at once; give it a moment past the command's exec.
    std::thread::sleep(Duration::from_millis(300));
    let ours = thread_nices(pid);
    let theirs = child().map(thread_nices).unwrap_or_default();
    let _ = tracer.wait();
    (ours, theirs)
}

#[test]
fn the_reader_runs_raised_and_the_command_at_tracers_own_priority() {
    require_root!();
    // SAFETY: getpriority reads no memory of ours.
    let own = i64::from(unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) });
    if own <= -10 {
        tracer_tests::skip(tracer_tests::Skip::Environment, &format!("this test already runs at nice {own}"));
        return;
    }
    let (ours, theirs) = nices_while_tracing(&[]);
    assert!(ours.contains(&-10), "tracer's threads: {ours:?}");
    assert_eq!(theirs, [own], "the traced command");
    let (ours, theirs) = nices_while_tracing(&["--no-priority-boost"]);
    assert!(ours.iter().all(|&nice| nice == own), "tracer's threads: {ours:?}");
    assert_eq!(theirs, [own], "the traced command");
}
