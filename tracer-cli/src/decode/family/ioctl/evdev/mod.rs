//! Input device requests (type `'E'`), as strace 6.1's `evdev_ioctl`: the getters (`_IOC_READ`)
//! print what the kernel filled once the call succeeded, the setters (`_IOC_WRITE`) what the
//! caller passes in. Fixed requests have fixed shapes (`struct input_id`, key code pairs,
//! `struct input_keymap_entry`, [`ff`]'s `struct ff_effect`); the requests that carry a size or an
//! event type in their number (EVIOCGNAME, EVIOCGBIT, EVIOCGABS...) are decoded by their number's
//! fields; the bit-set getters ([`bitset`]) print the set bits by name.

mod bitset;
mod ff;

use super::arg::{num, object, Num, When};
use super::request::{dir, nr, size, READ, WRITE};
use crate::decode::fields::Fields;
use crate::decode::printer::{Group, Printer, Quote};
use crate::decode::strings;
use crate::decode::tables::{
    EVDEV_ABS, EVDEV_AUTOREPEAT, EVDEV_EV, EVDEV_FF_STATUS, EVDEV_FF_TYPES, EVDEV_KEYCODE, EVDEV_LEDS,
    EVDEV_MISC, EVDEV_MTSLOTS, EVDEV_PROP, EVDEV_RELATIVE_AXES, EVDEV_SND, EVDEV_SWITCH,
};
use crate::decode::xlat::xval;
use crate::decode::Ctx;
use bitset::Bits;

/// `_IOR('E', n, size)`.
const fn ior(n: u32, size: u32) -> u32 {
    READ << 30 | size << 16 | 0x45 << 8 | n
}

/// `_IOW('E', n, size)`.
const fn iow(n: u32, size: u32) -> u32 {
    WRITE << 30 | size << 16 | 0x45 << 8 | n
}

const GVERSION: u32 = ior(0x01, 4);
const GID: u32 = ior(0x02, 8);
const GREP: u32 = ior(0x03, 8);
const SREP: u32 = iow(0x03, 8);
const GKEYCODE: u32 = ior(0x04, 8);
const SKEYCODE: u32 = iow(0x04, 8);
/// `struct input_keymap_entry`: 40 bytes.
const GKEYCODE_V2: u32 = ior(0x04, KEYMAP_ENTRY_SIZE as u32);
const SKEYCODE_V2: u32 = iow(0x04, KEYMAP_ENTRY_SIZE as u32);
const SFF: u32 = iow(0x80, ff::SIZE as u32);
const RMFF: u32 = iow(0x81, 4);
const GEFFECTS: u32 = ior(0x84, 4);
const GRAB: u32 = iow(0x90, 4);
const REVOKE: u32 = iow(0x91, 4);
const SCLOCKID: u32 = iow(0xa0, 4);

/// The size of `struct input_keymap_entry`.
const KEYMAP_ENTRY_SIZE: usize = 40;
/// `ABS_MAX`, `EV_MAX`: the masks of the axis and the event type in EVIOCGABS's and EVIOCGBIT's
/// numbers.
const ABS_MAX: u32 = 0x3f;
const EV_MAX: u32 = 0x1f;

/// The argument of input request `code`; false when strace leaves it to the generic hex.
pub fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    match dir(code) {
        READ => read(p, ctx, code),
        WRITE => write(p, ctx, code),
        _ => return false,
    }
    true
}

/// A getter: what the kernel filled (strace's `evdev_read_ioctl`).
fn read<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) {
    match code {
        GVERSION => {
            if let Some(f) = object(p, ctx, When::Out, 4) {
                p.open(Group::Array);
                p.hex(u64::from(f.u32(0)));
                p.close();
            }
            return;
        }
        GEFFECTS => return num(p, ctx, When::Out, Num::U32),
        GID => return input_id(p, ctx),
        GREP => return pair(p, ctx, When::Out),
        GKEYCODE => return keycode(p, ctx, When::Out),
        GKEYCODE_V2 => return keymap_entry(p, ctx, When::Out),
        _ => {}
    }
    let n = nr(code);
    let bits = |table, max, unknown| Bits { table, max, unknown };
    match n {
        0x0a => mtslots(p, ctx, code),
        0x06..=0x08 => name(p, ctx),
        0x09 => bitset::print(p, ctx, bits(EVDEV_PROP, 0x1f, "PROP_???")),
        0x1a => bitset::print(p, ctx, bits(EVDEV_SND, 0x07, "SND_???")),
        0x1b => bitset::print(p, ctx, bits(EVDEV_SWITCH, 0x10, "SW_???")),
        0x18 => bitset::print(p, ctx, bits(EVDEV_KEYCODE, 0x2ff, "KEY_???")),
        0x19 => bitset::print(p, ctx, bits(EVDEV_LEDS, 0x0f, "LED_???")),
        _ if n & !ABS_MAX == 0x40 => absinfo(p, ctx, code, When::Out),
        _ if n & !EV_MAX == 0x20 => event_bits(p, ctx, n & EV_MAX),
        _ => p.addr(ctx.arg(2)),
    }
}

/// A setter: what the caller passes in (strace's `evdev_write_ioctl`).
fn write<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) {
    let arg = ctx.arg(2);
    match code {
        SREP => pair(p, ctx, When::In),
        SKEYCODE => keycode(p, ctx, When::In),
        SKEYCODE_V2 => keymap_entry(p, ctx, When::In),
        RMFF => p.int(i64::from(arg as i32)),
        GRAB | REVOKE => p.uint(arg),
        SCLOCKID => num(p, ctx, When::In, Num::U32),
        SFF => ff::effect(p, ctx),
        _ if nr(code) & !ABS_MAX == 0xc0 => absinfo(p, ctx, code, When::In),
        _ => p.addr(arg),
    }
}

/// EVIOCGBIT(type, size): the bits of event type `ev` (type 0: the event types themselves).
fn event_bits<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, ev: u32) {
    let bits = |table, max, unknown| Bits { table, max, unknown };
    let set = match ev {
        0 => bits(EVDEV_EV, EV_MAX, "EV_???"),
        0x01 => bits(EVDEV_KEYCODE, 0x2ff, "KEY_???"),
        0x02 => bits(EVDEV_RELATIVE_AXES, 0x0f, "REL_???"),
        0x03 => bits(EVDEV_ABS, ABS_MAX, "ABS_???"),
        0x04 => bits(EVDEV_MISC, 0x07, "MSC_???"),
        0x05 => bits(EVDEV_SWITCH, 0x10, "SW_???"),
        0x11 => bits(EVDEV_LEDS, 0x0f, "LED_???"),
        0x12 => bits(EVDEV_SND, 0x07, "SND_???"),
        0x14 => bits(EVDEV_AUTOREPEAT, 0x01, "REP_???"),
        0x15 => bits(EVDEV_FF_TYPES, 0x7f, "FF_???"),
        // EV_PWR: an int.
        0x16 => return num(p, ctx, When::Out, Num::I32),
        0x17 => bits(EVDEV_FF_STATUS, 0x01, "FF_STATUS_???"),
        _ => return p.addr(ctx.arg(2)),
    };
    bitset::print(p, ctx, set);
}

/// `{bustype=3, vendor=1133, product=49271, version=273}`.
fn input_id<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let Some(f) = object(p, ctx, When::Out, 8) else { return };
    p.open(Group::Struct);
    for (at, name) in [(0, "bustype"), (2, "vendor"), (4, "product"), (6, "version")] {
        p.field(name);
        p.uint(u64::from(f.u16(at)));
    }
    p.close();
}

/// `[500, 33]`: two unsigned ints (strace's `printpair_int` with `%u`).
fn pair<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, when: When) {
    let Some(f) = object(p, ctx, when, 8) else { return };
    p.open(Group::Array);
    p.uint(u64::from(f.u32(0)));
    p.uint(u64::from(f.u32(4)));
    p.close();
}

/// `[30, KEY_A]`: a scan code and its key code.
fn keycode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, when: When) {
    let Some(f) = object(p, ctx, when, 8) else { return };
    p.open(Group::Array);
    p.uint(u64::from(f.u32(0)));
    xval(p, EVDEV_KEYCODE, u64::from(f.u32(4)), "KEY_???");
    p.close();
}

/// `struct input_keymap_entry`: `{flags=0, len=4, ...}`, whole with `-v`.
fn keymap_entry<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, when: When) {
    let Some(f) = object(p, ctx, when, KEYMAP_ENTRY_SIZE) else { return };
    p.open(Group::Struct);
    p.field("flags");
    p.uint(u64::from(f.u8(0)));
    p.field("len");
    p.uint(u64::from(f.u8(1)));
    if ctx.verbose {
        p.field("index");
        p.uint(u64::from(f.u16(2)));
        p.field("keycode");
        xval(p, EVDEV_KEYCODE, u64::from(f.u32(4)), "KEY_???");
        p.field("scancode");
        p.open(Group::Array);
        for at in 8..KEYMAP_ENTRY_SIZE {
            p.hex(u64::from(f.u8(at)));
        }
        p.close();
    } else {
        p.more();
    }
    p.close();
}

/// `struct input_absinfo`, as long as the request's size says (the original 20 bytes, or with
/// `resolution`); abbreviated to `{value=..., minimum=..., ...}` unless `-v`.
fn absinfo<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32, when: When) {
    const ORIG: usize = 20;
    const WITH_RESOLUTION: usize = 24;
    let sz = size(code) as usize;
    if sz < ORIG {
        return p.addr(ctx.arg(2));
    }
    let Some(f) = object(p, ctx, when, sz.min(WITH_RESOLUTION)) else { return };
    let field = |p: &mut P, name: &str, at: usize| {
        p.field(name);
        p.uint(u64::from(f.u32(at)));
    };
    p.open(Group::Struct);
    field(p, "value", 0);
    field(p, "minimum", 4);
    if ctx.verbose {
        field(p, "maximum", 8);
        field(p, "fuzz", 12);
        field(p, "flat", 16);
        if sz > ORIG {
            if sz >= WITH_RESOLUTION {
                field(p, "resolution", 20);
            }
            if sz != WITH_RESOLUTION {
                p.more();
            }
        }
    } else {
        p.more();
    }
    p.close();
}

/// EVIOCGNAME, EVIOCGPHYS, EVIOCGUNIQ: the string the call returned the length of.
fn name<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let Some(len) = ctx.ok_ret().and_then(|r| u64::try_from(r).ok()) else {
        return p.addr(ctx.arg(2));
    };
    let want = usize::try_from(len.min(u64::from(ctx.strlen))).unwrap_or(usize::MAX);
    if let Some(f) = object(p, ctx, When::Out, want) {
        strings::buffer(p, f.0, len, ctx.strlen, false, Quote::Text);
    }
}

/// EVIOCGMTSLOTS(size): `{code=ABS_MT_SLOT, values=[0, 1]}`, the values filling the rest of `size`.
fn mtslots<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) {
    let count = size(code) / 4;
    if count == 0 {
        return p.addr(ctx.arg(2));
    }
    let Some(f) = object(p, ctx, When::Out, 4) else { return };
    p.open(Group::Struct);
    p.field("code");
    xval(p, EVDEV_MTSLOTS, u64::from(f.u32(0)), "ABS_MT_???");
    p.field("values");
    ints(p, ctx, &f, count - 1);
    p.close();
}

/// `count` ints after the first of `f` (strace's `print_array` of them): at most `-s` unless `-v`;
/// the address of the first, or `...` and where the copy stopped, for what was not copied.
fn ints<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, f: &Fields, count: u32) {
    let start = ctx.arg(2).wrapping_add(4);
    let available = (f.len().saturating_sub(4) / 4) as u64;
    let count = u64::from(count);
    if count > 0 && available == 0 {
        return p.addr(start);
    }
    let shown = if ctx.verbose { count } else { count.min(u64::from(ctx.strlen)) };
    p.open(Group::Array);
    for i in 0..shown {
        if i >= available {
            p.more();
            p.comment(&crate::decode::arrays::hex_text(start.wrapping_add(i * 4)));
            return p.close();
        }
        p.int(i64::from(f.i32(4 + i as usize * 4)));
    }
    if shown < count {
        p.more();
    }
    p.close();
}

#[cfg(test)]
mod tests {
    use tracer_common::event::Capture;
    use tracer_common::record::capture_flags::AT_EXIT;

    use crate::decode::{Options, XlatStyle};

    const P: u64 = 0x7000;

    /// `ioctl(-1, code, P)` returning `ret`, with `before` and `after` copies of the argument.
    fn ioctl(code: u32, ret: i64, before: &[u8], after: &[u8], verbose: bool, xlat: XlatStyle) -> String {
        let captures = vec![Capture::new(2, 0, before.to_vec()), Capture::new(2, AT_EXIT, after.to_vec())];
        let args = [u64::MAX, u64::from(code), P, 0, 0, 0];
        crate::decode::test_line::call_text(
            "ioctl",
            args,
            Some(ret),
            captures,
            &Options { verbose, ..Options::default() },
            xlat,
        )
    }

    #[test]
    fn bit_sets_by_name_and_in_words() {
        let mut bits = [0u8; 16];
        bits[0] = 0b0000_0110;
        bits[1] = 0x01;
        bits[9] = 0x80;
        let code = super::ior(0x21, 16);
        let text = ioctl(code, 16, &bits, &bits, false, XlatStyle::Abbrev);
        assert_eq!(text, "ioctl(-1, EVIOCGBIT(EV_KEY, 16), [KEY_ESC KEY_1 KEY_7 KEY_KP1]) = 16");
        let raw = ioctl(code, 16, &bits, &bits, false, XlatStyle::Raw);
        assert_eq!(raw, "ioctl(-1, 0x80104521, [0x106, 0x8000]) = 16");
        // A return of 1 byte: 8 bits, one word.
        let short = ioctl(code, 1, &bits, &bits, false, XlatStyle::Verbose);
        assert_eq!(short, "ioctl(-1, 0x80104521 /* EVIOCGBIT(EV_KEY, 16) */, [0x1 /* KEY_ESC */ 0x2 /* KEY_1 */] /* [0x106] */) = 1");
    }

    #[test]
    fn getters_print_what_the_call_filled() {
        let id = [3, 0, 0x6d, 0x04, 0x77, 0xc0, 0x11, 0x01];
        let text = ioctl(super::GID, 0, &[0; 8], &id, false, XlatStyle::Abbrev);
        assert_eq!(text, "ioctl(-1, EVIOCGID, {bustype=3, vendor=1133, product=49271, version=273}) = 0");
        let failed = ioctl(super::GID, -9, &[0; 8], &id, false, XlatStyle::Abbrev);
        assert_eq!(failed, "ioctl(-1, EVIOCGID, 0x7000) = -1 EBADF (Bad file descriptor)");
        let abs: Vec<u8> = [1u32, 2, 3, 4, 5, 6].iter().flat_map(|v| v.to_le_bytes()).collect();
        let code = super::ior(0x40, 24);
        assert_eq!(
            ioctl(code, 0, &abs, &abs, true, XlatStyle::Abbrev),
            "ioctl(-1, EVIOCGABS(ABS_X), {value=1, minimum=2, maximum=3, fuzz=4, flat=5, resolution=6}) = 0"
        );
        assert_eq!(
            ioctl(code, 0, &abs, &abs, false, XlatStyle::Abbrev),
            "ioctl(-1, EVIOCGABS(ABS_X), {value=1, minimum=2, ...}) = 0"
        );
        let name = ioctl(super::ior(0x06, 32), 4, &[0; 32], b"kbd\0", false, XlatStyle::Abbrev);
        assert_eq!(name, r#"ioctl(-1, EVIOCGNAME(32), "kbd\0") = 4"#);
    }
}
