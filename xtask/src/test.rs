//! `cargo xtask test`: every check and test, the privileged ones included when root.

use std::process::Command;

use anyhow::bail;

use crate::cmd::{is_root, run, workspace_root};
use crate::{codegen, setup, shape};

pub fn run_tests() -> anyhow::Result<()> {
    setup::run_setup()?;
    println!("test: generated code drift (cargo xtask codegen --check)");
    codegen::run(true)?;
    println!("test: code shape (cargo xtask shape)");
    shape::run_shape()?;
    println!("test: formatting");
    run(Command::new("cargo").args(["fmt", "--all", "--check"]))?;
    println!("test: clippy");
    run(Command::new("cargo").args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--quiet",
        "--",
        "-D",
        "warnings",
    ]))?;
    println!("test: the ptrace-only build (cargo check --no-default-features)");
    run(Command::new("cargo").args([
        "check",
        "--quiet",
        "--no-default-features",
        "--package",
        "tracer-cli",
    ]))?;
    if !is_root() {
        println!("test: not root: the end-to-end tests that trace with ptrace+eBPF will skip and say why");
    }
    // The end-to-end tests run the real binary: build it first (cargo test alone would not).
    println!("test: cargo build --package tracer-cli");
    run(Command::new("cargo").args(["build", "--quiet", "--package", "tracer-cli"]))?;
    let tracer = workspace_root().join("target/debug/tracer");
    let skip_log = workspace_root().join("target/test-skips.txt");
    let _ = std::fs::remove_file(&skip_log);
    println!("test: cargo test --workspace (TRACER_BIN={})", tracer.display());
    let tests = run(Command::new("cargo")
        .args(["test", "--workspace"])
        .env("TRACER_BIN", &tracer)
        .env("TRACER_SKIP_LOG", &skip_log));
    let skips = read_skips(&skip_log);
    report_skips(&skips);
    tests?;
    let privileged: Vec<&Skipped> = skips.iter().filter(|s| s.kind == "Privileged").collect();
    if !privileged.is_empty() && ebpf_usable(&tracer) {
        bail!(
            "{} test(s) skipped their root or eBPF part on a machine where `tracer --check` finds the eBPF \
             backend usable: they must run here",
            privileged.len()
        );
    }
    Ok(())
}

/// One line of the skip log (`tracer_tests::skip`).
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Skipped {
    test: String,
    kind: String,
    reason: String,
}

/// The skips the tests recorded, one per test and reason.
fn read_skips(path: &std::path::Path) -> Vec<Skipped> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut skips: Vec<Skipped> = text
        .lines()
        .filter_map(|line| {
            let mut fields = line.splitn(3, '\t');
            Some(Skipped {
                test: fields.next()?.to_string(),
                kind: fields.next()?.to_string(),
                reason: fields.next()?.to_string(),
            })
        })
        .collect();
    skips.sort();
    skips.dedup();
    skips
}

/// The last lines of the run: every test that left something out, and why.
fn report_skips(skips: &[Skipped]) {
    if skips.is_empty() {
        println!("test: no test skipped anything");
        return;
    }
    println!("test: {} test(s) skipped a part (not run, so not checked):", skips.len());
    for skip in skips {
        println!("  {} [{}]: {}", skip.test, skip.kind.to_lowercase(), skip.reason);
    }
}

/// Whether `tracer --check` finds the eBPF backend usable here.
fn ebpf_usable(tracer: &std::path::Path) -> bool {
    Command::new(tracer)
        .arg("--check")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains("eBPF backend: usable"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_lines_are_read_sorted_and_deduplicated() {
        let dir = std::env::temp_dir().join(format!("xtask-skips-{}", std::process::id()));
        std::fs::write(
            &dir,
            "b::t\tEnvironment\tno x\na::t\tPrivileged\tneeds root\nb::t\tEnvironment\tno x\nbroken\n",
        )
        .expect("temp file");
        let skips = read_skips(&dir);
        let _ = std::fs::remove_file(&dir);
        let tests: Vec<&str> = skips.iter().map(|s| s.test.as_str()).collect();
        assert_eq!(tests, ["a::t", "b::t"]);
        assert_eq!(skips[0].kind, "Privileged");
    }
}
