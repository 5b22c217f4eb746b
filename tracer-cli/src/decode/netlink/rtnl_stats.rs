//! `struct if_stats_msg` and its `IFLA_STATS_*` attributes (strace's `rtnl_stats.c`):
//! RTM_NEWSTATS and RTM_GETSTATS.

use super::attr::{Attrs, Nla};
use super::route::with_struct;
use super::rtnl_nla::{le, print_fields, Custom, RtNla, Ty};
use super::{ifindex, Nl};
use crate::decode::printer::{Group, Printer};
use crate::decode::tables::{
    IFSTATS_AF_SPEC_MPLS_ATTRS, IFSTATS_ATTRS, IFSTATS_OFFLOAD_ATTRS, IFSTATS_XSTATS_BOND_3AD_ATTRS,
    IFSTATS_XSTATS_BOND_ATTRS, IFSTATS_XSTATS_BRIDGE_ATTRS, IFSTATS_XSTATS_BRIDGE_MCAST_INDICES,
    IFSTATS_XSTATS_TYPE_ATTRS, NL_BRIDGE_VLAN_FLAGS, SOCKET_DOMAINS,
};
use crate::decode::xlat::Xlat;

/// `1<<IFLA_STATS_*` (strace's `ifstats_attr_flags`; its names are not C names, so not in
/// xlat.txt).
const IFSTATS_ATTR_FLAGS: Xlat = &[
    (1, "1<<IFLA_STATS_UNSPEC"),
    (2, "1<<IFLA_STATS_LINK_64"),
    (4, "1<<IFLA_STATS_LINK_XSTATS"),
    (8, "1<<IFLA_STATS_LINK_XSTATS_SLAVE"),
    (0x10, "1<<IFLA_STATS_LINK_OFFLOAD_XSTATS"),
    (0x20, "1<<IFLA_STATS_AF_SPEC"),
];

const fn custom_nla(kind: Custom) -> Option<Nla> {
    Some(Nla::Route(RtNla::Custom(kind)))
}

const BRIDGE: Attrs = Attrs {
    table: IFSTATS_XSTATS_BRIDGE_ATTRS,
    unknown: "BRIDGE_XSTATS_???",
    decoders: &[
        None,
        custom_nla(Custom::StatsBridgeVlan),
        custom_nla(Custom::StatsBridgeMcast),
        None,
        custom_nla(Custom::StatsBridgeStp),
    ],
};

const U64: Option<Nla> = Some(Nla::Route(RtNla::U64));

const BOND_3AD: Attrs = Attrs {
    table: IFSTATS_XSTATS_BOND_3AD_ATTRS,
    unknown: "BOND_XSTATS_???",
    decoders: &[U64, U64, U64, U64, U64, U64, U64, U64, U64],
};

const BOND: Attrs = Attrs {
    table: IFSTATS_XSTATS_BOND_ATTRS,
    unknown: "BOND_XSTATS_???",
    decoders: &[None, Some(Nla::Nested(&BOND_3AD))],
};

const XSTATS: Attrs = Attrs {
    table: IFSTATS_XSTATS_TYPE_ATTRS,
    unknown: "LINK_XSTATS_TYPE_???",
    decoders: &[None, Some(Nla::Nested(&BRIDGE)), Some(Nla::Nested(&BOND))],
};

const OFFLOAD: Attrs = Attrs {
    table: IFSTATS_OFFLOAD_ATTRS,
    unknown: "IFLA_OFFLOAD_XSTATS_???",
    decoders: &[None, Some(Nla::Route(super::rtnl_link::LINK_STATS64))],
};

const MPLS: Attrs = Attrs {
    table: IFSTATS_AF_SPEC_MPLS_ATTRS,
    unknown: "MPLS_STATS_???",
    decoders: &[None, custom_nla(Custom::StatsMplsLink)],
};

const AF_MPLS: usize = 28;

const AF_SPEC: Attrs = Attrs {
    table: SOCKET_DOMAINS,
    unknown: "AF_???",
    decoders: &super::rtnl_link::only::<{ AF_MPLS + 1 }>(AF_MPLS, Nla::Nested(&MPLS)),
};

const IFLA_STATS: Attrs = Attrs {
    table: IFSTATS_ATTRS,
    unknown: "IFLA_STATS_???",
    decoders: &[
        None,
        Some(Nla::Route(super::rtnl_link::LINK_STATS64)),
        Some(Nla::Nested(&XSTATS)),
        Some(Nla::Nested(&XSTATS)),
        Some(Nla::Nested(&OFFLOAD)),
        Some(Nla::Nested(&AF_SPEC)),
    ],
};

/// `{family=AF_UNSPEC, ifindex=..., filter_mask=1<<IFLA_STATS_...}` (its padding when set), then
/// its attributes.
pub fn ifstatsmsg<P: Printer + ?Sized>(p: &mut P, nl: &Nl, family: u8, addr: u64, len: u64) {
    let rest = |p: &mut P, b: &[u8]| {
        if b[1] != 0 {
            p.field("pad1");
            p.hex(u64::from(b[1]));
        }
        let pad2 = le(&b[2..4]);
        if pad2 != 0 {
            p.field("pad2");
            p.hex(pad2);
        }
        p.field("ifindex");
        ifindex(p, le(&b[4..8]) as u32);
        p.field("filter_mask");
        p.flags(le(&b[8..12]), &[IFSTATS_ATTR_FLAGS], Some("1<<IFLA_STATS_???"));
    };
    with_struct(p, nl, ("family", family), (addr, len, 12), rest, Some(&IFLA_STATS));
}

const STP: &[(&str, Ty)] = &[
    ("transition_blk", Ty::U64),
    ("transition_fwd", Ty::U64),
    ("rx_bpdu", Ty::U64),
    ("tx_bpdu", Ty::U64),
    ("rx_tcn", Ty::U64),
    ("tx_tcn", Ty::U64),
];

const MPLS_LINK: &[(&str, Ty)] = &[
    ("rx_packets", Ty::U64),
    ("tx_packets", Ty::U64),
    ("rx_bytes", Ty::U64),
    ("tx_bytes", Ty::U64),
    ("rx_errors", Ty::U64),
    ("tx_errors", Ty::U64),
    ("rx_dropped", Ty::U64),
    ("tx_dropped", Ty::U64),
    ("rx_noroute", Ty::U64),
];

/// `struct br_mcast_stats`'s members: arrays of `[BR_MCAST_DIR_RX, BR_MCAST_DIR_TX]` u64, and two
/// plain u64.
const MCAST: &[(&str, bool)] = &[
    ("igmp_v1queries", true),
    ("igmp_v2queries", true),
    ("igmp_v3queries", true),
    ("igmp_leaves", true),
    ("igmp_v1reports", true),
    ("igmp_v2reports", true),
    ("igmp_v3reports", true),
    ("igmp_parse_errors", false),
    ("mld_v1queries", true),
    ("mld_v2queries", true),
    ("mld_leaves", true),
    ("mld_v1reports", true),
    ("mld_v2reports", true),
    ("mld_parse_errors", false),
    ("mcast_bytes", true),
    ("mcast_packets", true),
];

/// The stats decoders of `custom`: a struct, then any bytes after it in hex.
pub fn custom<P: Printer + ?Sized>(p: &mut P, nl: &Nl, custom: Custom, addr: u64, len: u64) -> bool {
    let size = match custom {
        Custom::StatsBridgeVlan => 40,
        Custom::StatsBridgeMcast => MCAST.iter().map(|&(_, pair)| if pair { 16 } else { 8 }).sum(),
        Custom::StatsBridgeStp => 48,
        Custom::StatsMplsLink => 72,
        _ => return false,
    };
    if len < size {
        return false;
    }
    let Some(b) = nl.fetch(p, addr, size) else { return true };
    match custom {
        Custom::StatsBridgeVlan => {
            p.open(Group::Struct);
            for (i, name) in ["rx_bytes", "rx_packets", "tx_bytes", "tx_packets"].iter().enumerate() {
                p.field(name);
                p.uint(le(&b[i * 8..i * 8 + 8]));
            }
            p.field("vid");
            p.uint(le(&b[32..34]));
            p.field("flags");
            p.flags(le(&b[34..36]), &[NL_BRIDGE_VLAN_FLAGS], Some("BRIDGE_VLAN_INFO_???"));
            let pad2 = le(&b[36..40]);
            if pad2 != 0 {
                p.field("pad2");
                p.hex(pad2);
            }
            p.close();
        }
        Custom::StatsBridgeMcast => mcast(p, b),
        Custom::StatsBridgeStp => print_fields(p, STP, b),
        _ => print_fields(p, MPLS_LINK, b),
    }
    if len > size {
        nl.hex(p, addr + size, len - size);
    }
    true
}

/// `struct br_mcast_stats`: `{igmp_v1queries=[[BR_MCAST_DIR_RX] = 1, [BR_MCAST_DIR_TX] = 2], ...}`.
fn mcast<P: Printer + ?Sized>(p: &mut P, b: &[u8]) {
    p.open(Group::Struct);
    let mut at = 0;
    for &(name, pair) in MCAST {
        p.field(name);
        if pair {
            p.open(Group::Array);
            for dir in 0..2u64 {
                p.open(Group::Expr);
                p.raw("[");
                let name = crate::decode::xlat::lookup(IFSTATS_XSTATS_BRIDGE_MCAST_INDICES, dir);
                p.constant(dir, name, crate::decode::Fmt::Unsigned, "");
                p.raw("]=");
                p.uint(le(&b[at..at + 8]));
                p.close();
                at += 8;
            }
            p.close();
        } else {
            p.uint(le(&b[at..at + 8]));
            at += 8;
        }
    }
    p.close();
}
