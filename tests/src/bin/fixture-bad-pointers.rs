//! Fixture: syscalls handed pointers that cannot be read; the tracer must print the addresses.

fn main() {
    // SAFETY: the kernel checks these pointers and fails with EFAULT; nothing in this process
    // dereferences them.
    unsafe {
        // A pipe, so that the write really reads its buffer (a write to /dev/null does not).
        let mut fds = [0i32; 2];
        libc::pipe(fds.as_mut_ptr());
        libc::syscall(libc::SYS_openat, libc::AT_FDCWD, 0x1usize, libc::O_RDONLY);
        libc::syscall(libc::SYS_write, fds[1], 0x10usize, 5usize);
        libc::syscall(libc::SYS_openat, libc::AT_FDCWD, c"/tracer-fixture-end".as_ptr(), libc::O_RDONLY);
        libc::_exit(0)
    }
}
