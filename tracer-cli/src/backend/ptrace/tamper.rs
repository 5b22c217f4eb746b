//! `-e inject=` / `-e fault=` under ptrace, as strace 6.1 does it: at the syscall-entry stop of a
//! matching call the syscall number (`orig_rax`) becomes -1, so the kernel skips the call; at its
//! exit stop `rax` becomes `-errno` or the `retval=` value. `signal=` is sent as the call returns
//! (the exit stop is resumed with it); `poke_enter=`/`poke_exit=` overwrite the memory arguments
//! point to before the entry's or exit's captures are read (`process_vm_writev`); `syscall=`
//! runs a call without side effects instead of none; `delay_enter=`/`delay_exit=` keep the task in that stop
//! that long (the session parks it, other tasks go on: [`super::alarm`]). Counters are per task
//! and per call, from the task's first call, as strace keeps them per tcb.

use std::io::IoSlice;

use nix::errno::Errno;
use nix::sys::uio::{process_vm_writev, RemoteIoVec};
use nix::unistd::Pid;
use tracer_common::record::tamper;

use crate::inject::{Injections, Poke, Rule};

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
    /// The rule has `poke_exit=` pokes, done at the exit.
    pub poke_exit: bool,
    /// [`tamper`] bits for the record.
    pub bits: u8,
}

/// The entry of call `nr` (arguments `args`), the task's `count`th: tamper with it if a rule
/// says so. Its pokes are done before the entry's captures are read.
pub fn at_entry(tid: Pid, injections: &Injections, nr: u64, args: &[u64; 6], count: u64) -> Option<Tampered> {
    let rule: &Rule = injections.rule(nr).filter(|rule| rule.fires_on(count))?;
    let mut tampered = Tampered {
        signal: rule.signal,
        delay_enter_us: rule.delay_enter_us,
        delay_exit_us: rule.delay_exit_us,
        ..Tampered::default()
    };
    if poke_all(tid, nr, args, &rule.poke_enter) {
        tampered.bits |= tamper::POKED;
    }
    tampered.poke_exit = !rule.poke_exit.is_empty();
    if let Some(ret) = rule.ret {
        // -1 is no call at all; `syscall=` names a harmless one to run instead.
        if poke_user(tid, ORIG_RAX, rule.syscall.unwrap_or(u64::MAX)).is_ok() {
            tampered.ret = Some(ret);
            tampered.bits |= tamper::INJECTED;
            if rule.nofail {
                tampered.bits |= tamper::RETVAL;
            }
        }
    }
    if rule.delay_enter_us.is_some() || rule.delay_exit_us.is_some() {
        tampered.bits |= tamper::DELAYED;
    }
    Some(tampered)
}

/// The exit of a tampered call `nr`: its `poke_exit=` pokes (before the exit's captures are read),
/// and its result, as the task will see it (`kernel_ret` if untouched).
pub fn at_exit(
    tid: Pid,
    injections: &Injections,
    nr: u64,
    args: &[u64; 6],
    tampered: &mut Tampered,
    kernel_ret: i64,
) -> i64 {
    if tampered.poke_exit {
        let pokes = injections.rule(nr).map_or(&[][..], |rule| &rule.poke_exit[..]);
        if poke_all(tid, nr, args, pokes) {
            tampered.bits |= tamper::POKED;
        }
    }
    match tampered.ret {
        Some(ret) if poke_user(tid, RAX, ret as u64).is_ok() => ret,
        _ => kernel_ret,
    }
}

/// Write each poke's bytes where its argument points; true if any was written. Failures are
/// strace's `poke_tcb` warnings, and the call goes on.
fn poke_all(tid: Pid, nr: u64, args: &[u64; 6], pokes: &[Poke]) -> bool {
    let mut poked = false;
    for poke in pokes {
        let info = tracer_common::syscall::info(nr);
        let nargs = info.map_or(6, |info| info.args.len());
        let index = usize::from(poke.arg) - 1;
        let failed = format!("poke_tcb: Failed to tamper with process {tid}");
        if index >= nargs || index >= args.len() {
            let name = info.map_or_else(|| format!("syscall_{nr:#x}"), |info| info.name.to_string());
            crate::diag!(
                "{failed}: requested to tamper with argument #{}, but system call '{name}' has only {nargs} arguments",
                poke.arg
            );
            continue;
        }
        let remote = [RemoteIoVec { base: args[index] as usize, len: poke.data.len() }];
        match process_vm_writev(tid, &[IoSlice::new(&poke.data)], &remote) {
            Ok(n) if n == poke.data.len() => poked = true,
            _ => crate::diag!("{failed}: couldn't poke"),
        }
    }
    poked
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
