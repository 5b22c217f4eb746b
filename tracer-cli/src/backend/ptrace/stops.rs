//! Typed ptrace stops: our own `waitpid` wrapper (nix's drops the raw status word we need for
//! `+++ exited +++` and exit-status forwarding) and the classification of what it returned.

use nix::errno::Errno;
use nix::unistd::Pid;

/// Why a tracee stopped (or ended).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// A syscall-entry or syscall-exit stop (TRACESYSGOOD); PTRACE_GET_SYSCALL_INFO says which.
    Syscall,
    /// A `PTRACE_EVENT_*` stop.
    Event(i32),
    /// A signal is about to be delivered; it must be re-injected on resume.
    SignalDelivery(i32),
    /// The tracee is gone; the raw wait(2) status.
    Ended(i32),
}

impl Stop {
    /// Classify a raw wait(2) status of a traced task.
    pub fn from_wait_status(status: i32) -> Stop {
        if libc::WIFEXITED(status) || libc::WIFSIGNALED(status) {
            return Stop::Ended(status);
        }
        let signal = libc::WSTOPSIG(status);
        let event = (status >> 16) & 0xff;
        if signal == (libc::SIGTRAP | 0x80) {
            Stop::Syscall
        } else if event != 0 {
            Stop::Event(event)
        } else {
            Stop::SignalDelivery(signal)
        }
    }
}

/// Wait for any traced task (threads included); EINTR is retried.
pub fn wait_any() -> Result<(Pid, i32), Errno> {
    loop {
        let mut status = 0;
        // SAFETY: waitpid writes only to `status`.
        let pid = unsafe { libc::waitpid(-1, &mut status, libc::__WALL) };
        match Errno::result(pid) {
            Ok(pid) => return Ok((Pid::from_raw(pid), status)),
            Err(Errno::EINTR) => continue,
            Err(err) => return Err(err),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_classify() {
        assert_eq!(Stop::from_wait_status(3 << 8), Stop::Ended(3 << 8));
        assert_eq!(Stop::from_wait_status(libc::SIGKILL), Stop::Ended(libc::SIGKILL));
        assert_eq!(Stop::from_wait_status(((libc::SIGTRAP | 0x80) << 8) | 0x7f), Stop::Syscall);
        let exec_stop = (libc::PTRACE_EVENT_EXEC << 16) | (libc::SIGTRAP << 8) | 0x7f;
        assert_eq!(Stop::from_wait_status(exec_stop), Stop::Event(libc::PTRACE_EVENT_EXEC));
        assert_eq!(Stop::from_wait_status((libc::SIGINT << 8) | 0x7f), Stop::SignalDelivery(libc::SIGINT));
    }
}
