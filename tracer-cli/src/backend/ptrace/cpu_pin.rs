//! Keeping a lone tracee and tracer on one CPU.
//!
//! Each traced syscall is two round trips between tracee and tracer: the tracee stops and wakes
//! the tracer, the tracer resumes the tracee. When the two sit on different CPUs each wake-up is
//! an inter-processor interrupt to an idle CPU, which on a VM costs tens of microseconds (measured
//! here: a 1-byte dd under strace ran 6x faster with both pinned by `taskset -c 0`). The scheduler
//! puts them apart on its own (the other CPU is idle), so tracer pins both while only one task is
//! traced, and gives the task back its own mask:
//!
//! - before a call that reads the mask (`sched_getaffinity`) or sets it (`sched_setaffinity`): the
//!   call sees and changes the task's own mask, which is read again at the next pin;
//! - before a call that creates a task (`clone`, `fork`, `vfork`, `clone3`): the child inherits the
//!   task's own mask, whether it is traced (`-f`) or not;
//! - as soon as a second task is traced (they may run in parallel), and before any detach;
//! - while it runs long between stops (over [`LONG_RUN_NS`]): wake-ups are then a small part of
//!   its time, and on a busy machine the scheduler may find it a less loaded CPU. It is pinned
//!   again once stops come quickly.
//!
//! Only launched commands are pinned (`PTRACE_O_EXITKILL` ends them with tracer, so none is left
//! pinned), never attached (`-p`) ones.
//! What remains visible: `Cpus_allowed` in /proc/PID/status, and which CPU the task runs on.

use std::collections::HashMap;

use nix::sched::{sched_getaffinity, sched_setaffinity, CpuSet};
use nix::unistd::Pid;
use tracer_common::syscall::nr;

/// A run between two stops longer than this (computing, or blocked in a call) unpins the task:
/// a cross-CPU wake-up pair (tens of microseconds here) is then a few percent of its time.
pub const LONG_RUN_NS: u64 = 1_000_000;

/// The calls that must run with the task's own CPU mask (under the seccomp filter they stop
/// too, so that the mask can be given back before them).
pub const OWN_MASK_CALLS: [u64; 6] =
    [nr::SCHED_SETAFFINITY, nr::SCHED_GETAFFINITY, nr::CLONE, nr::FORK, nr::VFORK, nr::CLONE3];

/// Whether call `nr` must run with the task's own CPU mask.
pub fn needs_own_mask(nr: u64) -> bool {
    OWN_MASK_CALLS.contains(&nr)
}

/// The pinning state of one tracing session.
pub struct CpuPin {
    /// The CPU pinned tasks and tracer share.
    cpu: usize,
    /// tracer's own mask, while tracer is pinned.
    tracer_mask: Option<CpuSet>,
    /// The tasks pinned now, each with its own mask.
    pinned: HashMap<Pid, CpuSet>,
    /// When a task last left a stop ([`CpuPin::place`]): the next stop measures its run.
    last_resume_ns: Option<u64>,
}

impl CpuPin {
    /// Pin on the CPU tracer runs on now, or `None` if it cannot tell.
    pub fn new() -> Option<CpuPin> {
        let cpu = nix::sched::sched_getcpu().ok()?;
        Some(CpuPin { cpu, tracer_mask: None, pinned: HashMap::new(), last_resume_ns: None })
    }

    /// `tid` is about to leave a stop at `now_ns`: pinned if it is the only task traced (`lone`),
    /// is not about to run a call that needs its own mask, and ran briefly since its last stop;
    /// else given its own mask back (every task's, when it is not alone).
    pub fn place(&mut self, tid: Pid, lone: bool, own_mask_call: bool, now_ns: u64) {
        let ran_long = self.last_resume_ns.is_some_and(|then| now_ns.saturating_sub(then) > LONG_RUN_NS);
        self.last_resume_ns = Some(now_ns);
        if !lone {
            self.unpin_all();
        } else if own_mask_call || ran_long {
            self.unpin(tid);
        } else {
            self.pin(tid);
        }
    }

    /// Pin `tid` (and tracer) to the shared CPU, unless it is pinned already or its own mask
    /// excludes that CPU. Failures only leave it unpinned.
    pub fn pin(&mut self, tid: Pid) {
        if self.pinned.contains_key(&tid) {
            return;
        }
        let Ok(own) = sched_getaffinity(tid) else { return };
        if !own.is_set(self.cpu).unwrap_or(false) {
            return;
        }
        let mut one = CpuSet::new();
        if one.set(self.cpu).is_err() {
            return;
        }
        if self.tracer_mask.is_none() {
            let Ok(tracer_own) = sched_getaffinity(Pid::from_raw(0)) else { return };
            if sched_setaffinity(Pid::from_raw(0), &one).is_err() {
                return;
            }
            self.tracer_mask = Some(tracer_own);
        }
        if sched_setaffinity(tid, &one).is_ok() {
            self.pinned.insert(tid, own);
        }
    }

    /// Give `tid` its own mask back, if it is pinned; tracer's too when no task is left pinned.
    pub fn unpin(&mut self, tid: Pid) {
        if let Some(own) = self.pinned.remove(&tid) {
            let _ = sched_setaffinity(tid, &own);
        }
        self.release_tracer();
    }

    /// `tid` is gone: nothing to give back.
    pub fn forget(&mut self, tid: Pid) {
        self.pinned.remove(&tid);
        self.release_tracer();
    }

    /// A thread that exec'd took the tid `new` (it was `old`).
    pub fn rename(&mut self, old: Pid, new: Pid) {
        if let Some(own) = self.pinned.remove(&old) {
            self.pinned.insert(new, own);
        }
    }

    /// Give every pinned task, and tracer, its own mask back.
    pub fn unpin_all(&mut self) {
        for (tid, own) in self.pinned.drain() {
            let _ = sched_setaffinity(tid, &own);
        }
        self.release_tracer();
    }

    /// Whether `tid` is pinned now.
    #[cfg(test)]
    pub fn is_pinned(&self, tid: Pid) -> bool {
        self.pinned.contains_key(&tid)
    }

    fn release_tracer(&mut self) {
        if self.pinned.is_empty() {
            if let Some(own) = self.tracer_mask.take() {
                let _ = sched_setaffinity(Pid::from_raw(0), &own);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_that_read_set_or_pass_on_the_mask_run_with_the_tasks_own() {
        for nr in [nr::SCHED_SETAFFINITY, nr::SCHED_GETAFFINITY, nr::CLONE, nr::FORK, nr::VFORK, nr::CLONE3] {
            assert!(needs_own_mask(nr), "{nr}");
        }
        for nr in [nr::READ, nr::WRITE, nr::GETPID, nr::EXECVE, nr::EXIT_GROUP] {
            assert!(!needs_own_mask(nr), "{nr}");
        }
    }

    #[test]
    fn pinning_this_thread_and_giving_it_back_restores_its_mask() {
        // A helper thread stands in for a tracee: it is pinned and unpinned from here.
        let (tx, rx) = std::sync::mpsc::channel();
        let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
        let worker = std::thread::spawn(move || {
            let _ = tx.send(nix::unistd::gettid());
            let _ = done_rx.recv();
        });
        let Ok(tid) = rx.recv() else { panic!("no tid from the worker") };
        let before = sched_getaffinity(tid).map(|set| format!("{set:?}"));
        let tracer_before = sched_getaffinity(Pid::from_raw(0)).map(|set| format!("{set:?}"));
        let Some(mut pin) = CpuPin::new() else { return };
        pin.pin(tid);
        assert!(pin.is_pinned(tid));
        let pinned = sched_getaffinity(tid).ok();
        let count = (0..CpuSet::count())
            .filter(|&cpu| pinned.is_some_and(|s| s.is_set(cpu).unwrap_or(false)))
            .count();
        assert_eq!(count, 1, "pinned to one CPU");
        pin.unpin(tid);
        assert!(!pin.is_pinned(tid));
        assert_eq!(sched_getaffinity(tid).map(|set| format!("{set:?}")), before);
        assert_eq!(sched_getaffinity(Pid::from_raw(0)).map(|set| format!("{set:?}")), tracer_before);
        // `place`: stops in quick succession pin; a long run, a call needing the own mask or a
        // second task unpin.
        let ms = 1_000_000;
        pin.place(tid, true, false, 10 * ms);
        assert!(pin.is_pinned(tid), "first stop");
        pin.place(tid, true, false, 10 * ms + 50_000);
        assert!(pin.is_pinned(tid), "50 us later");
        pin.place(tid, true, false, 20 * ms);
        assert!(!pin.is_pinned(tid), "after a 10 ms run");
        pin.place(tid, true, false, 20 * ms + 10_000);
        assert!(pin.is_pinned(tid), "quick again");
        pin.place(tid, true, true, 20 * ms + 20_000);
        assert!(!pin.is_pinned(tid), "sched_getaffinity and the like");
        pin.place(tid, true, false, 20 * ms + 30_000);
        pin.place(tid, false, false, 20 * ms + 40_000);
        assert!(!pin.is_pinned(tid), "a second task");
        assert_eq!(sched_getaffinity(tid).map(|set| format!("{set:?}")), before);
        assert_eq!(sched_getaffinity(Pid::from_raw(0)).map(|set| format!("{set:?}")), tracer_before);
        let _ = done_tx.send(());
        let _ = worker.join();
    }
}
