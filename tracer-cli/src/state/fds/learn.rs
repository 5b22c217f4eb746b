//! What the calls teach the table: descriptors opened, duplicated, closed, marked close-on-exec,
//! names unlinked or renamed, the cwd moved.

use rustc_hash::FxHashMap;
use tracer_common::syscall::{self, nr, RetKind, SyscallInfo};

use super::paths::{absolute_arg, call_path, resolve};
use super::{
    linked_object, proc, socket, FdTable, Object, Process, Slot, CLOSE_RANGE_CLOEXEC, F_DUPFD,
    F_DUPFD_CLOEXEC, F_SETFD, O_CLOEXEC, O_TMPFILE,
};
use crate::call::Syscall;
use crate::decode::family::{self, FdEffect, OpenFlags, PathArg};
use crate::decode::{strings, FdNames as _};

/// Untraced children whose descriptors [`FdTable::forked`] keeps at most (then it starts over).
const FORKED_MAX: usize = 256;

impl FdTable {
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
        super::rights::learn(process, call);
        if let FdEffect::Dup { target: Some(target), .. } = effect {
            // A target the table never saw was not open (the table starts complete): /proc, read
            // after the call, would show what the call put there.
            process.fds.entry(call.args[usize::from(target)] as i32).or_insert(Slot::Closed);
        }
        if let FdEffect::ClonePidfd { arg } = effect {
            // Known before the arguments print: the stored descriptor is one of them.
            let stored = call.capture(usize::from(arg)).filter(|c| !c.read_fault());
            let fd = stored.and_then(|c| c.bytes.get(..4)?.try_into().ok()).map(i32::from_ne_bytes);
            if let (Some(child), Some(fd)) = (call.ok_ret(), fd) {
                if call.args[0] & libc::CLONE_PIDFD as u64 != 0 && child > 0 {
                    process.open(fd, Object::Pidfd { pid: u32::try_from(child).ok() }, true);
                }
            }
            return;
        }
        let FdEffect::Pair { arg, socket, cloexec } = effect else { return };
        if call.ok_ret().is_none() {
            return;
        }
        let Some(fds) = fd_pair(call, usize::from(arg)) else { return };
        let cloexec = cloexec.of(&call.args);
        if socket {
            let derived = socket::proto_of(call.args[0], call.args[1], call.args[2]);
            for fd in fds {
                process.open(fd, new_socket(pid, fd, derived, None), cloexec);
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
        if call.ok_ret().is_none() {
            return;
        }
        let effect = family::rules(call.nr).map_or(FdEffect::None, |rules| rules.fds);
        self.learn_fork(call);
        self.learn_after(call, info, effect);
        if effect == FdEffect::Reconnects {
            let (pid, fd) = (call.meta.pid, call.args[0] as i32);
            self.refresh_sockets(|p, f, _| p == pid && f == fd);
        }
        if matches!(effect, FdEffect::Accept { .. }) {
            self.refresh_unix_peers();
        }
    }

    /// A fork, vfork, clone (not of a thread) or clone3 that returned a child's pid: the child
    /// starts with the caller's descriptors, kept for when /proc cannot say (see
    /// [`FdTable::forked`]).
    fn learn_fork(&mut self, call: &Syscall) {
        let thread = call.nr == nr::CLONE && call.args[0] & libc::CLONE_THREAD as u64 != 0;
        let forks = matches!(call.nr, nr::FORK | nr::VFORK | nr::CLONE | nr::CLONE3);
        let Some(child) = call.ok_ret().and_then(|ret| u32::try_from(ret).ok()) else { return };
        if !forks || thread || child == 0 {
            return;
        }
        if self.forked.len() >= FORKED_MAX {
            self.forked.clear();
        }
        let pid = call.meta.pid;
        let parent = self.procs.get_mut().entry(pid).or_insert_with(|| self.inherited.clone()).clone();
        self.forked.insert(child, parent);
    }

    /// What a successful `call` did to its process's descriptors (or, for a name that changed, to
    /// every process's).
    fn learn_after(&mut self, call: &Syscall, info: &SyscallInfo, effect: FdEffect) {
        let pid = call.meta.pid;
        let new_fd = call.ret.and_then(|ret| i32::try_from(ret).ok()).filter(|&fd| fd >= 0);
        let arg = |i: u8| call.args[usize::from(i)];
        let fd_arg = |i: u8| call.args[usize::from(i)] as i32;
        // pidfd_getfd: what the descriptor it copied refers to, for when /proc cannot say.
        let stolen = match effect {
            FdEffect::Steal { pidfd, fd } => {
                self.pidfd_pid(pid, fd_arg(pidfd)).and_then(|target| self.object(target, fd_arg(fd)))
            }
            _ => None,
        };
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
                // The name, when its NUL was among the bytes read.
                let name = call.capture(0).filter(|c| !c.read_fault() && c.bytes.contains(&0));
                let object = match name {
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
                process.open(fd, new_socket(pid, fd, derived, captured_inode(call)), cloexec.of(&call.args));
            }
            (FdEffect::Accept { cloexec }, Some(fd)) => {
                let listening = match process.object(fd_arg(0)) {
                    Some(Object::Socket { proto: Some(proto), .. }) => socket::known_name(proto),
                    _ => None,
                };
                process.open(
                    fd,
                    new_socket(pid, fd, listening, captured_inode(call)),
                    cloexec.of(&call.args),
                );
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
            (FdEffect::ProcOrPath { path, cloexec }, Some(fd)) => {
                let object = match linked_object(pid, fd) {
                    Object::Unknown => call_path(process, call, path, fd).unwrap_or(Object::Unknown),
                    object => object,
                };
                process.open(fd, object, cloexec.of(&call.args));
            }
            (FdEffect::AnonUnless { arg: flags, mask, .. }, _) if arg(flags) & mask != 0 => {}
            // /proc first (a return value `-e inject=` made up names whatever that descriptor is).
            (FdEffect::AnonUnless { text, .. }, Some(fd)) => {
                let object = match linked_object(pid, fd) {
                    Object::Unknown => Object::Other(text.to_string()),
                    object => object,
                };
                process.open(fd, object, proc::cloexec(pid, fd).unwrap_or(true));
            }
            (FdEffect::Steal { .. }, Some(fd)) => {
                let object = match linked_object(pid, fd) {
                    Object::Unknown => stolen.unwrap_or(Object::Unknown),
                    object => object,
                };
                process.open(fd, object, proc::cloexec(pid, fd).unwrap_or(true));
            }
            // Whatever else returns a descriptor (pidfd_getfd, open_by_handle_at, fsopen...).
            (FdEffect::None | FdEffect::Reconnects, Some(fd)) if info.ret == RetKind::Fd => {
                let cloexec = proc::cloexec(pid, fd).unwrap_or(false);
                process.open(fd, linked_object(pid, fd), cloexec);
            }
            _ => {}
        }
    }
}

/// The two descriptors a pipe2/socketpair wrote to argument `idx`.
fn fd_pair(call: &Syscall, idx: usize) -> Option<[i32; 2]> {
    let bytes = &call.capture(idx).filter(|c| !c.read_fault())?.bytes;
    let a = i32::from_ne_bytes(bytes.get(0..4)?.try_into().ok()?);
    let b = i32::from_ne_bytes(bytes.get(4..8)?.try_into().ok()?);
    Some([a, b])
}

/// A new socket: its inode from /proc, else as the call's capture says (`captured`: the process may
/// be gone when the eBPF backend's record is rendered); its protocol from the kernel or else from
/// how it was made.
fn new_socket(pid: u32, fd: i32, derived: Option<&'static str>, captured: Option<u64>) -> Object {
    match proc::link(pid, fd).as_deref().and_then(proc::socket_inode) {
        Some(inode) => {
            let proto = proc::socket_proto(pid, fd).or_else(|| derived.map(str::to_string));
            Object::Socket { inode, proto, details: None }
        }
        None => match captured {
            Some(inode) => Object::Socket { inode, proto: derived.map(str::to_string), details: None },
            None => Object::Unknown,
        },
    }
}

/// The inode of the descriptor `call` returned, as its FD_INODE_OUT capture (argument 0) holds it.
fn captured_inode(call: &Syscall) -> Option<u64> {
    let capture = call.capture(0).filter(|c| !c.read_fault())?;
    Some(u64::from_ne_bytes(capture.bytes.get(..8)?.try_into().ok()?))
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
