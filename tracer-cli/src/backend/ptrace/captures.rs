//! The capture plan, carried out with ptrace: copies the memory each argument's plan asks for, with the
//! same bytes and flags the eBPF program produces (see `tracer_common::capture::mode`).

use tracer_common::capture::{mode, ArgPlan, Limits, SyscallPlan};
use tracer_common::event::Capture;
use tracer_common::record::capture_flags::{COUNT, READ_FAULT, STRINGS, TRUNCATED};

use super::memory::TraceeMemory;

/// Upper bound on the pointers counted for an envp-like array (the eBPF side has the same bound).
pub const MAX_POINTERS_COUNTED: u32 = 4096;
/// Upper bound on the bytes of a getdents64 buffer walked to count entries.
const MAX_DIRENTS_BYTES: usize = 1 << 20;

/// Captures taken at syscall entry.
pub fn at_entry(mem: &TraceeMemory, plan: &SyscallPlan, args: &[u64; 6], limits: &Limits) -> Vec<Capture> {
    capture_where(plan, |idx, arg| {
        arg.is_entry().then(|| entry_capture(mem, idx, arg, args, limits)).flatten()
    })
}

/// Captures taken at syscall exit, given the entry arguments and the return value.
pub fn at_exit(
    mem: &TraceeMemory,
    plan: &SyscallPlan,
    args: &[u64; 6],
    ret: i64,
    limits: &Limits,
) -> Vec<Capture> {
    capture_where(plan, |idx, arg| {
        arg.is_exit().then(|| exit_capture(mem, idx, arg, args[idx], ret, limits)).flatten()
    })
}

fn capture_where(
    plan: &SyscallPlan,
    mut take: impl FnMut(usize, &ArgPlan) -> Option<Capture>,
) -> Vec<Capture> {
    plan.args.iter().enumerate().filter_map(|(idx, arg)| take(idx, arg)).collect()
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

/// A buffer of `len` bytes at `ptr`, of which at most `strlen` are copied.
fn buffer(mem: &TraceeMemory, idx: usize, ptr: u64, len: u64, strlen: u32) -> Capture {
    let shown = len.min(u64::from(strlen));
    match mem.read_exact(ptr, as_len(shown)) {
        Some(bytes) => capture(idx, truncated_flag(len > shown), bytes),
        None => fault(idx),
    }
}

fn string(mem: &TraceeMemory, idx: usize, ptr: u64, limit: u32) -> Capture {
    match mem.read_cstr(ptr, as_len(u64::from(limit))) {
        Some(s) => capture(idx, truncated_flag(s.truncated), s.bytes),
        None => fault(idx),
    }
}

fn entry_capture(
    mem: &TraceeMemory,
    idx: usize,
    plan: &ArgPlan,
    args: &[u64; 6],
    limits: &Limits,
) -> Option<Capture> {
    let ptr = args[idx];
    if ptr == 0 {
        return None;
    }
    Some(match plan.mode {
        mode::PATH_IN => string(mem, idx, ptr, limits.path_max),
        mode::STR_IN => string(mem, idx, ptr, limits.strlen),
        mode::BUF_IN => {
            let len = args.get(usize::from(plan.len_arg)).copied().unwrap_or(0);
            buffer(mem, idx, ptr, len, limits.strlen)
        }
        mode::STRUCT_IN => match mem.read_exact(ptr, usize::from(plan.size)) {
            Some(bytes) => capture(idx, 0, bytes),
            None => fault(idx),
        },
        mode::ARGV_IN => argv(mem, idx, ptr, limits.strlen),
        mode::PTR_COUNT_IN => count_pointers(mem, idx, ptr),
        _ => return None,
    })
}

fn exit_capture(
    mem: &TraceeMemory,
    idx: usize,
    plan: &ArgPlan,
    ptr: u64,
    ret: i64,
    limits: &Limits,
) -> Option<Capture> {
    if ptr == 0 {
        return None;
    }
    match plan.mode {
        mode::BUF_OUT if ret > 0 => Some(buffer(mem, idx, ptr, ret.unsigned_abs(), limits.strlen)),
        mode::STRUCT_OUT if ret >= 0 => Some(match mem.read_exact(ptr, usize::from(plan.size)) {
            Some(bytes) => capture(idx, 0, bytes),
            None => fault(idx),
        }),
        mode::DIRENTS_COUNT_OUT if ret > 0 => Some(count_dirents(mem, idx, ptr, ret.unsigned_abs())),
        _ => None,
    }
}

/// argv: up to `strlen` elements, each up to `strlen + 1` bytes then a NUL; TRUNCATED when the array
/// has more elements than that.
fn argv(mem: &TraceeMemory, idx: usize, array: u64, strlen: u32) -> Capture {
    let mut bytes = Vec::new();
    let mut flags = STRINGS;
    let element_limit = as_len(u64::from(strlen) + 1);
    for n in 0..=u64::from(strlen) {
        let Some(ptr) = mem.read_u64(array.wrapping_add(n * 8)) else {
            return if n == 0 { fault(idx) } else { capture(idx, flags, bytes) };
        };
        if ptr == 0 {
            break;
        }
        if n == u64::from(strlen) {
            flags |= TRUNCATED;
            break;
        }
        match mem.read_cstr(ptr, element_limit) {
            Some(s) => bytes.extend_from_slice(&s.bytes),
            None => break,
        }
        bytes.push(0);
    }
    capture(idx, flags, bytes)
}

/// envp: how many non-NULL pointers precede the NULL.
fn count_pointers(mem: &TraceeMemory, idx: usize, array: u64) -> Capture {
    let mut count: u32 = 0;
    while count < MAX_POINTERS_COUNTED {
        match mem.read_u64(array.wrapping_add(u64::from(count) * 8)) {
            Some(0) => break,
            Some(_) => count += 1,
            None if count == 0 => return fault(idx),
            None => break,
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
mod tests {
    use super::*;
    use tracer_common::capture::plan_for;

    fn own() -> TraceeMemory {
        TraceeMemory::new(nix::unistd::getpid())
    }

    fn limits(strlen: u32) -> Limits {
        Limits { strlen, ..Limits::default() }
    }

    #[test]
    fn argv_keeps_elements_and_marks_the_cut() {
        let strings = [c"ls".as_ptr(), c"-l".as_ptr(), c"/".as_ptr(), std::ptr::null()];
        let got = argv(&own(), 1, strings.as_ptr() as u64, 32);
        assert_eq!(got, capture(1, STRINGS, b"ls\0-l\0/\0".to_vec()));
        let got = argv(&own(), 1, strings.as_ptr() as u64, 2);
        assert_eq!(got, capture(1, STRINGS | TRUNCATED, b"ls\0-l\0".to_vec()));
    }

    #[test]
    fn pointers_are_counted_up_to_null() {
        let env = [c"A=1".as_ptr(), c"B=2".as_ptr(), std::ptr::null()];
        assert_eq!(count_pointers(&own(), 2, env.as_ptr() as u64).bytes, 2u32.to_le_bytes());
        assert!(count_pointers(&own(), 2, 16).read_fault());
    }

    #[test]
    fn write_buffers_are_cut_at_strlen() {
        let data = b"hello world";
        let args = [1, data.as_ptr() as u64, data.len() as u64, 0, 0, 0];
        // write(2) is syscall 1: its buffer is argument 1 with its length in argument 2.
        let plan = plan_for(1);
        if plan.args[1].mode == mode::BUF_IN {
            let got = at_entry(&own(), &plan, &args, &limits(5));
            assert_eq!(got, vec![capture(1, TRUNCATED, b"hello".to_vec())]);
        }
        let got = buffer(&own(), 1, data.as_ptr() as u64, data.len() as u64, 64);
        assert_eq!(got, capture(1, 0, data.to_vec()));
    }

    #[test]
    fn unreadable_memory_is_flagged_not_fatal() {
        assert!(string(&own(), 0, 16, 4096).read_fault());
        assert!(buffer(&own(), 1, 16, 10, 32).read_fault());
    }

    #[test]
    fn dirents_are_counted_by_reclen() {
        let mut buf = vec![0u8; 48];
        buf[16..18].copy_from_slice(&24u16.to_le_bytes());
        buf[24 + 16..24 + 18].copy_from_slice(&24u16.to_le_bytes());
        assert_eq!(count_dirent_records(&buf), 2);
        assert_eq!(count_dirent_records(&[]), 0);
    }
}
