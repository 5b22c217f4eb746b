//! nanosleep and clock_nanosleep: the remaining time, printed at exit, only when the sleep was
//! interrupted.

use tracer_common::syscall::{nr, ArgKind, Struct, SyscallInfo};

use super::Rules;
use crate::decode::tables::TIMER_FLAGS;
use crate::decode::xlat::flags;
use crate::decode::{arg, errno, structs, Ctx, Printer};

pub const RULES: &[Rules] = &[
    Rules { nr: nr::NANOSLEEP, args: Some(nanosleep_args), ..Rules::NONE },
    Rules { nr: nr::CLOCK_NANOSLEEP, args: Some(clock_nanosleep_args), ..Rules::NONE },
];

fn nanosleep_args(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    nanosleep(p, ctx, info, 1, true);
    true
}

fn clock_nanosleep_args(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    arg(p, ctx, info, 0, info.args[0].kind);
    flags(p, TIMER_FLAGS, ctx.arg(1) & 0xffff_ffff, "TIMER_???");
    // With flags (TIMER_ABSTIME), the remaining time is not written.
    nanosleep(p, ctx, info, 3, ctx.arg(1) == 0);
    true
}

/// nanosleep (from the request at `rem_idx - 1`): the remaining time is shown only when the sleep was
/// interrupted (and `written`); otherwise its address. It is printed at exit.
fn nanosleep<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, info: &SyscallInfo, rem_idx: usize, written: bool) {
    arg(p, ctx, info, rem_idx - 1, info.args[rem_idx - 1].kind);
    p.exit_part();
    let rem = ctx.arg(rem_idx);
    let interrupted = ctx.call.ret.and_then(errno::errno_of).is_some_and(errno::is_restart);
    // The row's struct: an i386 call's is its own 32-bit timespec.
    let kind = match info.args.get(rem_idx).map(|a| a.kind) {
        Some(ArgKind::StructOut(s)) => s,
        _ => Struct::Timespec,
    };
    match ctx.capture(rem_idx) {
        Some(c) if rem != 0 && written && interrupted && structs::fits(kind, &c.bytes) => {
            structs::print(p, kind, &c.bytes)
        }
        _ => p.addr(rem),
    }
}
