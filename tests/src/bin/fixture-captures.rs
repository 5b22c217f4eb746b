//! Fixture: between two marker opens, one call for each capture mode of the value-result, array,
//! socket-address, socket-option, iovec and msghdr kinds (good pointers, NULL ones, bad ones and
//! untouched memory), then exit status 0. Calls libc directly so that each call is one syscall.
//! The results are deterministic, except what the kernel makes up: ports, pids, rusage, sysinfo.

use std::ffi::CStr;
use std::mem::{size_of, zeroed};
use std::ptr::{null, null_mut};

use libc::{c_int, c_void, iovec, msghdr, sockaddr, sockaddr_in, socklen_t};

/// An address no process maps: every read of it faults.
const BAD: usize = 0x10;

fn open(path: &CStr) {
    // SAFETY: a valid NUL-terminated path; the result does not matter (the markers do not exist).
    unsafe { libc::open(path.as_ptr(), libc::O_RDONLY) };
}

fn iov(buf: &[u8]) -> iovec {
    iovec { iov_base: buf.as_ptr() as *mut c_void, iov_len: buf.len() }
}

fn iov_mut(buf: &mut [u8]) -> iovec {
    iovec { iov_base: buf.as_mut_ptr().cast(), iov_len: buf.len() }
}

fn loopback() -> sockaddr_in {
    // SAFETY: all-zero is a valid sockaddr_in.
    let mut addr: sockaddr_in = unsafe { zeroed() };
    addr.sin_family = libc::AF_INET as libc::sa_family_t;
    addr.sin_addr.s_addr = u32::from_ne_bytes([127, 0, 0, 1]);
    addr
}

fn as_sockaddr(addr: &sockaddr_in) -> *const sockaddr {
    std::ptr::from_ref(addr).cast()
}

const SOCKADDR_IN_LEN: socklen_t = size_of::<sockaddr_in>() as socklen_t;

fn msg(name: *mut c_void, namelen: socklen_t, iovs: &mut [iovec], control: &mut [u8]) -> msghdr {
    // SAFETY: all-zero is a valid msghdr.
    let mut m: msghdr = unsafe { zeroed() };
    m.msg_name = name;
    m.msg_namelen = namelen;
    m.msg_iov = iovs.as_mut_ptr();
    m.msg_iovlen = iovs.len();
    if !control.is_empty() {
        m.msg_control = control.as_mut_ptr().cast();
        m.msg_controllen = control.len();
    }
    m
}

// SAFETY (for every unsafe block below): libc calls on buffers, structs and descriptors owned by
// this function and alive for the call, or on BAD on purpose (the kernel answers EFAULT).
fn main() {
    open(c"/tracer-fixture-begin");
    unsafe {
        // pipe2 and pipe: descriptor pairs.
        let mut p = [0 as c_int; 2];
        libc::pipe2(p.as_mut_ptr(), libc::O_CLOEXEC);
        let (r, w) = (p[0], p[1]);
        let mut q = [0 as c_int; 2];
        libc::syscall(libc::SYS_pipe, q.as_mut_ptr());
        libc::write(w, b"ping".as_ptr().cast(), 4);

        // poll: an array copied at entry and again at exit.
        let mut fds = [
            libc::pollfd { fd: r, events: libc::POLLIN, revents: 0 },
            libc::pollfd { fd: w, events: libc::POLLOUT, revents: 0 },
            libc::pollfd { fd: q[0], events: libc::POLLIN, revents: 0 },
        ];
        libc::poll(fds.as_mut_ptr(), 3, 0);
        libc::poll(BAD as *mut libc::pollfd, 1, 0);

        // ioctl: a value-result argument, on success and on failure.
        let mut avail: c_int = -1;
        libc::ioctl(r, libc::FIONREAD, &mut avail);
        let mut termios: libc::termios = zeroed();
        libc::ioctl(r, libc::TCGETS, &mut termios);

        // readv: contents limited to the 4 bytes read (the third element gets none).
        let (mut a, mut b, mut c) = ([0u8; 2], [0u8; 8], [0u8; 8]);
        let iovs = [iov_mut(&mut a), iov_mut(&mut b), iov_mut(&mut c)];
        libc::readv(r, iovs.as_ptr(), 3);

        // writev: a NULL element, one longer than -s, then read it all back.
        let long = b"world, this element is longer than thirty-two bytes";
        let iovs = [iov(b"hello "), iovec { iov_base: null_mut(), iov_len: 0 }, iov(long)];
        libc::writev(w, iovs.as_ptr(), 3);
        let mut all = [0u8; 128];
        let iovs = [iov_mut(&mut all)];
        libc::readv(r, iovs.as_ptr(), 1);

        // writev from memory never touched (the eBPF probe cannot read it at entry).
        let page = libc::mmap(
            null_mut(),
            8192,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        );
        let iovs = [iovec { iov_base: page, iov_len: 8 }];
        libc::writev(w, iovs.as_ptr(), 1);
        libc::read(r, all.as_mut_ptr().cast(), 8);

        // Bad iovecs: the array, then one element.
        libc::writev(w, BAD as *const iovec, 1);
        let iovs = [iovec { iov_base: BAD as *mut c_void, iov_len: 4 }];
        libc::writev(w, iovs.as_ptr(), 1);

        // socketpair, and a descriptor passed with SCM_RIGHTS by sendmsg/recvmsg (no names).
        let mut sv = [0 as c_int; 2];
        libc::socketpair(libc::AF_UNIX, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0, sv.as_mut_ptr());
        let mut control = [0u8; 64];
        let space = libc::CMSG_SPACE(size_of::<c_int>() as u32) as usize;
        let mut parts = [iov(b"fd"), iov(b"-pass")];
        let mut m = msg(null_mut(), 0, &mut parts, &mut control[..space]);
        let cmsg = libc::CMSG_FIRSTHDR(&m);
        (*cmsg).cmsg_level = libc::SOL_SOCKET;
        (*cmsg).cmsg_type = libc::SCM_RIGHTS;
        (*cmsg).cmsg_len = libc::CMSG_LEN(size_of::<c_int>() as u32) as usize;
        libc::CMSG_DATA(cmsg).cast::<c_int>().write_unaligned(r);
        libc::sendmsg(sv[0], &m, 0);
        let (mut x, mut y) = ([0u8; 4], [0u8; 16]);
        let mut parts = [iov_mut(&mut x), iov_mut(&mut y)];
        let mut received = [0u8; 64];
        m = msg(null_mut(), 0, &mut parts, &mut received);
        libc::recvmsg(sv[1], &mut m, libc::MSG_CMSG_CLOEXEC);
        libc::sendmsg(sv[0], BAD as *const msghdr, 0);
        libc::recvmsg(sv[1], BAD as *mut msghdr, libc::MSG_DONTWAIT);

        // UDP on loopback: socket addresses in and out, by sendto/recvfrom and sendmsg/recvmsg.
        let u1 = libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0);
        let mut addr = loopback();
        libc::bind(u1, as_sockaddr(&addr), SOCKADDR_IN_LEN);
        let mut len: socklen_t = 128;
        let mut storage: libc::sockaddr_storage = zeroed();
        libc::getsockname(u1, std::ptr::from_mut(&mut storage).cast(), &mut len);
        addr.sin_port = (*std::ptr::from_ref(&storage).cast::<sockaddr_in>()).sin_port;
        let u2 = libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0);
        libc::sendto(u2, b"dgram".as_ptr().cast(), 5, 0, as_sockaddr(&addr), SOCKADDR_IN_LEN);
        let mut from: libc::sockaddr_storage = zeroed();
        let mut fromlen: socklen_t = 128;
        libc::recvfrom(
            u1,
            all.as_mut_ptr().cast(),
            64,
            0,
            std::ptr::from_mut(&mut from).cast(),
            &mut fromlen,
        );
        let mut parts = [iov(b"named")];
        m = msg(std::ptr::from_mut(&mut addr).cast(), SOCKADDR_IN_LEN, &mut parts, &mut []);
        libc::sendmsg(u2, &m, 0);
        let mut parts = [iov_mut(&mut all)];
        let mut name: libc::sockaddr_storage = zeroed();
        m = msg(std::ptr::from_mut(&mut name).cast(), 128, &mut parts, &mut []);
        libc::recvmsg(u1, &mut m, 0);
        libc::sendto(u2, b"x".as_ptr().cast(), 1, 0, BAD as *const sockaddr, SOCKADDR_IN_LEN);

        // TCP on loopback: socket options, bind/listen/connect/accept and the names.
        let l = libc::socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0);
        let one: c_int = 1;
        libc::setsockopt(l, libc::SOL_SOCKET, libc::SO_REUSEADDR, std::ptr::from_ref(&one).cast(), 4);
        let mut value: c_int = 0;
        let mut value_len: socklen_t = 4;
        libc::getsockopt(
            l,
            libc::SOL_SOCKET,
            libc::SO_REUSEADDR,
            std::ptr::from_mut(&mut value).cast(),
            &mut value_len,
        );
        let mut addr = loopback();
        libc::bind(l, as_sockaddr(&addr), SOCKADDR_IN_LEN);
        libc::listen(l, 4);
        len = 128;
        libc::getsockname(l, std::ptr::from_mut(&mut storage).cast(), &mut len);
        addr.sin_port = (*std::ptr::from_ref(&storage).cast::<sockaddr_in>()).sin_port;
        let c = libc::socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0);
        libc::connect(c, as_sockaddr(&addr), SOCKADDR_IN_LEN);
        let mut peer: libc::sockaddr_storage = zeroed();
        let mut peer_len: socklen_t = 128;
        let accepted = libc::accept(l, std::ptr::from_mut(&mut peer).cast(), &mut peer_len);
        peer_len = 128;
        libc::getpeername(accepted, std::ptr::from_mut(&mut peer).cast(), &mut peer_len);
        libc::connect(c, BAD as *const sockaddr, SOCKADDR_IN_LEN);
        len = 128;
        libc::getsockname(accepted, BAD as *mut sockaddr, &mut len);

        // epoll: events out, counted by the return value (one, then none).
        let ep = libc::epoll_create1(libc::EPOLL_CLOEXEC);
        let mut event = libc::epoll_event { events: libc::EPOLLIN as u32, u64: 0x1234 };
        libc::epoll_ctl(ep, libc::EPOLL_CTL_ADD, r, &mut event);
        libc::write(w, b"x".as_ptr().cast(), 1);
        let mut events = [libc::epoll_event { events: 0, u64: 0 }; 8];
        libc::epoll_wait(ep, events.as_mut_ptr(), 8, 0);
        libc::read(r, all.as_mut_ptr().cast(), 1);
        libc::epoll_wait(ep, events.as_mut_ptr(), 8, 0);

        // wait4 with a rusage, for a child that exits 0. SIGCHLD stays blocked (and so pending,
        // never shown): whether it would land before or after wait4 is a scheduling race.
        let mut chld: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut chld);
        libc::sigaddset(&mut chld, libc::SIGCHLD);
        libc::sigprocmask(libc::SIG_BLOCK, &chld, std::ptr::null_mut());
        let child = libc::fork();
        if child == 0 {
            libc::_exit(0);
        }
        let mut status: c_int = 0;
        let mut usage: libc::rusage = zeroed();
        libc::wait4(child, &mut status, 0, &mut usage);

        let mut info: libc::sysinfo = zeroed();
        libc::sysinfo(&mut info);
        let mut groups = [0 as libc::gid_t; 64];
        libc::getgroups(64, groups.as_mut_ptr());
        let mut mask = [0u8; 128];
        let got = libc::syscall(libc::SYS_sched_getaffinity, 0, 128, mask.as_mut_ptr());
        libc::syscall(libc::SYS_sched_setaffinity, 0, got, mask.as_ptr());
        libc::syscall(libc::SYS_sched_getaffinity, 0, 128, null::<u8>());
    }
    open(c"/tracer-fixture-end");
    // SAFETY: ends the process with status 0.
    unsafe { libc::_exit(0) }
}
