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

mod proc;
mod socket;

use std::cell::{Cell, RefCell};
use std::os::unix::ffi::OsStrExt as _;
use std::path::{Component, Path, PathBuf};

use rustc_hash::FxHashMap;
use tracer_common::syscall::{self, RetKind, SyscallInfo};

use crate::call::Syscall;
use crate::decode::family::{self, FdEffect, OpenFlags, PathArg};
use crate::decode::{strings, FdName, FdNames};
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
            no_fallback: Cell::new(false),
        }
    }

    /// A table where a new process starts with what the tracer would pass on to a child: its cwd
    /// and its descriptors without close-on-exec. Call it before starting the command.
    pub fn inheriting_from_self(decode: DecodeFds) -> Self {
        let mut table = FdTable::new(decode);
        table.inherited.cwd = std::env::current_dir().ok().map(|p| p.as_os_str().as_bytes().to_vec());
        let self_pid = std::process::id();
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

    /// Learn what `call` changed that its own arguments show: the descriptors `pipe2` and
    /// `socketpair` return through memory. Call before rendering the arguments.
    pub fn before_args(&mut self, call: &Syscall) {
        self.no_fallback
            .set(call.ret.is_some_and(|r| tracer_common::errno::of(r) == Some(libc::EBADF as u16)));
        if syscall::info(call.nr).is_none() {
            return;
        }
        let effect = family::rules(call.nr).map_or(FdEffect::None, |rules| rules.fds);
        let pid = call.meta.pid;
        let procs = self.procs.get_mut();
        let process = procs.entry(pid).or_insert_with(|| self.inherited.clone());
        if let FdEffect::Dup { target: Some(target), .. } = effect {
            // A target the table never saw was not open (the table starts complete): /proc, read
            // after the call, would show what the call put there.
            process.fds.entry(call.args[usize::from(target)] as i32).or_insert(Slot::Closed);
        }
        let FdEffect::Pair { arg, socket, cloexec } = effect else { return };
        if !succeeded(call) {
            return;
        }
        let Some(fds) = fd_pair(call, usize::from(arg)) else { return };
        let cloexec = cloexec.of(&call.args);
        if socket {
            let derived = socket::proto_of(call.args[0], call.args[1], call.args[2]);
            for fd in fds {
                process.open(fd, new_socket(pid, fd, derived), cloexec);
            }
        } else {
            // Both ends are the same pipe: either end's link names it.
            let object = fds
                .into_iter()
                .find_map(|fd| proc::link(pid, fd).filter(|l| l.starts_with(b"pipe:[")))
                .map_or(Object::Unknown, |l| Object::Other(String::from_utf8_lossy(&l).into_owned()));
            for fd in fds {
                process.open(fd, object.clone(), cloexec);
            }
        }
    }

    /// Learn the rest of what `call` did. Call after rendering its arguments and before its return
    /// value: `close(3</etc/passwd>)` names what was closed, `openat(...) = 3</etc/passwd>` what was
    /// opened.
    pub fn after_args(&mut self, call: &Syscall) {
        let Some(info) = syscall::info(call.nr) else { return };
        if !succeeded(call) {
            return;
        }
        let effect = family::rules(call.nr).map_or(FdEffect::None, |rules| rules.fds);
        self.learn_after(call, info, effect);
        if effect == FdEffect::Reconnects {
            let (pid, fd) = (call.meta.pid, call.args[0] as i32);
            self.refresh_sockets(|p, f, _| p == pid && f == fd);
        }
    }

    /// What a successful `call` did to its process's descriptors (or, for a name that changed, to
    /// every process's).
    fn learn_after(&mut self, call: &Syscall, info: &SyscallInfo, effect: FdEffect) {
        let pid = call.meta.pid;
        let new_fd = call.ret.and_then(|ret| i32::try_from(ret).ok()).filter(|&fd| fd >= 0);
        let arg = |i: u8| call.args[usize::from(i)];
        let fd_arg = |i: u8| call.args[usize::from(i)] as i32;
        let inherited = &self.inherited;
        let procs = self.procs.get_mut();
        if let FdEffect::Names { old, new } = effect {
            let process = procs.entry(pid).or_insert_with(|| inherited.clone()).clone();
            return names_changed(procs, &process, call, old, new);
        }
        let process = procs.entry(pid).or_insert_with(|| inherited.clone());
        match (effect, new_fd) {
            (FdEffect::Open { path, flags }, Some(fd)) => {
                let flags = match flags {
                    OpenFlags::Arg(i) => arg(i),
                    OpenFlags::How(i) => call
                        .capture(usize::from(i))
                        .and_then(|c| c.bytes.get(..8))
                        .and_then(|b| b.try_into().ok())
                        .map_or(0, u64::from_ne_bytes),
                    OpenFlags::None => 0,
                };
                opened(process, call, fd, path, flags);
            }
            (FdEffect::Memfd { cloexec }, Some(fd)) => {
                let object = match call.capture(0).filter(|c| !c.read_fault() && !c.truncated()) {
                    Some(c) => {
                        let mut path = b"/memfd:".to_vec();
                        path.extend_from_slice(strings::until_nul(&c.bytes));
                        Object::Path { path, deleted: true }
                    }
                    None => linked_object(pid, fd),
                };
                process.open(fd, object, cloexec.of(&call.args));
            }
            // dup2(fd, fd) returns what it was given and changes nothing.
            (FdEffect::Dup { old, target: Some(_), .. }, Some(fd)) if fd == fd_arg(old) => {}
            (FdEffect::Dup { old, cloexec, .. }, Some(fd)) => {
                dup(process, pid, fd_arg(old), fd, cloexec.of(&call.args))
            }
            (FdEffect::Fcntl, _) => match (arg(1) & 0xffff_ffff, new_fd) {
                (F_DUPFD, Some(fd)) => dup(process, pid, fd_arg(0), fd, false),
                (F_DUPFD_CLOEXEC, Some(fd)) => dup(process, pid, fd_arg(0), fd, true),
                (F_SETFD, _) => {
                    if let Some(Slot::Open { cloexec, .. }) = process.fds.get_mut(&fd_arg(0)) {
                        *cloexec = arg(2) & 1 != 0;
                    }
                }
                _ => {}
            },
            (FdEffect::Close { fd }, _) => {
                process.fds.insert(fd_arg(fd), Slot::Closed);
            }
            (FdEffect::CloseRange, _) => close_range(process, arg(0), arg(1), arg(2)),
            (FdEffect::Socket { cloexec }, Some(fd)) => {
                let derived = socket::proto_of(arg(0), arg(1), arg(2));
                process.open(fd, new_socket(pid, fd, derived), cloexec.of(&call.args));
            }
            (FdEffect::Accept { cloexec }, Some(fd)) => {
                let listening = match process.object(fd_arg(0)) {
                    Some(Object::Socket { proto: Some(proto), .. }) => socket::known_name(proto),
                    _ => None,
                };
                process.open(fd, new_socket(pid, fd, listening), cloexec.of(&call.args));
            }
            (FdEffect::Pidfd, Some(fd)) => {
                process.open(fd, Object::Pidfd { pid: u32::try_from(arg(0)).ok() }, true);
            }
            // signalfd on an existing descriptor returns what it was given.
            (FdEffect::Anon { new_only: true, .. }, _) if fd_arg(0) != -1 => {}
            (FdEffect::Anon { text, cloexec, .. }, Some(fd)) => {
                process.open(fd, anon(pid, fd, text), cloexec.of(&call.args));
            }
            (FdEffect::Chdir { path: Some(path) }, _) => {
                let path = PathArg { dirfd: None, path };
                if let Some(Object::Path { path, .. }) = call_path(process, call, path, -1) {
                    process.cwd = Some(path);
                }
            }
            (FdEffect::Chdir { path: None }, _) => {
                if let Some(path) = process.path_of(fd_arg(0)) {
                    process.cwd = Some(path);
                }
            }
            (FdEffect::Exec, _) => {
                for slot in process.fds.values_mut() {
                    if matches!(slot, Slot::Open { cloexec: true, .. }) {
                        *slot = Slot::Closed;
                    }
                }
            }
            // Whatever else returns a descriptor (pidfd_getfd, open_by_handle_at, fsopen...).
            (FdEffect::None | FdEffect::Reconnects, Some(fd)) if info.ret == RetKind::Fd => {
                let cloexec = proc::cloexec(pid, fd).unwrap_or(false);
                process.open(fd, linked_object(pid, fd), cloexec);
            }
            _ => {}
        }
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
                let object = proc::object_of(pid, fd)?;
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
            let cwd = self.cwd(pid).filter(|_| decode.path)?;
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
            Object::Path { path, deleted } => Some(FdName::Path { path, deleted }),
            Object::Socket { inode, .. } => Some(FdName::Socket(format!("socket:[{inode}]"))),
            Object::Pidfd { .. } => Some(FdName::Other("anon_inode:[pidfd]".to_string())),
            Object::Other(text) => Some(FdName::Other(text)),
            Object::Unknown => None,
        }
    }
}

/// Whether the call returned and did not fail.
fn succeeded(call: &Syscall) -> bool {
    call.ret.is_some_and(|r| tracer_common::errno::of(r).is_none())
}

/// The two descriptors a pipe2/socketpair wrote to argument `idx`.
fn fd_pair(call: &Syscall, idx: usize) -> Option<[i32; 2]> {
    let bytes = &call.capture(idx).filter(|c| !c.read_fault())?.bytes;
    let a = i32::from_ne_bytes(bytes.get(0..4)?.try_into().ok()?);
    let b = i32::from_ne_bytes(bytes.get(4..8)?.try_into().ok()?);
    Some([a, b])
}

/// A new socket: its inode from /proc, its protocol from the kernel or else from how it was made.
fn new_socket(pid: u32, fd: i32, derived: Option<&'static str>) -> Object {
    match proc::link(pid, fd).as_deref().and_then(proc::socket_inode) {
        Some(inode) => {
            let proto = proc::socket_proto(pid, fd).or_else(|| derived.map(str::to_string));
            Object::Socket { inode, proto, details: None }
        }
        None => Object::Unknown,
    }
}

/// An anonymous-inode object whose link text the call determines; /proc is preferred when it says
/// the same kind of thing (a kernel that spells it differently).
fn anon(pid: u32, fd: i32, text: &str) -> Object {
    match proc::link(pid, fd) {
        Some(link) if link.starts_with(b"anon_inode:") => {
            Object::Other(String::from_utf8_lossy(&link).into_owned())
        }
        _ => Object::Other(text.to_string()),
    }
}

/// Whatever /proc says the new descriptor is.
fn linked_object(pid: u32, fd: i32) -> Object {
    proc::object_of(pid, fd).unwrap_or(Object::Unknown)
}

/// An open call returned `fd` for its path argument, opened with `flags`.
fn opened(process: &mut Process, call: &Syscall, fd: i32, path: PathArg, flags: u64) {
    let pid = call.meta.pid;
    let cloexec = flags & O_CLOEXEC != 0;
    let object = if flags & O_TMPFILE == O_TMPFILE {
        // An unnamed file in that directory: only /proc knows its `#inode (deleted)` name.
        linked_object(pid, fd)
    } else {
        call_path(process, call, path, fd).unwrap_or_else(|| linked_object(pid, fd))
    };
    process.open(fd, object, cloexec);
}

/// The object a path argument names, resolved like the kernel would. `new_fd` (when positive)
/// is what /proc can tell about it if the path cannot be resolved.
fn call_path(process: &Process, call: &Syscall, path: PathArg, new_fd: i32) -> Option<Object> {
    let absolute = absolute_arg(process, call, path)?;
    Some(resolve(process, call.meta.pid, call.meta.tid, &absolute, new_fd))
}

/// A path argument made absolute against its directory descriptor (or the cwd).
fn absolute_arg(process: &Process, call: &Syscall, path: PathArg) -> Option<Vec<u8>> {
    let capture = call.capture(usize::from(path.path)).filter(|c| !c.read_fault() && !c.truncated())?;
    let dirfd = path.dirfd.map_or(AT_FDCWD, |i| call.args[usize::from(i)] as i32);
    absolute(process, call.meta.pid, dirfd, strings::until_nul(&capture.bytes))
}

/// `path` made absolute against `dirfd` (or the cwd).
fn absolute(process: &Process, pid: u32, dirfd: i32, path: &[u8]) -> Option<Vec<u8>> {
    if path.starts_with(b"/") {
        return Some(path.to_vec());
    }
    let mut base = if dirfd == AT_FDCWD {
        match &process.cwd {
            Some(cwd) => cwd.clone(),
            None => proc::link_path(&format!("/proc/{pid}/cwd"))?,
        }
    } else {
        process.path_of(dirfd)?
    };
    if path.is_empty() {
        return Some(base);
    }
    if !base.ends_with(b"/") {
        base.push(b'/');
    }
    base.extend_from_slice(path);
    Some(base)
}

/// What an absolute path opens: through the process's own `/proc/self` and `/dev/fd` links to the
/// table's objects, else the path with symlinks resolved (`/lib/x.so` → `/usr/lib/x.so`), else (the
/// file is gone) its directory resolved and the last name appended, else the path cleaned up.
fn resolve(process: &Process, pid: u32, tid: u32, absolute: &[u8], new_fd: i32) -> Object {
    let path = magic_prefixes(absolute, pid, tid);
    if let Some(fd) = own_fd_link(&path, pid) {
        if let Some(object) = process.object(fd) {
            return object.clone();
        }
        if new_fd >= 0 {
            return linked_object(pid, new_fd);
        }
    }
    let as_path = Path::new(std::ffi::OsStr::from_bytes(&path));
    let resolved = std::fs::canonicalize(as_path).ok().or_else(|| {
        let parent = std::fs::canonicalize(as_path.parent()?).ok()?;
        Some(parent.join(as_path.file_name()?))
    });
    let path = resolved.map_or_else(|| lexical(as_path), |p| p.as_os_str().as_bytes().to_vec());
    Object::Path { path, deleted: false }
}

/// `/proc/self` → `/proc/PID`, `/proc/thread-self` → `/proc/PID/task/TID`, `/dev/fd/N` and
/// `/dev/std{in,out,err}` → `/proc/PID/fd/N`: what they mean in the tracee, not in the tracer.
fn magic_prefixes(path: &[u8], pid: u32, tid: u32) -> Vec<u8> {
    let replace = |prefix: &[u8], with: String| -> Option<Vec<u8>> {
        let rest = path.strip_prefix(prefix)?;
        if !(rest.is_empty() || rest.starts_with(b"/")) {
            return None;
        }
        let mut out = with.into_bytes();
        out.extend_from_slice(rest);
        Some(out)
    };
    replace(b"/proc/self", format!("/proc/{pid}"))
        .or_else(|| replace(b"/proc/thread-self", format!("/proc/{pid}/task/{tid}")))
        .or_else(|| replace(b"/dev/fd", format!("/proc/{pid}/fd")))
        .or_else(|| replace(b"/dev/stdin", format!("/proc/{pid}/fd/0")))
        .or_else(|| replace(b"/dev/stdout", format!("/proc/{pid}/fd/1")))
        .or_else(|| replace(b"/dev/stderr", format!("/proc/{pid}/fd/2")))
        .unwrap_or_else(|| path.to_vec())
}

/// `/proc/PID/fd/N` (the process's own descriptor N).
fn own_fd_link(path: &[u8], pid: u32) -> Option<i32> {
    let rest = path.strip_prefix(format!("/proc/{pid}/fd/").as_bytes())?;
    std::str::from_utf8(rest).ok()?.parse().ok()
}

/// `.`, `..` and repeated slashes removed without touching the filesystem.
fn lexical(path: &Path) -> Vec<u8> {
    let mut clean = PathBuf::from("/");
    for component in path.components() {
        match component {
            Component::Normal(name) => clean.push(name),
            Component::ParentDir => {
                clean.pop();
            }
            Component::RootDir | Component::CurDir | Component::Prefix(_) => {}
        }
    }
    clean.as_os_str().as_bytes().to_vec()
}

fn dup(process: &mut Process, pid: u32, old: i32, new: i32, cloexec: bool) {
    let object = match process.fds.get(&old) {
        Some(Slot::Open { object, .. }) => object.clone(),
        // Never seen, or the table is stale: ask /proc about the new descriptor.
        _ => linked_object(pid, new),
    };
    process.open(new, object, cloexec);
}

fn close_range(process: &mut Process, first: u64, last: u64, flags: u64) {
    let (Ok(first), Ok(last)) = (u32::try_from(first), u32::try_from(last.min(u64::from(u32::MAX)))) else {
        return;
    };
    for (&fd, slot) in process.fds.iter_mut() {
        if u32::try_from(fd).is_ok_and(|fd| (first..=last).contains(&fd)) {
            if flags & CLOSE_RANGE_CLOEXEC != 0 {
                if let Slot::Open { cloexec, .. } = slot {
                    *cloexec = true;
                }
            } else {
                *slot = Slot::Closed;
            }
        }
    }
    if flags & CLOSE_RANGE_CLOEXEC == 0 {
        process.closed_ranges.push((first, last));
    }
}

/// unlink/rmdir mark what was open under that name deleted; rename moves names (for every process).
fn names_changed(
    procs: &mut FxHashMap<u32, Process>,
    process: &Process,
    call: &Syscall,
    old: PathArg,
    new: Option<PathArg>,
) {
    let path_at = |path: PathArg| -> Option<Vec<u8>> {
        let absolute = absolute_arg(process, call, path)?;
        match resolve(process, call.meta.pid, call.meta.tid, &absolute, -1) {
            Object::Path { path, .. } => Some(path),
            _ => None,
        }
    };
    let Some(old_path) = path_at(old) else { return };
    let new_path = match new {
        Some(new) => match path_at(new) {
            Some(path) => Some(path),
            None => return,
        },
        None => None,
    };
    for slot in procs.values_mut().flat_map(|p| p.fds.values_mut()) {
        let Slot::Open { object: Object::Path { path, deleted }, .. } = slot else { continue };
        if *deleted {
            continue;
        }
        match &new_path {
            None if *path == old_path => *deleted = true,
            Some(new_path) => {
                if *path == old_path {
                    *path = new_path.clone();
                } else if path.starts_with(&old_path) && path.get(old_path.len()) == Some(&b'/') {
                    let mut moved = new_path.clone();
                    moved.extend_from_slice(&path[old_path.len()..]);
                    *path = moved;
                }
            }
            None => {}
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
