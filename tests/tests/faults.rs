//! Faults: the tracer killed, interrupted twice, its tracee vanishing or crashing, its output full
//! or closed. Whatever happens to tracer, the traced program must go on as if untraced (attach mode)
//! or die with it (launch mode, strace's PTRACE_O_EXITKILL default), and nothing of tracer's stays
//! in the kernel.

use std::io::{BufRead as _, BufReader, Read as _};
use std::os::unix::process::ExitStatusExt as _;
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use tracer_tests::{backends, fixture, status_field, tracer_bin, wait_until};

fn kill(pid: u32, signal: i32) {
    // SAFETY: kill(2) on a process this test started.
    unsafe { libc::kill(i32::try_from(pid).unwrap_or(i32::MAX), signal) };
}

/// Wait for `child` at most 15 s (then kill it and fail).
fn wait_bounded(child: &mut Child, what: &str) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("waits") {
            return status;
        }
        if start.elapsed() > Duration::from_secs(15) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not end within 15 s");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn stderr_of(child: &mut Child) -> String {
    let mut text = String::new();
    if let Some(mut err) = child.stderr.take() {
        let _ = err.read_to_string(&mut text);
    }
    text
}

fn assert_no_panic(what: &str, stderr: &str) {
    assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"), "{what} panicked: {stderr}");
}

/// fixture-loop, started untraced: its pid, and its stdout (a `.` every 20 ms while it runs).
struct Looper {
    child: Child,
    pid: u32,
    /// On loan to a reader thread while [`Looper::assert_running_untraced`] waits.
    out: Option<BufReader<ChildStdout>>,
}

impl Looper {
    fn start() -> Looper {
        let mut child = Command::new(fixture("fixture-loop"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .expect("fixture-loop starts");
        let mut out = BufReader::new(child.stdout.take().expect("piped"));
        let mut line = String::new();
        out.read_line(&mut line).expect("reads the pid");
        let pid = line.trim().parse().expect("a pid");
        Looper { child, pid, out: Some(out) }
    }

    /// It goes on running: a few more dots arrive, and it is neither stopped nor traced.
    fn assert_running_untraced(&mut self, what: &str) {
        let mut dots = [0u8; 5];
        let (tx, rx) = std::sync::mpsc::channel();
        // Reading blocks while the looper is stopped: read on a thread, wait with a timeout.
        let mut out = self.out.take().expect("stdout not on loan");
        let reader = std::thread::spawn(move || {
            let ok = out.read_exact(&mut dots).is_ok();
            let _ = tx.send(ok);
            out
        });
        let got = rx.recv_timeout(Duration::from_secs(5));
        let state = status_field(self.pid, "State");
        let tracer_pid = status_field(self.pid, "TracerPid");
        assert_eq!(got, Ok(true), "{what}: the tracee stopped printing (state {state:?})");
        self.out = Some(reader.join().expect("reader"));
        assert_eq!(tracer_pid.as_deref(), Some("0"), "{what}: still traced");
        assert!(state.as_deref().is_some_and(|s| s.starts_with(['S', 'R'])), "{what}: state {state:?}");
    }
}

impl Drop for Looper {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn_tracer(backend: &str, args: &[&str]) -> Child {
    Command::new(tracer_bin())
        .args(["--backend", backend])
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tracer starts")
}

/// A tracer attached with `-p`, its stderr read line by line on a thread.
struct Attached {
    child: Child,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Attached {
    /// Everything it wrote to stderr (call after it ended).
    fn stderr(&self) -> String {
        self.lines.try_iter().collect()
    }
}

/// Attach to `looper` and return once tracer says so (`tracer: Process N attached`; the trace
/// file itself is written in large blocks).
fn attach(backend: &str, looper: &Looper, trace: &Path) -> Attached {
    let pid = looper.pid.to_string();
    let mut child = spawn_tracer(backend, &["-o", trace.to_str().expect("utf-8"), "-p", &pid]);
    let stderr = child.stderr.take().expect("piped");
    let (tx, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(format!("{line}\n")).is_err() {
                break;
            }
        }
    });
    let mut seen = String::new();
    let start = Instant::now();
    while !seen.contains(" attached") {
        match lines.recv_timeout(Duration::from_millis(100)) {
            Ok(line) => seen.push_str(&line),
            Err(_) => assert!(start.elapsed() < Duration::from_secs(10), "{backend}: no attach: {seen}"),
        }
    }
    Attached { child, lines }
}

fn temp(tag: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("tracer-faults-{}-{tag}", std::process::id()))
}

/// The BPF program ids a process holds through its descriptors (programs and links).
fn bpf_prog_ids(pid: u32) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir(format!("/proc/{pid}/fdinfo")) else { return Vec::new() };
    let mut ids: Vec<u32> = dir
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .flat_map(|info| {
            info.lines()
                .filter_map(|l| l.strip_prefix("prog_id:").and_then(|v| v.trim().parse().ok()))
                .collect::<Vec<u32>>()
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Every BPF program id loaded on the system (`bpftool prog list -j`, else /proc/*/fdinfo).
fn loaded_prog_ids() -> Vec<u32> {
    if let Ok(out) = Command::new("bpftool").args(["prog", "list", "-j"]).output() {
        if out.status.success() {
            if let Ok(serde_json::Value::Array(progs)) = serde_json::from_slice(&out.stdout) {
                return progs
                    .iter()
                    .filter_map(|p| p["id"].as_u64())
                    .filter_map(|i| u32::try_from(i).ok())
                    .collect();
            }
        }
    }
    std::fs::read_dir("/proc")
        .map(|d| d.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok()).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .flat_map(bpf_prog_ids)
        .collect()
}

#[test]
fn sigkill_of_an_attached_tracer_leaves_the_tracee_running_and_nothing_loaded() {
    for backend in backends() {
        let mut looper = Looper::start();
        let trace = temp(&format!("kill-{backend}"));
        let Attached { child: mut tracer, .. } = attach(backend, &looper, &trace);
        let ours = bpf_prog_ids(tracer.id());
        if backend == "ebpf" {
            assert!(!ours.is_empty(), "the eBPF tracer holds no BPF program (fdinfo)?");
        }
        kill(tracer.id(), libc::SIGKILL);
        let status = wait_bounded(&mut tracer, "the killed tracer");
        assert_eq!(status.signal(), Some(libc::SIGKILL));
        looper.assert_running_untraced(&format!("{backend}: after SIGKILL of the tracer"));
        // Programs are freed after an RCU grace period: give it a moment.
        wait_until(&format!("{backend}: programs {ours:?} to be unloaded"), || {
            let loaded = loaded_prog_ids();
            ours.iter().all(|id| !loaded.contains(id))
        });
        let _ = std::fs::remove_file(&trace);
    }
}

/// Start `tracer -o /dev/null -- fixture-loop` (or strace with the same flags), SIGKILL it once the
/// command runs, and return the command's pid.
fn kill_launcher(program: &Path, args: &[&str]) -> u32 {
    let mut launcher = Command::new(program)
        .args(args)
        .args(["-o", "/dev/null", "--", &fixture("fixture-loop")])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let mut child = 0;
    wait_until("the traced command to start", || {
        let children = std::fs::read_to_string(format!("/proc/{0}/task/{0}/children", launcher.id()))
            .unwrap_or_default();
        child = children.split_whitespace().next().and_then(|c| c.parse().ok()).unwrap_or(0);
        child != 0 && status_field(child, "TracerPid").is_some_and(|t| t != "0")
    });
    std::thread::sleep(Duration::from_millis(100));
    kill(launcher.id(), libc::SIGKILL);
    wait_bounded(&mut launcher, "the killed tracer");
    child
}

/// Dead (gone or a zombie) within a second?
fn dies_soon(pid: u32) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(1) {
        if status_field(pid, "State").is_none_or(|s| s.starts_with(['Z', 'X'])) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    false
}

#[test]
fn sigkill_of_a_launching_ptrace_tracer_kills_the_command() {
    // tracer's choice (PTRACE_O_EXITKILL; strace 6.1 itself leaves the command running, its
    // --kill-on-exit came later).
    let child = kill_launcher(&tracer_bin(), &["--backend", "ptrace"]);
    let died = dies_soon(child);
    let state = status_field(child, "State");
    kill(child, libc::SIGKILL);
    assert!(died, "the command outlived its tracer: {state:?}");
}

#[test]
fn two_interrupts_in_a_row_detach_and_leave_the_tracee_running() {
    for backend in backends() {
        let mut looper = Looper::start();
        let trace = temp(&format!("int2-{backend}"));
        let mut tracer = attach(backend, &looper, &trace);
        kill(tracer.child.id(), libc::SIGINT);
        kill(tracer.child.id(), libc::SIGINT);
        let status = wait_bounded(&mut tracer.child, "the interrupted tracer");
        std::thread::sleep(Duration::from_millis(50));
        let stderr = tracer.stderr();
        assert_no_panic(backend, &stderr);
        assert_eq!(status.signal(), Some(libc::SIGINT), "{backend}: {status}: {stderr}");
        looper.assert_running_untraced(&format!("{backend}: after two SIGINTs"));
        let _ = std::fs::remove_file(&trace);
    }
}

#[test]
fn two_interrupts_in_launch_mode_end_tracer_and_command() {
    for backend in backends() {
        // No -o: the interactive mode, where SIGINT is tracer's to handle.
        let mut tracer = spawn_tracer(backend, &["--", "sleep", "30"]);
        let mut child = 0;
        wait_until("sleep to start", || {
            let children = std::fs::read_to_string(format!("/proc/{0}/task/{0}/children", tracer.id()))
                .unwrap_or_default();
            child = children.split_whitespace().next().and_then(|c| c.parse().ok()).unwrap_or(0);
            child != 0
                && std::fs::read_to_string(format!("/proc/{child}/comm")).is_ok_and(|c| c.trim() == "sleep")
        });
        std::thread::sleep(Duration::from_millis(200));
        kill(tracer.id(), libc::SIGINT);
        kill(tracer.id(), libc::SIGINT);
        let status = wait_bounded(&mut tracer, "the interrupted tracer");
        // Never left stopped: gone, or running untraced.
        let state = status_field(child, "State");
        // (sleep holds tracer's stderr open: end it before reading that to its end.)
        kill(child, libc::SIGKILL);
        let stderr = stderr_of(&mut tracer);
        assert_no_panic(backend, &stderr);
        assert_eq!(status.signal(), Some(libc::SIGINT), "{backend}: {status}: {stderr}");
        assert!(
            state.as_deref().is_none_or(|s| !s.starts_with(['T', 't'])),
            "{backend}: sleep left {state:?}"
        );
    }
}

#[test]
fn a_tracee_that_exits_during_attach_ends_tracer_cleanly() {
    for backend in backends() {
        for delay_ms in [0u64, 1, 2, 5, 10, 20] {
            let mut short =
                Command::new("sleep").arg(format!("0.0{delay_ms:02}")).spawn().expect("sleep runs");
            let pid = short.id().to_string();
            let mut tracer = spawn_tracer(backend, &["-o", "/dev/null", "-p", &pid]);
            let _ = short.wait();
            let status = wait_bounded(&mut tracer, "tracer of a vanishing process");
            let stderr = stderr_of(&mut tracer);
            assert_no_panic(backend, &stderr);
            assert!(matches!(status.code(), Some(0 | 1)), "{backend} {delay_ms} ms: {status}: {stderr}");
            for line in stderr.lines() {
                let prefix = tracer_tests::as_invoked("tracer: ");
                assert!(line.starts_with(&prefix), "{backend} {delay_ms} ms: stray line {line:?}");
            }
        }
    }
}

#[test]
fn an_exec_that_fails_is_traced_like_strace() {
    for backend in backends() {
        let run = tracer_tests::tracer(backend, &[], &["sh", "-c", "exec /nonexistent/tracer-x"]);
        assert_eq!(run.status.code(), Some(127), "{backend}: {}", run.stderr);
        assert!(
            run.trace.contains("execve(\"/nonexistent/tracer-x\", [\"/nonexistent/tracer-x\"], 0x")
                && run.trace.contains(") = -1 ENOENT (No such file or directory)"),
            "{backend}: {}",
            run.trace
        );
        assert!(run.trace.ends_with("+++ exited with 127 +++\n"), "{backend}: {}", run.trace);
    }
}

/// A file that is there, executable, but not a program: (tracer, strace) runs.
fn exec_format_error() -> (tracer_tests::Traced, tracer_tests::Traced) {
    let script = temp("not-executable");
    std::fs::write(&script, "just text\n").expect("writes");
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let path = script.to_str().expect("utf-8");
    let ours = tracer_tests::tracer("ptrace", &[], &[path]);
    let theirs = tracer_tests::strace(&[], &[path]);
    let _ = std::fs::remove_file(&script);
    (ours, theirs)
}

#[test]
fn a_command_that_is_not_a_program_fails_its_execve_visibly() {
    let (ours, theirs) = exec_format_error();
    assert_no_panic("ptrace", &ours.stderr);
    let first = |t: &str| tracer_tests::normalize_trace(t).first().cloned();
    assert_eq!(first(&ours.trace), first(&theirs.trace));
    assert!(ours.status.code().is_some_and(|c| c != 0), "{:?}", ours.status);
}

#[test]
fn a_command_that_is_not_a_program_is_reported_like_strace() {
    let (ours, theirs) = exec_format_error();
    let expected = tracer_tests::as_invoked(&theirs.stderr.replace("strace: ", "tracer: "));
    assert_eq!(ours.stderr, expected, "stderr like strace's");
    assert_eq!(ours.status.code(), theirs.status.code());
    assert_eq!(tracer_tests::normalize_trace(&ours.trace), tracer_tests::normalize_trace(&theirs.trace));
}

#[test]
fn a_tracee_killed_by_sigsegv_is_reported_like_strace() {
    let command = [fixture("fixture-hostile"), "segv".to_owned()];
    let command: Vec<&str> = command.iter().map(String::as_str).collect();
    let theirs = tracer_tests::strace(&[], &command);
    let tail = |trace: &str| -> Vec<String> {
        let lines = tracer_tests::normalize_trace(trace);
        lines[lines.len().saturating_sub(2)..].to_vec()
    };
    let want = tail(&theirs.trace);
    assert_eq!(
        want.last().map(String::as_str),
        Some("+++ killed by SIGSEGV +++"),
        "strace: {}",
        theirs.trace
    );
    for backend in backends() {
        let run = tracer_tests::tracer(backend, &[], &command);
        assert_no_panic(backend, &run.stderr);
        assert_eq!(tail(&run.trace), want, "{backend}: {}", run.trace);
        assert_eq!(run.status.signal(), Some(libc::SIGSEGV), "{backend}: tracer re-raises it");
    }
}

/// `sh -c` that creates `marker` after writing a lot: proof the tracee ran to its end.
fn busy_shell(marker: &Path) -> Vec<String> {
    vec![
        "sh".into(),
        "-c".into(),
        format!(
            "i=0; while [ $i -lt 300 ]; do i=$((i+1)); : > /dev/null; done; echo done > {}",
            marker.display()
        ),
    ]
}

fn full_output_device(backend: &str) {
    {
        let marker = temp(&format!("full-{backend}"));
        let command = busy_shell(&marker);
        let mut tracer = Command::new(tracer_bin())
            .args(["--backend", backend, "-o", "/dev/full", "--"])
            .args(&command)
            .env("RUST_BACKTRACE", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("tracer starts");
        let status = wait_bounded(&mut tracer, "tracer writing to /dev/full");
        let stderr = stderr_of(&mut tracer);
        assert_no_panic(backend, &stderr);
        assert!(stderr.contains("No space left on device"), "{backend}: not reported: {status}: {stderr:?}");
        assert!(stderr.lines().count() <= 3, "{backend}: {} lines of complaint", stderr.lines().count());
        assert!(marker.exists(), "{backend}: the tracee did not finish ({status}: {stderr})");
        let _ = std::fs::remove_file(&marker);
    }
}

fn closed_output_pipe(backend: &str) {
    {
        let marker = temp(&format!("pipe-{backend}"));
        let command = busy_shell(&marker);
        // `tracer ... 2>&1 | head -1`: read one line of the trace, then close the pipe.
        let mut tracer = Command::new(tracer_bin())
            .args(["--backend", backend, "--"])
            .args(&command)
            .env("RUST_BACKTRACE", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("tracer starts");
        let mut err = BufReader::new(tracer.stderr.take().expect("piped"));
        let mut first = String::new();
        err.read_line(&mut first).expect("one line");
        drop(err);
        let status = wait_bounded(&mut tracer, "tracer with a closed pipe");
        assert!(first.starts_with("execve("), "{backend}: {first:?}");
        assert!(status.signal().is_none(), "{backend}: tracer died of {status} (SIGPIPE?)");
        wait_until(&format!("{backend}: the tracee to finish ({status})"), || marker.exists());
        let _ = std::fs::remove_file(&marker);
    }
}

#[test]
fn a_full_output_device_is_reported_and_the_ebpf_tracee_finishes() {
    tracer_tests::require_root!();
    full_output_device("ebpf");
}

#[test]
fn a_full_output_device_is_reported_and_the_ptrace_tracee_finishes() {
    full_output_device("ptrace");
}

#[test]
fn a_closed_output_pipe_ends_quietly_and_the_ebpf_tracee_finishes() {
    tracer_tests::require_root!();
    closed_output_pipe("ebpf");
}

#[test]
fn a_closed_output_pipe_ends_quietly_and_the_ptrace_tracee_finishes() {
    closed_output_pipe("ptrace");
}
