//! NETLINK_SOCK_DIAG and NETLINK_KOBJECT_UEVENT data, iovecs of another process's memory, and
//! `-e read=`/`-e write=` dumps, decoded as strace 6.1 decodes them. The netlink messages go to a
//! port nobody holds (ECONNREFUSED: no one receives them); process_vm_* move bytes within this
//! process; reads and writes use /dev/zero and /dev/null. Nothing changes on the system.
//! Usage: fixture-diag MODE (`sockdiag`, `uevent`, `iov`, `dump`, `trunc`).

use tracer_tests::edges;

const NLM_F_REQUEST: u16 = 1;
const NLM_F_DUMP: u16 = 0x300;
const SOCK_DIAG_BY_FAMILY: u16 = 20;
const TCPDIAG_GETSOCK: u16 = 18;
const NETLINK_SOCK_DIAG: i32 = 4;
const NETLINK_KOBJECT_UEVENT: i32 = 15;
const AF_SMC: u8 = 43;

/// `bytes` sent to a netlink port no socket holds (the call fails with ECONNREFUSED).
fn send(fd: i32, bytes: &[u8]) {
    // SAFETY: the buffer and the address outlive the call; their lengths are passed.
    unsafe {
        let mut to: libc::sockaddr_nl = std::mem::zeroed();
        to.nl_family = libc::AF_NETLINK as libc::sa_family_t;
        to.nl_pid = 0x7fff_fff0;
        let len = std::mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t;
        libc::sendto(fd, bytes.as_ptr().cast(), bytes.len(), libc::MSG_DONTWAIT, (&raw const to).cast(), len);
    }
}

/// A message: header then `payload`.
fn message(kind: u16, flags: u16, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&(16 + payload.len() as u32).to_ne_bytes());
    out.extend_from_slice(&kind.to_ne_bytes());
    out.extend_from_slice(&flags.to_ne_bytes());
    out.extend_from_slice(&[0; 8]);
    out.extend_from_slice(payload);
    out
}

/// An attribute of `kind` with `data`, padded to 4 bytes.
fn nla(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&(4 + data.len() as u16).to_ne_bytes());
    out.extend_from_slice(&kind.to_ne_bytes());
    out.extend_from_slice(data);
    out.resize((out.len() + 3) & !3, 0);
    out
}

/// A `struct inet_diag_sockid`: ports 1234 and 80, 127.0.0.1 both ends, interface 1, cookie.
fn sockid() -> Vec<u8> {
    let mut id = Vec::new();
    id.extend_from_slice(&1234u16.to_be_bytes());
    id.extend_from_slice(&80u16.to_be_bytes());
    for _ in 0..2 {
        id.extend_from_slice(&[127, 0, 0, 1]);
        id.extend_from_slice(&[0; 12]);
    }
    id.extend_from_slice(&1u32.to_ne_bytes());
    id.extend_from_slice(&7u32.to_ne_bytes());
    id.extend_from_slice(&8u32.to_ne_bytes());
    id
}

fn sockdiag() {
    let fd = edges::netlink_socket(NETLINK_SOCK_DIAG);
    // inet_diag_req_v2: TCP, INET_DIAG_CONG wanted, listening sockets; a protocol and a bytecode.
    let mut req = vec![libc::AF_INET as u8, libc::IPPROTO_TCP as u8, 1 << 3, 0];
    req.extend_from_slice(&(1u32 << 10).to_ne_bytes());
    req.extend(sockid());
    req.extend(nla(3, &[libc::IPPROTO_UDP as u8]));
    req.extend(nla(1, &[7, 4, 8, 0, libc::AF_INET as u8, 8, 0, 0, 80, 0, 0, 0, 10, 0, 0, 1]));
    send(fd, &message(SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, &req));
    // The old inet_diag_req.
    let mut req = vec![libc::AF_INET as u8, 32, 32, 1];
    req.extend(sockid());
    req.extend_from_slice(&[0xff, 0xff, 0, 0, 0, 0, 0, 0]);
    send(fd, &message(TCPDIAG_GETSOCK, NLM_F_REQUEST, &req));
    // inet_diag_msg with meminfo, congestion, TOS, shutdown, mark, a ULP name and a cgroup.
    let mut msg = vec![libc::AF_INET as u8, 10, 1, 2];
    msg.extend(sockid());
    for v in [3u32, 4, 5, 0, 12345] {
        msg.extend_from_slice(&v.to_ne_bytes());
    }
    msg.extend(nla(1, &[1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0]));
    msg.extend(nla(4, b"cubic\0"));
    msg.extend(nla(5, &[0x10]));
    msg.extend(nla(7, &[9, 0, 0, 0, 8, 0, 0, 0, 7, 0, 0, 0]));
    msg.extend(nla(8, &[3]));
    msg.extend(nla(15, &42u32.to_ne_bytes()));
    msg.extend(nla(19, &nla(1, b"tls\0")));
    msg.extend(nla(21, &99u64.to_ne_bytes()));
    send(fd, &message(SOCK_DIAG_BY_FAMILY, NLM_F_DUMP, &msg));
    // netlink_diag_msg with groups and flags.
    let mut msg = vec![libc::AF_NETLINK as u8, libc::SOCK_RAW as u8, 0, 1];
    msg.extend_from_slice(&[0; 16]);
    msg.extend_from_slice(&[1, 0, 0, 0, 2, 0, 0, 0]);
    msg.extend(nla(1, &0xdead_beefu64.to_ne_bytes()));
    msg.extend(nla(4, &3u32.to_ne_bytes()));
    send(fd, &message(SOCK_DIAG_BY_FAMILY, NLM_F_DUMP, &msg));
    // packet_diag_msg with its info and its socket filter.
    let mut msg = vec![libc::AF_PACKET as u8, libc::SOCK_RAW as u8, 3, 0];
    msg.extend_from_slice(&[0; 12]);
    let mut info = 1u32.to_ne_bytes().to_vec();
    for v in [2u32, 0, 100, 0, 1] {
        info.extend_from_slice(&v.to_ne_bytes());
    }
    msg.extend(nla(0, &info));
    // PACKET_DIAG_FILTER: `ld b[SKF_AD_OFF+SKF_AD_PKTTYPE]; ret #42`.
    msg.extend(nla(7, &[0x30, 0, 0, 0, 0x04, 0xf0, 0xff, 0xff, 0x06, 0, 0, 0, 0x2a, 0, 0, 0]));
    send(fd, &message(SOCK_DIAG_BY_FAMILY, NLM_F_DUMP, &msg));
    // smc_diag_msg with its shutdown and fallback reasons.
    let mut msg = vec![AF_SMC, 1, 1, 0];
    msg.extend(sockid());
    msg.extend_from_slice(&[0; 12]);
    msg.extend(nla(3, &[3]));
    msg.extend(nla(5, &[0, 0, 1, 1, 0, 0, 2, 3]));
    send(fd, &message(SOCK_DIAG_BY_FAMILY, NLM_F_DUMP, &msg));
}

fn uevent() {
    let fd = edges::netlink_socket(NETLINK_KOBJECT_UEVENT);
    // A udev monitor header, then its properties.
    let mut msg = b"libudev\0".to_vec();
    msg.extend_from_slice(&0xfeed_cafeu32.to_be_bytes());
    for v in [40u32, 40, 10] {
        msg.extend_from_slice(&v.to_ne_bytes());
    }
    msg.extend_from_slice(&[0x12, 0x34, 0x56, 0x78, 0, 0, 0, 1, 0, 0, 0, 0, 1, 2, 3, 4]);
    send(fd, &msg);
    msg.extend_from_slice(b"ACTION=add");
    send(fd, &msg);
    // A kernel-style message is a plain string.
    send(fd, b"add@/devices/x\0ACTION=add\0");
}

fn iov() {
    let mut local = [0u8; 16];
    let remote = *b"0123456789abcdef";
    let iov = |base: *const u8, len: usize| libc::iovec { iov_base: base as *mut _, iov_len: len };
    let l = [iov(local.as_mut_ptr(), 6), iov(local[6..].as_mut_ptr(), 10)];
    let r = [iov(remote.as_ptr(), 16)];
    let bad = [iov(16 as *const u8, 4)];
    // SAFETY: the iovecs point into this process's own live buffers (or at an unmapped address,
    // which makes the calls fail with EFAULT); the pidfd is invalid.
    unsafe {
        let pid = libc::getpid();
        libc::syscall(libc::SYS_process_vm_readv, pid, l.as_ptr(), 2, r.as_ptr(), 1, 0);
        libc::syscall(libc::SYS_process_vm_readv, pid, l.as_ptr(), 2, bad.as_ptr(), 1, 0);
        libc::syscall(libc::SYS_process_vm_writev, pid, r.as_ptr(), 1, l.as_ptr(), 2, 0);
        libc::syscall(libc::SYS_process_madvise, -1, r.as_ptr(), 1, libc::MADV_COLD, 0);
        libc::syscall(libc::SYS_process_madvise, -1, r.as_ptr(), 1, 0xbad, 0);
        libc::syscall(libc::SYS_pidfd_getfd, -1, 0, 0);
        // A readv that fails: its iovecs by address.
        libc::readv(-1, l.as_ptr(), 2);
    }
}

fn dump() {
    let text = b"hello, world\n\x00\x01\xffmore bytes than one line";
    let mut buf = [0u8; 20];
    // SAFETY: the paths are NUL-terminated and the buffers outlive the calls.
    unsafe {
        let null = libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY);
        let zero = libc::open(c"/dev/zero".as_ptr(), libc::O_RDONLY);
        libc::write(null, text.as_ptr().cast(), text.len());
        let v = [
            libc::iovec { iov_base: text.as_ptr() as *mut _, iov_len: 5 },
            libc::iovec { iov_base: text[5..].as_ptr() as *mut _, iov_len: 20 },
        ];
        libc::writev(null, v.as_ptr(), 2);
        libc::read(zero, buf.as_mut_ptr().cast(), buf.len());
        let r = [libc::iovec { iov_base: buf.as_mut_ptr().cast(), iov_len: 3 }];
        libc::readv(zero, r.as_ptr(), 1);
        libc::close(null);
        libc::close(zero);
    }
}

/// recvfrom with MSG_TRUNC returns a datagram's whole length, more than its buffer holds (a
/// one-byte buffer at a page's end).
fn trunc() {
    let mut fds = [0; 2];
    // SAFETY: a socketpair of this process; the buffer is the last byte of a readable page.
    unsafe {
        libc::socketpair(libc::AF_UNIX, libc::SOCK_DGRAM, 0, fds.as_mut_ptr());
        libc::send(fds[1], b"AB".as_ptr().cast(), 2, 0);
        let buf = (edges::page_end() - 1) as *mut libc::c_void;
        let (none, len) = (std::ptr::null_mut(), std::ptr::null_mut());
        libc::recvfrom(fds[0], buf, 1, libc::MSG_TRUNC, none, len);
    }
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    edges::begin();
    match mode.as_str() {
        "sockdiag" => sockdiag(),
        "uevent" => uevent(),
        "iov" => iov(),
        "dump" => dump(),
        "trunc" => trunc(),
        _ => {}
    }
    edges::end();
    // SAFETY: ends the process without running destructors, as the other fixtures do.
    unsafe { libc::_exit(0) };
}
