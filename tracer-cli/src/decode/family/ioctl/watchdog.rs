//! Watchdog requests (type `'W'`), as strace 6.1's `watchdog_ioctl`.

use super::arg::{num, Num, When};
use crate::decode::printer::Printer;
use crate::decode::Ctx;

/// Watchdog requests (`watchdog_ioctl`).
pub fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
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
