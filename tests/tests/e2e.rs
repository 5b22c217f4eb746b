//! End to end: fixture programs of our own, `ls /` and shell one-liners run under the installed
//! strace, `tracer --backend ptrace` and `tracer --backend ebpf`.

use std::os::unix::process::ExitStatusExt as _;
use std::process::Command;

use tracer_tests::{
    first_difference, fixture, from_begin_marker, normalize_trace, require_root, strace, tracer, Traced,
};

/// strace 6.1's lines for fixture-files, from the begin marker on (checked by `fixture_files_reference_is_strace`).
const FIXTURE_FILES_EXPECTED: &str = r#"openat(AT_FDCWD, "/tracer-fixture-begin", O_RDONLY) = -1 ENOENT (No such file or directory)
openat(AT_FDCWD, "/dev/null", O_WRONLY) = 3
write(3, "hello, tracer\n\t\"quoted\"\1\177", 25) = 25
close(3)                                = 0
openat(AT_FDCWD, "/nonexistent/tracer-fixture", O_RDONLY) = -1 ENOENT (No such file or directory)
openat(AT_FDCWD, "/dev/zero", O_RDONLY|O_CLOEXEC) = 3
read(3, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"..., 64) = 64
close(3)                                = 0
openat(AT_FDCWD, "/tracer-fixture-end", O_RDONLY) = -1 ENOENT (No such file or directory)
exit_group(7)                           = ?
+++ exited with 7 +++"#;

/// ptrace always; eBPF too when root (as in CI).
fn available_backends() -> Vec<&'static str> {
    if tracer_tests::is_root() {
        vec!["ptrace", "ebpf"]
    } else {
        eprintln!(
            "not root: checking the ptrace backend only (the eBPF backend needs CAP_BPF + CAP_PERFMON)"
        );
        vec!["ptrace"]
    }
}

fn expected_lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_owned).collect()
}

fn assert_same(what: &str, left: &[String], right: &[String]) {
    if let Some(diff) = first_difference(left, right) {
        panic!("{what}: {diff}");
    }
}

/// Normalised whole traces of the same command under ptrace and eBPF must be identical.
fn assert_backends_agree(command: &[&str]) -> (Traced, Traced) {
    let ptrace = tracer("ptrace", &[], command);
    let ebpf = tracer("ebpf", &[], command);
    assert!(ebpf.stderr.is_empty(), "eBPF backend complained: {}", ebpf.stderr);
    let (p, e) = (normalize_trace(&ptrace.trace), normalize_trace(&ebpf.trace));
    assert_same(&format!("ptrace vs ebpf for {command:?}"), &p, &e);
    assert_eq!(ptrace.status.code(), ebpf.status.code(), "exit statuses differ");
    (ptrace, ebpf)
}

#[test]
fn fixture_files_reference_is_strace() {
    let run = strace(&[], &[&fixture("fixture-files")]);
    assert_eq!(run.status.code(), Some(7));
    assert_same(
        "strace vs the expected block",
        &from_begin_marker(&run.trace),
        &expected_lines(FIXTURE_FILES_EXPECTED),
    );
}

#[test]
fn ptrace_prints_fixture_files_exactly_like_strace() {
    let run = tracer("ptrace", &[], &[&fixture("fixture-files")]);
    assert_eq!(run.status.code(), Some(7), "tracer exits with the tracee's status; stderr: {}", run.stderr);
    assert_same("ptrace vs strace", &from_begin_marker(&run.trace), &expected_lines(FIXTURE_FILES_EXPECTED));
    assert!(run.trace.starts_with("execve(\""), "first line is the execve: {}", run.trace);
}

#[test]
fn ebpf_prints_fixture_files_exactly_like_ptrace() {
    require_root!();
    let (_, ebpf) = assert_backends_agree(&[&fixture("fixture-files")]);
    assert_same("ebpf vs strace", &from_begin_marker(&ebpf.trace), &expected_lines(FIXTURE_FILES_EXPECTED));
    assert!(ebpf.trace.starts_with("execve(\""), "first line is the execve: {}", ebpf.trace);
}

#[test]
fn string_limit_cuts_buffers_like_strace() {
    let command = [fixture("fixture-files")];
    let command: Vec<&str> = command.iter().map(String::as_str).collect();
    let reference = from_begin_marker(&strace(&["-s", "5"], &command).trace);
    let ptrace = from_begin_marker(&tracer("ptrace", &["-s", "5"], &command).trace);
    assert!(reference.iter().any(|l| l.starts_with("write(3, \"hello\"..., 25)")), "{reference:?}");
    assert_same("-s 5: ptrace vs strace", &ptrace, &reference);
    if tracer_tests::is_root() {
        let ebpf = from_begin_marker(&tracer("ebpf", &["-s", "5"], &command).trace);
        assert_same("-s 5: ebpf vs strace", &ebpf, &reference);
    }
}

#[test]
fn bad_pointers_print_as_addresses() {
    let expected = [
        "openat(AT_FDCWD, 0x1, O_RDONLY)         = -1 EFAULT (Bad address)",
        "write(4, 0x10, 5)                       = -1 EFAULT (Bad address)",
    ];
    for backend in available_backends() {
        let run = tracer(backend, &[], &[&fixture("fixture-bad-pointers")]);
        assert_eq!(run.status.code(), Some(0), "{backend}: {}", run.stderr);
        for line in expected {
            assert!(run.trace.lines().any(|l| l == line), "{backend}: missing {line:?} in\n{}", run.trace);
        }
    }
}

#[test]
fn killed_tracee_is_reported_and_its_signal_forwarded() {
    for backend in available_backends() {
        let run = tracer(backend, &[], &[&fixture("fixture-killed")]);
        assert_eq!(run.status.signal(), Some(libc::SIGKILL), "{backend}: tracer dies of the same signal");
        assert!(run.trace.ends_with("+++ killed by SIGKILL +++\n"), "{backend}: {}", run.trace);
    }
}

#[test]
fn exit_status_is_forwarded() {
    for backend in available_backends() {
        let run = tracer(backend, &[], &["sh", "-c", "exit 3"]);
        assert_eq!(run.status.code(), Some(3), "{backend}: {}", run.stderr);
        assert!(run.trace.ends_with("+++ exited with 3 +++\n"), "{backend}: {}", run.trace);
    }
}

#[test]
fn ls_root_is_identical_under_both_backends() {
    require_root!();
    let (ptrace, _) = assert_backends_agree(&["ls", "/"]);
    assert!(ptrace.trace.lines().count() > 50, "a dynamic ls makes many syscalls");
}

#[test]
fn ls_root_matches_strace_line_for_line() {
    let reference = strace(&[], &["ls", "/"]);
    let ours = tracer("ptrace", &[], &["ls", "/"]);
    assert_same("ls /: ptrace vs strace", &normalize_trace(&ours.trace), &normalize_trace(&reference.trace));
}

#[test]
fn ebpf_without_privilege_names_the_capability() {
    require_root!();
    // Drop to nobody: the backend must say what is missing, in one line, and exit 1.
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all"])
        .arg(tracer_tests::tracer_bin())
        .args(["--backend", "ebpf", "--", "true"])
        .output()
        .expect("setpriv runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("CAP_BPF") && stderr.contains("CAP_PERFMON"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
}

#[test]
fn usage_errors_are_one_line_and_exit_1() {
    let cases: &[(&[&str], &str)] = &[
        (&[], "tracer: must have PROG [ARGS] or -p PID"),
        (&["-s", "-5", "true"], "tracer: invalid -s argument: '-5'"),
        (&["--backend", "dtrace", "true"], "tracer: invalid value 'dtrace' for '--backend"),
        (
            &["--", "no-such-program-xyz"],
            "tracer: Can't stat 'no-such-program-xyz': No such file or directory",
        ),
        (
            &["-o", "/nonexistent-dir/x", "true"],
            "tracer: Can't fopen '/nonexistent-dir/x': No such file or directory",
        ),
    ];
    for (args, expected) in cases {
        let out = Command::new(tracer_tests::tracer_bin()).args(*args).output().expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        let first = stderr.lines().next().unwrap_or_default();
        let expected = tracer_tests::as_invoked(expected);
        assert!(first.starts_with(&expected), "{args:?}: got {first:?}, want {expected:?}");
        assert!(stderr.lines().count() <= 2, "{args:?}: at most the error and a hint: {stderr}");
    }
}
