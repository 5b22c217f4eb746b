//! Facts about the live system that rendering reads (`/proc` links and files, sock_diag answers,
//! paths resolved on the filesystem), asked through one door so that a capture can keep them.
//!
//! Live, every question goes to the system. While `--record` writes a capture, each question and
//! its answer are also kept until the capture's writer takes them ([`take_recorded`]), so they
//! land in the file before the record whose rendering asked them. While `--replay` reads one, the
//! answers come from the capture's log instead ([`provide`]); a question the log does not hold
//! answers as "unknown", as a process gone from /proc does live.

mod log;

use std::os::unix::ffi::OsStrExt as _;
use std::path::Path;
use std::sync::atomic::{AtomicU32, AtomicU8, Ordering};
use std::sync::Mutex;

pub use log::{Fact, FactError, MAX_ANSWER, MAX_KEY};

/// What a question is about; with its key, it names the question in the log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Kind {
    /// `readlink(key)`.
    ReadLink = 1,
    /// The contents of file `key` (`/proc/PID/fdinfo/N`, `/proc/PID/net/tcp`, `comm`, `status`).
    ReadFile = 2,
    /// The names in directory `key`.
    ReadDir = 3,
    /// `realpath(key)`.
    Canonicalize = 4,
    /// tracer's working directory.
    CurrentDir = 5,
    /// tracer's own descriptors a child would inherit.
    OwnFds = 6,
    /// A question of a caller's own, answered by a closure (its key says which).
    Custom = 7,
}

impl Kind {
    fn from_u8(byte: u8) -> Option<Kind> {
        Some(match byte {
            1 => Kind::ReadLink,
            2 => Kind::ReadFile,
            3 => Kind::ReadDir,
            4 => Kind::Canonicalize,
            5 => Kind::CurrentDir,
            6 => Kind::OwnFds,
            7 => Kind::Custom,
            _ => return None,
        })
    }
}

const LIVE: u8 = 0;
const RECORDING: u8 = 1;
const REPLAYING: u8 = 2;

/// Live, recording or replaying (one per run of tracer).
static MODE: AtomicU8 = AtomicU8::new(LIVE);
/// tracer's pid as the questions name it: the recording tracer's while replaying.
static OWN_PID: AtomicU32 = AtomicU32::new(0);
static LOG: Mutex<log::Log> = Mutex::new(log::Log::new());

/// Keep every question and its answer from now on, for the capture (`--record`).
pub fn start_recording() {
    MODE.store(RECORDING, Ordering::SeqCst);
}

/// Answer from the capture's log from now on (`--replay`); `own_pid` is the recording tracer's.
pub fn start_replaying(own_pid: u32) {
    OWN_PID.store(own_pid, Ordering::SeqCst);
    MODE.store(REPLAYING, Ordering::SeqCst);
}

/// The questions asked and answered since the last call (recording), oldest first.
pub fn take_recorded() -> Vec<Fact> {
    if MODE.load(Ordering::Relaxed) != RECORDING {
        return Vec::new();
    }
    LOG.lock().map(|mut log| log.take_recorded()).unwrap_or_default()
}

/// Add an answer read from a capture (replaying; otherwise it is dropped).
pub fn provide(fact: Fact) {
    if MODE.load(Ordering::Relaxed) != REPLAYING {
        return;
    }
    if let Ok(mut log) = LOG.lock() {
        log.provide(fact);
    }
}

/// tracer's own pid, as the questions about its descriptors name it.
pub fn own_pid() -> u32 {
    match MODE.load(Ordering::Relaxed) {
        REPLAYING => OWN_PID.load(Ordering::Relaxed),
        _ => std::process::id(),
    }
}

/// Ask question (`kind`, `key`): `live` answers it from the system, unless a capture does.
pub fn ask(kind: Kind, key: &[u8], live: impl FnOnce() -> Option<Vec<u8>>) -> Option<Vec<u8>> {
    match MODE.load(Ordering::Relaxed) {
        LIVE => live(),
        RECORDING => {
            let answer = live().filter(|a| a.len() <= MAX_ANSWER);
            if key.len() <= MAX_KEY {
                if let Ok(mut log) = LOG.lock() {
                    log.record(Fact { kind, key: key.to_vec(), answer: answer.clone() });
                }
            }
            answer
        }
        _ => LOG.lock().ok().and_then(|mut log| log.answer(kind, key)),
    }
}

/// `readlink(path)`.
pub fn read_link(path: &str) -> Option<Vec<u8>> {
    ask(Kind::ReadLink, path.as_bytes(), || {
        std::fs::read_link(path).ok().map(|target| target.as_os_str().as_bytes().to_vec())
    })
}

/// The contents of the file at `path`.
pub fn read(path: &str) -> Option<Vec<u8>> {
    ask(Kind::ReadFile, path.as_bytes(), || std::fs::read(path).ok())
}

/// The contents of the file at `path`, as text.
pub fn read_to_string(path: &str) -> Option<String> {
    read(path).and_then(|bytes| String::from_utf8(bytes).ok())
}

/// The names in the directory at `path`.
pub fn read_dir_names(path: &str) -> Option<Vec<Vec<u8>>> {
    let answer = ask(Kind::ReadDir, path.as_bytes(), || {
        let entries = std::fs::read_dir(path).ok()?;
        let names: Vec<Vec<u8>> =
            entries.filter_map(|e| Some(e.ok()?.file_name().as_bytes().to_vec())).collect();
        Some(names.join(&0u8))
    })?;
    Some(if answer.is_empty() { Vec::new() } else { answer.split(|&b| b == 0).map(<[u8]>::to_vec).collect() })
}

/// `realpath(path)`.
pub fn canonicalize(path: &Path) -> Option<Vec<u8>> {
    ask(Kind::Canonicalize, path.as_os_str().as_bytes(), || {
        std::fs::canonicalize(path).ok().map(|p| p.as_os_str().as_bytes().to_vec())
    })
}

/// tracer's working directory.
pub fn current_dir() -> Option<Vec<u8>> {
    ask(Kind::CurrentDir, b"", || std::env::current_dir().ok().map(|p| p.as_os_str().as_bytes().to_vec()))
}

/// tracer's descriptors without close-on-exec (what a command it starts inherits), ascending.
pub fn own_inheritable_fds() -> Vec<i32> {
    let answer = ask(Kind::OwnFds, b"", || {
        let entries = std::fs::read_dir("/proc/self/fd").ok()?;
        let mut fds: Vec<i32> = entries
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
            // SAFETY: F_GETFD only reads the descriptor's flags; a closed one returns -1.
            .filter(|&fd| unsafe { libc::fcntl(fd, libc::F_GETFD) } & libc::FD_CLOEXEC == 0)
            .collect();
        fds.sort_unstable();
        Some(fds.iter().flat_map(|fd| fd.to_le_bytes()).collect())
    });
    answer
        .unwrap_or_default()
        .chunks_exact(4)
        .filter_map(|b| b.try_into().ok().map(i32::from_le_bytes))
        .collect()
}

/// The name of network interface `index` in tracer's namespace (`if_indextoname`).
pub fn interface_name(index: u32) -> Option<Vec<u8>> {
    if index == 0 {
        return None;
    }
    ask(Kind::Custom, format!("ifname\0{index}").as_bytes(), || {
        let mut buf = [0 as libc::c_char; libc::IF_NAMESIZE];
        // SAFETY: `buf` has the IF_NAMESIZE bytes if_indextoname writes at most.
        let found = !unsafe { libc::if_indextoname(index, buf.as_mut_ptr()) }.is_null();
        found.then(|| buf.iter().take_while(|&&c| c != 0).map(|&c| c as u8).collect())
    })
}
