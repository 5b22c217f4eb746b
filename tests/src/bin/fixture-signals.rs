//! Fixture: signals, delivered at points that do not depend on timing. Modes (argv[1]):
//! - `handlers`: between two marker opens, (1) SIGUSR1 sent to itself, caught by a handler that
//!   opens `/tracer-fixture-handler-10`; (2) SIGINT ignored, then sent to itself; (3) SIGCHLD from
//!   a child that exits 5, caught (handler opens `/tracer-fixture-handler-17`) while the parent
//!   waits in rt_sigsuspend with SIGCHLD otherwise blocked; (4) a child that stops itself with
//!   SIGSTOP (its parent waits for the stop with WUNTRACED, then sends SIGCONT), opens
//!   `/tracer-fixture-continued` and exits 0. Exits 0.
//! - `sigkill`: after the begin marker, sends itself SIGKILL.
//! - `sigsegv`: after the begin marker, sets RLIMIT_CORE to 1 byte (no core dump whatever the
//!   environment: too small for a core file, and the value that makes the kernel skip a
//!   `|program` core_pattern too) and writes through a NULL pointer.
//!
//! Calls libc directly so that each line below is exactly one syscall.

use std::ffi::CStr;
use std::ptr::null_mut;

fn open(path: &CStr) {
    // SAFETY: a valid NUL-terminated path; the markers do not exist and the result does not matter.
    unsafe { libc::syscall(libc::SYS_openat, libc::AT_FDCWD, path.as_ptr(), libc::O_RDONLY) };
}

fn exit(code: i32) -> ! {
    // SAFETY: ends the process.
    unsafe { libc::_exit(code) }
}

extern "C" fn on_usr1(_: libc::c_int) {
    open(c"/tracer-fixture-handler-10");
}

extern "C" fn on_chld(_: libc::c_int) {
    open(c"/tracer-fixture-handler-17");
}

/// Install `handler` for `sig` (no SA_RESTART, nothing blocked but the signal itself).
fn catch(sig: libc::c_int, handler: libc::sighandler_t) {
    // SAFETY: a zeroed sigaction with a valid handler or SIG_IGN/SIG_DFL.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = handler;
        libc::sigaction(sig, &action, null_mut());
    }
}

fn sigset(signals: &[libc::c_int]) -> libc::sigset_t {
    // SAFETY: sigemptyset initialises the set; sigaddset of valid signal numbers.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for &sig in signals {
            libc::sigaddset(&mut set, sig);
        }
        set
    }
}

fn wait_for(pid: libc::pid_t, options: libc::c_int) {
    let mut status = 0;
    // SAFETY: a local status word; no rusage.
    unsafe { libc::wait4(pid, &mut status, options, null_mut()) };
}

fn handlers() {
    open(c"/tracer-fixture-begin");
    // SAFETY (for the block): plain syscalls; the children only make syscalls and _exit.
    unsafe {
        catch(libc::SIGUSR1, on_usr1 as extern "C" fn(libc::c_int) as libc::sighandler_t);
        libc::kill(libc::getpid(), libc::SIGUSR1);

        catch(libc::SIGINT, libc::SIG_IGN);
        libc::kill(libc::getpid(), libc::SIGINT);

        let chld = sigset(&[libc::SIGCHLD]);
        libc::sigprocmask(libc::SIG_BLOCK, &chld, null_mut());
        catch(libc::SIGCHLD, on_chld as extern "C" fn(libc::c_int) as libc::sighandler_t);
        let child = libc::fork();
        if child == 0 {
            exit(5);
        }
        let nothing = sigset(&[]);
        libc::sigsuspend(&nothing);
        wait_for(child, 0);
        catch(libc::SIGCHLD, libc::SIG_DFL);

        let child = libc::fork();
        if child == 0 {
            libc::kill(libc::getpid(), libc::SIGSTOP);
            open(c"/tracer-fixture-continued");
            exit(0);
        }
        wait_for(child, libc::WUNTRACED);
        libc::kill(child, libc::SIGCONT);
        wait_for(child, 0);
    }
    open(c"/tracer-fixture-end");
    exit(0)
}

fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("handlers") => handlers(),
        Some("sigkill") => {
            open(c"/tracer-fixture-begin");
            // SAFETY: plain syscalls on our own pid.
            unsafe { libc::kill(libc::getpid(), libc::SIGKILL) };
            exit(126)
        }
        Some("sigsegv") => {
            open(c"/tracer-fixture-begin");
            let none = libc::rlimit { rlim_cur: 1, rlim_max: 1 };
            // SAFETY: setrlimit reads a local struct; the write through NULL is the point: the
            // kernel kills the process with SIGSEGV.
            unsafe {
                libc::setrlimit(libc::RLIMIT_CORE, &none);
                std::ptr::write_volatile(null_mut::<u8>(), 1);
            }
            exit(126)
        }
        other => panic!("unknown mode {other:?}: handlers, sigkill or sigsegv"),
    }
}
