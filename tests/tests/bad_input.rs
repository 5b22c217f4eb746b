//! Bad input, table-driven: every case is one short message on stderr (plus strace's `Try ... -h`
//! hint where strace prints one for the same mistake), exit status 1, never a panic. Where strace
//! 6.1 has the flag, its own words are the reference (the test runs strace when it is installed and
//! compares, `strace` replaced by `tracer`).

use std::io::Read as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tracer_tests::{as_invoked, tracer_bin};

const HINT: &str = "Try 'tracer -h' for more information.";

struct Case {
    /// Arguments after `tracer`.
    args: &'static [&'static str],
    /// The one message line.
    line: &'static str,
    /// strace's usage hint follows it (strace prints it for the same mistake).
    hint: bool,
    /// strace 6.1 has the flag: its stderr must equal ours (`strace` for `tracer`).
    like_strace: bool,
}

const fn case(args: &'static [&'static str], line: &'static str, hint: bool, like_strace: bool) -> Case {
    Case { args, line, hint, like_strace }
}

const CASES: &[Case] = &[
    // Filtering expressions.
    case(&["-e", "trace=qqqq", "true"], "tracer: invalid system call 'qqqq'", false, true),
    case(&["-e", "trace=%foo", "true"], "tracer: invalid system call '%foo'", false, true),
    case(&["-e", "trace=read,9999", "true"], "tracer: invalid system call '9999'", false, true),
    case(&["-e", "trace=/(", "true"], "tracer: regcomp: (: Unmatched ( or \\(", false, true),
    case(&["-e", "qqqq=bar", "true"], "tracer: invalid system call 'qqqq=bar'", false, true),
    case(&["-e", "signal=FOO", "true"], "tracer: invalid signal 'FOO'", false, true),
    case(&["-e", "signal=", "true"], "tracer: invalid signal ''", false, true),
    case(&["-e", "status=foo", "true"], "tracer: invalid status 'foo'", false, true),
    case(&["-e", "quiet=foo", "true"], "tracer: invalid quiet 'foo'", false, true),
    case(&["-e", "decode-fds=foo", "true"], "tracer: invalid decode-fds 'foo'", false, true),
    // Tampering.
    case(&["-e", "inject=read", "true"], "tracer: invalid inject argument 'read'", false, true),
    case(
        &["-e", "inject=read:error=EFOO", "true"],
        "tracer: invalid inject argument 'read:error=EFOO'",
        false,
        true,
    ),
    case(
        &["-e", "inject=read:error=ENOENT:when=0", "true"],
        "tracer: invalid inject argument 'read:error=ENOENT:when=0'",
        false,
        true,
    ),
    case(
        &["-e", "inject=read:retval=x", "true"],
        "tracer: invalid inject argument 'read:retval=x'",
        false,
        true,
    ),
    case(
        &["-e", "inject=read:signal=SIGFOO", "true"],
        "tracer: invalid inject argument 'read:signal=SIGFOO'",
        false,
        true,
    ),
    case(
        &["-e", "inject=read:delay_enter=x", "true"],
        "tracer: invalid inject argument 'read:delay_enter=x'",
        false,
        true,
    ),
    case(
        &["-e", "fault=read:error=EFOO", "true"],
        "tracer: invalid fault argument 'read:error=EFOO'",
        false,
        true,
    ),
    // Processes.
    case(&["-p", "abc"], "tracer: Invalid process id: 'abc'", false, true),
    case(&["-p", "0"], "tracer: Invalid process id: '0'", false, true),
    case(&["-p", "-1"], "tracer: Invalid process id: '-1'", false, true),
    case(&["-p", "1,abc"], "tracer: Invalid process id: 'abc'", false, true),
    case(
        &["-p", "999999999"],
        "tracer: attach: ptrace(PTRACE_SEIZE, 999999999): No such process",
        false,
        true,
    ),
    case(&[], "tracer: must have PROG [ARGS] or -p PID", true, true),
    case(
        &["/nonexistent/tracer-cmd"],
        "tracer: Can't stat '/nonexistent/tracer-cmd': No such file or directory",
        false,
        true,
    ),
    // Output and summary flags.
    case(&["-s", "-5", "true"], "tracer: invalid -s argument: '-5'", true, true),
    case(&["-s", "abc", "true"], "tracer: invalid -s argument: 'abc'", true, true),
    case(&["-a", "x", "true"], "tracer: invalid -a argument: 'x'", true, true),
    case(&["-X", "foo", "true"], "tracer: invalid -X argument: 'foo'", true, true),
    case(&["-S", "foo", "true"], "tracer: invalid sortby: 'foo'", true, true),
    case(&["-U", "foo", "true"], "tracer: unknown column name: 'foo'", true, true),
    case(
        &["-c", "-C", "true"],
        "tracer: -c/--summary-only and -C/--summary are mutually exclusive",
        true,
        true,
    ),
    case(
        &["-o", "/tmp/tracer-bad-input-ff", "-ff", "-c", "true"],
        "tracer: (-c/--summary-only or -C/--summary) and -ff/--output-separately are mutually exclusive",
        true,
        true,
    ),
    case(
        &["-o", "/nonexistent/x", "true"],
        "tracer: Can't fopen '/nonexistent/x': No such file or directory",
        false,
        true,
    ),
    case(&["-o", "/", "true"], "tracer: Can't fopen '/': Is a directory", false, true),
    case(&["--bogus", "true"], "tracer: unrecognized option '--bogus'", true, true),
    case(&["-S"], "tracer: option requires an argument -- 'S'", true, true),
    // Our own flags: one clear line each.
    case(&["--backend", "foo", "true"], "tracer: invalid value 'foo' for '--backend <BACKEND>'", true, false),
    case(&["--interval", "x", "true"], "tracer: invalid --interval argument: 'x'", false, false),
    case(&["--interval", "-1", "true"], "tracer: invalid --interval argument: '-1'", false, false),
    case(&["--interval", "0", "true"], "tracer: invalid --interval argument: '0'", false, false),
    case(
        &["--backend", "ebpf", "-e", "inject=read:error=EIO", "true"],
        "tracer: -e inject needs --backend ptrace: tracepoints cannot change a syscall's result",
        false,
        false,
    ),
    case(
        &["--backend", "ptrace", "--comm", "x", "true"],
        "tracer: --all, --comm, --uid and --cgroup need --backend ebpf",
        false,
        false,
    ),
    case(
        &["--perfetto", "/nonexistent/p.json", "true"],
        "tracer: Can't fopen '/nonexistent/p.json': No such file or directory",
        false,
        false,
    ),
    case(&["-e", "write=-1", "true"], "tracer: invalid descriptor '-1'", false, true),
    case(&["-e", "kvm=x", "true"], "tracer: invalid -e kvm= argument: 'x'", false, true),
    case(&["-I", "0", "true"], "tracer: invalid -I argument: '0'", true, true),
    case(&["--interruptible=x", "true"], "tracer: invalid --interruptible argument: 'x'", true, true),
    case(&["--strings-in-hex=x", "true"], "tracer: invalid --strings-in-hex argument: 'x'", true, true),
    case(
        &["-x", "--strings-in-hex", "true"],
        "tracer: -x and --strings-in-hex cannot be provided simultaneously",
        false,
        true,
    ),
    case(&["--timestamps=x", "true"], "tracer: invalid --timestamps argument: 'x'", true, true),
    case(
        &["-t", "--timestamps", "true"],
        "tracer: -t and --absolute-timestamps cannot be provided simultaneously",
        false,
        true,
    ),
    case(&["-e", "trace=mmap2@64", "true"], "tracer: invalid system call 'mmap2@64'", false, true),
    case(&["--read=x", "true"], "tracer: invalid descriptor 'x'", false, true),
    case(&["--decode-pids=x", "true"], "tracer: invalid decode-pids 'x'", false, true),
];

/// Run tracer (or strace) with `args`, killing it after 10 s; returns (exit code, stderr).
fn run(program: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(program)
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waits") {
            break status;
        }
        if start.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            break child.wait().expect("waits");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let mut stderr = String::new();
    child.stderr.take().expect("piped").read_to_string(&mut stderr).expect("utf-8");
    (status.code(), stderr)
}

fn strace_installed() -> bool {
    Command::new("strace").arg("-V").stdout(Stdio::null()).status().is_ok_and(|s| s.success())
}

/// What is wrong with tracer's answer to `case` (empty when nothing): the contract (exit 1, no
/// panic, one short line and at most strace's hint), the wording and hint, and strace's own answer
/// when it is installed.
fn problems(case: &Case, strace: bool) -> Vec<String> {
    let (code, stderr) = run(&tracer_bin(), case.args);
    let lines: Vec<&str> = stderr.lines().collect();
    let (hint, want, prefix) = (as_invoked(HINT), as_invoked(case.line), as_invoked("tracer: "));
    let mut problems = Vec::new();
    if code != Some(1) {
        problems.push(format!("exit {code:?}, want 1"));
    }
    if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") || stderr.contains("backtrace") {
        problems.push("a panic".to_owned());
    }
    // The contract: one short `tracer: ` line (the name as invoked), then at most strace's usage
    // hint.
    let first = lines.first().copied().unwrap_or_default();
    if !first.starts_with(&prefix) || first.len() > 160 + prefix.len() {
        problems.push("not one short `tracer: ...` line".to_owned());
    }
    if lines.len() > 2 || lines.get(1).is_some_and(|l| *l != hint) {
        problems.push(format!("{} lines", lines.len()));
    }
    if !case.line.is_empty() && first != want {
        problems.push(format!("want {:?}", case.line));
    }
    if case.hint != (lines.get(1) == Some(&hint.as_str())) {
        problems.push(format!("usage hint {}", if case.hint { "missing" } else { "unexpected" }));
    }
    if case.like_strace && strace {
        let (strace_code, strace_err) = run(std::path::Path::new("strace"), case.args);
        let theirs = as_invoked(&strace_err.replace("strace", "tracer"));
        if strace_code != code || theirs != stderr {
            problems.push(format!("strace 6.1 says {theirs:?} (exit {strace_code:?})"));
        }
    }
    if problems.is_empty() {
        return problems;
    }
    vec![format!("tracer {:?}: {stderr:?}: {}", case.args, problems.join("; "))]
}

#[test]
fn every_bad_input_is_one_line_and_exit_1() {
    assert!(CASES.len() >= 20);
    let strace = strace_installed();
    if !strace {
        tracer_tests::skip(
            tracer_tests::Skip::Environment,
            "strace not installed: comparing with the recorded strace 6.1 lines only",
        );
    }
    let failures: Vec<String> = CASES.iter().flat_map(|case| problems(case, strace)).collect();
    assert!(failures.is_empty(), "{} of {} cases:\n{}", failures.len(), CASES.len(), failures.join("\n"));
}

#[test]
fn the_version_names_both_backends() {
    let out = Command::new(tracer_bin()).arg("-V").output().expect("tracer -V runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.starts_with("tracer ") && text.contains("backends: ptrace, ebpf"), "{text}");
}

/// With stderr closed, tracer neither panics nor changes its exit status: a trace to a file still
/// works (0), a usage error still exits 1 (a panic would be 101).
#[test]
fn a_closed_stderr_changes_nothing() {
    let trace = std::env::temp_dir().join(format!("tracer-closed-stderr-{}", std::process::id()));
    let run = |args: &[&std::ffi::OsStr]| {
        let mut cmd = Command::new(tracer_bin());
        cmd.args(args).stdin(Stdio::null()).stdout(Stdio::null());
        // SAFETY: close(2) is async-signal-safe; the child then execs tracer without a stderr.
        unsafe {
            std::os::unix::process::CommandExt::pre_exec(&mut cmd, || {
                libc::close(2);
                Ok(())
            });
        }
        cmd.status().expect("tracer runs").code()
    };
    let mut backends = vec!["ptrace"];
    if tracer_tests::is_root() {
        backends.push("ebpf");
    }
    for backend in backends {
        let args =
            ["--backend".as_ref(), backend.as_ref(), "-o".as_ref(), trace.as_os_str(), "true".as_ref()];
        assert_eq!(run(&args), Some(0), "{backend}");
        let text = std::fs::read_to_string(&trace).unwrap_or_default();
        assert!(text.contains("exit_group(0)"), "{backend}: {text}");
    }
    let _ = std::fs::remove_file(&trace);
    assert_eq!(run(&["-Z".as_ref(), "--no-such-flag".as_ref()]), Some(1));
}
