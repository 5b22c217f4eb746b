//! Arrays copied from the tracee, printed as strace's `print_array` prints them: `[a, b, ...]`, at
//! most `-s` elements unless `-v`, the bare address when nothing could be read, and
//! `... /* 0xADDR */` where a partial copy stops.

use std::fmt::Write as _;

use tracer_common::event::Capture;
use tracer_common::syscall::Struct;

use super::fields::Fields;
use super::num::addr;
use super::tables::{EPOLL_EVENTS, POLL_EVENTS};
use super::xlat::{flags, names};
use super::Ctx;

/// An array argument: where it is, how many elements the call says it has, and what was copied.
#[derive(Clone, Copy, Debug)]
pub struct Array<'a> {
    pub addr: u64,
    pub count: u64,
    pub elem: usize,
    pub capture: Option<&'a Capture>,
}

/// Print `arr` with `each` printing one element from its bytes.
pub fn print(out: &mut String, ctx: &Ctx, arr: Array, mut each: impl FnMut(&mut String, &[u8])) {
    if arr.addr == 0 {
        out.push_str("NULL");
        return;
    }
    if arr.count == 0 {
        out.push_str("[]");
        return;
    }
    let elem = arr.elem.max(1);
    let overflows = arr.count.checked_mul(elem as u64).and_then(|size| arr.addr.checked_add(size)).is_none();
    let bytes = match arr.capture {
        Some(c) if !c.read_fault() && c.bytes.len() >= elem && !overflows => &c.bytes,
        _ => return addr(out, arr.addr),
    };
    let truncated = arr.capture.is_some_and(Capture::truncated);
    let shown = if ctx.verbose { arr.count } else { arr.count.min(u64::from(ctx.strlen)) };
    let available = (bytes.len() / elem) as u64;
    out.push('[');
    let mut i = 0u64;
    while i < shown {
        if i > 0 {
            out.push_str(", ");
        }
        if i >= available {
            out.push_str("...");
            if !truncated {
                // The copy stopped short of what the call said: strace names where.
                let at = arr.addr.wrapping_add(i.wrapping_mul(elem as u64));
                let _ = write!(out, " /* {at:#x} */");
            }
            out.push(']');
            return;
        }
        let start = (i as usize) * elem;
        each(out, &bytes[start..start + elem]);
        i += 1;
    }
    if shown < arr.count {
        out.push_str(", ...");
    }
    out.push(']');
}

/// One element of a [`Struct`]-typed array argument.
pub fn element(out: &mut String, ctx: &Ctx, of: Struct, bytes: &[u8]) {
    let f = Fields(bytes);
    match of {
        Struct::Pollfd => pollfd(out, ctx, &f),
        Struct::EpollEvent => epoll_event(out, &f),
        Struct::Int => id(out, f.u32(0)),
        _ => {
            let _ = write!(out, "{}", f.i32(0));
        }
    }
}

/// A uid or gid: `-1` for the all-ones value, unsigned otherwise.
pub fn id(out: &mut String, value: u32) {
    if value == u32::MAX {
        out.push_str("-1");
    } else {
        let _ = write!(out, "{value}");
    }
}

/// `{fd=3, events=POLLIN}`; a negative fd has no events.
fn pollfd(out: &mut String, ctx: &Ctx, f: &Fields) {
    let fd = f.i32(0);
    out.push_str("{fd=");
    ctx.fd(out, fd);
    if fd >= 0 {
        out.push_str(", events=");
        flags(out, POLL_EVENTS, u64::from(f.u16(4)), "POLL???");
    }
    out.push('}');
}

/// `{events=EPOLLIN, data={u32=5, u64=5}}` (the x86_64 struct is packed: 12 bytes).
pub fn epoll_event(out: &mut String, f: &Fields) {
    out.push_str("{events=");
    flags(out, EPOLL_EVENTS, u64::from(f.u32(0)), "EPOLL???");
    let data = f.u64(4);
    let _ = write!(out, ", data={{u32={}, u64={data}}}}}", data as u32);
}

/// strace's `sprintflags("", ...)`: names, then leftover bits in hex.
pub fn sprint_flags(out: &mut String, table: super::xlat::Xlat, value: u64) {
    let rest = names(out, table, value);
    if rest == value {
        let _ = write!(out, "{value:#x}");
    } else if rest != 0 {
        let _ = write!(out, "|{rest:#x}");
    }
}

/// A bit set of descriptors or CPUs: `[0 1 5]`, bits below `nbits`; `more` adds ` ...`.
pub fn bitset(
    out: &mut String,
    bytes: &[u8],
    nbits: u64,
    more: bool,
    mut each: impl FnMut(&mut String, u64),
) {
    out.push('[');
    let mut first = true;
    for (i, &byte) in bytes.iter().enumerate() {
        for bit in 0..8u64 {
            let n = (i as u64) * 8 + bit;
            if n >= nbits {
                break;
            }
            if byte & (1 << bit) != 0 {
                if !first {
                    out.push(' ');
                }
                first = false;
                each(out, n);
            }
        }
    }
    if more {
        if !first {
            out.push(' ');
        }
        out.push_str("...");
    }
    out.push(']');
}

/// The set bits of an fd_set limited to `nfds`, as a list of numbers.
pub fn set_bits(bytes: &[u8], nbits: u64) -> Vec<u64> {
    let mut bits = Vec::new();
    for (i, &byte) in bytes.iter().enumerate() {
        for bit in 0..8u64 {
            let n = (i as u64) * 8 + bit;
            if n < nbits && byte & (1 << bit) != 0 {
                bits.push(n);
            }
        }
    }
    bits
}
