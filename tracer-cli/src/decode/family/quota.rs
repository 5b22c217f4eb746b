//! quotactl and quotactl_fd: the command as `QCMD(Q_GETFMT, USRQUOTA)`, then the id and the data
//! address where the command uses them. The structs some commands read or fill are not captured:
//! their addresses are shown (what strace prints when it cannot read them).

use tracer_common::syscall::{nr, SyscallInfo};

use super::{Paths, Rules};
use crate::decode::printer::{Fmt, Group};
use crate::decode::tables::{QUOTA_CMDS, QUOTA_FORMATS, QUOTA_TYPES};
use crate::decode::xlat::{composite_with, lookup, xval};
use crate::decode::{arg, Ctx, Printer};

pub const RULES: &[Rules] = &[
    Rules {
        nr: nr::QUOTACTL,
        args: Some(quotactl),
        paths: Some(Paths::Args { fds: &[], paths: &[1] }),
        ..Rules::NONE
    },
    Rules { nr: nr::QUOTACTL_FD, args: Some(quotactl_fd), ..Rules::NONE },
];

const Q_SYNC: u64 = 0x80_0001;
const Q_QUOTAON: u64 = 0x80_0002;
const Q_QUOTAOFF: u64 = 0x80_0003;
const Q_XQUOTASYNC: u64 = 0x5807;
/// Commands whose only other argument is the data address.
const DATA_ONLY: &[u64] = &[0x80_0004, 0x80_0005, 0x80_0006, 0x5801, 0x5802, 0x5805, 0x5806, 0x5808];

fn quotactl(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    let qcmd = ctx.arg(0) & 0xffff_ffff;
    print_qcmd(p, qcmd);
    arg(p, ctx, info, 1, info.args[1].kind);
    data(p, ctx, qcmd >> 8, 2, 3);
    true
}

fn quotactl_fd(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    ctx.fd(p, ctx.arg(0) as i32);
    let qcmd = ctx.arg(1) & 0xffff_ffff;
    print_qcmd(p, qcmd);
    data(p, ctx, qcmd >> 8, 2, 3);
    true
}

/// `QCMD(Q_GETFMT, USRQUOTA)`; raw: the number; verbose: both.
fn print_qcmd(p: &mut dyn Printer, qcmd: u64) {
    composite_with(
        p,
        |p| p.uint(qcmd),
        |p| {
            p.open(Group::Call("QCMD"));
            p.constant(qcmd >> 8, lookup(QUOTA_CMDS, qcmd >> 8), Fmt::Hex, "Q_???");
            p.constant(qcmd & 0xff, lookup(QUOTA_TYPES, qcmd & 0xff), Fmt::Hex, "???QUOTA");
            p.close();
        },
    );
}

/// What follows the command: by command, the id (`printuid`) and the data address.
fn data(p: &mut dyn Printer, ctx: &Ctx, cmd: u64, id_arg: usize, data_arg: usize) {
    let (id, addr) = (ctx.arg(id_arg) & 0xffff_ffff, ctx.arg(data_arg));
    match cmd {
        Q_QUOTAOFF | Q_SYNC | Q_XQUOTASYNC => {}
        Q_QUOTAON => {
            xval(p, QUOTA_FORMATS, id, "QFMT_VFS_???");
            p.addr(addr);
        }
        _ if DATA_ONLY.contains(&cmd) => p.addr(addr),
        _ => {
            if id == 0xffff_ffff {
                p.int(-1);
            } else {
                p.uint(id);
            }
            p.addr(addr);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::strace_line;
    use super::*;
    use crate::decode::XlatStyle;

    #[test]
    fn qcmd_in_each_style() {
        // strace 6.1 prints these lines.
        let getfmt_grp = (0x80_0004 << 8) | 1;
        assert_eq!(
            strace_line(nr::QUOTACTL_FD, &[u64::MAX, getfmt_grp, 0, 0x1000], -9, XlatStyle::Abbrev),
            "quotactl_fd(-1, QCMD(Q_GETFMT, GRPQUOTA), 0x1000) = -1 EBADF (Bad file descriptor)"
        );
        assert_eq!(
            strace_line(nr::QUOTACTL_FD, &[u64::MAX, 0xbadc0ded, 0, 0x1000], -9, XlatStyle::Verbose),
            "quotactl_fd(-1, 3134983661 /* QCMD(0xbadc0d /* Q_??? */, 0xed /* ???QUOTA */) */, 0, 0x1000) = -1 EBADF (Bad file descriptor)"
        );
    }
}
