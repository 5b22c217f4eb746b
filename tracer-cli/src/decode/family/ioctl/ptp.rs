//! PTP clock requests (type `'='`), as strace 6.1's `ptp_ioctl`: the capabilities, the external
//! timestamp and periodic output requests, the pin functions and the three kinds of system
//! offset measurement. Times that are wall-clock readings get their calendar date in a comment.

use super::arg::{local_array, nonzero_u32s, object, When};
use crate::decode::fields::Fields;
use crate::decode::printer::{Group, Printer, XlatStyle};
use crate::decode::strings::char_array;
use crate::decode::tables::{PTP_EXTTS_FLAGS, PTP_PEROUT_FLAGS, PTP_PIN_FUNCS};
use crate::decode::xlat::{flags, xval};
use crate::decode::{timefmt, Ctx};

const CLOCK_GETCAPS: u32 = 0x8050_3d01;
const CLOCK_GETCAPS2: u32 = 0x8050_3d0a;
const EXTTS_REQUEST: u32 = 0x4010_3d02;
const EXTTS_REQUEST2: u32 = 0x4010_3d0b;
const PEROUT_REQUEST: u32 = 0x4038_3d03;
const PEROUT_REQUEST2: u32 = 0x4038_3d0c;
const SYS_OFFSET: u32 = 0x4340_3d05;
const SYS_OFFSET2: u32 = 0x4340_3d0e;
const PIN_GETFUNC: u32 = 0xc060_3d06;
const PIN_GETFUNC2: u32 = 0xc060_3d0f;
const PIN_SETFUNC: u32 = 0x4060_3d07;
const PIN_SETFUNC2: u32 = 0x4060_3d10;
const SYS_OFFSET_PRECISE: u32 = 0xc040_3d08;
const SYS_OFFSET_PRECISE2: u32 = 0xc040_3d11;
const SYS_OFFSET_EXTENDED: u32 = 0xc4c0_3d09;
const SYS_OFFSET_EXTENDED2: u32 = 0xc4c0_3d12;

/// `PTP_PEROUT_DUTY_CYCLE`: the request's `on` time is set.
const PEROUT_DUTY_CYCLE: u32 = 0x2;
/// `PTP_PEROUT_PHASE`: the request's first time is a phase, not a start time.
const PEROUT_PHASE: u32 = 0x4;
/// `PTP_MAX_SAMPLES`: the most samples a system offset measurement holds.
const MAX_SAMPLES: u32 = 25;
/// `struct ptp_clock_time`'s size.
const TIME: usize = 16;

/// The argument of request `code`; false when it has no decoder here.
pub fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    match code {
        CLOCK_GETCAPS | CLOCK_GETCAPS2 => {
            let Some(f) = object(p, ctx, When::Out, 80) else { return true };
            p.open(Group::Struct);
            let names = [
                "max_adj",
                "n_alarm",
                "n_ext_ts",
                "n_per_out",
                "pps",
                "n_pins",
                "cross_timestamping",
                "adjust_phase",
            ];
            for (i, name) in names.into_iter().enumerate() {
                p.field(name);
                p.int(i64::from(f.i32(i * 4)));
            }
            nonzero_u32s(p, ctx, "rsv", &f.0[32..80]);
            p.close();
        }
        EXTTS_REQUEST | EXTTS_REQUEST2 => {
            let Some(f) = object(p, ctx, When::In, 16) else { return true };
            p.open(Group::Struct);
            uint(p, "index", f.u32(0));
            p.field("flags");
            flags(p, PTP_EXTTS_FLAGS, u64::from(f.u32(4)), "PTP_???");
            if code == EXTTS_REQUEST2 {
                nonzero_u32s(p, ctx, "rsv", &f.0[8..16]);
            }
            p.close();
        }
        PEROUT_REQUEST | PEROUT_REQUEST2 => perout(p, ctx, code == PEROUT_REQUEST2),
        SYS_OFFSET | SYS_OFFSET2 => offsets(p, ctx, 832, |n| 2 * n + 1, TIME, |p, e| time(p, &e, true)),
        SYS_OFFSET_EXTENDED | SYS_OFFSET_EXTENDED2 => offsets(
            p,
            ctx,
            1216,
            |n| n,
            3 * TIME,
            |p, e| {
                p.open(Group::Array);
                for at in [0, TIME, 2 * TIME] {
                    time(p, &Fields(e.0.get(at..at + TIME).unwrap_or_default()), true);
                }
                p.close();
            },
        ),
        PIN_GETFUNC | PIN_GETFUNC2 | PIN_SETFUNC | PIN_SETFUNC2 => pin(p, ctx, code),
        SYS_OFFSET_PRECISE | SYS_OFFSET_PRECISE2 => {
            let Some(f) = object(p, ctx, When::Out, 64) else { return true };
            p.open(Group::Struct);
            for (at, name, wall) in
                [(0, "device", true), (16, "sys_realtime", true), (32, "sys_monoraw", false)]
            {
                p.field(name);
                time(p, &Fields(&f.0[at..at + TIME]), wall);
            }
            nonzero_u32s(p, ctx, "rsv", &f.0[48..64]);
            p.close();
        }
        _ => return false,
    }
    true
}

/// `struct ptp_perout_request`: the start (or phase), the period, the index, the flags, and the
/// `on` time or (PTP_PEROUT_REQUEST2) the reserved words.
fn perout<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, v2: bool) {
    let Some(f) = object(p, ctx, When::In, 56) else { return };
    let flag_bits = f.u32(36);
    p.open(Group::Struct);
    if flag_bits & PEROUT_PHASE != 0 {
        p.field("phase");
        time(p, &Fields(&f.0[..TIME]), false);
    } else {
        p.field("start");
        time(p, &Fields(&f.0[..TIME]), true);
    }
    p.field("period");
    time(p, &Fields(&f.0[16..32]), false);
    uint(p, "index", f.u32(32));
    p.field("flags");
    flags(p, PTP_PEROUT_FLAGS, u64::from(flag_bits), "PTP_PEROUT_???");
    if flag_bits & PEROUT_DUTY_CYCLE != 0 {
        p.field("on");
        time(p, &Fields(&f.0[40..56]), false);
    } else if v2 {
        nonzero_u32s(p, ctx, "rsv", &f.0[40..56]);
    }
    p.close();
}

/// A system offset measurement (`struct ptp_sys_offset` or `_extended`, `size` bytes): the sample
/// count and reserved words the caller passes, then after a success the `count(n_samples)`
/// timestamp elements of `elem` bytes the kernel fills in.
fn offsets<P: Printer + ?Sized>(
    p: &mut P,
    ctx: &Ctx,
    size: usize,
    count: impl FnOnce(u32) -> u32,
    elem: usize,
    each: impl FnMut(&mut P, Fields),
) {
    let Some(f) = object(p, ctx, When::In, size) else { return };
    p.open(Group::Struct);
    uint(p, "n_samples", f.u32(0));
    nonzero_u32s(p, ctx, "rsv", &f.0[4..16]);
    if ctx.ok_ret().is_some() {
        match ctx.exit(2).filter(|c| c.bytes.len() >= size) {
            Some(c) => {
                p.field("ts");
                let n = count(Fields(&c.bytes).u32(0).min(MAX_SAMPLES));
                local_array(p, ctx, &c.bytes[16..size], elem, u64::from(n), each);
            }
            None => p.name("???"),
        }
    }
    p.close();
}

/// `struct ptp_pin_desc`: the index (and PTP_PIN_GETFUNC2's reserved words) the caller passes; the
/// name, function and channel the kernel returns or (PTP_PIN_SETFUNC) the caller passes.
fn pin<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) {
    const SIZE: usize = 96;
    let Some(f) = object(p, ctx, When::In, SIZE) else { return };
    let getter = code == PIN_GETFUNC || code == PIN_GETFUNC2;
    p.open(Group::Struct);
    uint(p, "index", f.u32(64));
    let f = if getter {
        if code == PIN_GETFUNC2 {
            nonzero_u32s(p, ctx, "rsv", &f.0[76..96]);
        }
        if ctx.ok_ret().is_none() {
            return p.close();
        }
        let Some(c) = ctx.exit(2).filter(|c| c.bytes.len() >= SIZE) else {
            p.name("???");
            return p.close();
        };
        let after = Fields(&c.bytes);
        p.field("name");
        char_array(p, &after.0[..64]);
        after
    } else {
        f
    };
    p.field("func");
    xval(p, PTP_PIN_FUNCS, u64::from(f.u32(68)), "PTP_PF_???");
    uint(p, "chan", f.u32(72));
    if code == PIN_SETFUNC2 {
        nonzero_u32s(p, ctx, "rsv", &f.0[76..96]);
    }
    p.close();
}

/// `struct ptp_clock_time`: `{sec=S, nsec=N}` (and the reserved word when set); a wall-clock
/// reading (`wall`) gets its date in a comment, except with `-X raw`.
fn time<P: Printer + ?Sized>(p: &mut P, f: &Fields, wall: bool) {
    let (sec, nsec, reserved) = (f.i64(0), f.u32(8), f.u32(12));
    p.open(Group::Struct);
    p.field("sec");
    p.int(sec);
    uint(p, "nsec", nsec);
    if reserved != 0 {
        p.field("reserved");
        p.hex(u64::from(reserved));
    }
    p.close();
    if wall && p.style() != XlatStyle::Raw {
        timefmt::comment_nsec(p, sec, u64::from(nsec));
    }
}

/// `name=N`.
fn uint<P: Printer + ?Sized>(p: &mut P, name: &str, value: u32) {
    p.field(name);
    p.uint(u64::from(value));
}
