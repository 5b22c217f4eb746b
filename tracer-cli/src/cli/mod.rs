//! Command line: clap parses the raw flags ([`RawArgs`]), then [`Config::from_raw`] validates them
//! into the settings the rest of tracer uses. Usage errors are one line and exit 1, like strace.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{ArgAction, ArgMatches, CommandFactory as _, FromArgMatches as _, Parser, ValueEnum};

use crate::backend::ebpf::Scope;
use crate::decode::XlatStyle;
use crate::filter::paths::PathFilter;
use crate::inject::{InjectError, Injections};
use crate::printers::color::ColorChoice;
use crate::printers::timestamps::TimestampOptions;
use crate::sets::{DecodeFds, FdSet, Quiet, SignalSet, StatusSet, SyscallSet};

/// Which backend traces the command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BackendKind {
    /// ptrace(2): full decoding, any binary, no privileges needed; slow (a stop per syscall).
    Ptrace,
    /// eBPF raw_syscalls tracepoints and a ring buffer: same output, a fraction of the cost; needs
    /// root (CAP_BPF + CAP_PERFMON).
    Ebpf,
}

/// The flags as typed.
#[derive(Debug, Parser)]
#[command(
    name = "tracer",
    version,
    about = "Trace system calls like strace, with a ptrace or an eBPF backend.",
    override_usage = "tracer [--backend ptrace|ebpf] [-cCffhqqrtttTvVwyyzZ] [-a COLUMN] [-e EXPR]... \
                      [-o FILE] [-s STRSIZE] [-X FORMAT] [-P PATH]... [-p PID]... [-S SORTBY] [-U COLUMNS] \
                      [--json] [--perfetto FILE] [--all | --comm NAME | --uid UID | --cgroup PATH] \
                      { -p PID | [--] PROG [ARGS] }\n       tracer bench [--workload NAME]... [-n RUNS] [--modes LIST] [-- CMD ARGS]\n       \
                      tracer --check",
    disable_help_subcommand = true,
    args_override_self = true
)]
pub struct RawArgs {
    /// A qualifying expression: OPTION=[!]all or OPTION=[!]VAL1[,VAL2]...; options: trace,
    /// trace-fds, status, signal, inject, fault, quiet, abbrev, verbose, raw, decode-fds.
    #[arg(
        short = 'e',
        value_name = "EXPR",
        action = ArgAction::Append,
        allow_hyphen_values = true,
        help_heading = "General"
    )]
    pub expr: Vec<String>,

    /// Trace process PID (repeatable; a list separated by commas or spaces is accepted).
    #[arg(
        short = 'p',
        long = "attach",
        value_name = "PID",
        action = ArgAction::Append,
        allow_hyphen_values = true,
        help_heading = "Startup"
    )]
    pub attach: Vec<String>,

    /// Follow forks, vforks and clones (threads too); -ff with -o FILE: one FILE.PID per task.
    #[arg(short = 'f', long = "follow-forks", action = ArgAction::Count, help_heading = "Tracing")]
    pub follow: u8,

    /// With -o FILE and -f: write each task's trace to FILE.PID.
    #[arg(long = "output-separately", action = ArgAction::SetTrue, help_heading = "Tracing")]
    pub output_separately: bool,

    /// Trace only the syscalls in SET (as -e trace=SET).
    #[arg(long = "trace", value_name = "SET", action = ArgAction::Append, help_heading = "Filtering")]
    pub trace: Vec<String>,

    /// ptrace: stop the tracee at every syscall (PTRACE_SYSCALL) instead of only at the traced ones
    /// (seccomp-bpf, the default with -e trace= and -f).
    #[arg(long = "no-seccomp", help_heading = "Filtering")]
    pub no_seccomp: bool,

    /// ptrace: let a lone launched tracee run on any CPU. By default it and tracer share one CPU
    /// while it is the only task traced (much faster: no cross-CPU wake-up per stop); it gets its
    /// own mask back for sched_getaffinity, sched_setaffinity and the calls that create tasks.
    #[arg(long = "no-cpu-pin", help_heading = "Tracing")]
    pub no_cpu_pin: bool,

    /// Print only the calls whose return status is in SET (as -e status=SET): successful, failed,
    /// unfinished, unavailable, detached, all, none; a leading ! negates.
    #[arg(long = "status", value_name = "SET", action = ArgAction::Append, help_heading = "Filtering")]
    pub status: Vec<String>,

    /// Trace only the calls that touch PATH (repeatable): calls naming it, and calls on descriptors
    /// that refer to it, from the open to the close.
    #[arg(short = 'P', long = "trace-path", value_name = "PATH", action = ArgAction::Append, help_heading = "Filtering")]
    pub trace_path: Vec<OsString>,

    /// Trace only the calls on the descriptors in SET (as -e trace-fds=SET): numbers, all, none; a
    /// leading ! negates (from strace 6.10; combines with -P: a call matching either is shown).
    #[arg(long = "trace-fds", value_name = "SET", action = ArgAction::Append, help_heading = "Filtering")]
    pub trace_fds: Vec<String>,

    /// Print only the calls that returned without an error code (as -e status=successful).
    #[arg(short = 'z', long = "successful-only", action = ArgAction::Count, help_heading = "Filtering")]
    pub successful_only: u8,

    /// Print only the calls that returned an error code (as -e status=failed).
    #[arg(short = 'Z', long = "failed-only", action = ArgAction::Count, help_heading = "Filtering")]
    pub failed_only: u8,

    /// Trace only the signals in SET (as -e signal=SET): names with or without SIG, numbers, all,
    /// none, a leading ! negates.
    #[arg(long = "signal", value_name = "SET", action = ArgAction::Append, help_heading = "Filtering")]
    pub signal: Vec<String>,

    /// Send trace output to FILE instead of stderr.
    #[arg(short = 'o', long = "output", value_name = "FILE", help_heading = "Output format")]
    pub output: Option<PathBuf>,

    /// Limit length of print strings to STRSIZE chars (default 32).
    #[arg(
        short = 's',
        long = "string-limit",
        value_name = "STRSIZE",
        allow_hyphen_values = true,
        help_heading = "Output format"
    )]
    pub string_limit: Option<String>,

    /// Alignment COLUMN for printing syscall results (default 40).
    #[arg(short = 'a', value_name = "COLUMN", allow_hyphen_values = true, help_heading = "Output format")]
    pub columns_short: Option<String>,

    /// Alignment COLUMN for printing syscall results (default 40).
    #[arg(
        long = "columns",
        value_name = "COLUMN",
        allow_hyphen_values = true,
        help_heading = "Output format"
    )]
    pub columns: Option<String>,

    /// Abbreviate output for the syscalls in SET.
    #[arg(long = "abbrev", value_name = "SET", action = ArgAction::Append, help_heading = "Output format")]
    pub abbrev: Vec<String>,

    /// Dereference structures for the syscalls in SET.
    #[arg(long = "verbose", value_name = "SET", action = ArgAction::Append, help_heading = "Output format")]
    pub verbose: Vec<String>,

    /// Print undecoded arguments for the syscalls in SET.
    #[arg(long = "raw", value_name = "SET", action = ArgAction::Append, help_heading = "Output format")]
    pub raw: Vec<String>,

    /// Verbose mode: print entities unabbreviated (abbrev=none).
    #[arg(short = 'v', long = "no-abbrev", action = ArgAction::Count, help_heading = "Output format")]
    pub no_abbrev: u8,

    /// Set the FORMAT for printing of named constants and flags: raw, abbrev, verbose.
    #[arg(short = 'X', value_name = "FORMAT", allow_hyphen_values = true, help_heading = "Output format")]
    pub const_style_short: Option<String>,

    /// Set the FORMAT for printing of named constants and flags: raw, abbrev, verbose.
    #[arg(long = "const-print-style", value_name = "FORMAT", help_heading = "Output format")]
    pub const_print_style: Option<String>,

    /// Print the wall-clock time at the start of each line (-tt: with microseconds; -ttt: as UNIX
    /// time with microseconds).
    #[arg(short = 't', action = ArgAction::Count, help_heading = "Output format")]
    pub absolute_t: u8,

    /// Absolute timestamps as [[format:]FORMAT][,[precision:]PRECISION]: format none, time or unix
    /// (default time), precision s, ms, us or ns (default s).
    #[arg(
        long = "absolute-timestamps",
        value_name = "FORMAT",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "time",
        action = ArgAction::Append,
        help_heading = "Output format"
    )]
    pub absolute_timestamps: Vec<String>,

    /// Print the time since the previous line at its start.
    #[arg(short = 'r', help_heading = "Output format")]
    pub relative_r: bool,

    /// Relative timestamps with PRECISION: s, ms, us or ns (default us).
    #[arg(
        long = "relative-timestamps",
        value_name = "PRECISION",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "us",
        action = ArgAction::Append,
        help_heading = "Output format"
    )]
    pub relative_timestamps: Vec<String>,

    /// Print the time spent in each syscall, ` <0.000012>` (from the records' entry and exit
    /// timestamps, with either backend).
    #[arg(short = 'T', help_heading = "Output format")]
    pub syscall_times_t: bool,

    /// Syscall times with PRECISION: s, ms, us or ns (default us).
    #[arg(
        long = "syscall-times",
        value_name = "PRECISION",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "us",
        action = ArgAction::Append,
        help_heading = "Output format"
    )]
    pub syscall_times: Vec<String>,

    /// Write JSON lines instead of strace's text: one object per syscall (when it ends) or process
    /// event, arguments typed and raw (schema: docs/json-schema.md).
    #[arg(long = "json", help_heading = "Output format")]
    pub json: bool,

    /// Colour syscall names, strings, errors and signal/exit lines: auto (on a terminal, unless
    /// NO_COLOR is set), always, never.
    #[arg(
        long = "color",
        alias = "colour",
        value_name = "WHEN",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "always",
        help_heading = "Output format"
    )]
    pub color: Option<String>,

    /// Also write the trace as a Chrome trace-event JSON FILE (ui.perfetto.dev, chrome://tracing):
    /// a track per thread, each syscall a slice, signals and exits as instants.
    #[arg(long = "perfetto", value_name = "FILE", help_heading = "Output format")]
    pub perfetto: Option<PathBuf>,

    /// Print paths associated with file descriptors (-yy: all available information).
    #[arg(short = 'y', action = ArgAction::Count, help_heading = "Output format")]
    pub decode_fds_y: u8,

    /// What to decode of file descriptors: path, socket, dev, pidfd, all (default path).
    #[arg(
        long = "decode-fds",
        value_name = "SET",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "path",
        action = ArgAction::Append,
        help_heading = "Output format"
    )]
    pub decode_fds: Vec<String>,

    /// Suppress messages about attaching and detaching (-qq: process exit messages too; -qqq: all).
    #[arg(short = 'q', action = ArgAction::Count, help_heading = "Output format")]
    pub quiet: u8,

    /// Suppress the messages in SET (as -e quiet=SET): attach, exit, path-resolution,
    /// personality, thread-execve, all, none; a leading ! negates.
    #[arg(long = "quiet", value_name = "SET", action = ArgAction::Append, help_heading = "Output format")]
    pub quiet_set: Vec<String>,

    /// Diagnose this host for each backend (kernel, BTF, capabilities, ptrace, seccomp) and try
    /// both; one line per item, with the fix for what fails.
    #[arg(long = "check", help_heading = "Miscellaneous")]
    pub check: bool,

    /// `-c`, `-C`, `-w`, `-S`, `-U`, `--hist`, `--interval` (see `summary::flags`).
    #[command(flatten)]
    pub summary: crate::summary::SummaryFlags,

    /// Backend that does the tracing.
    #[arg(long, value_enum, default_value = "ptrace", help_heading = "Backends")]
    pub backend: BackendKind,

    /// eBPF only: read the ring buffer at tracer's own priority. By default the reader runs at
    /// nice -10, so that under a syscall storm traced tasks wait for CPU rather than lose records
    /// (the launched command keeps tracer's own priority).
    #[arg(long = "no-priority-boost", help_heading = "Backends")]
    pub no_priority_boost: bool,

    /// eBPF only: trace every task on the system (but tracer itself); lines carry pid and comm.
    #[arg(long = "all", help_heading = "Backends")]
    pub all: bool,

    /// eBPF only: trace the tasks whose comm is NAME.
    #[arg(long = "comm", value_name = "NAME", help_heading = "Backends")]
    pub comm: Option<String>,

    /// eBPF only: trace the tasks of user UID.
    #[arg(long = "uid", value_name = "UID", allow_hyphen_values = true, help_heading = "Backends")]
    pub uid: Option<String>,

    /// eBPF only: trace the tasks in cgroup (v2) PATH and its descendants.
    #[arg(long = "cgroup", value_name = "PATH", help_heading = "Backends")]
    pub cgroup: Option<PathBuf>,

    /// The program to trace and its arguments.
    #[arg(trailing_var_arg = true, value_name = "PROG [ARGS]")]
    pub command: Vec<OsString>,

    /// The order-sensitive flags (`-v`, `-e`, `-a`, `-X` and their long forms) as given, in order.
    #[arg(skip)]
    pub ordered: Vec<Ordered>,
}

/// One order-sensitive flag occurrence: its spelling and value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ordered {
    /// `-v`: `abbrev=none`.
    NoAbbrev,
    /// `-e EXPR`.
    Expr(String),
    /// `--trace=`, `--abbrev=`, `--verbose=`, `--raw=`, `--decode-fds=`, `--signal=`.
    Qualifier(Qualifier, String),
    /// `-a N` (`short`) or `--columns=N`.
    Columns { short: bool, value: String },
    /// `-X F` (`short`) or `--const-print-style=F`.
    ConstStyle { short: bool, value: String },
}

/// The `-e` qualifiers tracer implements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Qualifier {
    Trace,
    Abbrev,
    Verbose,
    Raw,
    DecodeFds,
    Signal,
    Status,
    Quiet,
    TraceFds,
}

impl RawArgs {
    /// clap's parse, plus the order of the flags whose later occurrences override earlier ones.
    pub fn try_parse_ordered<I, T>(args: I) -> Result<RawArgs, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        let matches = RawArgs::command().try_get_matches_from(args)?;
        let mut raw = RawArgs::from_arg_matches(&matches)?;
        raw.ordered = ordered_flags(&matches);
        Ok(raw)
    }
}

/// The order-sensitive occurrences, sorted by their position on the command line.
fn ordered_flags(matches: &ArgMatches) -> Vec<Ordered> {
    let mut found: Vec<(usize, Ordered)> = Vec::new();
    let mut values = |id: &str, make: &dyn Fn(String) -> Ordered| {
        let indices = matches.indices_of(id).into_iter().flatten();
        let texts = matches.get_many::<String>(id).into_iter().flatten();
        found.extend(indices.zip(texts).map(|(at, text)| (at, make(text.clone()))));
    };
    values("expr", &Ordered::Expr);
    values("trace", &|v| Ordered::Qualifier(Qualifier::Trace, v));
    values("abbrev", &|v| Ordered::Qualifier(Qualifier::Abbrev, v));
    values("verbose", &|v| Ordered::Qualifier(Qualifier::Verbose, v));
    values("raw", &|v| Ordered::Qualifier(Qualifier::Raw, v));
    values("decode_fds", &|v| Ordered::Qualifier(Qualifier::DecodeFds, v));
    values("signal", &|v| Ordered::Qualifier(Qualifier::Signal, v));
    values("status", &|v| Ordered::Qualifier(Qualifier::Status, v));
    values("quiet_set", &|v| Ordered::Qualifier(Qualifier::Quiet, v));
    values("trace_fds", &|v| Ordered::Qualifier(Qualifier::TraceFds, v));
    values("columns_short", &|value| Ordered::Columns { short: true, value });
    values("columns", &|value| Ordered::Columns { short: false, value });
    values("const_style_short", &|value| Ordered::ConstStyle { short: true, value });
    values("const_print_style", &|value| Ordered::ConstStyle { short: false, value });
    if matches.get_count("no_abbrev") > 0 {
        found.extend(matches.indices_of("no_abbrev").into_iter().flatten().map(|at| (at, Ordered::NoAbbrev)));
    }
    for (id, set) in [("successful_only", "successful"), ("failed_only", "failed")] {
        if matches.get_count(id) == 0 {
            continue;
        }
        let status = || Ordered::Qualifier(Qualifier::Status, set.to_string());
        found.extend(matches.indices_of(id).into_iter().flatten().map(|at| (at, status())));
    }
    found.sort_by_key(|&(at, _)| at);
    found.into_iter().map(|(_, o)| o).collect()
}

/// Validated settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub backend: BackendKind,
    pub output: Option<PathBuf>,
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
    /// `-t`, `-r`, `-T` and their long forms.
    pub timestamps: TimestampOptions,
    /// `--json`.
    pub json: bool,
    /// `--perfetto FILE`.
    pub perfetto: Option<PathBuf>,
    /// `--color`.
    pub color: ColorChoice,
    /// What `-P` said about paths it resolved (`Requested path "x" resolved into "/tmp/x"`).
    pub path_notes: Vec<String>,
    /// `-c`/`-C` and their options: `None` without a summary.
    pub summary: Option<crate::summary::Options>,
}

/// Which tasks are traced (`-f`, `-ff`, `-p`, and the eBPF-only scopes), and how their lives are
/// reported (`-q`, `-qq`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tracing {
    /// `-f`: follow fork, vfork, clone and clone3 children (threads too) from their first syscall.
    pub follow: bool,
    /// `-ff` with `-o FILE`: one `FILE.PID` per process.
    pub per_process_files: bool,
    /// `-p PID` (repeatable, comma lists): thread groups to attach to, in order given.
    pub attach: Vec<i32>,
    /// `-q`, `-qq`, `-qqq`, `-e quiet=`: the messages not printed.
    pub quiet: Quiet,
    /// eBPF only: trace beyond the command or `-p` (system-wide or by comm/uid/cgroup).
    pub scope: Scope,
}

/// A usage error: printed as `tracer: {0}` plus strace's `Try 'tracer -h'` hint, exit status 1.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0}")]
pub struct UsageError(pub String);

/// A bad value strace reports without the hint (its `error_msg_and_die`): `invalid system call 'x'`.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0}")]
pub struct BadValue(pub String);

/// Either kind of command-line error.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CliError {
    #[error(transparent)]
    Usage(#[from] UsageError),
    #[error(transparent)]
    BadValue(#[from] BadValue),
}

impl CliError {
    fn usage(text: impl Into<String>) -> Self {
        CliError::Usage(UsageError(text.into()))
    }

    fn bad(text: impl Into<String>) -> Self {
        CliError::BadValue(BadValue(text.into()))
    }

    /// A value a set parser refused, in its own words.
    fn bad_value(err: crate::sets::InvalidToken) -> Self {
        CliError::bad(err.to_string())
    }
}

/// The settings the order-sensitive flags build up, last occurrence winning.
struct Output {
    columns: u32,
    trace: SyscallSet,
    xlat: XlatStyle,
    abbrev: SyscallSet,
    verbose: SyscallSet,
    raw: SyscallSet,
    decode_fds: Option<DecodeFds>,
    signals: SignalSet,
    status: StatusSet,
    inject: Injections,
    /// `-e quiet=` (None: not given).
    quiet: Option<Quiet>,
    /// `-e trace-fds=` (None: not given).
    trace_fds: Option<FdSet>,
}

impl Output {
    fn new() -> Self {
        Output {
            columns: 40,
            trace: SyscallSet::all(),
            xlat: XlatStyle::Abbrev,
            abbrev: SyscallSet::all(),
            verbose: SyscallSet::all(),
            raw: SyscallSet::none(),
            decode_fds: None,
            signals: SignalSet::all(),
            status: StatusSet::all(),
            inject: Injections::default(),
            quiet: None,
            trace_fds: None,
        }
    }

    fn apply(&mut self, flag: &Ordered) -> Result<(), CliError> {
        match flag {
            Ordered::NoAbbrev => self.abbrev = SyscallSet::none(),
            Ordered::Expr(text) => self.expr(text)?,
            Ordered::Qualifier(qualifier, value) => self.qualify(*qualifier, value)?,
            Ordered::Columns { short, value } => {
                self.columns =
                    value.parse::<u32>().ok().filter(|&n| i32::try_from(n).is_ok()).ok_or_else(|| {
                        let flag = if *short { "-a" } else { "--columns" };
                        CliError::usage(format!("invalid {flag} argument: '{value}'"))
                    })?;
            }
            Ordered::ConstStyle { short, value } => {
                self.xlat = match value.as_str() {
                    "raw" => XlatStyle::Raw,
                    "abbrev" => XlatStyle::Abbrev,
                    "verbose" => XlatStyle::Verbose,
                    _ => {
                        let flag = if *short { "-X" } else { "--const-print-style" };
                        return Err(CliError::usage(format!("invalid {flag} argument: '{value}'")));
                    }
                };
            }
        }
        Ok(())
    }

    /// `-e QUALIFIER=VALUE`; without `=` strace reads `trace=VALUE`.
    fn expr(&mut self, text: &str) -> Result<(), CliError> {
        let (name, value) = text.split_once('=').unwrap_or(("trace", text));
        let qualifier = match name {
            "abbrev" | "a" => Qualifier::Abbrev,
            "verbose" | "v" => Qualifier::Verbose,
            "raw" | "x" => Qualifier::Raw,
            "decode-fds" | "decode-fd" => Qualifier::DecodeFds,
            "signal" | "signals" | "s" => Qualifier::Signal,
            "trace" | "t" => Qualifier::Trace,
            "status" => Qualifier::Status,
            "inject" | "fault" => return self.inject(value, name == "fault"),
            "quiet" | "silent" | "silence" | "q" => Qualifier::Quiet,
            "trace-fds" | "trace-fd" | "fd" | "fds" => Qualifier::TraceFds,
            "read" | "reads" | "r" | "write" | "writes" | "w" | "kvm" | "decode-pids" | "decode-pid" => {
                return Err(CliError::bad(format!("-e {name}= is not supported yet")));
            }
            // strace reads an unknown qualifier as part of a `trace=` set (which then fails).
            _ => return self.qualify(Qualifier::Trace, text),
        };
        self.qualify(qualifier, value)
    }

    /// `-e inject=` (`fault == false`) or `-e fault=`: rules accumulate, the last one per call wins.
    fn inject(&mut self, value: &str, fault: bool) -> Result<(), CliError> {
        match self.inject.add(value, fault) {
            Ok(warning) => {
                if let Some(warning) = warning {
                    eprintln!("tracer: {warning}");
                }
                Ok(())
            }
            Err(InjectError::Argument(text)) => Err(CliError::bad(text)),
            Err(InjectError::Set(err)) => Err(set_error(err)),
        }
    }

    fn qualify(&mut self, qualifier: Qualifier, value: &str) -> Result<(), CliError> {
        match qualifier {
            Qualifier::Trace => self.trace = SyscallSet::parse(value).map_err(set_error)?,
            Qualifier::Abbrev => self.abbrev = SyscallSet::parse(value).map_err(set_error)?,
            Qualifier::Verbose => self.verbose = SyscallSet::parse(value).map_err(set_error)?,
            Qualifier::Raw => self.raw = SyscallSet::parse(value).map_err(set_error)?,
            Qualifier::DecodeFds => {
                self.decode_fds = Some(DecodeFds::parse(value).map_err(CliError::bad_value)?);
            }
            Qualifier::Signal => self.signals = SignalSet::parse(value).map_err(CliError::bad_value)?,
            Qualifier::Status => self.status = StatusSet::parse(value).map_err(CliError::bad_value)?,
            Qualifier::Quiet => self.quiet = Some(Quiet::parse(value).map_err(CliError::bad_value)?),
            Qualifier::TraceFds => self.trace_fds = Some(FdSet::parse(value).map_err(CliError::bad_value)?),
        }
        Ok(())
    }
}

fn set_error(err: crate::sets::SetError) -> CliError {
    if err.wants_hint() {
        CliError::usage(err.to_string())
    } else {
        CliError::bad(err.to_string())
    }
}

impl Config {
    pub fn from_raw(raw: RawArgs) -> Result<Config, CliError> {
        let strlen = match raw.string_limit.as_deref() {
            None => 32,
            Some(text) => text
                .parse::<u32>()
                .ok()
                .filter(|&n| i32::try_from(n).is_ok())
                .ok_or_else(|| UsageError(format!("invalid -s argument: '{text}'")))?,
        };
        let mut output = Output::new();
        for flag in &raw.ordered {
            output.apply(flag)?;
        }
        let decode_fds = match (raw.decode_fds_y, output.decode_fds) {
            (0, None) => DecodeFds::NONE,
            (0, Some(set)) => set,
            (1, None) => DecodeFds::PATH,
            (_, None) => DecodeFds::ALL,
            (_, Some(_)) => {
                return Err(CliError::bad("-y and --decode-fds cannot be provided simultaneously"))
            }
        };
        if output.verbose != SyscallSet::all() {
            // Needs every structure decoder to know it; until then, refuse rather than ignore it.
            return Err(CliError::bad("-e verbose= is not supported yet (only verbose=all)"));
        }
        let tracing = tracing(&raw, output.quiet)?;
        if raw.command.is_empty() && tracing.attach.is_empty() && !tracing.scope.is_set() {
            return Err(CliError::usage("must have PROG [ARGS] or -p PID"));
        }
        if raw.backend == BackendKind::Ebpf && !output.inject.is_empty() {
            return Err(CliError::bad(
                "-e inject needs --backend ptrace: tracepoints cannot change a syscall's result",
            ));
        }
        if raw.backend == BackendKind::Ptrace && tracing.scope.is_set() {
            return Err(CliError::bad("--all, --comm, --uid and --cgroup need --backend ebpf"));
        }
        let mut paths = PathFilter::default();
        let mut path_notes = Vec::new();
        for path in &raw.trace_path {
            path_notes.extend(paths.add_path(std::path::Path::new(path)));
        }
        if let Some(fds) = output.trace_fds {
            paths.set_fds(fds);
        }
        let timestamps = TimestampOptions::from_flags(
            raw.absolute_t,
            &raw.absolute_timestamps,
            raw.relative_r,
            &raw.relative_timestamps,
            raw.syscall_times_t,
            &raw.syscall_times,
        )
        .map_err(CliError::usage)?;
        // strace adds its `Try -h` hint to its own summary flags' errors (-S, -U, -c/-C, -w); a bad
        // --hist set reads as -e trace='s, and --interval is tracer's.
        let summary = crate::summary::Options::from_flags(&raw.summary).map_err(|text| {
            if text.starts_with("invalid system call") || text.starts_with("invalid --interval") {
                CliError::bad(text)
            } else {
                CliError::usage(text)
            }
        })?;
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
        let config = Config {
            backend: raw.backend,
            output: raw.output,
            strlen,
            command: raw.command,
            columns: output.columns,
            trace: output.trace,
            no_seccomp: raw.no_seccomp,
            no_cpu_pin: raw.no_cpu_pin,
            no_priority_boost: raw.no_priority_boost,
            xlat: output.xlat,
            abbrev: output.abbrev,
            verbose: output.verbose,
            raw: output.raw,
            decode_fds,
            signals: output.signals,
            status: output.status,
            inject: output.inject,
            tracing,
            paths,
            timestamps,
            json: raw.json,
            perfetto: raw.perfetto.clone(),
            color,
            path_notes,
            summary,
        };
        Ok(config)
    }
}

/// `-f`, `-ff`, `-p`, `-q`, and the eBPF scopes.
fn tracing(raw: &RawArgs, quiet_set: Option<Quiet>) -> Result<Tracing, CliError> {
    let quiet = match (raw.quiet, quiet_set) {
        (0, set) => set.unwrap_or(Quiet::NONE),
        (count, None) => Quiet::from_count(count),
        (_, Some(_)) => {
            return Err(CliError::bad("-q and -e quiet/--quiet cannot be provided simultaneously"));
        }
    };
    let mut attach = Vec::new();
    for list in &raw.attach {
        parse_pids(list, &mut attach)?;
    }
    let uid = match raw.uid.as_deref() {
        None => None,
        Some(text) => Some(
            text.parse::<u32>()
                .ok()
                .filter(|&uid| uid != u32::MAX)
                .ok_or_else(|| CliError::bad(format!("invalid --uid argument: '{text}'")))?,
        ),
    };
    let comm = match raw.comm.as_deref() {
        Some("") => return Err(CliError::bad("invalid --comm argument: ''")),
        Some(name) if name.len() >= tracer_common::record::COMM_SIZE => {
            // The kernel keeps 15 bytes of a comm: a longer name could never match.
            return Err(CliError::bad(format!("invalid --comm argument: '{name}' (longer than 15 bytes)")));
        }
        other => other.map(str::to_string),
    };
    let follow = raw.follow > 0;
    Ok(Tracing {
        follow,
        // strace: -ff (or --output-separately) only splits files with -o; without -o it is -f.
        per_process_files: raw.output.is_some() && (raw.follow >= 2 || (follow && raw.output_separately)),
        attach,
        quiet,
        scope: Scope { all: raw.all, comm, uid, cgroup: raw.cgroup.clone() },
    })
}

/// One `-p` value as strace 6.1 reads it: PIDs separated by commas, spaces, tabs or newlines (for
/// `-p "$(pidof prog)"`); each a decimal in 1..=INT_MAX, and never tracer's own pid.
fn parse_pids(list: &str, out: &mut Vec<i32>) -> Result<(), CliError> {
    let mut rest = list;
    while !rest.is_empty() {
        let end = rest.find([',', ' ', '\t', '\n']).unwrap_or(rest.len());
        let token = &rest[..end];
        let pid = parse_c_int(token)
            .filter(|&pid| pid > 0)
            .ok_or_else(|| CliError::bad(format!("Invalid process id: '{token}'")))?;
        if u32::try_from(pid).ok() == Some(std::process::id()) {
            return Err(CliError::bad("I'm sorry, I can't let you do that, Dave."));
        }
        if !out.contains(&pid) {
            out.push(pid);
        }
        if end == rest.len() {
            break;
        }
        rest = &rest[end + 1..];
    }
    Ok(())
}

/// strtol(3) base 10 as strace's `string_to_uint` uses it: an optional sign, digits, nothing after.
fn parse_c_int(text: &str) -> Option<i32> {
    let digits = text.strip_prefix('+').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<i32>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Config, CliError> {
        let raw = RawArgs::try_parse_ordered(std::iter::once("tracer").chain(args.iter().copied()))
            .map_err(|e| CliError::usage(e.to_string()))?;
        Config::from_raw(raw)
    }

    fn usage(text: &str) -> Result<Config, CliError> {
        Err(CliError::usage(text))
    }

    fn bad(text: &str) -> Result<Config, CliError> {
        Err(CliError::bad(text))
    }

    fn nr(name: &str) -> u64 {
        u64::from(tracer_common::syscall::by_name(name).expect("known").nr)
    }

    #[test]
    fn defaults_match_strace() {
        let config = parse(&["ls", "/"]).expect("parses");
        assert_eq!(config.backend, BackendKind::Ptrace);
        assert_eq!(config.strlen, 32);
        assert_eq!(config.command, vec![OsString::from("ls"), OsString::from("/")]);
        assert_eq!(config.columns, 40);
        assert_eq!(config.xlat, XlatStyle::Abbrev);
        assert_eq!(
            (config.abbrev, config.verbose, config.raw),
            (SyscallSet::all(), SyscallSet::all(), SyscallSet::none())
        );
        assert_eq!(config.decode_fds, DecodeFds::NONE);
    }

    #[test]
    fn flags_after_the_command_belong_to_it() {
        let config = parse(&["-s", "64", "--backend", "ebpf", "--", "ls", "-l", "-s"]).expect("parses");
        assert_eq!(config.strlen, 64);
        assert_eq!(config.backend, BackendKind::Ebpf);
        assert_eq!(config.command, ["ls", "-l", "-s"].map(OsString::from).to_vec());
        let config = parse(&["ls", "-l"]).expect("parses");
        assert_eq!(config.command, ["ls", "-l"].map(OsString::from).to_vec());
        let config = parse(&["-y", "ls", "-yy", "-v"]).expect("parses");
        assert_eq!((config.decode_fds, config.abbrev), (DecodeFds::PATH, SyscallSet::all()));
    }

    #[test]
    fn bad_input_is_a_one_line_usage_error() {
        assert_eq!(parse(&["-s", "-5", "ls"]), usage("invalid -s argument: '-5'"));
        assert_eq!(parse(&["-s", "x", "ls"]), usage("invalid -s argument: 'x'"));
        assert_eq!(parse(&[]), usage("must have PROG [ARGS] or -p PID"));
        // An unknown flag before PROG is an error, not a program name.
        assert!(parse(&["--bogus", "ls"]).is_err_and(|e| e.to_string().contains("--bogus")));
    }

    #[test]
    fn columns_and_const_style() {
        assert_eq!(parse(&["-a", "60", "ls"]).map(|c| c.columns), Ok(60));
        assert_eq!(parse(&["-a", "0", "ls"]).map(|c| c.columns), Ok(0));
        assert_eq!(parse(&["--columns=7", "-a", "5", "ls"]).map(|c| c.columns), Ok(5));
        assert_eq!(parse(&["-a", "5", "--columns=7", "ls"]).map(|c| c.columns), Ok(7));
        assert_eq!(parse(&["-a", "x", "ls"]), usage("invalid -a argument: 'x'"));
        assert_eq!(parse(&["-a", "-1", "ls"]), usage("invalid -a argument: '-1'"));
        assert_eq!(parse(&["-a", "1000000000000", "ls"]), usage("invalid -a argument: '1000000000000'"));
        assert_eq!(parse(&["--columns=x", "ls"]), usage("invalid --columns argument: 'x'"));
        assert_eq!(parse(&["-X", "raw", "ls"]).map(|c| c.xlat), Ok(XlatStyle::Raw));
        assert_eq!(parse(&["-X", "raw", "-X", "verbose", "ls"]).map(|c| c.xlat), Ok(XlatStyle::Verbose));
        assert_eq!(parse(&["--const-print-style=abbrev", "ls"]).map(|c| c.xlat), Ok(XlatStyle::Abbrev));
        assert_eq!(parse(&["-X", "foo", "ls"]), usage("invalid -X argument: 'foo'"));
        assert_eq!(
            parse(&["--const-print-style=foo", "ls"]),
            usage("invalid --const-print-style argument: 'foo'")
        );
    }

    #[test]
    fn abbrev_and_raw_sets_apply_in_order() {
        let config = parse(&["-v", "ls"]).expect("parses");
        assert_eq!(config.abbrev, SyscallSet::none());
        let config = parse(&["-v", "-e", "abbrev=read", "ls"]).expect("parses");
        assert!(config.abbrev.contains(nr("read")) && !config.abbrev.contains(nr("write")));
        let config = parse(&["-e", "abbrev=read", "-v", "ls"]).expect("parses");
        assert_eq!(config.abbrev, SyscallSet::none());
        let config = parse(&["--abbrev=none", "-e", "a=all", "ls"]).expect("parses");
        assert_eq!(config.abbrev, SyscallSet::all());
        let config = parse(&["-e", "raw=openat,close", "ls"]).expect("parses");
        assert!(config.raw.contains(nr("openat")) && !config.raw.contains(nr("read")));
        assert_eq!(parse(&["--raw=all", "ls"]).map(|c| c.raw), Ok(SyscallSet::all()));
        assert_eq!(parse(&["-e", "x=all", "ls"]).map(|c| c.raw), Ok(SyscallSet::all()));
        assert_eq!(parse(&["-e", "verbose=all", "ls"]).map(|c| c.verbose), Ok(SyscallSet::all()));
    }

    #[test]
    fn bad_sets_read_like_strace_without_the_hint() {
        assert_eq!(parse(&["-e", "abbrev=foo", "ls"]), bad("invalid system call 'foo'"));
        assert_eq!(parse(&["-e", "raw=", "ls"]), bad("invalid system call ''"));
        assert_eq!(parse(&["--raw=%foo", "ls"]), bad("invalid system call '%foo'"));
        assert_eq!(parse(&["-e", "foo=bar", "ls"]), bad("invalid system call 'foo=bar'"));
        assert_eq!(
            parse(&["-e", "raw=read@16", "ls"]),
            usage("incorrect personality designator '16' in qualification 'read@16'")
        );
        assert_eq!(parse(&["-e", "trace=foo", "ls"]), bad("invalid system call 'foo'"));
        assert_eq!(parse(&["--trace=%foo", "ls"]), bad("invalid system call '%foo'"));
        assert_eq!(parse(&["-e", "t=", "ls"]), bad("invalid system call ''"));
    }

    #[test]
    fn status_sets_z_and_big_z_last_one_wins() {
        use crate::sets::Status;
        let status = |args: &[&str]| parse(args).map(|c| c.status);
        assert_eq!(status(&["ls"]), Ok(StatusSet::all()));
        let failed = StatusSet::parse("failed").expect("valid");
        let successful = StatusSet::parse("successful").expect("valid");
        assert_eq!(status(&["-Z", "ls"]), Ok(failed));
        assert_eq!(status(&["--failed-only", "ls"]), Ok(failed));
        assert_eq!(status(&["-z", "ls"]), Ok(successful));
        assert_eq!(status(&["-z", "-Z", "ls"]), Ok(failed));
        assert_eq!(status(&["-Z", "-e", "status=successful", "ls"]), Ok(successful));
        assert_eq!(status(&["-e", "status=successful", "-Z", "ls"]), Ok(failed));
        let both = status(&["--status=failed,unfinished", "ls"]).expect("parses");
        assert!(both.contains(Status::Unfinished) && !both.contains(Status::Successful));
        assert_eq!(parse(&["-e", "status=bogus", "ls"]), bad("invalid status 'bogus'"));
        assert_eq!(parse(&["-e", "status=", "ls"]), bad("invalid status ''"));
    }

    #[test]
    fn inject_and_fault() {
        let config =
            parse(&["-e", "inject=openat:error=ENOENT:when=2", "-e", "fault=getpid", "ls"]).expect("parses");
        assert_eq!(config.inject.rule(nr("openat")).map(|r| r.ret), Some(Some(-2)));
        assert_eq!(config.inject.rule(nr("getpid")).map(|r| r.ret), Some(Some(-38)));
        assert!(
            crate::filter::calls_to_see(config.trace, config.inject.calls(), false).contains(nr("getpid"))
        );
        assert_eq!(parse(&["-e", "inject=openat", "ls"]), bad("invalid inject argument 'openat'"));
        assert_eq!(
            parse(&["-e", "fault=openat:retval=1", "ls"]),
            bad("invalid fault argument 'openat:retval=1'")
        );
        assert_eq!(parse(&["-e", "inject=foo:error=EPERM", "ls"]), bad("invalid system call 'foo'"));
        assert_eq!(
            parse(&["--backend", "ebpf", "-e", "fault=getpid", "ls"]),
            bad("-e inject needs --backend ptrace: tracepoints cannot change a syscall's result")
        );
    }

    #[test]
    fn trace_sets_in_every_spelling() {
        let trace = |args: &[&str]| parse(args).map(|c| c.trace);
        assert_eq!(trace(&["ls"]), Ok(SyscallSet::all()));
        let open_close = trace(&["-e", "trace=openat,close", "ls"]).expect("parses");
        assert!(open_close.contains(nr("openat")) && open_close.contains(nr("close")));
        assert!(!open_close.contains(nr("read")));
        for spelling in [&["-e", "t=openat,close"][..], &["--trace=openat,close"], &["-e", "openat,close"]] {
            let args: Vec<&str> = spelling.iter().copied().chain(["ls"]).collect();
            assert_eq!(trace(&args), Ok(open_close));
        }
        let not_read = trace(&["-e", "trace=!read", "ls"]).expect("parses");
        assert!(!not_read.contains(nr("read")) && not_read.contains(nr("write")));
        // The last one wins.
        assert_eq!(trace(&["-e", "trace=read", "--trace=all", "ls"]), Ok(SyscallSet::all()));
        assert_eq!(parse(&["--no-seccomp", "ls"]).map(|c| c.no_seccomp), Ok(true));
    }

    #[test]
    fn fd_decoding_levels() {
        assert_eq!(parse(&["-y", "ls"]).map(|c| c.decode_fds), Ok(DecodeFds::PATH));
        assert_eq!(parse(&["-yy", "ls"]).map(|c| c.decode_fds), Ok(DecodeFds::ALL));
        assert_eq!(parse(&["-y", "-y", "-y", "ls"]).map(|c| c.decode_fds), Ok(DecodeFds::ALL));
        assert_eq!(parse(&["--decode-fds", "ls"]).map(|c| c.decode_fds), Ok(DecodeFds::PATH));
        assert_eq!(parse(&["--decode-fds=all", "ls"]).map(|c| c.decode_fds), Ok(DecodeFds::ALL));
        assert_eq!(parse(&["-e", "decode-fds=none", "ls"]).map(|c| c.decode_fds), Ok(DecodeFds::NONE));
        let config = parse(&["-e", "decode-fds=path,dev", "ls"]).expect("parses");
        assert!(config.decode_fds.path && config.decode_fds.dev && !config.decode_fds.socket);
        assert_eq!(parse(&["-e", "decode-fds=foo", "ls"]), bad("invalid decode-fds 'foo'"));
        assert_eq!(
            parse(&["-y", "-e", "decode-fds=path", "ls"]),
            bad("-y and --decode-fds cannot be provided simultaneously")
        );
    }

    #[test]
    fn follow_and_per_process_files() {
        let t = |args: &[&str]| parse(args).map(|c| (c.tracing.follow, c.tracing.per_process_files));
        assert_eq!(t(&["ls"]), Ok((false, false)));
        assert_eq!(t(&["-f", "ls"]), Ok((true, false)));
        // strace: -ff without -o is -f.
        assert_eq!(t(&["-ff", "ls"]), Ok((true, false)));
        assert_eq!(t(&["-f", "-f", "-o", "x", "ls"]), Ok((true, true)));
        assert_eq!(t(&["-ff", "-o", "x", "ls"]), Ok((true, true)));
        assert_eq!(t(&["-f", "--output-separately", "-o", "x", "ls"]), Ok((true, true)));
    }

    #[test]
    fn pids_as_strace_reads_them() {
        let pids = |args: &[&str]| parse(args).map(|c| c.tracing.attach);
        assert_eq!(pids(&["-p", "1"]), Ok(vec![1]));
        assert_eq!(pids(&["-p", "1,2", "-p", "3 4\t5\n6"]), Ok(vec![1, 2, 3, 4, 5, 6]));
        assert_eq!(pids(&["-p", "1 ", "-p", "+7", "-p", "1"]), Ok(vec![1, 7]));
        // strace allows a command besides -p.
        assert_eq!(parse(&["-p", "1", "ls"]).map(|c| (c.tracing.attach, c.command.len())), Ok((vec![1], 1)));
        assert_eq!(pids(&["-p", "x"]).err(), bad("Invalid process id: 'x'").err());
        assert_eq!(pids(&["-p", "0"]).err(), bad("Invalid process id: '0'").err());
        assert_eq!(pids(&["-p", "-1"]).err(), bad("Invalid process id: '-1'").err());
        assert_eq!(pids(&["-p", "1,x"]).err(), bad("Invalid process id: 'x'").err());
        assert_eq!(pids(&["-p", "1,,2"]).err(), bad("Invalid process id: ''").err());
        assert_eq!(pids(&["-p", " 1"]).err(), bad("Invalid process id: ''").err());
        assert_eq!(pids(&["-p", "0x10"]).err(), bad("Invalid process id: '0x10'").err());
        assert_eq!(pids(&["-p", "2147483648"]).err(), bad("Invalid process id: '2147483648'").err());
        let own = std::process::id().to_string();
        assert_eq!(pids(&["-p", &own]).err(), bad("I'm sorry, I can't let you do that, Dave.").err());
        // An empty list attaches to nothing: PROG is then required.
        assert_eq!(pids(&["-p", ""]).err(), usage("must have PROG [ARGS] or -p PID").err());
    }

    #[test]
    fn quiet_levels() {
        assert_eq!(parse(&["ls"]).map(|c| c.tracing.quiet), Ok(Quiet::from_count(0)));
        assert_eq!(parse(&["-q", "ls"]).map(|c| c.tracing.quiet), Ok(Quiet::from_count(1)));
        assert_eq!(parse(&["-qq", "ls"]).map(|c| c.tracing.quiet), Ok(Quiet::from_count(2)));
        assert_eq!(parse(&["-q", "-qq", "ls"]).map(|c| c.tracing.quiet), Ok(Quiet::from_count(3)));
        assert_eq!(
            parse(&["-e", "quiet=exit", "ls"]).map(|c| c.tracing.quiet),
            Quiet::parse("exit").map_err(CliError::bad_value)
        );
        assert_eq!(parse(&["--quiet=all", "ls"]).map(|c| c.tracing.quiet), Ok(Quiet::from_count(3)));
        assert!(parse(&["-q", "--quiet=exit", "ls"]).is_err());
    }

    #[test]
    fn signal_sets() {
        let set = |args: &[&str]| parse(args).map(|c| c.signals);
        assert_eq!(set(&["ls"]), Ok(SignalSet::all()));
        let chld = set(&["-e", "signal=SIGCHLD", "ls"]).expect("parses");
        assert!(chld.contains(17) && !chld.contains(2));
        for spelling in ["chld", "SIGchld", "17", "sigCHLD"] {
            assert_eq!(set(&["-e", &format!("signal={spelling}"), "ls"]), Ok(chld));
        }
        assert_eq!(set(&["--signal=CHLD", "ls"]), Ok(chld));
        assert_eq!(set(&["-e", "s=CHLD", "ls"]), Ok(chld));
        let not_chld = set(&["-e", "signal=!CHLD", "ls"]).expect("parses");
        assert!(!not_chld.contains(17) && not_chld.contains(2));
        assert_eq!(set(&["-e", "signal=none", "ls"]), Ok(SignalSet::none()));
        assert_eq!(set(&["-e", "signal=!all", "ls"]), Ok(SignalSet::none()));
        assert_eq!(set(&["-e", "signal=!none", "ls"]), Ok(SignalSet::all()));
        assert_eq!(set(&["-e", "signal=!!all", "ls"]), Ok(SignalSet::all()));
        let rt = set(&["-e", "signal=RTMIN,rt_1,255", "ls"]).expect("parses");
        assert!(rt.contains(32) && rt.contains(33) && rt.contains(255) && !rt.contains(34));
        // The last one wins.
        assert_eq!(set(&["-e", "signal=none", "--signal=all", "ls"]), Ok(SignalSet::all()));
        assert_eq!(set(&["-e", "signal=foo", "ls"]).err(), bad("invalid signal 'foo'").err());
        assert_eq!(set(&["-e", "signal=SIGFOO", "ls"]).err(), bad("invalid signal 'SIGFOO'").err());
        assert_eq!(set(&["-e", "signal=", "ls"]).err(), bad("invalid signal ''").err());
        assert_eq!(set(&["-e", "signal=-1", "ls"]).err(), bad("invalid signal '-1'").err());
        assert_eq!(set(&["-e", "signal=256", "ls"]).err(), bad("invalid signal '256'").err());
        assert_eq!(set(&["-e", "signal=all,foo", "ls"]).err(), bad("invalid signal 'all'").err());
        assert_eq!(set(&["-e", "signal=!none,chld", "ls"]).err(), bad("invalid signal 'none'").err());
        assert_eq!(set(&["-e", "signal=2,x", "ls"]).err(), bad("invalid signal 'x'").err());
        assert_eq!(set(&["--signal=foo", "ls"]).err(), bad("invalid signal 'foo'").err());
    }

    #[test]
    fn ebpf_scopes() {
        let scope = |args: &[&str]| parse(args).map(|c| c.tracing.scope);
        assert_eq!(scope(&["--backend", "ebpf", "--all"]).map(|s| s.all), Ok(true));
        let s =
            scope(&["--backend", "ebpf", "--comm", "nginx", "--uid", "33", "--cgroup", "/sys/fs/cgroup/x"])
                .expect("parses");
        assert_eq!(s.comm.as_deref(), Some("nginx"));
        assert_eq!(s.uid, Some(33));
        assert_eq!(s.cgroup, Some(PathBuf::from("/sys/fs/cgroup/x")));
        assert!(s.is_set());
        for flag in [&["--all"][..], &["--comm", "x"], &["--uid", "0"], &["--cgroup", "/x"]] {
            assert_eq!(parse(flag).err(), bad("--all, --comm, --uid and --cgroup need --backend ebpf").err());
        }
        assert_eq!(
            scope(&["--backend", "ebpf", "--uid", "x"]).err(),
            bad("invalid --uid argument: 'x'").err()
        );
        assert_eq!(
            scope(&["--backend", "ebpf", "--uid", "-1"]).err(),
            bad("invalid --uid argument: '-1'").err()
        );
        assert_eq!(
            scope(&["--backend", "ebpf", "--comm", ""]).err(),
            bad("invalid --comm argument: ''").err()
        );
        assert_eq!(
            scope(&["--backend", "ebpf", "--comm", "a-name-of-16-byt"]).err(),
            bad("invalid --comm argument: 'a-name-of-16-byt' (longer than 15 bytes)").err()
        );
    }
}
