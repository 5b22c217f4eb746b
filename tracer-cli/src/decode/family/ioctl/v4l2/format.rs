//! Formats: VIDIOC_ENUM_FMT's description, the `struct v4l2_format` of VIDIOC_G_FMT, VIDIOC_S_FMT
//! and VIDIOC_TRY_FMT (its union member chosen by the buffer type), and VIDIOC_CREATE_BUFS.

use super::{filled, fourcc, rect};
use crate::decode::arrays::{self, Array};
use crate::decode::family::ioctl::arg::{local_array, object, When};
use crate::decode::fields::Fields;
use crate::decode::printer::{Group, Printer};
use crate::decode::tables::{
    V4L2_BUF_TYPES, V4L2_COLORSPACES, V4L2_FIELDS, V4L2_FORMAT_DESCRIPTION_FLAGS, V4L2_MEMORIES,
    V4L2_META_FMTS, V4L2_PIX_FMTS, V4L2_SDR_FMTS, V4L2_SLICED_FLAGS, V4L2_VBI_FLAGS,
};
use crate::decode::xlat::{flags, xval};
use crate::decode::{strings, Ctx};
use tracer_common::capture::deref;
use tracer_common::event::Capture;

pub(super) const ENUM_FMT: u32 = 0xc040_5602;
pub(super) const G_FMT: u32 = 0xc0d0_5604;
pub(super) const S_FMT: u32 = 0xc0d0_5605;
pub(super) const TRY_FMT: u32 = 0xc0d0_5640;
pub(super) const CREATE_BUFS: u32 = 0xc100_565c;

/// Bytes of `struct v4l2_fmtdesc`.
const FMTDESC_SIZE: usize = 64;
/// Bytes of `struct v4l2_format`; its union `fmt` starts at [`FMT_AT`].
const FORMAT_SIZE: usize = 208;
const FMT_AT: usize = 8;
/// Bytes of `struct v4l2_create_buffers`; its `format` starts at [`CREATE_FORMAT_AT`].
const CREATE_BUFS_SIZE: usize = 256;
const CREATE_FORMAT_AT: usize = 16;
/// `fmt.win.clips` (a pointer) within `struct v4l2_format` (the deref rows capture the list).
const CLIPS_AT: u16 = 32;
/// Bytes of `struct v4l2_clip` (a rectangle, then a pointer to the next clip, 8-aligned).
const CLIP_SIZE: usize = 24;

/// The deref capture of the clip list of the `struct v4l2_format` at `at` of the argument, at
/// entry or (`exit`) at exit.
fn clips<'a>(ctx: &Ctx<'a>, at: usize, exit: bool) -> Option<&'a Capture> {
    let part = deref::part_for(CLIPS_AT + at as u16);
    if exit {
        ctx.exit_part(2, part)
    } else {
        ctx.entry_part(2, part)
    }
}

/// VIDIOC_ENUM_FMT: index and type at entry; flags, description and pixel format at exit.
pub(super) fn fmtdesc<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let Some(f) = object(p, ctx, When::In, FMTDESC_SIZE) else { return };
    p.open(Group::Struct);
    p.field("index");
    p.uint(u64::from(f.u32(0)));
    p.field("type");
    xval(p, V4L2_BUF_TYPES, u64::from(f.u32(4)), "V4L2_BUF_TYPE_???");
    p.exit_part_here();
    if let Some(f) = filled(ctx, FMTDESC_SIZE) {
        p.field("flags");
        flags(p, V4L2_FORMAT_DESCRIPTION_FLAGS, u64::from(f.u32(8)), "V4L2_FMT_FLAG_???");
        p.field("description");
        strings::char_array(p, &f.0[12..44]);
        p.field("pixelformat");
        fourcc(p, f.u32(44), V4L2_PIX_FMTS);
    }
    p.close();
}

/// VIDIOC_G_FMT (the type at entry, the format at exit), VIDIOC_S_FMT and VIDIOC_TRY_FMT (the
/// format at entry, ` => ` the one the driver chose).
pub(super) fn format<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, get: bool) {
    let Some(f) = object(p, ctx, When::In, FORMAT_SIZE) else { return };
    if get {
        p.open(Group::Struct);
        buf_type(p, &f, 0);
        p.exit_part_here();
        if let Some(f) = filled(ctx, FORMAT_SIZE) {
            fmt(p, ctx, &f, 0, clips(ctx, 0, true));
        }
        p.close();
        return;
    }
    p.open(Group::Changed);
    p.open(Group::Struct);
    buf_type(p, &f, 0);
    let whole = fmt(p, ctx, &f, 0, clips(ctx, 0, false));
    if whole {
        p.exit_part_here();
    }
    p.close();
    if let Some(f) = filled(ctx, FORMAT_SIZE).filter(|_| whole) {
        if fmt_kind(f.u32(0)).is_some() {
            p.open(Group::Struct);
            fmt(p, ctx, &f, 0, clips(ctx, 0, true));
            p.close();
        }
    }
    p.close();
}

/// VIDIOC_CREATE_BUFS at entry: the count, memory and format asked for.
pub(super) fn create_bufs<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let Some(f) = object(p, ctx, When::In, CREATE_BUFS_SIZE) else { return };
    p.open(Group::Struct);
    p.field("count");
    p.uint(u64::from(f.u32(4)));
    p.field("memory");
    xval(p, V4L2_MEMORIES, u64::from(f.u32(8)), "V4L2_MEMORY_???");
    p.field("format");
    p.open(Group::Struct);
    buf_type(p, &f, CREATE_FORMAT_AT);
    fmt(p, ctx, &f, CREATE_FORMAT_AT, clips(ctx, CREATE_FORMAT_AT, false));
    p.close();
    p.close();
}

/// VIDIOC_CREATE_BUFS's successful return: `42 ({index=0, count=2})`, the buffers created; a plain
/// number when the request was not readable at entry (strace decodes no further then).
pub(super) fn create_bufs_ret<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, ret: i64) -> bool {
    let asked = ctx.arg(2) != 0 && ctx.entry(2).is_some_and(|c| c.bytes.len() >= CREATE_BUFS_SIZE);
    let Some(f) = filled(ctx, 8).filter(|_| asked) else { return false };
    p.int(ret);
    p.open(Group::Note);
    p.open(Group::Struct);
    p.field("index");
    p.uint(u64::from(f.u32(0)));
    p.field("count");
    p.uint(u64::from(f.u32(4)));
    p.close();
    p.close();
    true
}

/// `type=` of the `struct v4l2_format` at `at`.
fn buf_type<P: Printer + ?Sized>(p: &mut P, f: &Fields, at: usize) {
    p.field("type");
    xval(p, V4L2_BUF_TYPES, u64::from(f.u32(at)), "V4L2_BUF_TYPE_???");
}

/// The union members of `struct v4l2_format`'s `fmt`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Pix,
    PixMp,
    Win,
    Vbi,
    Sliced,
    Sdr,
    Meta,
}

/// The member a buffer type uses; None for a type strace does not decode.
fn fmt_kind(buf_type: u32) -> Option<Kind> {
    Some(match buf_type {
        1 | 2 => Kind::Pix,
        9 | 10 => Kind::PixMp,
        3 | 8 => Kind::Win,
        4 | 5 => Kind::Vbi,
        6 | 7 => Kind::Sliced,
        11 | 12 => Kind::Sdr,
        13 | 14 => Kind::Meta,
        _ => return None,
    })
}

/// `fmt.pix={...}` for the `struct v4l2_format` at `at` (strace's `print_v4l2_format_fmt`); false
/// when the type has no member strace decodes, or the window's clips were not printed whole
/// (`clips`: the deref capture of the window's clip list).
fn fmt<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, f: &Fields, at: usize, clips: Option<&Capture>) -> bool {
    let Some(kind) = fmt_kind(f.u32(at)) else { return false };
    let u = Fields(f.0.get(at + FMT_AT..).unwrap_or_default());
    p.field(match kind {
        Kind::Pix => "fmt.pix",
        Kind::PixMp => "fmt.pix_mp",
        Kind::Win => "fmt.win",
        Kind::Vbi => "fmt.vbi",
        Kind::Sliced => "fmt.sliced",
        Kind::Sdr => "fmt.sdr",
        Kind::Meta => "fmt.meta",
    });
    p.open(Group::Struct);
    let whole = match kind {
        Kind::Pix => pix(p, &u),
        Kind::PixMp => pix_mp(p, ctx, &u),
        Kind::Win => win(p, ctx, &u, clips),
        Kind::Vbi => vbi(p, &u),
        Kind::Sliced => sliced(p, &u),
        Kind::Sdr => {
            p.field("pixelformat");
            fourcc(p, u.u32(0), V4L2_SDR_FMTS);
            if u.u32(4) != 0 {
                p.field("buffersize");
                p.uint(u64::from(u.u32(4)));
            }
            true
        }
        Kind::Meta => {
            p.field("dataformat");
            fourcc(p, u.u32(0), V4L2_META_FMTS);
            p.field("buffersize");
            p.uint(u64::from(u.u32(4)));
            true
        }
    };
    p.close();
    whole
}

/// `name=N` fields, unsigned 32-bit, at the given offsets.
fn uints<P: Printer + ?Sized>(p: &mut P, f: &Fields, list: &[(&str, usize)]) {
    for &(name, at) in list {
        p.field(name);
        p.uint(u64::from(f.u32(at)));
    }
}

/// `field=V4L2_FIELD_NONE`, the field order at `at`.
fn field_order<P: Printer + ?Sized>(p: &mut P, f: &Fields, at: usize) {
    p.field("field");
    xval(p, V4L2_FIELDS, u64::from(f.u32(at)), "V4L2_FIELD_???");
}

/// `colorspace=V4L2_COLORSPACE_SRGB`, the colorspace at `at`.
fn colorspace<P: Printer + ?Sized>(p: &mut P, f: &Fields, at: usize) {
    p.field("colorspace");
    xval(p, V4L2_COLORSPACES, u64::from(f.u32(at)), "V4L2_COLORSPACE_???");
}

/// `struct v4l2_pix_format`.
fn pix<P: Printer + ?Sized>(p: &mut P, u: &Fields) -> bool {
    uints(p, u, &[("width", 0), ("height", 4)]);
    p.field("pixelformat");
    fourcc(p, u.u32(8), V4L2_PIX_FMTS);
    field_order(p, u, 12);
    uints(p, u, &[("bytesperline", 16), ("sizeimage", 20)]);
    colorspace(p, u, 24);
    true
}

/// `struct v4l2_pix_format_mplane`: its planes up to `num_planes`.
fn pix_mp<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, u: &Fields) -> bool {
    uints(p, u, &[("width", 0), ("height", 4)]);
    p.field("pixelformat");
    fourcc(p, u.u32(8), V4L2_PIX_FMTS);
    field_order(p, u, 12);
    colorspace(p, u, 16);
    let planes = u.u8(180);
    p.field("plane_fmt");
    local_array(p, ctx, u.0.get(20..180).unwrap_or_default(), 20, u64::from(planes), |p, e| {
        p.open(Group::Struct);
        uints(p, &e, &[("sizeimage", 0), ("bytesperline", 4)]);
        p.close();
    });
    p.field("num_planes");
    p.uint(u64::from(planes));
    true
}

/// `struct v4l2_window`, its clip list from the deref capture `clips` as strace's `print_array`
/// shows it; the result is `print_array`'s: whether the list was printed to its end (or cut at
/// `-s` elements).
fn win<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, u: &Fields, clips: Option<&Capture>) -> bool {
    p.field("w");
    rect(p, u, 0);
    field_order(p, u, 16);
    p.field("chromakey");
    p.hex(u64::from(u.u32(20)));
    p.field("clips");
    let (addr, count) = (u.u64(24), u.u32(32));
    let arr = Array { addr, count: u64::from(count), elem: CLIP_SIZE, capture: clips };
    let whole = printed_whole(ctx, arr);
    arrays::print(p, ctx, arr, |p, b| {
        p.open(Group::Struct);
        p.field("c");
        rect(p, &Fields(b), 0);
        p.close();
    });
    p.field("clipcount");
    p.uint(u64::from(count));
    p.field("bitmap");
    p.addr(u.u64(40));
    if u.u8(48) != 0 {
        p.field("global_alpha");
        p.hex(u64::from(u.u8(48)));
    }
    whole
}

/// Whether strace's `print_array` reaches the end of `arr`: false when NULL, empty, unreadable or
/// stopped by an unreadable element; true when every element shown (and, when cut at `-s`, the
/// next one, which strace reads before cutting) was copied, or the copy hit its cap.
fn printed_whole(ctx: &Ctx, arr: Array) -> bool {
    let elem = arr.elem.max(1) as u64;
    let fits = arr.count.checked_mul(elem).and_then(|n| arr.addr.checked_add(n)).is_some();
    let Some(c) = arr.capture.filter(|c| !c.read_fault()) else { return false };
    if arr.addr == 0 || arr.count == 0 || !fits {
        return false;
    }
    if c.truncated() {
        return true;
    }
    let available = c.bytes.len() as u64 / elem;
    let shown = if ctx.verbose { arr.count } else { arr.count.min(u64::from(ctx.strlen)) };
    if shown < arr.count {
        available > shown
    } else {
        available >= arr.count
    }
}

/// `struct v4l2_vbi_format`.
fn vbi<P: Printer + ?Sized>(p: &mut P, u: &Fields) -> bool {
    uints(p, u, &[("sampling_rate", 0), ("offset", 4), ("samples_per_line", 8)]);
    p.field("sample_format");
    fourcc(p, u.u32(12), V4L2_PIX_FMTS);
    p.field("start");
    p.open(Group::Array);
    p.int(i64::from(u.i32(16)));
    p.int(i64::from(u.i32(20)));
    p.close();
    p.field("count");
    p.open(Group::Array);
    p.uint(u64::from(u.u32(24)));
    p.uint(u64::from(u.u32(28)));
    p.close();
    p.field("flags");
    flags(p, V4L2_VBI_FLAGS, u64::from(u.u32(32)), "V4L2_VBI_???");
    true
}

/// `struct v4l2_sliced_vbi_format`: the 2 × 24 service lines in full.
fn sliced<P: Printer + ?Sized>(p: &mut P, u: &Fields) -> bool {
    p.field("service_set");
    flags(p, V4L2_SLICED_FLAGS, u64::from(u.u16(0)), "V4L2_SLICED_???");
    p.field("service_lines");
    p.open(Group::Array);
    for field in 0..2 {
        p.open(Group::Array);
        for line in 0..24 {
            p.hex(u64::from(u.u16(2 + (field * 24 + line) * 2)));
        }
        p.close();
    }
    p.close();
    p.field("io_size");
    p.uint(u64::from(u.u32(100)));
    true
}
