//! `cargo xtask stress`: the long load tests of tests/tests/stress.rs (the `#[ignore]`d ones: a
//! 1,000,000-getppid storm from 16 processes counted by `--backend ebpf -f -c` and traced line by
//! line, a ptrace storm, 64
//! threads, 2,000 fork+execs, the eBPF ring overrun on purpose), each printing its figures. CI runs
//! the same file's small versions.

use std::process::{Command, Stdio};

use anyhow::{bail, Context as _};

use crate::cmd::{is_root, run, workspace_root};
use crate::readme::{today, write_block, Markers};

const MARKERS: Markers =
    Markers { begin: "<!-- stress:begin (written by cargo xtask stress) -->", end: "<!-- stress:end -->" };

/// The tests' figure lines (each `println!` of tests/tests/stress.rs starts with one of these).
const FIGURES: [&str; 4] = ["storm ", "threads ", "forkexec ", "overrun "];

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
    let whole = filter.is_none();
    if let Some(filter) = filter {
        cmd.arg(filter);
    }
    // The figures are printed as they come, and kept for README.
    let out = cmd.stderr(Stdio::inherit()).output().context("running the stress tests")?;
    let text = String::from_utf8_lossy(&out.stdout);
    print!("{text}");
    if !out.status.success() {
        bail!("the stress tests failed: {}", out.status);
    }
    if !whole || !is_root() {
        println!("stress: README.md left as it is (a filtered or non-root run)");
        return Ok(());
    }
    let figures: Vec<&str> = text.lines().filter_map(figure).collect();
    write_block(&MARKERS, &block(&figures))?;
    println!("stress: README.md updated ({} figures)", figures.len());
    Ok(())
}

/// A test's figure line, from its first word on (the quiet harness prints a test's `.` before it).
fn figure(line: &str) -> Option<&str> {
    let line = line.trim_start_matches('.');
    FIGURES.iter().any(|f| line.starts_with(f)).then_some(line)
}

/// README's block: the date, then each test's figure line as it printed it.
fn block(figures: &[&str]) -> String {
    let mut text = format!(
        "`cargo xtask stress` (the release tracer, every assertion held), {}, this VM:\n\n```\n",
        today()
    );
    for line in figures {
        text.push_str(line);
        text.push('\n');
    }
    text.push_str("```\n");
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_found_after_the_harness_dots() {
        assert_eq!(figure(".storm ebpf -f -c: 16 processes"), Some("storm ebpf -f -c: 16 processes"));
        assert_eq!(figure("threads ptrace -f -c: 64"), Some("threads ptrace -f -c: 64"));
        assert_eq!(figure("test result: ok."), None);
    }

    #[test]
    fn the_block_lists_the_figures_in_a_code_block() {
        let text =
            block(&["storm ebpf -f -c: 16 processes, 1000000 getppid: counted 1000000, lost 0 (0.27 s)"]);
        assert!(text.starts_with("`cargo xtask stress`"), "{text}");
        assert!(text.contains("\n```\nstorm ebpf -f -c: 16 processes"), "{text}");
        assert!(text.ends_with("(0.27 s)\n```\n"), "{text}");
    }
}
