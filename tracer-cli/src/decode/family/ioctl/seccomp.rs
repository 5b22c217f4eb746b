//! seccomp user-notification requests (type `'!'`), as strace 6.1's `seccomp_ioctl`: the response
//! sent (`{id=0x1, val=0, error=-ENOSR, flags=SECCOMP_USER_NOTIF_FLAG_CONTINUE}`), the id checked
//! (`[0x1]`) and the descriptor added (`{id=0x1, flags=SECCOMP_ADDFD_FLAG_SETFD, srcfd=3, ...}`).

use super::arg::{object, When};
use crate::decode::errno::print_err;
use crate::decode::printer::{Group, Printer};
use crate::decode::tables::{OPEN_MODE_FLAGS, SECCOMP_IOCTL_ADDFD_FLAGS, SECCOMP_IOCTL_RESP_FLAGS};
use crate::decode::xlat::flags;
use crate::decode::Ctx;

/// SECCOMP_IOCTL_NOTIF_SEND (`_IOWR('!', 1, struct seccomp_notif_resp)`).
const NOTIF_SEND: u32 = 0xc018_2101;
/// SECCOMP_IOCTL_NOTIF_ID_VALID (`_IOW('!', 2, __u64)`), and the `_IOR` number older kernels used.
const NOTIF_ID_VALID: u32 = 0x4008_2102;
const NOTIF_ID_VALID_WRONG_DIR: u32 = 0x8008_2102;
/// SECCOMP_IOCTL_NOTIF_ADDFD (`_IOW('!', 3, struct seccomp_notif_addfd)`).
const NOTIF_ADDFD: u32 = 0x4018_2103;

/// seccomp notification requests (`seccomp_ioctl`); all are read at entry.
pub fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    match code {
        NOTIF_SEND => {
            let Some(f) = object(p, ctx, When::In, 24) else { return true };
            p.open(Group::Struct);
            p.field("id");
            p.hex(f.u64(0));
            p.field("val");
            p.int(f.i64(8));
            p.field("error");
            print_err(p, i64::from(f.i32(16)), true);
            p.field("flags");
            flags(p, SECCOMP_IOCTL_RESP_FLAGS, u64::from(f.u32(20)), "SECCOMP_USER_NOTIF_FLAG_???");
            p.close();
        }
        NOTIF_ID_VALID | NOTIF_ID_VALID_WRONG_DIR => {
            let Some(f) = object(p, ctx, When::In, 8) else { return true };
            p.open(Group::Array);
            p.hex(f.u64(0));
            p.close();
        }
        NOTIF_ADDFD => {
            let Some(f) = object(p, ctx, When::In, 24) else { return true };
            p.open(Group::Struct);
            p.field("id");
            p.hex(f.u64(0));
            p.field("flags");
            flags(p, SECCOMP_IOCTL_ADDFD_FLAGS, u64::from(f.u32(8)), "SECCOMP_ADDFD_FLAG_???");
            p.field("srcfd");
            ctx.fd(p, f.i32(12));
            p.field("newfd");
            p.int(i64::from(f.i32(16)));
            p.field("newfd_flags");
            flags(p, OPEN_MODE_FLAGS, u64::from(f.u32(20)), "O_???");
            p.close();
        }
        _ => return false,
    }
    true
}
