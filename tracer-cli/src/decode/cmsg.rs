//! One control message's type and data (strace 6.1's `print_cmsg_type_data`): `SCM_RIGHTS,
//! cmsg_data=[3, 4]`, `SO_TIMESTAMP_OLD, cmsg_data={tv_sec=1, tv_usec=2}`, `IP_PKTINFO,
//! cmsg_data={ipi_ifindex=..., ...}`.

use tracer_common::event::Capture;

use super::arrays::{self, Array};
use super::fields::Fields;
use super::net;
use super::printer::{Group, Printer, Quote};
use super::structs::time::{timespec, timeval};
use super::tables::SCM_TYPES;
use super::xlat::{lookup, xval, Xlat};
use super::Ctx;

/// `SCM_SECURITY` (in both levels' tables).
const SCM_SECURITY: i32 = 3;
/// SOL_SOCKET timestamp messages, old (native `long` times) and new (64-bit times: the same
/// layout on x86_64).
const SO_TIMESTAMP_OLD: i32 = 29;
const SO_TIMESTAMPNS_OLD: i32 = 35;
const SO_TIMESTAMPING_OLD: i32 = 37;
const SO_TIMESTAMP_NEW: i32 = 63;
const SO_TIMESTAMPNS_NEW: i32 = 64;
const SO_TIMESTAMPING_NEW: i32 = 65;
/// `IP_CHECKSUM` (not in the libc crate).
const IP_CHECKSUM: i32 = 23;

/// IP-level control message types (strace's `ip_cmsg_types`).
const IP_CMSG_TYPES: Xlat = &[
    (libc::IP_TOS as u64, "IP_TOS"),
    (libc::IP_TTL as u64, "IP_TTL"),
    (libc::IP_RECVOPTS as u64, "IP_RECVOPTS"),
    (libc::IP_RETOPTS as u64, "IP_RETOPTS"),
    (libc::IP_PKTINFO as u64, "IP_PKTINFO"),
    (libc::IP_RECVERR as u64, "IP_RECVERR"),
    (libc::IP_ORIGDSTADDR as u64, "IP_ORIGDSTADDR"),
    (IP_CHECKSUM as u64, "IP_CHECKSUM"),
    (SCM_SECURITY as u64, "SCM_SECURITY"),
];

/// The type of a message of `level`, then `, cmsg_data=...` when strace decodes its data and
/// the message holds enough of it.
pub fn data<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, level: i32, kind: i32, data: &[u8]) {
    let ukind = kind as u32 as u64;
    match level {
        libc::SOL_SOCKET => {
            xval(p, SCM_TYPES, ukind, "SCM_???");
            socket_data(p, ctx, kind, data);
        }
        libc::SOL_IP => {
            xval(p, IP_CMSG_TYPES, ukind, "IP_???");
            if lookup(IP_CMSG_TYPES, ukind).is_some() {
                ip_data(p, ctx, kind, data);
            }
        }
        _ => p.hex(ukind),
    }
}

/// The data of a SOL_SOCKET message.
fn socket_data<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, kind: i32, data: &[u8]) {
    let min = match kind {
        libc::SCM_RIGHTS => 4,
        libc::SCM_CREDENTIALS => 12,
        SCM_SECURITY | SO_TIMESTAMP_OLD | SO_TIMESTAMPNS_OLD | SO_TIMESTAMPING_OLD | SO_TIMESTAMP_NEW
        | SO_TIMESTAMPNS_NEW | SO_TIMESTAMPING_NEW => 1,
        _ => return,
    };
    if data.len() < min {
        return;
    }
    p.field("cmsg_data");
    match kind {
        libc::SCM_RIGHTS => {
            local_array(p, ctx, data, 4, |p, b| ctx.fd(p, Fields(b).i32(0)));
        }
        libc::SCM_CREDENTIALS => net::ucred(p, data, 12, ctx.pids()),
        SCM_SECURITY => p.str(data, Quote::Text, false),
        SO_TIMESTAMP_OLD | SO_TIMESTAMP_NEW => times(p, data, 1, timeval),
        SO_TIMESTAMPNS_OLD | SO_TIMESTAMPNS_NEW => times(p, data, 1, timespec),
        _ => times(p, data, 3, timespec),
    }
}

/// `n` times of 16 bytes (a struct, or an array of 3 for SO_TIMESTAMPING), or `???` when the
/// data is shorter.
fn times<P: Printer + ?Sized>(p: &mut P, data: &[u8], n: usize, one: fn(&mut P, &Fields, usize)) {
    if data.len() < n * 16 {
        return p.name("???");
    }
    let f = Fields(data);
    if n == 1 {
        return one(p, &f, 0);
    }
    p.open(Group::Array);
    for i in 0..n {
        one(p, &f, i * 16);
    }
    p.close();
}

/// The data of a SOL_IP message.
fn ip_data<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, kind: i32, data: &[u8]) {
    let min = match kind {
        libc::IP_PKTINFO => 12,
        libc::IP_TTL | IP_CHECKSUM => 4,
        libc::IP_TOS | libc::IP_RECVOPTS | libc::IP_RETOPTS | SCM_SECURITY => 1,
        libc::IP_RECVERR => 32,
        libc::IP_ORIGDSTADDR => 16,
        _ => return,
    };
    if data.len() < min {
        return;
    }
    p.field("cmsg_data");
    let f = Fields(data);
    match kind {
        libc::IP_PKTINFO => {
            p.open(Group::Struct);
            p.field("ipi_ifindex");
            net::ifindex(p, f.u32(0));
            net::inet_addr(p, "ipi_spec_dst", f.bytes(4));
            net::inet_addr(p, "ipi_addr", f.bytes(8));
            p.close();
        }
        libc::IP_TTL | IP_CHECKSUM => {
            local_array(p, ctx, data, 4, |p, b| p.uint(u64::from(Fields(b).u32(0))))
        }
        libc::IP_RECVERR => {
            p.open(Group::Struct);
            for (name, value) in [
                ("ee_errno", f.u32(0)),
                ("ee_origin", u32::from(f.u8(4))),
                ("ee_type", u32::from(f.u8(5))),
                ("ee_code", u32::from(f.u8(6))),
                ("ee_info", f.u32(8)),
                ("ee_data", f.u32(12)),
            ] {
                p.field(name);
                p.uint(u64::from(value));
            }
            p.field("offender");
            net::sockaddr(p, ctx, &data[16..32]);
            p.close();
        }
        libc::IP_ORIGDSTADDR => net::sockaddr(p, ctx, &data[..data.len().min(128)]),
        SCM_SECURITY => p.str(data, Quote::Text, false),
        // IP_TOS, IP_RECVOPTS, IP_RETOPTS: bytes.
        _ => local_array(p, ctx, data, 1, |p, b| p.hex(u64::from(b[0]))),
    }
}

/// An array already in hand of `elem`-byte elements (strace's `print_local_array`): at most `-s`
/// elements unless `-v`.
fn local_array<P: Printer + ?Sized>(
    p: &mut P,
    ctx: &Ctx,
    data: &[u8],
    elem: usize,
    each: impl FnMut(&mut P, &[u8]),
) {
    let capture = Capture::new(0, 0, data.to_vec());
    let arr = Array { addr: 1, count: (data.len() / elem) as u64, elem, capture: Some(&capture) };
    arrays::print(p, ctx, arr, each);
}
