//! Socket requests (type 0x89), as strace 6.1's `sock_ioctl`: the `struct ifreq` requests that name
//! an interface (or an index) at entry and get one field back.

use crate::decode::fields::Fields;
use crate::decode::printer::{Group, Printer, Quote};
use crate::decode::strings;
use crate::decode::Ctx;

/// The argument of socket request `code`; false when it has no decoder here.
pub fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    ifreq(p, ctx, u64::from(code))
}

/// `struct ifreq` requests that name an interface (or an index) at entry and get one field back.
fn ifreq<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, req: u64) -> bool {
    let r = |v: libc::Ioctl| v as u32 as u64;
    let field = match req {
        x if x == r(libc::SIOCGIFINDEX) => "ifr_ifindex",
        x if x == r(libc::SIOCGIFNAME) => "ifr_name",
        x if x == r(libc::SIOCGIFMTU) => "ifr_mtu",
        x if x == r(libc::SIOCGIFMETRIC) => "ifr_metric",
        x if x == r(libc::SIOCGIFTXQLEN) => "ifr_qlen",
        _ => return false,
    };
    let ptr = ctx.arg(2);
    let name = |p: &mut P, f: &Fields| {
        p.field("ifr_name");
        p.str(strings::until_nul(&f.0[..f.len().min(16)]), Quote::Text, false);
    };
    let Some(before) = ctx.entry(2).filter(|c| ptr != 0 && c.bytes.len() >= 20) else {
        p.addr(ptr);
        return true;
    };
    let f = Fields(&before.bytes);
    p.open(Group::Struct);
    if field == "ifr_name" {
        p.field("ifr_ifindex");
        p.int(i64::from(f.i32(16)));
    } else {
        name(p, &f);
    }
    if let Some(after) = ctx.ok_ret().and_then(|_| ctx.exit(2)).filter(|c| c.bytes.len() >= 20) {
        let f = Fields(&after.bytes);
        if field == "ifr_name" {
            name(p, &f);
        } else {
            p.field(field);
            p.int(i64::from(f.i32(16)));
        }
    }
    p.close();
    true
}
