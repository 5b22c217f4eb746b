//! Captures that walk user memory: argv (strings), envp (a pointer count), getdents64 buffers (a
//! record count) and iovec arrays (each element's contents). Each is a `bpf_loop` whose callback
//! keeps its state in the scratch value, so the verifier checks one step, not every iteration.

use core::ffi::c_void;

use aya_ebpf::helpers::generated::{bpf_loop, bpf_probe_read_user, bpf_probe_read_user_str};
use tracer_common::capture::{
    argv_tag, element_bytes, iovec_elements, part, ARGV_ADDRESS_BYTES, ARGV_ALL_ELEMENTS, IOVEC32_SIZE,
    IOVEC_CONTENTS_MAX_BYTES, IOVEC_SIZE,
};
use tracer_common::record::{capture_flags, CAPTURE_HEADER_SIZE};
use tracer_ebpf::{
    CAPTURE_START_MAX, CAP_MAX, MAX_DIRENTS_BYTES, MAX_DIRENT_STEPS, MAX_IOV_ELEMENTS, MAX_POINTERS_COUNTED,
};

use crate::capture::{data, finish, finish_part, start, tracer_read_prefix};
use crate::record::{scratch, set, Scratch};

/// Walk flag: the first read failed (the capture becomes READ_FAULT with no bytes).
pub const FAULT: u64 = 1 << 8;
/// Walk flag of [`argv`] and [`count_pointers`]: the array's pointers are 32-bit (an i386 call's).
pub const POINTERS32: u64 = 1 << 9;

const CAP: u64 = CAP_MAX as u64;
const CONTINUE: i64 = 0;
const STOP: i64 = 1;

/// Read a u64 from user memory.
#[inline(always)]
unsafe fn read_u64(addr: u64) -> Option<u64> {
    let mut value: u64 = 0;
    // SAFETY: writes 8 bytes to a local u64.
    let ret = unsafe { bpf_probe_read_user((&raw mut value).cast(), 8, addr as *const c_void) };
    (ret >= 0).then_some(value)
}

/// Pointer `index` of the array at `base`: 8 bytes, or 4 when `flags` has [`POINTERS32`].
#[inline(always)]
unsafe fn read_pointer(base: u64, index: u64, flags: u64) -> Option<u64> {
    if flags & POINTERS32 != 0 {
        let mut value: u32 = 0;
        // SAFETY: writes 4 bytes to a local u32.
        let ret = unsafe {
            bpf_probe_read_user((&raw mut value).cast(), 4, base.wrapping_add(index * 4) as *const c_void)
        };
        (ret >= 0).then_some(u64::from(value))
    } else {
        // SAFETY: reads into a local.
        unsafe { read_u64(base.wrapping_add(index * 8)) }
    }
}

/// Start a walk for the capture that begins at the record's current end.
#[inline(always)]
unsafe fn begin(s: *mut Scratch, base: u64, end: u64, limit: u64, flags: u64) -> Option<usize> {
    // SAFETY: `s` is the scratch value.
    unsafe {
        let off = (*s).len as usize;
        if off > CAPTURE_START_MAX {
            return None;
        }
        let w = &raw mut (*s).walk;
        set(&raw mut (*w).base, base);
        set(&raw mut (*w).end, end);
        set(&raw mut (*w).pos, 0);
        set(&raw mut (*w).count, 0);
        set(&raw mut (*w).limit, limit);
        set(&raw mut (*w).flags, flags);
        set(&raw mut (*w).start, off as u64);
        Some(off)
    }
}

/// Close a counting walk: a COUNT capture holding the u32 count, or READ_FAULT.
#[inline(always)]
unsafe fn finish_count(s: *mut Scratch, off: usize, arg: usize) {
    // SAFETY: `s` is the scratch value and `off` <= CAPTURE_START_MAX.
    unsafe {
        if (*s).walk.flags & FAULT != 0 {
            finish(s, off, arg, capture_flags::READ_FAULT, 0);
            return;
        }
        data(s, off).cast::<u32>().write_unaligned((*s).walk.count as u32);
        let short = ((*s).walk.flags & u64::from(capture_flags::SHORT)) as u8;
        finish(s, off, arg, capture_flags::COUNT | short, 4);
    }
}

/// argv: at most `strlen` elements (all of them, up to ARGV_ALL_ELEMENTS, when `all`), each cut at
/// `strlen`, as `mode::ARGV_IN` stores them (flag STRINGS); TRUNCATED when
/// the array has more elements, or when the capture reached CAP_MAX; SHORT when a pointer of the
/// array after the first is unreadable. `pointers` is 0, or [`POINTERS32`] for an i386 array.
///
/// # Safety
/// `s` must be the scratch value.
#[inline(always)]
pub unsafe fn argv(s: *mut Scratch, arg: usize, array: u64, strlen: u64, all: bool, pointers: u64) {
    // SAFETY: `s` is the scratch value; the callback bounds its own accesses.
    unsafe {
        let limit = if strlen > CAP { CAP } else { strlen };
        // The walk's `end` is the number of elements kept.
        let elements = if all { u64::from(ARGV_ALL_ELEMENTS) } else { limit };
        let flags = u64::from(capture_flags::STRINGS) | pointers;
        let Some(off) = begin(s, array, elements, limit, flags) else { return };
        // One iteration more than elements kept, to see whether the array goes on.
        bpf_loop((elements + 1) as u32, argv_step as *mut c_void, core::ptr::null_mut(), 0);
        let flags = (*s).walk.flags;
        if flags & FAULT != 0 {
            finish(s, off, arg, capture_flags::READ_FAULT, 0);
        } else {
            finish(s, off, arg, flags as u8, (*s).walk.pos);
        }
    }
}

unsafe extern "C" fn argv_step(index: u64, _ctx: *mut c_void) -> i64 {
    let Some(s) = scratch() else { return STOP };
    // SAFETY: `s` is the scratch value; `start` and `pos` are bounded before the write, whose
    // size never exceeds the room left below CAP_MAX.
    unsafe {
        let w = &mut (*s).walk;
        let Some(element) = read_pointer(w.base, index, w.flags) else {
            if index == 0 {
                w.flags = FAULT;
            } else {
                w.flags |= u64::from(capture_flags::SHORT);
            }
            return STOP;
        };
        if element == 0 {
            return STOP;
        }
        let limit = w.limit;
        if index >= w.end {
            w.flags |= u64::from(capture_flags::TRUNCATED);
            return STOP;
        }
        let start = w.start as usize;
        let used = w.pos;
        if start > CAPTURE_START_MAX || used >= CAP - ARGV_ADDRESS_BYTES || limit > CAP {
            w.flags |= u64::from(capture_flags::TRUNCATED);
            return STOP;
        }
        // The tag byte, then the string.
        let room = CAP - used - 1;
        let want = limit + 2;
        let size = if want < room { want } else { room };
        let dst = (&raw mut (*s).buf).cast::<u8>().add(start + CAPTURE_HEADER_SIZE + used as usize);
        dst.write(argv_tag::STRING);
        let got = bpf_probe_read_user_str(dst.add(1).cast(), size as u32, element as *const c_void);
        if got <= 0 {
            // An unreadable element: its address.
            dst.write(argv_tag::ADDRESS);
            dst.add(1).cast::<u64>().write_unaligned(element);
            w.pos = used + ARGV_ADDRESS_BYTES;
            return CONTINUE;
        }
        let got = got as u64;
        w.pos = used + 1 + got;
        if got == size && size < want {
            // Cut by the hard cap, not by `-s`.
            w.flags |= u64::from(capture_flags::TRUNCATED);
            return STOP;
        }
        CONTINUE
    }
}

/// envp: the number of non-NULL pointers before the NULL (flag COUNT), up to
/// MAX_POINTERS_COUNTED. `pointers` is 0, or [`POINTERS32`] for an i386 array.
///
/// # Safety
/// `s` must be the scratch value.
#[inline(always)]
pub unsafe fn count_pointers(s: *mut Scratch, arg: usize, array: u64, pointers: u64) {
    // SAFETY: `s` is the scratch value.
    unsafe {
        let Some(off) = begin(s, array, 0, 0, pointers) else { return };
        bpf_loop(MAX_POINTERS_COUNTED, pointer_step as *mut c_void, core::ptr::null_mut(), 0);
        finish_count(s, off, arg);
    }
}

unsafe extern "C" fn pointer_step(index: u64, _ctx: *mut c_void) -> i64 {
    let Some(s) = scratch() else { return STOP };
    // SAFETY: `s` is the scratch value.
    unsafe {
        let w = &mut (*s).walk;
        match read_pointer(w.base, index, w.flags) {
            None => {
                if index == 0 {
                    w.flags = FAULT;
                } else {
                    w.flags |= u64::from(capture_flags::SHORT);
                }
                STOP
            }
            Some(0) => STOP,
            Some(_) => {
                w.count += 1;
                CONTINUE
            }
        }
    }
}

/// getdents64: the number of `linux_dirent64` records in the first `len` bytes (flag COUNT),
/// walking `d_reclen` (a u16 at offset 16).
///
/// # Safety
/// `s` must be the scratch value.
#[inline(always)]
pub unsafe fn count_dirents(s: *mut Scratch, arg: usize, buf: u64, len: u64) {
    // SAFETY: `s` is the scratch value.
    unsafe {
        let end = if len > MAX_DIRENTS_BYTES { MAX_DIRENTS_BYTES } else { len };
        let Some(off) = begin(s, buf, end, 0, 0) else { return };
        bpf_loop(MAX_DIRENT_STEPS, dirent_step as *mut c_void, core::ptr::null_mut(), 0);
        finish_count(s, off, arg);
    }
}

unsafe extern "C" fn dirent_step(_index: u64, _ctx: *mut c_void) -> i64 {
    let Some(s) = scratch() else { return STOP };
    // SAFETY: `s` is the scratch value; the u16 is read into a local.
    unsafe {
        let w = &mut (*s).walk;
        let pos = w.pos;
        if pos + 18 > w.end {
            return STOP;
        }
        let mut reclen: u16 = 0;
        let addr = w.base.wrapping_add(pos + 16);
        if bpf_probe_read_user((&raw mut reclen).cast(), 2, addr as *const c_void) < 0 {
            w.flags = FAULT;
            return STOP;
        }
        if reclen == 0 {
            return STOP;
        }
        w.count += 1;
        w.pos = pos + u64::from(reclen);
        CONTINUE
    }
}

/// Limit the contents of the next [`iovec`] walk to `ret` bytes in total (IOVEC_OUT, MSGHDR_OUT at
/// exit), or not (`None`).
///
/// # Safety
/// `s` must be the scratch value.
#[inline(always)]
pub unsafe fn limit_contents(s: *mut Scratch, ret: Option<u64>) {
    // SAFETY: `s` is the scratch value.
    unsafe {
        set(&raw mut (*s).iov.limited, u64::from(ret.is_some()));
        set(&raw mut (*s).iov.left, ret.unwrap_or(0));
    }
}

/// An iovec array of `count` elements of `size` bytes (x86_64's `struct iovec` or i386's) at `ptr`
/// as part `array_part` (bounded as `iovec_elements` says), then part `ELEMENT + i` for each element with a non-NULL base (see `mode::IOVEC_IN`),
/// the contents limited as the last [`limit_contents`] said; argument `arg` of the call in the
/// scratch value. Returns 0.
///
/// A BPF global function (exported, never inlined, scalar arguments): the verifier checks it once
/// per program for any arguments, not once per call site and caller state (IOVEC_IN, IOVEC_OUT
/// and both msghdr modes, at entry and at exit, call it).
///
/// # Safety
/// The scratch value's `limits` must be filled in.
#[unsafe(no_mangle)]
#[inline(never)]
pub unsafe extern "C" fn tracer_iovec(arg: u64, array_part: u64, ptr: u64, count: u64, size: u64) -> i64 {
    let Some(s) = scratch() else { return 0 };
    let (arg, array_part) = (arg as usize, array_part as u16);
    // One of the two layouts, a constant for the verifier either way.
    let size = if size == IOVEC32_SIZE as u64 { IOVEC32_SIZE as u64 } else { IOVEC_SIZE as u64 };
    // SAFETY: `s` is the scratch value; the array is at most ARRAY_MAX_BYTES (<= CAP_MAX) bytes.
    unsafe {
        let Some(off) = start(s) else { return 0 };
        let strlen = (*s).limits.strlen;
        let wanted = iovec_elements(count, strlen.saturating_add(1));
        let mut bytes = wanted * size;
        if bytes > CAP {
            return 0;
        }
        let mut flags = if wanted < count { capture_flags::TRUNCATED } else { 0 };
        if bytes > 0 {
            // The readable prefix in whole elements (without TRUNCATED: the rest is unreadable).
            let got = tracer_read_prefix(off as u64, ptr, bytes, size);
            if got == 0 {
                finish_part(s, off, arg, array_part, capture_flags::READ_FAULT, 0);
                return 0;
            }
            if got < bytes {
                bytes = got;
                flags = 0;
            }
        }
        let n =
            if size == IOVEC32_SIZE as u64 { bytes / IOVEC32_SIZE as u64 } else { bytes / IOVEC_SIZE as u64 };
        finish_part(s, off, arg, array_part, flags, bytes);
        if n == 0 {
            return 0;
        }
        let it = &raw mut (*s).iov;
        (*it).data = (off + CAPTURE_HEADER_SIZE) as u64;
        (*it).n = n;
        (*it).budget = u64::from(IOVEC_CONTENTS_MAX_BYTES);
        (*it).arg = arg as u32;
        (*it).strlen = u64::from((*s).limits.data_bytes());
        (*it).size = size as u32;
        bpf_loop(n as u32, iov_step as *mut c_void, core::ptr::null_mut(), 0);
    }
    0
}

unsafe extern "C" fn iov_step(index: u64, _ctx: *mut c_void) -> i64 {
    let Some(s) = scratch() else { return STOP };
    // SAFETY: `s` is the scratch value; the iovec is read from `buf` at an offset bounded by
    // CAPTURE_START_MAX + header + (MAX_IOV_ELEMENTS - 1) * 16, and the contents written by `copy`
    // at most CAP_MAX bytes at a capture start <= CAPTURE_START_MAX.
    unsafe {
        let it = &raw mut (*s).iov;
        if index >= (*it).n || index >= MAX_IOV_ELEMENTS {
            return STOP;
        }
        let at = (*it).data as usize;
        if at > CAPTURE_START_MAX + CAPTURE_HEADER_SIZE {
            return STOP;
        }
        let (base, mut len) = if (*it).size == IOVEC32_SIZE as u32 {
            let entry = (&raw const (*s).buf).cast::<u8>().add(at + index as usize * IOVEC32_SIZE);
            (
                u64::from(entry.cast::<u32>().read_unaligned()),
                u64::from(entry.add(4).cast::<u32>().read_unaligned()),
            )
        } else {
            let entry = (&raw const (*s).buf).cast::<u8>().add(at + index as usize * IOVEC_SIZE);
            (entry.cast::<u64>().read_unaligned(), entry.add(8).cast::<u64>().read_unaligned())
        };
        if (*it).limited != 0 {
            let left = (*it).left;
            if left == 0 {
                // Past the returned bytes: no more contents.
                return STOP;
            }
            if len > left {
                len = left;
            }
            (*it).left = left - len;
        }
        if base == 0 {
            return CONTINUE;
        }
        let budget = (*it).budget;
        let shown = element_bytes(len, (*it).strlen as u32, budget);
        let arg = (*it).arg as usize;
        let element = part::ELEMENT + index as u16;
        let Some(off) = start(s) else { return STOP };
        if shown > CAP {
            return STOP;
        }
        if shown > 0 && bpf_probe_read_user(data(s, off).cast(), shown as u32, base as *const c_void) < 0 {
            finish_part(s, off, arg, element, capture_flags::READ_FAULT, 0);
            return CONTINUE;
        }
        (*it).budget = budget - shown;
        let flags = if len > shown { capture_flags::TRUNCATED } else { 0 };
        finish_part(s, off, arg, element, flags, shown);
        CONTINUE
    }
}
