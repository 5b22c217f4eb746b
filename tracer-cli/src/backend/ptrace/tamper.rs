//! `-e inject=` / `-e fault=` under ptrace, as strace 6.1 does it: at the syscall-entry stop of a
//! matching call the syscall number (`orig_rax`) becomes -1, so the kernel skips the call; at its
//! exit stop `rax` becomes `-errno` or the `retval=` value. `signal=` is sent as the call returns
//! (the exit stop is resumed with it); `delay_enter=`/`delay_exit=` keep the task in that stop
//! that long (the session parks it, other tasks go on: [`super::alarm`]). Counters are per task
//! and per call, from the task's first call, as strace keeps them per tcb.

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
    /// How long the entry stop is held (`delay_enter=`).
    pub delay_enter_us: Option<u64>,
    /// How long the exit stop is held (`delay_exit=`).
    pub delay_exit_us: Option<u64>,
    /// [`tamper`] bits for the record.
    pub bits: u8,
}

/// The entry of call `nr`, the task's `count`th: tamper with it if a rule says so.
pub fn at_entry(tid: Pid, injections: &Injections, nr: u64, count: u64) -> Option<Tampered> {
    let rule: &Rule = injections.rule(nr).filter(|rule| rule.fires_on(count))?;
    let mut tampered = Tampered {
        signal: rule.signal,
        delay_enter_us: rule.delay_enter_us,
        delay_exit_us: rule.delay_exit_us,
        ..Tampered::default()
    };
    if let Some(ret) = rule.ret {
        if poke_user(tid, ORIG_RAX, u64::MAX).is_ok() {
            tampered.ret = Some(ret);
            tampered.bits |= tamper::INJECTED;
        }
    }
    if rule.delay_enter_us.is_some() || rule.delay_exit_us.is_some() {
        tampered.bits |= tamper::DELAYED;
    }
    Some(tampered)
}

/// The exit of a tampered call: its result, as the task will see it (`kernel_ret` if untouched).
pub fn at_exit(tid: Pid, tampered: &Tampered, kernel_ret: i64) -> i64 {
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
