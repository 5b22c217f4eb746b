//! Sending a record with its captures: two programs the probes tail-call (`TAILS`), never
//! attached themselves.
//!
//! The capture code is most of the object. Called from the probes, it was verified in each probe
//! that sends (sys_enter, sys_exit and sched_switch all took the entry captures); tail-called, it
//! is verified once, and its two halves (entry captures, exit captures) in two programs the loader
//! verifies side by side. The probes hand over through the scratch value: the record begun in it,
//! the call's `nr`, the arguments whose entry captures to take (`entry_args`) and [`send`] flags.

use core::ffi::c_void;

use aya_ebpf::{
    helpers::{bpf_get_current_pid_tgid, generated::bpf_loop},
    macros::{map, raw_tracepoint},
    maps::ProgramArray,
    programs::RawTracePointContext,
};
use tracer_common::capture::deref::{AT_ENTRY, AT_EXIT};
use tracer_common::capture::mode;
use tracer_common::personality::Personality;
use tracer_common::record::{capture_flags, SysCallBody, HEADER_SIZE};

use crate::capture;
use crate::deref;
use crate::record::{self, scratch, Scratch, IN_FLIGHT};

/// The tail-called programs, filled by userspace before any probe is attached.
#[map]
static TAILS: ProgramArray = ProgramArray::with_max_entries(2, 0);

/// [`TAILS`]' indices.
mod tail {
    /// [`super::tail_entry`].
    pub const ENTRY: u32 = 0;
    /// [`super::tail_exit`].
    pub const EXIT: u32 = 1;
}

/// How a record is sent ([`send`]'s flags).
pub mod send {
    /// The entry captures are faulted ones read again at exit: flag them RETRIED.
    pub const RETRIED: u64 = 1;
    /// The record is a SYS_CALL: set its `entry_len` to the entry captures' length.
    pub const CALL: u64 = 2;
    /// The record is an exit or a SYS_CALL: the exit captures follow the entry ones. Without it
    /// the record is an entry, and the arguments whose capture faulted are kept in the task's
    /// in-flight entry (`InFlight::retry`), if it is live, to be read again at exit.
    pub const EXIT: u64 = 4;
    /// `-k`: the call's stack follows its record (`crate::stack`); set by the syscall probes
    /// only, whose context holds the user registers.
    pub const STACK: u64 = 8;
}

/// Every argument, as a `Scratch::entry_args` mask.
pub const ALL_ARGS: u64 = 0x3f;

/// The capture modes taken at entry, and at exit, one bit each (`record::args_in`).
const ENTRY_MODES: u64 = record::mode_bits(false);
const EXIT_MODES: u64 = record::mode_bits(true);

/// Bytes of a SYS_CALL record before its captures.
const CALL_FIXED: u64 = (HEADER_SIZE + core::mem::size_of::<SysCallBody>()) as u64;

/// Finish the record begun in the scratch value (and its `args`, `ret`, `sp`) and send it, with
/// syscall `nr`'s entry captures of the arguments in `entry_args`, and its exit captures with
/// [`send::EXIT`]. Does not return but when the tail call fails: the record is then counted lost.
///
/// # Safety
/// `s` must be the scratch value, holding a record begun with `record::begin`.
#[inline(always)]
pub unsafe fn send(ctx: &RawTracePointContext, s: *mut Scratch, nr: u64, entry_args: u64, flags: u64) {
    // SAFETY: see the function's contract; `TAILS` holds programs of the probes' type.
    unsafe {
        record::set(&raw mut (*s).nr, nr);
        record::set(&raw mut (*s).entry_args, entry_args);
        record::set(&raw mut (*s).send_flags, flags);
        TAILS.tail_call(ctx, tail::ENTRY);
    }
    count_unsent(flags);
}

/// Count the record begun in the scratch value as lost (a tail call failed): a SYS_CALL record
/// as the two it stands for.
#[inline(always)]
fn count_unsent(flags: u64) {
    if flags & send::CALL != 0 {
        record::count_lost_call();
    } else {
        record::count_lost();
    }
}

/// The entry captures, then: an entry record is sent; an exit or a call goes on to
/// [`tail_exit`].
#[raw_tracepoint]
pub fn tail_entry(ctx: RawTracePointContext) -> i32 {
    let Some(s) = scratch() else { return 0 };
    // SAFETY: `s` is the scratch value, handed over by `send`.
    unsafe {
        let (nr, entry_args, flags) = ((*s).nr, (*s).entry_args, (*s).send_flags);
        tracer_entry_part(nr, entry_args, flags);
        if flags & send::EXIT == 0 {
            record::submit(s);
            let faulted = (*s).faulted;
            if faulted != 0 {
                keep_faulted(faulted);
            }
            if flags & send::STACK != 0 {
                crate::stack::at_entry(&ctx, nr);
            }
            return 0;
        }
        TAILS.tail_call(&ctx, tail::EXIT);
        count_unsent(flags);
    }
    0
}

/// The exit captures, then the record is sent.
#[raw_tracepoint]
pub fn tail_exit(ctx: RawTracePointContext) -> i32 {
    let Some(s) = scratch() else { return 0 };
    // SAFETY: `s` is the scratch value, its entry part done by `tail_entry`.
    unsafe {
        let (nr, flags, prot) = ((*s).nr, (*s).send_flags, (*s).args[2]);
        let exit = record::args_in(nr, EXIT_MODES);
        if exit != 0 {
            record::set(&raw mut (*s).exit_args, exit);
            bpf_loop(6, exit_step as *mut c_void, core::ptr::null_mut(), 0);
        }
        deref::derefs(s, nr, AT_EXIT);
        record::submit(s);
        if flags & send::STACK != 0 {
            crate::stack::at_exit(&ctx, nr, prot);
        }
    }
    0
}

/// The arguments of the current task's call whose entry capture faulted, kept in its in-flight
/// entry (if it is live: a dying task's is not) for the exit probe to read them again.
#[inline(always)]
fn keep_faulted(faulted: u64) {
    let Some(entry) = IN_FLIGHT.get_ptr_mut(bpf_get_current_pid_tgid() as u32) else { return };
    // SAFETY: this task's own value; its probes do not nest.
    unsafe {
        if (*entry).live != 0 {
            (*entry).retry = faulted;
        }
    }
}

/// The entry part of the record begun in the scratch value: syscall `nr`'s entry captures of the
/// arguments in `entry_args` (flagged RETRIED with `send::RETRIED`), then, for an entry or a
/// SYS_CALL record, the entry derefs, and a call's `entry_len`.
///
/// A BPF global function (exported, never inlined, scalar arguments): the verifier checks it once
/// per program, where inlined it would check it once per path through its caller.
///
/// # Safety
/// The scratch value must hold a record begun with `record::begin` and the call's `args`, `ret`
/// and `sp` (0: the stack is not read).
#[unsafe(no_mangle)]
#[inline(never)]
pub unsafe extern "C" fn tracer_entry_part(nr: u64, entry_args: u64, flags: u64) -> i64 {
    let Some(s) = scratch() else { return 0 };
    // SAFETY: see the function's contract; the body is at a fixed offset of the buffer.
    unsafe {
        start_captures(s, nr);
        if matches!(Personality::of(nr), Personality::I386) {
            i386_args(s, nr);
        }
        if flags & send::RETRIED != 0 {
            record::set(&raw mut (*s).cap_flags, u64::from(capture_flags::RETRIED));
        }
        entry_captures(s, nr, entry_args);
        record::set(&raw mut (*s).cap_flags, 0);
        if flags & send::EXIT == 0 || flags & send::CALL != 0 {
            deref::derefs(s, nr, AT_ENTRY);
        }
        if flags & send::CALL != 0 {
            let entry_len = (*s).len.saturating_sub(CALL_FIXED) as u32;
            let at = HEADER_SIZE + core::mem::offset_of!(SysCallBody, entry_len);
            (&raw mut (*s).buf).cast::<u8>().add(at).cast::<u32>().write(entry_len);
        }
    }
    0
}

/// Get the scratch value ready for syscall `nr`'s captures.
///
/// # Safety
/// `s` must be the scratch value.
#[inline(always)]
unsafe fn start_captures(s: *mut Scratch, nr: u64) {
    // SAFETY: see the function's contract.
    unsafe {
        record::set(&raw mut (*s).faulted, 0);
        record::set(&raw mut (*s).cap_flags, 0);
        record::set(&raw mut (*s).nr, nr);
        (*s).limits = record::limits();
    }
}

/// An i386 call's arguments as its captures read them (tail_exit's too: it follows this part):
/// 32 bits each, and a pointer its plan reads NULL above 4 GiB
/// (`Personality::i386_capture_arg`).
///
/// # Safety
/// `s` must be the scratch value.
#[inline(always)]
unsafe fn i386_args(s: *mut Scratch, nr: u64) {
    for i in 0..6 {
        let planned = record::arg_plan(nr, i).mode != mode::NONE;
        // SAFETY: see the function's contract; `i` < 6.
        unsafe {
            let value = (*s).args[i];
            (*s).args[i] = Personality::i386_capture_arg(value, planned);
        }
    }
}

/// The entry captures syscall `nr`'s plan takes of the arguments in `entry_args`.
///
/// # Safety
/// `s` must be the scratch value, ready ([`start_captures`]).
#[inline(always)]
unsafe fn entry_captures(s: *mut Scratch, nr: u64, entry_args: u64) {
    let entry = entry_args & record::args_in(nr, ENTRY_MODES);
    if entry != 0 {
        // SAFETY: see the function's contract; `entry_step` is a callback of bpf_loop's type.
        unsafe {
            record::set(&raw mut (*s).entry_args, entry);
            bpf_loop(6, entry_step as *mut c_void, core::ptr::null_mut(), 0);
        }
    }
}

/// Entry captures of argument `index`, if it is in the scratch value's `entry_args` mask; stops
/// the loop past the last one.
unsafe extern "C" fn entry_step(index: u64, _ctx: *mut c_void) -> i64 {
    let Some(s) = scratch() else { return 1 };
    // SAFETY: `s` is the scratch value, filled in by `tracer_entry_part`, which runs this loop;
    // `tracer_at_entry` reads the call from it.
    capture_step(index, unsafe { (*s).entry_args }, |index| unsafe { capture::tracer_at_entry(index) })
}

/// Exit captures of argument `index`, if it is in the scratch value's `exit_args` mask; stops the
/// loop past the last one.
unsafe extern "C" fn exit_step(index: u64, _ctx: *mut c_void) -> i64 {
    let Some(s) = scratch() else { return 1 };
    // SAFETY: as in `entry_step`.
    capture_step(index, unsafe { (*s).exit_args }, |index| unsafe { capture::tracer_at_exit(index) })
}

/// One step of a capture loop over the arguments in the mask `args`: `capture` of argument
/// `index` if it is in the mask (what it returns is for BPF's calling convention: a capture's
/// outcome is in the record); 1 (stop) past the last one.
#[inline(always)]
fn capture_step(index: u64, args: u64, capture: impl FnOnce(u64) -> i64) -> i64 {
    if index >= 6 || args >> index == 0 {
        return 1;
    }
    if args & (1 << index) != 0 {
        let _ = capture(index);
    }
    0
}
