//! sethostname: the name, or its address when it is longer than the kernel accepts.

use tracer_common::syscall::{nr, SyscallInfo};

use super::Rules;
use crate::decode::{arg, Ctx, Printer};

pub const RULES: &[Rules] = &[Rules { nr: nr::SETHOSTNAME, args: Some(sethostname), ..Rules::NONE }];

/// The longest host name (`__NEW_UTS_LEN`).
const NEW_UTS_LEN: u64 = 64;

fn sethostname(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    let len = ctx.arg(1) & 0xffff_ffff;
    if len > NEW_UTS_LEN {
        p.addr(ctx.arg(0));
    } else {
        arg(p, ctx, info, 0, info.args[0].kind);
    }
    p.uint(len);
    true
}
