//! The ptrace backend's task lifecycle end to end, against strace 6.1 where the output can be
//! compared: seized launch (the execve first), signal-delivery and group-stops, job control, `-f`
//! per-task exits, `-p` attach and detach (tracees left running, untraced), and the detach on a
//! fatal signal in launch mode.

use std::os::unix::process::ExitStatusExt as _;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use tracer_tests::{normalize, status_field, strace, tracer, tracer_bin, wait_until};

/// A line normalised, the sender's pid in a siginfo included.
fn steady(line: &str) -> String {
    let line = normalize(line);
    match line.split_once("si_pid=") {
        Some((before, after)) => {
            let rest = after.trim_start_matches(|c: char| c.is_ascii_digit());
            format!("{before}si_pid=PID{rest}")
        }
        None => line,
    }
}

/// The lines of a trace after normalisation, from the first one containing `marker` on.
fn tail_from(trace: &str, marker: &str) -> Vec<String> {
    trace.lines().map(steady).skip_while(|l| !l.contains(marker)).collect()
}

/// The only child of `parent` (the traced command of a tracer run).
fn child_of(parent: u32) -> u32 {
    let mut found = None;
    wait_until("the traced command to start", || {
        let children =
            std::fs::read_to_string(format!("/proc/{parent}/task/{parent}/children")).unwrap_or_default();
        found = children.split_whitespace().next().and_then(|c| c.parse().ok());
        found.is_some()
    });
    found.unwrap_or_default()
}

fn kill(pid: u32, signal: i32) {
    // SAFETY: kill(2) on a process this test started.
    unsafe { libc::kill(i32::try_from(pid).unwrap_or(i32::MAX), signal) };
}

fn spawn_tracer(args: &[&str]) -> Child {
    Command::new(tracer_bin())
        .args(["--backend", "ptrace"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tracer starts")
}

#[test]
fn the_first_line_is_the_execve_and_signals_print_like_strace() {
    let script = "trap '' USR1; kill -USR1 $$; exit 3";
    let ours = tracer("ptrace", &[], &["sh", "-c", script]);
    let reference = strace(&[], &["sh", "-c", script]);
    assert!(
        ours.trace.starts_with("execve(\"/usr/bin/sh\""),
        "first line: {}",
        ours.trace.lines().next().unwrap_or("")
    );
    assert_eq!(ours.status.code(), Some(3));
    assert_eq!(tail_from(&ours.trace, "kill("), tail_from(&reference.trace, "kill("));
}

#[test]
fn rt_sigreturn_shows_the_restored_mask_like_strace() {
    let script = "import signal,os; signal.signal(signal.SIGUSR1, lambda *a: None); os.kill(os.getpid(), signal.SIGUSR1)";
    let ours = tracer("ptrace", &[], &["python3", "-c", script]);
    let reference = strace(&[], &["python3", "-c", script]);
    // From the signal on (python3 may be a shell shim that takes signals of its own before).
    let pick = |trace: &str| -> Vec<String> {
        tail_from(trace, "--- SIGUSR1")
            .into_iter()
            .filter(|l| l.starts_with("rt_sigreturn") || l.starts_with("---"))
            .collect()
    };
    let (ours, reference) = (pick(&ours.trace), pick(&reference.trace));
    assert_eq!(ours.get(1).map(String::as_str), Some("rt_sigreturn({mask=[]}) = 0"), "{ours:?}");
    assert_eq!(ours, reference);
}

#[test]
fn a_group_stop_is_reported_and_the_task_really_stops_until_continued() {
    let out = std::env::temp_dir().join(format!("ptrace-lifecycle-stop-{}.trace", std::process::id()));
    let out_arg = out.to_string_lossy().into_owned();
    let mut child = spawn_tracer(&["-o", &out_arg, "--", "sh", "-c", "kill -STOP $$; echo continued"]);
    let tracee = child_of(child.id());
    // Stopped as without the tracer (a traced task's group-stop shows as `t`), and it stays so.
    wait_until("the group-stop", || status_field(tracee, "State").is_some_and(|s| s.starts_with('t')));
    std::thread::sleep(Duration::from_millis(200));
    assert!(status_field(tracee, "State").is_some_and(|s| s.starts_with('t')));
    kill(tracee, libc::SIGCONT);
    let status = child.wait().expect("tracer ends");
    assert_eq!(status.code(), Some(0));
    let trace = std::fs::read_to_string(&out).unwrap_or_default();
    let _ = std::fs::remove_file(&out);
    let lines = tail_from(&trace, "kill(");
    assert!(
        lines.get(1).is_some_and(|l| l.starts_with("--- SIGSTOP {si_signo=SIGSTOP, si_code=SI_USER")),
        "{lines:?}"
    );
    assert_eq!(lines.get(2).map(String::as_str), Some("--- stopped by SIGSTOP ---"), "{lines:?}");
    assert!(
        lines.get(3).is_some_and(|l| l.starts_with("--- SIGCONT {si_signo=SIGCONT, si_code=SI_USER")),
        "{lines:?}"
    );
}

#[test]
fn follow_reports_every_process_exit_and_exits_as_the_first() {
    let ours = tracer("ptrace", &["-f"], &["sh", "-c", "(exit 3); exit 5"]);
    assert_eq!(ours.status.code(), Some(5), "{}", ours.stderr);
    let exits: Vec<&str> = ours.trace.lines().filter(|l| l.contains("+++")).collect();
    assert_eq!(exits.len(), 2, "{exits:?}");
    assert!(exits[0].ends_with("+++ exited with 3 +++"), "{exits:?}");
    assert!(exits[1].ends_with("+++ exited with 5 +++"), "{exits:?}");
}

#[test]
fn follow_sees_children_from_their_first_syscall() {
    // The child's first syscall after fork (set_robust_list, or the exec of a simple command).
    let ours = tracer("ptrace", &["-f"], &["sh", "-c", "/bin/true; exit 0"]);
    let reference = strace(&["-f"], &["sh", "-c", "/bin/true; exit 0"]);
    let calls = |trace: &str| -> Vec<String> {
        let mut names: Vec<String> = trace
            .lines()
            // After the pid prefix (`1234  `): the call's name, or a `+++`/`---`/`<...` line.
            .filter_map(|l| l.split_once(' ').map(|(_, rest)| rest.trim_start()))
            .filter(|rest| !rest.starts_with("<...") && !rest.starts_with("+++") && !rest.starts_with("---"))
            .filter_map(|rest| rest.split('(').next().map(str::to_owned))
            .collect();
        names.sort();
        names
    };
    assert_eq!(calls(&ours.trace), calls(&reference.trace));
}

#[test]
fn attach_failures_read_like_strace_and_exit_1() {
    let run =
        Command::new(tracer_bin()).args(["--backend", "ptrace", "-p", "999999"]).output().expect("runs");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(
        stderr.trim_end(),
        tracer_tests::as_invoked("tracer: attach: ptrace(PTRACE_SEIZE, 999999): No such process")
    );
    assert_eq!(run.status.code(), Some(1));
}

#[test]
fn attach_then_interrupt_leaves_every_thread_running_untraced() {
    let mut target = Command::new("python3")
        .args(["-c", "import threading,time\nfor _ in range(2): threading.Thread(target=time.sleep, args=(30,), daemon=True).start()\ntime.sleep(30)"])
        .stdin(Stdio::null())
        .spawn()
        .expect("python3 runs");
    let pid = target.id();
    wait_until("the target's threads", || {
        std::fs::read_dir(format!("/proc/{pid}/task")).map(|d| d.count()).unwrap_or(0) == 3
    });
    let pid_arg = pid.to_string();
    let mut ours = spawn_tracer(&["-f", "-o", "/dev/null", "-p", &pid_arg]);
    wait_until("the attach", || {
        status_field(pid, "TracerPid").is_some_and(|t| t != "0") || ours.try_wait().ok().flatten().is_some()
    });
    if let Some(status) = ours.try_wait().expect("waits") {
        let mut stderr = String::new();
        std::io::Read::read_to_string(ours.stderr.as_mut().expect("piped"), &mut stderr).expect("reads");
        let _ = target.kill();
        let _ = target.wait();
        panic!("tracer -p ended before attaching: {status}: {stderr}");
    }
    std::thread::sleep(Duration::from_millis(300));
    kill(ours.id(), libc::SIGINT);
    let status = ours.wait().expect("tracer ends");
    let mut stderr = String::new();
    std::io::Read::read_to_string(ours.stderr.as_mut().expect("piped"), &mut stderr).expect("reads");
    let tasks: Vec<u32> = std::fs::read_dir(format!("/proc/{pid}/task"))
        .map(|d| d.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok()).collect())
        .unwrap_or_default();
    let states: Vec<(u32, Option<String>, Option<String>)> = tasks
        .iter()
        .map(|&tid| {
            let path = format!("{pid}/task/{tid}");
            let field = |name: &str| {
                let status = std::fs::read_to_string(format!("/proc/{path}/status")).ok()?;
                status
                    .lines()
                    .find_map(|l| l.strip_prefix(name)?.strip_prefix(':').map(|v| v.trim().to_string()))
            };
            (tid, field("State"), field("TracerPid"))
        })
        .collect();
    let _ = target.kill();
    let _ = target.wait();
    assert_eq!(status.signal(), Some(libc::SIGINT), "tracer dies of the signal, as strace: {stderr}");
    let said = tracer_tests::as_invoked(&format!("tracer: Process {pid} attached with 3 threads\n"));
    assert!(stderr.starts_with(&said), "{stderr}");
    assert_eq!(stderr.matches(" detached\n").count(), 3, "{stderr}");
    assert_eq!(states.len(), 3);
    for (tid, state, tracer_pid) in states {
        assert_eq!(tracer_pid.as_deref(), Some("0"), "thread {tid}");
        // Sleeping or, caught at the wrong moment, running: never stopped (`T`/`t`).
        assert!(
            state.as_deref().is_some_and(|s| s.starts_with(['S', 'R'])),
            "thread {tid} left running: {state:?}"
        );
    }
}

#[test]
fn an_interrupt_in_launch_mode_detaches_and_dies_of_it_like_strace() {
    // No -o: strace's interactive mode, where SIGINT makes it detach (and pass SIGINT on).
    let mut ours = spawn_tracer(&["--", "sleep", "30"]);
    let tracee = child_of(ours.id());
    wait_until("the sleep", || {
        std::fs::read_to_string(format!("/proc/{tracee}/comm")).is_ok_and(|c| c.trim() == "sleep")
    });
    std::thread::sleep(Duration::from_millis(200));
    kill(ours.id(), libc::SIGINT);
    let status = ours.wait().expect("tracer ends");
    let mut stderr = String::new();
    std::io::Read::read_to_string(ours.stderr.as_mut().expect("piped"), &mut stderr).expect("reads");
    assert_eq!(status.signal(), Some(libc::SIGINT), "{stderr}");
    assert!(
        stderr.contains(&tracer_tests::as_invoked(&format!("tracer: Process {tracee} detached\n"))),
        "{stderr}"
    );
    // The command got SIGINT too (it does not ignore it here), as under strace.
    wait_until("the command to die", || status_field(tracee, "State").is_none_or(|s| s.starts_with('Z')));
}
