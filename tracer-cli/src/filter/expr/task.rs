//! What an expression may ask of a call's task (`ppid`, `uid`, `gid`, `comm`, `parent.comm`,
//! `cgroup`), read from /proc when first asked and kept for the rest of that call's evaluation.
//!
//! Under ptrace a call is judged at its exit stop, the tracee still stopped there, so /proc says
//! what the task was at that exit. Under eBPF the kernel's own answer, computed at the exit, comes
//! with the call (`kernel_atoms`) and is taken instead; /proc is read only for what the kernel
//! cannot evaluate, and a task gone by then has no such fact (its comparisons are false).

use super::cgroup;
use std::cell::OnceCell;

/// The task facts of one task, read lazily.
#[derive(Debug, Default)]
pub struct TaskFacts {
    tid: u32,
    status: OnceCell<Option<Status>>,
    comm: OnceCell<Option<Vec<u8>>>,
    parent_comm: OnceCell<Option<Vec<u8>>>,
    cgroup: OnceCell<Option<Vec<u8>>>,
    cgroup_id: OnceCell<Option<u64>>,
}

/// What /proc/TID/status says of the ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Status {
    ppid: u32,
    uid: u32,
    gid: u32,
}

impl TaskFacts {
    /// Facts of task `tid`, none read yet.
    pub fn of(tid: u32) -> Self {
        TaskFacts { tid, ..TaskFacts::default() }
    }

    /// Facts given rather than read (tests).
    #[cfg(test)]
    pub fn known(ids: [u32; 3], comm: &[u8], parent_comm: &[u8], cgroup: (&[u8], u64)) -> Self {
        let [ppid, uid, gid] = ids;
        TaskFacts {
            tid: 0,
            status: Some(Status { ppid, uid, gid }).into(),
            comm: Some(comm.to_vec()).into(),
            parent_comm: Some(parent_comm.to_vec()).into(),
            cgroup: Some(cgroup.0.to_vec()).into(),
            cgroup_id: Some(cgroup.1).into(),
        }
    }

    fn status(&self) -> Option<Status> {
        *self.status.get_or_init(|| {
            let text = crate::facts::read_to_string(&format!("/proc/{}/status", self.tid))?;
            parse_status(&text)
        })
    }

    /// The real parent's process id.
    pub fn ppid(&self) -> Option<u64> {
        self.status().map(|s| u64::from(s.ppid))
    }

    /// The real user id.
    pub fn uid(&self) -> Option<u64> {
        self.status().map(|s| u64::from(s.uid))
    }

    /// The real group id.
    pub fn gid(&self) -> Option<u64> {
        self.status().map(|s| u64::from(s.gid))
    }

    /// The task's name.
    pub fn comm(&self) -> Option<&[u8]> {
        self.comm.get_or_init(|| read_comm(self.tid)).as_deref()
    }

    /// The real parent's name.
    pub fn parent_comm(&self) -> Option<&[u8]> {
        self.parent_comm.get_or_init(|| self.status().and_then(|s| read_comm(s.ppid))).as_deref()
    }

    /// The cgroup v2 path, as /proc/TID/cgroup writes it (`/user.slice/...`).
    pub fn cgroup(&self) -> Option<&[u8]> {
        self.cgroup
            .get_or_init(|| {
                let text = crate::facts::read(&format!("/proc/{}/cgroup", self.tid))?;
                parse_cgroup(&text).map(<[u8]>::to_vec)
            })
            .as_deref()
    }

    /// The cgroup v2 id: the inode of the cgroup's directory.
    pub fn cgroup_id(&self) -> Option<u64> {
        *self.cgroup_id.get_or_init(|| cgroup_id(self.cgroup()?))
    }
}

/// The id of cgroup `path`, asked through [`crate::facts`] (a capture keeps it for `--replay`).
fn cgroup_id(path: &[u8]) -> Option<u64> {
    let key = [b"cgroup-id:".as_slice(), path].concat();
    let answer = crate::facts::ask(crate::facts::Kind::Custom, &key, || {
        cgroup::id(path).map(|id| id.to_le_bytes().to_vec())
    })?;
    Some(u64::from_le_bytes(answer.get(..8)?.try_into().ok()?))
}

/// `/proc/TID/comm`, without its newline.
fn read_comm(tid: u32) -> Option<Vec<u8>> {
    let mut comm = crate::facts::read(&format!("/proc/{tid}/comm"))?;
    if comm.last() == Some(&b'\n') {
        comm.pop();
    }
    Some(comm)
}

/// PPid, and the real ids of Uid and Gid (their first column).
fn parse_status(text: &str) -> Option<Status> {
    let field = |name: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|value| value.parse::<u32>().ok())
    };
    Some(Status { ppid: field("PPid:")?, uid: field("Uid:")?, gid: field("Gid:")? })
}

/// The cgroup v2 line's path (`0::/user.slice`).
fn parse_cgroup(text: &[u8]) -> Option<&[u8]> {
    text.split(|&b| b == b'\n').find_map(|line| line.strip_prefix(b"0::"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_gives_the_parent_and_the_real_ids() {
        let text = "Name:\tsshd\nPPid:\t41\nTracerPid:\t7\nUid:\t1000\t0\t0\t0\nGid:\t100\t0\t0\t0\n";
        assert_eq!(parse_status(text), Some(Status { ppid: 41, uid: 1000, gid: 100 }));
        assert_eq!(parse_status("Name:\tx\n"), None);
    }

    #[test]
    fn the_cgroup_is_the_v2_line() {
        assert_eq!(parse_cgroup(b"1:name=systemd:/x\n0::/user.slice/a\n"), Some(&b"/user.slice/a"[..]));
        assert_eq!(parse_cgroup(b"1:cpu:/x\n"), None);
    }

    #[test]
    fn our_own_facts_are_ours() {
        let me = TaskFacts::of(std::process::id());
        // SAFETY: getuid, getgid and getppid only read the caller's ids.
        let (uid, gid, ppid) = unsafe { (libc::getuid(), libc::getgid(), libc::getppid()) };
        assert_eq!(me.uid(), Some(u64::from(uid)));
        assert_eq!(me.gid(), Some(u64::from(gid)));
        assert_eq!(me.ppid(), Some(ppid as u64));
        assert!(me.comm().is_some_and(|c| !c.is_empty() && c.len() <= 15));
        assert!(me.parent_comm().is_some());
        let gone = TaskFacts::of(u32::MAX - 1);
        assert_eq!((gone.uid(), gone.comm(), gone.cgroup()), (None, None, None));
    }
}
