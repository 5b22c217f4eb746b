//! NETLINK_SOCK_DIAG requests and responses about netlink, packet and SMC sockets (strace's
//! `netlink_netlink_diag.c`, `netlink_packet_diag.c`, `netlink_smc_diag.c`).

use super::attr::{Attrs, Nla};
use super::diag::{cookie, u32_at};
use super::diag_nla::DiagNla;
use super::route::with_struct;
use super::Nl;
use crate::decode::printer::{Fmt, Printer};
use crate::decode::tables::{
    ETHERNET_PROTOCOLS, NETLINK_DIAG_ATTRS, NETLINK_DIAG_SHOW, NETLINK_PROTOCOLS, NETLINK_SOCKET_FLAGS,
    NETLINK_STATES, PACKET_DIAG_ATTRS, PACKET_DIAG_SHOW, SMC_DIAG_ATTRS, SMC_DIAG_MODE, SMC_STATES,
    SOCKET_TYPES,
};
use crate::decode::xlat::{print_xlat, xval, Xlat};

/// strace's `smc_diag_extended_flags`.
const SMC_EXTENDED_FLAGS: Xlat = &[(1 << 0, "1<<(SMC_DIAG_CONNINFO-1)"), (1 << 1, "1<<(SMC_DIAG_LGRINFO-1)")];

/// `NDIAG_PROTO_ALL`: a request about every netlink protocol.
const NDIAG_PROTO_ALL: u8 = 0xff;

const MEMINFO: Option<Nla> = Some(Nla::Diag(DiagNla::Meminfo));

const NETLINK_MSG: Attrs = Attrs {
    table: NETLINK_DIAG_ATTRS,
    unknown: "NETLINK_DIAG_???",
    decoders: &[
        MEMINFO,
        Some(Nla::Diag(DiagNla::Groups)),
        Some(Nla::U32Struct(&["ndr_block_size", "ndr_block_nr", "ndr_frame_size", "ndr_frame_nr"])),
        Some(Nla::U32Struct(&["ndr_block_size", "ndr_block_nr", "ndr_frame_size", "ndr_frame_nr"])),
        Some(Nla::FlagsU32 { table: NETLINK_SOCKET_FLAGS, unknown: "NDIAG_FLAG_???" }),
    ],
};

/// `struct packet_diag_ring`'s fields.
const PACKET_RING: Nla = Nla::U32Struct(&[
    "pdr_block_size",
    "pdr_block_nr",
    "pdr_frame_size",
    "pdr_frame_nr",
    "pdr_retire_tmo",
    "pdr_sizeof_priv",
    "pdr_features",
]);

const PACKET_MSG: Attrs = Attrs {
    table: PACKET_DIAG_ATTRS,
    unknown: "PACKET_DIAG_???",
    decoders: &[
        Some(Nla::Diag(DiagNla::PacketInfo)),
        Some(Nla::Diag(DiagNla::Mclist)),
        Some(PACKET_RING),
        Some(PACKET_RING),
        Some(Nla::U32),
        Some(Nla::Uid),
        MEMINFO,
        Some(Nla::Diag(DiagNla::SockFilter)),
    ],
};

const SMC_MSG: Attrs = Attrs {
    table: SMC_DIAG_ATTRS,
    unknown: "SMC_DIAG_???",
    decoders: &[
        None,
        Some(Nla::Diag(DiagNla::SmcConninfo)),
        Some(Nla::Diag(DiagNla::SmcLgrinfo)),
        Some(Nla::Diag(DiagNla::SmcShutdown)),
        Some(Nla::Diag(DiagNla::SmcDmbinfo)),
        Some(Nla::Diag(DiagNla::SmcFallback)),
    ],
};

/// A request (`request`) or a response about an AF_NETLINK, AF_PACKET or AF_SMC socket.
pub fn decode<P: Printer + ?Sized>(p: &mut P, nl: &Nl, family: u8, request: bool, addr: u64, len: u64) {
    match (i32::from(family), request) {
        (libc::AF_NETLINK, true) => netlink_req(p, nl, family, addr, len),
        (libc::AF_NETLINK, false) => netlink_msg(p, nl, family, addr, len),
        (libc::AF_PACKET, true) => packet_req(p, nl, family, addr, len),
        (libc::AF_PACKET, false) => packet_msg(p, nl, family, addr, len),
        (_, true) => smc_req(p, nl, family, addr, len),
        (_, false) => smc_msg(p, nl, family, addr, len),
    }
}

/// `struct netlink_diag_req` (20 bytes).
fn netlink_req<P: Printer + ?Sized>(p: &mut P, nl: &Nl, family: u8, addr: u64, len: u64) {
    let rest = |p: &mut P, b: &[u8]| {
        p.field("sdiag_protocol");
        if b[1] == NDIAG_PROTO_ALL {
            print_xlat(p, u64::from(b[1]), Some("NDIAG_PROTO_ALL"), Fmt::Hex);
        } else {
            xval(p, NETLINK_PROTOCOLS, u64::from(b[1]), "NETLINK_???");
        }
        p.field("ndiag_ino");
        p.uint(u64::from(u32_at(b, 4)));
        p.field("ndiag_show");
        p.flags(u64::from(u32_at(b, 8)), &[NETLINK_DIAG_SHOW], Some("NDIAG_SHOW_???"));
        cookie(p, "ndiag_cookie", &b[12..20]);
    };
    with_struct(p, nl, ("sdiag_family", family), (addr, len, 20), rest, None);
}

/// `struct netlink_diag_msg` (28 bytes), then its attributes.
fn netlink_msg<P: Printer + ?Sized>(p: &mut P, nl: &Nl, family: u8, addr: u64, len: u64) {
    let rest = |p: &mut P, b: &[u8]| {
        p.field("ndiag_type");
        xval(p, SOCKET_TYPES, u64::from(b[1]), "SOCK_???");
        p.field("ndiag_protocol");
        xval(p, NETLINK_PROTOCOLS, u64::from(b[2]), "NETLINK_???");
        p.field("ndiag_state");
        xval(p, NETLINK_STATES, u64::from(b[3]), "NETLINK_???");
        for (i, name) in
            ["ndiag_portid", "ndiag_dst_portid", "ndiag_dst_group", "ndiag_ino"].into_iter().enumerate()
        {
            p.field(name);
            p.uint(u64::from(u32_at(b, 4 + 4 * i)));
        }
        cookie(p, "ndiag_cookie", &b[20..28]);
    };
    with_struct(p, nl, ("ndiag_family", family), (addr, len, 28), rest, Some(&NETLINK_MSG));
}

/// `struct packet_diag_req` (20 bytes).
fn packet_req<P: Printer + ?Sized>(p: &mut P, nl: &Nl, family: u8, addr: u64, len: u64) {
    let rest = |p: &mut P, b: &[u8]| {
        p.field("sdiag_protocol");
        p.hex(u64::from(b[1]));
        p.field("pdiag_ino");
        p.uint(u64::from(u32_at(b, 4)));
        p.field("pdiag_show");
        p.flags(u64::from(u32_at(b, 8)), &[PACKET_DIAG_SHOW], Some("PACKET_SHOW_???"));
        cookie(p, "pdiag_cookie", &b[12..20]);
    };
    with_struct(p, nl, ("sdiag_family", family), (addr, len, 20), rest, None);
}

/// `struct packet_diag_msg` (16 bytes), then its attributes.
fn packet_msg<P: Printer + ?Sized>(p: &mut P, nl: &Nl, family: u8, addr: u64, len: u64) {
    let rest = |p: &mut P, b: &[u8]| {
        p.field("pdiag_type");
        xval(p, SOCKET_TYPES, u64::from(b[1]), "SOCK_???");
        p.field("pdiag_num");
        xval(p, ETHERNET_PROTOCOLS, u64::from(u16::from_ne_bytes([b[2], b[3]])), "ETH_P_???");
        p.field("pdiag_ino");
        p.uint(u64::from(u32_at(b, 4)));
        cookie(p, "pdiag_cookie", &b[8..16]);
    };
    with_struct(p, nl, ("pdiag_family", family), (addr, len, 16), rest, Some(&PACKET_MSG));
}

/// `struct smc_diag_req` (52 bytes); its socket id holds an AF_INET address.
fn smc_req<P: Printer + ?Sized>(p: &mut P, nl: &Nl, family: u8, addr: u64, len: u64) {
    let rest = |p: &mut P, b: &[u8]| {
        p.field("diag_ext");
        p.flags(u64::from(b[3]), &[SMC_EXTENDED_FLAGS], Some("1<<SMC_DIAG_???-1"));
        p.field("id");
        super::inet_diag::sockid(p, &b[4..52], libc::AF_INET as u8);
    };
    with_struct(p, nl, ("diag_family", family), (addr, len, 52), rest, None);
}

/// `struct smc_diag_msg` (64 bytes), then its attributes.
fn smc_msg<P: Printer + ?Sized>(p: &mut P, nl: &Nl, family: u8, addr: u64, len: u64) {
    let rest = |p: &mut P, b: &[u8]| {
        p.field("diag_state");
        xval(p, SMC_STATES, u64::from(b[1]), "SMC_???");
        p.field("diag_fallback");
        xval(p, SMC_DIAG_MODE, u64::from(b[2]), "SMC_DIAG_MODE_???");
        p.field("diag_shutdown");
        p.uint(u64::from(b[3]));
        p.field("id");
        super::inet_diag::sockid(p, &b[4..52], libc::AF_INET as u8);
        p.field("diag_uid");
        p.uint(u64::from(u32_at(b, 52)));
        p.field("diag_inode");
        let inode = u64::from(u32_at(b, 56)) | (u64::from(u32_at(b, 60)) << 32);
        p.uint(inode);
    };
    with_struct(p, nl, ("diag_family", family), (addr, len, 64), rest, Some(&SMC_MSG));
}
