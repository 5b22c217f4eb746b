//! Backends: each starts the command, observes it, and feeds [`Event`]s to an [`EventSink`]. Nothing
//! after the sink knows which backend ran.

pub mod dump;
pub mod ebpf;
pub mod ptrace;

use std::io;

use tracer_common::event::{Call, Event};

use crate::launch::Command;
use crate::sets::SyscallSet;

/// Set from a SIGINT/SIGTERM/SIGHUP handler: the backend detaches from every tracee (attached ones
/// keep running, unstopped) and returns. Backends poll it between events (a blocking wait returns
/// EINTR when the signal arrives, as the handler is installed without SA_RESTART).
pub static DETACH_REQUESTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether a detach was requested (see [`DETACH_REQUESTED`]).
pub fn detach_requested() -> bool {
    DETACH_REQUESTED.load(std::sync::atomic::Ordering::Relaxed)
}

/// The signal that asked for the detach (0: not said), stored by the handler along with
/// [`DETACH_REQUESTED`]. strace sends it to the command it launched (after SIGCONT) before
/// detaching, and then dies of it itself.
pub static DETACH_SIGNAL: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

/// The signal behind the detach request, SIGTERM when the handler did not say (strace's default).
pub fn detach_signal() -> i32 {
    match DETACH_SIGNAL.load(std::sync::atomic::Ordering::Relaxed) {
        0 => libc::SIGTERM,
        signal => signal,
    }
}

/// Die of `signal` as a traced command did: default action, unblocked, no core file, so that our
/// parent sees "killed by SIGX" as it would without the tracer. Returns only if the signal does not
/// kill (a stopping or ignored-by-default one).
pub fn raise_fatal(signal: i32) {
    // SAFETY: plain libc calls on this process's own signal state; async-signal-safe.
    unsafe {
        let limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        libc::setrlimit(libc::RLIMIT_CORE, &limit);
        libc::signal(signal, libc::SIG_DFL);
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, signal);
        libc::sigprocmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
        libc::raise(signal);
    }
}

/// What every backend is asked: whom to trace, which calls it must report, how much to copy.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    /// A command to launch and trace (its exit status is tracer's).
    pub command: Option<&'a Command>,
    /// `-p`: thread groups to attach to, in order given.
    pub attach: &'a [i32],
    /// `-f`: follow children and threads from their first syscall.
    pub follow: bool,
    /// strace's `-s`: the bound on strings and buffers copied.
    pub strlen: u32,
    /// Bytes copied of data buffers when more than `strlen` (`-e read=`/`-e write=` dumps), else 0
    /// (`tracer_common::capture::Limits::data`).
    pub data_bytes: u32,
    /// The calls printed unabbreviated whose capture differs (`tracer_common::capture::Limits::unabbreviated`).
    pub unabbreviated: u32,
    /// The calls the backend must report (the rest need not even stop the tracee): `-e trace=` and
    /// what the later stages need to see besides.
    pub calls: SyscallSet,
}

/// Where a backend delivers records.
pub trait EventSink {
    fn event(&mut self, event: Event) -> io::Result<()>;

    /// A whole call, nothing of its task between its entry and its exit (the eBPF backend's
    /// SYS_CALL records, most of what it reads). The same as its two records given to
    /// [`EventSink::event`]; a sink may take it in one step, which is cheaper than building the
    /// two and holding the entry until its exit comes.
    ///
    /// The sink may take what it keeps of `call` out of it: the caller decodes its next record
    /// into the same `Call` ([`Call::decode_from`], which overwrites every field), so that the
    /// capture buffers are reused rather than allocated per record.
    fn call(&mut self, call: &mut Call) -> io::Result<()> {
        let (enter, exit) = std::mem::take(call).into_events();
        self.event(enter)?;
        self.event(exit)
    }

    /// Whether the sink takes whole calls as the kernel wrote them ([`EventSink::raw_call`]): a
    /// capture written with nothing rendered live, which only appends them.
    fn takes_raw_calls(&self) -> bool {
        false
    }

    /// A [`tracer_common::record::kind::SYS_CALL`] record's bytes, as read from the eBPF ring
    /// (given only to a sink that [`EventSink::takes_raw_calls`]); the same as the call decoded
    /// and given to [`EventSink::call`].
    fn raw_call(&mut self, bytes: &[u8]) -> io::Result<()> {
        match Call::decode(bytes) {
            Ok((mut call, _)) => self.call(&mut call),
            Err(err) => Err(io::Error::new(io::ErrorKind::InvalidData, err.to_string())),
        }
    }

    /// Tracer let task `tid` go (`-b execve`): a call it is inside ends with ` <detached ...>`.
    fn detached(&mut self, _tid: u32) -> io::Result<()> {
        Ok(())
    }

    /// One of tracer's messages about a tracee (`Process N attached`), said on stderr where it
    /// falls among the records.
    fn notice(&mut self, notice: crate::messages::Notice) -> io::Result<()> {
        notice.say();
        Ok(())
    }

    /// eBPF summary mode (`-c`): the kernel's per-syscall counters, cumulative since the start and
    /// indexed by syscall number; delivered at every `--interval` tick and once before the end.
    fn kernel_summary(&mut self, _totals: &[tracer_common::summary::SyscallStats]) -> io::Result<()> {
        Ok(())
    }
}

/// How the traced command ended, for tracer's own exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TraceeExit {
    Exited(i32),
    Signaled { signal: i32, core_dumped: bool },
}

impl TraceeExit {
    /// From a wait(2) status word.
    pub fn from_wait_status(status: i32) -> TraceeExit {
        if libc::WIFSIGNALED(status) {
            TraceeExit::Signaled { signal: libc::WTERMSIG(status), core_dumped: libc::WCOREDUMP(status) }
        } else {
            TraceeExit::Exited(libc::WEXITSTATUS(status))
        }
    }
}
