//! `cargo xtask demo`: set up, build, trace a small workload with both backends, and show a first
//! slowdown figure per backend (interleaved runs, median of per-round ratios).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context as _;

use crate::cmd::{is_root, run, workspace_root};
use crate::setup;

/// The workload: one syscall pair per byte, the classic worst case for a tracer.
const WORKLOAD: &[&str] = &["dd", "if=/dev/zero", "of=/dev/null", "bs=1", "count=100000", "status=none"];
const ROUNDS: usize = 3;

pub fn run_demo() -> anyhow::Result<()> {
    setup::run_setup()?;
    run(Command::new("cargo").args(["build", "--release", "--package", "tracer-cli"]))?;
    let tracer = workspace_root().join("target/release/tracer");
    let backends: &[&str] = if is_root() { &["ptrace", "ebpf"] } else { &["ptrace"] };
    if !is_root() {
        println!("demo: not root, so the eBPF backend is skipped (it needs CAP_BPF + CAP_PERFMON)");
    }
    for backend in backends {
        println!("\n== tracer --backend {backend} -- ls /");
        // The trace goes to stderr, ls's listing to /dev/null.
        let status = Command::new(&tracer)
            .args(["--backend", backend, "--", "ls", "/"])
            .stdout(Stdio::null())
            .status()
            .context("running tracer")?;
        println!("(tracer exited with {status})");
    }
    println!("\n== slowdown on `{}` ({ROUNDS} interleaved rounds, trace to /dev/null)", WORKLOAD.join(" "));
    let mut ratios: Vec<Vec<f64>> = vec![Vec::new(); backends.len()];
    for _ in 0..ROUNDS {
        let native = time(Command::new(WORKLOAD[0]).args(&WORKLOAD[1..]))?;
        for (i, backend) in backends.iter().enumerate() {
            let traced = time(
                Command::new(&tracer).args(["--backend", backend, "-o", "/dev/null", "--"]).args(WORKLOAD),
            )?;
            ratios[i].push(traced.as_secs_f64() / native.as_secs_f64().max(1e-9));
        }
    }
    for (backend, mut r) in backends.iter().zip(ratios) {
        r.sort_by(f64::total_cmp);
        println!("{backend:>7}: {:.1}x the untraced time (median of {ROUNDS} rounds)", r[r.len() / 2]);
    }
    Ok(())
}

fn time(cmd: &mut Command) -> anyhow::Result<Duration> {
    let start = Instant::now();
    run(cmd.stdout(Stdio::null()))?;
    Ok(start.elapsed())
}
