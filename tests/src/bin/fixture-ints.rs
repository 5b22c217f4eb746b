//! Integer arguments with garbage in their register's upper half: the kernel reads only the low
//! 32 bits of an `int` or `unsigned int`, and strace prints what the kernel reads (`alarm(42)`,
//! `kill(-1, 0)`), while 64-bit arguments (`off_t`, `size_t`) print whole.
//! Usage: fixture-ints MODE (`widths`, `ids`: uid/gid arguments, `modes`: 16-bit `umode_t`s).

use tracer_tests::edges;

/// A register whose low half is `low` and whose upper half is garbage.
fn dirty(low: u32) -> libc::c_long {
    (0xdead_beef_0000_0000u64 | u64::from(low)) as libc::c_long
}

fn widths() {
    // SAFETY: raw syscalls with harmless arguments; the calls fail or do nothing.
    unsafe {
        libc::syscall(libc::SYS_alarm, dirty(0));
        libc::syscall(libc::SYS_kill, dirty(u32::MAX), dirty(0));
        libc::syscall(libc::SYS_close, dirty(u32::MAX));
        libc::syscall(libc::SYS_lseek, dirty(u32::MAX), -1i64, dirty(0));
        libc::syscall(libc::SYS_umask, dirty(0o22));
        libc::syscall(libc::SYS_umask, 0o22);
        libc::syscall(libc::SYS_setpgid, dirty(u32::MAX - 1), dirty(0));
        libc::syscall(libc::SYS_getpriority, dirty(u32::MAX), dirty(0));
        libc::syscall(
            libc::SYS_fchmodat,
            dirty(libc::AT_FDCWD as u32),
            c"/tracer-no-such-file".as_ptr(),
            dirty(0o755),
            0,
        );
        libc::syscall(libc::SYS_dup3, dirty(u32::MAX), dirty(u32::MAX - 1), dirty(libc::O_CLOEXEC as u32));
        libc::syscall(libc::SYS_io_setup, dirty(2), 0usize);
        libc::syscall(libc::SYS_sched_getscheduler, dirty(u32::MAX));
    }
}

/// uid_t and gid_t: all ones prints as -1 ("leave unchanged"), other values unsigned. Every call
/// fails (a path that does not exist, an fd that is not open) or changes nothing (-1 everywhere).
fn ids() {
    let missing = c"/tracer-no-such-file";
    // SAFETY: raw syscalls with harmless arguments.
    unsafe {
        libc::syscall(libc::SYS_chown, missing.as_ptr(), dirty(u32::MAX), dirty(0));
        libc::syscall(libc::SYS_lchown, missing.as_ptr(), 4_294_967_294u64, dirty(u32::MAX));
        libc::syscall(libc::SYS_fchown, -1, dirty(u32::MAX), dirty(u32::MAX));
        libc::syscall(libc::SYS_fchownat, libc::AT_FDCWD, missing.as_ptr(), u32::MAX, 7, 0);
        libc::syscall(libc::SYS_setresuid, dirty(u32::MAX), dirty(u32::MAX), dirty(u32::MAX));
        libc::syscall(libc::SYS_setresgid, u64::MAX, u32::MAX, dirty(u32::MAX));
        libc::syscall(libc::SYS_setreuid, u32::MAX, dirty(u32::MAX));
        libc::syscall(libc::SYS_setfsuid, dirty(u32::MAX));
    }
}

/// umode_t is 16 bits: the kernel ignores the rest, and so does the line.
fn modes() {
    let missing = c"/tracer-no-such-dir/x";
    // SAFETY: raw syscalls on a path whose directory does not exist: each fails with ENOENT.
    unsafe {
        libc::syscall(libc::SYS_mkdir, missing.as_ptr(), dirty(0o755));
        libc::syscall(libc::SYS_mkdirat, -1, missing.as_ptr(), 0xffff_0000u64);
        libc::syscall(libc::SYS_mknod, missing.as_ptr(), dirty(0o100_644), 0);
        libc::syscall(libc::SYS_mknodat, -1, missing.as_ptr(), dirty(0o020_600), 0x0103);
        libc::syscall(libc::SYS_creat, missing.as_ptr(), dirty(0o600));
        libc::syscall(libc::SYS_chmod, missing.as_ptr(), dirty(0o4755));
        libc::syscall(libc::SYS_openat, -1, missing.as_ptr(), libc::O_CREAT, dirty(0o640));
        let old = libc::syscall(libc::SYS_umask, dirty(0o22));
        libc::syscall(libc::SYS_umask, old);
    }
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    edges::begin();
    match mode.as_str() {
        "widths" => widths(),
        "ids" => ids(),
        "modes" => modes(),
        other => eprintln!("fixture-ints: unknown mode {other:?}"),
    }
    edges::end();
    // SAFETY: ends the process without running atexit handlers (no extra syscalls in the trace).
    unsafe { libc::_exit(0) };
}
