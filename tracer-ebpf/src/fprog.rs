//! Part FILTER: the classic BPF program behind a `struct sock_fprog` (PEEK_FPROG_INOUT,
//! SIZED_FPROG_IN at entry, SIZED_FPROG_OUT at exit), bounded as
//! `tracer_common::capture::fprog_program_bytes` says.

use core::ffi::c_void;

use aya_ebpf::helpers::generated::bpf_probe_read_user;
use tracer_common::capture::{fprog_program_bytes, part, FPROG_INSN_SIZE, FPROG_SIZE};
use tracer_common::record::{capture_flags, CaptureHeader};
use tracer_ebpf::CAPTURE_START_MAX;

use crate::capture::{data, finish_part, start, tracer_read_prefix};
use crate::record::{scratch, Scratch};

/// Part FILTER of argument `arg` (PEEK_FPROG_INOUT, SIZED_FPROG_IN): when the capture that starts
/// at `main` holds a `struct sock_fprog`, the readable prefix of its program in whole
/// instructions, at most FPROG_MAX_INSNS (TRUNCATED when it has more); READ_FAULT when none is
/// readable (see `tracer_common::capture::fprog_filter_bytes`). Returns 0.
///
/// A BPF global function (see `capture::tracer_at_entry`): its locals stay out of its caller's frame.
#[unsafe(no_mangle)]
#[inline(never)]
pub extern "C" fn tracer_fprog(arg: u64, main: u64) -> i64 {
    let Some(s) = scratch() else { return 0 };
    let (arg, main) = (arg as usize, main as usize);
    if main > CAPTURE_START_MAX {
        return 0;
    }
    // SAFETY: `s` is the scratch value; `main` <= CAPTURE_START_MAX, so its header and first 16
    // data bytes are in the buffer.
    unsafe {
        if (*s).len as usize <= main {
            return 0;
        }
        let header = (&raw const (*s).buf).cast::<u8>().add(main).cast::<CaptureHeader>().read();
        if header.flags & capture_flags::READ_FAULT != 0 || (header.len as usize) < FPROG_SIZE {
            return 0;
        }
        let fprog = data(s, main);
        let len = u64::from(fprog.cast::<u16>().read());
        let ptr = fprog.add(8).cast::<u64>().read_unaligned();
        if ptr == 0 || len == 0 {
            return 0;
        }
        let (n, more) = fprog_program_bytes(len);
        program(s, arg, ptr, n, more);
    }
    0
}

/// Part FILTER of argument `arg` at exit (SIZED_FPROG_OUT): the program at `ptr` of as many
/// instructions as the u32 at `len_ptr` says (see [`program`]). Returns 0.
///
/// A BPF global function (see `capture::tracer_at_entry`).
#[unsafe(no_mangle)]
#[inline(never)]
pub extern "C" fn tracer_fprog_out(arg: u64, ptr: u64, len_ptr: u64) -> i64 {
    let Some(s) = scratch() else { return 0 };
    let mut insns: u32 = 0;
    // SAFETY: `s` is the scratch value; the length is read into a local.
    unsafe {
        if len_ptr == 0 || bpf_probe_read_user((&raw mut insns).cast(), 4, len_ptr as *const c_void) < 0 {
            return 0;
        }
        if insns == 0 {
            return 0;
        }
        let (n, more) = fprog_program_bytes(u64::from(insns));
        program(s, arg as usize, ptr, n, more);
    }
    0
}

/// Part FILTER: the readable prefix of the `n` bytes (at most CAP_MAX) of a program at `ptr` in
/// whole instructions, TRUNCATED when all were readable and `more` instructions follow; READ_FAULT
/// when none is readable.
#[inline(always)]
unsafe fn program(s: *mut Scratch, arg: usize, ptr: u64, n: u64, more: bool) {
    // SAFETY: `s` is the scratch value.
    unsafe {
        let Some(off) = start(s) else { return };
        match tracer_read_prefix(off as u64, ptr, n, FPROG_INSN_SIZE) {
            0 => finish_part(s, off, arg, part::FILTER, capture_flags::READ_FAULT, 0),
            got if got == n => {
                let flags = if more { capture_flags::TRUNCATED } else { 0 };
                finish_part(s, off, arg, part::FILTER, flags, got);
            }
            got => finish_part(s, off, arg, part::FILTER, 0, got),
        }
    }
}
