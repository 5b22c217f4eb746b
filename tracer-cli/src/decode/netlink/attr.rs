//! `struct nlattr` lists (strace's `decode_nlattr`): `[{nla_len=8, nla_type=IFLA_MTU}, 1500]`, each
//! attribute's data decoded by its type as the table of its message says, else as hex bytes.

use super::Nl;
use crate::decode::printer::{Group, Printer};
use crate::decode::xlat::{xval, Xlat};
use crate::decode::Fmt;

/// `sizeof(struct nlattr)`.
pub const NLA_HDRLEN: u64 = 4;
const NLA_F_NESTED: u16 = 1 << 15;
const NLA_F_NET_BYTEORDER: u16 = 1 << 14;
const NLA_TYPE_MASK: u16 = !(NLA_F_NESTED | NLA_F_NET_BYTEORDER);

/// How an attribute's data is printed (strace's `decode_nla_*`).
#[derive(Clone, Copy, Debug)]
pub enum Nla {
    /// A NUL-terminated string (`decode_nla_str`).
    Str,
    U8,
    U16,
    U32,
    S32,
    /// A network interface index (`decode_nla_ifindex`).
    Ifindex,
    /// A descriptor (`decode_nla_fd`).
    Fd,
    /// An array of u8 (`nlmsgerr`'s cookie).
    U8Array,
    /// A count of clock ticks of up to 8 bytes (`decode_nla_clock_t`).
    ClockT,
    /// An array of `struct nexthop_grp`.
    NhGroup,
    /// A value named in a table, `size` bytes at most (`decode_nla_xval`).
    Xval {
        table: Xlat,
        unknown: &'static str,
        size: u8,
    },
    /// A u32 flag set (`len` at least 4; strace's per-message flag decoders such as
    /// `decode_ifa_flags`).
    FlagsU32 {
        table: Xlat,
        unknown: &'static str,
    },
    /// An IPv4 or IPv6 address by the message's family (`decode_inet_addr`).
    InetAddr,
    /// A struct of u32 fields, by name (`struct ifa_cacheinfo`).
    U32Struct(&'static [&'static str]),
    /// A u8 named in a table, whatever the length (`decode_multicast_router_type`).
    Xval8 {
        table: Xlat,
        unknown: &'static str,
    },
    /// An array of u32.
    U32Array,
    /// A uid (`decode_nla_uid`): `-1` for (uid_t) -1.
    Uid,
    /// `struct unix_diag_vfs`.
    UnixVfs,
    /// `struct br_mdb_entry` and its attributes.
    MdbEntryInfo,
    /// A bridge router port and its attributes.
    MdbRouterPort,
    /// Attributes nested in this one.
    Nested(&'static Attrs),
    /// A NETLINK_ROUTE kind (`rtnl_nla`).
    Route(super::rtnl_nla::RtNla),
    /// A sock_diag attribute's own decoder.
    Diag(super::diag_nla::DiagNla),
}

/// The attributes of one kind of message: their names and how each one's data is printed.
#[derive(Debug)]
pub struct Attrs {
    pub table: Xlat,
    /// The unknown-type text; empty for none (a bare hex type).
    pub unknown: &'static str,
    /// By type; types past the end or `None` print as hex bytes.
    pub decoders: &'static [Option<Nla>],
}

/// Attributes of no known kind: hex types and hex data.
pub const UNKNOWN: Attrs = Attrs { table: &[], unknown: "", decoders: &[] };

/// strace's `fetch_nlattr`: the `(nla_len, nla_type)` at `addr`, or what strace prints instead.
fn fetch<P: Printer + ?Sized>(p: &mut P, nl: &Nl, addr: u64, len: u64, in_array: bool) -> Option<(u16, u16)> {
    if len < NLA_HDRLEN {
        nl.hex(p, addr, len);
        return None;
    }
    if let (Some(nla_len), Some(nla_type)) = (nl.mem.u16(addr), nl.mem.u16(addr + 2)) {
        return Some((nla_len, nla_type));
    }
    if in_array {
        p.more();
        p.comment(&format!("{addr:#x}"));
    } else {
        p.addr(addr);
    }
    None
}

/// The attributes in `len` bytes at `addr`: one, or an array of them.
pub fn decode<P: Printer + ?Sized>(p: &mut P, nl: &Nl, mut addr: u64, mut len: u64, attrs: &Attrs) {
    let mut is_array = false;
    let mut elt = 0u64;
    while let Some((nla_len, nla_type)) = fetch(p, nl, addr, len, is_array) {
        if nl.abbrev && elt == u64::from(nl.strlen) {
            p.more();
            break;
        }
        let aligned = (u64::from(nla_len) + 3) & !3;
        let mut next = None;
        if u64::from(nla_len) >= NLA_HDRLEN {
            let next_len = len.saturating_sub(aligned);
            if next_len > 0 {
                next = Some((addr + aligned, next_len));
            }
        }
        if !is_array && next.is_some() {
            p.open(Group::Array);
            is_array = true;
        }
        with_data(p, nl, nla_len, nla_type, addr, len, attrs);
        let Some((next_addr, next_len)) = next else { break };
        addr = next_addr;
        len = next_len;
        elt += 1;
    }
    if is_array {
        p.close();
    }
}

/// `{nla_len=..., nla_type=...}`, or `[{...}, data]`.
fn with_data<P: Printer + ?Sized>(
    p: &mut P,
    nl: &Nl,
    nla_len: u16,
    nla_type: u16,
    addr: u64,
    len: u64,
    attrs: &Attrs,
) {
    let shown = u64::from(nla_len).min(len);
    let has_data = shown > NLA_HDRLEN;
    if has_data {
        p.open(Group::Array);
    }
    header(p, nla_len, nla_type, attrs);
    if has_data {
        let kind = attrs.decoders.get(usize::from(nla_type & NLA_TYPE_MASK)).copied().flatten();
        let (data, data_len) = (addr + NLA_HDRLEN, shown - NLA_HDRLEN);
        if !kind.is_some_and(|kind| data_as(p, nl, kind, data, data_len)) {
            nl.hex(p, data, data_len);
        }
        p.close();
    }
}

/// `{nla_len=8, nla_type=NLA_F_NESTED|IFLA_INFO_DATA}`.
fn header<P: Printer + ?Sized>(p: &mut P, nla_len: u16, nla_type: u16, attrs: &Attrs) {
    p.open(Group::Struct);
    p.field("nla_len");
    p.uint(u64::from(nla_len));
    p.field("nla_type");
    let bits = [(NLA_F_NESTED, "NLA_F_NESTED"), (NLA_F_NET_BYTEORDER, "NLA_F_NET_BYTEORDER")];
    let marked = nla_type & !NLA_TYPE_MASK != 0;
    if marked {
        p.open(Group::Or);
    }
    for (bit, name) in bits {
        if nla_type & bit != 0 {
            p.constant(u64::from(bit), Some(name), Fmt::Hex, "");
        }
    }
    xval(p, attrs.table, u64::from(nla_type & NLA_TYPE_MASK), attrs.unknown);
    if marked {
        p.close();
    }
    p.close();
}

/// An attribute's data as `kind` says; false when it does not fit (printed as hex then).
pub fn data_as<P: Printer + ?Sized>(p: &mut P, nl: &Nl, kind: Nla, addr: u64, len: u64) -> bool {
    let int = |p: &mut P, size: u64, print: &dyn Fn(&mut P, &[u8])| -> bool {
        if len < size {
            return false;
        }
        if let Some(bytes) = nl.fetch(p, addr, size) {
            print(p, bytes);
        }
        true
    };
    let le = |b: &[u8]| b.iter().rev().fold(0u64, |acc, &x| (acc << 8) | u64::from(x));
    let signed = |b: &[u8]| {
        let bits = 64 - 8 * b.len() as u32;
        ((le(b) << bits) as i64) >> bits
    };
    match kind {
        Nla::Str => nl.nla_str(p, addr, len),
        Nla::U8 => return int(p, 1, &|p, b| p.uint(le(b))),
        Nla::U16 => return int(p, 2, &|p, b| p.uint(le(b))),
        Nla::U32 => return int(p, 4, &|p, b| p.uint(le(b))),
        Nla::Ifindex => return int(p, 4, &|p, b| super::ifindex(p, le(b) as u32)),
        Nla::Fd => {
            return int(p, 4, &|p, b| match nl.ctx {
                Some(ctx) => ctx.fd(p, signed(b) as i32),
                None => p.int(signed(b)),
            })
        }
        Nla::S32 => return int(p, 4, &|p, b| p.int(signed(b))),
        Nla::U8Array => nl.array(p, addr, (len, 1), |p, b| p.uint(u64::from(b[0]))),
        Nla::ClockT => {
            if len > 8 {
                return false;
            }
            if let Some(bytes) = nl.fetch(p, addr, len) {
                crate::decode::structs::clock_t(p, le(bytes));
            }
        }
        Nla::NhGroup => {
            if len < 8 {
                return false;
            }
            nl.array(p, addr, (len / 8, 8), super::rtnl_nh::group);
        }
        Nla::Xval { table, unknown, size } => {
            let size = u64::from(size);
            if len > 8 || len < size {
                return false;
            }
            let n = if size > 0 { len.min(size) } else { len };
            if let Some(bytes) = nl.fetch(p, addr, n) {
                xval(p, table, le(bytes), unknown);
            }
        }
        Nla::FlagsU32 { table, unknown } => {
            return int(p, 4, &|p, b| p.flags(le(b), &[table], Some(unknown)));
        }
        Nla::InetAddr => super::inet::address(p, nl, addr, len),
        Nla::U32Struct(names) => {
            let size = 4 * names.len() as u64;
            if len < size {
                return false;
            }
            if let Some(bytes) = nl.fetch(p, addr, size) {
                p.open(Group::Struct);
                for (name, b) in names.iter().zip(bytes.chunks_exact(4)) {
                    p.field(name);
                    p.uint(le(b));
                }
                p.close();
            }
        }
        Nla::Xval8 { table, unknown } => {
            if let Some(b) = nl.fetch(p, addr, 1) {
                xval(p, table, u64::from(b[0]), unknown);
            }
        }
        Nla::U32Array => {
            if len < 4 {
                return false;
            }
            nl.array(p, addr, (len / 4, 4), |p, b| p.uint(le(b)));
        }
        Nla::Uid => {
            return int(p, 4, &|p, b| match le(b) {
                0xffff_ffff => p.int(-1),
                uid => p.uint(uid),
            });
        }
        Nla::UnixVfs => {
            if len < 8 {
                return false;
            }
            if let Some(b) = nl.fetch(p, addr, 8) {
                super::diag::unix_vfs(p, b);
            }
        }
        Nla::MdbEntryInfo => return super::rtnl_mdb::entry_info(p, nl, addr, len),
        Nla::MdbRouterPort => return super::rtnl_mdb::router_port(p, nl, addr, len),
        Nla::Nested(inner) => decode(p, nl, addr, len, inner),
        Nla::Route(kind) => return super::rtnl_nla::data_as(p, nl, kind, addr, len),
        Nla::Diag(kind) => return super::diag_nla::data(p, nl, kind, addr, len),
    }
    true
}
