//! One run of tracer: the stages built from a [`Config`], a backend run into them, and the exit
//! status tracer then has (the traced command's, as strace's).

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicI32, Ordering};

use crate::backend::ebpf::{EbpfError, SummaryMode};
use crate::backend::ptrace::PtraceError;
use crate::backend::{self, TraceeExit};
use crate::cli::{BackendKind, Config};
use crate::launch::{Command, LaunchError};
use crate::messages;
use crate::pairing::{Pairing, Visibility};
use crate::pipeline::Pipeline;
use crate::printers::text::{Format, PidPrefix, RenderOptions, StraceRenderer};
use crate::sets::{Message, Status, StatusSet};
use crate::state::fds::FdTable;
use crate::summary;

/// Why a run could not trace, or could not write what it traced.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(transparent)]
    Launch(#[from] LaunchError),
    #[error(transparent)]
    Ptrace(#[from] PtraceError),
    #[error(transparent)]
    Ebpf(#[from] EbpfError),
    /// strace's words for an output it cannot create (`-o`, `--perfetto`).
    #[error("Can't fopen '{}': {}", path.display(), errno_text(error))]
    Create { path: PathBuf, error: io::Error },
    #[error("writing the trace")]
    Output(#[source] io::Error),
}

/// strerror-like text for an io::Error ("No such file or directory"), without Rust's "(os error N)".
pub fn errno_text(err: &io::Error) -> String {
    match err.raw_os_error() {
        Some(code) => nix::errno::Errno::from_raw(code).desc().to_string(),
        None => err.to_string(),
    }
}

fn create(path: &Path) -> Result<File, SessionError> {
    File::create(path).map_err(|error| SessionError::Create { path: path.to_path_buf(), error })
}

/// Trace as `config` says; tracer's exit status is the traced command's.
pub fn run(config: &Config) -> Result<ExitCode, SessionError> {
    // strace is quiet about attaching (children with -f) when it writes to a file and runs a command.
    let mut quiet = config.tracing.quiet;
    if config.output.is_some() && !config.command.is_empty() {
        quiet = quiet.with(Message::Attach);
    }
    messages::set_quiet(quiet);
    if !config.tracing.quiet.suppresses(Message::PathResolution) {
        for note in &config.path_notes {
            eprintln!("tracer: {note}");
        }
    }
    let command = match config.command.is_empty() {
        true => None,
        false => Some(Command::resolve(&config.command)?),
    };
    install_signal_handlers(config);

    let tracing = &config.tracing;
    let tasks_at_start = tracing.attach.len() + usize::from(command.is_some());
    let prefix = if tracing.scope.is_set() {
        PidPrefix::WithComm
    } else if tracing.per_process_files {
        PidPrefix::None
    } else if config.output.is_some() {
        // strace's print_pid_pfx: -o with -f, or with several processes from the start.
        if tracing.follow || tasks_at_start > 1 {
            PidPrefix::Always
        } else {
            PidPrefix::None
        }
    } else {
        PidPrefix::WhenSeveral
    };
    let visibility = Visibility { signals: config.signals, quiet: tracing.quiet };
    let mut renderer = StraceRenderer::new(RenderOptions {
        strlen: config.strlen,
        verbose: false,
        xlat: config.xlat,
        columns: usize::try_from(config.columns).unwrap_or(usize::MAX),
        abbrev: config.abbrev,
        raw: config.raw,
        prefix,
        visibility,
        timestamps: config.timestamps,
        format: if config.json { Format::Json } else { Format::Text },
        // SAFETY: isatty only inspects descriptor 2.
        color: config.color.enabled(config.output.is_none() && unsafe { libc::isatty(2) } == 1),
        backend: match config.backend {
            BackendKind::Ptrace => "ptrace",
            BackendKind::Ebpf => "ebpf",
        },
    });
    for &pid in &tracing.attach {
        renderer.expect_task(pid.unsigned_abs());
    }
    if let Some(path) = &config.perfetto {
        let perfetto = crate::printers::perfetto::Perfetto::create(path)
            .map_err(|error| SessionError::Create { path: path.clone(), error })?;
        renderer = renderer.with_perfetto(perfetto);
    }
    if config.decode_fds.any() || !config.paths.is_empty() {
        // Taken before the command starts: what it inherits from us is what it starts with. `-P`
        // resolves descriptors with it even when `-y` prints nothing.
        renderer = renderer.with_fd_names(FdTable::inheriting_from_self(config.decode_fds));
    }
    if !config.paths.is_empty() {
        renderer = renderer.with_path_filter(config.paths.clone());
    }
    let pairing = Pairing::with(tracing.per_process_files, visibility)
        .tracing(config.trace)
        .filtering_status(config.status);
    let mut pipeline = match (&config.output, tracing.per_process_files) {
        (Some(base), true) => Pipeline::per_task(renderer, base.clone()),
        (Some(path), false) => {
            let out: Box<dyn Write> = Box::new(BufWriter::with_capacity(64 * 1024, create(path)?));
            Pipeline::new(renderer, out, false)
        }
        // stderr is unbuffered in strace: every line reaches it as soon as it is complete.
        (None, _) => Pipeline::new(renderer, Box::new(BufWriter::new(io::stderr())) as Box<dyn Write>, true),
    }
    .with_pairing(pairing);
    if let Some(opts) = &config.summary {
        pipeline = pipeline.with_summary(summary::Summary::new(opts.clone()).tracing(config.trace));
    }

    let common = backend::Request {
        command: command.as_ref(),
        attach: &tracing.attach,
        follow: tracing.follow,
        strlen: config.strlen,
        calls: config.calls_to_see(),
    };
    let exit = match config.backend {
        BackendKind::Ptrace => {
            let request = backend::ptrace::Request {
                common,
                no_seccomp: config.no_seccomp,
                no_cpu_pin: config.no_cpu_pin,
                quiet: tracing.quiet,
                inject: &config.inject,
            };
            backend::ptrace::run(&request, &mut pipeline)?
        }
        BackendKind::Ebpf => {
            let request = backend::ebpf::Request {
                common,
                scope: &tracing.scope,
                status: kernel_status(config),
                summary: kernel_summary(config),
                priority_boost: !config.no_priority_boost,
            };
            backend::ebpf::run(&request, &mut pipeline)?
        }
    };
    pipeline.finish().map_err(SessionError::Output)?;
    if pipeline.lost > 0 {
        eprintln!("tracer: {} records lost (ring buffer full); the trace above is incomplete", pipeline.lost);
    }
    match INTERRUPTED.load(Ordering::Relaxed) {
        // strace's terminate(): after detaching on a fatal signal it dies of that signal.
        0 => Ok(exit_code_for(exit)),
        signal => Ok(exit_code_for(TraceeExit::Signaled { signal, core_dumped: false })),
    }
}

/// `-e status=` (`-z`, `-Z`) decided in the eBPF program, unless something else needs to see
/// every call: the fd table of `-y` and `-P`, a summary (`-C`), or a `detached` status (calls still
/// in flight at a detach).
fn kernel_status(config: &Config) -> Option<StatusSet> {
    let status = config.status;
    let in_kernel = !status.is_all()
        && !status.contains(Status::Detached)
        && !config.decode_fds.any()
        && config.paths.is_empty()
        && config.summary.is_none();
    in_kernel.then_some(status)
}

/// `-c` counted in the kernel (`-C` needs the records, and so does `-P`, which decides by
/// descriptors in userspace).
fn kernel_summary(config: &Config) -> SummaryMode {
    match config.summary.as_ref() {
        Some(opts) if opts.only && config.paths.is_empty() => {
            SummaryMode { only: true, interval: opts.interval }
        }
        _ => SummaryMode::default(),
    }
}

/// The fatal signal that made tracer detach (0: none).
static INTERRUPTED: AtomicI32 = AtomicI32::new(0);

/// SIGINT/SIGTERM/SIGHUP/SIGQUIT: detach from every tracee and end (a second one ends at once).
extern "C" fn detach_on_signal(signal: libc::c_int) {
    if backend::DETACH_REQUESTED.swap(true, Ordering::SeqCst) {
        // SAFETY: async-signal-safe calls only; the default action of these signals ends tracer.
        unsafe {
            libc::signal(signal, libc::SIG_DFL);
            libc::raise(signal);
        }
    }
    INTERRUPTED.store(signal, Ordering::SeqCst);
    // The backend forwards it to a launched command (strace sends the same signal).
    backend::DETACH_SIGNAL.store(signal, Ordering::SeqCst);
}

/// Does nothing: the signal is meant for the tracee (strace's `-I 3`); unlike SIG_IGN or a blocked
/// mask, a handler does not survive the command's execve.
extern "C" fn ignore_signal(_signal: libc::c_int) {}

/// strace's `-I` default: with `-o FILE PROG` fatal signals are blocked (`-I 3`): Ctrl-C reaches the
/// command, which is traced dying of it, and tracer exits as it did. Otherwise (`-I 2`: attached
/// processes, or output on the terminal) they make tracer detach and die of the same signal.
fn install_signal_handlers(config: &Config) {
    let blocked = config.output.is_some() && !config.command.is_empty();
    let handler: extern "C" fn(libc::c_int) = if blocked { ignore_signal } else { detach_on_signal };
    for signal in [libc::SIGHUP, libc::SIGINT, libc::SIGQUIT, libc::SIGTERM] {
        // SAFETY: installing a handler that only touches atomics (or raise/signal, which are
        // async-signal-safe); no SA_RESTART, so a blocking wait returns EINTR and the backend sees
        // the detach request.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = handler as usize;
            action.sa_flags = 0;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
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
