//! Netlink messages in sendto's data, decoded as strace 6.1 decodes them. Messages without
//! `NLM_F_REQUEST` are ignored by the kernel, and the requests sent are read-only queries, so
//! nothing changes on the system.
//! Usage: fixture-netlink MODE (`route`, `diag`, `edges`).

use tracer_tests::edges;

const NLM_F_REQUEST: u16 = 1;
const NLM_F_DUMP: u16 = 0x300;

/// A message: header then `payload`, `nlmsg_len` the whole length.
fn message(kind: u16, flags: u16, seq: u32, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&(16 + payload.len() as u32).to_ne_bytes());
    out.extend_from_slice(&kind.to_ne_bytes());
    out.extend_from_slice(&flags.to_ne_bytes());
    out.extend_from_slice(&seq.to_ne_bytes());
    out.extend_from_slice(&1234u32.to_ne_bytes());
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

fn send(fd: i32, bytes: &[u8]) {
    // SAFETY: the buffer outlives the call and its length is passed.
    unsafe { libc::sendto(fd, bytes.as_ptr().cast(), bytes.len(), libc::MSG_DONTWAIT, std::ptr::null(), 0) };
}

fn route() {
    let fd = edges::netlink_socket(libc::NETLINK_ROUTE);
    // RTM_GETNSID dump with an attribute of each kind (a query), and one of an unknown type.
    let mut payload = vec![libc::AF_UNSPEC as u8, 0, 0, 0];
    payload.extend(nla(1, &(-1i32).to_ne_bytes()));
    payload.extend(nla(0x3fff, b"abcd"));
    send(fd, &message(0x5a, NLM_F_REQUEST | NLM_F_DUMP, 1, &payload));
    // RTM_GETNETCONF with its interface attribute, not a request (ignored by the kernel).
    let mut payload = vec![libc::AF_INET as u8, 0, 0, 0];
    payload.extend(nla(1, &1u32.to_ne_bytes()));
    send(fd, &message(0x52, NLM_F_DUMP, 2, &payload));
    // Two messages in one buffer: an address label and an unknown route type.
    let mut both = message(0x4a, NLM_F_DUMP, 3, &[libc::AF_INET6 as u8, 64, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0]);
    both.extend(message(0x7f, 0, 4, &[libc::AF_INET as u8, 1, 2, 3]));
    send(fd, &both);
    // An error message quoting a request, with an extended-ack string.
    let mut err = (-libc::EACCES).to_ne_bytes().to_vec();
    err.extend(message(0x12, NLM_F_REQUEST, 5, &[]));
    err.extend(nla(1, b"denied\0"));
    send(fd, &message(2, 0x200, 6, &err));
    // NLMSG_DONE with its int.
    send(fd, &message(3, 2, 7, &42i32.to_ne_bytes()));
    // An address (ifaddrmsg) with its IPv4 address and flags, not a request.
    let mut payload = vec![libc::AF_INET as u8, 8, 0x80, 0xfe, 1, 0, 0, 0];
    payload.extend(nla(1, &[127, 0, 0, 1]));
    payload.extend(nla(8, &0x81u32.to_ne_bytes()));
    send(fd, &message(0x14, 0, 8, &payload));
    // A nexthop (nhmsg) with a group of two, not a request.
    let mut payload = vec![libc::AF_INET as u8, 0xff, 3, 0, 0x22, 0, 0, 0];
    payload.extend(nla(2, &[1, 0, 0, 0, 5, 0, 0, 0, 2, 0, 0, 0, 6, 0, 0, 0]));
    send(fd, &message(0x68, 0, 9, &payload));
    // A bridge port's multicast database router port, not a request.
    let mut port = 1u32.to_ne_bytes().to_vec();
    port.extend(nla(2, &[1]));
    let mut payload = vec![libc::AF_BRIDGE as u8, 0, 0, 0, 1, 0, 0, 0];
    payload.extend(nla(2, &nla(1, &port)));
    send(fd, &message(0x54, 0, 10, &payload));
}

fn diag() {
    let fd = edges::netlink_socket(libc::NETLINK_SOCK_DIAG);
    // A family sock_diag has no decoder for, as a response (no NLM_F_REQUEST).
    send(fd, &message(20, 0, 1, &[libc::AF_INET6 as u8 + 100, 1, 2, 3]));
    // A UNIX socket's description, as a response, with its name and queue lengths.
    let mut payload = vec![libc::AF_UNIX as u8, libc::SOCK_STREAM as u8, 1, 0];
    payload.extend(42u32.to_ne_bytes());
    payload.extend([0xff; 8]);
    payload.extend(nla(0, b"/tmp/sock\0"));
    payload.extend(nla(4, &[1, 0, 0, 0, 2, 0, 0, 0]));
    send(fd, &message(20, 2, 5, &payload));
    let fd = edges::netlink_socket(libc::NETLINK_NETFILTER);
    send(fd, &message(0x0101, 0, 2, &[libc::AF_INET as u8, 0, 0, 5]));
    send(fd, &message(0x10, 0, 3, &[0, 0, 0, 10, 1, 2, 3, 4]));
    let fd = edges::netlink_socket(libc::NETLINK_XFRM);
    send(fd, &message(0x12, NLM_F_DUMP, 4, &[]));
}

fn edges() {
    let fd = edges::netlink_socket(libc::NETLINK_ROUTE);
    // Shorter than a header: hex bytes.
    send(fd, b"abcd");
    // An unreadable buffer: its address.
    // SAFETY: the kernel fails the call with EFAULT; nothing is read or written here.
    unsafe { libc::sendto(fd, 8 as *const libc::c_void, 32, libc::MSG_DONTWAIT, std::ptr::null(), 0) };
    // Two pages, the second made unreadable; a message whose payload runs into it.
    // SAFETY: an anonymous mapping this function owns; writes stay within its first page.
    unsafe {
        let page = 4096;
        let map = libc::mmap(
            std::ptr::null_mut(),
            2 * page,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        );
        if map != libc::MAP_FAILED {
            libc::mprotect(map.cast::<u8>().add(page).cast(), page, libc::PROT_NONE);
            let msg = message(0x5a, 0, 8, &[libc::AF_INET as u8, 0, 0, 0, 8, 0, 1, 0]);
            let at = map.cast::<u8>().add(page - 20);
            std::ptr::copy_nonoverlapping(msg.as_ptr(), at, 20);
            libc::sendto(fd, at.cast(), 28, libc::MSG_DONTWAIT, std::ptr::null(), 0);
            // Two messages, the second's header unreadable.
            let at = map.cast::<u8>().add(page - 16);
            let first = message(0x7f, 0, 9, &[]);
            std::ptr::copy_nonoverlapping(first.as_ptr(), at, 16);
            libc::sendto(fd, at.cast(), 32, libc::MSG_DONTWAIT, std::ptr::null(), 0);
            libc::munmap(map, 2 * page);
        }
    }
    // A UDP socket's data is still a string cut at -s.
    // SAFETY: a socket this process owns; the data outlives the call.
    unsafe {
        let udp = libc::socket(libc::AF_INET, libc::SOCK_DGRAM, 0);
        let data = [b'x'; 100];
        libc::sendto(udp, data.as_ptr().cast(), data.len(), 0, std::ptr::null(), 0);
    }
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    edges::begin();
    match mode.as_str() {
        "route" => route(),
        "diag" => diag(),
        "edges" => edges(),
        other => eprintln!("fixture-netlink: unknown mode {other:?}"),
    }
    edges::end();
    // SAFETY: ends the process without running atexit handlers (no extra syscalls in the trace).
    unsafe { libc::_exit(0) };
}
