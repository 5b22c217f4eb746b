//! `sys_enter` and `sys_exit` in summary-only mode (`-c`): the calls are counted in the kernel
//! (`crate::summary`), nothing is sent. With `--filter`, only the calls it passes are counted:
//! the entry judges an expression that reads no exit fact, the exit one that does, and the calls
//! that change their own task's facts when it reads no argument (userspace counts from records
//! when an expression reads both the arguments and the exit, or has userspace atoms).

use aya_ebpf::{helpers::bpf_get_current_pid_tgid, programs::RawTracePointContext};
use tracer_common::expr::truth;
use tracer_common::personality::{Personality, SLOTS};

use crate::expr;
use crate::filter;
use crate::lifecycle;
use crate::probes::{entry_args, shows_fatal_signal, Skip};
use crate::summary;

/// `sys_enter` in summary-only mode (`-c`): the entry time and call (its slot: `Personality::
/// slot`, from a record's number `nr`, an i386 call's tagged) kept for the exit, nothing sent.
/// Calls that never return are not counted (strace).
#[inline(always)]
pub fn summary_enter(ctx: &RawTracePointContext, nr: u64) -> Result<(), Skip> {
    let pid_tgid = bpf_get_current_pid_tgid();
    let tgid = (pid_tgid >> 32) as u32;
    let tid = pid_tgid as u32;
    let counted = !Personality::never_returns(nr);
    // A number beyond its table's slots: counted as lost at the exit.
    let call = match Personality::slot(nr) {
        Some(slot) => slot,
        None => NO_SLOT,
    };
    match summary::tid_slot(tid) {
        Some(slot) => {
            // SAFETY: this thread's entry in SUMMARY_TIDS.
            if unsafe { (*slot).traced } != 0 {
                if counted && passes(ctx, nr) {
                    // SAFETY: as above.
                    unsafe { summary::enter_tid(slot, call) };
                }
                return Ok(());
            }
        }
        None => {
            if let Some(slot) = filter::traced_slot(tid) {
                if counted && passes(ctx, nr) {
                    // SAFETY: this thread's value in TRACED.
                    unsafe { summary::enter(slot, u64::from(call)) };
                }
                return Ok(());
            }
        }
    }
    // Not in the set: only a production scope can still want it.
    let cfg = filter::config().ok_or(Skip::NotTraced)?;
    if !filter::in_scope(cfg, tgid) {
        return Err(Skip::NotTraced);
    }
    if filter::first_seen(tid) {
        lifecycle::comm_record(tgid, tid);
    }
    if counted && passes(ctx, nr) {
        summary::enter_scoped(tid, u64::from(call));
    }
    Ok(())
}

/// The slot of a call whose number has none.
const NO_SLOT: u32 = u32::MAX;

/// `sys_exit` in summary-only mode: count the call whose entry this thread's slot holds.
#[inline(always)]
pub fn summary_exit(ctx: &RawTracePointContext) -> Result<(), Skip> {
    let tid = bpf_get_current_pid_tgid() as u32;
    let taken = match summary::tid_slot(tid) {
        // SAFETY: this thread's entry in SUMMARY_TIDS.
        Some(slot) if unsafe { (*slot).traced } != 0 => unsafe { summary::take_tid(slot) },
        Some(_) if filter::scoped() => summary::take_scoped(tid),
        Some(_) => None,
        None => match filter::traced_slot(tid) {
            // SAFETY: this thread's value in TRACED.
            Some(slot) => unsafe { summary::take(slot) },
            None if filter::scoped() => summary::take_scoped(tid),
            None => None,
        },
    };
    let (call, start) = taken.ok_or(Skip::NoEntry)?;
    let nr = if call < u64::from(SLOTS) { Personality::of_slot(call as u32) } else { u64::MAX };
    let ret: i64 = ctx.arg(1);
    // A call that returns with SIGKILL pending has no exit under ptrace: not counted (strace).
    // Successful ones too: another thread's exec or exit_group can end a call that completed.
    if summary::sigkill_pending() && !shows_fatal_signal(tid) {
        return Err(Skip::Dying);
    }
    if expr::loaded() && judged_at_exit(nr) {
        // SAFETY: a helper without arguments.
        let now = unsafe { aya_ebpf::helpers::bpf_ktime_get_ns() };
        if expr::at_exit(nr, &[0; 6], ret, now.wrapping_sub(start)).0 == truth::FALSE {
            return Ok(());
        }
    }
    summary::count(call, start, ret);
    Ok(())
}

/// Whether `--filter` lets call `nr` be counted, judged at its entry (always without an
/// expression, or when [`judged_at_exit`]).
#[inline(always)]
fn passes(ctx: &RawTracePointContext, nr: u64) -> bool {
    if !expr::loaded() || judged_at_exit(nr) {
        return true;
    }
    let args = if expr::reads_args() { entry_args(ctx, nr).unwrap_or([0; 6]) } else { [0; 6] };
    expr::at_entry(nr, &args) != truth::FALSE
}

/// Whether `--filter` judges call `nr` at its exit (no argument is kept until then): when the
/// expression reads an exit fact, or when the call changes its own task's facts and the
/// expression reads no argument.
#[inline(always)]
fn judged_at_exit(nr: u64) -> bool {
    expr::reads_exit() || (!expr::reads_args() && expr::changes_its_task(nr))
}
