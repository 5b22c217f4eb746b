//! Whole VIDIOC_* lines from hand-made captures, against what strace 6.1 prints for the same memory.

use tracer_common::event::Capture;
use tracer_common::record::capture_flags::AT_EXIT;

use super::char_literal;
use crate::decode::family::ioctl::tests::{line, styled};
use crate::decode::{Options, XlatStyle};

const EBADF: &str = "-1 EBADF (Bad file descriptor)";

/// `size` zero bytes with the `u32` `fields` (offset, value) written in.
fn obj(size: usize, fields: &[(usize, u32)]) -> Vec<u8> {
    let mut bytes = vec![0; size];
    for &(at, value) in fields {
        bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
    }
    bytes
}

fn both(bytes: Vec<u8>) -> Vec<Capture> {
    vec![Capture::new(2, 0, bytes.clone()), Capture::new(2, AT_EXIT, bytes)]
}

#[test]
fn fourcc_characters_are_quoted_as_c_chars() {
    assert_eq!(char_literal(b'Y'), "'Y'");
    assert_eq!(char_literal(b'\''), "'\\''");
    assert_eq!(char_literal(b'\\'), "'\\\\'");
    assert_eq!(char_literal(0xfa), "'\\xfa'");
}

#[test]
fn control_ids_by_name_class_or_unknown() {
    let g_ctrl = 0xc008_561b;
    for (id, text) in [
        (0x0098_0900, "V4L2_CID_BRIGHTNESS"),
        (0x0098_0000, "V4L2_CTRL_CLASS_USER+0"),
        (0x00a3_1234, "V4L2_CTRL_CLASS_DETECT+0x1234"),
        (0x0097_abcd, "0x97abcd /* V4L2_CID_??? */"),
    ] {
        let want = format!("ioctl(-1, VIDIOC_G_CTRL, {{id={text}}}) = {EBADF}");
        assert_eq!(line(g_ctrl, -9, both(obj(8, &[(0, id)]))), want);
    }
    let queryctrl = 0xc044_5624;
    let asked = obj(68, &[(0, 0x8098_0902)]);
    assert_eq!(
        line(queryctrl, -9, both(asked)),
        format!("ioctl(-1, VIDIOC_QUERYCTRL, {{id=V4L2_CTRL_FLAG_NEXT_CTRL|V4L2_CID_SATURATION}}) = {EBADF}")
    );
}

#[test]
fn set_format_shows_what_the_driver_chose() {
    let s_fmt = 0xc0d0_5605;
    let fourcc = u32::from_le_bytes(*b"YUYV");
    let entry = obj(208, &[(0, 9), (16, fourcc), (188, 1)]);
    let exit = obj(208, &[(0, 9), (8, 640), (16, fourcc), (188, 0)]);
    let captures = vec![Capture::new(2, 0, entry), Capture::new(2, AT_EXIT, exit)];
    let pix = "fmt.pix_mp={width=0, height=0, pixelformat=v4l2_fourcc('Y', 'U', 'Y', 'V') /* \
               V4L2_PIX_FMT_YUYV */, field=V4L2_FIELD_ANY, colorspace=V4L2_COLORSPACE_DEFAULT";
    assert_eq!(
        line(s_fmt, 0, captures),
        format!(
            "ioctl(-1, VIDIOC_S_FMT, {{type=V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE, {pix}, plane_fmt=[{{sizeimage=0, \
             bytesperline=0}}], num_planes=1}}}} => {{{}, plane_fmt=[], num_planes=0}}}}) = 0",
            pix.replace("width=0", "width=640")
        )
    );
}

#[test]
fn buffer_flags_split_into_flags_timestamp_type_and_source() {
    let dqbuf = 0xc058_5611;
    let buffer = obj(88, &[(4, 1), (12, 0x0001_2003), (60, 1), (64, 0x1000)]);
    let want =
        "ioctl(-1, VIDIOC_DQBUF, {type=V4L2_BUF_TYPE_VIDEO_CAPTURE, index=0, memory=V4L2_MEMORY_MMAP, \
                m.offset=0x1000, length=0, bytesused=0, flags=V4L2_BUF_FLAG_MAPPED|V4L2_BUF_FLAG_QUEUED|\
                V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC|V4L2_BUF_FLAG_TSTAMP_SRC_SOE, timestamp={tv_sec=0, \
                tv_usec=0}, ...}) = 0";
    assert_eq!(line(dqbuf, 0, both(buffer.clone())), want);
    let raw = styled(dqbuf, -9, both(buffer), &Options::default(), XlatStyle::Raw);
    assert_eq!(raw, format!("ioctl(-1, 0xc0585611, {{type=0x1}}) = {EBADF}"));
}

#[test]
fn create_bufs_returns_the_buffers_created() {
    let create = 0xc100_565c;
    let bufs = obj(256, &[(0, 3), (4, 2), (8, 1), (16, 0x55)]);
    assert_eq!(
        line(create, 0, both(bufs)),
        "ioctl(-1, VIDIOC_CREATE_BUFS, {count=2, memory=V4L2_MEMORY_MMAP, format={type=0x55 /* \
         V4L2_BUF_TYPE_??? */}}) = 0 ({index=3, count=2})"
    );
    // An unreadable request: the address, and a plain return.
    let short = vec![Capture::new(2, 0, vec![0; 100]), Capture::new(2, AT_EXIT, vec![0; 100])];
    assert_eq!(line(create, 0, short), "ioctl(-1, VIDIOC_CREATE_BUFS, 0x7ffc1e858d30) = 0");
}

#[test]
fn get_ext_controls_reports_the_failing_index() {
    let g_ext = 0xc020_5647;
    let mut ctrls = obj(32, &[(0, 0x0098_0000), (4, 2), (8, 1)]);
    ctrls[24..].copy_from_slice(&0xdead_0000u64.to_le_bytes());
    assert_eq!(
        line(g_ext, -9, both(ctrls)),
        format!(
            "ioctl(-1, VIDIOC_G_EXT_CTRLS, {{ctrl_class=V4L2_CTRL_CLASS_USER, count=2, controls=0xdead0000, \
             error_idx=1}}) = {EBADF}"
        )
    );
}

/// A deref capture of the clip list at `clips` (`struct v4l2_format` offset 32).
fn clip_part(flags: u8, bytes: Vec<u8>) -> Capture {
    let mut c = Capture::new(2, flags, bytes);
    c.part = tracer_common::capture::deref::part_for(32);
    c
}

#[test]
fn window_clip_lists_come_from_the_deref_captures() {
    use tracer_common::record::capture_flags::SHORT;
    let s_fmt = 0xc0d0_5605;
    let clips = 0x7f00_0000_0fd0_u64;
    let mut win = obj(208, &[(0, 3), (40, 3)]);
    win[32..40].copy_from_slice(&clips.to_le_bytes());
    let one = obj(24, &[(0, 1), (8, 5)]);
    let two = [one.clone(), obj(24, &[(4, 0xffff_fffe)])].concat();
    // Two of three clips readable: strace names where the list stops, and leaves the exit out.
    let mut captures = both(win.clone());
    captures.extend([clip_part(SHORT, two.clone()), clip_part(AT_EXIT | SHORT, two)]);
    let c = "{c={left=1, top=0, width=5, height=0}}, {c={left=0, top=-2, width=0, height=0}}";
    let w = "type=V4L2_BUF_TYPE_VIDEO_OVERLAY, fmt.win={w={left=0, top=0, width=0, height=0}, field=V4L2_FIELD_ANY, chromakey=0";
    assert_eq!(
        line(s_fmt, 0, captures),
        format!("ioctl(-1, VIDIOC_S_FMT, {{{w}, clips=[{c}, ... /* 0x7f0000001000 */], clipcount=3, bitmap=NULL}}}}) = 0")
    );
    // One clip, read whole: the format set follows ` => `.
    win[40..44].copy_from_slice(&1u32.to_le_bytes());
    let mut captures = both(win);
    captures.extend([clip_part(0, one.clone()), clip_part(AT_EXIT, one)]);
    let f = "fmt.win={w={left=0, top=0, width=0, height=0}, field=V4L2_FIELD_ANY, chromakey=0, clips=[{c={left=1, top=0, width=5, height=0}}], clipcount=1, bitmap=NULL}";
    assert_eq!(
        line(s_fmt, 0, captures),
        format!("ioctl(-1, VIDIOC_S_FMT, {{type=V4L2_BUF_TYPE_VIDEO_OVERLAY, {f}}} => {{{f}}}) = 0")
    );
    // Nothing readable: the address.
    let mut captures = both(obj(208, &[(0, 8), (32, 0x1000), (40, 2)]));
    captures.push(clip_part(tracer_common::record::capture_flags::READ_FAULT, Vec::new()));
    assert!(line(s_fmt, -9, captures).contains("clips=0x1000, clipcount=2"));
}
