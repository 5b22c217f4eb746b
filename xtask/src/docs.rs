//! `cargo xtask man`: the man page and shell completions into `target/man/` (from tracer's own
//! clap definition). `cargo xtask timeline`: a real `--perfetto` trace of a small shell pipeline,
//! drawn by `docs/timeline.html` in headless Chromium, saved as `docs/timeline.png` (README shows
//! it; no website is needed).

use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{bail, Context as _};

use crate::cmd::{apt_install, output, run, workspace_root};

/// Build tracer (debug) and return its path.
fn build_tracer() -> anyhow::Result<std::path::PathBuf> {
    run(Command::new("cargo").args(["build", "--package", "tracer-cli"]))?;
    Ok(workspace_root().join("target/debug/tracer"))
}

pub fn run_man() -> anyhow::Result<()> {
    let tracer = build_tracer()?;
    let dir = workspace_root().join("target/man");
    run(Command::new(&tracer).arg("__generate-docs").arg(&dir))?;
    for name in ["tracer.1", "tracer.bash", "_tracer", "tracer.fish"] {
        println!("man: wrote {}", dir.join(name).display());
    }
    println!("man: read it with `man -l {}`", dir.join("tracer.1").display());
    Ok(())
}

/// Chromium's binary, installed with apt if missing (root).
fn chromium() -> anyhow::Result<String> {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if output(Command::new("which").arg(name)).is_some() {
            println!("timeline: {name} is there");
            return Ok(name.to_string());
        }
    }
    println!("timeline: installing chromium (apt)");
    apt_install(&["chromium"])?;
    Ok("chromium".to_string())
}

pub fn run_timeline() -> anyhow::Result<()> {
    let tracer = build_tracer()?;
    let root = workspace_root();
    let scratch = root.join("target/timeline");
    std::fs::create_dir_all(&scratch).context("creating target/timeline")?;
    let trace = scratch.join("trace.json");
    let backend = if crate::cmd::is_root() { "ebpf" } else { "ptrace" };
    run(Command::new(&tracer)
        .args(["--backend", backend, "-f", "-o", "/dev/null", "--perfetto"])
        .arg(&trace)
        .args(["--", "sh", "-c", "cat /etc/hostname | wc -c; ls / >/dev/null"])
        .stdout(Stdio::null()))?;
    let page = scratch.join("timeline.html");
    embed(&root.join("docs/timeline.html"), &trace, &page)?;
    let png = root.join("docs/timeline.png");
    let browser = chromium()?;
    let status = Command::new(&browser)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1220,230"])
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()))
        .stderr(Stdio::null())
        .status()
        .with_context(|| format!("running {browser}"))?;
    if !status.success() || !png.exists() {
        bail!("{browser} did not write {}", png.display());
    }
    println!("timeline: {} ({backend} backend) drawn into {}", trace.display(), png.display());
    Ok(())
}

/// `page` = the viewer with `trace` embedded as `window.TRACE`.
fn embed(viewer: &Path, trace: &Path, page: &Path) -> anyhow::Result<()> {
    let viewer = std::fs::read_to_string(viewer).context("reading docs/timeline.html")?;
    let trace = std::fs::read_to_string(trace).context("reading the --perfetto file")?;
    // `</` cannot end the script early inside JSON strings once escaped.
    let data = trace.replace("</", "<\\/");
    let page_text = format!("<script>window.TRACE = {data};</script>\n{viewer}");
    std::fs::write(page, page_text).with_context(|| format!("writing {}", page.display()))
}
