//! `-c` in the kernel: with summary-only mode on, the syscall probes keep per-syscall counters
//! ([`SyscallStats`], one per CPU) instead of sending records. No per-syscall record, no capture
//! crosses to userspace; the lifecycle records (fork, exec, signals, exit) still do, so `-f` and the
//! exit status work as usual.
//!
//! The fast path is kept short: the entry time and number go in place into the thread's value in
//! `TRACED` (found by the lookup that says the thread is traced: no second map), with one clock
//! read; at exit one lookup of it, one clock read and an in-place update of this CPU's counters
//! for the syscall (never copied to the stack: the value is 352 bytes).

use aya_ebpf::{
    helpers::{bpf_ktime_get_ns, generated::bpf_get_current_task_btf},
    macros::map,
    maps::{Array, HashMap, PerCpuArray},
    Global,
};
use tracer_common::summary::{InSyscall, SyscallStats, TidSlot};
use tracer_ebpf::{MAX_SEEN, PLAN_ENTRIES};

/// Set (to 1) by userspace at load time for summary-only mode (`-c`). A read-only global: the
/// verifier knows its value and drops the branch not taken, so the normal mode pays nothing for it.
#[unsafe(no_mangle)]
static SUMMARY_ONLY: Global<u8> = Global::new(0);

/// `task_struct.pending.signal`'s offset (0: unknown), from the kernel's BTF, set by userspace at
/// load time. A constant for the verifier, so the word is read straight through the task's BTF
/// pointer ([`sigkill_pending`]) rather than with `bpf_probe_read_kernel`.
#[unsafe(no_mangle)]
static TASK_PENDING_SIGNAL_OFFSET: Global<u64> = Global::new(0);

/// SIGKILL in the current task's private pending set (the kernel's `__fatal_signal_pending`),
/// checked at every exit in this mode: one direct load.
#[inline(always)]
pub fn sigkill_pending() -> bool {
    const SIGKILL_BIT: u64 = 1 << (9 - 1);
    let offset = TASK_PENDING_SIGNAL_OFFSET.load();
    if offset == 0 {
        return false;
    }
    // SAFETY: the current task's BTF pointer plus the offset of a u64 field in it, both checked by
    // the verifier against the kernel's BTF (the load cannot fault).
    unsafe {
        let task = bpf_get_current_task_btf().cast::<u8>();
        task.add(offset as usize).cast::<u64>().read_volatile() & SIGKILL_BIT != 0
    }
}

/// Whether summary-only mode is on.
#[inline(always)]
pub fn only() -> bool {
    SUMMARY_ONLY.load() != 0
}

/// Per-CPU counters, indexed by call (`Personality::slot`: x86_64's, i386's, x32's). Userspace
/// sums the CPUs.
#[map]
pub static SUMMARY: PerCpuArray<SyscallStats> = PerCpuArray::with_max_entries(PLAN_ENTRIES, 0);

/// The traced set and the syscall each traced thread is in, indexed by tid: userspace sizes it to
/// the kernel's `pid_max` in summary-only mode (1 entry otherwise) and marks the tids it adds;
/// the lifecycle probes keep it equal to `TRACED` (see [`mark`]). An array lookup is inlined by
/// the verifier: the fast path needs no hash lookup. Tids beyond it use `TRACED`'s values.
#[map]
pub static SUMMARY_TIDS: Array<TidSlot> = Array::with_max_entries(1, 0);

/// The entry of `tid` in `SUMMARY_TIDS`, when the array reaches it.
#[inline(always)]
pub fn tid_slot(tid: u32) -> Option<*mut TidSlot> {
    SUMMARY_TIDS.get_ptr_mut(tid)
}

/// `tid` joined (`traced`) or left the traced set: its `SUMMARY_TIDS` entry follows.
#[inline(always)]
pub fn mark(tid: u32, traced: bool) {
    if let Some(slot) = tid_slot(tid) {
        // SAFETY: a map value; only the lifecycle probes of this tid's parent or itself write its
        // membership.
        unsafe {
            (*slot).ts_ns = 0;
            (*slot).traced = u32::from(traced);
        }
    }
}

/// A multithreaded exec by a thread of the traced set: its tid `old` becomes `new`, with the
/// execve in flight.
#[inline(always)]
pub fn moved_slot(old: u32, new: u32) {
    let mut in_flight = (0, 0);
    if let Some(from) = tid_slot(old) {
        // SAFETY: the exec'ing thread's entry.
        unsafe {
            in_flight = ((*from).ts_ns, (*from).nr);
            (*from).ts_ns = 0;
            (*from).traced = 0;
        }
    }
    if let Some(to) = tid_slot(new) {
        // SAFETY: the exec'ing thread's entry under its new tid.
        unsafe {
            (*to).ts_ns = in_flight.0;
            (*to).nr = in_flight.1;
            (*to).traced = 1;
        }
    }
}

/// The call of slot `call` (`Personality::slot`) entered, in the thread's `SUMMARY_TIDS` entry.
///
/// # Safety
/// `slot` must be the current thread's entry.
#[inline(always)]
pub unsafe fn enter_tid(slot: *mut TidSlot, call: u32) {
    // SAFETY: a helper without arguments; `slot` as the contract says.
    unsafe {
        (*slot).ts_ns = bpf_ktime_get_ns();
        (*slot).nr = call;
    }
}

/// [`take`] for a `SUMMARY_TIDS` entry.
///
/// # Safety
/// As for [`enter_tid`].
#[inline(always)]
pub unsafe fn take_tid(slot: *mut TidSlot) -> Option<(u64, u64)> {
    // SAFETY: as the contract says.
    unsafe {
        let ts = (*slot).ts_ns;
        if ts == 0 {
            return None;
        }
        (*slot).ts_ns = 0;
        Some((u64::from((*slot).nr), ts))
    }
}

/// The syscall each task traced by a production scope (not in `TRACED`) is in (key: tid). Tasks
/// in `TRACED` keep it in their `TRACED` value, found by the lookup that says they are traced.
/// A plain hash (an LRU one would drop a task's call silently): a task's slot goes when it ends
/// ([`forget`]), and a call that finds the map full is counted as lost.
#[map]
pub static SCOPED_IN_SYSCALL: HashMap<u32, InSyscall> = HashMap::with_max_entries(MAX_SEEN, 0);

/// Syscall `nr` entered; `slot` is the thread's.
///
/// # Safety
/// `slot` must be a map value of the current thread's (only its own probes write it).
#[inline(always)]
pub unsafe fn enter(slot: *mut InSyscall, nr: u64) {
    // SAFETY: a helper without arguments; `slot` as the contract says.
    unsafe {
        (*slot).ts_ns = bpf_ktime_get_ns();
        (*slot).nr = nr;
    }
}

/// Syscall `nr` entered by `tid`, a task traced by a production scope.
#[inline(always)]
pub fn enter_scoped(tid: u32, nr: u64) {
    match SCOPED_IN_SYSCALL.get_ptr_mut(tid) {
        // SAFETY: the current thread's value.
        Some(slot) => unsafe { enter(slot, nr) },
        None => {
            // SAFETY: a helper without arguments.
            let ts_ns = unsafe { bpf_ktime_get_ns() };
            // A full map costs this call its count: said, as lost.
            if SCOPED_IN_SYSCALL.insert(tid, InSyscall { ts_ns, nr }, 0).is_err() {
                crate::record::count_lost_call();
            }
        }
    }
}

/// The syscall the thread of `slot` was in, taken (the slot is cleared): its number and entry
/// time.
///
/// # Safety
/// As for [`enter`].
#[inline(always)]
pub unsafe fn take(slot: *mut InSyscall) -> Option<(u64, u64)> {
    // SAFETY: as the contract says.
    unsafe {
        let ts = (*slot).ts_ns;
        if ts == 0 {
            return None;
        }
        (*slot).ts_ns = 0;
        Some(((*slot).nr, ts))
    }
}

/// [`take`] for a task traced by a production scope.
#[inline(always)]
pub fn take_scoped(tid: u32) -> Option<(u64, u64)> {
    let slot = SCOPED_IN_SYSCALL.get_ptr_mut(tid)?;
    // SAFETY: the current thread's value.
    unsafe { take(slot) }
}

/// Count a call of slot `call` (`Personality::slot`) that started at `start` and returned `ret`.
#[inline(always)]
pub fn count(call: u64, start: u64, ret: i64) {
    if call >= u64::from(PLAN_ENTRIES) {
        // A number beyond every table: not counted, said as lost.
        crate::record::count_lost_call();
        return;
    }
    // SAFETY: a helper without arguments.
    let now = unsafe { bpf_ktime_get_ns() };
    if let Some(stats) = SUMMARY.get_ptr_mut(call as u32) {
        // SAFETY: this CPU's counters; the syscall probes do not nest on a CPU.
        unsafe { (*stats).add(now.wrapping_sub(start), failed(ret)) };
    }
}

/// An error return (-4095..=-1), as strace counts errors.
#[inline(always)]
pub fn failed(ret: i64) -> bool {
    (ret as u64) >= (-4095i64) as u64
}

/// A multithreaded exec by a task of a production scope: the execve in flight returns on the
/// leader's tid (`new`). (`TRACED` values move with their key.)
#[inline(always)]
pub fn moved(old: u32, new: u32) {
    // SAFETY: the value is copied out before the map is changed.
    if let Some(in_syscall) = unsafe { SCOPED_IN_SYSCALL.get(old) }.copied() {
        let _ = SCOPED_IN_SYSCALL.insert(new, in_syscall, 0);
        let _ = SCOPED_IN_SYSCALL.remove(old);
    }
}

/// A task of a production scope ended: its slot goes.
#[inline(always)]
pub fn forget(tid: u32) {
    let _ = SCOPED_IN_SYSCALL.remove(tid);
}
