//! Structs passed by pointer that strace decodes member by member: POSIX message queues'
//! `struct mq_attr`, `struct sched_attr`, `struct perf_event_attr`. Every call fails or only reads
//! (a bad descriptor, an invalid pid or attribute, a queue that does not exist), except
//! sched_setattr's E2BIG, where the kernel writes back the size it knows into our own struct.
//! AF_AX25 socket addresses (connect on a bad descriptor) decode member by member too.
//! A netlink attribute holding a descriptor prints it as one.
//! Usage: fixture-structs MODE (`mq`, `sched`, `perf`, `ax25`, `xdp`).

use tracer_tests::edges;

/// `struct mq_attr`: flags, maxmsg, msgsize, curmsgs, four reserved longs.
#[repr(C)]
struct MqAttr([i64; 8]);

fn mq() {
    let name = c"/tracer-no-such-queue";
    let attr = MqAttr([libc::O_NONBLOCK as i64, -1, 64, 3, 0, 0, 0, 0]);
    let mut old = MqAttr([0; 8]);
    let msg = *b"hello, queue";
    let ts = libc::timespec { tv_sec: 1, tv_nsec: 2 };
    let mut prio = 0u32;
    let mut buf = [0u8; 16];
    // SAFETY: raw syscalls on a bad descriptor, a queue that does not exist, an invalid attribute
    // (mq_maxmsg -1: EINVAL before anything is created) and our own buffers.
    unsafe {
        libc::syscall(libc::SYS_mq_open, name.as_ptr(), libc::O_RDONLY, 0o600, &attr);
        libc::syscall(
            libc::SYS_mq_open,
            name.as_ptr(),
            libc::O_RDWR | libc::O_CREAT | libc::O_EXCL,
            0o600,
            &attr,
        );
        libc::syscall(libc::SYS_mq_open, name.as_ptr(), libc::O_RDWR | libc::O_CREAT, 0o600, 0usize);
        libc::syscall(libc::SYS_mq_getsetattr, -1, &attr, &mut old);
        libc::syscall(libc::SYS_mq_getsetattr, -1, 0usize, 8usize);
        libc::syscall(libc::SYS_mq_timedsend, -1, msg.as_ptr(), msg.len(), 3, &ts);
        libc::syscall(libc::SYS_mq_timedreceive, -1, buf.as_mut_ptr(), buf.len(), &mut prio, &ts);
        libc::syscall(libc::SYS_mq_unlink, name.as_ptr());
    }
}

/// `struct sched_attr`, 56 bytes (SCHED_ATTR_SIZE_VER1).
#[repr(C)]
#[derive(Default)]
struct SchedAttr {
    size: u32,
    policy: u32,
    flags: u64,
    nice: i32,
    priority: u32,
    runtime: u64,
    deadline: u64,
    period: u64,
    util_min: u32,
    util_max: u32,
}

fn sched() {
    let mut got = SchedAttr::default();
    let odd =
        SchedAttr { size: 56, policy: 0xdead, flags: 0x31, nice: -3, runtime: 7, ..SchedAttr::default() };
    let mut small = SchedAttr { size: 1, ..SchedAttr::default() };
    let keep = SchedAttr { size: 48, flags: 0x08, priority: 5, ..SchedAttr::default() };
    // SAFETY: sched_getattr reads this process's attributes into our struct; sched_setattr with an
    // invalid pid fails with EINVAL, with a too small size E2BIG (the kernel writes the size back).
    unsafe {
        libc::syscall(libc::SYS_sched_getattr, 0, &mut got, 56, 0);
        libc::syscall(libc::SYS_sched_getattr, 0, &mut got, 48, 0);
        libc::syscall(libc::SYS_sched_getattr, 0, 0usize, 0, 0);
        libc::syscall(libc::SYS_sched_setattr, -1, &odd, 0);
        libc::syscall(libc::SYS_sched_setattr, -1, &keep, 0);
        libc::syscall(libc::SYS_sched_setattr, 0, &mut small, 0);
        libc::syscall(libc::SYS_sched_setattr, -1, 0usize, 0);
    }
}

/// A `struct perf_event_attr` of 160 bytes (more than strace knows).
#[repr(C)]
struct PerfAttr([u64; 20]);

fn perf_attr(ty: u32, size: u32, config: u64, bits: u64) -> PerfAttr {
    let mut a = PerfAttr([0; 20]);
    a.0[0] = u64::from(ty) | u64::from(size) << 32;
    a.0[1] = config;
    a.0[2] = 4000;
    a.0[3] = (1 << 11) | (1 << 13) | 1;
    a.0[4] = 3;
    a.0[5] = bits;
    a.0[6] = 9;
    a.0[9] = 0x41;
    a.0[11] = 0x1234_5678_0000_0007;
    a
}

fn perf() {
    let hw = perf_attr(0, 128, 0x1_0000_0004, (1 << 10) | (1 << 15) | (1 << 25));
    let cache = perf_attr(3, 112, 0x0001_0201, 1 | (1 << 17));
    let sw = perf_attr(1, 0, 9, 1 << 14);
    let mut big = perf_attr(5, 160, 0, 0);
    big.0[18] = 1;
    // SAFETY: perf_event_open with pid -1 and cpu -1 fails (EINVAL), with a larger struct whose
    // extra bytes are not zero E2BIG (the kernel writes back its size); ioctl on a bad descriptor.
    unsafe {
        libc::syscall(libc::SYS_perf_event_open, &hw, -1, -1, -1, 0);
        libc::syscall(libc::SYS_perf_event_open, &cache, -1, -1, -1, 8);
        libc::syscall(libc::SYS_perf_event_open, &sw, -1, -1, -1, 0);
        libc::syscall(libc::SYS_perf_event_open, &mut big, -1, -1, -1, 0);
        libc::syscall(libc::SYS_perf_event_open, 0usize, -1, -1, -1, 0);
        libc::syscall(libc::SYS_ioctl, -1, 0x4008_240bu64, &hw);
    }
}

/// A callsign's 7 bytes: `text` shifted left one bit, padded with spaces, then the SSID byte.
fn callsign(text: &[u8], ssid: u8) -> [u8; 7] {
    let mut call = [b' ' << 1; 7];
    for (slot, &c) in call.iter_mut().zip(text) {
        *slot = c << 1;
    }
    call[6] = ssid << 1;
    call
}

fn ax25() {
    // `struct full_sockaddr_ax25`: family, callsign, padding, ndigis, 8 digipeaters.
    let mut addr = [0u8; 72];
    addr[..2].copy_from_slice(&(libc::AF_AX25 as u16).to_ne_bytes());
    addr[2..9].copy_from_slice(&callsign(b"VALID", 13));
    let digis =
        [callsign(b"OK", 15), callsign(b"ab c", 2), [0x41, 0x42, 0x43, 0, 0, 0, 0x21], callsign(b"", 0)];
    for (i, d) in digis.iter().enumerate() {
        addr[16 + 7 * i..23 + 7 * i].copy_from_slice(d);
    }
    // SAFETY: connect on a bad descriptor fails with EBADF; the address is our own buffer.
    unsafe {
        for (ndigis, len) in [(0i32, 16u32), (0, 15), (2, 16), (4, 44), (8, 72), (3, 40), (-1, 30)] {
            addr[12..16].copy_from_slice(&ndigis.to_ne_bytes());
            libc::syscall(libc::SYS_connect, -1, addr.as_ptr(), len);
        }
    }
}

/// An RTM_NEWLINK message whose IFLA_XDP attribute names a descriptor (IFLA_XDP_FD and
/// IFLA_XDP_EXPECTED_FD), sent to a netlink port no socket holds (ECONNREFUSED: nobody acts on it).
fn xdp() {
    let fd = edges::netlink_socket(0);
    let attr = |kind: u16, data: &[u8]| {
        let mut out = (4 + data.len() as u16).to_ne_bytes().to_vec();
        out.extend_from_slice(&kind.to_ne_bytes());
        out.extend_from_slice(data);
        out
    };
    let mut nested = attr(1, &fd.to_ne_bytes());
    nested.extend(attr(8, &fd.to_ne_bytes()));
    let mut payload = vec![0u8; 16];
    payload.extend(attr(43, &nested));
    let mut msg = (16 + payload.len() as u32).to_ne_bytes().to_vec();
    msg.extend_from_slice(&16u16.to_ne_bytes());
    msg.extend_from_slice(&1u16.to_ne_bytes());
    msg.extend_from_slice(&[0; 8]);
    msg.extend(payload);
    // SAFETY: the buffer and the address outlive the call; their lengths are passed.
    unsafe {
        let mut to: libc::sockaddr_nl = std::mem::zeroed();
        to.nl_family = libc::AF_NETLINK as libc::sa_family_t;
        to.nl_pid = 0x7fff_fff0;
        let len = std::mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t;
        libc::sendto(fd, msg.as_ptr().cast(), msg.len(), libc::MSG_DONTWAIT, (&raw const to).cast(), len);
    }
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    edges::begin();
    match mode.as_str() {
        "mq" => mq(),
        "sched" => sched(),
        "perf" => perf(),
        "ax25" => ax25(),
        "xdp" => xdp(),
        other => eprintln!("fixture-structs: unknown mode {other:?}"),
    }
    edges::end();
    // SAFETY: ends the process without running atexit handlers (no extra syscalls in the trace).
    unsafe { libc::_exit(0) };
}
