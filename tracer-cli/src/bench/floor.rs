//! The `floor` mode: `tracer bench __floor -- CMD` runs CMD untraced while programs that return at
//! once sit on the syscall tracepoints. Its ratio is the least any eBPF mode can cost here.

use std::ffi::OsString;
use std::process::{Command, ExitCode};

use anyhow::Context as _;

use tracer::backend::ebpf::Floor;

/// The hidden argument that selects this mode's runner.
pub const SELF_ARG: &str = "__floor";

/// Attach the floor programs, run the command after `--`, and exit as it did.
pub fn run(args: &[OsString]) -> anyhow::Result<ExitCode> {
    let command = match args.split_first() {
        Some((dashes, rest)) if dashes == "--" => rest,
        _ => args,
    };
    let (program, rest) = command.split_first().context("bench __floor: no command")?;
    let floor = Floor::attach().context("bench __floor: attaching the floor programs")?;
    let status = Command::new(program)
        .args(rest)
        .status()
        .with_context(|| format!("bench __floor: starting {}", program.to_string_lossy()))?;
    drop(floor);
    let code = status.code().unwrap_or(128) as u8;
    Ok(ExitCode::from(code))
}
