//! `tracer`: strace's output from a ptrace or an eBPF backend. This binary parses the command line
//! and hands the run to the library (`tracer::session`); `tracer bench`, `tracer --check` and the
//! man page generator are tools of the binary's own.

mod bench;
mod check;
mod manpage;

use std::io;
use std::process::ExitCode;

use tracer::cli::{BadValue, CliError, Config, RawArgs, UsageError};

fn main() -> ExitCode {
    tracer::messages::set_program_name(std::env::args_os().next().as_deref());
    let name = tracer::messages::program_name();
    match run() {
        Ok(code) => code,
        Err(err) => {
            if let Some(usage) = err.downcast_ref::<UsageError>() {
                eprintln!("{name}: {usage}\nTry '{name} -h' for more information.");
            } else if let Some(bad) = err.downcast_ref::<BadValue>() {
                // strace says these without the hint (`invalid system call 'x'`).
                eprintln!("{name}: {bad}");
            } else if is_broken_pipe(&err) {
                // Output closed under us (`| head`): exit quietly, like a well-behaved filter.
            } else {
                // One line, without Rust's `(os error N)` after the strerror text.
                let text = format!("{err:#}");
                let text = match (text.find(" (os error "), text.rfind(')')) {
                    (Some(at), Some(end)) if end > at => format!("{}{}", &text[..at], &text[end + 1..]),
                    _ => text,
                };
                eprintln!("{name}: {text}");
            }
            ExitCode::from(1)
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    // `tracer bench ...` (to trace a program named `bench`, give its path: `tracer ./bench`).
    if std::env::args_os().nth(1).is_some_and(|a| a == "bench") {
        return bench::main(std::env::args_os().skip(2).collect());
    }
    // Hidden: what `cargo xtask man` runs.
    if std::env::args_os().nth(1).is_some_and(|a| a == "__generate-docs") {
        let dir = std::env::args_os().nth(2).map_or_else(|| "target/man".into(), std::path::PathBuf::from);
        manpage::generate(&dir)?;
        return Ok(ExitCode::SUCCESS);
    }
    let raw = match RawArgs::try_parse_ordered(std::env::args_os()) {
        Ok(raw) => raw,
        Err(err) if !err.use_stderr() => {
            // --help and --version.
            err.print()?;
            return Ok(ExitCode::SUCCESS);
        }
        Err(err) => return Err(UsageError(clap_one_line(&err)).into()),
    };
    if raw.check {
        return Ok(check::run());
    }
    let config = match Config::from_raw(raw) {
        Ok(config) => config,
        Err(CliError::Usage(err)) => return Err(err.into()),
        Err(CliError::BadValue(err)) => return Err(err.into()),
    };
    if config.filter_explain {
        print!("{}", tracer::session::explain_filter(&config));
        return Ok(ExitCode::SUCCESS);
    }
    Ok(tracer::session::run(&config)?)
}

/// True when the error, or anything it wraps, is a write to a closed pipe.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .any(|cause| cause.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe))
}

/// clap's message without its `error: ` prefix and usage block: one line, like strace.
fn clap_one_line(err: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let context = |kind| match err.get(kind) {
        Some(ContextValue::String(text)) => Some(text.clone()),
        _ => None,
    };
    // getopt's words, as strace prints them: `unrecognized option '--x'`, `invalid option -- 'j'`,
    // `option requires an argument -- 'S'`, `option '--foo' requires an argument`.
    let flag = context(ContextKind::InvalidArg);
    match (err.kind(), flag.as_deref()) {
        (ErrorKind::UnknownArgument, Some(arg)) if arg.starts_with("--") => {
            let name = arg.split('=').next().unwrap_or(arg);
            return format!("unrecognized option '{name}'");
        }
        (ErrorKind::UnknownArgument, Some(arg)) if arg.starts_with('-') && arg.len() > 1 => {
            let letter = arg.chars().nth(1).unwrap_or('-');
            return format!("invalid option -- '{letter}'");
        }
        (ErrorKind::InvalidValue | ErrorKind::NoEquals, Some(arg))
            if context(ContextKind::InvalidValue).is_some_and(|v| v.is_empty()) =>
        {
            // A flag without its value: clap names the flag by its long form when it has one, so
            // the spelling used is the command line's last word (`-S` or `--summary-sort-by`).
            let last = std::env::args().next_back().unwrap_or_default();
            let name = arg.split([' ', '=']).next().unwrap_or(arg);
            return match last.strip_prefix("--") {
                Some(long) if !long.is_empty() => {
                    format!("option '--{}' requires an argument", long.split('=').next().unwrap_or(long))
                }
                _ if last.starts_with('-') && last.len() > 1 => {
                    format!("option requires an argument -- '{}'", last.chars().last().unwrap_or('-'))
                }
                _ => format!("option '{name}' requires an argument"),
            };
        }
        _ => {}
    }
    let text = err.to_string();
    let first = text.lines().next().unwrap_or_default();
    first.strip_prefix("error: ").unwrap_or(first).to_string()
}
