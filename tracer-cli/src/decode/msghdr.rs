//! `struct msghdr` (sendmsg, recvmsg) with its name, iovecs and control messages, as strace 6.1's
//! `print_struct_msghdr` prints it.

use tracer_common::capture::part;
use tracer_common::event::Capture;

use super::cmsg;
use super::fields::Fields;
use super::iov::{self, Contents};
use super::net;
use super::printer::{Group, Printer};
use super::tables::{MSG_FLAGS, SOCKET_LEVELS};
use super::xlat::{flags, xval};
use super::Ctx;

/// Bytes of a `struct msghdr` and of a `struct cmsghdr` on x86_64.
const MSGHDR_SIZE: usize = 56;
const CMSGHDR_SIZE: usize = 16;

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
        cmsg::data(p, ctx, level, kind, data);
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
