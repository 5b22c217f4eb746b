//! The entry points on the scheduler's and the signal code's tracepoints: a traced task's forks,
//! execs, signals, group-stops and end, as FORK, EXEC, COMM, SIGNAL, STOP and EXIT records. They
//! also keep the traced set: `-f` children join it before they run, ended tasks leave it.
//!
//! Each record is built on the stack (they are small) and copied to the ring buffer; all of them
//! run in the task's own context but `sched_process_fork` (the parent's), so a task's records come
//! in the order they happened, after its syscall records.

use aya_ebpf::{
    helpers::{
        bpf_get_current_pid_tgid, bpf_get_current_uid_gid, bpf_probe_read_kernel,
        generated::bpf_get_current_task,
    },
    macros::raw_tracepoint,
    programs::RawTracePointContext,
};
use tracer_common::filter::layout;
use tracer_common::record::{
    kind, CommBody, ExecBody, ExitBody, ForkBody, RecordHeader, StopBody, PID_NS_LEVELS, SIGINFO_SIZE,
};

use crate::filter;
use tracer_common::summary::InSyscall;

use crate::record::{self, FATAL, TRACED};

/// Bytes of the kernel's `struct kernel_siginfo` (the head of a userspace `siginfo_t`).
const KERNEL_SIGINFO_SIZE: usize = 48;
const SIGKILL: u32 = 9;
const SIGSTOP: u32 = 19;
const SIGTSTP: u32 = 20;
const SIGTTIN: u32 = 21;
const SIGTTOU: u32 = 22;
/// `SIG_DFL` as a handler.
const SIG_DFL: u64 = 0;
/// `signal_struct.flags`: the whole group is exiting (exit_group, fatal signal).
pub const SIGNAL_GROUP_EXIT: u32 = 0x4;
/// `signal_generate`'s `result`: queued (`TRACE_SIGNAL_DELIVERED`), or dropped because the task
/// ignores it (`TRACE_SIGNAL_IGNORED`).
const TRACE_SIGNAL_DELIVERED: u32 = 0;
const TRACE_SIGNAL_IGNORED: u32 = 1;
/// `si_code`s the kernel gives a signal sent without a siginfo.
const SI_USER: i32 = 0;
const SI_KERNEL: i32 = 0x80;
/// `SEND_SIG_NOINFO`, `SEND_SIG_PRIV`: the siginfo pointers that are not pointers.
const SEND_SIG_NOINFO: u64 = 0;
const SEND_SIG_PRIV: u64 = 1;

#[repr(C)]
struct Fork {
    header: RecordHeader,
    body: ForkBody,
}

#[repr(C)]
struct Exec {
    header: RecordHeader,
    body: ExecBody,
}

#[repr(C)]
struct Comm {
    header: RecordHeader,
    body: CommBody,
}

#[repr(C)]
struct Exit {
    header: RecordHeader,
    body: ExitBody,
}

#[repr(C)]
struct Signal {
    header: RecordHeader,
    siginfo: [u8; SIGINFO_SIZE],
}

#[repr(C)]
struct Stop {
    header: RecordHeader,
    body: StopBody,
}

/// Read a `T` at `base + offset` of kernel memory, when the offset is known.
#[inline(always)]
fn read_at<T>(base: u64, offset: u64) -> Option<T> {
    if base == 0 || offset == 0 {
        return None;
    }
    // SAFETY: the read is checked by the helper.
    unsafe { bpf_probe_read_kernel((base + offset) as *const T) }.ok()
}

#[raw_tracepoint(tracepoint = "sched_process_fork")]
pub fn sched_process_fork(ctx: RawTracePointContext) -> i32 {
    let _ = try_fork(&ctx);
    0
}

/// `sched_process_fork(struct task_struct *parent, struct task_struct *child)`, in the parent's
/// context, before the child is woken.
fn try_fork(ctx: &RawTracePointContext) -> Option<()> {
    let pid_tgid = bpf_get_current_pid_tgid();
    let (tgid, tid) = ((pid_tgid >> 32) as u32, pid_tgid as u32);
    let follow = filter::follow();
    let traced =
        if follow { filter::in_set(tid) } else { filter::scoped() && filter::current_traced(tid, tgid) };
    if !traced {
        return None;
    }
    let child: u64 = ctx.arg(1);
    let child_tid: u32 = read_at(child, record::layout(layout::TASK_PID))?;
    let child_pid: u32 = read_at(child, record::layout(layout::TASK_TGID))?;
    if follow {
        // A full map only leaves the child untraced.
        if TRACED.insert(child_tid, InSyscall::NONE, 0).is_ok() {
            filter::mark(child_tid, true);
            if crate::summary::only() {
                crate::summary::mark(child_tid, true);
            }
        }
    }
    let mut body = ForkBody { child_pid, child_tid, ..ForkBody::default() };
    pid_namespaces(child, &mut body);
    record::output(&Fork { header: record::header::<Fork>(kind::FORK, tgid, tid), body });
    Some(())
}

/// The child's pid namespaces and its tid in each, innermost first (`task->thread_pid->numbers`
/// from its `level` down): userspace translates the ids its tasks see with them, even when the
/// child is gone before its records are read.
#[inline(always)]
fn pid_namespaces(child: u64, body: &mut ForkBody) -> Option<()> {
    let pid: u64 = read_at(child, record::layout(layout::TASK_THREAD_PID))?;
    let level: u32 = read_at(pid, record::layout(layout::PID_LEVEL))?;
    let numbers = record::layout(layout::PID_NUMBERS);
    let size = record::layout(layout::UPID_SIZE);
    let ns_at = record::layout(layout::UPID_NS);
    let inum_at = record::layout(layout::PIDNS_INUM);
    if numbers == 0 || size == 0 {
        return None;
    }
    for i in 0..PID_NS_LEVELS {
        let Some(at) = u64::from(level).checked_sub(i as u64) else { break };
        let upid = pid + numbers + at * size;
        // SAFETY: the read is checked by the helper (`upid.nr` is the struct's first member).
        let nr: i32 = unsafe { bpf_probe_read_kernel(upid as *const i32) }.ok()?;
        let ns: u64 = read_at(upid, ns_at)?;
        let inum: u32 = read_at(ns, inum_at)?;
        body.ns[i] = inum;
        body.ids[i] = nr;
        body.levels = i as u32 + 1;
    }
    Some(())
}

#[raw_tracepoint(tracepoint = "sched_process_exec")]
pub fn sched_process_exec(ctx: RawTracePointContext) -> i32 {
    let _ = try_exec(&ctx);
    0
}

/// `sched_process_exec(struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)`, in the
/// task's context, after the new image is in place (a non-leader thread that execs has taken the
/// leader's tid by then: `old_pid` is its own).
fn try_exec(ctx: &RawTracePointContext) -> Option<()> {
    let pid_tgid = bpf_get_current_pid_tgid();
    let (tgid, tid) = ((pid_tgid >> 32) as u32, pid_tgid as u32);
    let old_tid = ctx.arg::<u64>(1) as u32;
    if old_tid != tid {
        // SAFETY: the value is copied out before the map is changed.
        if let Some(in_syscall) = unsafe { TRACED.get(old_tid) }.copied() {
            // With the execve in flight (summary-only mode) that now returns on this tid.
            let _ = TRACED.remove(old_tid);
            filter::mark(old_tid, false);
            if TRACED.insert(tid, in_syscall, 0).is_ok() {
                filter::mark(tid, true);
            }
            if crate::summary::only() {
                crate::summary::moved_slot(old_tid, tid);
            }
        }
    }
    if old_tid != tid {
        // The execve in flight returns on the leader's tid: its entry moves there with it.
        // SAFETY: the entry is copied out before the map is changed.
        if let Some(entry) = unsafe { crate::record::IN_FLIGHT.get(old_tid) }.copied() {
            let _ = crate::record::set_in_flight(tid, entry);
            let _ = crate::record::IN_FLIGHT.remove(old_tid);
        }
        if crate::summary::only() {
            crate::summary::moved(old_tid, tid);
        }
    }
    if !filter::current_traced(tid, tgid) {
        return None;
    }
    record::output(&Exec {
        header: record::header::<Exec>(kind::EXEC, tgid, tid),
        body: ExecBody { old_tid, _pad: 0 },
    });
    if filter::scoped() {
        // Seen from now on: the first syscall of the new image sends no second COMM.
        let _ = filter::first_seen(tid);
        comm_record(tgid, tid);
    }
    Some(())
}

/// A COMM record with the current task's comm.
#[inline(always)]
pub fn comm_record(tgid: u32, tid: u32) {
    let comm = filter::current_comm();
    record::output(&Comm { header: record::header::<Comm>(kind::COMM, tgid, tid), body: CommBody { comm } });
}

#[raw_tracepoint(tracepoint = "sched_process_exit")]
pub fn sched_process_exit(_ctx: RawTracePointContext) -> i32 {
    let _ = try_exit();
    0
}

/// `sched_process_exit(struct task_struct *p, bool group_dead)`, in the exiting task's context,
/// with `exit_code` set. The status is the one wait(2) would report for it: the group's exit code
/// when the whole group is exiting (exit_group, a fatal signal; the core-dump bit included), else
/// the task's own.
fn try_exit() -> Option<()> {
    let pid_tgid = bpf_get_current_pid_tgid();
    let (tgid, tid) = ((pid_tgid >> 32) as u32, pid_tgid as u32);
    if !filter::forget(tid) {
        return None;
    }
    let _ = FATAL.remove(tid);
    // Its in-flight slot (a deferred entry of a call it never returned from goes with it).
    let _ = record::IN_FLIGHT.remove(tid);
    if crate::summary::only() {
        crate::summary::forget(tid);
        crate::summary::mark(tid, false);
    }
    // SAFETY: a helper without arguments.
    let task = unsafe { bpf_get_current_task() };
    let mut status: i32 = read_at(task, record::layout(layout::TASK_EXIT_CODE)).unwrap_or(0);
    let signal: u64 = read_at(task, record::layout(layout::TASK_SIGNAL)).unwrap_or(0);
    let flags: u32 = read_at(signal, record::layout(layout::SIGNAL_FLAGS)).unwrap_or(0);
    if flags & SIGNAL_GROUP_EXIT != 0 {
        if let Some(code) = read_at(signal, record::layout(layout::SIGNAL_GROUP_EXIT_CODE)) {
            status = code;
        }
    }
    record::output(&Exit {
        header: record::header::<Exit>(kind::EXIT, tgid, tid),
        body: ExitBody { wait_status: status, _pad: 0 },
    });
    Some(())
}

#[raw_tracepoint(tracepoint = "signal_deliver")]
pub fn signal_deliver(ctx: RawTracePointContext) -> i32 {
    let _ = try_signal(&ctx);
    0
}

/// `signal_deliver(int sig, struct kernel_siginfo *info, struct k_sigaction *ka)`, in the
/// receiving task's context when it dequeues the signal: where ptrace's signal-delivery-stop is.
/// A stop signal whose action is the default then stops the group: a STOP record follows.
fn try_signal(ctx: &RawTracePointContext) -> Option<()> {
    let pid_tgid = bpf_get_current_pid_tgid();
    let (tgid, tid) = ((pid_tgid >> 32) as u32, pid_tgid as u32);
    let sig = ctx.arg::<u64>(0) as u32;
    // SIGKILL never shows as a delivery (ptrace has no stop for it either).
    if sig == SIGKILL || !filter::current_traced(tid, tgid) {
        return None;
    }
    let info: u64 = ctx.arg(1);
    let ka: u64 = ctx.arg(2);
    let mut record =
        Signal { header: record::header::<Signal>(kind::SIGNAL, tgid, tid), siginfo: [0; SIGINFO_SIZE] };
    // SEND_SIG_NOINFO / SEND_SIG_PRIV are small integers, not pointers.
    let copied = info >= 4096
        && unsafe {
            // SAFETY: into the record's own bytes; the read is checked by the helper.
            aya_ebpf::helpers::generated::bpf_probe_read_kernel(
                record.siginfo.as_mut_ptr().cast(),
                KERNEL_SIGINFO_SIZE as u32,
                info as *const core::ffi::c_void,
            )
        } == 0;
    if !copied {
        record.siginfo = [0; SIGINFO_SIZE];
        record.siginfo[..4].copy_from_slice(&sig.to_ne_bytes());
    }
    record::output(&record);
    if crate::stack::on() {
        // `-k`: the stack where the signal is delivered, shown after its line.
        // SAFETY: the scratch value is free outside the syscall probes.
        unsafe { crate::stack::tracer_send_stack(0, pid_tgid, 0) };
    }
    if matches!(sig, SIGSTOP | SIGTSTP | SIGTTIN | SIGTTOU) {
        // `ka->sa.sa_handler` is the first word.
        if ka == 0 {
            return None;
        }
        // SAFETY: the read is checked by the helper.
        let handler: u64 = unsafe { bpf_probe_read_kernel(ka as *const u64) }.ok()?;
        if handler == SIG_DFL {
            record::output(&Stop {
                header: record::header::<Stop>(kind::STOP, tgid, tid),
                body: StopBody { sig, _pad: 0 },
            });
            if crate::stack::on() {
                // `-k`: the group-stop's line has its stack too (the same place), as under ptrace.
                // SAFETY: as above.
                unsafe { crate::stack::tracer_send_stack(0, pid_tgid, 0) };
            }
        }
    }
    Some(())
}

#[raw_tracepoint(tracepoint = "signal_generate")]
pub fn signal_generate(ctx: RawTracePointContext) -> i32 {
    let _ = try_generate(&ctx);
    0
}

/// `signal_generate(int sig, struct kernel_siginfo *info, struct task_struct *task, int group,
/// int result)`, in the sender's context, for every signal on the system, once the kernel has
/// queued it (and, for a fatal one, set the group exiting) or dropped it. A ptracer sees every
/// signal of its tracees delivered; without ptrace two kinds never reach `signal_deliver`:
///
/// - one the task ignores (default-ignored SIGCHLD, SIGWINCH, SIGURG, SIGCONT; SIG_IGN), dropped
///   here (`TRACE_SIGNAL_IGNORED`);
/// - one that kills by default action: the kernel's shortcut sets SIGKILL pending on every thread
///   and `SIGNAL_GROUP_EXIT` with `group_exit_code` the signal; the task shown with it is noted in
///   `FATAL`, so that its current syscall's exit record is kept (`probes::try_sys_exit`).
///
/// Either is sent as a SIGNAL_QUEUED record for the task strace shows it on: the target, or for a
/// group signal sent by a traced thread of the group itself, the sender (it dequeues the signal
/// first, at its own syscall's exit).
fn try_generate(ctx: &RawTracePointContext) -> Option<()> {
    let sig = ctx.arg::<u64>(0) as u32;
    let result = ctx.arg::<u64>(4) as u32;
    // Cheap tests first. SIGKILL shows no delivery under ptrace either.
    if sig == SIGKILL || (result != TRACE_SIGNAL_IGNORED && result != TRACE_SIGNAL_DELIVERED) {
        return None;
    }
    let task: u64 = ctx.arg(2);
    let target: u32 = read_at(task, record::layout(layout::TASK_PID))?;
    if !filter::watched(target) {
        return None;
    }
    let signal: u64 = read_at(task, record::layout(layout::TASK_SIGNAL))?;
    let flags: u32 = read_at(signal, record::layout(layout::SIGNAL_FLAGS)).unwrap_or(0);
    let exiting = flags & SIGNAL_GROUP_EXIT != 0;
    let fatal = if result == TRACE_SIGNAL_DELIVERED {
        // Queued: signal_deliver shows it, unless this very signal made the group exit (a group
        // already exiting drops every signal, as IGNORED).
        let code: u32 = read_at(signal, record::layout(layout::SIGNAL_GROUP_EXIT_CODE))?;
        if !exiting || code != sig {
            return None;
        }
        true
    } else {
        // A dying group drops whatever comes; a ptracer sees no delivery of it either.
        if exiting {
            return None;
        }
        false
    };
    let target_tgid: u32 = read_at(task, record::layout(layout::TASK_TGID))?;
    let pid_tgid = bpf_get_current_pid_tgid();
    let (tgid, tid) = ((pid_tgid >> 32) as u32, pid_tgid as u32);
    if filter::config().is_some_and(|cfg| cfg.tracer_tgid == tgid) {
        // The tracer's own (the SIGCONT that starts the command): not the tracee's business.
        return None;
    }
    let group = ctx.arg::<u64>(3) as u32 != 0;
    let shown = if group && tgid == target_tgid && filter::watched(tid) { tid } else { target };
    if fatal {
        // A full map only costs the task's last call its return value (`= ?`).
        let _ = FATAL.insert(shown, sig, 0);
    }
    let info: u64 = ctx.arg(1);
    let mut record = Signal {
        header: record::header::<Signal>(kind::SIGNAL_QUEUED, target_tgid, shown),
        siginfo: [0; SIGINFO_SIZE],
    };
    let copied = info >= 4096
        && unsafe {
            // SAFETY: into the record's own bytes; the read is checked by the helper.
            aya_ebpf::helpers::generated::bpf_probe_read_kernel(
                record.siginfo.as_mut_ptr().cast(),
                KERNEL_SIGINFO_SIZE as u32,
                info as *const core::ffi::c_void,
            )
        } == 0;
    if !copied {
        // What the kernel itself fills in for these (`__send_signal_locked`): si_signo, si_errno,
        // si_code, then `_kill`'s si_pid and si_uid.
        record.siginfo = [0; SIGINFO_SIZE];
        let (code, pid, uid) = match info {
            SEND_SIG_NOINFO => (SI_USER, tgid, bpf_get_current_uid_gid() as u32),
            SEND_SIG_PRIV => (SI_KERNEL, 0, 0),
            _ => (SI_KERNEL, 0, 0),
        };
        record.siginfo[..4].copy_from_slice(&sig.to_ne_bytes());
        record.siginfo[8..12].copy_from_slice(&code.to_ne_bytes());
        record.siginfo[16..20].copy_from_slice(&pid.to_ne_bytes());
        record.siginfo[20..24].copy_from_slice(&uid.to_ne_bytes());
    }
    record::output(&record);
    Some(())
}
