//! `nlmsg_type` and `nlmsg_flags` by the socket's protocol (strace's `decode_nlmsg_type` and
//! `decode_nlmsg_flags`).

use super::proto;
use crate::decode::printer::{Group, Printer};
use crate::decode::tables::{
    NETLINK_ACK_FLAGS, NETLINK_DELETE_FLAGS, NETLINK_FLAGS, NETLINK_GET_FLAGS, NETLINK_NEW_FLAGS,
    NETLINK_TYPES, NF_ACCT_MSG_TYPES, NF_CTHELPER_MSG_TYPES, NF_CTNETLINK_EXP_MSG_TYPES,
    NF_CTNETLINK_MSG_TYPES, NF_CTTIMEOUT_MSG_TYPES, NF_HOOK_MSG_TYPES, NF_IPSET_MSG_TYPES,
    NF_NFTABLES_MSG_TYPES, NF_NFT_COMPAT_MSG_TYPES, NF_OSF_MSG_TYPES, NF_QUEUE_MSG_TYPES, NF_ULOG_MSG_TYPES,
    NL_AUDIT_TYPES, NL_CRYPTO_TYPES, NL_NETFILTER_MSG_TYPES, NL_NETFILTER_SUBSYS_IDS, NL_ROUTE_TYPES,
    NL_SELINUX_TYPES, NL_SOCK_DIAG_TYPES, NL_XFRM_TYPES,
};
use crate::decode::xlat::{lookup, print_xlat, xval, Xlat};
use crate::decode::Fmt;

/// Types below this are the control messages every protocol shares.
pub const NLMSG_MIN_TYPE: u16 = 0x10;
/// `NLMSG_ERROR`.
pub const NLMSG_ERROR: u16 = 2;
/// `NLMSG_DONE`.
pub const NLMSG_DONE: u16 = 3;

/// Netfilter subsystems (`NFNL_SUBSYS_*`) whose message types strace names.
pub mod subsys {
    pub const CTNETLINK: u8 = 1;
    pub const CTNETLINK_EXP: u8 = 2;
    pub const ACCT: u8 = 7;
    pub const CTNETLINK_TIMEOUT: u8 = 8;
    pub const CTHELPER: u8 = 9;
    pub const NFTABLES: u8 = 10;
    pub const NFT_COMPAT: u8 = 11;
    pub const HOOK: u8 = 12;
}

/// Each netfilter subsystem's message types and their unknown text, by subsystem id.
const NF_MSG_TYPES: [Option<(Xlat, &str)>; 13] = [
    None,
    Some((NF_CTNETLINK_MSG_TYPES, "IPCTNL_MSG_CT_???")),
    Some((NF_CTNETLINK_EXP_MSG_TYPES, "IPCTNL_MSG_EXP_???")),
    Some((NF_QUEUE_MSG_TYPES, "NFQNL_MSG_???")),
    Some((NF_ULOG_MSG_TYPES, "NFULNL_MSG_???")),
    Some((NF_OSF_MSG_TYPES, "OSF_MSG_???")),
    Some((NF_IPSET_MSG_TYPES, "IPSET_CMD_???")),
    Some((NF_ACCT_MSG_TYPES, "NFNL_MSG_ACCT_???")),
    Some((NF_CTTIMEOUT_MSG_TYPES, "IPCTNL_MSG_TIMEOUT_???")),
    Some((NF_CTHELPER_MSG_TYPES, "NFNL_MSG_CTHELPER_???")),
    Some((NF_NFTABLES_MSG_TYPES, "NFT_MSG_???")),
    Some((NF_NFT_COMPAT_MSG_TYPES, "NFNL_MSG_COMPAT_???")),
    Some((NF_HOOK_MSG_TYPES, "NFT_MSG_HOOK_???")),
];

/// The message types of `family` and their unknown text.
fn table_of(family: u32) -> Option<(Xlat, &'static str)> {
    Some(match family {
        proto::AUDIT => (NL_AUDIT_TYPES, "AUDIT_???"),
        proto::CRYPTO => (NL_CRYPTO_TYPES, "CRYPTO_MSG_???"),
        proto::NETFILTER => (NL_NETFILTER_SUBSYS_IDS, "NFNL_SUBSYS_???"),
        proto::ROUTE => (NL_ROUTE_TYPES, "RTM_???"),
        proto::SELINUX => (NL_SELINUX_TYPES, "SELNL_MSG_???"),
        proto::SOCK_DIAG => (NL_SOCK_DIAG_TYPES, "SOCK_DIAG_???"),
        proto::XFRM => (NL_XFRM_TYPES, "XFRM_MSG_???"),
        proto::GENERIC => (&[], "GENERIC_FAMILY_???"),
        _ => return None,
    })
}

/// `nlmsg_type`: a control message's name, else the protocol's.
pub fn kind<P: Printer + ?Sized>(p: &mut P, family: u32, kind: u16) {
    let value = u64::from(kind);
    let specific = if kind >= NLMSG_MIN_TYPE { table_of(family) } else { None };
    match (family, specific) {
        (proto::NETFILTER, Some((subsystems, unknown))) => netfilter(p, kind, subsystems, unknown),
        (proto::GENERIC, Some((_, unknown))) => {
            let names = super::genl::families();
            let name = names.iter().find(|(id, _)| *id == kind).map(|(_, name)| name.as_str());
            p.constant(value, name, Fmt::Hex, unknown);
        }
        (_, Some((table, unknown))) => xval(p, table, value, unknown),
        (_, None) => xval(p, NETLINK_TYPES, value, "NLMSG_???"),
    }
}

/// A netfilter type: a batch marker's name, else `SUBSYS<<8|TYPE`.
fn netfilter<P: Printer + ?Sized>(p: &mut P, kind: u16, subsystems: Xlat, unknown: &str) {
    if let Some(name) = lookup(NL_NETFILTER_MSG_TYPES, u64::from(kind)) {
        return print_xlat(p, u64::from(kind), Some(name), Fmt::Hex);
    }
    let [msg_type, subsys_id] = kind.to_le_bytes();
    p.open(Group::Expr);
    xval(p, subsystems, u64::from(subsys_id), unknown);
    p.raw("<<");
    p.uint(8);
    p.raw("|");
    match NF_MSG_TYPES.get(usize::from(subsys_id)).copied().flatten() {
        Some((table, unknown)) => xval(p, table, u64::from(msg_type), unknown),
        None => p.hex(u64::from(msg_type)),
    }
    p.close();
}

/// `nlmsg_flags`: the common flags, then those of the message's kind (get, new, delete, ack).
pub fn flags<P: Printer + ?Sized>(p: &mut P, family: u32, kind: u16, flags: u16) {
    let specific = if kind < NLMSG_MIN_TYPE {
        (kind == NLMSG_ERROR).then_some(NETLINK_ACK_FLAGS)
    } else {
        specific_flags(family, kind)
    };
    let tables: &[Xlat] = match specific {
        Some(table) => &[NETLINK_FLAGS, table],
        None => &[NETLINK_FLAGS],
    };
    p.flags(u64::from(flags), tables, Some("NLM_F_???"));
}

/// The request kind of `kind` in `family`, as the flags it may carry.
fn specific_flags(family: u32, kind: u16) -> Option<Xlat> {
    const NEW: Option<Xlat> = Some(NETLINK_NEW_FLAGS);
    const DELETE: Option<Xlat> = Some(NETLINK_DELETE_FLAGS);
    const GET: Option<Xlat> = Some(NETLINK_GET_FLAGS);
    match family {
        proto::CRYPTO => match kind {
            0x10 => NEW,
            0x11 | 0x14 => DELETE,
            0x13 => GET,
            _ => None,
        },
        proto::NETFILTER => netfilter_flags(kind),
        // RTM_DELACTION takes NLM_F_ROOT.
        proto::ROUTE if kind == 0x31 => GET,
        proto::ROUTE => match kind & 3 {
            0 => NEW,
            1 => DELETE,
            2 => GET,
            _ => None,
        },
        proto::SOCK_DIAG => GET,
        proto::XFRM => match kind {
            0x10 | 0x13 | 0x1e | 0x22 | 0x24 => NEW,
            0x11 | 0x14 => DELETE,
            0x12 | 0x15 | 0x1f | 0x23 | 0x25 => GET,
            _ => None,
        },
        _ => None,
    }
}

/// The flags of a netfilter message, by subsystem and type.
fn netfilter_flags(kind: u16) -> Option<Xlat> {
    const NEW: Option<Xlat> = Some(NETLINK_NEW_FLAGS);
    const DELETE: Option<Xlat> = Some(NETLINK_DELETE_FLAGS);
    const GET: Option<Xlat> = Some(NETLINK_GET_FLAGS);
    let [msg_type, subsys_id] = kind.to_le_bytes();
    match subsys_id {
        subsys::CTNETLINK => match msg_type {
            0 => NEW,
            1 | 3..=7 => GET,
            2 => DELETE,
            _ => None,
        },
        subsys::CTNETLINK_EXP => match msg_type {
            0 => NEW,
            1 | 3 => GET,
            2 => DELETE,
            _ => None,
        },
        subsys::ACCT => match msg_type {
            0 => NEW,
            1 | 2 => GET,
            3 => DELETE,
            _ => None,
        },
        subsys::CTNETLINK_TIMEOUT | subsys::CTHELPER => match msg_type {
            0 => NEW,
            1 => GET,
            2 => DELETE,
            _ => None,
        },
        subsys::NFTABLES => match msg_type {
            0 | 3 | 6 | 9 | 12 | 15 | 0x12 | 0x16 => NEW,
            1 | 4 | 7 | 0xa | 0xd | 0x10 | 0x13 | 0x15 | 0x17 => GET,
            2 | 5 | 8 | 0xb | 0xe | 0x14 | 0x18 => DELETE,
            _ => None,
        },
        subsys::NFT_COMPAT | subsys::HOOK if msg_type == 0 => GET,
        _ => None,
    }
}
