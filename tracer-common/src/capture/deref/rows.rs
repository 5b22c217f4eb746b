//! The rows of [`super::TABLE`], by syscall.

use super::{Deref, AT_ENTRY, AT_EXIT};
use crate::syscall::nr;

/// `PTRACE_GETREGSET` and `PTRACE_SETREGSET` (ptrace's request).
const PTRACE_GETREGSET: u32 = 0x4204;
const PTRACE_SETREGSET: u32 = 0x4205;

/// The rows; see [`super::TABLE`].
pub(super) const ROWS: [Deref; 3] = [
    // clone3's `struct clone_args`: `set_tid`, an array of `set_tid_size` pid_t.
    Deref::new(nr::CLONE3, 0, AT_ENTRY, 64, 4, 128).count_at(72, 8).sized_by(1),
    // ptrace's regset `struct iovec`: `iov_len` bytes at `iov_base` (at exit: what the call wrote).
    Deref::new(nr::PTRACE, 3, AT_EXIT, 0, 1, 1024).count_at(8, 8).when_arg(0, PTRACE_GETREGSET),
    Deref::new(nr::PTRACE, 3, AT_ENTRY, 0, 1, 1024).count_at(8, 8).when_arg(0, PTRACE_SETREGSET),
];
