//! Calls of the other personalities from a 64-bit process: i386 ones through `int $0x80` (their
//! numbers and registers are i386's: eax, then ebx, ecx, edx, esi, edi, ebp) and an x32 one (the
//! 64-bit `syscall` with `__X32_SYSCALL_BIT` in the number; ENOSYS where the kernel has no x32).
//! Usage: fixture-compat MODE
//! - `calls`: i386 getpid, write of a buffer above 4 GiB (the kernel reads a 32-bit pointer:
//!   EFAULT), getpid again; x86_64 getpid, x32 getpid, x86_64 getpid. Each change of personality
//!   happens at a getpid, so that `-e trace=getpid` shows the same lines with or without a
//!   seccomp filter.
//! - `unknown`: an i386 number no table has (500) and i386 close(-1).
//! - `decoded`: i386 calls whose arguments are numbers, descriptors and flags (decoded with the
//!   tables strace uses for every personality), pointers above 4 GiB (printed as addresses), and
//!   brk, whose result is the 32-bit register's.
//! - `memory`: i386 calls whose memory lies below 4 GiB (a `MAP_32BIT` mapping), which strace
//!   reads: write, open and access of a missing path, pipe, writev and readv (32-bit iovecs), read,
//!   nanosleep and clock_nanosleep (a 32-bit timespec), clock_getres, socket and connect, and
//!   calls whose pointer faults (EFAULT).
//! - `clocks`: i386 clock_gettime and gettimeofday (32-bit timespec and timeval; their values
//!   differ from run to run).
//! - `exec`: i386 execve and execveat of a missing path (ENOENT), their argv and envp arrays of
//!   32-bit pointers below 4 GiB: whole, NULL, a bad array, a bad element, an array running into
//!   the unmapped page, and arrays above 4 GiB (printed as addresses).
//! - `exec-self`: an i386 execve that succeeds: of this fixture again, in mode `after-exec`, which
//!   makes only the end marker.
//! - `exec-thread`: `exec-self` from a second thread while the first waits for it (the exec's
//!   exit then comes under the first thread's id).

use std::arch::asm;

use tracer_tests::edges;

/// i386 numbers.
const I386_WRITE: u32 = 4;
const I386_CLOSE: u32 = 6;
const I386_GETPID: u32 = 20;
/// x86_64's (and x32's) getpid.
const GETPID: u64 = 39;
const X32_SYSCALL_BIT: u64 = 0x4000_0000;

/// An i386 call through `int $0x80` with ebx..edi set and ebp 6 (LLVM keeps rbx and rbp, so
/// they are swapped in and out around the call).
fn int80(nr: u32, args: [u64; 5]) -> u64 {
    let ret: u64;
    // SAFETY: an i386 syscall whose arguments are plain numbers or a pointer to our own static;
    // rbx and rbp are restored before the block ends.
    unsafe {
        asm!(
            "xchg {b}, rbx",
            "push rbp",
            "mov ebp, 6",
            "int 0x80",
            "pop rbp",
            "xchg {b}, rbx",
            b = inout(reg) args[0] => _,
            inout("rax") u64::from(nr) => ret,
            in("rcx") args[1],
            in("rdx") args[2],
            in("rsi") args[3],
            in("rdi") args[4],
        );
    }
    ret
}

/// A 64-bit `syscall` with no arguments.
fn syscall0(nr: u64) -> u64 {
    let ret: u64;
    // SAFETY: a syscall without arguments (getpid); rcx and r11 are clobbered by `syscall`.
    unsafe {
        asm!("syscall", inout("rax") nr => ret, out("rcx") _, out("r11") _, options(nostack));
    }
    ret
}

/// What the i386 write is given: its address is above 4 GiB (a position-independent binary's
/// data), so strace cannot read it for a 32-bit call and prints the address.
static MESSAGE: [u8; 3] = *b"hi\n";

fn calls() {
    let buf = MESSAGE.as_ptr() as u64;
    int80(I386_GETPID, [0; 5]);
    int80(I386_WRITE, [1, buf, 3, 0, 0]);
    int80(I386_GETPID, [0; 5]);
    syscall0(GETPID);
    syscall0(GETPID | X32_SYSCALL_BIT);
    syscall0(GETPID);
}

/// An address above 4 GiB: the kernel reads the low half of a 32-bit call's pointer.
const HIGH: u64 = 0x7fff_0000_1000;

fn decoded() {
    // i386 numbers: lseek 19, mprotect 125, umask 60, open 5, access 33, chmod 15, brk 45.
    int80(19, [1, 0, 2, 0, 0]);
    int80(125, [0, 0, 1, 0, 0]);
    int80(125, [0, 0, 0x10, 0, 0]);
    let old = int80(60, [0o22, 0, 0, 0, 0]);
    int80(60, [old, 0, 0, 0, 0]);
    int80(5, [HIGH, 0x8000 | 0x80000, 0, 0, 0]);
    int80(5, [HIGH, 0x41, 0o644, 0, 0]);
    int80(33, [HIGH, 2, 0, 0, 0]);
    int80(15, [HIGH, 0o644, 0, 0, 0]);
    int80(45, [0; 5]);
}

/// Two pages below 4 GiB (`MAP_32BIT`), the second unmapped again: returns the first's address.
/// Exits the fixture when the mapping fails.
fn low_page() -> u64 {
    // SAFETY: a fresh private anonymous mapping, whose second page is unmapped again.
    unsafe {
        let at = libc::mmap(
            std::ptr::null_mut(),
            8192,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_32BIT,
            -1,
            0,
        );
        if at == libc::MAP_FAILED || at as u64 > u64::from(u32::MAX) {
            libc::_exit(1);
        }
        libc::munmap(at.cast::<u8>().add(4096).cast(), 4096);
        at as u64
    }
}

/// Copy `bytes` to `at` in the low page.
fn put(at: u64, bytes: &[u8]) -> u64 {
    // SAFETY: `at` lies in the low page, which has room for every object `memory` puts there.
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), at as *mut u8, bytes.len()) };
    at
}

/// Little-endian u32s, as an i386 struct holds them.
fn u32s(values: &[u32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// The pipe's descriptors, as i386 pipe stored them at `at`.
fn fds_at(at: u64) -> (u64, u64) {
    // SAFETY: the low page holds the two ints pipe wrote.
    let [r, w] = unsafe { (at as *const [i32; 2]).read() };
    (r as u64, w as u64)
}

fn memory() {
    // i386 numbers: write 4, open 5, access 33, pipe 42, writev 146, readv 145, read 3,
    // nanosleep 162, clock_nanosleep 267, clock_getres 266, socket 359, connect 362, close 6.
    let page = low_page();
    let hi = put(page, b"hi\n");
    let missing = put(page + 16, b"/tracer-missing-32\0");
    int80(I386_WRITE, [1, hi, 3, 0, 0]);
    int80(5, [missing, 0, 0, 0, 0]);
    int80(33, [missing, 4, 0, 0, 0]);
    let fds = page + 64;
    int80(42, [fds, 0, 0, 0, 0]);
    let (rfd, wfd) = fds_at(fds);
    let data = put(page + 128, b"hello, world");
    // Two 32-bit iovecs: {data, 5}, {data + 5, 7}.
    let iov = put(page + 192, &u32s(&[data as u32, 5, data as u32 + 5, 7]));
    int80(146, [wfd, iov, 2, 0, 0]);
    let into = page + 256;
    let iov_in = put(page + 320, &u32s(&[into as u32, 4, into as u32 + 16, 32]));
    int80(145, [rfd, iov_in, 2, 0, 0]);
    int80(I386_WRITE, [wfd, data, 12, 0, 0]);
    int80(3, [rfd, into, 64, 0, 0]);
    // A 32-bit timespec of 1000 ns, and no remaining time.
    let ts = put(page + 448, &u32s(&[0, 1000]));
    int80(162, [ts, 0, 0, 0, 0]);
    int80(267, [1, 0, ts, 0, 0]);
    // CLOCK_MONOTONIC's resolution: 1 ns.
    int80(266, [1, page + 464, 0, 0, 0]);
    // connect of an AF_UNIX socket to a path no one listens on.
    let sock = int80(359, [1, 1, 0, 0, 0]);
    let mut sun = 1u16.to_le_bytes().to_vec();
    sun.extend_from_slice(b"/tracer-missing-sock\0");
    let addr = put(page + 512, &sun);
    int80(362, [sock, addr, sun.len() as u64, 0, 0]);
    // Pointers into the unmapped page: EFAULT, printed as addresses.
    let bad = page + 4096;
    int80(5, [bad, 0, 0, 0, 0]);
    int80(I386_WRITE, [wfd, bad, 3, 0, 0]);
    int80(162, [bad, 0, 0, 0, 0]);
    for fd in [rfd, wfd, sock] {
        int80(I386_CLOSE, [fd, 0, 0, 0, 0]);
    }
}

fn clocks() {
    // i386 clock_gettime 265 (CLOCK_REALTIME) and gettimeofday 78.
    let page = low_page();
    int80(265, [0, page, 0, 0, 0]);
    int80(78, [page + 64, 0, 0, 0, 0]);
}

/// An array of 32-bit pointers at `at` (a NULL after them unless `terminated` is false).
fn pointers32(at: u64, pointers: &[u64], terminated: bool) -> u64 {
    let mut words: Vec<u32> = pointers.iter().map(|&p| p as u32).collect();
    if terminated {
        words.push(0);
    }
    put(at, &u32s(&words))
}

fn exec() {
    // i386 numbers: execve 11, execveat 358; AT_FDCWD is -100.
    let page = low_page();
    let missing = put(page, b"/tracer-missing-exec32\0");
    let (a, b, home, term) = (
        put(page + 64, b"a\0"),
        put(page + 72, b"bcdef\0"),
        put(page + 80, b"HOME=/root\0"),
        put(page + 96, b"TERM=dumb\0"),
    );
    let argv = pointers32(page + 128, &[a, b], true);
    let envp = pointers32(page + 160, &[home, term], true);
    int80(11, [missing, argv, envp, 0, 0]);
    int80(11, [missing, 0, 0, 0, 0]);
    let bad = page + 4096;
    int80(11, [missing, bad, bad, 0, 0]);
    // An element whose string is unreadable, then an array whose NULL would lie past the page.
    let bad_element = pointers32(page + 192, &[a, bad, b], true);
    int80(11, [missing, bad_element, envp, 0, 0]);
    let cut = pointers32(page + 4096 - 8, &[a, b], false);
    int80(11, [missing, cut, cut, 0, 0]);
    // Arrays above 4 GiB: the kernel cuts them; strace prints the addresses.
    let high = MESSAGE.as_ptr() as u64;
    int80(11, [missing, high, high, 0, 0]);
    int80(358, [(-100i64) as u64, missing, argv, envp, 0]);
    int80(358, [(-100i64) as u64, missing, 0, envp, 0x1000]);
}

fn exec_self() {
    let page = low_page();
    let Ok(exe) = std::fs::read_link("/proc/self/exe") else { return };
    let mut path = exe.into_os_string().into_encoded_bytes();
    path.push(0);
    let path = put(page, &path);
    let (name, mode, var) = (
        put(page + 3072, b"fixture-compat\0"),
        put(page + 3088, b"after-exec\0"),
        put(page + 3104, b"A=1\0"),
    );
    let argv = pointers32(page + 3136, &[name, mode], true);
    let envp = pointers32(page + 3168, &[var], true);
    int80(11, [path, argv, envp, 0, 0]);
}

fn unknown() {
    int80(500, [1, 2, 3, 4, 5]);
    int80(I386_CLOSE, [u64::MAX, 0, 0, 0, 0]);
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    if mode == "after-exec" {
        edges::end();
        return;
    }
    edges::begin();
    match mode.as_str() {
        "calls" => calls(),
        "unknown" => unknown(),
        "decoded" => decoded(),
        "memory" => memory(),
        "clocks" => clocks(),
        "exec" => exec(),
        "exec-self" => exec_self(),
        "exec-thread" => {
            let thread = std::thread::spawn(exec_self);
            let _ = thread.join();
        }
        _ => {
            eprintln!("usage: fixture-compat calls|unknown|decoded|memory|clocks|exec|exec-self|exec-thread");
            std::process::exit(2);
        }
    }
    edges::end();
}
