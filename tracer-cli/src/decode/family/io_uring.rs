//! io_uring_enter: its flags, and its signal mask (strace 6.1 prints `argp` as a sigset of `argsz`
//! bytes whatever the flags, the address when the size is not the kernel's).

use tracer_common::syscall::{nr, Struct, SyscallInfo};

use super::{Paths, Rules};
use crate::decode::tables::URING_ENTER_FLAGS;
use crate::decode::xlat::flags;
use crate::decode::{structs, Ctx, Printer};

pub const RULES: &[Rules] =
    &[Rules { nr: nr::IO_URING_ENTER, args: Some(enter), paths: Some(Paths::Never), ..Rules::NONE }];

/// The kernel's sigset size on x86_64 (`NSIG_BYTES`).
const SIGSET_SIZE: u64 = 8;

fn enter(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    ctx.fd(p, ctx.arg(0) as i32);
    p.uint(ctx.arg(1) & 0xffff_ffff);
    p.uint(ctx.arg(2) & 0xffff_ffff);
    flags(p, URING_ENTER_FLAGS, ctx.arg(3) & 0xffff_ffff, "IORING_ENTER_???");
    let (ptr, size) = (ctx.arg(4), ctx.arg(5));
    match ctx
        .capture(4)
        .filter(|c| ptr != 0 && size == SIGSET_SIZE && structs::fits(Struct::Sigset, &c.bytes))
    {
        Some(c) => structs::print(p, Struct::Sigset, &c.bytes),
        None => p.addr(ptr),
    }
    p.uint(size);
    true
}

#[cfg(test)]
mod tests {
    use super::super::strace_line;
    use super::*;
    use crate::decode::XlatStyle;

    #[test]
    fn flags_and_an_uncaptured_mask() {
        // strace 6.1 prints this line.
        assert_eq!(
            strace_line(nr::IO_URING_ENTER, &[3, 1, 2, 0x21, 0x1000, 8], -9, XlatStyle::Abbrev),
            "io_uring_enter(3, 1, 2, IORING_ENTER_GETEVENTS|0x20, 0x1000, 8) = -1 EBADF (Bad file descriptor)"
        );
    }
}
