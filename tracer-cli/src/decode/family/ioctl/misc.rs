//! The small families of strace 6.1's `ioctl_decode`, each a few requests of plain integers:
//! inotify (`'I'`), random (`'R'`), watchdog (`'W'`).

use super::arg::{num, object, Num, When};
use crate::decode::printer::{Group, Printer, Quote};
use crate::decode::strings;
use crate::decode::Ctx;

/// inotify's requests (`inotify_ioctl`): INOTIFY_IOC_SETNEXTWD takes an `int` by value.
pub fn inotify<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    // INOTIFY_IOC_SETNEXTWD: _IOW('I', 0, __s32).
    if code != 0x4004_4900 {
        return false;
    }
    p.int(i64::from(ctx.arg(2) as i32));
    true
}

/// /dev/random's requests (`random_ioctl`).
pub fn random<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
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

/// Watchdog requests (`watchdog_ioctl`).
pub fn watchdog<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    match code {
        // WDIOC_GETSTATUS, GETBOOTSTATUS, GETTEMP, GETTIMEOUT, GETPRETIMEOUT, GETTIMELEFT.
        0x8004_5701 | 0x8004_5702 | 0x8004_5703 | 0x8004_5707 | 0x8004_5709 | 0x8004_570a => {
            num(p, ctx, When::Out, Num::I32)
        }
        // WDIOC_SETTIMEOUT, WDIOC_SETPRETIMEOUT (read and written back: strace shows the entry value).
        0xc004_5706 | 0xc004_5708 => num(p, ctx, When::In, Num::I32),
        // WDIOC_KEEPALIVE: the argument is ignored.
        0x8004_5705 => {}
        _ => return false,
    }
    true
}
