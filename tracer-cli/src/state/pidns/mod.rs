//! `-Y` and `--pidns-translation`: what follows a pid a tracee passed or got. A tracee in another
//! pid namespace than tracer's sees other numbers for the same tasks; its ids are translated into
//! tracer's through /proc, as strace's `translate_pid` does: the tracee's namespace is the inode of
//! `/proc/TID/ns/pid`, and the task it means is the one whose namespace chain holds that namespace
//! at a depth where its `NS...` status line has that id. Finds are remembered (and checked again
//! on use, since pids are reused); a miss reads all of /proc.

mod proc;

use std::cell::RefCell;

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
}

/// A task's namespaces and ids, as /proc showed them.
#[derive(Debug)]
struct ProcData {
    /// The pid /proc knew it by.
    proc_pid: u32,
    /// Its pid namespaces, innermost first.
    chain: Vec<u64>,
    /// Its ids of each [`PidType`] (in [`TYPES`] order), outermost first.
    ids: [Vec<i32>; 4],
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
        let Some(proc_pid) = cache.proc_pid_of(tid) else { return };
        let chain = proc::hierarchy(proc_pid, &mut cache.enotty);
        let ids = TYPES.map(|ty| proc::ids(Some(proc_pid), ty));
        if !chain.is_empty() {
            cache.known.insert(tid, ProcData { proc_pid, chain, ids });
        }
    }

    /// Task `tid` ended: its number may come back in another namespace.
    pub fn exit(&self, tid: u32) {
        let mut cache = self.cache.borrow_mut();
        cache.task_ns.remove(&tid);
        cache.known.remove(&tid);
        cache.names.remove(&tid);
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
        // Gone from /proc: as it was.
        self.known.values().find_map(|data| {
            at_depth(&data.chain, &data.ids[type_index(ty)], from, id).map(|ours| (data.proc_pid, ours))
        })
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
