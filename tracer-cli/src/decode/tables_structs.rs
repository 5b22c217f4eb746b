//! Constant tables for fields inside structures (pollfd events, cmsg types, siginfo codes, termios
//! bits...), in the order strace 6.1's xlat files list them for x86_64. Values come from the `libc`
//! crate where it has them; the literals are kernel UAPI values libc does not export.

use super::xlat::Xlat;

macro_rules! c {
    ($($name:ident),* $(,)?) => { &[$((libc::$name as u32 as u64, stringify!($name))),*] };
}

/// `struct pollfd`'s events (strace's `pollflags`).
pub const POLL_EVENTS: Xlat = &[
    (libc::POLLIN as u64, "POLLIN"),
    (libc::POLLPRI as u64, "POLLPRI"),
    (libc::POLLOUT as u64, "POLLOUT"),
    (libc::POLLERR as u64, "POLLERR"),
    (libc::POLLHUP as u64, "POLLHUP"),
    (libc::POLLNVAL as u64, "POLLNVAL"),
    (libc::POLLRDNORM as u64, "POLLRDNORM"),
    (libc::POLLRDBAND as u64, "POLLRDBAND"),
    (libc::POLLWRNORM as u64, "POLLWRNORM"),
    (libc::POLLWRBAND as u64, "POLLWRBAND"),
    (0x400, "POLLMSG"),
    (0x1000, "POLLREMOVE"),
    (libc::POLLRDHUP as u64, "POLLRDHUP"),
    (0x8000, "POLL_BUSY_LOOP"),
];

/// `struct epoll_event`'s events (strace's `epollevents`).
pub const EPOLL_EVENTS: Xlat = &[
    (libc::EPOLLIN as u32 as u64, "EPOLLIN"),
    (libc::EPOLLPRI as u32 as u64, "EPOLLPRI"),
    (libc::EPOLLOUT as u32 as u64, "EPOLLOUT"),
    (libc::EPOLLERR as u32 as u64, "EPOLLERR"),
    (libc::EPOLLHUP as u32 as u64, "EPOLLHUP"),
    (0x20, "EPOLLNVAL"),
    (libc::EPOLLRDNORM as u32 as u64, "EPOLLRDNORM"),
    (libc::EPOLLRDBAND as u32 as u64, "EPOLLRDBAND"),
    (libc::EPOLLWRNORM as u32 as u64, "EPOLLWRNORM"),
    (libc::EPOLLWRBAND as u32 as u64, "EPOLLWRBAND"),
    (libc::EPOLLMSG as u32 as u64, "EPOLLMSG"),
    (libc::EPOLLRDHUP as u32 as u64, "EPOLLRDHUP"),
    (libc::EPOLLEXCLUSIVE as u32 as u64, "EPOLLEXCLUSIVE"),
    (libc::EPOLLWAKEUP as u32 as u64, "EPOLLWAKEUP"),
    (libc::EPOLLONESHOT as u32 as u64, "EPOLLONESHOT"),
    (libc::EPOLLET as u32 as u64, "EPOLLET"),
];

/// Socket levels (`cmsg_level`; strace's `socketlayers`).
pub const SOCKET_LEVELS: Xlat = &[
    (libc::SOL_IP as u64, "SOL_IP"),
    (libc::SOL_SOCKET as u64, "SOL_SOCKET"),
    (libc::SOL_TCP as u64, "SOL_TCP"),
    (libc::SOL_UDP as u64, "SOL_UDP"),
    (libc::AF_VSOCK as u64, "AF_VSOCK"),
    (libc::SOL_IPV6 as u64, "SOL_IPV6"),
    (libc::SOL_ICMPV6 as u64, "SOL_ICMPV6"),
    (100, "SOL_CAN_BASE"),
    (101, "SOL_CAN_RAW"),
    (132, "SOL_SCTP"),
    (136, "SOL_UDPLITE"),
    (libc::SOL_RAW as u64, "SOL_RAW"),
    (256, "SOL_IPX"),
    (257, "SOL_AX25"),
    (258, "SOL_ATALK"),
    (259, "SOL_NETROM"),
    (260, "SOL_ROSE"),
    (libc::SOL_DECNET as u64, "SOL_DECNET"),
    (libc::SOL_X25 as u64, "SOL_X25"),
    (libc::SOL_PACKET as u64, "SOL_PACKET"),
    (libc::SOL_ATM as u64, "SOL_ATM"),
    (libc::SOL_AAL as u64, "SOL_AAL"),
    (libc::SOL_IRDA as u64, "SOL_IRDA"),
    (libc::SOL_NETBEUI as u64, "SOL_NETBEUI"),
    (libc::SOL_LLC as u64, "SOL_LLC"),
    (libc::SOL_DCCP as u64, "SOL_DCCP"),
    (libc::SOL_NETLINK as u64, "SOL_NETLINK"),
    (libc::SOL_TIPC as u64, "SOL_TIPC"),
    (libc::SOL_RXRPC as u64, "SOL_RXRPC"),
    (libc::SOL_PPPOL2TP as u64, "SOL_PPPOL2TP"),
    (libc::SOL_BLUETOOTH as u64, "SOL_BLUETOOTH"),
    (libc::SOL_PNPIPE as u64, "SOL_PNPIPE"),
    (libc::SOL_RDS as u64, "SOL_RDS"),
    (libc::SOL_IUCV as u64, "SOL_IUCV"),
    (libc::SOL_CAIF as u64, "SOL_CAIF"),
    (libc::SOL_ALG as u64, "SOL_ALG"),
    (libc::SOL_NFC as u64, "SOL_NFC"),
    (281, "SOL_KCM"),
    (libc::SOL_TLS as u64, "SOL_TLS"),
    (libc::SOL_XDP as u64, "SOL_XDP"),
];

/// `MSG_*` (a msghdr's `msg_flags`; strace's `msg_flags`).
pub const MSG_FLAGS: Xlat = &[
    (libc::MSG_OOB as u64, "MSG_OOB"),
    (libc::MSG_PEEK as u64, "MSG_PEEK"),
    (libc::MSG_DONTROUTE as u64, "MSG_DONTROUTE"),
    (libc::MSG_CTRUNC as u64, "MSG_CTRUNC"),
    (0x10, "MSG_PROBE"),
    (libc::MSG_TRUNC as u64, "MSG_TRUNC"),
    (libc::MSG_DONTWAIT as u64, "MSG_DONTWAIT"),
    (libc::MSG_EOR as u64, "MSG_EOR"),
    (libc::MSG_WAITALL as u64, "MSG_WAITALL"),
    (libc::MSG_FIN as u64, "MSG_FIN"),
    (libc::MSG_SYN as u64, "MSG_SYN"),
    (libc::MSG_CONFIRM as u64, "MSG_CONFIRM"),
    (libc::MSG_RST as u64, "MSG_RST"),
    (libc::MSG_ERRQUEUE as u64, "MSG_ERRQUEUE"),
    (libc::MSG_NOSIGNAL as u64, "MSG_NOSIGNAL"),
    (libc::MSG_MORE as u64, "MSG_MORE"),
    (libc::MSG_WAITFORONE as u64, "MSG_WAITFORONE"),
    (0x20000, "MSG_SENDPAGE_NOTLAST"),
    (0x40000, "MSG_BATCH"),
    (0x80000, "MSG_NO_SHARED_FRAGS"),
    (libc::MSG_ZEROCOPY as u64, "MSG_ZEROCOPY"),
    (libc::MSG_FASTOPEN as u64, "MSG_FASTOPEN"),
    (libc::MSG_CMSG_CLOEXEC as u64, "MSG_CMSG_CLOEXEC"),
    (0x8000_0000, "MSG_CMSG_COMPAT"),
];

/// `cmsg_type` at level SOL_SOCKET (strace's `scmvals`).
pub const SCM_TYPES: Xlat = &[
    (libc::SCM_RIGHTS as u64, "SCM_RIGHTS"),
    (libc::SCM_CREDENTIALS as u64, "SCM_CREDENTIALS"),
    (0x03, "SCM_SECURITY"),
    (libc::SO_WIFI_STATUS as u64, "SO_WIFI_STATUS"),
    (libc::SO_TXTIME as u64, "SO_TXTIME"),
    (libc::SO_TIMESTAMP as u64, "SO_TIMESTAMP_OLD"),
    (libc::SO_TIMESTAMPNS as u64, "SO_TIMESTAMPNS_OLD"),
    (libc::SO_TIMESTAMPING as u64, "SO_TIMESTAMPING_OLD"),
    (libc::SO_TIMESTAMP_NEW as u64, "SO_TIMESTAMP_NEW"),
    (libc::SO_TIMESTAMPNS_NEW as u64, "SO_TIMESTAMPNS_NEW"),
    (libc::SO_TIMESTAMPING_NEW as u64, "SO_TIMESTAMPING_NEW"),
    (0x36, "SCM_TIMESTAMPING_OPT_STATS"),
    (0x3a, "SCM_TIMESTAMPING_PKTINFO"),
];

/// `si_code` values common to every signal (strace's `siginfo_codes`, x86_64 values).
pub const SI_CODES: Xlat = &[
    (libc::SI_USER as u32 as u64, "SI_USER"),
    (0x80, "SI_KERNEL"),
    (libc::SI_QUEUE as u32 as u64, "SI_QUEUE"),
    (libc::SI_TIMER as u32 as u64, "SI_TIMER"),
    (libc::SI_MESGQ as u32 as u64, "SI_MESGQ"),
    (libc::SI_ASYNCIO as u32 as u64, "SI_ASYNCIO"),
    (libc::SI_SIGIO as u32 as u64, "SI_SIGIO"),
    (libc::SI_TKILL as u32 as u64, "SI_TKILL"),
    (libc::SI_DETHREAD as u32 as u64, "SI_DETHREAD"),
    (-60i32 as u32 as u64, "SI_ASYNCNL"),
];

pub const SIGCHLD_CODES: Xlat = &[
    (1, "CLD_EXITED"),
    (2, "CLD_KILLED"),
    (3, "CLD_DUMPED"),
    (4, "CLD_TRAPPED"),
    (5, "CLD_STOPPED"),
    (6, "CLD_CONTINUED"),
];
pub const SIGSEGV_CODES: Xlat = &[
    (1, "SEGV_MAPERR"),
    (2, "SEGV_ACCERR"),
    (3, "SEGV_BNDERR"),
    (4, "SEGV_PKUERR"),
    (5, "SEGV_ACCADI"),
    (6, "SEGV_ADIDERR"),
    (7, "SEGV_ADIPERR"),
    (8, "SEGV_MTEAERR"),
    (9, "SEGV_MTESERR"),
];
pub const SIGBUS_CODES: Xlat =
    &[(1, "BUS_ADRALN"), (2, "BUS_ADRERR"), (3, "BUS_OBJERR"), (4, "BUS_MCEERR_AR"), (5, "BUS_MCEERR_AO")];
pub const SIGILL_CODES: Xlat = &[
    (1, "ILL_ILLOPC"),
    (2, "ILL_ILLOPN"),
    (3, "ILL_ILLADR"),
    (4, "ILL_ILLTRP"),
    (5, "ILL_PRVOPC"),
    (6, "ILL_PRVREG"),
    (7, "ILL_COPROC"),
    (8, "ILL_BADSTK"),
];
pub const SIGFPE_CODES: Xlat = &[
    (1, "FPE_INTDIV"),
    (2, "FPE_INTOVF"),
    (3, "FPE_FLTDIV"),
    (4, "FPE_FLTOVF"),
    (5, "FPE_FLTUND"),
    (6, "FPE_FLTRES"),
    (7, "FPE_FLTINV"),
    (8, "FPE_FLTSUB"),
    (14, "FPE_FLTUNK"),
    (15, "FPE_CONDTRAP"),
];
pub const SIGTRAP_CODES: Xlat = &[
    (1, "TRAP_BRKPT"),
    (2, "TRAP_TRACE"),
    (3, "TRAP_BRANCH"),
    (4, "TRAP_HWBKPT"),
    (5, "TRAP_UNK"),
    (6, "TRAP_PERF"),
];
pub const SIGPOLL_CODES: Xlat =
    &[(1, "POLL_IN"), (2, "POLL_OUT"), (3, "POLL_MSG"), (4, "POLL_ERR"), (5, "POLL_PRI"), (6, "POLL_HUP")];
pub const SIGPROF_CODES: Xlat = &[(1, "PROF_SIG")];
pub const SIGSYS_CODES: Xlat = &[(1, "SYS_SECCOMP"), (2, "SYS_USER_DISPATCH")];

/// `stack_t`'s `ss_flags`.
pub const SS_FLAGS: Xlat = &[
    (libc::SS_ONSTACK as u64, "SS_ONSTACK"),
    (libc::SS_DISABLE as u64, "SS_DISABLE"),
    (1 << 31, "SS_AUTODISARM"),
];

/// clone3 flags beyond clone's (strace's `clone3_flags`).
pub const CLONE3_FLAGS: Xlat =
    &[(0x80, "CLONE_NEWTIME"), (0x1_0000_0000, "CLONE_CLEAR_SIGHAND"), (0x2_0000_0000, "CLONE_INTO_CGROUP")];

/// openat2's `resolve` (strace's `open_resolve_flags`).
pub const RESOLVE_FLAGS: Xlat = &[
    (0x01, "RESOLVE_NO_XDEV"),
    (0x02, "RESOLVE_NO_MAGICLINKS"),
    (0x04, "RESOLVE_NO_SYMLINKS"),
    (0x08, "RESOLVE_BENEATH"),
    (0x10, "RESOLVE_IN_ROOT"),
    (0x20, "RESOLVE_CACHED"),
];

/// utimensat's special `tv_nsec` values.
pub const UTIME_SPECIAL: Xlat =
    &[(libc::UTIME_NOW as u64, "UTIME_NOW"), (libc::UTIME_OMIT as u64, "UTIME_OMIT")];

/// Termios `c_iflag` bits.
pub const TERM_IFLAGS: Xlat = c!(
    IGNBRK, BRKINT, IGNPAR, PARMRK, INPCK, ISTRIP, INLCR, IGNCR, ICRNL, IUCLC, IXON, IXANY, IXOFF, IMAXBEL,
    IUTF8
);
/// Termios `c_oflag` bits outside the delay fields.
pub const TERM_OFLAGS: Xlat = c!(OPOST, OLCUC, ONLCR, OCRNL, ONOCR, ONLRET, OFILL, OFDEL);
pub const TERM_NLDLY: Xlat = c!(NL0, NL1);
pub const TERM_CRDLY: Xlat = c!(CR0, CR1, CR2, CR3);
pub const TERM_TABDLY: Xlat = c!(XTABS, TAB0, TAB1, TAB2, TAB3);
pub const TERM_BSDLY: Xlat = c!(BS1, BS0);
pub const TERM_VTDLY: Xlat = c!(VT0, VT1);
pub const TERM_FFDLY: Xlat = c!(FF0, FF1);
/// Termios `c_cflag` bits outside the baud and size fields.
pub const TERM_CFLAGS: Xlat = &[
    (libc::CSTOPB as u64, "CSTOPB"),
    (libc::CREAD as u64, "CREAD"),
    (libc::PARENB as u64, "PARENB"),
    (libc::PARODD as u64, "PARODD"),
    (libc::HUPCL as u64, "HUPCL"),
    (libc::CLOCAL as u64, "CLOCAL"),
    (libc::CMSPAR as u64, "CMSPAR"),
    (libc::CRTSCTS as u64, "CRTSCTS"),
];
pub const TERM_CSIZE: Xlat = c!(CS5, CS6, CS7, CS8);
pub const TERM_LFLAGS: Xlat = c!(
    ISIG, ICANON, XCASE, ECHO, ECHOE, ECHOK, ECHONL, NOFLSH, IEXTEN, ECHOCTL, ECHOPRT, ECHOKE, FLUSHO,
    PENDIN, TOSTOP, EXTPROC,
);
/// Baud rates (`c_cflag & CBAUD`).
pub const BAUD_RATES: Xlat = c!(
    B0, B50, B75, B110, B134, B150, B200, B300, B600, B1200, B1800, B2400, B4800, B9600, B19200, B38400,
    B57600, B115200, B230400, B460800, B500000, B576000, B921600, B1000000, B1152000, B1500000, B2000000,
    B2500000, B3000000, B3500000, B4000000, BOTHER,
);
/// `c_cc` indices.
pub const TERMIOS_CC: Xlat = c!(
    VINTR, VQUIT, VERASE, VKILL, VEOL2, VSWTC, VSTART, VSTOP, VSUSP, VREPRINT, VDISCARD, VWERASE, VLNEXT,
    VMIN, VTIME, VEOF, VEOL
);
/// Line disciplines (`c_line`), N_TTY first.
pub const LINE_DISCS: Xlat = &[
    (0, "N_TTY"),
    (1, "N_SLIP"),
    (2, "N_MOUSE"),
    (3, "N_PPP"),
    (4, "N_STRIP"),
    (5, "N_AX25"),
    (6, "N_X25"),
    (7, "N_6PACK"),
    (8, "N_MASC"),
    (9, "N_R3964"),
    (10, "N_PROFIBUS_FDL"),
    (11, "N_IRDA"),
    (12, "N_SMSBLOCK"),
    (13, "N_HDLC"),
    (14, "N_SYNC_PPP"),
    (15, "N_HCI"),
    (16, "N_GIGASET_M101"),
    (17, "N_SLCAN"),
    (18, "N_PPS"),
    (19, "N_V253"),
    (20, "N_CAIF"),
    (21, "N_GSM0710"),
    (22, "N_TI_WL"),
    (23, "N_TRACESINK"),
    (24, "N_TRACEROUTER"),
    (25, "N_NCI"),
    (26, "N_SPEAKUP"),
    (27, "N_NULL"),
];
/// `TIOCM_*` modem lines.
pub const MODEM_FLAGS: Xlat =
    c!(TIOCM_LE, TIOCM_DTR, TIOCM_RTS, TIOCM_ST, TIOCM_SR, TIOCM_CTS, TIOCM_CAR, TIOCM_RNG, TIOCM_DSR,);

/// The `AT_FDCWD`-free `SCHED_*` policies, for sched_getscheduler's return value.
pub const SCHED_POLICIES: Xlat = &[
    (libc::SCHED_OTHER as u64, "SCHED_OTHER"),
    (libc::SCHED_FIFO as u64, "SCHED_FIFO"),
    (libc::SCHED_RR as u64, "SCHED_RR"),
    (libc::SCHED_BATCH as u64, "SCHED_BATCH"),
    (4, "SCHED_ISO"),
    (libc::SCHED_IDLE as u64, "SCHED_IDLE"),
    (6, "SCHED_DEADLINE"),
];
