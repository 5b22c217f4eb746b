//! Pointers inside captured structs (`tracer_common::capture::deref`): after every argument's own
//! captures, the memory behind each pointer the table names, in table order.

use tracer_common::capture::deref::{part_for, short_bytes, Deref, AT_EXIT, FIXED, STRING, TABLE};
use tracer_common::capture::Limits;
use tracer_common::event::Capture;
use tracer_common::record::capture_flags::{READ_FAULT, SHORT, TRUNCATED};

use super::super::memory::TraceeMemory;
use super::as_len;

/// The deref captures of syscall `nr` at `when` (`AT_ENTRY`, or `AT_EXIT` with the call's `ret`).
pub fn derefs(
    mem: &TraceeMemory,
    nr: u64,
    args: &[u64; 6],
    when: u8,
    ret: i64,
    limits: &Limits,
) -> Vec<Capture> {
    if when == AT_EXIT && ret < 0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for row in TABLE {
        let arg = usize::from(row.arg);
        if row.applies(nr, args, arg, when) && row.fits(args) {
            if let Some(capture) = one(mem, row, args[arg], limits) {
                out.push(capture);
            }
        }
    }
    out
}

/// The capture of `row` for the struct at `base`; None when the pointer is NULL or unreadable
/// (the struct's own capture then shows that).
fn one(mem: &TraceeMemory, row: &Deref, base: u64, limits: &Limits) -> Option<Capture> {
    let ptr = mem.read_u64(base.wrapping_add(u64::from(row.ptr_off)))?;
    if ptr == 0 {
        return None;
    }
    let make = |flags: u8, bytes: Vec<u8>| {
        let mut c = Capture::new(row.arg, flags, bytes);
        c.part = part_for(row.ptr_off);
        c
    };
    if row.elem == STRING {
        let limit = row.string_limit(limits.strlen);
        return Some(match mem.read_cstr(ptr, as_len(limit)) {
            Some(s) => make(if s.truncated { TRUNCATED } else { 0 }, s.bytes),
            None => make(READ_FAULT, Vec::new()),
        });
    }
    let count = if row.len_off == FIXED {
        u64::from(row.count)
    } else {
        let at = base.wrapping_add(u64::from(row.len_off));
        if row.len_width == 4 {
            u64::from(mem.read_u32(at)?)
        } else {
            mem.read_u64(at)?
        }
    };
    let (n, more) = row.bytes(count);
    if let Some(bytes) = mem.read_exact(ptr, as_len(n)) {
        return Some(make(if more { TRUNCATED } else { 0 }, bytes));
    }
    let short = short_bytes(ptr, n, row.elem);
    Some(match mem.read_exact(ptr, as_len(short)).filter(|_| short > 0) {
        Some(bytes) => make(SHORT, bytes),
        None => make(READ_FAULT, Vec::new()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracer_common::capture::deref::AT_ENTRY;
    use tracer_common::syscall::nr;

    fn own() -> TraceeMemory {
        TraceeMemory::new(nix::unistd::getpid())
    }

    #[test]
    fn clone3_set_tid_is_copied_by_its_size() {
        let tids: [i32; 3] = [7, 8, 9];
        let mut args_struct = [0u64; 11];
        args_struct[8] = tids.as_ptr() as u64;
        args_struct[9] = 3;
        std::hint::black_box(&mut args_struct);
        let args = [args_struct.as_ptr() as u64, 88, 0, 0, 0, 0];
        let got = derefs(&own(), nr::CLONE3, &args, AT_ENTRY, 0, &Limits::default());
        let bytes: Vec<u8> = tids.iter().flat_map(|t| t.to_le_bytes()).collect();
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].arg, got[0].part, got[0].flags), (0, part_for(64), 0));
        assert_eq!(got[0].bytes, bytes);
        // Too small a struct: the fields are not in it.
        assert!(derefs(&own(), nr::CLONE3, &[args[0], 64, 0, 0, 0, 0], AT_ENTRY, 0, &Limits::default())
            .is_empty());
        // An unreadable array faults; a NULL one is no part.
        args_struct[8] = 8;
        std::hint::black_box(&mut args_struct);
        let got = derefs(&own(), nr::CLONE3, &args, AT_ENTRY, 0, &Limits::default());
        assert_eq!(got[0].flags, READ_FAULT);
        args_struct[8] = 0;
        std::hint::black_box(&mut args_struct);
        assert!(derefs(&own(), nr::CLONE3, &args, AT_ENTRY, 0, &Limits::default()).is_empty());
    }

    #[test]
    fn rows_are_chosen_by_command_and_time() {
        let data = [1u8; 300];
        let iov: [u64; 2] = [data.as_ptr() as u64, 300];
        let get = [0x4204, 1, 1, iov.as_ptr() as u64, 0, 0];
        assert!(derefs(&own(), nr::PTRACE, &get, AT_ENTRY, 0, &Limits::default()).is_empty());
        assert!(derefs(&own(), nr::PTRACE, &get, AT_EXIT, -1, &Limits::default()).is_empty());
        let got = derefs(&own(), nr::PTRACE, &get, AT_EXIT, 0, &Limits::default());
        assert_eq!(got[0].bytes, data.to_vec());
        let other = [0x4206, 1, 1, iov.as_ptr() as u64, 0, 0];
        assert!(derefs(&own(), nr::PTRACE, &other, AT_EXIT, 0, &Limits::default()).is_empty());
    }
}
