//! Controls: VIDIOC_G_CTRL/S_CTRL, VIDIOC_QUERYCTRL, VIDIOC_QUERY_EXT_CTRL and the extended
//! controls of VIDIOC_G_EXT_CTRLS, VIDIOC_S_EXT_CTRLS and VIDIOC_TRY_EXT_CTRLS, with control ids
//! named as strace's `print_v4l2_cid` names them (`V4L2_CID_BRIGHTNESS`, `V4L2_CTRL_CLASS_USER+0x7`).

use super::filled;
use crate::decode::family::ioctl::arg::{local_array, nonzero_u32s, object, When};
use crate::decode::fields::Fields;
use crate::decode::printer::{Fmt, Group, Printer, XlatStyle};
use crate::decode::tables::{
    V4L2_CONTROL_CLASSES, V4L2_CONTROL_FLAGS, V4L2_CONTROL_IDS, V4L2_CONTROL_QUERY_FLAGS, V4L2_CONTROL_TYPES,
};
use crate::decode::xlat::{flags, lookup, xval};
use crate::decode::{strings, Ctx};

pub(super) const G_CTRL: u32 = 0xc008_561b;
pub(super) const S_CTRL: u32 = 0xc008_561c;
pub(super) const QUERYCTRL: u32 = 0xc044_5624;
pub(super) const QUERY_EXT_CTRL: u32 = 0xc0e8_5667;
pub(super) const G_EXT_CTRLS: u32 = 0xc020_5647;
pub(super) const S_EXT_CTRLS: u32 = 0xc020_5648;
pub(super) const TRY_EXT_CTRLS: u32 = 0xc020_5649;

const CONTROL_SIZE: usize = 8;
const QUERYCTRL_SIZE: usize = 68;
const QUERY_EXT_CTRL_SIZE: usize = 232;
const EXT_CONTROLS_SIZE: usize = 32;
/// The `V4L2_CTRL_FLAG_NEXT_*` bits a query may set in the id.
const NEXT_FLAGS_MASK: u32 = 0xc000_0000;

/// A control id: its name, `CLASS+offset` within a known class, or `0x... /* V4L2_CID_??? */`;
/// with `next`, the `V4L2_CTRL_FLAG_NEXT_*` bits first (`V4L2_CTRL_FLAG_NEXT_CTRL|...`).
fn cid<P: Printer + ?Sized>(p: &mut P, id: u32, next: bool) {
    if p.style() == XlatStyle::Raw {
        p.hex(u64::from(id));
        return;
    }
    let next_bits = if next { id & NEXT_FLAGS_MASK } else { 0 };
    if next_bits != 0 {
        p.open(Group::Or);
        flags(p, V4L2_CONTROL_QUERY_FLAGS, u64::from(next_bits), "V4L2_CTRL_FLAG_NEXT_???");
        plain_cid(p, id & !next_bits);
        p.close();
    } else {
        plain_cid(p, id);
    }
}

/// A control id without query bits.
fn plain_cid<P: Printer + ?Sized>(p: &mut P, id: u32) {
    let value = u64::from(id);
    if let Some(name) = lookup(V4L2_CONTROL_IDS, value) {
        p.constant(value, Some(name), Fmt::Hex, "");
        return;
    }
    let class = V4L2_CONTROL_CLASSES.iter().filter(|&&(v, _)| v <= value).max_by_key(|&&(v, _)| v);
    match class {
        Some(&(base, name)) if value - base < 0x10000 => {
            let offset = value - base;
            let text = if offset == 0 { format!("{name}+0") } else { format!("{name}+{offset:#x}") };
            p.constant(value, Some(&text), Fmt::Hex, "");
        }
        _ => p.constant(value, None, Fmt::Hex, "V4L2_CID_???"),
    }
}

/// VIDIOC_G_CTRL (the id at entry, the value at exit) and VIDIOC_S_CTRL (`value=1 => 0`).
pub(super) fn control<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, get: bool) {
    let Some(f) = object(p, ctx, When::In, CONTROL_SIZE) else { return };
    p.open(Group::Struct);
    p.field("id");
    cid(p, f.u32(0), false);
    let after = filled(ctx, CONTROL_SIZE);
    if get {
        p.exit_part_here();
        if let Some(f) = after {
            p.field("value");
            p.int(i64::from(f.i32(4)));
        }
    } else {
        p.field("value");
        p.open(Group::Changed);
        p.int(i64::from(f.i32(4)));
        p.exit_part_here();
        if let Some(f) = after {
            p.int(i64::from(f.i32(4)));
        }
        p.close();
    }
    p.close();
}

/// VIDIOC_QUERYCTRL and VIDIOC_QUERY_EXT_CTRL: the id asked for at entry; at exit the id found
/// (when it differs), type and name, and unless abbreviated the range, flags and (extended) the
/// element layout.
pub(super) fn queryctrl<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, ext: bool) {
    let size = if ext { QUERY_EXT_CTRL_SIZE } else { QUERYCTRL_SIZE };
    let Some(f) = object(p, ctx, When::In, size) else { return };
    p.open(Group::Struct);
    p.field("id");
    let asked = f.u32(0);
    let after = filled(ctx, size);
    let found = after.map(|f| f.u32(0)).filter(|&id| id != asked);
    if found.is_some() {
        p.open(Group::Changed);
    }
    cid(p, asked, true);
    p.exit_part_here();
    if let Some(id) = found {
        cid(p, id, false);
        p.close();
    }
    if let Some(f) = after {
        p.field("type");
        xval(p, V4L2_CONTROL_TYPES, u64::from(f.u32(4)), "V4L2_CTRL_TYPE_???");
        p.field("name");
        strings::char_array(p, &f.0[8..40]);
        if !ctx.verbose {
            p.more();
        } else if ext {
            ext_details(p, ctx, &f);
        } else {
            for (name, at) in [("minimum", 40), ("maximum", 44), ("step", 48), ("default_value", 52)] {
                p.field(name);
                p.int(i64::from(f.i32(at)));
            }
            p.field("flags");
            flags(p, V4L2_CONTROL_FLAGS, u64::from(f.u32(56)), "V4L2_CTRL_FLAG_???");
            nonzero_u32s(p, ctx, "reserved", &f.0[60..68]);
        }
    }
    p.close();
}

/// The range, flags and layout of a `struct v4l2_query_ext_ctrl`.
fn ext_details<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, f: &Fields) {
    p.field("minimum");
    p.int(f.i64(40));
    p.field("maximum");
    p.int(f.i64(48));
    p.field("step");
    p.uint(f.u64(56));
    p.field("default_value");
    p.int(f.i64(64));
    p.field("flags");
    flags(p, V4L2_CONTROL_FLAGS, u64::from(f.u32(72)), "V4L2_CTRL_FLAG_???");
    for (name, at) in [("elem_size", 76), ("elems", 80), ("nr_of_dims", 84)] {
        p.field(name);
        p.uint(u64::from(f.u32(at)));
    }
    p.field("dims");
    local_array(p, ctx, &f.0[88..104], 4, u64::from(f.u32(84)), |p, e| p.uint(u64::from(e.u32(0))));
    nonzero_u32s(p, ctx, "reserved", &f.0[104..232]);
}

/// VIDIOC_*_EXT_CTRLS: class and count, then the controls. The controls array is behind a pointer
/// that is not captured: it prints as its address (as strace prints an array it cannot read), which
/// ends the decoding at entry for the setters; VIDIOC_G_EXT_CTRLS prints it at exit, with
/// `error_idx` when the call failed.
pub(super) fn ext_controls<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, get: bool) {
    let Some(f) = object(p, ctx, When::In, EXT_CONTROLS_SIZE) else { return };
    p.open(Group::Struct);
    p.field("ctrl_class");
    xval(p, V4L2_CONTROL_CLASSES, u64::from(f.u32(0)), "V4L2_CTRL_CLASS_???");
    p.field("count");
    p.uint(u64::from(f.u32(4)));
    if f.u32(4) == 0 {
        p.close();
        return;
    }
    if !get {
        p.field("controls");
        p.addr(f.u64(24));
        p.close();
        return;
    }
    p.exit_part_here();
    // strace reads the structure back even after a failure: the driver reports error_idx then.
    let after = ctx.exit(2).or_else(|| ctx.entry(2)).filter(|c| c.bytes.len() >= EXT_CONTROLS_SIZE);
    if let Some(c) = after {
        let f = Fields(&c.bytes);
        p.field("controls");
        p.addr(f.u64(24));
        if ctx.ok_ret().is_none() {
            p.field("error_idx");
            p.uint(u64::from(f.u32(8)));
        }
    }
    p.close();
}
