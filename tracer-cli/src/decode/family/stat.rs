//! statx (its flags start with the sync type; its buffer is printed at exit), mknod/mknodat (a
//! symbolic mode, and the device only for character and block devices), ustat's device, and time's
//! seconds with their calendar date.

use tracer_common::syscall::{nr, SyscallInfo};

use super::{Paths, Rules};
use crate::decode::printer::{Group, Printer};
use crate::decode::tables::{AT_FLAGS, AT_STATX_SYNC};
use crate::decode::xlat::flags_ex;
use crate::decode::{arg, args_by_kind, structs, Ctx};

pub const RULES: &[Rules] = &[
    Rules {
        nr: nr::STATX,
        args: Some(statx_args),
        paths: Some(Paths::Args { fds: &[0], paths: &[1] }),
        ..Rules::NONE
    },
    Rules { nr: nr::MKNOD, args: Some(mknod_args), ..Rules::NONE },
    Rules { nr: nr::USTAT, args: Some(ustat_args), ..Rules::NONE },
    Rules { nr: nr::TIME, ret: Some(time_ret), ..Rules::NONE },
    Rules {
        nr: nr::MKNODAT,
        args: Some(mknodat_args),
        paths: Some(Paths::Args { fds: &[0], paths: &[1] }),
        ..Rules::NONE
    },
];

/// `ustat(makedev(0x8, 0x1), ...)`.
fn ustat_args(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    structs::makedev(p, ctx.arg(0));
    args_by_kind(p, ctx, info, 1..info.args.len());
    true
}

/// `= 1700000000 (2023-11-14T22:13:20+0000)`.
fn time_ret(p: &mut dyn Printer, _ctx: &Ctx, _info: &SyscallInfo, ret: i64) -> bool {
    p.int(ret);
    if let Some(date) = crate::decode::timefmt::calendar_sec(ret) {
        p.open(Group::Note);
        p.raw(&date);
        p.close();
    }
    true
}

fn statx_args(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    statx(p, ctx, info);
    true
}

fn mknod_args(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    mknod(p, ctx, info, 1);
    true
}

fn mknodat_args(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    mknod(p, ctx, info, 2);
    true
}

/// statx: its flags start with the sync type, `AT_STATX_SYNC_AS_STAT` (strace 6.1's two
/// `printflags` with no default: with `-X raw` a zero sync type prints nothing, `statx(-100, NULL,
/// |0x800, ...)`). Its buffer is printed at exit.
fn statx<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, info: &SyscallInfo) {
    const SYNC_TYPE: u64 = 0x6000;
    for (idx, a) in info.args.iter().enumerate() {
        if idx == 4 {
            p.exit_part();
        }
        if idx == 2 {
            let value = ctx.arg(2) & 0xffff_ffff;
            let rest = value & !SYNC_TYPE;
            // The two parts are joined by `|` even when the first prints nothing.
            p.open(Group::Expr);
            flags_ex(p, &[AT_STATX_SYNC], value & SYNC_TYPE, None);
            if rest != 0 {
                p.raw("|");
                flags_ex(p, &[AT_FLAGS], rest, None);
            }
            p.close();
        } else {
            arg(p, ctx, info, idx, a.kind);
        }
    }
}

/// mknod/mknodat: a symbolic mode, and the device only for character and block devices.
fn mknod<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, info: &SyscallInfo, mode_idx: usize) {
    args_by_kind(p, ctx, info, 0..mode_idx);
    let mode = (ctx.arg(mode_idx) & 0xffff_ffff) as u32;
    structs::mode(p, mode);
    if matches!(mode & 0o170000, 0o020000 | 0o060000) {
        structs::makedev(p, ctx.arg(mode_idx + 1));
    }
}

#[cfg(test)]
mod tests {
    use tracer_common::syscall::nr;

    use crate::decode::family::strace_line;
    use crate::decode::printer::XlatStyle::Abbrev;

    #[test]
    fn ustat_names_its_device_and_time_its_date() {
        assert_eq!(
            strace_line(nr::USTAT, &[0xffff_ffff, 0], -22, Abbrev),
            "ustat(makedev(0xfff, 0xfffff), NULL) = -1 EINVAL (Invalid argument)"
        );
        // Only the shape of the date: it is in tracer's local time zone.
        let line = strace_line(nr::TIME, &[0], 1_700_000_000, Abbrev);
        assert!(line.starts_with("time(NULL) = 1700000000 (2023-11-1"), "{line}");
        assert!(
            line.ends_with(')') && line.len() == "time(NULL) = 1700000000 (2023-11-14T22:13:20+0000)".len(),
            "{line}"
        );
    }
}
