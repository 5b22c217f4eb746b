//! tracer's own messages about its tracees, on stderr as strace prints them (`strace: Process 1234
//! attached`), whatever `-o` says; quietened by `-q` and `-e quiet=`. Both backends report through
//! here.

use std::sync::atomic::{AtomicU8, Ordering};

use crate::sets::{Message, Quiet};

/// The suppressed messages ([`Quiet`]'s bits).
static QUIET: AtomicU8 = AtomicU8::new(0);

/// Set once from the command line, before tracing starts.
pub fn set_quiet(quiet: Quiet) {
    QUIET.store(quiet.bits(), Ordering::Relaxed);
}

/// Whether `message` is suppressed.
pub fn suppressed(message: Message) -> bool {
    Quiet::from_bits(QUIET.load(Ordering::Relaxed)).suppresses(message)
}

/// `tracer: Process 1234 attached`, or `... attached with 3 threads` for a multithreaded process.
pub fn attached(pid: i32, threads: usize) {
    if suppressed(Message::Attach) {
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
    if suppressed(Message::Attach) {
        return;
    }
    eprintln!("tracer: Process {pid} detached");
}

/// strerror's text for an I/O error (`No such file or directory`), without Rust's `(os error N)`:
/// strace's words in `Can't fopen 'x': ...`.
pub fn errno_text(err: &std::io::Error) -> String {
    match err.raw_os_error() {
        Some(code) => nix::errno::Errno::from_raw(code).desc().to_string(),
        None => err.to_string(),
    }
}
