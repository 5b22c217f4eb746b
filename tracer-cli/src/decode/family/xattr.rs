//! Extended attributes: a value is shown without its trailing NUL, and as its address when it is
//! larger than the kernel accepts (XATTR_SIZE_MAX); the name lists of listxattr and its kin at
//! exit, as many bytes as the call returned.

use tracer_common::syscall::{nr, SyscallInfo};

use super::Rules;
use crate::decode::printer::Quote;
use crate::decode::{arg, buf_out, Ctx, Printer};

pub const RULES: &[Rules] = &[
    Rules { nr: nr::SETXATTR, args: Some(setxattr), ..Rules::NONE },
    Rules { nr: nr::LSETXATTR, args: Some(setxattr), ..Rules::NONE },
    Rules { nr: nr::FSETXATTR, args: Some(setxattr), ..Rules::NONE },
    Rules { nr: nr::LISTXATTR, args: Some(listxattr), ..Rules::NONE },
    Rules { nr: nr::LLISTXATTR, args: Some(listxattr), ..Rules::NONE },
    Rules { nr: nr::FLISTXATTR, args: Some(listxattr), ..Rules::NONE },
];

/// The largest value the kernel takes (`XATTR_SIZE_MAX`).
const XATTR_SIZE_MAX: u64 = 65536;

fn setxattr(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    arg(p, ctx, info, 0, info.args[0].kind);
    arg(p, ctx, info, 1, info.args[1].kind);
    value(p, ctx, 2, ctx.arg(3));
    p.uint(ctx.arg(3));
    arg(p, ctx, info, 4, info.args[4].kind);
    true
}

/// A value of `size` bytes (strace's `print_xattr_val`): `printstr_ex` with
/// `QUOTE_OMIT_TRAILING_0`, the address past XATTR_SIZE_MAX or when unreadable.
fn value(p: &mut dyn Printer, ctx: &Ctx, idx: usize, size: u64) {
    let addr = ctx.arg(idx);
    if addr == 0 || size > XATTR_SIZE_MAX {
        return p.addr(addr);
    }
    let strlen = u64::from(ctx.strlen);
    let want = usize::try_from(size.min(strlen)).unwrap_or(usize::MAX);
    let Some(shown) = ctx.capture(idx).and_then(|c| c.bytes.get(..want)) else { return p.addr(addr) };
    match shown.split_last() {
        Some((0, head)) => p.str(head, Quote::Text, false),
        _ => p.str(shown, Quote::Text, size > strlen),
    }
}

/// listxattr and its kin: the list at exit (its address when the size is 0 or the call failed).
fn listxattr(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    arg(p, ctx, info, 0, info.args[0].kind);
    p.exit_part();
    if ctx.arg(2) == 0 || ctx.ok_ret().is_none() {
        p.addr(ctx.arg(1));
    } else {
        buf_out(p, ctx, 1, Quote::Text);
    }
    p.uint(ctx.arg(2));
    true
}
