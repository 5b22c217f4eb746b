//! `cargo xtask stress`: the long load tests of tests/tests/stress.rs (the `#[ignore]`d ones: a
//! 1,000,000-getppid storm from 16 processes counted by `--backend ebpf -f -c` and traced line by
//! line, a ptrace storm, 64
//! threads, 2,000 fork+execs, the eBPF ring overrun on purpose), each printing its figures. CI runs
//! the same file's small versions.

use std::process::Command;

use crate::cmd::{is_root, run, workspace_root};

pub fn run_stress(filter: Option<String>) -> anyhow::Result<()> {
    if !is_root() {
        println!("stress: not root: the eBPF storms will skip and say why");
    }
    // The figures are a user's: the release tracer (a debug build's reader falls behind a storm
    // that the release one keeps up with). The fixtures are the tests crate's own binaries.
    println!("stress: cargo build --release --package tracer-cli; cargo build --package tracer-tests --bins");
    run(Command::new("cargo").args(["build", "--quiet", "--release", "--package", "tracer-cli"]))?;
    run(Command::new("cargo").args(["build", "--quiet", "--package", "tracer-tests", "--bins"]))?;
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace_root().join("target"), Into::into);
    let tracer = target.join("release/tracer");
    println!("stress: cargo test --test stress -- --ignored (TRACER_BIN={})", tracer.display());
    let mut cmd = Command::new("cargo");
    cmd.args([
        "test",
        "--quiet",
        "--package",
        "tracer-tests",
        "--test",
        "stress",
        "--",
        "--ignored",
        "--nocapture",
    ])
    .args(["--test-threads", "1"])
    .env("TRACER_BIN", &tracer);
    if let Some(filter) = filter {
        cmd.arg(filter);
    }
    run(&mut cmd)
}
