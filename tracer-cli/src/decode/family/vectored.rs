//! preadv, pwritev, preadv2, pwritev2: the kernel takes the offset in two halves (`pos_l`,
//! `pos_h`); on x86_64 `pos_l` holds all of it, and strace prints it as one signed offset.

use tracer_common::syscall::{nr, SyscallInfo};

use super::Rules;
use crate::decode::tables::RWF_FLAGS;
use crate::decode::xlat::flags;
use crate::decode::{arg, printed_at_exit, Ctx, Printer};

pub const RULES: &[Rules] = &[
    Rules { nr: nr::PREADV, args: Some(vectored), ..Rules::NONE },
    Rules { nr: nr::PWRITEV, args: Some(vectored), ..Rules::NONE },
    Rules { nr: nr::PREADV2, args: Some(vectored), ..Rules::NONE },
    Rules { nr: nr::PWRITEV2, args: Some(vectored), ..Rules::NONE },
];

fn vectored(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    arg(p, ctx, info, 0, info.args[0].kind);
    if printed_at_exit(info.args[1].kind) {
        p.exit_part();
    }
    arg(p, ctx, info, 1, info.args[1].kind);
    arg(p, ctx, info, 2, info.args[2].kind);
    p.int(ctx.arg(3) as i64);
    if info.args.len() > 5 {
        flags(p, RWF_FLAGS, ctx.arg(5) & 0xffff_ffff, "RWF_???");
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::strace_line;
    use super::*;
    use crate::decode::XlatStyle;

    #[test]
    fn one_signed_offset_and_flags() {
        // strace 6.1 prints these lines.
        assert_eq!(
            strace_line(nr::PWRITEV, &[0, 0, 1, u64::MAX, 7], -22, XlatStyle::Abbrev),
            "pwritev(0, NULL, 1, -1) = -1 EINVAL (Invalid argument)"
        );
        assert_eq!(
            strace_line(nr::PREADV2, &[0, 0, 1, 5, 0, 0x9], -22, XlatStyle::Abbrev),
            "preadv2(0, NULL, 1, 5, RWF_HIPRI|RWF_NOWAIT) = -1 EINVAL (Invalid argument)"
        );
    }
}
