//! Starting the traced command the way strace does: PROG is looked up in PATH by the tracer (so a
//! missing program is a usage error, not a traced failed execve), the child gets the tracer's
//! environment and fds, default signal dispositions for what Rust's runtime changed, and it stops
//! itself before `execve` so the backend can arm itself first. The first syscall it makes once
//! resumed is the `execve`.

use std::ffi::{CString, OsStr, OsString};
use std::os::unix::ffi::OsStrExt as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use nix::sys::signal::Signal;
use nix::sys::wait::{waitpid, WaitPidFlag, WaitStatus};
use nix::unistd::Pid;

/// Why the command could not be started.
#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    #[error("Can't stat '{0}': No such file or directory")]
    NotFound(String),
    #[error("argument contains a NUL byte: {0:?}")]
    NulInArgument(OsString),
    #[error("fork failed: {0}")]
    Fork(#[source] nix::Error),
    #[error("waiting for the child to stop before exec: {0}")]
    Wait(#[source] nix::Error),
    #[error("the child did not stop before exec as expected: {0:?}")]
    UnexpectedStatus(WaitStatus),
}

/// Who lets the child go past its stop before `execve`. The child does the same for both (it stops
/// itself with `SIGSTOP`, as strace 6.1's does); they differ in what the backend does next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    /// The ptrace backend seizes the stopped child (`PTRACE_SEIZE` + `PTRACE_INTERRUPT`), then sends
    /// it `SIGCONT`: the first syscall it reports is the `execve`.
    Ptrace,
    /// The backend resumes it with `SIGCONT` once its filter holds the pid.
    Stop,
    /// As [`Gate::Stop`], and the child says nothing when its `execve` fails: the backend says
    /// it (`NAME: exec: ...`) after the failed call's line, as strace's output has it.
    StopQuietExec,
}

/// A resolved command, ready to fork and exec.
#[derive(Debug)]
pub struct Command {
    pub path: CString,
    pub argv: Vec<CString>,
}

impl Command {
    /// Resolve PROG like strace: a name with a slash is used as is, otherwise searched in PATH.
    pub fn resolve(command: &[OsString]) -> Result<Command, LaunchError> {
        let prog = command.first().ok_or_else(|| LaunchError::NotFound(String::new()))?;
        let path = find_program(prog).ok_or_else(|| LaunchError::NotFound(prog.to_string_lossy().into()))?;
        let cstring =
            |s: &OsStr| CString::new(s.as_bytes()).map_err(|_| LaunchError::NulInArgument(s.to_os_string()));
        Ok(Command {
            path: cstring(path.as_os_str())?,
            argv: command.iter().map(|a| cstring(a)).collect::<Result<_, _>>()?,
        })
    }
}

fn find_program(prog: &OsStr) -> Option<PathBuf> {
    if prog.as_bytes().contains(&b'/') {
        let path = PathBuf::from(prog);
        return path.exists().then_some(path);
    }
    let path_var = std::env::var_os("PATH").unwrap_or_else(|| OsString::from("/usr/local/bin:/usr/bin:/bin"));
    std::env::split_paths(&path_var).map(|dir| dir.join(prog)).find(|candidate| is_executable_file(candidate))
}

fn is_executable_file(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Signals (bit N for signal N) whose disposition was SIG_IGN when tracer started, before Rust's
/// runtime or tracer's own handlers changed anything: the command inherits exactly these.
static INHERITED_IGNORED: AtomicU64 = AtomicU64::new(0);

/// The signal mask tracer started with (bit N-1 for signal N, the kernel's layout): the command
/// inherits it, as under strace.
static INHERITED_MASK: AtomicU64 = AtomicU64::new(0);

/// Runs before `main` (and before Rust's runtime sets SIGPIPE to SIG_IGN).
#[used]
#[link_section = ".init_array"]
static RECORD_INHERITED_DISPOSITIONS: extern "C" fn() = record_inherited_dispositions;

extern "C" fn record_inherited_dispositions() {
    let mut ignored = 0u64;
    for signal in 1..32 {
        // SAFETY: sigaction with a NULL new action only reads the current one into `old`.
        let old = unsafe {
            let mut old: libc::sigaction = std::mem::zeroed();
            libc::sigaction(signal, std::ptr::null(), &mut old);
            old
        };
        if old.sa_sigaction == libc::SIG_IGN {
            ignored |= 1 << signal;
        }
    }
    INHERITED_IGNORED.store(ignored, Ordering::Relaxed);
    let mut blocked = 0u64;
    // SAFETY: reading the current mask (a NULL new set changes nothing) into a zeroed sigset_t.
    unsafe {
        let mut mask: libc::sigset_t = std::mem::zeroed();
        libc::sigprocmask(libc::SIG_BLOCK, std::ptr::null(), &mut mask);
        for signal in 1..=64 {
            if libc::sigismember(&mask, signal) == 1 {
                blocked |= 1 << (signal - 1);
            }
        }
    }
    INHERITED_MASK.store(blocked, Ordering::Relaxed);
}

/// The longest program name the child's exec failure message keeps.
const EXEC_PREFIX_ROOM: usize = 256;

/// Fork a child that stops itself and then execs `command`; returns once the child is stopped
/// before its `execve` (not traced yet: see [`Gate`] for who resumes it).
///
/// With `seccomp`, the child installs that filter after its stop (so that the tracer sees the
/// `seccomp` call and its result) and before its `execve`, after `PR_SET_NO_NEW_PRIVS` as strace does.
pub fn spawn_stopped(
    command: &Command,
    gate: Gate,
    seccomp: Option<&libc::sock_fprog>,
) -> Result<Pid, LaunchError> {
    let mut argv: Vec<*const libc::c_char> = command.argv.iter().map(|a| a.as_ptr()).collect();
    argv.push(std::ptr::null());
    // The child's `NAME: exec: ` prefix, made before the fork (the child may not allocate).
    let mut prefix = crate::messages::program_name().as_bytes().to_vec();
    prefix.truncate(EXEC_PREFIX_ROOM);
    prefix.extend_from_slice(b": exec: ");
    // SAFETY: the child only calls async-signal-safe functions (signal, sigprocmask, getpid, kill,
    // execv, _exit) and atomic loads on memory prepared before the fork.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(LaunchError::Fork(nix::Error::last()));
    }
    if pid == 0 {
        // SAFETY: as above; this is the child and never returns.
        let prefix = if gate == Gate::StopQuietExec { None } else { Some(&prefix[..]) };
        unsafe { child_after_fork(command.path.as_ptr(), argv.as_ptr(), seccomp, prefix) }
    }
    let pid = Pid::from_raw(pid);
    match waitpid(pid, Some(WaitPidFlag::WUNTRACED)).map_err(LaunchError::Wait)? {
        WaitStatus::Stopped(_, Signal::SIGSTOP) => Ok(pid),
        other => Err(LaunchError::UnexpectedStatus(other)),
    }
}

/// The child's side: restore what strace's child would have, stop, exec.
///
/// SAFETY: to be called only in a freshly forked child, with pointers valid in its address space.
unsafe fn child_after_fork(
    path: *const libc::c_char,
    argv: *const *const libc::c_char,
    seccomp: Option<&libc::sock_fprog>,
    prefix: Option<&[u8]>,
) -> ! {
    // SAFETY: async-signal-safe libc calls on valid arguments; see the caller.
    unsafe {
        // Rust's runtime ignores SIGPIPE and tracer handles SIGINT & co.: the traced program
        // must start with what tracer inherited (strace forks before changing any of them), an
        // ignored SIGINT in a background job included.
        let ignored = INHERITED_IGNORED.load(Ordering::Relaxed);
        for signal in 1..32 {
            if signal == libc::SIGKILL || signal == libc::SIGSTOP {
                continue;
            }
            let action = if ignored & (1 << signal) != 0 { libc::SIG_IGN } else { libc::SIG_DFL };
            libc::signal(signal, action);
        }
        let blocked = INHERITED_MASK.load(Ordering::Relaxed);
        let mut mask: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut mask);
        for signal in 1..=64 {
            if blocked & (1 << (signal - 1)) != 0 {
                libc::sigaddset(&mut mask, signal);
            }
        }
        libc::sigprocmask(libc::SIG_SETMASK, &mask, std::ptr::null_mut());
        // The raw syscall, not raise(): the stop is taken on this call's return, so the next
        // syscall is the execve (the ptrace backend seizes the child while it is stopped here).
        libc::syscall(libc::SYS_kill, libc::syscall(libc::SYS_getpid), libc::SIGSTOP);
        if let Some(prog) = seccomp {
            // A failure shows in the seccomp call's result, which the tracer reads.
            if libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 {
                libc::syscall(
                    libc::SYS_seccomp,
                    1, /* SECCOMP_SET_MODE_FILTER */
                    0,
                    prog as *const libc::sock_fprog,
                );
            }
        }
        libc::execv(path, argv);
        // As strace's child: `strace: exec: Exec format error`, exit 1 (the trace shows it).
        let Some(prefix) = prefix else { libc::_exit(1) };
        let errno = *libc::__errno_location();
        let mut message = [0u8; EXEC_PREFIX_ROOM + 160];
        message[..prefix.len()].copy_from_slice(prefix);
        let text = message.as_mut_ptr().add(prefix.len()).cast::<libc::c_char>();
        let room = message.len() - prefix.len() - 1;
        let mut len = prefix.len();
        // The XSI strerror_r fills the buffer (C locale: a table lookup, no allocation).
        if libc::strerror_r(errno, text, room) == 0 {
            len += libc::strlen(text);
        }
        message[len] = b'\n';
        libc::write(2, message.as_ptr().cast(), len + 1);
        libc::_exit(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs_are_found_in_path_like_strace() {
        let command = Command::resolve(&["sh".into(), "-c".into(), "true".into()]).expect("sh exists");
        assert!(command.path.to_bytes().ends_with(b"/sh"));
        assert_eq!(command.argv.len(), 3);
    }

    #[test]
    fn a_missing_program_reads_like_strace() {
        let err = Command::resolve(&["no-such-prog-xyz".into()]).expect_err("fails");
        assert_eq!(err.to_string(), "Can't stat 'no-such-prog-xyz': No such file or directory");
    }
}
