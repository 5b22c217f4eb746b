//! Builds `tracer-ebpf` for `bpfel-unknown-none` with a nightly toolchain (aya-build), leaving the
//! object in `OUT_DIR/tracer-ebpf` for `backend::ebpf` to embed.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{anyhow, Context as _};
use aya_build::{Package, Toolchain};

/// Overrides the toolchain that builds the eBPF program.
const TOOLCHAIN_VAR: &str = "TRACER_BPF_TOOLCHAIN";
/// The nightly the project is tested with (LLVM 22, like bpf-linker).
const PINNED_NIGHTLY: &str = "nightly-2026-05-19";
const SETUP_HINT: &str =
    "run `cargo xtask setup` to install the eBPF toolchain (a nightly with rust-src, bpf-linker)";

fn main() -> anyhow::Result<()> {
    println!("cargo:rerun-if-env-changed={TOOLCHAIN_VAR}");
    if std::env::var_os("CARGO_FEATURE_EBPF").is_none() {
        // A ptrace-only build: an empty object, which the eBPF backend refuses in one line.
        let out = PathBuf::from(std::env::var("OUT_DIR").context("OUT_DIR not set")?);
        std::fs::write(out.join("tracer-ebpf"), []).context("writing the empty eBPF object")?;
        return Ok(());
    }
    let installed = installed_toolchains();
    let toolchain = choose_toolchain(std::env::var(TOOLCHAIN_VAR).ok(), installed.as_deref());
    check_prerequisites(&toolchain, installed.as_deref())?;

    let manifest_dir =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").context("CARGO_MANIFEST_DIR not set")?);
    let ebpf_dir = manifest_dir
        .parent()
        .map(|workspace| workspace.join("tracer-ebpf"))
        .ok_or_else(|| anyhow!("{} has no parent directory", manifest_dir.display()))?;
    let ebpf_dir = ebpf_dir.to_str().ok_or_else(|| anyhow!("{} is not UTF-8", ebpf_dir.display()))?;
    // The nested cargo's progress lines would come back as one `warning:` each; keep only what
    // matters (its warnings and errors still come through).
    std::env::set_var("CARGO_TERM_QUIET", "true");
    let package = Package { name: "tracer-ebpf", root_dir: ebpf_dir, ..Default::default() };
    aya_build::build_ebpf([package], Toolchain::Custom(&toolchain)).map_err(|err| {
        anyhow!(
            "building the eBPF program (tracer-ebpf) with {toolchain} failed: {err:#}\nhint: {SETUP_HINT}"
        )
    })
}

/// `rustup toolchain list`, or None without rustup.
fn installed_toolchains() -> Option<String> {
    let output = Command::new("rustup").args(["toolchain", "list"]).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

fn has_toolchain(list: &str, name: &str) -> bool {
    list.lines()
        .filter_map(|line| line.split_whitespace().next())
        .any(|t| t == name || t.starts_with(&format!("{name}-")))
}

/// The override if set, else the pinned nightly if installed, else `nightly`.
fn choose_toolchain(override_var: Option<String>, installed: Option<&str>) -> String {
    if let Some(toolchain) = override_var.filter(|t| !t.is_empty()) {
        return toolchain;
    }
    if installed.is_some_and(|list| has_toolchain(list, PINNED_NIGHTLY)) {
        return PINNED_NIGHTLY.to_string();
    }
    "nightly".to_string()
}

/// Fail early, with the setup hint, when the nightly or bpf-linker is missing.
fn check_prerequisites(toolchain: &str, installed: Option<&str>) -> anyhow::Result<()> {
    if let Some(list) = installed {
        if !has_toolchain(list, toolchain) {
            return Err(anyhow!("the Rust toolchain `{toolchain}` that builds the eBPF program is not installed\nhint: {SETUP_HINT}"));
        }
    }
    if find_in_path("bpf-linker").is_none() {
        return Err(anyhow!("bpf-linker is not in PATH; it links the eBPF program\nhint: {SETUP_HINT}"));
    }
    Ok(())
}

fn find_in_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    let mut dirs: Vec<PathBuf> = std::env::split_paths(&path).collect();
    // cargo install's default destination, in case PATH lacks it.
    if let Some(home) = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
    {
        dirs.push(home.join("bin"));
    }
    dirs.into_iter().map(|dir| dir.join(program)).find(|candidate| candidate.is_file())
}
