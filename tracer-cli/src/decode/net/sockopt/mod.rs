//! Socket option values (setsockopt's and getsockopt's `optval`), as strace 6.1's
//! `print_setsockopt` and `print_getsockopt`: `[1]`, `{l_onoff=1, l_linger=5}`,
//! `{imr_multiaddr=inet_addr("224.0.0.3"), ...}`; the structures are in [`values`].

mod values;

use tracer_common::capture::part;
use tracer_common::event::Capture;

use super::int_ref;
use crate::decode::bpf_filter::{self, Kind};
use crate::decode::fields::Fields;
use crate::decode::printer::{Group, Printer, Quote};
use crate::decode::{strings, Ctx};

pub use values::ucred;

/// SO_RESERVE_MEM, SO_TXREHASH, SO_RCVMARK (Linux 5.16-5.19; not in the libc crate).
const SO_TXREHASH: i32 = 74;
/// Levels strace decodes that the libc crate lacks.
const SOL_RAW: i32 = 255;
const SOL_PACKET: i32 = 263;
/// `ICMP_FILTER`, SOL_RAW's option.
const ICMP_FILTER: i32 = 1;
/// SOL_PACKET options.
const PACKET_ADD_MEMBERSHIP: i32 = 1;
const PACKET_DROP_MEMBERSHIP: i32 = 2;
const PACKET_RX_RING: i32 = 5;
const PACKET_STATISTICS: i32 = 6;
const PACKET_TX_RING: i32 = 13;
/// SOL_NETLINK's NETLINK_LIST_MEMBERSHIPS.
const NETLINK_LIST_MEMBERSHIPS: i32 = 9;

/// Bytes of `struct sock_fprog` (SO_ATTACH_FILTER's value).
const FPROG_SIZE: usize = 16;
/// setsockopt's and getsockopt's `optval` argument.
const OPTVAL_ARG: usize = 3;

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
            | 73 // SO_RESERVE_MEM
            | 75 // SO_RCVMARK
    )
}

/// Bytes as `"\x01\x02"` (strace's QUOTE_FORCE_HEX).
fn hex_string<P: Printer + ?Sized>(p: &mut P, bytes: &[u8]) {
    p.str(bytes, Quote::Hex, false);
}

/// The first `n` captured bytes, when the capture has them.
fn first(bytes: Option<&[u8]>, n: usize) -> Option<&[u8]> {
    bytes.filter(|b| b.len() >= n).map(|b| &b[..n])
}

/// `[N]` when `len` is an int's, the address otherwise (strace's int-like setsockopt options).
fn set_int<P: Printer + ?Sized>(p: &mut P, ptr: u64, len: i32, bytes: Option<&[u8]>) {
    if len < 4 {
        p.addr(ptr);
    } else {
        int_ref(p, ptr, bytes);
    }
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
    // The structure of `size` bytes when `len` is at least that (`exact`: is that), else the address.
    let sized = |p: &mut P, size: usize, exact: bool, print: &dyn Fn(&mut P, &Fields)| {
        let fits = if exact { len == size as i32 } else { len >= size as i32 };
        match first(bytes, size).filter(|_| fits) {
            Some(b) => print(p, &Fields(b)),
            None => p.addr(ptr),
        }
    };
    if ptr != 0 {
        match (level, name) {
            (libc::SOL_SOCKET, libc::SO_LINGER) => {
                return sized(p, 8, false, &|p, f| values::linger(p, f, 8))
            }
            (libc::SOL_SOCKET, libc::SO_ATTACH_FILTER | libc::SO_ATTACH_REUSEPORT_CBPF) => {
                // A `struct sock_fprog` when the length is its size.
                return match first(bytes, FPROG_SIZE).filter(|_| len == FPROG_SIZE as i32) {
                    Some(b) => bpf_filter::fprog(p, ctx, OPTVAL_ARG, b, Kind::Socket),
                    None => p.addr(ptr),
                };
            }
            (libc::SOL_SOCKET, SO_TXREHASH) => {
                return match first(bytes, 4).filter(|_| len >= 4) {
                    Some(b) => values::txrehash(p, Fields(b).i32(0)),
                    None => p.addr(ptr),
                };
            }
            (libc::SOL_SOCKET, n) if int_like_socket_option(n) => return set_int(p, ptr, len, bytes),
            (libc::SOL_IP, libc::IP_ADD_MEMBERSHIP | libc::IP_DROP_MEMBERSHIP) => {
                return sized(p, 8, false, &|p, f| values::ip_mreq(p, f));
            }
            (libc::SOL_IP | libc::SOL_IPV6, libc::MCAST_JOIN_GROUP | libc::MCAST_LEAVE_GROUP) => {
                return sized(p, values::GROUP_REQ_SIZE, false, &|p, f| values::group_req(p, ctx, f));
            }
            (
                libc::SOL_IPV6,
                libc::IPV6_ADD_MEMBERSHIP
                | libc::IPV6_DROP_MEMBERSHIP
                | libc::IPV6_JOIN_ANYCAST
                | libc::IPV6_LEAVE_ANYCAST,
            ) => return sized(p, 20, false, &|p, f| values::ipv6_mreq(p, f)),
            (SOL_PACKET, PACKET_RX_RING | PACKET_TX_RING) => {
                return sized(p, 16, true, &|p, f| values::tpacket_req(p, f));
            }
            (SOL_PACKET, PACKET_ADD_MEMBERSHIP | PACKET_DROP_MEMBERSHIP) => {
                return sized(p, 16, true, &|p, f| values::packet_mreq(p, f));
            }
            (SOL_RAW, ICMP_FILTER) => return values::icmp_filter(p, ptr, len, bytes),
            (libc::SOL_NETLINK, _) => return set_int(p, ptr, len, bytes),
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
    // A structure of at most `size` bytes, its fields as far as the returned length goes.
    let upto = |p: &mut P, size: usize, print: &dyn Fn(&mut P, &[u8], usize)| {
        let n = len.min(size);
        match first(bytes, n) {
            Some(b) => print(p, b, n),
            None => p.addr(ptr),
        }
    };
    if ptr != 0 {
        match (level, name) {
            (libc::SOL_SOCKET, libc::SO_LINGER) => {
                return upto(p, 8, &|p, b, n| values::linger(p, &Fields(b), n));
            }
            (libc::SOL_SOCKET, libc::SO_PEERCRED) => {
                return upto(p, 12, &|p, b, n| ucred(p, b, n, ctx.pids()))
            }
            // SO_GET_FILTER: the program, `rlen` instructions long (anything past a u16 is forged).
            (libc::SOL_SOCKET, libc::SO_ATTACH_FILTER) => {
                return match u16::try_from(rlen) {
                    Ok(insns) => {
                        let program = ctx.exit_part(OPTVAL_ARG, part::FILTER);
                        bpf_filter::program(p, ctx, ptr, u64::from(insns), program, Kind::Socket);
                    }
                    Err(_) => p.addr(ptr),
                };
            }
            (libc::SOL_SOCKET, libc::SO_ERROR) => {
                match first(bytes, len.min(4)) {
                    Some(b) if len < 4 => hex_string(p, b),
                    Some(b) => {
                        let err = Fields(b).u32(0);
                        p.open(Group::Array);
                        match u16::try_from(err).ok().and_then(crate::decode::errno::name) {
                            Some(name) => p.name(name),
                            None => p.uint(u64::from(err)),
                        }
                        p.close();
                    }
                    None => p.addr(ptr),
                }
                return;
            }
            (libc::SOL_SOCKET, SO_TXREHASH) => {
                return match first(bytes, len.min(4)) {
                    Some(b) if len < 4 => hex_string(p, b),
                    Some(b) => values::txrehash(p, Fields(b).i32(0)),
                    None => p.addr(ptr),
                };
            }
            (libc::SOL_SOCKET, n) if int_like_socket_option(n) => {
                return match first(bytes, len.min(4)) {
                    Some(b) if len >= 4 => int_ref(p, ptr, Some(b)),
                    Some(b) => hex_string(p, b),
                    None => p.addr(ptr),
                };
            }
            (SOL_PACKET, PACKET_STATISTICS) => return upto(p, 12, &|p, b, n| values::tpacket_stats(p, b, n)),
            (SOL_RAW, ICMP_FILTER) => return values::icmp_filter(p, ptr, rlen, bytes),
            (libc::SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS) => {
                let count = (ulen.min(rlen) / 4) as usize;
                return values::u32_array(p, ctx, ptr, count, bytes);
            }
            (libc::SOL_NETLINK, _) => return int_ref(p, ptr, bytes),
            _ => {}
        }
    }
    default_value(p, ctx, ptr, rlen, c);
}

/// Any other option value: `[N]` for 4 bytes, the bytes as a string otherwise.
fn default_value<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, ptr: u64, len: i32, c: Option<&Capture>) {
    let bytes = c.filter(|c| !c.read_fault()).map(|c| c.bytes.as_slice());
    if len == 4 {
        return int_ref(p, ptr, bytes);
    }
    // A negative length reads as huge, as strace's (kernel_ulong_t) cast makes it.
    let len = i64::from(len) as u64;
    match bytes {
        _ if ptr == 0 => p.addr(0),
        Some(b) if (b.len() as u64) >= len.min(u64::from(ctx.strlen)) => {
            let cut = c.is_some_and(Capture::truncated) && (b.len() as u64) < len;
            strings::buffer(p, b, len, ctx.strlen, cut, Quote::Text);
        }
        _ => p.addr(ptr),
    }
}
