//! NETLINK_ROUTE messages (strace's `decode_netlink_route` and its `rtnl_*.c`): the message's
//! struct by type, then its attributes. Types tracer has no decoder for print as strace prints a
//! type it has none for: `{family=AF_INET, data="\x..."}`.

use super::attr::{self, Attrs, Nla};
use super::types::NLMSG_DONE;
use super::{align4, ifindex, Header, Nl};
use crate::decode::printer::{Group, Printer};
use crate::decode::tables::{
    DCB_COMMANDS, RTNL_ADDRLABEL_ATTRS, RTNL_DCB_ATTRS, RTNL_FAMILY, RTNL_IP6MRA_CREPORT_ATTR,
    RTNL_IP6MRA_MSG_TYPES, RTNL_IPMRA_CREPORT_ATTR, RTNL_IPMRA_MSG_TYPES, RTNL_NETCONF_ATTRS,
    RTNL_NSID_ATTRS, SOCKET_DOMAINS,
};
use crate::decode::xlat::{xval, xvals};
use crate::decode::Fmt;

/// A route message's payload; false when strace leaves it to the common decoding (`NLMSG_DONE`).
pub fn decode<P: Printer + ?Sized>(p: &mut P, nl: &Nl, header: &Header, addr: u64, len: u64) -> bool {
    if header.kind == NLMSG_DONE {
        return false;
    }
    let Some(&[family]) = nl.fetch(p, addr, 1) else { return true };
    match header.kind {
        0x10..=0x13 => super::rtnl_link::ifinfomsg(p, nl, family, addr, len),
        0x14..=0x16 | 0x3a | 0x3e => super::rtnl_addr::ifaddrmsg(p, nl, family, addr, len),
        0x18..=0x1a => super::rtnl_route::rtmsg(p, nl, family, addr, len),
        // RTM_GETNEIGH of AF_BRIDGE is a link message.
        0x1e if i32::from(family) == libc::AF_BRIDGE => super::rtnl_link::ifinfomsg(p, nl, family, addr, len),
        0x1c..=0x1e => super::rtnl_neigh::ndmsg(p, nl, family, addr, len),
        0x20..=0x22 => super::rtnl_route::fib_rule_hdr(p, nl, family, addr, len),
        0x24..=0x26 | 0x28..=0x2a | 0x2c..=0x2e | 0x64..=0x66 => {
            super::rtnl_tc::tcmsg(p, nl, family, addr, len)
        }
        0x30..=0x32 => super::rtnl_tc::tcamsg(p, nl, family, addr, len),
        0x40 | 0x42 | 0x43 => super::rtnl_neigh::ndtmsg(p, nl, family, addr, len),
        0x5c | 0x5e => super::rtnl_stats::ifstatsmsg(p, nl, family, addr, len),
        0x48..=0x4a => addrlabel(p, nl, family, addr, len),
        0x4e | 0x4f => dcb(p, nl, family, addr, len),
        0x50..=0x52 => family_then_attrs(p, nl, ("ncm_family", family), 1, (addr, len), &NETCONF),
        0x54..=0x56 => super::rtnl_mdb::br_port_msg(p, nl, family, addr, len),
        0x60 => cachereport(p, nl, family, addr, len),
        0x68..=0x6a => super::rtnl_nh::nhmsg(p, nl, family, addr, len),
        0x58..=0x5a => family_then_attrs(p, nl, ("rtgen_family", family), 1, (addr, len), &NSID),
        _ => family_data(p, nl, family, addr, len),
    }
    true
}

/// `{family=AF_INET, data="\x..."}`: a message strace has no decoder for.
pub fn family_data<P: Printer + ?Sized>(p: &mut P, nl: &Nl, family: u8, addr: u64, len: u64) {
    p.open(Group::Struct);
    p.field("family");
    xval(p, SOCKET_DOMAINS, u64::from(family), "AF_???");
    if len > 1 {
        p.field("data");
        nl.hex(p, addr + 1, len - 1);
    }
    p.close();
}

/// A message whose struct is its family alone (`rtgenmsg`, `netconfmsg`: 1 byte; `ndtmsg`,
/// `tcamsg`: 4 bytes with padding), then attributes.
pub(super) fn family_then_attrs<P: Printer + ?Sized>(
    p: &mut P,
    nl: &Nl,
    (field, family): (&str, u8),
    struct_len: u32,
    (addr, len): (u64, u64),
    attrs: &Attrs,
) {
    p.open(Group::Struct);
    p.field(field);
    xval(p, SOCKET_DOMAINS, u64::from(family), "AF_???");
    p.close();
    let offset = u64::from(align4(struct_len));
    if len > offset {
        attr::decode(p, nl, addr + offset, len - offset, attrs);
    }
}

/// The common shape of a route message (strace's `rtnl_*` decoders): `{FAMILY_FIELD=AF_..., the
/// rest}` where the rest, `size` bytes in all, is printed by `rest` from the whole struct's bytes
/// when the message holds it (`...` when it is shorter, the address when it cannot be read); then
/// the attributes after it, when the struct was printed.
pub fn with_struct<P: Printer + ?Sized>(
    p: &mut P,
    nl: &Nl,
    (field, family): (&str, u8),
    (addr, len, size): (u64, u64, u64),
    rest: impl FnOnce(&mut P, &[u8]),
    attrs: Option<&Attrs>,
) {
    p.open(Group::Struct);
    p.field(field);
    xval(p, SOCKET_DOMAINS, u64::from(family), "AF_???");
    let mut decoded = false;
    if len >= size {
        match nl.mem.get(addr, size) {
            Some(bytes) => {
                rest(p, bytes);
                decoded = true;
            }
            None => p.addr(addr + 1),
        }
    } else {
        p.more();
    }
    p.close();
    let offset = (size + 3) & !3;
    if let Some(attrs) = attrs.filter(|_| decoded && len > offset) {
        attr::decode(p, nl, addr + offset, len - offset, attrs);
    }
}

const NSID: Attrs = Attrs {
    table: RTNL_NSID_ATTRS,
    unknown: "NETNSA_???",
    decoders: &[None, Some(Nla::S32), Some(Nla::U32), Some(Nla::Fd), Some(Nla::S32), Some(Nla::S32)],
};

const NETCONF: Attrs = Attrs {
    table: RTNL_NETCONF_ATTRS,
    unknown: "NETCONFA_???",
    decoders: &[
        None,
        Some(Nla::Ifindex),
        Some(Nla::S32),
        Some(Nla::S32),
        Some(Nla::S32),
        Some(Nla::S32),
        Some(Nla::S32),
        Some(Nla::S32),
        Some(Nla::S32),
    ],
};

const DCB: Attrs = Attrs { table: RTNL_DCB_ATTRS, unknown: "DCB_ATTR_???", decoders: &[] };

/// `struct dcbmsg`: `{dcb_family=AF_UNIX, cmd=DCB_CMD_GSTATE}`.
fn dcb<P: Printer + ?Sized>(p: &mut P, nl: &Nl, family: u8, addr: u64, len: u64) {
    let rest = |p: &mut P, b: &[u8]| {
        p.field("cmd");
        xval(p, DCB_COMMANDS, u64::from(b[1]), "DCB_CMD_???");
    };
    with_struct(p, nl, ("dcb_family", family), (addr, len, 4), rest, Some(&DCB));
}

const ADDRLABEL: Attrs =
    Attrs { table: RTNL_ADDRLABEL_ATTRS, unknown: "IFAL_???", decoders: &[None, None, Some(Nla::U32)] };

/// `struct ifaddrlblmsg`.
fn addrlabel<P: Printer + ?Sized>(p: &mut P, nl: &Nl, family: u8, addr: u64, len: u64) {
    let rest = |p: &mut P, b: &[u8]| {
        let u32_at = |at: usize| u32::from_ne_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
        // b[1] is __ifal_reserved.
        p.field("ifal_prefixlen");
        p.uint(u64::from(b[2]));
        p.field("ifal_flags");
        p.uint(u64::from(b[3]));
        p.field("ifal_index");
        ifindex(p, u32_at(4));
        p.field("ifal_seq");
        p.uint(u64::from(u32_at(8)));
    };
    with_struct(p, nl, ("ifal_family", family), (addr, len, 12), rest, Some(&ADDRLABEL));
}

const IPMRA_CREPORT: Attrs = Attrs {
    table: RTNL_IPMRA_CREPORT_ATTR,
    unknown: "IPMRA_CREPORT_???",
    decoders: &[
        None,
        Some(Nla::Xval { table: RTNL_IPMRA_MSG_TYPES, unknown: "IGMPMSG_???", size: 1 }),
        Some(Nla::U32),
        Some(Nla::InetAddr),
        Some(Nla::InetAddr),
        None,
        Some(Nla::U32),
    ],
};

const IP6MRA_CREPORT: Attrs = Attrs {
    table: RTNL_IP6MRA_CREPORT_ATTR,
    unknown: "IP6MRA_CREPORT_???",
    decoders: &[
        None,
        Some(Nla::Xval { table: RTNL_IP6MRA_MSG_TYPES, unknown: "MRT6MSG_???", size: 1 }),
        Some(Nla::U32),
        Some(Nla::InetAddr),
        Some(Nla::InetAddr),
    ],
};

/// RTM_NEWCACHEREPORT: `{rtgen_family=RTNL_FAMILY_IPMR}`, then the multicast routing cache report's
/// attributes of that family (hex for another).
fn cachereport<P: Printer + ?Sized>(p: &mut P, nl: &Nl, family: u8, addr: u64, len: u64) {
    const RTNL_FAMILY_IPMR: u8 = 128;
    const RTNL_FAMILY_IP6MR: u8 = 129;
    p.open(Group::Struct);
    p.field("rtgen_family");
    xvals(p, &[RTNL_FAMILY, SOCKET_DOMAINS], u64::from(family), "RTNL_FAMILY_???", Fmt::Hex);
    p.close();
    let offset = u64::from(align4(1));
    if len <= offset {
        return;
    }
    let (addr, len) = (addr + offset, len - offset);
    match family {
        RTNL_FAMILY_IPMR => {
            let nl = Nl { msg_family: libc::AF_INET as u8, ..*nl };
            attr::decode(p, &nl, addr, len, &IPMRA_CREPORT);
        }
        RTNL_FAMILY_IP6MR => {
            let nl = Nl { msg_family: libc::AF_INET6 as u8, ..*nl };
            attr::decode(p, &nl, addr, len, &IP6MRA_CREPORT);
        }
        _ => nl.hex(p, addr, len),
    }
}
