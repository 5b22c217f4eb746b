//! NETLINK_ROUTE messages in sendto's data (links, routes, rules, neighbours, traffic control,
//! stats), decoded as strace 6.1 decodes them. None carries `NLM_F_REQUEST`, so the kernel ignores
//! them all and nothing changes on the system.
//! Usage: fixture-nlroute MODE (`link`, `route`, `tc`).

use tracer_tests::edges;

const NLM_F_DUMP: u16 = 0x300;
const NLA_F_NESTED: u16 = 0x8000;

/// A bound NETLINK_ROUTE socket.
fn socket() -> i32 {
    // SAFETY: plain socket calls on a descriptor this process owns; the address outlives the call.
    unsafe {
        let fd = libc::socket(libc::AF_NETLINK, libc::SOCK_RAW, libc::NETLINK_ROUTE);
        let mut addr: libc::sockaddr_nl = std::mem::zeroed();
        addr.nl_family = libc::AF_NETLINK as libc::sa_family_t;
        let len = std::mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t;
        libc::bind(fd, (&raw const addr).cast(), len);
        fd
    }
}

/// A message of `kind` (not a request): header then `payload`.
fn message(kind: u16, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&(16 + payload.len() as u32).to_ne_bytes());
    out.extend_from_slice(&kind.to_ne_bytes());
    out.extend_from_slice(&NLM_F_DUMP.to_ne_bytes());
    out.extend_from_slice(&0u32.to_ne_bytes());
    out.extend_from_slice(&0u32.to_ne_bytes());
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

/// `struct`'s bytes followed by the attributes.
fn with(head: &[u8], attrs: &[Vec<u8>]) -> Vec<u8> {
    let mut out = head.to_vec();
    for a in attrs {
        out.extend_from_slice(a);
    }
    out
}

fn send(fd: i32, bytes: &[u8]) {
    // SAFETY: the buffer outlives the call and its length is passed.
    unsafe { libc::sendto(fd, bytes.as_ptr().cast(), bytes.len(), libc::MSG_DONTWAIT, std::ptr::null(), 0) };
}

fn u32b(v: u32) -> [u8; 4] {
    v.to_ne_bytes()
}

/// `struct ifinfomsg` of `family` for interface 1.
fn ifinfomsg(family: u8) -> Vec<u8> {
    let mut out = vec![family, 0];
    out.extend_from_slice(&772u16.to_ne_bytes());
    out.extend_from_slice(&u32b(1));
    out.extend_from_slice(&u32b(1));
    out.extend_from_slice(&u32b(0));
    out
}

fn link() {
    let fd = socket();
    // RTM_GETLINK with a name, an MTU, an address, an unknown attribute.
    let attrs = [nla(3, b"lo\0"), nla(4, &u32b(65536)), nla(1, &[0, 1, 2, 3, 4, 5]), nla(0x3ff, b"xy")];
    send(fd, &message(0x12, &with(&ifinfomsg(libc::AF_UNSPEC as u8), &attrs)));
    // IFLA_LINKINFO of a bridge with its data, IFLA_XDP flags, IFLA_EXT_MASK.
    let data = [nla(5, &u32b(1)), nla(7, &[1]), nla(22, &[2])].concat();
    let info = [nla(1, b"bridge\0"), nla(NLA_F_NESTED | 2, &data)].concat();
    let attrs = [nla(18, &info), nla(43, &nla(3, &u32b(2))), nla(29, &u32b(9))];
    send(fd, &message(0x10, &with(&ifinfomsg(libc::AF_UNSPEC as u8), &attrs)));
    // IFLA_AF_SPEC: IPv6 flags and devconf array; IFLA_STATS64 cut short (hex).
    let inet6 = [nla(1, &u32b(0x80000000)), nla(2, &[u32b(1), u32b(64)].concat())].concat();
    let attrs = [nla(26, &nla(libc::AF_INET6 as u16, &inet6)), nla(23, &[7; 12])];
    send(fd, &message(0x12, &with(&ifinfomsg(libc::AF_UNSPEC as u8), &attrs)));
    // IFLA_PROTINFO of a bridge port: its state, cost and root id.
    let brport = [nla(1, &[3]), nla(3, &u32b(100)), nla(13, &[0x80, 0, 1, 2, 3, 4, 5, 6])].concat();
    send(fd, &message(0x12, &with(&ifinfomsg(libc::AF_BRIDGE as u8), &[nla(12, &brport)])));
    // A short ifinfomsg.
    send(fd, &message(0x12, &[libc::AF_INET as u8, 0, 0]));
}

fn route() {
    let fd = socket();
    // rtmsg: destination, output interface, metrics, a multipath hop, a table id.
    let head = [libc::AF_INET as u8, 32, 0, 0x10, 254, 4, 0, 1, 0, 0, 0, 0];
    let hop = [&8u16.to_ne_bytes()[..], &[0, 0], &u32b(1)].concat();
    let attrs = [
        nla(1, &[127, 0, 0, 1]),
        nla(4, &u32b(1)),
        nla(8, &nla(2, &u32b(1500))),
        nla(9, &hop),
        nla(15, &u32b(252)),
    ];
    send(fd, &message(0x1a, &with(&head, &attrs)));
    // fib_rule_hdr: source, priority, a port range, a tunnel id.
    let head = [libc::AF_INET6 as u8, 0, 128, 0, 0, 0, 0, 1, 2, 0, 0, 0];
    let attrs = [
        nla(2, &[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
        nla(6, &u32b(32766)),
        nla(23, &[0x50, 0, 0x51, 0]),
        nla(12, &1u64.to_be_bytes()),
    ];
    send(fd, &message(0x22, &with(&head, &attrs)));
    // ndmsg: an address and a hardware address, a port.
    let head = [&[libc::AF_INET as u8, 0, 0, 0][..], &u32b(1), &[2, 0, 0x10, 1]].concat();
    let attrs = [nla(1, &[10, 0, 0, 1]), nla(2, &[0, 0x11, 0x22, 0x33, 0x44, 0x55]), nla(6, &[0x12, 0x34])];
    send(fd, &message(0x1e, &with(&head, &attrs)));
    // ndtmsg: a name and the parameters' interface and a time.
    let parms = [nla(1, &u32b(1)), nla(3, &30000u64.to_ne_bytes())].concat();
    let attrs = [nla(1, b"arp_cache\0"), nla(6, &parms), nla(2, &u32b(128))];
    send(fd, &message(0x42, &with(&[libc::AF_INET as u8, 0, 0, 0], &attrs)));
}

fn tc() {
    let fd = socket();
    // tcmsg: a kind, an estimator, stats2 with basic and queue stats, a size table.
    let head = [&[libc::AF_UNSPEC as u8, 0, 0, 0][..], &u32b(1), &u32b(0x10000), &u32b(0xffffffff), &u32b(0)]
        .concat();
    let basic = [&1000u64.to_ne_bytes()[..], &u32b(10), &u32b(0)].concat();
    let queue = [u32b(1), u32b(2), u32b(3), u32b(4), u32b(5)].concat();
    let stats = [nla(1, &basic), nla(3, &queue)].concat();
    let stab = nla(2, &[1, 0, 2, 0, 3, 0]);
    let attrs = [nla(1, b"pfifo\0"), nla(5, &[0xfe, 3]), nla(7, &stats), nla(8, &stab)];
    send(fd, &message(0x26, &with(&head, &attrs)));
    // tcamsg: a kind, an index and the action's flags.
    let attrs = [nla(1, b"gact\0"), nla(3, &u32b(7)), nla(7, &u32b(1))];
    send(fd, &message(0x32, &with(&[libc::AF_UNSPEC as u8, 0, 0, 0], &attrs)));
    // if_stats_msg: its filter mask, a slave's bridge STP stats.
    let head = [&[libc::AF_UNSPEC as u8, 0, 0, 0][..], &u32b(1), &u32b(0x22)].concat();
    let stp = nla(4, &[0u8; 48]);
    let attrs = [nla(3, &nla(1, &stp))];
    send(fd, &message(0x5e, &with(&head, &attrs)));
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    edges::begin();
    match mode.as_str() {
        "link" => link(),
        "route" => route(),
        "tc" => tc(),
        other => eprintln!("fixture-nlroute: unknown mode {other:?}"),
    }
    edges::end();
    // SAFETY: ends the process without running atexit handlers (no extra syscalls in the trace).
    unsafe { libc::_exit(0) };
}
