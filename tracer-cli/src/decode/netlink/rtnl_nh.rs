//! `struct nhmsg` and its attributes (strace's `rtnl_nh.c`): RTM_{NEW,DEL,GET}NEXTHOP.

use super::attr::{Attrs, Nla};
use super::route::with_struct;
use super::Nl;
use crate::decode::printer::{Group, Printer};
use crate::decode::tables::{
    LWTUNNEL_ENCAP_TYPES, ROUTE_NEXTHOP_FLAGS, ROUTING_PROTOCOLS, ROUTING_SCOPES, RTNL_NEXTHOP_ATTRS,
    RTNL_NEXTHOP_GRP_TYPES, RTNL_NHA_RES_BUCKET_ATTRS, RTNL_NHA_RES_GROUP_ATTRS,
};
use crate::decode::xlat::xval;

const RES_GROUP: Attrs = Attrs {
    table: RTNL_NHA_RES_GROUP_ATTRS,
    unknown: "NHA_RES_GROUP_???",
    decoders: &[None, Some(Nla::U16), Some(Nla::ClockT), Some(Nla::ClockT), Some(Nla::ClockT)],
};

const RES_BUCKET: Attrs = Attrs {
    table: RTNL_NHA_RES_BUCKET_ATTRS,
    unknown: "NHA_RES_BUCKET_???",
    decoders: &[None, Some(Nla::U16), Some(Nla::ClockT), Some(Nla::U32)],
};

const NHA: Attrs = Attrs {
    table: RTNL_NEXTHOP_ATTRS,
    unknown: "NHA_???",
    decoders: &[
        None,
        Some(Nla::U32),
        Some(Nla::NhGroup),
        Some(Nla::Xval { table: RTNL_NEXTHOP_GRP_TYPES, unknown: "NEXTHOP_GRP_TYPE_???", size: 2 }),
        Some(Nla::U32),
        Some(Nla::Ifindex),
        Some(Nla::InetAddr),
        Some(Nla::Xval { table: LWTUNNEL_ENCAP_TYPES, unknown: "LWTUNNEL_ENCAP_???", size: 2 }),
        None,
        Some(Nla::U32),
        Some(Nla::Ifindex),
        Some(Nla::U32),
        Some(Nla::Nested(&RES_GROUP)),
        Some(Nla::Nested(&RES_BUCKET)),
    ],
};

/// `{nh_family=AF_INET, nh_scope=..., nh_protocol=..., nh_flags=...}`, then its attributes.
pub fn nhmsg<P: Printer + ?Sized>(p: &mut P, nl: &Nl, family: u8, addr: u64, len: u64) {
    let rest = |p: &mut P, b: &[u8]| {
        p.field("nh_scope");
        xval(p, ROUTING_SCOPES, u64::from(b[1]), "");
        p.field("nh_protocol");
        xval(p, ROUTING_PROTOCOLS, u64::from(b[2]), "RTPROT_???");
        if b[3] != 0 {
            p.field("resvd");
            p.hex(u64::from(b[3]));
        }
        p.field("nh_flags");
        p.flags(
            u64::from(u32::from_ne_bytes([b[4], b[5], b[6], b[7]])),
            &[ROUTE_NEXTHOP_FLAGS],
            Some("RTNH_F_???"),
        );
    };
    let nl = Nl { msg_family: family, ..*nl };
    with_struct(p, &nl, ("nh_family", family), (addr, len, 8), rest, Some(&NHA));
}

/// One `struct nexthop_grp`: `{id=1, weight=2}`, its reserved fields when set.
pub fn group<P: Printer + ?Sized>(p: &mut P, b: &[u8]) {
    p.open(Group::Struct);
    p.field("id");
    p.uint(u64::from(u32::from_ne_bytes([b[0], b[1], b[2], b[3]])));
    p.field("weight");
    p.uint(u64::from(b[4]));
    if b[5] != 0 {
        p.field("resvd1");
        p.hex(u64::from(b[5]));
    }
    let resvd2 = u16::from_ne_bytes([b[6], b[7]]);
    if resvd2 != 0 {
        p.field("resvd2");
        p.hex(u64::from(resvd2));
    }
    p.close();
}
