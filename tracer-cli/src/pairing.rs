//! Pairing: joins each syscall's entry record with its exit record, per thread.
//!
//! Input is the backend-neutral [`Event`] stream; output is [`Paired`] items in the order they are to
//! be shown. A syscall whose thread vanishes before its exit (exit_group, a killed process) is
//! completed with no return value, which strace renders as `= ?`.

use std::collections::HashMap;

use tracer_common::capture::part;
use tracer_common::event::{Capture, Event, Meta};
use tracer_common::record::capture_flags;

/// One syscall with what is known of it: entry arguments, captures from entry and exit, and the
/// return value once it exited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Syscall {
    /// Who made the call and when it entered.
    pub meta: Meta,
    pub nr: u64,
    pub args: [u64; 6],
    /// Entry captures followed by exit captures.
    pub captures: Vec<Capture>,
    /// The return value; `None` when the call never returned (`= ?`).
    pub ret: Option<i64>,
    /// Timestamp of the exit, when there was one.
    pub exit_ts_ns: Option<u64>,
}

impl Syscall {
    /// The capture taken for argument `arg` (its main part; the entry one when there are two).
    pub fn capture(&self, arg: usize) -> Option<&Capture> {
        self.captures.iter().find(|c| usize::from(c.arg) == arg && c.part == part::MAIN)
    }

    /// Part `part` of argument `arg`, as captured at entry.
    pub fn entry_part(&self, arg: usize, part: u16) -> Option<&Capture> {
        self.captures.iter().find(|c| usize::from(c.arg) == arg && c.part == part && !c.at_exit())
    }

    /// Part `part` of argument `arg`, as captured at exit.
    pub fn exit_part(&self, arg: usize, part: u16) -> Option<&Capture> {
        self.captures.iter().find(|c| usize::from(c.arg) == arg && c.part == part && c.at_exit())
    }
}

/// What pairing hands on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Paired {
    Syscall(Syscall),
    /// A process event passed through unchanged (fork, exec, exit, signal, lost).
    Other(Event),
}

/// Per-thread pending entries.
#[derive(Default)]
pub struct Pairing {
    pending: HashMap<u32, Syscall>,
}

impl Pairing {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feed one event; completed items are pushed to `out`.
    pub fn push(&mut self, event: Event, out: &mut Vec<Paired>) {
        match event {
            Event::SysEnter { meta, nr, args, captures } => {
                if let Some(stale) = self.pending.remove(&meta.tid) {
                    // A new entry on a thread whose last call never exited (e.g. a lost record).
                    out.push(Paired::Syscall(stale));
                }
                self.pending
                    .insert(meta.tid, Syscall { meta, nr, args, captures, ret: None, exit_ts_ns: None });
            }
            Event::SysExit { meta, nr, ret, captures } => match self.pending.remove(&meta.tid) {
                Some(mut call) if call.nr == nr || is_exec(call.nr) => {
                    call.captures.extend(captures.into_iter().map(|mut c| {
                        c.flags |= capture_flags::AT_EXIT;
                        c
                    }));
                    call.ret = Some(ret);
                    call.exit_ts_ns = Some(meta.ts_ns);
                    out.push(Paired::Syscall(call));
                }
                Some(other) => {
                    // Mismatched numbers: keep both visible rather than invent a pairing.
                    out.push(Paired::Syscall(other));
                }
                // An exit with no entry: the tracer attached mid-call; strace shows nothing for it.
                None => {}
            },
            Event::Exit { meta, .. } => {
                self.flush_pid(meta.pid, out);
                out.push(Paired::Other(event));
            }
            other => out.push(Paired::Other(other)),
        }
    }

    /// Complete, with no return value, every pending call of thread group `pid`.
    fn flush_pid(&mut self, pid: u32, out: &mut Vec<Paired>) {
        let mut tids: Vec<u32> =
            self.pending.iter().filter(|(_, c)| c.meta.pid == pid).map(|(&tid, _)| tid).collect();
        tids.sort_unstable();
        for tid in tids {
            if let Some(call) = self.pending.remove(&tid) {
                out.push(Paired::Syscall(call));
            }
        }
    }

    /// Complete every pending call (end of trace).
    pub fn finish(&mut self, out: &mut Vec<Paired>) {
        let mut calls: Vec<Syscall> = self.pending.drain().map(|(_, c)| c).collect();
        calls.sort_by_key(|c| c.meta.ts_ns);
        out.extend(calls.into_iter().map(Paired::Syscall));
    }
}

/// execve/execveat: the exit may carry a different tid's number after a multithreaded exec.
fn is_exec(nr: u64) -> bool {
    nr == 59 || nr == 322
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(tid: u32, ts_ns: u64) -> Meta {
        Meta { pid: 1, tid, ts_ns }
    }

    #[test]
    fn entry_and_exit_make_one_call() {
        let mut pairing = Pairing::new();
        let mut out = Vec::new();
        pairing.push(
            Event::SysEnter { meta: meta(1, 1), nr: 3, args: [3, 0, 0, 0, 0, 0], captures: vec![] },
            &mut out,
        );
        assert!(out.is_empty());
        pairing.push(Event::SysExit { meta: meta(1, 2), nr: 3, ret: 0, captures: vec![] }, &mut out);
        let [Paired::Syscall(call)] = out.as_slice() else { panic!("{out:?}") };
        assert_eq!((call.nr, call.ret, call.exit_ts_ns), (3, Some(0), Some(2)));
    }

    #[test]
    fn exit_group_completes_without_return_value() {
        let mut pairing = Pairing::new();
        let mut out = Vec::new();
        pairing.push(Event::SysEnter { meta: meta(1, 1), nr: 231, args: [0; 6], captures: vec![] }, &mut out);
        pairing.push(Event::Exit { meta: meta(1, 2), wait_status: 0 }, &mut out);
        assert!(matches!(&out[0], Paired::Syscall(Syscall { nr: 231, ret: None, .. })));
        assert!(matches!(&out[1], Paired::Other(Event::Exit { .. })));
    }

    #[test]
    fn an_exit_without_entry_is_dropped() {
        let mut pairing = Pairing::new();
        let mut out = Vec::new();
        pairing.push(Event::SysExit { meta: meta(1, 2), nr: 0, ret: 1, captures: vec![] }, &mut out);
        assert!(out.is_empty());
    }
}
