//! `-yy` socket endpoints, found by inode at print time as strace finds them: TCP and UDP in
//! `/proc/PID/net/{tcp,tcp6,udp,udp6}`, netlink sockets in `/proc/PID/net/netlink`, UNIX sockets (with
//! their peer, which /proc does not show) through a `NETLINK_SOCK_DIAG` query.

use std::fmt::Write as _;
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::decode::strings;

/// The kernel's protocol name for a socket made with `socket(domain, type, protocol)`: what
/// `system.sockprotoname` says, for when /proc could not be asked.
pub fn proto_of(domain: u64, ty: u64, protocol: u64) -> Option<&'static str> {
    const STREAM: u64 = libc::SOCK_STREAM as u64;
    const DGRAM: u64 = libc::SOCK_DGRAM as u64;
    const RAW: u64 = libc::SOCK_RAW as u64;
    let domain = i32::try_from(domain & 0xffff_ffff).ok()?;
    Some(match (domain, ty & 0xf, protocol & 0xffff_ffff) {
        (libc::AF_UNIX, STREAM, _) => "UNIX-STREAM",
        (libc::AF_UNIX, _, _) => "UNIX",
        (libc::AF_INET, STREAM, 0 | 6) => "TCP",
        (libc::AF_INET, STREAM, 262) => "MPTCP",
        (libc::AF_INET, DGRAM, 0 | 17) => "UDP",
        (libc::AF_INET, DGRAM, 1) => "PING",
        (libc::AF_INET, DGRAM, 136) => "UDP-Lite",
        (libc::AF_INET, RAW, _) => "RAW",
        (libc::AF_INET6, STREAM, 0 | 6) => "TCPv6",
        (libc::AF_INET6, STREAM, 262) => "MPTCPv6",
        (libc::AF_INET6, DGRAM, 0 | 17) => "UDPv6",
        (libc::AF_INET6, DGRAM, 58) => "PINGv6",
        (libc::AF_INET6, DGRAM, 136) => "UDPLITEv6",
        (libc::AF_INET6, RAW, _) => "RAWv6",
        (libc::AF_NETLINK, _, _) => "NETLINK",
        (libc::AF_PACKET, _, _) => "PACKET",
        _ => return None,
    })
}

/// The protocols strace 6.1 knows by name; for the others it prints `socket:[INODE]`.
const STRACE_KNOWN: &[&str] = &[
    "UNIX",
    "UNIX-STREAM",
    "TCP",
    "UDP",
    "UDPLITE",
    "DCCP",
    "SCTP",
    "L2TP/IP",
    "PING",
    "RAW",
    "TCPv6",
    "UDPv6",
    "UDPLITEv6",
    "DCCPv6",
    "L2TP/IPv6",
    "SCTPv6",
    "PINGv6",
    "RAWv6",
    "NETLINK",
];

/// `name` as a static string, when it is one the table keeps (an accepted socket inherits its
/// listener's protocol).
pub fn known_name(name: &str) -> Option<&'static str> {
    STRACE_KNOWN.iter().chain(&["MPTCP", "MPTCPv6", "UDP-Lite", "PACKET"]).find(|&&n| n == name).copied()
}

/// What `-yy` prints for a socket of protocol `proto`: `TCP:[1.2.3.4:5->6.7.8.9:10]`, or
/// `TCP:[INODE]` when the endpoint is not found; `None` for a protocol strace does not know.
pub fn details(pid: u32, inode: u64, proto: &str) -> Option<String> {
    let key = format!("socket-details\0{pid}\0{inode}\0{proto}");
    let answer = crate::facts::ask(crate::facts::Kind::Custom, key.as_bytes(), || {
        live_details(pid, inode, proto).map(String::into_bytes)
    })?;
    String::from_utf8(answer).ok()
}

/// [`details`], asked of the kernel now.
fn live_details(pid: u32, inode: u64, proto: &str) -> Option<String> {
    let name = *STRACE_KNOWN.iter().find(|&&n| n == proto)?;
    let found = match name {
        "TCP" => {
            inet_diag(libc::AF_INET, libc::IPPROTO_TCP, inode).or_else(|| inet(pid, "tcp", inode, false))
        }
        "UDP" => {
            inet_diag(libc::AF_INET, libc::IPPROTO_UDP, inode).or_else(|| inet(pid, "udp", inode, false))
        }
        "TCPv6" => {
            inet_diag(libc::AF_INET6, libc::IPPROTO_TCP, inode).or_else(|| inet(pid, "tcp6", inode, true))
        }
        "UDPv6" => {
            inet_diag(libc::AF_INET6, libc::IPPROTO_UDP, inode).or_else(|| inet(pid, "udp6", inode, true))
        }
        "UNIX" | "UNIX-STREAM" => unix(inode),
        "NETLINK" => netlink(pid, inode),
        _ => None,
    };
    Some(match found {
        Some(endpoints) => format!("{name}:[{endpoints}]"),
        None => format!("{name}:[{inode}]"),
    })
}

/// `127.0.0.1:40000->127.0.0.1:8080` from an `inet_diag` dump, as strace asks (it also sees sockets
/// bound but not yet listening, which /proc/net/tcp leaves out).
fn inet_diag(family: i32, protocol: i32, inode: u64) -> Option<String> {
    let v6 = family == libc::AF_INET6;
    // nlmsghdr (16 bytes) + inet_diag_req_v2 (56 bytes).
    let mut request = Vec::with_capacity(72);
    request.extend_from_slice(&72u32.to_ne_bytes());
    request.extend_from_slice(&SOCK_DIAG_BY_FAMILY.to_ne_bytes());
    request.extend_from_slice(&((libc::NLM_F_REQUEST | libc::NLM_F_DUMP) as u16).to_ne_bytes());
    request.extend_from_slice(&1u32.to_ne_bytes());
    request.extend_from_slice(&0u32.to_ne_bytes());
    request.push(family as u8);
    request.push(protocol as u8);
    request.push(0); // idiag_ext
    request.push(0); // pad
    request.extend_from_slice(&u32::MAX.to_ne_bytes()); // every state
    request.resize(72, 0); // inet_diag_sockid: match anything
    let mut found = None;
    diag_exchange(&request, |message| {
        // inet_diag_msg: family, state, timer, retrans, sockid (sport, dport, src[16], dst[16], if,
        // cookie[2]), expires, rqueue, wqueue, uid, inode.
        let ino = message.get(68..72).and_then(|b| b.try_into().ok()).map(u32::from_ne_bytes);
        if ino.map(u64::from) != Some(inode) {
            return false;
        }
        let port = |at: usize| message.get(at..at + 2).map(|b| u16::from_be_bytes([b[0], b[1]]));
        let len = if v6 { 16 } else { 4 };
        let (Some(sport), Some(dport), Some(src), Some(dst)) =
            (port(4), port(6), message.get(8..8 + len), message.get(24..24 + len))
        else {
            return true;
        };
        let mut out = String::new();
        write_endpoint(&mut out, &(src.to_vec(), sport), v6);
        if dport != 0 || dst.iter().any(|&b| b != 0) {
            out.push_str("->");
            write_endpoint(&mut out, &(dst.to_vec(), dport), v6);
        }
        found = Some(out);
        true
    })?;
    found
}

/// Send a sock_diag request and feed each reply message's payload to `each` until it returns true
/// or the dump ends. `None` when netlink could not be used.
fn diag_exchange(request: &[u8], mut each: impl FnMut(&[u8]) -> bool) -> Option<()> {
    crate::decode::netlink::query::exchange(libc::NETLINK_SOCK_DIAG, request, |kind, payload| {
        kind == SOCK_DIAG_BY_FAMILY && each(payload)
    })
}

/// The rows of `/proc/PID/net/FILE` (or the tracer's own when the process is gone), header skipped.
fn net_rows(pid: u32, file: &str) -> Option<String> {
    crate::facts::read_to_string(&format!("/proc/{pid}/net/{file}"))
        .or_else(|| crate::facts::read_to_string(&format!("/proc/self/net/{file}")))
}

/// `127.0.0.1:40000->127.0.0.1:8080`, or only the local end when there is no remote one.
fn inet(pid: u32, file: &str, inode: u64, v6: bool) -> Option<String> {
    let table = net_rows(pid, file)?;
    let row = table
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .find(|cols| cols.get(9).and_then(|c| c.parse::<u64>().ok()) == Some(inode))?;
    let (local, remote) = (endpoint(row.get(1)?, v6)?, endpoint(row.get(2)?, v6)?);
    let mut out = String::new();
    write_endpoint(&mut out, &local, v6);
    if remote.1 != 0 || remote.0.iter().any(|&b| b != 0) {
        out.push_str("->");
        write_endpoint(&mut out, &remote, v6);
    }
    Some(out)
}

/// `0100007F:9C40` → address bytes in network order and the port.
fn endpoint(text: &str, v6: bool) -> Option<(Vec<u8>, u16)> {
    let (addr, port) = text.split_once(':')?;
    let port = u16::from_str_radix(port, 16).ok()?;
    if addr.len() != if v6 { 32 } else { 8 } {
        return None;
    }
    // Each 32-bit word is printed as the host reads the network-order bytes.
    let mut bytes = Vec::with_capacity(16);
    for word in addr.as_bytes().chunks(8) {
        let word = u32::from_str_radix(std::str::from_utf8(word).ok()?, 16).ok()?;
        bytes.extend_from_slice(&word.to_ne_bytes());
    }
    Some((bytes, port))
}

fn write_endpoint(out: &mut String, (addr, port): &(Vec<u8>, u16), v6: bool) {
    if v6 {
        let octets: [u8; 16] = addr.as_slice().try_into().unwrap_or([0; 16]);
        let _ = write!(out, "[{}]:{port}", Ipv6Addr::from(octets));
    } else {
        let octets: [u8; 4] = addr.as_slice().try_into().unwrap_or([0; 4]);
        let _ = write!(out, "{}:{port}", Ipv4Addr::from(octets));
    }
}

/// Netlink protocol names as strace prints them (without `NETLINK_`).
const NETLINK_PROTOCOLS: &[(u32, &str)] = &[
    (0, "ROUTE"),
    (1, "UNUSED"),
    (2, "USERSOCK"),
    (3, "FIREWALL"),
    (4, "SOCK_DIAG"),
    (5, "NFLOG"),
    (6, "XFRM"),
    (7, "SELINUX"),
    (8, "ISCSI"),
    (9, "AUDIT"),
    (10, "FIB_LOOKUP"),
    (11, "CONNECTOR"),
    (12, "NETFILTER"),
    (13, "IP6_FW"),
    (14, "DNRTMSG"),
    (15, "KOBJECT_UEVENT"),
    (16, "GENERIC"),
    (18, "SCSITRANSPORT"),
    (19, "ECRYPTFS"),
    (20, "RDMA"),
    (21, "CRYPTO"),
    (22, "SMC"),
];

/// The netlink protocol (`NETLINK_ROUTE` = 0, ...) of socket `inode`, from `/proc/PID/net/netlink`
/// (bound sockets only, as strace's sock_diag query finds them).
pub fn netlink_protocol(pid: u32, inode: u64) -> Option<u32> {
    let table = net_rows(pid, "netlink")?;
    table
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .find(|cols| cols.get(9).and_then(|c| c.parse::<u64>().ok()) == Some(inode))?
        .get(1)?
        .parse()
        .ok()
}

/// `ROUTE:1234`: the protocol and the port id (bound sockets only, as in strace).
fn netlink(pid: u32, inode: u64) -> Option<String> {
    let table = net_rows(pid, "netlink")?;
    let row = table
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .find(|cols| cols.get(9).and_then(|c| c.parse::<u64>().ok()) == Some(inode))?;
    let protocol: u32 = row.get(1)?.parse().ok()?;
    let port_id: u32 = row.get(2)?.parse().ok()?;
    Some(netlink_endpoint(protocol, port_id))
}

/// `ROUTE:1234`: a netlink socket's protocol and port id.
pub fn netlink_endpoint(protocol: u32, port_id: u32) -> String {
    match NETLINK_PROTOCOLS.iter().find(|&&(p, _)| p == protocol) {
        Some((_, name)) => format!("{name}:{port_id}"),
        None => format!("{protocol}:{port_id}"),
    }
}

/// `INODE->PEER,"path"` (or `@"abstract"`) from a `SOCK_DIAG_BY_FAMILY` query for the inode.
fn unix(inode: u64) -> Option<String> {
    let inode = u32::try_from(inode).ok()?;
    let reply = unix_diag_query(inode)?;
    let (peer, name) = parse_unix_reply(&reply, inode)?;
    let mut out = format!("{inode}");
    if peer != 0 {
        let _ = write!(out, "->{peer}");
    }
    if let Some(name) = name.filter(|n| !n.is_empty()) {
        out.push(',');
        match name.strip_prefix(&[0u8][..]) {
            Some(abstract_name) => {
                out.push('@');
                strings::quote(
                    &mut out,
                    strings::until_nul(abstract_name),
                    crate::decode::Quote::Text,
                    false,
                );
            }
            None => strings::quote(&mut out, strings::until_nul(&name), crate::decode::Quote::Text, false),
        }
    }
    Some(out)
}

const SOCK_DIAG_BY_FAMILY: u16 = 20;
const UDIAG_SHOW_NAME: u32 = 1;
const UDIAG_SHOW_PEER: u32 = 4;
const UNIX_DIAG_NAME: u16 = 0;
const UNIX_DIAG_PEER: u16 = 2;
const NLMSG_HEADER: usize = 16;

/// Send one `unix_diag_req` for `inode` and return the reply datagram.
fn unix_diag_query(inode: u32) -> Option<Vec<u8>> {
    // nlmsghdr (16 bytes) + unix_diag_req (24 bytes).
    let mut request = Vec::with_capacity(40);
    request.extend_from_slice(&40u32.to_ne_bytes());
    request.extend_from_slice(&SOCK_DIAG_BY_FAMILY.to_ne_bytes());
    request.extend_from_slice(&(libc::NLM_F_REQUEST as u16).to_ne_bytes());
    request.extend_from_slice(&1u32.to_ne_bytes()); // seq
    request.extend_from_slice(&0u32.to_ne_bytes()); // port id: the kernel's
    request.push(libc::AF_UNIX as u8); // sdiag_family
    request.push(0); // sdiag_protocol
    request.extend_from_slice(&0u16.to_ne_bytes());
    request.extend_from_slice(&u32::MAX.to_ne_bytes()); // every state
    request.extend_from_slice(&inode.to_ne_bytes());
    request.extend_from_slice(&(UDIAG_SHOW_NAME | UDIAG_SHOW_PEER).to_ne_bytes());
    request.extend_from_slice(&u32::MAX.to_ne_bytes()); // no cookie
    request.extend_from_slice(&u32::MAX.to_ne_bytes());

    // SAFETY: plain socket syscalls on a descriptor this function owns and closes; the buffers
    // outlive the calls and their lengths are passed.
    unsafe {
        let fd =
            libc::socket(libc::AF_NETLINK, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, libc::NETLINK_SOCK_DIAG);
        if fd < 0 {
            return None;
        }
        let mut addr: libc::sockaddr_nl = std::mem::zeroed();
        addr.nl_family = libc::AF_NETLINK as libc::sa_family_t;
        let sent = libc::sendto(
            fd,
            request.as_ptr().cast(),
            request.len(),
            0,
            (&addr as *const libc::sockaddr_nl).cast(),
            std::mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t,
        );
        let mut reply = vec![0u8; 8192];
        let received = if sent == request.len() as isize {
            libc::recv(fd, reply.as_mut_ptr().cast(), reply.len(), 0)
        } else {
            -1
        };
        libc::close(fd);
        reply.truncate(usize::try_from(received).ok()?);
        Some(reply)
    }
}

/// The peer inode (0 when none) and the bound name from a reply about `inode`.
fn parse_unix_reply(reply: &[u8], inode: u32) -> Option<(u32, Option<Vec<u8>>)> {
    let u16_at =
        |b: &[u8], at: usize| b.get(at..at + 2).and_then(|s| s.try_into().ok()).map(u16::from_ne_bytes);
    let u32_at =
        |b: &[u8], at: usize| b.get(at..at + 4).and_then(|s| s.try_into().ok()).map(u32::from_ne_bytes);
    let len = usize::try_from(u32_at(reply, 0)?).ok()?;
    if u16_at(reply, 4)? != SOCK_DIAG_BY_FAMILY || len > reply.len() {
        return None;
    }
    // unix_diag_msg: family, type, state, pad, ino, cookie[2] (16 bytes), then attributes.
    let message = reply.get(NLMSG_HEADER..len)?;
    if u32_at(message, 4)? != inode {
        return None;
    }
    let mut peer = 0;
    let mut name = None;
    let mut at = 16;
    while let (Some(attr_len), Some(kind)) = (u16_at(message, at), u16_at(message, at + 2)) {
        let attr_len = usize::from(attr_len);
        if attr_len < 4 {
            break;
        }
        let payload = message.get(at + 4..at + attr_len)?;
        match kind {
            UNIX_DIAG_NAME => name = Some(payload.to_vec()),
            UNIX_DIAG_PEER => peer = u32_at(payload, 0)?,
            _ => {}
        }
        at += (attr_len + 3) & !3;
    }
    Some((peer, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proc_net_endpoints_read_as_strace_prints_them() {
        let local = endpoint("0100007F:9C40", false).expect("parses");
        let mut out = String::new();
        write_endpoint(&mut out, &local, false);
        assert_eq!(out, "127.0.0.1:40000");
        let v6 = endpoint("00000000000000000000000001000000:1F90", true).expect("parses");
        out.clear();
        write_endpoint(&mut out, &v6, true);
        assert_eq!(out, "[::1]:8080");
        let mapped = endpoint("0000000000000000FFFF00000100007F:0050", true).expect("parses");
        out.clear();
        write_endpoint(&mut out, &mapped, true);
        assert_eq!(out, "[::ffff:127.0.0.1]:80");
    }

    #[test]
    fn protocols_from_socket_arguments() {
        assert_eq!(proto_of(1, 1 | 0x80000, 0), Some("UNIX-STREAM"));
        assert_eq!(proto_of(1, 2, 0), Some("UNIX"));
        assert_eq!(proto_of(2, 1, 6), Some("TCP"));
        assert_eq!(proto_of(10, 2, 0), Some("UDPv6"));
        assert_eq!(proto_of(16, 3, 0), Some("NETLINK"));
        assert_eq!(proto_of(40, 1, 0), None);
        assert_eq!(details(1, 5, "PACKET"), None, "strace prints socket:[INODE] for these");
        assert_eq!(details(1, 5, "RAW").as_deref(), Some("RAW:[5]"));
    }

    #[test]
    fn a_unix_socketpair_is_found_with_its_peer() {
        let (a, b) = std::os::unix::net::UnixStream::pair().expect("socketpair");
        use std::os::fd::AsRawFd as _;
        let pid = std::process::id();
        let inode =
            |fd: i32| super::super::proc::link(pid, fd).and_then(|l| super::super::proc::socket_inode(&l));
        let (ia, ib) = (inode(a.as_raw_fd()).expect("inode"), inode(b.as_raw_fd()).expect("inode"));
        assert_eq!(details(pid, ia, "UNIX-STREAM"), Some(format!("UNIX-STREAM:[{ia}->{ib}]")));
    }
}
