//! `-Y` and `--pidns-translation`: what follows a pid a tracee passed or got. A tracee in another
//! pid namespace than tracer's sees other numbers for the same tasks; its ids are translated into
//! tracer's through /proc, as strace's `translate_pid` does: the tracee's namespace is the inode of
//! `/proc/TID/ns/pid`, and the task it means is the one whose namespace chain holds that namespace
//! at a depth where its `NS...` status line has that id. Finds are remembered (and checked again
//! on use, since pids are reused); a miss reads all of /proc.

mod proc;

use std::cell::RefCell;
use std::collections::VecDeque;

use rustc_hash::FxHashMap;

use crate::decode::pids::{PidNote, PidType};
use crate::sets::DecodePids;

/// The translator and its caches.
#[derive(Debug)]
pub struct PidNs {
    decode: DecodePids,
    cache: RefCell<Cache>,
}

/// What was learnt from /proc so far (filled while printing, hence behind a `RefCell`).
#[derive(Debug, Default)]
struct Cache {
    /// Tracer's own pid namespace (`None` inside: not read yet).
    our_ns: Option<Option<u64>>,
    /// Whether /proc belongs to tracer's namespace (its pids are tracer's).
    proc_ours: Option<bool>,
    /// The kernel has no `NS_GET_PARENT`: nothing can be translated.
    enotty: bool,
    /// Each traced task's pid namespace.
    task_ns: FxHashMap<u32, u64>,
    /// `(namespace, id, type)` -> the /proc pid of the task found for it last time.
    found: FxHashMap<(u64, i32, PidType), u32>,
    /// What /proc said of each traced task when it was first seen, by its pid in tracer's
    /// namespace: what its ids are translated from once it is gone (the eBPF backend decodes
    /// after the fact).
    known: FxHashMap<u32, ProcData>,
    /// `-Y`: each live traced task's name as last read, for when /proc no longer has it.
    names: FxHashMap<u32, Vec<u8>>,
    /// What was known of the last [`ENDED_KEPT`] tasks that ended, oldest first.
    ended: VecDeque<ProcData>,
}

/// How many ended tasks' ids are kept.
const ENDED_KEPT: usize = 64;

/// A task's namespaces and ids, as /proc showed them.
#[derive(Debug)]
struct ProcData {
    /// The pid /proc knew it by.
    proc_pid: u32,
    /// Its pid namespaces, innermost first.
    chain: Vec<u64>,
    /// Its ids of each [`PidType`] (in [`TYPES`] order), outermost first.
    ids: [Vec<i32>; 4],
    /// Told by a FORK record (its tids only), not read from /proc.
    told: bool,
}

impl ProcData {
    /// Task `tid` as a FORK record told it: its namespaces and tids innermost first, up to
    /// tracer's namespace `ours` (none when `ours` is not among them).
    fn told(tid: u32, pid_ns: &[(u32, i32)], ours: u64) -> Option<ProcData> {
        let upto = pid_ns.iter().position(|&(ns, _)| u64::from(ns) == ours)?;
        let levels = &pid_ns[..=upto];
        let chain = levels.iter().map(|&(ns, _)| u64::from(ns)).collect();
        let tids: Vec<i32> = levels.iter().rev().map(|&(_, id)| id).collect();
        Some(ProcData { proc_pid: tid, chain, ids: [tids.clone(), tids, Vec::new(), Vec::new()], told: true })
    }

    /// Its id in tracer's namespace when its id of type `ty` in namespace `from` is `id`. A
    /// process group or session is named by its leader's pid: a task told by a FORK record that
    /// is gone from /proc (whose group and session are not known) counts as the leader it may
    /// have been; one still there is /proc's to judge.
    fn translate(&self, from: u64, id: i32, ty: PidType) -> Option<i32> {
        at_depth(&self.chain, &self.ids[type_index(ty)], from, id).or_else(|| {
            let gone = || proc::ns(Some(self.proc_pid)) != self.chain.first().copied();
            (self.told && matches!(ty, PidType::Pgid | PidType::Sid) && gone())
                .then(|| at_depth(&self.chain, &self.ids[type_index(PidType::Tgid)], from, id))
                .flatten()
        })
    }
}

/// The id types, in [`ProcData::ids`] order.
const TYPES: [PidType; 4] = [PidType::Tid, PidType::Tgid, PidType::Pgid, PidType::Sid];

/// The index of `ty` in [`TYPES`].
fn type_index(ty: PidType) -> usize {
    match ty {
        PidType::Tid => 0,
        PidType::Tgid => 1,
        PidType::Pgid => 2,
        PidType::Sid => 3,
    }
}

impl PidNs {
    /// A translator printing what `decode` asks for.
    pub fn new(decode: DecodePids) -> Self {
        PidNs { decode, cache: RefCell::new(Cache::default()) }
    }

    /// Whether `-Y` names tasks (in line prefixes too).
    pub fn names(&self) -> bool {
        self.decode.comm
    }

    /// What follows pid `pid` of type `ty` that task `tid` passed or got: strace's
    /// `printpid_translation`, nothing when the pid cannot be translated.
    pub fn note(&self, tid: u32, pid: i32, ty: PidType) -> Option<PidNote> {
        let comm = self.decode.comm && ty.named();
        if !self.decode.pidns && !comm {
            return None;
        }
        let mut cache = self.cache.borrow_mut();
        let ours = cache.translate(tid, pid, ty)?;
        let comm = comm.then(|| {
            let Ok(task) = u32::try_from(ours) else { return Vec::new() };
            let name = proc::comm(task);
            match name.is_empty() {
                // A traced task that has not ended yet, whose records are read after the fact.
                true => cache.names.get(&task).cloned().unwrap_or_default(),
                false => name,
            }
        });
        Some(PidNote { comm, ours: self.decode.pidns.then_some(ours) })
    }

    /// Pid `pid` of type `ty` as task `tid` sees it, in tracer's namespace.
    pub fn translate(&self, tid: u32, pid: i32, ty: PidType) -> Option<i32> {
        self.cache.borrow_mut().translate(tid, pid, ty)
    }

    /// The pid /proc knows task `pid` (in tracer's namespace) by: the same unless /proc was
    /// mounted in another pid namespace.
    pub fn proc_pid(&self, pid: u32) -> u32 {
        self.cache.borrow_mut().proc_pid_of(pid).unwrap_or(pid)
    }

    /// The name of traced task `tid` (`-Y`'s line prefixes), as /proc has it now (remembered
    /// until the task ends).
    pub fn comm(&self, tid: u32) -> Vec<u8> {
        let name = proc::comm(tid);
        if !name.is_empty() {
            self.cache.borrow_mut().names.insert(tid, name.clone());
        }
        name
    }

    /// Task `tid` (in tracer's namespace) is traced from now: its namespace and ids are read
    /// while it is there to read.
    pub fn seen(&self, tid: u32) {
        let mut cache = self.cache.borrow_mut();
        // A task of tracer's namespace needs no translating, nor do the pids it can name.
        if cache.enotty || cache.task_ns(tid).is_none() || cache.task_ns(tid) == cache.our_ns() {
            return;
        }
        // What a FORK record told stays: /proc may show another task by now.
        if cache.known.get(&tid).is_some_and(|data| data.told) {
            return;
        }
        let Some(proc_pid) = cache.proc_pid_of(tid) else { return };
        let chain = proc::hierarchy(proc_pid, &mut cache.enotty);
        let ids = TYPES.map(|ty| proc::ids(Some(proc_pid), ty));
        if !chain.is_empty() {
            cache.known.insert(tid, ProcData { proc_pid, chain, ids, told: false });
        }
    }

    /// Task `tid` (of process `pid`) was forked into the pid namespaces `pid_ns` (inode, its tid
    /// there; innermost first), as the kernel told at the fork (the eBPF backend): known from now
    /// on, even when it is gone from /proc before its records are read. Empty: nothing told.
    pub fn forked(&self, tid: u32, pid: u32, pid_ns: &[(u32, i32)]) {
        let mut cache = self.cache.borrow_mut();
        // The told tid is the /proc pid only where /proc is tracer's.
        let Some(ours) = cache.our_ns().filter(|_| cache.proc_ours()) else { return };
        let Some(mut data) = ProcData::told(tid, pid_ns, ours) else { return };
        if let Some(&ns) = data.chain.first() {
            cache.task_ns.insert(tid, ns);
        }
        // A task of tracer's namespace needs no translating, nor do the pids it can name.
        if data.chain.len() < 2 {
            return;
        }
        // A thread's process is its leader's: known only when the leader is.
        if pid != tid {
            data.ids[type_index(PidType::Tgid)] = cache
                .known
                .get(&pid)
                .map(|leader| leader.ids[type_index(PidType::Tgid)].clone())
                .unwrap_or_default();
        }
        cache.known.insert(tid, data);
    }

    /// Task `tid` ended: its number may come back in another namespace. What was known of it
    /// stays a while (the eBPF backend decodes after the fact: a group or session it led can be
    /// named by others after it ended).
    pub fn exit(&self, tid: u32) {
        let mut cache = self.cache.borrow_mut();
        cache.task_ns.remove(&tid);
        cache.names.remove(&tid);
        if let Some(data) = cache.known.remove(&tid) {
            if cache.ended.len() == ENDED_KEPT {
                cache.ended.pop_front();
            }
            cache.ended.push_back(data);
        }
    }
}

impl Cache {
    fn our_ns(&mut self) -> Option<u64> {
        *self.our_ns.get_or_insert_with(|| proc::ns(None))
    }

    fn proc_ours(&mut self) -> bool {
        *self.proc_ours.get_or_insert_with(|| proc::ids(None, PidType::Tid).len() <= 1)
    }

    /// `id` of type `ty` as task `tid` sees it, in tracer's namespace.
    fn translate(&mut self, tid: u32, id: i32, ty: PidType) -> Option<i32> {
        if id <= 0 {
            return None;
        }
        let from = self.task_ns(tid);
        // As strace: when neither namespace can be read, they count as the same.
        if from == self.our_ns() {
            return Some(id);
        }
        self.find(from?, id, ty).map(|(_, ours)| ours)
    }

    /// The pid /proc knows task `pid` of tracer's namespace by.
    fn proc_pid_of(&mut self, pid: u32) -> Option<u32> {
        if self.proc_ours() {
            return Some(pid);
        }
        let ours = self.our_ns()?;
        Some(self.find(ours, i32::try_from(pid).ok()?, PidType::Tid)?.0)
    }

    /// The pid namespace of traced task `tid` (a pid in tracer's namespace).
    fn task_ns(&mut self, tid: u32) -> Option<u64> {
        if let Some(&ns) = self.task_ns.get(&tid) {
            return Some(ns);
        }
        let proc_pid = self.proc_pid_of(tid)?;
        let ns = proc::ns(Some(proc_pid))?;
        self.task_ns.insert(tid, ns);
        Some(ns)
    }

    /// The /proc pid of the task whose id of type `ty` in namespace `from` is `id`, and its id in
    /// tracer's namespace.
    fn find(&mut self, from: u64, id: i32, ty: PidType) -> Option<(u32, i32)> {
        if self.enotty {
            return None;
        }
        let key = (from, id, ty);
        if let Some(&proc_pid) = self.found.get(&key) {
            if let Some(ours) = self.check(proc_pid, from, id, ty) {
                return Some((proc_pid, ours));
            }
            self.found.remove(&key);
        }
        for pid in proc::numeric_entries("/proc") {
            let mut tasks = proc::numeric_entries(&format!("/proc/{pid}/task"));
            if !tasks.contains(&pid) {
                tasks.push(pid);
            }
            for task in tasks {
                if let Some(ours) = self.check(task, from, id, ty) {
                    self.found.insert(key, task);
                    return Some((task, ours));
                }
            }
        }
        // Gone from /proc: as it was, the latest ended first.
        self.known
            .values()
            .chain(self.ended.iter().rev())
            .find_map(|data| data.translate(from, id, ty).map(|ours| (data.proc_pid, ours)))
    }

    /// When task `proc_pid`'s id of type `ty` in namespace `from` is `id`: its id in tracer's.
    fn check(&mut self, proc_pid: u32, from: u64, id: i32, ty: PidType) -> Option<i32> {
        let chain = proc::hierarchy(proc_pid, &mut self.enotty);
        let ids = proc::ids(Some(proc_pid), ty);
        at_depth(&chain, &ids, from, id)
    }
}

/// With a task's namespace chain (innermost first, ending at tracer's) and its ids (outermost
/// first): its id in tracer's namespace when its id in namespace `from` is `id`.
fn at_depth(chain: &[u64], ids: &[i32], from: u64, id: i32) -> Option<i32> {
    if chain.is_empty() || ids.len() < chain.len() {
        return None;
    }
    let depth = chain.iter().position(|&ns| ns == from)?;
    (ids[ids.len() - 1 - depth] == id).then(|| ids[ids.len() - chain.len()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_found_at_its_namespace_depth() {
        // Tracer in namespace 1 (whose parent it cannot see), the task in 3 inside 2 inside 1.
        let chain = [3, 2, 1];
        let ids = [9000, 4242, 17, 5];
        assert_eq!(at_depth(&chain, &ids, 3, 5), Some(4242));
        assert_eq!(at_depth(&chain, &ids, 2, 17), Some(4242));
        assert_eq!(at_depth(&chain, &ids, 1, 4242), Some(4242));
        assert_eq!(at_depth(&chain, &ids, 3, 6), None);
        assert_eq!(at_depth(&chain, &ids, 7, 5), None);
        assert_eq!(at_depth(&chain, &ids[..2], 3, 5), None);
        assert_eq!(at_depth(&[], &ids, 3, 5), None);
    }

    #[test]
    fn a_fork_record_tells_ids_up_to_tracers_namespace() {
        // Innermost first: tid 3 in namespace 30, 17 in 20, 900 in tracer's 10 (and 5 above it).
        let told = ProcData::told(900, &[(30, 3), (20, 17), (10, 900), (1, 5)], 10).expect("told");
        assert_eq!(told.chain, [30, 20, 10]);
        assert_eq!(told.ids[type_index(PidType::Tid)], [900, 17, 3]);
        assert_eq!(told.translate(30, 3, PidType::Tgid), Some(900));
        assert_eq!(told.translate(20, 17, PidType::Tid), Some(900));
        assert_eq!(told.translate(30, 4, PidType::Tid), None);
        // Not under tracer's namespace: nothing to tell.
        assert!(ProcData::told(900, &[(30, 3)], 10).is_none());
        assert!(ProcData::told(900, &[], 10).is_none());
    }

    #[test]
    fn an_ended_group_leader_is_found_by_its_pid() {
        // A pid no /proc entry has (the task is gone): its group and session are its own pid.
        let told = ProcData::told(u32::MAX - 1, &[(30, 3), (10, 4242)], 10).expect("told");
        assert_eq!(told.translate(30, 3, PidType::Pgid), Some(4242));
        assert_eq!(told.translate(30, 3, PidType::Sid), Some(4242));
        let read = ProcData { told: false, ..told };
        assert_eq!(read.translate(30, 3, PidType::Pgid), None);
    }

    #[test]
    fn status_lines_give_ids_outermost_first() {
        let status = "Name:\tsh\nNStgid:\t812\t3\nNSpid:\t813\t4\nNSpgid:\t812\t3\nNSsid:\t1\t0\n";
        assert_eq!(proc::parse_ids(status, PidType::Tid), [813, 4]);
        assert_eq!(proc::parse_ids(status, PidType::Tgid), [812, 3]);
        assert_eq!(proc::parse_ids(status, PidType::Sid), [1, 0]);
        assert_eq!(proc::parse_ids("Name:\tsh\n", PidType::Pgid), Vec::<i32>::new());
    }

    #[test]
    fn tracers_own_pids_are_its_own() {
        let ns = PidNs::new(DecodePids { comm: false, pidns: true });
        let me = std::process::id();
        let id = i32::try_from(me).expect("a pid");
        assert_eq!(ns.note(me, id, PidType::Tgid), Some(PidNote { comm: None, ours: Some(id) }));
        assert_eq!(ns.note(me, 0, PidType::Tgid), None);
    }
}
