//! Project tasks: `cargo xtask <setup|codegen|shape|test|demo|bench|differential|strace-suite|man|timeline|stress>`.

mod bench;
mod cmd;
mod codegen;
mod demo;
mod differential;
mod dist;
mod docs;
mod setup;
mod shape;
mod strace_suite;
mod stress;
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
    /// Check the code's shape: no import circle between tracer-cli's top-level modules, no
    /// hand-written source file over 600 lines.
    Shape,
    /// Set up, build, trace `ls /` with both backends and show a first slowdown per backend.
    Demo,
    /// Set up, then every check and test (the privileged ones too when root).
    Test,
    /// Set up, install the peers (perf, bpftrace), build, run `tracer bench` into docs/bench.{json,svg}.
    Bench {
        /// Timed rounds per mode.
        #[arg(short = 'n', long = "runs", default_value_t = 3)]
        runs: usize,
        /// Workload size factor (1: about 1M syscalls for dd).
        #[arg(long, default_value_t = 1.0)]
        scale: f64,
        /// Directory for bench.json and bench.svg (default: docs/).
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
    /// Run the differential suite (strace vs both backends on real programs, root) and write its
    /// result, dated, into README.md.
    Differential,
    /// Run strace 6.1's own test suite (fetched and built outside the repo) with strace, tracer's
    /// ptrace and its eBPF backend (root), and write the pass counts, dated, into README.md.
    StraceSuite {
        /// Where strace's source is fetched and built (default /tmp/tracer-strace-suite).
        #[arg(long)]
        dir: Option<std::path::PathBuf>,
        /// Make only these runs (strace, ptrace, ebpf; comma-separated); read the others from
        /// the previous run's target/strace-suite/NAME.txt.
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
    },
    /// Write the man page and shell completions into target/man/.
    Man,
    /// Build one static binary, target/dist/tracer (eBPF object embedded), and try both backends.
    Dist,
    /// Trace a small pipeline with --perfetto and draw it (docs/timeline.html in headless Chromium)
    /// into docs/timeline.png.
    Timeline,
    /// The long load tests (tests/tests/stress.rs's ignored ones), with their figures.
    Stress {
        /// Only the tests whose name contains this.
        filter: Option<String>,
    },
}

fn main() -> ExitCode {
    let result = match Cli::parse().task {
        Task::Setup => setup::run_setup(),
        Task::Codegen { check } => codegen::run(check),
        Task::Shape => shape::run_shape(),
        Task::Demo => demo::run_demo(),
        Task::Test => test::run_tests(),
        Task::Bench { runs, scale, out } => bench::run_bench(runs, scale, out),
        Task::Differential => differential::run_differential(),
        Task::StraceSuite { dir, only } => strace_suite::run_strace_suite(dir, &only),
        Task::Man => docs::run_man(),
        Task::Dist => dist::run_dist(),
        Task::Timeline => docs::run_timeline(),
        Task::Stress { filter } => stress::run_stress(filter),
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
