//! pipe and pipe2: two descriptors written to memory (pipe2 prints everything at exit).

use tracer_common::syscall::{nr, SyscallInfo};

use super::{Cloexec, FdEffect, Paths, Rules};
use crate::decode::{Ctx, Printer};

pub const RULES: &[Rules] = &[
    Rules {
        nr: nr::PIPE,
        paths: Some(Paths::Never),
        fds: FdEffect::Pair { arg: 0, socket: false, cloexec: Cloexec::Never },
        ..Rules::NONE
    },
    Rules {
        nr: nr::PIPE2,
        args: Some(pipe2_args),
        paths: Some(Paths::Never),
        fds: FdEffect::Pair {
            arg: 0,
            socket: false,
            cloexec: Cloexec::Flag { arg: 1, mask: libc::O_CLOEXEC as u64 },
        },
        ..Rules::NONE
    },
];

/// `pipe2([3, 4], 0)`: everything at exit; its flags without an access mode.
fn pipe2_args(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    p.exit_part();
    super::dup::open_flags_without_mode(p, ctx, info);
    true
}
