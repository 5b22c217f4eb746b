//! Pairing: joins each syscall's entry record with its exit record, per thread.
//!
//! Input is the backend-neutral [`Event`] stream; output is [`Paired`] items in the order they are to
//! be shown. A syscall whose thread vanishes before its exit (exit_group, a killed process) is
//! completed with no return value, which strace renders as `= ?`.
//!
//! A [`Event::SignalQueued`] (the eBPF backend's record of a signal the task never dequeues: one
//! ignored at generation, or one fatal by default action) becomes a [`Event::Signal`] where a
//! ptracer shows its delivery: right after the exit of the call the task is in, else at once.

use rustc_hash::FxHashMap;
use tracer_common::event::{Call, Capture, Event};
use tracer_common::record::{capture_flags, tamper};
use tracer_common::syscall::kernel_args;

use crate::call::{Paired, Syscall};
use crate::sets::Status;

/// What pairing asks the filter stage: whether an item will print decides whether it splits
/// another task's open line (implemented by [`crate::filter::Selection`]).
pub trait Judge {
    /// Whether call `nr` is traced (`-e trace=`); the others come out as [`Paired::Hidden`].
    fn traced(&self, nr: u64) -> bool;
    /// Whether calls are shown only once they end, by how they ended (`-e status=`): no call is
    /// split into unfinished and resumed halves then.
    fn staged(&self) -> bool;
    /// Whether a staged call that ended so is shown.
    fn shows_end(&self, status: Status) -> bool;
    /// Whether a process event prints a line (`-e signal=`, `-qq`).
    fn shows_event(&self, event: &Event) -> bool;
}

/// A call between its entry and its exit.
struct Pending {
    call: Syscall,
    /// Its entry was shown as [`Paired::Unfinished`].
    shown: bool,
    /// Outside `-e trace=`: completed as [`Paired::Hidden`], never shown.
    hidden: bool,
    /// `-e status=`: nothing is shown at its entry; once it ends, it is shown on one line or
    /// hidden (strace's staged output).
    staged: bool,
}

/// Per-thread pending entries, and which one's line strace would have left open.
pub struct Pairing<J> {
    pending: FxHashMap<u32, Pending>,
    /// Signals queued for a task while it was inside a call, shown after that call (by tid).
    held: FxHashMap<u32, Vec<Event>>,
    /// A leader's exit that came while another thread of its process was in execve (by pid): if
    /// the exec succeeds the leader was superseded, not exited (the eBPF backend sees the kernel
    /// reap it in de_thread; a ptracer does not), so it is dropped; otherwise shown late.
    superseded: FxHashMap<u32, Event>,
    /// The task whose call entry is the last thing shown (strace's unfinished line): any other
    /// visible item first closes it with `<unfinished ...>`.
    open: Option<u32>,
    /// `-ff`: every task has its own output, so no line is ever interrupted by another task's.
    separate: bool,
    /// What shows.
    judge: J,
    /// Records were lost (a `Lost` record passed): an exit without its entry is one of theirs.
    lost_seen: bool,
}

impl<J: Judge> Pairing<J> {
    /// Pairing for per-task outputs (`separate`: `-ff`) or one shared output, asking `judge`
    /// what shows.
    pub fn new(separate: bool, judge: J) -> Self {
        Pairing {
            pending: FxHashMap::default(),
            held: FxHashMap::default(),
            superseded: FxHashMap::default(),
            open: None,
            separate,
            judge,
            lost_seen: false,
        }
    }

    /// Feed one event; completed items are pushed to `out`.
    pub fn push(&mut self, event: Event, out: &mut Vec<Paired>) {
        match event {
            Event::SysEnter { meta, nr, args, ip, captures } => {
                if let Some(stale) = self.pending.remove(&meta.tid) {
                    // A new entry on a thread whose last call never exited (a lost exit record):
                    // the old call ends here with `= ?`, never glued to the new one's exit.
                    self.complete(stale, out);
                }
                self.release(meta.tid, out);
                let hidden = !self.judge.traced(nr);
                let staged = !hidden && self.judge.staged();
                if !hidden && !staged {
                    self.interrupt(meta.tid, out);
                    self.open = Some(meta.tid);
                }
                let args = kernel_args(nr, args);
                let call =
                    Syscall { meta, nr, args, ip, captures, ret: None, exit_ts_ns: None, kernel_atoms: None };
                let pending = Pending { call, shown: false, hidden, staged };
                let replaced = || {
                    pending
                        .call
                        .captures
                        .iter()
                        .filter_map(Capture::tamper_bits)
                        .any(|b| b & tamper::INJECTED != 0)
                };
                if never_returns(nr) && !replaced() {
                    // strace prints `exit_group(0) = ?` whole at its entry, whatever follows.
                    self.complete(pending, out);
                } else {
                    self.pending.insert(meta.tid, pending);
                }
            }
            Event::SysExit { meta, nr, ret, captures, kernel_atoms } => {
                match self.pending.remove(&meta.tid) {
                    Some(mut pending) if pending.call.nr == nr || is_exec(pending.call.nr) => {
                        let call = &mut pending.call;
                        add_exit_captures(&mut call.captures, captures);
                        call.ret = Some(ret);
                        call.exit_ts_ns = Some(meta.ts_ns);
                        call.kernel_atoms = kernel_atoms;
                        let failed_exec = is_exec(call.nr) && ret < 0;
                        self.complete(pending, out);
                        self.release(meta.tid, out);
                        if failed_exec {
                            // The leader was not superseded after all: its exit shows now.
                            if let Some(exit) = self.superseded.remove(&meta.pid) {
                                self.push(exit, out);
                            }
                        }
                    }
                    Some(other) => {
                        // Mismatched numbers (records lost between): the pending call ends with `= ?`
                        // rather than take another call's result.
                        self.complete(other, out);
                        self.release(meta.tid, out);
                    }
                    // An exit with no entry: the tracer attached mid-call (strace shows nothing for it),
                    // or, after a loss, its entry record was among the lost.
                    None if self.lost_seen => {
                        let call = Syscall {
                            meta,
                            nr,
                            args: [0; 6],
                            ip: 0,
                            captures,
                            ret: Some(ret),
                            exit_ts_ns: Some(meta.ts_ns),
                            kernel_atoms,
                        };
                        out.push(Paired::EntryLost(call));
                    }
                    None => {}
                }
            }
            Event::Exit { meta, .. } if meta.tid == meta.pid && self.execing_thread(meta.pid).is_some() => {
                self.superseded.insert(meta.pid, event);
            }
            Event::Exit { meta, .. } => {
                if let Some(pending) = self.pending.remove(&meta.tid) {
                    self.complete(pending, out);
                }
                self.release(meta.tid, out);
                if self.judge.shows_event(&event) {
                    self.interrupt(meta.tid, out);
                }
                out.push(Paired::Other(event));
            }
            Event::Exec { meta, old_tid } if old_tid != meta.tid => {
                self.superseded.remove(&meta.pid);
                // A non-leader thread exec'd: its execve returns on the leader's tid. strace shows
                // `execve(...` on the thread, ended by ` <pid changed to N ...>` when its line is
                // still the open one (else another task's line ended it with `<unfinished ...>`),
                // and `<... execve resumed>` on the leader, whatever came between. The leader's
                // own call ends first (`= ?`), which ends the thread's line if it shows.
                if self.pending.contains_key(&old_tid) {
                    if let Some(stale) = self.pending.remove(&meta.tid) {
                        self.complete(stale, out);
                    }
                }
                if let Some(mut pending) = self.pending.remove(&old_tid) {
                    if !pending.shown && !pending.hidden && !pending.staged {
                        pending.shown = true;
                        if self.open == Some(old_tid) {
                            self.open = None;
                        }
                        let mut entry = pending.call.clone();
                        entry.ret = None;
                        out.push(Paired::PidChanged(entry, meta.tid));
                    }
                    self.other(event, out);
                    pending.call.meta.tid = meta.tid;
                    pending.call.meta.pid = meta.pid;
                    self.pending.insert(meta.tid, pending);
                } else {
                    self.other(event, out);
                }
            }
            Event::SignalQueued { meta, siginfo } => {
                let signal = Event::Signal { meta, siginfo };
                if self.pending.contains_key(&meta.tid) {
                    // A ptracer sees it delivered once the call returns (after its exit stop).
                    self.held.entry(meta.tid).or_default().push(signal);
                } else {
                    self.other(signal, out);
                }
            }
            other => self.other(other, out),
        }
    }

    /// Feed a whole call (its task did nothing between its entry and its exit). The same items
    /// as [`Pairing::push`] of its two records, without holding the entry in `pending`. execve,
    /// whose exit may end another task's life, and mismatched numbers go the two-step way.
    ///
    /// The last item, the call itself in the usual case, is built in `whole` rather than pushed
    /// to `out`, and true returned: it comes after `out`'s items, as [`Paired::Syscall`]. It is
    /// built in place from `call`, whose captures it swaps for its old ones
    /// ([`Syscall::take_whole`]): moving the ~150-byte call through a return value and into
    /// `out` was a fifth of this step in perf, and its capture lists an allocation each. `call`
    /// may be left empty.
    #[must_use = "a true return means `whole` is an item, after those pushed to `out`"]
    pub fn push_call(&mut self, call: &mut Call, whole: &mut Syscall, out: &mut Vec<Paired>) -> bool {
        if call.exit_nr != call.nr || is_exec(call.nr) {
            let (enter, exit) = std::mem::take(call).into_events();
            self.push(enter, out);
            self.push(exit, out);
            return false;
        }
        let (tid, nr) = (call.meta.tid, call.nr);
        // What push does at the entry (the maps are nearly always empty here: no hashing then)...
        let stale = if self.pending.is_empty() { None } else { self.pending.remove(&tid) };
        if let Some(stale) = stale {
            self.complete(stale, out);
        }
        self.release(tid, out);
        let hidden = !self.judge.traced(nr);
        let staged = !hidden && self.judge.staged();
        // ...and at the exit, where nothing can have been held for the task since.
        whole.take_whole(call);
        if hidden || staged {
            self.complete(Pending { call: std::mem::take(whole), shown: false, hidden, staged }, out);
            return false;
        }
        // Shown on one line: what complete does for a line opened at the entry and still open.
        self.interrupt(tid, out);
        self.open = None;
        true
    }

    /// A thread of process `pid`, not its leader, inside execve.
    fn execing_thread(&self, pid: u32) -> Option<u32> {
        self.pending
            .iter()
            .find(|(&tid, p)| tid != pid && p.call.meta.pid == pid && is_exec(p.call.nr))
            .map(|(&tid, _)| tid)
    }

    /// Pass on a process event, closing another task's open line first if it prints.
    fn other(&mut self, event: Event, out: &mut Vec<Paired>) {
        self.lost_seen |= matches!(event, Event::Lost { .. });
        if self.judge.shows_event(&event) {
            self.interrupt(event.meta().tid, out);
        }
        out.push(Paired::Other(event));
    }

    /// Show the signals held for `tid` (its call has ended).
    fn release(&mut self, tid: u32, out: &mut Vec<Paired>) {
        if self.held.is_empty() {
            return;
        }
        if let Some(signals) = self.held.remove(&tid) {
            for signal in signals {
                self.other(signal, out);
            }
        }
    }

    /// A line of task `tid` is about to be shown: close the open line of any other call first.
    fn interrupt(&mut self, tid: u32, out: &mut Vec<Paired>) {
        let Some(open) = self.open.take() else { return };
        if self.separate && open == tid {
            // -ff: the task's own file; strace ends its unfinished line the same way.
        } else if self.separate {
            self.open = Some(open);
            return;
        }
        if let Some(pending) = self.pending.get_mut(&open) {
            pending.shown = true;
            let mut entry = pending.call.clone();
            entry.ret = None;
            out.push(Paired::Unfinished(entry));
        }
    }

    /// Hand on a call that ended (or never will): on one line, or as the rest of its shown entry.
    fn complete(&mut self, pending: Pending, out: &mut Vec<Paired>) {
        if pending.hidden {
            out.push(Paired::Hidden(pending.call));
            return;
        }
        let tid = pending.call.meta.tid;
        if pending.staged {
            if self.judge.shows_end(Status::of(pending.call.ret)) {
                self.interrupt(tid, out);
                out.push(Paired::Syscall(pending.call));
            } else {
                out.push(Paired::Hidden(pending.call));
            }
            return;
        }
        if self.open == Some(tid) {
            // Nothing was shown since its entry: one line.
            self.open = None;
        } else {
            self.interrupt(tid, out);
        }
        if pending.shown {
            out.push(Paired::Resumed(pending.call));
        } else {
            out.push(Paired::Syscall(pending.call));
        }
    }

    /// A call the trace ended in (every task still traced at the end was detached from: a task
    /// that exits completes its calls): the open line ends with ` <detached ...>`; a call already
    /// shown as `<unfinished ...>` gets nothing more, as in strace.
    fn detach(&mut self, pending: Pending, out: &mut Vec<Paired>) {
        let tid = pending.call.meta.tid;
        if pending.hidden {
            out.push(Paired::Hidden(pending.call));
        } else if pending.staged {
            if self.judge.shows_end(Status::Detached) {
                self.interrupt(tid, out);
                out.push(Paired::Detached(pending.call));
            } else {
                out.push(Paired::Hidden(pending.call));
            }
        } else if pending.shown {
            out.push(Paired::Hidden(pending.call));
        } else {
            if self.open == Some(tid) {
                self.open = None;
            } else {
                self.interrupt(tid, out);
            }
            out.push(Paired::Detached(pending.call));
        }
    }

    /// Task `tid` is no longer traced (`-b execve`): its pending call, if any, is detached.
    pub fn detach_task(&mut self, tid: u32, out: &mut Vec<Paired>) {
        if let Some(pending) = self.pending.remove(&tid) {
            self.detach(pending, out);
            self.release(tid, out);
        }
    }

    /// Complete every pending call (end of trace).
    pub fn finish(&mut self, out: &mut Vec<Paired>) {
        let exits: Vec<Event> = self.superseded.drain().map(|(_, exit)| exit).collect();
        for exit in exits {
            self.push(exit, out);
        }
        let mut calls: Vec<Pending> = self.pending.drain().map(|(_, c)| c).collect();
        calls.sort_by_key(|c| c.call.meta.ts_ns);
        for pending in calls {
            let tid = pending.call.meta.tid;
            self.detach(pending, out);
            self.release(tid, out);
        }
        let mut held: Vec<(u32, Vec<Event>)> = self.held.drain().collect();
        held.sort_by_key(|(_, signals)| signals.first().map_or(0, |s| s.meta().ts_ns));
        for (_, signals) in held {
            for signal in signals {
                self.other(signal, out);
            }
        }
    }
}

/// Append a call's exit captures to its entry ones, marked as taken at exit (the exit's vector is
/// reused when the entry took none: no allocation for the usual single capture).
fn add_exit_captures(captures: &mut Vec<Capture>, mut exits: Vec<Capture>) {
    for capture in &mut exits {
        capture.flags |= capture_flags::AT_EXIT;
    }
    if captures.is_empty() {
        *captures = exits;
    } else {
        captures.append(&mut exits);
    }
}

/// `exit` and `exit_group`: complete at their entry (they never return).
fn never_returns(nr: u64) -> bool {
    use tracer_common::syscall::nr;
    matches!(nr, nr::EXIT | nr::EXIT_GROUP)
}

/// execve/execveat (x86_64's or i386's): the exit may carry a different tid's number after a
/// multithreaded exec.
fn is_exec(nr: u64) -> bool {
    tracer_common::personality::Personality::is_exec(nr)
}

#[cfg(test)]
mod tests;
