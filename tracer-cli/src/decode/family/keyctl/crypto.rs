//! keyctl's crypto commands as strace 6.1 prints them: KEYCTL_DH_COMPUTE (`struct
//! keyctl_dh_params`, and at exit the result and `struct keyctl_kdf_params` with its hash name
//! and other info from the deref captures), KEYCTL_PKEY_QUERY (`struct keyctl_pkey_query` at
//! exit) and the PKEY operations (`struct keyctl_pkey_params` and the buffers it sizes).

use tracer_common::capture::deref;
use tracer_common::event::Capture;

use super::serial;
use crate::decode::fields::Fields;
use crate::decode::peek::{self, At};
use crate::decode::printer::{Group, Quote};
use crate::decode::tables::KEYCTL_PKEY_OPS;
use crate::decode::xlat::flags;
use crate::decode::{Ctx, Printer};

/// Bytes of `struct keyctl_dh_params`.
const DH_PARAMS_SIZE: usize = 12;
/// Bytes of `struct keyctl_kdf_params` (as strace reads it).
pub const KDF_SIZE: usize = 56;
/// Offsets in `struct keyctl_kdf_params` of `hashname`, `otherinfo` and `otherinfolen`.
pub const KDF_HASHNAME: u16 = 0;
pub const KDF_OTHERINFO: u16 = 8;
pub const KDF_OTHERINFOLEN: u16 = 16;
/// Bytes of `struct keyctl_pkey_query`.
const QUERY_SIZE: usize = 56;
/// Bytes of `struct keyctl_pkey_params`.
const PARAMS_SIZE: usize = 40;

/// `__spare=[0, 0x1, ...]` (strace's `print_xint_array_member`), when any word is not zero.
fn spare<P: Printer + ?Sized>(p: &mut P, f: &Fields, from: usize, words: usize) {
    let values: Vec<u64> = (0..words).map(|i| u64::from(f.u32(from + 4 * i))).collect();
    if values.iter().all(|&v| v == 0) {
        return;
    }
    p.field("__spare");
    p.open(Group::Array);
    for v in values {
        p.hex(v);
    }
    p.close();
}

/// KEYCTL_DH_COMPUTE: `params, buf, buflen, kdf`.
pub fn dh_compute(p: &mut dyn Printer, ctx: &Ctx) {
    if let Some(b) = peek::umove(p, ctx, 1, DH_PARAMS_SIZE, At::Entry) {
        let f = Fields(b);
        p.open(Group::Struct);
        for (name, at) in [("private", 0), ("prime", 4), ("base", 8)] {
            p.field(name);
            serial(p, u64::from(f.u32(at)));
        }
        p.close();
    }
    p.exit_part();
    let (buf, len) = (ctx.arg(2), ctx.arg(3));
    match ctx.ok_ret() {
        Some(ret) => {
            let shown = if ret >= 0 && ret as u64 > len { len } else { ret as u64 };
            peek::strn(p, ctx, 2, shown, At::Exit, false);
        }
        None => p.addr(buf),
    }
    p.uint(len);
    kdf(p, ctx);
}

/// `struct keyctl_kdf_params` behind argument 5 (read at entry; strace reads it at exit, and the
/// call does not change it).
fn kdf(p: &mut dyn Printer, ctx: &Ctx) {
    let addr = ctx.arg(4);
    let Some(b) = ctx.entry(4).filter(|_| addr != 0).and_then(|c| c.bytes.get(..KDF_SIZE)) else {
        return p.addr(addr);
    };
    let f = Fields(b);
    p.open(Group::Struct);
    p.field("hashname");
    let hashname = f.u64(usize::from(KDF_HASHNAME));
    let whole = |c: &Capture| c.bytes.len() >= usize::from(deref::KDF_HASHNAME_BYTES);
    let name = ctx
        .entry_part(4, deref::part_for(KDF_HASHNAME))
        .filter(|_| hashname != 0)
        .and_then(|c| peek::terminated(&c.bytes, whole(c), u64::from(ctx.strlen), u64::MAX));
    match name {
        Some((shown, cut)) => p.str(shown, Quote::Text, cut),
        None => p.addr(hashname),
    }
    p.field("otherinfo");
    let (otherinfo, len) =
        (f.u64(usize::from(KDF_OTHERINFO)), u64::from(f.u32(usize::from(KDF_OTHERINFOLEN))));
    if len == 0 {
        p.addr(otherinfo);
    } else {
        strn(p, ctx, otherinfo, len, ctx.entry_part(4, deref::part_for(KDF_OTHERINFO)));
    }
    p.field("otherinfolen");
    p.uint(len);
    spare(p, &f, 20, 8);
    p.close();
}

/// strace's `printstrn(addr, len)` over a capture of the bytes at `addr`.
fn strn<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, addr: u64, len: u64, c: Option<&Capture>) {
    if addr == 0 {
        return p.addr(0);
    }
    let strlen = u64::from(ctx.strlen);
    let fetch = usize::try_from(len.min(strlen + 1)).unwrap_or(usize::MAX);
    let Some(got) = c.and_then(|c| c.bytes.get(..fetch)) else { return p.addr(addr) };
    let shown = &got[..fetch.min(usize::try_from(strlen).unwrap_or(usize::MAX))];
    p.str(shown, Quote::Text, len > strlen);
}

/// KEYCTL_PKEY_QUERY: `id, reserved, info, res` (the result at exit).
pub fn pkey_query(p: &mut dyn Printer, ctx: &Ctx) {
    serial(p, ctx.arg(1));
    p.hex(ctx.arg(2));
    peek::cstr(p, ctx, 3, u64::MAX, At::Entry);
    p.exit_part();
    let Some(b) = peek::umove(p, ctx, 4, QUERY_SIZE, At::Exit) else { return };
    let f = Fields(b);
    p.open(Group::Struct);
    p.field("supported_ops");
    flags(p, KEYCTL_PKEY_OPS, u64::from(f.u32(0)), "KEYCTL_SUPPORTS_???");
    p.field("key_size");
    p.uint(u64::from(f.u32(4)));
    for (name, at) in [("max_data_size", 8), ("max_sig_size", 10), ("max_enc_size", 12), ("max_dec_size", 14)]
    {
        p.field(name);
        p.uint(u64::from(f.u16(at)));
    }
    spare(p, &f, 16, 10);
    p.close();
}

/// The PKEY operations: `params, info, in, out` (`out`: ENCRYPT, DECRYPT and SIGN, whose fourth
/// argument the call fills, shown at exit) or `params, info, in, in2` (VERIFY).
pub fn pkey_op(p: &mut dyn Printer, ctx: &Ctx, out: bool) {
    let params = peek::umove(p, ctx, 1, PARAMS_SIZE, At::Entry).map(|b| {
        let f = Fields(b);
        p.open(Group::Struct);
        p.field("key_id");
        serial(p, u64::from(f.u32(0)));
        p.field("in_len");
        p.uint(u64::from(f.u32(4)));
        p.field(if out { "out_len" } else { "in2_len" });
        p.uint(u64::from(f.u32(8)));
        spare(p, &f, 12, 7);
        p.close();
        (u64::from(f.u32(4)), u64::from(f.u32(8)))
    });
    peek::cstr(p, ctx, 2, u64::MAX, At::Entry);
    let Some((in_len, len2)) = params else {
        p.addr(ctx.arg(3));
        p.addr(ctx.arg(4));
        return;
    };
    peek::strn(p, ctx, 3, in_len, At::Entry, false);
    if out {
        p.exit_part();
        match ctx.ok_ret() {
            Some(_) => peek::strn(p, ctx, 4, len2, At::Exit, false),
            None => p.addr(ctx.arg(4)),
        }
    } else {
        peek::strn(p, ctx, 4, len2, At::Entry, false);
    }
}
