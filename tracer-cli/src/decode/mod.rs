//! Decoders: raw argument values and captures → what they mean, written through a [`Printer`].
//!
//! Everything here works from a paired [`Syscall`] alone (its registers, its captures and its return
//! value); nothing reads tracee memory. [`args`] and [`ret`] decode a call's arguments and its
//! return value; [`text::TextPrinter`] writes them as strace does.

mod arrays;
mod bpf_filter;
mod cmsg;
pub use arrays::set_bits;
mod compound;
mod dirents;
pub mod errno;
mod ext;
pub mod family;
mod fields;
pub mod flags;
mod iov;
mod msghdr;
mod net;
pub mod netlink;
pub mod num;
mod peek;
pub mod pids;
pub mod printer;
pub mod siginfo;
pub mod signals;
pub mod strings;
pub mod structs;
pub mod tables;
pub mod text;
pub mod timefmt;
pub mod xlat;

use tracer_common::capture::part;
use tracer_common::event::Capture;
use tracer_common::personality::Personality;
use tracer_common::record::{capture_flags, tamper};
use tracer_common::syscall::{nr, ArgKind, Flags, RetKind, Struct, SyscallInfo};

use crate::call::Syscall;
pub use printer::{FdName, Fmt, Group, Printer, Quote, Tee, XlatStyle};

/// What descriptors refer to, for `-y`/`-yy`.
pub trait FdNames: std::fmt::Debug {
    /// What descriptor `fd` of process `pid` refers to (for `AT_FDCWD`, the working directory), when
    /// it is known and `-y` asks for it.
    fn fd_name(&self, pid: u32, fd: i32) -> Option<FdName>;

    /// The netlink protocol of descriptor `fd` of process `pid`, when it is a netlink socket
    /// (whose data is printed as netlink messages).
    fn netlink_protocol(&self, _pid: u32, _fd: i32) -> Option<u32> {
        None
    }

    /// The process a pidfd (descriptor `fd` of process `pid`) refers to, when known.
    fn pidfd_pid(&self, _pid: u32, _fd: i32) -> Option<u32> {
        None
    }

    /// What `-Y` and `--pidns-translation` print after pid `pid` of type `ty`, as task `tid`
    /// sees it (nothing unless asked for).
    fn pid_note(&self, _tid: u32, _pid: i32, _ty: pids::PidType) -> Option<pids::PidNote> {
        None
    }

    /// Pid `pid` of type `ty` as task `tid` sees it, in tracer's namespace (what /proc knows it
    /// by), when pids are translated and it can be.
    fn translate(&self, _tid: u32, _pid: i32, _ty: pids::PidType) -> Option<i32> {
        None
    }
}

/// Decoding settings from the command line (the `-X` style is the printer's).
#[derive(Clone, Copy)]
pub struct Options<'a> {
    /// strace's `-s`.
    pub strlen: u32,
    /// strace's `-v`: structures unabbreviated.
    pub verbose: bool,
    /// strace's `-e verbose=` (its `verbose(tcp)`): the memory behind arguments is decoded at all;
    /// when not, only strings and data buffers are, and everything else prints as its address.
    pub fetch: bool,
    /// Set with `-y`/`-yy`: fds print as `3</etc/passwd>`.
    pub fds: Option<&'a dyn FdNames>,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options { strlen: 32, verbose: false, fetch: true, fds: None }
    }
}

impl std::fmt::Debug for Options<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("strlen", &self.strlen)
            .field("verbose", &self.verbose)
            .field("fetch", &self.fetch)
            .field("fds", &self.fds.is_some())
            .finish()
    }
}

/// What the decoders need besides the call.
#[derive(Clone, Copy, Debug)]
pub struct Ctx<'a> {
    pub call: &'a Syscall,
    /// strace's `-s`.
    pub strlen: u32,
    /// strace's `-v`.
    pub verbose: bool,
    /// strace's `-e verbose=` ([`Options::fetch`]).
    pub fetch: bool,
    /// `-y`/`-yy` fd names.
    pub fds: Option<&'a dyn FdNames>,
}

impl<'a> Ctx<'a> {
    pub fn new(call: &'a Syscall, opts: &Options<'a>) -> Self {
        Ctx { call, strlen: opts.strlen, verbose: opts.verbose, fetch: opts.fetch, fds: opts.fds }
    }

    /// A descriptor: `3`, or `3</etc/passwd>` with `-y` when its name is known.
    pub fn fd<P: Printer + ?Sized>(&self, p: &mut P, fd: i32) {
        p.int(i64::from(fd));
        // A negative fd is a number (AT_FDCWD has a name only where a dirfd is expected).
        if fd >= 0 {
            self.decorate(p, fd);
        }
    }

    /// Descriptor `fd` of process `pid` (kcmp's): `3`, or `3</dev/null>` with `-y` when its name
    /// is known.
    pub fn fd_of<P: Printer + ?Sized>(&self, p: &mut P, pid: i32, fd: i32) {
        p.int(i64::from(fd));
        let name = u32::try_from(pid).ok().and_then(|pid| self.fds.and_then(|names| names.fd_name(pid, fd)));
        if let Some(name) = name {
            p.decoration(&name);
        }
    }

    /// `-y`'s `<...>` after descriptor `fd` (or after `AT_FDCWD`).
    fn decorate<P: Printer + ?Sized>(&self, p: &mut P, fd: i32) {
        if let Some(name) = self.fds.and_then(|names| names.fd_name(self.call.meta.pid, fd)) {
            p.decoration(&name);
        }
    }
}

impl<'a> Ctx<'a> {
    fn arg(&self, idx: usize) -> u64 {
        self.call.args.get(idx).copied().unwrap_or(0)
    }

    /// The usable capture of argument `idx`: present, readable, and shown (see [`Ctx::shows`]).
    fn capture(&self, idx: usize) -> Option<&'a Capture> {
        self.call.capture(idx).filter(|c| !c.read_fault() && self.shows(idx))
    }

    /// Whether argument `idx`'s memory is decoded: always, but under `-e verbose=` for a call
    /// outside the set, where strace (whose every fetch of a structure or an array checks
    /// `verbose(tcp)`) shows only strings and data buffers and prints the rest as addresses.
    fn shows(&self, idx: usize) -> bool {
        self.fetch
            || tracer_common::syscall::info(self.call.nr)
                .and_then(|info| info.args.get(idx))
                .is_some_and(|arg| shown_unverbose(arg.kind))
    }

    /// The usable entry copy of argument `idx`'s memory (main part).
    fn entry(&self, idx: usize) -> Option<&'a Capture> {
        self.entry_part(idx, part::MAIN)
    }

    /// The usable exit copy of argument `idx`'s memory (main part).
    fn exit(&self, idx: usize) -> Option<&'a Capture> {
        self.exit_part(idx, part::MAIN)
    }

    /// Part `p` of argument `idx`, copied at entry and readable.
    fn entry_part(&self, idx: usize, p: u16) -> Option<&'a Capture> {
        self.call.entry_part(idx, p).filter(|c| !c.read_fault() && self.shows(idx))
    }

    /// Part `p` of argument `idx`, copied at exit and readable.
    fn exit_part(&self, idx: usize, p: u16) -> Option<&'a Capture> {
        self.call.exit_part(idx, p).filter(|c| !c.read_fault() && self.shows(idx))
    }

    /// The return value when the call succeeded.
    fn ok_ret(&self) -> Option<i64> {
        self.call.ok_ret()
    }
}

/// The name a call is printed with: the table's, or `syscall_0x1c5` for a number it does not know.
pub fn name(info: Option<&SyscallInfo>, nr: u64) -> std::borrow::Cow<'static, str> {
    match info {
        Some(info) => std::borrow::Cow::Borrowed(info.name),
        None => {
            let mut name = String::from("syscall_");
            num::hex(&mut name, Personality::unknown_number(nr));
            std::borrow::Cow::Owned(name)
        }
    }
}

/// The arguments of `call` (the printer is inside its [`Group::Args`]): by each argument's kind, or
/// by the rule of its family; a number the table does not know gets its six registers in hex.
/// Where strace's text splits between entry and exit, the decoder says so
/// ([`Printer::exit_part`]).
pub fn args<P: Printer>(p: &mut P, info: Option<&SyscallInfo>, call: &Syscall, opts: &Options) {
    let ctx = Ctx::new(call, opts);
    match info {
        // Another personality's call whose x86_64 namesake has a rule: raw (the rule is x86_64's).
        Some(info) if family::foreign(call.nr, info) => {
            call.args.iter().take(info.args.len()).for_each(|&v| p.hex(v))
        }
        Some(info) => {
            let decoded =
                family::rules_of(call.nr, info).and_then(|r| r.args).is_some_and(|args| args(p, &ctx, info));
            if !decoded {
                plain_args(p, &ctx, info);
            }
        }
        None => call.args.iter().for_each(|&value| p.hex(value)),
    }
}

/// Whether strace decodes the memory behind an argument of this kind for a call outside `-e
/// verbose=`: strings and data buffers (its umovestr and printstr do not check `verbose(tcp)`).
fn shown_unverbose(kind: ArgKind) -> bool {
    matches!(kind, ArgKind::Path | ArgKind::Str | ArgKind::BufIn { .. } | ArgKind::BufOut)
}

/// Whether strace prints an argument of this kind only at syscall exit (and everything after it).
pub(crate) fn printed_at_exit(kind: ArgKind) -> bool {
    matches!(
        kind,
        ArgKind::BufOut
            | ArgKind::Dirents
            | ArgKind::StructOut(_)
            | ArgKind::StructInOut(_)
            | ArgKind::ArrayOutRet { .. }
            | ArgKind::SockaddrOut { .. }
            | ArgKind::SockoptOut { .. }
            | ArgKind::IovecOut { .. }
            | ArgKind::Iovec32Out { .. }
            | ArgKind::MsghdrOut
    )
}

/// The arguments of a call with no special rule: each by its kind; strace's exit-time text starts
/// with the first argument it prints at exit.
fn plain_args<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, info: &SyscallInfo) {
    let mut split = false;
    for (idx, a) in info.args.iter().enumerate() {
        // open/openat show their mode only when it is used.
        if matches!(a.kind, ArgKind::Flags(Flags::Mode))
            && idx > 0
            && matches!(info.args[idx - 1].kind, ArgKind::Flags(Flags::OpenFlags))
            && !flags::open_uses_mode(ctx.arg(idx - 1))
        {
            break;
        }
        if !split && printed_at_exit(a.kind) {
            split = true;
            p.exit_part();
        }
        arg(p, ctx, info, idx, a.kind);
    }
}

/// Arguments `range` of `info`, each by its kind.
pub(crate) fn args_by_kind<P: Printer + ?Sized>(
    p: &mut P,
    ctx: &Ctx,
    info: &SyscallInfo,
    range: std::ops::Range<usize>,
) {
    for idx in range {
        arg(p, ctx, info, idx, info.args[idx].kind);
    }
}

/// One argument, by kind.
pub(crate) fn arg<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, info: &SyscallInfo, idx: usize, kind: ArgKind) {
    let value = ctx.arg(idx);
    match kind {
        ArgKind::Int => p.int(value as i64),
        ArgKind::Uint => p.uint(value),
        ArgKind::Id => arrays::id(p, value as u32),
        ArgKind::Hex => p.hex(value),
        ArgKind::Octal => p.oct(value & 0xffff),
        ArgKind::Ptr => p.addr(value),
        ArgKind::Fd => ctx.fd(p, value as i32),
        ArgKind::DirFd => dirfd(p, ctx, value),
        ArgKind::Path => match ctx.capture(idx) {
            Some(c) if value != 0 => strings::path(p, &c.bytes, c.truncated()),
            _ => p.addr(value),
        },
        ArgKind::Str => match ctx.capture(idx) {
            Some(c) if value != 0 => strings::cstring(p, &c.bytes, ctx.strlen, c.truncated()),
            _ => p.addr(value),
        },
        ArgKind::BufIn { len_arg } => {
            let len = ctx.arg(usize::from(len_arg));
            if value != 0 && netlink::sockbuf(p, ctx, idx, len) {
                return;
            }
            match ctx.capture(idx) {
                // Nothing to read: strace prints an empty string whatever lies at the address.
                _ if value != 0 && len == 0 => p.str(b"", Quote::Text, false),
                Some(c) if value != 0 && shown_whole(c, len, ctx.strlen) => {
                    strings::buffer(p, &c.bytes, len, ctx.strlen, c.truncated(), Quote::Text);
                }
                _ => p.addr(value),
            }
        }
        ArgKind::BufOut => {
            let hex = family::rules(ctx.call.nr).is_some_and(|r| r.hex_buffer);
            let quote = if hex { Quote::Hex } else { Quote::Text };
            buf_out(p, ctx, idx, quote);
        }
        ArgKind::Argv => argv(p, ctx, idx, 8),
        ArgKind::Argv32 => argv(p, ctx, idx, 4),
        // Printed whole (`-v`): captured as strings, as argv (see `capture::plan_with`).
        ArgKind::Envp | ArgKind::Envp32
            if ctx.capture(idx).is_some_and(|c| c.flags & capture_flags::STRINGS != 0) =>
        {
            argv(p, ctx, idx, if kind == ArgKind::Envp32 { 4 } else { 8 })
        }
        ArgKind::Envp | ArgKind::Envp32 => {
            p.addr(value);
            if let Some(c) = ctx.capture(idx).filter(|_| value != 0) {
                if let Some(n) = c.count() {
                    let unterminated =
                        if c.flags & capture_flags::SHORT != 0 { ", unterminated" } else { "" };
                    p.comment(&format!("{n} var{}{unterminated}", if n == 1 { "" } else { "s" }));
                }
            }
        }
        ArgKind::Dirents => dirents::dirents(p, ctx, idx),
        ArgKind::StructIn(Struct::Sigset) | ArgKind::StructOut(Struct::Sigset) => {
            signals::sigset_arg(p, ctx, info, idx, kind)
        }
        ArgKind::StructIn(Struct::SigsetArgs) => signals::sigset_args(p, ctx, idx),
        ArgKind::StructIn(s) => match ctx.capture(idx) {
            Some(c) if value != 0 && structs::fits(s, &c.bytes) => structs::print_ctx(p, ctx, s, &c.bytes),
            _ => p.addr(value),
        },
        ArgKind::StructOut(s) => match ctx.capture(idx) {
            Some(c) if value != 0 && struct_out_written(s, ctx) && structs::fits(s, &c.bytes) => {
                structs::print_ctx(p, ctx, s, &c.bytes)
            }
            _ => p.addr(value),
        },
        ArgKind::Flags(f) => flags::print(p, f, value),
        ArgKind::StructInOut(_)
        | ArgKind::ArrayIn { .. }
        | ArgKind::ArrayInOut { .. }
        | ArgKind::ArrayOutRet { .. }
        | ArgKind::SockaddrIn { .. }
        | ArgKind::SockaddrOut { .. }
        | ArgKind::SockoptIn { .. }
        | ArgKind::SockoptOut { .. }
        | ArgKind::IovecIn { .. }
        | ArgKind::IovecOut { .. }
        | ArgKind::Iovec32In { .. }
        | ArgKind::Iovec32Out { .. }
        | ArgKind::MsghdrIn
        | ArgKind::MsghdrOut => compound::arg(p, ctx, info, idx, kind),
        ArgKind::SigframeMask => sigframe_mask(p, ctx, idx),
        // Memory a family decoder reads by command; without one, the value.
        ArgKind::Peek | ArgKind::PeekPage => p.hex(value),
        ArgKind::ExtStructIn { len_arg, of } => ext::arg(p, ctx, idx, len_arg, of),
        ArgKind::Tid => ctx.pid(p, value as i32, pids::PidType::Tid),
        ArgKind::Tgid => ctx.pid(p, value as i32, pids::PidType::Tgid),
        ArgKind::Pgid => ctx.pid(p, value as i32, pids::PidType::Pgid),
        ArgKind::TgidPgid => ctx.pid_or_pgid(p, value as i32),
    }
}

/// rt_sigreturn's `{mask=[...]}`, from the signal frame's saved mask. Without a readable capture
/// nothing is printed (`rt_sigreturn()`).
fn sigframe_mask<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, idx: usize) {
    let mask = ctx.capture(idx).and_then(|c| c.bytes.get(..8)).and_then(|b| <[u8; 8]>::try_from(b).ok());
    if let Some(mask) = mask {
        p.open(Group::Struct);
        p.field("mask");
        signals::sigset(p, u64::from_le_bytes(mask));
        p.close();
    }
}

/// Whether a successful call wrote its output struct: wait4 writes the status only when it
/// returns a pid (0 means WNOHANG found nothing, and strace prints the address).
fn struct_out_written(s: Struct, ctx: &Ctx) -> bool {
    let ok_ret = ctx.ok_ret();
    match s {
        // wait4 and waitid fill the status and rusage only when they reaped a child.
        Struct::WaitStatus => ok_ret.is_some_and(|r| r > 0),
        Struct::Rusage if ctx.call.nr == tracer_common::syscall::nr::WAIT4 => ok_ret.is_some_and(|r| r > 0),
        _ => ok_ret.is_some(),
    }
}

/// `AT_FDCWD` or the descriptor.
fn dirfd<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, value: u64) {
    let fd = value as i32;
    if fd == libc::AT_FDCWD {
        flags::at_fdcwd(p);
        ctx.decorate(p, fd);
    } else {
        ctx.fd(p, fd);
    }
}

/// A buffer the call filled, of `ret` bytes (recvfrom's, at most its size: with MSG_TRUNC it
/// returns the datagram's whole length): the address on failure.
fn buf_out<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, idx: usize, quote: Quote) {
    let value = ctx.arg(idx);
    let filled = |ret: i64| match ctx.call.nr {
        nr::RECVFROM => ret.unsigned_abs().min(ctx.arg(idx + 1)),
        _ => ret.unsigned_abs(),
    };
    if let Some(ret) = ctx.ok_ret().filter(|&ret| value != 0 && ret > 0) {
        if netlink::sockbuf(p, ctx, idx, filled(ret)) {
            return;
        }
    }
    match (ctx.ok_ret(), ctx.call.capture(idx)) {
        _ if value == 0 => p.addr(0),
        (Some(ret), Some(c)) if !c.read_fault() && shown_whole(c, filled(ret), ctx.strlen) => {
            strings::buffer(p, &c.bytes, filled(ret), ctx.strlen, c.truncated(), quote);
        }
        (Some(0), None) => p.str(b"", Quote::Text, false),
        _ => p.addr(value),
    }
}

/// Whether a buffer capture of `len` bytes holds all `-s` shows of it (a socket buffer's readable
/// prefix may not: then strace prints the address).
fn shown_whole(c: &Capture, len: u64, strlen: u32) -> bool {
    !c.short() || c.bytes.len() as u64 >= len.min(u64::from(strlen))
}

/// execve's argv: `["ls", "/"]`, at most `-s` elements (all with `-v`), each cut at `-s`; an
/// array of pointers of `pointer_size` bytes (4: an i386 call's).
fn argv<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, idx: usize, pointer_size: u64) {
    let value = ctx.arg(idx);
    let Some(c) = ctx.capture(idx).filter(|c| value != 0 && c.flags & capture_flags::STRINGS != 0) else {
        return p.addr(value);
    };
    let limit = usize::try_from(ctx.strlen).unwrap_or(usize::MAX);
    let shown = if ctx.verbose { usize::MAX } else { limit };
    let elements = strings::argv_elements(&c.bytes);
    p.open(Group::Array);
    for element in elements.iter().take(shown) {
        match *element {
            strings::ArgvElement::Str(s) => {
                let shown = &s[..s.len().min(limit)];
                p.str(shown, Quote::Text, s.len() > shown.len());
            }
            strings::ArgvElement::Addr(ptr) => p.addr(ptr),
        }
    }
    if c.flags & capture_flags::SHORT != 0 {
        // A pointer of the array was unreadable: strace names where.
        p.more();
        p.comment(&arrays::hex_text(value.wrapping_add((elements.len() as u64).wrapping_mul(pointer_size))));
    } else if c.truncated() || elements.len() > shown {
        p.more();
    }
    p.close();
}

/// The calls strace 6.1 marks as never failing (x86_64 `NF`): their result is never read as an
/// error code, unless an injected `error=` made it one.
const NEVER_FAILS: [u64; 12] = [
    nr::GETPID,
    nr::UMASK,
    nr::GETUID,
    nr::GETGID,
    nr::GETEUID,
    nr::GETEGID,
    nr::GETPPID,
    nr::GETPGRP,
    nr::SETFSUID,
    nr::SETFSGID,
    nr::PERSONALITY,
    nr::GETTID,
];

/// Whether `call`'s result is a success whatever its value: a `retval=` injection, or a call that
/// never fails and whose result was not replaced by an `error=`.
pub fn never_fails(call: &Syscall) -> bool {
    let tampered = call.tampered();
    if tampered & tamper::RETVAL != 0 {
        return true;
    }
    tampered & tamper::INJECTED == 0 && NEVER_FAILS.contains(&call.nr)
}

/// The return value of a call that returned (the printer is at its top level, after ` = `).
pub fn ret<P: Printer>(p: &mut P, info: Option<&SyscallInfo>, call: &Syscall, opts: &Options) {
    let Some(ret) = call.ret else {
        p.name("?");
        return;
    };
    if let Some(e) = errno::errno_of(ret).filter(|_| !never_fails(call)) {
        p.error(e);
        return;
    }
    // strace's default return format is unsigned decimal (RVAL_UDECIMAL): a success value that is
    // negative as a signed long (an injected `retval=0x8000000000000000`) prints as unsigned.
    let ret = Personality::shown_ret(call.nr, ret);
    let Some(info) = info else { return p.uint(ret as u64) };
    if let Some(ret_rule) = family::rules(call.nr).and_then(|r| r.ret) {
        if ret_rule(p, &Ctx::new(call, opts), info, ret) {
            return;
        }
    }
    match info.ret {
        RetKind::Hex => p.hex(ret as u64),
        RetKind::Octal => p.oct(ret as u64),
        RetKind::Fd => match i32::try_from(ret) {
            Ok(fd) => Ctx::new(call, opts).fd(p, fd),
            Err(_) => p.int(ret),
        },
        RetKind::Int | RetKind::NoReturn => p.uint(ret as u64),
        RetKind::Tid => Ctx::new(call, opts).pid(p, ret as i32, pids::PidType::Tid),
        RetKind::Tgid => Ctx::new(call, opts).pid(p, ret as i32, pids::PidType::Tgid),
        RetKind::Pgid => Ctx::new(call, opts).pid(p, ret as i32, pids::PidType::Pgid),
        RetKind::Sid => Ctx::new(call, opts).pid(p, ret as i32, pids::PidType::Sid),
    }
}

#[cfg(test)]
/// `name(args) = ret` for `call` (without the column padding), in `xlat` style.
pub(crate) fn call_line(
    info: Option<&SyscallInfo>,
    call: &Syscall,
    opts: &Options,
    xlat: XlatStyle,
) -> String {
    let mut printer = text::TextPrinter::new(xlat, false);
    printer.call(info, call, opts);
    printer.text_mut().push_str(" = ");
    printer.ret(info, call, opts);
    printer.take()
}

#[cfg(test)]
pub(crate) mod test_line;
#[cfg(test)]
mod tests;
