//! Fixture: the process kills itself with SIGKILL (no core), so tracers must report the signal.

fn main() {
    // SAFETY: plain syscalls on our own pid.
    unsafe {
        libc::syscall(libc::SYS_openat, libc::AT_FDCWD, c"/tracer-fixture-begin".as_ptr(), libc::O_RDONLY);
        libc::kill(libc::getpid(), libc::SIGKILL);
    }
}
