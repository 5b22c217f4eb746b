//! Typed ptrace stops: our own `waitpid` wrapper (nix's drops the raw status word we need for
//! `+++ exited +++` and exit-status forwarding), the classification of what it returned, and one
//! token type per kind of stop.
//!
//! A stop token is the only way to resume the task it names, and resuming consumes it: a stop cannot
//! be resumed twice, and only a [`SignalStop`] can carry a signal, which it re-injects whether the task
//! is resumed or detached, so a signal cannot be lost. Group-stops are left with `PTRACE_LISTEN`, so
//! the task stays stopped as it would be without the tracer.

use nix::errno::Errno;
use nix::unistd::Pid;

/// `PTRACE_LISTEN` (not in nix).
const PTRACE_LISTEN: libc::c_uint = 0x4208;

/// What a raw wait(2) status of a traced task says, without the task's identity. Pure, so it can be
/// unit-tested.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopClass {
    /// A syscall-entry or syscall-exit stop (TRACESYSGOOD); PTRACE_GET_SYSCALL_INFO says which.
    Syscall,
    /// A signal is about to be delivered.
    SignalDelivery(i32),
    /// A group-stop (`PTRACE_EVENT_STOP` with a stopping signal; the task was seized).
    GroupStop(i32),
    /// A `PTRACE_EVENT_*` stop: fork, vfork, clone, exec, or a `PTRACE_EVENT_STOP` that is not a
    /// group-stop (`PTRACE_INTERRUPT`, a new child's first stop, a `SIGCONT` notification).
    Event(i32),
    /// The task exited (WIFEXITED) or was killed (WIFSIGNALED); the raw status.
    Ended(i32),
}

impl StopClass {
    /// Classify a raw wait(2) status of a traced task (seized, with TRACESYSGOOD).
    pub fn from_wait_status(status: i32) -> StopClass {
        if libc::WIFEXITED(status) || libc::WIFSIGNALED(status) {
            return StopClass::Ended(status);
        }
        let signal = libc::WSTOPSIG(status);
        let event = (status >> 16) & 0xff;
        if event == libc::PTRACE_EVENT_STOP {
            if is_stopping_signal(signal) {
                StopClass::GroupStop(signal)
            } else {
                StopClass::Event(event)
            }
        } else if event != 0 {
            StopClass::Event(event)
        } else if signal == (libc::SIGTRAP | 0x80) {
            StopClass::Syscall
        } else {
            StopClass::SignalDelivery(signal)
        }
    }
}

/// SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU: the signals whose default action stops the group.
pub fn is_stopping_signal(signal: i32) -> bool {
    matches!(signal, libc::SIGSTOP | libc::SIGTSTP | libc::SIGTTIN | libc::SIGTTOU)
}

/// A restarting ptrace request with a raw signal number (nix's take a `Signal`, which has no
/// real-time signals).
fn restart(request: libc::c_uint, tid: Pid, signal: i32) -> Result<(), Errno> {
    let data = usize::try_from(signal).unwrap_or_default();
    // SAFETY: a restarting request reads no memory of ours; `data` is a signal number.
    let ret = unsafe { libc::ptrace(request, tid.as_raw(), std::ptr::null_mut::<libc::c_void>(), data) };
    Errno::result(ret).map(drop)
}

/// Resume with `PTRACE_SYSCALL`. A task that vanished meanwhile (killed) is reported by the next wait,
/// so ESRCH is not an error; nothing else is expected.
/// How a stopped task is resumed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Restart {
    /// `PTRACE_SYSCALL`: stop at the next syscall entry or exit.
    Syscall,
    /// `PTRACE_CONT`: run until the seccomp filter asks for a stop (`PTRACE_EVENT_SECCOMP`), a
    /// signal or an event.
    Cont,
}

fn resume(tid: Pid, signal: i32, how: Restart) {
    let request = match how {
        Restart::Syscall => libc::PTRACE_SYSCALL,
        Restart::Cont => libc::PTRACE_CONT,
    };
    let _ = restart(request, tid, signal);
}

/// `PTRACE_DETACH`, delivering `signal`; ESRCH means the task is gone.
fn detach(tid: Pid, signal: i32) -> Result<(), Errno> {
    restart(libc::PTRACE_DETACH, tid, signal)
}

/// A syscall-entry or -exit stop.
#[must_use = "a stopped task stays stopped until resumed or detached"]
#[derive(Debug)]
pub struct SyscallStop {
    pub tid: Pid,
}

impl SyscallStop {
    pub fn resume(self, how: Restart) {
        resume(self.tid, 0, how);
    }

    /// Resume a syscall-exit stop with a signal of tracer's own (`-e inject=...:signal=`): the
    /// kernel sends it to the task as the call returns. The one stop other than a signal-delivery
    /// stop that carries a signal.
    pub fn resume_injecting(self, how: Restart, signal: i32) {
        resume(self.tid, signal, how);
    }

    pub fn detach(self) -> Result<(), Errno> {
        detach(self.tid, 0)
    }
}

/// A signal-delivery stop: the signal is re-injected however the stop is left.
#[must_use = "a stopped task stays stopped until resumed or detached, and its signal would be lost"]
#[derive(Debug)]
pub struct SignalStop {
    pub tid: Pid,
    pub signal: i32,
}

impl SignalStop {
    /// The siginfo of the signal being delivered, as `PTRACE_GETSIGINFO` gives it (128 bytes).
    pub fn siginfo(&self) -> Result<[u8; 128], Errno> {
        let mut buf = [0u8; 128];
        // SAFETY: PTRACE_GETSIGINFO writes one siginfo_t (128 bytes on Linux) to `buf`.
        let ret = unsafe {
            libc::ptrace(
                libc::PTRACE_GETSIGINFO,
                self.tid.as_raw(),
                std::ptr::null_mut::<libc::c_void>(),
                buf.as_mut_ptr(),
            )
        };
        Errno::result(ret).map(|_| buf)
    }

    /// Continue, delivering the signal.
    pub fn deliver(self, how: Restart) {
        resume(self.tid, self.signal, how);
    }

    /// Detach, delivering the signal.
    pub fn detach(self) -> Result<(), Errno> {
        detach(self.tid, self.signal)
    }
}

/// A group-stop (the task was seized, so this is a `PTRACE_EVENT_STOP`).
#[must_use = "a stopped task stays stopped until resumed or detached"]
#[derive(Debug)]
pub struct GroupStop {
    pub tid: Pid,
    pub signal: i32,
}

impl GroupStop {
    /// End the ptrace-stop but not the group-stop: the task stays stopped (job control works as
    /// without the tracer) and reports again when it is continued.
    pub fn listen(self) {
        // SAFETY: PTRACE_LISTEN reads no memory of ours.
        let _ = unsafe {
            libc::ptrace(PTRACE_LISTEN, self.tid.as_raw(), std::ptr::null_mut::<libc::c_void>(), 0usize)
        };
    }

    /// Detach; the task stays in its group-stop (the stopping signal need not be re-injected).
    pub fn detach(self) -> Result<(), Errno> {
        detach(self.tid, 0)
    }
}

/// A `PTRACE_EVENT_*` stop (the event is in `event`).
#[must_use = "a stopped task stays stopped until resumed or detached"]
#[derive(Debug)]
pub struct EventStop {
    pub tid: Pid,
    pub event: i32,
}

impl EventStop {
    pub fn resume(self, how: Restart) {
        resume(self.tid, 0, how);
    }

    pub fn detach(self) -> Result<(), Errno> {
        detach(self.tid, 0)
    }

    /// `PTRACE_GETEVENTMSG`: the new task's tid (fork, vfork, clone) or the former tid (exec).
    pub fn message(&self) -> Result<u64, Errno> {
        let mut msg: libc::c_ulong = 0;
        // SAFETY: PTRACE_GETEVENTMSG writes one unsigned long to `msg`.
        let ret = unsafe {
            libc::ptrace(
                libc::PTRACE_GETEVENTMSG,
                self.tid.as_raw(),
                std::ptr::null_mut::<libc::c_void>(),
                &mut msg,
            )
        };
        Errno::result(ret).map(|_| msg)
    }
}

/// What one wait returned for one task: a stop to be resumed, or its end.
#[derive(Debug)]
pub enum Stop {
    Syscall(SyscallStop),
    Signal(SignalStop),
    Group(GroupStop),
    Event(EventStop),
    /// The raw wait status of a task that exited or was killed.
    Ended(i32),
}

impl Stop {
    pub fn new(tid: Pid, status: i32) -> Stop {
        match StopClass::from_wait_status(status) {
            StopClass::Syscall => Stop::Syscall(SyscallStop { tid }),
            StopClass::SignalDelivery(signal) => Stop::Signal(SignalStop { tid, signal }),
            StopClass::GroupStop(signal) => Stop::Group(GroupStop { tid, signal }),
            StopClass::Event(event) => Stop::Event(EventStop { tid, event }),
            StopClass::Ended(status) => Stop::Ended(status),
        }
    }

    /// Leave the stop by detaching (signals re-injected, group-stops kept); `Ended` needs nothing.
    pub fn detach(self) -> Result<(), Errno> {
        match self {
            Stop::Syscall(stop) => stop.detach(),
            Stop::Signal(stop) => stop.detach(),
            Stop::Group(stop) => stop.detach(),
            Stop::Event(stop) => stop.detach(),
            Stop::Ended(_) => Ok(()),
        }
    }
}

/// What waiting returned.
#[derive(Debug, PartialEq, Eq)]
pub enum Waited {
    /// A task changed state: its tid and raw status.
    Task(Pid, i32),
    /// The wait was interrupted by a signal and a detach is requested.
    Interrupted,
    /// No traced task is left (ECHILD).
    NoTasks,
}

/// Wait for any traced task (threads included). EINTR is retried unless a detach was requested.
pub fn wait_any() -> Result<Waited, Errno> {
    loop {
        let mut status = 0;
        // SAFETY: waitpid writes only to `status`.
        let pid = unsafe { libc::waitpid(-1, &mut status, libc::__WALL) };
        match Errno::result(pid) {
            Ok(pid) => return Ok(Waited::Task(Pid::from_raw(pid), status)),
            Err(Errno::EINTR) if crate::backend::detach_requested() || super::alarm::take_fired() => {
                return Ok(Waited::Interrupted)
            }
            Err(Errno::EINTR) => continue,
            Err(Errno::ECHILD) => return Ok(Waited::NoTasks),
            Err(err) => return Err(err),
        }
    }
}

/// Wait for one task; EINTR is retried. `None` when it cannot be waited for (gone).
pub fn wait_for(tid: Pid) -> Option<i32> {
    loop {
        let mut status = 0;
        // SAFETY: waitpid writes only to `status`.
        let pid = unsafe { libc::waitpid(tid.as_raw(), &mut status, libc::__WALL) };
        match Errno::result(pid) {
            Ok(_) => return Some(status),
            Err(Errno::EINTR) => continue,
            Err(_) => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stopped(signal: i32, event: i32) -> i32 {
        (event << 16) | (signal << 8) | 0x7f
    }

    #[test]
    fn ends_classify() {
        assert_eq!(StopClass::from_wait_status(3 << 8), StopClass::Ended(3 << 8));
        assert_eq!(StopClass::from_wait_status(libc::SIGKILL), StopClass::Ended(libc::SIGKILL));
        // Killed by SIGSEGV with a core dump.
        assert_eq!(StopClass::from_wait_status(libc::SIGSEGV | 0x80), StopClass::Ended(libc::SIGSEGV | 0x80));
    }

    #[test]
    fn syscall_stops_classify() {
        assert_eq!(StopClass::from_wait_status(stopped(libc::SIGTRAP | 0x80, 0)), StopClass::Syscall);
    }

    #[test]
    fn signal_delivery_stops_classify() {
        assert_eq!(
            StopClass::from_wait_status(stopped(libc::SIGINT, 0)),
            StopClass::SignalDelivery(libc::SIGINT)
        );
        // A plain SIGTRAP (int3, kill) is a signal, not a syscall stop.
        assert_eq!(
            StopClass::from_wait_status(stopped(libc::SIGTRAP, 0)),
            StopClass::SignalDelivery(libc::SIGTRAP)
        );
        // Seized: SIGSTOP with no event is its delivery, the group-stop comes as PTRACE_EVENT_STOP.
        assert_eq!(
            StopClass::from_wait_status(stopped(libc::SIGSTOP, 0)),
            StopClass::SignalDelivery(libc::SIGSTOP)
        );
        assert_eq!(StopClass::from_wait_status(stopped(34, 0)), StopClass::SignalDelivery(34));
    }

    #[test]
    fn group_stops_classify() {
        for signal in [libc::SIGSTOP, libc::SIGTSTP, libc::SIGTTIN, libc::SIGTTOU] {
            let status = stopped(signal, libc::PTRACE_EVENT_STOP);
            assert_eq!(StopClass::from_wait_status(status), StopClass::GroupStop(signal));
        }
    }

    #[test]
    fn event_stops_classify() {
        for event in [
            libc::PTRACE_EVENT_FORK,
            libc::PTRACE_EVENT_VFORK,
            libc::PTRACE_EVENT_CLONE,
            libc::PTRACE_EVENT_EXEC,
            libc::PTRACE_EVENT_VFORK_DONE,
            libc::PTRACE_EVENT_EXIT,
        ] {
            assert_eq!(StopClass::from_wait_status(stopped(libc::SIGTRAP, event)), StopClass::Event(event));
        }
        // PTRACE_INTERRUPT stop, and a new child's first stop.
        let interrupt = stopped(libc::SIGTRAP, libc::PTRACE_EVENT_STOP);
        assert_eq!(StopClass::from_wait_status(interrupt), StopClass::Event(libc::PTRACE_EVENT_STOP));
    }

    #[test]
    fn tokens_carry_the_signal_only_for_signal_delivery() {
        let tid = Pid::from_raw(42);
        assert!(matches!(
            Stop::new(tid, stopped(libc::SIGCHLD, 0)),
            Stop::Signal(SignalStop { signal: libc::SIGCHLD, .. })
        ));
        assert!(matches!(
            Stop::new(tid, stopped(libc::SIGTSTP, libc::PTRACE_EVENT_STOP)),
            Stop::Group(GroupStop { signal: libc::SIGTSTP, .. })
        ));
        assert!(matches!(Stop::new(tid, 0), Stop::Ended(0)));
    }
}
