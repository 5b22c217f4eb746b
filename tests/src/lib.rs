//! A small harness for tracer's end-to-end tests: run a command under `tracer` (either backend) or
//! the installed `strace`, read the trace back, and normalise what legitimately differs between two
//! runs (addresses, pids, random bytes).

use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use regex::Regex;

pub mod differential;
pub mod edges;
pub mod filter_seed;
pub mod lifecycle;

/// `text` as tracer run as [`tracer_bin`] writes it: its diagnostics start with its `argv[0]` (the
/// binary's path), as strace's start with its own: `tracer: ` and `Try 'tracer -h'` become the
/// path's.
pub fn as_invoked(text: &str) -> String {
    let name = tracer_bin().display().to_string();
    text.replace("tracer: ", &format!("{name}: ")).replace("Try 'tracer -h'", &format!("Try '{name} -h'"))
}

/// The tracer binary under test: `$TRACER_BIN`, else the workspace's debug build.
pub fn tracer_bin() -> PathBuf {
    if let Some(path) = std::env::var_os("TRACER_BIN") {
        return PathBuf::from(path);
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/debug/tracer");
    assert!(
        path.exists(),
        "{} is missing: run `cargo build -p tracer-cli` first (cargo xtask test does)",
        path.display()
    );
    path
}

/// Why a test, or a part of one, did not run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skip {
    /// It needs root or the eBPF backend. `cargo xtask test` fails on such a skip where
    /// `tracer --check` finds both backends usable.
    Privileged,
    /// A program or a property of the machine it needs is missing (listed, not fatal).
    Environment,
}

/// Say that (a part of) the current test did not run and why: on stderr, which `cargo test`
/// shows only for failures, and as a line of the file `$TRACER_SKIP_LOG` names, which `cargo xtask
/// test` reads to list every skip at the end.
pub fn skip(kind: Skip, reason: &str) {
    eprintln!("skipped: {reason}");
    let Some(path) = std::env::var_os("TRACER_SKIP_LOG") else { return };
    let binary = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .map(|stem| stem.rsplit_once('-').map_or(stem.clone(), |(name, _hash)| name.to_string()))
        .unwrap_or_default();
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("?");
    let reason = reason.replace(['\t', '\n'], " ");
    let line = format!("{binary}::{test}\t{kind:?}\t{reason}\n");
    // One short O_APPEND write per line: tests running in parallel do not interleave.
    let file = std::fs::OpenOptions::new().create(true).append(true).open(path);
    if let Ok(mut file) = file {
        use std::io::Write as _;
        let _ = file.write_all(line.as_bytes());
    }
}

/// True when running as root (needed for the eBPF backend). When not, the caller is about to
/// leave its root-only part out: that is recorded as a privileged skip ([`skip`]).
pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() == 0 };
    if !root {
        skip(Skip::Privileged, "the eBPF backend (or what this part does) needs root; CI runs this as root");
    }
    root
}

/// Skip the current test (return early) unless root, saying why.
#[macro_export]
macro_rules! require_root {
    () => {
        if !$crate::is_root() {
            return;
        }
    };
}

/// The backends a test can run here: both as root, else ptrace alone (the eBPF half recorded as
/// skipped).
pub fn backends() -> Vec<&'static str> {
    if is_root() {
        vec!["ptrace", "ebpf"]
    } else {
        vec!["ptrace"]
    }
}

/// Field `name` (`State`, `TracerPid`) of `/proc/PID/status`, trimmed.
pub fn status_field(pid: u32, name: &str) -> Option<String> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find_map(|l| l.strip_prefix(name)?.strip_prefix(':').map(|v| v.trim().to_string()))
}

/// Poll `check` for up to 10 s; fail the test naming `what` if it never holds.
pub fn wait_until(what: &str, check: impl FnMut() -> bool) {
    let held = lifecycle::eventually(std::time::Duration::from_secs(10), check);
    assert!(held, "timed out waiting for {what}");
}

/// What one traced run produced.
#[derive(Debug)]
pub struct Traced {
    pub status: ExitStatus,
    /// The trace (written with -o to a file of its own).
    pub trace: String,
    /// tracer's own stderr.
    pub stderr: String,
}

fn temp_path(tag: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("tracer-test-{}-{tag}-{n}.trace", std::process::id()))
}

/// Where and with what environment a traced command runs (the tracer passes both on to it).
#[derive(Debug, Default, Clone, Copy)]
pub struct RunIn<'a> {
    /// Working directory; the test's own when `None`.
    pub cwd: Option<&'a Path>,
    /// Variables set on top of the inherited environment (or instead of it, with `clear_env`).
    pub env: &'a [(&'a str, &'a str)],
    /// Start from an empty environment rather than this test's (which cargo fills with CARGO_*
    /// variables and an LD_LIBRARY_PATH that makes every dynamic program probe more directories).
    pub clear_env: bool,
    /// Start the tracer with `ADDR_NO_RANDOMIZE` (inherited by the tracee), so that what a
    /// program does cannot depend on where its memory happens to be (Python's allocator, for one,
    /// gets one pool less from an arena that is not 16 KiB-aligned).
    pub no_aslr: bool,
    /// Signals blocked when the tracer starts (inherited by the tracee, as under strace).
    pub blocked: &'a [i32],
    /// Signals whose disposition is SIG_IGN when the tracer starts (inherited too).
    pub ignored: &'a [i32],
}

fn run_with_output_file(mut cmd: Command, trace_path: &Path, run_in: RunIn) -> Traced {
    if let Some(dir) = run_in.cwd {
        cmd.current_dir(dir);
    }
    if run_in.clear_env {
        cmd.env_clear();
    }
    cmd.envs(run_in.env.iter().copied());
    if run_in.no_aslr {
        // SAFETY: personality(2) is async-signal-safe and touches no memory of this process.
        unsafe {
            cmd.pre_exec(|| {
                let current = libc::personality(0xffff_ffff);
                if current == -1
                    || libc::personality((current | libc::ADDR_NO_RANDOMIZE) as libc::c_ulong) == -1
                {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    if !run_in.blocked.is_empty() || !run_in.ignored.is_empty() {
        let (blocked, ignored) = (run_in.blocked.to_vec(), run_in.ignored.to_vec());
        // SAFETY: sigprocmask and signal are async-signal-safe; the set is a local.
        unsafe {
            cmd.pre_exec(move || {
                let mut set: libc::sigset_t = std::mem::zeroed();
                libc::sigemptyset(&mut set);
                for &signal in &blocked {
                    libc::sigaddset(&mut set, signal);
                }
                libc::sigprocmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
                for &signal in &ignored {
                    libc::signal(signal, libc::SIG_IGN);
                }
                Ok(())
            });
        }
    }
    let out = cmd.stdin(Stdio::null()).stdout(Stdio::null()).output().expect("tracer runs");
    let trace = std::fs::read_to_string(trace_path).unwrap_or_default();
    let _ = std::fs::remove_file(trace_path);
    Traced { status: out.status, trace, stderr: String::from_utf8_lossy(&out.stderr).into_owned() }
}

/// Run `command` under `tracer --backend BACKEND -o FILE EXTRA... -- command`.
pub fn tracer(backend: &str, extra: &[&str], command: &[&str]) -> Traced {
    tracer_in(RunIn::default(), backend, extra, command)
}

/// [`tracer`], in the given directory and environment.
pub fn tracer_in(run_in: RunIn, backend: &str, extra: &[&str], command: &[&str]) -> Traced {
    let path = temp_path(backend);
    let mut cmd = Command::new(tracer_bin());
    cmd.args(["--backend", backend, "-o"]).arg(&path).args(extra).arg("--").args(command);
    run_with_output_file(cmd, &path, run_in)
}

/// Run `command` under the installed strace (the reference), with `-o FILE EXTRA...`.
pub fn strace(extra: &[&str], command: &[&str]) -> Traced {
    strace_in(RunIn::default(), extra, command)
}

/// [`strace`], in the given directory and environment.
pub fn strace_in(run_in: RunIn, extra: &[&str], command: &[&str]) -> Traced {
    let path = temp_path("strace");
    let mut cmd = Command::new("strace");
    cmd.arg("-o").arg(&path).args(extra).arg("--").args(command);
    run_with_output_file(cmd, &path, run_in)
}

/// Path of one of this crate's fixture programs.
pub fn fixture(name: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/debug");
    let exe = std::env::var_os(format!("CARGO_BIN_EXE_{name}"))
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.join(name));
    exe.to_string_lossy().into_owned()
}

/// The trace from the line that opens `/tracer-fixture-begin` to the end.
pub fn from_begin_marker(trace: &str) -> Vec<String> {
    trace.lines().skip_while(|l| !l.contains("/tracer-fixture-begin")).map(str::to_owned).collect()
}

/// Replace what differs between two runs of the same program: addresses, pids and tids, random
/// bytes, and the column padding those changes shift.
pub fn normalize(line: &str) -> String {
    static RULES: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    let rules = RULES.get_or_init(|| {
        [
            // getrandom's bytes.
            (r#"^getrandom\("[^"]*""#, "getrandom(\"RANDOM\""),
            // Addresses (anything of 5+ hex digits).
            (r"0x[0-9a-f]{5,}", "0xADDR"),
            // Return values that are pids or tids.
            (
                r"^((?:\d+ +)?(?:set_tid_address|getpid|gettid|getppid|clone|clone3|fork|vfork)\(.*\)) += \d+$",
                "$1 = PID",
            ),
            // Pids in arguments of signal calls.
            (r"^(kill|tgkill|tkill)\(\d+", "$1(PID"),
            // st_ino/dev and other varying struct fields are abbreviated by default; times too.
            (r" +=", " ="),
        ]
        .into_iter()
        .map(|(re, to)| (Regex::new(re).expect("valid regex"), to))
        .collect()
    });
    rules.iter().fold(line.to_string(), |acc, (re, to)| re.replace_all(&acc, *to).into_owned())
}

/// Normalise every line of a trace, the tracee's pid included (learnt from `set_tid_address`'s
/// return value, which glibc calls at startup).
pub fn normalize_trace(trace: &str) -> Vec<String> {
    static PID: OnceLock<Regex> = OnceLock::new();
    let pid_re =
        PID.get_or_init(|| Regex::new(r"(?m)^set_tid_address\(.*\) += (\d+)$").expect("valid regex"));
    // Or from a personality line, in a trace that leaves set_tid_address out.
    static PERSONALITY: OnceLock<Regex> = OnceLock::new();
    let personality_re = PERSONALITY
        .get_or_init(|| Regex::new(r"(?m)^(?:\d+ +)?\[ Process PID=(\d+) runs in ").expect("valid regex"));
    let pid = [pid_re, personality_re]
        .iter()
        .find_map(|re| re.captures(trace).and_then(|c| c.get(1)))
        .map(|m| m.as_str().to_owned());
    // Only where a pid stands (a line's pid prefix, si_pid=, a personality line's PID=, a lone [pid], a first argument, a tid after
    // a tgid, a /proc/PID path; results of getpid & co. are `normalize`'s): a size or count that
    // happens to equal the pid stays as it is.
    let pid_word = pid.and_then(|p| {
        Regex::new(&format!(r"(^|si_pid=|PID=|\(|\(PID, |\[pid +|/){p}(?:$|[^0-9])|\[{p}\]"))
            .ok()
            .map(|re| (re, p))
    });
    let mut maps = MapsFds::default();
    trace
        .lines()
        .map(|line| {
            let line = normalize(&maps.hide_contents(line));
            match &pid_word {
                Some((re, pid)) => re
                    .replace_all(&line, |c: &regex::Captures| c[0].replacen(pid.as_str(), "PID", 1))
                    .into_owned(),
                None => line,
            }
        })
        .collect()
}

/// [`normalize_trace`] of a trace written with `-f -o FILE`, its pid column taken off first.
pub fn normalize_unprefixed(trace: &str) -> Vec<String> {
    let unprefixed: String = trace
        .lines()
        .map(|l| l.trim_start_matches(|c: char| c.is_ascii_digit()).trim_start())
        .flat_map(|l| [l, "\n"])
        .collect();
    normalize_trace(&unprefixed)
}

/// The descriptors open on a `/proc/PID/maps` file (Rust's runtime reads its own at startup):
/// what is read from them is address text that changes on every run.
#[derive(Default)]
pub(crate) struct MapsFds {
    open: Vec<String>,
}

impl MapsFds {
    pub(crate) fn hide_contents(&mut self, line: &str) -> String {
        static RES: OnceLock<[Regex; 3]> = OnceLock::new();
        let [open, close, read] = RES.get_or_init(|| {
            [
                Regex::new(r#"^open(?:at)?\(.*"/proc/[^"]*/maps", .*\) += (\d+)$"#),
                Regex::new(r"^close\((\d+)\)"),
                Regex::new(r#"^(read\((\d+), )"(?:[^"\\]|\\.)*""#),
            ]
            .map(|re| re.expect("valid regex"))
        });
        if let Some(fd) = open.captures(line).and_then(|c| c.get(1)) {
            self.open.push(fd.as_str().to_owned());
        } else if let Some(fd) = close.captures(line).and_then(|c| c.get(1)) {
            self.open.retain(|open| open != fd.as_str());
        } else if let Some(c) = read.captures(line) {
            if self.open.iter().any(|fd| fd == &c[2]) {
                return read.replace(line, "${1}\"MAPS\"").into_owned();
            }
        }
        line.to_owned()
    }
}

/// A readable diff of two line lists (first mismatch in context), for assertion messages.
pub fn first_difference(left: &[String], right: &[String]) -> Option<String> {
    let at = left
        .iter()
        .zip(right)
        .position(|(a, b)| a != b)
        .or_else(|| (left.len() != right.len()).then(|| left.len().min(right.len())))?;
    Some(format!(
        "first difference at line {at}:\n  left:  {:?}\n  right: {:?}\n(left has {} lines, right {})",
        left.get(at),
        right.get(at),
        left.len(),
        right.len()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_hides_only_run_to_run_noise() {
        assert_eq!(
            normalize("mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, -1, 0) = 0x7f9cdcf28000"),
            "mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, -1, 0) = 0xADDR"
        );
        assert_eq!(
            normalize("set_tid_address(0x7f9cdcc72ad0)         = 3349"),
            "set_tid_address(0xADDR) = PID"
        );
        assert_eq!(normalize("close(3)                                = 0"), "close(3) = 0");
        // Small numbers and flags stay as they are.
        assert_eq!(normalize("read(3, \"abc\", 832) = 3"), "read(3, \"abc\", 832) = 3");
    }

    #[test]
    fn reads_from_proc_maps_are_hidden_until_the_fd_closes() {
        let trace = "openat(AT_FDCWD, \"/proc/self/maps\", O_RDONLY|O_CLOEXEC) = 3\n\
                     read(3, \"ibc.so.6\\n7f86440da000-7f86440dc0\"..., 1024) = 1024\n\
                     read(4, \"kept\", 4) = 4\n\
                     close(3) = 0\n\
                     read(3, \"kept too\", 8) = 8\n";
        let lines = normalize_trace(trace);
        assert_eq!(lines[1], "read(3, \"MAPS\"..., 1024) = 1024");
        assert_eq!(lines[2], "read(4, \"kept\", 4) = 4");
        assert_eq!(lines[4], "read(3, \"kept too\", 8) = 8");
    }

    #[test]
    fn the_pid_is_hidden_where_a_pid_stands_not_in_sizes() {
        let trace = "set_tid_address(0x7f0000) = 784\n\
                     pread64(3, \"x\", 784, 64) = 784\n\
                     kill(784, SIGUSR1) = 0\n\
                     --- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=784, si_uid=0} ---\n\
                     ioctl(-1, BLKDISCARD, [784, 8192]) = -1 EBADF (Bad file descriptor)\n\
                     clone(child_tidptr=0x7f0000, parent_tid=[784]) = 785\n";
        let lines = normalize_trace(trace);
        assert_eq!(lines[0], "set_tid_address(0xADDR) = PID");
        assert_eq!(lines[1], "pread64(3, \"x\", 784, 64) = 784");
        assert_eq!(lines[2], "kill(PID, SIGUSR1) = 0");
        assert_eq!(lines[3], "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=PID, si_uid=0} ---");
        // A range that starts at the pid's value is not a pid; a lone [pid] is.
        assert_eq!(lines[4], "ioctl(-1, BLKDISCARD, [784, 8192]) = -1 EBADF (Bad file descriptor)");
        assert!(lines[5].contains("parent_tid=[PID]"), "{}", lines[5]);
    }

    #[test]
    fn differences_are_reported_with_context() {
        let a = vec!["x".to_string(), "y".to_string()];
        let b = vec!["x".to_string(), "z".to_string()];
        assert!(first_difference(&a, &b).is_some_and(|d| d.contains("line 1")));
        assert_eq!(first_difference(&a, &a), None);
    }
}
