//! Making threads and processes, and setting them up: clone names its arguments and prints its tid
//! pointers at exit, clone3 its `clone_args`; rseq and set_tid_address in hex, as strace.

use tracer_common::syscall::{nr, Flags, Struct, SyscallInfo};

use super::{FdEffect, Rules};
use crate::decode::fields::Fields;
use crate::decode::printer::Group;
use tracer_common::capture::{deref, part};

use crate::decode::{arg, arrays, ext, structs, Ctx, Printer};

pub const RULES: &[Rules] = &[
    Rules { nr: nr::CLONE, args: Some(clone_args), fds: FdEffect::ClonePidfd { arg: 2 }, ..Rules::NONE },
    Rules { nr: nr::CLONE3, args: Some(clone3_args), ..Rules::NONE },
    // strace does not decode these: every argument is printed in hex.
    Rules { nr: nr::RSEQ, args: Some(hex_args), ..Rules::NONE },
    Rules { nr: nr::SET_TID_ADDRESS, args: Some(hex_args), ..Rules::NONE },
];

fn clone_args(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    clone(p, ctx);
    true
}

fn clone3_args(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    clone3(p, ctx, info);
    true
}

fn hex_args(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    for i in 0..info.args.len() {
        p.hex(ctx.arg(i));
    }
    true
}

/// clone(2) on x86_64: flags, stack, parent_tid, child_tid, tls; strace names them and shows the tid
/// pointers and tls only when the flags use them, at the call's exit.
fn clone<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let flags = ctx.arg(0);
    p.field("child_stack");
    p.addr(ctx.arg(1));
    p.field("flags");
    crate::decode::flags::print(p, Flags::CloneFlags, flags);
    p.exit_part_here();
    // What the kernel stored at parent_tid: the child's tid, or (CLONE_PIDFD) a pidfd.
    if flags & (libc::CLONE_PARENT_SETTID | libc::CLONE_PIDFD) as u64 != 0 {
        p.field("parent_tid");
        let stored = ctx.ok_ret().and(ctx.exit(2)).and_then(|c| crate::decode::fields::int(&c.bytes));
        match stored {
            Some(tid) if flags & libc::CLONE_PARENT_SETTID as u64 != 0 => {
                p.open(Group::Array);
                p.int(i64::from(tid));
                p.close();
            }
            Some(fd) => {
                p.open(Group::Array);
                ctx.fd(p, fd);
                p.close();
            }
            None => p.addr(ctx.arg(2)),
        }
    }
    if flags & libc::CLONE_SETTLS as u64 != 0 {
        p.field("tls");
        p.addr(ctx.arg(4));
    }
    if flags & (libc::CLONE_CHILD_SETTID | libc::CLONE_CHILD_CLEARTID) as u64 != 0 {
        p.field("child_tidptr");
        p.addr(ctx.arg(3));
    }
}

/// clone3: the `clone_args` it read, then, after a call that succeeded, what strace reads back:
/// ` => {pidfd=[FD], parent_tid=[TID], TAIL}` (each only when its flag is set, the tail when shown).
fn clone3<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, info: &SyscallInfo) {
    let ptr = ctx.arg(0);
    let size = ctx.arg(1);
    let args = ctx.entry(0).filter(|c| ptr != 0 && structs::clone_args_fits(&c.bytes, size));
    let mut tail = |p: &mut P| ext::tail(p, ctx, 0, Struct::CloneArgs, size);
    let mut set_tid = |p: &mut P, addr: u64, count: u64| set_tid_array(p, ctx, addr, count);
    let Some(c) = args else {
        p.addr(ptr);
        p.exit_part_here();
        return arg(p, ctx, info, 1, info.args[1].kind);
    };
    let f = Fields(&c.bytes);
    let flags = f.u64(0);
    let pidfd = flags & libc::CLONE_PIDFD as u64 != 0;
    let parent_tid = flags & libc::CLONE_PARENT_SETTID as u64 != 0;
    // The kernel never writes the tail: the entry copy stands for strace's second read.
    let tail_again = tail_shown(ctx, size);
    if ctx.ok_ret().is_none() || !(pidfd || parent_tid || tail_again) {
        structs::clone_args(p, &c.bytes, size, &mut tail, &mut set_tid);
        p.exit_part_here();
        return arg(p, ctx, info, 1, info.args[1].kind);
    }
    p.open(Group::Changed);
    structs::clone_args(p, &c.bytes, size, &mut tail, &mut set_tid);
    p.exit_part_here();
    p.open(Group::Struct);
    if pidfd {
        p.field("pidfd");
        stored_int(p, ctx, f.u64(8), 8, |p, fd| ctx.fd(p, fd));
    }
    if parent_tid {
        p.field("parent_tid");
        stored_int(p, ctx, f.u64(24), 24, |p, tid| p.int(i64::from(tid)));
    }
    if tail_again {
        tail(p);
    }
    p.close();
    p.close();
    arg(p, ctx, info, 1, info.args[1].kind);
}

/// `[N]`: the int clone3 stored at `addr` (`clone_args` member at `offset`, read back at exit by a
/// deref row), printed by `print`; `NULL`, or the address when it cannot be read.
fn stored_int<P: Printer + ?Sized>(
    p: &mut P,
    ctx: &Ctx,
    addr: u64,
    offset: u16,
    print: impl FnOnce(&mut P, i32),
) {
    let stored = ctx.call.exit_part(0, deref::part_for(offset)).filter(|c| !c.read_fault());
    match stored.and_then(|c| crate::decode::fields::int(&c.bytes)) {
        Some(value) if addr != 0 => {
            p.open(Group::Array);
            print(p, value);
            p.close();
        }
        _ => p.addr(addr),
    }
}

/// Whether clone3's `clone_args` of `size` bytes has a tail [`ext::tail`] prints: bytes past the
/// known members that are unreadable or not all zero.
fn tail_shown(ctx: &Ctx, size: u64) -> bool {
    size > u64::from(Struct::CloneArgs.size())
        && ctx
            .call
            .entry_part(0, part::TAIL)
            .is_some_and(|c| c.read_fault() || c.bytes.iter().any(|&b| b != 0))
}

/// Most `set_tid` entries strace prints as an array (more: the address).
const MAX_SET_TID: u64 = 32;

/// clone3's `set_tid`: `count` pid_t at `addr` (the deref capture at `clone_args` offset 64), as
/// strace's `print_array` shows them; the address when NULL, empty or too long.
fn set_tid_array<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, addr: u64, count: u64) {
    if addr == 0 || count == 0 || count > MAX_SET_TID {
        return p.addr(addr);
    }
    let capture = ctx.call.entry_part(0, deref::part_for(64));
    let arr = arrays::Array { addr, count, elem: 4, capture };
    arrays::print(p, ctx, arr, |p, b| p.int(i64::from(Fields(b).i32(0))));
}
