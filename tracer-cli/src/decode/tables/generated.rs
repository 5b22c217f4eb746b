//! strace 6.1's xlat tables (`src/xlat/*.in`) for x86_64, in strace's order: generated from strace's
//! sources, not written by hand. Each entry is `NAME` (the value of `libc::NAME`) or `NAME = value` for
//! a name the libc crate lacks or gets wrong (a kernel UAPI value, strace's own name for it such as
//! `__O_TMPFILE` or `SO_RCVTIMEO_OLD`, the kernel's `O_LARGEFILE` that glibc defines as 0, libc
//! 0.2's `CLONE_CLEAR_SIGHAND` typed `c_int`). Tables strace looks up by value (enumerations) may list
//! synonyms; flag sets are printed in this order.

#![allow(dead_code, reason = "all of strace's tables, whether or not a decoder prints them yet")]

use super::super::xlat::Xlat;

/// `NAME` → `(libc::NAME, "NAME")` (a C `int` constant, kept to its 32 bits as strace does);
/// `NAME = value` → `(value, "NAME")`.
macro_rules! x {
    ($($name:ident $(= $value:expr)?),* $(,)?) => { &[$(x!(@one $name $(= $value)?)),*] };
    (@one $name:ident) => { (libc::$name as u32 as u64, stringify!($name)) };
    (@one $name:ident = $value:expr) => { ($value as u64, stringify!($name)) };
}

/// `MSG_*` (strace's `msg_flags`): the flags of send/recv calls (`Flags::MsgFlags`) and msghdr's
/// msg_flags.
pub const MSG_FLAGS: Xlat = x![
    MSG_OOB,
    MSG_PEEK,
    MSG_DONTROUTE,
    MSG_CTRUNC,
    MSG_PROBE = 0x10,
    MSG_TRUNC,
    MSG_DONTWAIT,
    MSG_EOR,
    MSG_WAITALL,
    MSG_FIN,
    MSG_SYN,
    MSG_CONFIRM,
    MSG_RST,
    MSG_ERRQUEUE,
    MSG_NOSIGNAL,
    MSG_MORE,
    MSG_WAITFORONE,
    MSG_SENDPAGE_NOTLAST = 0x20000,
    MSG_BATCH = 0x40000,
    MSG_NO_SHARED_FRAGS = 0x80000,
    MSG_ZEROCOPY,
    MSG_FASTOPEN,
    MSG_CMSG_CLOEXEC,
    MSG_CMSG_COMPAT = 0x80000000,
];

/// `SHUT_*`: shutdown's `how` (`Flags::ShutdownHow`).
pub const SHUTDOWN_MODES: Xlat = x![SHUT_RD = 0x0, SHUT_WR = 0x1, SHUT_RDWR = 0x2,];

/// `SOL_*` (`socketlayers`): setsockopt/getsockopt's level (`Flags::SocketLevel`) and cmsg_level.
pub const SOCKET_LEVELS: Xlat = x![
    SOL_IP,
    SOL_SOCKET = 0x1,
    SOL_TCP,
    SOL_UDP,
    AF_VSOCK,
    SOL_IPV6,
    SOL_ICMPV6,
    SOL_CAN_BASE = 0x64,
    SOL_CAN_RAW = 0x65,
    SOL_SCTP = 0x84,
    SOL_UDPLITE = 0x88,
    SOL_RAW,
    SOL_IPX = 0x100,
    SOL_AX25 = 0x101,
    SOL_ATALK = 0x102,
    SOL_NETROM = 0x103,
    SOL_ROSE = 0x104,
    SOL_DECNET,
    SOL_X25,
    SOL_PACKET,
    SOL_ATM,
    SOL_AAL,
    SOL_IRDA,
    SOL_NETBEUI,
    SOL_LLC,
    SOL_DCCP,
    SOL_NETLINK,
    SOL_TIPC,
    SOL_RXRPC,
    SOL_PPPOL2TP,
    SOL_BLUETOOTH,
    SOL_PNPIPE,
    SOL_RDS,
    SOL_IUCV,
    SOL_CAIF,
    SOL_ALG,
    SOL_NFC,
    SOL_KCM = 0x119,
    SOL_TLS,
    SOL_XDP,
];

/// `SO_*` options of level SOL_SOCKET, common to setsockopt and getsockopt.
pub const SOCK_OPTIONS: Xlat = x![
    SO_DEBUG = 0x1,
    SO_REUSEADDR = 0x2,
    SO_TYPE = 0x3,
    SO_ERROR = 0x4,
    SO_DONTROUTE = 0x5,
    SO_BROADCAST = 0x6,
    SO_SNDBUF = 0x7,
    SO_RCVBUF = 0x8,
    SO_KEEPALIVE = 0x9,
    SO_OOBINLINE = 0xa,
    SO_NO_CHECK = 0xb,
    SO_PRIORITY = 0xc,
    SO_LINGER = 0xd,
    SO_BSDCOMPAT = 0xe,
    SO_REUSEPORT = 0xf,
    SO_PASSCRED = 0x10,
    SO_PEERCRED = 0x11,
    SO_RCVLOWAT = 0x12,
    SO_SNDLOWAT = 0x13,
    SO_RCVTIMEO_OLD = 0x14,
    SO_SNDTIMEO_OLD = 0x15,
    SO_SECURITY_AUTHENTICATION = 0x16,
    SO_SECURITY_ENCRYPTION_TRANSPORT = 0x17,
    SO_SECURITY_ENCRYPTION_NETWORK = 0x18,
    SO_BINDTODEVICE = 0x19,
    SO_DETACH_FILTER = 0x1b,
    SO_PEERNAME = 0x1c,
    SO_TIMESTAMP_OLD = 0x1d,
    SO_ACCEPTCONN = 0x1e,
    SO_PEERSEC = 0x1f,
    SO_SNDBUFFORCE = 0x20,
    SO_RCVBUFFORCE = 0x21,
    SO_PASSSEC = 0x22,
    SO_TIMESTAMPNS_OLD = 0x23,
    SO_MARK = 0x24,
    SO_TIMESTAMPING_OLD = 0x25,
    SO_PROTOCOL = 0x26,
    SO_DOMAIN = 0x27,
    SO_RXQ_OVFL = 0x28,
    SO_WIFI_STATUS = 0x29,
    SO_PEEK_OFF = 0x2a,
    SO_NOFCS = 0x2b,
    SO_LOCK_FILTER = 0x2c,
    SO_SELECT_ERR_QUEUE = 0x2d,
    SO_BUSY_POLL = 0x2e,
    SO_MAX_PACING_RATE = 0x2f,
    SO_BPF_EXTENSIONS = 0x30,
    SO_INCOMING_CPU = 0x31,
    SO_ATTACH_BPF = 0x32,
    SO_ATTACH_REUSEPORT_CBPF = 0x33,
    SO_ATTACH_REUSEPORT_EBPF = 0x34,
    SO_CNX_ADVICE = 0x35,
    SO_MEMINFO = 0x37,
    SO_INCOMING_NAPI_ID = 0x38,
    SO_COOKIE = 0x39,
    SO_PEERGROUPS = 0x3b,
    SO_ZEROCOPY = 0x3c,
    SO_TXTIME = 0x3d,
    SO_BINDTOIFINDEX = 0x3e,
    SO_TIMESTAMP_NEW = 0x3f,
    SO_TIMESTAMPNS_NEW = 0x40,
    SO_TIMESTAMPING_NEW = 0x41,
    SO_RCVTIMEO_NEW = 0x42,
    SO_SNDTIMEO_NEW = 0x43,
    SO_DETACH_REUSEPORT_BPF = 0x44,
    SO_PREFER_BUSY_POLL = 0x45,
    SO_BUSY_POLL_BUDGET = 0x46,
    SO_NETNS_COOKIE = 0x47,
    SO_BUF_LOCK = 0x48,
    SO_RESERVE_MEM = 0x49,
    SO_TXREHASH = 0x4a,
    SO_RCVMARK = 0x4b,
];

/// `SO_*` options only setsockopt has (looked up after [`SOCK_OPTIONS`]).
pub const SETSOCK_OPTIONS: Xlat = x![SO_ATTACH_FILTER = 0x1a,];

/// `SO_*` options only getsockopt has (looked up after [`SOCK_OPTIONS`]).
pub const GETSOCK_OPTIONS: Xlat = x![SO_GET_FILTER = 0x1a,];

/// `IP_*` options of level SOL_IP.
pub const SOCK_IP_OPTIONS: Xlat = x![
    IP_TOS,
    IP_TTL,
    IP_HDRINCL,
    IP_OPTIONS,
    IP_ROUTER_ALERT,
    IP_RECVOPTS,
    IP_RETOPTS,
    IP_PKTINFO,
    IP_PKTOPTIONS,
    IP_MTU_DISCOVER,
    IP_RECVERR,
    IP_RECVTTL,
    IP_RECVTOS,
    IP_MTU,
    IP_FREEBIND,
    IP_IPSEC_POLICY,
    IP_XFRM_POLICY,
    IP_PASSSEC,
    IP_TRANSPARENT,
    IP_ORIGDSTADDR,
    IP_MINTTL,
    IP_NODEFRAG,
    IP_CHECKSUM,
    IP_BIND_ADDRESS_NO_PORT,
    IP_RECVFRAGSIZE,
    IP_RECVERR_RFC4884 = 0x1a,
    IP_MULTICAST_IF,
    IP_MULTICAST_TTL,
    IP_MULTICAST_LOOP,
    IP_ADD_MEMBERSHIP,
    IP_DROP_MEMBERSHIP,
    IP_UNBLOCK_SOURCE,
    IP_BLOCK_SOURCE,
    IP_ADD_SOURCE_MEMBERSHIP,
    IP_DROP_SOURCE_MEMBERSHIP,
    IP_MSFILTER,
    MCAST_JOIN_GROUP,
    MCAST_BLOCK_SOURCE,
    MCAST_UNBLOCK_SOURCE,
    MCAST_LEAVE_GROUP,
    MCAST_JOIN_SOURCE_GROUP,
    MCAST_LEAVE_SOURCE_GROUP,
    MCAST_MSFILTER,
    IP_MULTICAST_ALL,
    IP_UNICAST_IF,
];

/// setsockopt-only options of level SOL_IP (netfilter's `*_SO_SET_*`).
pub const SETSOCK_IP_OPTIONS: Xlat = x![
    ARPT_SO_SET_REPLACE = 0x60,
    ARPT_SO_SET_ADD_COUNTERS = 0x61,
    EBT_SO_SET_ENTRIES = 0x80,
    EBT_SO_SET_COUNTERS = 0x81,
    IP_VS_SO_SET_NONE = 0x480,
    IP_VS_SO_SET_INSERT = 0x481,
    IP_VS_SO_SET_ADD = 0x482,
    IP_VS_SO_SET_EDIT = 0x483,
    IP_VS_SO_SET_DEL = 0x484,
    IP_VS_SO_SET_FLUSH = 0x485,
    IP_VS_SO_SET_LIST = 0x486,
    IP_VS_SO_SET_ADDDEST = 0x487,
    IP_VS_SO_SET_DELDEST = 0x488,
    IP_VS_SO_SET_EDITDEST = 0x489,
    IP_VS_SO_SET_TIMEOUT = 0x48a,
    IP_VS_SO_SET_STARTDAEMON = 0x48b,
    IP_VS_SO_SET_STOPDAEMON = 0x48c,
    IP_VS_SO_SET_RESTORE = 0x48d,
    IP_VS_SO_SET_SAVE = 0x48e,
    IP_VS_SO_SET_ZERO = 0x48f,
    IPT_SO_SET_REPLACE = 0x40,
    IPT_SO_SET_ADD_COUNTERS = 0x41,
];

/// getsockopt-only options of level SOL_IP (netfilter's `*_SO_GET_*`).
pub const GETSOCK_IP_OPTIONS: Xlat = x![
    ARPT_SO_GET_INFO = 0x60,
    ARPT_SO_GET_ENTRIES = 0x61,
    ARPT_SO_GET_REVISION_TARGET = 0x63,
    EBT_SO_GET_INFO = 0x80,
    EBT_SO_GET_ENTRIES = 0x81,
    EBT_SO_GET_INIT_INFO = 0x82,
    EBT_SO_GET_INIT_ENTRIES = 0x83,
    IP_VS_SO_GET_VERSION = 0x480,
    IP_VS_SO_GET_INFO = 0x481,
    IP_VS_SO_GET_SERVICES = 0x482,
    IP_VS_SO_GET_SERVICE = 0x483,
    IP_VS_SO_GET_DESTS = 0x484,
    IP_VS_SO_GET_DEST = 0x485,
    IP_VS_SO_GET_TIMEOUT = 0x486,
    IP_VS_SO_GET_DAEMON = 0x487,
    IPT_SO_GET_INFO = 0x40,
    IPT_SO_GET_ENTRIES = 0x41,
    IPT_SO_GET_REVISION_MATCH = 0x42,
    IPT_SO_GET_REVISION_TARGET = 0x43,
];

/// `IPV6_*` options of level SOL_IPV6.
pub const SOCK_IPV6_OPTIONS: Xlat = x![
    IPV6_ADDRFORM,
    IPV6_2292PKTINFO,
    IPV6_2292HOPOPTS,
    IPV6_2292DSTOPTS,
    IPV6_2292RTHDR,
    IPV6_2292PKTOPTIONS,
    IPV6_CHECKSUM,
    IPV6_2292HOPLIMIT,
    IPV6_NEXTHOP,
    IPV6_AUTHHDR,
    IPV6_FLOWINFO,
    IPV6_UNICAST_HOPS,
    IPV6_MULTICAST_IF,
    IPV6_MULTICAST_HOPS,
    IPV6_MULTICAST_LOOP,
    IPV6_ADD_MEMBERSHIP,
    IPV6_DROP_MEMBERSHIP,
    IPV6_ROUTER_ALERT,
    IPV6_MTU_DISCOVER,
    IPV6_MTU,
    IPV6_RECVERR,
    IPV6_V6ONLY,
    IPV6_JOIN_ANYCAST,
    IPV6_LEAVE_ANYCAST,
    IPV6_MULTICAST_ALL,
    IPV6_ROUTER_ALERT_ISOLATE,
    IPV6_RECVERR_RFC4884 = 0x1f,
    IPV6_FLOWLABEL_MGR,
    IPV6_FLOWINFO_SEND,
    IPV6_IPSEC_POLICY,
    IPV6_XFRM_POLICY,
    IPV6_HDRINCL,
    MCAST_JOIN_GROUP,
    MCAST_BLOCK_SOURCE,
    MCAST_UNBLOCK_SOURCE,
    MCAST_LEAVE_GROUP,
    MCAST_JOIN_SOURCE_GROUP,
    MCAST_LEAVE_SOURCE_GROUP,
    MCAST_MSFILTER,
    IPV6_RECVPKTINFO,
    IPV6_PKTINFO,
    IPV6_RECVHOPLIMIT,
    IPV6_HOPLIMIT,
    IPV6_RECVHOPOPTS,
    IPV6_HOPOPTS,
    IPV6_RTHDRDSTOPTS,
    IPV6_RECVRTHDR,
    IPV6_RTHDR,
    IPV6_RECVDSTOPTS,
    IPV6_DSTOPTS,
    IPV6_RECVPATHMTU,
    IPV6_PATHMTU,
    IPV6_DONTFRAG,
    IPV6_USE_MIN_MTU = 0x3f,
    IPV6_RECVTCLASS,
    IPV6_TCLASS,
    IPV6_AUTOFLOWLABEL,
    IPV6_ADDR_PREFERENCES,
    IPV6_MINHOPCOUNT,
    IPV6_ORIGDSTADDR,
    IPV6_TRANSPARENT,
    IPV6_UNICAST_IF,
    IPV6_RECVFRAGSIZE,
    IPV6_FREEBIND,
];

/// setsockopt-only options of level SOL_IPV6.
pub const SETSOCK_IPV6_OPTIONS: Xlat = x![IP6T_SO_SET_REPLACE = 0x40, IP6T_SO_SET_ADD_COUNTERS = 0x41,];

/// getsockopt-only options of level SOL_IPV6.
pub const GETSOCK_IPV6_OPTIONS: Xlat = x![
    IP6T_SO_GET_INFO = 0x40,
    IP6T_SO_GET_ENTRIES = 0x41,
    IP6T_SO_GET_REVISION_MATCH = 0x44,
    IP6T_SO_GET_REVISION_TARGET = 0x45,
];

/// `TCP_*` options of level SOL_TCP.
pub const SOCK_TCP_OPTIONS: Xlat = x![
    TCP_NODELAY,
    TCP_MAXSEG,
    TCP_CORK,
    TCP_KEEPIDLE,
    TCP_KEEPINTVL,
    TCP_KEEPCNT,
    TCP_SYNCNT,
    TCP_LINGER2,
    TCP_DEFER_ACCEPT,
    TCP_WINDOW_CLAMP,
    TCP_INFO,
    TCP_QUICKACK,
    TCP_CONGESTION,
    TCP_MD5SIG,
    TCP_COOKIE_TRANSACTIONS,
    TCP_THIN_LINEAR_TIMEOUTS,
    TCP_THIN_DUPACK,
    TCP_USER_TIMEOUT,
    TCP_REPAIR,
    TCP_REPAIR_QUEUE,
    TCP_QUEUE_SEQ,
    TCP_REPAIR_OPTIONS,
    TCP_FASTOPEN,
    TCP_TIMESTAMP,
    TCP_NOTSENT_LOWAT,
    TCP_CC_INFO,
    TCP_SAVE_SYN,
    TCP_SAVED_SYN,
    TCP_REPAIR_WINDOW,
    TCP_FASTOPEN_CONNECT,
    TCP_ULP,
    TCP_MD5SIG_EXT,
    TCP_FASTOPEN_KEY,
    TCP_FASTOPEN_NO_COOKIE,
    TCP_ZEROCOPY_RECEIVE,
    TCP_INQ,
    TCP_TX_DELAY = 0x25,
];

/// `UDP_*` options of level SOL_UDP.
pub const SOCK_UDP_OPTIONS: Xlat =
    x![UDP_CORK, UDP_ENCAP, UDP_NO_CHECK6_TX, UDP_NO_CHECK6_RX, UDP_SEGMENT, UDP_GRO,];

/// Options of level SOL_RAW (`ICMP_FILTER`).
pub const SOCK_RAW_OPTIONS: Xlat = x![ICMP_FILTER = 0x1,];

/// `NETLINK_*` options of level SOL_NETLINK.
pub const SOCK_NETLINK_OPTIONS: Xlat = x![
    NETLINK_ADD_MEMBERSHIP = 0x1,
    NETLINK_DROP_MEMBERSHIP = 0x2,
    NETLINK_PKTINFO = 0x3,
    NETLINK_BROADCAST_ERROR = 0x4,
    NETLINK_NO_ENOBUFS = 0x5,
    NETLINK_RX_RING = 0x6,
    NETLINK_TX_RING = 0x7,
    NETLINK_LISTEN_ALL_NSID = 0x8,
    NETLINK_LIST_MEMBERSHIPS = 0x9,
    NETLINK_CAP_ACK = 0xa,
    NETLINK_EXT_ACK = 0xb,
    NETLINK_GET_STRICT_CHK = 0xc,
];

/// `PACKET_*` options of level SOL_PACKET.
pub const SOCK_PACKET_OPTIONS: Xlat = x![
    PACKET_ADD_MEMBERSHIP = 0x1,
    PACKET_DROP_MEMBERSHIP = 0x2,
    PACKET_RECV_OUTPUT = 0x3,
    PACKET_RX_RING = 0x5,
    PACKET_STATISTICS = 0x6,
    PACKET_COPY_THRESH = 0x7,
    PACKET_AUXDATA = 0x8,
    PACKET_ORIGDEV = 0x9,
    PACKET_VERSION = 0xa,
    PACKET_HDRLEN = 0xb,
    PACKET_RESERVE = 0xc,
    PACKET_TX_RING = 0xd,
    PACKET_LOSS = 0xe,
    PACKET_VNET_HDR = 0xf,
    PACKET_TX_TIMESTAMP = 0x10,
    PACKET_TIMESTAMP = 0x11,
    PACKET_FANOUT = 0x12,
    PACKET_TX_HAS_OFF = 0x13,
    PACKET_QDISC_BYPASS = 0x14,
    PACKET_ROLLOVER_STATS = 0x15,
    PACKET_FANOUT_DATA = 0x16,
    PACKET_IGNORE_OUTGOING = 0x17,
];

/// `SO_VM_*` options of AF_VSOCK's level (40).
pub const SOCK_VSOCK_OPTIONS: Xlat = x![
    SO_VM_SOCKETS_BUFFER_SIZE = 0x0,
    SO_VM_SOCKETS_BUFFER_MIN_SIZE = 0x1,
    SO_VM_SOCKETS_BUFFER_MAX_SIZE = 0x2,
    SO_VM_SOCKETS_PEER_HOST_VM_ID = 0x3,
    SO_VM_SOCKETS_TRUSTED = 0x5,
    SO_VM_SOCKETS_CONNECT_TIMEOUT_OLD = 0x6,
    SO_VM_SOCKETS_NONBLOCK_TXRX = 0x7,
    SO_VM_SOCKETS_CONNECT_TIMEOUT_NEW = 0x8,
];

/// Options of level SOL_IPX.
pub const SOCK_IPX_OPTIONS: Xlat = x![IPX_TYPE = 0x1,];

/// Options of level SOL_AX25.
pub const SOCK_AX25_OPTIONS: Xlat = x![
    AX25_WINDOW = 0x1,
    AX25_T1 = 0x2,
    AX25_N2 = 0x3,
    AX25_T3 = 0x4,
    AX25_T2 = 0x5,
    AX25_BACKOFF = 0x6,
    AX25_EXTSEQ = 0x7,
    AX25_PIDINCL = 0x8,
    AX25_IDLE = 0x9,
    AX25_PACLEN = 0xa,
    AX25_IAMDIGI = 0xc,
    SO_BINDTODEVICE = 0x19,
];

/// Options of level SOL_CAN_RAW.
pub const SOCK_CAN_RAW_OPTIONS: Xlat = x![
    CAN_RAW_FILTER = 0x1,
    CAN_RAW_ERR_FILTER = 0x2,
    CAN_RAW_LOOPBACK = 0x3,
    CAN_RAW_RECV_OWN_MSGS = 0x4,
    CAN_RAW_FD_FRAMES = 0x5,
    CAN_RAW_JOIN_FILTERS = 0x6,
];

/// Options of level SOL_SCTP.
pub const SOCK_SCTP_OPTIONS: Xlat = x![
    SCTP_RTOINFO = 0x0,
    SCTP_ASSOCINFO = 0x1,
    SCTP_INITMSG = 0x2,
    SCTP_NODELAY = 0x3,
    SCTP_AUTOCLOSE = 0x4,
    SCTP_SET_PEER_PRIMARY_ADDR = 0x5,
    SCTP_PRIMARY_ADDR = 0x6,
    SCTP_ADAPTATION_LAYER = 0x7,
    SCTP_DISABLE_FRAGMENTS = 0x8,
    SCTP_PEER_ADDR_PARAMS = 0x9,
    SCTP_DEFAULT_SEND_PARAM = 0xa,
    SCTP_EVENTS = 0xb,
    SCTP_I_WANT_MAPPED_V4_ADDR = 0xc,
    SCTP_MAXSEG = 0xd,
    SCTP_STATUS = 0xe,
    SCTP_GET_PEER_ADDR_INFO = 0xf,
    SCTP_DELAYED_SACK = 0x10,
    SCTP_CONTEXT = 0x11,
    SCTP_FRAGMENT_INTERLEAVE = 0x12,
    SCTP_PARTIAL_DELIVERY_POINT = 0x13,
    SCTP_MAX_BURST = 0x14,
    SCTP_AUTH_CHUNK = 0x15,
    SCTP_HMAC_IDENT = 0x16,
    SCTP_AUTH_KEY = 0x17,
    SCTP_AUTH_ACTIVE_KEY = 0x18,
    SCTP_AUTH_DELETE_KEY = 0x19,
    SCTP_PEER_AUTH_CHUNKS = 0x1a,
    SCTP_LOCAL_AUTH_CHUNKS = 0x1b,
    SCTP_GET_ASSOC_NUMBER = 0x1c,
    SCTP_GET_ASSOC_ID_LIST = 0x1d,
    SCTP_AUTO_ASCONF = 0x1e,
    SCTP_PEER_ADDR_THLDS = 0x1f,
    SCTP_RECVRCVINFO = 0x20,
    SCTP_RECVNXTINFO = 0x21,
    SCTP_DEFAULT_SNDINFO = 0x22,
    SCTP_AUTH_DEACTIVATE_KEY = 0x23,
    SCTP_REUSE_PORT = 0x24,
    SCTP_PEER_ADDR_THLDS_V2 = 0x25,
    SCTP_SOCKOPT_BINDX_ADD = 0x64,
    SCTP_SOCKOPT_BINDX_REM = 0x65,
    SCTP_SOCKOPT_PEELOFF = 0x66,
    SCTP_GET_PEER_ADDRS_NUM_OLD = 0x67,
    SCTP_GET_PEER_ADDRS_OLD = 0x68,
    SCTP_GET_LOCAL_ADDRS_NUM_OLD = 0x69,
    SCTP_GET_LOCAL_ADDRS_OLD = 0x6a,
    SCTP_SOCKOPT_CONNECTX_OLD = 0x6b,
    SCTP_GET_PEER_ADDRS = 0x6c,
    SCTP_GET_LOCAL_ADDRS = 0x6d,
    SCTP_SOCKOPT_CONNECTX = 0x6e,
    SCTP_SOCKOPT_CONNECTX3 = 0x6f,
    SCTP_GET_ASSOC_STATS = 0x70,
    SCTP_PR_SUPPORTED = 0x71,
    SCTP_DEFAULT_PRINFO = 0x72,
    SCTP_PR_ASSOC_STATUS = 0x73,
    SCTP_PR_STREAM_STATUS = 0x74,
    SCTP_RECONFIG_SUPPORTED = 0x75,
    SCTP_ENABLE_STREAM_RESET = 0x76,
    SCTP_RESET_STREAMS = 0x77,
    SCTP_RESET_ASSOC = 0x78,
    SCTP_ADD_STREAMS = 0x79,
    SCTP_SOCKOPT_PEELOFF_FLAGS = 0x7a,
    SCTP_STREAM_SCHEDULER = 0x7b,
    SCTP_STREAM_SCHEDULER_VALUE = 0x7c,
    SCTP_INTERLEAVING_SUPPORTED = 0x7d,
    SCTP_SENDMSG_CONNECT = 0x7e,
    SCTP_EVENT = 0x7f,
    SCTP_ASCONF_SUPPORTED = 0x80,
    SCTP_AUTH_SUPPORTED = 0x81,
    SCTP_ECN_SUPPORTED = 0x82,
    SCTP_EXPOSE_POTENTIALLY_FAILED_STATE = 0x83,
    SCTP_REMOTE_UDP_ENCAPS_PORT = 0x84,
    SCTP_PLPMTUD_PROBE_INTERVAL = 0x85,
];

/// Options of level SOL_IRDA.
pub const SOCK_IRDA_OPTIONS: Xlat = x![
    IRLMP_ENUMDEVICES = 0x1,
    IRLMP_IAS_SET = 0x2,
    IRLMP_IAS_QUERY = 0x3,
    IRLMP_HINTS_SET = 0x4,
    IRLMP_QOS_SET = 0x5,
    IRLMP_QOS_GET = 0x6,
    IRLMP_MAX_SDU_SIZE = 0x7,
    IRLMP_IAS_GET = 0x8,
    IRLMP_IAS_DEL = 0x9,
    IRLMP_HINT_MASK_SET = 0xa,
    IRLMP_WAITDEVICE = 0xb,
];

/// Options of level SOL_LLC.
pub const SOCK_LLC_OPTIONS: Xlat = x![
    LLC_OPT_UNKNOWN = 0x0,
    LLC_OPT_RETRY = 0x1,
    LLC_OPT_SIZE = 0x2,
    LLC_OPT_ACK_TMR_EXP = 0x3,
    LLC_OPT_P_TMR_EXP = 0x4,
    LLC_OPT_REJ_TMR_EXP = 0x5,
    LLC_OPT_BUSY_TMR_EXP = 0x6,
    LLC_OPT_TX_WIN = 0x7,
    LLC_OPT_RX_WIN = 0x8,
    LLC_OPT_PKTINFO = 0x9,
];

/// Options of level SOL_DCCP.
pub const SOCK_DCCP_OPTIONS: Xlat = x![
    DCCP_SOCKOPT_PACKET_SIZE,
    DCCP_SOCKOPT_SERVICE,
    DCCP_SOCKOPT_CHANGE_L,
    DCCP_SOCKOPT_CHANGE_R,
    DCCP_SOCKOPT_GET_CUR_MPS,
    DCCP_SOCKOPT_SERVER_TIMEWAIT,
    DCCP_SOCKOPT_SEND_CSCOV,
    DCCP_SOCKOPT_RECV_CSCOV,
    DCCP_SOCKOPT_AVAILABLE_CCIDS,
    DCCP_SOCKOPT_CCID,
    DCCP_SOCKOPT_TX_CCID,
    DCCP_SOCKOPT_RX_CCID,
    DCCP_SOCKOPT_QPOLICY_ID,
    DCCP_SOCKOPT_QPOLICY_TXQLEN,
    DCCP_SOCKOPT_CCID_RX_INFO,
    DCCP_SOCKOPT_CCID_TX_INFO,
];

/// Options of level SOL_TIPC.
pub const SOCK_TIPC_OPTIONS: Xlat = x![
    TIPC_IMPORTANCE = 0x7f,
    TIPC_SRC_DROPPABLE = 0x80,
    TIPC_DEST_DROPPABLE = 0x81,
    TIPC_CONN_TIMEOUT = 0x82,
    TIPC_NODE_RECVQ_DEPTH = 0x83,
    TIPC_SOCK_RECVQ_DEPTH = 0x84,
    TIPC_MCAST_BROADCAST = 0x85,
    TIPC_MCAST_REPLICAST = 0x86,
    TIPC_GROUP_JOIN = 0x87,
    TIPC_GROUP_LEAVE = 0x88,
    TIPC_SOCK_RECVQ_USED = 0x89,
    TIPC_NODELAY = 0x8a,
];

/// Options of level SOL_RXRPC.
pub const SOCK_RXRPC_OPTIONS: Xlat = x![
    RXRPC_SECURITY_KEY = 0x1,
    RXRPC_SECURITY_KEYRING = 0x2,
    RXRPC_EXCLUSIVE_CONNECTION = 0x3,
    RXRPC_MIN_SECURITY_LEVEL = 0x4,
    RXRPC_UPGRADEABLE_SERVICE = 0x5,
    RXRPC_SUPPORTED_CMSG = 0x6,
];

/// Options of level SOL_PPPOL2TP.
pub const SOCK_PPPOL2TP_OPTIONS: Xlat = x![
    PPPOL2TP_SO_DEBUG = 0x1,
    PPPOL2TP_SO_RECVSEQ = 0x2,
    PPPOL2TP_SO_SENDSEQ = 0x3,
    PPPOL2TP_SO_LNSMODE = 0x4,
    PPPOL2TP_SO_REORDERTO = 0x5,
];

/// Options of level SOL_BLUETOOTH.
pub const SOCK_BLUETOOTH_OPTIONS: Xlat = x![
    BT_SECURITY = 0x4,
    BT_DEFER_SETUP = 0x7,
    BT_FLUSHABLE = 0x8,
    BT_POWER = 0x9,
    BT_CHANNEL_POLICY = 0xa,
    BT_VOICE = 0xb,
    BT_SNDMTU = 0xc,
    BT_RCVMTU = 0xd,
];

/// Options of level SOL_PNPIPE.
pub const SOCK_PNP_OPTIONS: Xlat =
    x![PNPIPE_ENCAP = 0x1, PNPIPE_IFINDEX = 0x2, PNPIPE_HANDLE = 0x3, PNPIPE_INITSTATE = 0x4,];

/// Options of level SOL_RDS.
pub const SOCK_RDS_OPTIONS: Xlat = x![
    RDS_CANCEL_SENT_TO = 0x1,
    RDS_GET_MR = 0x2,
    RDS_FREE_MR = 0x3,
    RDS_BARRIER = 0x4,
    RDS_RECVERR = 0x5,
    RDS_CONG_MONITOR = 0x6,
    RDS_GET_MR_FOR_DEST = 0x7,
    SO_RDS_TRANSPORT = 0x8,
    SO_RDS_MSG_RXPATH_LATENCY = 0xa,
    SO_TIMESTAMP_OLD = 0x1d,
    RDS_INFO_COUNTERS = 0x2710,
    RDS_INFO_CONNECTIONS = 0x2711,
    RDS_INFO_FLOWS = 0x2712,
    RDS_INFO_SEND_MESSAGES = 0x2713,
    RDS_INFO_RETRANS_MESSAGES = 0x2714,
    RDS_INFO_RECV_MESSAGES = 0x2715,
    RDS_INFO_SOCKETS = 0x2716,
    RDS_INFO_TCP_SOCKETS = 0x2717,
    RDS_INFO_IB_CONNECTIONS = 0x2718,
    RDS_INFO_CONNECTION_STATS = 0x2719,
    RDS_INFO_IWARP_CONNECTIONS = 0x271a,
];

/// Options of level SOL_IUCV.
pub const SOCK_IUCV_OPTIONS: Xlat = x![SO_IPRMDATA_MSG = 0x80, SO_MSGLIMIT = 0x1000, SO_MSGSIZE = 0x800,];

/// Options of level SOL_CAIF.
pub const SOCK_CAIF_OPTIONS: Xlat =
    x![CAIFSO_LINK_SELECT = 0x7f, CAIFSO_REQ_PARAM = 0x80, CAIFSO_RSP_PARAM = 0x81,];

/// Options of level SOL_ALG.
pub const SOCK_ALG_OPTIONS: Xlat = x![
    ALG_SET_KEY,
    ALG_SET_IV,
    ALG_SET_OP,
    ALG_SET_AEAD_ASSOCLEN,
    ALG_SET_AEAD_AUTHSIZE,
    ALG_SET_DRBG_ENTROPY,
];

/// Options of level SOL_NFC.
pub const SOCK_NFCLLCP_OPTIONS: Xlat = x![
    NFC_LLCP_RW = 0x0,
    NFC_LLCP_MIUX = 0x1,
    NFC_LLCP_REMOTE_MIU = 0x2,
    NFC_LLCP_REMOTE_LTO = 0x3,
    NFC_LLCP_REMOTE_RW = 0x4,
];

/// Options of level SOL_KCM.
pub const SOCK_KCM_OPTIONS: Xlat = x![KCM_RECV_DISABLE = 0x1,];

/// Options of level SOL_TLS.
pub const SOCK_TLS_OPTIONS: Xlat = x![TLS_TX = 0x1, TLS_RX = 0x2,];

/// Options of level SOL_XDP.
pub const SOCK_XDP_OPTIONS: Xlat = x![
    XDP_MMAP_OFFSETS,
    XDP_RX_RING,
    XDP_TX_RING,
    XDP_UMEM_REG,
    XDP_UMEM_FILL_RING,
    XDP_UMEM_COMPLETION_RING,
    XDP_STATISTICS,
    XDP_OPTIONS,
];

/// Open flags beyond the access mode (`open_mode_flags`): open's flags after `O_RDONLY|`, pipe2/dup3's
/// flags (`Flags::PipeFlags`), F_SETFL's argument and F_GETFL's result.
pub const OPEN_MODE_FLAGS: Xlat = x![
    O_CREAT,
    O_EXCL,
    O_NOCTTY,
    O_TRUNC,
    O_APPEND,
    O_NONBLOCK,
    O_SYNC,
    __O_SYNC = 0x100000,
    O_DSYNC,
    O_DIRECT,
    O_LARGEFILE = 0o100000,
    O_NOFOLLOW,
    O_NOATIME,
    O_CLOEXEC,
    O_PATH,
    O_TMPFILE,
    __O_TMPFILE = 0o20000000,
    O_DIRECTORY,
    FASYNC = libc::O_ASYNC,
];

/// `SOCK_*` socket types (the low 4 bits of socket's type).
pub const SOCKET_TYPES: Xlat = x![
    SOCK_STREAM = 0x1,
    SOCK_DGRAM = 0x2,
    SOCK_RAW = 0x3,
    SOCK_RDM = 0x4,
    SOCK_SEQPACKET = 0x5,
    SOCK_DCCP = 0x6,
    SOCK_PACKET = 0xa,
];

/// `SOCK_CLOEXEC|SOCK_NONBLOCK`: socket's type flags and accept4's flags (`Flags::SocketFlags`).
pub const SOCKET_TYPE_FLAGS: Xlat = x![SOCK_CLOEXEC = 0x80000, SOCK_NONBLOCK = 0x800,];

/// `MREMAP_*`: mremap's flags (`Flags::MremapFlags`).
pub const MREMAP_FLAGS: Xlat = x![MREMAP_MAYMOVE, MREMAP_FIXED, MREMAP_DONTUNMAP,];

/// `MS_SYNC`, `MS_ASYNC`, `MS_INVALIDATE`: msync's flags (`Flags::MsyncFlags`).
pub const MSYNC_FLAGS: Xlat = x![MS_SYNC, MS_ASYNC, MS_INVALIDATE,];

/// `ITIMER_*`: getitimer/setitimer's `which` (`Flags::ItimerWhich`).
pub const ITIMER_WHICH: Xlat = x![ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF,];

/// `LOCK_*`: flock's operation (`Flags::FlockOp`).
pub const FLOCK_CMDS: Xlat = x![
    LOCK_SH,
    LOCK_EX,
    LOCK_NB,
    LOCK_UN,
    LOCK_MAND = 0x20,
    LOCK_RW = 0xc0,
    LOCK_READ = 0x40,
    LOCK_WRITE = 0x80,
];

/// `RUSAGE_*`: getrusage's `who` (`Flags::RusageWho`), as a 32-bit value.
pub const RUSAGE_WHO: Xlat = x![RUSAGE_SELF, RUSAGE_CHILDREN, RUSAGE_BOTH = 0xfffffffe, RUSAGE_THREAD,];

/// `PTRACE_*` requests (`Flags::PtraceRequest`).
pub const PTRACE_CMDS: Xlat = x![
    PTRACE_TRACEME,
    PTRACE_PEEKTEXT,
    PTRACE_PEEKDATA,
    PTRACE_PEEKUSER,
    PTRACE_POKETEXT,
    PTRACE_POKEDATA,
    PTRACE_POKEUSER,
    PTRACE_CONT,
    PTRACE_KILL,
    PTRACE_SINGLESTEP,
    PTRACE_ATTACH,
    PTRACE_DETACH,
    PTRACE_SYSCALL,
    PTRACE_SETOPTIONS,
    PTRACE_GETEVENTMSG,
    PTRACE_GETSIGINFO,
    PTRACE_SETSIGINFO,
    PTRACE_GETREGSET,
    PTRACE_SETREGSET,
    PTRACE_SEIZE,
    PTRACE_INTERRUPT,
    PTRACE_LISTEN,
    PTRACE_PEEKSIGINFO,
    PTRACE_GETSIGMASK,
    PTRACE_SETSIGMASK,
    PTRACE_SECCOMP_GET_FILTER = 0x420c,
    PTRACE_SECCOMP_GET_METADATA = 0x420d,
    PTRACE_GET_SYSCALL_INFO,
    PTRACE_GET_RSEQ_CONFIGURATION,
    PTRACE_GETREGS,
    PTRACE_SETREGS,
    PTRACE_GETFPREGS,
    PTRACE_SETFPREGS,
    PTRACE_GETFPXREGS,
    PTRACE_SETFPXREGS,
    PTRACE_OLDSETOPTIONS = 0x15,
    PTRACE_GET_THREAD_AREA = 0x19,
    PTRACE_SET_THREAD_AREA = 0x1a,
    PTRACE_SYSEMU,
    PTRACE_SYSEMU_SINGLESTEP,
    PTRACE_SINGLEBLOCK = 0x21,
    PTRACE_ARCH_PRCTL = 0x1e,
];

/// `PRIO_*`: getpriority/setpriority's `which` (`Flags::PrioWhich`).
pub const PRIORITIES: Xlat = x![PRIO_PROCESS, PRIO_PGRP, PRIO_USER,];

/// `SCHED_*` policies (`Flags::SchedPolicy`; sched_getscheduler's return).
pub const SCHEDULERS: Xlat =
    x![SCHED_OTHER, SCHED_FIFO, SCHED_RR, SCHED_BATCH, SCHED_ISO = 0x4, SCHED_IDLE, SCHED_DEADLINE,];

/// `MCL_*`: mlockall's flags (`Flags::MlockallFlags`).
pub const MLOCKALL_FLAGS: Xlat = x![MCL_CURRENT, MCL_FUTURE, MCL_ONFAULT,];

/// `MS_*`: mount's flags (`Flags::MountFlags`, after `MS_MGC_VAL`).
pub const MOUNT_FLAGS: Xlat = x![
    MS_RDONLY,
    MS_NOSUID,
    MS_NODEV,
    MS_NOEXEC,
    MS_SYNCHRONOUS,
    MS_REMOUNT,
    MS_MANDLOCK,
    MS_DIRSYNC,
    MS_NOSYMFOLLOW,
    MS_NOATIME,
    MS_NODIRATIME,
    MS_BIND,
    MS_MOVE,
    MS_REC,
    MS_SILENT,
    MS_POSIXACL,
    MS_UNBINDABLE,
    MS_PRIVATE,
    MS_SLAVE,
    MS_SHARED,
    MS_RELATIME,
    MS_KERNMOUNT,
    MS_I_VERSION,
    MS_STRICTATIME,
    MS_LAZYTIME,
    MS_SUBMOUNT = 0x4000000,
    MS_NOREMOTELOCK = 0x8000000,
    MS_NOSEC = 0x10000000,
    MS_BORN = 0x20000000,
    MS_ACTIVE,
    MS_NOUSER,
];

/// `MNT_*`/`UMOUNT_NOFOLLOW`: umount2's flags (`Flags::UmountFlags`).
pub const UMOUNT_FLAGS: Xlat = x![MNT_FORCE, MNT_DETACH, MNT_EXPIRE, UMOUNT_NOFOLLOW,];

/// `EPOLL_CTL_*`: epoll_ctl's op (`Flags::EpollCtlOp`).
pub const EPOLL_CTLS: Xlat = x![EPOLL_CTL_ADD, EPOLL_CTL_DEL, EPOLL_CTL_MOD,];

/// `EPOLL_CLOEXEC`: epoll_create1's flags (`Flags::EpollCreateFlags`).
pub const EPOLL_FLAGS: Xlat = x![EPOLL_CLOEXEC,];

/// `EPOLL*` events: `struct epoll_event`'s events (unknown: `EPOLL???`).
pub const EPOLL_EVENTS: Xlat = x![
    EPOLLIN,
    EPOLLPRI,
    EPOLLOUT,
    EPOLLERR,
    EPOLLHUP,
    EPOLLNVAL = 0x20,
    EPOLLRDNORM,
    EPOLLRDBAND,
    EPOLLWRNORM,
    EPOLLWRBAND,
    EPOLLMSG,
    EPOLLRDHUP,
    EPOLLEXCLUSIVE,
    EPOLLWAKEUP,
    EPOLLONESHOT,
    EPOLLET,
];

/// `POLL*` events: `struct pollfd`'s events and revents (unknown: `POLL???`).
pub const POLL_EVENTS: Xlat = x![
    POLLIN,
    POLLPRI,
    POLLOUT,
    POLLERR,
    POLLHUP,
    POLLNVAL,
    POLLRDNORM,
    POLLRDBAND,
    POLLWRNORM,
    POLLWRBAND,
    POLLMSG = 0x400,
    POLLREMOVE = 0x1000,
    POLLRDHUP,
    POLL_BUSY_LOOP = 0x8000,
];

/// `POSIX_FADV_*`: fadvise64's advice (`Flags::FadviseAdvice`).
pub const FADVISE_ADVICE: Xlat = x![
    POSIX_FADV_NORMAL,
    POSIX_FADV_RANDOM,
    POSIX_FADV_SEQUENTIAL,
    POSIX_FADV_WILLNEED,
    POSIX_FADV_DONTNEED,
    POSIX_FADV_NOREUSE,
];

/// `P_*`: waitid's idtype (`Flags::Idtype`).
pub const WAITID_TYPES: Xlat = x![P_ALL, P_PID, P_PGID, P_PIDFD,];

/// `IN_*` events: inotify_add_watch's mask (`Flags::InotifyMask`).
pub const INOTIFY_FLAGS: Xlat = x![
    IN_ACCESS,
    IN_MODIFY,
    IN_ATTRIB,
    IN_CLOSE_WRITE,
    IN_CLOSE_NOWRITE,
    IN_OPEN,
    IN_MOVED_FROM,
    IN_MOVED_TO,
    IN_CREATE,
    IN_DELETE,
    IN_DELETE_SELF,
    IN_MOVE_SELF,
    IN_UNMOUNT,
    IN_Q_OVERFLOW,
    IN_IGNORED,
    IN_ONLYDIR,
    IN_DONT_FOLLOW,
    IN_EXCL_UNLINK,
    IN_MASK_CREATE,
    IN_MASK_ADD,
    IN_ISDIR,
    IN_ONESHOT,
];

/// `IN_NONBLOCK|IN_CLOEXEC`: inotify_init1's flags (`Flags::InotifyInitFlags`).
pub const INOTIFY_INIT_FLAGS: Xlat = x![IN_NONBLOCK, IN_CLOEXEC,];

/// `SPLICE_F_*`: splice/tee/vmsplice's flags (`Flags::SpliceFlags`).
pub const SPLICE_FLAGS: Xlat = x![SPLICE_F_MOVE, SPLICE_F_NONBLOCK, SPLICE_F_MORE, SPLICE_F_GIFT,];

/// `SFD_*`: signalfd4's flags (`Flags::SignalfdFlags`).
pub const SFD_FLAGS: Xlat = x![SFD_CLOEXEC, SFD_NONBLOCK,];

/// `TFD_*`: timerfd_create's and timerfd_settime's flags (`Flags::TimerfdFlags`,
/// `Flags::TimerfdSettimeFlags`).
pub const TIMERFD_FLAGS: Xlat = x![TFD_TIMER_ABSTIME, TFD_TIMER_CANCEL_ON_SET, TFD_CLOEXEC, TFD_NONBLOCK,];

/// `EFD_*`: eventfd2's flags (`Flags::EventfdFlags`).
pub const EFD_FLAGS: Xlat = x![EFD_SEMAPHORE, EFD_CLOEXEC, EFD_NONBLOCK,];

/// `FALLOC_FL_*`: fallocate's mode (`Flags::FallocMode`).
pub const FALLOC_FLAGS: Xlat = x![
    FALLOC_FL_KEEP_SIZE,
    FALLOC_FL_PUNCH_HOLE,
    FALLOC_FL_NO_HIDE_STALE = 0x4,
    FALLOC_FL_COLLAPSE_RANGE,
    FALLOC_FL_ZERO_RANGE,
    FALLOC_FL_INSERT_RANGE,
    FALLOC_FL_UNSHARE_RANGE,
];

/// `RENAME_*`: renameat2's flags (`Flags::RenameFlags`; unknown: `RENAME_??`).
pub const RENAME_FLAGS: Xlat = x![RENAME_NOREPLACE, RENAME_EXCHANGE, RENAME_WHITEOUT,];

/// `MFD_*`: memfd_create's flags (`Flags::MemfdFlags`, before the huge page size).
pub const MEMFD_CREATE_FLAGS: Xlat = x![MFD_CLOEXEC, MFD_ALLOW_SEALING, MFD_HUGETLB,];

/// `CLOSE_RANGE_*`: close_range's flags (`Flags::CloseRangeFlags`).
pub const CLOSE_RANGE_FLAGS: Xlat = x![CLOSE_RANGE_UNSHARE, CLOSE_RANGE_CLOEXEC,];

/// `CLONE_*` namespaces and sharing flags of unshare (`Flags::UnshareFlags`).
pub const UNSHARE_FLAGS: Xlat = x![
    CLONE_NEWTIME,
    CLONE_VM,
    CLONE_FS,
    CLONE_FILES,
    CLONE_SIGHAND,
    CLONE_THREAD,
    CLONE_NEWNS,
    CLONE_SYSVSEM,
    CLONE_NEWCGROUP,
    CLONE_NEWUTS,
    CLONE_NEWIPC,
    CLONE_NEWUSER,
    CLONE_NEWPID,
    CLONE_NEWNET,
];

/// `CLONE_NEW*`: setns's nstype.
pub const SETNS_TYPES: Xlat = x![
    CLONE_NEWTIME,
    CLONE_NEWNS,
    CLONE_NEWCGROUP,
    CLONE_NEWUTS,
    CLONE_NEWIPC,
    CLONE_NEWUSER,
    CLONE_NEWPID,
    CLONE_NEWNET,
];

/// `SCM_*`: cmsg_type of level SOL_SOCKET control messages.
pub const SCM_TYPES: Xlat = x![
    SCM_RIGHTS,
    SCM_CREDENTIALS,
    SCM_SECURITY = 0x3,
    SO_WIFI_STATUS = 0x29,
    SO_TXTIME = 0x3d,
    SO_TIMESTAMP_OLD = 0x1d,
    SO_TIMESTAMPNS_OLD = 0x23,
    SO_TIMESTAMPING_OLD = 0x25,
    SO_TIMESTAMP_NEW = 0x3f,
    SO_TIMESTAMPNS_NEW = 0x40,
    SO_TIMESTAMPING_NEW = 0x41,
    SCM_TIMESTAMPING_OPT_STATS = 0x36,
    SCM_TIMESTAMPING_PKTINFO = 0x3a,
];

/// cmsg_type of level SOL_IP control messages (`IP_PKTINFO`, `IP_TTL`...).
pub const IP_CMSG_TYPES: Xlat =
    x![IP_TOS, IP_TTL, IP_RECVOPTS, IP_RETOPTS, IP_PKTINFO, IP_RECVERR, IP_ORIGDSTADDR, IP_CHECKSUM,];

/// `SI_*`: si_code of any signal (a 32-bit value: `SI_QUEUE` is 0xffffffff), looked up first.
pub const SIGINFO_CODES: Xlat = x![
    SI_USER,
    SI_KERNEL,
    SI_QUEUE,
    SI_TIMER,
    SI_MESGQ,
    SI_ASYNCIO,
    SI_SIGIO,
    SI_TKILL,
    SI_DETHREAD,
    SI_ASYNCNL,
];

/// `CLD_*`: si_code of SIGCHLD.
pub const SIGCHLD_CODES: Xlat =
    x![CLD_EXITED, CLD_KILLED, CLD_DUMPED, CLD_TRAPPED, CLD_STOPPED, CLD_CONTINUED,];

/// `SEGV_*`: si_code of SIGSEGV.
pub const SIGSEGV_CODES: Xlat = x![
    SEGV_MAPERR = 0x1,
    SEGV_ACCERR = 0x2,
    SEGV_BNDERR = 0x3,
    SEGV_PKUERR = 0x4,
    SEGV_ACCADI = 0x5,
    SEGV_ADIDERR = 0x6,
    SEGV_ADIPERR = 0x7,
    SEGV_MTEAERR = 0x8,
    SEGV_MTESERR = 0x9,
];

/// `BUS_*`: si_code of SIGBUS.
pub const SIGBUS_CODES: Xlat = x![BUS_ADRALN, BUS_ADRERR, BUS_OBJERR, BUS_MCEERR_AR, BUS_MCEERR_AO,];

/// `TRAP_*`: si_code of SIGTRAP.
pub const SIGTRAP_CODES: Xlat = x![TRAP_BRKPT, TRAP_TRACE, TRAP_BRANCH, TRAP_HWBKPT, TRAP_UNK, TRAP_PERF,];

/// `POLL_*`: si_code of SIGIO/SIGPOLL.
pub const SIGPOLL_CODES: Xlat =
    x![POLL_IN = 0x1, POLL_OUT = 0x2, POLL_MSG = 0x3, POLL_ERR = 0x4, POLL_PRI = 0x5, POLL_HUP = 0x6,];

/// `ILL_*`: si_code of SIGILL.
pub const SIGILL_CODES: Xlat = x![
    ILL_ILLOPC = 0x1,
    ILL_ILLOPN = 0x2,
    ILL_ILLADR = 0x3,
    ILL_ILLTRP = 0x4,
    ILL_PRVOPC = 0x5,
    ILL_PRVREG = 0x6,
    ILL_COPROC = 0x7,
    ILL_BADSTK = 0x8,
    ILL_BADIADDR = 0x9,
];

/// `FPE_*`: si_code of SIGFPE.
pub const SIGFPE_CODES: Xlat = x![
    FPE_INTDIV = 0x1,
    FPE_INTOVF = 0x2,
    FPE_FLTDIV = 0x3,
    FPE_FLTOVF = 0x4,
    FPE_FLTUND = 0x5,
    FPE_FLTRES = 0x6,
    FPE_FLTINV = 0x7,
    FPE_FLTSUB = 0x8,
    FPE_FLTUNK = 0xe,
    FPE_CONDTRAP = 0xf,
];

/// `SYS_*`: si_code of SIGSYS.
pub const SIGSYS_CODES: Xlat = x![SYS_SECCOMP = 0x1, SYS_USER_DISPATCH = 0x2,];

/// `SS_*`: stack_t's ss_flags.
pub const SIGALTSTACK_FLAGS: Xlat = x![SS_ONSTACK, SS_DISABLE, SS_AUTODISARM = 0x80000000,];

/// termios c_iflag bits.
pub const TERM_IFLAGS: Xlat = x![
    IGNBRK, BRKINT, IGNPAR, PARMRK, INPCK, ISTRIP, INLCR, IGNCR, ICRNL, IUCLC, IXON, IXANY, IXOFF, IMAXBEL,
    IUTF8,
];

/// termios c_oflag bits (the delay fields are printed from their own tables first).
pub const TERM_OFLAGS: Xlat = x![OPOST, OLCUC, ONLCR, OCRNL, ONOCR, ONLRET, OFILL, OFDEL,];

/// termios c_oflag NLDLY field.
pub const TERM_OFLAGS_NLDLY: Xlat = x![NL0, NL1,];

/// termios c_oflag CRDLY field.
pub const TERM_OFLAGS_CRDLY: Xlat = x![CR0, CR1, CR2, CR3,];

/// termios c_oflag TABDLY field.
pub const TERM_OFLAGS_TABDLY: Xlat = x![XTABS, TAB0, TAB1, TAB2, TAB3,];

/// termios c_oflag BSDLY field.
pub const TERM_OFLAGS_BSDLY: Xlat = x![BS1, BS0,];

/// termios c_oflag VTDLY field.
pub const TERM_OFLAGS_VTDLY: Xlat = x![VT0, VT1,];

/// termios c_oflag FFDLY field.
pub const TERM_OFLAGS_FFDLY: Xlat = x![FF0, FF1,];

/// termios c_cflag bits (after the speed and CSIZE fields).
pub const TERM_CFLAGS: Xlat = x![CSTOPB, CREAD, PARENB, PARODD, HUPCL, CLOCAL, CMSPAR, CRTSCTS,];

/// termios c_cflag CSIZE field (`CS8`).
pub const TERM_CFLAGS_CSIZE: Xlat = x![CS5, CS6, CS7, CS8,];

/// termios c_lflag bits.
pub const TERM_LFLAGS: Xlat = x![
    ISIG, ICANON, XCASE, ECHO, ECHOE, ECHOK, ECHONL, NOFLSH, IEXTEN, ECHOCTL, ECHOPRT, ECHOKE, FLUSHO,
    PENDIN, TOSTOP, EXTPROC,
];

/// `B*` speeds: termios c_cflag's CBAUD field (`B38400`).
pub const BAUD_OPTIONS: Xlat = x![
    B0, B50, B75, B110, B134, B150, B200, B300, B600, B1200, B1800, B2400, B4800, B9600, B19200, B38400,
    B57600, B115200, B230400, B460800, B500000, B576000, B921600, B1000000, B1152000, B1500000, B2000000,
    B2500000, B3000000, B3500000, B4000000, EXTA, EXTB,
];

/// `N_*` line disciplines: termios c_line.
pub const TERM_LINE_DISCS: Xlat = x![
    N_TTY = 0x0,
    N_SLIP = 0x1,
    N_MOUSE = 0x2,
    N_PPP = 0x3,
    N_STRIP = 0x4,
    N_AX25 = 0x5,
    N_X25 = 0x6,
    N_6PACK = 0x7,
    N_MASC = 0x8,
    N_R3964 = 0x9,
    N_PROFIBUS_FDL = 0xa,
    N_IRDA = 0xb,
    N_SMSBLOCK = 0xc,
    N_HDLC = 0xd,
    N_SYNC_PPP = 0xe,
    N_HCI = 0xf,
    N_GIGASET_M101 = 0x10,
    N_SLCAN = 0x11,
    N_PPS = 0x12,
    N_V253 = 0x13,
    N_CAIF = 0x14,
    N_GSM0710 = 0x15,
    N_TI_WL = 0x16,
    N_TRACESINK = 0x17,
    N_TRACEROUTER = 0x18,
    N_NCI = 0x19,
    N_SPEAKUP = 0x1a,
    N_NULL = 0x1b,
];

/// termios c_cc indices (`VINTR`...).
pub const TERMIOS_CC: Xlat = x![
    VINTR, VQUIT, VERASE, VKILL, VEOL2, VSWTC, VSTART, VSTOP, VSUSP, VREPRINT, VDISCARD, VWERASE, VLNEXT,
    VMIN, VTIME, VEOF, VEOL,
];

/// `IPPROTO_*`: socket's protocol for AF_INET/AF_INET6 (`Flags::SocketProtocol`).
pub const INET_PROTOCOLS: Xlat = x![
    IPPROTO_IP,
    IPPROTO_ICMP,
    IPPROTO_IGMP,
    IPPROTO_IPIP,
    IPPROTO_TCP,
    IPPROTO_EGP,
    IPPROTO_PUP,
    IPPROTO_UDP,
    IPPROTO_IDP,
    IPPROTO_TP,
    IPPROTO_DCCP,
    IPPROTO_IPV6,
    IPPROTO_ROUTING,
    IPPROTO_FRAGMENT,
    IPPROTO_RSVP,
    IPPROTO_GRE,
    IPPROTO_ESP,
    IPPROTO_AH,
    IPPROTO_ICMPV6,
    IPPROTO_NONE,
    IPPROTO_DSTOPTS,
    IPPROTO_MTP,
    IPPROTO_BEETPH,
    IPPROTO_ENCAP,
    IPPROTO_PIM,
    IPPROTO_COMP,
    IPPROTO_L2TP = 0x73,
    IPPROTO_SCTP,
    IPPROTO_MH,
    IPPROTO_UDPLITE,
    IPPROTO_MPLS,
    IPPROTO_ETHERNET,
    IPPROTO_RAW,
    IPPROTO_MPTCP,
];

/// `NETLINK_*`: socket's protocol for AF_NETLINK.
pub const NETLINK_PROTOCOLS: Xlat = x![
    NETLINK_ROUTE = 0x0,
    NETLINK_UNUSED = 0x1,
    NETLINK_USERSOCK = 0x2,
    NETLINK_FIREWALL = 0x3,
    NETLINK_SOCK_DIAG = 0x4,
    NETLINK_NFLOG = 0x5,
    NETLINK_XFRM = 0x6,
    NETLINK_SELINUX = 0x7,
    NETLINK_ISCSI = 0x8,
    NETLINK_AUDIT = 0x9,
    NETLINK_FIB_LOOKUP = 0xa,
    NETLINK_CONNECTOR = 0xb,
    NETLINK_NETFILTER = 0xc,
    NETLINK_IP6_FW = 0xd,
    NETLINK_DNRTMSG = 0xe,
    NETLINK_KOBJECT_UEVENT = 0xf,
    NETLINK_GENERIC = 0x10,
    NETLINK_SCSITRANSPORT = 0x12,
    NETLINK_ECRYPTFS = 0x13,
    NETLINK_RDMA = 0x14,
    NETLINK_CRYPTO = 0x15,
    NETLINK_SMC = 0x16,
];

/// `AF_*` address families: socket's domain (`Flags::SocketDomain`) and sa_family.
pub const ADDRFAMS: Xlat = x![
    AF_UNSPEC,
    AF_UNIX,
    AF_INET,
    AF_AX25,
    AF_IPX,
    AF_APPLETALK,
    AF_NETROM,
    AF_BRIDGE,
    AF_ATMPVC,
    AF_X25,
    AF_INET6,
    AF_ROSE,
    AF_DECnet = 0xc,
    AF_NETBEUI,
    AF_SECURITY,
    AF_KEY,
    AF_NETLINK,
    AF_PACKET,
    AF_ASH,
    AF_ECONET,
    AF_ATMSVC,
    AF_RDS,
    AF_SNA,
    AF_IRDA,
    AF_PPPOX,
    AF_WANPIPE,
    AF_LLC,
    AF_IB,
    AF_MPLS,
    AF_CAN,
    AF_TIPC,
    AF_BLUETOOTH,
    AF_IUCV,
    AF_RXRPC,
    AF_ISDN,
    AF_PHONET,
    AF_IEEE802154,
    AF_CAIF,
    AF_ALG,
    AF_NFC,
    AF_VSOCK,
    AF_KCM = 0x29,
    AF_QIPCRTR = 0x2a,
    AF_SMC = 0x2b,
    AF_XDP,
    AF_MCTP = 0x2d,
];

/// `PR_*`: prctl's option (`Flags::PrctlOption`).
pub const PRCTL_OPTIONS: Xlat = x![
    PR_SET_PDEATHSIG,
    PR_GET_PDEATHSIG,
    PR_GET_DUMPABLE,
    PR_SET_DUMPABLE,
    PR_GET_UNALIGN,
    PR_SET_UNALIGN,
    PR_GET_KEEPCAPS,
    PR_SET_KEEPCAPS,
    PR_GET_FPEMU,
    PR_SET_FPEMU,
    PR_GET_FPEXC,
    PR_SET_FPEXC,
    PR_GET_TIMING,
    PR_SET_TIMING,
    PR_SET_NAME,
    PR_GET_NAME,
    PR_GET_ENDIAN,
    PR_SET_ENDIAN,
    PR_GET_SECCOMP,
    PR_SET_SECCOMP,
    PR_CAPBSET_READ,
    PR_CAPBSET_DROP,
    PR_GET_TSC,
    PR_SET_TSC,
    PR_GET_SECUREBITS,
    PR_SET_SECUREBITS,
    PR_SET_TIMERSLACK,
    PR_GET_TIMERSLACK,
    PR_TASK_PERF_EVENTS_DISABLE,
    PR_TASK_PERF_EVENTS_ENABLE,
    PR_MCE_KILL,
    PR_MCE_KILL_GET,
    PR_SET_MM,
    PR_SET_CHILD_SUBREAPER,
    PR_GET_CHILD_SUBREAPER,
    PR_SET_NO_NEW_PRIVS,
    PR_GET_NO_NEW_PRIVS,
    PR_GET_TID_ADDRESS,
    PR_SET_THP_DISABLE,
    PR_GET_THP_DISABLE,
    PR_MPX_ENABLE_MANAGEMENT,
    PR_MPX_DISABLE_MANAGEMENT,
    PR_SET_FP_MODE,
    PR_GET_FP_MODE,
    PR_CAP_AMBIENT,
    PR_SVE_SET_VL = 0x32,
    PR_SVE_GET_VL = 0x33,
    PR_GET_SPECULATION_CTRL,
    PR_SET_SPECULATION_CTRL,
    PR_PAC_RESET_KEYS = 0x36,
    PR_SET_TAGGED_ADDR_CTRL = 0x37,
    PR_GET_TAGGED_ADDR_CTRL = 0x38,
    PR_SET_IO_FLUSHER = 0x39,
    PR_GET_IO_FLUSHER = 0x3a,
    PR_SET_SYSCALL_USER_DISPATCH = 0x3b,
    PR_PAC_SET_ENABLED_KEYS = 0x3c,
    PR_PAC_GET_ENABLED_KEYS = 0x3d,
    PR_SCHED_CORE,
    PR_SME_SET_VL = 0x3f,
    PR_SME_GET_VL = 0x40,
    PR_SET_VMA,
    PR_SET_PTRACER,
];

/// `F_*`: fcntl's command (`Flags::FcntlCmd`).
pub const FCNTL_CMDS: Xlat = x![
    F_DUPFD,
    F_GETFD,
    F_SETFD,
    F_GETFL,
    F_SETFL,
    F_GETLK,
    F_SETLK,
    F_SETLKW,
    F_SETOWN,
    F_GETOWN,
    F_SETSIG = 0xa,
    F_GETSIG = 0xb,
    F_GETLK64 = 0x5,
    F_SETLK64 = 0x6,
    F_SETLKW64 = 0x7,
    F_SETOWN_EX = 0xf,
    F_GETOWN_EX = 0x10,
    F_GETOWNER_UIDS = 0x11,
    F_OFD_GETLK,
    F_OFD_SETLK,
    F_OFD_SETLKW,
    F_SETLEASE,
    F_GETLEASE,
    F_NOTIFY,
    F_CANCELLK,
    F_DUPFD_CLOEXEC,
    F_SETPIPE_SZ,
    F_GETPIPE_SZ,
    F_ADD_SEALS,
    F_GET_SEALS,
];

/// `FD_CLOEXEC`: F_SETFD's argument and F_GETFD's result.
pub const FD_FLAGS: Xlat = x![FD_CLOEXEC,];

/// `MADV_*`: madvise's advice (`Flags::MadviseAdvice`).
pub const MADVISE_ADVICE: Xlat = x![
    MADV_NORMAL,
    MADV_RANDOM,
    MADV_SEQUENTIAL,
    MADV_WILLNEED,
    MADV_DONTNEED,
    MADV_FREE,
    MADV_REMOVE,
    MADV_DONTFORK,
    MADV_DOFORK,
    MADV_MERGEABLE,
    MADV_UNMERGEABLE,
    MADV_HUGEPAGE,
    MADV_NOHUGEPAGE,
    MADV_DONTDUMP,
    MADV_DODUMP,
    MADV_WIPEONFORK,
    MADV_KEEPONFORK,
    MADV_COLD,
    MADV_PAGEOUT,
    MADV_POPULATE_READ,
    MADV_POPULATE_WRITE,
    MADV_DONTNEED_LOCKED,
    MADV_COLLAPSE,
    MADV_HWPOISON,
    MADV_SOFT_OFFLINE,
];

/// `SEEK_*`: lseek's whence (`Flags::Whence`).
pub const WHENCE: Xlat = x![SEEK_SET, SEEK_CUR, SEEK_END, SEEK_DATA, SEEK_HOLE,];

/// `SIG_BLOCK`...: rt_sigprocmask's how (`Flags::SigprocmaskHow`).
pub const SIGPROCMASK_HOW: Xlat = x![SIG_BLOCK = 0x0, SIG_UNBLOCK = 0x1, SIG_SETMASK = 0x2,];

/// `W*`: wait4/waitid's options (`Flags::WaitOptions`).
pub const WAIT_OPTIONS: Xlat =
    x![WNOHANG, WEXITED, WSTOPPED, WCONTINUED, WNOWAIT, __WCLONE, __WALL, __WNOTHREAD,];

/// `GRND_*`: getrandom's flags (`Flags::GetrandomFlags`).
pub const GETRANDOM_FLAGS: Xlat = x![GRND_NONBLOCK, GRND_RANDOM, GRND_INSECURE,];

/// `PROT_*`: mmap/mprotect's prot (`Flags::MmapProt`).
pub const MMAP_PROT: Xlat =
    x![PROT_NONE, PROT_READ, PROT_WRITE, PROT_EXEC, PROT_SEM = 0x8, PROT_GROWSDOWN, PROT_GROWSUP,];

/// `MAP_*`: mmap's flags (`Flags::MmapFlags`); the type values 0..=3 are looked up as an enumeration.
pub const MMAP_FLAGS: Xlat = x![
    MAP_SHARED,
    MAP_PRIVATE,
    MAP_SHARED_VALIDATE,
    MAP_FIXED,
    MAP_ANONYMOUS,
    MAP_32BIT,
    MAP_NORESERVE,
    MAP_POPULATE,
    MAP_NONBLOCK,
    MAP_GROWSDOWN,
    MAP_DENYWRITE,
    MAP_EXECUTABLE,
    MAP_FILE,
    MAP_LOCKED,
    MAP_STACK,
    MAP_HUGETLB,
    MAP_SYNC,
    MAP_UNINITIALIZED = 0x4000000,
    MAP_FIXED_NOREPLACE,
];

/// `F_OK`, `R_OK`...: access/faccessat's mode (`Flags::AccessMode`).
pub const ACCESS_FLAGS: Xlat = x![F_OK, R_OK, W_OK, X_OK,];

/// `AT_*` flags of the *at calls (`Flags::AtFlags`).
pub const AT_FLAGS: Xlat =
    x![AT_SYMLINK_NOFOLLOW, AT_REMOVEDIR, AT_SYMLINK_FOLLOW, AT_NO_AUTOMOUNT, AT_EMPTY_PATH, AT_RECURSIVE,];

/// `RLIMIT_*` (`Flags::RlimitResource`).
pub const RLIMIT_RESOURCES: Xlat = x![
    RLIMIT_CPU,
    RLIMIT_FSIZE,
    RLIMIT_DATA,
    RLIMIT_STACK,
    RLIMIT_CORE,
    RLIMIT_RSS,
    RLIMIT_NPROC,
    RLIMIT_NOFILE,
    RLIMIT_MEMLOCK,
    RLIMIT_AS,
    RLIMIT_LOCKS,
    RLIMIT_SIGPENDING,
    RLIMIT_MSGQUEUE,
    RLIMIT_NICE,
    RLIMIT_RTPRIO,
    RLIMIT_RTTIME,
];

/// `CLOCK_*` (`Flags::ClockId`).
pub const CLOCK_IDS: Xlat = x![
    CLOCK_REALTIME,
    CLOCK_MONOTONIC,
    CLOCK_PROCESS_CPUTIME_ID,
    CLOCK_THREAD_CPUTIME_ID,
    CLOCK_MONOTONIC_RAW,
    CLOCK_REALTIME_COARSE,
    CLOCK_MONOTONIC_COARSE,
    CLOCK_BOOTTIME,
    CLOCK_REALTIME_ALARM,
    CLOCK_BOOTTIME_ALARM,
    CLOCK_SGI_CYCLE = 0xa,
    CLOCK_TAI,
];

/// `CLONE_*`: clone's flags (`Flags::CloneFlags`, before the exit signal) and clone3's flags.
pub const CLONE_FLAGS: Xlat = x![
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
];

/// `SA_*`: sigaction's sa_flags.
pub const SA_FLAGS: Xlat = x![
    SA_RESTORER = 0x4000000,
    SA_ONSTACK = 0x8000000,
    SA_RESTART = 0x10000000,
    SA_INTERRUPT = 0x20000000,
    SA_NODEFER = 0x40000000,
    SA_RESETHAND = 0x80000000,
    SA_SIGINFO = 0x4,
    SA_RESETHAND = 0x80000000,
    SA_ONSTACK = 0x8000000,
    SA_NODEFER = 0x40000000,
    SA_NOCLDSTOP = 0x1,
    SA_NOCLDWAIT = 0x2,
];

/// `STATX_*`: statx's mask (`Flags::StatxMask`) and stx_mask.
pub const STATX_MASK: Xlat = x![
    STATX_ALL,
    STATX_BASIC_STATS,
    STATX_TYPE,
    STATX_MODE,
    STATX_NLINK,
    STATX_UID,
    STATX_GID,
    STATX_ATIME,
    STATX_MTIME,
    STATX_CTIME,
    STATX_INO,
    STATX_SIZE,
    STATX_BLOCKS,
    STATX_BTIME,
    STATX_MNT_ID,
    STATX_DIOALIGN,
];

/// `STATX_ATTR_*`: stx_attributes.
pub const STATX_ATTRS: Xlat = x![
    STATX_ATTR_COMPRESSED,
    STATX_ATTR_IMMUTABLE,
    STATX_ATTR_APPEND,
    STATX_ATTR_NODUMP,
    STATX_ATTR_ENCRYPTED,
    STATX_ATTR_AUTOMOUNT,
    STATX_ATTR_MOUNT_ROOT,
    STATX_ATTR_VERITY,
    STATX_ATTR_DAX,
];

/// statx's sync type, the `AT_STATX_SYNC_TYPE` bits of its flags.
pub const AT_STATX_SYNC: Xlat =
    x![AT_STATX_SYNC_AS_STAT, AT_STATX_FORCE_SYNC, AT_STATX_DONT_SYNC, AT_STATX_SYNC_TYPE,];

/// `ARCH_*`: arch_prctl's code (`Flags::ArchPrctlCode`).
pub const ARCH_PRCTL: Xlat = x![
    ARCH_SET_GS = 0x1001,
    ARCH_SET_FS = 0x1002,
    ARCH_GET_FS = 0x1003,
    ARCH_GET_GS = 0x1004,
    ARCH_GET_CPUID = 0x1011,
    ARCH_SET_CPUID = 0x1012,
    ARCH_GET_XCOMP_SUPP = 0x1021,
    ARCH_GET_XCOMP_PERM = 0x1022,
    ARCH_REQ_XCOMP_PERM = 0x1023,
    ARCH_GET_XCOMP_GUEST_PERM = 0x1024,
    ARCH_REQ_XCOMP_GUEST_PERM = 0x1025,
    ARCH_MAP_VDSO_X32 = 0x2001,
    ARCH_MAP_VDSO_32 = 0x2002,
    ARCH_MAP_VDSO_64 = 0x2003,
];

/// `ST_*`: statfs's f_flags.
pub const STATFS_FLAGS: Xlat = x![
    ST_VALID = 0x20,
    ST_RDONLY,
    ST_NOSUID,
    ST_NODEV,
    ST_NOEXEC,
    ST_SYNCHRONOUS,
    ST_MANDLOCK,
    ST_NOATIME,
    ST_NODIRATIME,
    ST_RELATIME,
    ST_NOSYMFOLLOW = 0x2000,
];

/// Filesystem magic numbers: statfs's f_type.
pub const FS_MAGIC: Xlat = x![
    QNX4_SUPER_MAGIC,
    Z3FOLD_MAGIC = 0x33,
    AUTOFS_SUPER_MAGIC,
    DEVFS_SUPER_MAGIC = 0x1373,
    EXT_SUPER_MAGIC = 0x137d,
    MINIX_SUPER_MAGIC,
    MINIX_SUPER_MAGIC2,
    DEVPTS_SUPER_MAGIC,
    MINIX2_SUPER_MAGIC,
    MINIX2_SUPER_MAGIC2,
    NILFS_SUPER_MAGIC,
    HFS_SUPER_MAGIC = 0x4244,
    HFSPLUS_SUPER_MAGIC = 0x482b,
    MSDOS_SUPER_MAGIC,
    MINIX3_SUPER_MAGIC,
    SMB_SUPER_MAGIC,
    NCP_SUPER_MAGIC,
    EXOFS_SUPER_MAGIC = 0x5df5,
    NFS_SUPER_MAGIC,
    ROMFS_MAGIC = 0x7275,
    JFFS2_SUPER_MAGIC,
    ISOFS_SUPER_MAGIC,
    PROC_SUPER_MAGIC,
    OPENPROM_SUPER_MAGIC,
    USBDEVICE_SUPER_MAGIC,
    ADFS_SUPER_MAGIC,
    AFFS_SUPER_MAGIC,
    EXT2_OLD_SUPER_MAGIC = 0xef51,
    EXT2_SUPER_MAGIC,
    ECRYPTFS_SUPER_MAGIC,
    UFS_MAGIC = 0x11954,
    CGROUP_SUPER_MAGIC,
    EFS_SUPER_MAGIC,
    HOSTFS_SUPER_MAGIC,
    CEPH_SUPER_MAGIC = 0xc36400,
    TMPFS_MAGIC,
    V9FS_MAGIC = 0x1021997,
    GFS2_MAGIC = 0x1161970,
    XIAFS_SUPER_MAGIC = 0x12fd16d,
    XENIX_SUPER_MAGIC = 0x12ff7b4,
    SYSV4_SUPER_MAGIC = 0x12ff7b5,
    SYSV2_SUPER_MAGIC = 0x12ff7b6,
    COH_SUPER_MAGIC = 0x12ff7b7,
    SHMFS_SUPER_MAGIC = 0x2011994,
    ANON_INODE_FS_MAGIC = 0x9041934,
    FUTEXFS_SUPER_MAGIC,
    MTD_INODE_FS_MAGIC = 0x11307854,
    BALLOON_KVM_MAGIC = 0x13661366,
    UDF_SUPER_MAGIC,
    BFS_MAGIC = 0x1badface,
    EXFAT_SUPER_MAGIC = 0x2011bab0,
    UBIFS_SUPER_MAGIC = 0x24051905,
    CRAMFS_MAGIC,
    ZFS_SUPER_MAGIC = 0x2fc12fc1,
    JFS_SUPER_MAGIC = 0x3153464a,
    BEFS_SUPER_MAGIC = 0x42465331,
    BINFMTFS_MAGIC = 0x42494e4d,
    SMACK_MAGIC,
    DMA_BUF_MAGIC = 0x444d4142,
    CRAMFS_MAGIC_WEND = 0x453dcd28,
    DEVMEM_MAGIC = 0x454d444d,
    GPFS_SUPER_MAGIC = 0x47504653,
    PIPEFS_MAGIC = 0x50495045,
    REISERFS_SUPER_MAGIC,
    SECRETMEM_MAGIC = 0x5345434d,
    AFS_SUPER_MAGIC,
    NTFS_SB_MAGIC = 0x5346544e,
    SOCKFS_MAGIC = 0x534f434b,
    UFS_CIGAM = 0x54190100,
    VZFS_SUPER_MAGIC = 0x565a4653,
    STACK_END_MAGIC = 0x57ac6e9d,
    ZSMALLOC_MAGIC = 0x58295829,
    XFS_SUPER_MAGIC,
    AAFS_MAGIC = 0x5a3c69f0,
    ZONEFS_MAGIC = 0x5a4f4653,
    PSTOREFS_MAGIC = 0x6165676c,
    AUFS_SUPER_MAGIC = 0x61756673,
    BDEVFS_MAGIC = 0x62646576,
    CONFIGFS_MAGIC = 0x62656570,
    SYSFS_MAGIC,
    CGROUP2_SUPER_MAGIC,
    DEBUGFS_MAGIC,
    DAXFS_MAGIC = 0x64646178,
    FUSE_CTL_SUPER_MAGIC = 0x65735543,
    FUSE_SUPER_MAGIC,
    QNX6_SUPER_MAGIC,
    AFS_FS_MAGIC = 0x6b414653,
    BINDERFS_SUPER_MAGIC,
    NSFS_MAGIC,
    SECURITYFS_MAGIC,
    SQUASHFS_MAGIC = 0x73717368,
    BTRFS_TEST_MAGIC = 0x73727279,
    CODA_SUPER_MAGIC,
    OCFS2_SUPER_MAGIC,
    TRACEFS_MAGIC,
    OVERLAYFS_SUPER_MAGIC,
    RAMFS_MAGIC = 0x858458f6,
    BTRFS_SUPER_MAGIC,
    HUGETLBFS_MAGIC,
    VXFS_SUPER_MAGIC = 0xa501fcf5,
    XENFS_SUPER_MAGIC,
    PPC_CMM_MAGIC = 0xc7571590,
    LOGFS_MAGIC = 0xc97e8168,
    BPF_FS_MAGIC,
    EFIVARFS_MAGIC = 0xde5e81e4,
    EROFS_SUPER_MAGIC_V1 = 0xe0f5e1e2,
    F2FS_SUPER_MAGIC,
    SELINUX_MAGIC,
    HPFS_SUPER_MAGIC,
    SMB2_SUPER_MAGIC = 0xfe534d42,
    CIFS_SUPER_MAGIC = 0xff534d42,
];

/// Capabilities, by number (prctl's PR_CAPBSET_*).
pub const CAPABILITIES: Xlat = x![
    CAP_CHOWN = 0x0,
    CAP_DAC_OVERRIDE = 0x1,
    CAP_DAC_READ_SEARCH = 0x2,
    CAP_FOWNER = 0x3,
    CAP_FSETID = 0x4,
    CAP_KILL = 0x5,
    CAP_SETGID = 0x6,
    CAP_SETUID = 0x7,
    CAP_SETPCAP = 0x8,
    CAP_LINUX_IMMUTABLE = 0x9,
    CAP_NET_BIND_SERVICE = 0xa,
    CAP_NET_BROADCAST = 0xb,
    CAP_NET_ADMIN = 0xc,
    CAP_NET_RAW = 0xd,
    CAP_IPC_LOCK = 0xe,
    CAP_IPC_OWNER = 0xf,
    CAP_SYS_MODULE = 0x10,
    CAP_SYS_RAWIO = 0x11,
    CAP_SYS_CHROOT = 0x12,
    CAP_SYS_PTRACE = 0x13,
    CAP_SYS_PACCT = 0x14,
    CAP_SYS_ADMIN = 0x15,
    CAP_SYS_BOOT = 0x16,
    CAP_SYS_NICE = 0x17,
    CAP_SYS_RESOURCE = 0x18,
    CAP_SYS_TIME = 0x19,
    CAP_SYS_TTY_CONFIG = 0x1a,
    CAP_MKNOD = 0x1b,
    CAP_LEASE = 0x1c,
    CAP_AUDIT_WRITE = 0x1d,
    CAP_AUDIT_CONTROL = 0x1e,
    CAP_SETFCAP = 0x1f,
    CAP_MAC_OVERRIDE = 0x20,
    CAP_MAC_ADMIN = 0x21,
    CAP_SYSLOG = 0x22,
    CAP_WAKE_ALARM = 0x23,
    CAP_BLOCK_SUSPEND = 0x24,
    CAP_AUDIT_READ = 0x25,
    CAP_PERFMON = 0x26,
    CAP_BPF = 0x27,
    CAP_CHECKPOINT_RESTORE = 0x28,
];

/// `SUID_DUMP_*`: PR_SET_DUMPABLE's argument and PR_GET_DUMPABLE's result.
pub const DUMPABLE: Xlat = x![SUID_DUMP_DISABLE = 0x0, SUID_DUMP_USER = 0x1, SUID_DUMP_ROOT = 0x2,];

/// `F_RDLCK`...: F_SETLEASE's argument, F_GETLEASE's result and `struct flock`'s l_type.
pub const LEASE_TYPES: Xlat = x![F_RDLCK, F_WRLCK, F_UNLCK, F_EXLCK = 0x4, F_SHLCK = 0x8,];

/// `DN_*`: F_NOTIFY's argument.
pub const NOTIFY_FLAGS: Xlat = x![
    DN_ACCESS = 0x1,
    DN_MODIFY = 0x2,
    DN_CREATE = 0x4,
    DN_DELETE = 0x8,
    DN_RENAME = 0x10,
    DN_ATTRIB = 0x20,
    DN_MULTISHOT = 0x80000000,
];

/// `F_SEAL_*`: F_ADD_SEALS's argument and F_GET_SEALS's result.
pub const SEALS: Xlat = x![F_SEAL_SEAL, F_SEAL_SHRINK, F_SEAL_GROW, F_SEAL_WRITE, F_SEAL_FUTURE_WRITE,];

/// `TIMER_ABSTIME`: clock_nanosleep/timer_settime's flags (`Flags::TimerAbstime`).
pub const TIMER_FLAGS: Xlat = x![TIMER_ABSTIME,];

/// TCXONC's argument.
pub const TCXONC_ARGS: Xlat = x![TCOOFF, TCOON, TCIOFF, TCION,];

/// TCFLSH's argument.
pub const TCFLSH_ARGS: Xlat = x![TCIFLUSH, TCOFLUSH, TCIOFLUSH,];

/// `S_IF*` file types of a mode.
pub const FILE_TYPES: Xlat = x![S_IFREG, S_IFSOCK, S_IFIFO, S_IFLNK, S_IFDIR, S_IFBLK, S_IFCHR,];

/// `CLONE_*` flags only clone3 has (`struct clone_args`' flags, after [`CLONE_FLAGS`]).
pub const CLONE3_FLAGS: Xlat =
    x![CLONE_NEWTIME, CLONE_CLEAR_SIGHAND = 0x100000000, CLONE_INTO_CGROUP = 0x200000000,];

/// `RESOLVE_*`: `struct open_how`'s resolve.
pub const RESOLVE_FLAGS: Xlat = x![
    RESOLVE_NO_XDEV,
    RESOLVE_NO_MAGICLINKS,
    RESOLVE_NO_SYMLINKS,
    RESOLVE_BENEATH,
    RESOLVE_IN_ROOT,
    RESOLVE_CACHED,
];

/// `PROF_*`: si_code of SIGPROF.
pub const SIGPROF_CODES: Xlat = x![PROF_SIG = 0x1,];

/// `TIOCM_*`: TIOCMGET/TIOCMSET's modem lines.
pub const MODEM_FLAGS: Xlat = x![
    TIOCM_LE,
    TIOCM_DTR,
    TIOCM_RTS,
    TIOCM_ST,
    TIOCM_SR,
    TIOCM_CTS,
    TIOCM_CAR,
    TIOCM_RNG,
    TIOCM_DSR,
    TIOCM_OUT1 = 0x2000,
    TIOCM_OUT2 = 0x4000,
    TIOCM_LOOP = 0x8000,
];

/// `PTRACE_O_*`: PTRACE_SETOPTIONS/PTRACE_SEIZE's options.
pub const PTRACE_SETOPTIONS_FLAGS: Xlat = x![
    PTRACE_O_TRACESYSGOOD,
    PTRACE_O_TRACEFORK,
    PTRACE_O_TRACEVFORK,
    PTRACE_O_TRACECLONE,
    PTRACE_O_TRACEEXEC,
    PTRACE_O_TRACEVFORKDONE,
    PTRACE_O_TRACEEXIT,
    PTRACE_O_TRACESECCOMP,
    PTRACE_O_EXITKILL,
    PTRACE_O_SUSPEND_SECCOMP,
];

/// `PTRACE_EVENT_*`: the event in a ptrace stop's status.
pub const PTRACE_EVENTS: Xlat = x![
    PTRACE_EVENT_FORK,
    PTRACE_EVENT_VFORK,
    PTRACE_EVENT_CLONE,
    PTRACE_EVENT_EXEC,
    PTRACE_EVENT_VFORK_DONE,
    PTRACE_EVENT_EXIT,
    PTRACE_EVENT_SECCOMP,
    PTRACE_EVENT_STOP,
];

/// `F_OWNER_*`: `struct f_owner_ex`'s type (F_SETOWN_EX/F_GETOWN_EX).
pub const F_OWNER_TYPES: Xlat = x![F_OWNER_TID = 0x0, F_OWNER_PID = 0x1, F_OWNER_PGRP = 0x2,];

/// `XATTR_*`: setxattr's flags.
pub const XATTR_FLAGS: Xlat = x![XATTR_CREATE, XATTR_REPLACE,];
