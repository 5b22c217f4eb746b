//! Arguments of the kinds that came with the capture contract (value-result structs, arrays, socket
//! addresses and options, iovecs, msghdrs): each picks its entry or exit copy as strace does.

use tracer_common::capture::{IOVEC32_SIZE, IOVEC_SIZE};
use tracer_common::event::Capture;
use tracer_common::syscall::{ArgKind, Struct, SyscallInfo};

use super::arrays::{self, Array};
use super::fields::int;
use super::iov::{self, Contents};
use super::msghdr::{self, Msg};
use super::printer::{Group, Printer};
use super::{net, structs, Ctx};

/// An iovec argument (`writev`'s at entry, `readv`'s at exit), x86_64's or i386's layout.
fn iovecs<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, idx: usize, len_arg: u8, kind: ArgKind) {
    let count = ctx.arg(usize::from(len_arg));
    let addr = ctx.arg(idx);
    let elem = match kind {
        ArgKind::Iovec32In { .. } | ArgKind::Iovec32Out { .. } => IOVEC32_SIZE,
        _ => IOVEC_SIZE,
    };
    if matches!(kind, ArgKind::IovecIn { .. } | ArgKind::Iovec32In { .. }) {
        let arr = Array { addr, count, elem, capture: ctx.entry(idx) };
        return iov::print_layout(p, ctx, arr, |p: u16| ctx.entry_part(idx, p), Contents::Strings(None));
    }
    let arr = Array { addr, count, elem, capture: ctx.exit(idx) };
    let element = |p: u16| ctx.exit_part(idx, p);
    match ctx.ok_ret() {
        Some(ret) => iov::print_layout(p, ctx, arr, element, Contents::Strings(Some(ret.unsigned_abs()))),
        // strace prints the iovecs with bare addresses; they were not copied.
        None => iov::print_layout(p, ctx, arr, element, Contents::Addresses),
    }
}

/// Linux's KEXEC_SEGMENT_MAX.
const KEXEC_SEGMENT_MAX: u64 = 16;
/// Linux's FUTEX_WAITV_MAX.
const FUTEX_WAITV_MAX: u64 = 128;

/// One argument of a compound kind.
pub fn arg<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, info: &SyscallInfo, idx: usize, kind: ArgKind) {
    let value = ctx.arg(idx);
    match kind {
        ArgKind::StructInOut(Struct::SockLen) => socklen(p, ctx, info, idx),
        ArgKind::StructInOut(Struct::IoctlArg) => p.addr(value),
        ArgKind::StructInOut(s) => match ctx.entry(idx) {
            Some(c) if value != 0 && structs::fits(s, &c.bytes) => structs::print_ctx(p, ctx, s, &c.bytes),
            _ => p.addr(value),
        },
        ArgKind::ArrayIn { len_arg, of } | ArgKind::ArrayInOut { len_arg, of } => {
            let count = ctx.arg(usize::from(len_arg));
            array(p, ctx, value, count, of, ctx.entry(idx));
        }
        ArgKind::ArrayOutRet { of } => match ctx.ok_ret() {
            Some(ret) => array(p, ctx, value, ret.unsigned_abs(), of, ctx.exit(idx)),
            None => p.addr(value),
        },
        ArgKind::SockaddrIn { len_arg } => {
            let len = ctx.arg(usize::from(len_arg)) as i32;
            net::sockaddr_at(p, ctx, value, i64::from(len), ctx.entry(idx));
        }
        ArgKind::SockaddrOut { len_arg } => sockaddr_out(p, ctx, idx, usize::from(len_arg)),
        ArgKind::SockoptIn { len_arg } => {
            let (level, name) = (ctx.arg(1) as i32, ctx.arg(2) as i32);
            let len = ctx.arg(usize::from(len_arg)) as i32;
            net::setsockopt_value(p, ctx, (level, name), value, len, ctx.entry(idx));
        }
        ArgKind::SockoptOut { len_arg } => sockopt_out(p, ctx, idx, usize::from(len_arg)),
        ArgKind::IovecIn { len_arg }
        | ArgKind::Iovec32In { len_arg }
        | ArgKind::IovecOut { len_arg }
        | ArgKind::Iovec32Out { len_arg } => iovecs(p, ctx, idx, len_arg, kind),
        ArgKind::MsghdrIn => {
            let part = |p: u16| ctx.entry_part(idx, p);
            let printed = ctx.entry(idx).filter(|_| value != 0).is_some_and(|main| {
                msghdr::print(p, ctx, &Msg { main, part: &part, user_namelen: None, data_size: None })
            });
            if !printed {
                p.addr(value);
            }
        }
        ArgKind::MsghdrOut => msghdr_out(p, ctx, idx),
        // `decode::arg` sends only the kinds above here.
        ArgKind::Int
        | ArgKind::Uint
        | ArgKind::Id
        | ArgKind::Hex
        | ArgKind::Octal
        | ArgKind::Ptr
        | ArgKind::Fd
        | ArgKind::DirFd
        | ArgKind::Path
        | ArgKind::Str
        | ArgKind::BufIn { .. }
        | ArgKind::BufOut
        | ArgKind::Argv
        | ArgKind::Envp
        | ArgKind::Argv32
        | ArgKind::Envp32
        | ArgKind::SigframeMask
        | ArgKind::ExtStructIn { .. }
        | ArgKind::Dirents
        | ArgKind::StructIn(_)
        | ArgKind::StructOut(_)
        | ArgKind::Flags(_)
        | ArgKind::Peek
        | ArgKind::PeekPage
        | ArgKind::Tid
        | ArgKind::Tgid
        | ArgKind::Pgid
        | ArgKind::TgidPgid => super::arg(p, ctx, info, idx, kind),
    }
}

/// An array argument of `count` elements of `of`.
fn array<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, ptr: u64, count: u64, of: Struct, c: Option<&Capture>) {
    match of {
        Struct::CpuSetByte => cpu_set(p, ptr, count, c),
        Struct::Int if count > 65536 => p.addr(ptr),
        // strace shows no more than KEXEC_SEGMENT_MAX segments: more is the address.
        Struct::KexecSegment if count > KEXEC_SEGMENT_MAX => p.addr(ptr),
        // and no more than FUTEX_WAITV_MAX waiters, then `...`, whatever `-s` and `-v` say.
        Struct::FutexWaitv if count > FUTEX_WAITV_MAX => {
            let capped = Ctx { strlen: ctx.strlen.min(FUTEX_WAITV_MAX as u32), verbose: false, ..*ctx };
            let arr = Array { addr: ptr, count, elem: usize::from(of.size()), capture: c };
            arrays::print(p, &capped, arr, |p, bytes| arrays::element(p, ctx, of, bytes));
        }
        _ => {
            let arr = Array { addr: ptr, count, elem: usize::from(of.size()), capture: c };
            arrays::print(p, ctx, arr, |p, bytes| arrays::element(p, ctx, of, bytes));
        }
    }
}

/// A CPU set of `len` bytes: `[0 1]` (strace's `print_affinitylist`).
fn cpu_set<P: Printer + ?Sized>(p: &mut P, ptr: u64, len: u64, c: Option<&Capture>) {
    if ptr == 0 {
        return p.addr(0);
    }
    if len == 0 {
        p.open(Group::Set { inverted: false });
        p.close();
        return;
    }
    // strace reads at most the kernel's cpuset size (128 bytes here).
    const MAX: u64 = 128;
    let want = len.min(MAX);
    let Some(c) = c.filter(|c| !c.read_fault() && !c.bytes.is_empty()) else {
        return p.addr(ptr);
    };
    // strace reads the set whole or not at all.
    if !c.truncated() && (c.bytes.len() as u64) < want {
        return p.addr(ptr);
    }
    let bytes = &c.bytes[..c.bytes.len().min(want as usize)];
    let more = len > MAX || c.truncated() || (bytes.len() as u64) < want;
    arrays::bitset(p, bytes, want * 8, more, |p, n| p.uint(n));
}

/// The sockaddr argument whose length is the value-result at `len_idx`.
fn sockaddr_out<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, idx: usize, len_idx: usize) {
    let value = ctx.arg(idx);
    let before = ctx.entry(len_idx).and_then(|c| int(&c.bytes));
    let after = ctx.exit(len_idx).and_then(|c| int(&c.bytes));
    match (ctx.ok_ret(), before, after) {
        (Some(_), Some(ulen), Some(rlen)) if value != 0 && ctx.arg(len_idx) != 0 => {
            net::sockaddr_at(p, ctx, value, i64::from(ulen.min(rlen)), ctx.exit(idx));
        }
        _ => p.addr(value),
    }
}

/// A `socklen_t *` (accept, getsockname, recvfrom, getsockopt): `[16]`, `[128 => 16]`, or the
/// address when strace could not (or would not) read it.
fn socklen<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, info: &SyscallInfo, idx: usize) {
    let value = ctx.arg(idx);
    // The sockaddr this length belongs to: when it is NULL strace reads neither.
    let buffer = info
        .args
        .iter()
        .position(|a| matches!(a.kind, ArgKind::SockaddrOut { len_arg } if usize::from(len_arg) == idx));
    if value == 0 || buffer.is_some_and(|b| ctx.arg(b) == 0) {
        return p.addr(value);
    }
    let before = ctx.entry(idx).and_then(|c| int(&c.bytes));
    let Some(before) = before else {
        return p.addr(value);
    };
    let after = ctx.ok_ret().and_then(|_| ctx.exit(idx)).and_then(|c| int(&c.bytes));
    net::socklen(p, value, Some(before), after);
}

/// getsockopt's value, of the length the call stored at `len_idx`.
fn sockopt_out<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, idx: usize, len_idx: usize) {
    let value = ctx.arg(idx);
    let before = ctx.entry(len_idx).and_then(|c| int(&c.bytes));
    let after = ctx.exit(len_idx).and_then(|c| int(&c.bytes));
    match (ctx.ok_ret(), before, after) {
        (Some(_), Some(ulen), Some(rlen)) if ctx.arg(len_idx) != 0 => {
            let (level, name) = (ctx.arg(1) as i32, ctx.arg(2) as i32);
            net::getsockopt_value(p, ctx, (level, name), value, (ulen, rlen), ctx.exit(idx));
        }
        _ => p.addr(value),
    }
}

/// recvmsg's msghdr: as the call left it, or `{msg_namelen=N}` when it failed.
fn msghdr_out<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, idx: usize) {
    let value = ctx.arg(idx);
    let entry = ctx.entry(idx).filter(|_| value != 0);
    let Some(entry) = entry else {
        return p.addr(value);
    };
    let user_namelen = int(entry.bytes.get(8..).unwrap_or(&[]));
    let printed = match ctx.ok_ret() {
        None => msghdr::failed(p, entry),
        Some(ret) => {
            let part = |p: u16| ctx.exit_part(idx, p);
            ctx.exit(idx).is_some_and(|main| {
                let msg = Msg { main, part: &part, user_namelen, data_size: Some(ret.unsigned_abs()) };
                msghdr::print(p, ctx, &msg)
            })
        }
    };
    if !printed {
        p.addr(value);
    }
}
