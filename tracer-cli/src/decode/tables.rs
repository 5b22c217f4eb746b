//! Constant tables, in the order strace 6.1 prints them (verified against its output on x86_64).
//! Values come from the `libc` crate where it has them, literals (kernel UAPI values) otherwise.

use super::xlat::Xlat;

macro_rules! c {
    ($($name:ident),* $(,)?) => { &[$((libc::$name as u32 as u64, stringify!($name))),*] };
}

/// Open flags beyond the access mode (`O_RDONLY|...`).
pub const OPEN_FLAGS: Xlat = &[
    (libc::O_CREAT as u64, "O_CREAT"),
    (libc::O_EXCL as u64, "O_EXCL"),
    (libc::O_NOCTTY as u64, "O_NOCTTY"),
    (libc::O_TRUNC as u64, "O_TRUNC"),
    (libc::O_APPEND as u64, "O_APPEND"),
    (libc::O_NONBLOCK as u64, "O_NONBLOCK"),
    (libc::O_SYNC as u64, "O_SYNC"),
    (libc::O_DSYNC as u64, "O_DSYNC"),
    (0o4000000, "__O_SYNC"),
    (libc::O_DIRECT as u64, "O_DIRECT"),
    (0o100000, "O_LARGEFILE"),
    (libc::O_NOFOLLOW as u64, "O_NOFOLLOW"),
    (libc::O_NOATIME as u64, "O_NOATIME"),
    (libc::O_CLOEXEC as u64, "O_CLOEXEC"),
    (libc::O_PATH as u64, "O_PATH"),
    (libc::O_TMPFILE as u64, "O_TMPFILE"),
    (libc::O_DIRECTORY as u64, "O_DIRECTORY"),
    (libc::O_ASYNC as u64, "FASYNC"),
];

pub const ACCESS_MODES: [&str; 4] = ["O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"];

pub const ACCESS_FLAGS: Xlat = &[(0, "F_OK"), (4, "R_OK"), (2, "W_OK"), (1, "X_OK")];

pub const AT_FLAGS: Xlat = &[
    (0x100, "AT_SYMLINK_NOFOLLOW"),
    (0x200, "AT_REMOVEDIR"),
    (0x400, "AT_SYMLINK_FOLLOW"),
    (0x800, "AT_NO_AUTOMOUNT"),
    (0x1000, "AT_EMPTY_PATH"),
    (0x8000, "AT_RECURSIVE"),
];

/// statx's sync type, the `AT_STATX_SYNC_TYPE` bits of its flags.
pub const AT_STATX_SYNC: Xlat =
    &[(0, "AT_STATX_SYNC_AS_STAT"), (0x2000, "AT_STATX_FORCE_SYNC"), (0x4000, "AT_STATX_DONT_SYNC")];

pub const STATX_MASK: Xlat = &[
    (0xfff, "STATX_ALL"),
    (0x7ff, "STATX_BASIC_STATS"),
    (0x1, "STATX_TYPE"),
    (0x2, "STATX_MODE"),
    (0x4, "STATX_NLINK"),
    (0x8, "STATX_UID"),
    (0x10, "STATX_GID"),
    (0x20, "STATX_ATIME"),
    (0x40, "STATX_MTIME"),
    (0x80, "STATX_CTIME"),
    (0x100, "STATX_INO"),
    (0x200, "STATX_SIZE"),
    (0x400, "STATX_BLOCKS"),
    (0x800, "STATX_BTIME"),
    (0x1000, "STATX_MNT_ID"),
    (0x2000, "STATX_DIOALIGN"),
];

pub const STATX_ATTRS: Xlat = &[
    (0x4, "STATX_ATTR_COMPRESSED"),
    (0x10, "STATX_ATTR_IMMUTABLE"),
    (0x20, "STATX_ATTR_APPEND"),
    (0x40, "STATX_ATTR_NODUMP"),
    (0x800, "STATX_ATTR_ENCRYPTED"),
    (0x1000, "STATX_ATTR_AUTOMOUNT"),
    (0x2000, "STATX_ATTR_MOUNT_ROOT"),
    (0x100000, "STATX_ATTR_VERITY"),
    (0x200000, "STATX_ATTR_DAX"),
];

pub const FILE_TYPES: Xlat = &[
    (0o140000, "S_IFSOCK"),
    (0o120000, "S_IFLNK"),
    (0o100000, "S_IFREG"),
    (0o060000, "S_IFBLK"),
    (0o040000, "S_IFDIR"),
    (0o020000, "S_IFCHR"),
    (0o010000, "S_IFIFO"),
];

pub const MMAP_PROT: Xlat = &[
    (0, "PROT_NONE"),
    (libc::PROT_READ as u64, "PROT_READ"),
    (libc::PROT_WRITE as u64, "PROT_WRITE"),
    (libc::PROT_EXEC as u64, "PROT_EXEC"),
    (0x8, "PROT_SEM"),
    (libc::PROT_GROWSDOWN as u64, "PROT_GROWSDOWN"),
    (libc::PROT_GROWSUP as u64, "PROT_GROWSUP"),
];

/// The mapping type, `flags & MAP_TYPE`.
pub const MMAP_TYPES: Xlat =
    &[(0, "MAP_FILE"), (1, "MAP_SHARED"), (2, "MAP_PRIVATE"), (3, "MAP_SHARED_VALIDATE")];

pub const MMAP_FLAGS: Xlat = &[
    (libc::MAP_FIXED as u64, "MAP_FIXED"),
    (libc::MAP_ANONYMOUS as u64, "MAP_ANONYMOUS"),
    (libc::MAP_32BIT as u64, "MAP_32BIT"),
    (libc::MAP_NORESERVE as u64, "MAP_NORESERVE"),
    (libc::MAP_POPULATE as u64, "MAP_POPULATE"),
    (libc::MAP_NONBLOCK as u64, "MAP_NONBLOCK"),
    (libc::MAP_GROWSDOWN as u64, "MAP_GROWSDOWN"),
    (libc::MAP_DENYWRITE as u64, "MAP_DENYWRITE"),
    (libc::MAP_EXECUTABLE as u64, "MAP_EXECUTABLE"),
    (libc::MAP_LOCKED as u64, "MAP_LOCKED"),
    (libc::MAP_STACK as u64, "MAP_STACK"),
    (libc::MAP_HUGETLB as u64, "MAP_HUGETLB"),
    (0x80000, "MAP_SYNC"),
    (0x100000, "MAP_FIXED_NOREPLACE"),
];

pub const ARCH_PRCTL: Xlat = &[
    (0x1001, "ARCH_SET_GS"),
    (0x1002, "ARCH_SET_FS"),
    (0x1003, "ARCH_GET_FS"),
    (0x1004, "ARCH_GET_GS"),
    (0x1011, "ARCH_GET_CPUID"),
    (0x1012, "ARCH_SET_CPUID"),
    (0x1021, "ARCH_GET_XCOMP_SUPP"),
    (0x1022, "ARCH_GET_XCOMP_PERM"),
    (0x1023, "ARCH_REQ_XCOMP_PERM"),
    (0x1024, "ARCH_GET_XCOMP_GUEST_PERM"),
    (0x1025, "ARCH_REQ_XCOMP_GUEST_PERM"),
    (0x2001, "ARCH_MAP_VDSO_X32"),
    (0x2002, "ARCH_MAP_VDSO_32"),
    (0x2003, "ARCH_MAP_VDSO_64"),
];

pub const RLIMIT_RESOURCES: Xlat = &[
    (0, "RLIMIT_CPU"),
    (1, "RLIMIT_FSIZE"),
    (2, "RLIMIT_DATA"),
    (3, "RLIMIT_STACK"),
    (4, "RLIMIT_CORE"),
    (5, "RLIMIT_RSS"),
    (6, "RLIMIT_NPROC"),
    (7, "RLIMIT_NOFILE"),
    (8, "RLIMIT_MEMLOCK"),
    (9, "RLIMIT_AS"),
    (10, "RLIMIT_LOCKS"),
    (11, "RLIMIT_SIGPENDING"),
    (12, "RLIMIT_MSGQUEUE"),
    (13, "RLIMIT_NICE"),
    (14, "RLIMIT_RTPRIO"),
    (15, "RLIMIT_RTTIME"),
];

pub const GETRANDOM_FLAGS: Xlat = &[(1, "GRND_NONBLOCK"), (2, "GRND_RANDOM"), (4, "GRND_INSECURE")];

pub const FUTEX_CMDS: [&str; 14] = [
    "FUTEX_WAIT",
    "FUTEX_WAKE",
    "FUTEX_FD",
    "FUTEX_REQUEUE",
    "FUTEX_CMP_REQUEUE",
    "FUTEX_WAKE_OP",
    "FUTEX_LOCK_PI",
    "FUTEX_UNLOCK_PI",
    "FUTEX_TRYLOCK_PI",
    "FUTEX_WAIT_BITSET",
    "FUTEX_WAKE_BITSET",
    "FUTEX_WAIT_REQUEUE_PI",
    "FUTEX_CMP_REQUEUE_PI",
    "FUTEX_LOCK_PI2",
];

pub const FUTEX_WAKE_OPS: [&str; 5] =
    ["FUTEX_OP_SET", "FUTEX_OP_ADD", "FUTEX_OP_OR", "FUTEX_OP_ANDN", "FUTEX_OP_XOR"];

pub const FUTEX_WAKE_CMPS: [&str; 6] = [
    "FUTEX_OP_CMP_EQ",
    "FUTEX_OP_CMP_NE",
    "FUTEX_OP_CMP_LT",
    "FUTEX_OP_CMP_LE",
    "FUTEX_OP_CMP_GT",
    "FUTEX_OP_CMP_GE",
];

/// ioctl requests strace knows by name (a selection: terminals, generic file and fs ioctls).
pub const IOCTLS: Xlat = &[
    (0x5401, "TCGETS"),
    (0x5402, "SNDCTL_TMR_START or TCSETS"),
    (0x5403, "SNDCTL_TMR_STOP or TCSETSW"),
    (0x5404, "SNDCTL_TMR_CONTINUE or TCSETSF"),
    (0x5405, "TCGETA"),
    (0x5406, "TCSETA"),
    (0x5407, "TCSETAW"),
    (0x5408, "TCSETAF"),
    (0x5409, "TCSBRK"),
    (0x540a, "TCXONC"),
    (0x540b, "TCFLSH"),
    (0x540c, "TIOCEXCL"),
    (0x540d, "TIOCNXCL"),
    (0x540e, "TIOCSCTTY"),
    (0x540f, "TIOCGPGRP"),
    (0x5410, "TIOCSPGRP"),
    (0x5411, "TIOCOUTQ"),
    (0x5412, "TIOCSTI"),
    (0x5413, "TIOCGWINSZ"),
    (0x5414, "TIOCSWINSZ"),
    (0x5415, "TIOCMGET"),
    (0x5416, "TIOCMBIS"),
    (0x5417, "TIOCMBIC"),
    (0x5418, "TIOCMSET"),
    (0x5419, "TIOCGSOFTCAR"),
    (0x541a, "TIOCSSOFTCAR"),
    (0x541b, "FIONREAD"),
    (0x541c, "TIOCLINUX"),
    (0x541d, "TIOCCONS"),
    (0x541e, "TIOCGSERIAL"),
    (0x541f, "TIOCSSERIAL"),
    (0x5420, "TIOCPKT"),
    (0x5421, "FIONBIO"),
    (0x5422, "TIOCNOTTY"),
    (0x5423, "TIOCSETD"),
    (0x5424, "TIOCGETD"),
    (0x5425, "TCSBRKP"),
    (0x5427, "TIOCSBRK"),
    (0x5428, "TIOCCBRK"),
    (0x5429, "TIOCGSID"),
    (0x80045430, "TIOCGPTN"),
    (0x40045431, "TIOCSPTLCK"),
    (0x5432, "TCGETX"),
    (0x5450, "FIONCLEX"),
    (0x5451, "FIOCLEX"),
    (0x5452, "FIOASYNC"),
    (0x5460, "FIOQSIZE"),
    (0x80086601, "FS_IOC_GETFLAGS"),
    (0x40086602, "FS_IOC_SETFLAGS"),
    (0x801c581f, "FS_IOC_FSGETXATTR"),
    (0x40049409, "BTRFS_IOC_CLONE or FICLONE"),
    (0xc0189436, "BTRFS_IOC_FILE_EXTENT_SAME or FIDEDUPERANGE"),
];

/// ioctls whose third argument strace prints in decimal.
pub const IOCTLS_INT_ARG: &[u64] = &[0x5409, 0x540e, 0x5425, 0x40049409];
/// ioctls with no third argument.
pub const IOCTLS_NO_ARG: &[u64] = &[0x540c, 0x540d, 0x541d, 0x5422, 0x5427, 0x5428, 0x5450, 0x5451];
/// ioctls whose third argument is one of the TC* constants.
pub const TCXONC_ARGS: Xlat = &[(0, "TCOOFF"), (1, "TCOON"), (2, "TCIOFF"), (3, "TCION")];
pub const TCFLSH_ARGS: Xlat = &[(0, "TCIFLUSH"), (1, "TCOFLUSH"), (2, "TCIOFLUSH")];

pub const WHENCE: Xlat =
    &[(0, "SEEK_SET"), (1, "SEEK_CUR"), (2, "SEEK_END"), (3, "SEEK_DATA"), (4, "SEEK_HOLE")];

pub const FCNTL_CMDS: Xlat = &[
    (0, "F_DUPFD"),
    (1, "F_GETFD"),
    (2, "F_SETFD"),
    (3, "F_GETFL"),
    (4, "F_SETFL"),
    (5, "F_GETLK"),
    (6, "F_SETLK"),
    (7, "F_SETLKW"),
    (8, "F_SETOWN"),
    (9, "F_GETOWN"),
    (10, "F_SETSIG"),
    (11, "F_GETSIG"),
    (12, "F_GETLK64"),
    (13, "F_SETLK64"),
    (14, "F_SETLKW64"),
    (15, "F_SETOWN_EX"),
    (16, "F_GETOWN_EX"),
    (36, "F_OFD_GETLK"),
    (37, "F_OFD_SETLK"),
    (38, "F_OFD_SETLKW"),
    (1024, "F_SETLEASE"),
    (1025, "F_GETLEASE"),
    (1026, "F_NOTIFY"),
    (1030, "F_DUPFD_CLOEXEC"),
    (1031, "F_SETPIPE_SZ"),
    (1032, "F_GETPIPE_SZ"),
    (1033, "F_ADD_SEALS"),
    (1034, "F_GET_SEALS"),
];

pub const FD_FLAGS: Xlat = &[(1, "FD_CLOEXEC")];
pub const LEASE_TYPES: Xlat = &[(0, "F_RDLCK"), (1, "F_WRLCK"), (2, "F_UNLCK")];
pub const NOTIFY_FLAGS: Xlat = &[
    (0x1, "DN_ACCESS"),
    (0x2, "DN_MODIFY"),
    (0x4, "DN_CREATE"),
    (0x8, "DN_DELETE"),
    (0x10, "DN_RENAME"),
    (0x20, "DN_ATTRIB"),
    (0x80000000, "DN_MULTISHOT"),
];
pub const SEALS: Xlat = &[
    (0x1, "F_SEAL_SEAL"),
    (0x2, "F_SEAL_SHRINK"),
    (0x4, "F_SEAL_GROW"),
    (0x8, "F_SEAL_WRITE"),
    (0x10, "F_SEAL_FUTURE_WRITE"),
];

pub const FADVISE_ADVICE: Xlat = &[
    (0, "POSIX_FADV_NORMAL"),
    (1, "POSIX_FADV_RANDOM"),
    (2, "POSIX_FADV_SEQUENTIAL"),
    (3, "POSIX_FADV_WILLNEED"),
    (4, "POSIX_FADV_DONTNEED"),
    (5, "POSIX_FADV_NOREUSE"),
];

pub const TIMER_FLAGS: Xlat = &[(1, "TIMER_ABSTIME")];

pub const SIGPROCMASK_HOW: Xlat = &[(0, "SIG_BLOCK"), (1, "SIG_UNBLOCK"), (2, "SIG_SETMASK")];

pub const SA_FLAGS: Xlat = &[
    (0x04000000, "SA_RESTORER"),
    (0x08000000, "SA_ONSTACK"),
    (0x10000000, "SA_RESTART"),
    (0x20000000, "SA_INTERRUPT"),
    (0x40000000, "SA_NODEFER"),
    (0x80000000, "SA_RESETHAND"),
    (0x4, "SA_SIGINFO"),
    (0x1, "SA_NOCLDSTOP"),
    (0x2, "SA_NOCLDWAIT"),
];

pub const CLONE_FLAGS: Xlat = c!(
    CLONE_VM,
    CLONE_FS,
    CLONE_FILES,
    CLONE_SIGHAND,
    CLONE_PIDFD,
    CLONE_PTRACE,
    CLONE_VFORK,
    CLONE_PARENT,
    CLONE_THREAD,
    CLONE_NEWNS,
    CLONE_SYSVSEM,
    CLONE_SETTLS,
    CLONE_PARENT_SETTID,
    CLONE_CHILD_CLEARTID,
    CLONE_UNTRACED,
    CLONE_CHILD_SETTID,
    CLONE_NEWCGROUP,
    CLONE_NEWUTS,
    CLONE_NEWIPC,
    CLONE_NEWUSER,
    CLONE_NEWPID,
    CLONE_NEWNET,
    CLONE_IO,
);

pub const WAIT_OPTIONS: Xlat = &[
    (1, "WNOHANG"),
    (2, "WSTOPPED"),
    (4, "WEXITED"),
    (8, "WCONTINUED"),
    (0x1000000, "WNOWAIT"),
    (0x20000000, "__WNOTHREAD"),
    (0x40000000, "__WALL"),
    (0x80000000, "__WCLONE"),
];

pub const SOCKET_DOMAINS: Xlat = &[
    (0, "AF_UNSPEC"),
    (1, "AF_UNIX"),
    (2, "AF_INET"),
    (3, "AF_AX25"),
    (4, "AF_IPX"),
    (5, "AF_APPLETALK"),
    (6, "AF_NETROM"),
    (7, "AF_BRIDGE"),
    (8, "AF_ATMPVC"),
    (9, "AF_X25"),
    (10, "AF_INET6"),
    (11, "AF_ROSE"),
    (12, "AF_DECnet"),
    (13, "AF_NETBEUI"),
    (14, "AF_SECURITY"),
    (15, "AF_KEY"),
    (16, "AF_NETLINK"),
    (17, "AF_PACKET"),
    (18, "AF_ASH"),
    (19, "AF_ECONET"),
    (20, "AF_ATMSVC"),
    (21, "AF_RDS"),
    (22, "AF_SNA"),
    (23, "AF_IRDA"),
    (24, "AF_PPPOX"),
    (25, "AF_WANPIPE"),
    (26, "AF_LLC"),
    (27, "AF_IB"),
    (28, "AF_MPLS"),
    (29, "AF_CAN"),
    (30, "AF_TIPC"),
    (31, "AF_BLUETOOTH"),
    (32, "AF_IUCV"),
    (33, "AF_RXRPC"),
    (34, "AF_ISDN"),
    (35, "AF_PHONET"),
    (36, "AF_IEEE802154"),
    (37, "AF_CAIF"),
    (38, "AF_ALG"),
    (39, "AF_NFC"),
    (40, "AF_VSOCK"),
    (41, "AF_KCM"),
    (42, "AF_QIPCRTR"),
    (43, "AF_SMC"),
    (44, "AF_XDP"),
    (45, "AF_MCTP"),
];

pub const SOCKET_TYPES: Xlat = &[
    (1, "SOCK_STREAM"),
    (2, "SOCK_DGRAM"),
    (3, "SOCK_RAW"),
    (4, "SOCK_RDM"),
    (5, "SOCK_SEQPACKET"),
    (6, "SOCK_DCCP"),
    (10, "SOCK_PACKET"),
];

pub const SOCKET_TYPE_FLAGS: Xlat = &[(0x80000, "SOCK_CLOEXEC"), (0x800, "SOCK_NONBLOCK")];

pub const IP_PROTOCOLS: Xlat = &[
    (0, "IPPROTO_IP"),
    (1, "IPPROTO_ICMP"),
    (2, "IPPROTO_IGMP"),
    (4, "IPPROTO_IPIP"),
    (6, "IPPROTO_TCP"),
    (8, "IPPROTO_EGP"),
    (12, "IPPROTO_PUP"),
    (17, "IPPROTO_UDP"),
    (22, "IPPROTO_IDP"),
    (29, "IPPROTO_TP"),
    (33, "IPPROTO_DCCP"),
    (41, "IPPROTO_IPV6"),
    (46, "IPPROTO_RSVP"),
    (47, "IPPROTO_GRE"),
    (50, "IPPROTO_ESP"),
    (51, "IPPROTO_AH"),
    (58, "IPPROTO_ICMPV6"),
    (92, "IPPROTO_MTP"),
    (94, "IPPROTO_BEETPH"),
    (98, "IPPROTO_ENCAP"),
    (103, "IPPROTO_PIM"),
    (108, "IPPROTO_COMP"),
    (115, "IPPROTO_L2TP"),
    (132, "IPPROTO_SCTP"),
    (136, "IPPROTO_UDPLITE"),
    (137, "IPPROTO_MPLS"),
    (143, "IPPROTO_ETHERNET"),
    (255, "IPPROTO_RAW"),
    (262, "IPPROTO_MPTCP"),
];

pub const NETLINK_PROTOCOLS: Xlat = &[
    (0, "NETLINK_ROUTE"),
    (1, "NETLINK_UNUSED"),
    (2, "NETLINK_USERSOCK"),
    (3, "NETLINK_FIREWALL"),
    (4, "NETLINK_SOCK_DIAG"),
    (5, "NETLINK_NFLOG"),
    (6, "NETLINK_XFRM"),
    (7, "NETLINK_SELINUX"),
    (8, "NETLINK_ISCSI"),
    (9, "NETLINK_AUDIT"),
    (10, "NETLINK_FIB_LOOKUP"),
    (11, "NETLINK_CONNECTOR"),
    (12, "NETLINK_NETFILTER"),
    (13, "NETLINK_IP6_FW"),
    (14, "NETLINK_DNRTMSG"),
    (15, "NETLINK_KOBJECT_UEVENT"),
    (16, "NETLINK_GENERIC"),
    (18, "NETLINK_SCSITRANSPORT"),
    (19, "NETLINK_ECRYPTFS"),
    (20, "NETLINK_RDMA"),
    (21, "NETLINK_CRYPTO"),
    (22, "NETLINK_SMC"),
];

pub const MADVISE_ADVICE: Xlat = &[
    (0, "MADV_NORMAL"),
    (1, "MADV_RANDOM"),
    (2, "MADV_SEQUENTIAL"),
    (3, "MADV_WILLNEED"),
    (4, "MADV_DONTNEED"),
    (8, "MADV_FREE"),
    (9, "MADV_REMOVE"),
    (10, "MADV_DONTFORK"),
    (11, "MADV_DOFORK"),
    (12, "MADV_MERGEABLE"),
    (13, "MADV_UNMERGEABLE"),
    (14, "MADV_HUGEPAGE"),
    (15, "MADV_NOHUGEPAGE"),
    (16, "MADV_DONTDUMP"),
    (17, "MADV_DODUMP"),
    (18, "MADV_WIPEONFORK"),
    (19, "MADV_KEEPONFORK"),
    (20, "MADV_COLD"),
    (21, "MADV_PAGEOUT"),
    (22, "MADV_POPULATE_READ"),
    (23, "MADV_POPULATE_WRITE"),
    (24, "MADV_DONTNEED_LOCKED"),
    (25, "MADV_COLLAPSE"),
    (100, "MADV_HWPOISON"),
    (101, "MADV_SOFT_OFFLINE"),
];

pub const CLOCK_IDS: Xlat = &[
    (0, "CLOCK_REALTIME"),
    (1, "CLOCK_MONOTONIC"),
    (2, "CLOCK_PROCESS_CPUTIME_ID"),
    (3, "CLOCK_THREAD_CPUTIME_ID"),
    (4, "CLOCK_MONOTONIC_RAW"),
    (5, "CLOCK_REALTIME_COARSE"),
    (6, "CLOCK_MONOTONIC_COARSE"),
    (7, "CLOCK_BOOTTIME"),
    (8, "CLOCK_REALTIME_ALARM"),
    (9, "CLOCK_BOOTTIME_ALARM"),
    (10, "CLOCK_SGI_CYCLE"),
    (11, "CLOCK_TAI"),
];

pub const PRCTL_OPTIONS: Xlat = &[
    (1, "PR_SET_PDEATHSIG"),
    (2, "PR_GET_PDEATHSIG"),
    (3, "PR_GET_DUMPABLE"),
    (4, "PR_SET_DUMPABLE"),
    (5, "PR_GET_UNALIGN"),
    (6, "PR_SET_UNALIGN"),
    (7, "PR_GET_KEEPCAPS"),
    (8, "PR_SET_KEEPCAPS"),
    (9, "PR_GET_FPEMU"),
    (10, "PR_SET_FPEMU"),
    (11, "PR_GET_FPEXC"),
    (12, "PR_SET_FPEXC"),
    (13, "PR_GET_TIMING"),
    (14, "PR_SET_TIMING"),
    (15, "PR_SET_NAME"),
    (16, "PR_GET_NAME"),
    (19, "PR_GET_ENDIAN"),
    (20, "PR_SET_ENDIAN"),
    (21, "PR_GET_SECCOMP"),
    (22, "PR_SET_SECCOMP"),
    (23, "PR_CAPBSET_READ"),
    (24, "PR_CAPBSET_DROP"),
    (25, "PR_GET_TSC"),
    (26, "PR_SET_TSC"),
    (27, "PR_GET_SECUREBITS"),
    (28, "PR_SET_SECUREBITS"),
    (29, "PR_SET_TIMERSLACK"),
    (30, "PR_GET_TIMERSLACK"),
    (31, "PR_TASK_PERF_EVENTS_DISABLE"),
    (32, "PR_TASK_PERF_EVENTS_ENABLE"),
    (33, "PR_MCE_KILL"),
    (34, "PR_MCE_KILL_GET"),
    (35, "PR_SET_MM"),
    (36, "PR_SET_CHILD_SUBREAPER"),
    (37, "PR_GET_CHILD_SUBREAPER"),
    (38, "PR_SET_NO_NEW_PRIVS"),
    (39, "PR_GET_NO_NEW_PRIVS"),
    (40, "PR_GET_TID_ADDRESS"),
    (41, "PR_SET_THP_DISABLE"),
    (42, "PR_GET_THP_DISABLE"),
    (43, "PR_MPX_ENABLE_MANAGEMENT"),
    (44, "PR_MPX_DISABLE_MANAGEMENT"),
    (45, "PR_SET_FP_MODE"),
    (46, "PR_GET_FP_MODE"),
    (47, "PR_CAP_AMBIENT"),
    (50, "PR_SVE_SET_VL"),
    (51, "PR_SVE_GET_VL"),
    (52, "PR_GET_SPECULATION_CTRL"),
    (53, "PR_SET_SPECULATION_CTRL"),
    (54, "PR_PAC_RESET_KEYS"),
    (55, "PR_SET_TAGGED_ADDR_CTRL"),
    (56, "PR_GET_TAGGED_ADDR_CTRL"),
    (57, "PR_SET_IO_FLUSHER"),
    (58, "PR_GET_IO_FLUSHER"),
    (59, "PR_SET_SYSCALL_USER_DISPATCH"),
    (60, "PR_PAC_SET_ENABLED_KEYS"),
    (61, "PR_PAC_GET_ENABLED_KEYS"),
    (62, "PR_SCHED_CORE"),
    (63, "PR_SME_SET_VL"),
    (64, "PR_SME_GET_VL"),
    (0x59616d61, "PR_SET_PTRACER"),
];

/// Capabilities, by number.
pub const CAPABILITIES: Xlat = &[
    (0, "CAP_CHOWN"),
    (1, "CAP_DAC_OVERRIDE"),
    (2, "CAP_DAC_READ_SEARCH"),
    (3, "CAP_FOWNER"),
    (4, "CAP_FSETID"),
    (5, "CAP_KILL"),
    (6, "CAP_SETGID"),
    (7, "CAP_SETUID"),
    (8, "CAP_SETPCAP"),
    (9, "CAP_LINUX_IMMUTABLE"),
    (10, "CAP_NET_BIND_SERVICE"),
    (11, "CAP_NET_BROADCAST"),
    (12, "CAP_NET_ADMIN"),
    (13, "CAP_NET_RAW"),
    (14, "CAP_IPC_LOCK"),
    (15, "CAP_IPC_OWNER"),
    (16, "CAP_SYS_MODULE"),
    (17, "CAP_SYS_RAWIO"),
    (18, "CAP_SYS_CHROOT"),
    (19, "CAP_SYS_PTRACE"),
    (20, "CAP_SYS_PACCT"),
    (21, "CAP_SYS_ADMIN"),
    (22, "CAP_SYS_BOOT"),
    (23, "CAP_SYS_NICE"),
    (24, "CAP_SYS_RESOURCE"),
    (25, "CAP_SYS_TIME"),
    (26, "CAP_SYS_TTY_CONFIG"),
    (27, "CAP_MKNOD"),
    (28, "CAP_LEASE"),
    (29, "CAP_AUDIT_WRITE"),
    (30, "CAP_AUDIT_CONTROL"),
    (31, "CAP_SETFCAP"),
    (32, "CAP_MAC_OVERRIDE"),
    (33, "CAP_MAC_ADMIN"),
    (34, "CAP_SYSLOG"),
    (35, "CAP_WAKE_ALARM"),
    (36, "CAP_BLOCK_SUSPEND"),
    (37, "CAP_AUDIT_READ"),
    (38, "CAP_PERFMON"),
    (39, "CAP_BPF"),
    (40, "CAP_CHECKPOINT_RESTORE"),
];

pub const DUMPABLE: Xlat = &[(0, "SUID_DUMP_DISABLE"), (1, "SUID_DUMP_USER"), (2, "SUID_DUMP_ROOT")];

/// `f_type` of statfs: the magic numbers strace names (a common selection).
pub const FS_MAGIC: Xlat = &[
    (0x5a3c69f0, "AAFS_MAGIC"),
    (0x09041934, "ANON_INODE_FS_MAGIC"),
    (0x0187, "AUTOFS_SUPER_MAGIC"),
    (0x62646576, "BDEVFS_MAGIC"),
    (0x42465331, "BEFS_SUPER_MAGIC"),
    (0x1badface, "BFS_MAGIC"),
    (0x42494e4d, "BINFMTFS_MAGIC"),
    (0xcafe4a11, "BPF_FS_MAGIC"),
    (0x9123683e, "BTRFS_SUPER_MAGIC"),
    (0x73727279, "BTRFS_TEST_MAGIC"),
    (0x27e0eb, "CGROUP_SUPER_MAGIC"),
    (0x63677270, "CGROUP2_SUPER_MAGIC"),
    (0xff534d42, "CIFS_SUPER_MAGIC"),
    (0x73757245, "CODA_SUPER_MAGIC"),
    (0x28cd3d45, "CRAMFS_MAGIC"),
    (0x64626720, "DEBUGFS_MAGIC"),
    (0x1373, "DEVFS_SUPER_MAGIC"),
    (0x1cd1, "DEVPTS_SUPER_MAGIC"),
    (0xf15f, "ECRYPTFS_SUPER_MAGIC"),
    (0xde5e81e4, "EFIVARFS_MAGIC"),
    (0x414a53, "EFS_SUPER_MAGIC"),
    (0xe0f5e1e2, "EROFS_SUPER_MAGIC_V1"),
    (0xef53, "EXT2_SUPER_MAGIC"),
    (0xf2f52010, "F2FS_SUPER_MAGIC"),
    (0x65735546, "FUSE_SUPER_MAGIC"),
    (0x65735543, "FUSE_CTL_SUPER_MAGIC"),
    (0xbad1dea, "FUTEXFS_SUPER_MAGIC"),
    (0x4244, "HFS_SUPER_MAGIC"),
    (0x958458f6, "HUGETLBFS_MAGIC"),
    (0x9660, "ISOFS_SUPER_MAGIC"),
    (0x72b6, "JFFS2_SUPER_MAGIC"),
    (0x3153464a, "JFS_SUPER_MAGIC"),
    (0x137f, "MINIX_SUPER_MAGIC"),
    (0x4d44, "MSDOS_SUPER_MAGIC"),
    (0x19800202, "MQUEUE_MAGIC"),
    (0x11307854, "MTD_INODE_FS_MAGIC"),
    (0x6969, "NFS_SUPER_MAGIC"),
    (0x3434, "NILFS_SUPER_MAGIC"),
    (0x6e736673, "NSFS_MAGIC"),
    (0x5346544e, "NTFS_SB_MAGIC"),
    (0x7461636f, "OCFS2_SUPER_MAGIC"),
    (0x794c7630, "OVERLAYFS_SUPER_MAGIC"),
    (0x50495045, "PIPEFS_MAGIC"),
    (0x9fa0, "PROC_SUPER_MAGIC"),
    (0x6165676c, "PSTOREFS_MAGIC"),
    (0x002f, "QNX4_SUPER_MAGIC"),
    (0x68191122, "QNX6_SUPER_MAGIC"),
    (0x858458f6, "RAMFS_MAGIC"),
    (0x52654973, "REISERFS_SUPER_MAGIC"),
    (0x7275, "ROMFS_MAGIC"),
    (0x67596969, "RPC_PIPEFS_SUPER_MAGIC"),
    (0x73636673, "SECURITYFS_MAGIC"),
    (0xf97cff8c, "SELINUX_MAGIC"),
    (0x43415d53, "SMACK_MAGIC"),
    (0x517b, "SMB_SUPER_MAGIC"),
    (0xfe534d42, "SMB2_MAGIC_NUMBER"),
    (0x534f434b, "SOCKFS_MAGIC"),
    (0x73717368, "SQUASHFS_MAGIC"),
    (0x62656572, "SYSFS_MAGIC"),
    (0x012ff7b7, "SYSV4_SUPER_MAGIC"),
    (0x01021994, "TMPFS_MAGIC"),
    (0x74726163, "TRACEFS_MAGIC"),
    (0x24051905, "UBIFS_SUPER_MAGIC"),
    (0x15013346, "UDF_SUPER_MAGIC"),
    (0x00011954, "UFS_MAGIC"),
    (0x9fa2, "USBDEVICE_SUPER_MAGIC"),
    (0x01021997, "V9FS_MAGIC"),
    (0xa501fcf5, "VXFS_SUPER_MAGIC"),
    (0xabba1974, "XENFS_SUPER_MAGIC"),
    (0x58465342, "XFS_SUPER_MAGIC"),
    (0x2fc12fc1, "ZFS_SUPER_MAGIC"),
];

pub const STATFS_FLAGS: Xlat = &[
    (0x0001, "ST_RDONLY"),
    (0x0002, "ST_NOSUID"),
    (0x0004, "ST_NODEV"),
    (0x0008, "ST_NOEXEC"),
    (0x0010, "ST_SYNCHRONOUS"),
    (0x0020, "ST_VALID"),
    (0x0040, "ST_MANDLOCK"),
    (0x0400, "ST_NOATIME"),
    (0x0800, "ST_NODIRATIME"),
    (0x1000, "ST_RELATIME"),
    (0x2000, "ST_NOSYMFOLLOW"),
];

/// Signal names 1..=31 on x86_64, indexed by number.
pub const SIGNALS: [&str; 32] = [
    "0",
    "SIGHUP",
    "SIGINT",
    "SIGQUIT",
    "SIGILL",
    "SIGTRAP",
    "SIGABRT",
    "SIGBUS",
    "SIGFPE",
    "SIGKILL",
    "SIGUSR1",
    "SIGSEGV",
    "SIGUSR2",
    "SIGPIPE",
    "SIGALRM",
    "SIGTERM",
    "SIGSTKFLT",
    "SIGCHLD",
    "SIGCONT",
    "SIGSTOP",
    "SIGTSTP",
    "SIGTTIN",
    "SIGTTOU",
    "SIGURG",
    "SIGXCPU",
    "SIGXFSZ",
    "SIGVTALRM",
    "SIGPROF",
    "SIGWINCH",
    "SIGIO",
    "SIGPWR",
    "SIGSYS",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libc_values_are_the_kernel_ones() {
        // The values strace prints these names for on x86_64.
        let get = |t: Xlat, n: &str| t.iter().find(|e| e.1 == n).map(|e| e.0);
        assert_eq!(get(OPEN_FLAGS, "O_SYNC"), Some(0o4010000));
        assert_eq!(get(OPEN_FLAGS, "O_TMPFILE"), Some(0o20200000));
        assert_eq!(get(OPEN_FLAGS, "FASYNC"), Some(0o20000));
        assert_eq!(get(MMAP_FLAGS, "MAP_DENYWRITE"), Some(0x800));
        assert_eq!(get(MMAP_FLAGS, "MAP_STACK"), Some(0x20000));
        assert_eq!(get(CLONE_FLAGS, "CLONE_PIDFD"), Some(0x1000));
        assert_eq!(get(CLONE_FLAGS, "CLONE_IO"), Some(0x80000000));
        assert_eq!(get(MMAP_PROT, "PROT_GROWSUP"), Some(0x2000000));
    }
}
