//! tracer's own messages about its tracees, on stderr as strace prints them (`strace: Process 1234
//! attached`), whatever `-o` says; quietened by `-q`/`-qq`. Both backends report through here.

use std::sync::atomic::{AtomicU8, Ordering};

/// `-q` level: 0 (default), 1 (`-q`: no attach/detach messages), 2 (`-qq`).
static QUIET: AtomicU8 = AtomicU8::new(0);

/// Set once from the command line, before tracing starts.
pub fn set_quiet(level: u8) {
    QUIET.store(level, Ordering::Relaxed);
}

fn quiet() -> u8 {
    QUIET.load(Ordering::Relaxed)
}

/// `tracer: Process 1234 attached`, or `... attached with 3 threads` for a multithreaded process.
pub fn attached(pid: i32, threads: usize) {
    if quiet() >= 1 {
        return;
    }
    if threads > 1 {
        eprintln!("tracer: Process {pid} attached with {threads} threads");
    } else {
        eprintln!("tracer: Process {pid} attached");
    }
}

/// `tracer: Process 1234 detached`.
pub fn detached(pid: i32) {
    if quiet() >= 1 {
        return;
    }
    eprintln!("tracer: Process {pid} detached");
}
