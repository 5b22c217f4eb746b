//! execve and execveat: close-on-exec descriptors close.

use tracer_common::syscall::nr;

use super::{FdEffect, Paths, Rules};

pub const RULES: &[Rules] = &[
    Rules { nr: nr::EXECVE, fds: FdEffect::Exec, ..Rules::NONE },
    Rules {
        nr: nr::EXECVEAT,
        paths: Some(Paths::Args { fds: &[0], paths: &[1] }),
        fds: FdEffect::Exec,
        ..Rules::NONE
    },
];
