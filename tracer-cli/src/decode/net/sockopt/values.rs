//! The structures socket options carry, as strace 6.1 prints them (`print_set_linger`,
//! `print_get_ucred`, `print_mreq`, `print_group_req`, `print_packet_mreq`, `print_icmp_filter`...).

use tracer_common::event::Capture;

use crate::decode::arrays::{self, id, Array};
use crate::decode::fields::Fields;
use crate::decode::pids::{PidType, Pids};
use crate::decode::printer::{Fmt, Group, Printer, Quote};
use crate::decode::tables::{ICMP_FILTER_FLAGS, PACKET_MREQ_TYPES, SOCK_TXREHASH_VALUES};
use crate::decode::xlat::{lookup, xval};
use crate::decode::Ctx;

use super::super::{ifindex, inet6_addr, inet_addr, mac, sockaddr};

/// `sizeof(struct group_req)`: an interface index, padding, a `sockaddr_storage`.
pub const GROUP_REQ_SIZE: usize = 136;

/// One field of a structure of which only `len` bytes came back (strace's
/// `MAYBE_PRINT_FIELD_LEN`): nothing when `len` stops before it, its bytes in hex when it stops
/// inside it, else the field as `print` writes it.
fn maybe_field<P: Printer + ?Sized>(
    p: &mut P,
    (bytes, len): (&[u8], usize),
    name: &str,
    (start, size): (usize, usize),
    print: impl FnOnce(&mut P, &Fields),
) {
    if len <= start {
        return;
    }
    p.field(name);
    if len >= start + size {
        print(p, &Fields(&bytes[start..]));
    } else {
        p.str(&bytes[start..len], Quote::Hex, false);
    }
}

/// `{l_onoff=1, l_linger=5}`, as far as `len` bytes go.
pub fn linger<P: Printer + ?Sized>(p: &mut P, f: &Fields, len: usize) {
    let b = (f.0, len.min(f.len()));
    p.open(Group::Struct);
    maybe_field(p, b, "l_onoff", (0, 4), |p, f| p.int(i64::from(f.i32(0))));
    maybe_field(p, b, "l_linger", (4, 4), |p, f| p.int(i64::from(f.i32(0))));
    p.close();
}

/// `{pid=1, uid=0, gid=0}` (struct ucred), as far as `len` bytes go.
pub fn ucred<P: Printer + ?Sized>(p: &mut P, bytes: &[u8], len: usize, pids: Pids) {
    let b = (bytes, len.min(bytes.len()));
    p.open(Group::Struct);
    maybe_field(p, b, "pid", (0, 4), |p, f| pids.pid(p, f.i32(0), PidType::Tgid));
    maybe_field(p, b, "uid", (4, 4), |p, f| id(p, f.u32(0)));
    maybe_field(p, b, "gid", (8, 4), |p, f| id(p, f.u32(0)));
    p.close();
}

/// `{tp_packets=1, tp_drops=0, tp_freeze_q_cnt=0}`, as far as `len` bytes go.
pub fn tpacket_stats<P: Printer + ?Sized>(p: &mut P, bytes: &[u8], len: usize) {
    let b = (bytes, len.min(bytes.len()));
    p.open(Group::Struct);
    for (i, name) in ["tp_packets", "tp_drops", "tp_freeze_q_cnt"].into_iter().enumerate() {
        maybe_field(p, b, name, (i * 4, 4), |p, f| p.uint(u64::from(f.u32(0))));
    }
    p.close();
}

/// `[SOCK_TXREHASH_ENABLED]`, `[2 /* SOCK_TXREHASH_??? */]`.
pub fn txrehash<P: Printer + ?Sized>(p: &mut P, value: i32) {
    p.open(Group::Array);
    let v = i64::from(value) as u64;
    p.constant(v, lookup(SOCK_TXREHASH_VALUES, v), Fmt::Signed, "SOCK_TXREHASH_???");
    p.close();
}

/// `{imr_multiaddr=inet_addr("224.0.0.3"), imr_interface=inet_addr("127.0.0.1")}`.
pub fn ip_mreq<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    p.open(Group::Struct);
    inet_addr(p, "imr_multiaddr", f.bytes(0));
    inet_addr(p, "imr_interface", f.bytes(4));
    p.close();
}

/// `{inet_pton(AF_INET6, "ff01::c", &ipv6mr_multiaddr), ipv6mr_interface=if_nametoindex("lo")}`.
pub fn ipv6_mreq<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    p.open(Group::Struct);
    inet6_addr(p, "ipv6mr_multiaddr", f.bytes(0));
    p.field("ipv6mr_interface");
    ifindex(p, f.u32(16));
    p.close();
}

/// `{gr_interface=if_nametoindex("lo"), gr_group={sa_family=AF_INET, ...}}`.
pub fn group_req<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, f: &Fields) {
    p.open(Group::Struct);
    p.field("gr_interface");
    ifindex(p, f.u32(0));
    p.field("gr_group");
    sockaddr(p, ctx, &f.0[8..GROUP_REQ_SIZE]);
    p.close();
}

/// `{tp_block_size=4096, tp_block_nr=1, tp_frame_size=2048, tp_frame_nr=2}`.
pub fn tpacket_req<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    p.open(Group::Struct);
    for (i, name) in ["tp_block_size", "tp_block_nr", "tp_frame_size", "tp_frame_nr"].into_iter().enumerate()
    {
        p.field(name);
        p.uint(u64::from(f.u32(i * 4)));
    }
    p.close();
}

/// `{mr_ifindex=0, mr_type=PACKET_MR_PROMISC, mr_alen=6, mr_address=ff:ff:ff:ff:ff:ff}`.
pub fn packet_mreq<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    p.open(Group::Struct);
    p.field("mr_ifindex");
    ifindex(p, f.u32(0));
    p.field("mr_type");
    xval(p, PACKET_MREQ_TYPES, u64::from(f.u16(4)), "PACKET_MR_???");
    let alen = f.u16(6);
    p.field("mr_alen");
    p.uint(u64::from(alen));
    p.field("mr_address");
    mac(p, &f.0[8..8 + usize::from(alen).min(8)]);
    p.close();
}

/// ICMP_FILTER's bit mask of ICMP types: `[ICMP_ECHO ICMP_REDIRECT]`, or `~[...]` listing the
/// types not set when more than half are; bytes past `len` count as set.
pub fn icmp_filter<P: Printer + ?Sized>(p: &mut P, ptr: u64, len: i32, bytes: Option<&[u8]>) {
    let n = match usize::try_from(len) {
        Ok(n) if n > 0 => n.min(4),
        _ => return p.addr(ptr),
    };
    let Some(b) = bytes.filter(|b| b.len() >= n) else {
        return p.addr(ptr);
    };
    let mut data = [0xffu8; 4];
    data[..n].copy_from_slice(&b[..n]);
    let mut mask = u32::from_le_bytes(data);
    let inverted = mask.count_ones() > 16;
    if inverted {
        mask = !mask;
    }
    p.open(Group::Set { inverted });
    for bit in (0u64..32).filter(|bit| mask & (1 << bit) != 0) {
        xval(p, ICMP_FILTER_FLAGS, bit, "ICMP_???");
    }
    p.close();
}

/// `count` u32s as `[1, 2]` (NETLINK_LIST_MEMBERSHIPS).
pub fn u32_array<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, ptr: u64, count: usize, bytes: Option<&[u8]>) {
    let capture = bytes.map(|b| Capture::new(0, 0, b.to_vec()));
    if count == 0 {
        // strace prints `[]` without reading anything.
        p.open(Group::Array);
        p.close();
        return;
    }
    let arr = Array { addr: ptr, count: count as u64, elem: 4, capture: capture.as_ref() };
    arrays::print(p, ctx, arr, |p, b| p.uint(u64::from(Fields(b).u32(0))));
}
