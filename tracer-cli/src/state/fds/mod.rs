//! `-y`/`-yy`: what each descriptor refers to, printed after its number as strace does
//! (`3</etc/passwd>`, `5<pipe:[1234]>`, `4<TCP:[127.0.0.1:40000->127.0.0.1:8080]>`).
//!
//! strace reads `/proc/PID/fd/N` while the tracee is stopped. tracer's renderer may run after the
//! process has moved on (the eBPF backend is asynchronous), so both backends use one method: a
//! per-process table learnt from the calls as they are rendered. `openat` returning 3 names fd 3 by
//! its path (made absolute against the dirfd or the cwd, symlinks resolved), `dup2`/`fcntl(F_DUPFD)`
//! copy, `close` forgets, `execve` drops close-on-exec descriptors, `chdir` moves the cwd. A process
//! starts with the tracer's own inheritable descriptors and cwd (what the command inherits).
//!
//! `/proc` is read only for what no call says: the inode of a new pipe or socket (right after the call
//! that made it), descriptors the table never saw (cached), and `-yy`'s socket endpoints (at print
//! time, as strace). When that fails, the number prints bare, as strace prints it when it cannot
//! resolve.
//!
//! Here: the table and its lookups. `learn`: what the calls teach it. `paths`: path arguments resolved
//! as the kernel would. `proc`: what /proc says. `socket`: protocols and `-yy`'s socket endpoints.

mod learn;
mod paths;
mod proc;
mod socket;

use std::cell::{Cell, RefCell};

use rustc_hash::FxHashMap;

use crate::decode::{FdName, FdNames};
use crate::sets::DecodeFds;

/// What a descriptor refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Object {
    /// A file or directory by its absolute path; `deleted` once unlinked (`</tmp/x>(deleted)`).
    Path { path: Vec<u8>, deleted: bool },
    /// `socket:[INODE]`, with the kernel's protocol name (`TCP`, `UNIX-STREAM`) when known, and
    /// what `-yy` last found about its endpoints (kept until a call that can change them).
    Socket { inode: u64, proto: Option<String>, details: Option<String> },
    /// `anon_inode:[pidfd]`, with the pid it refers to when known.
    Pidfd { pid: Option<u32> },
    /// Anything else, as readlink shows it: `pipe:[123]`, `anon_inode:[eventfd]`.
    Other(String),
    /// Open, but what it is could not be learnt: the number prints bare.
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Slot {
    Open { object: Object, cloexec: bool },
    Closed,
}

/// One process's descriptors and working directory.
#[derive(Clone, Debug, Default)]
struct Process {
    cwd: Option<Vec<u8>>,
    fds: FxHashMap<i32, Slot>,
    /// `close_range` spans: descriptors in them the table never saw are closed too.
    closed_ranges: Vec<(u32, u32)>,
}

impl Process {
    fn open(&mut self, fd: i32, object: Object, cloexec: bool) {
        self.fds.insert(fd, Slot::Open { object, cloexec });
    }

    fn object(&self, fd: i32) -> Option<&Object> {
        match self.fds.get(&fd) {
            Some(Slot::Open { object, .. }) => Some(object),
            _ => None,
        }
    }

    fn path_of(&self, fd: i32) -> Option<Vec<u8>> {
        match self.object(fd) {
            Some(Object::Path { path, .. }) => Some(path.clone()),
            _ => None,
        }
    }

    fn in_closed_range(&self, fd: i32) -> bool {
        u32::try_from(fd).is_ok_and(|fd| self.closed_ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&fd)))
    }
}

/// The fd table of every traced process, and how much of it to print.
#[derive(Debug)]
pub struct FdTable {
    decode: DecodeFds,
    /// What a process the table has not seen starts with.
    inherited: Process,
    procs: RefCell<FxHashMap<u32, Process>>,
    /// Processes the table knows only from their parent's fork/clone return (untraced children):
    /// the parent's descriptors at that moment, asked only when /proc cannot answer (the child
    /// is gone by the time the eBPF backend's records are rendered).
    forked: FxHashMap<u32, Process>,
    /// Set while rendering a call that failed with EBADF: the descriptors it names were not open, so
    /// none is looked up in /proc (where it may be open by now).
    no_fallback: Cell<bool>,
}

const AT_FDCWD: i32 = libc::AT_FDCWD;
const O_CLOEXEC: u64 = libc::O_CLOEXEC as u64;
const O_TMPFILE: u64 = libc::O_TMPFILE as u64;
const F_DUPFD: u64 = 0;
const F_SETFD: u64 = 2;
const F_DUPFD_CLOEXEC: u64 = 1030;
const CLOSE_RANGE_CLOEXEC: u64 = 1 << 2;

impl FdTable {
    /// A table where a new process starts with no descriptors and an unknown cwd.
    pub fn new(decode: DecodeFds) -> Self {
        FdTable {
            decode,
            inherited: Process::default(),
            procs: RefCell::new(FxHashMap::default()),
            forked: FxHashMap::default(),
            no_fallback: Cell::new(false),
        }
    }

    /// A table where a new process starts with what the tracer would pass on to a child: its cwd
    /// and its descriptors without close-on-exec. Call it before starting the command.
    pub fn inheriting_from_self(decode: DecodeFds) -> Self {
        let mut table = FdTable::new(decode);
        table.inherited.cwd = crate::facts::current_dir();
        let self_pid = crate::facts::own_pid();
        for fd in proc::own_inheritable_fds() {
            if let Some(object) = proc::object_of(self_pid, fd) {
                table.inherited.open(fd, object, false);
            }
        }
        table
    }

    pub fn decode(&self) -> DecodeFds {
        self.decode
    }

    /// A process forked: the child starts with the parent's descriptors and cwd.
    pub fn fork(&mut self, parent: u32, child: u32) {
        let procs = self.procs.get_mut();
        if parent == child || procs.contains_key(&child) {
            return;
        }
        let copy = procs.get(&parent).cloned().unwrap_or_else(|| self.inherited.clone());
        procs.insert(child, copy);
    }

    /// A process ended: forget it.
    pub fn exit(&mut self, pid: u32) {
        self.procs.get_mut().remove(&pid);
    }

    /// What `fd` of `pid` refers to, falling back to /proc for descriptors the table never saw.
    fn object(&self, pid: u32, fd: i32) -> Option<Object> {
        let mut procs = self.procs.borrow_mut();
        let process = procs.entry(pid).or_insert_with(|| self.inherited.clone());
        match process.fds.get(&fd) {
            Some(Slot::Open { object, .. }) => Some(object.clone()),
            Some(Slot::Closed) => None,
            None if fd < 0 || self.no_fallback.get() || process.in_closed_range(fd) => None,
            None => {
                let Some(object) = proc::object_of(pid, fd) else {
                    return self.forked.get(&pid).and_then(|forked| forked.object(fd)).cloned();
                };
                let cloexec = proc::cloexec(pid, fd).unwrap_or(false);
                process.open(fd, object.clone(), cloexec);
                Some(object)
            }
        }
    }

    /// What `fd` of `pid` refers to, as its `/proc/PID/fd` link reads (an unlinked file without
    /// ` (deleted)`): what `-P` compares with its paths.
    pub fn link_text(&self, pid: u32, fd: i32) -> Option<Vec<u8>> {
        match self.object(pid, fd)? {
            Object::Path { path, .. } => Some(path),
            Object::Socket { inode, .. } => Some(format!("socket:[{inode}]").into_bytes()),
            Object::Pidfd { .. } => Some(b"anon_inode:[pidfd]".to_vec()),
            Object::Other(text) => Some(text.into_bytes()),
            Object::Unknown => None,
        }
    }

    /// `-yy`'s text for a socket, found now and kept in the table.
    fn socket_details(&self, pid: u32, fd: i32, inode: u64, proto: Option<&str>) -> Option<String> {
        let details = socket::details(pid, inode, proto?);
        if let Some(Slot::Open { object: Object::Socket { details: cached, .. }, .. }) =
            self.procs.borrow_mut().get_mut(&pid).and_then(|p| p.fds.get_mut(&fd))
        {
            cached.clone_from(&details);
        }
        details
    }

    /// After a call that can change what `-yy` shows of a socket (bind, connect, listen):
    /// look again now, so the next line shows the state this call left (strace looks at each
    /// call's entry; tracer renders at exit, when a `close` has already made the socket vanish).
    fn refresh_sockets(&mut self, which: impl Fn(u32, i32, &str) -> bool) {
        if !self.decode.socket {
            return;
        }
        for (&pid, process) in self.procs.get_mut().iter_mut() {
            for (&fd, slot) in process.fds.iter_mut() {
                let Slot::Open { object: Object::Socket { inode, proto: Some(proto), details }, .. } = slot
                else {
                    continue;
                };
                if details.is_some() && which(pid, fd, proto) {
                    *details = socket::details(pid, *inode, proto);
                }
            }
        }
    }

    /// After an `accept`: the connected UNIX sockets whose peer had no inode until now (the
    /// kernel makes the accepting end at `connect` and gives it an inode when it is accepted) show
    /// it from here on, as strace, which looks again at each call, shows it. Only a lookup that
    /// finds the peer replaces what was found before.
    fn refresh_unix_peers(&mut self) {
        if !self.decode.socket {
            return;
        }
        for (&pid, process) in self.procs.get_mut().iter_mut() {
            for slot in process.fds.values_mut() {
                let Slot::Open { object: Object::Socket { inode, proto: Some(proto), details }, .. } = slot
                else {
                    continue;
                };
                let lacks_peer = details.as_deref().is_some_and(|d| !d.contains("->"));
                if !lacks_peer || !proto.starts_with("UNIX") {
                    continue;
                }
                if let Some(found) = socket::details(pid, *inode, proto).filter(|d| d.contains("->")) {
                    *details = Some(found);
                }
            }
        }
    }

    /// After `call`, a successful bind of a netlink socket of `protocol` to a nonzero port id:
    /// when the socket could not be found (the eBPF backend renders after the process is gone),
    /// `-yy` shows what it would have found, the protocol and the port id bound.
    pub fn bound_netlink(&mut self, call: &crate::call::Syscall, protocol: u32) {
        if !self.decode.socket || call.nr != tracer_common::syscall::nr::BIND || call.ok_ret().is_none() {
            return;
        }
        let address = call.capture(1).filter(|c| !c.read_fault());
        let port = address.and_then(|c| c.bytes.get(4..8)?.try_into().ok()).map_or(0, u32::from_ne_bytes);
        if port == 0 {
            return;
        }
        let slot =
            self.procs.get_mut().get_mut(&call.meta.pid).and_then(|p| p.fds.get_mut(&(call.args[0] as i32)));
        let Some(Slot::Open { object: Object::Socket { inode, proto: Some(proto), details }, .. }) = slot
        else {
            return;
        };
        let not_found = format!("NETLINK:[{inode}]");
        if proto == "NETLINK" && details.as_ref().is_none_or(|d| *d == not_found) {
            *details = Some(format!("NETLINK:[{}]", socket::netlink_endpoint(protocol, port)));
        }
    }

    fn cwd(&self, pid: u32) -> Option<Vec<u8>> {
        let mut procs = self.procs.borrow_mut();
        let process = procs.entry(pid).or_insert_with(|| self.inherited.clone());
        if process.cwd.is_none() {
            process.cwd = proc::link_path(&format!("/proc/{pid}/cwd"));
        }
        process.cwd.clone()
    }
}

impl FdNames for FdTable {
    /// strace's `printfd_pid`: a socket's endpoints, a device's numbers or a pidfd's pid when asked
    /// for, else the path.
    fn fd_name(&self, pid: u32, fd: i32) -> Option<FdName> {
        let decode = self.decode;
        if fd == AT_FDCWD {
            let cwd = self.cwd(pid).filter(|cwd| decode.path && link_fits(cwd, false))?;
            return Some(FdName::Path { path: cwd, deleted: false });
        }
        let object = self.object(pid, fd)?;
        match &object {
            Object::Socket { inode, proto, details } if decode.socket => {
                let details =
                    details.clone().or_else(|| self.socket_details(pid, fd, *inode, proto.as_deref()));
                return Some(FdName::Socket(details.unwrap_or_else(|| format!("socket:[{inode}]"))));
            }
            Object::Path { path, .. } if decode.dev && path.starts_with(b"/") => {
                if let Some((kind, major, minor)) = proc::device(path) {
                    return Some(FdName::Device { path: path.clone(), kind, major, minor });
                }
            }
            Object::Pidfd { pid: target } if decode.pidfd => {
                return Some(match target {
                    Some(target) => FdName::Pid(*target),
                    None => FdName::Other("anon_inode:[pidfd]".to_string()),
                });
            }
            _ => {}
        }
        if !decode.path {
            return None;
        }
        match object {
            Object::Path { path, deleted } if link_fits(&path, deleted) => {
                Some(FdName::Path { path, deleted })
            }
            Object::Path { .. } => None,
            Object::Socket { inode, .. } => Some(FdName::Socket(format!("socket:[{inode}]"))),
            Object::Pidfd { .. } => Some(FdName::Other("anon_inode:[pidfd]".to_string())),
            Object::Other(text) => Some(FdName::Other(text)),
            Object::Unknown => None,
        }
    }

    fn pidfd_pid(&self, pid: u32, fd: i32) -> Option<u32> {
        match self.object(pid, fd)? {
            Object::Pidfd { pid } => pid,
            _ => None,
        }
    }
}

/// Whether /proc would show `path` as a link's target: the kernel refuses (ENAMETOOLONG) a target
/// that, with its ` (deleted)` mark, does not fit in PATH_MAX bytes with its NUL, and strace then
/// prints the descriptor bare.
fn link_fits(path: &[u8], deleted: bool) -> bool {
    const DELETED_MARK: usize = " (deleted)".len();
    path.len() + if deleted { DELETED_MARK } else { 0 } < libc::PATH_MAX as usize
}

/// The netlink protocol of descriptor `fd` of `pid` when it is a netlink socket, as strace finds it
/// when it decodes a socket's data (`getfdproto`, then the socket's inode in the netlink table): asked
/// of /proc now, whether or not the fd table is kept.
pub fn netlink_protocol(pid: u32, fd: i32) -> Option<u32> {
    if fd < 0 {
        return None;
    }
    if proc::socket_proto(pid, fd)? != "NETLINK" {
        return None;
    }
    let inode = proc::socket_inode(&proc::link(pid, fd)?)?;
    socket::netlink_protocol(pid, inode)
}

/// Ask /proc, through [`crate::facts`], what every descriptor of `pid` and its cwd are now: what a
/// capture taken without live rendering keeps of a `-p` process, for `-y` when it is replayed.
pub fn snapshot_process(pid: u32) {
    let _ = proc::link_path(&format!("/proc/{pid}/cwd"));
    for name in crate::facts::read_dir_names(&format!("/proc/{pid}/fd")).unwrap_or_default() {
        let Some(fd) = std::str::from_utf8(&name).ok().and_then(|n| n.parse::<i32>().ok()) else { continue };
        let _ = proc::object_of(pid, fd);
        let _ = proc::cloexec(pid, fd);
    }
}

/// Whatever /proc says the new descriptor is.
fn linked_object(pid: u32, fd: i32) -> Object {
    proc::object_of(pid, fd).unwrap_or(Object::Unknown)
}

mod rights;

#[cfg(test)]
pub(crate) mod tests;
