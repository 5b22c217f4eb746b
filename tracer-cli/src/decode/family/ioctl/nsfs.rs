//! Namespace requests (type 0xb7), as strace 6.1's `nsfs_ioctl`: NS_GET_USERNS and NS_GET_PARENT
//! take no argument and return a descriptor, NS_GET_NSTYPE returns a `CLONE_NEW*` type (named
//! after the number), NS_GET_OWNER_UID fills a uid.

use super::arg::{object, When};
use crate::decode::arrays::id;
use crate::decode::printer::{Group, Printer};
use crate::decode::tables::SETNS_TYPES;
use crate::decode::xlat::lookup;
use crate::decode::Ctx;

const GET_USERNS: u32 = 0xb701;
const GET_PARENT: u32 = 0xb702;
const GET_NSTYPE: u32 = 0xb703;
const GET_OWNER_UID: u32 = 0xb704;

/// The argument of namespace request `code`; false when strace leaves it to the generic hex.
pub fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    match code {
        GET_USERNS | GET_PARENT | GET_NSTYPE => {}
        GET_OWNER_UID => {
            if let Some(f) = object(p, ctx, When::Out, 4) {
                p.open(Group::Array);
                id(p, f.u32(0));
                p.close();
            }
        }
        _ => return false,
    }
    true
}

/// The successful return of namespace request `code`; false when it is a plain number.
pub fn ret(p: &mut dyn Printer, ctx: &Ctx, code: u32, ret: i64) -> bool {
    match code {
        GET_USERNS | GET_PARENT => match i32::try_from(ret) {
            Ok(fd) => ctx.fd(p, fd),
            Err(_) => return false,
        },
        GET_NSTYPE => {
            p.int(ret);
            if let Some(name) = lookup(SETNS_TYPES, ret as u64) {
                p.open(Group::Note);
                p.name(name);
                p.close();
            }
        }
        _ => return false,
    }
    true
}
