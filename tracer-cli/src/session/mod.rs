//! One run of tracer: the stages built from a [`Config`], a backend run into them, and the exit
//! status tracer then has (the traced command's, as strace's).

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicI32, Ordering};

use crate::backend::ebpf::EbpfError;
use crate::backend::ptrace::PtraceError;
use crate::backend::{self, TraceeExit};
use crate::capture::{CaptureWriter, End, Header, Recorder};
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
use crate::replay;
use crate::sets::{Message, SyscallSet};
use crate::state::{FdTable, State};
use crate::summary;

mod kernel_part;

pub use self::kernel_part::explain_filter;
use self::kernel_part::KernelPart;

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
    /// `--record FILE`: writing the capture.
    #[error("writing the capture '{}'", path.display())]
    Record { path: PathBuf, source: io::Error },
    /// `--replay FILE`: the capture cannot be opened or read, or ends damaged.
    #[error("{}: {error}", path.display())]
    Replay { path: PathBuf, error: String },
}

/// `-o FILE`: created, or with `append` (`-A`) opened for appending.
fn create(path: &Path, append: bool) -> Result<File, SessionError> {
    outputs::open_output(path, append)
        .map_err(|error| SessionError::Create { path: path.to_path_buf(), error })
}

/// Trace as `config` says; tracer's exit status is the traced command's.
pub fn run(config: &Config) -> Result<ExitCode, SessionError> {
    if let Some(path) = &config.replay {
        return replay(config, path);
    }
    // strace is quiet about attaching (children with -f) when it writes to a file and runs a command.
    let mut quiet = config.tracing.quiet;
    if (config.output.is_some() || config.record.is_some()) && !config.command.is_empty() {
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
    let keeps_fds = keeps_fds(config);
    let shape = Shape {
        tasks_at_start: tracing.attach.len() + usize::from(command.is_some()),
        launched: command.is_some(),
        scoped: tracing.scope.is_set(),
        follow: tracing.follow,
        backend: config.backend,
    };
    let mut recording = match &config.record {
        Some(path) => Some(start_capture(config, path, &shape)?),
        None => None,
    };
    // `--record` alone renders nothing; when the flags ask rendering for facts of the live system
    // (`-y`, `-P`, `--decode-pids`, `--filter`), the stages still run, into /dev/null, so that the
    // capture keeps each fact as it is read.
    let live = recording.is_none() || config.output.is_some();
    let (mut pipeline, piped) = match (live, asks_live_facts(config)) {
        (true, _) => {
            let (pipeline, piped) = pipeline(config, &shape)?;
            (Some(pipeline), piped)
        }
        (false, true) => {
            let quiet = Config { output: Some(PathBuf::from("/dev/null")), ..config.clone() };
            let (pipeline, piped) = pipeline(&quiet, &shape)?;
            (Some(pipeline), piped)
        }
        (false, false) => {
            if let Some((path, writer)) = recording.as_mut() {
                snapshot_facts(&tracing.attach);
                writer.facts().map_err(|source| SessionError::Record { path: path.clone(), source })?;
            }
            (None, None)
        }
    };

    // `--filter`'s kernel form (eBPF), and whether `-c` still counts in the kernel with it.
    let kernel = KernelPart::for_run(config, keeps_fds);
    let common = backend::Request {
        command: command.as_ref(),
        attach: &tracing.attach,
        follow: tracing.follow,
        strlen: config.strlen,
        data_bytes: if config.dumps.any() { tracer_common::capture::DUMP_BYTES } else { 0 },
        unabbreviated: unabbreviated_calls(&config.abbrev),
        calls: calls_to_see(config, keeps_fds, kernel.summary.only),
    };
    let live_sink = pipeline.as_mut().map(|p| p as &mut dyn backend::EventSink);
    let (exit, writer) = match recording {
        Some((path, writer)) => {
            let mut recorder = Recorder::new(writer, live_sink);
            let exit = trace(config, common, &kernel, &mut recorder)?;
            (exit, Some((path, recorder.writer)))
        }
        // Without `--record` the pipeline always renders.
        None => match live_sink {
            Some(sink) => (trace(config, common, &kernel, sink)?, None),
            None => return Ok(ExitCode::SUCCESS),
        },
    };
    if let Some(pipeline) = pipeline {
        finish(pipeline, piped)?;
    }
    let exit = match INTERRUPTED.load(Ordering::Relaxed) {
        0 => exit,
        // strace's terminate(): after detaching on a fatal signal it dies of that signal.
        signal => TraceeExit::Signaled { signal, core_dumped: false },
    };
    if let Some((path, mut writer)) = writer {
        writer.finish(End(exit)).map_err(|source| SessionError::Record { path, source })?;
    }
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

/// `--record FILE`: the capture started, its header written; from now on the facts rendering
/// reads of the system are kept for it.
fn start_capture(
    config: &Config,
    path: &Path,
    shape: &Shape,
) -> Result<(PathBuf, CaptureWriter), SessionError> {
    crate::facts::start_recording();
    let file = create(path, false)?;
    let command_line: Vec<Vec<u8>> = std::env::args_os().map(|a| a.as_encoded_bytes().to_vec()).collect();
    let header = Header {
        backend: backend_name(shape.backend).to_string(),
        kernel: crate::capture::kernel_release(),
        tracer_version: env!("CARGO_PKG_VERSION").to_string(),
        realtime_offset_ns: i64::try_from(crate::printers::timestamps::realtime_offset_ns()).unwrap_or(0),
        tracer_pid: std::process::id(),
        launched: shape.launched,
        attached: config.tracing.attach.iter().map(|pid| pid.unsigned_abs()).collect(),
        strlen: config.strlen,
        follow: config.tracing.follow,
        scoped: shape.scoped,
        command_line: command_line.join(&0u8),
        kernel_expr: match shape.backend {
            BackendKind::Ebpf => config
                .filter
                .as_ref()
                .and_then(|expr| expr.kernel.as_ref())
                .map_or_else(Vec::new, |compiled| crate::capture::kernel_expr_key(&compiled.kernel)),
            BackendKind::Ptrace => Vec::new(),
        },
    };
    // Like `-o`'s: a write that fails is said once, and the command is traced to its end.
    let file = Box::new(Reporting::new(file, path.as_os_str()));
    let writer = CaptureWriter::new(file, &header)
        .map_err(|source| SessionError::Record { path: path.to_path_buf(), source })?;
    Ok((path.to_path_buf(), writer))
}

/// Whether rendering reads facts of the live system that a capture must keep for a replay: the
/// fd table (`-y`, `-P`, `fd.path`), pid namespaces and comms (`--decode-pids`), `--filter`'s task
/// fields (read from /proc under ptrace).
fn asks_live_facts(config: &Config) -> bool {
    keeps_fds(config) || config.decode_pids.any() || config.filter.is_some()
}

/// A capture taken without live rendering still keeps what `-y` asks of /proc before the first
/// record: the descriptors the command inherits, those of the `-p` processes.
fn snapshot_facts(attach: &[i32]) {
    let _ = FdTable::inheriting_from_self(crate::sets::DecodeFds::ALL);
    for &pid in attach {
        crate::state::fds::snapshot_process(pid.unsigned_abs());
    }
}

/// The flags a replay renders with: its `--filter` takes the records' kernel verdicts only when
/// its kernel form is the one the recording loaded (the comparisons then have the same op
/// numbers); otherwise it judges every comparison itself, from the facts the capture holds.
fn replay_filter(config: &Config, header: &crate::capture::Header) -> Config {
    let mut config = config.clone();
    if let Some(expr) = config.filter.as_mut() {
        let Ok(Some(plain)) = filter::expr::FilterExpr::parse(&expr.texts) else { return config };
        let mut compiled = plain.clone();
        let recorded = !header.kernel_expr.is_empty()
            && compiled.compile(&config.trace).is_ok()
            && compiled.kernel.as_ref().map(|c| crate::capture::kernel_expr_key(&c.kernel))
                == Some(header.kernel_expr.clone());
        *expr = if recorded { compiled } else { plain };
    }
    config
}

/// `--replay FILE`: the capture's records through the stages `config` asks for, as if they came
/// from the backend that recorded them; tracer exits as the recorded command did.
fn replay(config: &Config, path: &Path) -> Result<ExitCode, SessionError> {
    let failed = |error: String| SessionError::Replay { path: path.to_path_buf(), error };
    let file = File::open(path).map_err(|error| failed(errno_text(&error)))?;
    let mut reader = replay::Reader::open(io::BufReader::with_capacity(1 << 20, file))
        .map_err(|e| failed(e.to_string()))?;
    let header = reader.header.clone();
    let config = &replay_filter(config, &header);
    crate::facts::start_replaying(header.tracer_pid);
    crate::printers::timestamps::set_realtime_offset_ns(i128::from(header.realtime_offset_ns));
    let mut quiet = config.tracing.quiet;
    if config.output.is_some() && header.launched {
        quiet = quiet.with(Message::Attach);
    }
    messages::set_quiet(quiet);
    let shape = Shape {
        tasks_at_start: header.attached.len() + usize::from(header.launched),
        launched: header.launched,
        scoped: header.scoped,
        follow: config.tracing.follow || header.follow,
        backend: if header.backend == "ebpf" { BackendKind::Ebpf } else { BackendKind::Ptrace },
    };
    if config.strlen > header.strlen {
        crate::diag!(
            "the capture holds strings and buffers up to -s {}: -s {} shows no more",
            header.strlen,
            config.strlen
        );
    }
    // The facts asked before the first record (the descriptors the command inherited).
    let leading = reader.leading_facts();
    let (mut pipeline, piped) = pipeline(config, &shape)?;
    for &pid in &header.attached {
        pipeline.expect_task(pid);
    }
    let fed = match leading {
        Ok(()) => replay::feed(&mut reader, &mut pipeline),
        Err(damage) => Err(damage.into()),
    };
    finish(pipeline, piped)?;
    match fed {
        Ok(End(exit)) => Ok(exit_code_for(exit)),
        Err(replay::FeedError::Output(error)) => Err(SessionError::Output(error)),
        Err(error) => Err(failed(format!("{error}; the trace above stops there"))),
    }
}

fn backend_name(backend: BackendKind) -> &'static str {
    match backend {
        BackendKind::Ptrace => "ptrace",
        BackendKind::Ebpf => "ebpf",
    }
}

/// What the output's form depends on besides the flags: how the trace started.
struct Shape {
    /// Tasks traced from the start (`-p` pids and a launched command).
    tasks_at_start: usize,
    launched: bool,
    /// An eBPF scope chose the tasks.
    scoped: bool,
    /// `-f` (when replaying, also the recording's).
    follow: bool,
    backend: BackendKind,
}

/// Run the backend `config` names into `sink`; how the traced command ended.
fn trace(
    config: &Config,
    common: backend::Request<'_>,
    kernel: &KernelPart,
    sink: &mut dyn backend::EventSink,
) -> Result<TraceeExit, SessionError> {
    let tracing = &config.tracing;
    Ok(match config.backend {
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
            backend::ptrace::run(&request, sink)?
        }
        BackendKind::Ebpf => {
            let request = backend::ebpf::Request {
                common,
                scope: &tracing.scope,
                status: filter::kernel_status(config.status, keeps_fds(config), config.summary.is_some()),
                summary: kernel.summary,
                priority_boost: !config.no_priority_boost,
                filter_expr: kernel.expr.as_ref(),
                stack_traces: config.stack_traces,
            };
            backend::ebpf::run(&request, sink)?
        }
    })
}

/// The pipeline the trace is rendered by.
type Output = Pipeline<Box<dyn Write>>;

/// End the rendering: pending calls completed, the outputs flushed, lost records said; then
/// `-o '|CMD'`'s CMD reads to the end of the trace before tracer ends, as under strace.
fn finish(mut pipeline: Output, piped: Option<PipeCommand>) -> Result<(), SessionError> {
    pipeline.finish().map_err(SessionError::Output)?;
    if pipeline.lost > 0 {
        crate::diag!(
            "{} records lost (ring buffer or kernel map full); the trace above is incomplete",
            pipeline.lost
        );
    }
    drop(pipeline);
    if let Some(piped) = piped {
        piped.finish();
    }
    Ok(())
}

/// The stages after a backend as `config` asks, writing where `-o` says; the `-o '|CMD'` command.
fn pipeline(config: &Config, shape: &Shape) -> Result<(Output, Option<PipeCommand>), SessionError> {
    let tracing = &config.tracing;
    let output = output(config, shape)?;
    // Taken before the command starts: what it inherits from us is what it starts with.
    let state = match keeps_fds(config) {
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
    Ok((pipeline, piped))
}

/// The output format the command line asks for, with `--perfetto`'s timeline beside it.
fn output(config: &Config, shape: &Shape) -> Result<Format, SessionError> {
    let tracing = &config.tracing;
    let tasks_at_start = shape.tasks_at_start;
    let prefix = if shape.scoped {
        PidPrefix::WithComm
    } else if tracing.per_process_files {
        PidPrefix::None
    } else if config.output.is_some() {
        // strace's print_pid_pfx: -o with -f, or with several processes from the start.
        if shape.follow || tasks_at_start > 1 {
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
        let backend = backend_name(shape.backend);
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

/// Whether the fd table is kept: `-y` prints from it, and `-P` and `--filter`'s `fd.path` resolve
/// descriptors with it even when `-y` prints nothing.
fn keeps_fds(config: &Config) -> bool {
    config.decode_fds.any()
        || !config.paths.is_empty()
        || config.filter.as_ref().is_some_and(|expr| expr.needs_fds())
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
