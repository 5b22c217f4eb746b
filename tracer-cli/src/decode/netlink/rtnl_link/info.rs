//! `IFLA_LINKINFO` (its data decoded by the link's kind), bridge ports, virtual functions
//! (`IFLA_VFINFO_LIST`), ports (`IFLA_VF_PORTS`, `IFLA_PORT_SELF`) and `IFLA_XDP`.

use super::{by, only, route};
use crate::decode::netlink::attr::{self, Attrs, Nla};
use crate::decode::netlink::rtnl_nla::{le, mac_field, Custom, RtNla, Ty};
use crate::decode::netlink::Nl;
use crate::decode::printer::{Group, Printer, Quote};
use crate::decode::tables::{
    ETHERNET_PROTOCOLS, RTNL_IFLA_BRPORT_ATTRS, RTNL_IFLA_BR_MCAST_QUERIER_ATTRS, RTNL_IFLA_INFO_ATTRS,
    RTNL_IFLA_INFO_DATA_BRIDGE_ATTRS, RTNL_IFLA_INFO_DATA_TUN_ATTRS, RTNL_IFLA_PORT_ATTRS,
    RTNL_IFLA_VFINFO_LIST_ATTRS, RTNL_IFLA_VF_INFO_ATTRS, RTNL_IFLA_VF_LINK_STATES, RTNL_IFLA_VF_PORT_ATTRS,
    RTNL_IFLA_VF_STATS_ATTRS, RTNL_IFLA_VF_VLAN_LIST_ATTRS, RTNL_IFLA_XDP_ATTACHED_MODE, RTNL_IFLA_XDP_ATTRS,
    TUN_DEVICE_TYPES, XDP_FLAGS,
};
use crate::decode::xlat::xval;

const U8: Option<Nla> = Some(Nla::U8);
const U16: Option<Nla> = Some(Nla::U16);
const U32: Option<Nla> = Some(Nla::U32);
const CLOCK: Option<Nla> = Some(Nla::ClockT);

/// Bridge port attributes (`IFLA_BRPORT_*`).
pub const BRPORT: Attrs = Attrs {
    table: RTNL_IFLA_BRPORT_ATTRS,
    unknown: "IFLA_BRPORT_???",
    decoders: &[
        None,
        U8,
        U16,
        U32,
        U8,
        U8,
        U8,
        U8,
        U8,
        U8,
        U8,
        U8,
        U8,
        by(Custom::BridgeId),
        by(Custom::BridgeId),
        U16,
        U16,
        U16,
        U16,
        U8,
        U8,
        CLOCK,
        CLOCK,
        CLOCK,
        None,
        U8,
        None,
        U8,
        U8,
        U8,
        U8,
        route(RtNla::X16),
        U8,
        U8,
        Some(Nla::Ifindex),
        U8,
        U8,
        U32,
        U32,
        U8,
    ],
};

const QUERIER: Attrs = Attrs {
    table: RTNL_IFLA_BR_MCAST_QUERIER_ATTRS,
    unknown: "BRIDGE_QUERIER_???",
    decoders: &[
        None,
        route(RtNla::InAddr),
        Some(Nla::Ifindex),
        CLOCK,
        None,
        route(RtNla::In6Addr),
        Some(Nla::Ifindex),
        CLOCK,
    ],
};

const BRIDGE_DATA: Attrs = Attrs {
    table: RTNL_IFLA_INFO_DATA_BRIDGE_ATTRS,
    unknown: "IFLA_BR_???",
    decoders: &[
        None,
        CLOCK,
        CLOCK,
        CLOCK,
        CLOCK,
        U32,
        U16,
        U8,
        route(RtNla::EtherProto),
        route(RtNla::X16),
        by(Custom::BridgeId),
        by(Custom::BridgeId),
        U16,
        U32,
        U8,
        U8,
        CLOCK,
        CLOCK,
        CLOCK,
        CLOCK,
        route(RtNla::HwAddr),
        None,
        U8,
        U8,
        U8,
        U8,
        U32,
        U32,
        U32,
        U32,
        CLOCK,
        CLOCK,
        CLOCK,
        CLOCK,
        CLOCK,
        CLOCK,
        U8,
        U8,
        U8,
        U16,
        None,
        U8,
        U8,
        U8,
        U8,
        U8,
        by(Custom::BrBoolopt),
        Some(Nla::Nested(&QUERIER)),
    ],
};

const TUN_DATA: Attrs = Attrs {
    table: RTNL_IFLA_INFO_DATA_TUN_ATTRS,
    unknown: "IFLA_TUN_???",
    decoders: &[
        None,
        Some(Nla::Uid),
        Some(Nla::Uid),
        Some(Nla::Xval { table: TUN_DEVICE_TYPES, unknown: "IFF_???", size: 1 }),
        U8,
        U8,
        U8,
        U8,
        U32,
        U32,
    ],
};

const CAN_STATS: RtNla = RtNla::Struct(&[
    ("bus_error", Ty::U32),
    ("error_warning", Ty::U32),
    ("error_passive", Ty::U32),
    ("bus_off", Ty::U32),
    ("arbitration_lost", Ty::U32),
    ("restarts", Ty::U32),
]);

/// The decoder tables of IFLA_LINKINFO: by kind (none, bridge, tun, can) times slave kind (none,
/// bridge).
const LINKINFO_TABLES: [[Option<Nla>; 6]; 8] = {
    let str = route(RtNla::Str0);
    let bridge = Some(Nla::Nested(&BRIDGE_DATA));
    let tun = Some(Nla::Nested(&TUN_DATA));
    let can = route(CAN_STATS);
    let slave = Some(Nla::Nested(&BRPORT));
    [
        [None, str, None, None, str, None],
        [None, str, bridge, None, str, None],
        [None, str, tun, None, str, None],
        [None, str, None, can, str, None],
        [None, str, None, None, str, slave],
        [None, str, bridge, None, str, slave],
        [None, str, tun, None, str, slave],
        [None, str, None, can, str, slave],
    ]
};

const LINKINFO: [Attrs; 8] = {
    [
        Attrs { table: RTNL_IFLA_INFO_ATTRS, unknown: "IFLA_INFO_???", decoders: &LINKINFO_TABLES[0] },
        Attrs { table: RTNL_IFLA_INFO_ATTRS, unknown: "IFLA_INFO_???", decoders: &LINKINFO_TABLES[1] },
        Attrs { table: RTNL_IFLA_INFO_ATTRS, unknown: "IFLA_INFO_???", decoders: &LINKINFO_TABLES[2] },
        Attrs { table: RTNL_IFLA_INFO_ATTRS, unknown: "IFLA_INFO_???", decoders: &LINKINFO_TABLES[3] },
        Attrs { table: RTNL_IFLA_INFO_ATTRS, unknown: "IFLA_INFO_???", decoders: &LINKINFO_TABLES[4] },
        Attrs { table: RTNL_IFLA_INFO_ATTRS, unknown: "IFLA_INFO_???", decoders: &LINKINFO_TABLES[5] },
        Attrs { table: RTNL_IFLA_INFO_ATTRS, unknown: "IFLA_INFO_???", decoders: &LINKINFO_TABLES[6] },
        Attrs { table: RTNL_IFLA_INFO_ATTRS, unknown: "IFLA_INFO_???", decoders: &LINKINFO_TABLES[7] },
    ]
};

/// `IFLA_LINKINFO`: its `IFLA_INFO_KIND` and `IFLA_INFO_SLAVE_KIND` strings (strace keeps them only
/// when shorter than 16 bytes and NUL-terminated) choose how the data attributes are decoded.
fn linkinfo_data<P: Printer + ?Sized>(p: &mut P, nl: &Nl, addr: u64, len: u64) -> bool {
    const IFLA_INFO_KIND: u16 = 1;
    const IFLA_INFO_SLAVE_KIND: u16 = 4;
    let (mut kind, mut slave): (&[u8], &[u8]) = (b"", b"");
    let mut at = 0u64;
    while at + 4 <= len {
        let Some(h) = nl.mem.get(addr + at, 4) else { break };
        let nla_len = u64::from(u16::from_ne_bytes([h[0], h[1]]));
        let nla_type = u16::from_ne_bytes([h[2], h[3]]) & 0x3fff;
        if nla_len < 4 {
            break;
        }
        let data_len = nla_len.min(len - at) - 4;
        if nla_type == IFLA_INFO_KIND || nla_type == IFLA_INFO_SLAVE_KIND {
            let text = nl
                .mem
                .get(addr + at + 4, data_len)
                .filter(|d| d.len() < 16)
                .and_then(|d| d.iter().position(|&c| c == 0).map(|end| &d[..end]))
                .unwrap_or(b"");
            if nla_type == IFLA_INFO_KIND {
                kind = text;
            } else {
                slave = text;
            }
        }
        at += (nla_len + 3) & !3;
    }
    let by_kind = match kind {
        b"bridge" => 1,
        b"tun" => 2,
        b"can" => 3,
        _ => 0,
    };
    let by_slave = if slave == b"bridge" { 4 } else { 0 };
    attr::decode(p, nl, addr, len, &LINKINFO[by_kind + by_slave]);
    true
}

const VF_STATS: Attrs = Attrs {
    table: RTNL_IFLA_VF_STATS_ATTRS,
    unknown: "IFLA_VF_STATS_???",
    decoders: &[
        route(RtNla::U64),
        route(RtNla::U64),
        route(RtNla::U64),
        route(RtNla::U64),
        route(RtNla::U64),
        route(RtNla::U64),
        None,
        route(RtNla::U64),
        route(RtNla::U64),
    ],
};

const VF_VLAN_LIST: Attrs = Attrs {
    table: RTNL_IFLA_VF_VLAN_LIST_ATTRS,
    unknown: "IFLA_VF_VLAN_INFO_???",
    decoders: &[None, by(Custom::VfVlanInfo)],
};

const VF_SETTING: Option<Nla> = route(RtNla::Struct(&[("vf", Ty::U32), ("setting", Ty::U32)]));

const VF_INFO: Attrs = Attrs {
    table: RTNL_IFLA_VF_INFO_ATTRS,
    unknown: "IFLA_VF_???",
    decoders: &[
        None,
        by(Custom::VfMac),
        route(RtNla::Struct(&[("vf", Ty::U32), ("vlan", Ty::U32), ("qos", Ty::U32)])),
        route(RtNla::Struct(&[("vf", Ty::U32), ("rate", Ty::U32)])),
        VF_SETTING,
        by(Custom::VfLinkState),
        route(RtNla::Struct(&[("vf", Ty::U32), ("min_tx_rate", Ty::U32), ("max_tx_rate", Ty::U32)])),
        VF_SETTING,
        Some(Nla::Nested(&VF_STATS)),
        VF_SETTING,
        by(Custom::VfGuid),
        by(Custom::VfGuid),
        Some(Nla::Nested(&VF_VLAN_LIST)),
        by(Custom::VfBroadcast),
    ],
};

/// `IFLA_VFINFO_LIST`.
pub const VFINFO_LIST: Attrs = Attrs {
    table: RTNL_IFLA_VFINFO_LIST_ATTRS,
    unknown: "IFLA_VF_INFO_???",
    decoders: &[None, Some(Nla::Nested(&VF_INFO))],
};

/// A port's attributes (`IFLA_PORT_SELF`, each of `IFLA_VF_PORTS`).
pub const PORT: Attrs = Attrs {
    table: RTNL_IFLA_PORT_ATTRS,
    unknown: "IFLA_VF_PORT_???",
    decoders: &[None, U32, Some(Nla::Str), by(Custom::PortVsi), None, None, U8, U16],
};

/// `IFLA_VF_PORTS`.
pub const VF_PORTS: Attrs = Attrs {
    table: RTNL_IFLA_VF_PORT_ATTRS,
    unknown: "IFLA_VF_PORT_???",
    decoders: &only::<2>(1, Nla::Nested(&PORT)),
};

/// `IFLA_XDP`.
pub const XDP: Attrs = Attrs {
    table: RTNL_IFLA_XDP_ATTRS,
    unknown: "IFLA_XDP_???",
    decoders: &[
        None,
        Some(Nla::Fd),
        Some(Nla::Xval { table: RTNL_IFLA_XDP_ATTACHED_MODE, unknown: "XDP_ATTACHED_???", size: 1 }),
        route(RtNla::Fixed { table: XDP_FLAGS, unknown: "XDP_FLAGS_???", size: 4, flags: true }),
        U32,
        U32,
        U32,
        U32,
        Some(Nla::Fd),
    ],
};

/// `1<<BR_BOOLOPT_*` (strace's `rtnl_ifla_br_boolopt_flags`; its names are not C names, so not
/// in xlat.txt).
const BR_BOOLOPT_FLAGS: &[(u64, &str)] = &[
    (1, "1<<BR_BOOLOPT_NO_LL_LEARN"),
    (2, "1<<BR_BOOLOPT_MCAST_VLAN_SNOOPING"),
    (4, "1<<BR_BOOLOPT_MST_ENABLE"),
];

/// The decoders of `custom` that this module holds.
pub fn custom<P: Printer + ?Sized>(p: &mut P, nl: &Nl, custom: Custom, addr: u64, len: u64) -> bool {
    let size = match custom {
        Custom::LinkInfo => return linkinfo_data(p, nl, addr, len),
        Custom::VfGuid if len != 12 && len != 16 => return false,
        Custom::VfGuid => len,
        Custom::BridgeId | Custom::BrBoolopt | Custom::PortVsi | Custom::VfLinkState => 8,
        Custom::VfMac => 36,
        Custom::VfBroadcast => 32,
        Custom::VfVlanInfo => 16,
        _ => return false,
    };
    if len < size {
        return false;
    }
    let Some(b) = nl.fetch(p, addr, size) else { return true };
    p.open(Group::Struct);
    match custom {
        Custom::BridgeId => {
            p.field("prio");
            p.open(Group::Array);
            p.uint(u64::from(b[0]));
            p.uint(u64::from(b[1]));
            p.close();
            mac_field(p, "addr", &b[2..8]);
        }
        Custom::BrBoolopt => {
            p.field("optval");
            p.flags(le(&b[0..4]), &[BR_BOOLOPT_FLAGS], Some("1<<BR_BOOLOPT_???"));
            p.field("optmask");
            p.flags(le(&b[4..8]), &[BR_BOOLOPT_FLAGS], Some("1<<BR_BOOLOPT_???"));
        }
        Custom::PortVsi => {
            p.field("vsi_mgr_id");
            p.uint(u64::from(b[0]));
            p.field("vsi_type_id");
            p.str(&b[1..4], Quote::Hex, false);
            p.field("vsi_type_version");
            p.uint(u64::from(b[4]));
            if b[5..8].iter().any(|&x| x != 0) {
                p.field("pad");
                p.str(&b[5..8], Quote::Hex, false);
            }
        }
        Custom::VfLinkState => {
            p.field("vf");
            p.uint(le(&b[0..4]));
            p.field("link_state");
            xval(p, RTNL_IFLA_VF_LINK_STATES, le(&b[4..8]), "IFLA_VF_LINK_STATE_???");
        }
        Custom::VfMac => {
            p.field("vf");
            p.uint(le(&b[0..4]));
            mac_field(p, "mac", &b[4..36]);
        }
        Custom::VfBroadcast => mac_field(p, "broadcast", b),
        Custom::VfGuid => {
            p.field("vf");
            p.uint(le(&b[0..4]));
            p.field("guid");
            p.hex(le(&b[b.len() - 8..]));
        }
        _ => {
            p.field("vf");
            p.uint(le(&b[0..4]));
            p.field("vlan");
            p.uint(le(&b[4..8]));
            p.field("qos");
            p.uint(le(&b[8..12]));
            p.field("vlan_proto");
            p.open(Group::Call("htons"));
            xval(p, ETHERNET_PROTOCOLS, u64::from(u16::from_be_bytes([b[12], b[13]])), "ETH_P_???");
            p.close();
        }
    }
    p.close();
    true
}
