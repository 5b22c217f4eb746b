//! fanotify_init's class and flags and its event files' open flags; fanotify_mark's `FAN_NOFD`.

use tracer_common::syscall::{nr, SyscallInfo};

use super::anon::{anon, flag};
use super::{Paths, Rules};
use crate::decode::printer::{Fmt, Group};
use crate::decode::tables::{FAN_CLASSES, FAN_INIT_FLAGS};
use crate::decode::xlat::{flags, xval};
use crate::decode::{arg, args_by_kind, flags::open_flags, Ctx, Printer};

pub const RULES: &[Rules] = &[
    // FAN_CLOEXEC is 1.
    Rules { args: Some(init), ..anon(nr::FANOTIFY_INIT, "anon_inode:[fanotify]", flag(0, 1)) },
    Rules {
        nr: nr::FANOTIFY_MARK,
        args: Some(mark),
        paths: Some(Paths::Args { fds: &[3], paths: &[4] }),
        ..Rules::NONE
    },
];

/// The notification class bits of fanotify_init's flags.
const CLASS_BITS: u64 = 0xc;
/// fanotify_mark's "no directory descriptor".
const FAN_NOFD: i32 = -1;

/// `FAN_CLASS_NOTIF|FAN_CLOEXEC, O_RDONLY`.
fn init(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    let value = ctx.arg(0) & 0xffff_ffff;
    p.open(Group::Or);
    xval(p, FAN_CLASSES, value & CLASS_BITS, "FAN_CLASS_???");
    let rest = value & !CLASS_BITS;
    if rest != 0 {
        flags(p, FAN_INIT_FLAGS, rest, "FAN_???");
    }
    p.close();
    open_flags(p, ctx.arg(1) & 0xffff_ffff);
    true
}

/// The directory descriptor is `FAN_NOFD` when -1.
fn mark(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    args_by_kind(p, ctx, info, 0..3);
    if ctx.arg(3) as i32 == FAN_NOFD {
        p.constant(FAN_NOFD as i64 as u64, Some("FAN_NOFD"), Fmt::Signed, "");
    } else {
        arg(p, ctx, info, 3, info.args[3].kind);
    }
    arg(p, ctx, info, 4, info.args[4].kind);
    true
}

#[cfg(test)]
mod tests {
    use super::super::strace_line;
    use super::*;
    use crate::decode::XlatStyle;

    #[test]
    fn classes_flags_and_nofd() {
        // strace 6.1 prints these lines.
        assert_eq!(
            strace_line(nr::FANOTIFY_INIT, &[0xc | 1, 0x80001], -22, XlatStyle::Abbrev),
            "fanotify_init(0xc /* FAN_CLASS_??? */|FAN_CLOEXEC, O_WRONLY|O_CLOEXEC) = -1 EINVAL (Invalid argument)"
        );
        assert_eq!(
            strace_line(nr::FANOTIFY_MARK, &[5, 1, 2, u64::MAX, 0], -22, XlatStyle::Verbose),
            "fanotify_mark(5, 0x1 /* FAN_MARK_ADD */, 0x2 /* FAN_MODIFY */, -1 /* FAN_NOFD */, NULL) = -1 EINVAL (Invalid argument)"
        );
    }
}
