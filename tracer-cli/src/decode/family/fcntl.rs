//! fcntl: the command, then its argument as the command defines it (a lock's `struct flock`, an
//! owner's `struct f_owner_ex`, from the readable prefix of the argument's memory copied at entry
//! and exit; F_SETOWN's pid); the return values that mean something (`= 0x1 (flags FD_CLOEXEC)`,
//! F_GETOWN's pid); F_DUPFD and F_SETFD in the descriptor table.

use tracer_common::syscall::{nr, ArgKind, SyscallInfo};

use super::{FdEffect, Rules};
use crate::decode::fields::Fields;
use crate::decode::flags::open_flags;
use crate::decode::pids::PidType;
use crate::decode::printer::{Group, XlatStyle};
use crate::decode::signals::signal;
use crate::decode::tables::{FD_FLAGS, F_OWNER_TYPES, LEASE_TYPES, NOTIFY_FLAGS, SEALS, WHENCE};
use crate::decode::xlat::{flags, lookup, xval};
use crate::decode::{arg, Ctx, Printer};

pub const RULES: &[Rules] =
    &[Rules { nr: nr::FCNTL, args: Some(args), ret: Some(ret), fds: FdEffect::Fcntl, ..Rules::NONE }];

fn args(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    fcntl(p, ctx, info);
    true
}

/// fcntl: the command, then its argument as the command defines it.
fn fcntl<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, info: &SyscallInfo) {
    let cmd = ctx.arg(1) & 0xffff_ffff;
    let value = ctx.arg(2);
    arg(p, ctx, info, 0, ArgKind::Fd);
    arg(p, ctx, info, 1, info.args[1].kind);
    match cmd {
        // No argument.
        1 | 3 | 9 | 11 | 1025 | 1032 | 1034 => {}
        0 | 1030 | 1031 => p.int(i64::from(value as i32)),
        // F_SETOWN: a process, or a process group negated.
        8 => ctx.pid_or_pgid(p, value as i32),
        2 => flags(p, FD_FLAGS, value & 0xffff_ffff, "FD_???"),
        4 => open_flags(p, value & 0xffff_ffff),
        10 => signal(p, value & 0xffff_ffff),
        1024 => xval(p, LEASE_TYPES, value & 0xffff_ffff, "F_???"),
        1026 => flags(p, NOTIFY_FLAGS, value & 0xffff_ffff, "DN_???"),
        1033 => flags(p, SEALS, value & 0xffff_ffff, "F_SEAL_???"),
        // F_SETLK, F_SETLKW, F_OFD_SETLK, F_OFD_SETLKW: the lock asked for.
        6 | 7 | 37 | 38 => memory(p, ctx, Lock::Set, false),
        // F_GETLK, F_OFD_GETLK: the lock found, at exit.
        5 | 36 => {
            p.exit_part();
            memory(p, ctx, Lock::Get, true);
        }
        // F_SETOWN_EX; F_GETOWN_EX at exit.
        15 => memory(p, ctx, Lock::Owner, false),
        16 => {
            p.exit_part();
            memory(p, ctx, Lock::Owner, true);
        }
        12..=14 => p.addr(value),
        _ => p.hex(value),
    }
}

/// `struct f_owner_ex`'s types (`F_OWNER_*`).
const F_OWNER_TID: u32 = 0;
const F_OWNER_PID: u32 = 1;
const F_OWNER_PGRP: u32 = 2;

/// What fcntl's argument points to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lock {
    /// A `struct flock` to set.
    Set,
    /// A `struct flock` the call filled (with its `l_pid`).
    Get,
    /// A `struct f_owner_ex`.
    Owner,
}

/// The argument's memory as `what`: the entry copy, or `at_exit` the exit copy (taken only when the
/// call succeeded: after a failure strace prints the address); the address when it could not be read.
fn memory<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, what: Lock, at_exit: bool) {
    let copy = if at_exit { ctx.ok_ret().and_then(|_| ctx.exit(2)) } else { ctx.entry(2) };
    let value = ctx.arg(2);
    let needed = if what == Lock::Owner { 8 } else { 32 };
    let Some(bytes) = copy.map(|c| c.bytes.as_slice()).filter(|b| value != 0 && b.len() >= needed) else {
        return p.addr(value);
    };
    let f = Fields(bytes);
    p.open(Group::Struct);
    if what == Lock::Owner {
        p.field("type");
        xval(p, F_OWNER_TYPES, u64::from(f.u32(0)), "F_OWNER_???");
        p.field("pid");
        let pid = f.i32(4);
        match f.u32(0) {
            F_OWNER_TID => ctx.pid(p, pid, PidType::Tid),
            F_OWNER_PID => ctx.pid(p, pid, PidType::Tgid),
            F_OWNER_PGRP => ctx.pid(p, pid, PidType::Pgid),
            _ => p.int(i64::from(pid)),
        }
    } else {
        p.field("l_type");
        xval(p, LEASE_TYPES, u64::from(f.u16(0)), "F_???");
        p.field("l_whence");
        xval(p, WHENCE, u64::from(f.u16(2)), "SEEK_???");
        p.field("l_start");
        p.int(f.u64(8) as i64);
        p.field("l_len");
        p.int(f.u64(16) as i64);
        if what == Lock::Get {
            p.field("l_pid");
            ctx.pid(p, f.i32(24), PidType::Tgid);
        }
    }
    p.close();
}

/// The commands whose return value has a meaning (strace 6.1's `print_fcntl` at exit).
fn ret(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo, ret: i64) -> bool {
    let value = ret as u64;
    // `0x1 (flags FD_CLOEXEC)`: the number, then its meaning under a label.
    let labelled = |p: &mut dyn Printer, label: &str, meaning: &mut dyn FnMut(&mut dyn Printer)| {
        p.hex(value);
        p.open(Group::Note);
        p.field(label);
        meaning(p);
        p.close();
    };
    match ctx.arg(1) & 0xffff_ffff {
        // F_DUPFD, F_DUPFD_CLOEXEC: `RVAL_FD`, so `-y` names the new descriptor.
        0 | 1030 => match i32::try_from(ret) {
            Ok(fd) => ctx.fd(p, fd),
            Err(_) => return false,
        },
        // F_GETOWN: a process, or a process group negated (left as it is).
        9 => {
            let ty = if ret < 0 { PidType::Pgid } else { PidType::Tgid };
            ctx.pid(p, ret as i32, ty);
        }
        1 if ret != 0 => labelled(p, "flags", &mut |p| flags(p, FD_FLAGS, value, "FD_???")),
        // F_GETFL: `sprint_open_modes`, which builds its text abbreviated whatever -X says.
        3 => labelled(p, "flags", &mut |p| {
            let style = p.set_style(XlatStyle::Abbrev);
            open_flags(p, value);
            p.set_style(style);
        }),
        // F_GETLEASE: `RVAL_STR` with a name from `xlookup` (the name in every -X style).
        1025 => {
            p.hex(value);
            if let Some(name) = lookup(LEASE_TYPES, value) {
                p.open(Group::Note);
                p.name(name);
                p.close();
            }
        }
        1034 if ret != 0 => labelled(p, "seals", &mut |p| flags(p, SEALS, value, "F_SEAL_???")),
        // F_GETSIG: `signame`.
        11 if ret != 0 => {
            p.int(ret);
            p.open(Group::Note);
            let style = p.set_style(XlatStyle::Abbrev);
            signal(p, value);
            p.set_style(style);
            p.close();
        }
        _ => return false,
    }
    true
}
