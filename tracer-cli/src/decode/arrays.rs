//! Arrays copied from the tracee, printed as strace's `print_array` prints them: `[a, b, ...]`, at
//! most `-s` elements unless `-v`, the bare address when nothing could be read, and
//! `... /* 0xADDR */` where a partial copy stops.

use tracer_common::event::Capture;
use tracer_common::syscall::Struct;

use super::fields::Fields;
use super::printer::{Group, Printer};
use super::tables::{EPOLL_EVENTS, FUTEX_WAITER_FLAGS, POLL_EVENTS, SEMOP_FLAGS};
use super::xlat::{flags, names, Xlat};
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
pub fn print<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, arr: Array, mut each: impl FnMut(&mut P, &[u8])) {
    if arr.addr == 0 {
        return p.addr(0);
    }
    if arr.count == 0 {
        p.open(Group::Array);
        p.close();
        return;
    }
    let elem = arr.elem.max(1);
    let overflows = arr.count.checked_mul(elem as u64).and_then(|size| arr.addr.checked_add(size)).is_none();
    let bytes = match arr.capture {
        Some(c) if !c.read_fault() && c.bytes.len() >= elem && !overflows => &c.bytes,
        _ => return p.addr(arr.addr),
    };
    let truncated = arr.capture.is_some_and(Capture::truncated);
    let shown = if ctx.verbose { arr.count } else { arr.count.min(u64::from(ctx.strlen)) };
    let available = (bytes.len() / elem) as u64;
    p.open(Group::Array);
    for i in 0..shown {
        if i >= available {
            p.more();
            if !truncated {
                // The copy stopped short of what the call said: strace names where.
                let at = arr.addr.wrapping_add(i.wrapping_mul(elem as u64));
                p.comment(&hex_text(at));
            }
            p.close();
            return;
        }
        let start = (i as usize) * elem;
        each(p, &bytes[start..start + elem]);
    }
    if shown < arr.count {
        p.more();
        if !truncated && available <= shown {
            // The copy stopped at the element after the last shown (an ARRAY_IN prefix), which
            // strace reads too: it names where.
            p.comment(&hex_text(arr.addr.wrapping_add(shown.wrapping_mul(elem as u64))));
        }
    }
    p.close();
}

/// `%#lx` as text (for a comment).
pub fn hex_text(value: u64) -> String {
    let mut text = String::new();
    super::num::hex(&mut text, value);
    text
}

/// One element of a [`Struct`]-typed array argument.
pub fn element<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, of: Struct, bytes: &[u8]) {
    let f = Fields(bytes);
    match of {
        Struct::Pollfd => pollfd(p, ctx, &f),
        Struct::EpollEvent => epoll_event(p, &f),
        Struct::Int => id(p, f.u32(0)),
        Struct::Sembuf => sembuf(p, &f),
        Struct::KexecSegment => kexec_segment(p, &f),
        Struct::FutexWaitv => futex_waitv(p, &f),
        Struct::IovecAddr => iovec_addr(p, &f),
        _ => p.int(i64::from(f.i32(0))),
    }
}

/// `{iov_base=0x..., iov_len=N}`: an iovec whose memory is not shown.
pub fn iovec_addr<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    p.open(Group::Struct);
    p.field("iov_base");
    p.addr(f.u64(0));
    p.field("iov_len");
    p.uint(f.u64(8));
    p.close();
}

/// semop's `{sem_num=0, sem_op=-1, sem_flg=SEM_UNDO}`.
pub fn sembuf<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    p.open(Group::Struct);
    p.field("sem_num");
    p.uint(u64::from(f.u16(0)));
    p.field("sem_op");
    p.int(i64::from(f.u16(2) as i16));
    p.field("sem_flg");
    flags(p, SEMOP_FLAGS, u64::from(f.u16(4)), "SEM_???");
    p.close();
}

/// kexec_load's `{buf=NULL, bufsz=0, mem=NULL, memsz=0}`.
pub fn kexec_segment<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    p.open(Group::Struct);
    p.field("buf");
    p.addr(f.u64(0));
    p.field("bufsz");
    p.uint(f.u64(8));
    p.field("mem");
    p.addr(f.u64(16));
    p.field("memsz");
    p.uint(f.u64(24));
    p.close();
}

/// futex_waitv's `{val=0x1, uaddr=0x7f..., flags=FUTEX_32}`, then `__reserved` when it is set.
pub fn futex_waitv<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    p.open(Group::Struct);
    p.field("val");
    p.hex(f.u64(0));
    p.field("uaddr");
    p.addr(f.u64(8));
    p.field("flags");
    flags(p, FUTEX_WAITER_FLAGS, u64::from(f.u32(16)), "FUTEX_???");
    let reserved = f.u32(20);
    if reserved != 0 {
        p.field("__reserved");
        p.hex(u64::from(reserved));
    }
    p.close();
}

/// A uid or gid: `-1` for the all-ones value, unsigned otherwise.
pub fn id<P: Printer + ?Sized>(p: &mut P, value: u32) {
    if value == u32::MAX {
        p.int(-1);
    } else {
        p.uint(u64::from(value));
    }
}

/// `{fd=3, events=POLLIN}`; a negative fd has no events.
fn pollfd<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, f: &Fields) {
    let fd = f.i32(0);
    p.open(Group::Struct);
    p.field("fd");
    ctx.fd(p, fd);
    if fd >= 0 {
        p.field("events");
        flags(p, POLL_EVENTS, u64::from(f.u16(4)), "POLL???");
    }
    p.close();
}

/// `{events=EPOLLIN, data={u32=5, u64=5}}` (the x86_64 struct is packed: 12 bytes).
pub fn epoll_event<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    p.open(Group::Struct);
    p.field("events");
    flags(p, EPOLL_EVENTS, u64::from(f.u32(0)), "EPOLL???");
    let data = f.u64(4);
    p.field("data");
    p.open(Group::Struct);
    p.field("u32");
    p.uint(u64::from(data as u32));
    p.field("u64");
    p.uint(data);
    p.close();
    p.close();
}

/// strace's `sprintflags("", ...)`: names, then leftover bits in hex (always abbreviated).
pub fn sprint_flags<P: Printer + ?Sized>(p: &mut P, table: Xlat, value: u64) {
    p.open(Group::Or);
    let rest = names(table, value, |name| p.name(name));
    if rest != 0 {
        p.hex(rest);
    }
    p.close();
}

/// The length of [`sprint_flags`]'s text.
pub fn sprint_flags_len(table: Xlat, value: u64) -> usize {
    let mut len = 0;
    let mut parts = 0;
    let rest = names(table, value, |name| {
        len += name.len();
        parts += 1;
    });
    if rest != 0 {
        len += hex_text(rest).len();
        parts += 1;
    }
    len + parts.max(1) - 1
}

/// A bit set of descriptors or CPUs: `[0 1 5]`, bits below `nbits`; `more` adds ` ...`.
pub fn bitset<P: Printer + ?Sized>(
    p: &mut P,
    bytes: &[u8],
    nbits: u64,
    more: bool,
    mut each: impl FnMut(&mut P, u64),
) {
    p.open(Group::Set { inverted: false });
    for n in set_bits(bytes, nbits) {
        each(p, n);
    }
    if more {
        p.more();
    }
    p.close();
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
