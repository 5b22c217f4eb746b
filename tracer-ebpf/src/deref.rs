//! Pointers inside captured structs (`tracer_common::capture::deref`): after the arguments' own
//! captures, the memory behind each pointer the table names, in table order, as the ptrace
//! backend takes it. The pointer and count are read into the capture's own data (the stack is at
//! its limit) and overwritten by the bytes they lead to.

use core::ffi::c_void;

use aya_ebpf::helpers::generated::bpf_probe_read_user;
use tracer_common::capture::deref::{
    part_for, short_bytes, Deref, AT_EXIT, DEREF_CAP_MAX, FIXED, STRING, TABLE,
};
use tracer_common::record::capture_flags;

use crate::capture::{data, finish_part, start, string};
use crate::record::{self, scratch, Scratch};

/// The deref captures of syscall `nr` at `when` (`AT_EXIT`: only when the call returned >= 0).
/// They leave the scratch value's `faulted` bits alone: an unreadable target is no reason to read
/// the argument again at exit.
///
/// # Safety
/// `s` must be the scratch value, with the call's `args`, `ret` and `limits` filled in.
#[inline(always)]
pub unsafe fn derefs(s: *mut Scratch, nr: u64, when: u8) {
    // SAFETY: see the function's contract.
    unsafe {
        if when == AT_EXIT && (*s).ret < 0 {
            return;
        }
        let faulted = (*s).faulted;
        // The arguments are read in place (in the scratch map value): a copy would take 48 bytes
        // of the stack, which is at its limit.
        let args = &raw const (*s).args;
        for row in TABLE {
            if row.applies(nr, &*args, row.arg as usize, when) && row.fits(&*args) {
                tracer_deref(pack_where(row), pack_what(row));
            }
        }
        record::set(&raw mut (*s).faulted, faulted);
    }
}

/// A row's argument, pointer offset, count offset and count width in one scalar.
const fn pack_where(row: &Deref) -> u64 {
    row.arg as u64 | (row.ptr_off as u64) << 8 | (row.len_off as u64) << 24 | (row.len_width as u64) << 40
}

/// A row's fixed count, element size and cap in one scalar.
const fn pack_what(row: &Deref) -> u64 {
    row.count as u64 | (row.elem as u64) << 32 | (row.cap as u64) << 48
}

/// One row's capture (packed by [`pack_where`] and [`pack_what`]). Returns 0.
///
/// A BPF global function (see `capture::tracer_at_entry`): scalar arguments, its locals stay out
/// of its caller's frame.
#[unsafe(no_mangle)]
#[inline(never)]
pub extern "C" fn tracer_deref(at: u64, what: u64) -> i64 {
    let Some(s) = scratch() else { return 0 };
    let arg = (at & 0xff) as usize;
    if arg >= 6 {
        return 0;
    }
    let ptr_off = ((at >> 8) & 0xffff) as u16;
    let len_off = ((at >> 24) & 0xffff) as u16;
    let width = ((at >> 40) & 0xff) as u8;
    let elem = ((what >> 32) & 0xffff) as u16;
    let cap = ((what >> 48) & 0xffff) as u16;
    let row = Deref::new(0, arg as u8, 0, ptr_off, elem, cap);
    let part = part_for(ptr_off);
    // SAFETY: `s` is the scratch value; the fields and then at most DEREF_CAP_MAX (<= CAP_MAX)
    // bytes are written to the capture's data.
    unsafe {
        let Some(off) = start(s) else { return 0 };
        let buf = data(s, off);
        let base = (*s).args[arg];
        if bpf_probe_read_user(buf.cast(), 8, base.wrapping_add(u64::from(ptr_off)) as *const c_void) < 0 {
            return 0;
        }
        let ptr = buf.cast::<u64>().read();
        if ptr == 0 {
            return 0;
        }
        if elem == STRING {
            string(s, arg, part, ptr, row.string_limit((*s).limits.strlen));
            return 0;
        }
        let count = if len_off == FIXED {
            what & 0xffff_ffff
        } else {
            let field = base.wrapping_add(u64::from(len_off)) as *const c_void;
            *buf.cast::<u64>() = 0;
            if bpf_probe_read_user(buf.cast(), if width == 4 { 4 } else { 8 }, field) < 0 {
                return 0;
            }
            buf.cast::<u64>().read()
        };
        let (n, more) = row.bytes(count);
        let n = if n > DEREF_CAP_MAX as u64 { DEREF_CAP_MAX as u64 } else { n };
        if n > 0 && bpf_probe_read_user(buf.cast(), n as u32, ptr as *const c_void) < 0 {
            let short = short_bytes(ptr, n, elem);
            let short = if short > n { n } else { short };
            if short > 0 && bpf_probe_read_user(buf.cast(), short as u32, ptr as *const c_void) >= 0 {
                finish_part(s, off, arg, part, capture_flags::SHORT, short);
            } else {
                finish_part(s, off, arg, part, capture_flags::READ_FAULT, 0);
            }
            return 0;
        }
        finish_part(s, off, arg, part, if more { capture_flags::TRUNCATED } else { 0 }, n);
    }
    0
}
