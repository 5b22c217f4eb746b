//! `--seccomp-bpf` with a narrow `-e trace=` and without `-f` (ptrace, as root): the seccomp filter is
//! installed anyway and the command's children are followed silently. The output and exit status stay strace's, the
//! children's filtered calls still run (no ENOSYS), and tracer ends with the command even when a
//! child outlives it.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use tracer_tests::{first_difference, normalize_trace, status_field, strace, tracer, tracer_bin, wait_until};

fn temp(tag: &str) -> PathBuf {
    std::env::temp_dir().join(format!("tracer-silent-{}-{tag}", std::process::id()))
}

#[test]
fn a_shell_running_children_prints_as_under_strace() {
    // The children open files too: none of their calls is shown, and each one works.
    let out = temp("out");
    let script = format!(
        "cat /etc/hostname > {0}; /bin/true; (cat /etc/hostname >> {0}) & wait; exit 3",
        out.display()
    );
    let command = ["/bin/sh", "-c", &script];
    // Signals off: when SIGCHLD arrives relative to the shell's wait4 depends on speed alone.
    let extra = ["-e", "trace=openat,execve", "-e", "signal=none"];
    let want = strace(&extra, &command);
    let hostname = std::fs::read_to_string("/etc/hostname").expect("/etc/hostname");
    assert_eq!(std::fs::read_to_string(&out).unwrap_or_default(), hostname.repeat(2), "under strace");
    let _ = std::fs::remove_file(&out);
    let got = tracer("ptrace", &extra, &command);
    assert_eq!(
        std::fs::read_to_string(&out).unwrap_or_default(),
        hostname.repeat(2),
        "the children's opens ran"
    );
    let _ = std::fs::remove_file(&out);
    assert_eq!(got.status.code(), Some(3), "tracer's stderr: {}", got.stderr);
    assert_eq!(got.status.code(), want.status.code());
    let (want, got) = (normalize_trace(&want.trace), normalize_trace(&got.trace));
    assert!(got.iter().any(|l| l.starts_with("openat(")), "{got:?}");
    if let Some(diff) = first_difference(&want, &got) {
        panic!("strace (left) vs tracer (right): {diff}");
    }
}

#[test]
fn a_child_that_outlives_the_command_keeps_running_after_tracer_ends() {
    // Children are followed silently as root only (as another user, strace's way: no filter).
    if !tracer_tests::is_root() {
        return;
    }
    let (go, out, pid_file) = (temp("go"), temp("late"), temp("pid"));
    for path in [&go, &out, &pid_file] {
        let _ = std::fs::remove_file(path);
    }
    // The child waits for the test's go-ahead, which comes only once tracer has ended: if tracer
    // waited for it, the wait below would time out.
    let script = format!(
        "/bin/sh -c 'echo $$ > {pid}.tmp; mv {pid}.tmp {pid}; while [ ! -e {go} ]; do sleep 0.05; done; \
         cat /etc/hostname > {out}' & exit 7",
        go = go.display(),
        out = out.display(),
        pid = pid_file.display()
    );
    let mut child = Command::new(tracer_bin())
        .args(["-o", "/dev/null", "--seccomp-bpf", "-e", "trace=openat", "--", "/bin/sh", "-c", &script])
        .stdin(Stdio::null())
        .spawn()
        .expect("tracer starts");
    let mut status = None;
    wait_until("tracer to end with the command", || {
        status = child.try_wait().expect("wait for tracer");
        status.is_some()
    });
    assert_eq!(status.and_then(|s| s.code()), Some(7));
    wait_until("the child's pid", || pid_file.exists());
    let pid: u32 = std::fs::read_to_string(&pid_file).expect("pid file").trim().parse().expect("a pid");
    // What makes it cheap: the command's seccomp filter, inherited; what it costs: the child is
    // ptrace-attached while it runs (README says so).
    assert_eq!(status_field(pid, "Seccomp").as_deref(), Some("2"), "the filter is installed without -f");
    assert_ne!(status_field(pid, "TracerPid").as_deref(), Some("0"), "the child is followed");
    std::fs::write(&go, b"").expect("go file");
    let hostname = std::fs::read_to_string("/etc/hostname").expect("/etc/hostname");
    wait_until("the child to write its file", || {
        std::fs::read_to_string(&out).is_ok_and(|text| text == hostname)
    });
    for path in [&go, &out, &pid_file] {
        let _ = std::fs::remove_file(path);
    }
}

#[test]
fn a_killed_command_kills_tracer_with_the_same_signal() {
    let command = ["/bin/sh", "-c", "sleep 1 & kill -TERM $$"];
    let extra = ["-e", "trace=openat"];
    let want = strace(&extra, &command);
    let got = tracer("ptrace", &["--seccomp-bpf", "-e", "trace=openat"], &command);
    use std::os::unix::process::ExitStatusExt as _;
    assert_eq!(want.status.signal(), Some(libc::SIGTERM));
    assert_eq!(got.status.signal(), want.status.signal(), "tracer's stderr: {}", got.stderr);
    let (want, got) = (normalize_trace(&want.trace), normalize_trace(&got.trace));
    assert_eq!(want.last(), got.last());
}

/// As root the filter goes in without PR_SET_NO_NEW_PRIVS, so the command and its children can
/// still gain a setuid program's privileges, as under strace without a filter.
#[test]
fn as_root_the_children_keep_their_right_to_gain_privileges() {
    if !tracer_tests::is_root() {
        return;
    }
    let out = temp("nnp");
    let script = format!("grep -E '^(NoNewPrivs|Seccomp):' /proc/self/status > {}", out.display());
    for flags in [&["--seccomp-bpf", "-e", "trace=openat"][..], &["-f", "-e", "trace=openat"]] {
        let got = tracer("ptrace", flags, &["/bin/sh", "-c", &script]);
        assert_eq!(got.status.code(), Some(0), "{}", got.stderr);
        let status = std::fs::read_to_string(&out).unwrap_or_default();
        let _ = std::fs::remove_file(&out);
        assert!(status.contains("NoNewPrivs:\t0"), "{flags:?}: {status}");
        assert!(status.contains("Seccomp:\t2"), "{flags:?}: the filter is there: {status}");
    }
}

/// Without `--seccomp-bpf` (and without -f), strace's behaviour: no filter, the children untraced
/// (so a program that traces its own children still can).
#[test]
fn by_default_the_children_are_left_alone() {
    let out = temp("alone");
    let script = format!("grep -E '^(TracerPid|Seccomp):' /proc/self/status > {}", out.display());
    let got = tracer("ptrace", &["-e", "trace=openat"], &["/bin/sh", "-c", &script]);
    assert_eq!(got.status.code(), Some(0), "{}", got.stderr);
    let status = std::fs::read_to_string(&out).unwrap_or_default();
    let _ = std::fs::remove_file(&out);
    assert!(status.contains("TracerPid:\t0") && status.contains("Seccomp:\t0"), "{status}");
}

/// As another user, `--seccomp-bpf` without -f follows nothing silently: strace's warning, then
/// strace's behaviour (no filter).
#[test]
fn as_another_user_seccomp_bpf_without_f_is_strace_s_warning() {
    if !tracer_tests::is_root() {
        return;
    }
    let as_nobody = |program: &std::path::Path, name: &str| {
        let out = Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(program)
            .args(["--seccomp-bpf", "-e", "trace=openat", "-o", "/dev/null", "/bin/true"])
            .output()
            .expect("setpriv runs");
        assert!(out.status.success(), "{name}: {out:?}");
        String::from_utf8_lossy(&out.stderr)
            .replace(&format!("{}: ", program.display()), &format!("{name}: "))
    };
    let strace = std::path::Path::new("/usr/bin/strace");
    let theirs = as_nobody(strace, "X");
    assert!(theirs.contains("cannot be used without -f"), "{theirs}");
    assert_eq!(as_nobody(&tracer_bin(), "X"), theirs);
}
