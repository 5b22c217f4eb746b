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

/// The tasks seen so far, in slots found by tid; the slot of the last task looked up is kept,
/// since most records come from the task that made the one before (no hashing for them).
#[derive(Debug, Default)]
pub struct Tasks {
    slots: Vec<Task>,
    by_tid: FxHashMap<u32, usize>,
    free: Vec<usize>,
    /// Tasks traced now.
    live: usize,
    /// The last task looked up and its slot.
    last: Option<(u32, usize)>,
}

impl Tasks {
    /// The slot of task `tid`, if it has one.
    fn find(&self, tid: u32) -> Option<usize> {
        match self.last {
            Some((last, slot)) if last == tid => Some(slot),
            _ => self.by_tid.get(&tid).copied(),
        }
    }

    /// The slot of task `tid`, made if it has none.
    fn slot(&mut self, tid: u32) -> &mut Task {
        let slot = match self.find(tid) {
            Some(slot) => slot,
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
        self.last = Some((tid, slot));
        &mut self.slots[slot]
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
            if self.last.is_some_and(|(last, _)| last == tid) {
                self.last = None;
            }
        }
    }

    /// Task `tid` of process `pid` is traced (from its first record, or before it: `-p`).
    pub fn seen(&mut self, tid: u32, pid: u32) {
        let task = self.slot(tid);
        if task.live.is_none() {
            task.live = Some(pid);
            self.live += 1;
        }
    }

    /// How many tasks are traced now.
    pub fn count(&self) -> usize {
        self.live
    }

    /// Task `tid` made call `nr`.
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
}
