//! `struct msghdr` (sendmsg, recvmsg) with its name, iovecs and control messages, as strace 6.1's
//! `print_struct_msghdr` prints it.

use tracer_common::capture::part;
use tracer_common::event::Capture;

use super::arrays::{self, Array};
use super::fields::Fields;
use super::iov::{self, Contents};
use super::net;
use super::printer::{Group, Printer, Quote};
use super::tables::{MSG_FLAGS, SCM_TYPES, SOCKET_LEVELS};
use super::xlat::{flags, lookup, xval};
use super::Ctx;

/// Bytes of a `struct msghdr` and of a `struct cmsghdr` on x86_64.
const MSGHDR_SIZE: usize = 56;
const CMSGHDR_SIZE: usize = 16;

/// IP-level control message types (strace's `ip_cmsg_types`).
const IP_CMSG_TYPES: super::xlat::Xlat = &[
    (libc::IP_TOS as u64, "IP_TOS"),
    (libc::IP_TTL as u64, "IP_TTL"),
    (libc::IP_RECVOPTS as u64, "IP_RECVOPTS"),
    (libc::IP_RETOPTS as u64, "IP_RETOPTS"),
    (libc::IP_PKTINFO as u64, "IP_PKTINFO"),
    (libc::IP_RECVERR as u64, "IP_RECVERR"),
    (libc::IP_ORIGDSTADDR as u64, "IP_ORIGDSTADDR"),
    (23, "IP_CHECKSUM"),
    (0x03, "SCM_SECURITY"),
];

/// Where the msghdr's pieces come from.
pub struct Msg<'a> {
    /// The msghdr itself.
    pub main: &'a Capture,
    /// Other parts (name, iov, elements, control), by part number.
    pub part: &'a dyn Fn(u16) -> Option<&'a Capture>,
    /// recvmsg: the `msg_namelen` the caller offered.
    pub user_namelen: Option<i32>,
    /// recvmsg: the bytes received, which limit the iovec contents shown.
    pub data_size: Option<u64>,
}

/// `{msg_name=..., msg_namelen=..., msg_iov=[...], msg_iovlen=1, msg_control=[...], msg_controllen=24, msg_flags=0}`.
/// False (nothing printed) when the msghdr capture is short.
pub fn print<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, msg: &Msg) -> bool {
    if msg.main.read_fault() || msg.main.bytes.len() < MSGHDR_SIZE {
        return false;
    }
    let f = Fields(&msg.main.bytes);
    let name = f.u64(0);
    let namelen = f.i32(8);
    let iov = f.u64(16);
    let iovlen = f.u64(24);
    let control = f.u64(32);
    let controllen = f.u64(40);
    let msg_flags = f.u32(48);

    let shown_namelen = match msg.user_namelen {
        Some(user) if namelen > user => user,
        _ => namelen,
    };
    p.open(Group::Struct);
    p.field("msg_name");
    net::sockaddr_at(p, ctx, name, i64::from(shown_namelen), (msg.part)(part::NAME));
    p.field("msg_namelen");
    match msg.user_namelen.filter(|&u| u != namelen) {
        Some(user) => {
            p.open(Group::Changed);
            p.int(i64::from(user));
            p.int(i64::from(namelen));
            p.close();
        }
        None => p.int(i64::from(namelen)),
    }
    p.field("msg_iov");
    let element = |i: u16| (msg.part)(i);
    iov::print(p, ctx, iov, iovlen, (msg.part)(part::IOV), element, Contents::Strings(msg.data_size));
    p.field("msg_iovlen");
    p.uint(iovlen);
    if controllen != 0 {
        p.field("msg_control");
        control_messages(p, ctx, control, controllen, (msg.part)(part::CONTROL));
    }
    p.field("msg_controllen");
    p.uint(controllen);
    p.field("msg_flags");
    flags(p, MSG_FLAGS, u64::from(msg_flags), "MSG_???");
    p.close();
    true
}

/// recvmsg that failed: only the length the caller offered, `{msg_namelen=128}`.
pub fn failed<P: Printer + ?Sized>(p: &mut P, main: &Capture) -> bool {
    match Fields(&main.bytes).get::<4>(8) {
        Some(b) if !main.read_fault() => {
            p.open(Group::Struct);
            p.field("msg_namelen");
            p.int(i64::from(i32::from_le_bytes(b)));
            p.close();
            true
        }
        _ => false,
    }
}

/// The control messages (strace's `decode_msg_control`).
fn control_messages<P: Printer + ?Sized>(
    p: &mut P,
    ctx: &Ctx,
    ptr: u64,
    controllen: u64,
    c: Option<&Capture>,
) {
    let Some(c) = c.filter(|c| !c.read_fault() && c.bytes.len() >= CMSGHDR_SIZE) else {
        return p.addr(ptr);
    };
    let buf = &c.bytes;
    let mut at = 0usize;
    p.open(Group::Array);
    while buf.len() - at >= CMSGHDR_SIZE {
        let h = Fields(&buf[at..]);
        let cmsg_len = h.u64(0);
        let level = h.i32(8);
        let kind = h.i32(12);
        p.open(Group::Struct);
        p.field("cmsg_len");
        p.uint(cmsg_len);
        p.field("cmsg_level");
        xval(p, SOCKET_LEVELS, level as u32 as u64, "SOL_???");
        p.field("cmsg_type");
        let left = (buf.len() - at) as u64;
        let len = cmsg_len.min(left) as usize;
        let data = if len > CMSGHDR_SIZE { &buf[at + CMSGHDR_SIZE..at + len] } else { &[][..] };
        cmsg_data(p, ctx, level, kind, data);
        p.close();
        if len < CMSGHDR_SIZE {
            at = buf.len().min(at + CMSGHDR_SIZE);
            break;
        }
        let step = (cmsg_len.saturating_add(7) & !7) as u128;
        if step >= left as u128 {
            at = buf.len();
            break;
        }
        at += step as usize;
    }
    let rest = buf.len() - at;
    if rest != 0 {
        p.more();
        p.comment(&super::arrays::hex_text(ptr.wrapping_add(at as u64)));
    } else if c.truncated() || (buf.len() as u64) < controllen {
        p.more();
    }
    p.close();
}

/// `SCM_RIGHTS, cmsg_data=[3, 4]` and the other types strace decodes.
fn cmsg_data<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, level: i32, kind: i32, data: &[u8]) {
    let ukind = kind as u32 as u64;
    match level {
        libc::SOL_SOCKET => {
            xval(p, SCM_TYPES, ukind, "SCM_???");
            match kind {
                libc::SCM_RIGHTS if data.len() >= 4 => {
                    p.field("cmsg_data");
                    let n = (data.len() / 4) as u64;
                    let arr = Array { addr: 1, count: n, elem: 4, capture: None };
                    local_array(p, ctx, arr, data, |p, b| ctx.fd(p, Fields(b).i32(0)));
                }
                libc::SCM_CREDENTIALS if data.len() >= 12 => {
                    p.field("cmsg_data");
                    net::ucred(p, &Fields(data), 12);
                }
                0x03 if !data.is_empty() => {
                    p.field("cmsg_data");
                    p.str(data, Quote::Text, false);
                }
                _ => {}
            }
        }
        libc::SOL_IP => {
            xval(p, IP_CMSG_TYPES, ukind, "IP_???");
            if lookup(IP_CMSG_TYPES, ukind).is_some()
                && (kind == libc::IP_TTL || kind == 23)
                && data.len() >= 4
            {
                p.field("cmsg_data");
                let arr = Array { addr: 1, count: (data.len() / 4) as u64, elem: 4, capture: None };
                local_array(p, ctx, arr, data, |p, b| p.uint(u64::from(Fields(b).u32(0))));
            }
        }
        _ => p.hex(ukind),
    }
}

/// An array already in hand (strace's `print_local_array`): at most `-s` elements unless `-v`.
fn local_array<P: Printer + ?Sized>(
    p: &mut P,
    ctx: &Ctx,
    arr: Array,
    data: &[u8],
    each: impl FnMut(&mut P, &[u8]),
) {
    let capture = Capture::new(0, 0, data.to_vec());
    arrays::print(p, ctx, Array { capture: Some(&capture), ..arr }, each);
}
