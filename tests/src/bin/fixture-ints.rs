//! Integer arguments with garbage in their register's upper half: the kernel reads only the low
//! 32 bits of an `int` or `unsigned int`, and strace prints what the kernel reads (`alarm(42)`,
//! `kill(-1, 0)`), while 64-bit arguments (`off_t`, `size_t`) print whole.
//! Usage: fixture-ints MODE (`widths`).

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

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    edges::begin();
    match mode.as_str() {
        "widths" => widths(),
        other => eprintln!("fixture-ints: unknown mode {other:?}"),
    }
    edges::end();
    // SAFETY: ends the process without running atexit handlers (no extra syscalls in the trace).
    unsafe { libc::_exit(0) };
}
