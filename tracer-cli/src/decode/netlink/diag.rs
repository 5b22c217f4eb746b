//! NETLINK_SOCK_DIAG messages (strace's `netlink_sock_diag.c`, `netlink_unix_diag.c`): a request
//! or a response by the address family it is about; families tracer has no decoder for as
//! `{family=AF_..., data="..."}`.

use super::attr::{Attrs, Nla};
use super::route::{family_data, with_struct};
use super::types::NLMSG_DONE;
use super::{Header, Nl};
use crate::decode::printer::{Group, Printer};
use crate::decode::tables::{SOCKET_TYPES, TCP_STATES, UNIX_DIAG_ATTRS, UNIX_DIAG_SHOW};
use crate::decode::xlat::{xval, Xlat};

const NLM_F_REQUEST: u16 = 1;
/// `AF_SMC` (the libc crate lacks it).
const AF_SMC: i32 = 43;

/// strace's `tcp_state_flags`: `1<<TCP_*`.
pub const TCP_STATE_FLAGS: Xlat = &[
    (1 << 1, "1<<TCP_ESTABLISHED"),
    (1 << 2, "1<<TCP_SYN_SENT"),
    (1 << 3, "1<<TCP_SYN_RECV"),
    (1 << 4, "1<<TCP_FIN_WAIT1"),
    (1 << 5, "1<<TCP_FIN_WAIT2"),
    (1 << 6, "1<<TCP_TIME_WAIT"),
    (1 << 7, "1<<TCP_CLOSE"),
    (1 << 8, "1<<TCP_CLOSE_WAIT"),
    (1 << 9, "1<<TCP_LAST_ACK"),
    (1 << 10, "1<<TCP_LISTEN"),
    (1 << 11, "1<<TCP_CLOSING"),
    (1 << 12, "1<<TCP_NEW_SYN_RECV"),
];

/// A sock_diag message's payload; false for `NLMSG_DONE` (the common decoding).
pub fn decode<P: Printer + ?Sized>(p: &mut P, nl: &Nl, header: &Header, addr: u64, len: u64) -> bool {
    if header.kind == NLMSG_DONE {
        return false;
    }
    let Some(&[family]) = nl.fetch(p, addr, 1) else { return true };
    let request = header.flags & NLM_F_REQUEST != 0;
    match i32::from(family) {
        libc::AF_UNIX if len > 1 && request => unix_req(p, nl, family, addr, len),
        libc::AF_UNIX if len > 1 => unix_msg(p, nl, family, addr, len),
        libc::AF_INET | libc::AF_INET6 if len > 1 && request => {
            super::inet_diag::req(p, nl, header, family, addr, len)
        }
        libc::AF_INET | libc::AF_INET6 if len > 1 => super::inet_diag::msg(p, nl, family, addr, len),
        libc::AF_NETLINK | libc::AF_PACKET | AF_SMC if len > 1 => {
            super::sock_diag::decode(p, nl, family, request, addr, len)
        }
        _ => family_data(p, nl, family, addr, len),
    }
    true
}

/// `udiag_cookie=[1, 2]`: two u32s.
pub fn cookie<P: Printer + ?Sized>(p: &mut P, name: &str, b: &[u8]) {
    p.field(name);
    p.open(Group::Array);
    for word in b.chunks_exact(4).take(2) {
        p.uint(u64::from(u32::from_ne_bytes([word[0], word[1], word[2], word[3]])));
    }
    p.close();
}

/// The native-endian u32 at byte `at` of `b`.
pub fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_ne_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// `struct unix_diag_req` (24 bytes).
fn unix_req<P: Printer + ?Sized>(p: &mut P, nl: &Nl, family: u8, addr: u64, len: u64) {
    let rest = |p: &mut P, b: &[u8]| {
        p.field("sdiag_protocol");
        p.uint(u64::from(b[1]));
        p.field("udiag_states");
        p.flags(u64::from(u32_at(b, 4)), &[TCP_STATE_FLAGS], Some("1<<TCP_???"));
        p.field("udiag_ino");
        p.uint(u64::from(u32_at(b, 8)));
        p.field("udiag_show");
        p.flags(u64::from(u32_at(b, 12)), &[UNIX_DIAG_SHOW], Some("UDIAG_SHOW_???"));
        cookie(p, "udiag_cookie", &b[16..24]);
    };
    with_struct(p, nl, ("sdiag_family", family), (addr, len, 24), rest, None);
}

const UNIX_MSG: Attrs = Attrs {
    table: UNIX_DIAG_ATTRS,
    unknown: "UNIX_DIAG_???",
    decoders: &[
        Some(Nla::Str),
        Some(Nla::UnixVfs),
        Some(Nla::U32),
        Some(Nla::U32Array),
        Some(Nla::U32Struct(&["udiag_rqueue", "udiag_wqueue"])),
        None,
        Some(Nla::U8),
        Some(Nla::Uid),
    ],
};

/// `struct unix_diag_msg` (16 bytes), then its attributes.
fn unix_msg<P: Printer + ?Sized>(p: &mut P, nl: &Nl, family: u8, addr: u64, len: u64) {
    let rest = |p: &mut P, b: &[u8]| {
        p.field("udiag_type");
        xval(p, SOCKET_TYPES, u64::from(b[1]), "SOCK_???");
        p.field("udiag_state");
        xval(p, TCP_STATES, u64::from(b[2]), "TCP_???");
        p.field("udiag_ino");
        p.uint(u64::from(u32_at(b, 4)));
        cookie(p, "udiag_cookie", &b[8..16]);
    };
    with_struct(p, nl, ("udiag_family", family), (addr, len, 16), rest, Some(&UNIX_MSG));
}

/// `struct unix_diag_vfs` (ino, then dev): `{udiag_vfs_dev=makedev(0x1, 0x2), udiag_vfs_ino=3}`.
pub fn unix_vfs<P: Printer + ?Sized>(p: &mut P, b: &[u8]) {
    p.open(Group::Struct);
    p.field("udiag_vfs_dev");
    crate::decode::structs::makedev(p, u64::from(u32_at(b, 4)));
    p.field("udiag_vfs_ino");
    p.uint(u64::from(u32_at(b, 0)));
    p.close();
}
