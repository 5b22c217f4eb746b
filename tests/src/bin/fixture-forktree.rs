//! Fixture: a small process tree, for `-f`/`-ff`. Between two marker opens the parent (SIGCHLD
//! blocked, so that no signal line depends on timing) creates, in this order:
//! - child 1 (fork) — opens `/tracer-fixture-child-1`, forks grandchild 1.1 (opens
//!   `/tracer-fixture-child-1-1`, exits 11), waits for it, exits 1;
//! - child 2 (fork) — opens `/tracer-fixture-child-2`, exits 2;
//! - child 3 (vfork) — execs `/bin/true` (exits 0);
//! - child 4 (raw clone3, fork-like) — opens `/tracer-fixture-child-4`, exits 4;
//!
//! then waits for each by pid, in order, and exits 0. Calls libc directly so that each line below
//! is exactly one syscall.

use std::ffi::CStr;
use std::ptr::null_mut;

fn open(path: &CStr) {
    // SAFETY: a valid NUL-terminated path; the markers do not exist and the result does not matter.
    unsafe { libc::syscall(libc::SYS_openat, libc::AT_FDCWD, path.as_ptr(), libc::O_RDONLY) };
}

fn wait_for(pid: libc::pid_t) {
    let mut status = 0;
    // SAFETY: a local status word; no rusage.
    unsafe { libc::wait4(pid, &mut status, 0, null_mut()) };
}

fn exit(code: i32) -> ! {
    // SAFETY: ends the process without running anything of this one's.
    unsafe { libc::_exit(code) }
}

/// `struct clone_args` of clone3(2), the fields up to `tls` (CLONE_ARGS_SIZE_VER0, 64 bytes).
#[repr(C)]
#[derive(Default)]
struct CloneArgs {
    flags: u64,
    pidfd: u64,
    child_tid: u64,
    parent_tid: u64,
    exit_signal: u64,
    stack: u64,
    stack_size: u64,
    tls: u64,
}

fn main() {
    open(c"/tracer-fixture-begin");
    // SAFETY (for every unsafe block below): plain syscalls; the children only make syscalls and
    // end with _exit or a successful exec.
    unsafe {
        let mut chld: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut chld);
        libc::sigaddset(&mut chld, libc::SIGCHLD);
        libc::sigprocmask(libc::SIG_BLOCK, &chld, null_mut());

        let child1 = libc::fork();
        if child1 == 0 {
            open(c"/tracer-fixture-child-1");
            let grandchild = libc::fork();
            if grandchild == 0 {
                open(c"/tracer-fixture-child-1-1");
                exit(11);
            }
            wait_for(grandchild);
            exit(1);
        }

        let child2 = libc::fork();
        if child2 == 0 {
            open(c"/tracer-fixture-child-2");
            exit(2);
        }

        let argv = [c"/bin/true".as_ptr(), std::ptr::null()];
        #[expect(deprecated, reason = "vfork is the point here: the child only execs or _exits")]
        let child3 = libc::vfork();
        if child3 == 0 {
            libc::execv(argv[0], argv.as_ptr());
            exit(127);
        }

        let args = CloneArgs { exit_signal: libc::SIGCHLD as u64, ..CloneArgs::default() };
        let child4 =
            libc::syscall(libc::SYS_clone3, std::ptr::from_ref(&args), size_of::<CloneArgs>()) as libc::pid_t;
        if child4 == 0 {
            open(c"/tracer-fixture-child-4");
            exit(4);
        }

        for child in [child1, child2, child3, child4] {
            wait_for(child);
        }
    }
    open(c"/tracer-fixture-end");
    exit(0)
}
