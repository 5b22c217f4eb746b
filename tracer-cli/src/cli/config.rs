//! [`Config`]: the validated settings, built from the raw flags.

use std::ffi::OsString;
use std::path::PathBuf;

use super::error::{CliError, UsageError};
use super::qualifiers::OrderedSettings;
use super::raw_args::{BackendKind, RawArgs};
use super::tracing::{tracing, Tracing};
use crate::decode::strings::HexStrings;
use crate::decode::XlatStyle;
use crate::filter::expr::FilterExpr;
use crate::filter::paths::PathFilter;
use crate::inject::Injections;
use crate::printers::color::ColorChoice;
use crate::printers::timestamps::TimestampOptions;
use crate::sets::{DecodeFds, DecodePids, SignalSet, StatusSet, SyscallSet};

/// Validated settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub backend: BackendKind,
    pub output: Option<PathBuf>,
    /// `-A`: `-o`'s files are appended to, not truncated.
    pub append: bool,
    /// `-i`: each line starts with the instruction pointer of its call.
    pub instruction_pointer: bool,
    /// `-k`: each shown call and signal is followed by the task's stack.
    pub stack_traces: bool,
    /// `-u USERNAME`: the user the command runs as.
    pub user: Option<crate::run_as::RunAs>,
    /// strace's `-s`.
    pub strlen: u32,
    /// PROG and its ARGS (empty only with `-p` or an eBPF scope).
    pub command: Vec<OsString>,
    /// strace's `-a`: the column of ` = `.
    pub columns: u32,
    /// strace's `-X`.
    pub xlat: XlatStyle,
    /// `-e trace=`: calls shown (all by default).
    pub trace: SyscallSet,
    /// `--no-seccomp`: the ptrace backend stops at every call even when `trace` is not `all`.
    pub no_seccomp: bool,
    /// `--seccomp-bpf`: asked for the filter without -f too (the children followed silently).
    pub seccomp_bpf: bool,
    /// `--tips`: the tip printed at exit.
    pub tips: Option<crate::tips::Tips>,
    /// `--no-cpu-pin`: the ptrace backend leaves a lone tracee's CPU mask alone.
    pub no_cpu_pin: bool,
    /// `--no-priority-boost`: the eBPF reader keeps its priority when the ring backs up.
    pub no_priority_boost: bool,
    /// `-e abbrev=` (`-v` is `abbrev=none`): calls whose structures are abbreviated.
    pub abbrev: SyscallSet,
    /// `-e verbose=`: calls whose structures are decoded at all.
    pub verbose: SyscallSet,
    /// `-e raw=`: calls printed with undecoded hex arguments.
    pub raw: SyscallSet,
    /// `-y`, `-yy`, `-e decode-fds=`.
    pub decode_fds: DecodeFds,
    /// `-Y`, `--pidns-translation`, `-e decode-pids=`: what follows pids.
    pub decode_pids: DecodePids,
    /// `-e signal=`: the signals whose `--- SIG... ---`, `--- stopped by ---` and `+++ killed by
    /// +++` lines are shown.
    pub signals: SignalSet,
    /// `-e status=`, `-z`, `-Z`: calls shown by how they ended (all by default).
    pub status: StatusSet,
    /// `-e inject=`, `-e fault=` (ptrace only): calls whose result is tampered with.
    pub inject: Injections,
    /// Which tasks are traced, and how they are reported.
    pub tracing: Tracing,
    /// `-P PATH`, `-e trace-fds=`: only the calls touching these (empty: every call).
    pub paths: PathFilter,
    /// `--filter EXPR` (all of them, ANDed): only the calls it holds for.
    pub filter: Option<FilterExpr>,
    /// `--filter-explain`: say where each part of the expression runs, and exit.
    pub filter_explain: bool,
    /// `-t`, `-r`, `-T` and their long forms.
    pub timestamps: TimestampOptions,
    /// `--json`.
    pub json: bool,
    /// `--perfetto FILE`.
    pub perfetto: Option<PathBuf>,
    /// `--color`.
    pub color: ColorChoice,
    /// `-x`, `-xx`, `--strings-in-hex=`.
    pub hex: HexStrings,
    /// `-n`.
    pub syscall_number: bool,
    /// What `-P` said about paths it resolved (`Requested path "x" resolved into "/tmp/x"`).
    pub path_notes: Vec<String>,
    /// `-c`/`-C` and their options: `None` without a summary.
    pub summary: Option<crate::summary::Options>,
    /// `-e read=`, `-e write=`: the descriptors whose data is dumped in hex.
    pub dumps: crate::printers::dump::Dumps,
    /// `-E VAR=VAL`, `-E VAR`: changes to the command's environment, in command-line order.
    pub env: Vec<OsString>,
    /// `-b execve`: detach from a process when it execs (but the command's first execve).
    pub detach_on_execve: bool,
    /// `--record FILE`: the capture written while tracing.
    pub record: Option<PathBuf>,
    /// `--replay FILE`: the capture rendered instead of tracing.
    pub replay: Option<PathBuf>,
    /// `-D` (1), `-DD` (2), `-DDD` (3), `--daemonize=`: tracer runs as the command's grandchild,
    /// in its own process group (2) or session (3); 0: tracer is the command's parent.
    pub daemonize: u8,
    /// `-I`: 1 (fatal signals end tracer at once), 2 (they make it detach and end), 3 (they are
    /// ignored), 4 (SIGTSTP too).
    pub interruptible: u8,
}

/// strace's `--daemonize` values, by `-D` count.
const DAEMONIZE: [(&str, u8); 3] = [("grandchild", 1), ("pgroup", 2), ("session", 3)];

/// `-D` and `--daemonize=`: how many `-D`s they stand for.
fn daemonize(raw: &RawArgs) -> Result<u8, CliError> {
    let long = match raw.daemonize.as_deref() {
        None => 0,
        Some(text) => DAEMONIZE
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(text))
            .map(|&(_, level)| level)
            .ok_or_else(|| CliError::usage(format!("invalid --daemonize argument: '{text}'")))?,
    };
    let level = match (raw.daemonize_d, long) {
        (short, 0) => short,
        (0, long) => long,
        _ => return Err(CliError::bad("-D and --daemonize cannot be provided simultaneously")),
    };
    if level > 0 && raw.command.is_empty() {
        return Err(CliError::usage("PROG [ARGS] must be specified with -D/--daemonize"));
    }
    if level > 3 {
        return Err(CliError::usage(format!("Too many -D's ({level}), maximum supported -D count is 3")));
    }
    Ok(level)
}

/// `-b SYSCALL`: only execve is supported, as in strace.
fn detach_on_execve(raw: &RawArgs) -> Result<bool, CliError> {
    for value in &raw.detach_on {
        if value != "execve" {
            return Err(CliError::bad(format!("Syscall '{value}' for -b isn't supported")));
        }
    }
    Ok(!raw.detach_on.is_empty())
}

/// strace's `-I` values: a name (any case) or 1 to 4.
fn interruptible(value: &str) -> Option<u8> {
    const NAMES: [(&str, u8); 5] =
        [("anywhere", 1), ("always", 1), ("waiting", 2), ("never", 3), ("never_tstp", 4)];
    NAMES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(value))
        .map(|&(_, n)| n)
        .or_else(|| value.parse::<u8>().ok().filter(|n| (1..=4).contains(n)))
}

impl Config {
    pub fn from_raw(mut raw: RawArgs) -> Result<Config, CliError> {
        if raw.follow_deprecated > 0 {
            crate::diag!("option -F is deprecated, please use -f/--follow-forks instead");
            raw.follow = raw.follow.saturating_add(raw.follow_deprecated);
        }
        crate::messages::set_debug(raw.debug > 0);
        let strlen = match raw.string_limit.as_deref() {
            None => 32,
            Some(text) => text
                .parse::<u32>()
                .ok()
                .filter(|&n| i32::try_from(n).is_ok())
                .ok_or_else(|| UsageError(format!("invalid -s argument: '{text}'")))?,
        };
        let mut ordered = OrderedSettings::new();
        for flag in &raw.ordered {
            ordered.apply(flag)?;
        }
        let decode_fds = match (raw.decode_fds_y, ordered.decode_fds) {
            (0, None) => DecodeFds::NONE,
            (0, Some(set)) => set,
            (1, None) => DecodeFds::PATH,
            (_, None) => DecodeFds::ALL,
            (_, Some(_)) => {
                return Err(CliError::bad("-y and --decode-fds cannot be provided simultaneously"))
            }
        };
        let tracing = tracing(&raw, ordered.quiet)?;
        let user = match &raw.user {
            Some(name) => Some(crate::run_as::RunAs::lookup(name).map_err(|e| CliError::bad(e.to_string()))?),
            None => None,
        };
        if raw.replay.is_some()
            && (!raw.command.is_empty() || !tracing.attach.is_empty() || tracing.scope.is_set())
        {
            return Err(CliError::usage(
                "--replay renders a capture: it takes no PROG, -p PID or eBPF scope",
            ));
        }
        let bad_filter = |bad: crate::filter::expr::PieceError| {
            let prefix = format!("{}: ", crate::messages::program_name());
            CliError::bad(bad.error.render(&prefix, &bad.text))
        };
        let mut filter = FilterExpr::parse(&raw.filter).map_err(bad_filter)?;
        if let (Some(expr), BackendKind::Ebpf) = (filter.as_mut(), raw.backend) {
            // The kernel form: what does not fit is an error here, before anything starts.
            expr.compile(&ordered.trace).map_err(bad_filter)?;
        }
        if raw.filter_explain && filter.is_none() {
            return Err(CliError::usage("--filter-explain needs --filter EXPR"));
        }
        let explaining = raw.filter_explain;
        if raw.command.is_empty()
            && tracing.attach.is_empty()
            && !tracing.scope.is_set()
            && raw.replay.is_none()
            && !explaining
        {
            return Err(CliError::usage("must have PROG [ARGS] or -p PID"));
        }
        let piped = raw
            .output
            .as_deref()
            .is_some_and(|path| crate::outputs::pipe_command(path.as_os_str()).is_some());
        if piped && tracing.per_process_files {
            return Err(CliError::usage(
                "piping the output and -ff/--output-separately are mutually exclusive",
            ));
        }
        let daemonize = daemonize(&raw)?;
        let detach_on_execve = detach_on_execve(&raw)?;
        if detach_on_execve && raw.seccomp_bpf {
            // strace goes on without the filter.
            crate::diag!("--seccomp-bpf is not enabled because it is not compatible with -b");
        }
        if raw.backend == BackendKind::Ebpf && !ordered.inject.is_empty() {
            return Err(CliError::bad(
                "-e inject needs --backend ptrace: tracepoints cannot change a syscall's result",
            ));
        }
        if raw.backend == BackendKind::Ebpf && daemonize > 0 {
            return Err(CliError::bad(
                "-D needs --backend ptrace (the eBPF backend waits for its own child)",
            ));
        }
        if raw.backend == BackendKind::Ebpf && detach_on_execve {
            return Err(CliError::bad("-b execve needs --backend ptrace"));
        }
        if raw.backend == BackendKind::Ptrace && tracing.scope.is_set() {
            return Err(CliError::bad("--all, --comm, --uid and --cgroup need --backend ebpf"));
        }
        let mut inject = ordered.inject;
        inject.retain_traced(&ordered.trace);
        let mut paths = PathFilter::default();
        let mut path_notes = Vec::new();
        for path in &raw.trace_path {
            path_notes.extend(paths.add_path(std::path::Path::new(path)));
        }
        if let Some(fds) = ordered.trace_fds {
            paths.set_fds(fds);
        }
        let timestamps = TimestampOptions::from_flags(
            raw.absolute_t,
            &raw.absolute_ordered,
            raw.relative_r,
            &raw.relative_timestamps,
            raw.syscall_times_t,
            &raw.syscall_times,
        )?;
        let summary = crate::summary::Options::from_flags(&raw.summary)?;
        let tips = match &raw.tips {
            None => None,
            Some(value) => Some(
                crate::tips::parse(value.as_deref())
                    .map_err(|value| UsageError(format!("invalid --tips argument: '{value}'")))?,
            ),
        };
        // strace's warnings, in its order; each option is then ignored.
        if raw.instruction_pointer && summary.as_ref().is_some_and(|s| s.only) {
            crate::diag!("-i/--instruction-pointer has no effect with -c/--summary-only");
        }
        if raw.stack_traces && summary.as_ref().is_some_and(|s| s.only) {
            crate::diag!("-k/--stack-traces has no effect with -c/--summary-only");
        }
        if raw.append && raw.output.is_none() {
            crate::diag!("-A/--output-append-mode has no effect without -o/--output");
        }
        if summary.is_some() && (raw.follow >= 2 || raw.output_separately) {
            return Err(CliError::usage(
                "(-c/--summary-only or -C/--summary) and -ff/--output-separately are mutually exclusive",
            ));
        }
        let color = match raw.color.as_deref() {
            None => ColorChoice::Auto,
            Some(text) => ColorChoice::parse(text)
                .ok_or_else(|| CliError::usage(format!("invalid --color argument: '{text}'")))?,
        };
        let mut intr = None;
        for (flag, value) in [("-I", &raw.interruptible_short), ("--interruptible", &raw.interruptible)] {
            if let Some(value) = value.as_deref() {
                intr = Some(
                    interruptible(value)
                        .ok_or_else(|| CliError::usage(format!("invalid {flag} argument: '{value}'")))?,
                );
            }
        }
        // strace's defaults: never_tstp with -D, never with `-o FILE PROG`, else waiting.
        let interruptible = intr.unwrap_or(match () {
            () if daemonize > 0 => 4,
            () if raw.output.is_some() && !raw.command.is_empty() => 3,
            () => 2,
        });
        let mut hex = None;
        for value in &raw.strings_in_hex {
            hex =
                Some(HexStrings::parse(value).ok_or_else(|| {
                    CliError::usage(format!("invalid --strings-in-hex argument: '{value}'"))
                })?);
        }
        let hex = match (raw.hex_x, hex) {
            (0, hex) => hex.unwrap_or_default(),
            (count, None) => HexStrings::from_x_count(count),
            (_, Some(_)) => {
                return Err(CliError::bad("-x and --strings-in-hex cannot be provided simultaneously"))
            }
        };
        let config = Config {
            backend: raw.backend,
            output: raw.output,
            append: raw.append,
            instruction_pointer: raw.instruction_pointer,
            stack_traces: raw.stack_traces && !summary.as_ref().is_some_and(|s| s.only),
            user,
            strlen,
            command: raw.command,
            columns: ordered.columns,
            trace: ordered.trace,
            no_seccomp: raw.no_seccomp,
            seccomp_bpf: raw.seccomp_bpf,
            tips,
            no_cpu_pin: raw.no_cpu_pin,
            no_priority_boost: raw.no_priority_boost,
            xlat: ordered.xlat,
            abbrev: ordered.abbrev,
            verbose: ordered.verbose,
            raw: ordered.raw,
            decode_fds,
            decode_pids: ordered.decode_pids,
            signals: ordered.signals,
            status: ordered.status,
            inject,
            tracing,
            paths,
            filter,
            filter_explain: raw.filter_explain,
            timestamps,
            json: raw.json,
            perfetto: raw.perfetto.clone(),
            color,
            hex,
            syscall_number: raw.syscall_number,
            path_notes,
            summary,
            dumps: ordered.dumps,
            env: raw.env,
            detach_on_execve,
            record: raw.record,
            replay: raw.replay,
            daemonize,
            interruptible,
        };
        Ok(config)
    }
}
