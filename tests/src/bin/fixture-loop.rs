//! Fixture: a process to attach to (`-p`). Prints its pid and a newline on stdout (the test's
//! readiness signal), then forever: getppid, a one-byte write of `.` to stdout (the test sees it
//! is still running), a 20 ms nanosleep.

fn main() {
    // SAFETY (for every unsafe block): plain syscalls on a local buffer and stdout.
    let line = format!("{}\n", unsafe { libc::getpid() });
    unsafe { libc::write(1, line.as_ptr().cast(), line.len()) };
    let pause = libc::timespec { tv_sec: 0, tv_nsec: 20_000_000 };
    loop {
        unsafe {
            libc::getppid();
            libc::write(1, b".".as_ptr().cast(), 1);
            libc::nanosleep(&pause, std::ptr::null_mut());
        }
    }
}
