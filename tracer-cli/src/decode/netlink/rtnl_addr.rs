//! `struct ifaddrmsg` and its attributes (strace's `rtnl_addr.c`): RTM_{NEW,DEL,GET}ADDR,
//! RTM_GETMULTICAST, RTM_GETANYCAST.

use super::attr::{Attrs, Nla};
use super::route::with_struct;
use super::{ifindex, Nl};
use crate::decode::printer::Printer;
use crate::decode::tables::{IFADDRFLAGS, ROUTING_SCOPES, RTNL_ADDR_ATTRS};
use crate::decode::xlat::xval;

const IFA: Attrs = Attrs {
    table: RTNL_ADDR_ATTRS,
    unknown: "IFA_???",
    decoders: &[
        None,
        Some(Nla::InetAddr),
        Some(Nla::InetAddr),
        Some(Nla::Str),
        Some(Nla::InetAddr),
        Some(Nla::InetAddr),
        Some(Nla::U32Struct(&["ifa_prefered", "ifa_valid", "cstamp", "tstamp"])),
        Some(Nla::InetAddr),
        Some(Nla::FlagsU32 { table: IFADDRFLAGS, unknown: "IFA_F_???" }),
        Some(Nla::U32),
        Some(Nla::S32),
    ],
};

/// `{ifa_family=AF_INET, ifa_prefixlen=8, ifa_flags=..., ifa_scope=..., ifa_index=...}`, then
/// its attributes.
pub fn ifaddrmsg<P: Printer + ?Sized>(p: &mut P, nl: &Nl, family: u8, addr: u64, len: u64) {
    let rest = |p: &mut P, b: &[u8]| {
        p.field("ifa_prefixlen");
        p.uint(u64::from(b[1]));
        p.field("ifa_flags");
        p.flags(u64::from(b[2]), &[IFADDRFLAGS], Some("IFA_F_???"));
        p.field("ifa_scope");
        xval(p, ROUTING_SCOPES, u64::from(b[3]), "");
        p.field("ifa_index");
        ifindex(p, u32::from_ne_bytes([b[4], b[5], b[6], b[7]]));
    };
    let nl = Nl { msg_family: family, ..*nl };
    with_struct(p, &nl, ("ifa_family", family), (addr, len, 8), rest, Some(&IFA));
}
