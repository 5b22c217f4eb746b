//! Socket addresses, socket lengths and socket option values, as strace 6.1 prints them:
//! `{sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}`, `[128 => 16]`,
//! `[1]`, `{l_onoff=1, l_linger=5}`.

use std::net::{Ipv4Addr, Ipv6Addr};

use tracer_common::capture::SOCKADDR_MAX_BYTES;
use tracer_common::event::Capture;

use super::arrays::id;
use super::fields::{int, Fields};
use super::printer::{Group, Printer, Quote, XlatStyle};
use super::strings;
use super::tables::SOCKET_DOMAINS;
use super::xlat::{composite_with, xval};
use super::Ctx;

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
    p.field("sin_addr");
    let a: [u8; 4] = f.bytes(4);
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
    let text = ipv6(a);
    if p.style() == XlatStyle::Abbrev {
        p.open(Group::Call("inet_pton"));
        p.name("AF_INET6");
        p.str(text.as_bytes(), Quote::Text, false);
        p.name("&sin6_addr");
        p.close();
    } else {
        // The field name comes first, and the comment has no `&sin6_addr`.
        p.field("sin6_addr");
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
    if f.len() > 24 {
        p.field("sin6_scope_id");
        p.uint(u64::from(f.u32(24)));
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
fn netlink<P: Printer + ?Sized>(p: &mut P, _ctx: &Ctx, f: &Fields) {
    let pad = f.u16(2);
    if pad != 0 {
        p.field("nl_pad");
        p.hex(u64::from(pad));
    }
    p.field("nl_pid");
    p.int(i64::from(f.i32(4)));
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

/// `SO_*` options whose value is an `int` (strace's "int-like" list).
fn int_like_socket_option(name: i32) -> bool {
    matches!(
        name,
        libc::SO_DEBUG
            | libc::SO_REUSEADDR
            | libc::SO_DONTROUTE
            | libc::SO_BROADCAST
            | libc::SO_SNDBUF
            | libc::SO_RCVBUF
            | libc::SO_KEEPALIVE
            | libc::SO_OOBINLINE
            | libc::SO_NO_CHECK
            | libc::SO_PRIORITY
            | libc::SO_BSDCOMPAT
            | libc::SO_REUSEPORT
            | libc::SO_PASSCRED
            | libc::SO_RCVLOWAT
            | libc::SO_SNDLOWAT
            | libc::SO_DETACH_FILTER
            | libc::SO_TIMESTAMP
            | libc::SO_ACCEPTCONN
            | libc::SO_SNDBUFFORCE
            | libc::SO_RCVBUFFORCE
            | libc::SO_PASSSEC
            | libc::SO_TIMESTAMPNS
            | libc::SO_MARK
            | libc::SO_TIMESTAMPING
            | libc::SO_RXQ_OVFL
            | libc::SO_WIFI_STATUS
            | libc::SO_PEEK_OFF
            | libc::SO_NOFCS
            | libc::SO_LOCK_FILTER
            | libc::SO_SELECT_ERR_QUEUE
            | libc::SO_BUSY_POLL
            | libc::SO_INCOMING_CPU
            | libc::SO_CNX_ADVICE
            | libc::SO_INCOMING_NAPI_ID
            | libc::SO_ZEROCOPY
            | libc::SO_TIMESTAMP_NEW
            | libc::SO_TIMESTAMPNS_NEW
            | libc::SO_TIMESTAMPING_NEW
            | libc::SO_DETACH_REUSEPORT_BPF
            | libc::SO_PREFER_BUSY_POLL
            | libc::SO_BUSY_POLL_BUDGET
            | 72 // SO_RESERVE_MEM
            | 75 // SO_RCVMARK
    )
}

/// `{l_onoff=1, l_linger=5}`, each field only when `len` covers it.
fn linger<P: Printer + ?Sized>(p: &mut P, f: &Fields, len: usize) {
    p.open(Group::Struct);
    if len >= 4 {
        p.field("l_onoff");
        p.int(i64::from(f.i32(0)));
    }
    if len >= 8 {
        p.field("l_linger");
        p.int(i64::from(f.i32(4)));
    }
    p.close();
}

/// `{pid=1, uid=0, gid=0}` (struct ucred), each field only when `len` covers it.
pub fn ucred<P: Printer + ?Sized>(p: &mut P, f: &Fields, len: usize) {
    p.open(Group::Struct);
    if len >= 4 {
        p.field("pid");
        p.int(i64::from(f.i32(0)));
    }
    if len >= 8 {
        p.field("uid");
        id(p, f.u32(4));
    }
    if len >= 12 {
        p.field("gid");
        id(p, f.u32(8));
    }
    p.close();
}

/// Bytes as `"\x01\x02"` (strace's QUOTE_FORCE_HEX).
fn hex_string<P: Printer + ?Sized>(p: &mut P, bytes: &[u8]) {
    p.str(bytes, Quote::Hex, false);
}

/// setsockopt's value of option `(level, name)`, of `len` bytes (strace's `print_setsockopt`).
pub fn setsockopt_value<P: Printer + ?Sized>(
    p: &mut P,
    ctx: &Ctx,
    (level, name): (i32, i32),
    ptr: u64,
    len: i32,
    c: Option<&Capture>,
) {
    let bytes = c.filter(|c| !c.read_fault()).map(|c| c.bytes.as_slice());
    let ulen = usize::try_from(len).unwrap_or(0);
    if ptr != 0 {
        match level {
            libc::SOL_SOCKET if name == libc::SO_LINGER => {
                match bytes.filter(|b| ulen >= 8 && b.len() >= 8) {
                    Some(b) => linger(p, &Fields(b), 8),
                    None => p.addr(ptr),
                }
                return;
            }
            libc::SOL_SOCKET if int_like_socket_option(name) => {
                if len < 4 {
                    p.addr(ptr);
                } else {
                    int_ref(p, ptr, bytes);
                }
                return;
            }
            libc::SOL_SOCKET if name == libc::SO_ATTACH_FILTER || name == libc::SO_ATTACH_REUSEPORT_CBPF => {
                return p.addr(ptr);
            }
            libc::SOL_NETLINK => {
                if len < 4 {
                    p.addr(ptr);
                } else {
                    int_ref(p, ptr, bytes);
                }
                return;
            }
            _ => {}
        }
    }
    default_value(p, ctx, ptr, len, c);
}

/// getsockopt's value of option `(level, name)`: `ulen` bytes offered, `rlen` returned (strace's
/// `print_getsockopt`).
pub fn getsockopt_value<P: Printer + ?Sized>(
    p: &mut P,
    ctx: &Ctx,
    (level, name): (i32, i32),
    ptr: u64,
    (ulen, rlen): (i32, i32),
    c: Option<&Capture>,
) {
    if ulen <= 0 || rlen <= 0 {
        return p.addr(ptr);
    }
    let bytes = c.filter(|c| !c.read_fault()).map(|c| c.bytes.as_slice());
    let len = usize::try_from(rlen).unwrap_or(0);
    if ptr != 0 && level == libc::SOL_SOCKET {
        let whole = |need: usize| bytes.filter(|b| b.len() >= need.min(len));
        match name {
            libc::SO_LINGER => match whole(8) {
                Some(b) => return linger(p, &Fields(b), len.min(8)),
                None => return p.addr(ptr),
            },
            libc::SO_PEERCRED => match whole(12) {
                Some(b) => return ucred(p, &Fields(b), len.min(12)),
                None => return p.addr(ptr),
            },
            libc::SO_ERROR => {
                match bytes {
                    Some(b) if len < 4 && b.len() >= len => hex_string(p, &b[..len]),
                    Some(b) if len >= 4 && b.len() >= 4 => {
                        let err = Fields(b).u32(0);
                        p.open(Group::Array);
                        match u16::try_from(err).ok().and_then(super::errno::name) {
                            Some(name) => p.name(name),
                            None => p.uint(u64::from(err)),
                        }
                        p.close();
                    }
                    _ => p.addr(ptr),
                }
                return;
            }
            n if int_like_socket_option(n) => {
                match bytes {
                    Some(b) if len >= 4 => int_ref(p, ptr, Some(b)),
                    Some(b) if b.len() >= len => hex_string(p, &b[..len]),
                    _ => p.addr(ptr),
                }
                return;
            }
            _ => {}
        }
    }
    if ptr != 0 && level == libc::SOL_NETLINK {
        return int_ref(p, ptr, bytes);
    }
    default_value(p, ctx, ptr, rlen, c);
}

/// Any other option value: `[N]` for 4 bytes, the bytes as a string otherwise.
fn default_value<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, ptr: u64, len: i32, c: Option<&Capture>) {
    let bytes = c.filter(|c| !c.read_fault()).map(|c| c.bytes.as_slice());
    if len == 4 {
        return int_ref(p, ptr, bytes);
    }
    let len = u64::try_from(len).unwrap_or(0);
    match bytes {
        _ if ptr == 0 => p.addr(0),
        Some(b) if (b.len() as u64) >= len.min(u64::from(ctx.strlen)) => {
            strings::buffer(p, b, len, ctx.strlen, c.is_some_and(Capture::truncated), Quote::Text);
        }
        _ => p.addr(ptr),
    }
}
