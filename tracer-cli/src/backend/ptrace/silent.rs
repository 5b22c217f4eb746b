//! `--seccomp-bpf` with a narrow `-e trace=` and without `-f`: the seccomp filter stops only the
//! traced calls, but every task the command creates inherits it, and a filter that asks for a tracer
//! with none there makes the call fail (ENOSYS). So tracer follows the children too, silently: their
//! stops are resumed at once and nothing of theirs is shown, as strace (which does not trace them)
//! shows nothing. Not the default: a child that ptraces its own children cannot while attached.
//!
//! Those children may outlive the command (a daemon it starts), and strace ends with the command.
//! So tracer splits in two before launching ([`split`]): the process the shell waits for becomes a
//! *front* that only waits, and the child goes on as tracer. When the command has ended and only
//! silent children are left, tracer tells the front how to end (the command's exit status, or its
//! signal), closes every descriptor it has, and serves the children until they are gone
//! ([`release_and_serve`]). Without such children, tracer ends as usual and the front ends as it
//! did. The one visible difference from strace: the children are ptrace-attached while they run,
//! as they are under `-f` (`--no-seccomp` keeps strace's behaviour exactly).

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::Mutex;

use nix::unistd::Pid;

use super::stops::{wait_any, Restart, Stop, Waited};
use super::PtraceError;
use crate::backend::TraceeExit;

/// tracer's end of the pipe to the front, after [`split`].
static FRONT: Mutex<Option<OwnedFd>> = Mutex::new(None);
/// The trace ended with silent children still running: [`release_and_serve`] has work.
static LEFTOVERS: AtomicBool = AtomicBool::new(false);
/// The tracer process, for the front's signal handler.
static WORKER: AtomicI32 = AtomicI32::new(0);

/// The front's message: what the front does, 8 bytes.
const EXIT: u32 = 0;
const SIGNAL: u32 = 1;

/// Split into the front (this process, which never returns from here) and tracer (the child,
/// which returns). Must be called while tracer is single-threaded.
pub(super) fn split() -> Result<(), PtraceError> {
    let mut fds = [0; 2];
    // SAFETY: pipe2 writes two descriptors into `fds`.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } < 0 {
        return Err(PtraceError::Split(nix::Error::last()));
    }
    // SAFETY: both descriptors were just opened and are owned here alone.
    let (read, write) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    // The front waits for tracer: SIGCHLD ignored (inherited from our caller) would reap tracer
    // unseen. It is SIG_DFL across the fork, and tracer gives it back (the command inherits it).
    // SAFETY: sigaction on plain local structs.
    let mut inherited: libc::sigaction = unsafe { std::mem::zeroed() };
    unsafe {
        let mut default: libc::sigaction = std::mem::zeroed();
        default.sa_sigaction = libc::SIG_DFL;
        libc::sigaction(libc::SIGCHLD, &default, &mut inherited);
    }
    // SAFETY: the process is single-threaded (the caller's promise); the front runs only
    // async-signal-safe calls after the fork.
    let worker = unsafe { libc::fork() };
    if worker < 0 {
        return Err(PtraceError::Split(nix::Error::last()));
    }
    if worker > 0 {
        // SAFETY: see `front`.
        unsafe { front(worker, read.as_raw_fd()) }
    }
    // SAFETY: as above.
    unsafe { libc::sigaction(libc::SIGCHLD, &inherited, std::ptr::null_mut()) };
    drop(read);
    if let Ok(mut front) = FRONT.lock() {
        *front = Some(write);
    }
    Ok(())
}

/// Whether silent children outlived the command: the caller ends with [`release_and_serve`].
pub fn has_leftovers() -> bool {
    LEFTOVERS.load(Ordering::Relaxed)
}

/// The trace is over but silent children remain (see [`has_leftovers`]).
pub(super) fn set_leftovers() {
    LEFTOVERS.store(true, Ordering::Relaxed);
}

/// Tell the front to end as `exit` says, close every descriptor, and keep resuming the silent
/// children until none is left; then exit.
pub fn release_and_serve(exit: TraceeExit) -> ! {
    let (kind, value) = match exit {
        TraceeExit::Exited(code) => (EXIT, code as u32),
        TraceeExit::Signaled { signal, .. } => (SIGNAL, signal as u32),
    };
    let mut message = [0u8; 8];
    message[..4].copy_from_slice(&kind.to_ne_bytes());
    message[4..].copy_from_slice(&value.to_ne_bytes());
    if let Ok(Some(fd)) = FRONT.lock().map(|mut front| front.take()) {
        // SAFETY: writes 8 bytes from a live buffer to our pipe.
        let _ = unsafe { libc::write(fd.as_raw_fd(), message.as_ptr().cast(), message.len()) };
        drop(fd);
    }
    // SAFETY: nothing of ours uses a descriptor from here on (the children need none of them).
    unsafe { libc::syscall(libc::SYS_close_range, 0u32, u32::MAX, 0u32) };
    serve();
    // SAFETY: ends this process; everything it had to say was said before the release.
    unsafe { libc::_exit(0) }
}

/// Resume every stop at once (signals delivered, group-stops kept) until no task is left.
fn serve() {
    loop {
        match wait_any() {
            Ok(Waited::Task(tid, status)) => resume_silently(Stop::new(tid, status)),
            Ok(Waited::Interrupted) => continue,
            Ok(Waited::NoTasks) | Err(_) => return,
        }
    }
}

/// Leave a silent task's stop as if no tracer were there: `PTRACE_CONT` (its filter stops it
/// again only at a traced call), its signal delivered, its group-stop kept.
pub(super) fn resume_silently(stop: Stop) {
    match stop {
        Stop::Syscall(stop) => stop.resume(Restart::Cont),
        Stop::Signal(stop) => stop.deliver(Restart::Cont),
        Stop::Group(stop) => stop.listen(),
        Stop::Event(stop) => stop.resume(Restart::Cont),
        Stop::Ended(_) => {}
    }
}

/// A new silent task: it must not die with tracer (`PTRACE_O_EXITKILL`), as it would not under
/// strace, which does not trace it.
pub(super) fn options_for_child(tid: Pid) {
    let _ = nix::sys::ptrace::setoptions(tid, super::options(true, true, false));
}

/// The front: waits for tracer's message (or its end) and ends the same way. Signals sent to it
/// with kill(2) are passed on to tracer (the terminal's reach both already).
///
/// # Safety
/// Called in the parent right after `fork`, once; it makes only async-signal-safe calls.
unsafe fn front(worker: libc::pid_t, read: libc::c_int) -> ! {
    // SAFETY: see the function's safety section.
    unsafe {
        WORKER.store(worker, Ordering::Relaxed);
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = pass_on as *const () as usize;
        action.sa_flags = libc::SA_SIGINFO | libc::SA_RESTART;
        libc::sigemptyset(&mut action.sa_mask);
        for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT, libc::SIGPIPE] {
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
        // The front keeps nothing open but its pipe: a reader of tracer's output (or of the command's)
        // must see its end when they end, whatever the front does.
        if read > 0 {
            libc::syscall(libc::SYS_close_range, 0u32, (read - 1) as u32, 0u32);
        }
        libc::syscall(libc::SYS_close_range, (read + 1) as u32, u32::MAX, 0u32);
        let mut message = [0u8; 8];
        let mut got = 0usize;
        while got < message.len() {
            let n = libc::read(read, message.as_mut_ptr().add(got).cast(), message.len() - got);
            match n {
                n if n > 0 => got += n as usize,
                0 => break,
                _ if nix::Error::last() == nix::Error::EINTR => continue,
                _ => break,
            }
        }
        if got == message.len() {
            let kind = u32::from_ne_bytes([message[0], message[1], message[2], message[3]]);
            let value = u32::from_ne_bytes([message[4], message[5], message[6], message[7]]);
            match kind {
                SIGNAL => die_of(value as libc::c_int),
                _ => libc::_exit((value & 0xff) as libc::c_int),
            }
        }
        // tracer ended on its own: end as it did.
        let mut status = 0;
        while libc::waitpid(worker, &mut status, 0) < 0 {
            if nix::Error::last() != nix::Error::EINTR {
                libc::_exit(1);
            }
        }
        if libc::WIFSIGNALED(status) {
            die_of(libc::WTERMSIG(status));
        }
        libc::_exit(libc::WEXITSTATUS(status))
    }
}

/// The front's handler: a signal someone sent it goes to tracer; the terminal's (SI_KERNEL) went
/// to tracer already.
extern "C" fn pass_on(signal: libc::c_int, info: *mut libc::siginfo_t, _context: *mut libc::c_void) {
    // SAFETY: the kernel hands a valid siginfo to an SA_SIGINFO handler; kill is async-signal-safe.
    unsafe {
        if !info.is_null() && (*info).si_code <= 0 {
            libc::kill(WORKER.load(Ordering::Relaxed), signal);
        }
    }
}

/// Die of `signal` as the command did (see [`crate::backend::raise_fatal`]).
fn die_of(signal: libc::c_int) -> ! {
    crate::backend::raise_fatal(signal);
    // SAFETY: ends the process without running anything of Rust's.
    unsafe { libc::_exit(128 + signal) }
}
