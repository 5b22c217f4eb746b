//! The structs quotactl's commands read or fill (x86_64 layouts): `struct if_dqblk`,
//! `if_nextdqblk`, `if_dqinfo`, XFS's `fs_disk_quota`, `fs_quota_stat` and `fs_quota_statv`,
//! abbreviated without `-v` as strace 6.1 abbreviates them.

use super::cmd::*;
use crate::decode::fields::Fields;
use crate::decode::peek::{self, At};
use crate::decode::printer::Group;
use crate::decode::tables::{
    IF_DQBLK_VALID, IF_DQINFO_FLAGS, IF_DQINFO_VALID, XFS_DQBLK_FLAGS, XFS_QUOTA_FLAGS,
};
use crate::decode::xlat::flags;
use crate::decode::{Ctx, Printer};

/// Bytes strace reads of each struct (`struct if_dqblk` is packed).
const IF_DQBLK: usize = 68;
const IF_NEXTDQBLK: usize = 72;
const IF_DQINFO: usize = 24;
const FS_DISK_QUOTA: usize = 112;
const FS_QUOTA_STAT: usize = 80;
const FS_QUOTA_STATV: usize = 160;

/// Prints one struct from its bytes (`-v`: unabbreviated).
type StructFn = fn(&mut dyn Printer, &Fields, bool);

/// The struct of `command` behind argument `idx`, read `at` entry or exit; its address when it
/// cannot be read (or, at exit, the call failed).
pub(super) fn by_command(p: &mut dyn Printer, ctx: &Ctx, command: u64, idx: usize, at: At) {
    let (size, print): (usize, StructFn) = match command {
        Q_GETQUOTA | Q_SETQUOTA => (IF_DQBLK, dqblk),
        Q_GETNEXTQUOTA => (IF_NEXTDQBLK, nextdqblk),
        Q_GETINFO | Q_SETINFO => (IF_DQINFO, dqinfo),
        Q_XGETQSTAT => (FS_QUOTA_STAT, quota_stat),
        Q_XGETQSTATV => (FS_QUOTA_STATV, quota_statv),
        _ => (FS_DISK_QUOTA, disk_quota),
    };
    if let Some(bytes) = peek::umove(p, ctx, idx, size, at) {
        print(p, &Fields(bytes), ctx.verbose);
    }
}

/// Fields printed `name=N` (unsigned), each at its offset and of its width.
fn uints(p: &mut dyn Printer, f: &Fields, list: &[(&str, usize, usize)]) {
    for &(name, at, width) in list {
        p.field(name);
        p.uint(match width {
            2 => u64::from(f.u16(at)),
            4 => u64::from(f.u32(at)),
            _ => f.u64(at),
        });
    }
}

/// A signed 32-bit field.
fn int(p: &mut dyn Printer, f: &Fields, name: &str, at: usize) {
    p.field(name);
    p.int(i64::from(f.i32(at)));
}

/// The limits and usage `if_dqblk` and `if_nextdqblk` share.
const DQBLK_USAGE: &[(&str, usize, usize)] = &[
    ("dqb_bhardlimit", 0, 8),
    ("dqb_bsoftlimit", 8, 8),
    ("dqb_curspace", 16, 8),
    ("dqb_ihardlimit", 24, 8),
    ("dqb_isoftlimit", 32, 8),
    ("dqb_curinodes", 40, 8),
];

/// The times and valid mask `if_dqblk` and `if_nextdqblk` share (`-v` only).
fn dqblk_times(p: &mut dyn Printer, f: &Fields) {
    uints(p, f, &[("dqb_btime", 48, 8), ("dqb_itime", 56, 8)]);
    p.field("dqb_valid");
    flags(p, IF_DQBLK_VALID, u64::from(f.u32(64)), "QIF_???");
}

fn dqblk(p: &mut dyn Printer, f: &Fields, verbose: bool) {
    p.open(Group::Struct);
    uints(p, f, DQBLK_USAGE);
    if verbose {
        dqblk_times(p, f);
    } else {
        p.more();
    }
    p.close();
}

fn nextdqblk(p: &mut dyn Printer, f: &Fields, verbose: bool) {
    p.open(Group::Struct);
    uints(p, f, DQBLK_USAGE);
    if verbose {
        dqblk_times(p, f);
    }
    uints(p, f, &[("dqb_id", 68, 4)]);
    if !verbose {
        p.more();
    }
    p.close();
}

fn dqinfo(p: &mut dyn Printer, f: &Fields, _verbose: bool) {
    p.open(Group::Struct);
    uints(p, f, &[("dqi_bgrace", 0, 8), ("dqi_igrace", 8, 8)]);
    p.field("dqi_flags");
    flags(p, IF_DQINFO_FLAGS, u64::from(f.u32(16)), "DQF_???");
    p.field("dqi_valid");
    flags(p, IF_DQINFO_VALID, u64::from(f.u32(20)), "IIF_???");
    p.close();
}

/// XFS's `fs_disk_quota`.
fn disk_quota(p: &mut dyn Printer, f: &Fields, verbose: bool) {
    p.open(Group::Struct);
    p.field("d_version");
    p.int(i64::from(f.u8(0) as i8));
    p.field("d_flags");
    flags(p, XFS_DQBLK_FLAGS, u64::from(f.u8(1)), "FS_???_QUOTA");
    p.field("d_fieldmask");
    p.hex(u64::from(f.u16(2)));
    uints(
        p,
        f,
        &[
            ("d_id", 4, 4),
            ("d_blk_hardlimit", 8, 8),
            ("d_blk_softlimit", 16, 8),
            ("d_ino_hardlimit", 24, 8),
            ("d_ino_softlimit", 32, 8),
            ("d_bcount", 40, 8),
            ("d_icount", 48, 8),
        ],
    );
    if verbose {
        int(p, f, "d_itimer", 56);
        int(p, f, "d_btimer", 60);
        uints(
            p,
            f,
            &[
                ("d_iwarns", 64, 2),
                ("d_bwarns", 66, 2),
                ("d_rtb_hardlimit", 72, 8),
                ("d_rtb_softlimit", 80, 8),
                ("d_rtbcount", 88, 8),
            ],
        );
        int(p, f, "d_rtbtimer", 96);
        uints(p, f, &[("d_rtbwarns", 100, 2)]);
    } else {
        p.more();
    }
    p.close();
}

/// `{qfs_ino=..., qfs_nblks=..., qfs_nextents=...}` at `at`.
fn qfilestat(p: &mut dyn Printer, f: &Fields, name: &str, at: usize) {
    p.field(name);
    p.open(Group::Struct);
    uints(p, f, &[("qfs_ino", at, 8), ("qfs_nblks", at + 8, 8), ("qfs_nextents", at + 16, 4)]);
    p.close();
}

/// The time and warning limits both quota stats end with, from `at`.
fn stat_limits(p: &mut dyn Printer, f: &Fields, at: usize) {
    int(p, f, "qs_btimelimit", at);
    int(p, f, "qs_itimelimit", at + 4);
    int(p, f, "qs_rtbtimelimit", at + 8);
    uints(p, f, &[("qs_bwarnlimit", at + 12, 2), ("qs_iwarnlimit", at + 14, 2)]);
}

fn quota_stat(p: &mut dyn Printer, f: &Fields, verbose: bool) {
    p.open(Group::Struct);
    p.field("qs_version");
    p.int(i64::from(f.u8(0) as i8));
    if verbose {
        p.field("qs_flags");
        flags(p, XFS_QUOTA_FLAGS, u64::from(f.u16(2)), "FS_QUOTA_???");
        qfilestat(p, f, "qs_uquota", 8);
        qfilestat(p, f, "qs_gquota", 32);
        uints(p, f, &[("qs_incoredqs", 56, 4)]);
        stat_limits(p, f, 60);
    } else {
        p.more();
    }
    p.close();
}

fn quota_statv(p: &mut dyn Printer, f: &Fields, verbose: bool) {
    p.open(Group::Struct);
    p.field("qs_version");
    p.int(i64::from(f.u8(0) as i8));
    if verbose {
        p.field("qs_flags");
        flags(p, XFS_QUOTA_FLAGS, u64::from(f.u16(2)), "FS_QUOTA_???");
        uints(p, f, &[("qs_incoredqs", 4, 4)]);
        qfilestat(p, f, "qs_uquota", 8);
        qfilestat(p, f, "qs_gquota", 32);
        qfilestat(p, f, "qs_pquota", 56);
        stat_limits(p, f, 80);
    } else {
        p.more();
    }
    p.close();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::text::render;
    use crate::decode::XlatStyle;

    #[test]
    fn dqinfo_and_abbreviated_dqblk() {
        // strace 6.1 prints these structs.
        let mut info = [0u8; IF_DQINFO];
        info[0] = 1;
        info[16..20].copy_from_slice(&0x1_0001u32.to_le_bytes());
        info[20..24].copy_from_slice(&0x8u32.to_le_bytes());
        let text = render(XlatStyle::Abbrev, |p| dqinfo(p, &Fields(&info), false));
        assert_eq!(text, "{dqi_bgrace=1, dqi_igrace=0, dqi_flags=DQF_ROOT_SQUASH|DQF_SYS_FILE, dqi_valid=0x8 /* IIF_??? */}");
        let blk = [0u8; IF_NEXTDQBLK];
        let text = render(XlatStyle::Abbrev, |p| nextdqblk(p, &Fields(&blk), false));
        assert_eq!(
            text,
            "{dqb_bhardlimit=0, dqb_bsoftlimit=0, dqb_curspace=0, dqb_ihardlimit=0, dqb_isoftlimit=0, dqb_curinodes=0, dqb_id=0, ...}"
        );
    }
}
