//! Ending the trace before the tracees end: on an error every tracee is let go quietly; on SIGINT,
//! SIGTERM or SIGHUP tracer detaches from each, in strace's order, and says so.

use nix::unistd::Pid;

use super::{attach, PtraceError, Session};
use crate::backend::EventSink;
use crate::backend::TraceeExit;
use crate::messages::Notice;

impl Session<'_> {
    /// Let every tracee go, quietly, without a signal: tracing ends on an error.
    pub(super) fn release_all(&mut self) {
        if let Some(pin) = self.cpu_pin.as_mut() {
            pin.unpin_all();
        }
        for tid in self.tracees.keys().chain(self.announced.iter()) {
            attach::detach_running(*tid);
        }
        for (_, stop) in self.held.drain() {
            let _ = stop.detach();
        }
    }

    /// Detach from every task (strace's cleanup on SIGINT, SIGTERM, SIGHUP): the launched command
    /// gets `SIGCONT` and the same signal first; every task is left running (or in the group-stop
    /// it was in), untraced. tracer then dies of that signal, as strace does.
    pub(super) fn detach_all(mut self) -> Result<TraceeExit, PtraceError> {
        if let Some(pin) = self.cpu_pin.as_mut() {
            pin.unpin_all();
        }
        let signal = crate::backend::detach_signal();
        if let (Some(child), None) = (self.child, self.child_exit) {
            // SAFETY: plain kill(2) calls on our own child.
            unsafe {
                libc::kill(child.as_raw(), libc::SIGCONT);
                libc::kill(child.as_raw(), signal);
            }
        }
        let mut order: Vec<(u64, Pid)> = self.tracees.iter().map(|(&tid, t)| (t.seq, tid)).collect();
        order.sort_unstable();
        for (_, tid) in order {
            attach::detach_running(tid);
            self.sink.notice(Notice::Detached { pid: tid.as_raw() })?;
        }
        for (tid, stop) in self.held.drain() {
            let _ = stop.detach();
            self.sink.notice(Notice::Detached { pid: tid.as_raw() })?;
        }
        for tid in self.announced.drain() {
            attach::detach_running(tid);
        }
        self.finish()?;
        Ok(TraceeExit::Signaled { signal, core_dumped: false })
    }
}
