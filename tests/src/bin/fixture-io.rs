//! io_uring_enter's flags and signal mask, the vectored reads and writes' one offset and
//! preadv2/pwritev2's flags, quotactl's and quotactl_fd's commands: on descriptor -1 or a device
//! that does not exist, every call fails.
//! Usage: fixture-io MODE (`io`, `quota`).

use tracer_tests::edges;

fn io() {
    let mask: u64 = !((1 << 0) | (1 << 8) | (1 << 18));
    // SAFETY: raw syscalls on descriptor -1: each fails with EBADF.
    unsafe {
        libc::syscall(libc::SYS_io_uring_enter, -1, 1u32, 2u32, 0xffff_ffffu32, &raw const mask, 8usize);
        libc::syscall(libc::SYS_io_uring_enter, -1, 0u32, 0u32, 0x1u32, 0usize, 0usize);
        libc::syscall(libc::SYS_preadv, -1, 0usize, 0, -1i64, 0);
        libc::syscall(libc::SYS_pwritev, -1, 0usize, 1, 0x0dea_dbee_f000_0001u64, 0);
        libc::syscall(libc::SYS_preadv2, -1, 0usize, 0, 5, 0, 0x9u32);
        libc::syscall(libc::SYS_pwritev2, -1, 0usize, 0, -2i64, 0, 0xffu32);
    }
}

fn quota() {
    const GETFMT: u32 = 0x80_0004;
    const GETQUOTA: u32 = 0x80_0007;
    const SYNC: u32 = 0x80_0001;
    /// `QCMD(cmd, type)`.
    const fn qcmd(cmd: u32, kind: u32) -> u32 {
        (cmd << 8) | kind
    }
    let dev = c"/tracer-no-such-dev".as_ptr();
    // SAFETY: raw syscalls on a device that does not exist or descriptor -1: each fails.
    unsafe {
        libc::syscall(libc::SYS_quotactl_fd, -1, qcmd(GETFMT, 1), 0u32, 0usize);
        libc::syscall(libc::SYS_quotactl_fd, -1, 0xbadc_0dedu32, 7u32, 0usize);
        libc::syscall(libc::SYS_quotactl, qcmd(GETQUOTA, 2), dev, u32::MAX, 0usize);
        libc::syscall(libc::SYS_quotactl, qcmd(SYNC, 0), dev, 0u32, 0usize);
        libc::syscall(libc::SYS_quotactl, qcmd(0x80_0002, 0), dev, 4u32, 0usize);
    }
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    edges::begin();
    match mode.as_str() {
        "io" => io(),
        "quota" => quota(),
        other => eprintln!("fixture-io: unknown mode {other:?}"),
    }
    edges::end();
    // SAFETY: ends the process without running atexit handlers (no extra syscalls in the trace).
    unsafe { libc::_exit(0) };
}
