//! `cargo xtask setup`: install, idempotently, what building the eBPF side and running the tests
//! need on a fresh Debian bookworm machine. One line per step; a second run changes nothing.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{bail, Context as _};

use crate::cmd::{apt_install, dpkg_installed, is_root, output, run};

/// The nightly that matches Debian's LLVM 22 (a newer nightly may be on LLVM 23, which bpf-linker
/// cannot be built against here).
pub const PINNED_NIGHTLY: &str = "nightly-2026-05-19";
const LLVM_MAJOR: &str = "22";
const BPF_LINKER_VERSION: &str = "0.13.0";
/// Debian packages: LLVM for bpf-linker; strace and bpftool for the tests' comparisons and checks;
/// python3 and a C compiler for the fixtures that need them (a test that finds one missing skips).
const APT_PACKAGES: &[&str] = &["llvm-22-dev", "strace", "bpftool", "python3", "gcc", "libc6-dev"];

pub fn run_setup() -> anyhow::Result<()> {
    apt_packages()?;
    let toolchain = nightly()?;
    rust_src(&toolchain)?;
    bpf_linker()?;
    Ok(())
}

fn step(what: &str, state: &str) {
    println!("setup: {what:<28} {state}");
}

fn apt_packages() -> anyhow::Result<()> {
    let missing: Vec<&str> = APT_PACKAGES.iter().copied().filter(|pkg| !dpkg_installed(pkg)).collect();
    if missing.is_empty() {
        step(&APT_PACKAGES.join(" "), "already installed");
        return Ok(());
    }
    if !is_root() {
        bail!("apt packages {missing:?} are missing and installing them needs root: run `cargo xtask setup` as root");
    }
    step(&missing.join(" "), "installing with apt-get");
    apt_install(&missing)?;
    step(&missing.join(" "), "installed");
    Ok(())
}

/// True when `toolchain` exists and its rustc is built on LLVM 22.
fn nightly_on_llvm22(toolchain: &str) -> bool {
    output(Command::new("rustup").args(["run", toolchain, "rustc", "-vV"]))
        .is_some_and(|v| v.lines().any(|l| l.starts_with(&format!("LLVM version: {LLVM_MAJOR}."))))
}

/// The nightly toolchain to build tracer-ebpf with: the pinned one, or `nightly` when that is
/// already on LLVM 22.
fn nightly() -> anyhow::Result<String> {
    for candidate in [PINNED_NIGHTLY, "nightly"] {
        if nightly_on_llvm22(candidate) {
            step("nightly toolchain", &format!("{candidate} (LLVM {LLVM_MAJOR}) present"));
            return Ok(candidate.to_string());
        }
    }
    step("nightly toolchain", &format!("installing {PINNED_NIGHTLY}"));
    run(Command::new("rustup").args([
        "toolchain",
        "install",
        PINNED_NIGHTLY,
        "--profile",
        "minimal",
        "--component",
        "rust-src",
    ]))?;
    if !nightly_on_llvm22(PINNED_NIGHTLY) {
        bail!("{PINNED_NIGHTLY} is not on LLVM {LLVM_MAJOR}; bpf-linker cannot match it");
    }
    Ok(PINNED_NIGHTLY.to_string())
}

fn rust_src(toolchain: &str) -> anyhow::Result<()> {
    let installed =
        output(Command::new("rustup").args(["component", "list", "--installed", "--toolchain", toolchain]))
            .is_some_and(|list| list.lines().any(|l| l.starts_with("rust-src")));
    if installed {
        step("rust-src", &format!("present for {toolchain}"));
        return Ok(());
    }
    step("rust-src", &format!("adding to {toolchain}"));
    run(Command::new("rustup").args(["component", "add", "rust-src", "--toolchain", toolchain]))
}

fn cargo_bin_dir() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from("/root/.cargo"))
        .join("bin")
}

fn bpf_linker() -> anyhow::Result<()> {
    let linker = cargo_bin_dir().join("bpf-linker");
    let version = output(Command::new(&linker).arg("--version"));
    if version.as_deref().is_some_and(|v| v.contains(BPF_LINKER_VERSION)) {
        step("bpf-linker", &format!("{BPF_LINKER_VERSION} present"));
        return Ok(());
    }
    step("bpf-linker", &format!("building {BPF_LINKER_VERSION} against LLVM {LLVM_MAJOR} (about a minute)"));
    run(Command::new("cargo")
        .args(["install", "bpf-linker", "--version", BPF_LINKER_VERSION, "--no-default-features"])
        .args(["--features", &format!("llvm-{LLVM_MAJOR}")])
        .env("LLVM_PREFIX", format!("/usr/lib/llvm-{LLVM_MAJOR}")))
    .context("building bpf-linker (needs llvm-22-dev)")?;
    step("bpf-linker", "installed");
    Ok(())
}
