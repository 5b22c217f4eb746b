//! File system requests of type `'X'`, as strace 6.1's `fs_x_ioctl`: FITRIM's `struct
//! fstrim_range`, FS_IOC_FSGETXATTR's and FS_IOC_FSSETXATTR's `struct fsxattr`; FIFREEZE and FITHAW
//! print no argument.

use super::arg::{object, When};
use crate::decode::printer::{Group, Printer};
use crate::decode::tables::FS_XFLAGS;
use crate::decode::xlat::flags;
use crate::decode::Ctx;

/// `FITRIM`: `_IOWR('X', 121, struct fstrim_range)`.
const FITRIM: u32 = 0xc018_5879;
/// `FS_IOC_FSGETXATTR`: `_IOR('X', 31, struct fsxattr)`.
const FSGETXATTR: u32 = 0x801c_581f;
/// `FS_IOC_FSSETXATTR`: `_IOW('X', 32, struct fsxattr)`.
const FSSETXATTR: u32 = 0x401c_5820;
/// `FIFREEZE`, `FITHAW`.
const FIFREEZE: u32 = 0xc004_5877;
const FITHAW: u32 = 0xc004_5878;

/// The argument of request `code`; false when it has no decoder here.
pub fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    match code {
        FITRIM => {
            let Some(f) = object(p, ctx, When::In, 24) else { return true };
            p.open(Group::Struct);
            p.field("start");
            p.hex(f.u64(0));
            p.field("len");
            p.uint(f.u64(8));
            p.field("minlen");
            p.uint(f.u64(16));
            p.close();
        }
        FSGETXATTR | FSSETXATTR => {
            let get = code == FSGETXATTR;
            let Some(f) = object(p, ctx, if get { When::Out } else { When::In }, 28) else { return true };
            p.open(Group::Struct);
            p.field("fsx_xflags");
            flags(p, FS_XFLAGS, u64::from(f.u32(0)), "FS_XFLAG_???");
            p.field("fsx_extsize");
            p.uint(u64::from(f.u32(4)));
            if get {
                p.field("fsx_nextents");
                p.uint(u64::from(f.u32(8)));
            }
            p.field("fsx_projid");
            p.hex(u64::from(f.u32(12)));
            p.field("fsx_cowextsize");
            p.uint(u64::from(f.u32(16)));
            p.close();
        }
        FIFREEZE | FITHAW => {}
        _ => return false,
    }
    true
}
