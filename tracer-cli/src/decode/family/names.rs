//! Calls that change what a name refers to: an unlinked file's descriptors show `(deleted)`, a
//! renamed one's its new path; and the link calls, whose paths `-P` compares.

use super::{FdEffect, PathArg, Paths, Rules};

const fn at(dirfd: Option<u8>, path: u8) -> PathArg {
    PathArg { dirfd, path }
}

pub const RULES: &[Rules] = &[
    Rules { name: "unlink", fds: FdEffect::Names { old: at(None, 0), new: None }, ..Rules::NONE },
    Rules { name: "rmdir", fds: FdEffect::Names { old: at(None, 0), new: None }, ..Rules::NONE },
    Rules {
        name: "unlinkat",
        paths: Some(Paths::Args { fds: &[0], paths: &[1] }),
        fds: FdEffect::Names { old: at(Some(0), 1), new: None },
        ..Rules::NONE
    },
    Rules {
        name: "rename",
        fds: FdEffect::Names { old: at(None, 0), new: Some(at(None, 1)) },
        ..Rules::NONE
    },
    Rules {
        name: "renameat",
        paths: Some(Paths::Args { fds: &[0, 2], paths: &[1, 3] }),
        fds: FdEffect::Names { old: at(Some(0), 1), new: Some(at(Some(2), 3)) },
        ..Rules::NONE
    },
    Rules {
        name: "renameat2",
        paths: Some(Paths::Args { fds: &[0, 2], paths: &[1, 3] }),
        fds: FdEffect::Names { old: at(Some(0), 1), new: Some(at(Some(2), 3)) },
        ..Rules::NONE
    },
    Rules { name: "link", paths: Some(Paths::Args { fds: &[], paths: &[0, 1] }), ..Rules::NONE },
    Rules { name: "linkat", paths: Some(Paths::Args { fds: &[0, 2], paths: &[1, 3] }), ..Rules::NONE },
    Rules { name: "symlink", paths: Some(Paths::Args { fds: &[], paths: &[1] }), ..Rules::NONE },
    Rules { name: "symlinkat", paths: Some(Paths::Args { fds: &[1], paths: &[0, 2] }), ..Rules::NONE },
];
