//! Array captures carried out in the kernel: counted arrays (ARRAY_IN, ARRAY_INOUT,
//! ARRAY_OUT_RET) and select's fd sets, bounded as `tracer_common::capture::array_elements` says.

use tracer_common::capture::{array_elements, part};
use tracer_common::record::capture_flags;

use crate::capture::{copy, finish, start, tracer_read_prefix};
use crate::record::Scratch;

/// An array of `count` elements of `size` bytes, bounded as `array_elements` says.
#[inline(always)]
pub unsafe fn array(s: *mut Scratch, arg: usize, ptr: u64, count: u64, size: u16, strlen: u32) {
    let elements = array_elements(count, size, strlen);
    let flags = if elements < count { capture_flags::TRUNCATED } else { 0 };
    // SAFETY: `s` is the scratch value; the bytes are at most ARRAY_MAX_BYTES (<= CAP_MAX).
    unsafe { copy(s, arg, part::MAIN, ptr, elements * u64::from(size), flags) }
}

/// ARRAY_INOUT of select's fd sets (length flag FD_BITS): [`array`]'s bytes, or, when they cannot
/// all be read, the readable prefix in whole longs flagged SHORT. A probe cannot fault pages in, and
/// strace's large `fdsize` (up to 128 KiB) often spans pages the tracee never touched (see
/// `ArgPlan` FD_BITS in `tracer_common::capture::len`).
#[inline(always)]
pub unsafe fn fd_set(s: *mut Scratch, arg: usize, ptr: u64, bytes: u64) {
    let n = array_elements(bytes, 1, u32::MAX);
    let flags = if n < bytes { capture_flags::TRUNCATED } else { 0 };
    // SAFETY: `s` is the scratch value; the bytes are at most ARRAY_MAX_BYTES (<= CAP_MAX).
    unsafe {
        let Some(off) = start(s) else { return };
        if n == 0 {
            finish(s, off, arg, flags, 0);
            return;
        }
        match tracer_read_prefix(off as u64, ptr, n, 8) {
            0 => finish(s, off, arg, capture_flags::READ_FAULT, 0),
            got if got == n => finish(s, off, arg, flags, got),
            got => finish(s, off, arg, capture_flags::SHORT, got),
        }
    }
}

/// ARRAY_IN: [`array`]'s elements and one more, or the readable prefix of them in whole elements
/// (without TRUNCATED: the rest is unreadable).
#[inline(always)]
pub unsafe fn array_prefix(s: *mut Scratch, arg: usize, ptr: u64, count: u64, size: u16, strlen: u32) {
    let elements = array_elements(count, size, strlen.saturating_add(1));
    let flags = if elements < count { capture_flags::TRUNCATED } else { 0 };
    let n = elements * u64::from(size);
    // SAFETY: `s` is the scratch value; the bytes are at most ARRAY_MAX_BYTES (<= CAP_MAX).
    unsafe {
        let Some(off) = start(s) else { return };
        if n == 0 {
            finish(s, off, arg, flags, 0);
            return;
        }
        match tracer_read_prefix(off as u64, ptr, n, u64::from(size)) {
            0 => finish(s, off, arg, capture_flags::READ_FAULT, 0),
            got if got == n => finish(s, off, arg, flags, got),
            got => finish(s, off, arg, 0, got),
        }
    }
}
