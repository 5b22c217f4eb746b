//! The eBPF backend: raw_syscalls tracepoints (tracer-ebpf) filter on the traced pid in the kernel,
//! copy argument memory per the capture plan, and send records through a ring buffer that a tokio
//! `AsyncFd` reads here. The records are the same `tracer_common` records the ptrace backend builds.
//!
//! - [`btf`]: the one kernel struct offset the program needs, from the kernel's BTF.
//! - [`privilege`]: the capability check done before anything else.
//! - [`loader`]: loading the object, filling the plan and limit maps, attaching the programs.
//! - [`ring`]: reading the ring buffer, lost-record accounting, the reading loop.
//! - [`retry`]: entry captures that faulted in the probe, completed from the exit record.
//! - [`shadow`]: the probes shadowing the ptrace backend, for parity checks (`backend::dump`).

mod btf;
mod loader;
mod privilege;
mod retry;
mod ring;
pub mod shadow;

use std::io;

use nix::sys::signal::{kill, Signal};
use nix::sys::wait::waitpid;
use tracer_common::capture::{Limits, PATH_MAX};

use crate::backend::dump::DumpSink;
use crate::backend::{EventSink, TraceeExit};
use crate::cli::Config;
use crate::launch::{self, Command, Gate, LaunchError};

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

/// Trace `command` with the eBPF programs until it exits; deliver every record to `sink`.
pub fn trace(config: &Config, command: &Command, sink: &mut dyn EventSink) -> Result<TraceeExit, EbpfError> {
    let mut sink = DumpSink::from_env(sink);
    let sink: &mut dyn EventSink = &mut sink;
    privilege::check()?;
    let limits = Limits { strlen: config.strlen, path_max: PATH_MAX };
    let mut probes = loader::Probes::load(&limits)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(EbpfError::Runtime)?;
    let reader = {
        let _context = runtime.enter();
        ring::Reader::new(probes.take_ring()?, probes.take_lost()?)?
    };

    let pid = launch::spawn_stopped(command, Gate::Stop)?;
    if let Err(err) = probes.trace_pid(pid.as_raw().unsigned_abs()) {
        // Never leave a stopped child behind.
        let _ = kill(pid, Signal::SIGKILL);
        let _ = waitpid(pid, None);
        return Err(err);
    }
    // Its next syscall is the execve, and the filter already holds it.
    kill(pid, Signal::SIGCONT).map_err(|source| EbpfError::Resume { pid: pid.as_raw(), source })?;

    let result = runtime.block_on(reader.run(pid, sink));
    // The waiting thread may still be blocked (after an output error): do not wait for it.
    runtime.shutdown_background();
    // Dropping the programs detaches them and frees the maps.
    drop(probes);
    result.map(TraceeExit::from_wait_status)
}
