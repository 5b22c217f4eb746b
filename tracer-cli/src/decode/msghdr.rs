//! `struct msghdr` (sendmsg, recvmsg) with its name, iovecs and control messages, as strace 6.1's
//! `print_struct_msghdr` prints it.

use std::fmt::Write as _;

use tracer_common::capture::part;
use tracer_common::event::Capture;

use super::arrays::{self, Array};
use super::fields::Fields;
use super::iov::{self, Contents};
use super::net;
use super::num::addr;
use super::strings::{self, Style};
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
pub fn print(out: &mut String, ctx: &Ctx, msg: &Msg) -> bool {
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
    out.push_str("{msg_name=");
    net::sockaddr_at(out, ctx, name, i64::from(shown_namelen), (msg.part)(part::NAME));
    out.push_str(", msg_namelen=");
    if let Some(user) = msg.user_namelen.filter(|&u| u != namelen) {
        let _ = write!(out, "{user} => ");
    }
    let _ = write!(out, "{namelen}, msg_iov=");
    let element = |i: u16| (msg.part)(i);
    iov::print(out, ctx, iov, iovlen, (msg.part)(part::IOV), element, Contents::Strings(msg.data_size));
    let _ = write!(out, ", msg_iovlen={iovlen}");
    if controllen != 0 {
        out.push_str(", msg_control=");
        control_messages(out, ctx, control, controllen, (msg.part)(part::CONTROL));
    }
    let _ = write!(out, ", msg_controllen={controllen}, msg_flags=");
    flags(out, MSG_FLAGS, u64::from(msg_flags), "MSG_???");
    out.push('}');
    true
}

/// recvmsg that failed: only the length the caller offered, `{msg_namelen=128}`.
pub fn failed(out: &mut String, main: &Capture) -> bool {
    match Fields(&main.bytes).get::<4>(8) {
        Some(b) if !main.read_fault() => {
            let _ = write!(out, "{{msg_namelen={}}}", i32::from_le_bytes(b));
            true
        }
        _ => false,
    }
}

/// The control messages (strace's `decode_msg_control`).
fn control_messages(out: &mut String, ctx: &Ctx, ptr: u64, controllen: u64, c: Option<&Capture>) {
    let Some(c) = c.filter(|c| !c.read_fault() && c.bytes.len() >= CMSGHDR_SIZE) else {
        return addr(out, ptr);
    };
    let buf = &c.bytes;
    let mut at = 0usize;
    out.push('[');
    while buf.len() - at >= CMSGHDR_SIZE {
        let h = Fields(&buf[at..]);
        let cmsg_len = h.u64(0);
        let level = h.i32(8);
        let kind = h.i32(12);
        if at > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{{cmsg_len={cmsg_len}, cmsg_level=");
        xval(out, SOCKET_LEVELS, level as u32 as u64, "SOL_???");
        out.push_str(", cmsg_type=");
        let left = (buf.len() - at) as u64;
        let len = cmsg_len.min(left) as usize;
        let data = if len > CMSGHDR_SIZE { &buf[at + CMSGHDR_SIZE..at + len] } else { &[][..] };
        cmsg_data(out, ctx, level, kind, data);
        out.push('}');
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
        let _ = write!(out, ", ... /* {:#x} */", ptr.wrapping_add(at as u64));
    } else if c.truncated() || (buf.len() as u64) < controllen {
        out.push_str(", ...");
    }
    out.push(']');
}

/// `SCM_RIGHTS, cmsg_data=[3, 4]` and the other types strace decodes.
fn cmsg_data(out: &mut String, ctx: &Ctx, level: i32, kind: i32, data: &[u8]) {
    let ukind = kind as u32 as u64;
    match level {
        libc::SOL_SOCKET => {
            xval(out, SCM_TYPES, ukind, "SCM_???");
            match kind {
                libc::SCM_RIGHTS if data.len() >= 4 => {
                    out.push_str(", cmsg_data=");
                    let n = (data.len() / 4) as u64;
                    let arr = Array { addr: 1, count: n, elem: 4, capture: None };
                    local_array(out, ctx, arr, data, |out, b| ctx.fd(out, Fields(b).i32(0)));
                }
                libc::SCM_CREDENTIALS if data.len() >= 12 => {
                    out.push_str(", cmsg_data=");
                    net::ucred(out, &Fields(data), 12);
                }
                0x03 if !data.is_empty() => {
                    out.push_str(", cmsg_data=");
                    strings::quote(out, data, Style::Text, false);
                }
                _ => {}
            }
        }
        libc::SOL_IP => {
            xval(out, IP_CMSG_TYPES, ukind, "IP_???");
            if lookup(IP_CMSG_TYPES, ukind).is_some()
                && (kind == libc::IP_TTL || kind == 23)
                && data.len() >= 4
            {
                out.push_str(", cmsg_data=");
                let arr = Array { addr: 1, count: (data.len() / 4) as u64, elem: 4, capture: None };
                local_array(out, ctx, arr, data, |out, b| {
                    let _ = write!(out, "{}", Fields(b).u32(0));
                });
            }
        }
        _ => {
            super::num::hex(out, ukind);
        }
    }
}

/// An array already in hand (strace's `print_local_array`): at most `-s` elements unless `-v`.
fn local_array(out: &mut String, ctx: &Ctx, arr: Array, data: &[u8], each: impl FnMut(&mut String, &[u8])) {
    let capture = Capture::new(0, 0, data.to_vec());
    arrays::print(out, ctx, Array { capture: Some(&capture), ..arr }, each);
}
