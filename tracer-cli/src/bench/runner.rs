//! Running one command: wall time, the CPU time of the whole process tree (wait4's rusage), the
//! peak RSS of the process we started (sampled from /proc, so a tracer's tracee is not counted),
//! its stderr.

use std::ffi::OsString;
use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context as _;

#[derive(Debug, Clone)]
pub struct RunOutcome {
    pub wall_s: f64,
    /// User + system time of the started process and the children it waited for.
    pub cpu_s: f64,
    /// Peak resident set of the started process, KiB (VmHWM, sampled; ru_maxrss if never sampled).
    pub peak_rss_kib: u64,
    pub success: bool,
    /// How it ended, when not successfully.
    pub status_text: String,
    pub stderr: String,
}

impl RunOutcome {
    /// One line saying why the run failed: its last stderr line, else its status.
    pub fn error_line(&self) -> String {
        let last = self.stderr.lines().rev().find(|l| !l.trim().is_empty());
        match last {
            Some(line) => line.trim().to_string(),
            None => self.status_text.clone(),
        }
    }
}

/// Run `argv` with stdin from `stdin`, stdout to /dev/null, stderr to `stderr_path`.
pub fn run(argv: &[OsString], stdin: &Path, stderr_path: &Path) -> anyhow::Result<RunOutcome> {
    run_sampled(argv, stdin, stderr_path, sample_hwm)
}

/// [`run`] with the peak-RSS sampler given: the wall time ends when wait4 returns, before the
/// sampler (which may be asleep) is joined.
fn run_sampled(
    argv: &[OsString],
    stdin: &Path,
    stderr_path: &Path,
    sampler: fn(libc::pid_t, &AtomicBool) -> u64,
) -> anyhow::Result<RunOutcome> {
    let (program, args) = argv.split_first().context("empty command")?;
    let stdin = File::open(stdin).with_context(|| format!("opening {}", stdin.display()))?;
    let stderr = File::create(stderr_path).with_context(|| format!("creating {}", stderr_path.display()))?;
    let start = Instant::now();
    let child = Command::new(program)
        .args(args)
        .stdin(stdin)
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .with_context(|| format!("starting {}", program.to_string_lossy()))?;
    let pid = child.id() as libc::pid_t;
    let done = AtomicBool::new(false);
    let mut status = 0;
    // SAFETY: rusage is plain data.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let (waited, wall_s, sampled) = std::thread::scope(|s| {
        let sampler = s.spawn(|| sampler(pid, &done));
        let waited = loop {
            // SAFETY: waits for our own child (std's Child is never waited on, so no double reap).
            let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
            if r == -1 && std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
                continue;
            }
            break r;
        };
        let wall_s = start.elapsed().as_secs_f64();
        done.store(true, Ordering::Relaxed);
        (waited, wall_s, sampler.join().unwrap_or(0))
    });
    drop(child);
    if waited != pid {
        anyhow::bail!("wait4({pid}): {}", std::io::Error::last_os_error());
    }
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let cpu_s = tv(usage.ru_utime) + tv(usage.ru_stime);
    let peak_rss_kib = if sampled > 0 { sampled } else { usage.ru_maxrss.max(0) as u64 };
    let success = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    let status_text = if libc::WIFEXITED(status) {
        format!("exit status {}", libc::WEXITSTATUS(status))
    } else if libc::WIFSIGNALED(status) {
        format!("killed by signal {}", libc::WTERMSIG(status))
    } else {
        format!("wait status {status:#x}")
    };
    let stderr =
        std::fs::read(stderr_path).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
    Ok(RunOutcome { wall_s, cpu_s, peak_rss_kib, success, status_text, stderr })
}

/// The highest VmHWM seen in /proc/PID/status until `done`.
fn sample_hwm(pid: libc::pid_t, done: &AtomicBool) -> u64 {
    let path = format!("/proc/{pid}/status");
    let mut peak = 0;
    let mut interval = Duration::from_millis(2);
    while !done.load(Ordering::Relaxed) {
        if let Ok(text) = std::fs::read_to_string(&path) {
            let hwm = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
            if let Some(hwm) = hwm {
                peak = peak.max(hwm);
            }
        }
        std::thread::sleep(interval);
        // Often at first (short runs), then every 20 ms: VmHWM only grows.
        interval = (interval * 2).min(Duration::from_millis(20));
    }
    peak
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sampler that sleeps well past the child's exit, as the real one may for 20 ms.
    fn slow_sampler(_pid: libc::pid_t, done: &AtomicBool) -> u64 {
        while !done.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(Duration::from_millis(300));
        0
    }

    #[test]
    fn the_wall_time_ends_at_the_exit_not_at_the_samplers_join() {
        let dir = std::env::temp_dir().join(format!("tracer-runner-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let argv = [OsString::from("/bin/true")];
        let began = Instant::now();
        let outcome =
            run_sampled(&argv, Path::new("/dev/null"), &dir.join("err"), slow_sampler).expect("ran");
        let total = began.elapsed().as_secs_f64();
        let _ = std::fs::remove_dir_all(&dir);
        assert!(outcome.success);
        // Whatever the machine's speed: the sampler's 300 ms after the exit are not in the wall time.
        assert!(outcome.wall_s + 0.3 <= total, "wall {} s of a {total} s run", outcome.wall_s);
    }
}
