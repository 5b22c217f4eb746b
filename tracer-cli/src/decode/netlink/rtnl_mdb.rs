//! `struct br_port_msg` and the bridge multicast database attributes (strace's `rtnl_mdb.c`):
//! RTM_{NEW,DEL,GET}MDB.

use super::attr::{self, Attrs, Nla};
use super::route::with_struct;
use super::{ifindex, Nl};
use crate::decode::printer::{Group, Printer};
use crate::decode::tables::{
    MDB_FLAGS, MDB_STATES, MULTICAST_ROUTER_TYPES, RTNL_MDBA_MDB_ATTRS, RTNL_MDBA_MDB_EATTR_ATTRS,
    RTNL_MDBA_MDB_ENTRY_ATTRS, RTNL_MDBA_ROUTER_ATTRS, RTNL_MDBA_ROUTER_PATTR_ATTRS, RTNL_MDB_ATTRS,
    SOCKET_DOMAINS,
};
use crate::decode::xlat::xval;

const EATTR: Attrs = Attrs {
    table: RTNL_MDBA_MDB_EATTR_ATTRS,
    unknown: "MDBA_MDB_EATTR_???",
    decoders: &[None, Some(Nla::ClockT)],
};

const ENTRY: Attrs = Attrs {
    table: RTNL_MDBA_MDB_ENTRY_ATTRS,
    unknown: "MDBA_MDB_ENTRY_???",
    decoders: &[None, Some(Nla::MdbEntryInfo)],
};

const MDB: Attrs = Attrs {
    table: RTNL_MDBA_MDB_ATTRS,
    unknown: "MDBA_MDB_???",
    decoders: &[None, Some(Nla::Nested(&ENTRY))],
};

/// The attributes after a router port's index.
pub const ROUTER_PATTR: Attrs = Attrs {
    table: RTNL_MDBA_ROUTER_PATTR_ATTRS,
    unknown: "MDBA_ROUTER_PATTR_???",
    decoders: &[
        None,
        Some(Nla::ClockT),
        Some(Nla::Xval8 { table: MULTICAST_ROUTER_TYPES, unknown: "MDB_RTR_TYPE_???" }),
        Some(Nla::ClockT),
        Some(Nla::ClockT),
    ],
};

const ROUTER: Attrs = Attrs {
    table: RTNL_MDBA_ROUTER_ATTRS,
    unknown: "MDBA_ROUTER_???",
    decoders: &[None, Some(Nla::MdbRouterPort)],
};

const MDBA: Attrs = Attrs {
    table: RTNL_MDB_ATTRS,
    unknown: "MDBA_???",
    decoders: &[None, Some(Nla::Nested(&MDB)), Some(Nla::Nested(&ROUTER))],
};

/// `{family=AF_BRIDGE, ifindex=...}`, then its attributes.
pub fn br_port_msg<P: Printer + ?Sized>(p: &mut P, nl: &Nl, family: u8, addr: u64, len: u64) {
    let rest = |p: &mut P, b: &[u8]| {
        p.field("ifindex");
        ifindex(p, u32::from_ne_bytes([b[4], b[5], b[6], b[7]]));
    };
    with_struct(p, nl, ("family", family), (addr, len, 8), rest, Some(&MDBA));
}

/// `struct br_mdb_entry` (28 bytes), then its extra attributes.
pub fn entry_info<P: Printer + ?Sized>(p: &mut P, nl: &Nl, addr: u64, len: u64) -> bool {
    const SIZE: u64 = 28;
    if len < SIZE {
        return false;
    }
    if let Some(b) = nl.fetch(p, addr, SIZE) {
        p.open(Group::Struct);
        p.field("ifindex");
        ifindex(p, u32::from_ne_bytes([b[0], b[1], b[2], b[3]]));
        p.field("state");
        xval(p, MDB_STATES, u64::from(b[4]), "MDB_???");
        p.field("flags");
        p.flags(u64::from(b[5]), &[MDB_FLAGS], Some("MDB_FLAGS_???"));
        p.field("vid");
        p.uint(u64::from(u16::from_ne_bytes([b[6], b[7]])));
        let proto = u16::from_be_bytes([b[24], b[25]]);
        p.field("addr");
        p.open(Group::Struct);
        super::inet::named(p, proto, &b[8..24], "u");
        p.field("proto");
        p.open(Group::Call("htons"));
        xval(p, SOCKET_DOMAINS, u64::from(proto), "AF_???");
        p.close();
        p.close();
        p.close();
    }
    if len > SIZE {
        attr::decode(p, nl, addr + SIZE, len - SIZE, &EATTR);
    }
    true
}

/// A router port: its index, then its attributes.
pub fn router_port<P: Printer + ?Sized>(p: &mut P, nl: &Nl, addr: u64, len: u64) -> bool {
    if len < 4 {
        return false;
    }
    if let Some(b) = nl.fetch(p, addr, 4) {
        ifindex(p, u32::from_ne_bytes([b[0], b[1], b[2], b[3]]));
    }
    if len > 4 {
        attr::decode(p, nl, addr + 4, len - 4, &ROUTER_PATTR);
    }
    true
}
