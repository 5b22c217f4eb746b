//! The kernel filter's settings from the command line: `-f`, and the production scopes with their
//! values resolved here (`--comm` cut as the kernel cuts a comm, `--cgroup PATH` to its cgroup v2
//! id and depth).

use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};

use tracer_common::filter::{flags, FilterConfig};
use tracer_common::record::COMM_SIZE;

/// Where the cgroup v2 hierarchy usually is mounted (`/sys/fs/cgroup/unified` on hybrid systems:
/// the mount table says).
const CGROUP_ROOT: &str = "/sys/fs/cgroup";
/// `CGROUP2_SUPER_MAGIC`.
const CGROUP2_MAGIC: i64 = 0x6367_7270;

#[derive(Debug, thiserror::Error)]
pub enum ScopeError {
    #[error("--cgroup {}: {source}", path.display())]
    Cgroup {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("--cgroup {}: not a cgroup v2 directory", path.display())]
    NotCgroup2 { path: PathBuf },
}

/// The eBPF backend's production scopes, evaluated in the kernel; all set filters must match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    /// `--all`: every task on the system (but the tracer).
    pub all: bool,
    /// `--comm NAME`: tasks whose comm is NAME.
    pub comm: Option<String>,
    /// `--uid UID`.
    pub uid: Option<u32>,
    /// `--cgroup PATH`: tasks in this cgroup (v2).
    pub cgroup: Option<PathBuf>,
}

impl Scope {
    /// True when any production scope is set (then there may be no command and no `-p`).
    pub fn is_set(&self) -> bool {
        self.all || self.comm.is_some() || self.uid.is_some() || self.cgroup.is_some()
    }
}

/// The program's filter for `scope` (and `-f`), the tracer being thread group `tracer_tgid`.
pub fn filter_config(follow: bool, scope: &Scope, tracer_tgid: u32) -> Result<FilterConfig, ScopeError> {
    let mut config = FilterConfig { tracer_tgid, ..FilterConfig::default() };
    if follow {
        config.flags |= flags::FOLLOW;
    }
    if !scope.is_set() {
        return Ok(config);
    }
    config.flags |= flags::SCOPE;
    if let Some(name) = &scope.comm {
        config.flags |= flags::COMM;
        config.comm = comm_bytes(name);
    }
    if let Some(uid) = scope.uid {
        config.flags |= flags::UID;
        config.uid = uid;
    }
    if let Some(path) = &scope.cgroup {
        let (id, level) = cgroup_id(path)?;
        config.flags |= flags::CGROUP;
        config.cgroup_id = id;
        config.cgroup_level = level;
    }
    Ok(config)
}

/// A comm as the kernel keeps it: at most 15 bytes, NUL-padded.
pub fn comm_bytes(name: &str) -> [u8; COMM_SIZE] {
    let mut comm = [0; COMM_SIZE];
    let bytes = name.as_bytes();
    let n = bytes.len().min(COMM_SIZE - 1);
    comm[..n].copy_from_slice(&bytes[..n]);
    comm
}

/// The mount point of the cgroup v2 hierarchy, from `/proc/self/mountinfo` (also where
/// `--filter`'s `cgroup == "PATH"` looks).
pub fn cgroup2_root() -> PathBuf {
    std::fs::read_to_string("/proc/self/mountinfo")
        .ok()
        .and_then(|table| mount_point_of_cgroup2(&table))
        .unwrap_or_else(|| PathBuf::from(CGROUP_ROOT))
}

/// The first cgroup2 mount point of a mountinfo text (`... MOUNTPOINT ... - cgroup2 ...`).
fn mount_point_of_cgroup2(table: &str) -> Option<PathBuf> {
    table.lines().find_map(|line| {
        let (fields, tail) = line.split_once(" - ")?;
        (tail.split_whitespace().next()? == "cgroup2")
            .then(|| fields.split_whitespace().nth(4).map(PathBuf::from))?
    })
}

/// The cgroup v2 id of the directory `path` (absolute, or relative to the cgroup2 mount) and its
/// depth below the root. On cgroup2 the id is the directory's inode number.
fn cgroup_id(path: &Path) -> Result<(u64, u32), ScopeError> {
    let root = cgroup2_root();
    let full = if path.is_absolute() { path.to_path_buf() } else { root.join(path) };
    let err = |source| ScopeError::Cgroup { path: path.to_path_buf(), source };
    let full = full.canonicalize().map_err(err)?;
    let meta = std::fs::metadata(&full).map_err(err)?;
    let relative =
        full.strip_prefix(&root).map_err(|_| ScopeError::NotCgroup2 { path: path.to_path_buf() })?;
    if !meta.is_dir() || !is_cgroup2(&full) {
        return Err(ScopeError::NotCgroup2 { path: path.to_path_buf() });
    }
    let level = u32::try_from(relative.components().count()).unwrap_or(u32::MAX);
    Ok((meta.ino(), level))
}

fn is_cgroup2(path: &Path) -> bool {
    nix::sys::statfs::statfs(path).is_ok_and(|fs| fs.filesystem_type().0 == CGROUP2_MAGIC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comms_are_cut_as_the_kernel_cuts_them() {
        assert_eq!(&comm_bytes("cat")[..4], b"cat\0");
        let long = comm_bytes("a-very-long-command-name");
        assert_eq!(&long[..15], b"a-very-long-com");
        assert_eq!(long[15], 0);
    }

    #[test]
    fn settings_become_flags() {
        let plain = filter_config(false, &Scope::default(), 42).expect("no scope");
        assert_eq!((plain.flags, plain.tracer_tgid), (0, 42));
        let scope = Scope { comm: Some("dd".into()), uid: Some(1000), ..Scope::default() };
        let config = filter_config(true, &scope, 1).expect("no cgroup to resolve");
        assert_eq!(config.flags, flags::FOLLOW | flags::SCOPE | flags::COMM | flags::UID);
        assert_eq!(config.uid, 1000);
        let all = Scope { all: true, ..Scope::default() };
        assert_eq!(filter_config(false, &all, 1).expect("all").flags, flags::SCOPE);
    }

    #[test]
    fn the_cgroup2_mount_is_found_in_mountinfo() {
        let table = "35 24 0:30 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755\n\
                     36 35 0:31 / /sys/fs/cgroup/unified rw,nosuid - cgroup2 cgroup2 rw\n";
        assert_eq!(mount_point_of_cgroup2(table), Some(PathBuf::from("/sys/fs/cgroup/unified")));
        assert_eq!(mount_point_of_cgroup2("35 24 0:30 / /x rw - tmpfs tmpfs rw\n"), None);
    }

    #[test]
    fn the_root_cgroup_is_level_zero_and_a_file_is_refused() {
        let root = cgroup2_root();
        if !is_cgroup2(&root) {
            return;
        }
        let (id, level) = cgroup_id(&root).expect("the root");
        assert_eq!(level, 0);
        assert!(id > 0);
        assert!(cgroup_id(&root.join("cgroup.procs")).is_err());
        assert!(cgroup_id(Path::new("/nonexistent-cgroup")).is_err());
        assert!(cgroup_id(Path::new("/tmp")).is_err());
    }
}
