//! Decoders for [`Flags`] arguments: one function per flag set or enumeration, over the tables, each
//! as strace 6.1 prints it in the `-X` style in force (see [`super::xlat`]).

use tracer_common::syscall::Flags;

use super::printer::{Fmt, Group, Printer};
use super::signals::signal;
use super::tables::*;
use super::xlat::{composite, flags, flags_ex, lookup, names, print_xlat, xval, xvals, Xlat};

/// Append the decoded form of a `kind` argument whose raw value is `value`.
pub fn print<P: Printer + ?Sized>(p: &mut P, kind: Flags, value: u64) {
    // Most of these are C `int`s: strace looks at the low 32 bits.
    let int = value & 0xffff_ffff;
    match kind {
        Flags::OpenFlags => open_flags(p, int),
        Flags::Mode => p.oct(int),
        Flags::AccessMode => flags(p, ACCESS_FLAGS, int, "?_OK"),
        Flags::AtFlags => flags(p, AT_FLAGS, int, "AT_???"),
        Flags::MmapProt => flags(p, MMAP_PROT, value, "PROT_???"),
        Flags::MmapFlags => mmap_flags(p, value),
        Flags::ArchPrctlCode => xval(p, ARCH_PRCTL, int, "ARCH_???"),
        Flags::RlimitResource => xval(p, RLIMIT_RESOURCES, int, "RLIMIT_???"),
        Flags::GetrandomFlags => flags(p, GETRANDOM_FLAGS, int, "GRND_???"),
        Flags::FutexOp => futex_op(p, int),
        Flags::IoctlRequest => ioctl_request(p, int),
        Flags::StatxMask => flags(p, STATX_MASK, int, "STATX_???"),
        Flags::Whence => xval(p, WHENCE, int, "SEEK_???"),
        Flags::FcntlCmd => xval(p, FCNTL_CMDS, int, "F_???"),
        Flags::Signal => signal(p, int),
        Flags::SigprocmaskHow => xval(p, SIGPROCMASK_HOW, int, "SIG_???"),
        Flags::CloneFlags => clone_flags(p, value),
        Flags::WaitOptions => flags(p, WAIT_OPTIONS, int, "W???"),
        Flags::SocketDomain => xval(p, ADDRFAMS, int, "AF_???"),
        Flags::SocketType => socket_type(p, int),
        Flags::MadviseAdvice => xval(p, MADVISE_ADVICE, int, "MADV_???"),
        Flags::PrctlOption => xval(p, PRCTL_OPTIONS, int, "PR_???"),
        Flags::ClockId => xval(p, CLOCK_IDS, int, "CLOCK_???"),
        // Without the domain (socket's first argument) the protocol is a number.
        Flags::SocketProtocol => p.uint(int),
        Flags::MsgFlags => flags(p, MSG_FLAGS, int, "MSG_???"),
        Flags::ShutdownHow => xval(p, SHUTDOWN_MODES, int, "SHUT_???"),
        Flags::SocketLevel => xval(p, SOCKET_LEVELS, int, "SOL_??"),
        Flags::SockoptName => sockopt_name(p, libc::SOL_SOCKET as u64, value),
        Flags::PipeFlags => flags(p, OPEN_MODE_FLAGS, int, "O_???"),
        Flags::SocketFlags => flags(p, SOCKET_TYPE_FLAGS, int, "SOCK_???"),
        Flags::MremapFlags => flags(p, MREMAP_FLAGS, value, "MREMAP_???"),
        Flags::MsyncFlags => flags(p, MSYNC_FLAGS, int, "MS_???"),
        Flags::ItimerWhich => xval(p, ITIMER_WHICH, int, "ITIMER_???"),
        Flags::FlockOp => flags(p, FLOCK_CMDS, int, "LOCK_???"),
        Flags::RusageWho => xval(p, RUSAGE_WHO, int, "RUSAGE_???"),
        Flags::PtraceRequest => xval(p, PTRACE_CMDS, value, "PTRACE_???"),
        Flags::PrioWhich => xval(p, PRIORITIES, int, "PRIO_???"),
        Flags::SchedPolicy => xval(p, SCHEDULERS, int, "SCHED_???"),
        Flags::MlockallFlags => flags(p, MLOCKALL_FLAGS, int, "MCL_???"),
        Flags::MountFlags => mount_flags(p, value),
        Flags::UmountFlags => flags(p, UMOUNT_FLAGS, int, "MNT_???"),
        Flags::EpollCtlOp => xval(p, EPOLL_CTLS, int, "EPOLL_CTL_???"),
        Flags::EpollCreateFlags => flags(p, EPOLL_FLAGS, int, "EPOLL_???"),
        Flags::FadviseAdvice => xval(p, FADVISE_ADVICE, int, "POSIX_FADV_???"),
        Flags::TimerAbstime => flags(p, TIMER_FLAGS, int, "TIMER_???"),
        Flags::Idtype => xval(p, WAITID_TYPES, int, "P_???"),
        Flags::InotifyMask => flags(p, INOTIFY_FLAGS, int, "IN_???"),
        Flags::InotifyInitFlags => flags(p, INOTIFY_INIT_FLAGS, int, "IN_???"),
        Flags::SpliceFlags => flags(p, SPLICE_FLAGS, int, "SPLICE_F_???"),
        Flags::SignalfdFlags => flags(p, SFD_FLAGS, int, "SFD_???"),
        Flags::TimerfdFlags | Flags::TimerfdSettimeFlags => flags(p, TIMERFD_FLAGS, int, "TFD_???"),
        Flags::EventfdFlags => flags(p, EFD_FLAGS, int, "EFD_???"),
        Flags::FallocMode => flags(p, FALLOC_FLAGS, int, "FALLOC_FL_???"),
        Flags::RenameFlags => flags(p, RENAME_FLAGS, int, "RENAME_??"),
        Flags::MemfdFlags => memfd_flags(p, int),
        Flags::CloseRangeFlags => flags(p, CLOSE_RANGE_FLAGS, int, "CLOSE_RANGE_???"),
        Flags::UnshareFlags => flags(p, UNSHARE_FLAGS, value, "CLONE_???"),
        Flags::SetnsType => flags(p, SETNS_TYPES, int, "CLONE_NEW???"),
        Flags::XattrFlags => flags(p, XATTR_FLAGS, int, "XATTR_???"),
        Flags::UserfaultfdFlags => flags(p, UFFD_FLAGS, int, "UFFD_???"),
        Flags::Mlock2Flags => flags(p, MLOCK_FLAGS, int, "MLOCK_???"),
        Flags::FsopenFlags => flags(p, FSOPEN_FLAGS, int, "FSOPEN_???"),
        Flags::FaccessatFlags => flags(p, FACCESSAT_FLAGS, int, "AT_???"),
        Flags::PkeyAccess => flags(p, PKEY_ACCESS, value, "PKEY_???"),
        Flags::SyncFileRangeFlags => flags(p, SYNC_FILE_RANGE_FLAGS, int, "SYNC_FILE_RANGE_???"),
        Flags::DeleteModuleFlags => flags(p, DELETE_MODULE_FLAGS, int, "O_???"),
        Flags::FinitModuleFlags => flags(p, MODULE_INIT_FLAGS, int, "MODULE_INIT_???"),
        Flags::SwapFlags => swap_flags(p, int),
        Flags::OpenTreeFlags => flags(p, OPEN_TREE_FLAGS, int, "OPEN_TREE_???"),
        Flags::FspickFlags => flags(p, FSPICK_FLAGS, int, "FSPICK_???"),
        Flags::FsmountFlags => flags(p, FSMOUNT_FLAGS, int, "FSMOUNT_???"),
        Flags::FsmountAttrFlags => flags(p, FSMOUNT_ATTR_FLAGS, int, "MOUNT_ATTR_???"),
        Flags::MoveMountFlags => flags(p, MOVE_MOUNT_FLAGS, int, "MOVE_MOUNT_???"),
        Flags::PidfdOpenFlags => flags(p, PIDFD_OPEN_FLAGS, int, "PIDFD_???"),
        Flags::MemfdSecretFlags => flags(p, MEMFD_SECRET_FLAGS, int, ""),
        Flags::FanMarkFlags => flags(p, FAN_MARK_FLAGS, int, "FAN_MARK_???"),
        Flags::FanEventMask => flags(p, FAN_EVENT_FLAGS, value, "FAN_???"),
        Flags::MountSetattrFlags => flags(p, MOUNT_SETATTR_FLAGS, int, "AT_???"),
        Flags::PerfFlags => flags(p, PERF_EVENT_OPEN_FLAGS, value, "PERF_FLAG_???"),
        Flags::KexecFileFlags => flags(p, KEXEC_FILE_LOAD_FLAGS, value, "KEXEC_FILE_???"),
    }
}

/// swapon's flags: the `SWAP_FLAG_*` set above the priority, then the priority (`SWAP_FLAG_PREFER|42`,
/// or `42` alone).
fn swap_flags<P: Printer + ?Sized>(p: &mut P, value: u64) {
    const PRIO_MASK: u64 = 0x7fff;
    let rest = value & !PRIO_MASK;
    if rest == 0 {
        return p.uint(value & PRIO_MASK);
    }
    p.open(Group::Or);
    flags(p, SWAP_FLAGS, rest, "SWAP_FLAG_???");
    p.uint(value & PRIO_MASK);
    p.close();
}

/// `O_RDONLY|O_CLOEXEC` (strace's `tprint_open_modes`): the access mode always, then the other
/// flags; `0x80000` raw, `0x80000 /* O_RDONLY|O_CLOEXEC */` verbose. Also F_SETFL's argument and
/// F_GETFL's result, and open_how's flags.
pub fn open_flags<P: Printer + ?Sized>(p: &mut P, value: u64) {
    composite(p, value, |p| {
        p.open(Group::Or);
        p.name(ACCESS_MODES[(value & 3) as usize]);
        let left = names(OPEN_MODE_FLAGS, value & !3, |name| p.name(name));
        if left != 0 {
            p.hex(left);
        }
        p.close();
    });
}

/// True when open's mode argument is used (and shown): O_CREAT or O_TMPFILE.
pub fn open_uses_mode(flags: u64) -> bool {
    flags & (libc::O_CREAT as u64 | 0o20000000) != 0
}

/// `MAP_PRIVATE|MAP_ANONYMOUS` (strace's `print_mmap_flags`): the mapping type, the flags, then the
/// huge page size field.
fn mmap_flags<P: Printer + ?Sized>(p: &mut P, value: u64) {
    const MAP_TYPE: u64 = 0xf;
    const HUGE_SHIFT: u64 = 26;
    const HUGE_MASK: u64 = 0x3f << HUGE_SHIFT;
    composite(p, value, |p| {
        p.open(Group::Or);
        xval(p, MMAP_FLAGS, value & MAP_TYPE, "MAP_???");
        let rest = value & !MAP_TYPE & !HUGE_MASK;
        if rest != 0 {
            flags_ex(p, &[MMAP_FLAGS], rest, None);
        }
        let huge = (value & HUGE_MASK) >> HUGE_SHIFT;
        if huge != 0 {
            huge_shift(p, huge, "MAP_HUGE_SHIFT");
        }
        p.close();
    });
}

/// `21<<MFD_HUGE_SHIFT`: a huge page size field.
fn huge_shift<P: Printer + ?Sized>(p: &mut P, huge: u64, shift: &str) {
    p.open(Group::Expr);
    p.uint(huge);
    p.raw("<<");
    p.raw(shift);
    p.close();
}

/// memfd_create's flags: the flags, then the huge page size field (`MFD_HUGETLB|21<<MFD_HUGE_SHIFT`).
fn memfd_flags<P: Printer + ?Sized>(p: &mut P, value: u64) {
    const HUGE_SHIFT: u64 = 26;
    const HUGE_MASK: u64 = 0x3f << HUGE_SHIFT;
    if value == 0 {
        return p.uint(0);
    }
    composite(p, value, |p| {
        let rest = value & !HUGE_MASK;
        let huge = (value & HUGE_MASK) >> HUGE_SHIFT;
        p.open(Group::Or);
        if rest != 0 || huge == 0 {
            flags(p, MEMFD_CREATE_FLAGS, rest, "MFD_???");
        }
        if huge != 0 {
            huge_shift(p, huge, "MFD_HUGE_SHIFT");
        }
        p.close();
    });
}

/// mount's flags: `MS_MGC_VAL` (the old magic in the high half) first, then `MS_*`.
fn mount_flags<P: Printer + ?Sized>(p: &mut P, value: u64) {
    const MS_MGC_VAL: u64 = 0xc0ed_0000;
    const MS_MGC_MSK: u64 = 0xffff_0000;
    let mut value = value;
    let magic = value & MS_MGC_MSK == MS_MGC_VAL;
    p.open(Group::Or);
    if magic {
        value &= !MS_MGC_MSK;
        print_xlat(p, MS_MGC_VAL, Some("MS_MGC_VAL"), Fmt::Hex);
    }
    if value != 0 || !magic {
        flags(p, MOUNT_FLAGS, value, "MS_???");
    }
    p.close();
}

/// `FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME`: strace names only the combinations in its table.
fn futex_op<P: Printer + ?Sized>(p: &mut P, op: u64) {
    xval(p, FUTEX_OPS, op, "FUTEX_???");
}

/// An ioctl request: its names, or `_IOC(_IOC_READ, 0x54, 0x90, 0x4)`; `0x5401` raw and
/// `0x5401 /* TCGETS */` verbose.
fn ioctl_request<P: Printer + ?Sized>(p: &mut P, req: u64) {
    super::family::ioctl::request::print(p, req as u32);
}

/// clone's flags: the flag names, then the exit signal in the low byte (`CLONE_VM|SIGCHLD`).
fn clone_flags<P: Printer + ?Sized>(p: &mut P, value: u64) {
    let sig = value & 0xff;
    let rest = value & !0xff;
    if rest == 0 {
        return signal(p, sig);
    }
    p.open(Group::Or);
    flags(p, CLONE_FLAGS, rest, "CLONE_???");
    if sig != 0 {
        signal(p, sig);
    }
    p.close();
}

/// `SOCK_STREAM|SOCK_CLOEXEC` (strace's `tprint_sock_type`): the type in the low nibble, then the
/// flags. Raw: `0x1|0x80000`; verbose: `0x1 /* SOCK_STREAM */|0x80000 /* SOCK_CLOEXEC */`.
fn socket_type<P: Printer + ?Sized>(p: &mut P, value: u64) {
    let Some(name) = lookup(SOCKET_TYPES, value & 0xf) else {
        return flags(p, SOCKET_TYPE_FLAGS, value, "SOCK_???");
    };
    let rest = value & !0xf;
    if rest == 0 {
        return print_xlat(p, value & 0xf, Some(name), Fmt::Hex);
    }
    p.open(Group::Or);
    print_xlat(p, value & 0xf, Some(name), Fmt::Hex);
    flags(p, SOCKET_TYPE_FLAGS, rest, "SOCK_???");
    p.close();
}

/// socket's (and socketpair's) protocol, which depends on the domain: `IPPROTO_TCP` for AF_INET and
/// AF_INET6, `NETLINK_ROUTE` for AF_NETLINK, `htons(ETH_P_ALL)` for AF_PACKET, otherwise the number
/// (strace 6.1's `SYS_FUNC(socket)`; the rarer families with their own tables print the number).
pub fn socket_protocol<P: Printer + ?Sized>(p: &mut P, domain: u64, protocol: u64) {
    let protocol = protocol & 0xffff_ffff;
    match (domain & 0xffff_ffff) as i32 {
        libc::AF_INET | libc::AF_INET6 => xval(p, INET_PROTOCOLS, protocol, "IPPROTO_???"),
        libc::AF_NETLINK => xval(p, NETLINK_PROTOCOLS, protocol, "NETLINK_???"),
        libc::AF_RXRPC => xval(p, ADDRFAMS, protocol, "AF_???"),
        _ => p.uint(protocol),
    }
}

/// The option tables of a socket level (common options, then setsockopt's own, then getsockopt's
/// own), and the name of its unknown options.
fn sockopt_tables(level: u64) -> Option<([Xlat; 3], &'static str)> {
    let none: Xlat = &[];
    let t = |common: Xlat, unknown| Some(([common, none, none], unknown));
    match (level & 0xffff_ffff) as i32 {
        libc::SOL_SOCKET => Some(([SOCK_OPTIONS, SETSOCK_OPTIONS, GETSOCK_OPTIONS], "SO_???")),
        libc::SOL_IP => Some(([SOCK_IP_OPTIONS, SETSOCK_IP_OPTIONS, GETSOCK_IP_OPTIONS], "IP_???")),
        libc::SOL_IPV6 => Some(([SOCK_IPV6_OPTIONS, SETSOCK_IPV6_OPTIONS, GETSOCK_IPV6_OPTIONS], "IPV6_???")),
        libc::AF_VSOCK => t(SOCK_VSOCK_OPTIONS, "SO_VM_???"),
        256 => t(SOCK_IPX_OPTIONS, "IPX_???"),   // SOL_IPX
        257 => t(SOCK_AX25_OPTIONS, "AX25_???"), // SOL_AX25
        libc::SOL_PACKET => t(SOCK_PACKET_OPTIONS, "PACKET_???"),
        libc::SOL_TCP => t(SOCK_TCP_OPTIONS, "TCP_???"),
        libc::SOL_CAN_RAW => t(SOCK_CAN_RAW_OPTIONS, "CAN_RAW_???"),
        132 => t(SOCK_SCTP_OPTIONS, "SCTP_???"), // SOL_SCTP
        libc::SOL_RAW => t(SOCK_RAW_OPTIONS, "RAW_???"),
        libc::SOL_NETLINK => t(SOCK_NETLINK_OPTIONS, "NETLINK_???"),
        libc::SOL_UDP => t(SOCK_UDP_OPTIONS, "UDP_???"),
        libc::SOL_IRDA => t(SOCK_IRDA_OPTIONS, "IRLMP_???"),
        libc::SOL_LLC => t(SOCK_LLC_OPTIONS, "LLC_OPT_???"),
        libc::SOL_DCCP => t(SOCK_DCCP_OPTIONS, "DCCP_SOCKOPT_???"),
        libc::SOL_TIPC => t(SOCK_TIPC_OPTIONS, "TIPC_???"),
        libc::SOL_RXRPC => t(SOCK_RXRPC_OPTIONS, "RXRPC_???"),
        libc::SOL_PPPOL2TP => t(SOCK_PPPOL2TP_OPTIONS, "PPPOL2TP_SO_???"),
        libc::SOL_BLUETOOTH => t(SOCK_BLUETOOTH_OPTIONS, "BT_???"),
        libc::SOL_PNPIPE => t(SOCK_PNP_OPTIONS, "PNPIPE_???"),
        libc::SOL_RDS => t(SOCK_RDS_OPTIONS, "RDS_???"),
        libc::SOL_IUCV => t(SOCK_IUCV_OPTIONS, "SO_???"),
        libc::SOL_CAIF => t(SOCK_CAIF_OPTIONS, "CAIFSO_???"),
        libc::SOL_ALG => t(SOCK_ALG_OPTIONS, "ALG_???"),
        libc::SOL_NFC => t(SOCK_NFCLLCP_OPTIONS, "NFC_LLCP_???"),
        281 => t(SOCK_KCM_OPTIONS, "KCM_???"), // SOL_KCM
        libc::SOL_TLS => t(SOCK_TLS_OPTIONS, "TLS_???"),
        libc::SOL_XDP => t(SOCK_XDP_OPTIONS, "XDP_???"),
        _ => None,
    }
}

/// setsockopt's option name, which depends on its level: `SO_REUSEADDR` at SOL_SOCKET, `TCP_NODELAY`
/// at SOL_TCP, `IP_TOS` at SOL_IP, `IPV6_V6ONLY` at SOL_IPV6...; the number at levels strace does not
/// decode (strace 6.1's `print_sockopt_fd_level_name`). For getsockopt use [`getsockopt_name`]: a few
/// numbers have other names there (`SO_GET_FILTER` for `SO_ATTACH_FILTER`).
pub fn sockopt_name<P: Printer + ?Sized>(p: &mut P, level: u64, name: u64) {
    sockopt_name_for(p, level, name, false);
}

/// getsockopt's option name: as [`sockopt_name`], with getsockopt's own names.
pub fn getsockopt_name<P: Printer + ?Sized>(p: &mut P, level: u64, name: u64) {
    sockopt_name_for(p, level, name, true);
}

fn sockopt_name_for<P: Printer + ?Sized>(p: &mut P, level: u64, name: u64, get: bool) {
    let name = name & 0xffff_ffff;
    match sockopt_tables(level) {
        Some(([common, set, got], unknown)) => {
            xvals(p, &[common, if get { got } else { set }], name, unknown, Fmt::Hex);
        }
        None => p.uint(name),
    }
}

/// A `*at` call's directory fd when it is AT_FDCWD (strace's `print_xlat_d(AT_FDCWD)`): `AT_FDCWD`,
/// `-100` raw, `-100 /* AT_FDCWD */` verbose.
pub fn at_fdcwd<P: Printer + ?Sized>(p: &mut P) {
    print_xlat(p, libc::AT_FDCWD as i64 as u64, Some("AT_FDCWD"), Fmt::Signed);
}

#[cfg(test)]
mod tests {
    use super::super::printer::XlatStyle;
    use super::super::text::render;
    use super::*;

    fn show(kind: Flags, value: u64) -> String {
        render(XlatStyle::Abbrev, |p| print(p, kind, value))
    }

    fn raw(kind: Flags, value: u64) -> String {
        render(XlatStyle::Raw, |p| print(p, kind, value))
    }

    fn verbose(kind: Flags, value: u64) -> String {
        render(XlatStyle::Verbose, |p| print(p, kind, value))
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
        // strace 6.1 -X raw / -X verbose: openat(-100, NULL, 0x20080800),
        // openat(-100 /* AT_FDCWD */, NULL, 0x20080800 /* O_RDONLY|O_NONBLOCK|O_CLOEXEC|0x20000000 */),
        // openat(-100 /* AT_FDCWD */, "/etc/hostname", 0 /* O_RDONLY */)
        assert_eq!(raw(Flags::OpenFlags, 0x20080800), "0x20080800");
        assert_eq!(
            verbose(Flags::OpenFlags, 0x20080800),
            "0x20080800 /* O_RDONLY|O_NONBLOCK|O_CLOEXEC|0x20000000 */"
        );
        assert_eq!(verbose(Flags::OpenFlags, 0), "0 /* O_RDONLY */");
        assert_eq!(raw(Flags::OpenFlags, 0), "0");
        let fdcwd = |style| render(style, at_fdcwd);
        assert_eq!(fdcwd(XlatStyle::Abbrev), "AT_FDCWD");
        assert_eq!(fdcwd(XlatStyle::Raw), "-100");
        assert_eq!(fdcwd(XlatStyle::Verbose), "-100 /* AT_FDCWD */");
        assert_eq!(verbose(Flags::Mode, 0o644), "0644");
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
        // strace 6.1 -X raw / -X verbose: mmap(NULL, 0, 0, 0x80000022, -1, 0),
        // mmap(NULL, 0, 0 /* PROT_NONE */, 0x80000022 /* MAP_PRIVATE|MAP_ANONYMOUS|32<<MAP_HUGE_SHIFT */, -1, 0),
        // mmap(NULL, 0, 0x10 /* PROT_??? */, 0x1f /* 0xf /* MAP_??? */|MAP_FIXED */, -1, 0)
        assert_eq!(raw(Flags::MmapProt, 0), "0");
        assert_eq!(raw(Flags::MmapFlags, 0x80000022), "0x80000022");
        assert_eq!(verbose(Flags::MmapProt, 0), "0 /* PROT_NONE */");
        assert_eq!(
            verbose(Flags::MmapFlags, 0x80000022),
            "0x80000022 /* MAP_PRIVATE|MAP_ANONYMOUS|32<<MAP_HUGE_SHIFT */"
        );
        assert_eq!(verbose(Flags::MmapProt, 0x10), "0x10 /* PROT_??? */");
        assert_eq!(verbose(Flags::MmapFlags, 0x1f), "0x1f /* 0xf /* MAP_??? */|MAP_FIXED */");
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
        // strace 6.1: madvise(NULL, 0, 0x1a /* MADV_??? */), madvise(NULL, 0, MADV_HWPOISON)
        assert_eq!(show(Flags::MadviseAdvice, 5), "0x5 /* MADV_??? */");
        assert_eq!(show(Flags::MadviseAdvice, 25), "MADV_COLLAPSE");
        assert_eq!(show(Flags::MadviseAdvice, 26), "0x1a /* MADV_??? */");
        assert_eq!(show(Flags::MadviseAdvice, 100), "MADV_HWPOISON");
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
        // strace 6.1 -X raw / -X verbose: socket(0x1, 0x1|0x80800, 0),
        // socket(0x1 /* AF_UNIX */, 0x1 /* SOCK_STREAM */|0x80800 /* SOCK_CLOEXEC|SOCK_NONBLOCK */, 0)
        assert_eq!(raw(Flags::SocketType, 0x80801), "0x1|0x80800");
        assert_eq!(
            verbose(Flags::SocketType, 0x80801),
            "0x1 /* SOCK_STREAM */|0x80800 /* SOCK_CLOEXEC|SOCK_NONBLOCK */"
        );
        assert_eq!(verbose(Flags::SocketType, 0x1001), "0x1 /* SOCK_STREAM */|0x1000 /* SOCK_??? */");
    }

    #[test]
    fn futex_ops() {
        assert_eq!(show(Flags::FutexOp, 129), "FUTEX_WAKE_PRIVATE");
        assert_eq!(show(Flags::FutexOp, 9 | 128 | 256), "FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME");
        assert_eq!(show(Flags::FutexOp, 256), "FUTEX_WAIT|FUTEX_CLOCK_REALTIME");
        assert_eq!(show(Flags::FutexOp, 2 | 128), "FUTEX_FD|FUTEX_PRIVATE_FLAG");
        assert_eq!(show(Flags::FutexOp, 0xe3), "0xe3 /* FUTEX_??? */");
        // strace 6.1: futex(NULL, 0x101 /* FUTEX_??? */, 0): only some combinations have names
        assert_eq!(show(Flags::FutexOp, 0x101), "0x101 /* FUTEX_??? */");
        // strace 6.1 -X raw / -X verbose: futex(NULL, 0x81, 0), futex(NULL, 0x81 /* FUTEX_WAKE_PRIVATE */, 0)
        assert_eq!(raw(Flags::FutexOp, 0x81), "0x81");
        assert_eq!(verbose(Flags::FutexOp, 0x81), "0x81 /* FUTEX_WAKE_PRIVATE */");
    }

    #[test]
    fn ioctls() {
        assert_eq!(show(Flags::IoctlRequest, 0x5401), "TCGETS");
        assert_eq!(show(Flags::IoctlRequest, 0x5402), "SNDCTL_TMR_START or TCSETS");
        assert_eq!(show(Flags::IoctlRequest, 0x1234), "_IOC(_IOC_NONE, 0x12, 0x34, 0)");
        assert_eq!(show(Flags::IoctlRequest, 0x4004667d), "_IOC(_IOC_WRITE, 0x66, 0x7d, 0x4)");
        assert_eq!(show(Flags::IoctlRequest, 0x5413), "TIOCGWINSZ");
        assert_eq!(show(Flags::IoctlRequest, 0x541b), "FIONREAD");
        assert_eq!(show(Flags::IoctlRequest, 0x5421), "FIONBIO");
        assert_eq!(show(Flags::IoctlRequest, 0x540f), "TIOCGPGRP");
        assert_eq!(show(Flags::IoctlRequest, 0x80086601), "FS_IOC_GETFLAGS");
        // strace 6.1 -X raw / -X verbose: ioctl(-1, 0x5401, NULL), ioctl(-1, 0x5401 /* TCGETS */, NULL),
        // ioctl(-1, 0x1234 /* _IOC(_IOC_NONE, 0x12, 0x34, 0) */, 0)
        assert_eq!(raw(Flags::IoctlRequest, 0x5401), "0x5401");
        assert_eq!(verbose(Flags::IoctlRequest, 0x5401), "0x5401 /* TCGETS */");
        assert_eq!(verbose(Flags::IoctlRequest, 0x1234), "0x1234 /* _IOC(_IOC_NONE, 0x12, 0x34, 0) */");
        // strace 6.1: ioctl(-1, SNDCTL_TMR_TIMEBASE, 0)
        assert_eq!(show(Flags::IoctlRequest, 0xc0045401), "SNDCTL_TMR_TIMEBASE");
        assert_eq!(show(Flags::IoctlRequest, 0xc0045499), "_IOC(_IOC_READ|_IOC_WRITE, 0x54, 0x99, 0x4)");
        // Requests strace names by their number's fields, alone or before the table's names
        // (strace 6.1: ioctl(-1, EVIOCGBIT(EV_KEY, 8), ...), ioctl(-1, MIXER_READ(13) or OTPSELECT, ...)).
        assert_eq!(show(Flags::IoctlRequest, 0x80084521), "EVIOCGBIT(EV_KEY, 8)");
        assert_eq!(show(Flags::IoctlRequest, 0x8004453f), "EVIOCGBIT(0x1f /* EV_??? */, 4)");
        assert_eq!(verbose(Flags::IoctlRequest, 0x8004453f), "0x8004453f /* EVIOCGBIT(0x1f, 4) */");
        assert_eq!(show(Flags::IoctlRequest, 0x401845c1), "EVIOCSABS(ABS_Y)");
        assert_eq!(show(Flags::IoctlRequest, 0x80044d0d), "MIXER_READ(13) or OTPSELECT");
        assert_eq!(raw(Flags::IoctlRequest, 0x80044d0d), "0x80044d0d");
        assert_eq!(show(Flags::IoctlRequest, 0x80082102), "SECCOMP_IOCTL_NOTIF_ID_VALID_WRONG_DIR");
        assert_eq!(show(Flags::IoctlRequest, 0x5a00), "ZFS_IOC_POOL_CREATE");
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
        // strace 6.1 -X raw / -X verbose: flags=0x10100|1, flags=0x10100 /* CLONE_VM|CLONE_THREAD */|1 /* SIGHUP */
        assert_eq!(raw(Flags::CloneFlags, 0x10101), "0x10100|1");
        assert_eq!(verbose(Flags::CloneFlags, 0x10101), "0x10100 /* CLONE_VM|CLONE_THREAD */|1 /* SIGHUP */");
    }
}
