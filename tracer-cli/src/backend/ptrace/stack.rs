//! `-k` under ptrace: when strace 6.1 takes a tracee's stack (the exit of a call, the entry of
//! those that do not return, a signal), unwound by [`crate::stack`] from the stopped thread's
//! registers and its memory read live.

use nix::unistd::Pid;
use tracer_common::personality::Personality;
use tracer_common::stack::StackFrame;
use tracer_common::syscall::nr;

use super::memory::TraceeMemory;
use crate::stack::{Memory, Regs, Stacks};

impl Memory for TraceeMemory {
    fn read_exact(&self, addr: u64, len: usize) -> Option<Vec<u8>> {
        TraceeMemory::read_exact(self, addr, len)
    }
}

/// The stack of thread `tid` (of process `tgid`), stopped now.
fn unwind(stacks: &mut Stacks, tid: Pid, tgid: u32) -> Vec<StackFrame> {
    let Ok(regs) = nix::sys::ptrace::getregs(tid) else { return Vec::new() };
    let regs = Regs { ip: regs.rip, sp: regs.rsp, bp: regs.rbp };
    stacks.unwind(tgid, tid.as_raw().unsigned_abs(), regs, &TraceeMemory::new(tid))
}

/// Whether a call changes its process's mappings (strace's `STACKTRACE_INVALIDATE_CACHE`).
pub fn changes_mappings(nr: u64) -> bool {
    matches!(
        nr,
        nr::MMAP
            | nr::MPROTECT
            | nr::MUNMAP
            | nr::BRK
            | nr::MREMAP
            | nr::SHMAT
            | nr::SHMDT
            | nr::REMAP_FILE_PAGES
            | nr::PKEY_MPROTECT
            | nr::EXECVE
            | nr::EXECVEAT
    )
}

/// Whether strace captures a call's stack at its entry rather than at its exit
/// (`STACKTRACE_CAPTURE_ON_ENTER`): those that do not return to where they were called from.
pub fn captured_at_entry(nr: u64) -> bool {
    matches!(nr, nr::EXECVE | nr::EXECVEAT | nr::EXIT | nr::EXIT_GROUP)
}

/// A stop just reported, as `-k` sees it.
pub(super) enum Reported {
    /// A call's entry (its number).
    Enter(u64),
    /// A call's exit.
    Exit(u64),
    /// A signal's delivery, or a group-stop.
    Signal,
}

impl super::Session<'_> {
    /// `-k`: the stack of `tid` where strace 6.1 takes it: at the exit of a call (at its entry
    /// for [`captured_at_entry`] calls, but the launched command's first execve), and at a
    /// signal. Sent after the record of the stop.
    pub(super) fn report_stack(&mut self, tid: Pid, reported: Reported) -> Result<(), super::PtraceError> {
        use tracer_common::stack::stack_flags;
        let Some(stacks) = self.stacks.as_mut() else { return Ok(()) };
        let Some(tracee) = self.tracees.get_mut(&tid) else { return Ok(()) };
        let tgid = tracee.tgid;
        if let Reported::Enter(nr) | Reported::Exit(nr) = reported {
            // strace 6.1 shows no stack for an i386 or x32 call.
            if Personality::of(nr) != Personality::X86_64 {
                return Ok(());
            }
        }
        let (flags, frames) = match reported {
            Reported::Enter(nr) => {
                if captured_at_entry(nr) && !tracee.awaiting_exec {
                    tracee.entry_stack = Some(unwind(stacks, tid, tgid));
                }
                return Ok(());
            }
            Reported::Exit(nr) => {
                if changes_mappings(nr) {
                    stacks.invalidate(tgid);
                }
                match tracee.entry_stack.take() {
                    Some(frames) => (stack_flags::AT_ENTRY, frames),
                    None => (0, unwind(stacks, tid, tgid)),
                }
            }
            Reported::Signal => (0, unwind(stacks, tid, tgid)),
        };
        let meta = super::meta(tgid, tid.as_raw().unsigned_abs());
        crate::backend::EventSink::event(
            &mut self.sink,
            tracer_common::event::Event::Stack { meta, flags, frames },
        )?;
        Ok(())
    }

    /// `-k`: task `tid` of `tgid` ended; the stack taken at the entry of the call it ended in
    /// (`exit_group`) is sent now, before its end, to be shown after it.
    pub(super) fn stack_at_end(
        &mut self,
        tid: Pid,
        tgid: u32,
        entry_stack: Option<Vec<StackFrame>>,
    ) -> Result<(), super::PtraceError> {
        use tracer_common::stack::stack_flags;
        let Some(stacks) = self.stacks.as_mut() else { return Ok(()) };
        let raw_tid = tid.as_raw().unsigned_abs();
        if raw_tid == tgid {
            stacks.invalidate(tgid);
        }
        if let Some(frames) = entry_stack {
            let meta = super::meta(tgid, raw_tid);
            let flags = stack_flags::AT_ENTRY | stack_flags::AFTER_END;
            crate::backend::EventSink::event(
                &mut self.sink,
                tracer_common::event::Event::Stack { meta, flags, frames },
            )?;
        }
        Ok(())
    }

    /// `-k`: process `tgid` exec'd: its mappings are new.
    pub(super) fn stack_exec(&mut self, tgid: u32) {
        if let Some(stacks) = self.stacks.as_mut() {
            stacks.invalidate(tgid);
        }
    }
}
