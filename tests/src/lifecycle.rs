//! The lifecycle suite's machinery (`tests/tests/lifecycle.rs`): runs with a deadline (a hung tracer
//! fails the test instead of hanging CI), `-ff` file sets, and per-process sequences — a `-f` trace
//! split by pid, `<unfinished ...>`/`<... resumed>` pairs joined, pids named in an order that does
//! not depend on scheduling, and only pids, addresses and timing normalised.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead as _, BufReader, Read as _};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::OnceLock;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use regex::{Captures, Regex};

use crate::differential::DETERMINISTIC_ENV;
use crate::{normalize, tracer_bin, MapsFds};

/// How long one traced run may take before it counts as hung (generous: a debug build under
/// ptrace, on a loaded CI machine).
pub const DEADLINE: Duration = Duration::from_secs(90);

/// Who traces: the installed strace (the reference) or tracer with one of its backends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    Strace,
    Tracer(&'static str),
}

impl Tool {
    pub fn name(self) -> &'static str {
        match self {
            Tool::Strace => "strace",
            Tool::Tracer(backend) => backend,
        }
    }

    /// `strace -o OUT EXTRA... -- COMMAND...` or `tracer --backend B -o OUT EXTRA... -- COMMAND...`,
    /// with the deterministic environment of the differential suite and without address space
    /// randomisation (both inherited by the tracee: a new thread's malloc arena, for one, is trimmed
    /// by an amount that depends on where the kernel put it).
    pub fn command(self, out: &Path, extra: &[&str], command: &[&str]) -> Command {
        let mut cmd = match self {
            Tool::Strace => Command::new("strace"),
            Tool::Tracer(backend) => {
                let mut cmd = Command::new(tracer_bin());
                cmd.args(["--backend", backend]);
                cmd
            }
        };
        cmd.arg("-o").arg(out).args(extra);
        if !command.is_empty() {
            cmd.arg("--").args(command);
        }
        cmd.env_clear().envs(DETERMINISTIC_ENV.iter().copied());
        no_aslr(&mut cmd);
        cmd
    }
}

/// Start `cmd` with `ADDR_NO_RANDOMIZE` set (inherited across fork and exec).
pub fn no_aslr(cmd: &mut Command) {
    // SAFETY: personality(2) is async-signal-safe and touches no memory of this process.
    unsafe {
        cmd.pre_exec(|| {
            let current = libc::personality(0xffff_ffff);
            if current == -1 || libc::personality((current | libc::ADDR_NO_RANDOMIZE) as libc::c_ulong) == -1
            {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

/// Start `cmd` with SIGCHLD blocked (inherited by the tracer and, as strace keeps it, by the
/// tracee). A shell catches SIGCHLD, and where in its sequence the signal of an exited child
/// lands depends on scheduling; blocked, it is not delivered and the shell's `wait4` calls alone
/// collect its children.
pub fn block_sigchld(cmd: &mut Command) {
    // SAFETY: sigemptyset/sigaddset/sigprocmask on a local set are async-signal-safe.
    unsafe {
        cmd.pre_exec(|| {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, libc::SIGCHLD);
            if libc::sigprocmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) == -1 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

/// A fresh empty directory under the temp dir, removed on drop.
#[derive(Debug)]
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("tracer-lifecycle-{}-{tag}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create a directory in the temp dir");
        TempDir { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// A child process in a process group of its own, killed (the whole group, with SIGKILL) and
/// reaped when dropped — on a failed assertion too.
#[derive(Debug)]
pub struct Guard {
    child: Option<Child>,
    what: String,
}

impl Guard {
    /// Spawn `cmd` as the leader of a new process group, stdin from /dev/null.
    pub fn spawn(mut cmd: Command, what: impl Into<String>) -> Guard {
        let what = what.into();
        cmd.process_group(0).stdin(Stdio::null());
        let child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
        Guard { child: Some(child), what }
    }

    pub fn pid(&self) -> i32 {
        self.child.as_ref().map_or(0, |c| c.id() as i32)
    }

    pub fn child_mut(&mut self) -> &mut Child {
        self.child.as_mut().expect("the child is still guarded")
    }

    /// Send `sig` to the child alone (not its group).
    pub fn signal(&self, sig: i32) {
        // SAFETY: kill(2) on the pid of a child this guard has not reaped yet.
        unsafe { libc::kill(self.pid(), sig) };
    }

    /// Wait for the child to end, at most `deadline`; on expiry kill its group and panic.
    pub fn wait(&mut self, deadline: Duration) -> ExitStatus {
        let start = Instant::now();
        loop {
            match self.child_mut().try_wait() {
                Ok(Some(status)) => {
                    self.child = None;
                    return status;
                }
                Ok(None) if start.elapsed() < deadline => std::thread::sleep(Duration::from_millis(5)),
                Ok(None) => {
                    self.kill();
                    panic!("{} did not end within {deadline:?}: killed (a hang is a failure)", self.what);
                }
                Err(e) => panic!("waiting for {}: {e}", self.what),
            }
        }
    }

    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            // SAFETY: kill(2) on the process group this guard created (the child is its leader
            // and is not reaped yet, so the group id cannot have been reused).
            unsafe { libc::kill(-(child.id() as i32), libc::SIGKILL) };
            let _ = child.wait();
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Read a pipe to its end on a thread of its own (so a full pipe never blocks the child).
fn drain(mut pipe: impl std::io::Read + Send + 'static) -> JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Run `cmd` to its end within `deadline` (else kill its process group and panic); stdout goes
/// to /dev/null. Returns the status and stderr.
pub fn run_with_deadline(mut cmd: Command, what: &str, deadline: Duration) -> (ExitStatus, String) {
    cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    let mut guard = Guard::spawn(cmd, what);
    let stderr = drain(guard.child_mut().stderr.take().expect("stderr is piped"));
    let status = guard.wait(deadline);
    (status, stderr.join().unwrap_or_default())
}

/// What one traced run left.
#[derive(Debug)]
pub struct Run {
    pub tool: Tool,
    pub status: ExitStatus,
    /// The trace written with `-o FILE` (empty with `-ff`).
    pub trace: String,
    /// With `-ff`: each `FILE.SUFFIX` written, by suffix (strace: the pid).
    pub files: BTreeMap<String, String>,
    /// The tracer's own stderr.
    pub stderr: String,
}

/// Trace `command` with `tool` and `-o FILE EXTRA...`, within [`DEADLINE`]. With `-ff` in
/// `extra`, every `FILE.*` is collected into [`Run::files`].
pub fn trace(tool: Tool, extra: &[&str], command: &[&str]) -> Run {
    trace_with(tool, extra, command, |_| ())
}

/// [`trace`], with `setup` applied to the tracer's command first (e.g. [`block_sigchld`]).
pub fn trace_with(tool: Tool, extra: &[&str], command: &[&str], setup: impl FnOnce(&mut Command)) -> Run {
    let dir = TempDir::new(tool.name());
    let out = dir.path().join("trace");
    let mut cmd = tool.command(&out, extra, command);
    setup(&mut cmd);
    let what = format!("{} {extra:?} {command:?}", tool.name());
    let (status, stderr) = run_with_deadline(cmd, &what, DEADLINE);
    let trace = std::fs::read_to_string(&out).unwrap_or_default();
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir.path()).expect("list the run's directory").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(suffix) = name.strip_prefix("trace.") {
            files.insert(suffix.to_owned(), std::fs::read_to_string(entry.path()).unwrap_or_default());
        }
    }
    Run { tool, status, trace, files, stderr }
}

/// Lines of a pipe as they arrive, read on a thread of its own.
#[derive(Debug)]
pub struct LineReader {
    lines: Receiver<String>,
}

impl LineReader {
    pub fn new(pipe: impl std::io::Read + Send + 'static) -> LineReader {
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                let Ok(line) = line else { break };
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        LineReader { lines }
    }

    /// The next line that satisfies `wanted` (the others are returned too, as the lines skipped),
    /// or `Err` with all lines seen when the pipe ends or `deadline` passes first.
    pub fn wait_for(&self, deadline: Duration, wanted: impl Fn(&str) -> bool) -> Result<String, Vec<String>> {
        let end = Instant::now() + deadline;
        let mut seen = Vec::new();
        loop {
            let left = end.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if wanted(&line) => return Ok(line),
                Ok(line) => seen.push(line),
                Err(_) => return Err(seen),
            }
        }
    }

    /// The remaining lines, until the pipe ends (or `deadline` passes).
    pub fn rest(&self, deadline: Duration) -> Vec<String> {
        match self.wait_for(deadline, |_| false) {
            Ok(never) => vec![never],
            Err(seen) => seen,
        }
    }
}

/// fixture-loop, running untraced (for `-p`): its pid, and how many iterations it has made so
/// far (one `.` on its stdout each). Killed when dropped.
#[derive(Debug)]
pub struct LoopFixture {
    guard: Guard,
    pid: i32,
    dots: std::sync::Arc<AtomicUsize>,
}

impl LoopFixture {
    /// Start it and wait (at most `deadline`) for the pid it prints once running.
    pub fn start(deadline: Duration) -> LoopFixture {
        let mut cmd = Command::new(crate::fixture("fixture-loop"));
        cmd.stdout(Stdio::piped());
        let mut guard = Guard::spawn(cmd, "fixture-loop");
        let mut stdout = guard.child_mut().stdout.take().expect("stdout is piped");
        let dots = std::sync::Arc::new(AtomicUsize::new(0));
        let counting = dots.clone();
        let (send, pid) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = Vec::new();
            let mut byte = [0u8; 1];
            while let Ok(1) = stdout.read(&mut byte) {
                if byte[0] == b'\n' {
                    let _ = send.send(String::from_utf8_lossy(&line).into_owned());
                    break;
                }
                line.push(byte[0]);
            }
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = stdout.read(&mut buf) {
                counting.fetch_add(n, Ordering::Relaxed);
            }
        });
        let pid = pid
            .recv_timeout(deadline)
            .ok()
            .and_then(|line| line.trim().parse().ok())
            .unwrap_or_else(|| panic!("fixture-loop did not print its pid within {deadline:?}"));
        LoopFixture { guard, pid, dots }
    }

    pub fn pid(&self) -> i32 {
        self.pid
    }

    /// Iterations made so far.
    pub fn iterations(&self) -> usize {
        self.dots.load(Ordering::Relaxed)
    }

    /// Wait (at most `deadline`) until it has made `more` iterations beyond the current count.
    pub fn advances(&self, more: usize, deadline: Duration) -> bool {
        let from = self.iterations();
        eventually(deadline, || self.iterations() >= from + more)
    }

    /// Whether the process still exists (not reaped, not a zombie).
    pub fn alive(&self) -> bool {
        proc_state(self.guard.pid()).is_some_and(|s| s != 'Z' && s != 'X')
    }
}

/// Wait (at most `deadline`) until `condition` holds, checking every 10 ms; whether it did.
pub fn eventually(deadline: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + deadline;
    loop {
        if condition() {
            return true;
        }
        if Instant::now() >= end {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// How the lines of a trace name their task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefix {
    /// No prefix on any line (one task, or `-ff` files).
    None,
    /// `1234  line` on every line (`-f` with `-o FILE`: the pid padded to 5 columns, a space).
    Bare,
    /// `[pid  1234] line` (`-f` on stderr).
    Bracketed,
    /// Some lines with a prefix and some without, of both styles, or padded otherwise.
    Mixed,
}

fn split_prefix(line: &str) -> (Option<&str>, &str, Prefix) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"^(?:(\d+ +)|\[pid +(\d+)\] )(.*)$").expect("valid regex"));
    match re.captures(line) {
        Some(c) => {
            let (pid, style) = match (c.get(1), c.get(2)) {
                (Some(p), _) => {
                    let pid = p.as_str().trim_end();
                    // strace's `%-5d ` (padded to 5 columns, then one space).
                    let style = if p.as_str() == format!("{pid:<5} ") { Prefix::Bare } else { Prefix::Mixed };
                    (pid, style)
                }
                (None, Some(p)) => (p.as_str(), Prefix::Bracketed),
                (None, None) => unreachable!("one of the two alternatives matched"),
            };
            (Some(pid), c.get(3).map_or("", |m| m.as_str()), style)
        }
        None => (None, line, Prefix::None),
    }
}

/// The prefix style of a whole trace.
pub fn prefix_style(trace: &str) -> Prefix {
    let mut styles = trace.lines().map(|l| split_prefix(l).2);
    let Some(first) = styles.next() else { return Prefix::None };
    if styles.all(|s| s == first) {
        first
    } else {
        Prefix::Mixed
    }
}

/// The pid [`split_by_pid`] gives lines without a prefix (not a number, so never renamed in a line).
pub const UNPREFIXED: &str = "?";

/// A trace split by task: each pid's lines in order, an `<unfinished ...>` line joined with its
/// `<... NAME resumed>` continuation (strace splits a call whenever another task's line comes
/// between, which depends on scheduling). Unprefixed lines belong to the pseudo-pid
/// [`UNPREFIXED`]. Pids in order of first appearance.
pub fn split_by_pid(trace: &str) -> Vec<(String, Vec<String>)> {
    static RESUMED: OnceLock<Regex> = OnceLock::new();
    let resumed = RESUMED.get_or_init(|| Regex::new(r"^<\.\.\. (\w+) resumed>(.*)$").expect("valid regex"));
    const UNFINISHED: &str = " <unfinished ...>";
    let mut order: Vec<String> = Vec::new();
    let mut tasks: HashMap<String, (Vec<String>, Option<usize>)> = HashMap::new();
    for line in trace.lines() {
        let (pid, rest, _) = split_prefix(line);
        let pid = pid.unwrap_or(UNPREFIXED).to_owned();
        let (lines, pending) = tasks.entry(pid.clone()).or_insert_with(|| {
            order.push(pid.clone());
            (Vec::new(), None)
        });
        if let Some(c) = resumed.captures(rest) {
            if let Some(at) = pending.take() {
                let open: &str = &lines[at];
                if open.strip_prefix(&c[1]).is_some_and(|r| r.starts_with('(')) {
                    let joined = format!("{}{}", open.strip_suffix(UNFINISHED).unwrap_or(open), &c[2]);
                    lines[at] = joined;
                    continue;
                }
            }
            lines.push(rest.to_owned());
        } else {
            *pending = rest.ends_with(UNFINISHED).then_some(lines.len());
            lines.push(rest.to_owned());
        }
    }
    order
        .into_iter()
        .map(|pid| {
            let lines = tasks.remove(&pid).map(|(l, _)| l).unwrap_or_default();
            (pid, lines)
        })
        .collect()
}

/// The pids a task's creation calls returned, in order (`clone(...) = 1234`, also clone3, fork, vfork).
fn created(lines: &[String]) -> Vec<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re =
        RE.get_or_init(|| Regex::new(r"^(?:clone|clone3|fork|vfork)\(.*\) += (\d+)$").expect("valid regex"));
    lines.iter().filter_map(|l| re.captures(l).map(|c| c[1].to_owned())).collect()
}

/// Names for the pids of a split trace: the tasks nobody in the trace created are roots (`ROOT`,
/// then `ROOT2`... in order of first appearance); every other task is `CHILDn`, numbered in a
/// pre-order walk of the creation tree (a task's children in the order its calls created them) —
/// an order that does not depend on how the tasks were scheduled.
pub fn name_tasks(tasks: &[(String, Vec<String>)]) -> HashMap<String, String> {
    let children: HashMap<&str, Vec<String>> =
        tasks.iter().map(|(pid, lines)| (pid.as_str(), created(lines))).collect();
    let all_created: std::collections::HashSet<&String> = children.values().flatten().collect();
    let mut names = HashMap::new();
    let mut next_child = 1;
    let mut roots = 0;
    for (pid, _) in tasks.iter().filter(|(pid, _)| !all_created.contains(pid)) {
        roots += 1;
        names.insert(pid.clone(), if roots == 1 { "ROOT".to_owned() } else { format!("ROOT{roots}") });
        let mut stack: Vec<String> =
            children.get(pid.as_str()).into_iter().flatten().rev().cloned().collect();
        while let Some(child) = stack.pop() {
            if names.contains_key(&child) {
                continue;
            }
            names.insert(child.clone(), format!("CHILD{next_child}"));
            next_child += 1;
            stack.extend(children.get(child.as_str()).into_iter().flatten().rev().cloned());
        }
    }
    names
}

/// Replace the pids in `names` where a line shows a pid: return values of calls that return one,
/// the first arguments of calls that take one, `si_pid=`, `parent_tid=[...]`, `in pid N` and
/// `Process N`. (Not every number that happens to equal a pid: a size may.)
pub fn rename_pids(line: &str, names: &HashMap<String, String>) -> String {
    static RES: OnceLock<[Regex; 4]> = OnceLock::new();
    let [ret, first_arg, tgkill, context] = RES.get_or_init(|| {
        [
            r"^((?:clone|clone3|fork|vfork|wait4|waitid|getpid|gettid|getppid|set_tid_address|getpgid|getsid|rt_sigreturn)\(.*\) += )(\d+)$",
            r"^((?:wait4|kill|tkill|getpgid|getsid|setpgid|sched_getaffinity|sched_setaffinity|sched_getparam|sched_getscheduler|prlimit64|pidfd_open|process_vm_readv|process_vm_writev)\()(\d+)",
            r"^(tgkill\()(\d+), (\d+)",
            r"(\bsi_pid=|\bparent_tid=\[|\bin pid |\bProcess |<pid changed to )(\d+)",
        ]
        .map(|re| Regex::new(re).expect("valid regex"))
    });
    let name = |pid: &str| names.get(pid).cloned().unwrap_or_else(|| pid.to_owned());
    let line = ret.replace(line, |c: &Captures| format!("{}{}", &c[1], name(&c[2])));
    let line = first_arg.replace(&line, |c: &Captures| format!("{}{}", &c[1], name(&c[2])));
    let line = tgkill.replace(&line, |c: &Captures| format!("{}{}, {}", &c[1], name(&c[2]), name(&c[3])));
    context.replace_all(&line, |c: &Captures| format!("{}{}", &c[1], name(&c[2]))).into_owned()
}

/// What differs between runs in a lifecycle trace beyond [`normalize`]: the CPU time of a child
/// in SIGCHLD's siginfo.
fn hide_timing(line: &str) -> String {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"\bsi_utime=\d+, si_stime=\d+").expect("valid regex"));
    re.replace_all(line, "si_utime=N, si_stime=N").into_owned()
}

/// Each task's normalised lines, by name (see [`name_tasks`]): pids renamed, then addresses,
/// other pids, random bytes, what is read from `/proc/self/maps`, column padding and child CPU
/// times hidden.
pub type Tasks = BTreeMap<String, Vec<String>>;

/// [`Tasks`] of a `-f` trace (or of a plain one: then one task, `ROOT`).
pub fn tasks_of(trace: &str) -> Tasks {
    let split = split_by_pid(trace);
    let mut names = name_tasks(&split);
    // Lines without a prefix have no pid to go by: learn it from the task's own calls.
    if let Some((_, lines)) = split.iter().find(|(pid, _)| pid == UNPREFIXED) {
        static OWN: OnceLock<Regex> = OnceLock::new();
        let own = OWN.get_or_init(|| {
            Regex::new(r"^(?:set_tid_address|getpid|gettid)\(.*\) += (\d+)$").expect("valid regex")
        });
        if let (Some(pid), Some(name)) = (
            lines.iter().find_map(|l| own.captures(l).map(|c| c[1].to_owned())),
            names.get(UNPREFIXED).cloned(),
        ) {
            names.entry(pid).or_insert(name);
        }
    }
    split
        .into_iter()
        .map(|(pid, lines)| {
            let mut maps = MapsFds::default();
            let lines = lines
                .iter()
                .map(|l| hide_timing(&normalize(&maps.hide_contents(&rename_pids(l, &names)))))
                .collect();
            (names.get(&pid).cloned().unwrap_or(pid), lines)
        })
        .collect()
}

/// [`Tasks`] of a `-ff` run: each file is one task's lines, the file's suffix its pid.
pub fn tasks_of_files(files: &BTreeMap<String, String>) -> Tasks {
    let combined: String =
        files.iter().flat_map(|(pid, text)| text.lines().map(move |l| format!("{pid} {l}\n"))).collect();
    tasks_of(&combined)
}

/// The first difference between two sets of tasks, readably; `None` when equal.
pub fn tasks_difference(left_name: &str, left: &Tasks, right_name: &str, right: &Tasks) -> Option<String> {
    let names = |t: &Tasks| t.keys().cloned().collect::<Vec<_>>();
    if left.keys().ne(right.keys()) {
        return Some(format!(
            "different tasks: {left_name} has {:?}, {right_name} has {:?}",
            names(left),
            names(right)
        ));
    }
    left.iter().find_map(|(name, lines)| {
        crate::first_difference(lines, &right[name])
            .map(|d| format!("task {name} ({left_name} left, {right_name} right): {d}"))
    })
}

/// Lines of `trace` that are a task's exit (`+++ exited with 0 +++`, `+++ killed by ... +++`,
/// `+++ superseded by execve ... +++`).
pub fn exit_lines(lines: &[String]) -> Vec<&str> {
    lines.iter().map(String::as_str).filter(|l| l.starts_with("+++ ")).collect()
}

/// `/proc/PID/stat`'s state letter (`R`, `S`, `T`, `t`...), if the process exists.
pub fn proc_state(pid: i32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The state follows the comm, which is in parentheses and may contain anything.
    stat.rsplit_once(") ")?.1.chars().next()
}

/// `/proc/PID/status`'s `TracerPid:` value, if the process exists.
pub fn tracer_pid(pid: i32) -> Option<i32> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find_map(|l| l.strip_prefix("TracerPid:")).and_then(|v| v.trim().parse().ok())
}

/// One loaded BPF program, as `bpftool prog list --json` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BpfProg {
    pub id: u64,
    pub name: String,
    /// Processes holding the program (bpftool's `pids`).
    pub pids: Vec<i32>,
}

/// The BPF programs loaded now (`bpftool prog list --json`); panics if bpftool cannot run
/// (`cargo xtask setup` installs it).
pub fn bpf_programs() -> Vec<BpfProg> {
    let mut cmd = Command::new("bpftool");
    cmd.args(["prog", "list", "--json"]);
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut guard = Guard::spawn(cmd, "bpftool prog list --json");
    let out = drain(guard.child_mut().stdout.take().expect("stdout is piped"));
    let err = drain(guard.child_mut().stderr.take().expect("stderr is piped"));
    let status = guard.wait(Duration::from_secs(30));
    let (out, err) = (out.join().unwrap_or_default(), err.join().unwrap_or_default());
    assert!(status.success(), "bpftool prog list failed ({status}): {err} (install it: cargo xtask setup)");
    parse_bpftool_progs(&out)
}

/// The ids of the BPF programs a process holds: those of its program and link descriptors
/// (`prog_id:` in `/proc/PID/fdinfo/*`; bpftool shows holders only when built with skeletons).
pub fn bpf_programs_held_by(pid: i32) -> Vec<u64> {
    let mut ids: Vec<u64> = std::fs::read_dir(format!("/proc/{pid}/fdinfo"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| std::fs::read_to_string(entry.path()).ok())
        .flat_map(|info| {
            info.lines()
                .filter_map(|l| l.strip_prefix("prog_id:").and_then(|v| v.trim().parse().ok()))
                .collect::<Vec<u64>>()
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The programs in bpftool's JSON list: each object's `id`, `name` and `pids[].pid` (without a
/// JSON parser: bpftool's output is flat enough for three patterns).
fn parse_bpftool_progs(json: &str) -> Vec<BpfProg> {
    static RES: OnceLock<[Regex; 3]> = OnceLock::new();
    let [id_re, name_re, pid_re] = RES.get_or_init(|| {
        [r#""id":(\d+)"#, r#""name":"([^"]*)""#, r#""pid":(\d+)"#]
            .map(|re| Regex::new(re).expect("valid regex"))
    });
    // Each program object starts at its "id" key (the first key bpftool prints); `map_ids` and
    // `btf_id` are spelt differently, so "id": only starts programs.
    let starts: Vec<usize> = id_re.find_iter(json).map(|m| m.start()).collect();
    starts
        .iter()
        .enumerate()
        .map(|(i, &start)| {
            let part = &json[start..starts.get(i + 1).copied().unwrap_or(json.len())];
            BpfProg {
                id: id_re.captures(part).and_then(|c| c[1].parse().ok()).unwrap_or_default(),
                name: name_re.captures(part).map(|c| c[1].to_owned()).unwrap_or_default(),
                pids: pid_re.captures_iter(part).filter_map(|c| c[1].parse().ok()).collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|l| (*l).to_owned()).collect()
    }

    #[test]
    fn unfinished_calls_are_joined_with_their_resumption_per_pid() {
        let trace = "10 clone(child_stack=NULL, flags=SIGCHLD <unfinished ...>\n\
                     11 set_robust_list(0x7f0000001000, 24) = 0\n\
                     10 <... clone resumed>, child_tidptr=0x7f0000002000) = 11\n\
                     10 wait4(11,  <unfinished ...>\n\
                     11 exit_group(2 <unfinished ...>\n\
                     11 <... exit_group resumed>)         = ?\n\
                     11 +++ exited with 2 +++\n\
                     10 <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 2}], 0, NULL) = 11\n\
                     10 <... execve resumed>) = 0\n";
        let split = split_by_pid(trace);
        assert_eq!(split[0].0, "10");
        assert_eq!(
            split[0].1,
            owned(&[
                "clone(child_stack=NULL, flags=SIGCHLD, child_tidptr=0x7f0000002000) = 11",
                "wait4(11, [{WIFEXITED(s) && WEXITSTATUS(s) == 2}], 0, NULL) = 11",
                // A resumption without its start (another thread's execve) stays as it is.
                "<... execve resumed>) = 0",
            ])
        );
        assert_eq!(
            split[1].1,
            owned(&[
                "set_robust_list(0x7f0000001000, 24) = 0",
                "exit_group(2)         = ?",
                "+++ exited with 2 +++"
            ])
        );
    }

    #[test]
    fn tasks_are_named_by_the_creation_tree_not_by_scheduling() {
        // 30 forks 31 then 33; 31 forks 32. 33 shows up first, 32 last.
        let trace = "33 openat(AT_FDCWD, \"/c\", O_RDONLY) = -1 ENOENT (No such file or directory)\n\
                     30 clone(child_stack=NULL, flags=SIGCHLD) = 31\n\
                     30 clone(child_stack=NULL, flags=SIGCHLD) = 33\n\
                     31 fork() = 32\n\
                     30 wait4(31, NULL, 0, NULL) = 31\n\
                     32 kill(30, SIGUSR1) = 0\n\
                     32 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=33, si_uid=0, si_status=0, si_utime=3, si_stime=1} ---\n";
        let tasks = tasks_of(trace);
        assert_eq!(tasks.keys().collect::<Vec<_>>(), ["CHILD1", "CHILD2", "CHILD3", "ROOT"]);
        assert_eq!(tasks["ROOT"][0], "clone(child_stack=NULL, flags=SIGCHLD) = CHILD1");
        assert_eq!(tasks["ROOT"][1], "clone(child_stack=NULL, flags=SIGCHLD) = CHILD3");
        assert_eq!(tasks["ROOT"][2], "wait4(CHILD1, NULL, 0, NULL) = CHILD1");
        assert_eq!(tasks["CHILD1"], owned(&["fork() = CHILD2"]));
        assert_eq!(
            tasks["CHILD2"],
            owned(&[
                "kill(ROOT, SIGUSR1) = 0",
                "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=CHILD3, si_uid=0, si_status=0, si_utime=N, si_stime=N} ---",
            ])
        );
    }

    #[test]
    fn numbers_that_merely_equal_a_pid_stay() {
        let names = HashMap::from([("832".to_owned(), "CHILD1".to_owned())]);
        assert_eq!(rename_pids("read(3, \"x\", 832) = 832", &names), "read(3, \"x\", 832) = 832");
        assert_eq!(rename_pids("getpid() = 832", &names), "getpid() = CHILD1");
        assert_eq!(
            rename_pids("tgkill(832, 832, SIGUSR1) = 0", &names),
            "tgkill(CHILD1, CHILD1, SIGUSR1) = 0"
        );
        assert_eq!(
            rename_pids("+++ superseded by execve in pid 832 +++", &names),
            "+++ superseded by execve in pid CHILD1 +++"
        );
        assert_eq!(
            rename_pids("execve(\"x\" <pid changed to 832 ...>", &names),
            "execve(\"x\" <pid changed to CHILD1 ...>"
        );
    }

    #[test]
    fn prefix_styles_are_told_apart() {
        assert_eq!(prefix_style("1     a\n123456 b\n"), Prefix::Bare);
        assert_eq!(prefix_style("1 a\n"), Prefix::Mixed);
        assert_eq!(prefix_style("[pid 1] a\n[pid  22] b\n"), Prefix::Bracketed);
        assert_eq!(prefix_style("a\nb\n"), Prefix::None);
        assert_eq!(prefix_style("a\n2 b\n"), Prefix::Mixed);
    }

    #[test]
    fn bpftool_json_is_read() {
        let json = r#"[{"id":12,"type":"raw_tracepoint","name":"sys_enter","tag":"ab","gpl_compatible":true,"map_ids":[3,4],"btf_id":9,"pids":[{"pid":77,"comm":"tracer"}]},{"id":13,"type":"cgroup_skb","name":"","tag":"cd"}]"#;
        assert_eq!(
            parse_bpftool_progs(json),
            vec![
                BpfProg { id: 12, name: "sys_enter".into(), pids: vec![77] },
                BpfProg { id: 13, name: String::new(), pids: vec![] },
            ]
        );
    }
}
