//! kcmp's indexes by comparison type (descriptors, an epoll slot, nothing, raw numbers), the flag
//! arguments of pidfd_open, memfd_secret and membarrier, and pidfd_send_signal's siginfo; every
//! call fails (no such process, bad descriptor, invalid flags) or only queries; pidfd_getfd copies
//! a descriptor of a child of the fixture's own.
//! Usage: fixture-kcmp MODE (`kcmp`, `flags`, `signal`, `getfd`).

use tracer_tests::edges;

/// `struct kcmp_epoll_slot`.
#[repr(C)]
struct EpollSlot {
    efd: u32,
    tfd: u32,
    toff: u32,
}

fn kcmp() {
    let slot = EpollSlot { efd: 3, tfd: 4, toff: 5 };
    // SAFETY: raw kcmp calls on a pid that does not exist (-1): each fails with ESRCH.
    unsafe {
        for kind in [0u64, 1, 6, 8, 0xbad] {
            libc::syscall(libc::SYS_kcmp, -1, -1, kind, 0xdec0_ded3u64, 0xba5e_1e55u64);
        }
        libc::syscall(libc::SYS_kcmp, -1, -1, 7, 0xdec0_ded3u64, &raw const slot);
        libc::syscall(libc::SYS_kcmp, -1, -1, 7, 3, 0usize);
        libc::syscall(libc::SYS_kcmp, -1, -1, 7, 3, 1usize);
    }
}

fn flags() {
    // SAFETY: raw syscalls with invalid flags (each fails) and membarrier's query (no effect).
    unsafe {
        libc::syscall(libc::SYS_pidfd_open, 0, 0x800u32);
        libc::syscall(libc::SYS_pidfd_open, -1, 0xffff_ffffu32);
        libc::syscall(libc::SYS_memfd_secret, 0xde97_faceu32 | libc::O_CLOEXEC as u32);
        libc::syscall(libc::SYS_membarrier, 0, 0, 0);
        libc::syscall(libc::SYS_membarrier, 0xbad, 1, 3);
    }
}

/// pidfd_getfd of a descriptor only a forked child still has (the parent closed its copy): `-y`
/// names it in the child, and names the copy it returns the same.
fn getfd() {
    // SAFETY: a child of our own that waits on a pipe and exits; our own descriptors.
    unsafe {
        let null = libc::open(c"/dev/null".as_ptr(), libc::O_RDONLY);
        let mut wait = [0; 2];
        libc::pipe(wait.as_mut_ptr());
        let child = libc::fork();
        if child == 0 {
            libc::close(wait[1]);
            let mut byte = 0u8;
            libc::read(wait[0], (&raw mut byte).cast(), 1);
            libc::_exit(0);
        }
        libc::close(null);
        libc::close(wait[0]);
        let pidfd = libc::syscall(libc::SYS_pidfd_open, child, 0) as i32;
        libc::syscall(libc::SYS_pidfd_getfd, pidfd, null, 0);
        libc::close(wait[1]);
        libc::waitpid(child, std::ptr::null_mut(), 0);
    }
}

fn signal() {
    // SAFETY: a signal sent through descriptor -1: the call fails with EBADF.
    unsafe {
        // A siginfo as sigqueue makes one (SI_QUEUE), sent through descriptor -1.
        let mut info = [0u32; 32];
        info[0] = libc::SIGUSR1 as u32;
        info[2] = (-1i32) as u32;
        libc::syscall(libc::SYS_pidfd_send_signal, -1, libc::SIGUSR2, info.as_ptr(), 0u32);
    }
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    edges::begin();
    match mode.as_str() {
        "kcmp" => kcmp(),
        "flags" => flags(),
        "signal" => signal(),
        "getfd" => getfd(),
        other => eprintln!("fixture-kcmp: unknown mode {other:?}"),
    }
    edges::end();
    // SAFETY: ends the process without running atexit handlers (no extra syscalls in the trace).
    unsafe { libc::_exit(0) };
}
