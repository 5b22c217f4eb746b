//! The entry points on `sys_enter` and `sys_exit`.

use aya_ebpf::{
    helpers::{
        bpf_get_current_pid_tgid, bpf_ktime_get_ns, bpf_probe_read_kernel, generated::bpf_get_current_task,
    },
    macros::raw_tracepoint,
    programs::RawTracePointContext,
};
use tracer_common::personality::{Personality, I386_TAG};
use tracer_common::record::{kind, SysCallBody, SysEnterBody, SysExitBody};
use tracer_common::syscall::nr;

use crate::compat;
use crate::counted;
use crate::defer;
use crate::expr;
use crate::filter;
use crate::lifecycle;
use crate::record::{self, scratch, InFlight, Scratch, FATAL, IN_FLIGHT};
use crate::stack;
use crate::summary;
use crate::tails::{self, send, ALL_ARGS};
use tracer_common::filter::layout;

/// The head of x86_64's `struct pt_regs`, up to `rsp`: `r15`..`r12`, then [`EntryRegs`].
#[repr(C)]
#[derive(Clone, Copy)]
struct PtRegs {
    r15: u64,
    r14: u64,
    r13: u64,
    r12: u64,
    rest: EntryRegs,
}

/// The part of [`PtRegs`] the entry probe reads, from `rbp` on: `r15`..`r12` are no call's
/// arguments, and the probe's stack is at its limit.
#[repr(C)]
#[derive(Clone, Copy)]
struct EntryRegs {
    rbp: u64,
    rbx: u64,
    r11: u64,
    r10: u64,
    r9: u64,
    r8: u64,
    rax: u64,
    rcx: u64,
    rdx: u64,
    rsi: u64,
    rdi: u64,
    orig_rax: u64,
    rip: u64,
    cs: u64,
    eflags: u64,
    rsp: u64,
}

/// Call `nr`'s six arguments, from the tracepoint's registers: an x86_64 (or x32) call's, or an
/// i386 one's (ebx, ecx, edx, esi, edi, ebp).
#[inline(always)]
pub(crate) fn entry_args(ctx: &RawTracePointContext, nr: u64) -> Option<[u64; 6]> {
    let regs: *const PtRegs = ctx.arg(0);
    let regs = regs.cast::<u8>().wrapping_add(core::mem::offset_of!(PtRegs, rest)).cast::<EntryRegs>();
    // SAFETY: `regs` is inside the tracepoint's pt_regs; the read is checked by the helper.
    let r = unsafe { bpf_probe_read_kernel(regs) }.ok()?;
    if matches!(Personality::of(nr), Personality::I386) {
        return Some([r.rbx, r.rcx, r.rdx, r.rsi, r.rdi, r.rbp]);
    }
    Some([r.rdi, r.rsi, r.rdx, r.r10, r.r8, r.r9])
}

/// Why a probe stopped early (nothing to report to anyone: the probe just returns).
pub(crate) enum Skip {
    NotTraced,
    NoEntry,
    Fault,
    Dying,
}

#[raw_tracepoint(tracepoint = "sys_enter")]
pub fn sys_enter(ctx: RawTracePointContext) -> i32 {
    match try_sys_enter(&ctx) {
        Ok(()) | Err(Skip::NotTraced | Skip::NoEntry | Skip::Fault | Skip::Dying) => 0,
    }
}

#[raw_tracepoint(tracepoint = "sys_exit")]
pub fn sys_exit(ctx: RawTracePointContext) -> i32 {
    match try_sys_exit(&ctx) {
        Ok(()) | Err(Skip::NotTraced | Skip::NoEntry | Skip::Fault | Skip::Dying) => 0,
    }
}

/// `sys_enter(struct pt_regs *regs, long id)`.
#[inline(always)]
fn try_sys_enter(ctx: &RawTracePointContext) -> Result<(), Skip> {
    // `-e trace=` first: a call outside it costs one load and one array lookup, and its exit finds
    // no entry. An i386 call is filtered by i386's bitmap and its number tagged
    // (`tracer_common::personality`), so that nothing of x86_64's (deref, defer bitmap) applies
    // to it, and its capture plan is its own row's.
    let raw_nr: u64 = ctx.arg(1);
    let i386 = compat::in_i386_call();
    let traced =
        if i386 { filter::i386_traced(raw_nr & 0xffff_ffff) } else { filter::syscall_traced(raw_nr) };
    let personality = compat::personality(i386, raw_nr);
    // One left out but for a change of its task's personality goes on: see `compat`.
    if !traced && (summary::only() || !compat::changed(bpf_get_current_pid_tgid() as u32, personality)) {
        return Err(Skip::NotTraced);
    }
    let nr = if i386 { I386_TAG | (raw_nr & 0xffff_ffff) } else { raw_nr };
    if summary::only() {
        // -c counts each personality's calls, by slot (a table per personality, as ptrace's).
        return counted::summary_enter(ctx, nr);
    }
    let pid_tgid = bpf_get_current_pid_tgid();
    let tgid = (pid_tgid >> 32) as u32;
    let tid = pid_tgid as u32;
    if !filter::maybe_traced(tid) {
        return Err(Skip::NotTraced);
    }
    if traced {
        compat::changed(tid, personality);
    }
    // `--filter` judges at once when it reads no argument: a call it rejects then costs no lookup
    // of the in-flight map or of a scope's maps, and no read of the registers. (A call it lets
    // through is judged again below, where its verdict is used.)
    if expr::judges_early() && matches!(expr::entry_verdict(nr, &[0; 6]), expr::Verdict::Drop) {
        return Ok(());
    }
    // A thread with an in-flight slot is in the set (both go at its exit, move at its exec), unless
    // a production scope traces it: then the scope is asked each time. One lookup, not two.
    let slot = if filter::scoped() { None } else { IN_FLIGHT.get_ptr_mut(tid) };
    if slot.is_none() && !filter::in_set(tid) {
        // Not in the set: only a production scope can still want it.
        let cfg = filter::config().ok_or(Skip::NotTraced)?;
        if !filter::in_scope(cfg, tgid) {
            return Err(Skip::NotTraced);
        }
        if filter::first_seen(tid) {
            lifecycle::comm_record(tgid, tid);
        }
    }
    let regs: *const PtRegs = ctx.arg(0);
    let regs = regs.cast::<u8>().wrapping_add(core::mem::offset_of!(PtRegs, rest)).cast::<EntryRegs>();
    // SAFETY: `regs` is inside the tracepoint's pt_regs; the read is checked by the helper.
    let r = unsafe { bpf_probe_read_kernel(regs) }.map_err(|_| {
        // Neither the entry nor the exit will be sent: said, as lost.
        record::count_lost_call();
        Skip::Fault
    })?;
    // Syscall arguments: rdi, rsi, rdx, r10 (not rcx, which `syscall` clobbers), r8, r9; an i386
    // call's are ebx, ecx, edx, esi, edi, ebp (the whole registers, as PTRACE_GET_SYSCALL_INFO).
    let mut body = SysEnterBody { nr, args: [r.rdi, r.rsi, r.rdx, r.r10, r.r8, r.r9], ip: r.rip };
    if i386 {
        body.args = [r.rbx, r.rcx, r.rdx, r.rsi, r.rdi, r.rbp];
    }
    // `--filter`: a call it rejects is dropped before anything is copied; one only its exit can
    // judge is held until then (where the kernel can hold it).
    let deferred = match expr::entry_verdict(nr, &body.args) {
        expr::Verdict::Drop => return Ok(()),
        expr::Verdict::Hold => defer::HELD,
        expr::Verdict::Pass => 1,
    };
    // Asked again rather than kept across the call: fewer values live means fewer spilled to the
    // stack, whose depth here adds to that of the sends below (512 bytes in all).
    let (tgid, tid) = if expr::loaded() {
        let pid_tgid = bpf_get_current_pid_tgid();
        ((pid_tgid >> 32) as u32, pid_tgid as u32)
    } else {
        (tgid, tid)
    };
    if defer::wanted(nr) {
        // Sent at the exit (or when the task blocks in the call), captures and all.
        // SAFETY: a helper without arguments.
        let ts_ns = unsafe { bpf_ktime_get_ns() };
        let entry = InFlight { body, retry: 0, ts_ns, live: 1, deferred };
        if let Some(slot) = slot {
            if expr::loaded() {
                filter::note_entry_kept(tid);
            }
            // SAFETY: this thread's own slot.
            unsafe { *slot = entry };
            return Ok(());
        }
        if record::set_in_flight(tid, entry) {
            return Ok(());
        }
        // No slot for it (the map is full): sent at entry, as ever.
    }
    let s = scratch().ok_or(Skip::Fault)?;
    // SAFETY: `s` is this CPU's scratch value; the syscall probes do not nest on a CPU.
    unsafe {
        record::begin(s, kind::SYS_ENTER, tgid, tid, body);
        (*s).args = body.args;
        record::set(&raw mut (*s).sp, r.rsp);
    }
    // `exit` and `exit_group` never return: no exit probe will look for their entry. Kept before
    // the send, which does not return: the arguments whose capture faults are added to it then.
    if nr != nr::EXIT && nr != nr::EXIT_GROUP {
        // A full map costs this call its exit record: said, as lost.
        // The entry's time, for `--filter`'s duration: the record's stamp.
        // SAFETY: `s` is the scratch value, its record begun above.
        let ts_ns = unsafe { record::stamp(s) };
        if !record::set_in_flight(tid, InFlight { body, retry: 0, ts_ns, live: 1, deferred: 0 }) {
            record::count_lost();
        }
    }
    // An i386 call's memory is read as its own row plans it (`tails::tracer_entry_part`). `-k`:
    // the stack, if strace takes it at the entry, follows the record (`stack::at_entry`).
    // SAFETY: the record is begun above.
    unsafe { tails::send(ctx, s, nr, ALL_ARGS, stack::send_flag()) };
    Ok(())
}

/// SIGKILL in the current task's private pending set (the kernel's `__fatal_signal_pending`):
/// one direct load through the task's BTF pointer.
#[inline(always)]
fn fatal_signal_pending() -> bool {
    summary::sigkill_pending()
}

/// Whether task `tid`, with SIGKILL pending, is the one a fatal signal is shown on (`FATAL`) and
/// its group really exits with that signal: then a ptracer sees its call return before the
/// signal's delivery. Any other SIGKILL (a real one, another thread's exit_group or fatal signal)
/// ends the call with `= ?`.
#[inline(never)]
pub(crate) fn shows_fatal_signal(tid: u32) -> bool {
    // SAFETY: the value is copied out.
    let Some(sig) = (unsafe { FATAL.get(tid) }).copied() else { return false };
    let _ = FATAL.remove(tid);
    let signal: u64 = {
        let offset = record::layout(layout::TASK_SIGNAL);
        if offset == 0 {
            return false;
        }
        // SAFETY: the current task plus an offset from the kernel's BTF; checked by the helper.
        match unsafe { bpf_probe_read_kernel(bpf_get_current_task().wrapping_add(offset) as *const u64) } {
            Ok(signal) => signal,
            Err(_) => return false,
        }
    };
    let (flags_at, code_at) =
        (record::layout(layout::SIGNAL_FLAGS), record::layout(layout::SIGNAL_GROUP_EXIT_CODE));
    if signal == 0 || flags_at == 0 || code_at == 0 {
        return false;
    }
    // SAFETY: as above.
    let flags = unsafe { bpf_probe_read_kernel(signal.wrapping_add(flags_at) as *const u32) }.unwrap_or(0);
    // SAFETY: as above.
    let code = unsafe { bpf_probe_read_kernel(signal.wrapping_add(code_at) as *const u32) }.unwrap_or(0);
    flags & lifecycle::SIGNAL_GROUP_EXIT != 0 && code == sig
}

/// `sys_exit(struct pt_regs *regs, long ret)`; only for calls whose entry was seen.
#[inline(always)]
fn try_sys_exit(ctx: &RawTracePointContext) -> Result<(), Skip> {
    if summary::only() {
        return counted::summary_exit(ctx);
    }
    let pid_tgid = bpf_get_current_pid_tgid();
    let tid = pid_tgid as u32;
    if !filter::maybe_traced(tid) {
        return Err(Skip::NotTraced);
    }
    // A call `--filter` dropped at its entry left nothing in flight: no hash lookup for it.
    if expr::loaded() && !filter::take_entry_kept(tid) {
        return Err(Skip::NoEntry);
    }
    // SAFETY: the entry is copied out before it is removed.
    let entry = record::take_in_flight(tid).ok_or(Skip::NoEntry)?;
    let tgid = (pid_tgid >> 32) as u32;
    if fatal_signal_pending() && !shows_fatal_signal(tid) {
        // ptrace reports no syscall-exit stop to a task being SIGKILLed (strace prints `= ?`).
        if entry.deferred != 0 && defer::unfinished_shown() {
            // Its entry, never sent: now, alone.
            let s = scratch().ok_or(Skip::Fault)?;
            // SAFETY: `s` is the scratch value.
            unsafe { send_entry(ctx, s, pid_tgid, &entry) };
        }
        return Err(Skip::Dying);
    }
    let regs: *const PtRegs = ctx.arg(0);
    let ret: i64 = ctx.arg(1);
    // SAFETY: a helper without arguments.
    let now = unsafe { bpf_ktime_get_ns() };
    if entry.deferred != 0 {
        if !defer::shown(ret) {
            return Ok(());
        }
        // `--filter`: a held call it rejects is never sent.
        let judged = expr::at_exit_of(&entry, ret, now);
        if judged.is_some_and(|(passes, _)| !passes) {
            return Ok(());
        }
        let s = scratch().ok_or(Skip::Fault)?;
        // Its number is the entry's: only rt_sigreturn (never deferred) changes orig_rax.
        // SAFETY: `s` is the scratch value.
        unsafe { send_call(ctx, s, pid_tgid, &entry, ret, now, judged.map(|(_, atoms)| atoms)) };
        return Ok(());
    }
    // An exit whose entry was sent goes whatever `--filter` says (userspace hides it), with the
    // expression's atoms.
    let atoms = expr::at_exit_of(&entry, ret, now).map(|(_, atoms)| atoms);
    // SAFETY: as in `try_sys_enter`.
    let orig_rax =
        unsafe { bpf_probe_read_kernel(&raw const (*regs).rest.orig_rax) }.map_err(|_| Skip::Fault)?;
    // rt_sigreturn restores the interrupted context's orig_rax, -1: the call is still the entry's.
    // An i386 call's number is tagged as its entry's was.
    let nr = if orig_rax == u64::MAX {
        entry.body.nr
    } else if matches!(Personality::of(entry.body.nr), Personality::I386) {
        I386_TAG | (orig_rax & 0xffff_ffff)
    } else {
        orig_rax
    };
    let s = scratch().ok_or(Skip::Fault)?;
    let mut retry = entry.retry;
    if Personality::is_exec(entry.body.nr) && ret == 0 {
        // The entry's memory went away with the old image: its pointers are meaningless.
        retry = 0;
    }
    // SAFETY: as in `try_sys_enter`.
    unsafe {
        record::begin_at(s, kind::SYS_EXIT, tgid, tid, now, SysExitBody::new(nr, ret).with_atoms(atoms));
        (*s).args = entry.body.args;
        (*s).ret = ret;
        // Entry captures that faulted are read again now that the kernel has touched them, and
        // flagged RETRIED: userspace moves them into the entry record (`retry.rs`). The stack
        // pointer is the interrupted context's after rt_sigreturn: its frame mask cannot be read
        // again (the stack is resident anyway).
        record::set(&raw mut (*s).sp, 0);
        tails::send(ctx, s, entry.body.nr, retry, send::RETRIED | send::EXIT | stack::send_flag());
    }
    Ok(())
}

/// Send a deferred call's entry record, stamped with its entry time, on its own (the task blocks
/// in the call, or dies in it), its entry captures taken now (from the task's own context); the
/// arguments whose capture faults are kept in its in-flight entry, if it is live.
///
/// # Safety
/// `s` must be the scratch value.
#[inline(always)]
unsafe fn send_entry(ctx: &RawTracePointContext, s: *mut Scratch, pid_tgid: u64, entry: &InFlight) {
    let (tgid, tid) = ((pid_tgid >> 32) as u32, pid_tgid as u32);
    // SAFETY: see the function's contract.
    unsafe {
        record::begin_at(s, kind::SYS_ENTER, tgid, tid, entry.ts_ns, entry.body);
        (*s).args = entry.body.args;
        // No deferred call reads the stack (SIGFRAME_MASK: rt_sigreturn is never deferred).
        record::set(&raw mut (*s).sp, 0);
        tails::send(ctx, s, entry.body.nr, ALL_ARGS, 0);
    }
}

/// Send a deferred call whole: one SYS_CALL record with its entry captures (taken now: no deferred
/// call changes them) and its exit captures, the exit stamped `now`, with `--filter`'s atoms.
/// Its exit number is the entry's: only rt_sigreturn (never deferred) changes orig_rax.
///
/// # Safety
/// `s` must be the scratch value.
#[inline(always)]
unsafe fn send_call(
    ctx: &RawTracePointContext,
    s: *mut Scratch,
    pid_tgid: u64,
    entry: &InFlight,
    ret: i64,
    now: u64,
    atoms: Option<u32>,
) {
    let (tgid, tid) = ((pid_tgid >> 32) as u32, pid_tgid as u32);
    // SAFETY: see the function's contract.
    unsafe {
        let body = SysCallBody {
            enter: entry.body,
            exit: SysExitBody::new(entry.body.nr, ret).with_atoms(atoms),
            exit_ts_ns: now,
            entry_len: 0,
            _pad: 0,
        };
        record::begin_at(s, kind::SYS_CALL, tgid, tid, entry.ts_ns, body);
        (*s).args = entry.body.args;
        (*s).ret = ret;
        record::set(&raw mut (*s).sp, 0);
        tails::send(ctx, s, entry.body.nr, ALL_ARGS, send::CALL | send::EXIT | stack::send_flag());
    }
}

/// `sched_switch(bool preempt, struct task_struct *prev, struct task_struct *next, unsigned int
/// prev_state)`, in the context of `prev`, the task leaving the CPU: if it is inside a deferred
/// call, the call blocks (or is preempted) and other tasks may run before it returns, so its entry
/// record goes now, as under ptrace (`<unfinished ...>`).
#[raw_tracepoint(tracepoint = "sched_switch")]
pub fn sched_switch(ctx: RawTracePointContext) -> i32 {
    if defer::flush_on_switch() {
        let _ = try_switch(&ctx);
    }
    0
}

#[inline(always)]
fn try_switch(ctx: &RawTracePointContext) -> Option<()> {
    let pid_tgid = bpf_get_current_pid_tgid();
    if !filter::maybe_traced(pid_tgid as u32) {
        return None;
    }
    let entry = IN_FLIGHT.get_ptr_mut(pid_tgid as u32)?;
    // SAFETY: this task's value; the task is on this CPU, its probes cannot run meanwhile.
    unsafe {
        // A call held for `--filter`'s verdict (`defer::HELD`) waits for its exit.
        if (*entry).deferred != 1 || (*entry).live == 0 {
            return None;
        }
        (*entry).deferred = 0;
        let copy = *entry;
        let s = scratch()?;
        // Faulted captures are read again at exit, as for any entry.
        send_entry(ctx, s, pid_tgid, &copy);
    }
    Some(())
}
