//! The traced tasks: which are alive and in which process, the names the eBPF scopes report, and
//! each task's previous call (what a `restart_syscall` resumes).

use rustc_hash::FxHashMap;
use tracer_common::event::Meta;

/// The tasks seen so far.
#[derive(Debug, Default)]
pub struct Tasks {
    /// Tasks traced now (seen and not exited): tid → thread group.
    live: FxHashMap<u32, u32>,
    /// Each task's comm, from COMM records.
    comms: FxHashMap<u32, String>,
    /// Each task's previous call.
    previous: FxHashMap<u32, u64>,
}

impl Tasks {
    /// Task `tid` of process `pid` is traced (from its first record, or before it: `-p`).
    pub fn seen(&mut self, tid: u32, pid: u32) {
        self.live.entry(tid).or_insert(pid);
    }

    /// How many tasks are traced now.
    pub fn count(&self) -> usize {
        self.live.len()
    }

    /// Task `tid` made call `nr`.
    pub fn called(&mut self, tid: u32, nr: u64) {
        self.previous.insert(tid, nr);
    }

    /// The call task `tid` made before the current one.
    pub fn previous(&self, tid: u32) -> Option<u64> {
        self.previous.get(&tid).copied()
    }

    /// Task `tid` is called `comm` (NUL-padded, as the kernel keeps it).
    pub fn named(&mut self, tid: u32, comm: &[u8]) {
        let end = comm.iter().position(|&b| b == 0).unwrap_or(comm.len());
        self.comms.insert(tid, String::from_utf8_lossy(&comm[..end]).into_owned());
    }

    /// The name of task `meta.tid` (else of its process), if a COMM record said.
    pub fn comm(&self, meta: Meta) -> Option<&str> {
        self.own_comm(meta.tid).or_else(|| self.own_comm(meta.pid))
    }

    /// The name of task `tid`, if a COMM record said.
    pub fn own_comm(&self, tid: u32) -> Option<&str> {
        self.comms.get(&tid).map(String::as_str)
    }

    /// Task `meta.tid` exited; returns whether it was the last task of its process.
    pub fn ended(&mut self, meta: Meta) -> bool {
        self.live.remove(&meta.tid);
        self.comms.remove(&meta.tid);
        self.previous.remove(&meta.tid);
        self.live.values().all(|&pid| pid != meta.pid)
    }

    /// A thread's execve ended the life of leader `old_tid` (the thread goes on under its tid).
    pub fn superseded(&mut self, old_tid: u32) {
        self.live.remove(&old_tid);
        self.comms.remove(&old_tid);
    }
}
