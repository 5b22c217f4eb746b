//! ioprio_set and ioprio_get: whose priority, and the priority as strace spells it,
//! `IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4)` (a class in the top bits, a level in the low 13).

use tracer_common::syscall::{nr, SyscallInfo};

use super::Rules;
use crate::decode::pids::PidType;
use crate::decode::printer::{Group, XlatStyle};
use crate::decode::tables::{IOPRIO_CLASS, IOPRIO_WHO};
use crate::decode::xlat::{composite_with, xval};
use crate::decode::{Ctx, Printer};

pub const RULES: &[Rules] = &[
    Rules { nr: nr::IOPRIO_SET, args: Some(set_args), ..Rules::NONE },
    Rules { nr: nr::IOPRIO_GET, args: Some(get_args), ret: Some(get_ret), ..Rules::NONE },
];

/// The class is the priority's bits from 13 up; the level, the 13 below.
const CLASS_SHIFT: u32 = 13;

/// `ioprio_set(IOPRIO_WHO_PROCESS, 0, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4))`; `-X verbose` shows
/// the number first: `16388 /* IOPRIO_PRIO_VALUE(0x2 /* IOPRIO_CLASS_BE */, 4) */`.
fn set_args(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    who(p, ctx);
    let ioprio = ctx.arg(2) & 0xffff_ffff;
    let style = p.style();
    composite_with(
        p,
        // The number is the C `int` strace prints: negative when bit 31 is set.
        |p| p.int(i64::from(ioprio as u32 as i32)),
        |p| {
            // Inside the comment, the class is written in the line's own style.
            p.set_style(style);
            priority(p, ioprio);
        },
    );
    true
}

/// `ioprio_get(IOPRIO_WHO_PGRP, 16501)`.
fn get_args(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    who(p, ctx);
    true
}

/// `= 16388 (IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4))`; `-X raw`: the number alone.
fn get_ret(p: &mut dyn Printer, _ctx: &Ctx, _info: &SyscallInfo, ret: i64) -> bool {
    p.int(ret);
    if p.style() != XlatStyle::Raw {
        p.open(Group::Note);
        priority(p, ret as u64);
        p.close();
    }
    true
}

/// The first two arguments: `which` (named) and `who` (a pid, a process group or a uid).
fn who(p: &mut dyn Printer, ctx: &Ctx) {
    let which = ctx.arg(0) & 0xffff_ffff;
    xval(p, IOPRIO_WHO, which, "IOPRIO_WHO_???");
    let who = ctx.arg(1) as i32;
    match which {
        IOPRIO_WHO_PROCESS => ctx.pid(p, who, PidType::Tgid),
        IOPRIO_WHO_PGRP => ctx.pid(p, who, PidType::Pgid),
        _ => p.int(i64::from(who)),
    }
}

/// The `which` values whose `who` is a pid.
const IOPRIO_WHO_PROCESS: u64 = 1;
const IOPRIO_WHO_PGRP: u64 = 2;

/// `IOPRIO_PRIO_VALUE(class, level)`.
fn priority(p: &mut dyn Printer, ioprio: u64) {
    p.open(Group::Call("IOPRIO_PRIO_VALUE"));
    let class = (ioprio & 0xffff_ffff) >> CLASS_SHIFT;
    xval(p, IOPRIO_CLASS, class, "IOPRIO_CLASS_???");
    p.int(i64::from((ioprio & ((1 << CLASS_SHIFT) - 1)) as i32));
    p.close();
}

#[cfg(test)]
mod tests {
    use tracer_common::syscall::nr;

    use crate::decode::family::strace_line;
    use crate::decode::printer::XlatStyle::{Abbrev, Raw, Verbose};

    /// strace 6.1's lines for a python script's ioprio calls (`-X abbrev`, `verbose`, `raw`).
    #[test]
    fn priorities_read_as_strace_writes_them() {
        let be4 = (2 << 13) | 4;
        let set = |args: &[u64], ret, style| strace_line(nr::IOPRIO_SET, args, ret, style);
        let get = |args: &[u64], ret, style| strace_line(nr::IOPRIO_GET, args, ret, style);
        assert_eq!(
            set(&[1, 0, be4], 0, Abbrev),
            "ioprio_set(IOPRIO_WHO_PROCESS, 0, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4)) = 0"
        );
        assert_eq!(
            get(&[1, 0, 0], be4 as i64, Abbrev),
            "ioprio_get(IOPRIO_WHO_PROCESS, 0) = 16388 (IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4))"
        );
        assert_eq!(
            set(&[1, 0, (5 << 13) | 1], -22, Abbrev),
            "ioprio_set(IOPRIO_WHO_PROCESS, 0, IOPRIO_PRIO_VALUE(0x5 /* IOPRIO_CLASS_??? */, 1)) = -1 EINVAL (Invalid argument)"
        );
        assert_eq!(
            set(&[7, 0, 0], -22, Abbrev),
            "ioprio_set(0x7 /* IOPRIO_WHO_??? */, 0, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_NONE, 0)) = -1 EINVAL (Invalid argument)"
        );
        // The priority is a C int: bit 31 makes it negative (strace's suite: 0xfacefeed as -87097619).
        assert_eq!(
            set(&[1, 0, 0xfacefeed], -22, Raw),
            "ioprio_set(0x1, 0, -87097619) = -1 EINVAL (Invalid argument)"
        );
        assert_eq!(
            set(&[1, 0, be4], 0, Verbose),
            "ioprio_set(0x1 /* IOPRIO_WHO_PROCESS */, 0, 16388 /* IOPRIO_PRIO_VALUE(0x2 /* IOPRIO_CLASS_BE */, 4) */) = 0"
        );
        assert_eq!(
            set(&[7, 0, 0], -22, Verbose),
            "ioprio_set(0x7 /* IOPRIO_WHO_??? */, 0, 0 /* IOPRIO_PRIO_VALUE(0 /* IOPRIO_CLASS_NONE */, 0) */) = -1 EINVAL (Invalid argument)"
        );
        assert_eq!(
            get(&[2, 16501, 0], be4 as i64, Verbose),
            "ioprio_get(0x2 /* IOPRIO_WHO_PGRP */, 16501) = 16388 (IOPRIO_PRIO_VALUE(0x2 /* IOPRIO_CLASS_BE */, 4))"
        );
        assert_eq!(set(&[1, 0, be4], 0, Raw), "ioprio_set(0x1, 0, 16388) = 0");
        assert_eq!(get(&[1, 0, 0], be4 as i64, Raw), "ioprio_get(0x1, 0) = 16388");
    }
}
