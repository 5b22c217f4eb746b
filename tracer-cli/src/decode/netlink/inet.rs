//! Internet addresses in attributes (strace's `decode_inet_addr` without a field name):
//! `inet_addr("127.0.0.1")`, `inet_pton(AF_INET6, "::1")`, their bytes with `-X raw`.

use std::net::Ipv4Addr;

use super::Nl;
use crate::decode::net::ipv6;
use crate::decode::printer::{Group, Printer, Quote};
use crate::decode::xlat::composite_with;

/// The address of the message's family in `len` bytes at `addr`; hex bytes when the family has
/// none or they are too few, the address when they cannot be read.
pub fn address<P: Printer + ?Sized>(p: &mut P, nl: &Nl, addr: u64, len: u64) {
    let size = match i32::from(nl.msg_family) {
        libc::AF_INET => 4,
        libc::AF_INET6 => 16,
        _ => 0,
    };
    if size == 0 || len < size {
        return nl.hex(p, addr, len);
    }
    let Some(bytes) = nl.mem.get(addr, size) else {
        return p.addr(addr);
    };
    let text = match <[u8; 4]>::try_from(bytes) {
        Ok(a) => Ipv4Addr::from(a).to_string(),
        Err(_) => <[u8; 16]>::try_from(bytes).map(ipv6).unwrap_or_default(),
    };
    composite_with(
        p,
        |p| p.str(bytes, Quote::Hex, false),
        |p| {
            if size == 4 {
                p.open(Group::Call("inet_addr"));
            } else {
                p.open(Group::Call("inet_pton"));
                p.name("AF_INET6");
            }
            p.str(text.as_bytes(), Quote::Text, false);
            p.close();
        },
    );
}

/// strace's `print_inet_addr` with a field name, of the `bytes` of an address union (16 bytes):
/// `u=inet_addr("1.2.3.4")`, `inet_pton(AF_INET6, "::1", &u)`; with `-X raw` (or another family)
/// `u="\x..."` of all the bytes, with `-X verbose` both.
pub fn named<P: Printer + ?Sized>(p: &mut P, family: u16, bytes: &[u8], name: &str) {
    use crate::decode::XlatStyle;
    let text = match i32::from(family) {
        libc::AF_INET => {
            bytes.get(..4).and_then(|b| <[u8; 4]>::try_from(b).ok()).map(|a| Ipv4Addr::from(a).to_string())
        }
        libc::AF_INET6 => <[u8; 16]>::try_from(bytes).ok().map(ipv6),
        _ => None,
    };
    let Some(text) = text else {
        p.field(name);
        return p.str(bytes, Quote::Hex, false);
    };
    let v4 = i32::from(family) == libc::AF_INET;
    if v4 || p.style() != XlatStyle::Abbrev {
        p.field(name);
        let call = if v4 { "inet_addr" } else { "inet_pton" };
        return composite_with(
            p,
            |p| p.str(bytes, Quote::Hex, false),
            |p| {
                p.open(Group::Call(call));
                if !v4 {
                    p.name("AF_INET6");
                }
                p.str(text.as_bytes(), Quote::Text, false);
                p.close();
            },
        );
    }
    p.open(Group::Call("inet_pton"));
    p.name("AF_INET6");
    p.str(text.as_bytes(), Quote::Text, false);
    p.name(&format!("&{name}"));
    p.close();
}
