//! Link attributes laid out by address family: `IFLA_AF_SPEC` (nested by family, or the bridge's
//! own attributes for an AF_BRIDGE message), `IFLA_PROTINFO` (by the message's family), and the
//! IPv4/IPv6 attributes in them.

use super::{by, info, route};
use crate::decode::netlink::attr::{self, Attrs, Nla};
use crate::decode::netlink::rtnl_nla::{indexed_array, le, Custom, RtNla, Ty};
use crate::decode::netlink::Nl;
use crate::decode::printer::{Group, Printer};
use crate::decode::tables::{
    IN6_ADDR_GEN_MODE, INET6_DEVCONF_INDICES, INET6_IF_FLAGS, INET_DEVCONF_INDICES, NL_BRIDGE_VLAN_FLAGS,
    RTNL_IFLA_AF_SPEC_BRIDGE_ATTRS, RTNL_IFLA_AF_SPEC_BRIDGE_VLAN_TUNNEL_INFO_ATTRS,
    RTNL_IFLA_AF_SPEC_INET6_ATTRS, RTNL_IFLA_AF_SPEC_INET_ATTRS, RTNL_IFLA_AF_SPEC_MCTP_ATTRS,
    RTNL_IFLA_BRIDGE_FLAGS, RTNL_IFLA_BRIDGE_MODES, SNMP_ICMP6_STATS, SNMP_IP_STATS, SOCKET_DOMAINS,
};

const AF_INET: usize = libc::AF_INET as usize;
const AF_INET6: usize = libc::AF_INET6 as usize;
const AF_BRIDGE: u8 = libc::AF_BRIDGE as u8;
const AF_MCTP: usize = 45;

/// IPv6 link attributes (`IFLA_INET6_*`).
pub const INET6: Attrs = Attrs {
    table: RTNL_IFLA_AF_SPEC_INET6_ATTRS,
    unknown: "IFLA_INET6_???",
    decoders: &[
        None,
        route(RtNla::Flags { table: INET6_IF_FLAGS, unknown: "IF_???", size: 4 }),
        by(Custom::Inet6Conf),
        by(Custom::Inet6Stats),
        None,
        route(RtNla::Struct(&[
            ("max_reasm_len", Ty::U32),
            ("tstamp", Ty::U32),
            ("reachable_time", Ty::U32),
            ("retrans_time", Ty::U32),
        ])),
        by(Custom::Icmp6Stats),
        route(RtNla::In6Addr),
        Some(Nla::Xval { table: IN6_ADDR_GEN_MODE, unknown: "IN6_ADDR_GEN_MODE_???", size: 1 }),
        Some(Nla::U32),
    ],
};

const INET: Attrs = Attrs {
    table: RTNL_IFLA_AF_SPEC_INET_ATTRS,
    unknown: "IFLA_INET_???",
    decoders: &[None, by(Custom::InetConf)],
};

const MCTP: Attrs = Attrs {
    table: RTNL_IFLA_AF_SPEC_MCTP_ATTRS,
    unknown: "IFLA_MCTP_???",
    decoders: &[None, Some(Nla::U32)],
};

/// `IFLA_AF_SPEC` of a non-bridge message: attributes typed by address family.
const BY_FAMILY: Attrs = Attrs {
    table: SOCKET_DOMAINS,
    unknown: "AF_???",
    decoders: &{
        let mut table = [None; AF_MCTP + 1];
        table[AF_INET] = Some(Nla::Nested(&INET));
        table[AF_INET6] = Some(Nla::Nested(&INET6));
        table[AF_MCTP] = Some(Nla::Nested(&MCTP));
        table
    },
};

const VLAN_FLAGS: RtNla =
    RtNla::Flags { table: NL_BRIDGE_VLAN_FLAGS, unknown: "BRIDGE_VLAN_INFO_???", size: 2 };

const VLAN_TUNNEL_INFO: Attrs = Attrs {
    table: RTNL_IFLA_AF_SPEC_BRIDGE_VLAN_TUNNEL_INFO_ATTRS,
    unknown: "IFLA_BRIDGE_VLAN_TUNNEL_???",
    decoders: &[None, Some(Nla::U32), Some(Nla::U16), route(VLAN_FLAGS)],
};

const BRIDGE: Attrs = Attrs {
    table: RTNL_IFLA_AF_SPEC_BRIDGE_ATTRS,
    unknown: "IFLA_BRIDGE_???",
    decoders: &[
        route(RtNla::Flags { table: RTNL_IFLA_BRIDGE_FLAGS, unknown: "BRIDGE_FLAGS_???", size: 2 }),
        Some(Nla::Xval { table: RTNL_IFLA_BRIDGE_MODES, unknown: "BRIDGE_MODE_???", size: 2 }),
        by(Custom::BridgeVlanInfo),
        Some(Nla::Nested(&VLAN_TUNNEL_INFO)),
    ],
};

/// `IFLA_AF_SPEC`.
pub fn af_spec<P: Printer + ?Sized>(p: &mut P, nl: &Nl, addr: u64, len: u64) -> bool {
    let attrs = if nl.msg_family == AF_BRIDGE { &BRIDGE } else { &BY_FAMILY };
    attr::decode(p, nl, addr, len, attrs);
    true
}

/// `IFLA_PROTINFO`: bridge port attributes for AF_BRIDGE, IPv6 ones for AF_INET6, else hex.
pub fn protinfo<P: Printer + ?Sized>(p: &mut P, nl: &Nl, addr: u64, len: u64) -> bool {
    match nl.msg_family {
        AF_BRIDGE => attr::decode(p, nl, addr, len, &info::BRPORT),
        f if usize::from(f) == AF_INET6 => attr::decode(p, nl, addr, len, &INET6),
        _ => nl.hex(p, addr, len),
    }
    true
}

/// The arrays indexed by named constants: devconf values and SNMP counters.
pub fn indexed<P: Printer + ?Sized>(p: &mut P, nl: &Nl, which: Custom, addr: u64, len: u64) -> bool {
    match which {
        Custom::Inet6Conf => {
            indexed_array(p, nl, (addr, len, 4), (INET6_DEVCONF_INDICES, "DEVCONF_???", ""), true)
        }
        Custom::InetConf => {
            indexed_array(p, nl, (addr, len, 4), (INET_DEVCONF_INDICES, "IPV4_DEVCONF_???", "-1"), true)
        }
        Custom::Inet6Stats => {
            indexed_array(p, nl, (addr, len, 8), (SNMP_IP_STATS, "IPSTATS_MIB_???", ""), false)
        }
        _ => indexed_array(p, nl, (addr, len, 8), (SNMP_ICMP6_STATS, "ICMP6_MIB_???", ""), false),
    }
}

/// `struct bridge_vlan_info`: `{flags=..., vid=...}`, then any bytes after it in hex.
pub fn bridge_vlan_info<P: Printer + ?Sized>(p: &mut P, nl: &Nl, addr: u64, len: u64) -> bool {
    if len < 4 {
        return false;
    }
    let Some(b) = nl.fetch(p, addr, 4) else { return true };
    p.open(Group::Struct);
    p.field("flags");
    p.flags(le(&b[0..2]), &[NL_BRIDGE_VLAN_FLAGS], Some("BRIDGE_VLAN_INFO_???"));
    p.field("vid");
    p.uint(le(&b[2..4]));
    p.close();
    if len > 4 {
        nl.hex(p, addr + 4, len - 4);
    }
    true
}
