//! dup, dup2, dup3: copies of a descriptor (dup3's flags are open flags without an access mode).

use tracer_common::syscall::{nr, ArgKind, Flags, SyscallInfo};

use super::{Cloexec, FdEffect, Paths, Rules};
use crate::decode::tables::OPEN_FLAGS;
use crate::decode::xlat::flags;
use crate::decode::{arg, Ctx, Printer};

const O_CLOEXEC: u64 = libc::O_CLOEXEC as u64;

pub const RULES: &[Rules] = &[
    Rules {
        nr: nr::DUP,
        fds: FdEffect::Dup { old: 0, target: None, cloexec: Cloexec::Never },
        ..Rules::NONE
    },
    Rules {
        nr: nr::DUP2,
        paths: Some(Paths::Args { fds: &[0, 1], paths: &[] }),
        fds: FdEffect::Dup { old: 0, target: Some(1), cloexec: Cloexec::Never },
        ..Rules::NONE
    },
    Rules {
        nr: nr::DUP3,
        args: Some(dup3_args),
        paths: Some(Paths::Args { fds: &[0, 1], paths: &[] }),
        fds: FdEffect::Dup { old: 0, target: Some(1), cloexec: Cloexec::Flag { arg: 2, mask: O_CLOEXEC } },
        ..Rules::NONE
    },
];

/// Outside the open calls, open flags have no access mode: `dup3(3, 4, O_CLOEXEC)`.
fn dup3_args(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    open_flags_without_mode(p, ctx, info);
    true
}

/// The arguments by kind, but open flags without their access mode (pipe2, dup3).
pub fn open_flags_without_mode(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) {
    for (idx, a) in info.args.iter().enumerate() {
        if matches!(a.kind, ArgKind::Flags(Flags::OpenFlags | Flags::PipeFlags)) {
            flags(p, OPEN_FLAGS, ctx.arg(idx) & 0xffff_ffff, "O_???");
        } else {
            arg(p, ctx, info, idx, a.kind);
        }
    }
}
