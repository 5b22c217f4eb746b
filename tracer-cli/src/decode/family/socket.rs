//! Sockets: socket's protocol by domain, setsockopt/getsockopt's option names by level (and
//! getsockopt's value at exit); the descriptors socket, socketpair and accept make, and the calls
//! after which `-yy` looks at a socket's endpoints again.

use tracer_common::syscall::{nr, SyscallInfo};

use super::{Cloexec, FdEffect, Paths, Rules};
use crate::decode::tables::{IP_PROTOCOLS, NETLINK_PROTOCOLS};
use crate::decode::xlat::xval;
use crate::decode::{arg, args_by_kind, Ctx, Group, Printer};

/// SOCK_CLOEXEC (O_CLOEXEC's value) in the type argument.
const SOCK_CLOEXEC: u64 = libc::SOCK_CLOEXEC as u64;

pub const RULES: &[Rules] = &[
    Rules {
        nr: nr::SOCKET,
        args: Some(socket_args),
        paths: Some(Paths::Never),
        fds: FdEffect::Socket { cloexec: Cloexec::Flag { arg: 1, mask: SOCK_CLOEXEC } },
        ..Rules::NONE
    },
    Rules {
        nr: nr::SOCKETPAIR,
        paths: Some(Paths::Never),
        fds: FdEffect::Pair { arg: 3, socket: true, cloexec: Cloexec::Flag { arg: 1, mask: SOCK_CLOEXEC } },
        ..Rules::NONE
    },
    Rules {
        nr: nr::ACCEPT,
        paths: Some(Paths::Never),
        fds: FdEffect::Accept { cloexec: Cloexec::Never },
        ..Rules::NONE
    },
    Rules {
        nr: nr::ACCEPT4,
        paths: Some(Paths::Never),
        fds: FdEffect::Accept { cloexec: Cloexec::Flag { arg: 3, mask: SOCK_CLOEXEC } },
        ..Rules::NONE
    },
    Rules { nr: nr::SETSOCKOPT, args: Some(sockopt_args), ..Rules::NONE },
    Rules { nr: nr::GETSOCKOPT, args: Some(sockopt_args), ..Rules::NONE },
    Rules { nr: nr::BIND, fds: FdEffect::Reconnects, ..Rules::NONE },
    Rules { nr: nr::CONNECT, fds: FdEffect::Reconnects, ..Rules::NONE },
    Rules { nr: nr::LISTEN, fds: FdEffect::Reconnects, ..Rules::NONE },
    Rules { nr: nr::SHUTDOWN, fds: FdEffect::Reconnects, ..Rules::NONE },
    Rules { nr: nr::SENDTO, fds: FdEffect::Reconnects, ..Rules::NONE },
    Rules { nr: nr::SENDMSG, fds: FdEffect::Reconnects, ..Rules::NONE },
    Rules { nr: nr::SENDMMSG, fds: FdEffect::Reconnects, ..Rules::NONE },
];

/// sendfile's arguments (its rule, with its paths, is in `io`).
pub(super) fn sendfile_args(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    sendfile(p, ctx, info);
    true
}

/// sendfile: the offset as it was, and ` => [N]` as the call left it when it sent something
/// (strace's `sendfile`, whose exit text starts at the `=>`); a NULL or unreadable offset or a
/// zero count print the rest at entry.
fn sendfile<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, info: &SyscallInfo) {
    args_by_kind(p, ctx, info, 0..2);
    let (ptr, count) = (ctx.arg(2), ctx.arg(3));
    let before = ctx.entry(2).filter(|c| ptr != 0 && c.bytes.len() >= 8);
    let Some(before) = before else {
        p.addr(ptr);
        return p.uint(count);
    };
    let value = |p: &mut P, c: &tracer_common::event::Capture| {
        p.open(Group::Array);
        p.uint(crate::decode::fields::Fields(&c.bytes).u64(0));
        p.close();
    };
    let after = ctx.ok_ret().filter(|&r| r != 0).and(ctx.exit(2)).filter(|c| c.bytes.len() >= 8);
    match after {
        Some(after) if count != 0 => {
            p.open(Group::Changed);
            value(p, before);
            p.exit_part_here();
            value(p, after);
            p.close();
        }
        _ => {
            value(p, before);
            if count != 0 {
                p.exit_part_here();
            }
        }
    }
    p.uint(count);
}

fn socket_args(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    socket(p, ctx, info);
    true
}

fn sockopt_args(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    sockopt(p, ctx, info);
    true
}

/// socket: the protocol is decoded by domain.
fn socket<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, info: &SyscallInfo) {
    args_by_kind(p, ctx, info, 0..2);
    let proto = ctx.arg(2) & 0xffff_ffff;
    match ctx.arg(0) & 0xffff_ffff {
        2 | 10 => xval(p, IP_PROTOCOLS, proto, "IPPROTO_???"),
        16 => xval(p, NETLINK_PROTOCOLS, proto, "NETLINK_???"),
        _ => p.int(i64::from(proto as i32)),
    }
}

/// setsockopt/getsockopt: the option's name depends on the level (strace 6.1's
/// `print_sockopt_fd_level_name`), and getsockopt has names of its own (`SO_GET_FILTER`);
/// getsockopt prints its value and length at exit.
fn sockopt<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, info: &SyscallInfo) {
    for (idx, a) in info.args.iter().enumerate() {
        if idx == 3 && u64::from(info.nr) == nr::GETSOCKOPT {
            p.exit_part();
        }
        if idx == 2 {
            if u64::from(info.nr) == nr::GETSOCKOPT {
                crate::decode::flags::getsockopt_name(p, ctx.arg(1), ctx.arg(2));
            } else {
                crate::decode::flags::sockopt_name(p, ctx.arg(1), ctx.arg(2));
            }
        } else {
            arg(p, ctx, info, idx, a.kind);
        }
    }
}
