//! prctl and arch_prctl: the option, then the arguments it uses; prctl's return value for the
//! options that return one.

use tracer_common::syscall::{nr, SyscallInfo};

use super::Rules;
use crate::decode::printer::Group;
use crate::decode::signals::signal;
use crate::decode::tables::{ARCH_PRCTL, CAPABILITIES, DUMPABLE, PRCTL_OPTIONS};
use crate::decode::xlat::{lookup, xval};
use crate::decode::{Ctx, Printer};

pub const RULES: &[Rules] = &[
    Rules { nr: nr::PRCTL, args: Some(prctl_args), ret: Some(prctl_ret), ..Rules::NONE },
    Rules { nr: nr::ARCH_PRCTL, args: Some(arch_prctl_args), ..Rules::NONE },
];

fn prctl_args(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    prctl(p, ctx);
    true
}

fn arch_prctl_args(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    arch_prctl(p, ctx);
    true
}

/// PR_GET_DUMPABLE: `RVAL_STR` with a name from `xlookup` (the name in every -X style).
fn prctl_ret(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo, ret: i64) -> bool {
    if ctx.arg(0) & 0xffff_ffff != 3 {
        return false;
    }
    p.int(ret);
    if let Some(name) = lookup(DUMPABLE, ret as u64) {
        p.open(Group::Note);
        p.name(name);
        p.close();
    }
    true
}

/// prctl: the option, then the arguments it uses.
fn prctl<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let option = ctx.arg(0) & 0xffff_ffff;
    let a2 = ctx.arg(1);
    xval(p, PRCTL_OPTIONS, option, "PR_???");
    let rest_hex = |p: &mut P, from: usize| {
        for i in from..5 {
            p.hex(ctx.arg(i));
        }
    };
    match option {
        3 | 7 | 13 | 21 | 27 | 30 | 31 | 32 | 46 | 51 | 64 => {}
        2 | 5 | 9 | 11 | 15 | 16 | 19 | 25 | 37 | 40 => p.addr(a2),
        1 => signal(p, a2 & 0xffff_ffff),
        8 | 10 | 12 | 14 | 20 | 29 | 36 => p.uint(a2),
        0x59616d61 => {
            if a2 == u64::MAX {
                p.name("PR_SET_PTRACER_ANY");
            } else {
                p.int(a2 as i64);
            }
        }
        4 => xval(p, DUMPABLE, a2, "SUID_DUMP_???"),
        23 | 24 => xval(p, CAPABILITIES, a2, "CAP_???"),
        38 | 41 => {
            p.uint(a2);
            rest_hex(p, 2);
        }
        50 | 63 => p.hex(a2),
        // Options without a rule here, and unknown ones: every argument in hex.
        _ => rest_hex(p, 1),
    }
}

/// arch_prctl: the code, then the address or value it takes.
fn arch_prctl<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let code = ctx.arg(0) & 0xffff_ffff;
    xval(p, ARCH_PRCTL, code, "ARCH_???");
    match code {
        0x1011 => {}
        0x1003 | 0x1004 | 0x1021 | 0x1022 => p.addr(ctx.arg(1)),
        _ => p.hex(ctx.arg(1)),
    }
}
