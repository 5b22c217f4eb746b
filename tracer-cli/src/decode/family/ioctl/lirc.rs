//! Infrared remote requests (type `'i'`), as strace 6.1's `lirc_ioctl`.

use super::arg::{object, When};
use crate::decode::printer::{Group, Printer};
use crate::decode::tables::{LIRC_FEATURES, LIRC_MODES};
use crate::decode::Ctx;

/// Infrared remote requests (`lirc_ioctl`): an `unsigned int` in (set) or back (get).
pub fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
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
