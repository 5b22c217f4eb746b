//! Which tasks are traced, decided in the kernel before anything is copied.
//!
//! - `TRACED` holds tids: the launched command's main thread, `-p`'s threads, and with `-f` every
//!   child of a traced task (added by `sched_process_fork` before the child runs).
//! - A production scope (`--all`, `--comm`, `--uid`, `--cgroup`) traces any task but the tracer's
//!   that matches every filter set; such tasks get a COMM record when first seen (`SEEN`).

use core::mem::MaybeUninit;

use aya_ebpf::helpers::{bpf_get_current_uid_gid, generated};
use tracer_common::filter::{flags, FilterConfig};
use tracer_common::record::COMM_SIZE;
use tracer_common::summary::InSyscall;

use crate::record::{FILTER, SEEN, SYSCALLS, TRACED, TRACED_TIDS};

/// The filter settings (all zero until userspace writes them).
#[inline(always)]
pub fn config() -> Option<&'static FilterConfig> {
    FILTER.get(0)
}

/// True when syscall `nr` is in `-e trace=` (the `SYSCALLS` bitmap); numbers beyond it are.
#[inline(always)]
pub fn syscall_traced(nr: u64) -> bool {
    let word = nr / 64;
    if word >= u64::from(tracer_common::filter::SYSCALL_WORDS) {
        return true;
    }
    SYSCALLS.get(word as u32).is_some_and(|bits| bits & (1 << (nr % 64)) != 0)
}

/// True when i386 call `nr` (its own number) is in `-e trace=` (the i386 words of `SYSCALLS`);
/// numbers beyond them are.
#[inline(always)]
pub fn i386_traced(nr: u64) -> bool {
    let word = nr / 64;
    if word >= u64::from(tracer_common::filter::I386_WORDS) {
        return true;
    }
    let index = tracer_common::filter::SYSCALL_WORDS + word as u32;
    SYSCALLS.get(index).is_some_and(|bits| bits & (1 << (nr % 64)) != 0)
}

/// False when `tid` is certainly not in the traced set: its `TRACED_TIDS` value is 0. Tids the
/// array does not reach may be.
#[inline(always)]
pub fn maybe_in_set(tid: u32) -> bool {
    TRACED_TIDS.get(tid).is_none_or(|&traced| traced != 0)
}

/// False when the current task is certainly not traced: not a production scope's (which must be
/// asked), and not in the set. One array load for most tasks of the machine.
#[inline(always)]
pub fn maybe_traced(tid: u32) -> bool {
    maybe_in_set(tid) || scoped()
}

/// Bit of a traced tid's `TRACED_TIDS` value (beside bit 0, in the set, and `compat`'s bits 1-2)
/// set while an entry of it may be in `IN_FLIGHT`, with `--filter` loaded: the exit of a call the
/// expression dropped at entry then costs no hash lookup.
pub const ENTRY_KEPT: u8 = 1 << 3;

/// `tid` has an entry in flight (with `--filter` loaded; a tid not in the array, or not in the
/// set, is not marked).
#[inline(always)]
pub fn note_entry_kept(tid: u32) {
    if let Some(slot) = TRACED_TIDS.get_ptr_mut(tid) {
        // SAFETY: this tid's own map value, written by its own probes.
        unsafe {
            if *slot & 1 != 0 {
                *slot |= ENTRY_KEPT;
            }
        }
    }
}

/// Whether `tid` may have an entry in flight (with `--filter` loaded), the mark cleared: false
/// only for a traced tid of the array that was not marked by [`note_entry_kept`].
#[inline(always)]
pub fn take_entry_kept(tid: u32) -> bool {
    let Some(slot) = TRACED_TIDS.get_ptr_mut(tid) else { return true };
    // SAFETY: as above.
    unsafe {
        let value = *slot;
        if value & 1 == 0 {
            return true;
        }
        *slot = value & !ENTRY_KEPT;
        value & ENTRY_KEPT != 0
    }
}

/// `tid` joined (`traced`) or left the traced set: its `TRACED_TIDS` value follows.
#[inline(always)]
pub fn mark(tid: u32, traced: bool) {
    if let Some(slot) = TRACED_TIDS.get_ptr_mut(tid) {
        // SAFETY: this tid's own map value.
        unsafe { *slot = u8::from(traced) };
    }
}

/// True when tid is in the traced set.
#[inline(always)]
pub fn in_set(tid: u32) -> bool {
    // SAFETY: only the value's presence is used.
    maybe_in_set(tid) && unsafe { TRACED.get(tid) }.is_some()
}

/// The traced set's value for `tid` (the syscall it is in, for summary-only mode), when in the set.
#[inline(always)]
pub fn traced_slot(tid: u32) -> Option<*mut InSyscall> {
    TRACED.get_ptr_mut(tid)
}

/// True when task `tid`, the current one or not, is traced: in the set, or seen by a production
/// scope (whose filters can only be checked on the current task).
#[inline(always)]
pub fn watched(tid: u32) -> bool {
    // SAFETY: only the values' presence is used.
    in_set(tid) || unsafe { SEEN.get(tid) }.is_some()
}

/// True when the current task (of thread group `tgid`) matches the production scope.
#[inline(always)]
pub fn in_scope(cfg: &FilterConfig, tgid: u32) -> bool {
    let f = cfg.flags;
    if f & flags::SCOPE == 0 || tgid == cfg.tracer_tgid {
        return false;
    }
    if f & flags::UID != 0 && bpf_get_current_uid_gid() as u32 != cfg.uid {
        return false;
    }
    if f & flags::CGROUP != 0 {
        // SAFETY: a helper without pointer arguments.
        let id = unsafe { generated::bpf_get_current_ancestor_cgroup_id(cfg.cgroup_level as i32) };
        if id != cfg.cgroup_id {
            return false;
        }
    }
    if f & flags::COMM != 0 {
        if words(&current_comm()) != words(&cfg.comm) {
            return false;
        }
    }
    true
}

/// The current task's comm, NUL-padded (all zero if the helper fails: it clears the buffer then).
/// Not aya's `bpf_get_current_comm`, whose zeroed buffer the compiler makes a `memset` call: the
/// verifier walks that byte loop at every call site.
#[inline(always)]
pub fn current_comm() -> [u8; COMM_SIZE] {
    let mut comm = MaybeUninit::<[u8; COMM_SIZE]>::uninit();
    // SAFETY: the helper writes all COMM_SIZE bytes, on success and on failure alike.
    unsafe {
        generated::bpf_get_current_comm(comm.as_mut_ptr().cast(), COMM_SIZE as u32);
        comm.assume_init()
    }
}

/// True when the current task is traced: in the set, or in scope.
#[inline(always)]
pub fn current_traced(tid: u32, tgid: u32) -> bool {
    in_set(tid) || config().is_some_and(|cfg| in_scope(cfg, tgid))
}

/// Whether children of traced tasks are followed (`-f`).
#[inline(always)]
pub fn follow() -> bool {
    config().is_some_and(|cfg| cfg.flags & flags::FOLLOW != 0)
}

/// Whether a production scope is set.
#[inline(always)]
pub fn scoped() -> bool {
    config().is_some_and(|cfg| cfg.flags & flags::SCOPE != 0)
}

/// Mark `tid` seen; true the first time (its COMM record is then due).
#[inline(always)]
pub fn first_seen(tid: u32) -> bool {
    // SAFETY: only the value's presence is used.
    if unsafe { SEEN.get(tid) }.is_some() {
        return false;
    }
    let _ = SEEN.insert(tid, 1, 0);
    true
}

/// Forget a task that ended; true when it was traced (in the set, or seen by a scope).
#[inline(always)]
pub fn forget(tid: u32) -> bool {
    if !maybe_traced(tid) {
        return false;
    }
    mark(tid, false);
    let in_set = TRACED.remove(tid).is_ok();
    let seen = SEEN.remove(tid).is_ok();
    in_set || seen
}

/// A comm as two words (compared without a `memcmp` call, which BPF has not).
#[inline(always)]
fn words(comm: &[u8; 16]) -> (u64, u64) {
    let mut lo = [0u8; 8];
    let mut hi = [0u8; 8];
    lo.copy_from_slice(&comm[..8]);
    hi.copy_from_slice(&comm[8..]);
    (u64::from_ne_bytes(lo), u64::from_ne_bytes(hi))
}
