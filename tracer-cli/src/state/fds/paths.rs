//! Path arguments as the kernel resolves them: made absolute against their directory descriptor or
//! the cwd, the tracee's own `/proc/self` and `/dev/fd` links followed, symlinks resolved.

use std::os::unix::ffi::OsStrExt as _;
use std::path::{Component, Path, PathBuf};

use super::{linked_object, proc, Object, Process, AT_FDCWD};
use crate::call::Syscall;
use crate::decode::family::PathArg;
use crate::decode::strings;

/// The object a path argument names, resolved like the kernel would. `new_fd` (when positive)
/// is what /proc can tell about it if the path cannot be resolved.
pub(super) fn call_path(process: &Process, call: &Syscall, path: PathArg, new_fd: i32) -> Option<Object> {
    let absolute = absolute_arg(process, call, path)?;
    Some(resolve(process, call.meta.pid, call.meta.tid, &absolute, new_fd))
}

/// A path argument made absolute against its directory descriptor (or the cwd).
pub(super) fn absolute_arg(process: &Process, call: &Syscall, path: PathArg) -> Option<Vec<u8>> {
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
pub(super) fn resolve(process: &Process, pid: u32, tid: u32, absolute: &[u8], new_fd: i32) -> Object {
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
    let resolved = crate::facts::canonicalize(as_path).or_else(|| {
        let parent = crate::facts::canonicalize(as_path.parent()?)?;
        let parent = Path::new(std::ffi::OsStr::from_bytes(&parent));
        Some(parent.join(as_path.file_name()?).as_os_str().as_bytes().to_vec())
    });
    let path = resolved.unwrap_or_else(|| lexical(as_path));
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
