//! fcntl: the command, then its argument as the command defines it; the return values that mean
//! something (`= 0x1 (flags FD_CLOEXEC)`); F_DUPFD and F_SETFD in the descriptor table.

use tracer_common::syscall::{nr, ArgKind, SyscallInfo};

use super::{FdEffect, Rules};
use crate::decode::flags::open_flags;
use crate::decode::printer::{Group, XlatStyle};
use crate::decode::signals::signal;
use crate::decode::tables::{FD_FLAGS, LEASE_TYPES, NOTIFY_FLAGS, SEALS};
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
        0 | 8 | 1030 | 1031 => p.int(i64::from(value as i32)),
        2 => flags(p, FD_FLAGS, value & 0xffff_ffff, "FD_???"),
        4 => open_flags(p, value & 0xffff_ffff),
        10 => signal(p, value & 0xffff_ffff),
        1024 => xval(p, LEASE_TYPES, value & 0xffff_ffff, "F_???"),
        1026 => flags(p, NOTIFY_FLAGS, value & 0xffff_ffff, "DN_???"),
        1033 => flags(p, SEALS, value & 0xffff_ffff, "F_SEAL_???"),
        5..=7 | 12..=16 | 36..=38 => p.addr(value),
        _ => p.hex(value),
    }
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
