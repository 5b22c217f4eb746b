//! The traced tasks: which are alive and in which process, the names the eBPF scopes report, and
//! each task's previous call (what a `restart_syscall` resumes).

use rustc_hash::FxHashMap;
use tracer_common::event::Meta;

/// What is known of one task.
#[derive(Clone, Debug, Default)]
struct Task {
    /// Traced now (seen and not exited), in this thread group.
    live: Option<u32>,
    /// Its comm, from COMM records.
    comm: Option<String>,
    /// Its previous call.
    previous: Option<u64>,
}

impl Task {
    fn is_empty(&self) -> bool {
        self.live.is_none() && self.comm.is_none() && self.previous.is_none()
    }
}

/// How many recently looked-up tasks are remembered without hashing (a power of two).
const RECENT: usize = 64;

/// The tasks seen so far, in slots found by tid. Recently looked-up tasks are remembered in a
/// small table indexed by the tid's low bits, since most records come from a task that made one
/// of the last few: hashing is for the rest.
#[derive(Debug)]
pub struct Tasks {
    slots: Vec<Task>,
    by_tid: FxHashMap<u32, usize>,
    free: Vec<usize>,
    /// Tasks traced now.
    live: usize,
    /// `(tid, slot)` of a recently looked-up task, at `tid % RECENT`.
    recent: [Option<(u32, usize)>; RECENT],
}

impl Default for Tasks {
    fn default() -> Self {
        Tasks {
            slots: Vec::new(),
            by_tid: FxHashMap::default(),
            free: Vec::new(),
            live: 0,
            recent: [None; RECENT],
        }
    }
}

impl Tasks {
    /// The slot of a recently looked-up task `tid`.
    #[inline]
    fn recent(&self, tid: u32) -> Option<usize> {
        match self.recent[tid as usize % RECENT] {
            Some((recent, slot)) if recent == tid => Some(slot),
            _ => None,
        }
    }

    /// The slot of task `tid`, if it has one.
    #[inline]
    fn find(&self, tid: u32) -> Option<usize> {
        self.recent(tid).or_else(|| self.by_tid.get(&tid).copied())
    }

    /// The slot of task `tid`, made if it has none.
    #[inline]
    fn slot(&mut self, tid: u32) -> &mut Task {
        let slot = match self.recent(tid) {
            Some(slot) => slot,
            None => self.slot_by_tid(tid),
        };
        &mut self.slots[slot]
    }

    /// [`Tasks::slot`] for a task not looked up recently: found by hashing, or made.
    fn slot_by_tid(&mut self, tid: u32) -> usize {
        let slot = match self.by_tid.get(&tid) {
            Some(&slot) => slot,
            None => {
                let task = Task::default();
                let slot = match self.free.pop() {
                    Some(slot) => {
                        self.slots[slot] = task;
                        slot
                    }
                    None => {
                        self.slots.push(task);
                        self.slots.len() - 1
                    }
                };
                self.by_tid.insert(tid, slot);
                slot
            }
        };
        self.recent[tid as usize % RECENT] = Some((tid, slot));
        slot
    }

    fn get(&self, tid: u32) -> Option<&Task> {
        self.find(tid).map(|slot| &self.slots[slot])
    }

    /// Drop task `tid`'s slot once nothing is known of it.
    fn forget_if_empty(&mut self, tid: u32) {
        let Some(slot) = self.find(tid) else { return };
        if self.slots[slot].is_empty() {
            self.by_tid.remove(&tid);
            self.free.push(slot);
            if self.recent(tid).is_some() {
                self.recent[tid as usize % RECENT] = None;
            }
        }
    }

    /// Task `tid` of process `pid` is traced (from its first record, or before it: `-p`); whether
    /// it was not until now.
    #[inline]
    pub fn seen(&mut self, tid: u32, pid: u32) -> bool {
        let task = self.slot(tid);
        if task.live.is_some() {
            return false;
        }
        task.live = Some(pid);
        self.live += 1;
        true
    }

    /// How many tasks are traced now.
    pub fn count(&self) -> usize {
        self.live
    }

    /// Task `tid` made call `nr`.
    #[inline]
    pub fn called(&mut self, tid: u32, nr: u64) {
        self.slot(tid).previous = Some(nr);
    }

    /// The call task `tid` made before the current one.
    pub fn previous(&self, tid: u32) -> Option<u64> {
        self.get(tid).and_then(|task| task.previous)
    }

    /// Task `tid` is called `comm` (NUL-padded, as the kernel keeps it).
    pub fn named(&mut self, tid: u32, comm: &[u8]) {
        let end = comm.iter().position(|&b| b == 0).unwrap_or(comm.len());
        self.slot(tid).comm = Some(String::from_utf8_lossy(&comm[..end]).into_owned());
    }

    /// The name of task `meta.tid` (else of its process), if a COMM record said.
    pub fn comm(&self, meta: Meta) -> Option<&str> {
        self.own_comm(meta.tid).or_else(|| self.own_comm(meta.pid))
    }

    /// The name of task `tid`, if a COMM record said.
    pub fn own_comm(&self, tid: u32) -> Option<&str> {
        self.get(tid).and_then(|task| task.comm.as_deref())
    }

    /// Task `meta.tid` exited; returns whether it was the last task of its process.
    pub fn ended(&mut self, meta: Meta) -> bool {
        if let Some(slot) = self.find(meta.tid) {
            let task = &mut self.slots[slot];
            if task.live.take().is_some() {
                self.live -= 1;
            }
            task.comm = None;
            task.previous = None;
            self.forget_if_empty(meta.tid);
        }
        self.slots.iter().all(|task| task.live != Some(meta.pid))
    }

    /// A thread's execve ended the life of leader `old_tid` (the thread goes on under its tid).
    pub fn superseded(&mut self, old_tid: u32) {
        if let Some(slot) = self.find(old_tid) {
            let task = &mut self.slots[slot];
            if task.live.take().is_some() {
                self.live -= 1;
            }
            task.comm = None;
            self.forget_if_empty(old_tid);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tasks_are_known_by_tid_whatever_the_order() {
        let mut tasks = Tasks::default();
        tasks.seen(1, 1);
        tasks.called(1, 7);
        tasks.seen(2, 1);
        tasks.called(2, 8);
        assert_eq!((tasks.previous(1), tasks.previous(2), tasks.previous(3)), (Some(7), Some(8), None));
        tasks.called(1, 9);
        assert_eq!((tasks.previous(1), tasks.previous(2)), (Some(9), Some(8)));
        assert_eq!(tasks.count(), 2);
        // Thread 2 exits: its process still has thread 1.
        assert!(!tasks.ended(Meta { pid: 1, tid: 2, ts_ns: 0 }));
        assert_eq!((tasks.previous(2), tasks.count()), (None, 1));
        tasks.named(3, b"nginx\0\0");
        assert_eq!(tasks.comm(Meta { pid: 3, tid: 4, ts_ns: 0 }), Some("nginx"));
        tasks.superseded(1);
        assert_eq!(tasks.count(), 0);
        tasks.seen(1, 1);
        assert_eq!((tasks.count(), tasks.previous(1)), (1, Some(9)));
        // The last task of process 1 exits.
        assert!(tasks.ended(Meta { pid: 1, tid: 1, ts_ns: 0 }));
        assert_eq!((tasks.count(), tasks.previous(1)), (0, None));
    }

    #[test]
    fn tids_that_share_a_recent_entry_keep_their_own_slots() {
        let mut tasks = Tasks::default();
        // 5, 5 + RECENT and 5 + 2 * RECENT take turns at one entry of the recent table.
        let tids = [5, 5 + RECENT as u32, 5 + 2 * RECENT as u32];
        for round in 0..3 {
            for (i, &tid) in tids.iter().enumerate() {
                tasks.seen(tid, tid);
                tasks.called(tid, (round * 10 + i) as u64);
            }
        }
        assert_eq!(tids.map(|tid| tasks.previous(tid)), [Some(20), Some(21), Some(22)]);
        // The middle one exits and its slot is reused by a new task at the same entry.
        assert!(tasks.ended(Meta { pid: tids[1], tid: tids[1], ts_ns: 0 }));
        tasks.seen(5 + 3 * RECENT as u32, 9);
        assert_eq!(tasks.previous(tids[1]), None);
        assert_eq!(tasks.previous(5 + 3 * RECENT as u32), None);
        assert_eq!(
            (tasks.previous(tids[0]), tasks.previous(tids[2]), tasks.count()),
            (Some(20), Some(22), 3)
        );
    }
}
