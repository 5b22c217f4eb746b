//! EVIOCSFF's `struct ff_effect` (x86_64 layout, 48 bytes), as strace 6.1's `ff_effect_ioctl`:
//! type, id and direction, then (with `-v`) the trigger, the replay and the union member the
//! type selects (constant, ramp, periodic or rumble).

use super::super::arg::{object, When};
use crate::decode::fields::Fields;
use crate::decode::printer::{Group, Printer};
use crate::decode::tables::EVDEV_FF_TYPES;
use crate::decode::xlat::xval;
use crate::decode::Ctx;

/// `sizeof(struct ff_effect)`.
pub const SIZE: usize = 48;
/// Where the union `u` starts (aligned for `periodic.custom_data`'s pointer).
const U: usize = 16;

const FF_RUMBLE: u16 = 0x50;
const FF_PERIODIC: u16 = 0x51;
const FF_CONSTANT: u16 = 0x52;
const FF_RAMP: u16 = 0x57;

/// `{type=FF_CONSTANT, id=1, direction=0, ...}`.
pub fn effect<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let Some(f) = object(p, ctx, When::In, SIZE) else { return };
    let kind = f.u16(0);
    p.open(Group::Struct);
    p.field("type");
    xval(p, EVDEV_FF_TYPES, u64::from(kind), "FF_???");
    p.field("id");
    signed(p, &f, 2);
    p.field("direction");
    p.uint(u64::from(f.u16(4)));
    if !ctx.verbose {
        p.more();
        return p.close();
    }
    p.field("trigger");
    fields_u16(p, &f, &[("button", 6), ("interval", 8)]);
    p.field("replay");
    fields_u16(p, &f, &[("length", 10), ("delay", 12)]);
    match kind {
        FF_CONSTANT => {
            p.field("constant");
            p.open(Group::Struct);
            p.field("level");
            signed(p, &f, U);
            envelope(p, &f, U + 2);
            p.close();
        }
        FF_RAMP => {
            p.field("ramp");
            p.open(Group::Struct);
            p.field("start_level");
            signed(p, &f, U);
            p.field("end_level");
            signed(p, &f, U + 2);
            envelope(p, &f, U + 4);
            p.close();
        }
        FF_PERIODIC => periodic(p, &f),
        FF_RUMBLE => {
            p.field("rumble");
            fields_u16(p, &f, &[("strong_magnitude", U), ("weak_magnitude", U + 2)]);
        }
        _ => {}
    }
    p.close();
}

/// `periodic={waveform=..., period=..., ..., custom_data=0x...}`.
fn periodic<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    p.field("periodic");
    p.open(Group::Struct);
    p.field("waveform");
    p.uint(u64::from(f.u16(U)));
    p.field("period");
    p.uint(u64::from(f.u16(U + 2)));
    p.field("magnitude");
    signed(p, f, U + 4);
    p.field("offset");
    signed(p, f, U + 6);
    p.field("phase");
    p.uint(u64::from(f.u16(U + 8)));
    envelope(p, f, U + 10);
    p.field("custom_len");
    p.uint(u64::from(f.u32(U + 20)));
    p.field("custom_data");
    p.addr(f.u64(U + 24));
    p.close();
}

/// `envelope={attack_length=..., attack_level=..., fade_length=..., fade_level=0x...}` at `at`.
fn envelope<P: Printer + ?Sized>(p: &mut P, f: &Fields, at: usize) {
    p.field("envelope");
    p.open(Group::Struct);
    for (i, name) in ["attack_length", "attack_level", "fade_length"].into_iter().enumerate() {
        p.field(name);
        p.uint(u64::from(f.u16(at + 2 * i)));
    }
    p.field("fade_level");
    p.hex(u64::from(f.u16(at + 6)));
    p.close();
}

/// A structure of unsigned shorts.
fn fields_u16<P: Printer + ?Sized>(p: &mut P, f: &Fields, fields: &[(&str, usize)]) {
    p.open(Group::Struct);
    for &(name, at) in fields {
        p.field(name);
        p.uint(u64::from(f.u16(at)));
    }
    p.close();
}

/// A signed short.
fn signed<P: Printer + ?Sized>(p: &mut P, f: &Fields, at: usize) {
    p.int(i64::from(f.u16(at) as i16));
}
