//! Fixture: load with exactly known syscall counts (tests/tests/stress.rs, `cargo xtask stress`).
//!
//! - `getppid PROCS TOTAL`: PROCS forked processes make TOTAL getppid calls in all (the remainder
//!   goes to the first), all released at once through a pipe.
//! - `threads THREADS CALLS`: THREADS threads make CALLS getppid calls each, plus CALLS/8 each of
//!   `getuid` and a 1-byte `write` to /dev/null.
//! - `forkexec LANES TOTAL`: LANES processes each fork+exec TOTAL/LANES children (`fixture-storm
//!   child`), one at a time; each child makes one getppid call and exits.
//! - `child`: one getppid, then `_exit(0)`.
//!
//! Exits 0 when every process it made exited 0.

use std::thread;

fn getppid_n(n: u64) {
    for _ in 0..n {
        // SAFETY: a syscall without arguments or side effects.
        unsafe { libc::syscall(libc::SYS_getppid) };
    }
}

/// fork; the child runs `f` and exits 0.
fn fork_run(f: impl FnOnce()) -> libc::pid_t {
    // SAFETY: the child only makes syscalls (and what `f` does) before _exit.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork: {}", std::io::Error::last_os_error());
    if pid == 0 {
        f();
        // SAFETY: ends the child without running the parent's atexit handlers.
        unsafe { libc::_exit(0) };
    }
    pid
}

fn wait_all(pids: &[libc::pid_t]) -> bool {
    pids.iter().all(|&pid| {
        let mut status = 0;
        // SAFETY: waits for our own child.
        let waited = unsafe { libc::waitpid(pid, &mut status, 0) };
        waited == pid && status == 0
    })
}

fn storm(procs: u64, total: u64) -> bool {
    let mut fds = [0i32; 2];
    // SAFETY: fds has room for two descriptors.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    let pids: Vec<_> = (0..procs)
        .map(|i| {
            let n = total / procs + if i == 0 { total % procs } else { 0 };
            fork_run(move || {
                let mut byte = 0u8;
                // SAFETY: waits for the parent's go (EOF when it closes the write end).
                unsafe {
                    libc::close(fds[1]);
                    libc::read(fds[0], (&raw mut byte).cast(), 1);
                }
                getppid_n(n);
            })
        })
        .collect();
    // SAFETY: closing our pipe ends releases every child at once.
    unsafe {
        libc::close(fds[0]);
        libc::close(fds[1]);
    }
    wait_all(&pids)
}

fn threads(count: u64, calls: u64) -> bool {
    let handles: Vec<_> = (0..count)
        .map(|_| {
            thread::spawn(move || {
                // SAFETY: /dev/null opened, written and closed by this thread alone.
                unsafe {
                    let fd = libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC);
                    for i in 0..calls {
                        libc::syscall(libc::SYS_getppid);
                        if i % 8 == 0 {
                            libc::syscall(libc::SYS_getuid);
                            libc::write(fd, b"x".as_ptr().cast(), 1);
                        }
                    }
                    libc::close(fd);
                }
            })
        })
        .collect();
    handles.into_iter().all(|h| h.join().is_ok())
}

fn forkexec(lanes: u64, total: u64) -> bool {
    let exe = std::ffi::CString::new(
        std::env::current_exe().expect("own path").into_os_string().into_encoded_bytes(),
    )
    .expect("no NUL");
    let pids: Vec<_> = (0..lanes)
        .map(|i| {
            let n = total / lanes + if i == 0 { total % lanes } else { 0 };
            let exe = exe.clone();
            fork_run(move || {
                for _ in 0..n {
                    let exe = exe.clone();
                    let child = fork_run(move || {
                        let argv = [c"fixture-storm".as_ptr(), c"child".as_ptr(), std::ptr::null()];
                        let envp = [std::ptr::null()];
                        // SAFETY: NULL-terminated arrays of static strings.
                        unsafe { libc::execve(exe.as_ptr(), argv.as_ptr(), envp.as_ptr()) };
                        // SAFETY: exec failed: end the child with an error.
                        unsafe { libc::_exit(127) };
                    });
                    if !wait_all(&[child]) {
                        // SAFETY: reports the failure through the lane's status.
                        unsafe { libc::_exit(1) };
                    }
                }
            })
        })
        .collect();
    wait_all(&pids)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let num = |i: usize| args.get(i).and_then(|a| a.parse::<u64>().ok()).unwrap_or(1).max(1);
    let ok = match args.first().map(String::as_str) {
        Some("getppid") => storm(num(1), num(2)),
        Some("threads") => threads(num(1), num(2)),
        Some("forkexec") => forkexec(num(1), num(2)),
        Some("child") => {
            getppid_n(1);
            true
        }
        other => panic!("unknown mode {other:?}"),
    };
    std::process::exit(if ok { 0 } else { 1 });
}
