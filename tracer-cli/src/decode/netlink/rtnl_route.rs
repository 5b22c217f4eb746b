//! `struct rtmsg` and `struct fib_rule_hdr` with their attributes (strace's `rtnl_route.c` and
//! `rtnl_rule.c`): RTM_{NEW,DEL,GET}ROUTE and RTM_{NEW,DEL,GET}RULE.

use super::attr::{self, Attrs, Nla};
use super::route::with_struct;
use super::rtnl_nla::{le, Custom, RtNla, Ty};
use super::{ifindex, Nl};
use crate::decode::printer::{Group, Printer};
use crate::decode::tables::{
    FIB_RULE_ACTIONS, FIB_RULE_FLAGS, IP_TYPE_OF_SERVICES, LWTUNNEL_ENCAP_TYPES, ROUTE_NEXTHOP_FLAGS,
    ROUTING_FLAGS, ROUTING_PROTOCOLS, ROUTING_SCOPES, ROUTING_TABLE_IDS, ROUTING_TYPES, RTNL_ROUTE_ATTRS,
    RTNL_RTA_METRICS_ATTRS, RTNL_RULE_ATTRS, SOCKET_DOMAINS,
};
use crate::decode::xlat::xval;

/// A routing table id of 4 bytes (`decode_nla_rt_class`).
pub const RT_CLASS: Nla =
    Nla::Route(RtNla::Fixed { table: ROUTING_TABLE_IDS, unknown: "", size: 4, flags: false });
/// A routing protocol of 1 byte (`decode_nla_rt_proto`).
pub const RT_PROTO: Nla =
    Nla::Route(RtNla::Fixed { table: ROUTING_PROTOCOLS, unknown: "RTPROT_???", size: 1, flags: false });

const METRICS: Attrs = Attrs {
    table: RTNL_RTA_METRICS_ATTRS,
    unknown: "RTAX_???",
    decoders: &[
        None,
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::Str),
    ],
};

const CACHEINFO: RtNla = RtNla::Struct(&[
    ("rta_clntref", Ty::U32),
    ("rta_lastuse", Ty::U32),
    ("rta_expires", Ty::U32),
    ("rta_error", Ty::U32),
    ("rta_used", Ty::U32),
    ("rta_id", Ty::X32),
    ("rta_ts", Ty::U32),
    ("rta_tsage", Ty::U32),
]);

const MFC_STATS: RtNla =
    RtNla::Struct(&[("mfcs_packets", Ty::U64), ("mfcs_bytes", Ty::U64), ("mfcs_wrong_if", Ty::U64)]);

const RTA: Attrs = Attrs {
    table: RTNL_ROUTE_ATTRS,
    unknown: "RTA_???",
    decoders: &[
        None,
        Some(Nla::InetAddr),
        Some(Nla::InetAddr),
        Some(Nla::Ifindex),
        Some(Nla::Ifindex),
        Some(Nla::InetAddr),
        Some(Nla::U32),
        Some(Nla::InetAddr),
        Some(Nla::Nested(&METRICS)),
        Some(Nla::Route(RtNla::Custom(Custom::RtaMultipath))),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::Route(CACHEINFO)),
        None,
        Some(Nla::U32),
        Some(RT_CLASS),
        Some(Nla::U32),
        Some(Nla::Route(MFC_STATS)),
        Some(Nla::Route(RtNla::Custom(Custom::RtVia))),
        Some(Nla::InetAddr),
        Some(Nla::U8),
        Some(Nla::Xval { table: LWTUNNEL_ENCAP_TYPES, unknown: "LWTUNNEL_ENCAP_???", size: 2 }),
        None,
        Some(Nla::Route(RtNla::U64)),
        None,
        Some(Nla::U32),
        Some(Nla::U8),
        Some(Nla::U8),
        Some(Nla::U16),
        Some(Nla::U16),
    ],
};

/// `{rtm_family=AF_INET, rtm_dst_len=..., ...}`, then its attributes.
pub fn rtmsg<P: Printer + ?Sized>(p: &mut P, nl: &Nl, family: u8, addr: u64, len: u64) {
    let rest = |p: &mut P, b: &[u8]| {
        p.field("rtm_dst_len");
        p.uint(u64::from(b[1]));
        p.field("rtm_src_len");
        p.uint(u64::from(b[2]));
        p.field("rtm_tos");
        p.flags(u64::from(b[3]), &[IP_TYPE_OF_SERVICES], Some("IPTOS_TOS_???"));
        p.field("rtm_table");
        xval(p, ROUTING_TABLE_IDS, u64::from(b[4]), "");
        p.field("rtm_protocol");
        xval(p, ROUTING_PROTOCOLS, u64::from(b[5]), "RTPROT_???");
        p.field("rtm_scope");
        xval(p, ROUTING_SCOPES, u64::from(b[6]), "");
        p.field("rtm_type");
        xval(p, ROUTING_TYPES, u64::from(b[7]), "RTN_???");
        p.field("rtm_flags");
        p.flags(le(&b[8..12]), &[ROUTING_FLAGS], Some("RTM_F_???"));
    };
    let nl = Nl { msg_family: family, ..*nl };
    with_struct(p, &nl, ("rtm_family", family), (addr, len, 12), rest, Some(&RTA));
}

/// `RTA_MULTIPATH`: `struct rtnexthop`s, each followed by its own attributes.
pub fn multipath<P: Printer + ?Sized>(p: &mut P, nl: &Nl, addr: u64, len: u64) -> bool {
    const SIZE: u64 = 8;
    if len < SIZE {
        return false;
    }
    let (mut cur, mut left) = (addr, len);
    let mut is_array = false;
    while let Some(b) = nl.fetch(p, cur, SIZE) {
        let nh_len = u64::from(u16::from_ne_bytes([b[0], b[1]]));
        let shown = left.min(nh_len);
        if cur == addr && nh_len < len {
            p.open(Group::Array);
            is_array = true;
        }
        let has_attrs = shown > SIZE;
        if has_attrs {
            p.open(Group::Array);
        }
        p.open(Group::Struct);
        p.field("rtnh_len");
        p.uint(nh_len);
        p.field("rtnh_flags");
        p.flags(u64::from(b[2]), &[ROUTE_NEXTHOP_FLAGS], Some("RTNH_F_???"));
        p.field("rtnh_hops");
        p.uint(u64::from(b[3]));
        p.field("rtnh_ifindex");
        ifindex(p, le(&b[4..8]) as u32);
        p.close();
        if has_attrs {
            attr::decode(p, nl, cur + SIZE, shown - SIZE, &RTA);
            p.close();
        }
        let step = (shown + 3) & !3;
        if step >= left {
            break;
        }
        cur += step;
        left -= step;
    }
    if is_array {
        p.close();
    }
    true
}

/// `RTA_VIA`: `{rtvia_family=AF_INET, rtvia_addr=inet_addr("...")}`.
pub fn via<P: Printer + ?Sized>(p: &mut P, nl: &Nl, addr: u64, len: u64) -> bool {
    if len < 2 {
        return false;
    }
    let Some(b) = nl.fetch(p, addr, 2) else { return true };
    let family = u16::from_ne_bytes([b[0], b[1]]);
    p.open(Group::Struct);
    p.field("rtvia_family");
    xval(p, SOCKET_DOMAINS, u64::from(family), "AF_???");
    if len > 2 {
        inet_field(p, nl, family, (addr + 2, len - 2), "rtvia_addr");
    }
    p.close();
    true
}

const RANGE: RtNla = RtNla::Struct(&[("start", Ty::U32), ("end", Ty::U32)]);
const PORT_RANGE: RtNla = RtNla::Struct(&[("start", Ty::U16), ("end", Ty::U16)]);

const FRA: Attrs = Attrs {
    table: RTNL_RULE_ATTRS,
    unknown: "FRA_???",
    decoders: &[
        None,
        Some(Nla::InetAddr),
        Some(Nla::InetAddr),
        Some(Nla::Str),
        Some(Nla::U32),
        None,
        Some(Nla::U32),
        None,
        None,
        None,
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::Route(RtNla::Be64)),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(RT_CLASS),
        Some(Nla::U32),
        Some(Nla::Str),
        None,
        Some(Nla::U8),
        Some(Nla::Route(RANGE)),
        Some(RT_PROTO),
        Some(Nla::Route(RtNla::IpProto)),
        Some(Nla::Route(PORT_RANGE)),
        Some(Nla::Route(PORT_RANGE)),
    ],
};

/// `struct fib_rule_hdr`, then its attributes.
pub fn fib_rule_hdr<P: Printer + ?Sized>(p: &mut P, nl: &Nl, family: u8, addr: u64, len: u64) {
    let rest = |p: &mut P, b: &[u8]| {
        p.field("dst_len");
        p.uint(u64::from(b[1]));
        p.field("src_len");
        p.uint(u64::from(b[2]));
        p.field("tos");
        p.flags(u64::from(b[3]), &[IP_TYPE_OF_SERVICES], Some("IPTOS_TOS_???"));
        p.field("table");
        xval(p, ROUTING_TABLE_IDS, u64::from(b[4]), "RT_TABLE_???");
        // b[5], b[6]: res1, res2.
        p.field("action");
        xval(p, FIB_RULE_ACTIONS, u64::from(b[7]), "FR_ACT_???");
        p.field("flags");
        p.flags(le(&b[8..12]), &[FIB_RULE_FLAGS], Some("FIB_RULE_???"));
    };
    let nl = Nl { msg_family: family, ..*nl };
    with_struct(p, &nl, ("family", family), (addr, len, 12), rest, Some(&FRA));
}

/// strace's `decode_inet_addr` with a field name: `name=inet_addr("...")`, hex bytes when the
/// family has no address or they are too few, the address when they cannot be read.
fn inet_field<P: Printer + ?Sized>(p: &mut P, nl: &Nl, family: u16, (addr, len): (u64, u64), name: &str) {
    let size = match i32::from(family) {
        libc::AF_INET => 4,
        libc::AF_INET6 => 16,
        _ => 0,
    };
    if size == 0 || len < size {
        p.field(name);
        return nl.hex(p, addr, len);
    }
    match nl.mem.get(addr, size) {
        Some(bytes) => super::inet::named(p, family, bytes, name),
        None => {
            p.field(name);
            p.addr(addr);
        }
    }
}
