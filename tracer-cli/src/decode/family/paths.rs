//! The calls whose descriptor and path arguments are not where their class puts them, for `-P`
//! (strace 6.1's cases in `pathtrace_match_set`; the calls of the other families declare their
//! own).

use tracer_common::syscall::nr;

use super::{Cloexec, FdEffect, PathArg, Paths, Rules};

/// A `*at` call: its directory descriptor is argument 0, its path argument 1.
const fn at_call(nr: u64) -> Rules {
    Rules { nr, paths: Some(Paths::Args { fds: &[0], paths: &[1] }), ..Rules::NONE }
}

const fn never(nr: u64) -> Rules {
    Rules { nr, paths: Some(Paths::Never), ..Rules::NONE }
}

pub const RULES: &[Rules] = &[
    at_call(nr::FACCESSAT),
    at_call(nr::FACCESSAT2),
    at_call(nr::FCHMODAT),
    at_call(nr::FCHOWNAT),
    at_call(nr::FSPICK),
    at_call(nr::FUTIMESAT),
    at_call(nr::INOTIFY_ADD_WATCH),
    at_call(nr::MKDIRAT),
    at_call(nr::MOUNT_SETATTR),
    at_call(nr::NAME_TO_HANDLE_AT),
    at_call(nr::NEWFSTATAT),
    Rules {
        fds: FdEffect::ProcOrPath {
            path: PathArg { dirfd: Some(0), path: 1 },
            cloexec: Cloexec::Flag { arg: 2, mask: libc::O_CLOEXEC as u64 },
        },
        ..at_call(nr::OPEN_TREE)
    },
    at_call(nr::READLINKAT),
    at_call(nr::UTIMENSAT),
    Rules { nr: nr::PIVOT_ROOT, paths: Some(Paths::Args { fds: &[], paths: &[0, 1] }), ..Rules::NONE },
    Rules { nr: nr::MOVE_MOUNT, paths: Some(Paths::Args { fds: &[0, 2], paths: &[1, 3] }), ..Rules::NONE },
    never(nr::IO_URING_REGISTER),
    never(nr::MEMFD_SECRET),
    never(nr::TIMERFD_GETTIME),
    never(nr::TIMERFD_SETTIME),
];
