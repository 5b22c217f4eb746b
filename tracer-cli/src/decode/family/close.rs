//! close and close_range: descriptors the table forgets.

use tracer_common::syscall::nr;

use super::{FdEffect, Rules};

pub const RULES: &[Rules] = &[
    Rules { nr: nr::CLOSE, fds: FdEffect::Close { fd: 0 }, ..Rules::NONE },
    Rules { nr: nr::CLOSE_RANGE, fds: FdEffect::CloseRange, ..Rules::NONE },
];
