//! quotactl and quotactl_fd: the command as `QCMD(Q_GETFMT, USRQUOTA)`, then what the command
//! uses: the id, the quota format and file, or the struct or flags at the data address (from a
//! page-wide peek capture; the structs a command fills at its exit, as strace prints them).

mod structs;

use tracer_common::syscall::{nr, SyscallInfo};

use super::{Paths, Rules};
use crate::decode::arrays::id;
use crate::decode::peek::{self, At};
use crate::decode::printer::{Fmt, Group};
use crate::decode::tables::{QUOTA_CMDS, QUOTA_FORMATS, QUOTA_TYPES, XFS_DQBLK_FLAGS, XFS_QUOTA_FLAGS};
use crate::decode::xlat::{composite_with, flags, lookup, xval};
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

/// quotactl's commands (`QCMD_CMD` of the argument) that have a rule here.
mod cmd {
    pub const Q_SYNC: u64 = 0x80_0001;
    pub const Q_QUOTAON: u64 = 0x80_0002;
    pub const Q_QUOTAOFF: u64 = 0x80_0003;
    pub const Q_GETFMT: u64 = 0x80_0004;
    pub const Q_GETINFO: u64 = 0x80_0005;
    pub const Q_SETINFO: u64 = 0x80_0006;
    pub const Q_GETQUOTA: u64 = 0x80_0007;
    pub const Q_SETQUOTA: u64 = 0x80_0008;
    pub const Q_GETNEXTQUOTA: u64 = 0x80_0009;
    pub const Q_XQUOTAON: u64 = 0x5801;
    pub const Q_XQUOTAOFF: u64 = 0x5802;
    pub const Q_XGETQUOTA: u64 = 0x5803;
    pub const Q_XSETQLIM: u64 = 0x5804;
    pub const Q_XGETQSTAT: u64 = 0x5805;
    pub const Q_XQUOTARM: u64 = 0x5806;
    pub const Q_XQUOTASYNC: u64 = 0x5807;
    pub const Q_XGETQSTATV: u64 = 0x5808;
    pub const Q_XGETNEXTQUOTA: u64 = 0x5809;
}

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

/// What follows the command (strace's `decode_cmd_data`): the id (`printuid`), then the data by
/// command; what a command fills is printed at exit.
fn data(p: &mut dyn Printer, ctx: &Ctx, command: u64, id_arg: usize, data_arg: usize) {
    use cmd::*;
    let uid = ctx.arg(id_arg) & 0xffff_ffff;
    match command {
        Q_QUOTAOFF | Q_SYNC | Q_XQUOTASYNC => {}
        Q_QUOTAON => {
            xval(p, QUOTA_FORMATS, uid, "QFMT_VFS_???");
            peek::path(p, ctx, data_arg, At::Entry);
        }
        Q_GETQUOTA | Q_GETNEXTQUOTA | Q_XGETQUOTA | Q_XGETNEXTQUOTA => {
            id(p, uid as u32);
            p.exit_part();
            structs::by_command(p, ctx, command, data_arg, At::Exit);
        }
        Q_SETQUOTA | Q_XSETQLIM => {
            id(p, uid as u32);
            structs::by_command(p, ctx, command, data_arg, At::Entry);
        }
        Q_GETFMT => {
            p.exit_part();
            peek::indirect(p, ctx, data_arg, At::Exit, false, |p, v| {
                xval(p, QUOTA_FORMATS, v, "QFMT_VFS_???")
            });
        }
        Q_GETINFO | Q_XGETQSTAT | Q_XGETQSTATV => {
            p.exit_part();
            structs::by_command(p, ctx, command, data_arg, At::Exit);
        }
        Q_SETINFO => structs::by_command(p, ctx, command, data_arg, At::Entry),
        Q_XQUOTAON | Q_XQUOTAOFF => {
            peek::indirect(p, ctx, data_arg, At::Entry, false, |p, v| {
                flags(p, XFS_QUOTA_FLAGS, v, "FS_QUOTA_???")
            });
        }
        Q_XQUOTARM => {
            peek::indirect(p, ctx, data_arg, At::Entry, false, |p, v| {
                flags(p, XFS_DQBLK_FLAGS, v, "FS_???_QUOTA")
            });
        }
        _ => {
            id(p, uid as u32);
            p.addr(ctx.arg(data_arg));
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
