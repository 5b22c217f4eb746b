//! The rows of [`super::TABLE`], by syscall.

use super::{Deref, AT_ENTRY, AT_EXIT};
use crate::syscall::nr;

/// `PTRACE_GETREGSET` and `PTRACE_SETREGSET` (ptrace's request).
const PTRACE_GETREGSET: u32 = 0x4204;
const PTRACE_SETREGSET: u32 = 0x4205;
/// keyctl's `KEYCTL_DH_COMPUTE`.
const KEYCTL_DH_COMPUTE: u32 = 23;
/// keyctl's `KEYCTL_INSTANTIATE_IOV`.
const KEYCTL_INSTANTIATE_IOV: u32 = 20;
/// INSTANTIATE_IOV's iovecs whose contents are captured (later ones print their address).
pub const KEYCTL_IOVS: usize = 16;
/// Bytes captured of each of them (strace shows at most `-s` bytes).
const KEYCTL_IOV_BYTES: u16 = 256;
/// Bytes of a `struct iovec`.
const IOVEC: u16 = 16;

/// Bytes captured of DH_COMPUTE's hash name (an algorithm name has at most 127 characters).
pub const KDF_HASHNAME_BYTES: u16 = 256;

/// VIDIOC_G_FMT, VIDIOC_S_FMT, VIDIOC_TRY_FMT and VIDIOC_CREATE_BUFS (ioctl's request).
const VIDIOC_G_FMT: u32 = 0xc0d0_5604;
const VIDIOC_S_FMT: u32 = 0xc0d0_5605;
const VIDIOC_TRY_FMT: u32 = 0xc0d0_5640;
const VIDIOC_CREATE_BUFS: u32 = 0xc100_565c;
/// `struct v4l2_clip` bytes; at most 170 of them (strace prints -s of them unless -v).
const V4L2_CLIP: u16 = 24;
const V4L2_CLIPS_CAP: u16 = V4L2_CLIP * 170;

/// The clip list of the `struct v4l2_window` in the `struct v4l2_format` at byte `at` of ioctl's
/// argument: `clipcount` (u32 at 40) `struct v4l2_clip` at `clips` (32), for request `req`.
const fn v4l2_clips(req: u32, when: u8, at: u16) -> Deref {
    Deref::new(nr::IOCTL, 2, when, 32 + at, V4L2_CLIP, V4L2_CLIPS_CAP).count_at(40 + at, 4).when_arg(1, req)
}

/// The rows written out; see [`super::TABLE`].
const FIXED_ROWS: [Deref; 13] = [
    // clone3's `struct clone_args`: `set_tid`, an array of `set_tid_size` pid_t; at exit, what the
    // kernel stored at `pidfd` and at `parent_tid` (one int each).
    Deref::new(nr::CLONE3, 0, AT_ENTRY, 64, 4, 128).count_at(72, 8).sized_by(1),
    Deref::new(nr::CLONE3, 0, AT_EXIT, 8, 4, 4).count(1),
    Deref::new(nr::CLONE3, 0, AT_EXIT, 24, 4, 4).count(1),
    // ptrace's regset `struct iovec`: `iov_len` bytes at `iov_base` (at exit: what the call wrote).
    Deref::new(nr::PTRACE, 3, AT_EXIT, 0, 1, 1024).count_at(8, 8).when_arg(0, PTRACE_GETREGSET),
    Deref::new(nr::PTRACE, 3, AT_ENTRY, 0, 1, 1024).count_at(8, 8).when_arg(0, PTRACE_SETREGSET),
    // v4l2 window formats' clip lists: the format asked for (entry), the one set (exit).
    v4l2_clips(VIDIOC_G_FMT, AT_EXIT, 0),
    v4l2_clips(VIDIOC_S_FMT, AT_ENTRY, 0),
    v4l2_clips(VIDIOC_S_FMT, AT_EXIT, 0),
    v4l2_clips(VIDIOC_TRY_FMT, AT_ENTRY, 0),
    v4l2_clips(VIDIOC_TRY_FMT, AT_EXIT, 0),
    v4l2_clips(VIDIOC_CREATE_BUFS, AT_ENTRY, 16),
    // keyctl DH_COMPUTE's `struct keyctl_kdf_params`: the first bytes of `hashname` (a string row
    // would deepen the eBPF program's call chain past its stack limit; the decoder finds the NUL),
    // and `otherinfolen` bytes of `otherinfo`.
    Deref::new(nr::KEYCTL, 4, AT_ENTRY, 0, 1, KDF_HASHNAME_BYTES)
        .count(KDF_HASHNAME_BYTES as u32)
        .when_arg(0, KEYCTL_DH_COMPUTE),
    Deref::new(nr::KEYCTL, 4, AT_ENTRY, 8, 1, 256).count_at(16, 4).when_arg(0, KEYCTL_DH_COMPUTE),
];

/// The rows; see [`super::TABLE`].
pub(super) const ROWS: [Deref; FIXED_ROWS.len() + KEYCTL_IOVS] = rows();

/// [`FIXED_ROWS`], then keyctl INSTANTIATE_IOV's iovec array (argument 3): `iov_len` bytes at
/// `iov_base` of each of its first [`KEYCTL_IOVS`] elements.
const fn rows() -> [Deref; FIXED_ROWS.len() + KEYCTL_IOVS] {
    let mut rows = [FIXED_ROWS[0]; FIXED_ROWS.len() + KEYCTL_IOVS];
    let mut i = 0;
    while i < FIXED_ROWS.len() {
        rows[i] = FIXED_ROWS[i];
        i += 1;
    }
    let mut k = 0;
    while k < KEYCTL_IOVS {
        let base = k as u16 * IOVEC;
        rows[i + k] = Deref::new(nr::KEYCTL, 2, AT_ENTRY, base, 1, KEYCTL_IOV_BYTES)
            .count_at(base + 8, 8)
            .when_arg(0, KEYCTL_INSTANTIATE_IOV);
        k += 1;
    }
    rows
}
