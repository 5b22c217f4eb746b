//! End to end: `-k` under `tracer --backend ptrace` against the installed strace's `-k`, line for
//! line, on a C tracee of our own (tests/c/stack.c, built here with `cc -g -O0`): calls through
//! named functions, a local one, a syscall in the vdso, a signal handler, code in anonymous
//! memory, a child's `_exit`.
//! Skipped, saying why, where `cc` or `strace` is missing.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use tracer_tests::{first_difference, normalize_trace, normalize_unprefixed, strace, tracer, tracer_bin};

/// The fixture, built once per run; `None` (said once) without a C compiler or strace.
fn fixture() -> Option<&'static str> {
    static BUILT: OnceLock<Option<String>> = OnceLock::new();
    BUILT.get_or_init(|| build("stack-fixture", &[])).as_deref()
}

/// The fixture built to live a while before it ends (`-DLINGER`), for the eBPF backend: its
/// mappings are read from /proc while the process lives.
fn lingering_fixture() -> Option<&'static str> {
    static BUILT: OnceLock<Option<String>> = OnceLock::new();
    BUILT.get_or_init(|| build("stack-fixture-linger", &["-DLINGER"])).as_deref()
}

fn build(name: &str, defines: &[&str]) -> Option<String> {
    let have = |tool: &str| Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success());
    if !have("cc") || !have("strace") {
        tracer_tests::skip(
            tracer_tests::Skip::Environment,
            "-k is compared with strace -k on a C fixture, and cc or strace is missing",
        );
        return None;
    }
    let source = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("c/stack.c");
    let exe = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let built =
        Command::new("cc").args(["-g", "-O0"]).args(defines).arg("-o").arg(&exe).arg(&source).status();
    assert!(built.is_ok_and(|s| s.success()), "cc could not build {}", source.display());
    Some(exe.to_string_lossy().into_owned())
}

/// The child's pid (wait4's, si_pid=), and the parent's where set_tid_address, whence
/// normalize_trace learns it, is not traced: any decimal number of 3 to 7 digits.
fn hide_pids(lines: Vec<String>) -> Vec<String> {
    static PID: OnceLock<regex::Regex> = OnceLock::new();
    let pid = PID.get_or_init(|| regex::Regex::new(r"\b[1-9][0-9]{2,6}\b").expect("valid regex"));
    lines.iter().map(|l| pid.replace_all(l, "PID").into_owned()).collect()
}

fn assert_same(what: &str, ours: &[String], reference: &[String]) {
    if let Some(diff) = first_difference(ours, reference) {
        panic!("{what}: {diff}");
    }
}

#[test]
fn every_line_and_frame_matches_strace() {
    let Some(exe) = fixture() else { return };
    let reference = hide_pids(normalize_trace(&strace(&["-k"], &[exe]).trace));
    let ours = hide_pids(normalize_trace(&tracer("ptrace", &["-k"], &[exe]).trace));
    assert_same("tracer -k vs strace -k", &ours, &reference);
    // What the comparison covers: a named local function, a signal handler's frames through the
    // sigreturn trampoline, anonymous code, the stack of exit_group after the task's end.
    let text = ours.join("\n");
    for want in [
        "(say+0x",
        "(level2+0x",
        "(level1+0x",
        "(on_usr1+0x",
        " > [vdso]() [0x",
        "--- SIGUSR1 {",
        " > unexpected_backtracing_error [0x",
        "+++ exited with 0 +++\n > ",
    ] {
        assert!(text.contains(want), "no {want:?} in\n{text}");
    }
}

/// A `-f` trace's lines per process, its calls whole, its pids hidden: the order of two
/// processes' lines depends on scheduling.
fn by_task(trace: &str) -> Vec<Vec<String>> {
    let mut tasks: Vec<Vec<String>> = Vec::new();
    let mut current: Option<usize> = None;
    let mut pids: Vec<String> = Vec::new();
    for line in trace.lines() {
        if let Some(frame) = line.strip_prefix(" > ") {
            if let Some(at) = current {
                tasks[at].push(format!(" > {frame}"));
            }
            continue;
        }
        let pid = line.split_whitespace().next().unwrap_or_default().to_owned();
        let at = pids.iter().position(|p| *p == pid).unwrap_or_else(|| {
            pids.push(pid);
            tasks.push(Vec::new());
            tasks.len() - 1
        });
        // A call another process's line split: joined again, as the other order prints it.
        let resumed =
            line.find("<... ").and_then(|from| line[from..].find(" resumed>").map(|to| from + to + 9));
        match (resumed, tasks[at].last_mut()) {
            (Some(rest), Some(open)) if open.ends_with(" <unfinished ...>") => {
                open.truncate(open.len() - " <unfinished ...>".len());
                open.push_str(&line[rest..]);
            }
            _ => tasks[at].push(line.to_owned()),
        }
        current = Some(at);
    }
    tasks.iter().map(|lines| hide_pids(normalize_unprefixed(&lines.join("\n")))).collect()
}

#[test]
fn children_match_strace() {
    let Some(exe) = fixture() else { return };
    let filter = ["-f", "-k", "-e", "trace=write,getpid,exit_group,wait4"];
    let reference = strace(&filter, &[exe]);
    let ours = tracer("ptrace", &filter, &[exe]);
    assert_both_processes_alike("-f -k", &ours.trace, &reference.trace);
}

/// `ours` and `reference` (`-f -k` traces of the fixture) have the same lines and frames per
/// process, two processes, and the child's stack reaches its `child` function.
fn assert_both_processes_alike(what: &str, ours: &str, reference: &str) {
    let (ours, reference) = (by_task(ours), by_task(reference));
    assert_eq!(ours.len(), 2, "two processes: {ours:?}");
    for (task, (ours, reference)) in ours.iter().zip(&reference).enumerate() {
        assert_same(&format!("{what}, process {task}"), ours, reference);
    }
    let child = ours[1].join("\n");
    assert!(child.contains("(child+0x") && child.contains("exit_group(3) = ?"), "{child}");
}

#[test]
fn per_task_files_match_strace() {
    let Some(exe) = fixture() else { return };
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("stack-ff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a directory");
    // Each task's file, the parent's (it starts with execve) first.
    let run = |program: PathBuf, name: &str| {
        let status = Command::new(program)
            .args(["-ff", "-k", "-o"])
            .arg(dir.join(name))
            .arg(exe)
            .status()
            .expect("runs");
        assert!(status.success());
        let prefix = format!("{name}.");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .expect("readable")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&prefix)))
            .map(|p| std::fs::read_to_string(p).expect("a trace"))
            .collect();
        files.sort_by_key(|text| !text.starts_with("execve("));
        files.iter().map(|text| hide_pids(normalize_trace(text))).collect::<Vec<_>>()
    };
    let reference = run(PathBuf::from("strace"), "strace");
    let ours = run(tracer_bin(), "tracer");
    assert_eq!(ours.len(), 2, "two files");
    for (task, (ours, reference)) in ours.iter().zip(&reference).enumerate() {
        assert_same(&format!("-ff -k, file {task}"), ours, reference);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn json_has_a_stack_object_after_each_call() {
    let Some(exe) = fixture() else { return };
    let traced = tracer("ptrace", &["--json", "-k", "-e", "trace=write"], &[exe]);
    let objects: Vec<serde_json::Value> =
        traced.trace.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
    let at = objects.iter().position(|o| o["type"] == "syscall" && o["name"] == "write").expect("a write");
    let stack = &objects[at + 1];
    assert_eq!(stack["type"], "stack", "{stack}");
    let frames = stack["frames"].as_array().expect("frames");
    let symbols: Vec<&str> = frames.iter().filter_map(|f| f["symbol"]["text"].as_str()).collect();
    assert_eq!(symbols.get(1..3), Some(&["say", "main"][..]), "{stack}");
    assert!(frames[0]["file_offset"].is_u64() && frames[0]["ip"].is_u64(), "{stack}");
}

#[test]
fn the_ebpf_backend_prints_the_frames_ptrace_prints() {
    tracer_tests::require_root!();
    let Some(exe) = lingering_fixture() else { return };
    let filter = ["-k", "-e", "trace=write,getpid,exit_group"];
    let run = |backend: &str| hide_pids(normalize_trace(&tracer(backend, &filter, &[exe]).trace));
    let (ours, reference) = (run("ebpf"), run("ptrace"));
    assert_same("--backend ebpf -k vs --backend ptrace -k", &ours, &reference);
    // What the comparison covers: named functions of the program and of libc, frames unwound
    // from the copied stack slice through a signal frame, the signal's own stack, anonymous code,
    // the stack of exit_group after the task's end.
    let text = ours.join("\n");
    for want in [
        "libc.so.6(__write+0x10) [0x",
        "(say+0x",
        "(level2+0x",
        "(level1+0x",
        "(on_usr1+0x",
        "(main+0x",
        "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=PID, si_uid=0} ---\n > ",
        " > unexpected_backtracing_error [0xADDR]",
        "+++ exited with 0 +++\n > ",
    ] {
        assert!(text.contains(want), "no {want:?} in\n{text}");
    }
}

#[test]
fn the_ebpf_backend_follows_children_with_their_frames() {
    tracer_tests::require_root!();
    let Some(exe) = lingering_fixture() else { return };
    let filter = ["-f", "-k", "-e", "trace=write,getpid,exit_group,wait4"];
    let (ours, reference) = (tracer("ebpf", &filter, &[exe]), tracer("ptrace", &filter, &[exe]));
    assert_both_processes_alike("--backend ebpf -f -k", &ours.trace, &reference.trace);
}

/// A shell that stops itself with SIGSTOP and is continued by the test (SIGCONT, which the shell
/// ignores): `-k` under each backend prints strace's stacks after the signal's line, the
/// group-stop's line and the SIGCONT's line (the eBPF backend has no SIGCONT delivery in the
/// task's context: it shows the group-stop's stack, where the task resumes).
#[test]
fn a_group_stop_and_its_sigcont_have_strace_s_stacks() {
    if fixture().is_none() {
        return;
    }
    let script = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("stops-itself.sh");
    std::fs::write(&script, "kill -STOP $$\n").expect("writes the script");
    let script = script.to_string_lossy().into_owned();
    let run = |backend: Option<&str>| {
        let waker = continue_when_stopped(script.clone());
        let flags = ["-k", "-e", "trace=none"];
        let trace = match backend {
            Some(backend) => tracer(backend, &flags, &["/bin/sh", &script]).trace,
            None => strace(&flags, &["/bin/sh", &script]).trace,
        };
        let _ = waker.join();
        hide_pids(normalize_trace(&trace))
    };
    let reference = run(None);
    let text = reference.join("\n");
    assert!(text.contains("--- stopped by SIGSTOP ---\n > ") && text.contains("--- SIGCONT {"), "{text}");
    for backend in tracer_tests::backends() {
        assert_same(&format!("--backend {backend} -k vs strace -k"), &run(Some(backend)), &reference);
    }
}

/// Sends SIGCONT to the process running `/bin/sh SCRIPT` once it is seen stopped (`T`, or `t`
/// under a ptracer) at three checks in a row, 100 ms apart: a group-stop lasts, a ptracer's other
/// stops do not. Goes on until the process is gone (at most 10 s), so that it never stays stopped.
fn continue_when_stopped(script: String) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let want = format!("/bin/sh\0{script}\0");
        let mut seen_stopped = 0;
        let mut found = false;
        for _ in 0..100 {
            std::thread::sleep(std::time::Duration::from_millis(100));
            match stopped_process(&want) {
                Some((pid, true)) => {
                    found = true;
                    seen_stopped += 1;
                    if seen_stopped >= 3 {
                        // SAFETY: a plain kill(2) of the test's own tracee.
                        unsafe { libc::kill(pid, libc::SIGCONT) };
                        seen_stopped = 0;
                    }
                }
                Some((_, false)) => {
                    found = true;
                    seen_stopped = 0;
                }
                None if found => return,
                None => {}
            }
        }
    })
}

/// The process whose command line is `cmdline`, and whether it is stopped.
fn stopped_process(cmdline: &str) -> Option<(i32, bool)> {
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|entry| {
        let path = entry.path();
        if std::fs::read(path.join("cmdline")).ok()? != cmdline.as_bytes() {
            return None;
        }
        let stat = std::fs::read_to_string(path.join("stat")).ok()?;
        let state = stat.rsplit_once(") ")?.1.chars().next()?;
        let pid = entry.file_name().to_string_lossy().parse().ok()?;
        Some((pid, state == 'T' || state == 't'))
    })
}
