//! `cargo xtask differential`: run the differential suite (strace 6.1 vs both backends on real
//! programs) and write its result into README.md, dated, between the `differential` markers.

use std::fs;
use std::process::Command;

use anyhow::{bail, Context};

use crate::cmd::{is_root, output, run, workspace_root};
use crate::readme::{replace_block, Markers};
use crate::setup;

const MARKERS: Markers = Markers {
    begin: "<!-- differential:begin (written by cargo xtask differential) -->",
    end: "<!-- differential:end -->",
};

pub fn run_differential() -> anyhow::Result<()> {
    if !is_root() {
        bail!("the differential suite traces with eBPF: run it as root (sudo cargo xtask differential)");
    }
    setup::run_setup()?;
    let root = workspace_root();
    run(Command::new("cargo").args(["build", "--quiet", "--package", "tracer-cli"]))?;
    let tracer = root.join("target/debug/tracer");
    run(Command::new("cargo")
        .args(["test", "--quiet", "--package", "tracer-tests", "--test", "differential", "--", "--nocapture"])
        .env("TRACER_BIN", &tracer))?;
    let report_path = root.join("target/differential.md");
    let report =
        fs::read_to_string(&report_path).with_context(|| format!("reading {}", report_path.display()))?;
    let date = output(Command::new("date").args(["-u", "+%Y-%m-%d"])).unwrap_or_default();
    let block = readme_block(&parse_report(&report)?, date.trim());
    let readme_path = root.join("README.md");
    let readme = fs::read_to_string(&readme_path).context("reading README.md")?;
    fs::write(&readme_path, replace_block(&readme, &MARKERS, &block)?).context("writing README.md")?;
    println!("differential: README.md updated from {}", report_path.display());
    Ok(())
}

/// One program's row of the suite's report.
#[derive(Debug, PartialEq)]
struct Row {
    program: String,
    single_threaded: bool,
    strace_lines: u64,
    ptrace_percent: String,
    /// `yes`, `no (99.6 %)`, or `skipped (not root)`.
    ebpf: String,
}

/// The suite's result: its rows and the overall `matched/total` line.
#[derive(Debug, PartialEq)]
struct Report {
    rows: Vec<Row>,
    matched: u64,
    total: u64,
}

/// The rows and the overall line of `target/differential.md`.
fn parse_report(text: &str) -> anyhow::Result<Report> {
    let mut rows = Vec::new();
    for line in text.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| program")) {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
        let [program, threads, lines, percent, ebpf, ..] = cells[..] else {
            bail!("unexpected row in the differential report: {line}");
        };
        rows.push(Row {
            program: program.to_string(),
            single_threaded: threads == "single",
            strace_lines: lines.parse().with_context(|| format!("strace lines in: {line}"))?,
            ptrace_percent: percent.to_string(),
            ebpf: ebpf.to_string(),
        });
    }
    let overall = text
        .lines()
        .find_map(|l| l.strip_prefix("Overall ptrace match: "))
        .context("no overall line in the differential report")?;
    let counts = overall.split_whitespace().next().unwrap_or_default();
    let (matched, total) = counts.split_once('/').context("overall line without matched/total")?;
    Ok(Report { rows, matched: matched.parse()?, total: total.parse()? })
}

/// The README's text for `report`: the totals, then programs grouped by outcome (those with the
/// same result on one row).
fn readme_block(report: &Report, date: &str) -> String {
    let single: Vec<&Row> = report.rows.iter().filter(|r| r.single_threaded).collect();
    let equal = single.iter().filter(|r| r.ebpf == "yes").count();
    let percent = if report.total == 0 { 0.0 } else { 100.0 * report.matched as f64 / report.total as f64 };
    let mut out = format!(
        "Result on {date} (this VM, `cargo xtask differential`): **ptrace reproduces {} of strace's {} \
         lines ({percent:.2} %)**, and eBPF equals ptrace on {equal} of {} single-threaded programs:\n\n",
        report.matched,
        report.total,
        single.len()
    );
    out.push_str("| programs | strace lines | ptrace match | eBPF = ptrace |\n|---|---:|---:|---|\n");
    let mut groups: Vec<(String, String, bool, Vec<&Row>)> = Vec::new();
    for row in &report.rows {
        let key = (row.ptrace_percent.clone(), row.ebpf.clone(), row.single_threaded);
        match groups.iter_mut().find(|(p, e, s, _)| (p, e, s) == (&key.0, &key.1, &key.2)) {
            Some(group) => group.3.push(row),
            None => groups.push((key.0, key.1, key.2, vec![row])),
        }
    }
    for (percent, ebpf, single_threaded, rows) in groups {
        let names: Vec<&str> = rows.iter().map(|r| r.program.as_str()).collect();
        let lines: u64 = rows.iter().map(|r| r.strace_lines).sum();
        let threads =
            if single_threaded { "" } else { " (multi-threaded: futex timing varies, not asserted)" };
        let each = if rows.len() > 1 { ", each" } else { "" };
        out.push_str(&format!(
            "| {} ({}){threads} | {} | {percent} % | {ebpf}{each} |\n",
            names.join(", "),
            rows.len(),
            thousands(lines)
        ));
    }
    out
}

/// `7669` → `7,669`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "# Differential\n\n\
        | program | threads | strace lines | ptrace match % | ebpf==ptrace | notes |\n\
        |---|---|---:|---:|---|---|\n\
        | true | single | 31 | 100.0 | yes |  |\n\
        | cat | single | 1046 | 100.0 | yes |  |\n\
        | py-thread | multi | 490 | 100.0 | no (99.6 %) |  |\n\
        \nOverall ptrace match: 1567/1567 strace lines = 100.00 %\n";

    #[test]
    fn the_report_groups_programs_by_outcome() {
        let report = parse_report(REPORT).expect("parses");
        assert_eq!((report.rows.len(), report.matched, report.total), (3, 1567, 1567));
        let block = readme_block(&report, "2026-12-06");
        assert!(block.starts_with("Result on 2026-12-06"), "{block}");
        assert!(block.contains("**ptrace reproduces 1567 of strace's 1567 lines (100.00 %)**"), "{block}");
        assert!(block.contains("eBPF equals ptrace on 2 of 2 single-threaded programs"), "{block}");
        assert!(block.contains("| true, cat (2) | 1,077 | 100.0 % | yes, each |"), "{block}");
        assert!(
            block.contains("| py-thread (1) (multi-threaded: futex timing varies, not asserted) | 490 | 100.0 % | no (99.6 %) |")
        );
    }
}
