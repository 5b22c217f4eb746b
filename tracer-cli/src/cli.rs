//! Command line: clap parses the raw flags ([`RawArgs`]), then [`Config::from_raw`] validates them
//! into the settings the rest of tracer uses. Usage errors are one line and exit 1, like strace.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{ArgAction, ArgMatches, CommandFactory as _, FromArgMatches as _, Parser, ValueEnum};

use crate::decode::XlatStyle;
use crate::fdnames::DecodeFds;
use crate::syscall_set::SyscallSet;

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
    override_usage = "tracer [--backend ptrace|ebpf] [-vy] [-a COLUMN] [-e EXPR]... [-o FILE] [-s STRSIZE] \
                      [-X FORMAT] [--] PROG [ARGS]...",
    disable_help_subcommand = true,
    args_override_self = true
)]
pub struct RawArgs {
    /// Backend that does the tracing.
    #[arg(long, value_enum, default_value = "ptrace", help_heading = "Backends")]
    pub backend: BackendKind,

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

    /// A qualifying expression: abbrev=SET, verbose=SET, raw=SET or decode-fds=SET.
    #[arg(
        short = 'e',
        value_name = "EXPR",
        action = ArgAction::Append,
        allow_hyphen_values = true,
        help_heading = "Output format"
    )]
    pub expr: Vec<String>,

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
    /// `--abbrev=`, `--verbose=`, `--raw=`, `--decode-fds=`.
    Qualifier(Qualifier, String),
    /// `-a N` (`short`) or `--columns=N`.
    Columns { short: bool, value: String },
    /// `-X F` (`short`) or `--const-print-style=F`.
    ConstStyle { short: bool, value: String },
}

/// The `-e` qualifiers tracer implements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Qualifier {
    Abbrev,
    Verbose,
    Raw,
    DecodeFds,
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
    values("abbrev", &|v| Ordered::Qualifier(Qualifier::Abbrev, v));
    values("verbose", &|v| Ordered::Qualifier(Qualifier::Verbose, v));
    values("raw", &|v| Ordered::Qualifier(Qualifier::Raw, v));
    values("decode_fds", &|v| Ordered::Qualifier(Qualifier::DecodeFds, v));
    values("columns_short", &|value| Ordered::Columns { short: true, value });
    values("columns", &|value| Ordered::Columns { short: false, value });
    values("const_style_short", &|value| Ordered::ConstStyle { short: true, value });
    values("const_print_style", &|value| Ordered::ConstStyle { short: false, value });
    if matches.get_count("no_abbrev") > 0 {
        found.extend(matches.indices_of("no_abbrev").into_iter().flatten().map(|at| (at, Ordered::NoAbbrev)));
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
    /// PROG and its ARGS (never empty).
    pub command: Vec<OsString>,
    /// strace's `-a`: the column of ` = `.
    pub columns: u32,
    /// strace's `-X`.
    pub xlat: XlatStyle,
    /// `-e abbrev=` (`-v` is `abbrev=none`): calls whose structures are abbreviated.
    pub abbrev: SyscallSet,
    /// `-e verbose=`: calls whose structures are decoded at all.
    pub verbose: SyscallSet,
    /// `-e raw=`: calls printed with undecoded hex arguments.
    pub raw: SyscallSet,
    /// `-y`, `-yy`, `-e decode-fds=`.
    pub decode_fds: DecodeFds,
    /// Which tasks are traced, and how they are reported.
    pub tracing: Tracing,
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
    /// `-q` (1): no attach/detach messages; `-qq` (2): no exit (`+++`) lines either.
    pub quiet: u8,
    /// eBPF only: trace beyond the command or `-p` (system-wide or by comm/uid/cgroup).
    pub scope: Scope,
}

/// The eBPF backend's production scopes, evaluated in the kernel; all set filters must match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    /// `--all`: every task on the system (but the tracer).
    pub all: bool,
    /// `--comm NAME`: tasks whose comm is NAME.
    pub comm: Option<String>,
    /// `--uid UID`.
    pub uid: Option<u32>,
    /// `--cgroup PATH`: tasks in this cgroup (v2).
    pub cgroup: Option<PathBuf>,
}

impl Scope {
    /// True when any production scope is set (then there may be no command and no `-p`).
    pub fn is_set(&self) -> bool {
        self.all || self.comm.is_some() || self.uid.is_some() || self.cgroup.is_some()
    }
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
}

/// The settings the order-sensitive flags build up, last occurrence winning.
struct Output {
    columns: u32,
    xlat: XlatStyle,
    abbrev: SyscallSet,
    verbose: SyscallSet,
    raw: SyscallSet,
    decode_fds: Option<DecodeFds>,
}

impl Output {
    fn new() -> Self {
        Output {
            columns: 40,
            xlat: XlatStyle::Abbrev,
            abbrev: SyscallSet::all(),
            verbose: SyscallSet::all(),
            raw: SyscallSet::none(),
            decode_fds: None,
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
            "trace" | "t" | "signal" | "signals" | "s" | "status" | "read" | "reads" | "r" | "write"
            | "writes" | "w" | "fault" | "inject" | "kvm" | "quiet" | "silent" | "silence" | "q"
            | "decode-pids" | "decode-pid" => {
                return Err(CliError::bad(format!("-e {name}= is not supported yet")));
            }
            // strace reads an unknown qualifier as part of a `trace=` set, which then fails.
            _ => {
                SyscallSet::parse(text).map_err(set_error)?;
                return Err(CliError::bad("-e trace= is not supported yet"));
            }
        };
        self.qualify(qualifier, value)
    }

    fn qualify(&mut self, qualifier: Qualifier, value: &str) -> Result<(), CliError> {
        match qualifier {
            Qualifier::Abbrev => self.abbrev = SyscallSet::parse(value).map_err(set_error)?,
            Qualifier::Verbose => self.verbose = SyscallSet::parse(value).map_err(set_error)?,
            Qualifier::Raw => self.raw = SyscallSet::parse(value).map_err(set_error)?,
            Qualifier::DecodeFds => {
                self.decode_fds = Some(
                    DecodeFds::parse(value)
                        .map_err(|bad| CliError::bad(format!("invalid decode-fds '{bad}'")))?,
                );
            }
        }
        Ok(())
    }
}

fn set_error(err: crate::syscall_set::SetError) -> CliError {
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
        if raw.command.is_empty() {
            return Err(CliError::usage("must have PROG [ARGS] or -p PID"));
        }
        Ok(Config {
            backend: raw.backend,
            output: raw.output,
            strlen,
            command: raw.command,
            columns: output.columns,
            xlat: output.xlat,
            abbrev: output.abbrev,
            verbose: output.verbose,
            raw: output.raw,
            decode_fds,
            // TODO(issue 4): -f, -ff, -p, -q, -qq, --all/--comm/--uid/--cgroup.
            tracing: Tracing::default(),
        })
    }
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
        assert_eq!(parse(&["-e", "trace=open", "ls"]), bad("-e trace= is not supported yet"));
        assert_eq!(parse(&["-e", "open", "ls"]), bad("-e trace= is not supported yet"));
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
}
