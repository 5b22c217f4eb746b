//! Per-task state, keyed by tid, and what a syscall stop does to it: the stop becomes a SysEnter or
//! SysExit record, with the captures its plan names and what `-e inject=` changed.

use std::collections::HashMap;

use nix::sys::ptrace;
use nix::unistd::Pid;
use tracer_common::capture::{capture_args, deref, plan_with, Limits, SyscallPlan};
use tracer_common::event::Event;
use tracer_common::personality::Personality;

use super::memory::TraceeMemory;
use super::{captures, meta, tamper};
use crate::inject::Injections;

/// A syscall in progress on one thread: what its exit needs from its entry.
pub(super) struct InSyscall {
    pub(super) nr: u64,
    pub(super) args: [u64; 6],
    /// The call's capture plan, looked up once at entry.
    plan: SyscallPlan,
    /// What `-e inject=` did to it.
    tampered: Option<tamper::Tampered>,
}

/// Per-task state, keyed by tid.
pub(super) struct Tracee {
    /// Thread group id, looked up once (an exec keeps it).
    pub(super) tgid: u32,
    pub(super) in_syscall: Option<InSyscall>,
    /// The launched child before its first `execve`: what it does then is tracer's own doing
    /// (strace's TCB_HIDE_LOG), so nothing is reported.
    pub(super) hidden: bool,
    /// A task created without -f under the seccomp filter: traced only so that its filtered calls
    /// run; resumed at once, never shown (`silent`).
    pub(super) silent: bool,
    /// The launched command before its execve succeeded: a failed execve is shown, and what the
    /// child does next (tracer's `exec:` message, its exit) is hidden again, as strace does.
    pub(super) awaiting_exec: bool,
    /// When the task was first seen, for detaching in strace's order.
    pub(super) seq: u64,
    /// `-e inject=`: how many times this task has entered each injected call.
    pub(super) inject_counts: HashMap<u64, u64>,
    /// `-e inject=...:signal=`: to send as the exit stop just reported is resumed.
    pub(super) inject_signal: Option<i32>,
    /// `-e inject=...:delay_enter=`/`delay_exit=`: how long the stop just reported is held.
    pub(super) hold_us: Option<u64>,
    /// `-k`: the stack taken at the entry of the call in progress (execve, exit, exit_group),
    /// shown after its exit, or after the task's end if it never returns.
    pub(super) entry_stack: Option<Vec<tracer_common::stack::StackFrame>>,
}

/// The thread group of `tid`, from /proc/TID/status.
pub(super) fn read_tgid(tid: Pid) -> Option<u32> {
    let status = std::fs::read_to_string(format!("/proc/{tid}/status")).ok()?;
    status.lines().find_map(|line| line.strip_prefix("Tgid:").and_then(|v| v.trim().parse().ok()))
}

/// The thread group of `tid`, or `tid` itself if /proc cannot say (it is gone).
pub(super) fn tgid_of(tid: Pid) -> u32 {
    read_tgid(tid).unwrap_or_else(|| tid.as_raw().unsigned_abs())
}

/// Turn a syscall stop into a SysEnter or SysExit record. A launched child's first `execve` makes
/// it visible.
pub(super) fn syscall_stop(
    pid: Pid,
    tracee: &mut Tracee,
    limits: &Limits,
    inject: &Injections,
) -> Option<Event> {
    let info = ptrace::syscall_info(pid).ok()?;
    let tid = u32::try_from(pid.as_raw()).ok()?;
    let mem = TraceeMemory::new(pid);
    match info.op {
        op @ (libc::PTRACE_SYSCALL_INFO_ENTRY | libc::PTRACE_SYSCALL_INFO_SECCOMP) => {
            let entry = if op == libc::PTRACE_SYSCALL_INFO_SECCOMP {
                // SAFETY: op SECCOMP means the kernel filled the `seccomp` member of the union.
                let seccomp = unsafe { info.u.seccomp };
                libc::__c_anonymous_ptrace_syscall_info_entry { nr: seccomp.nr, args: seccomp.args }
            } else {
                // SAFETY: op ENTRY means the kernel filled the `entry` member of the union.
                unsafe { info.u.entry }
            };
            // An i386 call's number is tagged, so that no x86_64 row, plan or rule applies to it.
            let entry = libc::__c_anonymous_ptrace_syscall_info_entry {
                nr: Personality::record_nr(info.arch, entry.nr),
                args: entry.args,
            };
            if Personality::is_exec(entry.nr) {
                tracee.hidden = false;
            }
            let plan = plan_with(entry.nr, limits);
            let mut tampered = None;
            if !tracee.hidden && inject.rule(entry.nr).is_some() {
                let count = tracee.inject_counts.entry(entry.nr).or_default();
                *count += 1;
                // Before the captures: they show what `poke_enter=` wrote, as strace does.
                tampered = tamper::at_entry(pid, inject, entry.nr, &entry.args, *count);
                tracee.hold_us = tampered.and_then(|t| t.delay_enter_us);
            }
            // Memory is read as the call's own row plans it (an i386 call's pointers at 32 bits,
            // none above 4 GiB: `capture_args`; an x32 call's plan is empty); derefs follow x86_64
            // structs only.
            let read_args = capture_args(entry.nr, &entry.args, &plan);
            let mut captures = captures::at_entry(&mem, &plan, &read_args, info.stack_pointer, limits);
            if Personality::of(entry.nr) == Personality::X86_64 {
                captures.extend(captures::derefs(&mem, entry.nr, &entry.args, deref::AT_ENTRY, 0, limits));
            }
            if let Some(bits) =
                tampered.map(|t| t.bits).filter(|&bits| bits & tracer_common::record::tamper::INJECTED != 0)
            {
                // Said at the entry too: a replaced exit or exit_group returns after all.
                captures.push(tracer_common::event::Capture::tamper_note(bits));
            }
            tracee.in_syscall = Some(InSyscall { nr: entry.nr, args: entry.args, plan, tampered });
            let meta = meta(tracee.tgid, tid);
            let ip = info.instruction_pointer;
            Some(Event::SysEnter { meta, nr: entry.nr, args: entry.args, ip, captures })
        }
        libc::PTRACE_SYSCALL_INFO_EXIT => {
            // SAFETY: op EXIT means the kernel filled the `exit` member of the union.
            let exit = unsafe { info.u.exit };
            let mut entry = tracee.in_syscall.take()?;
            let mut ret = exit.sval;
            if let Some(tampered) = &mut entry.tampered {
                ret = tamper::at_exit(pid, inject, entry.nr, &entry.args, tampered, ret);
                tracee.inject_signal = tampered.signal;
                tracee.hold_us = tampered.delay_exit_us;
            }
            let read_args = capture_args(entry.nr, &entry.args, &entry.plan);
            let mut captures = captures::at_exit(&mem, &entry.plan, &read_args, ret, limits);
            if Personality::of(entry.nr) == Personality::X86_64 {
                captures.extend(captures::derefs(&mem, entry.nr, &entry.args, deref::AT_EXIT, ret, limits));
            }
            if let Some(bits) = entry.tampered.map(|t| t.bits).filter(|&bits| bits != 0) {
                captures.push(tracer_common::event::Capture::tamper_note(bits));
            }
            Some(Event::SysExit {
                meta: meta(tracee.tgid, tid),
                nr: entry.nr,
                ret,
                captures,
                kernel_atoms: None,
            })
        }
        _ => None,
    }
}
