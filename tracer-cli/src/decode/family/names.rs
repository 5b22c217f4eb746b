//! Calls that change what a name refers to: an unlinked file's descriptors show `(deleted)`, a
//! renamed one's its new path; and the link calls, whose paths `-P` compares.

use tracer_common::syscall::nr;

use super::{FdEffect, PathArg, Paths, Rules};

const fn at(dirfd: Option<u8>, path: u8) -> PathArg {
    PathArg { dirfd, path }
}

pub const RULES: &[Rules] = &[
    Rules { nr: nr::UNLINK, fds: FdEffect::Names { old: at(None, 0), new: None }, ..Rules::NONE },
    Rules { nr: nr::RMDIR, fds: FdEffect::Names { old: at(None, 0), new: None }, ..Rules::NONE },
    Rules {
        nr: nr::UNLINKAT,
        paths: Some(Paths::Args { fds: &[0], paths: &[1] }),
        fds: FdEffect::Names { old: at(Some(0), 1), new: None },
        ..Rules::NONE
    },
    Rules {
        nr: nr::RENAME,
        fds: FdEffect::Names { old: at(None, 0), new: Some(at(None, 1)) },
        ..Rules::NONE
    },
    Rules {
        nr: nr::RENAMEAT,
        paths: Some(Paths::Args { fds: &[0, 2], paths: &[1, 3] }),
        fds: FdEffect::Names { old: at(Some(0), 1), new: Some(at(Some(2), 3)) },
        ..Rules::NONE
    },
    Rules {
        nr: nr::RENAMEAT2,
        paths: Some(Paths::Args { fds: &[0, 2], paths: &[1, 3] }),
        fds: FdEffect::Names { old: at(Some(0), 1), new: Some(at(Some(2), 3)) },
        ..Rules::NONE
    },
    Rules { nr: nr::LINK, paths: Some(Paths::Args { fds: &[], paths: &[0, 1] }), ..Rules::NONE },
    Rules { nr: nr::LINKAT, paths: Some(Paths::Args { fds: &[0, 2], paths: &[1, 3] }), ..Rules::NONE },
    Rules { nr: nr::SYMLINK, paths: Some(Paths::Args { fds: &[], paths: &[1] }), ..Rules::NONE },
    Rules { nr: nr::SYMLINKAT, paths: Some(Paths::Args { fds: &[1], paths: &[0, 2] }), ..Rules::NONE },
];
