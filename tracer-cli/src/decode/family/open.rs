//! The calls that open a path: the descriptor table names what they return by the path (made
//! absolute, symlinks resolved); memfd_create by its name.

use super::{Cloexec, FdEffect, OpenFlags, PathArg, Paths, Rules};

/// MFD_CLOEXEC.
const MFD_CLOEXEC: u64 = 1;

pub const RULES: &[Rules] = &[
    Rules {
        name: "open",
        fds: FdEffect::Open { path: PathArg { dirfd: None, path: 0 }, flags: OpenFlags::Arg(1) },
        ..Rules::NONE
    },
    Rules {
        name: "creat",
        fds: FdEffect::Open { path: PathArg { dirfd: None, path: 0 }, flags: OpenFlags::None },
        ..Rules::NONE
    },
    Rules {
        name: "openat",
        paths: Some(Paths::Args { fds: &[0], paths: &[1] }),
        fds: FdEffect::Open { path: PathArg { dirfd: Some(0), path: 1 }, flags: OpenFlags::Arg(2) },
        ..Rules::NONE
    },
    Rules {
        name: "openat2",
        paths: Some(Paths::Args { fds: &[0], paths: &[1] }),
        fds: FdEffect::Open { path: PathArg { dirfd: Some(0), path: 1 }, flags: OpenFlags::How(2) },
        ..Rules::NONE
    },
    Rules {
        name: "memfd_create",
        paths: Some(Paths::Never),
        fds: FdEffect::Memfd { cloexec: Cloexec::Flag { arg: 1, mask: MFD_CLOEXEC } },
        ..Rules::NONE
    },
];
