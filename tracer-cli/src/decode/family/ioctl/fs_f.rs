//! File system requests of type `'f'`, as strace 6.1's `fs_f_ioctl`: FS_IOC_FIEMAP's `struct
//! fiemap` (the request at entry, ` => ` the mapping after a success, its extents with `-v`) and
//! the inode flags of FS_IOC_GETFLAGS and FS_IOC_SETFLAGS (and their 32-bit forms).

use super::arg::{object, When};
use crate::decode::fields::Fields;
use crate::decode::printer::{Group, Printer};
use crate::decode::tables::{FIEMAP_EXTENT_FLAGS, FIEMAP_FLAGS, FS_IOC_FLAGS};
use crate::decode::xlat::flags;
use crate::decode::Ctx;

/// `FS_IOC_FIEMAP`: `_IOWR('f', 11, struct fiemap)`.
const FIEMAP: u32 = 0xc020_660b;
/// FS_IOC_GETFLAGS, FS_IOC32_GETFLAGS.
const GETFLAGS: [u32; 2] = [0x8008_6601, 0x8004_6601];
/// FS_IOC_SETFLAGS, FS_IOC32_SETFLAGS.
const SETFLAGS: [u32; 2] = [0x4008_6602, 0x4004_6602];
/// `struct fiemap` without its extents.
const FIEMAP_SIZE: usize = 32;
/// `struct fiemap_extent`.
const EXTENT_SIZE: usize = 56;

/// The argument of request `code`; false when it has no decoder here.
pub fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    if code == FIEMAP {
        fiemap(p, ctx);
        return true;
    }
    let when = if GETFLAGS.contains(&code) {
        When::Out
    } else if SETFLAGS.contains(&code) {
        When::In
    } else {
        return false;
    };
    if let Some(f) = object(p, ctx, when, 4) {
        p.open(Group::Array);
        flags(p, FS_IOC_FLAGS, u64::from(f.u32(0)), "FS_???_FL");
        p.close();
    }
    true
}

fn fiemap<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let Some(f) = object(p, ctx, When::In, FIEMAP_SIZE) else { return };
    let after = ctx.ok_ret().and_then(|_| ctx.exit(2)).filter(|c| c.bytes.len() >= FIEMAP_SIZE);
    if ctx.ok_ret().is_some() {
        p.open(Group::Changed);
    }
    p.open(Group::Struct);
    p.field("fm_start");
    p.uint(f.u64(0));
    p.field("fm_length");
    p.uint(f.u64(8));
    p.field("fm_flags");
    flags(p, FIEMAP_FLAGS, u64::from(f.u32(16)), "FIEMAP_FLAG_???");
    p.field("fm_extent_count");
    p.uint(u64::from(f.u32(24)));
    p.close();
    if ctx.ok_ret().is_none() {
        return;
    }
    match after {
        Some(c) => mapping(p, ctx, Fields(&c.bytes)),
        None => p.addr(ctx.arg(2)),
    }
    p.close();
}

/// The mapping the call filled in.
fn mapping<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, f: Fields) {
    let mapped = f.u32(20);
    p.open(Group::Struct);
    p.field("fm_flags");
    flags(p, FIEMAP_FLAGS, u64::from(f.u32(16)), "FIEMAP_FLAG_???");
    p.field("fm_mapped_extents");
    p.uint(u64::from(mapped));
    if ctx.verbose {
        p.field("fm_extents");
        extents(p, ctx, f, mapped);
    } else {
        p.more();
    }
    p.close();
}

/// `[{fe_logical=..., ...}, ...]`: as many extents as strace shows (`-s` of them) and were copied.
fn extents<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, f: Fields, count: u32) {
    let at = |i: usize| FIEMAP_SIZE + i * EXTENT_SIZE;
    let count = usize::try_from(count).unwrap_or(usize::MAX);
    if count > 0 && f.len() < at(1) {
        p.addr(ctx.arg(2).wrapping_add(FIEMAP_SIZE as u64));
        return;
    }
    let shown = count.min(usize::try_from(ctx.strlen).unwrap_or(usize::MAX));
    p.open(Group::Array);
    for i in 0..shown {
        if f.len() < at(i + 1) {
            p.more();
            break;
        }
        let e = Fields(&f.0[at(i)..at(i + 1)]);
        p.open(Group::Struct);
        p.field("fe_logical");
        p.uint(e.u64(0));
        p.field("fe_physical");
        p.uint(e.u64(8));
        p.field("fe_length");
        p.uint(e.u64(16));
        p.field("fe_flags");
        flags(p, FIEMAP_EXTENT_FLAGS, u64::from(e.u32(40)), "FIEMAP_EXTENT_???");
        p.close();
    }
    if shown < count && f.len() >= at(shown) {
        p.more();
    }
    p.close();
}
