//! A child made with `CLONE_PARENT`: its parent is whoever started us (the tracer), not us. We
//! wait, as strace's own clone_parent test does, until that parent has reaped it; a tracer that
//! never reaps its children would keep us here (we give up after 20 s and exit 1).
//! Usage: fixture-clone-parent

fn main() {
    // SAFETY: a raw clone without a new stack (fork-like); the child only calls _exit.
    let child = unsafe {
        libc::syscall(
            libc::SYS_clone,
            (libc::CLONE_PARENT | libc::SIGCHLD) as libc::c_ulong,
            0usize,
            0usize,
            0usize,
            0usize,
        )
    };
    if child == 0 {
        // SAFETY: ends the child at once.
        unsafe { libc::_exit(0) };
    }
    if child < 0 {
        std::process::exit(2);
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    // SAFETY: kill with signal 0 only checks that the process exists.
    while unsafe { libc::kill(child as libc::pid_t, 0) } == 0 {
        if std::time::Instant::now() > deadline {
            std::process::exit(1);
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}
