//! Calls with edge-case arguments for decoders that have no fixture of their own: signal sets
//! whose size argument is not the kernel's, ... Each mode's calls fail or change nothing.
//! Usage: fixture-edges MODE (`sigsets`, `flagargs`: flag arguments with their own tables,
//! `outnums`: single numbers behind pointers, `[N]`; `locks`: fcntl's struct flock; `strings`:
//! getcwd's path longer than `-s`, zero-length strings at unreadable addresses; `deepcwd`: a working
//! directory longer than PATH_MAX, which /proc cannot show, for `-y`; `dirents`: getdents and
//! getdents64 of the directory tests/tests/decode_edges.rs makes, [`DIRENTS_DIR`]; `fsapi`: fsmount
//! and fsconfig with each of fsconfig's commands, on descriptors that make them fail; `iovtail`:
//! iovec elements longer than `-s` that end at an unmapped page).

use tracer_tests::edges;

/// Signal sets print only when their size argument is 8 bytes; otherwise as addresses.
fn sigsets() {
    let set: u64 = 1 << (libc::SIGUSR1 - 1);
    let mut old: u64 = 0;
    let set_ptr = std::ptr::addr_of!(set);
    let old_ptr = std::ptr::addr_of_mut!(old);
    // SAFETY: raw signal-mask calls with sizes the kernel refuses (EINVAL), and one that reads the
    // current mask without changing it.
    unsafe {
        libc::syscall(libc::SYS_rt_sigprocmask, libc::SIG_BLOCK, set_ptr, old_ptr, 16);
        libc::syscall(libc::SYS_rt_sigprocmask, libc::SIG_BLOCK, set_ptr, old_ptr, 4);
        libc::syscall(libc::SYS_rt_sigprocmask, libc::SIG_BLOCK, std::ptr::null::<u64>(), old_ptr, 8);
        libc::syscall(libc::SYS_rt_sigsuspend, set_ptr, 16);
        libc::syscall(libc::SYS_rt_sigtimedwait, set_ptr, 0usize, 0usize, 4);
        libc::syscall(libc::SYS_rt_sigpending, old_ptr, 8);
        libc::syscall(libc::SYS_rt_sigpending, old_ptr, 9);
        libc::syscall(libc::SYS_signalfd4, -1, set_ptr, 4, 0);
        libc::syscall(libc::SYS_epoll_pwait, -1, 0usize, 1, 0, set_ptr, 16);
    }
}

/// Flag arguments with a table of their own, known bits and unknown ones; every call fails.
fn flagargs() {
    let missing = c"/tracer-no-such-file";
    let name = c"user.tracer";
    // SAFETY: raw syscalls that fail: a path that does not exist, fd -1, invalid flags.
    unsafe {
        libc::syscall(libc::SYS_setxattr, missing.as_ptr(), name.as_ptr(), 0usize, 0, 3);
        libc::syscall(libc::SYS_fsetxattr, -1, name.as_ptr(), 0usize, 0, 1);
        libc::syscall(libc::SYS_swapon, missing.as_ptr(), 0x8000 | 42);
        libc::syscall(libc::SYS_swapon, missing.as_ptr(), 42);
        libc::syscall(libc::SYS_mlock2, 0usize, 0usize, 0xffff_fffeu32);
        libc::syscall(libc::SYS_sync_file_range, -1, 0, 0, 7 | 0x100);
        libc::syscall(libc::SYS_faccessat2, -1, missing.as_ptr(), libc::R_OK, 0x200 | 0x1000);
        libc::syscall(libc::SYS_pkey_alloc, 1, 2);
        libc::syscall(libc::SYS_delete_module, missing.as_ptr(), 0xdead_0800u32);
        libc::syscall(libc::SYS_finit_module, -1, missing.as_ptr(), 0xffff_ff08u32);
        libc::syscall(libc::SYS_fsopen, missing.as_ptr(), 2);
        libc::syscall(libc::SYS_timer_settime, -1, 1, 0usize, 0usize);
    }
}

/// One number behind a pointer: loff_t offsets in, a context and a robust-list head out.
fn outnums() {
    let mut off_in: i64 = -5;
    let mut off_out: i64 = 1 << 40;
    let mut head: usize = 0;
    let mut len: usize = 0;
    let mut ctx: u64 = 0;
    // SAFETY: splice and copy_file_range on fd -1 fail (EBADF); get_robust_list reads this
    // thread's list head; io_setup makes an AIO context that io_destroy frees again.
    unsafe {
        libc::syscall(libc::SYS_copy_file_range, -1, &mut off_in, -2, &mut off_out, 16usize, 0);
        libc::syscall(libc::SYS_splice, -1, &mut off_in, -2, std::ptr::null_mut::<i64>(), 16usize, 0);
        libc::syscall(libc::SYS_get_robust_list, 0, &mut head, &mut len);
        if libc::syscall(libc::SYS_io_setup, 1, &mut ctx) == 0 {
            libc::syscall(libc::SYS_io_destroy, ctx);
        }
    }
}

/// fcntl's locks: a `struct flock` set, and one asked for (the call fails on fd -1; a lock on a
/// pipe of our own is refused too).
fn locks() {
    let lock = libc::flock {
        l_type: libc::F_RDLCK as i16,
        l_whence: libc::SEEK_SET as i16,
        l_start: -5,
        l_len: 1 << 33,
        l_pid: 0,
    };
    let mut get = libc::flock {
        l_type: libc::F_WRLCK as i16,
        l_whence: libc::SEEK_END as i16,
        l_start: 0,
        l_len: 4096,
        l_pid: 7,
    };
    // SAFETY: fcntl on fd -1 fails with EBADF after reading nothing; the structs outlive the calls.
    unsafe {
        libc::syscall(libc::SYS_fcntl, -1, libc::F_SETLK, &lock);
        libc::syscall(libc::SYS_fcntl, -1, libc::F_SETLKW, &lock);
        libc::syscall(libc::SYS_fcntl, -1, libc::F_GETLK, &mut get);
        libc::syscall(libc::SYS_fcntl, -1, libc::F_OFD_SETLK, &lock);
        libc::syscall(libc::SYS_fcntl, -1, libc::F_OFD_GETLK, &mut get);
        libc::syscall(libc::SYS_fcntl, -1, libc::F_SETLK, 0usize);
    }
}

/// A scratch directory whose name is longer than strace's default `-s` (32).
const LONG_DIR: &std::ffi::CStr = c"/tmp/tracer-edges-a-directory-named-beyond-thirty-two-characters";

/// getcwd's buffer is a path (whole, whatever `-s` says); a counted string of length 0 is `""`
/// whatever its address holds.
fn strings() {
    let mut buf = [0u8; 256];
    let unreadable = 1usize;
    // SAFETY: a directory of our own made, entered, left and removed; getcwd fills `buf`; the
    // zero-length calls fail (EBADF, EFAULT) without reading the unreadable address.
    unsafe {
        libc::mkdir(LONG_DIR.as_ptr(), 0o700);
        libc::chdir(LONG_DIR.as_ptr());
        libc::syscall(libc::SYS_getcwd, buf.as_mut_ptr(), buf.len());
        libc::chdir(c"/".as_ptr());
        libc::rmdir(LONG_DIR.as_ptr());
        libc::syscall(libc::SYS_write, -1, unreadable, 0usize);
        libc::syscall(libc::SYS_add_key, 0usize, 0usize, unreadable, 0usize, -1);
    }
}

/// A working directory deeper than PATH_MAX: /proc refuses its path (ENAMETOOLONG), so `-y` shows
/// AT_FDCWD bare; 20 levels of 250 characters are made, used, and removed again.
fn deepcwd() {
    let level = std::ffi::CString::new(vec![b'x'; 250]).unwrap_or_default();
    let top = c"/tmp/tracer-edges-deep";
    // SAFETY: directories of our own made, entered, left and removed; openat of a missing name
    // fails with ENOENT.
    unsafe {
        libc::mkdir(top.as_ptr(), 0o700);
        libc::chdir(top.as_ptr());
        for _ in 0..20 {
            libc::mkdir(level.as_ptr(), 0o700);
            libc::chdir(level.as_ptr());
        }
        libc::syscall(libc::SYS_openat, libc::AT_FDCWD, c"sample".as_ptr(), libc::O_RDONLY);
        for _ in 0..20 {
            libc::chdir(c"..".as_ptr());
            libc::rmdir(level.as_ptr());
        }
        libc::chdir(c"/".as_ptr());
        libc::rmdir(top.as_ptr());
        libc::syscall(libc::SYS_openat, libc::AT_FDCWD, c"sample".as_ptr(), libc::O_RDONLY);
    }
}

/// The directory `dirents` reads: made by the test, so that both tracers see the same entries.
const DIRENTS_DIR: &std::ffi::CStr = c"/tmp/tracer-edges-dirents";

/// getdents and getdents64 of [`DIRENTS_DIR`] (each read twice: the entries, then the end), a
/// buffer too small for one entry (EINVAL), and a bad descriptor.
fn dirents() {
    let mut buf = [0u8; 4096];
    // SAFETY: reads into `buf` of its own length; the directory fd is closed again.
    unsafe {
        for call in [libc::SYS_getdents64, libc::SYS_getdents] {
            let fd = libc::open(DIRENTS_DIR.as_ptr(), libc::O_RDONLY | libc::O_DIRECTORY);
            libc::syscall(call, fd, buf.as_mut_ptr(), 8usize);
            libc::syscall(call, fd, buf.as_mut_ptr(), buf.len());
            libc::syscall(call, fd, buf.as_mut_ptr(), buf.len());
            libc::close(fd);
            libc::syscall(call, -1, 0usize, 16usize);
        }
    }
}

/// fsmount's flags and attributes, fsconfig's commands (each with its key, value and aux), on
/// /dev/full and on bad descriptors: every call fails.
fn fsapi() {
    // On the stack, written just now: the eBPF probe cannot fault in a page, and a failing call
    // (EBADF before the kernel reads its key) gives it no second chance at the exit.
    let key = *b"source\0";
    let value = *b"/dev/full\0";
    let binary = [0u8, 1, 0xfe, 0xff, b'A'];
    // SAFETY: /dev/full is opened and closed again; fsmount and fsconfig fail (EBADF, EINVAL)
    // without writing anything.
    unsafe {
        let full = libc::open(c"/dev/full".as_ptr(), libc::O_RDONLY);
        for fd in [-1, libc::AT_FDCWD, full] {
            libc::syscall(libc::SYS_fsmount, fd, 0, 0);
            libc::syscall(libc::SYS_fsmount, fd, 1, 0x1 | 0x10 | 0x80);
            libc::syscall(libc::SYS_fsmount, fd, 2, 0xffff_ff40u32);
        }
        for cmd in 0..9u32 {
            let aux = if cmd == 2 { binary.len() as i32 } else { full };
            let value_ptr: *const u8 = if cmd == 2 { binary.as_ptr() } else { value.as_ptr().cast() };
            libc::syscall(libc::SYS_fsconfig, -1, cmd, key.as_ptr(), value_ptr, aux);
        }
        libc::syscall(libc::SYS_fsconfig, full, 3, key.as_ptr(), value.as_ptr(), libc::AT_FDCWD);
        libc::syscall(libc::SYS_fsconfig, -1, 2, key.as_ptr(), binary.as_ptr(), -1);
        libc::syscall(libc::SYS_fsconfig, -1, 1, 0usize, 0usize, 0);
        libc::close(full);
    }
}

/// writev of elements longer than `-s` (32) whose bytes end at an unmapped page: 32 readable bytes
/// print as an address (strace fetches 33), 33 print as a string.
fn iovtail() {
    let end = edges::page_end();
    for readable in [31u64, 32, 33, 40] {
        let base = end - readable;
        // SAFETY: `readable` bytes before `end` are mapped and ours; writev on fd -1 fails (EBADF)
        // without reading them.
        unsafe {
            std::ptr::write_bytes(base as *mut u8, b'X', readable as usize);
            let iov = [libc::iovec { iov_base: base as *mut libc::c_void, iov_len: usize::MAX }];
            libc::writev(-1, iov.as_ptr(), 1);
            let iov = [libc::iovec { iov_base: base as *mut libc::c_void, iov_len: readable as usize }];
            libc::writev(-1, iov.as_ptr(), 1);
        }
    }
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    edges::begin();
    match mode.as_str() {
        "sigsets" => sigsets(),
        "flagargs" => flagargs(),
        "outnums" => outnums(),
        "locks" => locks(),
        "strings" => strings(),
        "deepcwd" => deepcwd(),
        "dirents" => dirents(),
        "fsapi" => fsapi(),
        "iovtail" => iovtail(),
        other => eprintln!("fixture-edges: unknown mode {other:?}"),
    }
    edges::end();
    // SAFETY: ends the process without running atexit handlers (no extra syscalls in the trace).
    unsafe { libc::_exit(0) };
}
