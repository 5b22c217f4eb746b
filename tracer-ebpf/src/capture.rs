//! The capture plan carried out in the kernel. The bytes and flags are exactly those the ptrace
//! backend produces (see `tracer_common::capture::mode`), within these hard caps:
//!
//! - one capture holds at most [`CAP_MAX`] (4096) bytes: a string, buffer or argv array cut there is
//!   flagged TRUNCATED even when `-s` asks for more (paths never exceed it);
//! - envp-like arrays are counted up to [`tracer_ebpf::MAX_POINTERS_COUNTED`] pointers, getdents64
//!   buffers walked over at most [`tracer_ebpf::MAX_DIRENTS_BYTES`] bytes (as the ptrace backend);
//! - arrays, socket addresses and options, control data and iovec contents are bounded by the
//!   shared bounds of `tracer_common::capture` (ARRAY_MAX_BYTES, SOCKADDR_MAX_BYTES, ...), which both
//!   backends apply, so that an iovec or msghdr (several parts) always fits the record
//!   ([`tracer_ebpf::MULTIPART_MAX`]).
//!
//! Every capture reads its inputs from the scratch value (map memory), so the verifier checks each
//! one once whatever the other arguments did; offsets and sizes are bounded before every access.

use core::ffi::c_void;

use aya_ebpf::helpers::generated::{bpf_probe_read_user, bpf_probe_read_user_str};
use tracer_common::capture::{
    buffer_keep, is_fd_bits, mode, msghdr, page_rest, part, peek_bytes, peek_out_on_failure, plan_len,
    plan_struct_size, sized_fallback, struct_out_taken, ARGV_ALL, CONTROL_MAX_BYTES, EXT_STRUCT_END,
    IOVEC_SIZE, PAGE_SIZE, SIGFRAME_MASK_OFFSET, SOCKADDR_MAX_BYTES,
};
use tracer_common::record::{align8, capture_flags, CaptureHeader, CAPTURE_HEADER_SIZE};
use tracer_ebpf::{CAPTURE_START_MAX, CAP_MAX};

use crate::arrays::{array, array_prefix, fd_set};
use crate::record::{self, scratch, Scratch};
use crate::{fprog, walk};

const CAP: u64 = CAP_MAX as u64;

/// The offset at which the next capture starts, if it is in bounds (it always is: see
/// `tracer_ebpf::CAPTURE_START_MAX` and `tracer_ebpf::MULTIPART_MAX`).
#[inline(always)]
pub unsafe fn start(s: *mut Scratch) -> Option<usize> {
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

/// Close the capture (part 0) starting at `off` with `len` bytes of data: see [`finish_part`].
#[inline(always)]
pub unsafe fn finish(s: *mut Scratch, off: usize, arg: usize, flags: u8, len: u64) {
    // SAFETY: the caller's contract is finish_part's.
    unsafe { finish_part(s, off, arg, part::MAIN, flags, len) }
}

/// Close part `part` of a capture starting at `off` with `len` bytes of data: write its header
/// (with the scratch value's `cap_flags` added), zero its padding, and move the record's end past
/// it.
#[inline(always)]
pub unsafe fn finish_part(s: *mut Scratch, off: usize, arg: usize, part: u16, flags: u8, len: u64) {
    let len = if len > CAP { CAP } else { len } as usize;
    // SAFETY: `off` <= CAPTURE_START_MAX and `len` <= CAP_MAX keep every access in the buffer;
    // `off` is a multiple of 8 (records and captures are padded to 8) as is the buffer.
    unsafe {
        let flags = flags | (*s).cap_flags as u8;
        let header = CaptureHeader { arg: arg as u8, flags, part, len: len as u32 };
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

/// A READ_FAULT capture with no bytes.
#[inline(always)]
unsafe fn fault(s: *mut Scratch, arg: usize) {
    // SAFETY: `s` is the scratch value.
    unsafe {
        if let Some(off) = start(s) {
            finish(s, off, arg, capture_flags::READ_FAULT, 0);
        }
    }
}

/// A NUL-terminated string as part `part`: its bytes without the NUL, at most `limit` of them, TRUNCATED if it is
/// longer; READ_FAULT and no bytes if it cannot be read. As the ptrace backend's, a string of more
/// than `limit` characters is cut even where unreadable memory starts right after its first
/// `limit + 1` bytes.
#[inline(always)]
pub unsafe fn string(s: *mut Scratch, arg: usize, part: u16, ptr: u64, limit: u64) {
    // SAFETY: `s` is the scratch value; `data` has room for CAP_MAX + 2 bytes.
    unsafe {
        let Some(off) = start(s) else { return };
        let limit = if limit > CAP { CAP } else { limit };
        // Up to limit + 1 characters and the NUL: one character more than kept tells a longer
        // string from one of exactly `limit` characters.
        let mut got = bpf_probe_read_user_str(data(s, off).cast(), (limit + 2) as u32, ptr as *const c_void);
        if got <= 0 {
            // No NUL before unreadable memory. Were the first `limit + 1` bytes readable, the
            // string is longer than `limit` (the helper then returns `limit + 1`).
            got = bpf_probe_read_user_str(data(s, off).cast(), (limit + 1) as u32, ptr as *const c_void);
            if got <= 0 {
                finish_part(s, off, arg, part, capture_flags::READ_FAULT, 0);
                return;
            }
            if got as u64 > limit {
                finish_part(s, off, arg, part, capture_flags::TRUNCATED, limit);
                return;
            }
        }
        let chars = (got - 1) as u64;
        if chars > limit {
            finish_part(s, off, arg, part, capture_flags::TRUNCATED, limit);
        } else {
            finish_part(s, off, arg, part, 0, chars);
        }
    }
}

/// `n` bytes at `ptr` as part `part` with `flags`, or READ_FAULT and no bytes; `n` is cut at
/// CAP_MAX (and then TRUNCATED).
#[inline(always)]
pub unsafe fn copy(s: *mut Scratch, arg: usize, part: u16, ptr: u64, n: u64, flags: u8) {
    // SAFETY: `s` is the scratch value; at most CAP_MAX bytes are written to `data`.
    unsafe {
        let Some(off) = start(s) else { return };
        let (n, flags) = if n > CAP { (CAP, capture_flags::TRUNCATED) } else { (n, flags) };
        if n > 0 && bpf_probe_read_user(data(s, off).cast(), n as u32, ptr as *const c_void) < 0 {
            finish_part(s, off, arg, part, capture_flags::READ_FAULT, 0);
            return;
        }
        finish_part(s, off, arg, part, flags, n);
    }
}

/// Read `n` (at most CAP_MAX) bytes at `ptr` into the capture starting at `off`; when that faults,
/// the bytes up to the end of `ptr`'s page, cut to a multiple of `unit` (whole elements). `n` spans
/// at most two pages, so that is the readable prefix. Returns how many bytes were read (0: none).
///
/// A BPF global function (see [`tracer_at_entry`]): its locals stay out of its callers' frames.
#[unsafe(no_mangle)]
#[inline(never)]
pub extern "C" fn tracer_read_prefix(off: u64, ptr: u64, n: u64, unit: u64) -> u64 {
    let Some(s) = scratch() else { return 0 };
    let off = off as usize;
    if n == 0 || n > CAP || off > CAPTURE_START_MAX {
        return 0;
    }
    // SAFETY: `s` is the scratch value and `off` <= CAPTURE_START_MAX; at most CAP_MAX bytes are
    // written to `data`.
    unsafe {
        if bpf_probe_read_user(data(s, off).cast(), n as u32, ptr as *const c_void) >= 0 {
            return n;
        }
        let mut first = PAGE_SIZE - (ptr & (PAGE_SIZE - 1));
        if unit > 1 {
            first -= first % unit;
        }
        if first == 0 || first >= n || first > CAP {
            return 0;
        }
        if bpf_probe_read_user(data(s, off).cast(), first as u32, ptr as *const c_void) >= 0 {
            first
        } else {
            0
        }
    }
}

/// PEEK_INOUT: the readable prefix of `want` bytes at `ptr` (at most CAP_MAX), TRUNCATED when all
/// of them were readable.
#[inline(always)]
unsafe fn peek(s: *mut Scratch, arg: usize, ptr: u64, want: u64) {
    // SAFETY: `s` is the scratch value.
    unsafe {
        let Some(off) = start(s) else { return };
        let n = if want > CAP { CAP } else { want };
        match tracer_read_prefix(off as u64, ptr, n, 1) {
            0 => finish(s, off, arg, capture_flags::READ_FAULT, 0),
            got if got == n => finish(s, off, arg, capture_flags::TRUNCATED, got),
            got => finish(s, off, arg, 0, got),
        }
    }
}

/// IOCTL_INOUT: `n` bytes at `ptr`, or when they are not all readable the bytes up to the end of
/// `ptr`'s page; READ_FAULT when those are unreadable too. Not inlined: with the other captures
/// inlined into `tracer_at_entry`, the verifier's combined stack went past 512 bytes.
#[inline(never)]
unsafe fn page_prefix(s: *mut Scratch, arg: usize, ptr: u64, n: u64) {
    let to_page_end = PAGE - (ptr & (PAGE - 1));
    let mut last: u8 = 0;
    // SAFETY: `s` is the scratch value; the probe reads one byte into a local.
    unsafe {
        // The whole object when its last byte is readable (and READ_FAULT if another is not), else
        // the part on the first page.
        let whole = n <= to_page_end
            || bpf_probe_read_user(
                (&raw mut last).cast(),
                1,
                ptr.wrapping_add(n).wrapping_sub(1) as *const c_void,
            ) >= 0;
        copy(s, arg, part::MAIN, ptr, if whole { n } else { to_page_end }, 0);
    }
}

/// PTR_LEN_IN: the 16-byte `{pointer, length}` struct at `ptr`, then, when the pointer is not NULL
/// and the length at most `size`, that many bytes at the pointer (part ELEMENT). Not inlined, for
/// the verifier's combined stack (see [`page_prefix`]).
#[inline(never)]
unsafe fn ptr_len(s: *mut Scratch, arg: usize, ptr: u64, size: u16) {
    // SAFETY: `s` is the scratch value; 16 bytes are written to `data` and read back from it (the
    // struct is read in place, not on the stack, which is at its limit).
    unsafe {
        let Some(off) = start(s) else { return };
        let at = data(s, off);
        if bpf_probe_read_user(at.cast(), 16, ptr as *const c_void) < 0 {
            finish_part(s, off, arg, part::MAIN, capture_flags::READ_FAULT, 0);
            return;
        }
        let inner = at.cast::<u64>().read_unaligned();
        let len = at.add(8).cast::<u64>().read_unaligned();
        finish_part(s, off, arg, part::MAIN, 0, 16);
        if inner != 0 && len <= u64::from(size) {
            copy(s, arg, part::ELEMENT, inner, len, 0);
        }
    }
}

/// The page size (IOCTL_INOUT's fallback copy stops at the end of a page).
const PAGE: u64 = 4096;

/// `len` bytes at `ptr`, of which at most `keep` are copied (TRUNCATED if fewer than `len`).
#[inline(always)]
unsafe fn buffer(s: *mut Scratch, arg: usize, part: u16, ptr: u64, len: u64, keep: u64) {
    let n = if len < keep { len } else { keep };
    let flags = if len > n { capture_flags::TRUNCATED } else { 0 };
    // SAFETY: `s` is the scratch value.
    unsafe { copy(s, arg, part, ptr, n, flags) }
}

/// A sized capture (SIZED_IN, SIZED_OUT, a msghdr's name): [`buffer`], or when those bytes cannot
/// all be read, the bytes up to the end of `ptr`'s page flagged TRUNCATED
/// (`tracer_common::capture::sized_fallback`), as the ptrace backend.
#[inline(always)]
unsafe fn sized(s: *mut Scratch, arg: usize, part: u16, ptr: u64, len: u64, keep: u64) {
    let n = if len < keep { len } else { keep };
    let n = if n > CAP { CAP } else { n };
    let flags = if len > n { capture_flags::TRUNCATED } else { 0 };
    // SAFETY: `s` is the scratch value; at most CAP_MAX bytes are written to `data`.
    unsafe {
        let Some(off) = start(s) else { return };
        if n > 0 && bpf_probe_read_user(data(s, off).cast(), n as u32, ptr as *const c_void) < 0 {
            let back = sized_fallback(ptr, n);
            let back = if back > CAP { CAP } else { back };
            if back == 0 || bpf_probe_read_user(data(s, off).cast(), back as u32, ptr as *const c_void) < 0 {
                finish_part(s, off, arg, part, capture_flags::READ_FAULT, 0);
            } else {
                finish_part(s, off, arg, part, capture_flags::TRUNCATED, back);
            }
            return;
        }
        finish_part(s, off, arg, part, flags, n);
    }
}

/// BUF_IN/BUF_OUT of `len` bytes at `ptr` with the plan's `size` (see `mode::BUF_IN`): a socket's
/// buffer (nonzero `size`) keeps its readable prefix, up to the end of its first page, when the
/// whole copy faults (SHORT).
#[inline(always)]
unsafe fn data_buffer(s: *mut Scratch, arg: usize, ptr: u64, len: u64, strlen: u32, size: u16) {
    let keep = buffer_keep(len, strlen, size);
    // SAFETY: `s` is the scratch value; at most CAP_MAX bytes are written to `data`.
    unsafe {
        let Some(off) = start(s) else { return };
        if size == 0 {
            // A dump's longer copy that faults falls back to the `-s` bytes the line shows.
            let n = if keep > CAP { CAP } else { keep };
            let flags = if len > n { capture_flags::TRUNCATED } else { 0 };
            if n > 0 && bpf_probe_read_user(data(s, off).cast(), n as u32, ptr as *const c_void) < 0 {
                let shown = buffer_keep(len, (*s).limits.strlen, 0);
                if shown < n
                    && bpf_probe_read_user(data(s, off).cast(), shown as u32, ptr as *const c_void) >= 0
                {
                    finish_part(s, off, arg, part::MAIN, capture_flags::TRUNCATED, shown);
                } else {
                    finish_part(s, off, arg, part::MAIN, capture_flags::READ_FAULT, 0);
                }
                return;
            }
            finish_part(s, off, arg, part::MAIN, flags, n);
            return;
        }
        let (n, flags) = if keep > CAP {
            (CAP, capture_flags::TRUNCATED)
        } else if len > keep {
            (keep, capture_flags::TRUNCATED)
        } else {
            (keep, 0)
        };
        if n > 0 && bpf_probe_read_user(data(s, off).cast(), n as u32, ptr as *const c_void) < 0 {
            let rest = page_rest(ptr);
            if rest < n && bpf_probe_read_user(data(s, off).cast(), rest as u32, ptr as *const c_void) >= 0 {
                finish_part(s, off, arg, part::MAIN, capture_flags::SHORT, rest);
            } else {
                finish_part(s, off, arg, part::MAIN, capture_flags::READ_FAULT, 0);
            }
            return;
        }
        finish_part(s, off, arg, part::MAIN, flags, n);
    }
}

/// SIZED_OUT: the u32 length the call stored at `len_ptr`, then that many bytes at `ptr`, at most
/// `bound`; READ_FAULT when the length cannot be read.
#[inline(always)]
unsafe fn sized_out(s: *mut Scratch, arg: usize, ptr: u64, len_ptr: u64, bound: u16) {
    let mut len: u32 = 0;
    // SAFETY: `s` is the scratch value; the length is read into a local.
    unsafe {
        if len_ptr == 0 || bpf_probe_read_user((&raw mut len).cast(), 4, len_ptr as *const c_void) < 0 {
            fault(s, arg);
            return;
        }
        sized(s, arg, part::MAIN, ptr, u64::from(len), u64::from(bound));
    }
}

/// A msghdr as part MAIN, then its name, iovecs (with contents) and control data, each read from
/// the pointers and lengths of the copy (see `mode::MSGHDR_IN`); the contents limited as the last
/// `walk::limit_contents` said; argument `arg` of the call in the scratch value. Returns 0.
///
/// A BPF global function, checked once per program (see `walk::tracer_iovec`).
///
/// # Safety
/// The scratch value's `limits` must be filled in.
#[unsafe(no_mangle)]
#[inline(never)]
unsafe extern "C" fn tracer_msghdr(arg: u64, ptr: u64) -> i64 {
    let Some(s) = scratch() else { return 0 };
    let arg = arg as usize;
    // SAFETY: `s` is the scratch value; the msghdr is read into `data` (56 bytes) and its fields
    // out of it; the parts after it are written past it.
    unsafe {
        let Some(off) = start(s) else { return 0 };
        let hdr = data(s, off);
        if bpf_probe_read_user(hdr.cast(), msghdr::SIZE as u32, ptr as *const c_void) < 0 {
            finish_part(s, off, arg, part::MAIN, capture_flags::READ_FAULT, 0);
            return 0;
        }
        finish_part(s, off, arg, part::MAIN, 0, msghdr::SIZE as u64);
        // Each field is read from the copy (which later parts do not overwrite) just before its
        // use: fewer values live across the calls keep this function's stack small.
        let name = hdr.add(msghdr::NAME).cast::<u64>().read();
        if name != 0 {
            let namelen = u64::from(hdr.add(msghdr::NAMELEN).cast::<u32>().read());
            sized(s, arg, part::NAME, name, namelen, u64::from(SOCKADDR_MAX_BYTES));
        }
        let iov = hdr.add(msghdr::IOV).cast::<u64>().read();
        if iov != 0 {
            let iovlen = hdr.add(msghdr::IOVLEN).cast::<u64>().read();
            walk::tracer_iovec(arg as u64, u64::from(part::IOV), iov, iovlen, IOVEC_SIZE as u64);
        }
        let control = hdr.add(msghdr::CONTROL).cast::<u64>().read();
        if control != 0 {
            let controllen = hdr.add(msghdr::CONTROLLEN).cast::<u64>().read();
            buffer(s, arg, part::CONTROL, control, controllen, u64::from(CONTROL_MAX_BYTES));
        }
    }
    0
}

/// Captures taken at syscall entry for argument `arg` of the call in the scratch value. Returns 0.
///
/// A BPF global function (exported, never inlined, scalar arguments): the verifier checks it once
/// per program for any argument, not once per call site and caller state (sys_exit takes entry
/// captures on three paths: a deferred call sent whole, its entry sent alone, faulted captures
/// read again).
///
/// # Safety
/// The scratch value must hold the call's `args`, `plan` and `limits`.
#[unsafe(no_mangle)]
#[inline(never)]
pub unsafe extern "C" fn tracer_at_entry(arg: u64) -> i64 {
    let Some(s) = scratch() else { return 0 };
    // SAFETY: see the function's contract.
    unsafe { at_entry(s, arg as usize) };
    0
}

/// [`tracer_at_entry`]'s work.
///
/// # Safety
/// `s` must be the scratch value, with `args`, `plan` and `limits` filled in.
#[inline(always)]
unsafe fn at_entry(s: *mut Scratch, arg: usize) {
    if arg >= 6 {
        return;
    }
    // SAFETY: see the function's contract; `arg` and `len_arg` are checked against 6.
    unsafe {
        let plan = record::arg_plan((*s).nr, arg);
        let ptr = (*s).args[arg];
        if plan.mode == mode::SIGFRAME_MASK {
            // Not the argument: the frame on the user stack the call returns from.
            let sp = (*s).sp;
            if sp == 0 {
                fault(s, arg);
            } else {
                copy(s, arg, part::MAIN, sp.wrapping_add(SIGFRAME_MASK_OFFSET), 8, 0);
            }
            return;
        }
        if plan.mode == mode::NONE || ptr == 0 {
            return;
        }
        let strlen = (*s).limits.strlen;
        let len = plan_len(plan, &(*s).args);
        match plan.mode {
            mode::PATH_IN => string(s, arg, part::MAIN, ptr, u64::from((*s).limits.path_max)),
            mode::STR_IN => string(s, arg, part::MAIN, ptr, u64::from(strlen)),
            mode::BUF_IN => data_buffer(s, arg, ptr, len, (*s).limits.data_bytes(), plan.size),
            mode::STRUCT_IN | mode::STRUCT_INOUT => {
                buffer(s, arg, part::MAIN, ptr, plan_struct_size(plan, len), CAP)
            }
            mode::PTR_LEN_IN => ptr_len(s, arg, ptr, plan.size),
            mode::IOCTL_INOUT => page_prefix(s, arg, ptr, u64::from(plan.size)),
            mode::ARGV_IN => walk::argv(s, arg, ptr, u64::from(strlen), plan.size == ARGV_ALL, 0),
            mode::ARGV32_IN => {
                walk::argv(s, arg, ptr, u64::from(strlen), plan.size == ARGV_ALL, walk::POINTERS32)
            }
            mode::PTR_COUNT_IN => walk::count_pointers(s, arg, ptr, 0),
            mode::PTR_COUNT32_IN => walk::count_pointers(s, arg, ptr, walk::POINTERS32),
            mode::ARRAY_IN => array_prefix(s, arg, ptr, len, plan.size, strlen),
            mode::ARRAY_INOUT if is_fd_bits(plan) => fd_set(s, arg, ptr, len),
            mode::ARRAY_INOUT => array_prefix(s, arg, ptr, len, plan.size, u32::MAX),
            mode::SIZED_IN => sized(s, arg, part::MAIN, ptr, len, u64::from(plan.size)),
            mode::IOVEC_IN => {
                walk::limit_contents(s, None);
                walk::tracer_iovec(arg as u64, u64::from(part::MAIN), ptr, len, u64::from(plan.size));
            }
            mode::MSGHDR_IN => {
                walk::limit_contents(s, None);
                tracer_msghdr(arg as u64, ptr);
            }
            // recvmsg: the msghdr as the caller offered it; the rest at exit.
            mode::MSGHDR_OUT => buffer(s, arg, part::MAIN, ptr, msghdr::SIZE as u64, CAP),
            mode::PEEK_INOUT => peek(s, arg, ptr, peek_bytes(plan.size, strlen)),
            mode::PEEK_FPROG_INOUT => {
                let main = (*s).len;
                peek(s, arg, ptr, peek_bytes(plan.size, strlen));
                fprog::tracer_fprog(arg as u64, main);
            }
            mode::SIZED_FPROG_IN => {
                let main = (*s).len;
                sized(s, arg, part::MAIN, ptr, len, u64::from(plan.size));
                fprog::tracer_fprog(arg as u64, main);
            }
            mode::EXT_STRUCT_IN => {
                // The known part (TRUNCATED when the struct is larger), then what follows it up
                // to EXT_STRUCT_END.
                let size = u64::from(plan.size);
                buffer(s, arg, part::MAIN, ptr, len, size);
                if len > size && size < EXT_STRUCT_END {
                    buffer(s, arg, part::TAIL, ptr.wrapping_add(size), len - size, EXT_STRUCT_END - size);
                }
            }
            _ => {}
        }
    }
}

/// Captures taken at syscall exit for argument `arg` of the call in the scratch value. Returns 0.
/// A BPF global function, checked once per program (see [`tracer_at_entry`]).
///
/// # Safety
/// The scratch value must hold the call's `args`, `ret`, `plan` and `limits`.
#[unsafe(no_mangle)]
#[inline(never)]
pub unsafe extern "C" fn tracer_at_exit(arg: u64) -> i64 {
    let Some(s) = scratch() else { return 0 };
    // SAFETY: see the function's contract.
    unsafe { at_exit(s, arg as usize) };
    0
}

/// [`tracer_at_exit`]'s work.
///
/// # Safety
/// `s` must be the scratch value, with `args`, `ret`, `plan` and `limits` filled in.
#[inline(always)]
unsafe fn at_exit(s: *mut Scratch, arg: usize) {
    if arg >= 6 {
        return;
    }
    // SAFETY: see the function's contract.
    unsafe {
        let plan = record::arg_plan((*s).nr, arg);
        let ptr = (*s).args[arg];
        let ret = (*s).ret;
        if ptr == 0 {
            return;
        }
        if plan.mode == mode::FD_INODE_OUT {
            if ret >= 0 {
                crate::fdinode::tracer_fd_inode(arg as u64, ret as u64);
            }
            return;
        }
        let strlen = (*s).limits.strlen;
        let len = plan_len(plan, &(*s).args);
        // Every exit capture but BUF_OUT's and DIRENTS_COUNT_OUT's is taken when ret >= 0; an
        // interrupted call's output structs too (nanosleep's remaining time), and a failed
        // IOVEC_OUT call's iovecs without their contents.
        if ret < 0 {
            if struct_out_taken(ret) && matches!(plan.mode, mode::STRUCT_OUT | mode::STRUCT_INOUT) {
                buffer(s, arg, part::MAIN, ptr, plan_struct_size(plan, len), CAP);
            }
            if plan.mode == mode::IOVEC_OUT {
                array_prefix(s, arg, ptr, len, plan.size, strlen);
            }
            if plan.mode == mode::PEEK_INOUT && peek_out_on_failure(ret) {
                peek(s, arg, ptr, peek_bytes(plan.size, strlen));
            }
            return;
        }
        let returned = ret as u64;
        match plan.mode {
            mode::BUF_OUT if returned > 0 => {
                data_buffer(s, arg, ptr, returned, (*s).limits.data_bytes(), plan.size)
            }
            mode::STRUCT_OUT | mode::STRUCT_INOUT => {
                buffer(s, arg, part::MAIN, ptr, plan_struct_size(plan, len), CAP)
            }
            mode::IOCTL_INOUT => page_prefix(s, arg, ptr, u64::from(plan.size)),
            mode::DIRENTS_COUNT_OUT if returned > 0 => walk::count_dirents(s, arg, ptr, returned),
            mode::ARRAY_INOUT if is_fd_bits(plan) => fd_set(s, arg, ptr, len),
            mode::ARRAY_INOUT => array(s, arg, ptr, len, plan.size, u32::MAX),
            mode::ARRAY_OUT_RET => array(s, arg, ptr, returned, plan.size, strlen),
            mode::SIZED_OUT => sized_out(s, arg, ptr, len, plan.size),
            mode::IOVEC_OUT => {
                walk::limit_contents(s, Some(returned));
                walk::tracer_iovec(arg as u64, u64::from(part::MAIN), ptr, len, u64::from(plan.size));
            }
            mode::MSGHDR_OUT => {
                walk::limit_contents(s, Some(returned));
                tracer_msghdr(arg as u64, ptr);
            }
            mode::PEEK_INOUT | mode::PEEK_FPROG_INOUT => peek(s, arg, ptr, peek_bytes(plan.size, strlen)),
            mode::SIZED_FPROG_OUT => {
                sized_out(s, arg, ptr, len, plan.size);
                fprog::tracer_fprog_out(arg as u64, ptr, len);
            }
            _ => {}
        }
    }
}
