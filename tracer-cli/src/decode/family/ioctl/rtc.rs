//! Real-time clock requests (type `'p'`), as strace 6.1's `rtc_ioctl`: `struct rtc_time` (abbreviated
//! unless `-v`), the wake alarm around one, the PLL, the epoch and interrupt rate (by value when
//! set, pointed to when read), the voltage-low flags, and RTC_PARAM_GET/SET's `struct rtc_param`,
//! whose value RTC_PARAM_GET shows after ` => `. The interrupt switches take no argument.

use super::arg::{object, When};
use super::request::{code, READ, WRITE};
use crate::decode::fields::Fields;
use crate::decode::printer::{Group, Printer};
use crate::decode::tables::{RTC_BACKUP_SWITCH_MODES, RTC_PARAMS, RTC_VL_FLAGS};
use crate::decode::xlat::{flags, xval, Xlat};
use crate::decode::Ctx;

/// strace's `rtc_features`: feature bits it names as shifts, so not among the generated tables
/// (whose names are C identifiers).
const FEATURES: Xlat = &[
    (1 << 0, "1<<RTC_FEATURE_ALARM"),
    (1 << 1, "1<<RTC_FEATURE_ALARM_RES_MINUTE"),
    (1 << 2, "1<<RTC_FEATURE_NEED_WEEK_DAY"),
    (1 << 3, "1<<RTC_FEATURE_ALARM_RES_2S"),
    (1 << 4, "1<<RTC_FEATURE_UPDATE_INTERRUPT"),
    (1 << 5, "1<<RTC_FEATURE_CORRECTION"),
    (1 << 6, "1<<RTC_FEATURE_BACKUP_SWITCH_MODE"),
    (1 << 7, "1<<RTC_FEATURE_ALARM_WAKEUP_ONLY"),
];

/// `_IOC(dir, 'p', nr, size)`.
const fn p(dir: u32, nr: u32, size: u32) -> u32 {
    code(dir, 0x70, nr, size)
}

/// `sizeof(struct rtc_time)`, `struct rtc_wkalrm`, `struct rtc_pll_info`, `struct rtc_param`.
const TIME: usize = 36;
const WKALRM: usize = 40;
const PLL: usize = 32;
const PARAM: usize = 24;

const ALM_SET: u32 = p(WRITE, 0x07, TIME as u32);
const ALM_READ: u32 = p(READ, 0x08, TIME as u32);
const RD_TIME: u32 = p(READ, 0x09, TIME as u32);
const SET_TIME: u32 = p(WRITE, 0x0a, TIME as u32);
const IRQP_READ: u32 = p(READ, 0x0b, 8);
const IRQP_SET: u32 = p(WRITE, 0x0c, 8);
const EPOCH_READ: u32 = p(READ, 0x0d, 8);
const EPOCH_SET: u32 = p(WRITE, 0x0e, 8);
const WKALM_SET: u32 = p(WRITE, 0x0f, WKALRM as u32);
const WKALM_RD: u32 = p(READ, 0x10, WKALRM as u32);
const PLL_GET: u32 = p(READ, 0x11, PLL as u32);
const PLL_SET: u32 = p(WRITE, 0x12, PLL as u32);
const VL_READ: u32 = p(READ, 0x13, 4);
const PARAM_GET: u32 = p(WRITE, 0x13, PARAM as u32);
const PARAM_SET: u32 = p(WRITE, 0x14, PARAM as u32);
/// RTC_AIE_ON/OFF, RTC_UIE_ON/OFF, RTC_PIE_ON/OFF, RTC_WIE_ON/OFF, RTC_VL_CLR: no argument.
const NO_ARG: [u32; 9] = [0x7001, 0x7002, 0x7003, 0x7004, 0x7005, 0x7006, 0x700f, 0x7010, 0x7014];

/// `RTC_PARAM_FEATURES`, `RTC_PARAM_CORRECTION`, `RTC_PARAM_BACKUP_SWITCH_MODE`.
const PARAM_FEATURES: u64 = 0;
const PARAM_CORRECTION: u64 = 1;
const PARAM_BACKUP_SWITCH_MODE: u64 = 2;

/// The argument of RTC request `code`; false when strace leaves it to the generic hex.
pub fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    match code {
        ALM_READ | RD_TIME => time_at(p, ctx, When::Out),
        ALM_SET | SET_TIME => time_at(p, ctx, When::In),
        IRQP_SET | EPOCH_SET => p.uint(ctx.arg(2)),
        IRQP_READ | EPOCH_READ => super::arg::num(p, ctx, When::Out, super::arg::Num::U64),
        WKALM_RD => wkalrm(p, ctx, When::Out),
        WKALM_SET => wkalrm(p, ctx, When::In),
        PLL_GET => pll(p, ctx, When::Out),
        PLL_SET => pll(p, ctx, When::In),
        VL_READ => {
            let Some(f) = object(p, ctx, When::Out, 4) else { return true };
            p.open(Group::Array);
            flags(p, RTC_VL_FLAGS, u64::from(f.u32(0)), "RTC_VL_???");
            p.close();
        }
        PARAM_GET | PARAM_SET => param(p, ctx, code == PARAM_GET),
        c if NO_ARG.contains(&c) => {}
        _ => return false,
    }
    true
}

/// The `struct rtc_time` behind the argument.
fn time_at<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, when: When) {
    if let Some(f) = object(p, ctx, when, TIME) {
        time(p, ctx, &f, 0);
    }
}

/// `{tm_sec=0, tm_min=0, tm_hour=0, tm_mday=1, tm_mon=0, tm_year=70, ...}` at `at`.
fn time<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, f: &Fields, at: usize) {
    const FIELDS: [&str; 9] =
        ["tm_sec", "tm_min", "tm_hour", "tm_mday", "tm_mon", "tm_year", "tm_wday", "tm_yday", "tm_isdst"];
    p.open(Group::Struct);
    let shown = if ctx.verbose { FIELDS.len() } else { 6 };
    for (i, name) in FIELDS.into_iter().enumerate().take(shown) {
        p.field(name);
        p.int(i64::from(f.i32(at + 4 * i)));
    }
    if !ctx.verbose {
        p.more();
    }
    p.close();
}

/// `{enabled=1, pending=0, time={...}}`.
fn wkalrm<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, when: When) {
    let Some(f) = object(p, ctx, when, WKALRM) else { return };
    p.open(Group::Struct);
    p.field("enabled");
    p.uint(u64::from(f.u8(0)));
    p.field("pending");
    p.uint(u64::from(f.u8(1)));
    p.field("time");
    time(p, ctx, &f, 4);
    p.close();
}

/// `struct rtc_pll_info`: six ints and a long.
fn pll<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, when: When) {
    let Some(f) = object(p, ctx, when, PLL) else { return };
    p.open(Group::Struct);
    let ints = ["pll_ctrl", "pll_value", "pll_max", "pll_min", "pll_posmult", "pll_negmult"];
    for (i, name) in ints.into_iter().enumerate() {
        p.field(name);
        p.int(i64::from(f.i32(4 * i)));
    }
    p.field("pll_clock");
    p.int(f.i64(24));
    p.close();
}

/// `struct rtc_param`: at entry the parameter, (for a set) its value, and the index; for a get,
/// ` => ` the value the call filled in, or the address when it failed.
fn param<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, get: bool) {
    let Some(f) = object(p, ctx, When::In, PARAM) else { return };
    if get {
        p.open(Group::Changed);
    }
    p.open(Group::Struct);
    p.field("param");
    xval(p, RTC_PARAMS, f.u64(0), "RTC_PARAM_???");
    if !get {
        param_value(p, &f);
    }
    p.field("index");
    p.uint(u64::from(f.u32(16)));
    pad(p, &f);
    p.close();
    if !get {
        return;
    }
    if let Some(after) = object(p, ctx, When::Out, PARAM) {
        p.open(Group::Struct);
        param_value(p, &after);
        pad(p, &after);
        p.close();
    }
    p.close();
}

/// The value field as the parameter says.
fn param_value<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    let value = f.u64(8);
    match f.u64(0) {
        PARAM_FEATURES => {
            p.field("uvalue");
            flags(p, FEATURES, value, "1<<RTC_FEATURE_???");
        }
        PARAM_CORRECTION => {
            p.field("svalue");
            p.int(value as i64);
        }
        PARAM_BACKUP_SWITCH_MODE => {
            p.field("uvalue");
            xval(p, RTC_BACKUP_SWITCH_MODES, value, "RTC_BSM_???");
        }
        _ => {
            p.field("uvalue");
            p.hex(value);
        }
    }
}

/// `__pad=0x1` when the padding is not zero.
fn pad<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    let pad = f.u32(20);
    if pad != 0 {
        p.field("__pad");
        p.hex(u64::from(pad));
    }
}

#[cfg(test)]
mod tests {
    use tracer_common::event::Capture;
    use tracer_common::record::capture_flags::AT_EXIT;

    use crate::decode::{Options, XlatStyle};

    /// `ioctl(-1, code, 0x7000)` returning `ret`, with `before` and `after` copies of the argument.
    fn ioctl(code: u32, ret: i64, before: &[u8], after: &[u8]) -> String {
        let captures = vec![Capture::new(2, 0, before.to_vec()), Capture::new(2, AT_EXIT, after.to_vec())];
        let args = [u64::MAX, u64::from(code), 0x7000, 0, 0, 0];
        crate::decode::test_line::call_text(
            "ioctl",
            args,
            Some(ret),
            captures,
            &Options::default(),
            XlatStyle::Abbrev,
        )
    }

    fn param(param: u64, value: u64, index: u32, pad: u32) -> Vec<u8> {
        let mut bytes = param.to_le_bytes().to_vec();
        bytes.extend_from_slice(&value.to_le_bytes());
        bytes.extend_from_slice(&index.to_le_bytes());
        bytes.extend_from_slice(&pad.to_le_bytes());
        bytes
    }

    #[test]
    fn param_get_shows_the_value_after_the_call() {
        let before = param(1, 0, 3, 0);
        let after = param(1, (-5i64) as u64, 3, 0);
        assert_eq!(
            ioctl(super::PARAM_GET, 0, &before, &after),
            "ioctl(-1, RTC_PARAM_GET, {param=RTC_PARAM_CORRECTION, index=3} => {svalue=-5}) = 0"
        );
        assert_eq!(
            ioctl(super::PARAM_GET, -9, &before, &after),
            "ioctl(-1, RTC_PARAM_GET, {param=RTC_PARAM_CORRECTION, index=3} => 0x7000) = -1 EBADF (Bad file descriptor)"
        );
        let set = param(0, 0x21, 0, 1);
        assert_eq!(
            ioctl(super::PARAM_SET, 0, &set, &set),
            "ioctl(-1, RTC_PARAM_SET, {param=RTC_PARAM_FEATURES, uvalue=1<<RTC_FEATURE_ALARM|1<<RTC_FEATURE_CORRECTION, index=0, __pad=0x1}) = 0"
        );
    }
}
