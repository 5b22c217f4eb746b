//! The small families of strace 6.1's `ioctl_decode`, each a few requests of plain integers:
//! inotify (`'I'`), random (`'R'`), watchdog (`'W'`), lirc (`'i'`), nbd (0xab).

use super::arg::{num, object, Num, When};
use crate::decode::printer::{Group, Printer, Quote};
use crate::decode::strings;
use crate::decode::tables::{LIRC_FEATURES, LIRC_MODES, NBD_IOCTL_FLAGS};
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

/// Infrared remote requests (`lirc_ioctl`): an `unsigned int` in (set) or back (get).
pub fn lirc<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    const GET_FEATURES: u32 = 0x8004_6900;
    // LIRC_GET_SEND_MODE, LIRC_GET_REC_MODE, LIRC_SET_SEND_MODE, LIRC_SET_REC_MODE.
    const MODES: [u32; 4] = [0x8004_6901, 0x8004_6902, 0x4004_6911, 0x4004_6912];
    const SET_TRANSMITTER_MASK: u32 = 0x4004_6917;
    const OTHERS: [u32; 15] = [
        0x8004_6907,
        0x8004_6908,
        0x8004_6909,
        0x8004_690f,
        0x4004_6913,
        0x4004_6914,
        0x4004_6915,
        0x4004_6918,
        0x4004_6919,
        0x4004_691d,
        0x4004_691f,
        0x4004_6923,
        0x8004_6924,
        GET_FEATURES,
        SET_TRANSMITTER_MASK,
    ];
    if !MODES.contains(&code) && !OTHERS.contains(&code) {
        return false;
    }
    let when = if code >> 30 == super::request::READ { When::Out } else { When::In };
    let Some(f) = object(p, ctx, when, 4) else { return true };
    let value = u64::from(f.u32(0));
    p.open(Group::Array);
    if code == GET_FEATURES {
        crate::decode::xlat::flags(p, LIRC_FEATURES, value, "LIRC_CAN_???");
    } else if MODES.contains(&code) {
        crate::decode::xlat::xval(p, LIRC_MODES, value, "LIRC_MODE_???");
    } else if code == SET_TRANSMITTER_MASK {
        p.hex(value);
    } else {
        p.uint(value);
    }
    p.close();
    true
}

/// Network block device requests (`nbd_ioctl`): a descriptor, sizes and flags by value.
pub fn nbd<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    let arg = ctx.arg(2);
    match code {
        // NBD_DISCONNECT, NBD_CLEAR_SOCK, NBD_DO_IT, NBD_CLEAR_QUE, NBD_PRINT_DEBUG.
        0xab08 | 0xab04 | 0xab03 | 0xab05 | 0xab06 => {}
        // NBD_SET_SOCK.
        0xab00 => ctx.fd(p, arg as i32),
        // NBD_SET_BLKSIZE, NBD_SET_SIZE, NBD_SET_SIZE_BLOCKS, NBD_SET_TIMEOUT.
        0xab01 | 0xab02 | 0xab07 | 0xab09 => p.uint(arg),
        // NBD_SET_FLAGS.
        0xab0a => crate::decode::xlat::flags(p, NBD_IOCTL_FLAGS, arg, "NBD_IOC_FLAG_???"),
        _ => return false,
    }
    true
}
