//! Project tasks: `cargo xtask <setup|codegen|test|demo>`.

mod cmd;
mod codegen;
mod demo;
mod setup;
mod test;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "tracer's project tasks")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Install what the eBPF build and the tests need (idempotent; root for apt).
    Setup,
    /// Generate the committed tables from xtask/data (or, with --check, fail if one drifted).
    Codegen {
        #[arg(long)]
        check: bool,
    },
    /// Set up, build, trace `ls /` with both backends and show a first slowdown per backend.
    Demo,
    /// Set up, then every check and test (the privileged ones too when root).
    Test,
}

fn main() -> ExitCode {
    let result = match Cli::parse().task {
        Task::Setup => setup::run_setup(),
        Task::Codegen { check } => codegen::run(check),
        Task::Demo => demo::run_demo(),
        Task::Test => test::run_tests(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // One line, without the backtrace RUST_BACKTRACE would attach.
            eprintln!("xtask: {err:#}");
            ExitCode::FAILURE
        }
    }
}
