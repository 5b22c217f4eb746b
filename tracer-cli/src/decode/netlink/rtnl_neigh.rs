//! `struct ndmsg` and `struct ndtmsg` with their attributes (strace's `rtnl_neigh.c` and
//! `rtnl_neightbl.c`): RTM_{NEW,DEL,GET}NEIGH and RTM_{NEW,GET,SET}NEIGHTBL.

use super::attr::{Attrs, Nla};
use super::route::with_struct;
use super::rtnl_nla::{RtNla, Ty};
use super::{ifindex, Nl};
use crate::decode::printer::Printer;
use crate::decode::tables::{
    FDB_NOTIFY_FLAGS, NEIGHBOR_CACHE_ENTRY_EXT_FLAGS, NEIGHBOR_CACHE_ENTRY_FLAGS,
    NEIGHBOR_CACHE_ENTRY_STATES, ROUTING_TYPES, RTNL_NEIGHTBL_ATTRS, RTNL_NEIGHTBL_PARMS_ATTRS,
    RTNL_NEIGH_ATTRS, RTNL_NEIGH_FDB_EXT_ATTRS,
};
use crate::decode::xlat::xval;

const FDB_EXT: Attrs = Attrs {
    table: RTNL_NEIGH_FDB_EXT_ATTRS,
    unknown: "NFEA_???",
    decoders: &[
        None,
        Some(Nla::Route(RtNla::Flags { table: FDB_NOTIFY_FLAGS, unknown: "FDB_NOTIFY_???", size: 1 })),
    ],
};

const NDA: Attrs = Attrs {
    table: RTNL_NEIGH_ATTRS,
    unknown: "NDA_???",
    decoders: &[
        None,
        Some(Nla::InetAddr),
        Some(Nla::Route(RtNla::HwAddr)),
        Some(Nla::Route(RtNla::Struct(&[
            ("ndm_confirmed", Ty::U32),
            ("ndm_used", Ty::U32),
            ("ndm_updated", Ty::U32),
            ("ndm_refcnt", Ty::U32),
        ]))),
        Some(Nla::U32),
        Some(Nla::U16),
        Some(Nla::Route(RtNla::Be16)),
        Some(Nla::U32),
        Some(Nla::Ifindex),
        Some(Nla::Ifindex),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::Route(RtNla::IpProto)),
        Some(Nla::U32),
        Some(Nla::Nested(&FDB_EXT)),
        Some(Nla::Route(RtNla::Flags {
            table: NEIGHBOR_CACHE_ENTRY_EXT_FLAGS,
            unknown: "NTF_EXT_???",
            size: 4,
        })),
        Some(Nla::Route(RtNla::Flags { table: NEIGHBOR_CACHE_ENTRY_STATES, unknown: "NUD_???", size: 2 })),
        Some(Nla::Route(RtNla::Flags { table: NEIGHBOR_CACHE_ENTRY_FLAGS, unknown: "NTF_???", size: 1 })),
    ],
};

/// `{ndm_family=AF_INET, ndm_ifindex=..., ndm_state=..., ndm_flags=..., ndm_type=...}`, then its
/// attributes.
pub fn ndmsg<P: Printer + ?Sized>(p: &mut P, nl: &Nl, family: u8, addr: u64, len: u64) {
    let rest = |p: &mut P, b: &[u8]| {
        // b[1..4]: padding.
        p.field("ndm_ifindex");
        ifindex(p, u32::from_ne_bytes([b[4], b[5], b[6], b[7]]));
        p.field("ndm_state");
        p.flags(u64::from(u16::from_ne_bytes([b[8], b[9]])), &[NEIGHBOR_CACHE_ENTRY_STATES], Some("NUD_???"));
        p.field("ndm_flags");
        p.flags(u64::from(b[10]), &[NEIGHBOR_CACHE_ENTRY_FLAGS], Some("NTF_???"));
        p.field("ndm_type");
        xval(p, ROUTING_TYPES, u64::from(b[11]), "RTN_???");
    };
    let nl = Nl { msg_family: family, ..*nl };
    with_struct(p, &nl, ("ndm_family", family), (addr, len, 12), rest, Some(&NDA));
}

const PARMS: Attrs = Attrs {
    table: RTNL_NEIGHTBL_PARMS_ATTRS,
    unknown: "NDTPA_???",
    decoders: &[
        None,
        Some(Nla::Ifindex),
        Some(Nla::U32),
        Some(Nla::Route(RtNla::U64)),
        Some(Nla::Route(RtNla::U64)),
        Some(Nla::Route(RtNla::U64)),
        Some(Nla::Route(RtNla::U64)),
        Some(Nla::Route(RtNla::U64)),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::Route(RtNla::U64)),
        Some(Nla::Route(RtNla::U64)),
        Some(Nla::U32),
        Some(Nla::Route(RtNla::U64)),
        Some(Nla::U32),
        Some(Nla::U32),
        None,
        Some(Nla::Route(RtNla::U64)),
    ],
};

const NDT_CONFIG: RtNla = RtNla::Struct(&[
    ("ndtc_key_len", Ty::U16),
    ("ndtc_entry_size", Ty::U16),
    ("ndtc_entries", Ty::U32),
    ("ndtc_last_flush", Ty::U32),
    ("ndtc_last_rand", Ty::U32),
    ("ndtc_hash_rnd", Ty::U32),
    ("ndtc_hash_mask", Ty::X32),
    ("ndtc_hash_chain_gc", Ty::U32),
    ("ndtc_proxy_qlen", Ty::U32),
]);

const NDT_STATS: RtNla = RtNla::StructMin(
    &[
        ("ndts_allocs", Ty::U64),
        ("ndts_destroys", Ty::U64),
        ("ndts_hash_grows", Ty::U64),
        ("ndts_res_failed", Ty::U64),
        ("ndts_lookups", Ty::U64),
        ("ndts_hits", Ty::U64),
        ("ndts_rcv_probes_mcast", Ty::U64),
        ("ndts_rcv_probes_ucast", Ty::U64),
        ("ndts_periodic_gc_runs", Ty::U64),
        ("ndts_forced_gc_runs", Ty::U64),
        ("ndts_table_fulls", Ty::U64),
    ],
    10,
);

const NDTA: Attrs = Attrs {
    table: RTNL_NEIGHTBL_ATTRS,
    unknown: "NDTA_???",
    decoders: &[
        None,
        Some(Nla::Str),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::Route(NDT_CONFIG)),
        Some(Nla::Nested(&PARMS)),
        Some(Nla::Route(NDT_STATS)),
        Some(Nla::Route(RtNla::U64)),
    ],
};

/// `{ndtm_family=AF_INET}` whatever the length, then its attributes.
pub fn ndtmsg<P: Printer + ?Sized>(p: &mut P, nl: &Nl, family: u8, addr: u64, len: u64) {
    super::route::family_then_attrs(p, nl, ("ndtm_family", family), 4, (addr, len), &NDTA);
}
