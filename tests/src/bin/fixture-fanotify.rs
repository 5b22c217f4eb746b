//! fanotify_init and fanotify_mark with arguments that make them fail: classes, flags, event
//! masks, `FAN_NOFD`.
//! Usage: fixture-fanotify MODE (`calls`).

use tracer_tests::edges;

fn calls() {
    // SAFETY: raw syscalls with invalid flags or descriptors: each fails.
    unsafe {
        libc::syscall(libc::SYS_fanotify_init, 0xeface004u32, libc::O_RDONLY);
        libc::syscall(libc::SYS_fanotify_init, 0xcu32 | 1, libc::O_WRONLY | libc::O_CLOEXEC);
        libc::syscall(libc::SYS_fanotify_mark, -1, 1u32, 0x4000_0002u64, -1, 0usize);
        libc::syscall(
            libc::SYS_fanotify_mark,
            -1,
            0xdead_ffffu32,
            0xffff_ffff_a7f0_2000u64,
            libc::AT_FDCWD,
            c".".as_ptr(),
        );
        libc::syscall(libc::SYS_fanotify_mark, -1, 0u32, 0u64, 3, c"/tracer-no-such-file".as_ptr());
    }
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    edges::begin();
    match mode.as_str() {
        "calls" => calls(),
        other => eprintln!("fixture-fanotify: unknown mode {other:?}"),
    }
    edges::end();
    // SAFETY: ends the process without running atexit handlers (no extra syscalls in the trace).
    unsafe { libc::_exit(0) };
}
