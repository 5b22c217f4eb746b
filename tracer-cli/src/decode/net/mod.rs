//! Socket addresses and socket lengths, as strace 6.1 prints them:
//! `{sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}`, `[128 => 16]`,
//! `[1]`; socket option values are in [`sockopt`].

mod ax25;
mod families;
mod sockopt;

pub use sockopt::{getsockopt_value, setsockopt_value, ucred};

use std::net::{Ipv4Addr, Ipv6Addr};

use tracer_common::capture::SOCKADDR_MAX_BYTES;
use tracer_common::event::Capture;

use super::fields::{int, Fields};
use super::printer::{Group, Printer, Quote, XlatStyle};
use super::strings;
use super::tables::SOCKET_DOMAINS;
use super::xlat::{composite_with, print_xlat, xval};
use super::Ctx;
use super::Fmt;

const SA_FAMILY: usize = 2;

/// A captured socket address of `addrlen` bytes (strace's `decode_sockaddr`): the address when the
/// length is below 2 or the memory was not copied.
pub fn sockaddr_at<P: Printer + ?Sized>(
    p: &mut P,
    ctx: &Ctx,
    ptr: u64,
    addrlen: i64,
    capture: Option<&Capture>,
) {
    if addrlen < SA_FAMILY as i64 {
        return p.addr(ptr);
    }
    let len = usize::try_from(addrlen).unwrap_or(usize::MAX).min(usize::from(SOCKADDR_MAX_BYTES));
    match capture {
        Some(c) if ptr != 0 && !c.read_fault() && c.bytes.len() >= len => sockaddr(p, ctx, &c.bytes[..len]),
        _ => p.addr(ptr),
    }
}

/// `{sa_family=..., ...}` from the address's bytes (strace's `print_sockaddr`).
pub fn sockaddr<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, bytes: &[u8]) {
    let f = Fields(bytes);
    let family = f.u16(0);
    p.open(Group::Struct);
    p.field("sa_family");
    xval(p, SOCKET_DOMAINS, u64::from(family), "AF_???");
    let len = bytes.len();
    if len > SA_FAMILY {
        match i32::from(family) {
            libc::AF_UNIX => unix(p, bytes),
            libc::AF_INET if len >= 16 => inet(p, &f),
            libc::AF_INET6 if len >= 24 => inet6(p, &f),
            libc::AF_NETLINK if len >= 12 => netlink(p, ctx, &f),
            libc::AF_AX25 if len >= 16 => ax25::print(p, bytes),
            _ if families::min_len(family).is_some_and(|min| len >= min) => {
                families::print(p, ctx, family, bytes);
            }
            _ => {
                p.field("sa_data");
                p.str(&bytes[SA_FAMILY..], Quote::Text, false);
            }
        }
    }
    p.close();
}

/// `sun_path="/tmp/sock"`, or `sun_path=@"name"` for the abstract namespace.
fn unix<P: Printer + ?Sized>(p: &mut P, bytes: &[u8]) {
    // sizeof(struct sockaddr_un) is 110.
    let path = &bytes[SA_FAMILY..bytes.len().min(110)];
    p.field("sun_path");
    match path.split_first() {
        Some((0, rest)) => {
            p.open(Group::Expr);
            p.raw("@");
            p.str(rest, Quote::Text, false);
            p.close();
        }
        _ => p.str(strings::until_nul(path), Quote::Text, false),
    }
}

/// `sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")`; with `-X raw` the bytes
/// (`sin_port="\x00\x50", sin_addr="\x7f\x00\x00\x01"`), with `-X verbose` both (strace 6.1's
/// `PRINT_FIELD_NET_PORT` and `print_inet_addr`).
fn inet<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    port(p, "sin_port", f);
    inet_addr(p, "sin_addr", f.bytes(4));
}

/// `name=inet_addr("127.0.0.1")` (strace's `print_inet_addr` for AF_INET): with `-X raw` the
/// bytes, with `-X verbose` both.
pub(super) fn inet_addr<P: Printer + ?Sized>(p: &mut P, name: &str, a: [u8; 4]) {
    p.field(name);
    composite_with(
        p,
        |p| p.str(&a, Quote::Hex, false),
        |p| {
            p.open(Group::Call("inet_addr"));
            p.str(Ipv4Addr::from(a).to_string().as_bytes(), Quote::Text, false);
            p.close();
        },
    );
}

/// `inet_pton(AF_INET6, "::1", &name)` (strace's `print_inet_addr` for AF_INET6); with `-X raw`
/// `name="\x00..."`, with `-X verbose` the bytes then `/* inet_pton(AF_INET6, "::1") */`.
pub(super) fn inet6_addr<P: Printer + ?Sized>(p: &mut P, name: &str, a: [u8; 16]) {
    let text = ipv6(a);
    if p.style() == XlatStyle::Abbrev {
        p.open(Group::Call("inet_pton"));
        p.name("AF_INET6");
        p.str(text.as_bytes(), Quote::Text, false);
        p.name(&format!("&{name}"));
        p.close();
    } else {
        // The field name comes first, and the comment has no `&name`.
        p.field(name);
        composite_with(
            p,
            |p| p.str(&a, Quote::Hex, false),
            |p| {
                p.open(Group::Call("inet_pton"));
                p.name("AF_INET6");
                p.str(text.as_bytes(), Quote::Text, false);
                p.close();
            },
        );
    }
}

/// An interface index (strace's `print_ifindex`): `if_nametoindex("lo")` when an interface of
/// that index exists here, the number otherwise (and with `-X raw`).
pub(super) fn ifindex<P: Printer + ?Sized>(p: &mut P, index: u32) {
    let name = crate::facts::interface_name(index).map(|bytes| {
        let mut quoted = String::new();
        strings::quote(&mut quoted, &bytes, Quote::Text, false);
        format!("if_nametoindex({quoted})")
    });
    print_xlat(p, u64::from(index), name.as_deref(), Fmt::Unsigned);
}

/// A hardware address (strace's `print_mac_addr`): `ff:ff:ff`, the bytes with `-X raw`, both with
/// `-X verbose`.
pub(super) fn mac<P: Printer + ?Sized>(p: &mut P, bytes: &[u8]) {
    let text: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
    composite_with(p, |p| p.str(bytes, Quote::Hex, false), |p| p.name(&text.join(":")));
}

/// `sin_port=htons(80)` (`sin_port="\x00\x50"` raw), the port at offset 2 of a sockaddr.
fn port<P: Printer + ?Sized>(p: &mut P, name: &str, f: &Fields) {
    p.field(name);
    let bytes: [u8; 2] = f.bytes(2);
    composite_with(
        p,
        |p| p.str(&bytes, Quote::Hex, false),
        |p| {
            p.open(Group::Call("htons"));
            p.uint(u64::from(u16::from_be_bytes(bytes)));
            p.close();
        },
    );
}

/// `sin6_port=htons(80), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0`;
/// with `-X raw` the bytes of port, flowinfo and address, with `-X verbose` the bytes then
/// `/* htons(80) */`, `/* htonl(0) */`, `/* inet_pton(AF_INET6, "::1") */`.
fn inet6<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    port(p, "sin6_port", f);
    p.field("sin6_flowinfo");
    let flowinfo: [u8; 4] = f.bytes(4);
    composite_with(
        p,
        |p| p.str(&flowinfo, Quote::Hex, false),
        |p| {
            p.open(Group::Call("htonl"));
            p.uint(u64::from(u32::from_be_bytes(flowinfo)));
            p.close();
        },
    );
    let a: [u8; 16] = f.bytes(8);
    inet6_addr(p, "sin6_addr", a);
    if f.len() > 24 {
        p.field("sin6_scope_id");
        let scope = f.u32(24);
        // Link-local unicast (fe80::/10) and multicast (ff02::/16 and kin) scopes are interfaces.
        if (a[0] == 0xfe && a[1] & 0xc0 == 0x80) || (a[0] == 0xff && a[1] & 0x0f == 0x02) {
            ifindex(p, scope);
        } else {
            p.uint(u64::from(scope));
        }
    }
}

/// An IPv6 address as glibc's `inet_ntop` writes it (which embeds IPv4 in `::a.b.c.d` and
/// `::ffff:a.b.c.d`).
pub fn ipv6(a: [u8; 16]) -> String {
    let words: Vec<u16> = a.chunks_exact(2).map(|w| u16::from_be_bytes([w[0], w[1]])).collect();
    if words[..6].iter().all(|&w| w == 0) && words[6] != 0 {
        format!("::{}", Ipv4Addr::new(a[12], a[13], a[14], a[15]))
    } else {
        Ipv6Addr::from(a).to_string()
    }
}

/// `nl_pid=1234, nl_groups=00000000` (with `nl_pad=0x...` first when it is not zero).
fn netlink<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, f: &Fields) {
    let pad = f.u16(2);
    if pad != 0 {
        p.field("nl_pad");
        p.hex(u64::from(pad));
    }
    p.field("nl_pid");
    ctx.pid(p, f.i32(4), crate::decode::pids::PidType::Tgid);
    p.field("nl_groups");
    zero_padded_hex(p, f.u32(8));
}

/// printf's `%#08x`: zero as `00000000`, other values as `0x000001`.
fn zero_padded_hex<P: Printer + ?Sized>(p: &mut P, value: u32) {
    if value == 0 {
        p.formatted(0, "00000000");
    } else {
        p.formatted(u64::from(value), &format!("{value:#08x}"));
    }
}

/// A `socklen_t *` value-result argument: `[16]`, `[128 => 16]`, or the address.
pub fn socklen<P: Printer + ?Sized>(p: &mut P, ptr: u64, before: Option<i32>, after: Option<i32>) {
    let value = match (before, after) {
        (Some(b), Some(a)) if b != a => {
            p.open(Group::Array);
            p.open(Group::Changed);
            p.int(i64::from(b));
            p.int(i64::from(a));
            p.close();
            p.close();
            return;
        }
        (_, Some(a)) => a,
        (Some(b), None) => b,
        (None, None) => return p.addr(ptr),
    };
    p.open(Group::Array);
    p.int(i64::from(value));
    p.close();
}

/// An `int *` shown as `[N]`, or the address when it was not copied.
pub fn int_ref<P: Printer + ?Sized>(p: &mut P, ptr: u64, bytes: Option<&[u8]>) {
    match bytes.and_then(int) {
        Some(v) if ptr != 0 => {
            p.open(Group::Array);
            p.int(i64::from(v));
            p.close();
        }
        _ => p.addr(ptr),
    }
}

#[cfg(test)]
mod tests;
