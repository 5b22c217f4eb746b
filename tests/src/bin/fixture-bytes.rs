//! Fixture: two writes to /dev/null whose bytes a JSON consumer must get back exactly: one that is
//! not UTF-8 (`\xff\x00ok\n`) and one that is (`héllo\n`), then exit status 0.

fn write_all(fd: libc::c_int, bytes: &[u8]) {
    // SAFETY: a valid buffer of `bytes.len()` bytes; the descriptor is this process's own.
    unsafe { libc::write(fd, bytes.as_ptr().cast(), bytes.len()) };
}

fn main() {
    // SAFETY: a valid NUL-terminated path.
    let fd = unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY) };
    write_all(fd, b"\xff\x00ok\n");
    write_all(fd, "h\u{e9}llo\n".as_bytes());
}
