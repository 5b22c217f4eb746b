//! `cargo xtask fuzz --minutes N`: every cargo-fuzz target of fuzz/ for its share of N minutes,
//! then README's fuzzing line rewritten with the runs each made, dated. A crash fails the command
//! (libFuzzer leaves the input in fuzz/artifacts/).

use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{bail, Context as _};

use crate::cmd::{output, run, workspace_root};
use crate::readme::{today, write_block, Markers};
use crate::setup;

const MARKERS: Markers =
    Markers { begin: "<!-- fuzz:begin (written by cargo xtask fuzz) -->", end: "<!-- fuzz:end -->" };

pub fn run_fuzz(minutes: f64) -> anyhow::Result<()> {
    if !(minutes.is_finite() && minutes > 0.0) {
        bail!("--minutes must be a positive number");
    }
    setup::run_setup()?;
    let nightly = setup::nightly()?;
    if output(Command::new("cargo").args(["fuzz", "--version"])).is_none() {
        println!("fuzz: installing cargo-fuzz");
        run(Command::new("cargo").args(["install", "--locked", "cargo-fuzz"]))?;
    }
    let dir = workspace_root().join("fuzz");
    let targets = targets(&dir)?;
    let secs = ((minutes * 60.0) / targets.len() as f64).round().max(1.0) as u64;
    let mut rows = Vec::new();
    for target in &targets {
        println!("fuzz: {target} for {secs} s");
        let corpus_run = format!("corpus-run/{target}");
        std::fs::create_dir_all(dir.join(&corpus_run)).context("creating the run corpus")?;
        let out = Command::new("cargo")
            .arg(format!("+{nightly}"))
            .args(["fuzz", "run", "-O", target, &corpus_run, &format!("corpus/{target}"), "--"])
            .arg(format!("-max_total_time={secs}"))
            .current_dir(&dir)
            .stdout(Stdio::inherit())
            .output()
            .with_context(|| format!("running cargo fuzz run {target}"))?;
        let log = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            let tail: Vec<&str> = log.lines().rev().take(30).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            bail!("fuzz target {target} failed ({}):\n{}", out.status, tail.join("\n"));
        }
        let runs = runs_done(&log).with_context(|| format!("{target}: libFuzzer said no `Done N runs`"))?;
        println!("fuzz: {target}: {runs} runs in {secs} s, no crash");
        rows.push((target.clone(), runs, secs));
    }
    let total_min = rows.iter().map(|(_, _, s)| s).sum::<u64>() as f64 / 60.0;
    let parts: Vec<String> = rows
        .iter()
        .map(|(target, runs, secs)| {
            format!("`{target}` ({}, {:.0} min)", millions(*runs), *secs as f64 / 60.0)
        })
        .collect();
    let block = format!(
        "Fuzzing (`fuzz/`, cargo-fuzz, seed corpus committed, see `fuzz/README.md`), {}, `cargo xtask fuzz \
         --minutes {minutes}` ({total_min:.0} min in all): {}: no crash.\n",
        today(),
        parts.join(", ")
    );
    write_block(&MARKERS, &block)?;
    println!("fuzz: README.md updated");
    Ok(())
}

/// The fuzz targets (fuzz/fuzz_targets/NAME.rs), by name.
fn targets(dir: &Path) -> anyhow::Result<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("fuzz_targets"))
        .context("reading fuzz/fuzz_targets")?
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str()?.strip_suffix(".rs").map(str::to_string))
        .collect();
    names.sort();
    if names.is_empty() {
        bail!("fuzz/fuzz_targets holds no target");
    }
    Ok(names)
}

/// libFuzzer's last `Done N runs in S second(s)`.
fn runs_done(log: &str) -> Option<u64> {
    log.lines().rev().find_map(|line| line.strip_prefix("Done ")?.split_whitespace().next()?.parse().ok())
}

/// `13.6M runs` or `52,000 runs`.
fn millions(runs: u64) -> String {
    if runs >= 1_000_000 {
        format!("{:.1}M runs", runs as f64 / 1e6)
    } else {
        format!("{runs} runs")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libfuzzer_s_run_count_is_read() {
        let log =
            "#1024 pulse cov: 1\nDone 13612345 runs in 1140 second(s)\nstat::number_of_executed_units: 1\n";
        assert_eq!(runs_done(log), Some(13_612_345));
        assert_eq!(runs_done("crash"), None);
        assert_eq!(millions(13_612_345), "13.6M runs");
        assert_eq!(millions(52_000), "52000 runs");
    }
}
