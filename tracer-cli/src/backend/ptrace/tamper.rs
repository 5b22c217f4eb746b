//! `-e inject=` / `-e fault=` under ptrace, as strace 6.1 does it: at the syscall-entry stop of a
//! matching call the syscall number (`orig_rax`) becomes -1, so the kernel skips the call; at its
//! exit stop `rax` becomes `-errno` or the `retval=` value. `signal=` is sent as the call returns
//! (the exit stop is resumed with it); `delay_enter=`/`delay_exit=` keep the task stopped that
//! long (tracer sleeps, so other tasks wait too). Counters are per task and per call, from the
//! task's first call, as strace keeps them per tcb.

use std::time::Duration;

use nix::errno::Errno;
use nix::unistd::Pid;
use tracer_common::record::tamper;

use crate::cli::inject::{Injections, Rule};

/// `offsetof(struct user_regs_struct, rax)` and `orig_rax` on x86_64.
const RAX: usize = 10 * 8;
const ORIG_RAX: usize = 15 * 8;

/// What was done to the call in progress, for its exit.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tampered {
    /// The result the task sees (set at exit).
    pub ret: Option<i64>,
    pub signal: Option<i32>,
    pub delay_exit_us: Option<u64>,
    /// [`tamper`] bits for the record.
    pub bits: u8,
}

/// The entry of call `nr`, the task's `count`th: tamper with it if a rule says so.
pub fn at_entry(tid: Pid, injections: &Injections, nr: u64, count: u64) -> Option<Tampered> {
    let rule: &Rule = injections.rule(nr).filter(|rule| rule.fires_on(count))?;
    let mut tampered =
        Tampered { signal: rule.signal, delay_exit_us: rule.delay_exit_us, ..Tampered::default() };
    if let Some(ret) = rule.ret {
        if poke_user(tid, ORIG_RAX, u64::MAX).is_ok() {
            tampered.ret = Some(ret);
            tampered.bits |= tamper::INJECTED;
        }
    }
    if let Some(us) = rule.delay_enter_us {
        std::thread::sleep(Duration::from_micros(us));
        tampered.bits |= tamper::DELAYED;
    }
    if rule.delay_exit_us.is_some() {
        tampered.bits |= tamper::DELAYED;
    }
    Some(tampered)
}

/// The exit of a tampered call: its result, as the task will see it (`kernel_ret` if untouched).
pub fn at_exit(tid: Pid, tampered: &Tampered, kernel_ret: i64) -> i64 {
    if let Some(us) = tampered.delay_exit_us {
        std::thread::sleep(Duration::from_micros(us));
    }
    match tampered.ret {
        Some(ret) if poke_user(tid, RAX, ret as u64).is_ok() => ret,
        _ => kernel_ret,
    }
}

/// `PTRACE_POKEUSER`: one word of the task's `struct user` (its registers).
fn poke_user(tid: Pid, offset: usize, value: u64) -> Result<(), Errno> {
    // SAFETY: POKEUSER writes the tracee's saved registers, not our memory.
    let ret = unsafe {
        libc::ptrace(
            libc::PTRACE_POKEUSER,
            tid.as_raw(),
            offset as *mut libc::c_void,
            value as *mut libc::c_void,
        )
    };
    Errno::result(ret).map(drop)
}
