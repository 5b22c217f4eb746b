//! Decoders: raw argument values and captures → strace's text for each argument kind.
//!
//! Everything here works from a paired [`Syscall`] alone (its registers, its captures and its return
//! value); nothing reads tracee memory.

mod arrays;
pub use arrays::set_bits;
mod compound;
pub mod errno;
mod fields;
pub mod flags;
mod ioctl;
mod iov;
mod msghdr;
mod net;
pub mod num;
mod poll;
pub mod siginfo;
pub mod signals;
mod special;
pub mod strings;
pub mod structs;
pub mod tables;
mod timefmt;
pub mod xlat;

use std::fmt::Write as _;

use tracer_common::capture::part;
use tracer_common::event::Capture;
use tracer_common::record::capture_flags;
use tracer_common::syscall::{ArgKind, Flags, RetKind, Struct, SyscallInfo};

use crate::call::Syscall;
use num::{addr, hex, oct};
use strings::Style;
pub use xlat::XlatStyle;

/// What an fd refers to, for `-y`/`-yy`: the text strace shows between `<` and `>`.
pub trait FdNames: std::fmt::Debug {
    fn name(&self, pid: u32, fd: i32) -> Option<String>;

    /// Append what `-y` shows right after descriptor `fd` of `pid` (`<...>`), if anything; also
    /// called for `AT_FDCWD`.
    fn decorate(&self, out: &mut String, pid: u32, fd: i32) {
        if let Some(name) = self.name(pid, fd) {
            out.push('<');
            out.push_str(&name);
            out.push('>');
        }
    }
}

/// Decoding settings from the command line.
#[derive(Clone, Copy)]
pub struct Options<'a> {
    /// strace's `-s`.
    pub strlen: u32,
    /// strace's `-v`: structures unabbreviated.
    pub verbose: bool,
    /// strace's `-X`.
    pub xlat: XlatStyle,
    /// Set with `-y`/`-yy`: fds print as `3</etc/passwd>`.
    pub fds: Option<&'a dyn FdNames>,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options { strlen: 32, verbose: false, xlat: XlatStyle::Abbrev, fds: None }
    }
}

impl std::fmt::Debug for Options<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("strlen", &self.strlen)
            .field("verbose", &self.verbose)
            .field("xlat", &self.xlat)
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
    /// `-y`/`-yy` fd names.
    pub fds: Option<&'a dyn FdNames>,
}

impl<'a> Ctx<'a> {
    pub fn new(call: &'a Syscall, opts: &Options<'a>) -> Self {
        Ctx { call, strlen: opts.strlen, verbose: opts.verbose, fds: opts.fds }
    }

    /// A descriptor: `3`, or `3</etc/passwd>` with `-y` when its name is known.
    pub fn fd(&self, out: &mut String, fd: i32) {
        num::dec(out, fd);
        self.decorate(out, fd);
    }

    /// `-y`'s `<...>` after descriptor `fd` (or after `AT_FDCWD`).
    fn decorate(&self, out: &mut String, fd: i32) {
        if let Some(names) = self.fds {
            names.decorate(out, self.call.meta.pid, fd);
        }
    }
}

impl<'a> Ctx<'a> {
    fn arg(&self, idx: usize) -> u64 {
        self.call.args.get(idx).copied().unwrap_or(0)
    }

    /// The usable capture of argument `idx`: present and readable.
    fn capture(&self, idx: usize) -> Option<&'a Capture> {
        self.call.capture(idx).filter(|c| !c.read_fault())
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
        self.call.entry_part(idx, p).filter(|c| !c.read_fault())
    }

    /// Part `p` of argument `idx`, copied at exit and readable.
    fn exit_part(&self, idx: usize, p: u16) -> Option<&'a Capture> {
        self.call.exit_part(idx, p).filter(|c| !c.read_fault())
    }

    /// The return value when the call succeeded.
    fn ok_ret(&self) -> Option<i64> {
        self.call.ret.filter(|&r| errno::errno_of(r).is_none())
    }
}

/// Append `name(args)` for `call`; unknown numbers print as `syscall_0x1c5(...)` with six hex args.
pub fn call(out: &mut String, info: Option<&SyscallInfo>, call: &Syscall, opts: &Options) {
    xlat::with_style(opts.xlat, || {
        call_in_style(out, info, call, opts);
    });
}

/// Like [`call`], and returns the offset in `out` where strace's exit-time part of the text starts:
/// strace prints a call's arguments up to its first output argument at entry (`read(3, `) and the
/// rest at exit (`"..."..., 832)`). When the call prints whole at entry (`openat(...)`), the offset
/// is that of the closing `)`. Additive (issue 4): the renderer splits lines there for
/// `<unfinished ...>` / `<... read resumed>`.
pub fn call_split(out: &mut String, info: Option<&SyscallInfo>, call: &Syscall, opts: &Options) -> usize {
    xlat::with_style(opts.xlat, || call_in_style(out, info, call, opts))
}

fn call_in_style(out: &mut String, info: Option<&SyscallInfo>, call: &Syscall, opts: &Options) -> usize {
    let ctx = Ctx::new(call, opts);
    let mut split = None;
    match info {
        Some(info) => {
            out.push_str(info.name);
            out.push('(');
            let start = out.len();
            if special::args(out, &ctx, info) {
                split = special_split(info.name, out, start);
            } else {
                split = args(out, &ctx, info);
            }
        }
        None => {
            let _ = write!(out, "syscall_{:#x}(", call.nr);
            for (i, &value) in call.args.iter().enumerate() {
                sep(out, i);
                hex(out, value);
            }
        }
    }
    let split = split.unwrap_or(out.len());
    out.push(')');
    split
}

/// Where strace's exit-time text starts for the calls with a rule of their own: clone prints its
/// tid pointers and tls at exit, clone3 its `=> {parent_tid=[N]}` and size, getcwd its buffer,
/// pipe2 everything, nanosleep and clock_nanosleep the remaining time, statx its buffer,
/// getsockopt the value and its length; the others print whole at entry.
fn special_split(name: &str, out: &str, start: usize) -> Option<usize> {
    match name {
        "pipe2" => Some(start),
        "nanosleep" => nth_arg_start(out, start, 1),
        "clock_nanosleep" | "getsockopt" => nth_arg_start(out, start, 3),
        "statx" => nth_arg_start(out, start, 4),
        "clone3" => {
            let args = out.get(start..)?;
            args.find(" => {").or_else(|| args.rfind(", ")).map(|at| start + at)
        }
        "clone" => [", parent_tid=", ", pidfd=", ", child_tidptr=", ", tls="]
            .iter()
            .filter_map(|field| out.get(start..).and_then(|args| args.find(field)))
            .min()
            .map(|at| start + at),
        "getcwd" => Some(start),
        _ => None,
    }
}

/// Where argument `n` (from 0) starts in `out`, whose arguments start at `start`: after the `n`th
/// `, ` outside braces, brackets, parentheses and quoted strings.
fn nth_arg_start(out: &str, start: usize, n: usize) -> Option<usize> {
    let bytes = out.as_bytes();
    let (mut depth, mut quoted, mut escaped, mut seen) = (0usize, false, false, 0usize);
    for i in start..bytes.len() {
        let byte = bytes[i];
        if quoted {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => quoted = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => quoted = true,
            b'{' | b'[' | b'(' => depth += 1,
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            b',' if depth == 0 && bytes.get(i + 1) == Some(&b' ') => {
                seen += 1;
                if seen == n {
                    return Some(i + 2);
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether strace prints an argument of this kind only at syscall exit (and everything after it).
fn printed_at_exit(kind: ArgKind) -> bool {
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
            | ArgKind::MsghdrOut
    )
}

fn sep(out: &mut String, idx: usize) {
    if idx > 0 {
        out.push_str(", ");
    }
}

/// The arguments of a call with no special rule: each by its kind. Returns where the first argument
/// strace prints at exit starts, if any.
fn args(out: &mut String, ctx: &Ctx, info: &SyscallInfo) -> Option<usize> {
    let mut split = None;
    for (idx, a) in info.args.iter().enumerate() {
        // open/openat show their mode only when it is used.
        if a.kind == ArgKind::Flags(Flags::Mode)
            && idx > 0
            && info.args[idx - 1].kind == ArgKind::Flags(Flags::OpenFlags)
            && !flags::open_uses_mode(ctx.arg(idx - 1))
        {
            break;
        }
        sep(out, idx);
        if split.is_none() && printed_at_exit(a.kind) {
            split = Some(out.len());
        }
        arg(out, ctx, info, idx, a.kind);
    }
    split
}

/// One argument, by kind.
fn arg(out: &mut String, ctx: &Ctx, info: &SyscallInfo, idx: usize, kind: ArgKind) {
    let value = ctx.arg(idx);
    match kind {
        ArgKind::Int => {
            if is_long(info.name, idx) {
                num::dec(out, value as i64);
            } else {
                num::dec(out, value as i32);
            }
        }
        ArgKind::Uint => num::dec(out, value),
        ArgKind::Hex => hex(out, value),
        ArgKind::Octal => oct(out, value),
        ArgKind::Ptr => addr(out, value),
        ArgKind::Fd => ctx.fd(out, value as i32),
        ArgKind::DirFd => dirfd(out, ctx, value),
        ArgKind::Path => match ctx.capture(idx) {
            Some(c) if value != 0 => strings::path(out, &c.bytes, c.truncated()),
            _ => addr(out, value),
        },
        ArgKind::Str => match ctx.capture(idx) {
            Some(c) if value != 0 => strings::cstring(out, &c.bytes, ctx.strlen, c.truncated()),
            _ => addr(out, value),
        },
        ArgKind::BufIn { len_arg } => match ctx.capture(idx) {
            Some(c) if value != 0 => {
                let len = ctx.arg(usize::from(len_arg));
                strings::buffer(out, &c.bytes, len, ctx.strlen, c.truncated(), Style::Text);
            }
            _ => addr(out, value),
        },
        ArgKind::BufOut => {
            let style = if info.name == "getrandom" { Style::Hex } else { Style::Text };
            buf_out(out, ctx, idx, style);
        }
        ArgKind::Argv => argv(out, ctx, idx),
        ArgKind::Envp => {
            addr(out, value);
            if let Some(n) = ctx.capture(idx).filter(|_| value != 0).and_then(Capture::count) {
                let _ = write!(out, " /* {n} vars */");
            }
        }
        ArgKind::Dirents => {
            addr(out, value);
            if let Some(ret) = ctx.ok_ret() {
                let count = if ret == 0 { Some(0) } else { ctx.capture(idx).and_then(Capture::count) };
                if let Some(n) = count {
                    let _ = write!(out, " /* {n} entries */");
                }
            }
        }
        ArgKind::StructIn(s) => match ctx.capture(idx) {
            Some(c) if value != 0 && structs::print_ctx(out, ctx, s, &c.bytes) => {}
            _ => addr(out, value),
        },
        ArgKind::StructOut(s) => match ctx.capture(idx) {
            Some(c)
                if value != 0
                    && struct_out_written(s, ctx.ok_ret())
                    && structs::print_ctx(out, ctx, s, &c.bytes) => {}
            _ => addr(out, value),
        },
        ArgKind::Flags(f) => flags::print(out, f, value),
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
        | ArgKind::MsghdrIn
        | ArgKind::MsghdrOut => compound::arg(out, ctx, info, idx, kind),
        ArgKind::SigframeMask => sigframe_mask(out, ctx, idx),
    }
}

/// rt_sigreturn's `{mask=[...]}`, from the signal frame's saved mask. Without a readable capture
/// nothing is printed (`rt_sigreturn()`).
fn sigframe_mask(out: &mut String, ctx: &Ctx, idx: usize) {
    let mask = ctx.capture(idx).and_then(|c| c.bytes.get(..8)).and_then(|b| <[u8; 8]>::try_from(b).ok());
    if let Some(mask) = mask {
        out.push_str("{mask=");
        signals::sigset(out, u64::from_le_bytes(mask));
        out.push('}');
    }
}

/// Whether a successful call wrote its output struct: wait4 writes the status only when it
/// returns a pid (0 means WNOHANG found nothing, and strace prints the address).
fn struct_out_written(s: Struct, ok_ret: Option<i64>) -> bool {
    match s {
        Struct::WaitStatus => ok_ret.is_some_and(|r| r > 0),
        _ => ok_ret.is_some(),
    }
}

/// `AT_FDCWD` or the descriptor.
fn dirfd(out: &mut String, ctx: &Ctx, value: u64) {
    let fd = value as i32;
    if fd == libc::AT_FDCWD {
        flags::at_fdcwd(out);
        ctx.decorate(out, fd);
    } else {
        ctx.fd(out, fd);
    }
}

/// `Int` arguments that are 64-bit (`off_t`, `loff_t`) rather than C `int`s.
fn is_long(name: &str, idx: usize) -> bool {
    matches!(
        (name, idx),
        ("lseek", 1)
            | ("pread64" | "pwrite64", 3)
            | ("truncate" | "ftruncate" | "readahead", 1)
            | ("fallocate", 2 | 3)
            | ("fadvise64" | "sync_file_range", 1 | 2)
    )
}

/// A buffer the call filled, of `ret` bytes: the address on failure.
fn buf_out(out: &mut String, ctx: &Ctx, idx: usize, style: Style) {
    let value = ctx.arg(idx);
    match (ctx.ok_ret(), ctx.call.capture(idx)) {
        _ if value == 0 => out.push_str("NULL"),
        (Some(ret), Some(c)) if !c.read_fault() => {
            strings::buffer(out, &c.bytes, ret.unsigned_abs(), ctx.strlen, c.truncated(), style);
        }
        (Some(0), None) => out.push_str("\"\""),
        _ => addr(out, value),
    }
}

/// execve's argv: `["ls", "/"]`, at most `-s` elements, each cut at `-s`.
fn argv(out: &mut String, ctx: &Ctx, idx: usize) {
    let value = ctx.arg(idx);
    let Some(c) = ctx.capture(idx).filter(|c| value != 0 && c.flags & capture_flags::STRINGS != 0) else {
        return addr(out, value);
    };
    let limit = usize::try_from(ctx.strlen).unwrap_or(usize::MAX);
    let mut elements: Vec<&[u8]> = c.bytes.split(|&b| b == 0).collect();
    // The bytes end with a NUL, which leaves an empty piece after it.
    if c.bytes.last() == Some(&0) || c.bytes.is_empty() {
        elements.pop();
    }
    out.push('[');
    for (i, element) in elements.iter().take(limit).enumerate() {
        sep(out, i);
        let shown = &element[..element.len().min(limit)];
        strings::quote(out, shown, Style::Text, element.len() > shown.len());
    }
    if c.truncated() || elements.len() > limit {
        if !elements.is_empty() {
            out.push_str(", ");
        }
        out.push_str("...");
    }
    out.push(']');
}

/// Append the text after `= ` for the call's return value.
pub fn ret(out: &mut String, info: Option<&SyscallInfo>, call: &Syscall, opts: &Options) {
    xlat::with_style(opts.xlat, || ret_in_style(out, info, call, opts));
}

fn ret_in_style(out: &mut String, info: Option<&SyscallInfo>, call: &Syscall, opts: &Options) {
    let Some(ret) = call.ret else {
        out.push('?');
        return;
    };
    if let Some(e) = errno::errno_of(ret) {
        errno::error(out, e);
        return;
    }
    let ctx = Ctx::new(call, opts);
    if let Some(info) = info {
        if special::ret(out, &ctx, info, ret) {
            return;
        }
    }
    match info.map_or(RetKind::Int, |i| i.ret) {
        RetKind::Hex => hex(out, ret as u64),
        RetKind::Octal => oct(out, ret as u64),
        RetKind::Fd => match i32::try_from(ret) {
            Ok(fd) => ctx.fd(out, fd),
            Err(_) => num::dec(out, ret),
        },
        RetKind::Int | RetKind::NoReturn => num::dec(out, ret),
    }
}

#[cfg(test)]
mod tests;
