//! Fixture: threads, for `-f` and for what is traced without it. Modes (argv[1]):
//! - none: opens `/tracer-fixture-begin`, starts 64 threads that each make 100 `getppid` calls
//!   and open `/tracer-fixture-thread-N` (N = 0..63), joins them, opens `/tracer-fixture-end`,
//!   exits 0. The main thread itself never calls getppid.
//! - `exec`: opens `/tracer-fixture-begin`; a second thread execs this program with argument
//!   `exec-target` while the main thread is inside a `write` to a full pipe (the new thread
//!   waits until a read from that pipe returns, so the main thread is in the same call whenever
//!   the exec happens); the kernel then gives the exec'ing thread the leader's pid.
//! - `exec-target`: opens `/tracer-fixture-exec-target` and exits 0.

use std::ffi::{CStr, CString};

/// Threads of the default mode, and getppid calls each.
pub const THREADS: usize = 64;
pub const GETPPID_PER_THREAD: usize = 100;

fn open(path: &CStr) {
    // SAFETY: a valid NUL-terminated path; the markers do not exist and the result does not matter.
    unsafe { libc::syscall(libc::SYS_openat, libc::AT_FDCWD, path.as_ptr(), libc::O_RDONLY) };
}

fn exit(code: i32) -> ! {
    // SAFETY: ends the process.
    unsafe { libc::_exit(code) }
}

fn many_threads() {
    open(c"/tracer-fixture-begin");
    let handles: Vec<_> = (0..THREADS)
        .map(|n| {
            let path = CString::new(format!("/tracer-fixture-thread-{n}")).expect("no NUL in the path");
            std::thread::spawn(move || {
                for _ in 0..GETPPID_PER_THREAD {
                    // SAFETY: getppid has no preconditions.
                    unsafe { libc::getppid() };
                }
                open(&path);
            })
        })
        .collect();
    for handle in handles {
        handle.join().expect("the thread ran to its end");
    }
    open(c"/tracer-fixture-end");
    exit(0)
}

fn exec_from_thread() {
    open(c"/tracer-fixture-begin");
    let mut fds = [0; 2];
    // SAFETY: a local array of two descriptors.
    unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
    let [read_end, write_end] = fds;
    let exe = CString::new(std::env::current_exe().expect("own path").into_os_string().into_encoded_bytes())
        .expect("no NUL in the path");
    std::thread::spawn(move || {
        let mut byte = 0u8;
        // SAFETY: a one-byte local buffer; execv's argv is NULL-terminated and outlives the call.
        unsafe {
            libc::read(read_end, std::ptr::from_mut(&mut byte).cast(), 1);
            let argv = [exe.as_ptr(), c"exec-target".as_ptr(), std::ptr::null()];
            libc::execv(exe.as_ptr(), argv.as_ptr());
        }
        exit(127);
    });
    // More than the pipe holds: this write is still going on (blocked) when the thread execs.
    let big = vec![0u8; 1 << 20];
    // SAFETY: writing from a live buffer of the stated size.
    unsafe { libc::write(write_end, big.as_ptr().cast(), big.len()) };
    exit(126)
}

fn main() {
    match std::env::args().nth(1).as_deref() {
        None => many_threads(),
        Some("exec") => exec_from_thread(),
        Some("exec-target") => {
            open(c"/tracer-fixture-exec-target");
            exit(0)
        }
        Some(other) => panic!("unknown mode {other:?}"),
    }
}
