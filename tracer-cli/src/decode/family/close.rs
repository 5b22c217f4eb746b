//! close and close_range: descriptors the table forgets.

use super::{FdEffect, Rules};

pub const RULES: &[Rules] = &[
    Rules { name: "close", fds: FdEffect::Close { fd: 0 }, ..Rules::NONE },
    Rules { name: "close_range", fds: FdEffect::CloseRange, ..Rules::NONE },
];
