//! The built-in workloads: our own code, run by re-executing this binary as
//! `tracer bench __workload NAME N [DIR]`, so they need nothing installed and make known syscalls.

use std::ffi::{CString, OsStr, OsString};
use std::io::{Read as _, Write as _};
use std::os::unix::ffi::OsStrExt as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context as _};

/// The name a built-in workload gives itself (`PR_SET_NAME`) unless told one, so a peer can
/// filter on it; a bench tells its own (`tb` and its pid), so that two benches never mix.
const COMM: &str = "tbench";
/// Argument that selects the in-process workload runner.
pub const SELF_ARG: &str = "__workload";
/// The one rare call each workload makes once at the end: what the filtered modes trace.
pub const MARKER: &str = "getsid";

/// Files in the tree workload at scale 1, and files per directory.
const TREE_FILES: f64 = 3000.0;
const TREE_FILES_PER_DIR: u64 = 100;
/// Processes in the storm.
const STORM_PROCS: u64 = 16;

#[derive(Debug)]
pub struct Workload {
    pub name: &'static str,
    pub about: &'static str,
    /// Loop iterations at scale 1.
    base: f64,
}

/// A syscall the workload makes a known number of times, and how to recognise its lines in a
/// strace-style trace (a prefix after the pid column).
#[derive(Debug, Clone)]
pub struct Expect {
    pub syscall: &'static str,
    pub prefix: String,
    pub count: u64,
}

const ALL: &[Workload] = &[
    Workload { name: "dd", about: "1-byte read/write loop (/dev/zero to /dev/null)", base: 500_000.0 },
    Workload { name: "getppid", about: "getppid loop", base: 1_000_000.0 },
    Workload {
        name: "churn",
        about: "file churn: openat(O_CREAT)/close/newfstatat/openat/close/unlink",
        base: 20_000.0,
    },
    Workload { name: "forkexec", about: "fork+exec+wait of this binary", base: 1_000.0 },
    Workload { name: "storm", about: "16 processes, getpid in total", base: 1_000_000.0 },
    Workload {
        name: "tree",
        about: "archive a generated tree (readdir, open, read, write)",
        base: TREE_FILES,
    },
    Workload {
        name: "http",
        about: "static-file HTTP/1.1 server, one small file per connection, to an untraced local client",
        base: 10_000.0,
    },
];

impl Workload {
    pub fn all() -> &'static [Workload] {
        ALL
    }

    pub fn names() -> Vec<&'static str> {
        ALL.iter().map(|w| w.name).collect()
    }

    pub fn by_name(name: &str) -> Option<&'static Workload> {
        ALL.iter().find(|w| w.name == name)
    }

    /// Iterations (files for `tree`) at `scale`, at least a few.
    pub fn size(&self, scale: f64) -> u64 {
        let n = (self.base * scale).round();
        let min = if self.name == "storm" { STORM_PROCS } else { 10 };
        if n.is_finite() && n >= min as f64 {
            n as u64
        } else {
            min
        }
    }

    /// The loop's calls we can attribute, with their counts; `dir` is the workload's directory.
    pub fn expected(&self, n: u64, dir: &Path) -> Vec<Expect> {
        let d = dir.display();
        let e = |syscall, prefix: String, count| Expect { syscall, prefix, count };
        match self.name {
            "dd" => vec![e("read", "read(0, ".into(), n), e("write", "write(1, ".into(), n)],
            "getppid" => vec![e("getppid", "getppid(".into(), n)],
            "churn" => vec![
                e("openat", format!("openat(AT_FDCWD, \"{d}/"), 2 * n),
                e("newfstatat", format!("newfstatat(AT_FDCWD, \"{d}/"), n),
                e("unlink", format!("unlink(\"{d}/"), n),
            ],
            "forkexec" => vec![e("execve", "execve(".into(), n + 1)],
            "storm" => vec![e("getpid", "getpid(".into(), n)],
            "http" => vec![e("accept4", "accept4(".into(), n)],
            "tree" => {
                let dirs = n.div_ceil(TREE_FILES_PER_DIR);
                vec![e("openat", format!("openat(AT_FDCWD, \"{d}"), 1 + dirs + n)]
            }
            _ => Vec::new(),
        }
    }

    /// Syscalls the loop makes (for the added cost per call when no trace counted them).
    pub fn loop_syscalls(&self, n: u64) -> u64 {
        match self.name {
            "dd" => 2 * n,
            "churn" => 6 * n,
            "tree" => 6 * n,
            // accept4, read, openat, statx, reads, close, two writes, close... (13 measured).
            "http" => 13 * n,
            _ => n,
        }
    }

    /// Prepare what the workload needs before it is timed (the tree to archive, an empty directory).
    pub fn prepare(&self, n: u64, dir: &Path) -> anyhow::Result<()> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        if self.name == "tree" {
            let mut content = Vec::new();
            for i in 0..n {
                let sub = dir.join(format!("d{:03}", i / TREE_FILES_PER_DIR));
                if i % TREE_FILES_PER_DIR == 0 {
                    std::fs::create_dir_all(&sub).with_context(|| format!("creating {}", sub.display()))?;
                }
                content.clear();
                // 512 bytes to about 4 KiB, like a source tree.
                let len = 512 + (i * 2654435761 % 3584) as usize;
                content.extend((0..len).map(|j| b'a' + ((i as usize + j) % 26) as u8));
                let path = sub.join(format!("f{i:05}.txt"));
                std::fs::write(&path, &content).with_context(|| format!("writing {}", path.display()))?;
            }
        }
        if self.name == "http" {
            // The client is not timed, not traced, and ends with the bench (PR_SET_PDEATHSIG).
            drop(super::http::prepare(dir)?);
        }
        Ok(())
    }
}

/// The comm this bench's workloads take.
pub fn comm() -> String {
    format!("tb{}", std::process::id())
}

/// `tracer bench __workload NAME N [DIR [COMM]]`: run one workload in this process.
pub fn run_in_process(args: &[OsString]) -> anyhow::Result<ExitCode> {
    let name = args.first().and_then(|a| a.to_str()).unwrap_or_default();
    let n: u64 = args.get(1).and_then(|a| a.to_str()).and_then(|a| a.parse().ok()).unwrap_or(0);
    let dir = args.get(2).map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
    set_comm(args.get(3).map(|c| c.as_bytes()).unwrap_or(COMM.as_bytes()));
    match name {
        "dd" => dd(n)?,
        "getppid" => {
            for _ in 0..n {
                // SAFETY: getppid takes no arguments and cannot fail.
                unsafe { libc::syscall(libc::SYS_getppid) };
            }
        }
        "churn" => churn(n, &dir)?,
        "forkexec" => forkexec(n)?,
        "storm" => storm(n)?,
        "tree" => tree(&dir)?,
        "http" => super::http::serve(n, &dir)?,
        "exit" => return Ok(ExitCode::SUCCESS),
        "idle" => {
            idle(&dir)?;
            return Ok(ExitCode::SUCCESS);
        }
        _ => bail!("bench: unknown workload '{name}'"),
    }
    // SAFETY: getsid(0) has no preconditions.
    unsafe { libc::syscall(libc::SYS_getsid, 0) };
    Ok(ExitCode::SUCCESS)
}

fn set_comm(name: &[u8]) {
    let mut buf = [0u8; 16];
    let len = name.len().min(15);
    buf[..len].copy_from_slice(&name[..len]);
    // SAFETY: PR_SET_NAME reads a NUL-terminated string of at most 16 bytes; buf ends with a NUL.
    unsafe { libc::prctl(libc::PR_SET_NAME, buf.as_ptr()) };
}

fn dd(n: u64) -> anyhow::Result<()> {
    let mut byte = [0u8; 1];
    for _ in 0..n {
        // SAFETY: one byte into a one-byte buffer.
        let r = unsafe { libc::read(0, byte.as_mut_ptr().cast(), 1) };
        if r != 1 {
            bail!("dd: read from stdin returned {r} (stdin must be /dev/zero)");
        }
        // SAFETY: one byte from a one-byte buffer.
        let w = unsafe { libc::write(1, byte.as_ptr().cast(), 1) };
        if w != 1 {
            bail!("dd: write to stdout returned {w}");
        }
    }
    Ok(())
}

fn cpath(path: &Path) -> anyhow::Result<CString> {
    CString::new(path.as_os_str().as_bytes()).context("a path with a NUL byte")
}

fn churn(n: u64, dir: &Path) -> anyhow::Result<()> {
    let path = cpath(&dir.join("churn.tmp"))?;
    // SAFETY: libc::stat is plain data; all zeroes is a valid value.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    for _ in 0..n {
        // SAFETY: every pointer is a valid NUL-terminated path or a stat buffer we own.
        unsafe {
            let flags = libc::O_CREAT | libc::O_WRONLY | libc::O_TRUNC | libc::O_CLOEXEC;
            let fd = libc::syscall(libc::SYS_openat, libc::AT_FDCWD, path.as_ptr(), flags, 0o644);
            if fd < 0 {
                bail!("churn: creating {path:?}: {}", std::io::Error::last_os_error());
            }
            libc::syscall(libc::SYS_close, fd);
            libc::syscall(libc::SYS_newfstatat, libc::AT_FDCWD, path.as_ptr(), &mut st as *mut libc::stat, 0);
            let fd = libc::syscall(
                libc::SYS_openat,
                libc::AT_FDCWD,
                path.as_ptr(),
                libc::O_RDONLY | libc::O_CLOEXEC,
            );
            libc::syscall(libc::SYS_close, fd);
            if libc::syscall(libc::SYS_unlink, path.as_ptr()) != 0 {
                bail!("churn: unlink: {}", std::io::Error::last_os_error());
            }
        }
    }
    Ok(())
}

fn forkexec(n: u64) -> anyhow::Result<()> {
    let exe = std::env::current_exe().context("finding this binary")?;
    for _ in 0..n {
        let status = std::process::Command::new(&exe)
            .args(["bench", SELF_ARG, "exit", "0"])
            .args(std::env::args_os().skip(5).take(2))
            .status()
            .context("starting a child")?;
        if !status.success() {
            bail!("forkexec: child failed: {status}");
        }
    }
    Ok(())
}

fn storm(total: u64) -> anyhow::Result<()> {
    let mut children = Vec::new();
    for i in 0..STORM_PROCS {
        let share = total / STORM_PROCS + u64::from(i < total % STORM_PROCS);
        // SAFETY: this process is single-threaded; the child only makes raw syscalls and _exits.
        let pid = unsafe { libc::fork() };
        match pid {
            -1 => bail!("storm: fork: {}", std::io::Error::last_os_error()),
            0 => {
                for _ in 0..share {
                    // SAFETY: getpid has no arguments.
                    unsafe { libc::syscall(libc::SYS_getpid) };
                }
                // SAFETY: ends the child without running the parent's destructors.
                unsafe { libc::_exit(0) };
            }
            pid => children.push(pid),
        }
    }
    let mut failed = 0;
    for pid in children {
        let mut status = 0;
        // SAFETY: waits for our own child.
        let r = unsafe { libc::waitpid(pid, &mut status, 0) };
        if r != pid || !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
            failed += 1;
        }
    }
    if failed > 0 {
        bail!("storm: {failed} children failed");
    }
    Ok(())
}

/// Walk `root` in name order, writing a small header and each file's bytes to stdout (tar-like).
fn tree(root: &Path) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut buf = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .with_context(|| format!("reading {}", dir.display()))?
            .filter_map(Result::ok)
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries.iter().rev() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
                continue;
            }
            buf.clear();
            std::fs::File::open(&path)
                .and_then(|mut f| f.read_to_end(&mut buf))
                .with_context(|| format!("reading {}", path.display()))?;
            // One write per header and per file, as an archiver writing blocks would.
            let header = format!("{} {}\n", path.display(), buf.len());
            out.write_all(header.as_bytes())?;
            out.write_all(&buf)?;
            out.flush()?;
        }
    }
    Ok(())
}

/// For the collateral measurement: say we are running (under the tracer), then wait until asked to stop.
fn idle(dir: &Path) -> anyhow::Result<()> {
    std::fs::write(dir.join("ready"), b"").context("writing the ready file")?;
    let stop = dir.join("running");
    while stop.exists() {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    Ok(())
}

/// The command line that runs `workload` with size `n` in `dir`, named [`comm`].
pub fn command(exe: &OsStr, name: &str, n: u64, dir: &Path) -> Vec<OsString> {
    vec![
        exe.to_os_string(),
        "bench".into(),
        SELF_ARG.into(),
        name.into(),
        n.to_string().into(),
        dir.as_os_str().to_os_string(),
        comm().into(),
    ]
}
