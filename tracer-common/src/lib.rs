//! The schema shared by tracer's eBPF program and its userspace.
//!
//! - [`record`]: the byte layout of every record a backend emits (kernel-safe, `#[repr(C)]`).
//! - [`syscall`]: the generated x86_64 syscall table: names, arguments, argument kinds, classes.
//! - [`personality`]: which table a call's number is of (x86_64, i386, x32).
//! - [`capture`]: the capture plan: which argument memory to copy, when, and how much.
//! - [`errno`]: errno names and messages as strace prints them.
//! - [`expr`]: `--filter`'s kernel form: a bounded postfix program and its three-valued evaluation.
//! - [`filter`]: which tasks the eBPF program traces, and the kernel offsets it needs.
//! - [`signal`]: signal names as strace prints them.
//! - [`summary`]: `-c`'s per-syscall counters as the eBPF program keeps them, and the latency buckets.
//! - `event` (feature `user`): owned records with length-checked decoding and encoding.
//! - `stack` (feature `user`): `-k` stack frames and their record bytes.
#![cfg_attr(not(feature = "user"), no_std)]

pub mod capture;
pub mod errno;
pub mod expr;
pub mod filter;
pub mod personality;
pub mod record;
pub mod signal;
pub mod summary;
pub mod syscall;

#[cfg(feature = "user")]
pub mod event;
#[cfg(feature = "user")]
pub mod stack;
