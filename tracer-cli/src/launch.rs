//! Starting the traced command the way strace does: PROG is looked up in PATH by the tracer (so a
//! missing program is a usage error, not a traced failed execve), the child gets the tracer's
//! environment and fds, default signal dispositions for what Rust's runtime changed, and it stops
//! itself before `execve` so the backend can arm itself first. The first syscall it makes once
//! resumed is the `execve`.

use std::ffi::{CString, OsStr, OsString};
use std::os::unix::ffi::OsStrExt as _;
use std::path::{Path, PathBuf};

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

/// How the child gates itself before `execve`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    /// `PTRACE_TRACEME`, then stop: the ptrace backend resumes it with `PTRACE_SYSCALL`.
    Ptrace,
    /// Stop (group-stop); the backend resumes it with `SIGCONT` once its filter holds the pid.
    Stop,
}

/// A resolved command, ready to fork and exec.
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

/// Fork a child that gates itself per `gate` and then execs `command`; returns once the child is
/// stopped before its `execve`.
pub fn spawn_stopped(command: &Command, gate: Gate) -> Result<Pid, LaunchError> {
    let mut argv: Vec<*const libc::c_char> = command.argv.iter().map(|a| a.as_ptr()).collect();
    argv.push(std::ptr::null());
    // SAFETY: the child only calls async-signal-safe functions (signal, sigprocmask, ptrace,
    // getpid, kill, execv, _exit) on memory prepared before the fork.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(LaunchError::Fork(nix::Error::last()));
    }
    if pid == 0 {
        // SAFETY: as above; this is the child and never returns.
        unsafe { child_after_fork(command.path.as_ptr(), argv.as_ptr(), gate) }
    }
    let pid = Pid::from_raw(pid);
    match waitpid(pid, Some(WaitPidFlag::WUNTRACED)).map_err(LaunchError::Wait)? {
        WaitStatus::Stopped(_, Signal::SIGSTOP) => Ok(pid),
        other => Err(LaunchError::UnexpectedStatus(other)),
    }
}

/// The child's side: restore what strace's child would have, gate, exec.
///
/// SAFETY: to be called only in a freshly forked child, with pointers valid in its address space.
unsafe fn child_after_fork(path: *const libc::c_char, argv: *const *const libc::c_char, gate: Gate) -> ! {
    // SAFETY: async-signal-safe libc calls on valid arguments; see the caller.
    unsafe {
        // Rust's runtime ignores SIGPIPE; the traced program must start with the default.
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        let mut empty: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut empty);
        libc::sigprocmask(libc::SIG_SETMASK, &empty, std::ptr::null_mut());
        if gate == Gate::Ptrace && libc::ptrace(libc::PTRACE_TRACEME, 0, 0, 0) != 0 {
            libc::_exit(127);
        }
        // The raw syscall, not raise(): the stop is taken on this call's return, so the next
        // syscall is the execve.
        libc::syscall(libc::SYS_kill, libc::syscall(libc::SYS_getpid), libc::SIGSTOP);
        libc::execv(path, argv);
        libc::_exit(127)
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
        let err = Command::resolve(&["no-such-prog-xyz".into()]).err().expect("fails");
        assert_eq!(err.to_string(), "Can't stat 'no-such-prog-xyz': No such file or directory");
    }
}
