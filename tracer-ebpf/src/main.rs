//! tracer's eBPF program. Entry points are thin: each calls a `try_*` function and returns 0.
//!
//! - `sys_enter` / `sys_exit`: raw tracepoints (no tracefs needed) on the `raw_syscalls` events.
//!   Only tasks in `TRACED` (or, with a production scope, matching it) are looked at; everything
//!   else returns after one lookup ([`filter`]).
//! - `sched_process_fork` / `_exec` / `_exit`, `signal_deliver`: a traced task's life as records,
//!   and the traced set kept up to date ([`lifecycle`]).
//! - Each record is built in a per-CPU scratch value ([`record`]), with the argument memory the
//!   capture plan asks for ([`capture`]), in two programs the probes tail-call ([`tails`]), then
//!   copied to the `EVENTS` ring buffer. A failed copy
//!   counts in `LOST`, which userspace turns into `Lost` records.
//! - Calls that do not block send one SYS_CALL record at their exit instead of an entry and an
//!   exit; with `-e status=`, only the calls whose status is shown are sent ([`defer`]).
//! - `--filter`: the expression's kernel form is judged at entry and exit; a call it rejects
//!   reserves no ring space ([`expr`]).
//! - `-k`: after a call's record, the user registers and stack slice it is unwound from
//!   ([`stack`]).
//! - Summary-only mode (`-c`): the syscall probes count calls, errors and latencies per syscall in
//!   a per-CPU map and send nothing ([`summary`]).
#![cfg_attr(target_arch = "bpf", no_std)]
#![cfg_attr(target_arch = "bpf", no_main)]

#[cfg(target_arch = "bpf")]
mod arrays;
#[cfg(target_arch = "bpf")]
mod capture;
#[cfg(target_arch = "bpf")]
mod compat;
#[cfg(target_arch = "bpf")]
mod counted;
#[cfg(target_arch = "bpf")]
mod defer;
#[cfg(target_arch = "bpf")]
mod deref;
#[cfg(target_arch = "bpf")]
mod expr;
#[cfg(target_arch = "bpf")]
mod fdinode;
#[cfg(target_arch = "bpf")]
mod filter;
#[cfg(target_arch = "bpf")]
mod floor;
#[cfg(target_arch = "bpf")]
mod fprog;
#[cfg(target_arch = "bpf")]
mod lifecycle;
#[cfg(target_arch = "bpf")]
mod probes;
#[cfg(target_arch = "bpf")]
mod record;
#[cfg(target_arch = "bpf")]
mod stack;
#[cfg(target_arch = "bpf")]
mod summary;
#[cfg(target_arch = "bpf")]
mod tails;
#[cfg(target_arch = "bpf")]
mod walk;

/// `probe_read_user*` and the ring buffer helpers are GPL-only.
#[cfg(target_arch = "bpf")]
#[unsafe(link_section = "license")]
#[unsafe(no_mangle)]
static LICENSE: [u8; 4] = *b"GPL\0";

#[cfg(target_arch = "bpf")]
#[panic_handler]
fn panic(_info: &core::panic::PanicInfo) -> ! {
    // The verifier rejects programs that can reach this: every panic path must be optimised away.
    loop {}
}

#[cfg(not(target_arch = "bpf"))]
fn main() {}
