//! `cargo xtask dist`: one static binary, `target/dist/tracer`, with the eBPF object embedded, that
//! runs on a machine without any toolchain.
//!
//! glibc linked statically (`-C target-feature=+crt-static`, a static-pie), not musl: the `libc`
//! crate's musl bindings lack constants and `PTRACE_GET_SYSCALL_INFO`'s types that the decoders and
//! the ptrace backend use. A static glibc resolves users (`-u USER`) through the host's NSS
//! modules, so that one lookup needs the glibc it was built with; every other path is
//! self-contained.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context as _};

use crate::cmd::{is_root, run, workspace_root};
use crate::setup;

const TARGET: &str = "x86_64-unknown-linux-gnu";

pub fn run_dist() -> anyhow::Result<()> {
    setup::run_setup()?;
    let root = workspace_root();
    println!("dist: cargo build --release --target {TARGET} (static, stripped)");
    run(Command::new("cargo")
        .args(["build", "--release", "--quiet", "--package", "tracer-cli", "--target", TARGET])
        .env("RUSTFLAGS", "-C target-feature=+crt-static")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        .env("CARGO_PROFILE_RELEASE_STRIP", "symbols"))?;
    let built = root.join("target").join(TARGET).join("release/tracer");
    let dist = root.join("target/dist");
    std::fs::create_dir_all(&dist).with_context(|| format!("creating {}", dist.display()))?;
    let binary = dist.join("tracer");
    std::fs::copy(&built, &binary).with_context(|| format!("copying {}", built.display()))?;
    let bytes = std::fs::read(&binary).with_context(|| format!("reading {}", binary.display()))?;
    if needs_interpreter(&bytes)? {
        bail!("{} asks for a dynamic loader (PT_INTERP): not static", binary.display());
    }
    smoke(&binary, "ptrace")?;
    if is_root() {
        smoke(&binary, "ebpf")?;
    } else {
        println!("dist: not root: the eBPF backend was not tried");
    }
    println!("dist: {} ({:.1} MiB, static, both backends)", binary.display(), bytes.len() as f64 / 1048576.0);
    Ok(())
}

/// Trace `true` with `backend`: the line of its exit must be there.
fn smoke(binary: &Path, backend: &str) -> anyhow::Result<()> {
    let out = Command::new(binary)
        .args(["--backend", backend, "-e", "trace=exit_group", "--", "true"])
        .env_clear()
        .output()
        .with_context(|| format!("running {}", binary.display()))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() || !stderr.contains("exit_group(0)") {
        bail!("{} --backend {backend} did not trace `true`: {stderr}", binary.display());
    }
    println!("dist: --backend {backend}: traced `true` (no environment, no PATH)");
    Ok(())
}

/// Whether an ELF64 little-endian file has a PT_INTERP program header (a dynamic loader).
fn needs_interpreter(elf: &[u8]) -> anyhow::Result<bool> {
    const PT_INTERP: u32 = 3;
    let field = |at: usize, len: usize| -> anyhow::Result<u64> {
        let bytes = elf.get(at..at + len).context("a truncated ELF file")?;
        Ok(bytes.iter().rev().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    };
    if elf.get(..6) != Some(&[0x7f, b'E', b'L', b'F', 2, 1][..]) {
        bail!("not an ELF64 little-endian file");
    }
    let (phoff, phentsize, phnum) = (field(0x20, 8)?, field(0x36, 2)?, field(0x38, 2)?);
    for i in 0..phnum {
        let at = usize::try_from(phoff + i * phentsize).context("program header offset")?;
        if field(at, 4)? == u64::from(PT_INTERP) {
            return Ok(true);
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dynamic_loader_is_found_in_program_headers() {
        // This test binary is dynamic (cargo's default): it has PT_INTERP.
        let exe = std::fs::read(std::env::current_exe().expect("exe")).expect("readable");
        assert!(needs_interpreter(&exe).expect("an ELF file"));
        assert!(needs_interpreter(b"#!/bin/sh\n").is_err());
    }
}
