//! `tracer bench`: slowdown ratios of each backend, strace and peers, side by side, checked against
//! tracer's performance targets.
//!
//! `main` gets the arguments after `bench`. Built-in workloads run as `tracer bench __workload NAME
//! N [DIR]` (this same binary), so the traced program is our own code and needs nothing installed.
//!
//! - [`args`]: flags; [`workloads`]: the built-in workloads and what they are expected to call;
//! - [`modes`]: each mode's command line; [`floor`]: the `floor` mode's runner; [`http`]: the `http` workload's server and client; [`rounds`]: warm-up and interleaved rounds, collateral
//!   cost; [`runner`]: one timed run (wait4 rusage, sampled VmHWM); [`seen`]: reading outputs back;
//! - [`stats`], [`model`]; [`report`] (table, targets), [`json`], [`svg`], [`progress`].

mod args;
mod floor;
mod http;
mod json;
mod machine;
mod model;
mod modes;
mod progress;
mod report;
mod rounds;
mod runner;
mod seen;
mod stats;
mod svg;
mod workloads;

use std::ffi::OsString;
use std::io::Write as _;
use std::process::ExitCode;

use anyhow::Context as _;

pub fn main(args: Vec<OsString>) -> anyhow::Result<ExitCode> {
    if args.first().is_some_and(|a| a == workloads::SELF_ARG) {
        return workloads::run_in_process(&args[1..]);
    }
    if args.first().is_some_and(|a| a == http::CLIENT_ARG) {
        let dir = args.get(1).context("bench __http-client: no directory")?;
        return http::client(std::path::Path::new(dir));
    }
    if args.first().is_some_and(|a| a == floor::SELF_ARG) {
        return floor::run(&args[1..]);
    }
    let Some(settings) = args::parse(args)? else { return Ok(ExitCode::SUCCESS) };
    let report = rounds::run_all(&settings)?;
    let table = report::render(&report);
    std::io::stdout().write_all(table.as_bytes())?;
    if let Some(path) = &settings.json {
        std::fs::write(path, json::render(&report)).with_context(|| format!("writing {}", path.display()))?;
    }
    if let Some(path) = &settings.svg {
        std::fs::write(path, svg::render(&report)).with_context(|| format!("writing {}", path.display()))?;
    }
    // A bench where nothing could be measured (say, a command that fails untraced) is a failure.
    if report.workloads.iter().all(|w| w.error.is_some()) {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
