//! Backends: each starts the command, observes it, and feeds [`Event`]s to an [`EventSink`]. Nothing
//! after the sink knows which backend ran.

pub mod dump;
pub mod ebpf;
pub mod ptrace;

use std::io;

use tracer_common::event::Event;

/// Set from a SIGINT/SIGTERM/SIGHUP handler: the backend detaches from every tracee (attached ones
/// keep running, unstopped) and returns. Backends poll it between events (a blocking wait returns
/// EINTR when the signal arrives, as the handler is installed without SA_RESTART).
pub static DETACH_REQUESTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether a detach was requested (see [`DETACH_REQUESTED`]).
pub fn detach_requested() -> bool {
    DETACH_REQUESTED.load(std::sync::atomic::Ordering::Relaxed)
}

/// Where a backend delivers records.
pub trait EventSink {
    fn event(&mut self, event: Event) -> io::Result<()>;
}

/// How the traced command ended, for tracer's own exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TraceeExit {
    Exited(i32),
    Signaled { signal: i32, core_dumped: bool },
}

impl TraceeExit {
    /// From a wait(2) status word.
    pub fn from_wait_status(status: i32) -> TraceeExit {
        if libc::WIFSIGNALED(status) {
            TraceeExit::Signaled { signal: libc::WTERMSIG(status), core_dumped: libc::WCOREDUMP(status) }
        } else {
            TraceeExit::Exited(libc::WEXITSTATUS(status))
        }
    }
}
