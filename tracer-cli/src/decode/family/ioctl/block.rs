//! Block device requests (type 0x12), as strace 6.1's `block_ioctl`: values, integers behind the
//! argument and `[start, length]` pairs; the requests without an argument print none. (BLKPG and
//! BLKTRACESETUP, whose structures strace decodes, are left to the generic hex.)

use super::arg::{num, object, Num, When};
use crate::decode::printer::{Group, Printer};
use crate::decode::Ctx;

/// The argument of block request `code`; false when it has no decoder here.
pub fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    match code {
        // BLKRASET, BLKFRASET: a value.
        0x1262 | 0x1264 => p.uint(ctx.arg(2)),
        // BLKSECTGET, BLKROTATIONAL: an unsigned short back.
        0x1267 | 0x127e => num(p, ctx, When::Out, Num::U16),
        // BLKROGET, BLKBSZGET, BLKSSZGET, BLKALIGNOFF: an int back.
        0x125e | 0x8008_1270 | 0x1268 | 0x127a => num(p, ctx, When::Out, Num::I32),
        // BLKROSET, BLKBSZSET: an int in.
        0x125d | 0x4008_1271 => num(p, ctx, When::In, Num::I32),
        // BLKPBSZGET, BLKIOMIN, BLKIOOPT, BLKDISCARDZEROES, BLKGETZONESZ, BLKGETNRZONES.
        0x127b | 0x1278 | 0x1279 | 0x127c | 0x8004_1284 | 0x8004_1285 => num(p, ctx, When::Out, Num::U32),
        // BLKRAGET, BLKFRAGET: a long back.
        0x1263 | 0x1265 => num(p, ctx, When::Out, Num::I64),
        // BLKGETSIZE, BLKGETSIZE64, BLKGETDISKSEQ: an unsigned long or u64 back.
        0x1260 | 0x8008_1272 | 0x8008_1280 => num(p, ctx, When::Out, Num::U64),
        // BLKDISCARD, BLKSECDISCARD, BLKZEROOUT: a pair of u64 in.
        0x1277 | 0x127d | 0x127f => {
            if let Some(f) = object(p, ctx, When::In, 16) {
                p.open(Group::Array);
                p.uint(f.u64(0));
                p.uint(f.u64(8));
                p.close();
            }
        }
        // BLKRRPART, BLKFLSBUF, BLKTRACESTART, BLKTRACESTOP, BLKTRACETEARDOWN: no argument.
        0x125f | 0x1261 | 0x1274 | 0x1275 | 0x1276 => {}
        _ => return false,
    }
    true
}
