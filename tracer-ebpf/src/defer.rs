//! One record per syscall: which calls keep their entry in the kernel until their exit
//! (`tracer_common::record::defer`), and `-e status=`'s verdict on a call that returned.

use aya_ebpf::{macros::map, maps::Array, Global};
use tracer_common::filter::SYSCALL_WORDS;
use tracer_common::record::defer;

/// `tracer_common::record::defer` bits, set by userspace at load time. A read-only global: the verifier
/// knows it and drops the code of the modes not chosen.
#[unsafe(no_mangle)]
static DEFER_MODE: Global<u32> = Global::new(0);

/// The calls whose entry can wait for their exit, one bit per syscall number (filled by userspace):
/// those whose entry captures read the same bytes at exit (no value-result argument), that return
/// on the task that entered them, and that create no task.
#[map]
pub static DEFERRABLE: Array<u64> = Array::with_max_entries(SYSCALL_WORDS, 0);

/// `InFlight::deferred` of a call held until its exit because only the exit can tell whether
/// `--filter` shows it (`crate::expr`): it is not sent when its task blocks in it (1: it is).
pub const HELD: u32 = 2;

#[inline(always)]
fn mode() -> u32 {
    DEFER_MODE.load()
}

/// Whether call `nr`'s entry waits for its exit.
#[inline(always)]
pub fn wanted(nr: u64) -> bool {
    if mode() & (defer::ON | defer::STATUS) == 0 {
        return false;
    }
    let word = nr / 64;
    if word >= u64::from(SYSCALL_WORDS) {
        return false;
    }
    DEFERRABLE.get(word as u32).is_some_and(|bits| bits & (1 << (nr % 64)) != 0)
}

/// Whether a task switched out inside a deferred call sends its entry then (no status filter).
#[inline(always)]
pub fn flush_on_switch() -> bool {
    mode() & defer::STATUS == 0 && mode() & defer::ON != 0
}

/// Whether a call that returned `ret` is shown (`-e status=`); always without a status filter.
#[inline(always)]
pub fn shown(ret: i64) -> bool {
    let m = mode();
    if m & defer::STATUS == 0 {
        return true;
    }
    let bit = if (-4095..0).contains(&ret) { defer::FAILED } else { defer::SUCCESSFUL };
    m & bit != 0
}

/// Whether a deferred call that never returns is shown (as an entry alone).
#[inline(always)]
pub fn unfinished_shown() -> bool {
    let m = mode();
    m & defer::STATUS == 0 || m & defer::UNFINISHED != 0
}
