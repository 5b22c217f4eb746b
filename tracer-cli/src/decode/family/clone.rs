//! Making threads and processes, and setting them up: clone names its arguments and prints its tid
//! pointers at exit, clone3 its `clone_args`; rseq and set_tid_address in hex, as strace.

use tracer_common::syscall::{nr, Flags, Struct, SyscallInfo};

use super::{FdEffect, Rules};
use crate::decode::fields::Fields;
use crate::decode::printer::Group;
use tracer_common::capture::deref;

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

/// clone3: the `clone_args` it read, then, for a parent told the child's tid, ` => {parent_tid=[N]}`
/// (`NULL` when the pointer is); what follows the struct is printed at exit.
fn clone3<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, info: &SyscallInfo) {
    let ptr = ctx.arg(0);
    let size = ctx.arg(1);
    let args = ctx.entry(0).filter(|c| ptr != 0 && structs::clone_args_fits(&c.bytes, size));
    let fields = args.map(|c| Fields(&c.bytes));
    // The kernel stores the child's tid at parent_tid, which is also what the call returns: strace
    // reads it back at exit. (A pidfd the call stored is not known here.)
    let flags = fields.map_or(0, |f| f.u64(0));
    let parent_tid = fields.map_or(0, |f| f.u64(24));
    let tid =
        ctx.ok_ret().filter(|&r| r > 0 && args.is_some() && flags & libc::CLONE_PARENT_SETTID as u64 != 0);
    let mut tail = |p: &mut P| ext::tail(p, ctx, 0, Struct::CloneArgs, size);
    let mut set_tid = |p: &mut P, addr: u64, count: u64| set_tid_array(p, ctx, addr, count);
    match (args, tid) {
        (Some(c), Some(tid)) => {
            p.open(Group::Changed);
            structs::clone_args(p, &c.bytes, size, &mut tail, &mut set_tid);
            p.exit_part_here();
            p.open(Group::Struct);
            p.field("parent_tid");
            if parent_tid == 0 {
                p.addr(0);
            } else {
                p.open(Group::Array);
                p.int(tid);
                p.close();
            }
            p.close();
            p.close();
        }
        (Some(c), None) => {
            structs::clone_args(p, &c.bytes, size, &mut tail, &mut set_tid);
            p.exit_part_here();
        }
        (None, _) => {
            p.addr(ptr);
            p.exit_part_here();
        }
    }
    arg(p, ctx, info, 1, info.args[1].kind);
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
