//! tracer's own messages about its tracees, on stderr as strace prints them (`strace: Process 1234
//! attached`), whatever `-o` says; quietened by `-q` and `-e quiet=`. Both backends report through
//! here. Every diagnostic starts with the program's name as invoked (its `argv[0]`, as strace's
//! `program_invocation_name`): [`program_name`], and the [`crate::diag!`] macro that prints one.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

use crate::sets::{Message, Quiet};

/// The name diagnostics start with (set once from `argv[0]`).
static PROGRAM_NAME: OnceLock<String> = OnceLock::new();

/// Set the diagnostics' prefix from `argv[0]` (an empty or missing one keeps `tracer`); the first
/// call wins.
pub fn set_program_name(argv0: Option<&std::ffi::OsStr>) {
    if let Some(name) = argv0.filter(|name| !name.is_empty()) {
        let _ = PROGRAM_NAME.set(name.to_string_lossy().into_owned());
    }
}

/// The name diagnostics start with: `argv[0]` as invoked, else `tracer`.
pub fn program_name() -> &'static str {
    PROGRAM_NAME.get().map_or("tracer", String::as_str)
}

/// `eprintln!` of a diagnostic: `NAME: ` (the program's name, [`program_name`]) and the text.
#[macro_export]
macro_rules! diag {
    ($($arg:tt)*) => {
        eprintln!("{}: {}", $crate::messages::program_name(), format_args!($($arg)*))
    };
}

/// `-d`: debug output is on.
static DEBUG: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Set once from the command line (`-d`).
pub fn set_debug(on: bool) {
    DEBUG.store(on, Ordering::Relaxed);
}

/// Whether `-d` was given.
pub fn debug_on() -> bool {
    DEBUG.load(Ordering::Relaxed)
}

/// A `-d` line: `NAME: debug: ` and the text, only when debug output is on.
#[macro_export]
macro_rules! debug_line {
    ($($arg:tt)*) => {
        if $crate::messages::debug_on() {
            eprintln!("{}: debug: {}", $crate::messages::program_name(), format_args!($($arg)*))
        }
    };
}

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

/// One of tracer's own messages about a tracee, as a value: backends hand it to their sink
/// (`EventSink::notice`), which says it ([`Notice::say`]); `--record` keeps it in the capture so
/// that `--replay` says it again, where the live run said it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// `Process 1234 attached`, or `... attached with 3 threads`.
    Attached { pid: i32, threads: u32 },
    /// `Process 1234 detached`.
    Detached { pid: i32 },
}

impl Notice {
    /// `Process PID attached` for a task `-f` picks up, or one `-p` process of `threads` threads.
    pub fn attached(pid: i32, threads: usize) -> Self {
        Notice::Attached { pid, threads: u32::try_from(threads).unwrap_or(u32::MAX) }
    }

    /// On stderr, unless `-q`/`-e quiet=` suppresses it.
    pub fn say(self) {
        match self {
            Notice::Attached { pid, threads } => attached(pid, threads),
            Notice::Detached { pid } => detached(pid),
        }
    }
}

/// `tracer: Process 1234 attached`, or `... attached with 3 threads` for a multithreaded process.
fn attached(pid: i32, threads: u32) {
    if suppressed(Message::Attach) {
        return;
    }
    if threads > 1 {
        crate::diag!("Process {pid} attached with {threads} threads");
    } else {
        crate::diag!("Process {pid} attached");
    }
}

/// `tracer: Process 1234 detached`.
fn detached(pid: i32) {
    if suppressed(Message::Attach) {
        return;
    }
    crate::diag!("Process {pid} detached");
}

/// strerror's text for an I/O error (`No such file or directory`), without Rust's `(os error N)`:
/// strace's words in `Can't fopen 'x': ...`.
pub fn errno_text(err: &std::io::Error) -> String {
    match err.raw_os_error() {
        Some(code) => nix::errno::Errno::from_raw(code).desc().to_string(),
        None => err.to_string(),
    }
}

/// `tracer: exec: Permission denied`: the launched command's execve failed with `errno` (the
/// child's own words, said by tracer when the child leaves it to it).
pub fn exec_failed(errno: i32) {
    crate::diag!("exec: {}", nix::errno::Errno::from_raw(errno).desc());
}
