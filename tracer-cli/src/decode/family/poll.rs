//! Waiting on descriptors. poll/ppoll and select/pselect6: their descriptor sets at entry, and the
//! return value's details strace appends: `= 1 ([{fd=3, revents=POLLIN}])`, `= 2 (in [3], out
//! [4], left {...})`, `= 0 (Timeout)`; every descriptor in them is a `-P` argument. epoll_ctl:
//! its descriptor argument is 2, and EPOLL_CTL_DEL's event is not read.

use tracer_common::event::Capture;
use tracer_common::record::capture_flags;
use tracer_common::syscall::{nr, ArgKind, SyscallInfo};

use super::{Paths, Rules};
use crate::decode::arrays::{set_bits, sprint_flags, sprint_flags_len};
use crate::decode::fields::Fields;
use crate::decode::printer::{Group, Printer};
use crate::decode::tables::POLL_EVENTS;
use crate::decode::{arg, args_by_kind, structs, Ctx};

pub const RULES: &[Rules] = &[
    Rules { nr: nr::POLL, ret: Some(poll_ret_plain), paths: Some(Paths::Pollfds), ..Rules::NONE },
    Rules { nr: nr::PPOLL, ret: Some(ppoll_ret), paths: Some(Paths::Pollfds), ..Rules::NONE },
    Rules {
        nr: nr::SELECT,
        args: Some(select_args),
        ret: Some(select_ret_timeval),
        paths: Some(Paths::FdSets),
        ..Rules::NONE
    },
    Rules {
        nr: nr::PSELECT6,
        args: Some(select_args),
        ret: Some(pselect6_ret),
        paths: Some(Paths::FdSets),
        ..Rules::NONE
    },
    Rules { nr: nr::EPOLL_PWAIT, args: Some(epoll_pwait_args), ..Rules::NONE },
    Rules { nr: nr::EPOLL_PWAIT2, args: Some(epoll_pwait_args), ..Rules::NONE },
    Rules {
        nr: nr::EPOLL_CTL,
        args: Some(epoll_ctl_args),
        paths: Some(Paths::Args { fds: &[2], paths: &[] }),
        ..Rules::NONE
    },
];

fn poll_ret_plain(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo, ret: i64) -> bool {
    poll_ret(p, ctx, ret, None);
    true
}

fn ppoll_ret(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo, ret: i64) -> bool {
    poll_ret(p, ctx, ret, Some(2));
    true
}

fn select_ret_timeval(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo, ret: i64) -> bool {
    select_ret(p, ctx, ret, true);
    true
}

fn pselect6_ret(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo, ret: i64) -> bool {
    select_ret(p, ctx, ret, false);
    true
}

/// select/pselect6: nfds, the three descriptor sets, then the rest by kind.
fn select_args(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    p.int(i64::from(ctx.arg(0) as i32));
    for idx in 1..4 {
        fd_set_arg(p, ctx, idx);
    }
    args_by_kind(p, ctx, info, 4..info.args.len());
    true
}

/// epoll_pwait/epoll_pwait2: everything after the descriptor is printed at exit, and strace reads
/// no memory then when the call failed: epoll_pwait2's timeout and the signal mask are addresses.
fn epoll_pwait_args(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    let failed = ctx.ok_ret().is_none();
    for (idx, a) in info.args.iter().enumerate() {
        if idx == 1 {
            p.exit_part();
        }
        let read_at_exit = matches!(a.kind, ArgKind::StructIn(_));
        if failed && read_at_exit {
            p.addr(ctx.arg(idx));
        } else {
            arg(p, ctx, info, idx, a.kind);
        }
    }
    true
}

/// epoll_ctl with EPOLL_CTL_DEL: the event pointer is not read (an address).
fn epoll_ctl_args(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    if ctx.arg(1) as u32 != libc::EPOLL_CTL_DEL as u32 {
        return false;
    }
    for idx in 0..3 {
        arg(p, ctx, info, idx, info.args[idx].kind);
    }
    p.addr(ctx.arg(3));
    true
}

/// strace builds these details in a 1024-byte buffer and stops with `...` near its end.
const AUX_MAX: usize = 1024;

/// Digits of a decimal number.
fn digits(value: impl itoa::Integer) -> usize {
    itoa::Buffer::new().format(value).len()
}

/// ` (Timeout)`.
fn timeout<P: Printer + ?Sized>(p: &mut P) {
    p.open(Group::Note);
    p.name("Timeout");
    p.close();
}

/// poll/ppoll's return details; `tsp` is ppoll's timeout argument (None for poll).
fn poll_ret<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, ret: i64, tsp: Option<usize>) {
    p.int(ret);
    if ret == 0 {
        return timeout(p);
    }
    let nfds = ctx.arg(1) as u32;
    let pollfds = ctx.exit(0).filter(|_| ctx.arg(0) != 0 && nfds != 0);
    let events =
        pollfds.filter(|c| c.bytes.chunks_exact(8).take(nfds as usize).any(|f| Fields(f).u16(6) != 0));
    let left = tsp.filter(|&i| ctx.arg(i) != 0);
    if events.is_none() && left.is_none() {
        return;
    }
    p.open(Group::Note);
    let mut len = 0;
    if let Some(c) = events {
        len = revents(p, ctx, c, nfds, ret);
    }
    if let Some(idx) = left {
        if len + ", left ".len() + time_left_len(ctx, idx, false) < AUX_MAX {
            p.field("left");
            time_left(p, ctx, idx, false);
        } else {
            p.more();
        }
    }
    p.close();
}

/// `[{fd=3, revents=POLLIN}, ...]`: the entries with events, at most `-s` of them unless `-v`. `ret`
/// (how many entries have events) tells whether some lie past a capture that was cut. Returns the
/// length of its text, which counts against strace's buffer.
fn revents<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, c: &Capture, nfds: u32, ret: i64) -> usize {
    let max = if ctx.verbose { u32::MAX } else { ctx.strlen };
    let mut printed = 0u32;
    let limit = AUX_MAX - (2 + 16 + ", ], ...".len() + 1);
    let mut len = 0usize;
    let mut elided = false;
    p.open(Group::Array);
    for chunk in c.bytes.chunks_exact(8).take(nfds as usize) {
        let f = Fields(chunk);
        let events = f.u16(6);
        if events == 0 {
            continue;
        }
        len += if len == 0 { "[".len() } else { ", ".len() };
        if printed >= max {
            p.more();
            len += 3;
            elided = true;
            break;
        }
        let fd = f.i32(0);
        let head = "{fd=".len() + digits(fd) + ", revents=".len();
        let names = sprint_flags_len(POLL_EVENTS, u64::from(events));
        if len + head + names + 1 >= limit {
            p.more();
            len += 3;
            elided = true;
            break;
        }
        p.open(Group::Struct);
        p.field("fd");
        p.int(i64::from(fd));
        p.field("revents");
        sprint_flags(p, POLL_EVENTS, u64::from(events));
        p.close();
        len += head + names + 1;
        printed += 1;
    }
    if len > 0 && !elided && i64::from(printed) < ret && c.truncated() {
        p.more();
        len += ", ...".len();
    }
    p.close();
    len + 1
}

/// ppoll's and pselect6's remaining timeout, as the call left it.
fn time_left<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, idx: usize, timeval: bool) {
    match ctx.exit(idx).filter(|c| c.bytes.len() >= 16) {
        Some(c) if timeval => structs::timeval(p, &Fields(&c.bytes), 0),
        Some(c) => structs::timespec(p, &Fields(&c.bytes), 0),
        None => p.addr(ctx.arg(idx)),
    }
}

/// The length of [`time_left`]'s text.
fn time_left_len(ctx: &Ctx, idx: usize, timeval: bool) -> usize {
    match ctx.exit(idx).filter(|c| c.bytes.len() >= 16) {
        Some(c) => {
            let f = Fields(&c.bytes);
            let usec = if timeval { "tv_usec=" } else { "tv_nsec=" };
            "{tv_sec=".len() + digits(f.i64(0)) + ", ".len() + usec.len() + digits(f.u64(8)) + "}".len()
        }
        None => match ctx.arg(idx) {
            0 => "NULL".len(),
            ptr => crate::decode::arrays::hex_text(ptr).len(),
        },
    }
}

/// select/pselect6's `nfds`, clamped as the kernel does.
fn nfds(ctx: &Ctx) -> u64 {
    (ctx.arg(0) as i32).clamp(0, 1024 * 1024) as u64
}

/// An fd_set at entry (argument `idx`): `[3 4]`, or the address.
///
/// A SHORT capture (the eBPF program's readable prefix, see `tracer_common::capture::len::FD_BITS`)
/// shows its bits unless the call failed with EFAULT: then the set was unreadable where the kernel
/// looked, and strace could not read it either.
fn fd_set_arg<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, idx: usize) {
    let ptr = ctx.arg(idx);
    let n = nfds(ctx);
    let efault = ctx.call.ret == Some(-i64::from(libc::EFAULT));
    match ctx.entry(idx) {
        Some(c) if c.flags & capture_flags::SHORT != 0 && efault => p.addr(ptr),
        Some(c) if ptr != 0 && n > 0 && !c.bytes.is_empty() => {
            p.open(Group::Set { inverted: false });
            for fd in set_bits(&c.bytes, n) {
                ctx.fd(p, fd as i32);
            }
            p.close();
        }
        _ => p.addr(ptr),
    }
}

/// select/pselect6's return details: `(in [3], out [4], left {...})` (strace 6.1's
/// `decode_select` at exit, its quirks included).
fn select_ret<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, ret: i64, timeval: bool) {
    p.int(ret);
    if ret == 0 {
        return timeout(p);
    }
    let n = nfds(ctx);
    let mut len = 0usize;
    let mut ready = ret;
    let mut any = false;
    p.open(Group::Note);
    for (i, label) in ["in", "out", "except"].iter().enumerate() {
        if ready <= 0 {
            break;
        }
        let idx = i + 1;
        let Some(c) = ctx.exit(idx).filter(|_| ctx.arg(idx) != 0 && n > 0) else { continue };
        let mut opened = false;
        for fd in set_bits(&c.bytes, n) {
            if len < AUX_MAX - (", except [".len() + 12 + 2) {
                if opened {
                    p.uint(fd);
                    len += 1 + digits(fd);
                } else {
                    p.field(label);
                    p.open(Group::Set { inverted: false });
                    p.uint(fd);
                    opened = true;
                    len += if any { 2 } else { 0 } + label.len() + " [".len() + digits(fd);
                    any = true;
                }
            }
            ready -= 1;
            if ready == 0 {
                break;
            }
        }
        if len > 0 {
            // strace closes the bracket whenever its buffer is not empty, opened here or not.
            if opened {
                p.close();
            } else {
                p.raw("]");
            }
            len += 1;
        }
    }
    if ctx.arg(4) != 0 {
        let separator = if any { 2 } else { 0 };
        if len + "left ".len() + 1 + separator + time_left_len(ctx, 4, timeval) < AUX_MAX {
            p.field("left");
            time_left(p, ctx, 4, timeval);
        }
    }
    p.close();
}
