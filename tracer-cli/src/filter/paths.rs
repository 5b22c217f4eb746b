//! `-P PATH` and `-e trace-fds=SET`: show only the calls that touch a path or a descriptor, as
//! strace 6.1's `pathtrace_match_set` decides at a call's entry. A call matches when an argument
//! that names a path equals one of the paths (byte for byte, as the tracee wrote it), or when a
//! descriptor argument refers to one of them (its `/proc/PID/fd` link, from the fd table both
//! backends keep) or is one of the descriptors. So `openat` of the path shows, then every call on
//! the descriptor it returned, through its `close`.

use std::os::unix::ffi::OsStrExt as _;
use std::path::Path;

use tracer_common::syscall;

use crate::call::Syscall;
use crate::decode::family::{self, Paths};
use crate::decode::strings::until_nul;
use crate::sets::FdSet;
use crate::state::fds::FdTable;

/// The paths of `-P` and the descriptors of `-e trace-fds=`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PathFilter {
    paths: Vec<Vec<u8>>,
    fds: Option<FdSet>,
}

impl PathFilter {
    /// No `-P` and no `-e trace-fds=`: every call passes.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty() && self.fds.is_none()
    }

    pub fn set_fds(&mut self, fds: FdSet) {
        self.fds = Some(fds);
    }

    /// Add `-P PATH`, and the path it resolves to when that differs (strace: a symlink or a
    /// relative path also matches as its canonical form). Returns strace's note about the
    /// resolution (`Requested path "X" resolved into "Y"`), if any.
    pub fn add_path(&mut self, path: &Path) -> Option<String> {
        let given = path.as_os_str().as_bytes().to_vec();
        if !self.paths.contains(&given) {
            self.paths.push(given.clone());
        }
        let resolved = std::fs::canonicalize(path).ok()?;
        let resolved = resolved.as_os_str().as_bytes().to_vec();
        if resolved == given {
            return None;
        }
        let note = format!(
            "Requested path \"{}\" resolved into \"{}\"",
            String::from_utf8_lossy(&given),
            String::from_utf8_lossy(&resolved)
        );
        if !self.paths.contains(&resolved) {
            self.paths.push(resolved);
        }
        Some(note)
    }

    /// Whether `call` touches one of the paths or descriptors, judged with the descriptors as they
    /// were before the call (the table has not learnt from it yet).
    pub fn matches(&self, call: &Syscall, fds: &FdTable) -> bool {
        let Some(info) = syscall::info(call.nr) else { return false };
        let fd_matches = |fd: i32| {
            fd >= 0
                && (self.fds.is_some_and(|set| set.contains(fd))
                    || (!self.paths.is_empty()
                        && fds.link_text(call.meta.pid, fd).is_some_and(|link| self.paths.contains(&link))))
        };
        let arg_fd = |i: usize| fd_matches(call.args[i] as i32);
        let arg_path = |i: usize| {
            call.capture(i)
                .filter(|c| !c.read_fault() && call.args[i] != 0)
                .is_some_and(|c| self.paths.iter().any(|p| p.as_slice() == until_nul(&c.bytes)))
        };
        match shape(call.nr, info.classes) {
            Paths::Args { fds, paths } => {
                fds.iter().any(|&i| arg_fd(usize::from(i))) || paths.iter().any(|&i| arg_path(usize::from(i)))
            }
            Paths::Pollfds => call.capture(0).filter(|c| !c.read_fault()).is_some_and(|c| {
                c.bytes.chunks_exact(8).any(|pollfd| {
                    pollfd
                        .get(..4)
                        .and_then(|b| <[u8; 4]>::try_from(b).ok())
                        .is_some_and(|b| fd_matches(i32::from_ne_bytes(b)))
                })
            }),
            Paths::FdSets => {
                let nfds = (call.args[0] as i32).clamp(0, 1024 * 1024) as u64;
                // A SHORT set (the eBPF program's readable prefix) counts unless the call failed
                // with EFAULT, as the decoder shows it (`decode::family::poll`).
                let efault = call.ret == Some(-i64::from(libc::EFAULT));
                let short = |c: &tracer_common::event::Capture| {
                    c.flags & tracer_common::record::capture_flags::SHORT != 0 && efault
                };
                (1..=3).any(|i| {
                    call.args[i] != 0
                        && call.capture(i).filter(|c| !c.read_fault() && !short(c)).is_some_and(|c| {
                            crate::decode::set_bits(&c.bytes, nfds)
                                .into_iter()
                                .any(|fd| fd_matches(fd as i32))
                        })
                })
            }
            Paths::ByCommand { arg, cases } => {
                let command = call.args[usize::from(arg)];
                cases.iter().filter(|case| case.command == command).any(|case| {
                    case.fds.iter().any(|&i| arg_fd(usize::from(i)))
                        || case.paths.iter().any(|&i| arg_path(usize::from(i)))
                })
            }
            Paths::Never => false,
        }
    }
}

/// strace 6.1's `pathtrace_match_set`: a call outside %file, %desc and %network never matches;
/// the others' arguments are where their family says, else by class: a %file call's path is
/// argument 0, a %desc or %network call's descriptor is argument 0.
fn shape(nr: u64, classes: u32) -> Paths {
    use syscall::class;
    if classes & (class::FILE | class::DESC | class::NETWORK) == 0 {
        return Paths::Never;
    }
    match family::rules(nr).and_then(|rules| rules.paths) {
        Some(paths) => paths,
        None if classes & class::FILE != 0 => Paths::Args { fds: &[], paths: &[0] },
        None => Paths::Args { fds: &[0], paths: &[] },
    }
}

#[cfg(test)]
mod tests {
    use tracer_common::event::Capture;

    use super::*;
    use crate::sets::DecodeFds;

    // The fd table's own test helpers: calls by a pid /proc knows nothing about.
    use crate::state::fds::tests::{call, feed, path};

    const AT_FDCWD: u64 = libc::AT_FDCWD as u32 as u64;

    #[test]
    fn descriptors_match_from_their_open_to_their_close() {
        let mut filter = PathFilter::default();
        assert_eq!(filter.add_path(Path::new("/nonexistent/a")), None);
        let mut table = FdTable::new(DecodeFds::NONE);
        let open = call("openat", &[AT_FDCWD, 1, 0], 3, vec![path(1, "/nonexistent/a")]);
        let other = call("openat", &[AT_FDCWD, 1, 0], 4, vec![path(1, "/nonexistent/b")]);
        assert!(filter.matches(&open, &table));
        assert!(!filter.matches(&other, &table));
        feed(&mut table, &open);
        feed(&mut table, &other);
        let read = |fd| call("read", &[fd, 0, 10], 0, vec![]);
        assert!(filter.matches(&read(3), &table));
        assert!(!filter.matches(&read(4), &table));
        // mmap's descriptor is argument 4; dup2 looks at both.
        assert!(filter.matches(&call("mmap", &[0, 4096, 1, 2, 3, 0], 0x1000, vec![]), &table));
        assert!(filter.matches(&call("dup2", &[4, 3], 3, vec![]), &table));
        // Calls that make descriptors, or are not about files, never match.
        assert!(!filter.matches(&call("pipe2", &[0, 0], 0, vec![]), &table));
        assert!(!filter.matches(&call("getpid", &[], 1, vec![]), &table));
        let close = call("close", &[3], 0, vec![]);
        assert!(filter.matches(&close, &table));
        feed(&mut table, &close);
        assert!(!filter.matches(&read(3), &table));
    }

    #[test]
    fn poll_and_select_match_any_descriptor_in_their_sets() {
        let mut filter = PathFilter::default();
        filter.set_fds(FdSet::parse("5").expect("parses"));
        let table = FdTable::new(DecodeFds::NONE);
        let pollfds = |fds: &[i32]| {
            let bytes = fds.iter().flat_map(|fd| [fd.to_ne_bytes(), [1, 0, 0, 0]].concat()).collect();
            Capture::new(0, 0, bytes)
        };
        assert!(filter.matches(&call("poll", &[1, 2, 0], 0, vec![pollfds(&[1, 5])]), &table));
        assert!(!filter.matches(&call("poll", &[1, 2, 0], 0, vec![pollfds(&[1, 6])]), &table));
        let set = Capture::new(2, 0, vec![0b0010_0000, 0, 0, 0, 0, 0, 0, 0]);
        assert!(filter.matches(&call("select", &[6, 0, 1, 0, 0], 0, vec![set.clone()]), &table));
        // Outside nfds.
        assert!(!filter.matches(&call("select", &[5, 0, 1, 0, 0], 0, vec![set]), &table));
    }
}
