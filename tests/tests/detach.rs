//! Detaching from a process in the middle of a call (`-p`, then SIGINT) ends its line as strace
//! does (attaching interrupts sleep's clock_nanosleep, so the call in progress is the
//! `restart_syscall(<... resuming interrupted read ...> <detached ...>` strace shows), and the
//! process goes on.

use std::process::{Command, Stdio};
use std::time::Duration;

/// Trace `pid` with `program ARGS -o FILE -p PID` for a moment, then SIGINT it; the trace.
fn detach_trace(program: &str, args: &[&str], pid: u32) -> String {
    let path = std::env::temp_dir().join(format!("tracer-detach-{}-{pid}.trace", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let tracer = Command::new(program)
        .args(args)
        .arg("-o")
        .arg(&path)
        .arg("-p")
        .arg(pid.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tracer starts");
    std::thread::sleep(Duration::from_millis(700));
    // SAFETY: kill(2) on our own child.
    unsafe { libc::kill(tracer.id() as i32, libc::SIGINT) };
    let out = tracer.wait_with_output().map(|o| String::from_utf8_lossy(&o.stderr).into_owned());
    eprintln!("{program} {args:?} said: {}", out.unwrap_or_default());
    let trace = std::fs::read_to_string(&path).unwrap_or_default();
    let _ = std::fs::remove_file(&path);
    trace
}

#[test]
fn a_call_in_progress_ends_detached_like_strace() {
    let tracer_bin = tracer_tests::tracer_bin();
    // A process strace detached from is in restart_syscall: each tracer gets a sleeper of its own.
    let sleep = || {
        let sleeper = Command::new("sleep").arg("30").spawn().expect("sleep starts");
        std::thread::sleep(Duration::from_millis(200));
        sleeper
    };
    let mut reference = sleep();
    let expected = detach_trace("strace", &[], reference.id());
    let _ = reference.kill();
    let _ = reference.wait();
    for backend in tracer_tests::backends() {
        let mut sleeper = sleep();
        let pid = sleeper.id();
        let tracer = tracer_bin.to_string_lossy().into_owned();
        let traced = detach_trace(&tracer, &["--backend", backend], pid);
        // Still running, not stopped, no tracer left.
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let _ = sleeper.kill();
        let _ = sleeper.wait();
        assert!(expected.ends_with(" <detached ...>\n"), "strace: {expected}");
        if backend == "ptrace" {
            assert_eq!(traced, expected, "{backend}");
        } else {
            // The eBPF backend does not interrupt the tracee: the sleep's call began before the
            // probes were attached, so there is no entry to show, and it never ends while traced.
            assert_eq!(traced, "", "{backend}");
        }
        assert!(status.contains("TracerPid:\t0\n"), "{backend}: {status}");
        assert!(!status.contains("State:\tT"), "{backend}: {status}");
    }
}
