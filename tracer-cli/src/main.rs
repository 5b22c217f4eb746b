//! `tracer`: strace's output from a ptrace or an eBPF backend.

mod backend;
mod cli;
mod decode;
mod fdnames;
mod launch;
mod messages;
mod pairing;
mod pipeline;
mod render;
mod syscall_set;

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context as _;

use crate::backend::TraceeExit;
use crate::cli::{BackendKind, BadValue, CliError, Config, RawArgs, UsageError};
use crate::fdnames::FdTable;
use crate::launch::Command;
use crate::pipeline::Pipeline;
use crate::render::strace::{RenderOptions, StraceRenderer};

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(err) => {
            if let Some(usage) = err.downcast_ref::<UsageError>() {
                eprintln!("tracer: {usage}\nTry 'tracer -h' for more information.");
            } else if let Some(bad) = err.downcast_ref::<BadValue>() {
                // strace says these without the hint (`invalid system call 'x'`).
                eprintln!("tracer: {bad}");
            } else if is_broken_pipe(&err) {
                // Output closed under us (`| head`): exit quietly, like a well-behaved filter.
            } else {
                eprintln!("tracer: {err:#}");
            }
            ExitCode::from(1)
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    let raw = match RawArgs::try_parse_ordered(std::env::args_os()) {
        Ok(raw) => raw,
        Err(err) if !err.use_stderr() => {
            // --help and --version.
            err.print()?;
            return Ok(ExitCode::SUCCESS);
        }
        Err(err) => return Err(UsageError(clap_one_line(&err)).into()),
    };
    let config = match Config::from_raw(raw) {
        Ok(config) => config,
        Err(CliError::Usage(err)) => return Err(err.into()),
        Err(CliError::BadValue(err)) => return Err(err.into()),
    };
    let command = Command::resolve(&config.command)?;

    let (out, flush_each): (Box<dyn Write>, bool) = match &config.output {
        Some(path) => {
            let file = File::create(path)
                .map_err(|e| anyhow::anyhow!("Can't fopen '{}': {}", path.display(), io_error_text(&e)))?;
            (Box::new(BufWriter::with_capacity(64 * 1024, file)), false)
        }
        // stderr is unbuffered in strace: every line reaches it as soon as it is complete.
        None => (Box::new(BufWriter::new(io::stderr())), true),
    };
    let mut renderer = StraceRenderer::new(RenderOptions {
        strlen: config.strlen,
        verbose: false,
        xlat: config.xlat,
        columns: usize::try_from(config.columns).unwrap_or(usize::MAX),
        abbrev: config.abbrev,
        raw: config.raw,
    });
    if config.decode_fds.any() {
        // Taken before the command starts: what it inherits from us is what it starts with.
        renderer = renderer.with_fd_names(FdTable::inheriting_from_self(config.decode_fds));
    }
    let mut pipeline = Pipeline::new(renderer, out, flush_each);

    let exit = match config.backend {
        BackendKind::Ptrace => backend::ptrace::trace(&config, &command, &mut pipeline)?,
        BackendKind::Ebpf => backend::ebpf::trace(&config, &command, &mut pipeline)?,
    };
    pipeline.finish().context("writing the trace")?;
    if pipeline.lost > 0 {
        eprintln!("tracer: {} records lost (ring buffer full); the trace above is incomplete", pipeline.lost);
    }
    Ok(exit_code_for(exit))
}

/// True when the error, or anything it wraps, is a write to a closed pipe.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .any(|cause| cause.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe))
}

/// clap's message without its `error: ` prefix and usage block: one line, like strace.
fn clap_one_line(err: &clap::Error) -> String {
    let text = err.to_string();
    let first = text.lines().next().unwrap_or_default();
    first.strip_prefix("error: ").unwrap_or(first).to_string()
}

/// strerror-like text for an io::Error ("No such file or directory"), without Rust's "(os error N)".
fn io_error_text(err: &io::Error) -> String {
    match err.raw_os_error() {
        Some(code) => nix::errno::Errno::from_raw(code).desc().to_string(),
        None => err.to_string(),
    }
}

/// tracer exits as the tracee did: its exit code, or the same signal re-raised (strace's behaviour).
fn exit_code_for(exit: TraceeExit) -> ExitCode {
    match exit {
        TraceeExit::Exited(code) => ExitCode::from(u8::try_from(code & 0xff).unwrap_or(1)),
        TraceeExit::Signaled { signal, .. } => {
            // SAFETY: plain libc calls; restoring the default action and raising the same signal
            // makes our parent see "killed by SIGX" as it would without the tracer. No core dump.
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
            ExitCode::from(u8::try_from((128 + signal) & 0xff).unwrap_or(1))
        }
    }
}
