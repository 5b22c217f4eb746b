//! The eBPF backend's view of tracee lifecycles, against the ptrace backend and strace 6.1: which
//! tasks are traced without `-f`, a fork tree with `-f` (exit lines from the kernel's exit
//! probe), deaths by signal, and `-p` attach + detach leaving nothing of tracer in the kernel.
//! Root only (the eBPF backend needs CAP_BPF + CAP_PERFMON).

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tracer_tests::{require_root, status_field, strace, tracer, tracer_bin};

/// A Python program whose main thread stats `/tracer-main-marker` and whose second thread stats
/// `/tracer-thread-marker`: without `-f` only the first may show.
const THREADS: &str = "import os, threading\n\
def f():\n    try: os.stat('/tracer-thread-marker')\n    except OSError: pass\n\
t = threading.Thread(target=f); t.start(); t.join()\n\
try: os.stat('/tracer-main-marker')\nexcept OSError: pass\n";

fn exit_lines(trace: &str) -> Vec<String> {
    let mut lines: Vec<String> =
        trace.lines().filter_map(|l| l.find("+++ ").map(|at| l[at..].to_owned())).collect();
    lines.sort();
    lines
}

#[test]
fn without_f_only_the_main_thread_is_traced() {
    require_root!();
    let command = ["python3", "-c", THREADS];
    let ebpf = tracer("ebpf", &[], &command);
    let ptrace = tracer("ptrace", &[], &command);
    let reference = strace(&[], &command);
    for (name, run) in [("ebpf", &ebpf), ("ptrace", &ptrace), ("strace", &reference)] {
        assert!(run.status.success(), "{name}: {}", run.stderr);
        assert!(run.trace.contains("/tracer-main-marker"), "{name} misses the main thread:\n{}", run.trace);
        assert!(
            !run.trace.contains("/tracer-thread-marker"),
            "{name} traced the second thread without -f:\n{}",
            run.trace
        );
    }
    assert_eq!(exit_lines(&ebpf.trace), vec!["+++ exited with 0 +++".to_owned()]);
    assert_eq!(exit_lines(&ebpf.trace), exit_lines(&reference.trace));
}

#[test]
fn with_f_the_fork_tree_is_traced_and_every_process_exits() {
    require_root!();
    // Each `sh -c` is a child that execs; each exits with its own status.
    let command = ["sh", "-c", "sh -c 'exit 7'; sh -c 'exit 9'; (exit 4); exit 5"];
    let ebpf = tracer("ebpf", &["-f"], &command);
    let reference = strace(&["-f"], &command);
    assert_eq!(ebpf.status.code(), Some(5), "{}", ebpf.stderr);
    assert_eq!(reference.status.code(), Some(5));
    assert_eq!(exit_lines(&ebpf.trace), exit_lines(&reference.trace), "{}", ebpf.trace);
    assert!(exit_lines(&ebpf.trace).contains(&"+++ exited with 7 +++".to_owned()));
    // A child's own syscalls are there, from its first one.
    assert!(ebpf.trace.contains("exit_group(9)"), "{}", ebpf.trace);
}

#[test]
fn a_death_by_signal_is_the_kernels_and_the_tracers_status() {
    require_root!();
    let command = ["sh", "-c", "kill -USR1 $$"];
    let ebpf = tracer("ebpf", &[], &command);
    let reference = strace(&[], &command);
    assert_eq!(exit_lines(&ebpf.trace), vec!["+++ killed by SIGUSR1 +++".to_owned()], "{}", ebpf.trace);
    assert_eq!(exit_lines(&ebpf.trace), exit_lines(&reference.trace));
    // tracer dies as the tracee did (strace re-raises the signal).
    use std::os::unix::process::ExitStatusExt as _;
    assert_eq!(ebpf.status.signal(), reference.status.signal());
}

/// Ids of the BPF programs `pid` holds (its program and link descriptors' fdinfo: this
/// machine's bpftool, built without skeletons, does not list holders).
fn programs_of(pid: u32) -> Vec<u32> {
    let pid = i32::try_from(pid).expect("a pid fits an i32");
    tracer_tests::lifecycle::bpf_programs_held_by(pid)
        .into_iter()
        .filter_map(|id| u32::try_from(id).ok())
        .collect()
}

/// Ids of every loaded BPF program.
fn all_programs() -> Vec<u32> {
    let out = Command::new("bpftool").args(["prog", "show"]).output().expect("bpftool runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.starts_with(char::is_whitespace))
        .filter_map(|l| l.split_once(':')?.0.trim().parse().ok())
        .collect()
}

struct Tracee(Child);

impl Drop for Tracee {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn attach_then_detach_leaves_nothing_loaded_and_the_tracee_running() {
    require_root!();
    if Command::new("bpftool").arg("version").output().is_err() {
        tracer_tests::skip(tracer_tests::Skip::Environment, "bpftool is not installed");
        return;
    }
    // A tracee that makes syscalls forever and says its pid first.
    let mut tracee = Command::new("python3")
        .args([
            "-u",
            "-c",
            "import os, time\nprint(os.getpid())\nwhile True:\n    os.getppid(); time.sleep(0.02)\n",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let mut line = String::new();
    BufReader::new(tracee.stdout.take().expect("piped")).read_line(&mut line).expect("its pid");
    let tracee = Tracee(tracee);
    let pid: u32 = line.trim().parse().expect("a pid");

    let trace_path = std::env::temp_dir().join(format!("tracer-ebpf-attach-{}.trace", std::process::id()));
    let tracer = Command::new(tracer_bin())
        .args(["--backend", "ebpf", "-o"])
        .arg(&trace_path)
        .args(["-p", &pid.to_string()])
        .stderr(Stdio::piped())
        .spawn()
        .expect("tracer runs");
    let tracer_pid = tracer.id();
    // Attached once its programs are loaded and the tracee's calls show.
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut ours = Vec::new();
    while Instant::now() < deadline {
        ours = programs_of(tracer_pid);
        let traced = std::fs::read_to_string(&trace_path).unwrap_or_default();
        if !ours.is_empty() && traced.contains("getppid()") {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(!ours.is_empty(), "tracer loaded no programs");
    // SAFETY: a signal to our own child.
    unsafe { libc::kill(tracer_pid as i32, libc::SIGINT) };
    let out = tracer.wait_with_output().expect("tracer ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let trace = std::fs::read_to_string(&trace_path).unwrap_or_default();
    let _ = std::fs::remove_file(&trace_path);
    assert!(stderr.contains(&format!("Process {pid} attached")), "{stderr}");
    assert!(stderr.contains(&format!("Process {pid} detached")), "{stderr}");
    assert!(trace.contains("getppid()"), "{trace}");
    // The kernel frees programs asynchronously once their last fd is closed.
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut left: Vec<u32> = ours.clone();
    while !left.is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        let loaded = all_programs();
        left.retain(|id| loaded.contains(id));
    }
    assert!(left.is_empty(), "programs {left:?} of tracer are still loaded");
    // The tracee runs on, untraced.
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(status_field(pid, "TracerPid").as_deref(), Some("0"));
    let state = status_field(pid, "State").unwrap_or_default();
    assert!(state.starts_with('S') || state.starts_with('R'), "tracee state {state}");
    drop(tracee);
}
