//! Video4Linux2 requests (type `'V'`), as strace 6.1's `v4l2_ioctl` prints them: here the
//! device's capabilities (VIDIOC_QUERYCAP, at exit), the buffer type of VIDIOC_STREAMON/STREAMOFF
//! (`[V4L2_BUF_TYPE_VIDEO_CAPTURE]`), the standard of VIDIOC_G_STD/S_STD (`[0xb000]`), the input
//! of VIDIOC_G_INPUT/S_INPUT (`[1]`), VIDIOC_REQBUFS's request (`{type=..., memory=V4L2_MEMORY_MMAP,
//! count=4 => 2}`) and the cropping rectangles; formats in [`format`], controls in [`ctrl`],
//! buffers, streaming parameters and enumerations in [`stream`]. Other requests print their
//! argument in hex.
//!
//! Memory behind pointers inside the structures (a window's clip list, the controls of
//! VIDIOC_*_EXT_CTRLS) is not captured: its address is printed, as strace does when it cannot read
//! it.

mod ctrl;
mod format;
mod stream;

use super::arg::{object, When};
use crate::decode::fields::Fields;
use crate::decode::printer::{Group, Printer};
use crate::decode::tables::{V4L2_BUF_TYPES, V4L2_DEVICE_CAPABILITIES_FLAGS, V4L2_MEMORIES};
use crate::decode::xlat::{composite_with, flags, lookup, xval};
use crate::decode::XlatStyle;
use crate::decode::{strings, Ctx};

const QUERYCAP: u32 = 0x8068_5600;
const CROPCAP: u32 = 0xc02c_563a;
const G_CROP: u32 = 0xc014_563b;
const S_CROP: u32 = 0x4014_563c;
/// Bytes of `struct v4l2_capability`.
const CAPABILITY_SIZE: usize = 104;

const REQBUFS: u32 = 0xc014_5608;
const STREAMON: u32 = 0x4004_5612;
const STREAMOFF: u32 = 0x4004_5613;
const G_STD: u32 = 0x8008_5617;
const S_STD: u32 = 0x4008_5618;
const G_INPUT: u32 = 0x8004_5626;
const S_INPUT: u32 = 0xc004_5627;

/// V4L2 requests (`v4l2_ioctl`); false for those left to the generic hex.
pub fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    match code {
        STREAMON | STREAMOFF => {
            let Some(f) = object(p, ctx, When::In, 4) else { return true };
            p.open(Group::Array);
            xval(p, V4L2_BUF_TYPES, u64::from(f.u32(0)), "V4L2_BUF_TYPE_???");
            p.close();
        }
        G_STD | S_STD => {
            let when = if code == G_STD { When::Out } else { When::In };
            if when == When::Out {
                p.exit_part();
            }
            let Some(f) = object(p, ctx, when, 8) else { return true };
            p.open(Group::Array);
            p.hex(f.u64(0));
            p.close();
        }
        G_INPUT | S_INPUT => {
            let when = if code == G_INPUT { When::Out } else { When::In };
            if when == When::Out {
                p.exit_part();
            }
            let Some(f) = object(p, ctx, when, 4) else { return true };
            p.open(Group::Array);
            p.uint(u64::from(f.u32(0)));
            p.close();
        }
        REQBUFS => reqbufs(p, ctx),
        format::ENUM_FMT => format::fmtdesc(p, ctx),
        format::G_FMT | format::S_FMT | format::TRY_FMT => format::format(p, ctx, code == format::G_FMT),
        format::CREATE_BUFS => format::create_bufs(p, ctx),
        stream::QUERYBUF | stream::QBUF | stream::DQBUF => stream::buffer(p, ctx, code == stream::DQBUF),
        stream::G_FBUF | stream::S_FBUF => stream::framebuffer(p, ctx, code == stream::G_FBUF),
        stream::G_PARM | stream::S_PARM => stream::streamparm(p, ctx, code == stream::G_PARM),
        stream::ENUMSTD => stream::standard(p, ctx),
        stream::ENUMINPUT => stream::input(p, ctx),
        stream::G_TUNER | stream::S_TUNER => stream::tuner(p, ctx, code == stream::G_TUNER),
        stream::ENUM_FRAMESIZES => stream::frmsizeenum(p, ctx),
        stream::ENUM_FRAMEINTERVALS => stream::frmivalenum(p, ctx),
        ctrl::G_CTRL | ctrl::S_CTRL => ctrl::control(p, ctx, code == ctrl::G_CTRL),
        ctrl::QUERYCTRL => ctrl::queryctrl(p, ctx, false),
        ctrl::QUERY_EXT_CTRL => ctrl::queryctrl(p, ctx, true),
        ctrl::G_EXT_CTRLS | ctrl::S_EXT_CTRLS | ctrl::TRY_EXT_CTRLS => {
            ctrl::ext_controls(p, ctx, code == ctrl::G_EXT_CTRLS);
        }
        CROPCAP => cropcap(p, ctx),
        G_CROP | S_CROP => crop(p, ctx, code == G_CROP),
        QUERYCAP => {
            p.exit_part();
            if let Some(f) = object(p, ctx, When::Out, CAPABILITY_SIZE) {
                capability(p, &f);
            }
        }
        _ => return false,
    }
    true
}

/// A successful return strace gives a meaning: VIDIOC_CREATE_BUFS's `42 ({index=0, count=2})`.
pub fn ret(p: &mut dyn crate::decode::printer::Printer, ctx: &Ctx, code: u32, ret: i64) -> bool {
    code == format::CREATE_BUFS && format::create_bufs_ret(p, ctx, ret)
}

/// VIDIOC_REQBUFS: the request at entry, and the count the driver granted when the call succeeded.
fn reqbufs<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let Some(f) = object(p, ctx, When::In, 20) else { return };
    p.open(Group::Struct);
    p.field("type");
    xval(p, V4L2_BUF_TYPES, u64::from(f.u32(4)), "V4L2_BUF_TYPE_???");
    p.field("memory");
    xval(p, V4L2_MEMORIES, u64::from(f.u32(8)), "V4L2_MEMORY_???");
    p.field("count");
    p.open(Group::Changed);
    p.uint(u64::from(f.u32(0)));
    p.exit_part_here();
    let granted = ctx.ok_ret().and_then(|_| ctx.exit(2)).filter(|c| c.bytes.len() >= 4);
    if let Some(c) = granted {
        p.uint(u64::from(u32::from_le_bytes([c.bytes[0], c.bytes[1], c.bytes[2], c.bytes[3]])));
    }
    p.close();
    p.close();
}

/// A `struct v4l2_capability`; `device_caps` only when set.
fn capability<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    p.open(Group::Struct);
    for (name, at, len) in [("driver", 0, 16), ("card", 16, 32), ("bus_info", 48, 32)] {
        p.field(name);
        strings::char_array(p, &f.0[at..at + len]);
    }
    let version = f.u32(80);
    p.field("version");
    composite_with(
        p,
        |p| p.hex(u64::from(version)),
        |p| {
            p.open(Group::Call("KERNEL_VERSION"));
            p.uint(u64::from(version >> 16));
            p.uint(u64::from((version >> 8) & 0xff));
            p.uint(u64::from(version & 0xff));
            p.close();
        },
    );
    p.field("capabilities");
    flags(p, V4L2_DEVICE_CAPABILITIES_FLAGS, u64::from(f.u32(84)), "V4L2_CAP_???");
    let device_caps = f.u32(88);
    if device_caps != 0 {
        p.field("device_caps");
        flags(p, V4L2_DEVICE_CAPABILITIES_FLAGS, u64::from(device_caps), "V4L2_CAP_???");
    }
    p.close();
}

/// The buffer type at the start of a crop request, read at entry; the structure is left open.
fn buf_type_struct<'a, P: Printer + ?Sized>(p: &mut P, ctx: &Ctx<'a>, size: usize) -> Option<Fields<'a>> {
    let f = object(p, ctx, When::In, size)?;
    p.open(Group::Struct);
    p.field("type");
    xval(p, V4L2_BUF_TYPES, u64::from(f.u32(0)), "V4L2_BUF_TYPE_???");
    Some(f)
}

/// The structure the call filled in, when it succeeded.
pub(super) fn filled<'a>(ctx: &Ctx<'a>, size: usize) -> Option<Fields<'a>> {
    ctx.ok_ret().and_then(|_| ctx.exit(2)).filter(|c| c.bytes.len() >= size).map(|c| Fields(&c.bytes))
}

/// VIDIOC_CROPCAP: the buffer type at entry; the bounds, default rectangle and pixel aspect at exit.
fn cropcap<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    if buf_type_struct(p, ctx, 44).is_none() {
        return;
    }
    p.exit_part_here();
    if let Some(f) = filled(ctx, 44) {
        p.field("bounds");
        rect(p, &f, 4);
        p.field("defrect");
        rect(p, &f, 20);
        p.field("pixelaspect");
        let (num, den) = (f.u32(36), f.u32(40));
        p.formatted(u64::from(num), &format!("{num}/{den}"));
    }
    p.close();
}

/// VIDIOC_G_CROP (the rectangle at exit) and VIDIOC_S_CROP (at entry).
fn crop<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, get: bool) {
    let Some(f) = buf_type_struct(p, ctx, 20) else { return };
    if get {
        p.exit_part_here();
        if let Some(f) = filled(ctx, 20) {
            p.field("c");
            rect(p, &f, 4);
        }
    } else {
        p.field("c");
        rect(p, &f, 4);
    }
    p.close();
}

/// A `struct v4l2_rect` at `at`.
pub(super) fn rect<P: Printer + ?Sized>(p: &mut P, f: &Fields, at: usize) {
    p.open(Group::Struct);
    p.field("left");
    p.int(i64::from(f.i32(at)));
    p.field("top");
    p.int(i64::from(f.i32(at + 4)));
    p.field("width");
    p.uint(u64::from(f.u32(at + 8)));
    p.field("height");
    p.uint(u64::from(f.u32(at + 12)));
    p.close();
}

/// A `struct v4l2_fract` at `at`: `30/1`.
pub(super) fn fract<P: Printer + ?Sized>(p: &mut P, f: &Fields, at: usize) {
    let (num, den) = (f.u32(at), f.u32(at + 4));
    p.formatted(u64::from(num), &format!("{num}/{den}"));
}

/// A four-character code (strace's `print_pixelformat`): `v4l2_fourcc('Y', 'U', 'Y', 'V') /*
/// V4L2_PIX_FMT_YUYV */`, the name from `table`; the number with `-X raw`.
pub(super) fn fourcc<P: Printer + ?Sized>(p: &mut P, value: u32, table: crate::decode::xlat::Xlat) {
    if p.style() == XlatStyle::Raw {
        p.hex(u64::from(value));
        return;
    }
    p.open(Group::Call("v4l2_fourcc"));
    for c in value.to_le_bytes() {
        p.formatted(u64::from(c), &char_literal(c));
    }
    p.close();
    if let Some(name) = lookup(table, u64::from(value)) {
        p.comment(name);
    }
}

/// A byte as a quoted C character (strace's `print_char` with `SCF_QUOTES`): `'a'`, `'\''`,
/// `'\xfa'`.
fn char_literal(c: u8) -> String {
    match c {
        b'\'' | b'\\' => format!("'\\{}'", char::from(c)),
        b' '..=b'~' => format!("'{}'", char::from(c)),
        _ => format!("'\\x{c:02x}'"),
    }
}

#[cfg(test)]
mod tests;
