//! /dev/random requests (type `'R'`), as strace 6.1's `random_ioctl`.

use super::arg::{num, object, Num, When};
use crate::decode::printer::{Group, Printer, Quote};
use crate::decode::strings;
use crate::decode::Ctx;

/// /dev/random's requests (`random_ioctl`).
pub fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    match code {
        // RNDGETENTCNT
        0x8004_5200 => num(p, ctx, When::Out, Num::I32),
        // RNDADDTOENTCNT
        0x4004_5201 => num(p, ctx, When::In, Num::I32),
        // RNDADDENTROPY: struct rand_pool_info { int entropy_count; int buf_size; __u32 buf[]; }.
        0x4008_5203 => {
            let Some(f) = object(p, ctx, When::In, 8) else { return true };
            let size = f.i32(4);
            p.open(Group::Struct);
            p.field("entropy_count");
            p.int(i64::from(f.i32(0)));
            p.field("buf_size");
            p.int(i64::from(size));
            p.field("buf");
            let len = u64::from(size as u32);
            let want = usize::try_from(len.min(u64::from(ctx.strlen))).unwrap_or(usize::MAX);
            match f.0.get(8..).filter(|b| b.len() >= want) {
                Some(bytes) => strings::buffer(p, bytes, len, ctx.strlen, false, Quote::Text),
                None => p.addr(ctx.arg(2).wrapping_add(8)),
            }
            p.close();
        }
        // RNDZAPENTCNT, RNDCLEARPOOL, RNDRESEEDCRNG: no argument.
        0x5204 | 0x5206 | 0x5207 => {}
        _ => return false,
    }
    true
}
