//! `cargo xtask test`: every check and test, the privileged ones included when root.

use std::process::Command;

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
    if !is_root() {
        println!("test: not root: the end-to-end tests that trace with ptrace+eBPF will skip and say why");
    }
    // The end-to-end tests run the real binary: build it first (cargo test alone would not).
    println!("test: cargo build --package tracer-cli");
    run(Command::new("cargo").args(["build", "--quiet", "--package", "tracer-cli"]))?;
    let tracer = workspace_root().join("target/debug/tracer");
    println!("test: cargo test --workspace (TRACER_BIN={})", tracer.display());
    run(Command::new("cargo").args(["test", "--workspace"]).env("TRACER_BIN", &tracer))
}
