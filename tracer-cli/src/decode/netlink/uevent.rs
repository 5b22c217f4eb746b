//! NETLINK_KOBJECT_UEVENT data (strace's `decode_netlink_kobject_uevent`): a udev monitor
//! message's `struct udev_monitor_netlink_header` (`{prefix="libudev", magic=htonl(0xfeedcafe),
//! ...}`) and the properties after it; any other data is left to the plain string printing.

use super::Nl;
use crate::decode::printer::{Group, Printer, Quote};

/// `sizeof(struct udev_monitor_netlink_header)`.
const HEADER_SIZE: u64 = 40;
/// The header's `prefix` member, NUL included.
const PREFIX: &[u8; 8] = b"libudev\0";

/// The data of `len` bytes at `addr` as a udev monitor message, when it starts with a whole
/// header (and `fetch`, strace's `-e verbose=`, is on): printed, and true; else false, nothing
/// printed.
pub fn decode<P: Printer + ?Sized>(p: &mut P, nl: &Nl, addr: u64, len: u64, fetch: bool) -> bool {
    if !fetch || addr == 0 || len < HEADER_SIZE {
        return false;
    }
    let Some(b) = nl.mem.get(addr, HEADER_SIZE) else { return false };
    if &b[..8] != PREFIX {
        return false;
    }
    let word = |i: usize| [b[8 + 4 * i], b[9 + 4 * i], b[10 + 4 * i], b[11 + 4 * i]];
    let htonl = |p: &mut P, name: &str, i: usize| {
        p.field(name);
        p.open(Group::Call("htonl"));
        p.hex(u64::from(u32::from_be_bytes(word(i))));
        p.close();
    };
    let tail = len > HEADER_SIZE;
    if tail {
        p.open(Group::Array);
    }
    p.open(Group::Struct);
    p.field("prefix");
    p.str(&PREFIX[..7], Quote::Text, false);
    htonl(p, "magic", 0);
    for (i, name) in ["header_size", "properties_off", "properties_len"].into_iter().enumerate() {
        p.field(name);
        p.uint(u64::from(u32::from_ne_bytes(word(i + 1))));
    }
    htonl(p, "filter_subsystem_hash", 4);
    htonl(p, "filter_devtype_hash", 5);
    htonl(p, "filter_tag_bloom_hi", 6);
    htonl(p, "filter_tag_bloom_lo", 7);
    p.close();
    if tail {
        nl.string(p, addr + HEADER_SIZE, len - HEADER_SIZE, Quote::Text);
        p.close();
    }
    true
}
