//! Netlink messages in a socket's data, as strace 6.1 prints them (its `decode_netlink`): each
//! `struct nlmsghdr` with its type and flags named by the socket's protocol, then its payload by
//! protocol and type (`nlmsgerr`, route, sock_diag, netfilter, selinux messages and their
//! attributes); several messages in one buffer as an array.
//!
//! strace reads the tracee's memory piece by piece and prints the address of a piece it cannot
//! read. tracer decodes from the capture instead (a socket's buffer is captured past `-s`, up to
//! `tracer_common::capture::SOCKBUF_MAX_BYTES`, with its readable prefix when the rest faulted):
//! [`Mem`] answers as the memory would, and a piece outside the capture prints as unreadable.
//!
//! Here: the entry point, the memory view and the message loop. `types`: message types and flags
//! by protocol. `attr`: `struct nlattr` lists. `payload`: what follows a header.

mod attr;
mod diag;
mod diag_nla;
mod genl;
mod inet;
mod inet_diag;
mod payload;
pub mod query;
mod route;
mod rtnl_addr;
mod rtnl_link;
mod rtnl_mdb;
mod rtnl_neigh;
mod rtnl_nh;
mod rtnl_nla;
mod rtnl_route;
mod rtnl_stats;
mod rtnl_tc;
mod sock_diag;
mod types;
mod uevent;

use tracer_common::syscall::nr;

use super::pids::{PidType, Pids};
use super::printer::{Group, Printer, Quote};
use super::Ctx;

/// `sizeof(struct nlmsghdr)`.
const NLMSG_HDRLEN: u32 = 16;

/// Netlink protocols with their own decoding.
pub mod proto {
    pub const ROUTE: u32 = 0;
    pub const SOCK_DIAG: u32 = 4;
    pub const XFRM: u32 = 6;
    pub const SELINUX: u32 = 7;
    pub const AUDIT: u32 = 9;
    pub const NETFILTER: u32 = 12;
    pub const GENERIC: u32 = 16;
    pub const CRYPTO: u32 = 21;
    pub const KOBJECT_UEVENT: u32 = 15;
}

/// The tracee's memory as far as the capture holds it: `bytes` are those at `base`.
#[derive(Clone, Copy, Debug)]
pub struct Mem<'a> {
    base: u64,
    bytes: &'a [u8],
}

impl<'a> Mem<'a> {
    /// `n` bytes at `addr`, when the capture holds them.
    pub fn get(&self, addr: u64, n: u64) -> Option<&'a [u8]> {
        let off = usize::try_from(addr.checked_sub(self.base)?).ok()?;
        let end = off.checked_add(usize::try_from(n).ok()?)?;
        self.bytes.get(off..end)
    }

    fn u16(&self, addr: u64) -> Option<u16> {
        self.get(addr, 2).and_then(|b| b.try_into().ok()).map(u16::from_ne_bytes)
    }
}

/// What the decoders share: the memory, `-s`, `-v` and the socket's protocol.
#[derive(Clone, Copy, Debug)]
pub struct Nl<'a> {
    pub mem: Mem<'a>,
    pub strlen: u32,
    /// Not `-v`: lists stop after `-s` elements.
    pub abbrev: bool,
    pub family: u32,
    /// The address family of the message being decoded (its attributes' addresses are of it).
    pub msg_family: u8,
    /// The call's settings, for the decoders that print what the rest of tracer prints (socket
    /// addresses); `None` in unit tests.
    pub ctx: Option<&'a Ctx<'a>>,
    /// How `nlmsg_pid` and other pids are decorated.
    pub pids: Pids<'a>,
}

impl Nl<'_> {
    /// strace's `printstr_ex(..., QUOTE_FORCE_HEX)`: `len` bytes as `"\x01\x02"`, cut at `-s`; the
    /// address when they cannot be read.
    pub fn hex<P: Printer + ?Sized>(&self, p: &mut P, addr: u64, len: u64) {
        self.string(p, addr, len, Quote::Hex);
    }

    /// strace's `printstrn`: `len` bytes as a string, cut at `-s` (strace reads one byte more
    /// than it shows, so that byte must be readable too).
    pub fn string<P: Printer + ?Sized>(&self, p: &mut P, addr: u64, len: u64, quote: Quote) {
        let strlen = u64::from(self.strlen);
        match self.mem.get(addr, len.min(strlen + 1)) {
            Some(bytes) => p.str(&bytes[..bytes.len().min(self.strlen as usize)], quote, len > strlen),
            None => p.addr(addr),
        }
    }

    /// strace's `decode_nla_str`: a string whose trailing NUL is not shown; `...` when it has none.
    pub fn nla_str<P: Printer + ?Sized>(&self, p: &mut P, addr: u64, len: u64) {
        let strlen = u64::from(self.strlen);
        let Some(bytes) = self.mem.get(addr, len.min(strlen + 1)) else {
            return p.addr(addr);
        };
        let shown = &bytes[..bytes.len().min(self.strlen as usize)];
        match shown.split_last() {
            Some((0, text)) => p.str(text, Quote::Text, false),
            _ => p.str(shown, Quote::Text, len != 0),
        }
    }

    /// strace's `print_array`: `nmemb` elements of `size` bytes at `addr`, each printed by `each`;
    /// `...` past `-s` elements (unless `-v`), `... /* ADDR */` at the first unreadable one after
    /// the first, the address when the first is unreadable.
    pub fn array<P: Printer + ?Sized>(
        &self,
        p: &mut P,
        addr: u64,
        (nmemb, size): (u64, u64),
        mut each: impl FnMut(&mut P, &[u8]),
    ) {
        if nmemb == 0 {
            p.open(Group::Array);
            p.close();
            return;
        }
        let shown = if self.abbrev { nmemb.min(u64::from(self.strlen)) } else { nmemb };
        for i in 0..nmemb {
            let cur = addr.wrapping_add(i * size);
            let Some(bytes) = self.mem.get(cur, size) else {
                if i == 0 {
                    return p.addr(cur);
                }
                p.more();
                p.comment(&format!("{cur:#x}"));
                break;
            };
            if i == 0 {
                p.open(Group::Array);
            }
            if i >= shown {
                p.more();
                break;
            }
            each(p, bytes);
        }
        p.close();
    }

    /// strace's `umove_or_printaddr` of `n` bytes: the bytes, or the address printed.
    pub fn fetch<P: Printer + ?Sized>(&self, p: &mut P, addr: u64, n: u64) -> Option<&[u8]> {
        let bytes = self.mem.get(addr, n);
        if bytes.is_none() {
            p.addr(addr);
        }
        bytes
    }
}

/// The header fields of one message.
#[derive(Clone, Copy, Debug, Default)]
pub struct Header {
    pub len: u32,
    pub kind: u16,
    pub flags: u16,
    pub seq: u32,
    pub pid: u32,
}

impl Header {
    fn parse(b: &[u8]) -> Option<Header> {
        let u32_at = |at: usize| b.get(at..at + 4).and_then(|s| s.try_into().ok()).map(u32::from_ne_bytes);
        let u16_at = |at: usize| b.get(at..at + 2).and_then(|s| s.try_into().ok()).map(u16::from_ne_bytes);
        Some(Header {
            len: u32_at(0)?,
            kind: u16_at(4)?,
            flags: u16_at(6)?,
            seq: u32_at(8)?,
            pid: u32_at(12)?,
        })
    }
}

/// The data argument `idx` (`len` bytes) of sendto/recvfrom on descriptor `fd` when it is a
/// netlink socket: decoded, and true; false (nothing printed) for any other socket.
pub fn sockbuf<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, idx: usize, len: u64) -> bool {
    if !matches!(ctx.call.nr, nr::SENDTO | nr::RECVFROM) {
        return false;
    }
    let fd = ctx.arg(0) as i32;
    let Some(family) = ctx.fds.and_then(|fds| fds.netlink_protocol(ctx.call.meta.pid, fd)) else {
        return false;
    };
    let addr = ctx.arg(idx);
    let Some(capture) = ctx.capture(idx) else {
        if family == proto::KOBJECT_UEVENT {
            return false;
        }
        p.addr(addr);
        return true;
    };
    let nl = Nl {
        mem: Mem { base: addr, bytes: &capture.bytes },
        strlen: ctx.strlen,
        abbrev: !ctx.verbose,
        family,
        msg_family: 0,
        ctx: Some(ctx),
        pids: ctx.pids(),
    };
    if family == proto::KOBJECT_UEVENT {
        return uevent::decode(p, &nl, addr, len, ctx.fetch);
    }
    messages(p, &nl, addr, len);
    true
}

/// strace's `fetch_nlmsghdr`: the header at `addr`, or what strace prints when there is none.
fn fetch_header<P: Printer + ?Sized>(
    p: &mut P,
    nl: &Nl,
    addr: u64,
    len: u64,
    in_array: bool,
) -> Option<Header> {
    if len < u64::from(NLMSG_HDRLEN) {
        nl.hex(p, addr, len);
        return None;
    }
    if let Some(header) = nl.mem.get(addr, u64::from(NLMSG_HDRLEN)).and_then(Header::parse) {
        return Some(header);
    }
    if in_array {
        p.more();
        p.comment(&format!("{addr:#x}"));
    } else {
        p.addr(addr);
    }
    None
}

/// The messages in `len` bytes at `addr`: one, or an array of them.
fn messages<P: Printer + ?Sized>(p: &mut P, nl: &Nl, mut addr: u64, mut len: u64) {
    let mut is_array = false;
    let mut elt = 0u64;
    while let Some(header) = fetch_header(p, nl, addr, len, is_array) {
        if nl.abbrev && elt == u64::from(nl.strlen) {
            p.more();
            break;
        }
        let aligned = u64::from(align4(header.len));
        let mut next = None;
        if header.len >= NLMSG_HDRLEN {
            let next_len = len.saturating_sub(aligned);
            if next_len > 0 && addr.checked_add(aligned).is_some() {
                next = Some((addr + aligned, next_len));
            }
        }
        if !is_array && next.is_some() {
            p.open(Group::Array);
            is_array = true;
        }
        with_payload(p, nl, &header, addr, len);
        let Some((next_addr, next_len)) = next else { break };
        addr = next_addr;
        len = next_len;
        elt += 1;
    }
    if is_array {
        p.close();
    }
}

/// A network interface index (strace's `print_ifindex`): `if_nametoindex("lo")` when the tracer
/// knows the interface (in its own network namespace), else the number.
pub fn ifindex<P: Printer + ?Sized>(p: &mut P, index: u32) {
    let name = crate::facts::interface_name(index).map(|bytes| {
        let mut quoted = String::new();
        crate::decode::strings::quote(&mut quoted, &bytes, Quote::Text, false);
        format!("if_nametoindex({quoted})")
    });
    p.constant(u64::from(index), name.as_deref(), crate::decode::Fmt::Unsigned, "");
}

/// `NLMSG_ALIGN`.
fn align4(len: u32) -> u32 {
    len.wrapping_add(3) & !3
}

/// strace's `decode_nlmsghdr_with_payload`: `{header}`, or `[{header}, payload]`.
fn with_payload<P: Printer + ?Sized>(p: &mut P, nl: &Nl, header: &Header, addr: u64, len: u64) {
    let nlmsg_len = u64::from(header.len).min(len);
    let has_payload = nlmsg_len > u64::from(NLMSG_HDRLEN);
    if has_payload {
        p.open(Group::Array);
    }
    print_header(p, nl, header);
    if has_payload {
        let hdr = u64::from(NLMSG_HDRLEN);
        payload::decode(p, nl, header, addr + hdr, nlmsg_len - hdr);
        p.close();
    }
}

/// `{nlmsg_len=..., nlmsg_type=..., nlmsg_flags=..., nlmsg_seq=..., nlmsg_pid=...}`.
fn print_header<P: Printer + ?Sized>(p: &mut P, nl: &Nl, header: &Header) {
    p.open(Group::Struct);
    p.field("nlmsg_len");
    p.uint(u64::from(header.len));
    p.field("nlmsg_type");
    types::kind(p, nl.family, header.kind);
    p.field("nlmsg_flags");
    types::flags(p, nl.family, header.kind, header.flags);
    p.field("nlmsg_seq");
    p.uint(u64::from(header.seq));
    p.field("nlmsg_pid");
    nl.pids.pid(p, header.pid as i32, PidType::Tgid);
    p.close();
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod rtnl_tests;
