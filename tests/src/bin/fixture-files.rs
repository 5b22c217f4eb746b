//! Fixture: a known sequence of file syscalls between two marker opens, then exit status 7.
//! Calls libc directly so that each line below is exactly one syscall.

use std::ffi::CStr;

fn open(path: &CStr, flags: i32) -> i32 {
    // SAFETY: a valid NUL-terminated path.
    unsafe { libc::open(path.as_ptr(), flags) }
}

fn main() {
    open(c"/tracer-fixture-begin", libc::O_RDONLY);
    let fd = open(c"/dev/null", libc::O_WRONLY);
    let text = b"hello, tracer\n\t\"quoted\"\x01\x7f";
    // SAFETY: fd and buffer are valid (a failed open gives -1 and an EBADF, still one syscall).
    unsafe {
        libc::write(fd, text.as_ptr().cast(), text.len());
        libc::close(fd);
    }
    open(c"/nonexistent/tracer-fixture", libc::O_RDONLY);
    let fd = open(c"/dev/zero", libc::O_RDONLY | libc::O_CLOEXEC);
    let mut buf = [0u8; 64];
    // SAFETY: reading into a local buffer of the stated size.
    unsafe {
        libc::read(fd, buf.as_mut_ptr().cast(), buf.len());
        libc::close(fd);
    }
    open(c"/tracer-fixture-end", libc::O_RDONLY);
    // SAFETY: ends the process, as the test expects, with status 7.
    unsafe { libc::_exit(7) }
}
