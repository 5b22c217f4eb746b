//! Socket calls whose arguments strace decodes in detail: addresses of many families, option
//! structures, control messages, value-result lengths with buffers that end at a page's end, and
//! sendfile's offset. Calls on descriptor -1 fail harmlessly; the few that succeed use a socket
//! pair, an abstract-namespace socket and /dev/null, all made before the traced part; `new-netlink`
//! makes a netlink socket, `new-unix` a connected pair of autobound unix sockets.
//! Usage: fixture-net MODE (`sockaddrs`, `sockopts`, `cmsg`, `lengths`, `sendfile`, `new-netlink`,
//! `new-unix`).

use std::ptr;

use tracer_tests::edges;

/// `len` bytes that end where the mapping ends: reading past them faults.
fn page_end(len: usize) -> *mut u8 {
    // SAFETY: a fresh anonymous mapping of two pages, the second made inaccessible.
    unsafe {
        let page = 4096;
        let map = libc::mmap(
            ptr::null_mut(),
            2 * page,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
        .cast::<u8>();
        assert!(map as isize != -1, "mmap failed");
        libc::mprotect(map.add(page).cast(), page, libc::PROT_NONE);
        map.add(page - len)
    }
}

/// connect(-1, bytes, len): EBADF, after strace has printed the address.
fn connect(bytes: &[u8]) {
    // SAFETY: the address is read by the kernel only; the descriptor is invalid.
    unsafe { libc::connect(-1, bytes.as_ptr().cast(), bytes.len() as libc::socklen_t) };
}

/// A socket address of `family` followed by `rest`.
fn addr(family: u16, rest: &[u8]) -> Vec<u8> {
    let mut v = family.to_le_bytes().to_vec();
    v.extend_from_slice(rest);
    v
}

fn sockaddrs() {
    // AF_PACKET: protocol ETH_P_ALL, ifindex 1, ARPHRD_ETHER, PACKET_HOST, 6-byte address.
    connect(&addr(17, &[0, 3, 1, 0, 0, 0, 1, 0, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0]));
    // AF_PACKET, an address longer than what was passed.
    connect(&addr(17, &[0, 3, 9, 0, 0, 0, 1, 0, 4, 9, 1, 2, 3, 4, 5, 6, 7, 8]));
    // AF_INET6 link-local with scope id 1 (an interface), and a global one.
    let mut in6 = addr(10, &[0x30, 0x39, 0, 0, 0, 1]);
    in6.extend_from_slice(&[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0]);
    connect(&in6);
    in6[8] = 0x20;
    in6[9] = 0x01;
    connect(&in6);
    // AF_VSOCK, AF_QIPCRTR, AF_XDP, AF_MCTP, AF_NFC.
    connect(&addr(40, &[0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0]));
    connect(&addr(42, &[0, 0, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
    connect(&addr(44, &[1, 0, 1, 0, 0, 0, 3, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]));
    connect(&addr(45, &[0, 0, 0, 0, 0, 0, 0xff, 1, 8, 0]));
    connect(&addr(39, &[0, 0, 1, 0, 0, 0, 0x42, 0, 0, 0, 2, 0, 0, 0]));
    // AF_IPX, AF_X25 (an unterminated address), AF_ALG.
    connect(&addr(4, &[0x30, 0x39, 0xfa, 0xce, 0xfe, 0xed, 1, 2, 3, 4, 5, 6, 0xff, 0]));
    connect(&addr(9, b"0123456789abcdef"));
    let mut alg = addr(38, b"hash\0\0\0\0\0\0\0\0\0\0");
    alg.extend_from_slice(&[0, 0x10, 0, 0, 0, 0, 0, 0]);
    alg.extend_from_slice(b"sha256\0");
    connect(&alg);
    // Bluetooth: SCO, L2CAP.
    connect(&addr(31, &[1, 2, 3, 4, 5, 6]));
    connect(&addr(31, &[1, 0, 1, 2, 3, 4, 5, 6, 0x40, 0, 1, 0]));
    // IEEE 802.15.4 (a short address) and RxRPC over IPv4.
    connect(&addr(36, &[0, 0, 2, 0, 0, 0, 0xfe, 0xca, 0xfd, 0xff, 0, 0, 0, 0, 0, 0, 0, 0]));
    let mut rx = addr(33, &[0x34, 0x12, 2, 0, 16, 0, 2, 0, 0x30, 0x39, 127, 0, 0, 1]);
    rx.resize(36, 0);
    connect(&rx);
}

/// setsockopt(-1, level, name, value, len): EBADF.
fn set(level: i32, name: i32, value: &[u8], len: i32) {
    // SAFETY: the value is read by the kernel only; the descriptor is invalid.
    unsafe { libc::setsockopt(-1, level, name, value.as_ptr().cast(), len as libc::socklen_t) };
}

fn sockopts(t: &Tails) {
    let mreq = [224, 0, 0, 3, 127, 0, 0, 1];
    set(libc::SOL_IP, libc::IP_ADD_MEMBERSHIP, &mreq, 8);
    set(libc::SOL_IP, libc::IP_ADD_MEMBERSHIP, &mreq, 7);
    let mut mreq6 = [0xff, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xc, 1, 0, 0, 0].to_vec();
    set(libc::SOL_IPV6, libc::IPV6_ADD_MEMBERSHIP, &mreq6, 20);
    let mut group = vec![1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x30, 0x39, 224, 0, 0, 3];
    group.resize(136, 0);
    set(libc::SOL_IP, libc::MCAST_JOIN_GROUP, &group, 136);
    // SOL_PACKET: PACKET_ADD_MEMBERSHIP, PACKET_RX_RING.
    set(263, 1, &[1, 0, 0, 0, 1, 0, 6, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0], 16);
    set(263, 5, &[0, 16, 0, 0, 1, 0, 0, 0, 0, 8, 0, 0, 2, 0, 0, 0], 16);
    // SOL_RAW's ICMP_FILTER: a few bits, and most bits.
    set(255, 1, &0x39u32.to_le_bytes(), 4);
    set(255, 1, &(!0x39u32).to_le_bytes(), 4);
    // SO_LINGER, SO_TXREHASH, SO_RCVMARK, an unknown option with a negative length, SOL_NETLINK.
    let linger = [1u8, 0, 0, 0, 5, 0, 0, 0];
    set(libc::SOL_SOCKET, libc::SO_LINGER, &linger, 8);
    set(libc::SOL_SOCKET, libc::SO_LINGER, &linger, 7);
    set(libc::SOL_SOCKET, 74, &1i32.to_le_bytes(), 4);
    set(libc::SOL_SOCKET, 74, &7i32.to_le_bytes(), 4);
    set(libc::SOL_SOCKET, 75, &1i32.to_le_bytes(), 4);
    // SAFETY: a negative length reads as huge: the value ends at the page's end, so strace's read
    // of it fails as ours does.
    unsafe {
        t.value.add(8).cast::<i32>().write_unaligned(1);
        libc::setsockopt(-1, libc::SOL_SOCKET, 76, t.value.add(8).cast(), -1i32 as libc::socklen_t);
    }
    set(libc::SOL_NETLINK, 1, &3i32.to_le_bytes(), 4);
    mreq6.truncate(19);
    set(libc::SOL_IPV6, libc::IPV6_DROP_MEMBERSHIP, &mreq6, 19);
}

/// sendmsg(-1, {control = one message of `level`, `kind` with `data`}): EBADF.
fn send_control(level: i32, kind: i32, data: &[u8]) {
    let len = 16 + data.len();
    let mut control = vec![0u8; (len + 7) & !7];
    control[..8].copy_from_slice(&(len as u64).to_le_bytes());
    control[8..12].copy_from_slice(&level.to_le_bytes());
    control[12..16].copy_from_slice(&kind.to_le_bytes());
    control[16..len].copy_from_slice(data);
    // SAFETY: a zeroed msghdr is a valid empty one; the control buffer outlives the call.
    unsafe {
        let mut msg: libc::msghdr = std::mem::zeroed();
        msg.msg_control = control.as_mut_ptr().cast();
        msg.msg_controllen = control.len();
        libc::sendmsg(-1, &msg, 0);
    }
}

fn cmsg() {
    let tv: Vec<u8> = [123_456_789u64, 987_654].iter().flat_map(|v| v.to_le_bytes()).collect();
    send_control(libc::SOL_SOCKET, 29, &tv);
    send_control(libc::SOL_SOCKET, 35, &tv);
    send_control(libc::SOL_SOCKET, 29, &tv[..8]);
    let ts: Vec<u8> = (1..=6u64).flat_map(|v| v.to_le_bytes()).collect();
    send_control(libc::SOL_SOCKET, 37, &ts);
    send_control(libc::SOL_IP, libc::IP_PKTINFO, &[1, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
    send_control(libc::SOL_IP, libc::IP_TTL, &64u32.to_le_bytes());
    send_control(libc::SOL_IP, libc::IP_TOS, &[0x41]);
    send_control(libc::SOL_IP, libc::IP_RETOPTS, &[0x41, 0x42, 0x43]);
    let mut origdst = vec![2, 0, 0x30, 0x39, 127, 0, 0, 1];
    origdst.resize(16, 0);
    send_control(libc::SOL_IP, libc::IP_ORIGDSTADDR, &origdst);
}

/// A descriptor sent in an SCM_RIGHTS message over the pair and received as a new descriptor
/// (closed again).
fn rights(pair: [i32; 2], devnull: i32) {
    let mut data = [0x5au8; 4];
    let mut control = [0u64; 8];
    let fd_cmsg = [20u64, (1u64 << 32) | libc::SOL_SOCKET as u64, devnull as u64];
    control[..3].copy_from_slice(&fd_cmsg);
    let mut iov = libc::iovec { iov_base: data.as_mut_ptr().cast(), iov_len: data.len() };
    // SAFETY: msghdrs over this process's own buffers and socket pair.
    unsafe {
        let mut msg: libc::msghdr = std::mem::zeroed();
        msg.msg_iov = &raw mut iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control.as_mut_ptr().cast();
        msg.msg_controllen = 24;
        libc::sendmsg(pair[0], &msg, 0);
        control = [0; 8];
        msg.msg_controllen = 64;
        if libc::recvmsg(pair[1], &mut msg, libc::MSG_CMSG_CLOEXEC) > 0 {
            libc::close(control[2] as i32);
        }
    }
}

/// Buffers that end at a page's end (mapped before the traced part).
#[derive(Clone, Copy)]
struct Tails {
    sockaddr: *mut u8,
    len: *mut libc::socklen_t,
    value: *mut u8,
}

/// Value-result lengths and option values read back into buffers that end at a page's end.
fn lengths(t: &Tails, bound: i32, pair: [i32; 2]) {
    let Tails { sockaddr, len, value } = *t;
    // SAFETY: the buffers are this process's own; the kernel writes what it reports.
    unsafe {
        *len = 16;
        libc::getsockname(bound, sockaddr.cast(), len);
        for n in [3, 4, 12] {
            *len = n;
            libc::getsockopt(pair[0], libc::SOL_SOCKET, libc::SO_TYPE, value.cast(), len);
        }
        for n in [3, 8] {
            *len = n;
            libc::getsockopt(pair[0], libc::SOL_SOCKET, libc::SO_LINGER, value.cast(), len);
        }
        *len = 16;
        libc::getpeername(pair[0], sockaddr.cast(), len);
    }
}

/// sendfile with an offset: failing (it is only read), then succeeding (read and written back).
fn sendfile(devnull: i32, file: i32) {
    let mut offset: libc::off_t = 1;
    // SAFETY: plain calls on this process's descriptors and a local offset.
    unsafe {
        libc::sendfile(-1, -1, &mut offset, 1);
        libc::sendfile(devnull, file, &mut offset, 3);
        libc::sendfile(devnull, file, ptr::null_mut(), 0);
    }
}

/// A new netlink socket bound to the process's own port id, named by `-y`/`-yy`.
fn new_netlink() {
    // SAFETY: socket calls on descriptors this process owns; the addresses outlive the calls.
    unsafe {
        let fd = libc::socket(libc::AF_NETLINK, libc::SOCK_RAW, libc::NETLINK_SOCK_DIAG);
        let mut nl: libc::sockaddr_nl = std::mem::zeroed();
        nl.nl_family = libc::AF_NETLINK as libc::sa_family_t;
        nl.nl_pid = libc::getpid() as u32;
        let mut len = std::mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t;
        libc::bind(fd, (&raw const nl).cast(), len);
        libc::getsockname(fd, (&raw mut nl).cast(), &mut len);
        libc::close(fd);
    }
}

/// A new listening unix socket (autobound) and a connection it accepts, named by `-y`.
fn new_unix() {
    // SAFETY: socket calls on descriptors this process owns; the addresses outlive the calls.
    unsafe {
        let listening = libc::socket(libc::AF_UNIX, libc::SOCK_STREAM, 0);
        libc::listen(listening, 1);
        let mut sun: libc::sockaddr_un = std::mem::zeroed();
        let mut sun_len = std::mem::size_of::<libc::sockaddr_un>() as libc::socklen_t;
        libc::getsockname(listening, (&raw mut sun).cast(), &mut sun_len);
        let client = libc::socket(libc::AF_UNIX, libc::SOCK_STREAM, 0);
        libc::connect(client, (&raw const sun).cast(), sun_len);
        let accepted = libc::accept(listening, ptr::null_mut(), ptr::null_mut());
        libc::close(accepted);
        libc::close(client);
        libc::close(listening);
    }
}

/// A unix socket bound to an abstract name (gone when the process ends).
fn abstract_socket() -> i32 {
    // SAFETY: socket and bind on a fresh descriptor with a local address.
    unsafe {
        let fd = libc::socket(libc::AF_UNIX, libc::SOCK_STREAM, 0);
        let mut sun: libc::sockaddr_un = std::mem::zeroed();
        sun.sun_family = libc::AF_UNIX as libc::sa_family_t;
        let name = format!("tracer-fixture-net-{}", libc::getpid());
        for (dst, &src) in sun.sun_path[1..].iter_mut().zip(name.as_bytes()) {
            *dst = src as libc::c_char;
        }
        let len = 2 + 1 + name.len();
        libc::bind(fd, ptr::from_ref(&sun).cast(), len as libc::socklen_t);
        fd
    }
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let bound = abstract_socket();
    let mut pair = [-1; 2];
    // SAFETY: socketpair and open fill in descriptors this process owns.
    let (devnull, file) = unsafe {
        libc::socketpair(libc::AF_UNIX, libc::SOCK_STREAM, 0, pair.as_mut_ptr());
        (
            libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY),
            libc::open(c"/proc/self/exe".as_ptr(), libc::O_RDONLY),
        )
    };
    let tails = Tails { sockaddr: page_end(16), len: page_end(4).cast(), value: page_end(12) };
    edges::begin();
    match mode.as_str() {
        "sockaddrs" => sockaddrs(),
        "sockopts" => sockopts(&tails),
        "cmsg" => cmsg(),
        "lengths" => lengths(&tails, bound, pair),
        "sendfile" => sendfile(devnull, file),
        "new-netlink" => new_netlink(),
        "new-unix" => new_unix(),
        "rights" => rights(pair, devnull),
        other => eprintln!("fixture-net: unknown mode {other:?}"),
    }
    edges::end();
    // SAFETY: ends the process without running atexit handlers (no extra syscalls in the trace).
    unsafe { libc::_exit(0) };
}
