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

mod attach;
mod boost;
mod btf;
mod kernel_summary;
mod loader;
mod privilege;
mod retry;
mod ring;
mod scope;
pub mod shadow;
mod tracees;

use std::io;

use nix::sys::signal::{kill, Signal};
use nix::sys::wait::waitpid;
use tracer_common::capture::{Limits, PATH_MAX};

use self::kernel_summary::KernelSummary;
use self::tracees::Tracees;
use crate::backend::dump::DumpSink;
use crate::backend::{EventSink, TraceeExit};
use crate::cli::Config;
use crate::launch::{self, Command, Gate, LaunchError};
use crate::messages;

/// Why the eBPF backend could not trace the command.
#[derive(Debug, thiserror::Error)]
pub enum EbpfError {
    #[error("the eBPF backend needs CAP_BPF and CAP_PERFMON (or root); run as root or use --backend ptrace")]
    NotPrivileged,
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
}

/// Trace `command` with the eBPF programs until it (and with `-f` every child) has ended, or a
/// detach is requested; deliver every record to `sink`. `-p` and a production scope, if set, are
/// traced too.
pub fn trace(config: &Config, command: &Command, sink: &mut dyn EventSink) -> Result<TraceeExit, EbpfError> {
    run(config, Some(command), sink)
}

/// Trace without a command: the `-p` processes until they end, or a production scope, until a
/// detach is requested. tracer then exits 0.
#[allow(dead_code, reason = "main.rs calls it once the CLI takes -p and the scopes without a command")]
pub fn trace_existing(config: &Config, sink: &mut dyn EventSink) -> Result<TraceeExit, EbpfError> {
    run(config, None, sink)
}

/// The `tracer_common::record::defer` bits for `config`: every call that can keeps its entry until its exit;
/// `-e status=` (`-z`, `-Z`) drops the calls it does not show in the kernel, unless something
/// else needs to see every call: the fd table of `-y` and `-P`, a summary (`-C`), or a `detached`
/// status (calls still in flight at a detach).
fn defer_mode(config: &Config) -> u32 {
    use crate::sets::Status;
    use tracer_common::record::defer;
    let status = config.status;
    let filtered = !status.is_all()
        && !status.contains(Status::Detached)
        && !config.decode_fds.any()
        && config.paths.is_empty()
        && config.summary.is_none();
    if !filtered {
        return defer::ON;
    }
    let mut mode = defer::ON | defer::STATUS;
    for (status, bit) in [
        (Status::Successful, defer::SUCCESSFUL),
        (Status::Failed, defer::FAILED),
        (Status::Unfinished, defer::UNFINISHED),
    ] {
        if config.status.contains(status) {
            mode |= bit;
        }
    }
    mode
}

fn run(
    config: &Config,
    command: Option<&Command>,
    sink: &mut dyn EventSink,
) -> Result<TraceeExit, EbpfError> {
    let mut sink = DumpSink::from_env(sink);
    let sink: &mut dyn EventSink = &mut sink;
    privilege::check()?;
    let limits = Limits { strlen: config.strlen, path_max: PATH_MAX };
    let filter = scope::filter_config(&config.tracing, std::process::id())?;
    let mode = kernel_summary::Mode::of(config);
    let mut trace = config.calls_to_see();
    if !mode.only {
        // execve and execveat stay in: pairing needs them around a multithreaded exec (it hides
        // them). Summary-only mode sends no syscall record, so it counts only what was asked.
        trace.insert(59);
        trace.insert(322);
    }
    let mut probes = loader::Probes::load(&limits, &filter, trace.words(), mode.only, defer_mode(config))?;
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

    let mut tracees = Tracees::new(config.tracing.follow);
    let mut attached = Vec::new();
    for &pid in &config.tracing.attach {
        let threads = attach::attach(&mut probes, pid)?;
        threads.iter().for_each(|&tid| tracees.add(tid));
        messages::attached(pid, threads.len());
        attached.push(pid);
    }
    let child = match command {
        Some(command) => {
            let pid = launch::spawn_stopped(command, Gate::Stop, None)?;
            if let Err(err) = probes.trace_tid(pid.as_raw().unsigned_abs()) {
                // Never leave a stopped child behind.
                let _ = kill(pid, Signal::SIGKILL);
                let _ = waitpid(pid, None);
                return Err(err);
            }
            tracees.add(pid.as_raw().unsigned_abs());
            // Its next syscall is the execve, and the filter already holds it.
            kill(pid, Signal::SIGCONT).map_err(|source| EbpfError::Resume { pid: pid.as_raw(), source })?;
            Some(pid)
        }
        None => None,
    };
    let session = ring::Session {
        child,
        tracees,
        scoped: config.tracing.scope.is_set(),
        pid: child.map(|p| p.as_raw()).or(attached.first().copied()).map_or(0, i32::unsigned_abs),
        summary: summary.as_ref().zip(mode.interval),
        boost: !config.no_priority_boost,
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
                messages::detached(pid);
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
