//! Socket requests (type 0x89), as strace 6.1's `sock_ioctl`: the `struct ifreq` setters (the
//! interface name and the member the request sets), the getters (the name at entry, the member
//! back after a success), the bridge requests (a name string, an interface index), the `int`
//! requests (owner, process group, mark), and the requests strace shows by address.

use super::arg::{num, object, Num, When};
use crate::decode::fields::Fields;
use crate::decode::netlink::ifindex;
use crate::decode::printer::{Group, Printer, Quote};
use crate::decode::tables::{ARP_HARDWARE_TYPES, IFF_FLAGS};
use crate::decode::xlat::{composite_with, flags, xval};
use crate::decode::{net, strings, Ctx};

const FIOSETOWN: u32 = 0x8901;
const SIOCSPGRP: u32 = 0x8902;
const FIOGETOWN: u32 = 0x8903;
const SIOCGPGRP: u32 = 0x8904;
const SIOCATMARK: u32 = 0x8905;
const SIOCGIFNAME: u32 = 0x8910;
const SIOCGIFCONF: u32 = 0x8912;
const SIOCGIFFLAGS: u32 = 0x8913;
const SIOCSIFFLAGS: u32 = 0x8914;
const SIOCGIFADDR: u32 = 0x8915;
const SIOCSIFADDR: u32 = 0x8916;
const SIOCGIFDSTADDR: u32 = 0x8917;
const SIOCSIFDSTADDR: u32 = 0x8918;
const SIOCGIFBRDADDR: u32 = 0x8919;
const SIOCSIFBRDADDR: u32 = 0x891a;
const SIOCGIFNETMASK: u32 = 0x891b;
const SIOCSIFNETMASK: u32 = 0x891c;
const SIOCGIFMETRIC: u32 = 0x891d;
const SIOCSIFMETRIC: u32 = 0x891e;
const SIOCGIFMTU: u32 = 0x8921;
const SIOCSIFMTU: u32 = 0x8922;
const SIOCSIFNAME: u32 = 0x8923;
const SIOCSIFHWADDR: u32 = 0x8924;
const SIOCGIFENCAP: u32 = 0x8925;
const SIOCSIFENCAP: u32 = 0x8926;
const SIOCGIFHWADDR: u32 = 0x8927;
const SIOCGIFSLAVE: u32 = 0x8929;
const SIOCSIFSLAVE: u32 = 0x8930;
const SIOCADDMULTI: u32 = 0x8931;
const SIOCDELMULTI: u32 = 0x8932;
const SIOCGIFINDEX: u32 = 0x8933;
const SIOCSIFHWBROADCAST: u32 = 0x8937;
const SIOCGIFTXQLEN: u32 = 0x8942;
const SIOCSIFTXQLEN: u32 = 0x8943;
const SIOCOUTQNSD: u32 = 0x894b;
const SIOCGIFMAP: u32 = 0x8970;
const SIOCSIFMAP: u32 = 0x8971;
const SIOCBRADDBR: u32 = 0x89a0;
const SIOCBRDELBR: u32 = 0x89a1;
const SIOCBRADDIF: u32 = 0x89a2;
const SIOCBRDELIF: u32 = 0x89a3;

/// The requests strace prints the argument of as an address (routing, ARP, bonding, MII,
/// timestamps...).
const BY_ADDRESS: &[u32] = &[
    0x8906,
    0x8907,
    0x8010_8906,
    0x8010_8907,
    0x890b,
    0x890c,
    0x890d,
    0x8911,
    0x891f,
    0x8920,
    0x8934,
    0x8935,
    0x8936,
    0x8938,
    0x8940,
    0x8941,
    0x8946,
    0x8947,
    0x8948,
    0x8949,
    0x894a,
    0x894c,
    0x8953,
    0x8954,
    0x8955,
    0x8960,
    0x8961,
    0x8962,
    0x8980,
    0x8981,
    0x8982,
    0x8983,
    0x8990,
    0x8991,
    0x8992,
    0x8993,
    0x8994,
    0x8995,
    0x89b0,
    0x89b1,
];

/// `sizeof(struct ifreq)`, `IFNAMSIZ`.
const IFREQ: usize = 40;
const IFNAMSIZ: usize = 16;

/// The argument of socket request `code`; false when it has no decoder here.
pub fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    match code {
        SIOCGIFCONF => ifconf(p, ctx),
        SIOCBRADDBR | SIOCBRDELBR => bridge_name(p, ctx),
        FIOGETOWN | SIOCATMARK | SIOCGIFENCAP | SIOCGPGRP | SIOCOUTQNSD => num(p, ctx, When::Out, Num::I32),
        FIOSETOWN | SIOCSIFENCAP | SIOCSPGRP => num(p, ctx, When::In, Num::I32),
        SIOCBRADDIF | SIOCBRDELIF => {
            let Some(f) = object(p, ctx, When::In, IFREQ) else { return true };
            p.open(Group::Struct);
            p.field("ifr_ifindex");
            ifindex(p, f.u32(IFNAMSIZ));
            p.close();
        }
        SIOCADDMULTI | SIOCDELMULTI | SIOCSIFADDR | SIOCSIFBRDADDR | SIOCSIFDSTADDR | SIOCSIFFLAGS
        | SIOCSIFHWADDR | SIOCSIFHWBROADCAST | SIOCSIFMAP | SIOCSIFMETRIC | SIOCSIFMTU | SIOCSIFNAME
        | SIOCSIFNETMASK | SIOCSIFSLAVE | SIOCSIFTXQLEN => {
            let Some(f) = object(p, ctx, When::In, IFREQ) else { return true };
            p.open(Group::Struct);
            name(p, "ifr_name", &f, 0);
            member(p, ctx, code, &f);
            p.close();
        }
        SIOCGIFADDR | SIOCGIFBRDADDR | SIOCGIFDSTADDR | SIOCGIFFLAGS | SIOCGIFHWADDR | SIOCGIFINDEX
        | SIOCGIFMAP | SIOCGIFMETRIC | SIOCGIFMTU | SIOCGIFNAME | SIOCGIFNETMASK | SIOCGIFSLAVE
        | SIOCGIFTXQLEN => getter(p, ctx, code),
        c if BY_ADDRESS.contains(&c) => p.addr(ctx.arg(2)),
        _ => return false,
    }
    true
}

/// A getter: the name (or for SIOCGIFNAME the index) at entry, the member after a success.
fn getter<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) {
    let Some(f) = object(p, ctx, When::In, IFREQ) else { return };
    p.open(Group::Struct);
    if code == SIOCGIFNAME {
        p.field("ifr_ifindex");
        p.int(i64::from(f.i32(IFNAMSIZ)));
    } else {
        name(p, "ifr_name", &f, 0);
    }
    if let Some(after) = ctx.ok_ret().and_then(|_| ctx.exit(2)).filter(|c| c.bytes.len() >= IFREQ) {
        member(p, ctx, code, &Fields(&after.bytes));
    }
    p.close();
}

/// The member of `struct ifreq` request `code` reads or sets (strace's `print_ifreq`).
fn member<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32, f: &Fields) {
    let int = |p: &mut P, name: &str| {
        p.field(name);
        p.int(i64::from(f.i32(IFNAMSIZ)));
    };
    let sockaddr = |p: &mut P, name: &str| {
        p.field(name);
        net::sockaddr(p, ctx, &f.0[IFNAMSIZ..IFNAMSIZ + 16]);
    };
    match code {
        SIOCSIFADDR | SIOCGIFADDR => sockaddr(p, "ifr_addr"),
        SIOCSIFDSTADDR | SIOCGIFDSTADDR => sockaddr(p, "ifr_dstaddr"),
        SIOCSIFBRDADDR | SIOCGIFBRDADDR => sockaddr(p, "ifr_broadaddr"),
        SIOCSIFNETMASK | SIOCGIFNETMASK => sockaddr(p, "ifr_netmask"),
        SIOCADDMULTI | SIOCDELMULTI | SIOCGIFHWADDR | SIOCSIFHWADDR | SIOCSIFHWBROADCAST => hwaddr(p, f),
        SIOCSIFFLAGS | SIOCGIFFLAGS => {
            p.field("ifr_flags");
            flags(p, IFF_FLAGS, u64::from(f.u16(IFNAMSIZ)), "IFF_???");
        }
        SIOCGIFINDEX => int(p, "ifr_ifindex"),
        SIOCSIFMETRIC | SIOCGIFMETRIC => int(p, "ifr_metric"),
        SIOCSIFMTU | SIOCGIFMTU => int(p, "ifr_mtu"),
        SIOCSIFSLAVE | SIOCGIFSLAVE => name(p, "ifr_slave", f, IFNAMSIZ),
        SIOCSIFNAME => name(p, "ifr_newname", f, IFNAMSIZ),
        SIOCGIFNAME => name(p, "ifr_name", f, 0),
        SIOCSIFTXQLEN | SIOCGIFTXQLEN => int(p, "ifr_qlen"),
        SIOCSIFMAP | SIOCGIFMAP => {
            p.field("ifr_map");
            p.open(Group::Struct);
            for (name, value) in [
                ("mem_start", f.u64(16)),
                ("mem_end", f.u64(24)),
                ("base_addr", u64::from(f.u16(32))),
                ("irq", u64::from(f.u8(34))),
                ("dma", u64::from(f.u8(35))),
                ("port", u64::from(f.u8(36))),
            ] {
                p.field(name);
                p.hex(value);
            }
            p.close();
        }
        _ => {}
    }
}

/// `name="eth0"`: an `IFNAMSIZ` char array at `at`.
fn name<P: Printer + ?Sized>(p: &mut P, field: &str, f: &Fields, at: usize) {
    p.field(field);
    strings::char_array(p, &f.0[at..at + IFNAMSIZ]);
}

/// `ifr_hwaddr={sa_family=ARPHRD_ETHER, sa_data=00:11:22:33:44:55}` (strace's `print_hwaddr`: as
/// many bytes as the hardware type's addresses have).
fn hwaddr<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    let kind = f.u16(IFNAMSIZ);
    let data = &f.0[IFNAMSIZ + 2..IFNAMSIZ + 16];
    p.field("ifr_hwaddr");
    p.open(Group::Struct);
    p.field("sa_family");
    xval(p, ARP_HARDWARE_TYPES, u64::from(kind), "ARPHRD_???");
    p.field("sa_data");
    // The bytes (-X raw, verbose) are all of sa_data, the text only the address's length of them.
    let text: Vec<String> =
        data[..data.len().min(hwaddr_len(kind))].iter().map(|b| format!("{b:02x}")).collect();
    composite_with(p, |p| p.str(data, Quote::Hex, false), |p| p.name(&text.join(":")));
    p.close();
}

/// The address length of hardware type `kind` (strace's `hwaddr_sizes`; 255 for the rest).
fn hwaddr_len(kind: u16) -> usize {
    match kind {
        0 | 3 => 7,
        1 | 6 | 772 | 774 | 780 | 801..=803 => 6,
        7 | 290 | 773 | 820 | 821 => 1,
        15 => 2,
        24 | 769 | 823 => 16,
        27 | 804 | 805 | 825 => 8,
        32 => 20,
        270 => 5,
        256 | 271 | 280 | 512 | 518 | 519 | 777 | 779 | 822 | 824 | 826 => 0,
        768 | 776 | 778 | 783 => 4,
        _ => 255,
    }
}

/// SIOCGIFCONF's `struct ifconf` (strace's `decode_ifconf`): the length the caller offers and,
/// when it changed, the length the call used (`80 /* 2 * sizeof(struct ifreq) */`); the buffer's
/// address, or after a success its `struct ifreq`s, which are behind a second pointer and not
/// copied: their address (`[]` for none).
fn ifconf<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let Some(before) = object(p, ctx, When::In, 16) else { return };
    let (len, buf) = (before.i32(0), before.u64(8));
    let ok = ctx.ok_ret().is_some();
    // strace reads the structure again at exit even after a failure (the kernel left it as it was).
    let after =
        if ok { ctx.exit(2).filter(|c| c.bytes.len() >= 16).map(|c| Fields(&c.bytes)) } else { Some(before) };
    p.open(Group::Struct);
    p.field("ifc_len");
    let Some(after) = after else {
        if buf == 0 {
            ifc_len(p, len);
        }
        p.field("ifc_buf");
        p.addr(buf);
        return p.close();
    };
    let (new_len, new_buf) = (after.i32(0), after.u64(8));
    let changed = buf != 0 && len != new_len;
    if changed {
        p.open(Group::Changed);
    }
    if buf != 0 {
        ifc_len(p, len);
    }
    if buf == 0 || len != new_len {
        ifc_len(p, new_len);
    }
    if changed {
        p.close();
    }
    p.field("ifc_buf");
    if buf == 0 || !ok {
        if buf != new_buf {
            p.open(Group::Changed);
            p.addr(buf);
            p.addr(new_buf);
            p.close();
        } else {
            p.addr(buf);
        }
    } else if new_len / IFREQ as i32 == 0 {
        p.open(Group::Array);
        p.close();
    } else {
        p.addr(new_buf);
    }
    p.close();
}

/// `80 /* 2 * sizeof(struct ifreq) */`: a length, and how many `struct ifreq` it holds when it is
/// a multiple of their size.
fn ifc_len<P: Printer + ?Sized>(p: &mut P, len: i32) {
    p.int(i64::from(len));
    let n = len as u32 / IFREQ as u32;
    if len > 0 && n * IFREQ as u32 == len as u32 {
        p.comment(&format!("{n} * sizeof(struct ifreq)"));
    }
}

/// SIOCBRADDBR, SIOCBRDELBR: the bridge's name, a string of at most `IFNAMSIZ` bytes.
fn bridge_name<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let ptr = ctx.arg(2);
    let Some(c) = ctx.entry(2).filter(|_| ptr != 0) else { return p.addr(ptr) };
    let bytes = &c.bytes[..c.bytes.len().min(IFNAMSIZ)];
    match bytes.iter().position(|&b| b == 0) {
        Some(end) => p.str(&bytes[..end], Quote::Text, false),
        None if bytes.len() == IFNAMSIZ => p.str(bytes, Quote::Text, true),
        None => p.addr(ptr),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hardware_address_lengths() {
        assert_eq!(hwaddr_len(1), 6);
        assert_eq!(hwaddr_len(512), 0);
        assert_eq!(hwaddr_len(999), 255);
    }
}
