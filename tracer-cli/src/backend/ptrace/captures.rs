//! The capture plan, carried out with ptrace: copies the memory each argument's plan asks for, with the
//! same bytes and flags the eBPF program produces (see `tracer_common::capture::mode`). Captures come
//! in argument order, and an argument's parts in the order the mode documents; iovecs and msghdrs
//! (several parts each) are in [`iov`].

mod deref;
mod fprog;
mod iov;

pub use deref::derefs;

use tracer_common::capture::{
    argv_tag, array_elements, buffer_keep, fprog_program_bytes, is_fd_bits, mode, msghdr, page_rest, part,
    peek_bytes, peek_out_on_failure, plan_len, plan_struct_size, sized_fallback, struct_out_taken, ArgPlan,
    Limits, SyscallPlan, ARGV_ALL, ARGV_ALL_ELEMENTS, EXT_STRUCT_END, SIGFRAME_MASK_OFFSET,
};
use tracer_common::event::Capture;
use tracer_common::record::capture_flags::{COUNT, READ_FAULT, SHORT, STRINGS, TRUNCATED};

use super::memory::{TraceeMemory, PAGE};

/// Upper bound on the pointers counted for an envp-like array (the eBPF side has the same bound).
pub const MAX_POINTERS_COUNTED: u32 = 4096;
/// Upper bound on the bytes of a getdents64 buffer walked to count entries.
const MAX_DIRENTS_BYTES: usize = 1 << 20;

/// Captures taken at syscall entry; `sp` is the user stack pointer (for rt_sigreturn's frame).
pub fn at_entry(
    mem: &TraceeMemory,
    plan: &SyscallPlan,
    args: &[u64; 6],
    sp: u64,
    limits: &Limits,
) -> Vec<Capture> {
    let mut out = Vec::new();
    for (idx, arg) in plan.args.iter().enumerate() {
        if arg.mode == mode::SIGFRAME_MASK {
            // Not an argument register: the signal frame on the stack.
            out.push(sigframe_mask(mem, idx, sp));
        } else if arg.is_entry() && args[idx] != 0 {
            entry_capture(mem, idx, arg, args, limits, &mut out);
        }
    }
    out
}

/// Captures taken at syscall exit, given the entry arguments and the return value.
pub fn at_exit(
    mem: &TraceeMemory,
    plan: &SyscallPlan,
    args: &[u64; 6],
    ret: i64,
    limits: &Limits,
) -> Vec<Capture> {
    let mut out = Vec::new();
    for (idx, arg) in plan.args.iter().enumerate() {
        if arg.is_exit() && args[idx] != 0 {
            exit_capture(mem, idx, arg, args, ret, limits, &mut out);
        }
    }
    out
}

fn capture(idx: usize, flags: u8, bytes: Vec<u8>) -> Capture {
    Capture::new(u8::try_from(idx).unwrap_or(u8::MAX), flags, bytes)
}

fn fault(idx: usize) -> Capture {
    capture(idx, READ_FAULT, Vec::new())
}

fn truncated_flag(truncated: bool) -> u8 {
    if truncated {
        TRUNCATED
    } else {
        0
    }
}

fn as_len(value: u64) -> usize {
    usize::try_from(value).unwrap_or(usize::MAX)
}

/// A buffer of `len` bytes at `ptr`, of which at most `keep` are copied (TRUNCATED if fewer).
fn buffer(mem: &TraceeMemory, idx: usize, ptr: u64, len: u64, keep: u64) -> Capture {
    let shown = len.min(keep);
    match mem.read_exact(ptr, as_len(shown)) {
        Some(bytes) => capture(idx, truncated_flag(len > shown), bytes),
        None => fault(idx),
    }
}

/// A sized capture (SIZED_IN, SIZED_OUT, a msghdr's name): [`buffer`], or when that faults the
/// bytes up to the end of the page, TRUNCATED (`tracer_common::capture::sized_fallback`).
fn sized(mem: &TraceeMemory, idx: usize, ptr: u64, len: u64, keep: u64) -> Capture {
    let whole = buffer(mem, idx, ptr, len, keep);
    let fallback = sized_fallback(ptr, len.min(keep));
    if !whole.read_fault() || fallback == 0 {
        return whole;
    }
    match mem.read_exact(ptr, as_len(fallback)) {
        Some(bytes) => capture(idx, TRUNCATED, bytes),
        None => whole,
    }
}

/// BUF_IN/BUF_OUT: a buffer of `len` bytes at `ptr` as `plan` says (see `mode::BUF_IN`): a socket's
/// buffer (nonzero `size`) keeps its readable prefix, up to the end of its first page, when the
/// whole copy faults (SHORT).
fn data_buffer(
    mem: &TraceeMemory,
    idx: usize,
    plan: &ArgPlan,
    ptr: u64,
    len: u64,
    limits: &Limits,
) -> Capture {
    let keep = buffer_keep(len, limits.data_bytes(), plan.size);
    if plan.size == 0 {
        // A dump's longer copy that faults falls back to the `-s` bytes the line shows.
        let whole = buffer(mem, idx, ptr, len, keep);
        let shown = buffer_keep(len, limits.strlen, 0);
        if !whole.read_fault() || shown >= keep.min(len) {
            return whole;
        }
        return buffer(mem, idx, ptr, len, shown);
    }
    if let Some(bytes) = mem.read_exact(ptr, as_len(keep)) {
        return capture(idx, truncated_flag(len > keep), bytes);
    }
    let rest = page_rest(ptr);
    match mem.read_exact(ptr, as_len(rest)).filter(|_| rest < keep) {
        Some(bytes) => capture(idx, SHORT, bytes),
        None => fault(idx),
    }
}

/// A struct of `size` bytes, whole or READ_FAULT.
fn structure(mem: &TraceeMemory, idx: usize, ptr: u64, size: u16) -> Capture {
    buffer(mem, idx, ptr, u64::from(size), u64::from(size))
}

/// `size` bytes, or when they are not all readable the readable part of the first page
/// (`mode::IOCTL_INOUT`); READ_FAULT when nothing is readable.
fn page_prefix(mem: &TraceeMemory, idx: usize, ptr: u64, size: u16) -> Capture {
    let mut bytes = vec![0; usize::from(size)];
    let got = mem.read_prefix(ptr, &mut bytes);
    let to_page_end = usize::try_from(PAGE - ptr % PAGE).unwrap_or(usize::MAX);
    if got == bytes.len() {
        capture(idx, 0, bytes)
    } else if got >= to_page_end {
        bytes.truncate(to_page_end);
        capture(idx, 0, bytes)
    } else {
        fault(idx)
    }
}

/// An array of `count` elements of `size` bytes, bounded by [`array_elements`].
fn array(mem: &TraceeMemory, idx: usize, ptr: u64, count: u64, size: u16, strlen: u32) -> Capture {
    let elements = array_elements(count, size, strlen);
    match mem.read_exact(ptr, as_len(elements * u64::from(size))) {
        Some(bytes) => capture(idx, truncated_flag(elements < count), bytes),
        None => fault(idx),
    }
}

/// ARRAY_IN: [`array`]'s elements and one more, or the readable prefix of them in whole elements
/// (without TRUNCATED: the rest is unreadable).
fn array_prefix(mem: &TraceeMemory, idx: usize, ptr: u64, count: u64, size: u16, strlen: u32) -> Capture {
    let elements = array_elements(count, size, strlen.saturating_add(1));
    let mut bytes = vec![0; as_len(elements * u64::from(size))];
    let got = mem.read_prefix(ptr, &mut bytes);
    if got == bytes.len() {
        return capture(idx, truncated_flag(elements < count), bytes);
    }
    let whole = got - got % usize::from(size.max(1));
    if whole == 0 {
        return fault(idx);
    }
    bytes.truncate(whole);
    capture(idx, 0, bytes)
}

fn string(mem: &TraceeMemory, idx: usize, ptr: u64, limit: u32) -> Capture {
    match mem.read_cstr(ptr, as_len(u64::from(limit))) {
        Some(s) => capture(idx, truncated_flag(s.truncated), s.bytes),
        None => fault(idx),
    }
}

/// The value of argument `plan.len_arg` (a length or a count).
fn len_arg(plan: &ArgPlan, args: &[u64; 6]) -> u64 {
    plan_len(*plan, args)
}

/// One argument's captures at entry (`args[idx]` is not NULL).
fn entry_capture(
    mem: &TraceeMemory,
    idx: usize,
    plan: &ArgPlan,
    args: &[u64; 6],
    limits: &Limits,
    out: &mut Vec<Capture>,
) {
    let ptr = args[idx];
    let strlen = limits.strlen;
    let capture = match plan.mode {
        mode::PATH_IN => string(mem, idx, ptr, limits.path_max),
        mode::STR_IN => string(mem, idx, ptr, strlen),
        mode::BUF_IN => data_buffer(mem, idx, plan, ptr, len_arg(plan, args), limits),
        mode::STRUCT_IN | mode::STRUCT_INOUT => sized_structure(mem, idx, ptr, plan, args),
        mode::IOCTL_INOUT => page_prefix(mem, idx, ptr, plan.size),
        mode::ARGV_IN => argv(mem, idx, Pointers { at: ptr, size: 8 }, strlen, argv_elements(plan, strlen)),
        mode::ARGV32_IN => argv(mem, idx, Pointers { at: ptr, size: 4 }, strlen, argv_elements(plan, strlen)),
        mode::PTR_COUNT_IN => count_pointers(mem, idx, Pointers { at: ptr, size: 8 }),
        mode::PTR_COUNT32_IN => count_pointers(mem, idx, Pointers { at: ptr, size: 4 }),
        mode::ARRAY_IN => array_prefix(mem, idx, ptr, len_arg(plan, args), plan.size, strlen),
        mode::ARRAY_INOUT if is_fd_bits(*plan) => {
            array(mem, idx, ptr, len_arg(plan, args), plan.size, u32::MAX)
        }
        mode::ARRAY_INOUT => array_prefix(mem, idx, ptr, len_arg(plan, args), plan.size, u32::MAX),
        mode::SIZED_IN => sized(mem, idx, ptr, len_arg(plan, args), u64::from(plan.size)),
        // recvmsg: the msghdr as the caller offered it; the rest at exit.
        mode::MSGHDR_OUT => structure(mem, idx, ptr, msghdr::SIZE as u16),
        mode::PEEK_INOUT => peek(mem, idx, ptr, peek_bytes(plan.size, strlen)),
        // Several parts each.
        mode::IOVEC_IN => {
            let size = usize::from(plan.size);
            return iov::iovec(mem, idx, ptr, len_arg(plan, args), size, limits, None, out);
        }
        mode::MSGHDR_IN => return iov::msghdr(mem, idx, ptr, limits, None, out),
        mode::EXT_STRUCT_IN => return ext_struct(mem, idx, ptr, len_arg(plan, args), plan.size, out),
        mode::PTR_LEN_IN => return ptr_len(mem, idx, ptr, plan.size, out),
        mode::PEEK_FPROG_INOUT => {
            return fprog::with_fprog(mem, peek(mem, idx, ptr, peek_bytes(plan.size, strlen)), out);
        }
        mode::SIZED_FPROG_IN => {
            return fprog::with_fprog(
                mem,
                sized(mem, idx, ptr, len_arg(plan, args), u64::from(plan.size)),
                out,
            );
        }
        _ => return,
    };
    out.push(capture);
}

/// A struct of [`plan_struct_size`] bytes.
fn sized_structure(mem: &TraceeMemory, idx: usize, ptr: u64, plan: &ArgPlan, args: &[u64; 6]) -> Capture {
    let size = plan_struct_size(*plan, len_arg(plan, args));
    buffer(mem, idx, ptr, size, size)
}

/// PTR_LEN_IN: the `{pointer, length}` struct, then what it points to when its length is at most
/// `size`.
fn ptr_len(mem: &TraceeMemory, idx: usize, ptr: u64, size: u16, out: &mut Vec<Capture>) {
    let Some(pair) = mem.read_exact(ptr, 16) else { return out.push(fault(idx)) };
    let inner = u64::from_le_bytes(pair[..8].try_into().unwrap_or_default());
    let len = u64::from_le_bytes(pair[8..16].try_into().unwrap_or_default());
    out.push(capture(idx, 0, pair));
    if inner != 0 && len <= u64::from(size) {
        let element = match mem.read_exact(inner, as_len(len)) {
            Some(bytes) => capture(idx, 0, bytes),
            None => fault(idx),
        };
        out.push(Capture { part: part::ELEMENT, ..element });
    }
}

/// EXT_STRUCT_IN: the known part of a struct of `len` bytes, then what follows it (part TAIL).
fn ext_struct(mem: &TraceeMemory, idx: usize, ptr: u64, len: u64, size: u16, out: &mut Vec<Capture>) {
    let known = len.min(u64::from(size));
    out.push(match mem.read_exact(ptr, as_len(known)) {
        Some(bytes) => capture(idx, 0, bytes),
        None => fault(idx),
    });
    let end = len.min(EXT_STRUCT_END);
    if end > known {
        let tail = match mem.read_exact(ptr.wrapping_add(known), as_len(end - known)) {
            Some(bytes) => capture(idx, 0, bytes),
            None => fault(idx),
        };
        out.push(Capture { part: part::TAIL, ..tail });
    }
}

/// One argument's captures at exit (`args[idx]` is not NULL).
fn exit_capture(
    mem: &TraceeMemory,
    idx: usize,
    plan: &ArgPlan,
    args: &[u64; 6],
    ret: i64,
    limits: &Limits,
    out: &mut Vec<Capture>,
) {
    let ptr = args[idx];
    let strlen = limits.strlen;
    // Every exit capture but BUF_OUT's and DIRENTS_COUNT_OUT's is taken when the call returned >= 0;
    // an interrupted call's output structs too (nanosleep's remaining time), and a failed IOVEC_OUT
    // call's iovecs without their contents (strace prints the addresses).
    let Ok(returned) = u64::try_from(ret) else {
        if struct_out_taken(ret) && matches!(plan.mode, mode::STRUCT_OUT | mode::STRUCT_INOUT) {
            out.push(sized_structure(mem, idx, ptr, plan, args));
        }
        if plan.mode == mode::IOVEC_OUT {
            out.push(array_prefix(mem, idx, ptr, len_arg(plan, args), plan.size, strlen));
        }
        if plan.mode == mode::PEEK_INOUT && peek_out_on_failure(ret) {
            out.push(peek(mem, idx, ptr, peek_bytes(plan.size, strlen)));
        }
        return;
    };
    let capture = match plan.mode {
        mode::BUF_OUT if returned > 0 => data_buffer(mem, idx, plan, ptr, returned, limits),
        mode::STRUCT_OUT | mode::STRUCT_INOUT => sized_structure(mem, idx, ptr, plan, args),
        mode::IOCTL_INOUT => page_prefix(mem, idx, ptr, plan.size),
        mode::DIRENTS_COUNT_OUT if returned > 0 => count_dirents(mem, idx, ptr, returned),
        mode::ARRAY_INOUT => array(mem, idx, ptr, len_arg(plan, args), plan.size, u32::MAX),
        mode::ARRAY_OUT_RET => array(mem, idx, ptr, returned, plan.size, strlen),
        mode::SIZED_OUT => sized_out(mem, idx, ptr, len_arg(plan, args), plan.size),
        mode::PEEK_INOUT | mode::PEEK_FPROG_INOUT => peek(mem, idx, ptr, peek_bytes(plan.size, strlen)),
        mode::SIZED_FPROG_OUT => {
            let len_ptr = len_arg(plan, args);
            out.push(sized_out(mem, idx, ptr, len_ptr, plan.size));
            let insns = if len_ptr == 0 { None } else { mem.read_u32(len_ptr) };
            if let Some(insns) = insns.filter(|&n| n > 0) {
                let (n, more) = fprog_program_bytes(u64::from(insns));
                out.push(fprog::program(mem, idx, ptr, n, more));
            }
            return;
        }
        // Several parts each.
        mode::IOVEC_OUT => {
            let (count, size) = (len_arg(plan, args), usize::from(plan.size));
            return iov::iovec(mem, idx, ptr, count, size, limits, Some(returned), out);
        }
        mode::MSGHDR_OUT => return iov::msghdr(mem, idx, ptr, limits, Some(returned), out),
        mode::FD_INODE_OUT => match fd_inode(mem, returned) {
            Some(inode) => capture(idx, 0, inode.to_ne_bytes().to_vec()),
            None => return,
        },
        _ => return,
    };
    out.push(capture);
}

/// FD_INODE_OUT: the inode number of what the tracee's descriptor `fd` refers to, as /proc says.
fn fd_inode(mem: &TraceeMemory, fd: u64) -> Option<u64> {
    use std::os::unix::fs::MetadataExt as _;
    std::fs::metadata(format!("/proc/{}/fd/{fd}", mem.pid())).ok().map(|meta| meta.ino())
}

/// PEEK_INOUT: the readable prefix of `want` bytes at `ptr`, TRUNCATED when all of them were
/// readable.
fn peek(mem: &TraceeMemory, idx: usize, ptr: u64, want: u64) -> Capture {
    let mut bytes = vec![0; as_len(want)];
    let got = mem.read_prefix(ptr, &mut bytes);
    if got == 0 {
        return fault(idx);
    }
    let whole = got == bytes.len();
    bytes.truncate(got);
    capture(idx, truncated_flag(whole), bytes)
}

/// SIGFRAME_MASK: the 8-byte signal mask saved in the frame rt_sigreturn returns from.
fn sigframe_mask(mem: &TraceeMemory, idx: usize, sp: u64) -> Capture {
    structure(mem, idx, sp.wrapping_add(SIGFRAME_MASK_OFFSET), 8)
}

/// SIZED_OUT: the length the call stored at `len_ptr`, then that many bytes at `ptr`, at most
/// `bound`.
fn sized_out(mem: &TraceeMemory, idx: usize, ptr: u64, len_ptr: u64, bound: u16) -> Capture {
    if len_ptr == 0 {
        return fault(idx);
    }
    match mem.read_u32(len_ptr) {
        Some(len) => sized(mem, idx, ptr, u64::from(len), u64::from(bound)),
        None => fault(idx),
    }
}

/// A NULL-terminated array of pointers of `size` bytes (8, or an i386 call's 4) at `at`.
#[derive(Clone, Copy)]
struct Pointers {
    at: u64,
    size: u64,
}

impl Pointers {
    /// Pointer `n` of the array, if readable.
    fn read(self, mem: &TraceeMemory, n: u64) -> Option<u64> {
        let at = self.at.wrapping_add(n * self.size);
        if self.size == 4 {
            mem.read_u32(at).map(u64::from)
        } else {
            mem.read_u64(at)
        }
    }
}

/// argv: up to `elements` elements (each cut at `strlen`) as `mode::ARGV_IN` stores them (a tag, then
/// the string or the unreadable string's pointer); TRUNCATED when the array has more, SHORT when
/// a pointer of the array (not the first) is unreadable.
fn argv(mem: &TraceeMemory, idx: usize, array: Pointers, strlen: u32, elements: u32) -> Capture {
    let mut bytes = Vec::new();
    let mut flags = STRINGS;
    let element_limit = as_len(u64::from(strlen) + 1);
    for n in 0..=u64::from(elements) {
        let Some(ptr) = array.read(mem, n) else {
            return if n == 0 { fault(idx) } else { capture(idx, flags | SHORT, bytes) };
        };
        if ptr == 0 {
            break;
        }
        if n == u64::from(elements) {
            flags |= TRUNCATED;
            break;
        }
        match mem.read_cstr(ptr, element_limit) {
            Some(s) => {
                bytes.push(argv_tag::STRING);
                bytes.extend_from_slice(&s.bytes);
                bytes.push(0);
            }
            None => {
                bytes.push(argv_tag::ADDRESS);
                bytes.extend_from_slice(&ptr.to_le_bytes());
            }
        }
    }
    capture(idx, flags, bytes)
}

/// Elements an ARGV_IN capture keeps: `-s` of them, or all with [`ARGV_ALL`].
fn argv_elements(plan: &ArgPlan, strlen: u32) -> u32 {
    if plan.size == ARGV_ALL {
        ARGV_ALL_ELEMENTS
    } else {
        strlen
    }
}

/// envp: how many non-NULL pointers precede the NULL.
fn count_pointers(mem: &TraceeMemory, idx: usize, array: Pointers) -> Capture {
    let mut count: u32 = 0;
    while count < MAX_POINTERS_COUNTED {
        match array.read(mem, u64::from(count)) {
            Some(0) => break,
            Some(_) => count += 1,
            None if count == 0 => return fault(idx),
            None => return capture(idx, COUNT | SHORT, count.to_le_bytes().to_vec()),
        }
    }
    capture(idx, COUNT, count.to_le_bytes().to_vec())
}

/// getdents64: the number of `linux_dirent64` records in the first `len` bytes.
fn count_dirents(mem: &TraceeMemory, idx: usize, buf: u64, len: u64) -> Capture {
    let Some(bytes) = mem.read_exact(buf, as_len(len).min(MAX_DIRENTS_BYTES)) else {
        return fault(idx);
    };
    capture(idx, COUNT, count_dirent_records(&bytes).to_le_bytes().to_vec())
}

/// Walk `d_reclen` (a u16 at offset 16) through a getdents64 buffer.
pub fn count_dirent_records(bytes: &[u8]) -> u32 {
    let mut offset = 0usize;
    let mut count = 0u32;
    while let Some(reclen) = bytes.get(offset + 16..offset + 18) {
        let reclen = usize::from(u16::from_le_bytes([reclen[0], reclen[1]]));
        if reclen == 0 {
            break;
        }
        count += 1;
        offset += reclen;
    }
    count
}

#[cfg(test)]
mod tests;
