//! Video4Linux2 requests on descriptor -1 (every call fails with EBADF): the buffer type of
//! VIDIOC_STREAMON/STREAMOFF, the standard of VIDIOC_S_STD and VIDIOC_G_STD, the input of
//! VIDIOC_S_INPUT and VIDIOC_G_INPUT, VIDIOC_REQBUFS's request, VIDIOC_QUERYCAP, the crop requests; NULL and unreadable arguments.
//! Usage: fixture-v4l2 MODE (`requests`).

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

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    edges::begin();
    match mode.as_str() {
        "requests" => requests(),
        other => eprintln!("fixture-v4l2: unknown mode {other:?}"),
    }
    edges::end();
    // SAFETY: ends the process without running anything else.
    unsafe { libc::_exit(0) };
}
