//! Project tasks: `cargo xtask <setup|codegen|test|demo>`.

mod codegen;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "tracer's project tasks")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Generate tracer-common's syscall table (or, with --check, fail if the committed one drifted).
    Codegen {
        #[arg(long)]
        check: bool,
    },
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().task {
        Task::Codegen { check } => codegen::run(check),
    }
}
