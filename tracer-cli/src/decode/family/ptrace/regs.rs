//! x86_64 register sets as strace 6.1 prints them (its `arch_decode_prstatus_regset` and
//! `arch_decode_fpregset`): PTRACE_GETREGS/SETREGS and GETFPREGS/SETFPREGS from the memory at
//! `data`, PTRACE_GETREGSET/SETREGSET from the `struct iovec` at `data` and the deref capture of
//! its `iov_base` (`tracer_common::capture::deref`).

use tracer_common::capture::deref;

use crate::decode::fields::Fields;
use crate::decode::peek::{self, At};
use crate::decode::printer::Group;
use crate::decode::{Ctx, Printer};

/// `sizeof(struct user_regs_struct)` (NT_PRSTATUS).
pub const PRSTATUS_SIZE: usize = 216;
/// `sizeof(struct user_fpregs_struct)` (NT_FPREGSET).
pub const FPREGSET_SIZE: usize = 512;
/// The regset notes strace decodes.
const NT_PRSTATUS: u64 = 1;
const NT_FPREGSET: u64 = 2;

/// `struct user_regs_struct`'s members, 8 bytes each, in order.
const PRSTATUS: [&str; 27] = [
    "r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9", "r8", "rax", "rcx", "rdx", "rsi", "rdi",
    "orig_rax", "rip", "cs", "eflags", "rsp", "ss", "fs_base", "gs_base", "ds", "es", "fs", "gs",
];

/// The `size`-byte register set of type `nt` at `addr` from `bytes` (what was copied of it; None
/// when unreadable): the address for a type strace does not decode, an empty size or one that is
/// not a multiple of 8, or memory that could not be read.
pub fn regset<P: Printer + ?Sized>(
    p: &mut P,
    ctx: &Ctx,
    nt: u64,
    addr: u64,
    size: u64,
    bytes: Option<&[u8]>,
) {
    let whole = match nt {
        NT_PRSTATUS => PRSTATUS_SIZE,
        NT_FPREGSET => FPREGSET_SIZE,
        _ => return p.addr(addr),
    };
    let fetch = usize::try_from(size).unwrap_or(usize::MAX).min(whole);
    let fetched = bytes.and_then(|b| b.get(..fetch));
    match fetched {
        Some(b) if size != 0 && size.is_multiple_of(8) && addr != 0 => {
            if nt == NT_PRSTATUS {
                prstatus(p, b);
            } else {
                fpregset(p, ctx, b);
            }
        }
        _ => return p.addr(addr),
    }
    if size > whole as u64 {
        p.more();
    }
    p.close();
}

/// The members of a `user_regs_struct` whose offset is below `b.len()` (the struct left open).
fn prstatus<P: Printer + ?Sized>(p: &mut P, b: &[u8]) {
    let f = Fields(b);
    p.open(Group::Struct);
    for (i, name) in PRSTATUS.iter().enumerate() {
        if i * 8 >= b.len() {
            break;
        }
        p.field(name);
        p.hex(f.u64(i * 8));
    }
}

/// The members of a `user_fpregs_struct` whose offset is below `b.len()` (the struct left open).
fn fpregset<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, b: &[u8]) {
    let f = Fields(b);
    let n = b.len();
    p.open(Group::Struct);
    for (name, at) in [("cwd", 0), ("swd", 2), ("ftw", 4), ("fop", 6)] {
        if at < n {
            p.field(name);
            p.hex(u64::from(f.u16(at)));
        }
    }
    for (name, at) in [("rip", 8), ("rdp", 16)] {
        if at < n {
            p.field(name);
            p.hex(f.u64(at));
        }
    }
    for (name, at) in [("mxcsr", 24), ("mxcr_mask", 28)] {
        if at < n {
            p.field(name);
            p.hex(u64::from(f.u32(at)));
        }
    }
    for (name, at, count) in [("st_space", 32, 32), ("xmm_space", 160, 64), ("padding", 416, 24)] {
        if at < n {
            p.field(name);
            words(p, ctx, &b[at..], count);
        }
    }
}

/// At most `count` u32 of `b` in hex, as strace's `print_local_array_upto` (cut at `-s` elements
/// unless `-v`).
fn words<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, b: &[u8], count: usize) {
    let f = Fields(b);
    let n = (b.len() / 4).min(count);
    let shown = if ctx.verbose { n } else { n.min(ctx.strlen as usize) };
    p.open(Group::Array);
    for i in 0..shown {
        p.hex(u64::from(f.u32(i * 4)));
    }
    if shown < n {
        p.more();
    }
    p.close();
}

/// PTRACE_GETREGS/GETFPREGS (at exit) and SETREGS/SETFPREGS (at entry): the register set of
/// `size` bytes at `data`, or its address.
pub fn at_data<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, fp: bool, at: At) {
    let (nt, size) = if fp { (NT_FPREGSET, FPREGSET_SIZE) } else { (NT_PRSTATUS, PRSTATUS_SIZE) };
    if let Some(b) = peek::umove(p, ctx, 3, size, at) {
        regset(p, ctx, nt, ctx.arg(3), size as u64, Some(b));
    }
}

/// The `{iov_base, iov_len}` at `data` as copied at entry, and at exit when the call succeeded
/// (else the entry copy: a failed call leaves it alone).
fn iovecs(ctx: &Ctx) -> Option<((u64, u64), (u64, u64))> {
    let pair = |b: &[u8]| {
        let f = Fields(b);
        (f.u64(0), f.u64(8))
    };
    let entry = ctx.entry(3).filter(|c| c.bytes.len() >= 16).map(|c| pair(&c.bytes))?;
    let exit =
        ctx.ok_ret().and(ctx.exit(3)).filter(|c| c.bytes.len() >= 16).map_or(entry, |c| pair(&c.bytes));
    Some((entry, exit))
}

/// `iov_len=old` or `iov_len=old => new`.
fn iov_len<P: Printer + ?Sized>(p: &mut P, old: u64, new: u64) {
    p.field("iov_len");
    if old == new {
        return p.uint(old);
    }
    p.open(Group::Changed);
    p.uint(old);
    p.uint(new);
    p.close();
}

/// PTRACE_GETREGSET's iovec at exit: the register set of type `nt` the call wrote (failed: the
/// address), the length before and after.
pub fn getregset<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, nt: u64) {
    let Some(((_, old), (base, len))) = iovecs(ctx) else { return p.addr(ctx.arg(3)) };
    let bytes = ctx.ok_ret().and(ctx.exit_part(3, deref::part_for(0))).map(|c| c.bytes.as_slice());
    p.open(Group::Struct);
    p.field("iov_base");
    regset(p, ctx, nt, base, len, bytes);
    iov_len(p, old, len);
    p.close();
}

/// PTRACE_SETREGSET's iovec: the register set of type `nt` the call reads, its length (and what
/// the call changed it to).
pub fn setregset<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, nt: u64) {
    let Some(((base, old), (_, len))) = iovecs(ctx) else { return p.addr(ctx.arg(3)) };
    let bytes = ctx.entry_part(3, deref::part_for(0)).map(|c| c.bytes.as_slice());
    p.open(Group::Struct);
    p.field("iov_base");
    regset(p, ctx, nt, base, old, bytes);
    iov_len(p, old, len);
    p.close();
}
