//! The named constants an expression may use (`EACCES`, `O_CREAT`, `AF_INET`, `SIGKILL`...),
//! taken from the tables tracer decodes with, so that a name means in a filter what it means in
//! the output.

use std::sync::OnceLock;

use crate::decode::tables;
use crate::decode::xlat::Xlat;

/// The decode tables whose names are constants, in lookup order (the first table naming a
/// constant gives its value).
const TABLES: &[Xlat] = &[
    tables::OPEN_MODE_FLAGS,
    tables::AT_FLAGS,
    tables::ACCESS_FLAGS,
    tables::ADDRFAMS,
    tables::SOCKET_TYPES,
    tables::SOCKET_TYPE_FLAGS,
    tables::INET_PROTOCOLS,
    tables::MSG_FLAGS,
    tables::SHUTDOWN_MODES,
    tables::MMAP_PROT,
    tables::MMAP_FLAGS,
    tables::CLONE_FLAGS,
    tables::WAIT_OPTIONS,
    tables::PRCTL_OPTIONS,
    tables::FCNTL_CMDS,
    tables::FD_FLAGS,
    tables::WHENCE,
    tables::SIGPROCMASK_HOW,
    tables::EPOLL_CTLS,
    tables::CLOCK_IDS,
    tables::RLIMIT_RESOURCES,
    tables::FUTEX_OPS,
    tables::MADVISE_ADVICE,
    tables::RENAME_FLAGS,
    tables::GETRANDOM_FLAGS,
    tables::PTRACE_CMDS,
    tables::FLOCK_CMDS,
    tables::STATX_MASK,
    tables::INOTIFY_FLAGS,
    tables::MEMFD_CREATE_FLAGS,
    tables::EFD_FLAGS,
    tables::TIMERFD_FLAGS,
    tables::UNSHARE_FLAGS,
    tables::ARCH_PRCTL,
];

/// Every constant: name and value.
fn all() -> &'static [(&'static str, u64)] {
    static ALL: OnceLock<Vec<(&'static str, u64)>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut all: Vec<(&'static str, u64)> = Vec::new();
        let errnos = tracer_common::errno::ERRNOS.iter().chain(tracer_common::errno::RESTARTS);
        all.extend(errnos.map(|&(errno, name, _)| (name, u64::from(errno))));
        all.extend(
            (1..=u64::from(tracer_common::signal::MAX))
                .filter_map(|sig| tracer_common::signal::name(sig).map(|name| (name, sig))),
        );
        all.extend(tables::ACCESS_MODES.iter().zip(0u64..).map(|(&name, mode)| (name, mode)));
        all.push(("AT_FDCWD", libc::AT_FDCWD as i64 as u64));
        for table in TABLES {
            for &(value, name) in table.iter() {
                // Composite names (`FUTEX_FD|FUTEX_PRIVATE_FLAG`) are not names.
                let plain = name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
                if plain && !all.iter().any(|&(known, _)| known == name) {
                    all.push((name, value));
                }
            }
        }
        all
    })
}

/// The value of constant `name` (exact case).
pub fn value(name: &str) -> Option<u64> {
    all().iter().find(|&&(known, _)| known == name).map(|&(_, value)| value)
}

/// Every constant's name (for suggestions).
pub fn names() -> impl Iterator<Item = &'static str> {
    all().iter().map(|&(name, _)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_mean_what_the_decoders_print() {
        assert_eq!(value("EACCES"), Some(13));
        assert_eq!(value("ENOENT"), Some(2));
        assert_eq!(value("SIGKILL"), Some(9));
        assert_eq!(value("O_CREAT"), Some(libc::O_CREAT as u64));
        assert_eq!(value("O_RDONLY"), Some(0));
        assert_eq!(value("O_WRONLY"), Some(1));
        assert_eq!(value("AF_INET"), Some(2));
        assert_eq!(value("AF_INET6"), Some(10));
        assert_eq!(value("SOCK_STREAM"), Some(1));
        assert_eq!(value("PROT_EXEC"), Some(4));
        assert_eq!(value("CLONE_THREAD"), Some(libc::CLONE_THREAD as u64));
        assert_eq!(value("AT_FDCWD"), Some((-100i64) as u64));
        assert_eq!(value("eacces"), None);
        assert_eq!(value("NOT_A_CONSTANT"), None);
    }

    #[test]
    fn no_name_is_listed_twice() {
        let mut names: Vec<&str> = names().collect();
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count);
    }
}
