//! seccomp's operations and classic BPF programs: every call fails before it could install
//! anything (invalid flags, an invalid program, a bad descriptor) or only asks a question
//! (SECCOMP_GET_ACTION_AVAIL, SECCOMP_GET_NOTIF_SIZES); the socket filter goes on a fresh,
//! unbound UDP socket of the fixture's own.
//! Usage: fixture-seccomp MODE (`ops`, `filters`: run with -v to see the programs, `ioctls`: the
//! user-notification requests on a bad descriptor).

use tracer_tests::edges;

/// One classic BPF instruction (`struct sock_filter`).
#[repr(C)]
#[derive(Clone, Copy)]
struct Insn {
    code: u16,
    jt: u8,
    jf: u8,
    k: u32,
}

/// `struct sock_fprog`.
#[repr(C)]
struct Fprog {
    len: u16,
    filter: *const Insn,
}

const fn stmt(code: u16, k: u32) -> Insn {
    Insn { code, jt: 0, jf: 0, k }
}

const fn jump(code: u16, k: u32, jt: u8, jf: u8) -> Insn {
    Insn { code, jt, jf, k }
}

/// A seccomp program: allow read and write, fail getpid with ENOSR, kill on anything else.
const SECCOMP_PROGRAM: [Insn; 8] = [
    stmt(0x20, 0),           // BPF_LD|BPF_W|BPF_ABS: the syscall number
    jump(0x15, 0, 0, 1),     // BPF_JMP|BPF_K|BPF_JEQ read
    stmt(0x06, 0x7fff_0000), // BPF_RET: SECCOMP_RET_ALLOW
    jump(0x15, 39, 0, 1),    // getpid
    stmt(0x06, 0x0005_003f), // SECCOMP_RET_ERRNO|ENOSR
    jump(0x25, 1000, 1, 0),  // BPF_JGT
    stmt(0x06, 0x0006_0000), // an unknown action
    stmt(0x06, 0),           // SECCOMP_RET_KILL_THREAD
];

/// A valid socket program using the special offsets, ALU, store and misc instructions.
const SOCKET_PROGRAM: [Insn; 9] = [
    stmt(0x30, 0xffe0_0004), // BPF_LD|BPF_B|BPF_ABS SKF_LL_OFF+4
    stmt(0x30, 0xfff0_0008), // SKF_NET_OFF+8
    stmt(0x30, 0xffff_f000), // SKF_AD_OFF+SKF_AD_PROTOCOL
    stmt(0x04, 1),           // BPF_ALU|BPF_K|BPF_ADD
    stmt(0x02, 3),           // BPF_ST
    stmt(0x87, 0),           // BPF_MISC|BPF_TXA
    jump(0x35, 0x64, 0, 1),  // BPF_JMP|BPF_K|BPF_JGE
    stmt(0x06, 0xffff_ffff), // BPF_RET|BPF_K
    stmt(0x06, 0),
];

/// An invalid program: it does not end with a return.
const INVALID_PROGRAM: [Insn; 2] = [stmt(0x20, 0), stmt(0x20, 4)];

fn seccomp(op: u64, flags: u64, args: u64) {
    // SAFETY: a raw seccomp call; see the callers for why it is harmless.
    unsafe { libc::syscall(libc::SYS_seccomp, op, flags, args) };
}

fn ops() {
    let page_end = edges::page_end();
    let fprog = Fprog { len: 8, filter: SECCOMP_PROGRAM.as_ptr() };
    let mut action: u32 = 0x7ffc_0000; // SECCOMP_RET_LOG
    let mut sizes = [0u16; 3];
    seccomp(u64::MAX, u64::MAX, 0xface_feed_dead_beef); // EINVAL
    seccomp(0, 1, 0); // SECCOMP_SET_MODE_STRICT with a flag: EINVAL
    seccomp(1, 0xffff_ffff, &raw const fprog as u64); // unknown flags: EINVAL
    seccomp(1, 0x40, page_end); // EINVAL before reading
    seccomp(2, 0, &raw mut action as u64); // SECCOMP_GET_ACTION_AVAIL
    action = 0xffff_ffff;
    seccomp(2, 0, &raw mut action as u64); // EOPNOTSUPP
    seccomp(2, 0, page_end); // EFAULT
    seccomp(2, 0xcafe_f00d, 0); // EINVAL
    seccomp(3, 0, &raw mut sizes as u64); // SECCOMP_GET_NOTIF_SIZES
    seccomp(3, 0, page_end - 4); // EFAULT
    seccomp(3, 1, 0); // EINVAL
}

fn filters() {
    let page_end = edges::page_end();
    let seccomp_fprog = Fprog { len: 8, filter: SECCOMP_PROGRAM.as_ptr() };
    // The second instruction lies on the unmapped page.
    // SAFETY: the last 8 bytes of the mapped page.
    unsafe { *((page_end - 8) as *mut Insn) = stmt(0x06, 0x0003_0000) };
    let partial = Fprog { len: 3, filter: (page_end - 8) as *const Insn };
    let unreadable = Fprog { len: 1, filter: page_end as *const Insn };
    let empty = Fprog { len: 0, filter: SECCOMP_PROGRAM.as_ptr() };
    let invalid = Fprog { len: 2, filter: INVALID_PROGRAM.as_ptr() };
    let socket_fprog = Fprog { len: 9, filter: SOCKET_PROGRAM.as_ptr() };
    // Invalid flags: EINVAL before the program is used.
    seccomp(1, 0xffff_ffff, &raw const seccomp_fprog as u64);
    seccomp(1, 0x40, &raw const partial as u64);
    seccomp(1, 0x40, &raw const unreadable as u64);
    seccomp(1, 0x40, &raw const empty as u64);
    // SAFETY: raw calls; the program is invalid (EINVAL), the descriptor is -1 (EBADF), and the
    // socket is the fixture's own.
    unsafe {
        libc::syscall(libc::SYS_prctl, libc::PR_SET_SECCOMP, 2, &raw const invalid, 0, 0);
        let fprog = &raw const socket_fprog;
        libc::syscall(libc::SYS_setsockopt, -1, libc::SOL_SOCKET, libc::SO_ATTACH_FILTER, fprog, 16);
        libc::syscall(libc::SYS_setsockopt, -1, libc::SOL_SOCKET, libc::SO_ATTACH_REUSEPORT_CBPF, fprog, 16);
        libc::syscall(libc::SYS_setsockopt, -1, libc::SOL_SOCKET, libc::SO_ATTACH_FILTER, fprog, 12);
        let fd = libc::syscall(libc::SYS_socket, libc::AF_INET, libc::SOCK_DGRAM, 0);
        libc::syscall(libc::SYS_setsockopt, fd, libc::SOL_SOCKET, libc::SO_ATTACH_FILTER, fprog, 16);
        let mut back = [stmt(0, 0); 16];
        let mut len: libc::socklen_t = 16;
        libc::syscall(
            libc::SYS_getsockopt,
            fd,
            libc::SOL_SOCKET,
            libc::SO_GET_FILTER,
            back.as_mut_ptr(),
            &raw mut len,
        );
        libc::syscall(libc::SYS_close, fd);
    }
}

fn ioctls() {
    let page_end = edges::page_end();
    // struct seccomp_notif_resp, seccomp_notif_addfd, seccomp_notif.
    let resp: [u64; 3] = [0xdead_c0de_badc_0ded, 0xdadd_a0b0_cafe_f00d, 0x0000_0001_ffff_ffc1];
    let addfd: [u32; 6] = [0xbadc_0ded, 0xdead_c0de, 3, 0, 0xdead_beef, 0o2_010_000];
    let mut notif = [0u64; 10];
    let id: u64 = 0xdeca_ffed_face_feed;
    // SAFETY: ioctls on descriptor -1: each fails with EBADF.
    unsafe {
        let ioctl = |code: u64, arg: u64| libc::syscall(libc::SYS_ioctl, -1, code, arg);
        ioctl(0xc050_2100, 0);
        ioctl(0xc050_2100, &raw mut notif as u64);
        notif[0] = 0x1234;
        notif[1] = 42;
        notif[2] = 0xc000_003e_0000_0027;
        ioctl(0xc050_2100, &raw mut notif as u64);
        ioctl(0xc018_2101, &raw const resp as u64);
        ioctl(0xc018_2101, page_end);
        ioctl(0x4008_2102, &raw const id as u64);
        ioctl(0x8008_2102, 0);
        ioctl(0x4018_2103, &raw const addfd as u64);
    }
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    edges::begin();
    match mode.as_str() {
        "ops" => ops(),
        "filters" => filters(),
        "ioctls" => ioctls(),
        other => eprintln!("fixture-seccomp: unknown mode {other:?}"),
    }
    edges::end();
    // SAFETY: ends the process without running anything else.
    unsafe { libc::_exit(0) };
}
