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

fn unknown() {
    int80(500, [1, 2, 3, 4, 5]);
    int80(I386_CLOSE, [u64::MAX, 0, 0, 0, 0]);
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    edges::begin();
    match mode.as_str() {
        "calls" => calls(),
        "unknown" => unknown(),
        "decoded" => decoded(),
        _ => {
            eprintln!("usage: fixture-compat calls|unknown|decoded");
            std::process::exit(2);
        }
    }
    edges::end();
}
