//! Socket addresses, socket lengths and socket option values, as strace 6.1 prints them:
//! `{sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}`, `[128 => 16]`,
//! `[1]`, `{l_onoff=1, l_linger=5}`.

use std::fmt::Write as _;
use std::net::{Ipv4Addr, Ipv6Addr};

use tracer_common::capture::SOCKADDR_MAX_BYTES;
use tracer_common::event::Capture;

use super::arrays::id;
use super::fields::{int, Fields};
use super::num::addr;
use super::strings::{self, Style};
use super::tables::SOCKET_DOMAINS;
use super::xlat::{composite_with, style, xval, XlatStyle};
use super::Ctx;

const SA_FAMILY: usize = 2;

/// A captured socket address of `addrlen` bytes (strace's `decode_sockaddr`): the address when the
/// length is below 2 or the memory was not copied.
pub fn sockaddr_at(out: &mut String, ctx: &Ctx, ptr: u64, addrlen: i64, capture: Option<&Capture>) {
    if addrlen < SA_FAMILY as i64 {
        return addr(out, ptr);
    }
    let len = usize::try_from(addrlen).unwrap_or(usize::MAX).min(usize::from(SOCKADDR_MAX_BYTES));
    match capture {
        Some(c) if ptr != 0 && !c.read_fault() && c.bytes.len() >= len => sockaddr(out, ctx, &c.bytes[..len]),
        _ => addr(out, ptr),
    }
}

/// `{sa_family=..., ...}` from the address's bytes (strace's `print_sockaddr`).
pub fn sockaddr(out: &mut String, ctx: &Ctx, bytes: &[u8]) {
    let f = Fields(bytes);
    let family = f.u16(0);
    out.push_str("{sa_family=");
    xval(out, SOCKET_DOMAINS, u64::from(family), "AF_???");
    let len = bytes.len();
    if len > SA_FAMILY {
        out.push_str(", ");
        match i32::from(family) {
            libc::AF_UNIX => unix(out, bytes),
            libc::AF_INET if len >= 16 => inet(out, &f),
            libc::AF_INET6 if len >= 24 => inet6(out, &f),
            libc::AF_NETLINK if len >= 12 => netlink(out, ctx, &f),
            _ => {
                out.push_str("sa_data=");
                strings::quote(out, &bytes[SA_FAMILY..], Style::Text, false);
            }
        }
    }
    out.push('}');
}

/// `sun_path="/tmp/sock"`, or `sun_path=@"name"` for the abstract namespace.
fn unix(out: &mut String, bytes: &[u8]) {
    // sizeof(struct sockaddr_un) is 110.
    let path = &bytes[SA_FAMILY..bytes.len().min(110)];
    out.push_str("sun_path=");
    match path.split_first() {
        Some((0, rest)) => {
            out.push('@');
            strings::quote(out, rest, Style::Text, false);
        }
        _ => strings::quote(out, strings::until_nul(path), Style::Text, false),
    }
}

/// `sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")`; with `-X raw` the bytes
/// (`sin_port="\x00\x50", sin_addr="\x7f\x00\x00\x01"`), with `-X verbose` both (strace 6.1's
/// `PRINT_FIELD_NET_PORT` and `print_inet_addr`).
fn inet(out: &mut String, f: &Fields) {
    port(out, "sin_port", f);
    out.push_str(", sin_addr=");
    let a: [u8; 4] = f.bytes(4);
    composite_with(
        out,
        |out| strings::quote(out, &a, Style::Hex, false),
        |out| {
            let _ = write!(out, "inet_addr(\"{}\")", Ipv4Addr::from(a));
        },
    );
}

/// `sin_port=htons(80)` (`sin_port="\x00\x50"` raw), the port at offset 2 of a sockaddr.
fn port(out: &mut String, name: &str, f: &Fields) {
    let _ = write!(out, "{name}=");
    let bytes: [u8; 2] = f.bytes(2);
    composite_with(
        out,
        |out| strings::quote(out, &bytes, Style::Hex, false),
        |out| {
            let _ = write!(out, "htons({})", u16::from_be_bytes(bytes));
        },
    );
}

/// `sin6_port=htons(80), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0`;
/// with `-X raw` the bytes of port, flowinfo and address, with `-X verbose` the bytes then
/// `/* htons(80) */`, `/* htonl(0) */`, `/* inet_pton(AF_INET6, "::1") */`.
fn inet6(out: &mut String, f: &Fields) {
    port(out, "sin6_port", f);
    out.push_str(", sin6_flowinfo=");
    let flowinfo: [u8; 4] = f.bytes(4);
    composite_with(
        out,
        |out| strings::quote(out, &flowinfo, Style::Hex, false),
        |out| {
            let _ = write!(out, "htonl({})", u32::from_be_bytes(flowinfo));
        },
    );
    out.push_str(", ");
    let a: [u8; 16] = f.bytes(8);
    if style() == XlatStyle::Abbrev {
        out.push_str("inet_pton(AF_INET6, \"");
        ipv6(out, a);
        out.push_str("\", &sin6_addr)");
    } else {
        // The field name comes first, and the comment has no `&sin6_addr`.
        out.push_str("sin6_addr=");
        composite_with(
            out,
            |out| strings::quote(out, &a, Style::Hex, false),
            |out| {
                out.push_str("inet_pton(AF_INET6, \"");
                ipv6(out, a);
                out.push_str("\")");
            },
        );
    }
    if f.len() > 24 {
        let _ = write!(out, ", sin6_scope_id={}", f.u32(24));
    }
}

/// An IPv6 address as glibc's `inet_ntop` writes it (which embeds IPv4 in `::a.b.c.d` and
/// `::ffff:a.b.c.d`).
pub fn ipv6(out: &mut String, a: [u8; 16]) {
    let words: Vec<u16> = a.chunks_exact(2).map(|w| u16::from_be_bytes([w[0], w[1]])).collect();
    if words[..6].iter().all(|&w| w == 0) && words[6] != 0 {
        let _ = write!(out, "::{}", Ipv4Addr::new(a[12], a[13], a[14], a[15]));
    } else {
        let _ = write!(out, "{}", Ipv6Addr::from(a));
    }
}

/// `nl_pid=1234, nl_groups=00000000` (with `nl_pad=0x...` first when it is not zero).
fn netlink(out: &mut String, _ctx: &Ctx, f: &Fields) {
    let pad = f.u16(2);
    if pad != 0 {
        let _ = write!(out, "nl_pad={pad:#x}, ");
    }
    let _ = write!(out, "nl_pid={}, nl_groups=", f.i32(4));
    zero_padded_hex(out, f.u32(8));
}

/// printf's `%#08x`: zero as `00000000`, other values as `0x000001`.
fn zero_padded_hex(out: &mut String, value: u32) {
    if value == 0 {
        out.push_str("00000000");
    } else {
        let _ = write!(out, "{value:#08x}");
    }
}

/// A `socklen_t *` value-result argument: `[16]`, `[128 => 16]`, or the address.
pub fn socklen(out: &mut String, ptr: u64, before: Option<i32>, after: Option<i32>) {
    match (before, after) {
        (Some(b), Some(a)) if b != a => {
            let _ = write!(out, "[{b} => {a}]");
        }
        (_, Some(a)) => {
            let _ = write!(out, "[{a}]");
        }
        (Some(b), None) => {
            let _ = write!(out, "[{b}]");
        }
        (None, None) => addr(out, ptr),
    }
}

/// An `int *` shown as `[N]`, or the address when it was not copied.
pub fn int_ref(out: &mut String, ptr: u64, bytes: Option<&[u8]>) {
    match bytes.and_then(int) {
        Some(v) if ptr != 0 => {
            let _ = write!(out, "[{v}]");
        }
        _ => addr(out, ptr),
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
fn linger(out: &mut String, f: &Fields, len: usize) {
    out.push('{');
    if len >= 4 {
        let _ = write!(out, "l_onoff={}", f.i32(0));
    }
    if len >= 8 {
        let _ = write!(out, ", l_linger={}", f.i32(4));
    }
    out.push('}');
}

/// `{pid=1, uid=0, gid=0}` (struct ucred), each field only when `len` covers it.
pub fn ucred(out: &mut String, f: &Fields, len: usize) {
    out.push('{');
    if len >= 4 {
        let _ = write!(out, "pid={}", f.i32(0));
    }
    if len >= 8 {
        out.push_str(", uid=");
        id(out, f.u32(4));
    }
    if len >= 12 {
        out.push_str(", gid=");
        id(out, f.u32(8));
    }
    out.push('}');
}

/// Bytes as `"\x01\x02"` (strace's QUOTE_FORCE_HEX).
fn hex_string(out: &mut String, bytes: &[u8]) {
    strings::quote(out, bytes, Style::Hex, false);
}

/// setsockopt's value of option `(level, name)`, of `len` bytes (strace's `print_setsockopt`).
pub fn setsockopt_value(
    out: &mut String,
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
                    Some(b) => linger(out, &Fields(b), 8),
                    None => addr(out, ptr),
                }
                return;
            }
            libc::SOL_SOCKET if int_like_socket_option(name) => {
                if len < 4 {
                    addr(out, ptr);
                } else {
                    int_ref(out, ptr, bytes);
                }
                return;
            }
            libc::SOL_SOCKET if name == libc::SO_ATTACH_FILTER || name == libc::SO_ATTACH_REUSEPORT_CBPF => {
                return addr(out, ptr);
            }
            libc::SOL_NETLINK => {
                if len < 4 {
                    addr(out, ptr);
                } else {
                    int_ref(out, ptr, bytes);
                }
                return;
            }
            _ => {}
        }
    }
    default_value(out, ctx, ptr, len, c);
}

/// getsockopt's value of option `(level, name)`: `ulen` bytes offered, `rlen` returned (strace's
/// `print_getsockopt`).
pub fn getsockopt_value(
    out: &mut String,
    ctx: &Ctx,
    (level, name): (i32, i32),
    ptr: u64,
    (ulen, rlen): (i32, i32),
    c: Option<&Capture>,
) {
    if ulen <= 0 || rlen <= 0 {
        return addr(out, ptr);
    }
    let bytes = c.filter(|c| !c.read_fault()).map(|c| c.bytes.as_slice());
    let len = usize::try_from(rlen).unwrap_or(0);
    if ptr != 0 && level == libc::SOL_SOCKET {
        let whole = |need: usize| bytes.filter(|b| b.len() >= need.min(len));
        match name {
            libc::SO_LINGER => match whole(8) {
                Some(b) => return linger(out, &Fields(b), len.min(8)),
                None => return addr(out, ptr),
            },
            libc::SO_PEERCRED => match whole(12) {
                Some(b) => return ucred(out, &Fields(b), len.min(12)),
                None => return addr(out, ptr),
            },
            libc::SO_ERROR => {
                match bytes {
                    Some(b) if len < 4 && b.len() >= len => hex_string(out, &b[..len]),
                    Some(b) if len >= 4 && b.len() >= 4 => {
                        let err = Fields(b).u32(0);
                        out.push('[');
                        match u16::try_from(err).ok().and_then(super::errno::name) {
                            Some(n) => out.push_str(n),
                            None => {
                                let _ = write!(out, "{err}");
                            }
                        }
                        out.push(']');
                    }
                    _ => addr(out, ptr),
                }
                return;
            }
            n if int_like_socket_option(n) => {
                match bytes {
                    Some(b) if len >= 4 => int_ref(out, ptr, Some(b)),
                    Some(b) if b.len() >= len => hex_string(out, &b[..len]),
                    _ => addr(out, ptr),
                }
                return;
            }
            _ => {}
        }
    }
    if ptr != 0 && level == libc::SOL_NETLINK {
        return int_ref(out, ptr, bytes);
    }
    default_value(out, ctx, ptr, rlen, c);
}

/// Any other option value: `[N]` for 4 bytes, the bytes as a string otherwise.
fn default_value(out: &mut String, ctx: &Ctx, ptr: u64, len: i32, c: Option<&Capture>) {
    let bytes = c.filter(|c| !c.read_fault()).map(|c| c.bytes.as_slice());
    if len == 4 {
        return int_ref(out, ptr, bytes);
    }
    let len = u64::try_from(len).unwrap_or(0);
    match bytes {
        _ if ptr == 0 => out.push_str("NULL"),
        Some(b) if (b.len() as u64) >= len.min(u64::from(ctx.strlen)) => {
            strings::buffer(out, b, len, ctx.strlen, c.is_some_and(Capture::truncated), Style::Text);
        }
        _ => addr(out, ptr),
    }
}
