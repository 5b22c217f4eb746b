//! Memory technology device requests (type `'M'`, which strace also names as OSS mixer requests),
//! as strace 6.1's `mtd_ioctl`: erase and lock ranges, out-of-band buffers, write requests, OTP
//! regions and modes, and the device, region, ECC layout and statistics getters.

use super::arg::{local_array, num, object, Num, When};
use crate::decode::fields::Fields;
use crate::decode::printer::{Group, Printer};
use crate::decode::tables::{
    MTD_FILE_MODE_OPTIONS, MTD_FLAGS_OPTIONS, MTD_MODE_OPTIONS, MTD_NANDECC_OPTIONS, MTD_OTP_OPTIONS,
    MTD_TYPE_OPTIONS,
};
use crate::decode::xlat::{flags, xval};
use crate::decode::Ctx;

const MEMGETINFO: u32 = 0x8020_4d01;
const MEMERASE: u32 = 0x4008_4d02;
const MEMWRITEOOB: u32 = 0xc010_4d03;
const MEMREADOOB: u32 = 0xc010_4d04;
const MEMLOCK: u32 = 0x4008_4d05;
const MEMUNLOCK: u32 = 0x4008_4d06;
const MEMGETREGIONCOUNT: u32 = 0x8004_4d07;
const MEMGETREGIONINFO: u32 = 0xc010_4d08;
const MEMGETOOBSEL: u32 = 0x80c8_4d0a;
const MEMGETBADBLOCK: u32 = 0x4008_4d0b;
const MEMSETBADBLOCK: u32 = 0x4008_4d0c;
const OTPSELECT: u32 = 0x8004_4d0d;
const OTPGETREGIONCOUNT: u32 = 0x4004_4d0e;
const OTPGETREGIONINFO: u32 = 0x400c_4d0f;
const OTPLOCK: u32 = 0x800c_4d10;
const ECCGETLAYOUT: u32 = 0x8148_4d11;
const ECCGETSTATS: u32 = 0x8010_4d12;
const MTDFILEMODE: u32 = 0x4d13;
const MEMERASE64: u32 = 0x4010_4d14;
const MEMWRITEOOB64: u32 = 0xc018_4d15;
const MEMREADOOB64: u32 = 0xc018_4d16;
const MEMISLOCKED: u32 = 0x8008_4d17;
const MEMWRITE: u32 = 0xc030_4d18;

/// The argument of request `code`; false when it has no decoder here.
pub fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    match code {
        MEMERASE | MEMLOCK | MEMUNLOCK | MEMISLOCKED => {
            let Some(f) = object(p, ctx, When::In, 8) else { return true };
            structure(p, &[("start", u64::from(f.u32(0))), ("length", u64::from(f.u32(4)))]);
        }
        MEMERASE64 => {
            let Some(f) = object(p, ctx, When::In, 16) else { return true };
            structure(p, &[("start", f.u64(0)), ("length", f.u64(8))]);
        }
        MEMWRITEOOB | MEMREADOOB | MEMWRITEOOB64 | MEMREADOOB64 => {
            let wide = code == MEMWRITEOOB64 || code == MEMREADOOB64;
            let Some(f) = object(p, ctx, When::In, if wide { 24 } else { 16 }) else { return true };
            p.open(Group::Struct);
            if wide {
                hex_fields(p, &[("start", f.u64(0)), ("length", u64::from(f.u32(12)))]);
                p.field("usr_ptr");
                p.addr(f.u64(16));
            } else {
                hex_fields(p, &[("start", u64::from(f.u32(0))), ("length", u64::from(f.u32(4)))]);
                p.field("ptr");
                p.addr(f.u64(8));
            }
            p.close();
        }
        MEMWRITE => {
            let Some(f) = object(p, ctx, When::In, 48) else { return true };
            p.open(Group::Struct);
            hex_fields(p, &[("start", f.u64(0)), ("len", f.u64(8)), ("ooblen", f.u64(16))]);
            p.field("usr_data");
            p.addr(f.u64(24));
            p.field("usr_oob");
            p.addr(f.u64(32));
            p.field("mode");
            xval(p, MTD_MODE_OPTIONS, u64::from(f.u8(40)), "MTD_OPS_???");
            p.close();
        }
        OTPGETREGIONINFO | OTPLOCK => {
            let when = if code == OTPLOCK { When::In } else { When::Out };
            let Some(f) = object(p, ctx, when, 12) else { return true };
            p.open(Group::Struct);
            hex_fields(p, &[("start", u64::from(f.u32(0))), ("length", u64::from(f.u32(4)))]);
            p.field("locked");
            p.uint(u64::from(f.u32(8)));
            p.close();
        }
        OTPSELECT => {
            let Some(f) = object(p, ctx, When::In, 4) else { return true };
            p.open(Group::Array);
            xval(p, MTD_OTP_OPTIONS, u64::from(f.u32(0)), "MTD_OTP_???");
            p.close();
        }
        MTDFILEMODE => xval(p, MTD_FILE_MODE_OPTIONS, ctx.arg(2), "MTD_FILE_MODE_???"),
        MEMGETBADBLOCK | MEMSETBADBLOCK => num(p, ctx, When::In, Num::U64),
        MEMGETINFO => info(p, ctx),
        MEMGETOOBSEL => oob_info(p, ctx),
        ECCGETLAYOUT => ecc_layout(p, ctx),
        ECCGETSTATS => {
            let Some(f) = object(p, ctx, When::Out, 16) else { return true };
            let names = ["corrected", "failed", "badblocks", "bbtblocks"];
            let values: Vec<(&str, u64)> =
                names.iter().enumerate().map(|(i, &name)| (name, u64::from(f.u32(i * 4)))).collect();
            structure(p, &values);
        }
        OTPGETREGIONCOUNT => num(p, ctx, When::Out, Num::U32),
        MEMGETREGIONCOUNT => num(p, ctx, When::Out, Num::I32),
        MEMGETREGIONINFO => region_info(p, ctx),
        _ => return false,
    }
    true
}

/// MEMGETREGIONINFO: the region index the caller passes, then after a success the offset, erase
/// size and block count of that region.
fn region_info<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let Some(f) = object(p, ctx, When::In, 16) else { return };
    p.open(Group::Struct);
    hex_fields(p, &[("regionindex", u64::from(f.u32(12)))]);
    if let Some(c) = ctx.ok_ret().and_then(|_| ctx.exit(2)).filter(|c| c.bytes.len() >= 16) {
        let f = Fields(&c.bytes);
        let values = [("offset", f.u32(0)), ("erasesize", f.u32(4)), ("numblocks", f.u32(8))];
        hex_fields(p, &values.map(|(name, value)| (name, u64::from(value))));
    }
    p.close();
}

/// MEMGETINFO: `struct mtd_info_user`.
fn info<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let Some(f) = object(p, ctx, When::Out, 32) else { return };
    p.open(Group::Struct);
    p.field("type");
    xval(p, MTD_TYPE_OPTIONS, u64::from(f.u8(0)), "MTD_???");
    p.field("flags");
    flags(p, MTD_FLAGS_OPTIONS, u64::from(f.u32(4)), "MTD_???");
    let sizes = [("size", 8), ("erasesize", 12), ("writesize", 16), ("oobsize", 20)];
    hex_fields(p, &sizes.map(|(name, at)| (name, u64::from(f.u32(at)))));
    hex_fields(p, &[("padding", f.u64(24))]);
    p.close();
}

/// MEMGETOOBSEL: `struct nand_oobinfo`.
fn oob_info<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let Some(f) = object(p, ctx, When::Out, 200) else { return };
    p.open(Group::Struct);
    p.field("useecc");
    xval(p, MTD_NANDECC_OPTIONS, u64::from(f.u32(0)), "MTD_NANDECC_???");
    hex_fields(p, &[("eccbytes", u64::from(f.u32(4)))]);
    p.field("oobfree");
    local_array(p, ctx, &f.0[8..72], 8, u64::MAX, |p, e| hex_u32s(p, ctx, e.0));
    p.field("eccpos");
    hex_u32s(p, ctx, &f.0[72..200]);
    p.close();
}

/// ECCGETLAYOUT: `struct nand_ecclayout_user`.
fn ecc_layout<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let Some(f) = object(p, ctx, When::Out, 328) else { return };
    p.open(Group::Struct);
    hex_fields(p, &[("eccbytes", u64::from(f.u32(0)))]);
    p.field("eccpos");
    hex_u32s(p, ctx, &f.0[4..260]);
    hex_fields(p, &[("oobavail", u64::from(f.u32(260)))]);
    p.field("oobfree");
    local_array(p, ctx, &f.0[264..328], 8, u64::MAX, |p, e| {
        structure(p, &[("offset", u64::from(e.u32(0))), ("length", u64::from(e.u32(4)))]);
    });
    p.close();
}

/// `[0x1, 0x2, ...]`: an array of `u32`s in hex.
fn hex_u32s<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, bytes: &[u8]) {
    local_array(p, ctx, bytes, 4, u64::MAX, |p, e| p.hex(u64::from(e.u32(0))));
}

/// `{a=0x1, b=0x2}`.
fn structure<P: Printer + ?Sized>(p: &mut P, fields: &[(&str, u64)]) {
    p.open(Group::Struct);
    hex_fields(p, fields);
    p.close();
}

/// `a=0x1, b=0x2` inside an open struct.
fn hex_fields<P: Printer + ?Sized>(p: &mut P, fields: &[(&str, u64)]) {
    for &(name, value) in fields {
        p.field(name);
        p.hex(value);
    }
}
