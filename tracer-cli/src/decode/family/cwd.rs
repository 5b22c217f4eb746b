//! The working directory: chdir and fchdir move it (relative paths resolve against it), getcwd
//! prints its buffer at exit.

use tracer_common::syscall::{nr, SyscallInfo};

use super::{FdEffect, Rules};
use crate::decode::{strings, Ctx, Printer};

pub const RULES: &[Rules] = &[
    Rules { nr: nr::CHDIR, fds: FdEffect::Chdir { path: Some(0) }, ..Rules::NONE },
    Rules { nr: nr::FCHDIR, fds: FdEffect::Chdir { path: None }, ..Rules::NONE },
    Rules { nr: nr::GETCWD, args: Some(getcwd), ..Rules::NONE },
];

/// getcwd: the path it returned (everything is printed at exit).
fn getcwd(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    p.exit_part();
    match (ctx.ok_ret(), ctx.capture(0)) {
        (Some(ret), Some(c)) if ctx.arg(0) != 0 => {
            let n = usize::try_from(ret).unwrap_or(0).min(c.bytes.len());
            strings::path(p, &c.bytes[..n], false);
        }
        _ => p.addr(ctx.arg(0)),
    }
    p.uint(ctx.arg(1));
    true
}
