//! `struct tcmsg` and `struct tcamsg` with their attributes (strace's `rtnl_tc.c` and
//! `rtnl_tc_action.c`): qdiscs, classes, filters, chains and actions.

use super::attr::{Attrs, Nla};
use super::route::with_struct;
use super::rtnl_nla::{RtNla, Ty};
use super::{ifindex, Nl};
use crate::decode::printer::Printer;
use crate::decode::tables::{
    RTNL_TCA_ACT_FLAGS, RTNL_TCA_ACT_HW_STATS, RTNL_TCA_STAB_ATTRS, RTNL_TCA_STATS_ATTRS,
    RTNL_TC_ACTION_ATTRS, RTNL_TC_ATTRS,
};

const BASIC: RtNla = RtNla::Struct(&[("bytes", Ty::U64), ("packets", Ty::U32)]);
const RATE_EST: RtNla = RtNla::Struct(&[("bps", Ty::U32), ("pps", Ty::U32)]);
const RATE_EST64: RtNla = RtNla::Struct(&[("bps", Ty::U64), ("pps", Ty::U64)]);
const QUEUE: RtNla = RtNla::Struct(&[
    ("qlen", Ty::U32),
    ("backlog", Ty::U32),
    ("drops", Ty::U32),
    ("requeues", Ty::U32),
    ("overlimits", Ty::U32),
]);

/// `TCA_STATS2`'s nested `TCA_STATS_*` attributes (`decode_nla_tc_stats`).
const STATS: Attrs = Attrs {
    table: RTNL_TCA_STATS_ATTRS,
    unknown: "TCA_STATS_???",
    decoders: &[
        None,
        Some(Nla::Route(BASIC)),
        Some(Nla::Route(RATE_EST)),
        Some(Nla::Route(QUEUE)),
        None,
        Some(Nla::Route(RATE_EST64)),
        None,
        Some(Nla::Route(BASIC)),
        Some(Nla::Route(RtNla::U64)),
    ],
};

const STAB: Attrs = Attrs {
    table: RTNL_TCA_STAB_ATTRS,
    unknown: "TCA_STAB_???",
    decoders: &[
        None,
        Some(Nla::Route(RtNla::Struct(&[
            ("cell_log", Ty::U8),
            ("size_log", Ty::U8),
            ("cell_align", Ty::S16),
            ("overhead", Ty::S32),
            ("linklayer", Ty::U32),
            ("mpu", Ty::U32),
            ("mtu", Ty::U32),
            ("tsize", Ty::U32),
        ]))),
        Some(Nla::Route(RtNla::U16Array)),
    ],
};

/// `struct tc_stats` up to `backlog` (it has 4 bytes of padding after).
const TC_STATS: RtNla = RtNla::Struct(&[
    ("bytes", Ty::U64),
    ("packets", Ty::U32),
    ("drops", Ty::U32),
    ("overlimits", Ty::U32),
    ("bps", Ty::U32),
    ("pps", Ty::U32),
    ("qlen", Ty::U32),
    ("backlog", Ty::U32),
]);

const TCA: Attrs = Attrs {
    table: RTNL_TC_ATTRS,
    unknown: "TCA_???",
    decoders: &[
        None,
        Some(Nla::Str),
        None,
        Some(Nla::Route(TC_STATS)),
        None,
        Some(Nla::Route(RtNla::Struct(&[("interval", Ty::S8), ("ewma_log", Ty::U8)]))),
        Some(Nla::U32),
        Some(Nla::Nested(&STATS)),
        Some(Nla::Nested(&STAB)),
        None,
        None,
        Some(Nla::U32),
        Some(Nla::U8),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::U32),
    ],
};

/// `{tcm_family=AF_UNIX, tcm_ifindex=..., tcm_handle=..., tcm_parent=..., tcm_info=...}`, then
/// its attributes.
pub fn tcmsg<P: Printer + ?Sized>(p: &mut P, nl: &Nl, family: u8, addr: u64, len: u64) {
    let rest = |p: &mut P, b: &[u8]| {
        let u32_at = |at: usize| u32::from_ne_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
        p.field("tcm_ifindex");
        ifindex(p, u32_at(4));
        p.field("tcm_handle");
        p.uint(u64::from(u32_at(8)));
        p.field("tcm_parent");
        p.uint(u64::from(u32_at(12)));
        p.field("tcm_info");
        p.uint(u64::from(u32_at(16)));
    };
    with_struct(p, nl, ("tcm_family", family), (addr, len, 20), rest, Some(&TCA));
}

const TCA_ACT: Attrs = Attrs {
    table: RTNL_TC_ACTION_ATTRS,
    unknown: "TCA_ACT_???",
    decoders: &[
        None,
        Some(Nla::Str),
        None,
        Some(Nla::U32),
        Some(Nla::Nested(&STATS)),
        None,
        None,
        Some(Nla::Route(RtNla::Flags { table: RTNL_TCA_ACT_FLAGS, unknown: "TCA_ACT_FLAGS_???", size: 4 })),
        Some(Nla::Route(RtNla::Flags {
            table: RTNL_TCA_ACT_HW_STATS,
            unknown: "TCA_ACT_HW_STATS_???",
            size: 4,
        })),
        Some(Nla::Route(RtNla::Flags {
            table: RTNL_TCA_ACT_HW_STATS,
            unknown: "TCA_ACT_HW_STATS_???",
            size: 4,
        })),
        Some(Nla::U32),
    ],
};

/// `{tca_family=AF_INET}`, then its attributes.
pub fn tcamsg<P: Printer + ?Sized>(p: &mut P, nl: &Nl, family: u8, addr: u64, len: u64) {
    super::route::family_then_attrs(p, nl, ("tca_family", family), 4, (addr, len), &TCA_ACT);
}
