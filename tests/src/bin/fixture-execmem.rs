//! Arrays the tracee can only partly read, which strace prints up to where the read fails and
//! then `... /* 0xADDR */`, and poll's results, which strace looks for in every pollfd.
//! Usage: fixture-execmem MODE (`poll`: pollfd arrays that end at an unmapped page, and `ppoll`
//! results among more pollfds than `-s`; `iovec`: writev with an iovec array that ends there;
//! `argv`: execve of a missing file with argv and envp arrays that hold bad pointers and end
//! there; `long`: execve and execveat with argv and envp longer than `-s`).

use tracer_tests::edges;

/// A pipe's two descriptors.
fn pipe() -> [i32; 2] {
    let mut fds = [0i32; 2];
    // SAFETY: fds has room for two descriptors.
    if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
        // SAFETY: ends the process.
        unsafe { libc::_exit(1) };
    }
    fds
}

/// Writes `items` just before `end` (where readable memory stops) and returns their address.
fn place<T: Copy>(end: u64, items: &[T]) -> u64 {
    let at = end - std::mem::size_of_val(items) as u64;
    // SAFETY: `page_end` mapped the page before `end`; the items fit in it.
    unsafe { std::ptr::copy_nonoverlapping(items.as_ptr(), at as *mut T, items.len()) };
    at
}

fn pollfd(fd: i32, events: i16) -> libc::pollfd {
    libc::pollfd { fd, events, revents: 0 }
}

fn poll() {
    let end = edges::page_end();
    let one = place(end, &[pollfd(-5, libc::POLLIN)]);
    let two = place(end, &[pollfd(-7, 0), pollfd(-8, libc::POLLOUT)]);
    // SAFETY: raw syscalls on memory of our own; the kernel faults on the unmapped page (EFAULT).
    unsafe {
        libc::syscall(libc::SYS_poll, one, 2usize, 0);
        libc::syscall(libc::SYS_poll, two, 3usize, 0);
        libc::syscall(libc::SYS_poll, end, 1usize, 0);
        let ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        libc::syscall(libc::SYS_ppoll, one, 2usize, &ts, 0usize, 8usize);
    }
}

/// More pollfds with results than `-s 1` shows: strace looks through all of them. The pipe is
/// made before the begin marker (`-s` cuts pipe2's line too, which is not the point here).
fn ppoll([rd, wr]: [i32; 2]) {
    let fds = [pollfd(rd, libc::POLLIN), pollfd(wr, libc::POLLOUT), pollfd(-1, 0), pollfd(wr, libc::POLLOUT)];
    let ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: the pollfds and the timeout are ours; nothing is ready to read, the pipe to write.
    unsafe {
        libc::syscall(libc::SYS_ppoll, fds.as_ptr(), fds.len(), &ts, 0usize, 8usize);
        libc::syscall(libc::SYS_poll, fds.as_ptr(), fds.len(), 0);
        libc::close(rd);
        libc::close(wr);
    }
}

fn iovec() {
    let end = edges::page_end();
    let data = place(end - 64, b"abcd");
    let iov = place(end, &[libc::iovec { iov_base: data as *mut libc::c_void, iov_len: 4 }]);
    // SAFETY: writev on fd -1 fails (EBADF) before reading; the array ends at the unmapped page.
    unsafe {
        libc::syscall(libc::SYS_writev, -1, iov, 2usize);
        libc::syscall(libc::SYS_writev, -1, iov, 1usize << 31);
        libc::syscall(libc::SYS_writev, -1, end, 1usize);
    }
}

fn argv() {
    let end = edges::page_end();
    let argv = place(end, &[c"a".as_ptr() as u64, c"b".as_ptr() as u64, u64::MAX, u64::MAX - 1]);
    let envp = place(end, &[c"X=1".as_ptr() as u64, c"Y=2".as_ptr() as u64]);
    let short = place(end, &[c"only".as_ptr() as u64]);
    let missing = c"/tracer-no-such-file";
    // The strings' pages resident before the calls: the kernel fails these execs before it reads
    // a string, and a BPF probe cannot fault a page in, so a page never touched would print as an
    // address under eBPF (what this mode tests is bad pointers, not residency).
    for s in [c"a", c"b", c"X=1", c"Y=2", c"only", missing] {
        // SAFETY: a read of a byte of a static C string.
        unsafe { std::ptr::read_volatile(s.as_ptr()) };
    }
    // SAFETY: execve of a path that does not exist fails (ENOENT or EFAULT); nothing runs.
    unsafe {
        libc::syscall(libc::SYS_execve, missing.as_ptr(), argv, envp);
        libc::syscall(libc::SYS_execve, missing.as_ptr(), short, short);
        libc::syscall(libc::SYS_execve, missing.as_ptr(), end, end);
        libc::syscall(libc::SYS_execveat, libc::AT_FDCWD, missing.as_ptr(), argv, short, 0);
    }
}

/// execve and execveat with argv and envp longer than `-s` (40 elements): `-v` prints them whole.
fn long_arrays() {
    let strings: Vec<std::ffi::CString> =
        (0..40).filter_map(|i| std::ffi::CString::new(format!("V{i}=value-{i}")).ok()).collect();
    let mut pointers: Vec<u64> = strings.iter().map(|s| s.as_ptr() as u64).collect();
    pointers.push(0);
    let missing = c"/tracer-no-such-file";
    // SAFETY: exec of a path that does not exist fails with ENOENT; nothing runs.
    unsafe {
        libc::syscall(libc::SYS_execve, missing.as_ptr(), pointers.as_ptr(), pointers.as_ptr());
        libc::syscall(
            libc::SYS_execveat,
            libc::AT_FDCWD,
            missing.as_ptr(),
            pointers.as_ptr(),
            pointers.as_ptr(),
            0,
        );
    }
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let fds = pipe();
    edges::begin();
    match mode.as_str() {
        "poll" => poll(),
        "ppoll" => ppoll(fds),
        "iovec" => iovec(),
        "argv" => argv(),
        "long" => long_arrays(),
        other => eprintln!("fixture-execmem: unknown mode {other:?}"),
    }
    edges::end();
    // SAFETY: ends the process without running atexit handlers (no extra syscalls in the trace).
    unsafe { libc::_exit(0) };
}
