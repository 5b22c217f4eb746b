//! Extensible structs, the caller giving their size: openat2's `open_how` and clone3's
//! `clone_args` smaller than the kernel's, larger with a zero or non-zero tail, and with a tail
//! that runs into unmapped memory. Every call fails (bad descriptor, E2BIG, EINVAL, EFAULT): clone3's flags
//! are invalid, so it never makes a process.
//! Usage: fixture-ext MODE (`openat2`, `clone3`).

use tracer_tests::edges;

const PAGE: usize = 4096;
/// Where the fixture maps its page, so that no address it prints changes from run to run.
const FIXED: usize = 0x7e00_0000_0000;

/// A page at [`FIXED`] whose next page is unmapped; `None` if it cannot be had.
fn page_before_a_hole() -> Option<*mut u8> {
    // SAFETY: a fresh private mapping at an address nothing else uses; its second page is unmapped
    // again.
    unsafe {
        let base = libc::mmap(
            FIXED as *mut libc::c_void,
            2 * PAGE,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED_NOREPLACE,
            -1,
            0,
        );
        if base == libc::MAP_FAILED || base as usize != FIXED {
            return None;
        }
        libc::munmap((FIXED + PAGE) as *mut libc::c_void, PAGE);
        Some(base.cast())
    }
}

fn openat2(page: *mut u8) {
    // Relative to descriptor -1: the kernel fails with EBADF before it looks at the path.
    let path = c"tracer-no-such-file".as_ptr();
    // open_how: flags, mode, resolve; then 8 more bytes.
    let mut how: [u64; 4] = [libc::O_CREAT as u64, 0o644, 0x4, 0];
    // SAFETY: `page` is a page of ours; the calls read the structs given and fail.
    unsafe {
        let at_end = page.add(PAGE - 24);
        std::ptr::copy_nonoverlapping(how.as_ptr().cast::<u8>(), at_end, 24);
        edges::begin();
        libc::syscall(libc::SYS_openat2, -1, path, how.as_ptr(), 24usize);
        libc::syscall(libc::SYS_openat2, -1, path, how.as_ptr(), 32usize);
        how[3] = 0x8081_8283_8485_8687;
        libc::syscall(libc::SYS_openat2, -1, path, how.as_ptr(), 32usize);
        libc::syscall(libc::SYS_openat2, -1, path, at_end, 32usize);
        libc::syscall(libc::SYS_openat2, -1, path, at_end, 11usize);
    }
}

fn clone3(page: *mut u8) {
    // clone_args: CLONE_THREAD without CLONE_SIGHAND is invalid; then 8 more bytes.
    let mut args = [0u64; 12];
    args[0] = libc::CLONE_THREAD as u64;
    args[4] = 0xdead_beef;
    // SAFETY: `page` is a page of ours; the calls read the structs given and fail.
    unsafe {
        let at_end = page.add(PAGE - 64);
        std::ptr::copy_nonoverlapping(args.as_ptr().cast::<u8>(), at_end, 64);
        edges::begin();
        libc::syscall(libc::SYS_clone3, args.as_ptr(), 88usize);
        libc::syscall(libc::SYS_clone3, args.as_ptr(), 96usize);
        args[11] = 0xfa_cefe_edde_adc0;
        libc::syscall(libc::SYS_clone3, args.as_ptr(), 96usize);
        libc::syscall(libc::SYS_clone3, at_end, 64usize);
        libc::syscall(libc::SYS_clone3, args.as_ptr(), 63usize);
        // What the kernel stores for the parent (read back after a call that succeeded, as under
        // `-e inject=clone3:retval=N`): a pidfd and the child's tid, at NULL, at a readable int,
        // at an unreadable one.
        let stored: i32 = -7;
        let unreadable = page.add(PAGE) as u64;
        args[11] = 0;
        for at in [0, std::ptr::addr_of!(stored) as u64, unreadable] {
            args[0] = (libc::CLONE_THREAD | libc::CLONE_PIDFD | libc::CLONE_PARENT_SETTID) as u64;
            args[1] = at;
            args[3] = at;
            libc::syscall(libc::SYS_clone3, args.as_ptr(), 64usize);
        }
    }
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    match (mode.as_str(), page_before_a_hole()) {
        ("openat2", Some(page)) => openat2(page),
        ("clone3", Some(page)) => clone3(page),
        (other, _) => {
            edges::begin();
            eprintln!("fixture-ext: unknown mode {other:?}, or no page at {FIXED:#x}");
        }
    }
    edges::end();
    // SAFETY: ends the process without running atexit handlers (no extra syscalls in the trace).
    unsafe { libc::_exit(0) };
}
