//! Loop device requests (type `'L'`), as strace 6.1's `loop_ioctl`: `struct loop_info` and
//! `struct loop_info64` (set at entry, got at exit; abbreviated unless `-v`, the encryption fields
//! shown anyway when an encryption type is set), LOOP_CONFIGURE's `struct loop_config`, the
//! descriptor, number and size arguments, and the requests with no argument.

use super::arg::{object, When};
use crate::decode::fields::Fields;
use crate::decode::printer::{Group, Printer, Quote};
use crate::decode::structs::makedev;
use crate::decode::tables::{LOOP_CRYPT_TYPES, LOOP_FLAGS};
use crate::decode::xlat::{flags, xval};
use crate::decode::{strings, Ctx};

const SET_FD: u32 = 0x4c00;
const CLR_FD: u32 = 0x4c01;
const SET_STATUS: u32 = 0x4c02;
const GET_STATUS: u32 = 0x4c03;
const SET_STATUS64: u32 = 0x4c04;
const GET_STATUS64: u32 = 0x4c05;
const CHANGE_FD: u32 = 0x4c06;
const SET_CAPACITY: u32 = 0x4c07;
const SET_DIRECT_IO: u32 = 0x4c08;
const SET_BLOCK_SIZE: u32 = 0x4c09;
const CONFIGURE: u32 = 0x4c0a;
const CTL_ADD: u32 = 0x4c80;
const CTL_REMOVE: u32 = 0x4c81;
const CTL_GET_FREE: u32 = 0x4c82;

/// `sizeof(struct loop_info)`, `struct loop_info64`, `struct loop_config`.
const INFO: usize = 168;
const INFO64: usize = 232;
const CONFIG: usize = 304;
/// `LO_KEY_SIZE`.
const KEY_SIZE: usize = 32;

/// The argument of loop request `code`; false when strace leaves it to the generic hex.
pub fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    let arg = ctx.arg(2);
    match code {
        GET_STATUS => info(p, ctx, When::Out),
        SET_STATUS => info(p, ctx, When::In),
        GET_STATUS64 | SET_STATUS64 => {
            let when = if code == GET_STATUS64 { When::Out } else { When::In };
            if let Some(f) = object(p, ctx, when, INFO64) {
                info64(p, ctx, &f);
            }
        }
        CONFIGURE => config(p, ctx),
        CLR_FD | SET_CAPACITY | CTL_GET_FREE => {}
        SET_FD | CHANGE_FD => ctx.fd(p, arg as i32),
        CTL_ADD | CTL_REMOVE => p.int(i64::from(arg as i32)),
        SET_DIRECT_IO | SET_BLOCK_SIZE => p.uint(arg),
        _ => return false,
    }
    true
}

/// The old `struct loop_info`.
fn info<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, when: When) {
    let Some(f) = object(p, ctx, when, INFO) else { return };
    let encrypted = f.i32(36) != 0;
    p.open(Group::Struct);
    p.field("lo_number");
    p.int(i64::from(f.i32(0)));
    if ctx.verbose {
        p.field("lo_device");
        makedev(p, f.u64(8));
        p.field("lo_inode");
        p.uint(f.u64(16));
        p.field("lo_rdevice");
        makedev(p, f.u64(24));
    }
    p.field("lo_offset");
    p.hex(u64::from(f.u32(32)));
    if ctx.verbose || encrypted {
        p.field("lo_encrypt_type");
        xval(p, LOOP_CRYPT_TYPES, u64::from(f.u32(36)), "LO_CRYPT_???");
        p.field("lo_encrypt_key_size");
        p.uint(u64::from(f.u32(40)));
    }
    p.field("lo_flags");
    flags(p, LOOP_FLAGS, u64::from(f.u32(44)), "LO_FLAGS_???");
    p.field("lo_name");
    strings::char_array(p, &f.0[48..112]);
    if ctx.verbose || encrypted {
        key(p, &f, 112, f.u32(40));
    }
    if ctx.verbose {
        p.field("lo_init");
        hex_words(p, &f, 144, 2);
        p.field("reserved");
        p.open(Group::Array);
        for at in 160..164 {
            p.hex(u64::from(f.u8(at)));
        }
        p.close();
    } else {
        p.more();
    }
    p.close();
}

/// `struct loop_info64` (also LOOP_CONFIGURE's `info`).
fn info64<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, f: &Fields) {
    let encrypted = f.u32(44) != 0;
    p.open(Group::Struct);
    if ctx.verbose {
        p.field("lo_device");
        makedev(p, f.u64(0));
        p.field("lo_inode");
        p.uint(f.u64(8));
        p.field("lo_rdevice");
        makedev(p, f.u64(16));
        p.field("lo_offset");
        p.hex(f.u64(24));
        p.field("lo_sizelimit");
        p.uint(f.u64(32));
    } else {
        p.field("lo_offset");
        p.hex(f.u64(24));
    }
    p.field("lo_number");
    p.uint(u64::from(f.u32(40)));
    if ctx.verbose || encrypted {
        p.field("lo_encrypt_type");
        xval(p, LOOP_CRYPT_TYPES, u64::from(f.u32(44)), "LO_CRYPT_???");
        p.field("lo_encrypt_key_size");
        p.uint(u64::from(f.u32(48)));
    }
    p.field("lo_flags");
    flags(p, LOOP_FLAGS, u64::from(f.u32(52)), "LO_FLAGS_???");
    p.field("lo_file_name");
    strings::char_array(p, &f.0[56..120]);
    if ctx.verbose || encrypted {
        p.field("lo_crypt_name");
        strings::char_array(p, &f.0[120..184]);
        key(p, f, 184, f.u32(48));
    }
    if ctx.verbose {
        p.field("lo_init");
        hex_words(p, f, 216, 2);
    } else {
        p.more();
    }
    p.close();
}

/// `{fd=3, block_size=4096, info={...}}`, and the reserved words when one is not zero.
fn config<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let Some(f) = object(p, ctx, When::In, CONFIG) else { return };
    p.open(Group::Struct);
    p.field("fd");
    ctx.fd(p, f.i32(0));
    p.field("block_size");
    p.uint(u64::from(f.u32(4)));
    p.field("info");
    info64(p, ctx, &Fields(&f.0[8..8 + INFO64]));
    if f.0[8 + INFO64..CONFIG].iter().any(|&b| b != 0) {
        p.field("__reserved");
        hex_words(p, &f, 8 + INFO64, 8);
    }
    p.close();
}

/// `lo_encrypt_key="..."`: as many bytes as the key size says (at most `LO_KEY_SIZE`).
fn key<P: Printer + ?Sized>(p: &mut P, f: &Fields, at: usize, size: u32) {
    let len = (size as usize).min(KEY_SIZE);
    p.field("lo_encrypt_key");
    p.str(&f.0[at..at + len], Quote::Text, false);
}

/// `[0x1, 0x2]`: `count` 64-bit words at `at`.
fn hex_words<P: Printer + ?Sized>(p: &mut P, f: &Fields, at: usize, count: usize) {
    p.open(Group::Array);
    for i in 0..count {
        p.hex(f.u64(at + 8 * i));
    }
    p.close();
}
