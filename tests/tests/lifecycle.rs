//! Process lifecycles end to end: fork trees, threads, exec from a thread, signals,
//! deaths by signal, `-p` attach and detach, `-ff` and a shell pipeline — each run under the
//! installed strace (the reference) and under tracer with each backend, compared per process.
//!
//! - A `-f` trace is split by pid, each `<unfinished ...>` joined with its `<... resumed>` line
//!   (where strace splits a call depends on scheduling), and pids named by the creation tree
//!   (`ROOT`, `CHILD1`, ... in a pre-order walk of who created whom), so the comparison does not
//!   depend on the interleaving. Only pids, addresses and timing are normalised.
//! - Every run has a deadline: a hung tracer is killed and the test fails.
//! - The eBPF tests skip with a message when not root; they run one at a time (the `bpftool`
//!   check of test 5 looks at the programs loaded system-wide).

use std::os::unix::process::ExitStatusExt as _;
use std::process::Stdio;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use tracer_tests::lifecycle::{
    block_sigchld, bpf_programs, bpf_programs_held_by, eventually, exit_lines, prefix_style, proc_state,
    tasks_difference, tasks_of, tasks_of_files, trace, trace_with, tracer_pid, BpfProg, Guard, LineReader,
    LoopFixture, Prefix, Run, Tasks, TempDir, Tool, DEADLINE,
};
use tracer_tests::{fixture, require_root};

const PTRACE: Tool = Tool::Tracer("ptrace");
const EBPF: Tool = Tool::Tracer("ebpf");

/// Threads of fixture-threads' default mode, and getppid calls each (as in the fixture).
const THREADS: usize = 64;
const GETPPID_PER_THREAD: usize = 100;

/// The eBPF tests, one at a time (poisoning ignored: a failed test must not fail the others).
fn ebpf_lock() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn assert_tasks_equal(what: &str, reference: &Run, ours: &Run, expected: &Tasks, got: &Tasks) {
    if let Some(diff) = tasks_difference(reference.tool.name(), expected, ours.tool.name(), got) {
        panic!(
            "{what}: {diff}\n--- {} trace:\n{}\n--- stderr:\n{}",
            ours.tool.name(),
            ours.trace,
            ours.stderr
        );
    }
}

/// tracer's stderr says what strace's says (its own name for strace's).
fn assert_stderr_like_strace(what: &str, reference: &Run, ours: &Run) {
    assert_eq!(
        ours.stderr,
        tracer_tests::as_invoked(&reference.stderr.replace("strace: ", "tracer: ")),
        "{what}: {} stderr differs from strace's",
        ours.tool.name()
    );
}

/// Same exit code, or killed by the same signal (strace re-raises a tracee's fatal signal).
fn assert_status_like_strace(what: &str, reference: &Run, ours: &Run) {
    let of = |run: &Run| (run.status.code(), run.status.signal(), run.status.core_dumped());
    assert_eq!(
        of(ours),
        of(reference),
        "{what}: {} exit status differs from strace's: {}",
        ours.tool.name(),
        ours.stderr
    );
}

fn no_records_lost(run: &Run) {
    assert!(
        !run.stderr.to_lowercase().contains("lost"),
        "{}: records were lost: {}",
        run.tool.name(),
        run.stderr
    );
}

/// The reference and our run of one command, and both traces as tasks; the common checks done
/// (status, stderr, prefix style of the -f trace, and every task's sequence).
fn run_and_compare(tool: Tool, extra: &[&str], command: &[&str]) -> (Run, Tasks) {
    let what = format!("{extra:?} {command:?}");
    let reference = trace(Tool::Strace, extra, command);
    let ours = trace(tool, extra, command);
    assert_status_like_strace(&what, &reference, &ours);
    assert_stderr_like_strace(&what, &reference, &ours);
    assert_eq!(prefix_style(&ours.trace), prefix_style(&reference.trace), "{what}: pid prefixes differ");
    let (expected, got) = (tasks_of(&reference.trace), tasks_of(&ours.trace));
    assert_tasks_equal(&what, &reference, &ours, &expected, &got);
    (ours, got)
}

// ---------------------------------------------------------------------------------------------
// The fixtures under strace: what the tests below compare against is what the fixtures say.

#[test]
fn strace_reference_fork_tree() {
    let run = trace(Tool::Strace, &["-f"], &[&fixture("fixture-forktree")]);
    assert_eq!(prefix_style(&run.trace), Prefix::Bare, "{}", run.trace);
    let tasks = tasks_of(&run.trace);
    let exits: Vec<(&str, Vec<&str>)> = tasks.iter().map(|(n, l)| (n.as_str(), exit_lines(l))).collect();
    let exited = |code: i32| vec![format!("+++ exited with {code} +++")];
    let expected = [
        ("CHILD1", exited(1)),
        ("CHILD2", exited(11)),
        ("CHILD3", exited(2)),
        ("CHILD4", exited(0)),
        ("CHILD5", exited(4)),
        ("ROOT", exited(0)),
    ];
    assert_eq!(
        exits,
        expected.iter().map(|(n, e)| (*n, e.iter().map(String::as_str).collect())).collect::<Vec<_>>()
    );
    let opens = |name: &str, path: &str| {
        tasks[name].contains(&format!(
            "openat(AT_FDCWD, \"{path}\", O_RDONLY) = -1 ENOENT (No such file or directory)"
        ))
    };
    assert!(opens("CHILD1", "/tracer-fixture-child-1"));
    assert!(opens("CHILD2", "/tracer-fixture-child-1-1"));
    assert!(opens("CHILD3", "/tracer-fixture-child-2"));
    assert!(opens("CHILD5", "/tracer-fixture-child-4"));
    assert!(
        tasks["CHILD4"][0].starts_with("execve(\"/bin/true\", [\"/bin/true\"], 0xADDR /* "),
        "{:?}",
        tasks["CHILD4"]
    );
    assert!(tasks["ROOT"].contains(&"vfork() = CHILD4".to_owned()), "{:?}", tasks["ROOT"]);
    assert!(tasks["ROOT"].contains(
        &"clone3({flags=0, exit_signal=SIGCHLD, stack=NULL, stack_size=0}, 64) = CHILD5".to_owned()
    ));
    for (child, code) in [("CHILD1", 1), ("CHILD3", 2), ("CHILD4", 0), ("CHILD5", 4)] {
        let wait =
            format!("wait4({child}, [{{WIFEXITED(s) && WEXITSTATUS(s) == {code}}}], 0, NULL) = {child}");
        assert!(tasks["ROOT"].contains(&wait), "{wait} in {:?}", tasks["ROOT"]);
    }
}

/// strace 6.1's lines for fixture-signals handlers, per task, from the begin marker on.
const SIGNALS_ROOT: &str = r#"openat(AT_FDCWD, "/tracer-fixture-begin", O_RDONLY) = -1 ENOENT (No such file or directory)
rt_sigaction(SIGUSR1, {sa_handler=0xADDR, sa_mask=[], sa_flags=SA_RESTORER, sa_restorer=0xADDR}, NULL, 8) = 0
getpid() = ROOT
kill(ROOT, SIGUSR1) = 0
--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=ROOT, si_uid=0} ---
openat(AT_FDCWD, "/tracer-fixture-handler-10", O_RDONLY) = -1 ENOENT (No such file or directory)
rt_sigreturn({mask=[]}) = 0
rt_sigaction(SIGINT, {sa_handler=SIG_IGN, sa_mask=[], sa_flags=SA_RESTORER, sa_restorer=0xADDR}, NULL, 8) = 0
getpid() = ROOT
kill(ROOT, SIGINT) = 0
--- SIGINT {si_signo=SIGINT, si_code=SI_USER, si_pid=ROOT, si_uid=0} ---
rt_sigprocmask(SIG_BLOCK, [CHLD], NULL, 8) = 0
rt_sigaction(SIGCHLD, {sa_handler=0xADDR, sa_mask=[], sa_flags=SA_RESTORER, sa_restorer=0xADDR}, NULL, 8) = 0
clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0xADDR) = CHILD1
rt_sigsuspend([], 8) = ? ERESTARTNOHAND (To be restarted if no handler)
--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=CHILD1, si_uid=0, si_status=5, si_utime=N, si_stime=N} ---
openat(AT_FDCWD, "/tracer-fixture-handler-17", O_RDONLY) = -1 ENOENT (No such file or directory)
rt_sigreturn({mask=[CHLD]}) = -1 EINTR (Interrupted system call)
wait4(CHILD1, [{WIFEXITED(s) && WEXITSTATUS(s) == 5}], 0, NULL) = CHILD1
rt_sigaction(SIGCHLD, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=SA_RESTORER, sa_restorer=0xADDR}, NULL, 8) = 0
clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0xADDR) = CHILD2
wait4(CHILD2, [{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}], WSTOPPED, NULL) = CHILD2
kill(CHILD2, SIGCONT) = 0
wait4(CHILD2, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = CHILD2
openat(AT_FDCWD, "/tracer-fixture-end", O_RDONLY) = -1 ENOENT (No such file or directory)
exit_group(0) = ?
+++ exited with 0 +++"#;

const SIGNALS_STOPPED_CHILD: &str = r#"set_robust_list(0xADDR, 24) = 0
getpid() = CHILD2
kill(CHILD2, SIGSTOP) = 0
--- SIGSTOP {si_signo=SIGSTOP, si_code=SI_USER, si_pid=CHILD2, si_uid=0} ---
--- stopped by SIGSTOP ---
--- SIGCONT {si_signo=SIGCONT, si_code=SI_USER, si_pid=ROOT, si_uid=0} ---
openat(AT_FDCWD, "/tracer-fixture-continued", O_RDONLY) = -1 ENOENT (No such file or directory)
exit_group(0) = ?
+++ exited with 0 +++"#;

/// The lines of an expected block, with `si_uid=0` made the uid the tests run as.
fn lines(text: &str) -> Vec<String> {
    // SAFETY: getuid has no preconditions.
    let uid = unsafe { libc::getuid() };
    text.lines().map(|l| l.replace("si_uid=0", &format!("si_uid={uid}"))).collect()
}

fn from_begin(task: &[String]) -> Vec<String> {
    task.iter().skip_while(|l| !l.contains("/tracer-fixture-begin")).cloned().collect()
}

#[test]
fn strace_reference_signals() {
    let run = trace(Tool::Strace, &["-f"], &[&fixture("fixture-signals"), "handlers"]);
    assert_eq!(run.status.code(), Some(0));
    let tasks = tasks_of(&run.trace);
    assert_eq!(tasks.keys().collect::<Vec<_>>(), ["CHILD1", "CHILD2", "ROOT"]);
    assert_eq!(from_begin(&tasks["ROOT"]), lines(SIGNALS_ROOT));
    assert_eq!(tasks["CHILD2"], lines(SIGNALS_STOPPED_CHILD));
    assert_eq!(
        tasks["CHILD1"],
        lines("set_robust_list(0xADDR, 24) = 0\nexit_group(5) = ?\n+++ exited with 5 +++")
    );
}

#[test]
fn strace_reference_deaths_by_signal() {
    let run = trace(Tool::Strace, &[], &[&fixture("fixture-signals"), "sigkill"]);
    assert_eq!(
        (run.status.code(), run.status.signal()),
        (None, Some(libc::SIGKILL)),
        "strace re-raises SIGKILL"
    );
    assert_eq!(
        from_begin(&tasks_of(&run.trace)["ROOT"]),
        lines(
            "openat(AT_FDCWD, \"/tracer-fixture-begin\", O_RDONLY) = -1 ENOENT (No such file or directory)\n\
             getpid() = ROOT\nkill(ROOT, SIGKILL) = ?\n+++ killed by SIGKILL +++"
        )
    );
    let run = trace(Tool::Strace, &[], &[&fixture("fixture-signals"), "sigsegv"]);
    // (Whether strace's own death dumps core is up to the environment: it sets its RLIMIT_CORE
    // to 0, which a `|program` core_pattern ignores. The tests compare ours with it.)
    assert_eq!(run.status.signal(), Some(libc::SIGSEGV), "strace re-raises SIGSEGV");
    // Rust's runtime catches the first SIGSEGV (to tell a stack overflow), restores the default
    // action and returns; the fault repeats and kills. RLIMIT_CORE of 1 byte: no "(core dumped)".
    assert_eq!(
        from_begin(&tasks_of(&run.trace)["ROOT"]),
        lines(
            "openat(AT_FDCWD, \"/tracer-fixture-begin\", O_RDONLY) = -1 ENOENT (No such file or directory)\n\
             prlimit64(0, RLIMIT_CORE, {rlim_cur=1, rlim_max=1}, NULL) = 0\n\
             --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---\n\
             rt_sigaction(SIGSEGV, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=SA_RESTORER, sa_restorer=0xADDR}, NULL, 8) = 0\n\
             rt_sigreturn({mask=[]}) = 0\n\
             --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---\n\
             +++ killed by SIGSEGV +++"
        )
    );
}

#[test]
fn strace_reference_thread_exec() {
    let run = trace(Tool::Strace, &["-f"], &[&fixture("fixture-threads"), "exec"]);
    assert_eq!(run.status.code(), Some(0));
    let tasks = tasks_of(&run.trace);
    assert_eq!(tasks.keys().collect::<Vec<_>>(), ["CHILD1", "ROOT"]);
    // The exec'ing thread's call is left unfinished under its own tid and resumed under the
    // leader's pid, which it takes over; the old leader's blocked write never returns.
    let thread = &tasks["CHILD1"];
    assert!(
        thread.last().is_some_and(|l| l.starts_with("execve(") && l.ends_with(" <unfinished ...>")),
        "{thread:?}"
    );
    let root = from_begin(&tasks["ROOT"]);
    let at = root
        .iter()
        .position(|l| l == "+++ superseded by execve in pid CHILD1 +++")
        .unwrap_or_else(|| panic!("no superseded line: {root:?}"));
    assert!(root[at - 1].starts_with("write(4, ") && root[at - 1].ends_with(", 1048576) = ?"), "{root:?}");
    assert_eq!(root[at + 1], "<... execve resumed>) = 0");
    assert!(root.contains(&"openat(AT_FDCWD, \"/tracer-fixture-exec-target\", O_RDONLY) = -1 ENOENT (No such file or directory)".to_owned()));
    assert_eq!(root.last().map(String::as_str), Some("+++ exited with 0 +++"));
}

// ---------------------------------------------------------------------------------------------
// (1) -f: a fork tree (fork, fork in a child, vfork + exec, clone3).

fn fork_tree(tool: Tool) {
    let (ours, _) = run_and_compare(tool, &["-f"], &[&fixture("fixture-forktree")]);
    no_records_lost(&ours);
}

#[test]
fn fork_tree_ptrace() {
    fork_tree(PTRACE);
}

#[test]
fn fork_tree_ebpf() {
    require_root!();
    let _one_at_a_time = ebpf_lock();
    fork_tree(EBPF);
}

// ---------------------------------------------------------------------------------------------
// (2) -f with 64 threads: no loss.

/// What each thread did, for a -f trace of fixture-threads: exactly one open of its own marker
/// (thread N is CHILD{N+1}: the main thread creates them in order), exactly 100 getppid calls,
/// and `+++ exited with 0 +++`; the main thread makes no getppid call.
fn check_threads(run: &Run) -> Tasks {
    let tasks = tasks_of(&run.trace);
    let who = run.tool.name();
    assert_eq!(tasks.len(), THREADS + 1, "{who}: tasks {:?}", tasks.keys().collect::<Vec<_>>());
    let getppid = |lines: &[String]| lines.iter().filter(|l| l.starts_with("getppid() = ")).count();
    let mut total = 0;
    for n in 0..THREADS {
        let task = &tasks[&format!("CHILD{}", n + 1)];
        let marker = format!("openat(AT_FDCWD, \"/tracer-fixture-thread-{n}\", O_RDONLY) = -1 ENOENT (No such file or directory)");
        let opens = task.iter().filter(|l| **l == marker).count();
        assert_eq!(opens, 1, "{who}: thread {n} opened its marker {opens} times: {task:?}");
        assert_eq!(getppid(task), GETPPID_PER_THREAD, "{who}: thread {n}'s getppid calls: {task:?}");
        assert_eq!(exit_lines(task), ["+++ exited with 0 +++"], "{who}: thread {n}");
        total += getppid(task);
    }
    assert_eq!(getppid(&tasks["ROOT"]), 0, "{who}: the main thread makes no getppid call");
    assert_eq!(total, THREADS * GETPPID_PER_THREAD, "{who}");
    // Whole trace: each marker exactly once (not also under another task).
    for n in 0..THREADS {
        let path = format!("\"/tracer-fixture-thread-{n}\"");
        assert_eq!(run.trace.matches(&path).count(), 1, "{who}: {path} in the trace");
    }
    tasks
}

/// A thread's lines that do not depend on timing: its getppid calls, its marker, its exit.
fn steady(task: &[String]) -> Vec<&String> {
    task.iter()
        .filter(|l| {
            l.starts_with("getppid() = ") || l.contains("/tracer-fixture-thread-") || l.starts_with("+++")
        })
        .collect()
}

fn threads_follow(tool: Tool) {
    let command = [fixture("fixture-threads")];
    let command: Vec<&str> = command.iter().map(String::as_str).collect();
    let reference = trace(Tool::Strace, &["-f"], &command);
    let expected = check_threads(&reference);
    let ours = trace(tool, &["-f"], &command);
    no_records_lost(&ours);
    assert_status_like_strace("64 threads", &reference, &ours);
    assert_stderr_like_strace("64 threads", &reference, &ours);
    assert_eq!(prefix_style(&ours.trace), Prefix::Bare);
    let got = check_threads(&ours);
    for (name, task) in &expected {
        assert_eq!(steady(&got[name]), steady(task), "{}: task {name}", tool.name());
    }
}

#[test]
fn threads_follow_ptrace() {
    threads_follow(PTRACE);
}

#[test]
fn threads_follow_ebpf() {
    require_root!();
    let _one_at_a_time = ebpf_lock();
    threads_follow(EBPF);
}

// (2b) -f: a thread other than the leader execs; the leader's pid takes over.

fn thread_exec(tool: Tool) {
    run_and_compare(tool, &["-f"], &[&fixture("fixture-threads"), "exec"]);
    // The leader's write not traced: the thread's execve line is still open when its pid changes
    // (`<pid changed to N ...>`).
    run_and_compare(tool, &["-f", "-e", "trace=execve,openat"], &[&fixture("fixture-threads"), "exec"]);
}

#[test]
fn thread_exec_ptrace() {
    thread_exec(PTRACE);
}

#[test]
fn thread_exec_ebpf() {
    require_root!();
    let _one_at_a_time = ebpf_lock();
    thread_exec(EBPF);
}

// ---------------------------------------------------------------------------------------------
// (3) Without -f only the main thread is traced.

/// The main thread's lines, timing removed: whether joining a thread waits (`futex`) depends on
/// whether it has ended yet, and the `parent_tid` clone3 reports is read after the call, when
/// the untraced new thread may already have run.
fn main_thread_steady(task: &[String]) -> Vec<String> {
    let parent_tid = regex::Regex::new(r"=> \{parent_tid=\[\w+\]\}").expect("valid regex");
    task.iter()
        .filter(|l| !l.starts_with("futex("))
        .map(|l| parent_tid.replace(l, "=> {parent_tid=[TID]}").into_owned())
        .collect()
}

fn check_main_thread_only(run: &Run) -> Vec<String> {
    let who = run.tool.name();
    assert_eq!(prefix_style(&run.trace), Prefix::None, "{who}: no pid prefixes without -f:\n{}", run.trace);
    let tasks = tasks_of(&run.trace);
    assert_eq!(tasks.keys().collect::<Vec<_>>(), ["ROOT"], "{who}");
    let main = &tasks["ROOT"];
    assert!(!run.trace.contains("getppid("), "{who}: a thread's getppid was traced");
    assert!(!run.trace.contains("/tracer-fixture-thread-"), "{who}: a thread's open was traced");
    assert_eq!(main.iter().filter(|l| l.starts_with("clone3(")).count(), THREADS, "{who}");
    assert!(main.iter().any(|l| l.contains("/tracer-fixture-end")), "{who}");
    assert_eq!(exit_lines(main), ["+++ exited with 0 +++"], "{who}");
    main_thread_steady(main)
}

fn threads_unfollowed(tool: Tool) {
    let command = fixture("fixture-threads");
    let reference = trace(Tool::Strace, &[], &[&command]);
    let ours = trace(tool, &[], &[&command]);
    assert_status_like_strace("threads without -f", &reference, &ours);
    assert_stderr_like_strace("threads without -f", &reference, &ours);
    let (expected, got) = (check_main_thread_only(&reference), check_main_thread_only(&ours));
    if let Some(diff) = tracer_tests::first_difference(&expected, &got) {
        panic!("{}: main thread vs strace's: {diff}", tool.name());
    }
}

#[test]
fn threads_unfollowed_ptrace() {
    threads_unfollowed(PTRACE);
}

#[test]
fn threads_unfollowed_ebpf() {
    require_root!();
    let _one_at_a_time = ebpf_lock();
    threads_unfollowed(EBPF);
}

// ---------------------------------------------------------------------------------------------
// (4) Signals: caught, ignored, SIGCHLD, group-stop and SIGCONT; deaths by SIGKILL and SIGSEGV.

fn signals(tool: Tool) {
    let (_, tasks) = run_and_compare(tool, &["-f"], &[&fixture("fixture-signals"), "handlers"]);
    // Spelled out too, so that a failure shows which signal line went wrong.
    assert_eq!(from_begin(&tasks["ROOT"]), lines(SIGNALS_ROOT), "{}", tool.name());
    assert_eq!(tasks["CHILD2"], lines(SIGNALS_STOPPED_CHILD), "{}", tool.name());
}

fn deaths(tool: Tool) {
    for mode in ["sigkill", "sigsegv"] {
        let (ours, tasks) = run_and_compare(tool, &[], &[&fixture("fixture-signals"), mode]);
        let expected =
            if mode == "sigkill" { "+++ killed by SIGKILL +++" } else { "+++ killed by SIGSEGV +++" };
        assert_eq!(exit_lines(&tasks["ROOT"]), [expected], "{}", tool.name());
        let sig = if mode == "sigkill" { libc::SIGKILL } else { libc::SIGSEGV };
        assert_eq!(
            ours.status.signal(),
            Some(sig),
            "{}: tracer dies by the tracee's signal, as strace",
            tool.name()
        );
    }
}

#[test]
fn signals_ptrace() {
    signals(PTRACE);
}

#[test]
fn signals_ebpf() {
    require_root!();
    let _one_at_a_time = ebpf_lock();
    signals(EBPF);
}

#[test]
fn deaths_by_signal_ptrace() {
    deaths(PTRACE);
}

#[test]
fn deaths_by_signal_ebpf() {
    require_root!();
    let _one_at_a_time = ebpf_lock();
    deaths(EBPF);
}

// ---------------------------------------------------------------------------------------------
// (5) -p: attach to a running process, then SIGINT: detach and leave it running.

/// What happened around one attach and detach.
struct Attach {
    status: std::process::ExitStatus,
    stderr: Vec<String>,
    trace: String,
    /// The loop's /proc state and TracerPid after the tracer ended.
    state_after: Option<char>,
    tracer_pid_after: Option<i32>,
    /// The loop made more iterations after the tracer ended.
    runs_after: bool,
    /// BPF programs (ids) held by the tracer while attached, and those of them still loaded after.
    held: Vec<u64>,
    left_over: Vec<u64>,
    /// BPF programs that were neither loaded before nor are held by another live process now,
    /// with the names of the tracer's own (those new programs look like ours).
    new_like_ours: Vec<String>,
}

fn attach_and_detach(tool: Tool) -> Attach {
    let looping = LoopFixture::start(Duration::from_secs(30));
    let pid = looping.pid();
    let before = if tool == EBPF { bpf_programs() } else { Vec::new() };
    let dir = TempDir::new("attach");
    let out = dir.path().join("trace");
    let pid_arg = pid.to_string();
    let mut cmd = tool.command(&out, &["-p", &pid_arg], &[]);
    cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    let mut tracer = Guard::spawn(cmd, format!("{} -p {pid}", tool.name()));
    let stderr = LineReader::new(tracer.child_mut().stderr.take().expect("stderr is piped"));
    let attached = format!("Process {pid} attached");
    let mut stderr_lines = match stderr.wait_for(Duration::from_secs(30), |l| l.contains(&attached)) {
        Ok(line) => vec![line],
        Err(seen) => panic!("{}: no {attached:?} on stderr within 30 s: {seen:?}", tool.name()),
    };
    assert!(looping.advances(3, Duration::from_secs(30)), "{}: the loop stopped while traced", tool.name());
    let held: Vec<BpfProg> = if tool == EBPF {
        let by_fd = bpf_programs_held_by(tracer.pid());
        bpf_programs()
            .into_iter()
            .filter(|p| p.pids.contains(&tracer.pid()) || by_fd.contains(&p.id))
            .collect()
    } else {
        Vec::new()
    };
    tracer.signal(libc::SIGINT);
    let status = tracer.wait(Duration::from_secs(30));
    stderr_lines.extend(stderr.rest(Duration::from_secs(5)));
    // The kernel frees a program after an RCU grace period once its last descriptor is closed:
    // give it a moment (a program that stays is a leak).
    let mut after = Vec::new();
    if tool == EBPF {
        eventually(Duration::from_secs(10), || {
            after = bpf_programs();
            !after.iter().any(|p| held.iter().any(|h| h.id == p.id))
        });
    }
    let new_like_ours = after
        .iter()
        .filter(|p| !before.iter().any(|b| b.id == p.id) && p.pids.is_empty())
        .filter(|p| held.iter().any(|h| h.name == p.name))
        .map(|p| format!("{} {}", p.id, p.name))
        .collect();
    Attach {
        status,
        stderr: stderr_lines,
        trace: std::fs::read_to_string(&out).unwrap_or_default(),
        state_after: proc_state(pid),
        tracer_pid_after: tracer_pid(pid),
        runs_after: looping.advances(3, Duration::from_secs(30)) && looping.alive(),
        left_over: after.iter().filter(|p| held.iter().any(|h| h.id == p.id)).map(|p| p.id).collect(),
        held: held.iter().map(|p| p.id).collect(),
        new_like_ours,
    }
    // `looping` is killed here, whatever happened above.
}

/// The loop's three calls, normalised, as the trace of an attached run must show them.
const LOOP_LINES: [&str; 3] = [
    "getppid() = PID",
    "write(1, \".\", 1) = 1",
    "clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=20000000}, NULL) = 0",
];

fn check_attach(tool: Tool, run: &Attach) {
    let who = tool.name();
    let tasks = tasks_of(&run.trace);
    assert_eq!(tasks.len(), 1, "{who}: one task: {}", run.trace);
    let main = tasks.values().next().expect("one task");
    for line in LOOP_LINES {
        assert!(main.iter().any(|l| l == line), "{who}: {line:?} missing from the trace:\n{}", run.trace);
    }
    // Between the first line (where the attach found it) and the last (where the detach left
    // it), nothing but the loop's calls.
    let inner = main.get(1..main.len().saturating_sub(1)).unwrap_or_default();
    assert!(inner.iter().all(|l| LOOP_LINES.contains(&l.as_str())), "{who}: unexpected lines in {inner:?}");
    assert!(exit_lines(main).is_empty(), "{who}: the loop did not end");
    assert!(
        run.stderr.iter().any(|l| l.ends_with(" detached") && l.contains("Process ")),
        "{who}: {:?}",
        run.stderr
    );
    assert!(
        matches!(run.state_after, Some(s) if s != 'T' && s != 't'),
        "{who}: loop state after detach: {:?}",
        run.state_after
    );
    assert_eq!(run.tracer_pid_after, Some(0), "{who}: TracerPid after detach");
    assert!(run.runs_after, "{who}: the loop does not run on after the detach");
}

fn attach(tool: Tool) {
    let reference = attach_and_detach(Tool::Strace);
    check_attach(Tool::Strace, &reference);
    let ours = attach_and_detach(tool);
    check_attach(tool, &ours);
    let of = |s: std::process::ExitStatus| (s.code(), s.signal());
    assert_eq!(
        of(ours.status),
        of(reference.status),
        "{}: exit status after SIGINT, vs strace's",
        tool.name()
    );
    let pidless = |lines: &[String]| -> Vec<String> {
        let re = regex::Regex::new(r"^\S+: Process \d+ ").expect("valid regex");
        lines.iter().map(|l| re.replace(l, "TOOL: Process PID ").into_owned()).collect()
    };
    assert_eq!(pidless(&ours.stderr), pidless(&reference.stderr), "{}: stderr vs strace's", tool.name());
    if tool == EBPF {
        assert!(
            !ours.held.is_empty(),
            "the tracer held no BPF program (fdinfo, bpftool) while it was attached"
        );
        assert!(ours.left_over.is_empty(), "BPF programs left loaded after the detach: {:?}", ours.left_over);
        assert!(
            ours.new_like_ours.is_empty(),
            "new unowned BPF programs like ours: {:?}",
            ours.new_like_ours
        );
    }
}

#[test]
fn attach_detach_ptrace() {
    attach(PTRACE);
}

#[test]
fn attach_detach_ebpf() {
    require_root!();
    let _one_at_a_time = ebpf_lock();
    attach(EBPF);
}

// ---------------------------------------------------------------------------------------------
// (6) -ff -o FILE: FILE.PID per process.

fn per_process_files(tool: Tool) {
    let command = [fixture("fixture-forktree")];
    let command: Vec<&str> = command.iter().map(String::as_str).collect();
    let reference = trace(Tool::Strace, &["-ff"], &command);
    check_files(&reference);
    let ours = trace(tool, &["-ff"], &command);
    assert_status_like_strace("-ff", &reference, &ours);
    assert_stderr_like_strace("-ff", &reference, &ours);
    check_files(&ours);
    let (expected, got) = (tasks_of_files(&reference.files), tasks_of_files(&ours.files));
    assert_tasks_equal("-ff", &reference, &ours, &expected, &got);
}

/// `-ff -o FILE` for fixture-forktree: FILE.PID for each of its six processes, and no FILE.
fn check_files(run: &Run) {
    let who = run.tool.name();
    assert!(run.trace.is_empty(), "{who}: -ff writes no FILE of its own: {}", run.trace);
    let suffixes: Vec<&String> = run.files.keys().collect();
    assert_eq!(suffixes.len(), 6, "{who}: one file per process: {suffixes:?}");
    for (suffix, text) in &run.files {
        assert!(suffix.parse::<u32>().is_ok(), "{who}: FILE.{suffix} is not FILE.PID");
        assert_eq!(prefix_style(text), Prefix::None, "{who}: no pid prefixes in FILE.{suffix}");
    }
}

#[test]
fn per_process_files_ptrace() {
    per_process_files(PTRACE);
}

#[test]
fn per_process_files_ebpf() {
    require_root!();
    let _one_at_a_time = ebpf_lock();
    per_process_files(EBPF);
}

// ---------------------------------------------------------------------------------------------
// (7) A shell pipeline under -f (SIGCHLD blocked from the start, so that the shell's handler
// does not run at a point that depends on scheduling).

fn pipeline(tool: Tool) {
    let command = ["sh", "-c", "echo x | cat"];
    let reference = trace_with(Tool::Strace, &["-f"], &command, block_sigchld);
    let expected = tasks_of(&reference.trace);
    assert_eq!(expected.len(), 3, "sh and its two children: {:?}", expected.keys().collect::<Vec<_>>());
    assert!(!reference.trace.contains("--- SIGCHLD"), "SIGCHLD stays blocked: {}", reference.trace);
    let ours = trace_with(tool, &["-f"], &command, block_sigchld);
    assert_status_like_strace("pipeline", &reference, &ours);
    assert_stderr_like_strace("pipeline", &reference, &ours);
    assert_eq!(prefix_style(&ours.trace), Prefix::Bare);
    let got = tasks_of(&ours.trace);
    assert_tasks_equal("pipeline", &reference, &ours, &expected, &got);
}

#[test]
fn pipeline_ptrace() {
    pipeline(PTRACE);
}

#[test]
fn pipeline_ebpf() {
    require_root!();
    let _one_at_a_time = ebpf_lock();
    pipeline(EBPF);
}

// What (7) relies on: the tracee gets the signal mask the tracer was started with, as under
// strace (here SIGCHLD blocked; grep checks its own mask — run directly: sh would clear the
// mask of the commands it runs).

fn signal_mask_is_inherited(tool: Tool) {
    let command = ["grep", "-q", "^SigBlk:.*10000$", "/proc/self/status"];
    let reference = trace_with(Tool::Strace, &[], &command, block_sigchld);
    assert_eq!(reference.status.code(), Some(0), "under strace the tracee has SIGCHLD blocked");
    let ours = trace_with(tool, &[], &command, block_sigchld);
    assert_status_like_strace("SIGCHLD blocked in the tracee (exit 1: not blocked)", &reference, &ours);
}

#[test]
fn signal_mask_is_inherited_ptrace() {
    signal_mask_is_inherited(PTRACE);
}

#[test]
fn signal_mask_is_inherited_ebpf() {
    require_root!();
    let _one_at_a_time = ebpf_lock();
    signal_mask_is_inherited(EBPF);
}

/// The deadline itself: a run that never ends is killed and fails the test instead of hanging.
#[test]
fn a_hung_run_fails_instead_of_hanging() {
    let mut cmd = std::process::Command::new("sleep");
    cmd.arg("600");
    let started = std::time::Instant::now();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        tracer_tests::lifecycle::run_with_deadline(cmd, "sleep 600", Duration::from_millis(300))
    }));
    assert!(result.is_err(), "the run must fail at its deadline");
    assert!(started.elapsed() < Duration::from_secs(10), "and promptly ({:?})", started.elapsed());
    assert!(DEADLINE >= Duration::from_secs(30));
}

/// A `CLONE_PARENT` child is the tracer's own: each backend reaps it, as strace does, so the command
/// that waits for it to be gone ends (it gives up after 20 s with status 1 otherwise).
#[test]
fn clone_parent_children_are_reaped() {
    for backend in tracer_tests::backends() {
        let run = tracer_tests::tracer(
            backend,
            &["-e", "trace=none"],
            &[&tracer_tests::fixture("fixture-clone-parent")],
        );
        assert_eq!(run.status.code(), Some(0), "{backend}: {}", run.stderr);
    }
}
