//! UBI volume management requests (types `'o'` and `'O'`), as strace 6.1's `ubi_ioctl`: attaching
//! and making volumes (and the number the kernel picked), resizing, renaming, LEB changes and
//! maps, volume properties, and the requests that pass a number.

use super::arg::{in_out, local_array, num, object, Num, When};
use crate::decode::fields::Fields;
use crate::decode::printer::{Group, Printer};
use crate::decode::strings::char_array;
use crate::decode::tables::{UBI_DATA_TYPES, UBI_VOLUME_FLAGS, UBI_VOLUME_PROPS, UBI_VOLUME_TYPES};
use crate::decode::xlat::{flags, xval};
use crate::decode::Ctx;

const IOCMKVOL: u32 = 0x4098_6f00;
const IOCRMVOL: u32 = 0x4004_6f01;
const IOCRSVOL: u32 = 0x400c_6f02;
const IOCRNVOL: u32 = 0x5110_6f03;
const IOCRPEB: u32 = 0x4004_6f04;
const IOCSPEB: u32 = 0x4004_6f05;
const IOCATT: u32 = 0x4018_6f40;
const IOCDET: u32 = 0x4004_6f41;
const IOCVOLUP: u32 = 0x4008_4f00;
const IOCEBER: u32 = 0x4004_4f01;
const IOCEBCH: u32 = 0x4004_4f02;
const IOCEBMAP: u32 = 0x4008_4f03;
const IOCEBUNMAP: u32 = 0x4004_4f04;
const IOCEBISMAP: u32 = 0x8004_4f05;
const IOCSETVOLPROP: u32 = 0x4010_4f06;
const IOCVOLCRBLK: u32 = 0x4080_4f07;
const IOCVOLRMBLK: u32 = 0x4f08;

/// `UBI_MAX_VOLUME_NAME`: the longest volume name (its array has room for a NUL after it).
const MAX_NAME: usize = 127;
/// `UBI_MAX_RNVOL`: the most volumes one rename request holds.
const MAX_RNVOL: u64 = 32;

/// The argument of request `code`; false when it has no decoder here.
pub fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    match code {
        IOCATT => in_out(
            p,
            ctx,
            24,
            |p, f| {
                let values = [("ubi_num", f.i32(0)), ("mtd_num", f.i32(4)), ("vid_hdr_offset", f.i32(8))];
                p.open(Group::Struct);
                ints(p, &values.map(|(name, v)| (name, i64::from(v))));
                ints(p, &[("max_beb_per1024", i64::from(f.u16(12) as i16))]);
                p.close();
            },
            number_back,
        ),
        IOCMKVOL => in_out(p, ctx, 152, mkvol, number_back),
        IOCRSVOL => {
            let Some(f) = object(p, ctx, When::In, 12) else { return true };
            p.open(Group::Struct);
            ints(p, &[("bytes", f.i64(0)), ("vol_id", i64::from(f.i32(8)))]);
            p.close();
        }
        IOCRNVOL => rnvol(p, ctx),
        IOCEBCH => {
            let Some(f) = object(p, ctx, When::In, 16) else { return true };
            p.open(Group::Struct);
            ints(p, &[("lnum", i64::from(f.i32(0))), ("bytes", i64::from(f.i32(4)))]);
            data_type(p, &f, 8);
            p.close();
        }
        IOCEBMAP => {
            let Some(f) = object(p, ctx, When::In, 8) else { return true };
            p.open(Group::Struct);
            ints(p, &[("lnum", i64::from(f.i32(0)))]);
            data_type(p, &f, 4);
            p.close();
        }
        IOCSETVOLPROP => {
            let Some(f) = object(p, ctx, When::In, 16) else { return true };
            p.open(Group::Struct);
            p.field("property");
            xval(p, UBI_VOLUME_PROPS, u64::from(f.u8(0)), "UBI_VOL_PROP_???");
            p.field("value");
            p.hex(f.u64(8));
            p.close();
        }
        IOCVOLUP => num(p, ctx, When::In, Num::I64),
        IOCDET | IOCEBER | IOCEBISMAP | IOCEBUNMAP | IOCRMVOL | IOCRPEB | IOCSPEB => {
            num(p, ctx, When::In, Num::I32);
        }
        // No argument at all.
        IOCVOLCRBLK | IOCVOLRMBLK => {}
        _ => return false,
    }
    true
}

/// UBI_IOCMKVOL's `struct ubi_mkvol_req`.
fn mkvol<P: Printer + ?Sized>(p: &mut P, f: Fields) {
    p.open(Group::Struct);
    let values = [("vol_id", i64::from(f.i32(0))), ("alignment", i64::from(f.i32(4))), ("bytes", f.i64(8))];
    ints(p, &values);
    p.field("vol_type");
    xval(p, UBI_VOLUME_TYPES, signed_byte(f.u8(16)), "UBI_???_VOLUME");
    p.field("flags");
    flags(p, UBI_VOLUME_FLAGS, u64::from(f.u8(17)), "UBI_VOL_???");
    let name_len = f.u16(18) as i16;
    ints(p, &[("name_len", i64::from(name_len))]);
    name(p, &f, 24, name_len);
    p.close();
}

/// UBI_IOCRNVOL's `struct ubi_rnvol_req`: the count, then that many (at most 32) volumes.
fn rnvol<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    const ENTRY: usize = 136;
    let Some(f) = object(p, ctx, When::In, 16 + ENTRY * MAX_RNVOL as usize) else { return };
    let count = f.i32(0);
    p.open(Group::Struct);
    ints(p, &[("count", i64::from(count))]);
    p.field("ents");
    let count = u64::try_from(count).unwrap_or(0).min(MAX_RNVOL);
    local_array(p, ctx, &f.0[16..], ENTRY, count, |p, e| {
        let name_len = e.u16(4) as i16;
        p.open(Group::Struct);
        ints(p, &[("vol_id", i64::from(e.i32(0))), ("name_len", i64::from(name_len))]);
        name(p, &e, 8, name_len);
        p.close();
    });
    p.close();
}

/// ` => [N]`'s value: the number the kernel wrote over the request's first field.
fn number_back<P: Printer + ?Sized>(p: &mut P, f: Fields) {
    p.open(Group::Array);
    p.int(i64::from(f.i32(0)));
    p.close();
}

/// `name="..."`: the name at `at`, read as far as `name_len` (clamped to the array) says.
fn name<P: Printer + ?Sized>(p: &mut P, f: &Fields, at: usize, name_len: i16) {
    let len = usize::try_from(name_len).unwrap_or(0).min(MAX_NAME);
    p.field("name");
    char_array(p, f.0.get(at..at + len + 1).unwrap_or_default());
}

/// `dtype=UBI_...`: the obsolete data type byte at `at`.
fn data_type<P: Printer + ?Sized>(p: &mut P, f: &Fields, at: usize) {
    p.field("dtype");
    xval(p, UBI_DATA_TYPES, signed_byte(f.u8(at)), "UBI_???");
}

/// A C `__s8` as strace passes it to a table lookup (sign-extended to 64 bits).
fn signed_byte(value: u8) -> u64 {
    i64::from(value as i8) as u64
}

/// `a=1, b=-2` inside an open struct.
fn ints<P: Printer + ?Sized>(p: &mut P, fields: &[(&str, i64)]) {
    for &(name, value) in fields {
        p.field(name);
        p.int(value);
    }
}
