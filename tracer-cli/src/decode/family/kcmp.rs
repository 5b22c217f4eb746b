//! kcmp: what its two indexes are depends on the comparison type (descriptors of each process, an
//! epoll slot, or nothing).

use tracer_common::syscall::{nr, SyscallInfo};

use super::Rules;
use crate::decode::fields::Fields;
use crate::decode::pids::PidType;
use crate::decode::printer::Group;
use crate::decode::tables::KCMP_TYPES;
use crate::decode::xlat::xval;
use crate::decode::{Ctx, Printer};

pub const RULES: &[Rules] = &[Rules { nr: nr::KCMP, args: Some(kcmp), ..Rules::NONE }];

const KCMP_FILE: u64 = 0;
const KCMP_SYSVSEM: u64 = 6;
const KCMP_EPOLL_TFD: u64 = 7;

fn kcmp(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    let pid1 = ctx.arg(0) as i32;
    let pid2 = ctx.arg(1) as i32;
    let kind = ctx.arg(2) & 0xffff_ffff;
    ctx.pid(p, pid1, PidType::Tgid);
    ctx.pid(p, pid2, PidType::Tgid);
    // The descriptors are looked up in /proc under the pids tracer knows the processes by.
    let pid1 = ctx.pids().ours(pid1, PidType::Tgid).unwrap_or(pid1);
    let pid2 = ctx.pids().ours(pid2, PidType::Tgid).unwrap_or(pid2);
    xval(p, KCMP_TYPES, kind, "KCMP_???");
    match kind {
        KCMP_FILE => {
            ctx.fd_of(p, pid1, ctx.arg(3) as i32);
            ctx.fd_of(p, pid2, ctx.arg(4) as i32);
        }
        KCMP_EPOLL_TFD => {
            ctx.fd_of(p, pid1, ctx.arg(3) as i32);
            match ctx.capture(4).filter(|c| ctx.arg(4) != 0 && c.bytes.len() >= 12) {
                Some(c) => {
                    let f = Fields(&c.bytes);
                    p.open(Group::Struct);
                    p.field("efd");
                    ctx.fd_of(p, pid2, f.i32(0));
                    p.field("tfd");
                    ctx.fd_of(p, pid2, f.i32(4));
                    p.field("toff");
                    p.uint(u64::from(f.u32(8)));
                    p.close();
                }
                None => p.addr(ctx.arg(4)),
            }
        }
        // KCMP_VM..KCMP_SYSVSEM compare no indexes.
        1..=KCMP_SYSVSEM => {}
        _ => {
            p.hex(ctx.arg(3));
            p.hex(ctx.arg(4));
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::strace_line;
    use super::*;
    use crate::decode::XlatStyle;

    #[test]
    fn indexes_by_type() {
        // strace 6.1 prints these lines.
        let esrch = -3;
        assert_eq!(
            strace_line(nr::KCMP, &[u64::MAX, 5, 1, 7, 8], esrch, XlatStyle::Abbrev),
            "kcmp(-1, 5, KCMP_VM) = -1 ESRCH (No such process)"
        );
        assert_eq!(
            strace_line(nr::KCMP, &[1, 2, 0, 7, 8], esrch, XlatStyle::Abbrev),
            "kcmp(1, 2, KCMP_FILE, 7, 8) = -1 ESRCH (No such process)"
        );
        assert_eq!(
            strace_line(nr::KCMP, &[1, 2, 0xbad, 7, 8], esrch, XlatStyle::Abbrev),
            "kcmp(1, 2, 0xbad /* KCMP_??? */, 0x7, 0x8) = -1 ESRCH (No such process)"
        );
        assert_eq!(
            strace_line(nr::KCMP, &[1, 2, 7, 3, 0], esrch, XlatStyle::Abbrev),
            "kcmp(1, 2, KCMP_EPOLL_TFD, 3, NULL) = -1 ESRCH (No such process)"
        );
    }
}
