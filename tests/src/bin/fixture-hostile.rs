//! Fixture: a tracee that tries to hurt its tracer. `fixture-hostile MODE`, MODE one of:
//!
//! - `badptr`: calls handed pointers that cannot be read (NULL, 0x1, a kernel address, an unmapped
//!   page), for paths, buffers, structs and iovec arrays.
//! - `iovcnt`: `writev` with a valid first iovec and an iovcnt of 2^31 (the kernel says EINVAL; a
//!   tracer that believes the count would try to copy 32 GiB).
//! - `unterminated`: strings with no NUL before the end of a readable page (the next page is
//!   PROT_NONE), from 1 byte to a whole page.
//! - `unmap`: a second thread blocks in `read` on a pipe into a buffer that the main thread then
//!   unmaps before writing to the pipe: the buffer is gone between the call's entry and its exit.
//! - `argv`: re-executes itself with 100,000 arguments.
//! - `segv`: dies of SIGSEGV (a write to NULL), without a core file.
//!
//! Each mode runs between an `openat` of `/tracer-fixture-begin` and one of `/tracer-fixture-end`.

use std::ffi::CString;
use std::ptr;

fn marker(path: &std::ffi::CStr) {
    // SAFETY: a plain openat of a path that does not exist.
    unsafe { libc::syscall(libc::SYS_openat, libc::AT_FDCWD, path.as_ptr(), libc::O_RDONLY) };
}

fn pipe() -> [i32; 2] {
    let mut fds = [0i32; 2];
    // SAFETY: fds has room for two descriptors.
    let rc = unsafe { libc::pipe(fds.as_mut_ptr()) };
    assert_eq!(rc, 0, "pipe");
    fds
}

/// Two anonymous pages, the second PROT_NONE: returns the first page.
fn page_before_a_hole() -> *mut u8 {
    // SAFETY: fresh anonymous mappings of our own.
    unsafe {
        let map = libc::mmap(
            ptr::null_mut(),
            8192,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        );
        assert_ne!(map, libc::MAP_FAILED, "mmap");
        libc::mprotect(map.cast::<u8>().add(4096).cast(), 4096, libc::PROT_NONE);
        map.cast()
    }
}

fn badptr() {
    let fds = pipe();
    // SAFETY: every pointer is checked by the kernel (EFAULT); this process never dereferences one.
    unsafe {
        let hole = page_before_a_hole().add(4096) as usize;
        libc::syscall(libc::SYS_openat, libc::AT_FDCWD, 0usize, libc::O_RDONLY);
        libc::syscall(libc::SYS_openat, libc::AT_FDCWD, 1usize, libc::O_RDONLY);
        libc::syscall(libc::SYS_openat, libc::AT_FDCWD, 0xffff_ffff_ff60_0000usize, libc::O_RDONLY);
        libc::syscall(libc::SYS_openat, libc::AT_FDCWD, hole, libc::O_RDONLY);
        libc::syscall(libc::SYS_write, fds[1], hole, 16usize);
        libc::syscall(libc::SYS_write, fds[1], usize::MAX - 7, 8usize);
        libc::syscall(libc::SYS_writev, fds[1], hole, 2usize);
        libc::syscall(libc::SYS_newfstatat, libc::AT_FDCWD, c"/".as_ptr(), hole, 0);
        libc::syscall(libc::SYS_clock_nanosleep, libc::CLOCK_MONOTONIC, 0, hole, 0usize);
        libc::syscall(libc::SYS_rt_sigaction, libc::SIGUSR1, hole, hole, 8usize);
        libc::syscall(libc::SYS_poll, hole, 3usize, 0);
        libc::syscall(libc::SYS_connect, fds[0], hole, 16usize);
        let iov = [libc::iovec { iov_base: hole as *mut libc::c_void, iov_len: 4 }];
        libc::syscall(libc::SYS_writev, fds[1], iov.as_ptr(), 1usize);
        libc::syscall(libc::SYS_execve, hole, hole, hole);
    }
}

fn iovcnt() {
    let fds = pipe();
    let page = page_before_a_hole();
    // SAFETY: the one iovec (and its 4 bytes of data) fill the last 16 bytes of the readable page,
    // so whoever reads a second element faults (deterministically, unlike stack garbage); the
    // kernel refuses the count before it reads past the first.
    unsafe {
        let data = page.add(4096 - 32);
        ptr::copy_nonoverlapping(b"abcd".as_ptr(), data, 4);
        let iov = page.add(4096 - 16).cast::<libc::iovec>();
        iov.write_unaligned(libc::iovec { iov_base: data.cast(), iov_len: 4 });
        libc::syscall(libc::SYS_writev, fds[1], iov, 1usize << 31);
        libc::syscall(libc::SYS_readv, fds[0], iov, 1usize << 31);
        libc::syscall(libc::SYS_writev, fds[1], iov, u32::MAX as usize);
        libc::syscall(libc::SYS_writev, fds[1], iov, 2usize);
    }
}

fn unterminated() {
    let page = page_before_a_hole();
    let fds = pipe();
    // SAFETY: writes stay inside the first (read-write) page; the kernel checks the rest.
    unsafe {
        ptr::write_bytes(page, b'a', 4096);
        for len in [1usize, 31, 32, 33, 255, 4095, 4096] {
            let start = page.add(4096 - len);
            libc::syscall(libc::SYS_openat, libc::AT_FDCWD, start, libc::O_RDONLY);
        }
        // A buffer that is readable up to the page end (and its length says more).
        libc::syscall(libc::SYS_write, fds[1], page.add(4096 - 8), 16usize);
    }
}

struct SendPtr(*mut u8);
// SAFETY: the pointer is only handed to the kernel.
unsafe impl Send for SendPtr {}

fn unmap() {
    let fds = pipe();
    // SAFETY: a fresh anonymous page, unmapped below while the reader waits.
    let buf = unsafe {
        libc::mmap(
            ptr::null_mut(),
            4096,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    assert_ne!(buf, libc::MAP_FAILED, "mmap");
    let target = SendPtr(buf.cast());
    let reader = std::thread::spawn(move || {
        let target = target;
        // SAFETY: the kernel checks the buffer when data arrives; it is unmapped by then.
        unsafe { libc::syscall(libc::SYS_read, fds[0], target.0, 4096usize) }
    });
    std::thread::sleep(std::time::Duration::from_millis(200));
    // SAFETY: our own mapping; only the kernel (in the reader's read) refers to it.
    unsafe {
        libc::munmap(buf, 4096);
        libc::syscall(libc::SYS_write, fds[1], b"gone".as_ptr(), 4usize);
    }
    let ret = reader.join().expect("reader thread");
    assert_eq!(ret, -1, "read into an unmapped buffer must fail");
}

fn argv() {
    let exe = CString::new(std::env::current_exe().expect("own path").into_os_string().into_encoded_bytes())
        .expect("no NUL in path");
    let mut args: Vec<CString> = vec![c"fixture-hostile".into(), c"argv-child".into()];
    args.extend((2..100_000).map(|i| CString::new(format!("{i}")).expect("digits")));
    let mut ptrs: Vec<*const libc::c_char> = args.iter().map(|a| a.as_ptr()).collect();
    ptrs.push(ptr::null());
    let env: [*const libc::c_char; 1] = [ptr::null()];
    // SAFETY: NULL-terminated arrays of NUL-terminated strings that outlive the call.
    unsafe { libc::execve(exe.as_ptr(), ptrs.as_ptr(), env.as_ptr()) };
    panic!("execve failed: {}", std::io::Error::last_os_error());
}

fn segv() {
    // SAFETY: no core file (its name and size are not the test's business), then a write to
    // address 0, which the kernel answers with SIGSEGV (SEGV_MAPERR, si_addr=NULL).
    unsafe {
        let none = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        libc::setrlimit(libc::RLIMIT_CORE, &none);
        std::ptr::write_volatile(std::ptr::null_mut::<u8>(), 1);
    }
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    if mode == "argv-child" {
        assert_eq!(std::env::args_os().count(), 100_000);
        marker(c"/tracer-fixture-end");
        // SAFETY: ends the process.
        unsafe { libc::_exit(0) };
    }
    marker(c"/tracer-fixture-begin");
    match mode.as_str() {
        "badptr" => badptr(),
        "iovcnt" => iovcnt(),
        "unterminated" => unterminated(),
        "unmap" => unmap(),
        "argv" => argv(),
        "segv" => segv(),
        other => panic!("unknown mode {other:?}"),
    }
    marker(c"/tracer-fixture-end");
    // SAFETY: ends the process without running atexit handlers (no extra syscalls in the trace).
    unsafe { libc::_exit(0) };
}
