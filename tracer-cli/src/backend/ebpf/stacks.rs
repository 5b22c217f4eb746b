//! `-k` under eBPF: the kernel sends, after a call's record, the user registers and a slice of
//! the user stack (a RAW_STACK record); here they are unwound by [`crate::stack`], as ptrace's
//! are, into the `Event::Stack` the rest of tracer knows. Memory outside the slice cannot be
//! read: the walk stops where it would need it.
//!
//! The mappings a walk needs are a process's: read from /proc when a process is first seen, after
//! its exec, inherited from the parent at a fork, and read again once when a frame is in none of
//! them. A process gone before they were read has frames that print as strace prints an address
//! in no mapping.

use std::collections::{HashMap, HashSet};

use tracer_common::event::{DecodeError, Event};
use tracer_common::stack::{stack_flags, RawStack, StackFrame};
use tracer_common::syscall::nr;

use crate::stack::{Memory, Regs, Stacks};

/// The stack slice of one RAW_STACK record, at its address.
struct Slice<'a> {
    sp: u64,
    bytes: &'a [u8],
}

impl Memory for Slice<'_> {
    fn read_exact(&self, addr: u64, len: usize) -> Option<Vec<u8>> {
        let from = usize::try_from(addr.checked_sub(self.sp)?).ok()?;
        Some(self.bytes.get(from..from.checked_add(len)?)?.to_vec())
    }

    fn read_u64(&self, addr: u64) -> Option<u64> {
        let from = usize::try_from(addr.checked_sub(self.sp)?).ok()?;
        let bytes: [u8; 8] = self.bytes.get(from..from.checked_add(8)?)?.try_into().ok()?;
        Some(u64::from_le_bytes(bytes))
    }
}

/// The eBPF backend's `-k` state.
#[derive(Default)]
pub struct RawStacks {
    stacks: Stacks,
    /// Processes whose mappings were read (or inherited) since they were first seen.
    known: HashSet<u32>,
    /// Stacks taken at an execve's entry, per tid: shown after the call's exit, as ptrace shows
    /// them.
    held: HashMap<u32, Event>,
    /// Tasks whose next stack is their group-stop's (`--- stopped by SIGSTOP ---`).
    stopping: HashSet<u32>,
    /// The group-stop's stack of each task still stopped. A SIGCONT the task ignores is never
    /// delivered in its context (no `signal_deliver`, so no stack from the kernel), but a stopped
    /// task resumes where it stopped: its SIGCONT line gets this stack (flags and frames), as
    /// under ptrace.
    stopped: HashMap<u32, (u32, Vec<StackFrame>)>,
}

impl RawStacks {
    /// A record of process `pid` arrived: its mappings are read now if they never were.
    pub fn seen(&mut self, pid: u32) {
        if pid != 0 && self.known.insert(pid) {
            self.stacks.learn(pid);
        }
    }

    /// Learn from a lifecycle record: a fork's child starts with its parent's mappings, an exec
    /// brings new ones, an ended process has none.
    pub fn observe(&mut self, event: &Event) {
        match event {
            Event::Fork { meta, child_pid, child_tid, .. } => {
                self.stopped.remove(child_tid);
                if *child_pid != meta.pid {
                    self.stacks.fork(meta.pid, *child_pid);
                    self.known.insert(*child_pid);
                }
            }
            Event::Exec { meta, old_tid, .. } => {
                self.stacks.invalidate(meta.pid);
                self.stacks.learn(meta.pid);
                self.known.insert(meta.pid);
                if let Some(stack) = self.held.remove(old_tid) {
                    self.held.insert(meta.tid, stack);
                }
            }
            Event::Exit { meta, .. } => {
                if meta.tid == meta.pid {
                    self.stacks.invalidate(meta.pid);
                    self.known.remove(&meta.pid);
                }
                // Its group-stop's stack stays until its SIGCONT, which comes after this line when
                // both wait behind other tasks' records; a new task with its tid clears it.
                self.stopping.remove(&meta.tid);
            }
            Event::Stop { meta, .. } => {
                self.stopping.insert(meta.tid);
            }
            Event::Signal { meta, .. } => {
                // Delivered in the task's context: it runs again, with a stack of its own.
                self.stopped.remove(&meta.tid);
            }
            _ => {}
        }
    }

    /// The stack in a RAW_STACK record, unwound; `None` when it is held until its call's exit
    /// ([`RawStacks::after`]).
    pub fn unwind(&mut self, bytes: &[u8]) -> Result<Option<Event>, DecodeError> {
        let raw = RawStack::decode(bytes)?;
        if raw.body.flags & stack_flags::MAPPED_CODE != 0 {
            // A library was just mapped: its mappings now, while the process lives.
            self.stacks.invalidate(raw.meta.pid);
            self.stacks.learn(raw.meta.pid);
        }
        let regs = Regs { ip: raw.body.ip, sp: raw.body.sp, bp: raw.body.bp };
        let memory = Slice { sp: raw.body.sp, bytes: raw.stack };
        let frames = self.stacks.unwind(raw.meta.pid, raw.meta.pid, regs, &memory);
        let flags = raw.body.flags & !stack_flags::MAPPED_CODE;
        if flags & stack_flags::AT_ENTRY != 0 && flags & stack_flags::AFTER_END == 0 {
            self.held.insert(raw.meta.tid, Event::Stack { meta: raw.meta, flags, frames });
            return Ok(None);
        }
        if self.stopping.remove(&raw.meta.tid) {
            self.stopped.insert(raw.meta.tid, (flags, frames.clone()));
        } else {
            self.stopped.remove(&raw.meta.tid);
        }
        Ok(Some(Event::Stack { meta: raw.meta, flags, frames }))
    }

    /// The stack to show right after a queued signal's line (`Event::SignalQueued`, one the task
    /// ignores): a group-stopped task's SIGCONT has its group-stop's stack.
    pub fn after_queued(&mut self, signal: &Event) -> Option<Event> {
        let Event::SignalQueued { meta, siginfo } = signal else { return None };
        if crate::call::siginfo_signo(siginfo) != libc::SIGCONT as u32 {
            return None;
        }
        let (flags, frames) = self.stopped.remove(&meta.tid)?;
        Some(Event::Stack { meta: *meta, flags, frames })
    }

    /// The stack to show right after `event`: an execve's, taken at its entry.
    pub fn after(&mut self, event: &Event) -> Option<Event> {
        match event {
            Event::SysExit { meta, nr: nr::EXECVE | nr::EXECVEAT, .. } => self.held.remove(&meta.tid),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracer_common::event::Meta;
    use tracer_common::record::RawStackBody;

    /// A RAW_STACK record of this process (its maps can be read), thread `tid`, with `flags`;
    /// `ip` 0 ends the walk at once.
    fn raw(tid: u32, flags: u32) -> Vec<u8> {
        let meta = Meta { pid: std::process::id(), tid, ts_ns: 1 };
        let body = RawStackBody { ip: 0, sp: 0x1000, bp: 0, flags, len: 0 };
        let mut bytes = Vec::new();
        RawStack { meta, body, stack: &[0; 16] }.encode(&mut bytes);
        bytes
    }

    #[test]
    fn an_execve_stack_waits_for_its_exit_others_go_at_once() {
        let mut stacks = RawStacks::default();
        let pid = std::process::id();
        let stack = stacks.unwind(&raw(5, 0)).expect("decodes").expect("at once");
        assert!(matches!(stack, Event::Stack { meta, flags: 0, .. } if meta.tid == 5));
        let end = stack_flags::AT_ENTRY | stack_flags::AFTER_END;
        assert!(stacks.unwind(&raw(5, end)).expect("decodes").is_some(), "exit_group's goes at once");
        // An execve's, taken at its entry on thread 6, held; the exec moves it to the leader.
        assert_eq!(stacks.unwind(&raw(6, stack_flags::AT_ENTRY)), Ok(None));
        let meta = |tid| Meta { pid, tid, ts_ns: 2 };
        stacks.observe(&Event::Exec { meta: meta(pid), old_tid: 6 });
        let exit =
            |tid, nr| Event::SysExit { meta: meta(tid), nr, ret: 0, captures: vec![], kernel_atoms: None };
        assert_eq!(stacks.after(&exit(pid, nr::WRITE)), None, "not after another call");
        let held = stacks.after(&exit(pid, nr::EXECVE)).expect("after the execve's exit");
        assert!(matches!(held, Event::Stack { flags: stack_flags::AT_ENTRY, .. }));
        assert_eq!(stacks.after(&exit(pid, nr::EXECVE)), None, "once");
        assert!(stacks.unwind(&raw(5, 0)[..40]).is_err(), "a cut record");
    }

    #[test]
    fn a_slice_reads_only_what_it_holds() {
        let bytes: Vec<u8> = (0..32).collect();
        let slice = Slice { sp: 0x1000, bytes: &bytes };
        assert_eq!(slice.read_u64(0x1000), Some(u64::from_le_bytes([0, 1, 2, 3, 4, 5, 6, 7])));
        assert_eq!(slice.read_u64(0x1018), Some(u64::from_le_bytes([24, 25, 26, 27, 28, 29, 30, 31])));
        assert_eq!(slice.read_u64(0x1019), None, "past the end");
        assert_eq!(slice.read_u64(0xff8), None, "below the stack pointer");
        assert_eq!(slice.read_exact(u64::MAX, 8), None);
    }
}
