//! futex: the arguments its operation uses (strace 6.1's `SYS_FUNC(futex)`).

use tracer_common::syscall::{nr, Flags, Struct, SyscallInfo};

use super::Rules;
use crate::decode::printer::{Fmt, Group};
use crate::decode::tables::{FUTEX_BITSET, FUTEX_WAKE_CMPS, FUTEX_WAKE_OPS};
use crate::decode::xlat::{print_xlat, xval, xvals, Xlat};
use crate::decode::{structs, Ctx, Printer};

pub const RULES: &[Rules] = &[Rules { nr: nr::FUTEX, args: Some(args), ..Rules::NONE }];

fn args(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    futex(p, ctx);
    true
}

/// futex: the arguments its command uses.
fn futex<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let op = ctx.arg(1) & 0xffff_ffff;
    let val = ctx.arg(2) & 0xffff_ffff;
    let val2 = ctx.arg(3) & 0xffff_ffff;
    let val3 = ctx.arg(5) & 0xffff_ffff;
    p.addr(ctx.arg(0));
    crate::decode::flags::print(p, Flags::FutexOp, op);
    // The timeout of the waiting commands (for the others the argument is `val2`, and its
    // capture, a read at a number, is not used).
    let timeout = |p: &mut P| match ctx.capture(3) {
        Some(c) if ctx.arg(3) != 0 && structs::fits(Struct::Timespec, &c.bytes) => {
            structs::print(p, Struct::Timespec, &c.bytes)
        }
        _ => p.addr(ctx.arg(3)),
    };
    let uaddr2 = |p: &mut P| p.addr(ctx.arg(4));
    // strace's `printxval(futexbitset, val3, NULL)`.
    let bitset = |p: &mut P| xval(p, FUTEX_BITSET, val3, "");
    match op & 127 {
        0 => {
            p.uint(val);
            timeout(p);
        }
        1 | 2 => p.uint(val),
        3 => {
            p.uint(val);
            p.uint(val2);
            uaddr2(p);
        }
        4 | 12 => {
            p.uint(val);
            p.uint(val2);
            uaddr2(p);
            p.uint(val3);
        }
        5 => {
            p.uint(val);
            p.uint(val2);
            uaddr2(p);
            wake_op(p, val3);
        }
        6 | 13 => timeout(p),
        7 | 8 => {}
        9 => {
            p.uint(val);
            timeout(p);
            bitset(p);
        }
        10 => {
            p.uint(val);
            bitset(p);
        }
        11 => {
            p.uint(val);
            timeout(p);
            uaddr2(p);
        }
        _ => {
            p.uint(val);
            timeout(p);
            uaddr2(p);
            p.hex(val3);
        }
    }
}

/// FUTEX_WAKE_OP's encoded operation: `FUTEX_OP_ADD<<28|0x345<<12|FUTEX_OP_CMP_LT<<24|0x678`; with
/// `-X raw` `0x1<<28 /* FUTEX_OP_??? */|...`, as strace 6.1 builds it from `printxval`'s result.
fn wake_op<P: Printer + ?Sized>(p: &mut P, v: u64) {
    const OPARG_SHIFT: u64 = 8;
    p.open(Group::Expr);
    if (v >> 28) & OPARG_SHIFT != 0 {
        print_xlat(p, OPARG_SHIFT, Some("FUTEX_OP_OPARG_SHIFT"), Fmt::Hex);
        p.raw("<<28|");
    }
    // The named part, then `<<shift`, then strace's `FUTEX_OP_???` comment when printxval did not
    // print a name (also with -X raw).
    let field = |p: &mut P, table: Xlat, value: u64, shift: &str, unknown: &str| {
        let named = xvals(p, &[table], value, "", Fmt::Hex);
        p.raw(shift);
        if !named {
            p.comment(unknown);
        }
    };
    field(p, FUTEX_WAKE_OPS, (v >> 28) & 7, "<<28", "FUTEX_OP_???");
    p.raw("|");
    p.hex((v >> 12) & 0xfff);
    p.raw("<<12|");
    field(p, FUTEX_WAKE_CMPS, (v >> 24) & 0xf, "<<24", "FUTEX_OP_CMP_???");
    p.raw("|");
    p.hex(v & 0xfff);
    p.close();
}
