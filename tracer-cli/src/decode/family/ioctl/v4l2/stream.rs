//! Buffers (VIDIOC_QUERYBUF, VIDIOC_QBUF, VIDIOC_DQBUF), the frame buffer (VIDIOC_G_FBUF,
//! VIDIOC_S_FBUF), streaming parameters (VIDIOC_G_PARM, VIDIOC_S_PARM), tuners and the
//! enumerations of standards, inputs, frame sizes and frame intervals.

use super::{filled, fourcc, fract};
use crate::decode::family::ioctl::arg::{object, When};
use crate::decode::fields::Fields;
use crate::decode::printer::{Group, Printer, XlatStyle};
use crate::decode::tables::{
    V4L2_BUF_FLAGS, V4L2_BUF_FLAGS_TS_SRC, V4L2_BUF_FLAGS_TS_TYPE, V4L2_BUF_TYPES, V4L2_CAPTURE_MODES,
    V4L2_FRAMEINTERVAL_TYPES, V4L2_FRAMESIZE_TYPES, V4L2_INPUT_TYPES, V4L2_MEMORIES, V4L2_PIX_FMTS,
    V4L2_STREAMING_CAPABILITIES, V4L2_TUNER_AUDMODES, V4L2_TUNER_CAPABILITIES, V4L2_TUNER_RXSUBCHANSES,
    V4L2_TUNER_TYPES,
};
use crate::decode::xlat::{flags, xval};
use crate::decode::{strings, Ctx};

pub(super) const QUERYBUF: u32 = 0xc058_5609;
pub(super) const QBUF: u32 = 0xc058_560f;
pub(super) const DQBUF: u32 = 0xc058_5611;
pub(super) const G_FBUF: u32 = 0x8030_560a;
pub(super) const S_FBUF: u32 = 0x4030_560b;
pub(super) const G_PARM: u32 = 0xc0cc_5615;
pub(super) const S_PARM: u32 = 0xc0cc_5616;
pub(super) const ENUMSTD: u32 = 0xc048_5619;
pub(super) const ENUMINPUT: u32 = 0xc050_561a;
pub(super) const G_TUNER: u32 = 0xc054_561d;
pub(super) const S_TUNER: u32 = 0x4054_561e;
pub(super) const ENUM_FRAMESIZES: u32 = 0xc02c_564a;
pub(super) const ENUM_FRAMEINTERVALS: u32 = 0xc034_564b;

/// Bytes of `struct v4l2_buffer` (64-bit timeval).
const BUFFER_SIZE: usize = 88;
const FRAMEBUFFER_SIZE: usize = 48;
const STREAMPARM_SIZE: usize = 204;
const STANDARD_SIZE: usize = 72;
const INPUT_SIZE: usize = 80;
const TUNER_SIZE: usize = 84;
const FRMSIZEENUM_SIZE: usize = 44;
const FRMIVALENUM_SIZE: usize = 52;

/// `V4L2_MEMORY_MMAP` and `V4L2_MEMORY_USERPTR`.
const MEMORY_MMAP: u32 = 1;
const MEMORY_USERPTR: u32 = 2;
/// `V4L2_BUF_FLAG_TIMESTAMP_MASK` and `V4L2_BUF_FLAG_TSTAMP_SRC_MASK`.
const TIMESTAMP_MASK: u32 = 0xe000;
const TSTAMP_SRC_MASK: u32 = 0x7_0000;

/// `name=N` fields, unsigned 32-bit, at the given offsets.
fn uints<P: Printer + ?Sized>(p: &mut P, f: &Fields, list: &[(&str, usize)]) {
    for &(name, at) in list {
        p.field(name);
        p.uint(u64::from(f.u32(at)));
    }
}

/// A buffer: type (and, but for VIDIOC_DQBUF, index) at entry; the rest after a success.
pub(super) fn buffer<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, dequeue: bool) {
    let Some(f) = object(p, ctx, When::In, BUFFER_SIZE) else { return };
    p.open(Group::Struct);
    p.field("type");
    xval(p, V4L2_BUF_TYPES, u64::from(f.u32(4)), "V4L2_BUF_TYPE_???");
    if !dequeue {
        uints(p, &f, &[("index", 0)]);
    }
    p.exit_part_here();
    if let Some(f) = filled(ctx, BUFFER_SIZE) {
        if dequeue {
            uints(p, &f, &[("index", 0)]);
        }
        let memory = f.u32(60);
        p.field("memory");
        xval(p, V4L2_MEMORIES, u64::from(memory), "V4L2_MEMORY_???");
        if memory == MEMORY_MMAP {
            p.field("m.offset");
            p.hex(u64::from(f.u32(64)));
        } else if memory == MEMORY_USERPTR {
            p.field("m.userptr");
            p.addr(f.u64(64));
        }
        uints(p, &f, &[("length", 72), ("bytesused", 8)]);
        p.field("flags");
        buffer_flags(p, f.u32(12));
        if dequeue {
            p.field("timestamp");
            p.open(Group::Struct);
            p.field("tv_sec");
            p.int(f.i64(24));
            p.field("tv_usec");
            p.uint(f.u64(32));
            p.close();
        }
        p.more();
    }
    p.close();
}

/// A buffer's flags: the flags, then the timestamp type and source, which are values, not bits.
fn buffer_flags<P: Printer + ?Sized>(p: &mut P, value: u32) {
    if p.style() == XlatStyle::Raw {
        p.hex(u64::from(value));
        return;
    }
    let (ts_type, ts_src) = (value & TIMESTAMP_MASK, value & TSTAMP_SRC_MASK);
    let rest = value & !ts_type & !ts_src;
    p.open(Group::Or);
    if rest != 0 {
        flags(p, V4L2_BUF_FLAGS, u64::from(rest), "V4L2_BUF_FLAG_???");
    }
    xval(p, V4L2_BUF_FLAGS_TS_TYPE, u64::from(ts_type), "V4L2_BUF_FLAG_TIMESTAMP_???");
    xval(p, V4L2_BUF_FLAGS_TS_SRC, u64::from(ts_src), "V4L2_BUF_FLAG_TSTAMP_SRC_???");
    p.close();
}

/// VIDIOC_G_FBUF (at exit) and VIDIOC_S_FBUF: capability, flags and base address.
pub(super) fn framebuffer<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, get: bool) {
    let when = if get {
        p.exit_part();
        When::Out
    } else {
        When::In
    };
    let Some(f) = object(p, ctx, when, FRAMEBUFFER_SIZE) else { return };
    p.open(Group::Struct);
    p.field("capability");
    p.hex(u64::from(f.u32(0)));
    p.field("flags");
    p.hex(u64::from(f.u32(4)));
    p.field("base");
    p.addr(f.u64(8));
    p.close();
}

/// `V4L2_BUF_TYPE_VIDEO_CAPTURE` and `V4L2_BUF_TYPE_VIDEO_OUTPUT`, the types with parameters.
const VIDEO_CAPTURE: u32 = 1;
const VIDEO_OUTPUT: u32 = 2;

/// VIDIOC_G_PARM and VIDIOC_S_PARM: the type, and for video capture and output the parameters.
pub(super) fn streamparm<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, get: bool) {
    let Some(f) = object(p, ctx, When::In, STREAMPARM_SIZE) else { return };
    let buf_type = f.u32(0);
    let known = buf_type == VIDEO_CAPTURE || buf_type == VIDEO_OUTPUT;
    if !get && known {
        p.open(Group::Changed);
    }
    p.open(Group::Struct);
    p.field("type");
    xval(p, V4L2_BUF_TYPES, u64::from(buf_type), "V4L2_BUF_TYPE_???");
    if !known {
        p.close();
        return;
    }
    if !get {
        parm(p, &f);
    }
    p.exit_part_here();
    let after = filled(ctx, STREAMPARM_SIZE);
    if get {
        if let Some(f) = after {
            parm(p, &f);
        }
        p.close();
    } else {
        p.close();
        if let Some(f) = after {
            p.open(Group::Struct);
            parm(p, &f);
            p.close();
        }
        p.close();
    }
}

/// `parm.capture={...}` or `parm.output={...}`, by the type in `f`.
fn parm<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    let capture = f.u32(0) == VIDEO_CAPTURE;
    p.field(if capture { "parm.capture" } else { "parm.output" });
    p.open(Group::Struct);
    p.field("capability");
    flags(p, V4L2_STREAMING_CAPABILITIES, u64::from(f.u32(4)), "V4L2_CAP_???");
    p.field(if capture { "capturemode" } else { "outputmode" });
    flags(p, V4L2_CAPTURE_MODES, u64::from(f.u32(8)), "V4L2_MODE_???");
    p.field("timeperframe");
    fract(p, f, 12);
    p.field("extendedmode");
    p.hex(u64::from(f.u32(20)));
    uints(p, f, &[(if capture { "readbuffers" } else { "writebuffers" }, 24)]);
    p.close();
}

/// VIDIOC_ENUMSTD: the index at entry; name, frame period and lines at exit.
pub(super) fn standard<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let Some(f) = object(p, ctx, When::In, STANDARD_SIZE) else { return };
    p.open(Group::Struct);
    uints(p, &f, &[("index", 0)]);
    p.exit_part_here();
    if let Some(f) = filled(ctx, STANDARD_SIZE) {
        p.field("name");
        strings::char_array(p, &f.0[16..40]);
        p.field("frameperiod");
        fract(p, &f, 40);
        uints(p, &f, &[("framelines", 48)]);
    }
    p.close();
}

/// VIDIOC_ENUMINPUT: the index at entry; name and type at exit.
pub(super) fn input<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let Some(f) = object(p, ctx, When::In, INPUT_SIZE) else { return };
    p.open(Group::Struct);
    uints(p, &f, &[("index", 0)]);
    p.exit_part_here();
    if let Some(f) = filled(ctx, INPUT_SIZE) {
        p.field("name");
        strings::char_array(p, &f.0[4..36]);
        p.field("type");
        xval(p, V4L2_INPUT_TYPES, u64::from(f.u32(36)), "V4L2_INPUT_TYPE_???");
    }
    p.close();
}

/// VIDIOC_G_TUNER (the index at entry, the tuner at exit) and VIDIOC_S_TUNER (the tuner at entry,
/// ` => ` as the driver left it).
pub(super) fn tuner<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, get: bool) {
    let Some(f) = object(p, ctx, When::In, TUNER_SIZE) else { return };
    let after = filled(ctx, TUNER_SIZE);
    if get {
        p.open(Group::Struct);
        uints(p, &f, &[("index", 0)]);
        p.exit_part_here();
        if let Some(f) = after {
            tuner_fields(p, &f);
        }
        p.close();
        return;
    }
    p.open(Group::Changed);
    p.open(Group::Struct);
    uints(p, &f, &[("index", 0)]);
    tuner_fields(p, &f);
    p.exit_part_here();
    p.close();
    if let Some(f) = after {
        p.open(Group::Struct);
        tuner_fields(p, &f);
        p.close();
    }
    p.close();
}

/// A tuner's fields after its index.
fn tuner_fields<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    p.field("name");
    strings::char_array(p, &f.0[4..36]);
    p.field("type");
    xval(p, V4L2_TUNER_TYPES, u64::from(f.u32(36)), "V4L2_TUNER_???");
    p.field("capability");
    flags(p, V4L2_TUNER_CAPABILITIES, u64::from(f.u32(40)), "V4L2_TUNER_CAP_???");
    uints(p, f, &[("rangelow", 44), ("rangehigh", 48)]);
    p.field("rxsubchans");
    flags(p, V4L2_TUNER_RXSUBCHANSES, u64::from(f.u32(52)), "V4L2_TUNER_SUB_???");
    p.field("audmode");
    xval(p, V4L2_TUNER_AUDMODES, u64::from(f.u32(56)), "V4L2_TUNER_MODE_???");
    p.field("signal");
    p.int(i64::from(f.i32(60)));
    p.field("afc");
    p.int(i64::from(f.i32(64)));
}

/// VIDIOC_ENUM_FRAMESIZES: index and pixel format at entry; the size (discrete or stepwise) at exit.
pub(super) fn frmsizeenum<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let Some(f) = object(p, ctx, When::In, FRMSIZEENUM_SIZE) else { return };
    p.open(Group::Struct);
    uints(p, &f, &[("index", 0)]);
    p.field("pixel_format");
    fourcc(p, f.u32(4), V4L2_PIX_FMTS);
    p.exit_part_here();
    if let Some(f) = filled(ctx, FRMSIZEENUM_SIZE) {
        let kind = f.u32(8);
        p.field("type");
        xval(p, V4L2_FRAMESIZE_TYPES, u64::from(kind), "V4L2_FRMSIZE_TYPE_???");
        let names: &[(&str, usize)] = match kind {
            1 => &[("width", 12), ("height", 16)],
            3 => &[
                ("min_width", 12),
                ("max_width", 16),
                ("step_width", 20),
                ("min_height", 24),
                ("max_height", 28),
                ("step_height", 32),
            ],
            _ => &[],
        };
        if !names.is_empty() {
            p.field(if kind == 1 { "discrete" } else { "stepwise" });
            p.open(Group::Struct);
            uints(p, &f, names);
            p.close();
        }
    }
    p.close();
}

/// VIDIOC_ENUM_FRAMEINTERVALS: index, pixel format and size at entry; the interval at exit.
pub(super) fn frmivalenum<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let Some(f) = object(p, ctx, When::In, FRMIVALENUM_SIZE) else { return };
    p.open(Group::Struct);
    uints(p, &f, &[("index", 0)]);
    p.field("pixel_format");
    fourcc(p, f.u32(4), V4L2_PIX_FMTS);
    uints(p, &f, &[("width", 8), ("height", 12)]);
    p.exit_part_here();
    if let Some(f) = filled(ctx, FRMIVALENUM_SIZE) {
        let kind = f.u32(16);
        p.field("type");
        xval(p, V4L2_FRAMEINTERVAL_TYPES, u64::from(kind), "V4L2_FRMIVAL_TYPE_???");
        match kind {
            1 => {
                p.field("discrete");
                fract(p, &f, 20);
            }
            2 | 3 => {
                p.field("stepwise");
                p.open(Group::Struct);
                for (name, at) in [("min", 20), ("max", 28), ("step", 36)] {
                    p.field(name);
                    fract(p, &f, at);
                }
                p.close();
            }
            _ => {}
        }
    }
    p.close();
}
