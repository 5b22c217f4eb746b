//! What /proc says about a descriptor: its link text, flags, socket protocol, pidfd target.
//! Every function returns `None` when the process or descriptor is gone.

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt as _;
use std::os::unix::fs::{FileTypeExt as _, MetadataExt as _};
use std::path::Path;

use super::Object;
use crate::facts;

/// `readlink /proc/PID/fd/FD`.
pub fn link(pid: u32, fd: i32) -> Option<Vec<u8>> {
    link_path(&format!("/proc/{pid}/fd/{fd}"))
}

pub fn link_path(path: &str) -> Option<Vec<u8>> {
    facts::read_link(path)
}

/// The object behind `fd` of `pid`, from its link: strace's `getfdpath_pid`, which also tells an
/// unlinked file's ` (deleted)` suffix from a name that merely ends that way.
pub fn object_of(pid: u32, fd: i32) -> Option<Object> {
    let text = link(pid, fd)?;
    if let Some(inode) = socket_inode(&text) {
        return Some(Object::Socket { inode, proto: socket_proto(pid, fd), details: None });
    }
    if text == b"anon_inode:[pidfd]" {
        return Some(Object::Pidfd { pid: pidfd_pid(pid, fd) });
    }
    if !text.starts_with(b"/") {
        return Some(Object::Other(String::from_utf8_lossy(&text).into_owned()));
    }
    const DELETED: &[u8] = b" (deleted)";
    if let Some(stripped) = text.strip_suffix(DELETED) {
        if !names_same_file(pid, fd, stripped)? {
            return Some(Object::Path { path: stripped.to_vec(), deleted: true });
        }
    }
    Some(Object::Path { path: text, deleted: false })
}

/// Whether `fd` of `pid` is the file `path` names (`None`: the descriptor is gone).
fn names_same_file(pid: u32, fd: i32, path: &[u8]) -> Option<bool> {
    let link = format!("/proc/{pid}/fd/{fd}");
    let mut key = b"same-file\0".to_vec();
    key.extend_from_slice(link.as_bytes());
    key.push(0);
    key.extend_from_slice(path);
    let answer = facts::ask(facts::Kind::Custom, &key, || {
        let target = std::fs::metadata(&link).ok()?;
        let named = std::fs::symlink_metadata(Path::new(std::ffi::OsStr::from_bytes(path))).ok();
        Some(vec![u8::from(named.is_some_and(|n| n.ino() == target.ino() && n.dev() == target.dev()))])
    })?;
    Some(answer.first() == Some(&1))
}

/// `socket:[INODE]` → INODE.
pub fn socket_inode(link: &[u8]) -> Option<u64> {
    let digits = link.strip_prefix(b"socket:[")?.strip_suffix(b"]")?;
    std::str::from_utf8(digits).ok()?.parse().ok().filter(|&inode| inode != 0)
}

/// The kernel's protocol name (`TCP`, `UNIX-STREAM`): the `system.sockprotoname` attribute.
pub fn socket_proto(pid: u32, fd: i32) -> Option<String> {
    let link = format!("/proc/{pid}/fd/{fd}");
    let key = [b"sockprotoname\0".as_slice(), link.as_bytes()].concat();
    let text = facts::ask(facts::Kind::Custom, &key, || {
        let path = CString::new(link.as_str()).ok()?;
        let name = CString::new("system.sockprotoname").ok()?;
        let mut buf = [0u8; 256];
        // SAFETY: NUL-terminated path and name; getxattr writes at most buf.len() bytes.
        let len =
            unsafe { libc::getxattr(path.as_ptr(), name.as_ptr(), buf.as_mut_ptr().cast(), buf.len() - 1) };
        let len = usize::try_from(len).ok().filter(|&n| n > 0)?;
        let text = buf.get(..len)?;
        Some(text.split(|&b| b == 0).next().unwrap_or(text).to_vec())
    })?;
    Some(String::from_utf8_lossy(&text).into_owned())
}

/// The pid a pidfd refers to: the `Pid:` line of its fdinfo.
fn pidfd_pid(pid: u32, fd: i32) -> Option<u32> {
    let info = facts::read_to_string(&format!("/proc/{pid}/fdinfo/{fd}"))?;
    info.lines().find_map(|l| l.strip_prefix("Pid:")).and_then(|v| v.trim().parse().ok())
}

/// Whether `fd` of `pid` is close-on-exec: the `flags:` line (octal) of its fdinfo.
pub fn cloexec(pid: u32, fd: i32) -> Option<bool> {
    let info = facts::read_to_string(&format!("/proc/{pid}/fdinfo/{fd}"))?;
    let flags = info.lines().find_map(|l| l.strip_prefix("flags:"))?;
    let flags = u64::from_str_radix(flags.trim(), 8).ok()?;
    Some(flags & libc::O_CLOEXEC as u64 != 0)
}

/// The tracer's own descriptors a child would inherit (those without FD_CLOEXEC).
pub fn own_inheritable_fds() -> Vec<i32> {
    facts::own_inheritable_fds()
}

/// `("char", 1, 3)` for /dev/null: what `-yy` adds to device paths.
pub fn device(path: &[u8]) -> Option<(&'static str, u64, u64)> {
    let key = [b"device\0".as_slice(), path].concat();
    let answer = facts::ask(facts::Kind::Custom, &key, || {
        let meta = std::fs::metadata(Path::new(std::ffi::OsStr::from_bytes(path))).ok()?;
        let kind = if meta.file_type().is_char_device() {
            b'c'
        } else if meta.file_type().is_block_device() {
            b'b'
        } else {
            return None;
        };
        Some([&[kind][..], &meta.rdev().to_le_bytes()].concat())
    })?;
    let (kind, dev) = answer.split_first()?;
    let kind = if *kind == b'c' { "char" } else { "block" };
    let dev = u64::from_le_bytes(dev.try_into().ok()?);
    let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & !0xfff);
    let minor = (dev & 0xff) | ((dev >> 12) & !0xff);
    Some((kind, major, minor))
}
