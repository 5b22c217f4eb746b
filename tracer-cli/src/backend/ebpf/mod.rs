//! The eBPF backend: raw_syscalls tracepoints (tracer-ebpf) filter on the traced pid in the kernel,
//! copy argument memory per the capture plan, and send records through a ring buffer that a tokio
//! `AsyncFd` reads here. The records are the same `tracer_common` records the ptrace backend builds.
//!
//! - [`btf`]: the kernel struct offsets the program needs, from the kernel's BTF.
//! - [`scope`]: the kernel filter's settings (`-f`, `--all`, `--comm`, `--uid`, `--cgroup`).
//! - [`attach`]: `-p`: every thread of a process joins the traced set.
//! - [`tracees`]: the tasks a trace waits for, kept from FORK/EXEC/EXIT records.
//! - [`privilege`]: the capability check done before anything else.
//! - [`loader`]: loading the object, filling the plan and limit maps, attaching the programs.
//! - [`ring`]: reading the ring buffer, lost-record accounting, the reading loop (until the traced
//!   tasks are gone or a detach is requested).
//! - [`retry`]: entry captures that faulted in the probe, completed from the exit record.
//! - [`kernel_summary`]: summary-only mode (`-c`): the kernel's per-syscall counters, read and
//!   delivered to the sink.
//! - [`shadow`]: the probes shadowing the ptrace backend, for parity checks (`backend::dump`).
//! - [`stacks`]: `-k`: the stack slices the kernel sends, unwound.
//! - [`expr_hook`]: a hidden test hook loading a hand-built `--filter` kernel form.

mod attach;
mod boost;
mod btf;
mod expr_hook;
mod kernel_summary;
mod loader;
mod privilege;
mod retry;
mod ring;
mod scope;
pub mod shadow;
mod stacks;
mod tracees;

use std::io;

use nix::sys::signal::{kill, Signal};
use nix::sys::wait::waitpid;
use tracer_common::capture::{Limits, PATH_CHARS};
use tracer_common::expr::{KernelExpr, ARG_FIELDS, EXIT_FIELDS};
use tracer_common::syscall::nr;

use self::kernel_summary::KernelSummary;
use self::tracees::Tracees;
use crate::backend::dump::DumpSink;
use crate::backend::{EventSink, TraceeExit};
use crate::launch::{self, Gate, LaunchError};
use crate::messages::Notice;
use crate::sets::{Status, StatusSet};

pub use self::kernel_summary::Mode as SummaryMode;
pub use self::loader::{built_in, Floor};
pub use self::scope::{cgroup2_root, Scope};

/// Why the eBPF backend could not trace the command.
#[derive(Debug, thiserror::Error)]
pub enum EbpfError {
    #[error("the eBPF backend needs CAP_BPF and CAP_PERFMON (or root); run as root or use --backend ptrace")]
    NotPrivileged,
    #[error(
        "this tracer was built without the eBPF backend (cargo build --no-default-features); use --backend ptrace"
    )]
    NotBuiltIn,
    #[error("loading the eBPF program")]
    Load(#[source] aya::EbpfError),
    #[error("the eBPF object has no map named {name}")]
    MissingMap { name: &'static str },
    #[error("eBPF map {name}")]
    Map {
        name: &'static str,
        #[source]
        source: aya::maps::MapError,
    },
    #[error("the eBPF object has no program named {name}")]
    MissingProgram { name: &'static str },
    #[error("eBPF program {name}")]
    Program {
        name: &'static str,
        #[source]
        source: aya::programs::ProgramError,
    },
    #[error(transparent)]
    Launch(#[from] LaunchError),
    #[error(transparent)]
    Scope(#[from] scope::ScopeError),
    /// strace's words for a pid it cannot attach to (`No such process`), without Rust's
    /// `(os error N)`.
    #[error("attach: pid {pid}: {reason}")]
    Attach { pid: i32, reason: String },
    #[error("resuming the traced process {pid}")]
    Resume {
        pid: i32,
        #[source]
        source: nix::Error,
    },
    #[error("waiting for the traced process {pid}")]
    Wait {
        pid: i32,
        #[source]
        source: nix::Error,
    },
    #[error("starting the event loop")]
    Runtime(#[source] io::Error),
    #[error("polling the ring buffer")]
    Ring(#[source] io::Error),
    #[error("writing the trace")]
    Output(#[source] io::Error),
    #[error(transparent)]
    ExprHook(#[from] expr_hook::HookError),
}

/// What the eBPF backend is asked.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    pub common: super::Request<'a>,
    /// `--all`, `--comm`, `--uid`, `--cgroup`.
    pub scope: &'a Scope,
    /// `-e status=` decided in the kernel: only the calls that end so are sent (`None`: every
    /// call; the later stages need them all).
    pub status: Option<StatusSet>,
    /// `-c`: the kernel counts, and no syscall record is sent.
    pub summary: SummaryMode,
    /// Read the ring at a raised priority (not with `--no-priority-boost`).
    pub priority_boost: bool,
    /// `--filter`'s kernel form: the probes drop the calls it rejects before they reach the ring,
    /// and every exit record carries its atoms (`None`: no expression, no cost).
    pub filter_expr: Option<&'a KernelExpr>,
    /// `-k`: each call's record is followed by its task's stack, unwound here.
    pub stack_traces: bool,
}

/// Whether `-c` can count in the kernel under `expr`: when the kernel decides every call (no
/// userspace atom) and never needs a call's arguments and its exit at once (summary-only mode
/// keeps no arguments from entry to exit: the entry judges what reads arguments, the exit what
/// reads the result). Otherwise the calls go to userspace as records, which counts those the
/// whole expression passes.
pub fn counts_in_kernel(expr: &KernelExpr) -> bool {
    let fields = expr.fields();
    !expr.has_unknown() && (fields & ARG_FIELDS == 0 || fields & EXIT_FIELDS == 0)
}

/// The `tracer_common::record::defer` bits: every call that can keeps its entry until its exit;
/// with a kernel `-e status=` (`-z`, `-Z`) the calls it does not show are dropped there.
fn defer_mode(status: Option<StatusSet>) -> u32 {
    use tracer_common::record::defer;
    let Some(status) = status else { return defer::ON };
    let mut mode = defer::ON | defer::STATUS;
    for (end, bit) in [
        (Status::Successful, defer::SUCCESSFUL),
        (Status::Failed, defer::FAILED),
        (Status::Unfinished, defer::UNFINISHED),
    ] {
        if status.contains(end) {
            mode |= bit;
        }
    }
    mode
}

/// Trace with the eBPF programs: the launched command until it (and with `-f` every child) has
/// ended, the `-p` processes until they end, a production scope until a detach is requested; deliver
/// every record to `sink`. tracer's exit status is the command's, else 0.
pub fn run(request: &Request, sink: &mut dyn EventSink) -> Result<TraceeExit, EbpfError> {
    let common = request.common;
    let mut sink = DumpSink::from_env(sink);
    let sink: &mut dyn EventSink = &mut sink;
    privilege::check()?;
    let limits = Limits {
        strlen: common.strlen,
        path_max: PATH_CHARS,
        data: common.data_bytes,
        unabbreviated: common.unabbreviated,
    };
    let filter = scope::filter_config(common.follow, request.scope, std::process::id())?;
    let hooked = expr_hook::from_env()?;
    let filter_expr = request.filter_expr.or(hooked.as_ref());
    let mut mode = request.summary;
    if filter_expr.is_some_and(|expr| !counts_in_kernel(expr)) {
        // `-c` counts the records userspace shows.
        mode = SummaryMode::default();
    }
    let mut trace = common.calls;
    if !mode.only {
        // execve and execveat stay in: pairing needs them around a multithreaded exec (it hides
        // them). Summary-only mode sends no syscall record, so it counts only what was asked.
        for exec in tracer_common::personality::EXECS {
            trace.insert(exec);
        }
        if request.stack_traces {
            // `-k`: a library's mmap wakes the reader, which reads the mappings then (hidden).
            trace.insert(nr::MMAP);
        }
    }
    let mut probes = loader::Probes::load(
        &limits,
        &filter,
        &trace.kernel_words(),
        mode.only,
        defer_mode(request.status),
        filter_expr,
        request.stack_traces,
    )?;
    let summary = if mode.only { Some(KernelSummary::new(probes.take_summary()?)) } else { None };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(EbpfError::Runtime)?;
    let reader = {
        let _context = runtime.enter();
        ring::Reader::new(probes.take_ring()?, probes.take_lost()?)?
    };

    let mut tracees = Tracees::new(common.follow);
    let mut attached = Vec::new();
    for &pid in common.attach {
        let threads = attach::attach(&mut probes, pid)?;
        threads.iter().for_each(|&tid| tracees.add(tid));
        sink.notice(Notice::attached(pid, threads.len())).map_err(EbpfError::Output)?;
        attached.push(pid);
    }
    // A failed execve's record comes unless only the kernel counts or its `-e status=` may drop
    // it: else the child says `exec: ...` itself.
    let exec_quiet = !mode.only && request.status.is_none();
    let child = match common.command {
        Some(command) => {
            // The command's end is waited for: with an inherited SIG_IGN for SIGCHLD the kernel
            // would reap it unseen (ECHILD). The command still inherits the SIG_IGN (the launch
            // restores it in the child).
            // SAFETY: the default disposition for one signal; no handler is involved.
            unsafe { libc::signal(libc::SIGCHLD, libc::SIG_DFL) };
            let gate = if exec_quiet { Gate::StopQuietExec } else { Gate::Stop };
            let pid = launch::spawn_stopped(command, gate, None)?;
            if let Err(err) = probes.trace_tid(pid.as_raw().unsigned_abs()) {
                // Never leave a stopped child behind.
                let _ = kill(pid, Signal::SIGKILL);
                let _ = waitpid(pid, None);
                return Err(err);
            }
            tracees.add(pid.as_raw().unsigned_abs());
            launch::redirect_standard_fds();
            // Its next syscall is the execve, and the filter already holds it.
            kill(pid, Signal::SIGCONT).map_err(|source| EbpfError::Resume { pid: pid.as_raw(), source })?;
            Some(pid)
        }
        None => None,
    };
    let session = ring::Session {
        child,
        exec_quiet,
        tracees,
        scoped: request.scope.is_set(),
        pid: child.map(|p| p.as_raw()).or(attached.first().copied()).map_or(0, i32::unsigned_abs),
        summary: summary.as_ref().zip(mode.interval),
        boost: request.priority_boost,
        stack_traces: request.stack_traces && !mode.only,
    };
    let result = runtime.block_on(reader.run(session, sink));
    // The waiting thread may still be blocked (after an output error, a detach): do not wait for
    // it.
    runtime.shutdown_background();
    // Dropping the programs detaches and unloads them: nothing of tracer stays in the kernel, and
    // the tracees run on untouched. The summary map stays readable (it is ours now) and no longer
    // changes.
    drop(probes);
    let ended = result?;
    if ended.detached {
        for &pid in &attached {
            if tracees::task_exists(pid.unsigned_abs()) {
                sink.notice(Notice::Detached { pid }).map_err(EbpfError::Output)?;
            }
        }
    }
    if let Some(summary) = &summary {
        // The final totals, whatever ended the trace (the command, a detach, the -p processes).
        summary.deliver(sink)?;
        summary.dump_ring_counts(ended.ring);
    } else {
        kernel_summary::dump_ring_counts_if_asked(ended.ring);
    }
    // tracer's own status is the command's (strace's), else 0.
    Ok(ended.child_status.map_or(TraceeExit::Exited(0), TraceeExit::from_wait_status))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kernel_counts_what_it_decides_alone() {
        let kernel = |text: &str| counts_in_kernel(&expr_hook::parse(text).expect("reads"));
        assert!(kernel("errno==13 parent.comm==sshd &&"), "exit and task facts");
        assert!(kernel("nr==257 arg2&0x40 &&"), "an argument, judged at entry");
        assert!(!kernel("nr==257 ? &&"), "a userspace comparison");
        assert!(!kernel("arg0==1 ret<0 &&"), "an argument and an exit fact");
    }
}
