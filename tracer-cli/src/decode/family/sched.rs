//! sched_getscheduler's policy, and sched_setattr's and sched_getattr's `struct sched_attr`, as
//! strace 6.1's `print_sched_attr` prints it.

use tracer_common::syscall::{nr, ArgKind, SyscallInfo};

use super::Rules;
use crate::decode::fields::Fields;
use crate::decode::pids::PidType;
use crate::decode::printer::Group;
use crate::decode::tables::{SCHEDULERS, SCHED_FLAGS};
use crate::decode::xlat::{flags, xval};
use crate::decode::{arg, Ctx, Printer};

pub const RULES: &[Rules] = &[
    Rules { nr: nr::SCHED_GETSCHEDULER, ret: Some(policy), ..Rules::NONE },
    Rules { nr: nr::SCHED_SETATTR, args: Some(setattr), ..Rules::NONE },
    Rules { nr: nr::SCHED_GETATTR, args: Some(getattr), ..Rules::NONE },
];

/// The size strace 6.1 knows (`SCHED_ATTR_SIZE_VER1`).
const KNOWN: u32 = 56;
/// The smallest size the kernel accepts (`SCHED_ATTR_MIN_SIZE`, `SCHED_ATTR_SIZE_VER0`).
const MIN_SIZE: u32 = 48;
const KEEP_POLICY: u64 = 0x08;
const KEEP_PARAMS: u64 = 0x10;
const E2BIG: u16 = 7;

/// `= 0 (SCHED_OTHER)`.
fn policy(p: &mut dyn Printer, _ctx: &Ctx, _info: &SyscallInfo, ret: i64) -> bool {
    p.int(ret);
    p.open(Group::Note);
    xval(p, SCHEDULERS, ret as u64, "SCHED_???");
    p.close();
    true
}

/// `sched_setattr(0, {size=56, sched_policy=SCHED_OTHER, ...}, 0)`; after E2BIG, the size the
/// kernel wrote back: `{size=1} => {size=56}`.
fn setattr(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    ctx.pid(p, ctx.arg(0) as i32, PidType::Tgid);
    let e2big = ctx.fetch && ctx.call.ret.and_then(tracer_common::errno::of) == Some(E2BIG);
    let after = ctx.exit(1).filter(|c| e2big && c.bytes.len() >= 4);
    if after.is_some() {
        p.open(Group::Changed);
    }
    match ctx.entry(1).filter(|c| ctx.arg(1) != 0 && c.bytes.len() >= 4) {
        Some(c) => {
            let f = Fields(&c.bytes);
            let given = f.u32(0);
            let usize = if given == 0 { MIN_SIZE } else { given };
            let size = usize.min(KNOWN);
            if size >= MIN_SIZE && c.bytes.len() < size as usize {
                p.addr(ctx.arg(1));
            } else {
                sched_attr(p, &f, given, size, true, usize > size);
            }
        }
        None => p.addr(ctx.arg(1)),
    }
    if let Some(c) = after {
        p.open(Group::Struct);
        p.field("size");
        p.uint(u64::from(Fields(&c.bytes).u32(0)));
        p.close();
        p.close();
    }
    arg(p, ctx, info, 2, ArgKind::Uint);
    true
}

/// `sched_getattr(0, {size=48, ...}, 48, 0)`: everything but the pid at exit; the struct as the
/// kernel filled it, `usize` bytes of it at most (none: the address).
fn getattr(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    ctx.pid(p, ctx.arg(0) as i32, PidType::Tgid);
    p.exit_part();
    let usize = ctx.arg(2) as u32;
    let want = usize.min(KNOWN) as usize;
    let filled = ctx.ok_ret().and_then(|_| ctx.exit(1)).filter(|c| c.bytes.len() >= want);
    match filled {
        Some(c) if usize != 0 && ctx.arg(1) != 0 => {
            let mut attr = [0u8; KNOWN as usize];
            attr[..want].copy_from_slice(&c.bytes[..want]);
            let f = Fields(&attr);
            sched_attr(p, &f, f.u32(0), f.u32(0), false, false);
        }
        _ => p.addr(ctx.arg(1)),
    }
    arg(p, ctx, info, 2, ArgKind::Uint);
    arg(p, ctx, info, 3, ArgKind::Uint);
    true
}

/// The members of a `struct sched_attr` whose `size` member is `given`: those of the first `size`
/// bytes (only `size` below [`MIN_SIZE`]); sched_setattr (`set`) leaves out the policy and the
/// parameters its flags keep; `more`: the caller's struct goes on past what is shown.
fn sched_attr(p: &mut dyn Printer, f: &Fields, given: u32, size: u32, set: bool, more: bool) {
    p.open(Group::Struct);
    p.field("size");
    p.uint(u64::from(given));
    if size >= MIN_SIZE {
        let policy = f.u32(4);
        let sched_flags = f.u64(8);
        if !set || (policy as i32) < 0 || sched_flags & (KEEP_POLICY | KEEP_PARAMS) == 0 {
            p.field("sched_policy");
            xval(p, SCHEDULERS, u64::from(policy), "SCHED_???");
        }
        p.field("sched_flags");
        flags(p, SCHED_FLAGS, sched_flags, "SCHED_FLAG_???");
        if !set || sched_flags & KEEP_PARAMS == 0 {
            p.field("sched_nice");
            p.int(i64::from(f.i32(16)));
            p.field("sched_priority");
            p.uint(u64::from(f.u32(20)));
            for (name, at) in [("sched_runtime", 24), ("sched_deadline", 32), ("sched_period", 40)] {
                p.field(name);
                p.uint(f.u64(at));
            }
        }
        if size >= KNOWN {
            p.field("sched_util_min");
            p.uint(u64::from(f.u32(48)));
            p.field("sched_util_max");
            p.uint(u64::from(f.u32(52)));
        }
    }
    if more {
        p.more();
    }
    p.close();
}

#[cfg(test)]
mod tests {
    use tracer_common::event::Capture;
    use tracer_common::record::capture_flags::AT_EXIT;

    use crate::decode::{Options, XlatStyle};

    fn line(name: &str, args: [u64; 6], ret: i64, captures: Vec<Capture>) -> String {
        crate::decode::test_line::call_text(
            name,
            args,
            Some(ret),
            captures,
            &Options::default(),
            XlatStyle::Abbrev,
        )
    }

    #[test]
    fn setattr_shows_the_size_the_kernel_wrote_back_after_e2big() {
        let mut attr = vec![0u8; 56];
        attr[0] = 1;
        let mut back = attr.clone();
        back[0] = 56;
        let caps = vec![Capture::new(1, 0, attr), Capture::new(1, AT_EXIT, back)];
        assert_eq!(
            line("sched_setattr", [0, 0x7000, 0, 0, 0, 0], -7, caps),
            "sched_setattr(0, {size=1} => {size=56}, 0) = -1 E2BIG (Argument list too long)"
        );
    }

    #[test]
    fn setattr_leaves_out_what_its_flags_keep() {
        let mut attr = vec![0u8; 56];
        attr[0] = 48;
        attr[8] = 0x18;
        let caps = vec![Capture::new(1, 0, attr)];
        assert_eq!(
            line("sched_setattr", [0, 0x7000, 0, 0, 0, 0], -22, caps),
            "sched_setattr(0, {size=48, sched_flags=SCHED_FLAG_KEEP_POLICY|SCHED_FLAG_KEEP_PARAMS}, 0) = -1 EINVAL (Invalid argument)"
        );
    }
}
