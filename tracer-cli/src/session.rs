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
use crate::filter::{self, Filter, Selection};
use crate::launch::{Command, LaunchError};
use crate::messages::{self, errno_text};
use crate::outputs::{self, PipeCommand, Reporting};
use crate::pipeline::Pipeline;
use crate::printers::json::JsonOutput;
use crate::printers::perfetto::{Perfetto, Timeline};
use crate::printers::text::{CallOptions, PidPrefix, TextOptions, TextOutput};
use crate::printers::Format;
use crate::sets::{Message, SyscallSet};
use crate::state::{FdTable, State};
use crate::summary;
use tracer_common::expr::KernelExpr;

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
    /// `-o '|CMD'`: CMD could not be started.
    #[error("Can't popen: {0}")]
    Pipe(#[from] outputs::PipeError),
}

/// `-o FILE`: created, or with `append` (`-A`) opened for appending.
fn create(path: &Path, append: bool) -> Result<File, SessionError> {
    outputs::open_output(path, append)
        .map_err(|error| SessionError::Create { path: path.to_path_buf(), error })
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
            crate::diag!("{note}");
        }
    }
    let command = match config.command.is_empty() {
        true => None,
        false => Some(
            Command::resolve(&config.command)?
                .with_env(&config.env)?
                .run_as(config.user.as_ref())
                .daemonized(config.daemonize),
        ),
    };
    install_signal_handlers(config);

    let tracing = &config.tracing;
    // `-P` and `--filter`'s `fd.path` resolve descriptors with the fd table even when `-y` prints
    // nothing.
    let keeps_fds = config.decode_fds.any()
        || !config.paths.is_empty()
        || config.filter.as_ref().is_some_and(|expr| expr.needs_fds());
    let output = output(config, command.is_some())?;
    // Taken before the command starts: what it inherits from us is what it starts with.
    let state = match keeps_fds {
        true => State::with_fds(FdTable::inheriting_from_self(config.decode_fds)),
        false => State::default(),
    };
    let state = match config.decode_pids.any() {
        true => state.with_pids(config.decode_pids),
        false => state,
    };
    let selection = Selection::new(config.trace, config.status, config.signals, tracing.quiet);
    let filter = Filter::new(selection, config.paths.clone()).with_expr(config.filter.clone());
    let mut piped = match config.output.as_deref().and_then(|path| outputs::pipe_command(path.as_os_str())) {
        Some(command) => Some(PipeCommand::spawn(command)?),
        None => None,
    };
    let mut pipeline = match (&config.output, tracing.per_process_files) {
        (Some(path), _) if piped.is_some() => {
            let input = piped
                .as_mut()
                .and_then(PipeCommand::take_input)
                .map(|file| Reporting::new(file, path.as_os_str()));
            let out: Box<dyn Write> = Box::new(BufWriter::with_capacity(
                64 * 1024,
                input.ok_or(SessionError::Output(io::ErrorKind::BrokenPipe.into()))?,
            ));
            Pipeline::new(filter, state, output, out, false)
        }
        (Some(base), true) => {
            Pipeline::<Box<dyn Write>>::per_task(filter, state, output, base.clone(), config.append)
        }
        (Some(path), false) => {
            let file = Reporting::new(create(path, config.append)?, path.as_os_str());
            let out: Box<dyn Write> = Box::new(BufWriter::with_capacity(64 * 1024, file));
            Pipeline::new(filter, state, output, out, false)
        }
        // stderr is unbuffered in strace: every line reaches it as soon as it is complete.
        (None, _) => {
            let out: Box<dyn Write> = Box::new(BufWriter::new(io::stderr()));
            Pipeline::new(filter, state, output, out, true)
        }
    };
    for &pid in &tracing.attach {
        pipeline.expect_task(pid.unsigned_abs());
    }
    if let Some(opts) = &config.summary {
        pipeline = pipeline.with_summary(summary::Summary::new(opts.clone()));
    }

    // `--filter`'s kernel form (eBPF), and whether `-c` still counts in the kernel with it.
    let kernel_expr = match config.backend {
        BackendKind::Ebpf => kernel_expr(config, keeps_fds),
        BackendKind::Ptrace => None,
    };
    let summary_mode = kernel_summary(config, kernel_expr.as_ref());
    let common = backend::Request {
        command: command.as_ref(),
        attach: &tracing.attach,
        follow: tracing.follow,
        strlen: config.strlen,
        data_bytes: if config.dumps.any() { tracer_common::capture::DUMP_BYTES } else { 0 },
        unabbreviated: unabbreviated_calls(&config.abbrev),
        calls: calls_to_see(config, keeps_fds, summary_mode.only),
    };
    let exit = match config.backend {
        BackendKind::Ptrace => {
            let request = backend::ptrace::Request {
                common,
                no_seccomp: config.no_seccomp,
                no_cpu_pin: config.no_cpu_pin,
                quiet: tracing.quiet,
                inject: &config.inject,
                detach_on_execve: config.detach_on_execve,
                stack_traces: config.stack_traces,
                seccomp_without_follow: config.seccomp_bpf,
            };
            backend::ptrace::run(&request, &mut pipeline)?
        }
        BackendKind::Ebpf => {
            let request = backend::ebpf::Request {
                common,
                scope: &tracing.scope,
                status: filter::kernel_status(config.status, keeps_fds, config.summary.is_some()),
                summary: summary_mode,
                priority_boost: !config.no_priority_boost,
                filter_expr: kernel_expr.as_ref(),
            };
            backend::ebpf::run(&request, &mut pipeline)?
        }
    };
    pipeline.finish().map_err(SessionError::Output)?;
    if pipeline.lost > 0 {
        crate::diag!(
            "{} records lost (ring buffer or kernel map full); the trace above is incomplete",
            pipeline.lost
        );
    }
    // `-o '|CMD'`: CMD reads to the end of the trace before tracer ends, as under strace.
    drop(pipeline);
    if let Some(piped) = piped {
        piped.finish();
    }
    let exit = match INTERRUPTED.load(Ordering::Relaxed) {
        0 => exit,
        // strace's terminate(): after detaching on a fatal signal it dies of that signal.
        signal => TraceeExit::Signaled { signal, core_dumped: false },
    };
    if let Some(tips) = config.tips {
        let random = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos() as usize);
        eprint!("{}", crate::tips::render(tips, random));
    }
    if backend::ptrace::silent::has_leftovers() {
        // The command's children, followed silently, outlive it: the front ends as it did.
        backend::ptrace::silent::release_and_serve(exit);
    }
    Ok(exit_code_for(exit))
}

/// The output format the command line asks for, with `--perfetto`'s timeline beside it.
fn output(config: &Config, launched: bool) -> Result<Format, SessionError> {
    let tracing = &config.tracing;
    let tasks_at_start = tracing.attach.len() + usize::from(launched);
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
    let call = CallOptions {
        strlen: config.strlen,
        xlat: config.xlat,
        abbrev: config.abbrev,
        raw: config.raw,
        verbose: config.verbose,
    };
    let timeline = match &config.perfetto {
        Some(path) => Some(Timeline::new(
            Perfetto::create(path).map_err(|error| SessionError::Create { path: path.clone(), error })?,
        )),
        None => None,
    };
    if config.json {
        let backend = match config.backend {
            BackendKind::Ptrace => "ptrace",
            BackendKind::Ebpf => "ebpf",
        };
        let json = JsonOutput::new(call, config.timestamps, backend).with_instruction_pointer(
            config.instruction_pointer && !config.summary.as_ref().is_some_and(|s| s.only),
        );
        return Ok(match timeline {
            Some(timeline) => Format::Json(json.with_timeline(timeline)),
            None => Format::Json(json),
        });
    }
    let text = TextOutput::new(TextOptions {
        call,
        columns: usize::try_from(config.columns).unwrap_or(usize::MAX),
        prefix,
        timestamps: config.timestamps,
        // SAFETY: isatty only inspects descriptor 2.
        color: config.color.enabled(config.output.is_none() && unsafe { libc::isatty(2) } == 1),
        hex: config.hex,
        syscall_number: config.syscall_number,
        comm_prefix: config.decode_pids.comm,
        instruction_pointer: config.instruction_pointer && !config.summary.as_ref().is_some_and(|s| s.only),
    })
    .with_dumps(config.dumps);
    Ok(match timeline {
        Some(timeline) => Format::Text(text.with_timeline(timeline)),
        None => Format::Text(text),
    })
}

/// The calls the backend must see: [`filter::calls_to_see`], and `socket`, from which the state
/// learns which descriptors are netlink sockets (`state::NetlinkSockets`), unless nothing is
/// decoded (`-c` counted in the kernel, `summary_only`, counts only what `-e trace=` asks for).
fn calls_to_see(config: &Config, keeps_fds: bool, summary_only: bool) -> SyscallSet {
    let mut calls = filter::calls_to_see(config.trace, config.inject.calls(), keeps_fds);
    if !summary_only {
        calls.insert(tracer_common::syscall::nr::SOCKET);
    }
    if config.decode_pids.comm {
        // `-Y` names tasks anew after the calls that rename them, shown or not.
        for nr in crate::state::RENAMING_CALLS {
            calls.insert(nr);
        }
    }
    calls
}

/// `-c` counted in the kernel (`-C` needs the records, and so do `-P`, which decides by
/// descriptors in userspace, and `--filter` unless its kernel form decides every call alone:
/// `backend::ebpf::counts_in_kernel`).
fn kernel_summary(config: &Config, kernel_expr: Option<&KernelExpr>) -> SummaryMode {
    let filter_in_kernel = match (&config.filter, kernel_expr) {
        (None, _) => true,
        (Some(_), Some(expr)) => backend::ebpf::counts_in_kernel(expr),
        (Some(_), None) => false,
    };
    match config.summary.as_ref() {
        Some(opts) if opts.only && config.paths.is_empty() && filter_in_kernel => {
            SummaryMode { only: true, interval: opts.interval }
        }
        _ => SummaryMode::default(),
    }
}

/// `--filter-explain`: where each part of `--filter` runs, with the kernel form the eBPF backend
/// would load (its guard for the calls outside `-e trace=` included).
pub fn explain_filter(config: &Config) -> String {
    let Some(expr) = config.filter.as_ref() else { return String::new() };
    let ebpf = config.backend == BackendKind::Ebpf;
    let keeps_fds = config.decode_fds.any() || !config.paths.is_empty() || expr.needs_fds();
    let guard = expr
        .guarded(&config.trace, &kernel_expr_calls(config, keeps_fds))
        .map_or(filter::expr::compile::Guard::Unneeded, |(_, guard)| guard);
    filter::expr::explain::explain(expr, ebpf, guard)
}

/// `--filter`'s kernel form for the eBPF backend, letting through every call the backend may see
/// outside `-e trace=` (those teach the state; userspace judges what it shows). `None` without
/// `--filter`, or when that does not fit (userspace then decides every call).
fn kernel_expr(config: &Config, keeps_fds: bool) -> Option<KernelExpr> {
    let expr = config.filter.as_ref()?;
    expr.kernel_form(&config.trace, &kernel_expr_calls(config, keeps_fds))
}

/// The calls the eBPF backend sees with `--filter`: [`calls_to_see`], and execve and execveat,
/// which the backend adds (pairing needs them around a multithreaded exec).
fn kernel_expr_calls(config: &Config, keeps_fds: bool) -> SyscallSet {
    let mut seen = calls_to_see(config, keeps_fds, false);
    seen.insert(tracer_common::syscall::nr::EXECVE);
    seen.insert(tracer_common::syscall::nr::EXECVEAT);
    seen
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

/// strace's `-I`: with 1 (anywhere) fatal signals end tracer at once; with 2 (waiting, the default
/// for attached processes or output on the terminal) they make tracer detach and die of the same
/// signal; with 3 (never, the default with `-o FILE PROG`) they are ignored: Ctrl-C reaches the
/// command, which is traced dying of it, and tracer exits as it did; 4 (never_tstp, the default
/// with `-D`) ignores SIGTSTP too.
fn install_signal_handlers(config: &Config) {
    if config.interruptible == 1 {
        return;
    }
    let blocked = config.interruptible >= 3;
    let handler: extern "C" fn(libc::c_int) = if blocked { ignore_signal } else { detach_on_signal };
    if config.interruptible == 4 {
        // SAFETY: SIG_IGN for SIGTSTP; the command's start restores what tracer inherited.
        unsafe { libc::signal(libc::SIGTSTP, libc::SIG_IGN) };
    }
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
            backend::raise_fatal(signal);
            ExitCode::from(u8::try_from((128 + signal) & 0xff).unwrap_or(1))
        }
    }
}

/// [`tracer_common::capture::Limits::unabbreviated`]: the calls `-e abbrev=` (or `-v`) leaves out
/// whose capture differs when printed whole: exec calls' environment, getdents' entries.
fn unabbreviated_calls(abbrev: &SyscallSet) -> u32 {
    use tracer_common::capture::{
        UNABBREVIATED_EXECVE, UNABBREVIATED_EXECVEAT, UNABBREVIATED_GETDENTS, UNABBREVIATED_GETDENTS64,
    };
    use tracer_common::syscall::nr;
    [
        (nr::EXECVE, UNABBREVIATED_EXECVE),
        (nr::EXECVEAT, UNABBREVIATED_EXECVEAT),
        (nr::GETDENTS, UNABBREVIATED_GETDENTS),
        (nr::GETDENTS64, UNABBREVIATED_GETDENTS64),
    ]
    .into_iter()
    .filter(|&(call, _)| !abbrev.contains(call))
    .fold(0, |bits, (_, bit)| bits | bit)
}
