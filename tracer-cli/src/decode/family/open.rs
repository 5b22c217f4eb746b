//! The calls that open a path: the descriptor table names what they return by the path (made
//! absolute, symlinks resolved); memfd_create by its name.

use tracer_common::syscall::{nr, SyscallInfo};

use super::{Cloexec, FdEffect, OpenFlags, PathArg, Paths, Rules};
use crate::decode::peek::{self, At};
use crate::decode::{arg, Ctx, Printer};

/// MFD_CLOEXEC.
const MFD_CLOEXEC: u64 = 1;

pub const RULES: &[Rules] = &[
    Rules {
        nr: nr::OPEN,
        fds: FdEffect::Open { path: PathArg { dirfd: None, path: 0 }, flags: OpenFlags::Arg(1) },
        ..Rules::NONE
    },
    Rules {
        nr: nr::CREAT,
        fds: FdEffect::Open { path: PathArg { dirfd: None, path: 0 }, flags: OpenFlags::None },
        ..Rules::NONE
    },
    Rules {
        nr: nr::OPENAT,
        paths: Some(Paths::Args { fds: &[0], paths: &[1] }),
        fds: FdEffect::Open { path: PathArg { dirfd: Some(0), path: 1 }, flags: OpenFlags::Arg(2) },
        ..Rules::NONE
    },
    Rules {
        nr: nr::OPENAT2,
        paths: Some(Paths::Args { fds: &[0], paths: &[1] }),
        fds: FdEffect::Open { path: PathArg { dirfd: Some(0), path: 1 }, flags: OpenFlags::How(2) },
        ..Rules::NONE
    },
    Rules {
        nr: nr::MEMFD_CREATE,
        args: Some(memfd_create),
        paths: Some(Paths::Never),
        fds: FdEffect::Memfd { cloexec: Cloexec::Flag { arg: 1, mask: MFD_CLOEXEC } },
        ..Rules::NONE
    },
];

/// The longest name memfd_create takes: 255 bytes of `memfd:NAME`, less the prefix.
const MFD_NAME_MAX_LEN: u64 = 255 - 6;

/// memfd_create: its name, a NUL-terminated string of at most [`MFD_NAME_MAX_LEN`] + 1 bytes.
fn memfd_create(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    peek::cstr(p, ctx, 0, MFD_NAME_MAX_LEN + 1, At::Entry);
    arg(p, ctx, info, 1, info.args[1].kind);
    true
}
