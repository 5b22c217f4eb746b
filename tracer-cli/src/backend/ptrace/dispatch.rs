//! What each wait result does: a known task's stop is reported and resumed as its kind requires;
//! a new task (`-f`) is held until its creator's fork/clone event has been seen.

use nix::unistd::Pid;
use tracer_common::event::Event;
use tracer_common::personality::Personality;
use tracer_common::syscall::nr;

use super::resume::ParkedStop;
use super::stack::Reported;
use super::stops::{EventStop, Restart, Stop};
use super::tracee::{read_tgid, syscall_stop};
use super::{meta, PtraceError, Session};
use crate::backend::{EventSink as _, TraceeExit};
use crate::messages::Notice;

impl Session<'_> {
    /// One wait result.
    pub(super) fn handle(&mut self, stop: Stop, tid: Pid) -> Result<(), PtraceError> {
        if self.tracees.contains_key(&tid) {
            return self.dispatch(stop, tid);
        }
        match stop {
            Stop::Ended(_) if self.detached_child == Some(tid) => Ok(()),
            Stop::Ended(status) => {
                self.announced.remove(&tid);
                self.held.remove(&tid);
                if !self.quiet.suppresses(crate::sets::Message::Exit) {
                    // strace says the same of a task it never saw stop.
                    crate::diag!("Exit of unknown pid {tid} ignored");
                }
                let _ = status;
                Ok(())
            }
            stop if self.follow || self.silent_follow => {
                if self.announced.remove(&tid) {
                    self.start(tid)?;
                    self.dispatch(stop, tid)
                } else {
                    // Its creator's event is still to come.
                    self.held.insert(tid, stop);
                    Ok(())
                }
            }
            stop => {
                // Not ours to trace (a clone with CLONE_PTRACE): let it go, as strace does.
                let _ = stop.detach();
                if !self.quiet.suppresses(crate::sets::Message::Attach) {
                    crate::diag!("Detached unknown pid {tid}");
                }
                Ok(())
            }
        }
    }

    /// A new task (`-f`) is traced from now on; without -f, silently.
    fn start(&mut self, tid: Pid) -> Result<(), PtraceError> {
        let mut tracee = self.new_tracee(tid);
        tracee.silent = !self.follow;
        self.tracees.insert(tid, tracee);
        if self.follow {
            self.sink.notice(Notice::attached(tid.as_raw(), 1))?;
        } else {
            super::silent::options_for_child(tid);
        }
        Ok(())
    }

    /// A stop of a known task: report it, then resume it the way its kind requires.
    fn dispatch(&mut self, stop: Stop, tid: Pid) -> Result<(), PtraceError> {
        let Some(tracee) = self.tracees.get_mut(&tid) else {
            // Only called for known tasks; leave it running rather than stopped.
            let _ = stop.detach();
            return Ok(());
        };
        if tracee.silent {
            return self.silent_stop(stop, tid);
        }
        let tgid = tracee.tgid;
        let raw_tid = tid.as_raw().unsigned_abs();
        match stop {
            Stop::Syscall(stop) => {
                let event = syscall_stop(tid, tracee, &self.limits, &self.inject);
                let hidden = tracee.hidden;
                let signal = tracee.inject_signal.take();
                let hold_us = tracee.hold_us.take();
                if hidden && self.seccomp.is_some() {
                    if let Some(Event::SysExit { nr: nr::SECCOMP, ret: 0, .. }) = event {
                        // The command's filter is in place: from its execve on, only traced
                        // calls stop.
                        self.seccomp_on = true;
                    }
                }
                if let (true, Some(Event::SysExit { nr, ret, .. })) = (tracee.awaiting_exec, &event) {
                    if Personality::is_exec(*nr) {
                        tracee.awaiting_exec = false;
                        tracee.hidden = *ret < 0;
                    }
                }
                let reported = reported(event.as_ref());
                if let Some(event) = event.filter(|_| !hidden) {
                    self.sink.event(event)?;
                    if let Some(reported) = reported {
                        self.report_stack(tid, reported)?;
                    }
                }
                if let Some(shadow) = self.shadow.as_mut() {
                    shadow.drain()?;
                }
                match hold_us {
                    Some(us) => self.park(us, ParkedStop::Syscall(stop, signal)),
                    None => self.resume_syscall(stop, signal),
                }
            }
            Stop::Signal(stop) => {
                if !tracee.hidden {
                    // A task that vanished meanwhile has no siginfo: its end is reported next.
                    if let Ok(siginfo) = stop.siginfo() {
                        self.sink.event(Event::Signal { meta: meta(tgid, raw_tid), siginfo })?;
                        self.report_stack(tid, Reported::Signal)?;
                    }
                }
                let how = self.restart(tid);
                stop.deliver(how);
            }
            Stop::Group(stop) => {
                if !tracee.hidden {
                    let sig = stop.signal.unsigned_abs();
                    self.sink.event(Event::Stop { meta: meta(tgid, raw_tid), sig })?;
                    self.report_stack(tid, Reported::Signal)?;
                }
                stop.listen();
            }
            Stop::Event(stop) => self.event_stop(stop, tgid)?,
            Stop::Ended(wait_status) => {
                let entry_stack = self.tracees.remove(&tid).and_then(|t| t.entry_stack);
                self.stack_at_end(tid, tgid, entry_stack)?;
                self.parked.retain(|parked| parked.tid() != tid);
                if let Some(pin) = self.cpu_pin.as_mut() {
                    pin.forget(tid);
                }
                self.sink.event(Event::Exit { meta: meta(tgid, raw_tid), wait_status })?;
                if self.child == Some(tid) {
                    self.child_exit = Some(TraceeExit::from_wait_status(wait_status));
                }
            }
        }
        Ok(())
    }

    /// A `PTRACE_EVENT_*` stop of a known task.
    fn event_stop(&mut self, stop: EventStop, tgid: u32) -> Result<(), PtraceError> {
        let tid = stop.tid;
        let raw_tid = tid.as_raw().unsigned_abs();
        match stop.event {
            libc::PTRACE_EVENT_SECCOMP => {
                // The filter stopped a traced call: this is its entry; PTRACE_SYSCALL brings its exit.
                let mut hold_us = None;
                if let Some(tracee) = self.tracees.get_mut(&tid) {
                    let event = syscall_stop(tid, tracee, &self.limits, &self.inject);
                    hold_us = tracee.hold_us.take();
                    let reported = reported(event.as_ref());
                    if let Some(event) = event.filter(|_| !tracee.hidden) {
                        self.sink.event(event)?;
                        if let Some(reported) = reported {
                            self.report_stack(tid, reported)?;
                        }
                    }
                }
                if let Some(shadow) = self.shadow.as_mut() {
                    shadow.drain()?;
                }
                match hold_us {
                    Some(us) => self.park(us, ParkedStop::Seccomp(stop)),
                    None => {
                        self.place(tid);
                        stop.resume(Restart::Syscall);
                    }
                }
            }
            libc::PTRACE_EVENT_FORK | libc::PTRACE_EVENT_VFORK | libc::PTRACE_EVENT_CLONE => {
                let child = stop.message().ok().and_then(|msg| i32::try_from(msg).ok()).filter(|&c| c > 0);
                let Some(child) = child.map(Pid::from_raw) else {
                    let how = self.restart(tid);
                    stop.resume(how);
                    return Ok(());
                };
                let child_pid = self.child_tgid(tid, child, stop.event);
                let event = Event::Fork {
                    meta: meta(tgid, raw_tid),
                    child_pid,
                    child_tid: child.as_raw().unsigned_abs(),
                    // Read from /proc while the child is there (stopped) instead.
                    pid_ns: Vec::new(),
                };
                // Without -f the child is followed silently: no news of it.
                let hidden = self.tracees.get(&tid).is_some_and(|t| t.hidden) || !self.follow;
                if !hidden {
                    self.sink.event(event)?;
                }
                let how = self.restart(tid);
                stop.resume(how);
                match self.held.remove(&child) {
                    Some(first) => {
                        self.start(child)?;
                        self.dispatch(first, child)?;
                    }
                    None => {
                        self.announced.insert(child);
                    }
                }
            }
            libc::PTRACE_EVENT_EXEC => {
                // The former tid of the task that exec'd: another thread's when a non-leader
                // thread exec'd (it now has the leader's tid, and the leader is gone, unreported).
                let old = stop.message().ok().and_then(|msg| i32::try_from(msg).ok()).map(Pid::from_raw);
                if let Some(old) = old.filter(|&old| old != tid) {
                    if let Some(pin) = self.cpu_pin.as_mut() {
                        pin.rename(old, tid);
                    }
                    if let Some(mut execing) = self.tracees.remove(&old) {
                        if let Some(leader) = self.tracees.remove(&tid) {
                            execing.seq = leader.seq;
                        }
                        self.tracees.insert(tid, execing);
                    }
                }
                self.stack_exec(tgid);
                let old_tid = old.map_or(raw_tid, |o| o.as_raw().unsigned_abs());
                let hidden = self.tracees.get(&tid).is_some_and(|t| t.hidden);
                if !hidden {
                    self.sink.event(Event::Exec { meta: meta(tgid, raw_tid), old_tid })?;
                }
                // -b execve: let it go, unless this is the launched command's own first execve.
                if self.detach_on_execve && self.tracees.get(&tid).is_some_and(|t| !t.awaiting_exec) {
                    return self.detach_at_exec(stop);
                }
                let how = self.restart(tid);
                stop.resume(how);
            }
            // PTRACE_EVENT_STOP that is not a group-stop (PTRACE_INTERRUPT, a new task's first
            // stop, a SIGCONT notification after PTRACE_LISTEN), and anything else.
            _ => {
                let how = self.restart(tid);
                stop.resume(how);
            }
        }
        Ok(())
    }

    /// A stop of a silent task: resumed at once. A task it creates is announced (silent too);
    /// its end is forgotten.
    fn silent_stop(&mut self, stop: Stop, tid: Pid) -> Result<(), PtraceError> {
        match &stop {
            Stop::Event(event)
                if matches!(
                    event.event,
                    libc::PTRACE_EVENT_FORK | libc::PTRACE_EVENT_VFORK | libc::PTRACE_EVENT_CLONE
                ) =>
            {
                let child = event.message().ok().and_then(|msg| i32::try_from(msg).ok()).filter(|&c| c > 0);
                if let Some(child) = child.map(Pid::from_raw) {
                    match self.held.remove(&child) {
                        Some(first) => {
                            self.start(child)?;
                            super::silent::resume_silently(first);
                        }
                        None => {
                            self.announced.insert(child);
                        }
                    }
                }
            }
            Stop::Ended(_) => {
                self.tracees.remove(&tid);
                if let Some(pin) = self.cpu_pin.as_mut() {
                    pin.forget(tid);
                }
            }
            _ => {}
        }
        super::silent::resume_silently(stop);
        Ok(())
    }

    /// `-b execve`: the task that execs is let go; its execve ends its trace with ` <detached ...>`.
    fn detach_at_exec(&mut self, stop: EventStop) -> Result<(), PtraceError> {
        let tid = stop.tid;
        self.tracees.remove(&tid);
        self.parked.retain(|parked| parked.tid() != tid);
        if let Some(pin) = self.cpu_pin.as_mut() {
            pin.forget(tid);
        }
        self.sink.detached(tid.as_raw().unsigned_abs())?;
        let _ = stop.detach();
        self.sink.notice(Notice::Detached { pid: tid.as_raw() })?;
        if self.child == Some(tid) {
            self.child = None;
            self.detached_child = Some(tid);
        }
        Ok(())
    }

    /// The thread group of a new task: its own unless it is a thread (/proc says; if it is
    /// already gone, clone's flags do).
    fn child_tgid(&self, parent: Pid, child: Pid, event: i32) -> u32 {
        let raw = child.as_raw().unsigned_abs();
        if let Some(tgid) = read_tgid(child) {
            return tgid;
        }
        let thread =
            event == libc::PTRACE_EVENT_CLONE
                && self.tracees.get(&parent).and_then(|t| t.in_syscall.as_ref()).is_some_and(|call| {
                    call.nr == nr::CLONE && call.args[0] & libc::CLONE_THREAD as u64 != 0
                });
        match self.tracees.get(&parent) {
            Some(tracee) if thread => tracee.tgid,
            _ => raw,
        }
    }
}

/// What `-k` makes of a syscall stop's record.
fn reported(event: Option<&Event>) -> Option<Reported> {
    match event? {
        Event::SysEnter { nr, .. } => Some(Reported::Enter(*nr)),
        Event::SysExit { nr, .. } => Some(Reported::Exit(*nr)),
        _ => None,
    }
}
