//! End to end: several tasks in one trace (`-f -o F`), per-task files (`-ff -o F`), `-q`/`-qq` and
//! `-e signal=`, under tracer against the installed strace 6.1.
//!
//! Which task runs when is up to the scheduler, so two runs interleave differently and split
//! different calls into `<unfinished ...>` / `<... resumed>` halves. What must agree is each task's
//! own sequence of lines once the halves are joined again; and every line must carry the pid prefix
//! strace gives it, every half must have its other half.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use regex::Regex;
use tracer_tests::{first_difference, normalize, strace, tracer};

/// A shell script with children run one after the other, one in the background (so that the
/// parent's wait4 and the child's calls interleave), a child exiting with a status and a signal.
const SCRIPT: &str = "/bin/true; (exit 3); /bin/true & wait; exit 5";

/// The same ending with the shell killing itself: `kill(...) = 0`, `--- SIGUSR1 {...} ---`,
/// `+++ killed by SIGUSR1 +++`.
const SELF_KILL: &str = "/bin/true & wait; kill -USR1 $$";

/// Lines whose place depends on when SIGCHLD arrives (before, during or after the shell's wait4),
/// and the signal-mask and sigsuspend calls of dash's `wait` (how many depends on the same race):
/// SIGCHLD lines are compared as counts, the others not at all.
fn racy(line: &str) -> bool {
    line.starts_with("--- SIGCHLD")
        || line.starts_with("rt_sigreturn(")
        || line.starts_with("wait4(")
        || line.starts_with("rt_sigprocmask(")
        || line.starts_with("rt_sigsuspend(")
}

/// Lines `PID rest` → per task (in order of first appearance) its lines with the halves joined, the
/// tasks' pids replaced by `TASK1`, `TASK2`… wherever they appear (clone's return value, si_pid,
/// wait4's return value), and the harness's run-to-run normalisation.
fn per_task(trace: &str) -> Vec<Vec<String>> {
    static LINE: OnceLock<Regex> = OnceLock::new();
    let line_re = LINE.get_or_init(|| Regex::new(r"^(\d+) +(.*)$").expect("valid regex"));
    static RESUMED: OnceLock<Regex> = OnceLock::new();
    let resumed_re =
        RESUMED.get_or_init(|| Regex::new(r"^<\.\.\. (\w+) resumed>(.*)$").expect("valid regex"));
    let mut order: Vec<String> = Vec::new();
    let mut tasks: HashMap<String, Vec<String>> = HashMap::new();
    let mut held: HashMap<String, String> = HashMap::new();
    for line in trace.lines() {
        let caps = line_re.captures(line).unwrap_or_else(|| panic!("line without a pid prefix: {line:?}"));
        let (pid, rest) = (caps[1].to_string(), caps[2].to_string());
        if !order.contains(&pid) {
            order.push(pid.clone());
        }
        let joined = if let Some(entry) = rest.strip_suffix(" <unfinished ...>") {
            if !entry.contains('(') || entry.starts_with("<...") {
                // `<... x resumed> <unfinished ...>) = ?` style lines are whole; keep as they are.
                Some(rest.clone())
            } else {
                assert!(
                    held.insert(pid.clone(), entry.to_string()).is_none(),
                    "two open calls in {pid}: {line:?}"
                );
                None
            }
        } else if let Some(c) = resumed_re.captures(&rest) {
            let entry = held.remove(&pid).unwrap_or_else(|| panic!("resumed without an entry: {line:?}"));
            assert!(entry.starts_with(&format!("{}(", &c[1])), "{line:?} resumes {entry:?}");
            Some(format!("{entry}{}", &c[2]))
        } else {
            Some(rest)
        };
        if let Some(joined) = joined {
            tasks.entry(pid).or_default().push(joined);
        }
    }
    assert!(held.is_empty(), "entries never resumed: {held:?}");
    let names: Vec<(Regex, String)> = order
        .iter()
        .enumerate()
        // Only where a pid stands (si_pid=, [tid], a first argument, the result of a call that
        // returns one): a size or count that happens to equal a pid stays as it is.
        .map(|(i, pid)| {
            let to = format!("${{1}}TASK{}", i + 1);
            (Regex::new(&format!(r"(si_pid=|\[|\()\b{pid}\b|(= ){pid}$")).expect("valid regex"), to)
        })
        .collect();
    order
        .iter()
        .map(|pid| {
            tasks
                .remove(pid)
                .unwrap_or_default()
                .iter()
                .map(|line| {
                    let returns_pid = PID_RETURNING.iter().any(|call| line.starts_with(call));
                    let line = names.iter().fold(line.clone(), |acc, (re, to)| {
                        re.replace_all(&acc, |c: &regex::Captures| match (c.get(1), c.get(2)) {
                            (Some(before), _) => to.replacen("${1}", before.as_str(), 1),
                            (None, Some(eq)) if returns_pid => to.replacen("${1}", eq.as_str(), 1),
                            _ => c[0].to_string(),
                        })
                        .into_owned()
                    });
                    normalize(&line)
                })
                .collect()
        })
        .collect()
}

/// Calls whose result is a pid or tid.
const PID_RETURNING: &[&str] = &[
    "clone(",
    "clone3(",
    "fork(",
    "vfork(",
    "wait4(",
    "waitid(",
    "getpid(",
    "gettid(",
    "getppid(",
    "set_tid_address(",
];

fn assert_same_tasks(what: &str, ours: &[Vec<String>], reference: &[Vec<String>]) {
    assert_eq!(ours.len(), reference.len(), "{what}: number of tasks");
    for (i, (a, b)) in ours.iter().zip(reference).enumerate() {
        let sigchld = |lines: &[String]| lines.iter().filter(|l| l.starts_with("--- SIGCHLD")).count();
        assert_eq!(sigchld(a), sigchld(b), "{what}: task {}: SIGCHLD lines", i + 1);
        let a: Vec<String> = a.iter().filter(|l| !racy(l)).cloned().collect();
        let b: Vec<String> = b.iter().filter(|l| !racy(l)).cloned().collect();
        if let Some(diff) = first_difference(&a, &b) {
            panic!("{what}: task {}: {diff}", i + 1);
        }
    }
}

fn script_command() -> Vec<&'static str> {
    vec!["/bin/sh", "-c", SCRIPT]
}

fn self_kill_matches_strace(backend: &str) {
    let command = ["/bin/sh", "-c", SELF_KILL];
    let reference = strace(&["-f"], &command);
    let ours = tracer(backend, &["-f"], &command);
    assert_eq!(ours.status.code(), None, "the tracer dies of SIGUSR1 as sh did: {}", ours.stderr);
    assert_same_tasks(
        &format!("{backend} -f self-kill"),
        &per_task(&ours.trace),
        &per_task(&reference.trace),
    );
}

fn follow_matches_strace(backend: &str) {
    let reference = strace(&["-f"], &script_command());
    let ours = tracer(backend, &["-f"], &script_command());
    assert_eq!(ours.status.code(), reference.status.code(), "exit status; stderr: {}", ours.stderr);
    assert_eq!(ours.status.code(), Some(5), "the first tracee's status");
    assert_same_tasks(&format!("{backend} -f"), &per_task(&ours.trace), &per_task(&reference.trace));
    // strace's stderr messages ("Process N attached") are not in the file.
    assert!(!ours.trace.contains("attached"));
}

fn flags_match_strace(backend: &str, flags: &[&str]) {
    let reference = strace(flags, &script_command());
    let ours = tracer(backend, flags, &script_command());
    assert_same_tasks(&format!("{backend} {flags:?}"), &per_task(&ours.trace), &per_task(&reference.trace));
}

/// `-ff -o F`: `F.PID` per task, each without prefixes, compared file by file (pids in order).
fn per_process_files_match_strace(backend: &str) {
    let dir = std::env::temp_dir().join(format!("tracer-multitask-{}-{backend}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let run = |program: &str, args: &[&str], sub: &str| -> Vec<Vec<String>> {
        let out_dir = dir.join(sub);
        std::fs::create_dir_all(&out_dir).expect("temp dir");
        let base = out_dir.join("trace");
        let status = Command::new(program)
            .args(args)
            .arg("-ff")
            .arg("-o")
            .arg(&base)
            .arg("--")
            .args(script_command())
            .output()
            .expect("runs");
        assert_eq!(status.status.code(), Some(5), "{program}: {}", String::from_utf8_lossy(&status.stderr));
        files_as_tasks(&out_dir)
    };
    let reference = run("strace", &[], "strace");
    let tracer_bin = tracer_tests::tracer_bin();
    let ours = run(&tracer_bin.to_string_lossy(), &["--backend", backend], "tracer");
    let _ = std::fs::remove_dir_all(&dir);
    assert_same_tasks(&format!("{backend} -ff"), &ours, &reference);
}

/// The files `trace.PID` of `dir` as one trace with `PID ` prefixes, then [`per_task`].
fn files_as_tasks(dir: &Path) -> Vec<Vec<String>> {
    let mut pids: Vec<u32> = std::fs::read_dir(dir)
        .expect("reads dir")
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_prefix("trace.")?.parse().ok())
        .collect();
    pids.sort_unstable();
    assert!(pids.len() >= 4, "one file per task: {pids:?}");
    let mut joined = String::new();
    for pid in pids {
        let text = std::fs::read_to_string(dir.join(format!("trace.{pid}"))).expect("reads file");
        assert!(!text.lines().any(|l| l.starts_with(&format!("{pid} "))), "no prefix in -ff files");
        for line in text.lines() {
            joined.push_str(&format!("{pid} {line}\n"));
        }
    }
    per_task(&joined)
}

fn count(trace: &str, needle: &str) -> usize {
    trace.lines().filter(|l| l.contains(needle)).count()
}

fn quiet_and_signal_sets(backend: &str) {
    for flags in
        [&["-f", "-qq"][..], &["-f", "-e", "signal=none"], &["-f", "-e", "signal=!SIGCHLD"], &["-f", "-q"]]
    {
        let reference = strace(flags, &script_command());
        let ours = tracer(backend, flags, &script_command());
        for needle in ["+++ exited", "+++ killed", "--- SIGCHLD"] {
            assert_eq!(count(&ours.trace, needle), count(&reference.trace, needle), "{flags:?}: {needle}");
        }
        flags_match_strace(backend, flags);
    }
}

#[test]
fn per_task_joins_halves_and_names_tasks() {
    let trace =
        "10 clone(child_stack=NULL) = 11\n11 read(3,  <unfinished ...>\n10 wait4(-1,  <unfinished ...>\n\
                 11 <... read resumed>\"x\", 1) = 1\n10 <... wait4 resumed>NULL, 0, NULL) = 11\n";
    let tasks = per_task(trace);
    assert_eq!(tasks[0], ["clone(child_stack=NULL) = TASK2", "wait4(-1, NULL, 0, NULL) = TASK2"]);
    assert_eq!(tasks[1], ["read(3, \"x\", 1) = 1"]);
}

#[test]
fn ptrace_follow_forks_like_strace() {
    follow_matches_strace("ptrace");
}

#[test]
fn ptrace_per_process_files_like_strace() {
    per_process_files_match_strace("ptrace");
}

#[test]
fn ptrace_quiet_and_signal_sets_like_strace() {
    quiet_and_signal_sets("ptrace");
}

#[test]
fn ptrace_self_kill_like_strace() {
    self_kill_matches_strace("ptrace");
}

#[test]
fn ebpf_self_kill_like_strace() {
    tracer_tests::require_root!();
    self_kill_matches_strace("ebpf");
}

#[test]
fn ebpf_follow_forks_like_strace() {
    tracer_tests::require_root!();
    follow_matches_strace("ebpf");
}

#[test]
fn ebpf_per_process_files_like_strace() {
    tracer_tests::require_root!();
    per_process_files_match_strace("ebpf");
}

#[test]
fn ebpf_quiet_and_signal_sets_like_strace() {
    tracer_tests::require_root!();
    quiet_and_signal_sets("ebpf");
}

#[test]
fn bad_values_read_like_strace() {
    for (args, message) in [
        (&["-p", "x"][..], "Invalid process id: 'x'"),
        (&["-p", "0"], "Invalid process id: '0'"),
        (&["-p", "1,,2"], "Invalid process id: ''"),
        (&["-e", "signal=foo", "true"], "invalid signal 'foo'"),
        (&["-e", "signal=all,foo", "true"], "invalid signal 'all'"),
        (&["--signal=", "true"], "invalid signal ''"),
    ] {
        let strace = Command::new("strace").args(args).output().expect("strace runs");
        let ours = Command::new(tracer_tests::tracer_bin()).args(args).output().expect("tracer runs");
        let theirs = String::from_utf8_lossy(&strace.stderr).replace("strace:", "tracer:");
        assert_eq!(theirs, format!("tracer: {message}\n"), "strace {args:?}");
        assert_eq!(String::from_utf8_lossy(&ours.stderr), tracer_tests::as_invoked(&theirs), "{args:?}");
        assert_eq!(ours.status.code(), Some(1));
    }
    let ours = Command::new(tracer_tests::tracer_bin()).args(["--all", "true"]).output().expect("runs");
    assert_eq!(
        String::from_utf8_lossy(&ours.stderr),
        tracer_tests::as_invoked("tracer: --all, --comm, --uid and --cgroup need --backend ebpf\n")
    );
    assert_eq!(ours.status.code(), Some(1));
}
