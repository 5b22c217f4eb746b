//! Calls of the other personalities: an i386 call (the task's `TS_COMPAT`) and a traced task's
//! personality, kept so that a change of it is seen at the call that makes it, traced or not.
//!
//! strace prints `[ Process PID=N runs in 32 bit mode. ]` at the first call of a new personality,
//! whether `-e trace=` shows that call or not. A call the in-kernel filter leaves out never reaches
//! userspace, so the probe keeps each traced task's personality in bits 1-2 of its `TRACED_TIDS`
//! value and lets the call that changes it through: userspace hides it (it is outside the set) and
//! prints the line.

use aya_ebpf::{helpers::generated::bpf_get_current_task_btf, Global};
use tracer_common::personality::X32_SYSCALL_BIT;

use crate::record::TRACED_TIDS;

/// `TS_COMPAT` in x86's `thread_info.status`: the task is in a call made through an i386 entry
/// (`int $0x80`, or a 32-bit process's `sysenter`/`syscall`), whose number is i386's.
const TS_COMPAT: u32 = 0x0002;

/// `task_struct.thread_info.status`'s offset (0: unknown), from the kernel's BTF, set by userspace
/// at load time: a constant for the verifier, so the word is read straight through the task's
/// BTF pointer, as `summary::sigkill_pending` reads its own.
#[unsafe(no_mangle)]
static TASK_TI_STATUS_OFFSET: Global<u64> = Global::new(0);

/// Whether the current task is in an i386 call (its `thread_info.status` has `TS_COMPAT`; false
/// where the kernel's BTF did not give the offset): one direct load.
#[inline(always)]
pub fn in_i386_call() -> bool {
    let offset = TASK_TI_STATUS_OFFSET.load();
    if offset == 0 {
        return false;
    }
    // SAFETY: the current task's BTF pointer plus the offset of a u32 field in it, both checked by
    // the verifier against the kernel's BTF (the load cannot fault).
    unsafe {
        let task = bpf_get_current_task_btf().cast::<u8>();
        task.add(offset as usize).cast::<u32>().read_volatile() & TS_COMPAT != 0
    }
}

/// The personality of a call, as kept in `TRACED_TIDS` (0: x86_64, 1: i386, 2: x32).
#[inline(always)]
pub fn personality(i386: bool, raw_nr: u64) -> u8 {
    if i386 {
        1
    } else if raw_nr >> 32 == 0 && raw_nr & X32_SYSCALL_BIT != 0 {
        2
    } else {
        0
    }
}

/// Task `tid` makes a call of `personality`: whether it is a traced task whose previous call was
/// of another one (its `TRACED_TIDS` value then says so). A task is x86_64 when it joins the set
/// (`filter::mark`), as userspace takes it; a tid beyond the array is not followed.
#[inline(always)]
pub fn changed(tid: u32, personality: u8) -> bool {
    let Some(slot) = TRACED_TIDS.get_ptr_mut(tid) else { return false };
    // SAFETY: this tid's own map value, written only by its own probes and its joining the set.
    unsafe {
        let value = *slot;
        if value == 0 || (value >> 1) & 3 == personality {
            return false;
        }
        *slot = 1 | (personality << 1) | (value & crate::filter::ENTRY_KEPT);
    }
    true
}
