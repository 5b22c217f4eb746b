//! `cargo xtask bench`: set up, install the peers (perf, bpftrace) if missing, build, and run the
//! full `tracer bench`, writing docs/bench.json and docs/bench.svg (the table goes to stdout).

use std::path::PathBuf;
use std::process::Command;

use crate::cmd::{apt_install, dpkg_installed, is_root, run, workspace_root};
use crate::setup;

/// Debian packages for the peers `tracer bench` compares against (strace comes with setup).
const PEER_PACKAGES: &[&str] = &["linux-perf", "bpftrace"];

fn step(what: &str, state: &str) {
    println!("bench: {what:<28} {state}");
}

fn peers() -> anyhow::Result<()> {
    let missing: Vec<&str> = PEER_PACKAGES.iter().copied().filter(|p| !dpkg_installed(p)).collect();
    if missing.is_empty() {
        step(&PEER_PACKAGES.join(" "), "already installed");
        return Ok(());
    }
    if !is_root() {
        step(&missing.join(" "), "missing (not root: those peers are skipped)");
        return Ok(());
    }
    step(&missing.join(" "), "installing with apt-get");
    apt_install(&missing)?;
    step(&missing.join(" "), "installed");
    Ok(())
}

/// `runs` timed rounds at `scale`, reports in `out` (docs/ by default).
pub fn run_bench(runs: usize, scale: f64, out: Option<PathBuf>) -> anyhow::Result<()> {
    setup::run_setup()?;
    peers()?;
    let root = workspace_root();
    step("tracer", "building (release)");
    run(Command::new("cargo").args(["build", "--release", "--package", "tracer-cli"]).current_dir(&root))?;
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let tracer = target.join("release/tracer");
    let out = out.unwrap_or_else(|| root.join("docs"));
    std::fs::create_dir_all(&out)?;
    let (json, svg) = (out.join("bench.json"), out.join("bench.svg"));
    step("tracer bench", &format!("{runs} rounds, scale {scale} (the full run takes a while)"));
    run(Command::new(&tracer)
        .args(["bench", "--runs", &runs.to_string(), "--scale", &scale.to_string(), "--report-json"])
        .arg(&json)
        .arg("--svg")
        .arg(&svg))?;
    step("reports", &format!("{} and {}", json.display(), svg.display()));
    Ok(())
}
