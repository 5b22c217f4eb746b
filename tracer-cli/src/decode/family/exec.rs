//! execve and execveat: close-on-exec descriptors close.

use super::{FdEffect, Paths, Rules};

pub const RULES: &[Rules] = &[
    Rules { name: "execve", fds: FdEffect::Exec, ..Rules::NONE },
    Rules {
        name: "execveat",
        paths: Some(Paths::Args { fds: &[0], paths: &[1] }),
        fds: FdEffect::Exec,
        ..Rules::NONE
    },
];
