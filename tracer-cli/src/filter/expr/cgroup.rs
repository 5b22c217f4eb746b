//! Cgroup paths as `--filter` takes them: below the cgroup v2 hierarchy's mount point (found in
//! the mount table, as `--cgroup` finds it: `/sys/fs/cgroup`, or `/sys/fs/cgroup/unified` on a
//! hybrid system), written as /proc/PID/cgroup writes them; a cgroup's id is its directory's inode.

use std::os::unix::ffi::OsStrExt as _;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The cgroup v2 hierarchy's mount point (read once).
pub fn root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(crate::backend::ebpf::cgroup2_root)
}

/// `path` as /proc/PID/cgroup writes it: from the hierarchy's root, with a leading `/` and no
/// trailing one (`/sys/fs/cgroup/a/` is `/a` where the hierarchy is mounted at /sys/fs/cgroup).
pub fn normal(path: &[u8]) -> Vec<u8> {
    let path = path.strip_prefix(root().as_os_str().as_bytes()).unwrap_or(path);
    let mut end = path.len();
    while end > 0 && path[end - 1] == b'/' {
        end -= 1;
    }
    let body = path[..end].strip_prefix(b"/").unwrap_or(&path[..end]);
    let mut out = Vec::with_capacity(body.len() + 1);
    out.push(b'/');
    out.extend_from_slice(body);
    out
}

/// The directory of cgroup `path` (either form [`normal`] takes), if there is one.
pub fn dir(path: &[u8]) -> Option<PathBuf> {
    let normal = normal(path);
    let relative = std::ffi::OsStr::from_bytes(&normal[1..]);
    let dir = root().join(relative);
    dir.is_dir().then_some(dir)
}

/// The id of cgroup `path`: its directory's inode (what `bpf_get_current_cgroup_id` returns).
pub fn id(path: &[u8]) -> Option<u64> {
    std::fs::metadata(dir(path)?).ok().map(|m| m.ino())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_written_as_proc_writes_them() {
        let root = root().as_os_str().as_bytes().to_vec();
        assert_eq!(normal(&root), b"/");
        assert_eq!(normal(&[&root[..], b"/a/b/"].concat()), b"/a/b");
        assert_eq!(normal(b"a/b"), b"/a/b");
        assert_eq!(normal(b"/"), b"/");
        assert_eq!(normal(b"/a"), b"/a");
    }

    #[test]
    fn our_own_cgroup_has_a_directory_and_an_id() {
        let own = std::fs::read("/proc/self/cgroup").expect("cgroup");
        let path = own.split(|&b| b == b'\n').find_map(|l| l.strip_prefix(b"0::")).expect("v2 line");
        assert!(dir(path).is_some_and(|d| d.starts_with(root())));
        assert!(id(path).is_some_and(|id| id > 0));
        assert_eq!(id(b"/"), std::fs::metadata(root()).ok().map(|m| m.ino()));
        assert_eq!(dir(b"/no/such/cgroup"), None);
    }
}
