//! Backends: each starts the command, observes it, and feeds [`Event`]s to an [`EventSink`]. Nothing
//! after the sink knows which backend ran.

pub mod dump;
pub mod ebpf;
pub mod ptrace;

use std::io;

use tracer_common::event::Event;

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
