//! `struct ifinfomsg` and its `IFLA_*` attributes (strace's `rtnl_link.c`): RTM_{NEW,DEL,GET,SET}LINK
//! (and RTM_GETNEIGH of AF_BRIDGE).
//!
//! Here: the message and its attribute table. `af`: the attributes whose layout depends on an
//! address family (`IFLA_AF_SPEC`, `IFLA_PROTINFO`). `info`: `IFLA_LINKINFO`, virtual functions,
//! ports and XDP.

mod af;
mod info;

use super::attr::{Attrs, Nla};
use super::route::with_struct;
use super::rtnl_nla::{le, Custom, RtNla, Ty};
use super::{ifindex, Nl};
use crate::decode::printer::Printer;
use crate::decode::tables::{
    ARP_HARDWARE_TYPES, IFFFLAGS, RTNL_IFLA_EVENTS, RTNL_IFLA_EXT_FILTER_FLAGS,
    RTNL_IFLA_PROTO_DOWN_REASON_ATTRS, RTNL_LINK_ATTRS,
};
use crate::decode::xlat::xval;

/// `struct rtnl_link_stats`: the short form ends at `tx_compressed`.
const LINK_STATS: RtNla = RtNla::StructMin(
    &[
        ("rx_packets", Ty::U32),
        ("tx_packets", Ty::U32),
        ("rx_bytes", Ty::U32),
        ("tx_bytes", Ty::U32),
        ("rx_errors", Ty::U32),
        ("tx_errors", Ty::U32),
        ("rx_dropped", Ty::U32),
        ("tx_dropped", Ty::U32),
        ("multicast", Ty::U32),
        ("collisions", Ty::U32),
        ("rx_length_errors", Ty::U32),
        ("rx_over_errors", Ty::U32),
        ("rx_crc_errors", Ty::U32),
        ("rx_frame_errors", Ty::U32),
        ("rx_fifo_errors", Ty::U32),
        ("rx_missed_errors", Ty::U32),
        ("tx_aborted_errors", Ty::U32),
        ("tx_carrier_errors", Ty::U32),
        ("tx_fifo_errors", Ty::U32),
        ("tx_heartbeat_errors", Ty::U32),
        ("tx_window_errors", Ty::U32),
        ("rx_compressed", Ty::U32),
        ("tx_compressed", Ty::U32),
        ("rx_nohandler", Ty::U32),
    ],
    23,
);

/// `struct rtnl_link_stats64`'s fields up to `tx_compressed` (the short form).
const STATS64_FIELDS: [(&str, Ty); 25] = [
    ("rx_packets", Ty::U64),
    ("tx_packets", Ty::U64),
    ("rx_bytes", Ty::U64),
    ("tx_bytes", Ty::U64),
    ("rx_errors", Ty::U64),
    ("tx_errors", Ty::U64),
    ("rx_dropped", Ty::U64),
    ("tx_dropped", Ty::U64),
    ("multicast", Ty::U64),
    ("collisions", Ty::U64),
    ("rx_length_errors", Ty::U64),
    ("rx_over_errors", Ty::U64),
    ("rx_crc_errors", Ty::U64),
    ("rx_frame_errors", Ty::U64),
    ("rx_fifo_errors", Ty::U64),
    ("rx_missed_errors", Ty::U64),
    ("tx_aborted_errors", Ty::U64),
    ("tx_carrier_errors", Ty::U64),
    ("tx_fifo_errors", Ty::U64),
    ("tx_heartbeat_errors", Ty::U64),
    ("tx_window_errors", Ty::U64),
    ("rx_compressed", Ty::U64),
    ("tx_compressed", Ty::U64),
    ("rx_nohandler", Ty::U64),
    ("rx_otherhost_dropped", Ty::U64),
];

/// `struct rtnl_link_stats64` (`decode_nla_rtnl_link_stats64`): three sizes.
pub const LINK_STATS64: RtNla = RtNla::Custom(Custom::LinkStats64);

/// `struct rtnl_link_stats64` of `len` bytes: the short form, with `rx_nohandler`, or all.
pub fn link_stats64<P: Printer + ?Sized>(p: &mut P, nl: &Nl, addr: u64, len: u64) -> bool {
    let n = if len >= 25 * 8 {
        25
    } else if len == 24 * 8 {
        24
    } else if len == 23 * 8 {
        23
    } else {
        return false;
    };
    if let Some(b) = nl.fetch(p, addr, n as u64 * 8) {
        super::rtnl_nla::print_fields(p, &STATS64_FIELDS[..n], b);
    }
    true
}

const IFMAP: RtNla = RtNla::Struct(&[
    ("mem_start", Ty::X64),
    ("mem_end", Ty::X64),
    ("base_addr", Ty::X64),
    ("irq", Ty::U16),
    ("dma", Ty::U8),
    ("port", Ty::U8),
]);

const PROTO_DOWN_REASON: Attrs = Attrs {
    table: RTNL_IFLA_PROTO_DOWN_REASON_ATTRS,
    unknown: "IFLA_PROTO_DOWN_REASON_???",
    decoders: &[None, Some(Nla::Route(RtNla::X32)), Some(Nla::Route(RtNla::X32))],
};

/// `IFLA_PROP_LIST`: `IFLA_*` attributes of which only `IFLA_ALT_IFNAME` is decoded.
const PROP_LIST: Attrs =
    Attrs { table: RTNL_LINK_ATTRS, unknown: "IFLA_???", decoders: &only::<54>(53, Nla::Str) };

/// A decoder table of `N` entries with one decoder, at `at`.
pub const fn only<const N: usize>(at: usize, kind: Nla) -> [Option<Nla>; N] {
    let mut table = [None; N];
    table[at] = Some(kind);
    table
}

const fn route(kind: RtNla) -> Option<Nla> {
    Some(Nla::Route(kind))
}

const fn by(kind: Custom) -> Option<Nla> {
    Some(Nla::Route(RtNla::Custom(kind)))
}

const IFLA: Attrs = Attrs {
    table: RTNL_LINK_ATTRS,
    unknown: "IFLA_???",
    decoders: &[
        None,
        route(RtNla::HwAddrFamily),
        route(RtNla::HwAddrFamily),
        Some(Nla::Str),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::Str),
        route(LINK_STATS),
        None,
        None,
        Some(Nla::U32),
        None,
        by(Custom::LinkProtinfo),
        Some(Nla::U32),
        route(IFMAP),
        Some(Nla::U32),
        Some(Nla::U8),
        Some(Nla::U8),
        by(Custom::LinkInfo),
        Some(Nla::U32),
        Some(Nla::Str),
        Some(Nla::U32),
        Some(Nla::Nested(&info::VFINFO_LIST)),
        route(LINK_STATS64),
        Some(Nla::Nested(&info::VF_PORTS)),
        Some(Nla::Nested(&info::PORT)),
        by(Custom::LinkAfSpec),
        Some(Nla::U32),
        Some(Nla::Fd),
        route(RtNla::Flags { table: RTNL_IFLA_EXT_FILTER_FLAGS, unknown: "RTEXT_FILTER_???", size: 4 }),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::U8),
        None,
        Some(Nla::U32),
        None,
        Some(Nla::S32),
        Some(Nla::Str),
        Some(Nla::U8),
        Some(Nla::U32),
        Some(Nla::U32),
        None,
        Some(Nla::Nested(&info::XDP)),
        route(RtNla::Fixed { table: RTNL_IFLA_EVENTS, unknown: "IFLA_EVENT_???", size: 4, flags: false }),
        Some(Nla::S32),
        Some(Nla::S32),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::Ifindex),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::Nested(&PROP_LIST)),
        Some(Nla::Str),
        route(RtNla::HwAddrFamily),
        Some(Nla::Nested(&PROTO_DOWN_REASON)),
        Some(Nla::Str),
        Some(Nla::Str),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::U32),
    ],
};

/// `{ifi_family=AF_UNIX, ifi_type=ARPHRD_..., ifi_index=..., ifi_flags=..., ifi_change=0x...}`,
/// then its attributes.
pub fn ifinfomsg<P: Printer + ?Sized>(p: &mut P, nl: &Nl, family: u8, addr: u64, len: u64) {
    let rest = |p: &mut P, b: &[u8]| {
        p.field("ifi_type");
        xval(p, ARP_HARDWARE_TYPES, le(&b[2..4]), "ARPHRD_???");
        p.field("ifi_index");
        ifindex(p, le(&b[4..8]) as u32);
        p.field("ifi_flags");
        p.flags(le(&b[8..12]), &[IFFFLAGS], Some("IFF_???"));
        p.field("ifi_change");
        p.hex(le(&b[12..16]));
    };
    let nl = Nl { msg_family: family, ..*nl };
    with_struct(p, &nl, ("ifi_family", family), (addr, len, 16), rest, Some(&IFLA));
}

/// The link decoders of `custom`.
pub fn custom<P: Printer + ?Sized>(p: &mut P, nl: &Nl, custom: Custom, addr: u64, len: u64) -> bool {
    match custom {
        Custom::LinkAfSpec => af::af_spec(p, nl, addr, len),
        Custom::LinkProtinfo => af::protinfo(p, nl, addr, len),
        Custom::Inet6Conf | Custom::Inet6Stats | Custom::Icmp6Stats | Custom::InetConf => {
            af::indexed(p, nl, custom, addr, len)
        }
        Custom::BridgeVlanInfo => af::bridge_vlan_info(p, nl, addr, len),
        Custom::LinkStats64 => link_stats64(p, nl, addr, len),
        _ => info::custom(p, nl, custom, addr, len),
    }
}
