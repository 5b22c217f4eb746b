//! inotify requests (type `'I'`), as strace 6.1's `inotify_ioctl`.

use crate::decode::printer::Printer;
use crate::decode::Ctx;

/// inotify's requests (`inotify_ioctl`): INOTIFY_IOC_SETNEXTWD takes an `int` by value.
pub fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    // INOTIFY_IOC_SETNEXTWD: _IOW('I', 0, __s32).
    if code != 0x4004_4900 {
        return false;
    }
    p.int(i64::from(ctx.arg(2) as i32));
    true
}
