//! The tasks a trace waits for: the traced set as userspace sees it, kept from the records (FORK
//! adds a followed child, EXIT removes a task, EXEC by a non-leader thread renames it), and pruned
//! of tasks that vanished without an EXIT record (lost records). The trace of a command or of `-p`
//! ends when it is empty; a production scope has no end but a detach.

use std::collections::BTreeSet;

use tracer_common::event::Event;

#[derive(Debug, Default)]
pub struct Tracees {
    live: BTreeSet<u32>,
    /// `-f`: FORK records add their child.
    follow: bool,
}

impl Tracees {
    pub fn new(follow: bool) -> Tracees {
        Tracees { live: BTreeSet::new(), follow }
    }

    /// A task traced from the start (the command, `-p`'s threads).
    pub fn add(&mut self, tid: u32) {
        self.live.insert(tid);
    }

    /// Follow what `event` says about the set.
    pub fn observe(&mut self, event: &Event) {
        match event {
            Event::Fork { child_tid, .. } if self.follow => {
                self.live.insert(*child_tid);
            }
            Event::Exit { meta, .. } => {
                self.live.remove(&meta.tid);
            }
            // A non-leader thread exec'd: it is the leader now (the old leader's EXIT came).
            Event::Exec { meta, old_tid } if *old_tid != meta.tid && self.live.remove(old_tid) => {
                self.live.insert(meta.tid);
            }
            _ => {}
        }
    }

    /// The tasks `exists` says are gone.
    pub fn vanished(&self, exists: impl Fn(u32) -> bool) -> Vec<u32> {
        self.live.iter().copied().filter(|&tid| !exists(tid)).collect()
    }

    /// Forget tasks that are gone.
    pub fn remove_all(&mut self, tids: &[u32]) {
        for tid in tids {
            self.live.remove(tid);
        }
    }

    /// Whether `-f` is on (FORK records add their child).
    pub fn follows(&self) -> bool {
        self.follow
    }

    pub fn is_empty(&self) -> bool {
        self.live.is_empty()
    }
}

/// Whether task `tid` still exists (a zombie does).
pub fn task_exists(tid: u32) -> bool {
    std::path::Path::new(&format!("/proc/{tid}")).exists()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracer_common::event::Meta;

    fn meta(pid: u32, tid: u32) -> Meta {
        Meta { pid, tid, ts_ns: 0 }
    }

    #[test]
    fn forks_add_children_only_when_following() {
        let fork = Event::Fork { meta: meta(1, 1), child_pid: 2, child_tid: 2, pid_ns: Vec::new() };
        let exit = |tid| Event::Exit { meta: meta(tid, tid), wait_status: 0 };
        let mut followed = Tracees::new(true);
        followed.add(1);
        followed.observe(&fork);
        followed.observe(&exit(1));
        assert!(!followed.is_empty(), "the child lives on");
        followed.observe(&exit(2));
        assert!(followed.is_empty());

        let mut alone = Tracees::new(false);
        alone.add(1);
        alone.observe(&fork);
        alone.observe(&exit(1));
        assert!(alone.is_empty());
    }

    #[test]
    fn a_thread_that_execs_becomes_the_leader() {
        let mut tracees = Tracees::new(true);
        tracees.add(10);
        tracees.add(11);
        tracees.observe(&Event::Exit { meta: meta(10, 10), wait_status: 0 });
        tracees.observe(&Event::Exec { meta: meta(10, 10), old_tid: 11 });
        assert_eq!(tracees.live.iter().copied().collect::<Vec<_>>(), vec![10]);
    }

    #[test]
    fn vanished_tasks_are_pruned() {
        let mut tracees = Tracees::new(false);
        tracees.add(5);
        tracees.add(6);
        let gone = tracees.vanished(|tid| tid == 6);
        assert_eq!(gone, vec![5]);
        tracees.remove_all(&gone);
        assert!(!tracees.is_empty());
        assert!(task_exists(std::process::id()));
        assert!(!task_exists(u32::MAX));
    }
}
