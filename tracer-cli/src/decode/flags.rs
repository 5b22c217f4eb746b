//! Decoders for [`Flags`] arguments: one function per flag set or enumeration, over the tables.

use std::fmt::Write as _;

use tracer_common::syscall::Flags;

use super::num::{hex, oct};
use super::signals::signal;
use super::tables::*;
use super::xlat::{flags, lookup, names, xval};

/// Append the decoded form of a `kind` argument whose raw value is `value`.
pub fn print(out: &mut String, kind: Flags, value: u64) {
    // Most of these are C `int`s: strace looks at the low 32 bits.
    let int = value & 0xffff_ffff;
    match kind {
        Flags::OpenFlags => open_flags(out, int),
        Flags::Mode => oct(out, int),
        Flags::AccessMode => flags(out, ACCESS_FLAGS, int, "?_OK"),
        Flags::AtFlags => flags(out, AT_FLAGS, int, "AT_???"),
        Flags::MmapProt => flags(out, MMAP_PROT, value, "PROT_???"),
        Flags::MmapFlags => mmap_flags(out, value),
        Flags::ArchPrctlCode => xval(out, ARCH_PRCTL, int, "ARCH_???"),
        Flags::RlimitResource => xval(out, RLIMIT_RESOURCES, int, "RLIMIT_???"),
        Flags::GetrandomFlags => flags(out, GETRANDOM_FLAGS, int, "GRND_???"),
        Flags::FutexOp => futex_op(out, int),
        Flags::IoctlRequest => ioctl_request(out, int),
        Flags::StatxMask => flags(out, STATX_MASK, int, "STATX_???"),
        Flags::Whence => xval(out, WHENCE, int, "SEEK_???"),
        Flags::FcntlCmd => xval(out, FCNTL_CMDS, int, "F_???"),
        Flags::Signal => signal(out, int),
        Flags::SigprocmaskHow => xval(out, SIGPROCMASK_HOW, int, "SIG_???"),
        Flags::CloneFlags => clone_flags(out, value),
        Flags::WaitOptions => flags(out, WAIT_OPTIONS, int, "W???"),
        Flags::SocketDomain => xval(out, SOCKET_DOMAINS, int, "AF_???"),
        Flags::SocketType => socket_type(out, int),
        Flags::MadviseAdvice => xval(out, MADVISE_ADVICE, int, "MADV_???"),
        Flags::PrctlOption => xval(out, PRCTL_OPTIONS, int, "PR_???"),
        Flags::ClockId => xval(out, CLOCK_IDS, int, "CLOCK_???"),
        // TODO(issue 3): decoders for the flag sets added with the capture contract.
        _ => {
            let _ = std::fmt::Write::write_fmt(out, format_args!("{:#x}", int));
        }
    }
}

/// `O_RDONLY|O_CLOEXEC`: the access mode always, then the other flags.
pub fn open_flags(out: &mut String, value: u64) {
    out.push_str(ACCESS_MODES[(value & 3) as usize]);
    let rest = value & !3;
    if rest != 0 {
        out.push('|');
        let left = names(out, OPEN_FLAGS, rest);
        if left != 0 {
            if left != rest {
                out.push('|');
            }
            hex(out, left);
        }
    }
}

/// True when open's mode argument is used (and shown): O_CREAT or O_TMPFILE.
pub fn open_uses_mode(flags: u64) -> bool {
    flags & (libc::O_CREAT as u64 | 0o20000000) != 0
}

/// `MAP_PRIVATE|MAP_ANONYMOUS`: the mapping type, the flags, then the huge page size field.
fn mmap_flags(out: &mut String, value: u64) {
    let kind = value & 0xf;
    xval(out, MMAP_TYPES, kind, "MAP_???");
    let rest = value & !0xf & ((1 << 26) - 1);
    if rest != 0 {
        out.push('|');
        let left = names(out, MMAP_FLAGS, rest);
        if left != 0 {
            if left != rest {
                out.push('|');
            }
            hex(out, left);
        }
    }
    let huge = value >> 26;
    if huge != 0 {
        let _ = write!(out, "|{huge}<<MAP_HUGE_SHIFT");
    }
}

/// `FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME`.
fn futex_op(out: &mut String, op: u64) {
    const PRIVATE: u64 = 128;
    const CLOCK_REALTIME: u64 = 256;
    let cmd = op & !(PRIVATE | CLOCK_REALTIME);
    let Some(name) = usize::try_from(cmd).ok().and_then(|c| FUTEX_CMDS.get(c)) else {
        return super::xlat::unknown_value(out, op, "FUTEX_???");
    };
    out.push_str(name);
    if op & PRIVATE != 0 {
        // FUTEX_FD never had a _PRIVATE name.
        out.push_str(if cmd == 2 { "|FUTEX_PRIVATE_FLAG" } else { "_PRIVATE" });
    }
    if op & CLOCK_REALTIME != 0 {
        out.push_str("|FUTEX_CLOCK_REALTIME");
    }
}

/// An ioctl request: its name, or `_IOC(_IOC_READ, 0x54, 0x90, 0x4)`.
fn ioctl_request(out: &mut String, req: u64) {
    if let Some(name) = lookup(IOCTLS, req) {
        out.push_str(name);
        return;
    }
    let dir = ["_IOC_NONE", "_IOC_WRITE", "_IOC_READ", "_IOC_READ|_IOC_WRITE"][((req >> 30) & 3) as usize];
    let _ = write!(out, "_IOC({dir}, ");
    hex(out, (req >> 8) & 0xff);
    out.push_str(", ");
    hex(out, req & 0xff);
    out.push_str(", ");
    hex(out, (req >> 16) & 0x3fff);
    out.push(')');
}

/// clone's flags: the flag names, then the exit signal in the low byte.
fn clone_flags(out: &mut String, value: u64) {
    let sig = value & 0xff;
    let rest = value & !0xff;
    let mut any = false;
    if rest != 0 {
        let left = names(out, CLONE_FLAGS, rest);
        any = left != rest;
        if left != 0 {
            if any {
                out.push('|');
            }
            hex(out, left);
            any = true;
        }
    }
    if sig != 0 || !any {
        if any {
            out.push('|');
        }
        signal(out, sig);
    }
}

/// `SOCK_STREAM|SOCK_CLOEXEC`: the type in the low nibble, then the flags.
fn socket_type(out: &mut String, value: u64) {
    let rest = match lookup(SOCKET_TYPES, value & 0xf) {
        Some(name) => {
            out.push_str(name);
            let rest = value & !0xf;
            if rest == 0 {
                return;
            }
            out.push('|');
            rest
        }
        None => value,
    };
    flags(out, SOCKET_TYPE_FLAGS, rest, "SOCK_???");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(kind: Flags, value: u64) -> String {
        let mut s = String::new();
        print(&mut s, kind, value);
        s
    }

    #[test]
    fn open_flags_as_strace() {
        // strace 6.1 lines, from os.open / raw openat with these flags:
        assert_eq!(show(Flags::OpenFlags, 0o2000000), "O_RDONLY|O_CLOEXEC");
        assert_eq!(show(Flags::OpenFlags, 0o2204000), "O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY");
        assert_eq!(show(Flags::OpenFlags, 0o20200002 | 0o2000000), "O_RDWR|O_CLOEXEC|O_TMPFILE");
        assert_eq!(show(Flags::OpenFlags, 0x4000_0003 | 0o2000000), "O_ACCMODE|O_CLOEXEC|0x40000000");
        assert_eq!(show(Flags::OpenFlags, 0o20), "O_RDONLY|0x10");
        assert_eq!(
            show(Flags::OpenFlags, 0o4000000 | 0o200000 | 0o20000),
            "O_RDONLY|__O_SYNC|O_DIRECTORY|FASYNC"
        );
        assert_eq!(
            show(Flags::OpenFlags, 0o4000000 | 0o40000 | 0o2000000 | 0o10000000),
            "O_RDONLY|__O_SYNC|O_DIRECT|O_CLOEXEC|O_PATH"
        );
        assert_eq!(show(Flags::OpenFlags, 0o10000 | 0o40000), "O_RDONLY|O_DSYNC|O_DIRECT");
        // strace 6.1: openat(AT_FDCWD, "/nonexistent/x", O_RDWR|O_CREAT|O_EXCL|O_NOCTTY|O_TRUNC|O_APPEND|
        // O_NONBLOCK|O_SYNC|O_DIRECT|O_LARGEFILE|O_NOFOLLOW|O_NOATIME|O_CLOEXEC|O_PATH|O_TMPFILE|FASYNC|0x3c, 0644)
        assert_eq!(
            show(Flags::OpenFlags, (0o37777777 & !3) | 2),
            "O_RDWR|O_CREAT|O_EXCL|O_NOCTTY|O_TRUNC|O_APPEND|O_NONBLOCK|O_SYNC|O_DIRECT|O_LARGEFILE|\
             O_NOFOLLOW|O_NOATIME|O_CLOEXEC|O_PATH|O_TMPFILE|FASYNC|0x3c"
        );
        assert_eq!(show(Flags::Mode, 0o644), "0644");
        assert_eq!(show(Flags::Mode, 0o100644), "0100644");
    }

    #[test]
    fn mmap_as_strace() {
        assert_eq!(show(Flags::MmapProt, 3), "PROT_READ|PROT_WRITE");
        assert_eq!(show(Flags::MmapProt, 0), "PROT_NONE");
        assert_eq!(show(Flags::MmapProt, 0x10), "0x10 /* PROT_??? */");
        assert_eq!(show(Flags::MmapProt, 0x1000000), "PROT_GROWSDOWN");
        assert_eq!(show(Flags::MmapFlags, 0x22), "MAP_PRIVATE|MAP_ANONYMOUS");
        assert_eq!(show(Flags::MmapFlags, 0x812), "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE");
        assert_eq!(show(Flags::MmapFlags, 1), "MAP_SHARED");
        assert_eq!(show(Flags::MmapFlags, 0x10), "MAP_FILE|MAP_FIXED");
        assert_eq!(show(Flags::MmapFlags, 0x200000), "MAP_FILE|0x200000");
        assert_eq!(show(Flags::MmapFlags, 0x80000000), "MAP_FILE|32<<MAP_HUGE_SHIFT");
        // strace 6.1: 0xf /* MAP_??? */|MAP_FIXED|MAP_ANONYMOUS|MAP_32BIT|MAP_NORESERVE|MAP_POPULATE|
        // MAP_NONBLOCK|MAP_GROWSDOWN|MAP_DENYWRITE|MAP_EXECUTABLE|MAP_LOCKED|MAP_STACK|MAP_HUGETLB|MAP_SYNC|
        // MAP_FIXED_NOREPLACE|0x3e00680|3<<MAP_HUGE_SHIFT
        assert_eq!(
            show(Flags::MmapFlags, 0xfffffff),
            "0xf /* MAP_??? */|MAP_FIXED|MAP_ANONYMOUS|MAP_32BIT|MAP_NORESERVE|MAP_POPULATE|MAP_NONBLOCK|\
             MAP_GROWSDOWN|MAP_DENYWRITE|MAP_EXECUTABLE|MAP_LOCKED|MAP_STACK|MAP_HUGETLB|MAP_SYNC|\
             MAP_FIXED_NOREPLACE|0x3e00680|3<<MAP_HUGE_SHIFT"
        );
    }

    #[test]
    fn small_sets_and_enums() {
        assert_eq!(show(Flags::AccessMode, 0), "F_OK");
        assert_eq!(show(Flags::AccessMode, 7), "R_OK|W_OK|X_OK");
        assert_eq!(show(Flags::AccessMode, 8), "0x8 /* ?_OK */");
        assert_eq!(show(Flags::AtFlags, 0x1000), "AT_EMPTY_PATH");
        assert_eq!(show(Flags::AtFlags, 0), "0");
        assert_eq!(show(Flags::AtFlags, 0x2000), "0x2000 /* AT_??? */");
        assert_eq!(show(Flags::StatxMask, 0x7ff), "STATX_BASIC_STATS");
        assert_eq!(show(Flags::StatxMask, 0x4000), "0x4000 /* STATX_??? */");
        assert_eq!(show(Flags::ArchPrctlCode, 0x1002), "ARCH_SET_FS");
        assert_eq!(show(Flags::ArchPrctlCode, 0), "0 /* ARCH_??? */");
        assert_eq!(show(Flags::RlimitResource, 3), "RLIMIT_STACK");
        assert_eq!(show(Flags::RlimitResource, 16), "0x10 /* RLIMIT_??? */");
        assert_eq!(show(Flags::GetrandomFlags, 1), "GRND_NONBLOCK");
        assert_eq!(show(Flags::GetrandomFlags, 8), "0x8 /* GRND_??? */");
        assert_eq!(show(Flags::Whence, 5), "0x5 /* SEEK_??? */");
        assert_eq!(show(Flags::FcntlCmd, 1030), "F_DUPFD_CLOEXEC");
        assert_eq!(show(Flags::FcntlCmd, 0x40b), "0x40b /* F_??? */");
        assert_eq!(show(Flags::SigprocmaskHow, 3), "0x3 /* SIG_??? */");
        assert_eq!(show(Flags::WaitOptions, 3), "WNOHANG|WSTOPPED");
        assert_eq!(show(Flags::WaitOptions, 0x40000000), "__WALL");
        assert_eq!(show(Flags::WaitOptions, 0x100), "0x100 /* W??? */");
        assert_eq!(show(Flags::MadviseAdvice, 5), "0x5 /* MADV_??? */");
        assert_eq!(show(Flags::MadviseAdvice, 25), "MADV_COLLAPSE");
        assert_eq!(show(Flags::PrctlOption, 0), "0 /* PR_??? */");
        assert_eq!(show(Flags::ClockId, 1), "CLOCK_MONOTONIC");
        // strace 6.1: clock_gettime(0xfffffffe /* CLOCK_??? */, NULL)
        assert_eq!(show(Flags::ClockId, u64::MAX - 1), "0xfffffffe /* CLOCK_??? */");
        assert_eq!(show(Flags::Signal, 17), "SIGCHLD");
    }

    #[test]
    fn sockets() {
        assert_eq!(show(Flags::SocketDomain, 1), "AF_UNIX");
        assert_eq!(show(Flags::SocketDomain, 0x2e), "0x2e /* AF_??? */");
        assert_eq!(show(Flags::SocketType, 0x80001), "SOCK_STREAM|SOCK_CLOEXEC");
        assert_eq!(show(Flags::SocketType, 0x80805), "SOCK_SEQPACKET|SOCK_CLOEXEC|SOCK_NONBLOCK");
        assert_eq!(show(Flags::SocketType, 999), "0x3e7 /* SOCK_??? */");
        assert_eq!(show(Flags::SocketType, 0x1001), "SOCK_STREAM|0x1000 /* SOCK_??? */");
    }

    #[test]
    fn futex_ops() {
        assert_eq!(show(Flags::FutexOp, 129), "FUTEX_WAKE_PRIVATE");
        assert_eq!(show(Flags::FutexOp, 9 | 128 | 256), "FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME");
        assert_eq!(show(Flags::FutexOp, 256), "FUTEX_WAIT|FUTEX_CLOCK_REALTIME");
        assert_eq!(show(Flags::FutexOp, 2 | 128), "FUTEX_FD|FUTEX_PRIVATE_FLAG");
        assert_eq!(show(Flags::FutexOp, 0xe3), "0xe3 /* FUTEX_??? */");
    }

    #[test]
    fn ioctls() {
        assert_eq!(show(Flags::IoctlRequest, 0x5401), "TCGETS");
        assert_eq!(show(Flags::IoctlRequest, 0x5402), "SNDCTL_TMR_START or TCSETS");
        assert_eq!(show(Flags::IoctlRequest, 0x1234), "_IOC(_IOC_NONE, 0x12, 0x34, 0)");
        assert_eq!(show(Flags::IoctlRequest, 0x4004667d), "_IOC(_IOC_WRITE, 0x66, 0x7d, 0x4)");
    }

    #[test]
    fn clone_flags_end_with_the_exit_signal() {
        // strace 6.1: flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD
        assert_eq!(show(Flags::CloneFlags, 0x01200011), "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD");
        // strace 6.1: flags=CLONE_SIGHAND|CLONE_THREAD
        assert_eq!(show(Flags::CloneFlags, 0x10800), "CLONE_SIGHAND|CLONE_THREAD");
        // strace 6.1: flags=CLONE_VM|...|CLONE_NEWCGROUP|0x100000000
        assert_eq!(show(Flags::CloneFlags, 0x1_0200_0000), "CLONE_NEWCGROUP|0x100000000");
        assert_eq!(show(Flags::CloneFlags, 17), "SIGCHLD");
        assert_eq!(show(Flags::CloneFlags, 0), "0");
    }
}
