//! What follows a message's header (strace's `decode_payload`): an error's `nlmsgerr`, a
//! protocol's own message, `NLMSG_DONE`'s int, else hex bytes.

use super::attr::{self, Attrs, Nla};
use super::types::{NLMSG_DONE, NLMSG_ERROR, NLMSG_MIN_TYPE};
use super::{proto, route, with_payload, Header, Nl, NLMSG_HDRLEN};
use crate::decode::errno::print_err;
use crate::decode::printer::{Fmt, Group, Printer};
use crate::decode::tables::{NLMSGERR_ATTRS, SOCKET_DOMAINS};
use crate::decode::xlat::{print_xlat, xval};

const NLM_F_CAPPED: u16 = 0x100;

/// The payload of `header`: `len` bytes at `addr`.
pub fn decode<P: Printer + ?Sized>(p: &mut P, nl: &Nl, header: &Header, addr: u64, len: u64) {
    if header.kind == NLMSG_ERROR {
        return nlmsgerr(p, nl, addr, len, header.flags & NLM_F_CAPPED != 0);
    }
    if (header.kind >= NLMSG_MIN_TYPE || header.kind == NLMSG_DONE) && by_protocol(p, nl, header, addr, len) {
        return;
    }
    if header.kind == NLMSG_DONE && len == 4 {
        if let Some(b) = nl.fetch(p, addr, 4) {
            p.int(i64::from(i32::from_ne_bytes([b[0], b[1], b[2], b[3]])));
        }
        return;
    }
    nl.hex(p, addr, len);
}

/// The protocol's decoder; false when it has none for this message.
fn by_protocol<P: Printer + ?Sized>(p: &mut P, nl: &Nl, header: &Header, addr: u64, len: u64) -> bool {
    match nl.family {
        proto::ROUTE => route::decode(p, nl, header, addr, len),
        proto::SOCK_DIAG => super::diag::decode(p, nl, header, addr, len),
        proto::SELINUX => selinux(p, nl, header, addr, len),
        proto::NETFILTER => netfilter(p, nl, header, addr, len),
        _ => false,
    }
}

const NLMSGERR_ATTR_DECODERS: &[Option<Nla>] = &[None, Some(Nla::Str), Some(Nla::U32), Some(Nla::U8Array)];
const NLMSGERR: Attrs =
    Attrs { table: NLMSGERR_ATTRS, unknown: "NLMSGERR_ATTR_???", decoders: NLMSGERR_ATTR_DECODERS };

/// `{error=-EACCES, msg={header...}}`, with the extended ack's attributes after it.
fn nlmsgerr<P: Printer + ?Sized>(p: &mut P, nl: &Nl, addr: u64, len: u64, capped: bool) {
    // struct nlmsgerr: int error, then the request's header.
    const SIZE: u64 = 4 + NLMSG_HDRLEN as u64;
    if len < SIZE {
        return nl.hex(p, addr, len);
    }
    let Some(bytes) = nl.fetch(p, addr, SIZE) else { return };
    let error = i32::from_ne_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    let Some(inner) = Header::parse(&bytes[4..]) else { return };
    let (addr, len) = (addr + 4, len - 4);
    let nlmsg_len = u64::from(inner.len.max(NLMSG_HDRLEN));
    let payload = len.min(if capped { u64::from(NLMSG_HDRLEN) } else { nlmsg_len });
    if len > payload {
        p.open(Group::Array);
    }
    p.open(Group::Struct);
    p.field("error");
    print_err(p, i64::from(error), true);
    p.field("msg");
    with_payload(p, nl, &inner, addr, payload);
    p.close();
    if len > payload {
        attr::decode(p, nl, addr + payload, len - payload, &NLMSGERR);
        p.close();
    }
}

/// SELinux's `{val=1}` and `{seqno=1}`.
fn selinux<P: Printer + ?Sized>(p: &mut P, nl: &Nl, header: &Header, addr: u64, len: u64) -> bool {
    let field = match header.kind {
        0x10 => "val",
        0x11 => "seqno",
        _ => return false,
    };
    if len < 4 {
        nl.hex(p, addr, len);
    } else if let Some(b) = nl.fetch(p, addr, 4) {
        let raw = [b[0], b[1], b[2], b[3]];
        p.open(Group::Struct);
        p.field(field);
        match header.kind {
            0x10 => p.int(i64::from(i32::from_ne_bytes(raw))),
            _ => p.uint(u64::from(u32::from_ne_bytes(raw))),
        }
        p.close();
    }
    true
}

/// `{nfgen_family=AF_INET, version=NFNETLINK_V0, res_id=htons(0)}`, then attributes.
fn netfilter<P: Printer + ?Sized>(p: &mut P, nl: &Nl, header: &Header, addr: u64, len: u64) -> bool {
    const NFNETLINK_VERSIONS: &[(u64, &str)] = &[(0, "NFNETLINK_V0")];
    const NFNL_SUBSYS_NFTABLES: u16 = 10;
    if header.kind == NLMSG_DONE {
        return false;
    }
    // struct nfgenmsg: u8 nfgen_family, u8 version, __be16 res_id.
    if len < 4 {
        nl.hex(p, addr, len);
        return true;
    }
    let Some(b) = nl.fetch(p, addr, 4) else { return true };
    let subsys_id = header.kind >> 8;
    let raw_res_id = u16::from_ne_bytes([b[2], b[3]]);
    let res_id = u16::from_be_bytes([b[2], b[3]]);
    p.open(Group::Struct);
    p.field("nfgen_family");
    xval(p, SOCKET_DOMAINS, u64::from(b[0]), "AF_???");
    p.field("version");
    xval(p, NFNETLINK_VERSIONS, u64::from(b[1]), "NFNETLINK_???");
    p.field("res_id");
    if subsys_id == NFNL_SUBSYS_NFTABLES && res_id == NFNL_SUBSYS_NFTABLES {
        print_xlat(p, u64::from(raw_res_id), Some("htons(NFNL_SUBSYS_NFTABLES)"), Fmt::Hex);
    } else if subsys_id == NFNL_SUBSYS_NFTABLES && raw_res_id == NFNL_SUBSYS_NFTABLES {
        print_xlat(p, u64::from(raw_res_id), Some("NFNL_SUBSYS_NFTABLES"), Fmt::Hex);
    } else {
        p.open(Group::Call("htons"));
        p.uint(u64::from(res_id));
        p.close();
    }
    p.close();
    if len > 4 {
        let batch = (0x10..=0x11).contains(&header.kind) || header.kind < NLMSG_MIN_TYPE;
        if batch {
            nl.hex(p, addr + 4, len - 4);
        } else {
            attr::decode(p, nl, addr + 4, len - 4, &attr::UNKNOWN);
        }
    }
    true
}
