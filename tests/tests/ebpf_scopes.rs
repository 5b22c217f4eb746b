//! The eBPF backend's production scopes (`--comm`, `--uid`): tasks picked in the kernel, not launched
//! or attached; every line carries the task's pid and comm (`[pid  1234 comm] `).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tracer_tests::{require_root, tracer_bin};

/// A tracer running with a scope, its trace in a file of its own; interrupted (and reaped) on drop.
struct ScopedTracer {
    child: Child,
    trace: PathBuf,
}

impl ScopedTracer {
    fn start(scope: &[&str], tag: &str) -> ScopedTracer {
        let trace = std::env::temp_dir().join(format!("tracer-scope-{}-{tag}.trace", std::process::id()));
        let child = Command::new(tracer_bin())
            .args(["--backend", "ebpf", "-o"])
            .arg(&trace)
            .args(scope)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("tracer runs");
        ScopedTracer { child, trace }
    }

    fn text(&self) -> String {
        std::fs::read_to_string(&self.trace).unwrap_or_default()
    }

    /// Run `workload` until the trace shows `marker` (the probes attach asynchronously), then stop
    /// the tracer with SIGINT and return its trace.
    fn collect_until(mut self, marker: &str, mut workload: impl FnMut()) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !self.text().contains(marker) {
            assert!(Instant::now() < deadline, "no {marker:?} in the trace within 20 s:\n{}", self.text());
            workload();
            std::thread::sleep(Duration::from_millis(100));
        }
        // SAFETY: a signal to our own child.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGINT) };
        let status = self.child.wait().expect("tracer ends");
        assert!(ended_by_sigint(status), "tracer ends on SIGINT: {status:?}");
        self.text()
    }
}

impl Drop for ScopedTracer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.trace);
    }
}

/// strace dies of the signal that made it detach; so does tracer.
fn ended_by_sigint(status: std::process::ExitStatus) -> bool {
    use std::os::unix::process::ExitStatusExt as _;
    status.signal() == Some(libc::SIGINT) || status.code() == Some(130)
}

/// A link to `cat` named `name` in a fresh directory: exec'd through it, a task's comm is `name`.
fn cat_named(name: &str) -> (tempdir::Dir, PathBuf) {
    let dir = tempdir::Dir::new(name);
    let link = dir.path().join(name);
    std::os::unix::fs::symlink("/usr/bin/cat", &link).expect("symlink in a fresh dir");
    (dir, link)
}

mod tempdir {
    use super::*;

    pub struct Dir(PathBuf);

    impl Dir {
        pub fn new(tag: &str) -> Dir {
            let path = std::env::temp_dir().join(format!("tracer-scope-{}-{tag}", std::process::id()));
            let _ = std::fs::remove_dir_all(&path);
            std::fs::create_dir_all(&path).expect("temp dir");
            Dir(path)
        }

        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// The comm of a `[pid  1234 comm] ` line.
fn comm_of(line: &str) -> Option<&str> {
    let inside = line.strip_prefix("[pid")?.split_once(']')?.0.trim();
    inside.split_once(' ').map(|(_, comm)| comm)
}

#[test]
fn comm_scope_traces_only_that_comm_with_pid_and_comm_on_every_line() {
    require_root!();
    let (_dir, cat) = cat_named("scopecat");
    let tracer = ScopedTracer::start(&["--comm", "scopecat"], "comm");
    let trace = tracer.collect_until(r#"openat(AT_FDCWD, "/etc/hostname""#, || {
        let _ = Command::new(&cat).arg("/etc/hostname").stdout(Stdio::null()).status();
    });
    let lines: Vec<&str> = trace.lines().collect();
    assert!(!lines.is_empty());
    for line in &lines {
        assert_eq!(comm_of(line), Some("scopecat"), "every line is scopecat's, with its prefix: {line:?}");
    }
    assert!(trace.contains("+++ exited with 0 +++"), "{trace}");
}

#[test]
fn uid_scope_traces_only_that_users_tasks() {
    require_root!();
    if Command::new("setpriv").arg("--version").output().is_err() {
        tracer_tests::skip(tracer_tests::Skip::Environment, "setpriv (util-linux) is not installed");
        return;
    }
    let (_dir, cat) = cat_named("uidcat");
    let tracer = ScopedTracer::start(&["--uid", "65534"], "uid");
    let trace = tracer.collect_until(r#"openat(AT_FDCWD, "/etc/hostname""#, || {
        let _ = Command::new("setpriv")
            .args(["--reuid", "65534", "--regid", "65534", "--clear-groups"])
            .arg(&cat)
            .arg("/etc/hostname")
            .stdout(Stdio::null())
            .status();
    });
    for line in trace.lines() {
        // Only the user's tasks: setpriv once it has dropped to uid 65534, then the cat it execs
        // (nothing of this test, which runs as root).
        let comm = comm_of(line);
        assert!(matches!(comm, Some("setpriv" | "uidcat")), "a task of uid 65534: {line:?}");
    }
}
