//! adjtimex: its `struct timex` as the call left it (printed at exit), and the clock state the
//! call returned: `= 5 (TIME_ERROR)`.

use tracer_common::syscall::{nr, SyscallInfo};

use super::Rules;
use crate::decode::fields::Fields;
use crate::decode::peek::{self, At};
use crate::decode::printer::Group;
use crate::decode::structs::timeval;
use crate::decode::tables::{ADJTIMEX_MODES, ADJTIMEX_STATES, ADJTIMEX_STATUS};
use crate::decode::xlat::{flags, lookup};
use crate::decode::{Ctx, Printer};

pub const RULES: &[Rules] =
    &[Rules { nr: nr::ADJTIMEX, args: Some(adjtimex), ret: Some(adjtimex_ret), ..Rules::NONE }];

/// `sizeof(struct timex)` on x86_64.
const TIMEX: usize = 208;

/// The `long long` members from `offset` on, by name and offset, up to `time`.
const HEAD: &[(&str, usize)] = &[("offset", 8), ("freq", 16), ("maxerror", 24), ("esterror", 32)];
const MIDDLE: &[(&str, usize)] = &[("constant", 48), ("precision", 56), ("tolerance", 64)];
const TAIL: &[(&str, usize)] = &[("tick", 88), ("ppsfreq", 96), ("jitter", 104)];
const COUNTS: &[(&str, usize)] =
    &[("stabil", 120), ("jitcnt", 128), ("calcnt", 136), ("errcnt", 144), ("stbcnt", 152)];

fn longs(p: &mut dyn Printer, f: &Fields, list: &[(&str, usize)]) {
    for &(name, at) in list {
        p.field(name);
        p.int(f.i64(at));
    }
}

fn int(p: &mut dyn Printer, f: &Fields, name: &str, at: usize) {
    p.field(name);
    p.int(i64::from(f.i32(at)));
}

fn adjtimex(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    p.exit_part();
    let Some(bytes) = peek::umove(p, ctx, 0, TIMEX, At::Exit) else { return true };
    let f = Fields(bytes);
    p.open(Group::Struct);
    p.field("modes");
    flags(p, ADJTIMEX_MODES, u64::from(f.u32(0)), "ADJ_???");
    longs(p, &f, HEAD);
    p.field("status");
    flags(p, ADJTIMEX_STATUS, u64::from(f.u32(40)), "STA_???");
    longs(p, &f, MIDDLE);
    p.field("time");
    timeval(p, &f, 72);
    longs(p, &f, TAIL);
    int(p, &f, "shift", 112);
    longs(p, &f, COUNTS);
    int(p, &f, "tai", 160);
    p.close();
    true
}

/// The clock state, when the struct could be shown.
fn adjtimex_ret(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo, ret: i64) -> bool {
    let shown = ctx.exit(0).is_some_and(|c| c.bytes.len() >= TIMEX) && ctx.arg(0) != 0;
    let Some(state) = lookup(ADJTIMEX_STATES, ret as u64).filter(|_| shown) else { return false };
    p.int(ret);
    p.open(Group::Note);
    p.raw(state);
    p.close();
    true
}
