//! Files: stat, statx and statfs, the file modes and device numbers in them, and openat2's
//! `struct open_how`.

use super::{field_int, field_uint, View};
use crate::decode::fields::Fields;
use crate::decode::printer::{Group, Printer};
use crate::decode::tables::{FILE_TYPES, FS_MAGIC, RESOLVE_FLAGS, STATFS_FLAGS, STATX_ATTRS, STATX_MASK};
use crate::decode::xlat::{composite, composite_with, flags, lookup};
use crate::decode::{arrays, timefmt};

/// A file mode (strace's `print_symbolic_mode_t`): `S_IFREG|S_ISUID|0755`; `0104755` raw,
/// `0104755 /* S_IFREG|S_ISUID|0755 */` verbose; just the octal number when the file type is unknown.
pub fn mode<P: Printer + ?Sized>(p: &mut P, mode: u32) {
    let kind = u64::from(mode & 0o170000);
    let name = if kind == 0 { Some("") } else { lookup(FILE_TYPES, kind) };
    let Some(name) = name else {
        return p.oct(u64::from(mode));
    };
    composite_with(
        p,
        |p| p.oct(u64::from(mode)),
        |p| {
            p.open(Group::Or);
            if !name.is_empty() {
                p.name(name);
            }
            for (bit, name) in [(0o4000, "S_ISUID"), (0o2000, "S_ISGID"), (0o1000, "S_ISVTX")] {
                if mode & bit != 0 {
                    p.name(name);
                }
            }
            p.oct(u64::from(mode & !0o177000));
            p.close();
        },
    );
}

fn is_device(mode: u32) -> bool {
    matches!(mode & 0o170000, 0o020000 | 0o060000)
}

/// glibc's `makedev` encoding of a `dev_t` (strace's `print_dev_t`): `makedev(0x1, 0x3)`; `0x103`
/// raw, `0x103 /* makedev(0x1, 0x3) */` verbose.
pub fn makedev<P: Printer + ?Sized>(p: &mut P, dev: u64) {
    let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & !0xfff);
    let minor = (dev & 0xff) | ((dev >> 12) & 0xffff_ff00);
    composite(p, dev, |p| {
        p.open(Group::Call("makedev"));
        p.hex(major);
        p.hex(minor);
        p.close();
    });
}

/// x86_64 `struct stat`: st_mode at 24, st_rdev at 40, st_size at 48.
pub(super) fn stat<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    let st_mode = f.u32(24);
    p.open(Group::Struct);
    p.field("st_mode");
    mode(p, st_mode);
    if is_device(st_mode) {
        p.field("st_rdev");
        makedev(p, f.u64(40));
    } else {
        field_int(p, "st_size", f.i64(48));
    }
    p.more();
    p.close();
}

/// `struct statx`: stx_mask at 0, stx_attributes at 8, stx_mode at 28, stx_size at 40; the mode and
/// size only when the mask says they were filled.
pub(super) fn statx<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    let mask = f.u32(0);
    p.open(Group::Struct);
    p.field("stx_mask");
    flags(p, STATX_MASK, u64::from(mask), "STATX_???");
    p.field("stx_attributes");
    flags(p, STATX_ATTRS, f.u64(8), "STATX_ATTR_???");
    statx_mode_size(p, f, mask, false);
    p.more();
    p.close();
}

fn statx_mode_size<P: Printer + ?Sized>(p: &mut P, f: &Fields, mask: u32, verbose: bool) {
    if mask & (libc::STATX_TYPE | libc::STATX_MODE) != 0 {
        p.field("stx_mode");
        mode(p, u32::from(f.u16(28)));
    }
    if verbose && mask & libc::STATX_INO != 0 {
        field_uint(p, "stx_ino", f.u64(32));
    }
    if mask & libc::STATX_SIZE != 0 {
        field_uint(p, "stx_size", f.u64(40));
    }
}

/// `struct statx` in full (`-v`).
pub(super) fn statx_verbose<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    let mask = f.u32(0);
    p.open(Group::Struct);
    p.field("stx_mask");
    flags(p, STATX_MASK, u64::from(mask), "STATX_???");
    field_uint(p, "stx_blksize", u64::from(f.u32(4)));
    p.field("stx_attributes");
    flags(p, STATX_ATTRS, f.u64(8), "STATX_ATTR_???");
    if mask & libc::STATX_NLINK != 0 {
        field_uint(p, "stx_nlink", u64::from(f.u32(16)));
    }
    if mask & libc::STATX_UID != 0 {
        p.field("stx_uid");
        arrays::id(p, f.u32(20));
    }
    if mask & libc::STATX_GID != 0 {
        p.field("stx_gid");
        arrays::id(p, f.u32(24));
    }
    statx_mode_size(p, f, mask, true);
    if mask & libc::STATX_BLOCKS != 0 {
        field_uint(p, "stx_blocks", f.u64(48));
    }
    p.field("stx_attributes_mask");
    flags(p, STATX_ATTRS, f.u64(56), "STATX_ATTR_???");
    for (bit, name, at) in [
        (libc::STATX_ATIME, "stx_atime", 64),
        (libc::STATX_BTIME, "stx_btime", 80),
        (libc::STATX_CTIME, "stx_ctime", 96),
        (libc::STATX_MTIME, "stx_mtime", 112),
    ] {
        if mask & bit != 0 {
            let (sec, nsec) = (f.i64(at), u64::from(f.u32(at + 8)));
            p.field(name);
            p.open(Group::Struct);
            field_int(p, "tv_sec", sec);
            field_uint(p, "tv_nsec", nsec);
            p.close();
            timefmt::comment_nsec(p, sec, nsec);
        }
    }
    for (name, at) in
        [("stx_rdev_major", 128), ("stx_rdev_minor", 132), ("stx_dev_major", 136), ("stx_dev_minor", 140)]
    {
        field_uint(p, name, u64::from(f.u32(at)));
    }
    if mask & 0x1000 != 0 {
        p.field("stx_mnt_id");
        p.hex(f.u64(144));
    }
    if mask & 0x2000 != 0 {
        field_uint(p, "stx_dio_mem_align", u64::from(f.u32(152)));
        field_uint(p, "stx_dio_offset_align", u64::from(f.u32(156)));
    }
    p.close();
}

/// x86_64 `struct stat` in full (`-v`).
pub(super) fn stat_verbose<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    let st_mode = f.u32(24);
    p.open(Group::Struct);
    p.field("st_dev");
    makedev(p, f.u64(0));
    field_uint(p, "st_ino", f.u64(8));
    p.field("st_mode");
    mode(p, st_mode);
    field_uint(p, "st_nlink", f.u64(16));
    field_uint(p, "st_uid", u64::from(f.u32(28)));
    field_uint(p, "st_gid", u64::from(f.u32(32)));
    field_uint(p, "st_blksize", f.u64(56));
    field_uint(p, "st_blocks", f.u64(64));
    if is_device(st_mode) {
        p.field("st_rdev");
        makedev(p, f.u64(40));
    } else {
        field_uint(p, "st_size", f.u64(48));
    }
    for (name, nsec_name, at) in [
        ("st_atime", "st_atime_nsec", 72),
        ("st_mtime", "st_mtime_nsec", 88),
        ("st_ctime", "st_ctime_nsec", 104),
    ] {
        let (sec, nsec) = (f.i64(at), f.u64(at + 8));
        field_int(p, name, sec);
        timefmt::comment_nsec(p, sec, nsec);
        field_uint(p, nsec_name, nsec);
    }
    p.close();
}

/// x86_64 `struct statfs`: eleven 8-byte fields, f_fsid being two ints.
pub(super) fn statfs<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    p.open(Group::Struct);
    p.field("f_type");
    let f_type = f.u64(0);
    match lookup(FS_MAGIC, f_type) {
        Some(name) => p.name(name),
        None => p.hex(f_type),
    }
    field_int(p, "f_bsize", f.i64(8));
    for (name, at) in [("f_blocks", 16), ("f_bfree", 24), ("f_bavail", 32), ("f_files", 40), ("f_ffree", 48)]
    {
        field_uint(p, name, f.u64(at));
    }
    p.field("f_fsid");
    p.open(Group::Struct);
    p.field("val");
    p.open(Group::Array);
    p.hex(u64::from(f.u32(56)));
    p.hex(u64::from(f.u32(60)));
    p.close();
    p.close();
    field_int(p, "f_namelen", f.i64(64));
    field_int(p, "f_frsize", f.i64(72));
    p.field("f_flags");
    flags(p, STATFS_FLAGS, f.u64(80), "ST_???");
    p.close();
}

/// openat2's `struct open_how`: the mode only when it is used or set.
pub(super) fn open_how<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    open_how_with(p, f, &mut |_| {});
}

/// [`open_how`], then `tail` (what follows the known members) before the closing brace.
pub(super) fn open_how_with<P: Printer + ?Sized>(p: &mut P, f: &Fields, tail: &mut dyn FnMut(&mut P)) {
    let open_flags = f.u64(0);
    let mode = f.u64(8);
    p.open(Group::Struct);
    p.field("flags");
    crate::decode::flags::open_flags(p, open_flags);
    if open_flags & (libc::O_CREAT as u64 | libc::O_TMPFILE as u64) != 0 || mode != 0 {
        p.field("mode");
        p.oct(mode);
    }
    p.field("resolve");
    flags(p, RESOLVE_FLAGS, f.u64(16), "RESOLVE_???");
    tail(p);
    p.close();
}

/// mount_setattr's `struct mount_attr`, then `tail` (what follows the known members). The user
/// namespace is a descriptor only with MOUNT_ATTR_IDMAP.
pub(super) fn mount_attr<P: Printer + ?Sized>(
    p: &mut P,
    f: &Fields,
    view: &View,
    tail: &mut dyn FnMut(&mut P),
) {
    use crate::decode::tables::{MOUNT_ATTR_ATTR, MOUNT_ATTR_PROPAGATION};
    const MOUNT_ATTR_IDMAP: u64 = 0x10_0000;
    let (set, clr, userns) = (f.u64(0), f.u64(8), f.u64(24));
    p.open(Group::Struct);
    p.field("attr_set");
    flags(p, MOUNT_ATTR_ATTR, set, "MOUNT_ATTR_???");
    p.field("attr_clr");
    flags(p, MOUNT_ATTR_ATTR, clr, "MOUNT_ATTR_???");
    p.field("propagation");
    crate::decode::xlat::xval(p, MOUNT_ATTR_PROPAGATION, f.u64(16), "MS_???");
    p.field("userns_fd");
    match i32::try_from(userns) {
        Ok(fd) if (set | clr) & MOUNT_ATTR_IDMAP != 0 => view.fd(p, fd),
        _ => p.uint(userns),
    }
    tail(p);
    p.close();
}
