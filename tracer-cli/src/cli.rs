//! Command line: clap parses the raw flags ([`RawArgs`]), then [`Config::from_raw`] validates them
//! into the settings the rest of tracer uses. Usage errors are one line and exit 1, like strace.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Parser, ValueEnum};

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
    override_usage = "tracer [--backend ptrace|ebpf] [-o FILE] [-s STRSIZE] [--] PROG [ARGS]...",
    disable_help_subcommand = true
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

    /// The program to trace and its arguments.
    #[arg(trailing_var_arg = true, value_name = "PROG [ARGS]")]
    pub command: Vec<OsString>,
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
}

/// A usage error: printed as `tracer: {0}` plus a hint, exit status 1.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0}")]
pub struct UsageError(pub String);

impl Config {
    pub fn from_raw(raw: RawArgs) -> Result<Config, UsageError> {
        let strlen = match raw.string_limit.as_deref() {
            None => 32,
            Some(text) => text
                .parse::<u32>()
                .ok()
                .filter(|&n| i32::try_from(n).is_ok())
                .ok_or_else(|| UsageError(format!("invalid -s argument: '{text}'")))?,
        };
        if raw.command.is_empty() {
            return Err(UsageError("must have PROG [ARGS] or -p PID".into()));
        }
        Ok(Config { backend: raw.backend, output: raw.output, strlen, command: raw.command })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Config, UsageError> {
        let raw = RawArgs::try_parse_from(std::iter::once("tracer").chain(args.iter().copied()))
            .map_err(|e| UsageError(e.to_string()))?;
        Config::from_raw(raw)
    }

    #[test]
    fn defaults_match_strace() {
        let config = parse(&["ls", "/"]).expect("parses");
        assert_eq!(config.backend, BackendKind::Ptrace);
        assert_eq!(config.strlen, 32);
        assert_eq!(config.command, vec![OsString::from("ls"), OsString::from("/")]);
    }

    #[test]
    fn flags_after_the_command_belong_to_it() {
        let config = parse(&["-s", "64", "--backend", "ebpf", "--", "ls", "-l", "-s"]).expect("parses");
        assert_eq!(config.strlen, 64);
        assert_eq!(config.backend, BackendKind::Ebpf);
        assert_eq!(config.command, ["ls", "-l", "-s"].map(OsString::from).to_vec());
        let config = parse(&["ls", "-l"]).expect("parses");
        assert_eq!(config.command, ["ls", "-l"].map(OsString::from).to_vec());
    }

    #[test]
    fn bad_input_is_a_one_line_usage_error() {
        assert_eq!(parse(&["-s", "-5", "ls"]), Err(UsageError("invalid -s argument: '-5'".into())));
        assert_eq!(parse(&["-s", "x", "ls"]), Err(UsageError("invalid -s argument: 'x'".into())));
        assert_eq!(parse(&[]), Err(UsageError("must have PROG [ARGS] or -p PID".into())));
        // An unknown flag before PROG is an error, not a program name.
        assert!(parse(&["--bogus", "ls"]).is_err_and(|e| e.0.contains("--bogus")));
    }
}
