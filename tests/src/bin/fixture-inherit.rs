//! What a traced command inherits from the tracer's own start: its signal mask and the signals
//! it ignores (the tests start the tracer with some blocked and some ignored).
//! Usage: fixture-inherit MODE (`signals`: the mask and a few dispositions, read back without
//! changing them).

use tracer_tests::edges;

/// Size of the kernel's signal set.
const SIGSET_SIZE: usize = 8;

/// Reads the mask and the dispositions of SIGCHLD, SIGUSR1 and SIGUSR2; changes nothing.
fn signals() {
    let mut mask = 0u64;
    let mut action = [0u64; 4];
    // SAFETY: raw syscalls that write only into locals of the right size (a NULL new set or
    // action changes nothing).
    unsafe {
        libc::syscall(libc::SYS_rt_sigprocmask, libc::SIG_BLOCK, 0usize, &raw mut mask, SIGSET_SIZE);
        for signal in [libc::SIGCHLD, libc::SIGUSR1, libc::SIGUSR2] {
            libc::syscall(libc::SYS_rt_sigaction, signal, 0usize, action.as_mut_ptr(), SIGSET_SIZE);
        }
    }
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let calls: fn() = match mode.as_str() {
        "signals" => signals,
        other => {
            eprintln!("fixture-inherit: unknown mode {other:?}");
            std::process::exit(2);
        }
    };
    edges::begin();
    calls();
    edges::end();
    // SAFETY: _exit has no preconditions.
    unsafe { libc::_exit(0) }
}
