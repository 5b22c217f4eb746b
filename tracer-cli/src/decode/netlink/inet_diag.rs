//! inet_diag messages (strace's `netlink_inet_diag.c`): the requests (`struct inet_diag_req`
//! for TCPDIAG_GETSOCK/DCCPDIAG_GETSOCK, `struct inet_diag_req_v2` otherwise), the response
//! `struct inet_diag_msg`, and their attributes.

use super::attr::{Attrs, Nla};
use super::diag::{cookie, u32_at, TCP_STATE_FLAGS};
use super::diag_nla::DiagNla;
use super::route::with_struct;
use super::{ifindex, Header, Nl};
use crate::decode::printer::{Group, Printer};
use crate::decode::tables::{
    INET_DIAG_ATTRS, INET_DIAG_REQ_ATTRS, INET_PROTOCOLS, SOCKET_DOMAINS, TCP_STATES,
};
use crate::decode::xlat::{xval, Xlat};

/// strace's `inet_diag_extended_flags`: `1<<(INET_DIAG_*-1)`.
const EXTENDED_FLAGS: Xlat = &[
    (1 << 0, "1<<(INET_DIAG_MEMINFO-1)"),
    (1 << 1, "1<<(INET_DIAG_INFO-1)"),
    (1 << 2, "1<<(INET_DIAG_VEGASINFO-1)"),
    (1 << 3, "1<<(INET_DIAG_CONG-1)"),
    (1 << 4, "1<<(INET_DIAG_TOS-1)"),
    (1 << 5, "1<<(INET_DIAG_TCLASS-1)"),
    (1 << 6, "1<<(INET_DIAG_SKMEMINFO-1)"),
    (1 << 7, "1<<(INET_DIAG_SHUTDOWN-1)"),
    (1 << 8, "1<<(INET_DIAG_DCTCPINFO-1)"),
    (1 << 9, "1<<(INET_DIAG_PROTOCOL-1)"),
    (1 << 10, "1<<(INET_DIAG_SKV6ONLY-1)"),
    (1 << 11, "1<<(INET_DIAG_LOCALS-1)"),
    (1 << 12, "1<<(INET_DIAG_PEERS-1)"),
    (1 << 13, "1<<(INET_DIAG_PAD-1)"),
    (1 << 14, "1<<(INET_DIAG_MARK-1)"),
    (1 << 15, "1<<(INET_DIAG_BBRINFO-1)"),
    (1 << 16, "1<<(INET_DIAG_CLASS_ID-1)"),
    (1 << 17, "1<<(INET_DIAG_MD5SIG-1)"),
    (1 << 18, "1<<(INET_DIAG_ULP_INFO-1)"),
    (1 << 19, "1<<(INET_DIAG_SK_BPF_STORAGES-1)"),
    (1 << 20, "1<<(INET_DIAG_CGROUP_ID-1)"),
    (1 << 21, "1<<(INET_DIAG_SOCKOPT-1)"),
];

/// The unknown-bit text of [`EXTENDED_FLAGS`].
const EXTENDED_UNKNOWN: &str = "1<<INET_DIAG_???-1";

/// TCPDIAG_GETSOCK and DCCPDIAG_GETSOCK: the requests of the old `struct inet_diag_req`.
const COMPAT_TYPES: [u16; 2] = [18, 19];

/// The protocol in an attribute (strace's `decode_nla_ip_proto`).
pub const IP_PROTO: Nla = Nla::Xval { table: INET_PROTOCOLS, unknown: "IPPROTO_???", size: 0 };

const REQ: Attrs = Attrs {
    table: INET_DIAG_REQ_ATTRS,
    unknown: "INET_DIAG_REQ_???",
    decoders: &[None, Some(Nla::Diag(DiagNla::BcOp)), None, Some(IP_PROTO)],
};

const MSG: Attrs = Attrs {
    table: INET_DIAG_ATTRS,
    unknown: "INET_DIAG_???",
    decoders: &[
        None,
        Some(Nla::U32Struct(&["idiag_rmem", "idiag_wmem", "idiag_fmem", "idiag_tmem"])),
        None,
        Some(Nla::U32Struct(&["tcpv_enabled", "tcpv_rttcnt", "tcpv_rtt", "tcpv_minrtt"])),
        Some(Nla::Str),
        Some(Nla::U8),
        Some(Nla::U8),
        Some(Nla::Diag(DiagNla::Meminfo)),
        Some(Nla::Diag(DiagNla::Shutdown)),
        Some(Nla::Diag(DiagNla::Dctcp)),
        Some(IP_PROTO),
        Some(Nla::U8),
        Some(Nla::Diag(DiagNla::Sockaddrs)),
        Some(Nla::Diag(DiagNla::Sockaddrs)),
        None,
        Some(Nla::U32),
        Some(Nla::Diag(DiagNla::Bbr)),
        Some(Nla::U32),
        Some(Nla::Diag(DiagNla::Md5sig)),
        Some(Nla::Nested(&super::diag_nla::ULP_INFO)),
        Some(Nla::Nested(&super::diag_nla::BPF_STORAGES)),
        Some(Nla::Diag(DiagNla::U64)),
        Some(Nla::Diag(DiagNla::Sockopt)),
    ],
};

/// `{idiag_sport=htons(1), idiag_dport=htons(2), idiag_src=inet_addr(...), idiag_dst=...,
/// idiag_if=..., idiag_cookie=[0, 0]}` from the 48 bytes of a `struct inet_diag_sockid`.
pub fn sockid<P: Printer + ?Sized>(p: &mut P, b: &[u8], family: u8) {
    p.open(Group::Struct);
    for (name, at) in [("idiag_sport", 0), ("idiag_dport", 2)] {
        p.field(name);
        p.open(Group::Call("htons"));
        p.uint(u64::from(u16::from_be_bytes([b[at], b[at + 1]])));
        p.close();
    }
    super::inet::named(p, u16::from(family), &b[4..20], "idiag_src");
    super::inet::named(p, u16::from(family), &b[20..36], "idiag_dst");
    p.field("idiag_if");
    ifindex(p, u32_at(b, 36));
    cookie(p, "idiag_cookie", &b[40..48]);
    p.close();
}

/// An inet_diag request: the compat or the v2 struct by message type.
pub fn req<P: Printer + ?Sized>(p: &mut P, nl: &Nl, header: &Header, family: u8, addr: u64, len: u64) {
    let nl = Nl { msg_family: family, ..*nl };
    if COMPAT_TYPES.contains(&header.kind) {
        let rest = |p: &mut P, b: &[u8]| {
            p.field("idiag_src_len");
            p.uint(u64::from(b[1]));
            p.field("idiag_dst_len");
            p.uint(u64::from(b[2]));
            p.field("idiag_ext");
            p.flags(u64::from(b[3]), &[EXTENDED_FLAGS], Some(EXTENDED_UNKNOWN));
            p.field("id");
            sockid(p, &b[4..52], family);
            p.field("idiag_states");
            p.flags(u64::from(u32_at(b, 52)), &[TCP_STATE_FLAGS], Some("1<<TCP_???"));
            p.field("idiag_dbs");
            p.uint(u64::from(u32_at(b, 56)));
        };
        return with_struct(p, &nl, ("idiag_family", family), (addr, len, 60), rest, Some(&REQ));
    }
    let rest = |p: &mut P, b: &[u8]| {
        p.field("sdiag_protocol");
        xval(p, INET_PROTOCOLS, u64::from(b[1]), "IPPROTO_???");
        p.field("idiag_ext");
        p.flags(u64::from(b[2]), &[EXTENDED_FLAGS], Some(EXTENDED_UNKNOWN));
        p.field("idiag_states");
        p.flags(u64::from(u32_at(b, 4)), &[TCP_STATE_FLAGS], Some("1<<TCP_???"));
        p.field("id");
        sockid(p, &b[8..56], family);
    };
    with_struct(p, &nl, ("sdiag_family", family), (addr, len, 56), rest, Some(&REQ));
}

/// `struct inet_diag_msg` (72 bytes), then its attributes.
pub fn msg<P: Printer + ?Sized>(p: &mut P, nl: &Nl, family: u8, addr: u64, len: u64) {
    let nl = Nl { msg_family: family, ..*nl };
    let rest = |p: &mut P, b: &[u8]| {
        p.field("idiag_state");
        xval(p, TCP_STATES, u64::from(b[1]), "TCP_???");
        p.field("idiag_timer");
        p.uint(u64::from(b[2]));
        p.field("idiag_retrans");
        p.uint(u64::from(b[3]));
        p.field("id");
        sockid(p, &b[4..52], family);
        for (i, name) in ["idiag_expires", "idiag_rqueue", "idiag_wqueue", "idiag_uid", "idiag_inode"]
            .into_iter()
            .enumerate()
        {
            p.field(name);
            p.uint(u64::from(u32_at(b, 52 + 4 * i)));
        }
    };
    with_struct(p, &nl, ("idiag_family", family), (addr, len, 72), rest, Some(&MSG));
}

/// `struct inet_diag_hostcond` (8 bytes) and the address after it:
/// `{family=AF_INET, prefix_len=0, port=0, addr=inet_addr("1.2.3.4")}`.
pub fn hostcond<P: Printer + ?Sized>(p: &mut P, nl: &Nl, addr: u64, len: u64) {
    if len < 8 {
        return nl.hex(p, addr, len);
    }
    let Some(b) = nl.fetch(p, addr, 8) else { return };
    let family = b[0];
    p.open(Group::Struct);
    p.field("family");
    xval(p, SOCKET_DOMAINS, u64::from(family), "AF_???");
    p.field("prefix_len");
    p.uint(u64::from(b[1]));
    p.field("port");
    p.uint(u64::from(u32_at(b, 4)));
    if len > 8 {
        let (a, n) = (addr + 8, len - 8);
        let size = match i32::from(family) {
            libc::AF_INET => 4,
            libc::AF_INET6 => 16,
            _ => 0,
        };
        if size == 0 || n < size {
            p.field("addr");
            nl.hex(p, a, n);
        } else {
            match nl.mem.get(a, size) {
                Some(bytes) => super::inet::named(p, u16::from(family), bytes, "addr"),
                None => {
                    p.field("addr");
                    p.addr(a);
                }
            }
        }
    }
    p.close();
}
