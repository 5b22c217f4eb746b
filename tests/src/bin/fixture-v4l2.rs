//! Video4Linux2 requests on descriptor -1 (every call fails with EBADF): the buffer type of
//! VIDIOC_STREAMON/STREAMOFF, the standard of VIDIOC_S_STD and VIDIOC_G_STD, the input of
//! VIDIOC_S_INPUT and VIDIOC_G_INPUT, VIDIOC_REQBUFS's request, VIDIOC_QUERYCAP, the crop requests
//! (mode `requests`); formats, buffers, parameters, tuners, controls and enumerations (mode
//! `structs`); NULL and unreadable arguments; window formats with clip lists: whole, longer than
//! `-s`, running into an unreadable page, unreadable, in VIDIOC_G/S/TRY_FMT and VIDIOC_CREATE_BUFS
//! (mode `clips`).
//! Usage: fixture-v4l2 MODE (`requests`, `structs`, `clips`).

use tracer_tests::edges;

const QUERYCAP: u64 = 0x8068_5600;
const CROPCAP: u64 = 0xc02c_563a;
const G_CROP: u64 = 0xc014_563b;
const S_CROP: u64 = 0x4014_563c;
const REQBUFS: u64 = 0xc014_5608;
const STREAMON: u64 = 0x4004_5612;
const STREAMOFF: u64 = 0x4004_5613;
const G_STD: u64 = 0x8008_5617;
const S_STD: u64 = 0x4008_5618;
const G_INPUT: u64 = 0x8004_5626;
const S_INPUT: u64 = 0xc004_5627;

fn ioctl(code: u64, arg: u64) {
    // SAFETY: an ioctl on descriptor -1: it fails with EBADF before touching `arg`.
    unsafe { libc::syscall(libc::SYS_ioctl, -1, code, arg) };
}

fn requests() {
    let page_end = edges::page_end();
    let capture: u32 = 1;
    let unknown: u32 = 0xfffe_fdfc;
    let std_id: u64 = 0xb000;
    let input: u32 = 3;
    // struct v4l2_requestbuffers: count, type, memory, capabilities, flags and reserved.
    let reqbufs: [u32; 5] = [4, 9, 1, 0, 0];
    let odd_reqbufs: [u32; 5] = [0xefee_edec, 0xf3f2_f1f0, 0xf7f6_f5f4, 0, 0];
    // struct v4l2_capability: driver, card, bus_info, version, capabilities, device_caps.
    let mut caps = [0u8; 104];
    caps[..6].copy_from_slice(b"vivid\0");
    caps[16..48].fill(b'c');
    caps[48..56].copy_from_slice(b"platform");
    caps[80..84].copy_from_slice(&0x0005_0f02u32.to_le_bytes());
    caps[84..88].copy_from_slice(&0x8520_0001u32.to_le_bytes());
    caps[88..92].copy_from_slice(&0x0520_0001u32.to_le_bytes());
    for code in [STREAMON, STREAMOFF] {
        ioctl(code, 0);
        ioctl(code, &raw const capture as u64);
        ioctl(code, &raw const unknown as u64);
        ioctl(code, page_end - 2);
    }
    ioctl(S_STD, 0);
    ioctl(S_STD, &raw const std_id as u64);
    ioctl(G_STD, 0);
    ioctl(G_STD, &raw const std_id as u64);
    ioctl(S_INPUT, 0);
    ioctl(S_INPUT, &raw const input as u64);
    ioctl(S_INPUT, &raw const unknown as u64);
    ioctl(G_INPUT, &raw const input as u64);
    ioctl(QUERYCAP, 0);
    ioctl(QUERYCAP, caps.as_ptr() as u64);
    ioctl(REQBUFS, 0);
    ioctl(REQBUFS, &raw const reqbufs as u64);
    ioctl(REQBUFS, &raw const odd_reqbufs as u64);
    ioctl(REQBUFS, page_end - 8);
    // struct v4l2_cropcap (type, bounds, defrect, pixelaspect) and struct v4l2_crop (type, c).
    let cropcap: [u32; 11] = [1, 0xffff_fff0, 8, 640, 480, 0, 0, 320, 240, 54, 59];
    let crop: [u32; 5] = [2, 1, 2, 0xffff_ffff, 100];
    ioctl(CROPCAP, 0);
    ioctl(CROPCAP, &raw const cropcap as u64);
    ioctl(G_CROP, &raw const crop as u64);
    ioctl(S_CROP, &raw const crop as u64);
    ioctl(S_CROP, page_end - 4);
}

const ENUM_FMT: u64 = 0xc040_5602;
const G_FMT: u64 = 0xc0d0_5604;
const S_FMT: u64 = 0xc0d0_5605;
const TRY_FMT: u64 = 0xc0d0_5640;
const QUERYBUF: u64 = 0xc058_5609;
const QBUF: u64 = 0xc058_560f;
const DQBUF: u64 = 0xc058_5611;
const G_FBUF: u64 = 0x8030_560a;
const S_FBUF: u64 = 0x4030_560b;
const G_PARM: u64 = 0xc0cc_5615;
const S_PARM: u64 = 0xc0cc_5616;
const ENUMSTD: u64 = 0xc048_5619;
const ENUMINPUT: u64 = 0xc050_561a;
const G_CTRL: u64 = 0xc008_561b;
const S_CTRL: u64 = 0xc008_561c;
const G_TUNER: u64 = 0xc054_561d;
const S_TUNER: u64 = 0x4054_561e;
const QUERYCTRL: u64 = 0xc044_5624;
const QUERY_EXT_CTRL: u64 = 0xc0e8_5667;
const G_EXT_CTRLS: u64 = 0xc020_5647;
const S_EXT_CTRLS: u64 = 0xc020_5648;
const ENUM_FRAMESIZES: u64 = 0xc02c_564a;
const ENUM_FRAMEINTERVALS: u64 = 0xc034_564b;
const CREATE_BUFS: u64 = 0xc100_565c;

/// `size` bytes counting up from `seed`, with `fields` (offset, little-endian u32) written in.
fn filled(size: usize, seed: u8, fields: &[(usize, u32)]) -> Vec<u8> {
    let mut bytes: Vec<u8> = (0..size).map(|i| seed.wrapping_add(i as u8)).collect();
    for &(at, value) in fields {
        bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
    }
    bytes
}

/// Each request with NULL, with the structures built from `cases`, and with an address whose
/// structure runs into an unreadable page.
fn each(code: u64, size: usize, cases: &[Vec<u8>]) {
    ioctl(code, 0);
    for case in cases {
        assert_eq!(case.len(), size);
        ioctl(code, case.as_ptr() as u64);
    }
    ioctl(code, edges::page_end() - size as u64 + 1);
}

fn structs() {
    let fourcc = u32::from_le_bytes(*b"YUYV");
    let odd = u32::from_le_bytes([b'\'', b'\\', 0xfa, b'A']);
    each(ENUM_FMT, 64, &[filled(64, 0x40, &[(0, 3), (4, 1), (8, 3), (44, fourcc)])]);
    // struct v4l2_format for each union member, a window without clips, and an unknown type.
    let mut formats = Vec::new();
    for (buf_type, extra) in [
        (1, vec![(16, fourcc), (20, 1), (32, 8)]),
        (10, vec![(16, odd), (20, 4), (24, 3), (188, 2)]),
        (3, vec![(32, 0), (36, 0), (40, 0), (44, 0), (56, 0x7f)]),
        (8, vec![(40, 0)]),
        (4, vec![(20, fourcc), (40, 3)]),
        (7, vec![(8, 0x0401)]),
        (11, vec![(8, u32::from_le_bytes(*b"CU08")), (12, 0)]),
        (13, vec![(8, u32::from_le_bytes(*b"VIVD"))]),
        (0x7f, vec![]),
    ] {
        let mut fields = vec![(0, buf_type)];
        fields.extend(extra);
        formats.push(filled(208, 0x80, &fields));
    }
    for code in [G_FMT, S_FMT, TRY_FMT] {
        each(code, 208, &formats);
    }
    let buffers = [
        filled(88, 0x10, &[(4, 1), (12, 0x0001_2003), (60, 1)]),
        filled(88, 0x20, &[(4, 2), (12, 0), (60, 2), (64, 0), (68, 0)]),
        filled(88, 0x30, &[(4, 0x55), (12, 0x0040_e0f0), (60, 4)]),
    ];
    for code in [QUERYBUF, QBUF, DQBUF] {
        each(code, 88, &buffers);
    }
    let fbuf = filled(48, 0x50, &[(8, 0), (12, 0)]);
    each(S_FBUF, 48, std::slice::from_ref(&fbuf));
    ioctl(G_FBUF, fbuf.as_ptr() as u64);
    let parms = [
        filled(204, 0x60, &[(0, 1), (4, 0x1000), (8, 1)]),
        filled(204, 0x60, &[(0, 2), (4, 0), (8, 0)]),
        filled(204, 0x60, &[(0, 9)]),
    ];
    for code in [G_PARM, S_PARM] {
        each(code, 204, &parms);
    }
    each(ENUMSTD, 72, &[filled(72, 0x41, &[(0, 2)])]);
    each(ENUMINPUT, 80, &[filled(80, 0x41, &[(0, 1), (36, 2)])]);
    let controls = [
        filled(8, 0, &[(0, 0x0098_0900), (4, 0xffff_ff9c)]),
        filled(8, 0, &[(0, 0x0098_0000), (4, 0)]),
        filled(8, 0, &[(0, 0x00a3_1234), (4, 7)]),
        filled(8, 0, &[(0, 0x0097_abcd), (4, 1)]),
        filled(8, 0, &[(0, 0x00a6_0000), (4, 1)]),
    ];
    for code in [G_CTRL, S_CTRL] {
        each(code, 8, &controls);
    }
    let tuner = filled(84, 0x41, &[(0, 1), (36, 2), (40, 0x11), (52, 3), (56, 1)]);
    for code in [G_TUNER, S_TUNER] {
        each(code, 84, std::slice::from_ref(&tuner));
    }
    each(
        QUERYCTRL,
        68,
        &[
            filled(68, 0x41, &[(0, 0x8098_0902), (4, 1), (56, 0x11), (60, 0), (64, 0)]),
            filled(68, 0x41, &[(0, 0x0098_0901), (4, 3)]),
        ],
    );
    let mut ext = filled(232, 0x41, &[(0, 0x4000_0000), (4, 0x102), (72, 4), (84, 2)]);
    ext[104..].fill(0);
    each(QUERY_EXT_CTRL, 232, &[ext, filled(232, 0x41, &[(0, 0x0099_0000), (84, 9)])]);
    // struct v4l2_ext_controls: no controls, none at NULL, and controls at an unmapped address.
    let mut ext_ctrls = Vec::new();
    for (class, count, controls) in
        [(0x0098_0000u32, 0u32, 0u64), (0x00a3_0000, 2, 0), (0x0016_0000, 3, u64::MAX - 1)]
    {
        let mut bytes = filled(32, 0, &[(0, class), (4, count), (8, 0xffff_ffff)]);
        bytes[24..].copy_from_slice(&controls.to_le_bytes());
        ext_ctrls.push(bytes);
    }
    for code in [G_EXT_CTRLS, S_EXT_CTRLS] {
        each(code, 32, &ext_ctrls);
    }
    each(
        ENUM_FRAMESIZES,
        44,
        &[
            filled(44, 0x10, &[(4, fourcc), (8, 1)]),
            filled(44, 0x10, &[(4, odd), (8, 3)]),
            filled(44, 0x10, &[(8, 2)]),
        ],
    );
    each(
        ENUM_FRAMEINTERVALS,
        52,
        &[
            filled(52, 0x10, &[(4, fourcc), (16, 1)]),
            filled(52, 0x10, &[(16, 3)]),
            filled(52, 0x10, &[(16, 9)]),
        ],
    );
    each(
        CREATE_BUFS,
        256,
        &[filled(256, 0x20, &[(8, 1), (16, 1), (32, fourcc)]), filled(256, 0x20, &[(8, 9), (16, 0x40)])],
    );
}

/// Bytes of `struct v4l2_clip` (a rectangle, then a pointer).
const CLIP: usize = 24;

/// A `struct v4l2_format` (208 bytes) at byte `at` of a `size`-byte buffer: a video overlay window
/// whose `clipcount` clips are at `clips`.
fn window(size: usize, at: usize, clips: u64, count: u32) -> Vec<u8> {
    let mut bytes = filled(size, 0x90, &[(at, 3), (at + 24, 1), (at + 40, count), (at + 56, 0)]);
    bytes[at + 32..at + 40].copy_from_slice(&clips.to_le_bytes());
    bytes[at + 48..at + 56].fill(0);
    bytes
}

fn clips() {
    let list = filled(40 * CLIP, 0x11, &[]);
    let short = edges::page_end() - 2 * CLIP as u64;
    // SAFETY: the two clips just before the page end lie in the mapped page; written (like a
    // program would) so that the page is present.
    unsafe { std::ptr::copy_nonoverlapping(list.as_ptr(), short as *mut u8, 2 * CLIP) };
    let cases = [
        (list.as_ptr() as u64, 2),
        (list.as_ptr() as u64, 40),
        (short, 3),
        (short, 2),
        (edges::page_end(), 1),
        (list.as_ptr() as u64, 0),
    ];
    for code in [G_FMT, S_FMT, TRY_FMT] {
        for (addr, count) in cases {
            ioctl(code, window(208, 0, addr, count).as_ptr() as u64);
        }
    }
    for (addr, count) in cases {
        let mut create = window(256, 16, addr, count);
        create[4..8].copy_from_slice(&1u32.to_le_bytes());
        create[8..12].copy_from_slice(&1u32.to_le_bytes());
        ioctl(CREATE_BUFS, create.as_ptr() as u64);
    }
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    edges::begin();
    match mode.as_str() {
        "requests" => requests(),
        "structs" => structs(),
        "clips" => clips(),
        other => eprintln!("fixture-v4l2: unknown mode {other:?}"),
    }
    edges::end();
    // SAFETY: ends the process without running anything else.
    unsafe { libc::_exit(0) };
}
