//! The capture plan carried out in the kernel. The bytes and flags are exactly those the ptrace
//! backend produces (see `tracer_common::capture::mode`), within these hard caps:
//!
//! - one capture holds at most [`CAP_MAX`] (4096) bytes: a string, buffer or argv array cut there is
//!   flagged TRUNCATED even when `-s` asks for more (paths never exceed it);
//! - envp-like arrays are counted up to [`tracer_ebpf::MAX_POINTERS_COUNTED`] pointers, getdents64
//!   buffers walked over at most [`tracer_ebpf::MAX_DIRENTS_BYTES`] bytes (as the ptrace backend).
//!
//! Every capture reads its inputs from the scratch value (map memory), so the verifier checks each
//! one once whatever the other arguments did; offsets and sizes are bounded before every access.

use core::ffi::c_void;

use aya_ebpf::helpers::generated::{bpf_probe_read_user, bpf_probe_read_user_str};
use tracer_common::capture::mode;
use tracer_common::record::{align8, capture_flags, CaptureHeader, CAPTURE_HEADER_SIZE};
use tracer_ebpf::{CAPTURE_START_MAX, CAP_MAX};

use crate::record::Scratch;
use crate::walk;

const CAP: u64 = CAP_MAX as u64;

/// The offset at which the next capture starts, if it is in bounds (it always is: see
/// `tracer_ebpf::CAPTURE_START_MAX`).
#[inline(always)]
unsafe fn start(s: *mut Scratch) -> Option<usize> {
    // SAFETY: `s` is the scratch value (every caller's contract).
    let off = unsafe { (*s).len } as usize;
    (off <= CAPTURE_START_MAX).then_some(off)
}

/// Pointer to the data of the capture starting at `off` (`off` <= CAPTURE_START_MAX).
#[inline(always)]
pub unsafe fn data(s: *mut Scratch, off: usize) -> *mut u8 {
    // SAFETY: in bounds: the buffer has room for CAPTURE_START_MAX + header + 2 * CAP_MAX.
    unsafe { (&raw mut (*s).buf).cast::<u8>().add(off + CAPTURE_HEADER_SIZE) }
}

/// Close the capture starting at `off` with `len` bytes of data: write its header, zero its
/// padding, and move the record's end past it.
#[inline(always)]
pub unsafe fn finish(s: *mut Scratch, off: usize, arg: usize, flags: u8, len: u64) {
    let len = if len > CAP { CAP } else { len } as usize;
    let header = CaptureHeader { arg: arg as u8, flags, part: 0, len: len as u32 };
    // SAFETY: `off` <= CAPTURE_START_MAX and `len` <= CAP_MAX keep every access in the buffer;
    // `off` is a multiple of 8 (records and captures are padded to 8) as is the buffer.
    unsafe {
        let buf = (&raw mut (*s).buf).cast::<u8>();
        buf.add(off).cast::<CaptureHeader>().write(header);
        let tail = len & 7;
        if tail != 0 {
            let word = buf.add(off + CAPTURE_HEADER_SIZE + (len & !7)).cast::<u64>();
            *word &= (1u64 << (tail * 8)) - 1;
        }
        (*s).len = (off + CAPTURE_HEADER_SIZE + align8(len)) as u64;
        if flags & capture_flags::READ_FAULT != 0 {
            (*s).faulted |= 1 << (arg & 7);
        }
    }
}

/// A NUL-terminated string: its bytes without the NUL, at most `limit` of them, TRUNCATED if it is
/// longer; READ_FAULT and no bytes if it cannot be read.
#[inline(always)]
unsafe fn string(s: *mut Scratch, arg: usize, ptr: u64, limit: u64) {
    // SAFETY: `s` is the scratch value; `data` has room for CAP_MAX + 2 bytes.
    unsafe {
        let Some(off) = start(s) else { return };
        let limit = if limit > CAP { CAP } else { limit };
        // Up to limit + 1 characters and the NUL: one character more than kept tells a longer
        // string from one of exactly `limit` characters.
        let got = bpf_probe_read_user_str(data(s, off).cast(), (limit + 2) as u32, ptr as *const c_void);
        if got <= 0 {
            finish(s, off, arg, capture_flags::READ_FAULT, 0);
            return;
        }
        let chars = (got - 1) as u64;
        if chars > limit {
            finish(s, off, arg, capture_flags::TRUNCATED, limit);
        } else {
            finish(s, off, arg, 0, chars);
        }
    }
}

/// `len` bytes at `ptr`, of which at most `keep` are copied (TRUNCATED if fewer than `len`).
#[inline(always)]
unsafe fn buffer(s: *mut Scratch, arg: usize, ptr: u64, len: u64, keep: u64) {
    // SAFETY: `s` is the scratch value; at most CAP_MAX bytes are written to `data`.
    unsafe {
        let Some(off) = start(s) else { return };
        let mut n = if len < keep { len } else { keep };
        let mut flags = if len > n { capture_flags::TRUNCATED } else { 0 };
        if n > CAP {
            n = CAP;
            flags = capture_flags::TRUNCATED;
        }
        if n > 0 && bpf_probe_read_user(data(s, off).cast(), n as u32, ptr as *const c_void) < 0 {
            finish(s, off, arg, capture_flags::READ_FAULT, 0);
            return;
        }
        finish(s, off, arg, flags, n);
    }
}

/// Captures taken at syscall entry for argument `arg` (a constant at each call site).
///
/// # Safety
/// `s` must be the scratch value, with `args`, `plan` and `limits` filled in.
#[inline(never)]
pub unsafe fn at_entry(s: *mut Scratch, arg: usize) {
    if arg >= 6 {
        return;
    }
    // SAFETY: see the function's contract; `arg` and `len_arg` are checked against 6.
    unsafe {
        let plan = (*s).plan.args[arg];
        let ptr = (*s).args[arg];
        if plan.mode == mode::NONE || ptr == 0 {
            return;
        }
        let strlen = u64::from((*s).limits.strlen);
        match plan.mode {
            mode::PATH_IN => string(s, arg, ptr, u64::from((*s).limits.path_max)),
            mode::STR_IN => string(s, arg, ptr, strlen),
            mode::BUF_IN => {
                let len_arg = usize::from(plan.len_arg);
                if len_arg < 6 {
                    buffer(s, arg, ptr, (*s).args[len_arg], strlen);
                }
            }
            mode::STRUCT_IN => buffer(s, arg, ptr, u64::from(plan.size), CAP),
            mode::ARGV_IN => walk::argv(s, arg, ptr, strlen),
            mode::PTR_COUNT_IN => walk::count_pointers(s, arg, ptr),
            _ => {}
        }
    }
}

/// Captures taken at syscall exit for argument `arg`, given `ret`.
///
/// # Safety
/// `s` must be the scratch value, with `args`, `ret`, `plan` and `limits` filled in.
#[inline(never)]
pub unsafe fn at_exit(s: *mut Scratch, arg: usize) {
    if arg >= 6 {
        return;
    }
    // SAFETY: see the function's contract.
    unsafe {
        let plan = (*s).plan.args[arg];
        let ptr = (*s).args[arg];
        let ret = (*s).ret;
        if ptr == 0 {
            return;
        }
        let strlen = u64::from((*s).limits.strlen);
        match plan.mode {
            mode::BUF_OUT if ret > 0 => buffer(s, arg, ptr, ret as u64, strlen),
            mode::STRUCT_OUT if ret >= 0 => buffer(s, arg, ptr, u64::from(plan.size), CAP),
            mode::DIRENTS_COUNT_OUT if ret > 0 => walk::count_dirents(s, arg, ptr, ret as u64),
            _ => {}
        }
    }
}
