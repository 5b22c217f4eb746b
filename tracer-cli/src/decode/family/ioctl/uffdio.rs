//! userfaultfd requests (type 0xaa), as strace 6.1's `uffdio_ioctl`: the structure the caller
//! passes in, then after a success what the call filled in: UFFDIO_API's features (after ` => `
//! when they changed) and ioctls, UFFDIO_REGISTER's ioctls, UFFDIO_COPY's and UFFDIO_ZEROPAGE's
//! byte counts; UFFDIO_WAKE and UFFDIO_UNREGISTER take a range.

use super::arg::{object, When};
use crate::decode::fields::Fields;
use crate::decode::printer::{Group, Printer};
use crate::decode::tables::{
    UFFD_API_FEATURES, UFFD_COPY_FLAGS, UFFD_REGISTER_MODE_FLAGS, UFFD_ZEROPAGE_FLAGS,
};
use crate::decode::xlat::{flags, Xlat};
use crate::decode::Ctx;

/// strace's `uffd_api_flags`: the requests UFFDIO_API reports, named as shifts (so not among the
/// generated tables, whose names are C identifiers).
const API_IOCTLS: Xlat = &[
    (1 << 0x00, "1<<_UFFDIO_REGISTER"),
    (1 << 0x01, "1<<_UFFDIO_UNREGISTER"),
    (1 << 0x3f, "1<<_UFFDIO_API"),
];
/// strace's `uffd_register_ioctl_flags`: the requests UFFDIO_REGISTER reports.
const REGISTER_IOCTLS: Xlat = &[
    (1 << 0x02, "1<<_UFFDIO_WAKE"),
    (1 << 0x03, "1<<_UFFDIO_COPY"),
    (1 << 0x04, "1<<_UFFDIO_ZEROPAGE"),
    (1 << 0x06, "1<<_UFFDIO_WRITEPROTECT"),
    (1 << 0x07, "1<<_UFFDIO_CONTINUE"),
];

const API: u32 = 0xc018_aa3f;
const REGISTER: u32 = 0xc020_aa00;
const UNREGISTER: u32 = 0x8010_aa01;
const WAKE: u32 = 0x8010_aa02;
const COPY: u32 = 0xc028_aa03;
const ZEROPAGE: u32 = 0xc020_aa04;

/// The argument of userfaultfd request `code`; false when strace leaves it to the generic hex.
pub fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    let size = match code {
        API => 24,
        REGISTER | ZEROPAGE => 32,
        COPY => 40,
        UNREGISTER | WAKE => 16,
        _ => return false,
    };
    let Some(f) = object(p, ctx, When::In, size) else { return true };
    let after =
        ctx.ok_ret().and_then(|_| ctx.exit(2)).filter(|c| c.bytes.len() >= size).map(|c| Fields(&c.bytes));
    p.open(Group::Struct);
    match code {
        API => {
            p.field("api");
            p.hex(f.u64(0));
            p.field("features");
            let before = f.u64(8);
            let changed = after.filter(|a| a.u64(8) != before);
            if let Some(a) = changed {
                p.open(Group::Changed);
                flags(p, UFFD_API_FEATURES, before, "UFFD_FEATURE_???");
                p.field("features");
                flags(p, UFFD_API_FEATURES, a.u64(8), "UFFD_FEATURE_???");
                p.close();
            } else {
                flags(p, UFFD_API_FEATURES, before, "UFFD_FEATURE_???");
            }
            if let Some(a) = after {
                p.field("ioctls");
                flags(p, API_IOCTLS, a.u64(16), "_UFFDIO_???");
            }
        }
        REGISTER => {
            range(p, &f, true);
            p.field("mode");
            flags(p, UFFD_REGISTER_MODE_FLAGS, f.u64(16), "UFFDIO_REGISTER_MODE_???");
            if let Some(a) = after {
                p.field("ioctls");
                flags(p, REGISTER_IOCTLS, a.u64(24), "UFFDIO_???");
            }
        }
        COPY => {
            for (at, name) in [(0, "dst"), (8, "src"), (16, "len")] {
                p.field(name);
                p.hex(f.u64(at));
            }
            p.field("mode");
            flags(p, UFFD_COPY_FLAGS, f.u64(24), "UFFDIO_COPY_???");
            if let Some(a) = after {
                p.field("copy");
                p.hex(a.u64(32));
            }
        }
        ZEROPAGE => {
            range(p, &f, true);
            p.field("mode");
            flags(p, UFFD_ZEROPAGE_FLAGS, f.u64(16), "UFFDIO_ZEROPAGE_???");
            if let Some(a) = after {
                p.field("zeropage");
                p.hex(a.u64(24));
            }
        }
        _ => range(p, &f, false),
    }
    p.close();
    true
}

/// `struct uffdio_range`'s `start=0x..., len=0x...`, as the member `range` or as the structure
/// itself.
fn range<P: Printer + ?Sized>(p: &mut P, f: &Fields, member: bool) {
    if member {
        p.field("range");
        p.open(Group::Struct);
    }
    p.field("start");
    p.hex(f.u64(0));
    p.field("len");
    p.hex(f.u64(8));
    if member {
        p.close();
    }
}
