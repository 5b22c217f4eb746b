//! `--svg FILE`: a bar chart of the slowdown ratios on a log scale, written by hand.

use std::fmt::Write as _;

use super::model::{Report, Status};
use super::stats;

const LEFT: f64 = 190.0;
const PLOT: f64 = 560.0;
const RIGHT: f64 = 90.0;
const ROW: f64 = 18.0;
const TOP: f64 = 54.0;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn color(mode: &str) -> &'static str {
    match mode {
        "ptrace" => "#1f77b4",
        "ptrace-filtered" => "#6baed6",
        "ebpf" => "#2ca02c",
        "ebpf-summary" => "#98df8a",
        "ebpf-filtered" => "#c7e9c0",
        "ebpf-filter-expr" => "#74c476",
        "collateral" => "#bcbd22",
        "strace" => "#7f7f7f",
        "strace-seccomp" => "#b0b0b0",
        "perf-trace" => "#d62728",
        "bpftrace-count" => "#9467bd",
        _ => "#444444",
    }
}

/// One bar (its ratio and records lost), or a note where a mode did not run.
enum Bar {
    Ratio(f64, u64),
    Note(String),
}

pub fn render(report: &Report) -> String {
    let mut rows: Vec<(String, Vec<(String, Bar)>)> = Vec::new();
    for w in &report.workloads {
        let mut bars = Vec::new();
        for m in w.modes.iter().filter(|m| m.mode != "native") {
            let bar = match (&m.status, m.ratio()) {
                (Status::Ok, Some(r)) => Bar::Ratio(r, m.lost),
                (Status::Failed(_), _) => Bar::Note("failed".into()),
                (Status::Skipped(_), _) | (Status::Ok, None) => continue,
            };
            bars.push((m.mode.to_string(), bar));
        }
        if let Some(r) = w.collateral.as_ref().and_then(|c| stats::median(&c.ratios)) {
            bars.push(("collateral".into(), Bar::Ratio(r, 0)));
        }
        let title = match w.size {
            Some(n) => format!("{} ({n})", w.name),
            None => w.about.clone(),
        };
        rows.push((title, bars));
    }
    let max = rows
        .iter()
        .flat_map(|(_, b)| b)
        .filter_map(|(_, b)| match b {
            Bar::Ratio(r, _) => Some(*r),
            Bar::Note(_) => None,
        })
        .fold(1.0f64, f64::max);
    // The axis ends at the next 1-2-5 step above the largest ratio (at least 10x).
    let mut top = 10.0f64;
    while top < max * 1.05 {
        let decade = 10f64.powf(top.log10().floor());
        top = if top < 1.5 * decade {
            2.0 * decade
        } else if top < 3.0 * decade {
            5.0 * decade
        } else {
            10.0 * decade
        };
    }
    let x = |r: f64| LEFT + PLOT * r.max(1.0).log10() / top.log10();
    let height_rows: usize = rows.iter().map(|(_, b)| 1 + b.len()).sum();
    let height = TOP + ROW * height_rows as f64 + 40.0;
    let width = LEFT + PLOT + RIGHT;

    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" \
         font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">"
    );
    let _ = writeln!(s, "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
    let _ = writeln!(
        s,
        "<text x=\"{LEFT}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">Slowdown vs untraced (median of per-round ratios, log scale)</text>"
    );
    let m = &report.machine;
    let _ = writeln!(
        s,
        "<text x=\"{LEFT}\" y=\"34\" fill=\"#555\">{}; {} CPUs, Linux {}; {} rounds, scale {}</text>",
        escape(&report.date),
        m.cpus,
        escape(&m.kernel),
        report.runs,
        report.scale
    );
    // Grid: 1, 2, 5, 10, 20, 50, ...
    let plot_bottom = TOP + ROW * height_rows as f64;
    let mut tick = 1.0f64;
    while tick <= top * 1.0001 {
        for step in [1.0, 2.0, 5.0] {
            let v = tick * step;
            if v > top * 1.0001 {
                break;
            }
            let xv = x(v);
            let _ = writeln!(
                s,
                "<line x1=\"{xv:.1}\" y1=\"{:.1}\" x2=\"{xv:.1}\" y2=\"{plot_bottom:.1}\" stroke=\"{}\"/>",
                TOP - 6.0,
                if step == 1.0 { "#bbb" } else { "#e4e4e4" }
            );
            let _ = writeln!(
                s,
                "<text x=\"{xv:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#555\">{v}x</text>",
                plot_bottom + 14.0
            );
        }
        tick *= 10.0;
    }
    let mut y = TOP;
    for (title, bars) in &rows {
        let _ =
            writeln!(s, "<text x=\"8\" y=\"{:.1}\" font-weight=\"bold\">{}</text>", y + 12.0, escape(title));
        y += ROW;
        for (mode, bar) in bars {
            let _ = writeln!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
                LEFT - 8.0,
                y + 12.0,
                escape(mode)
            );
            match bar {
                Bar::Ratio(r, lost) => {
                    let w = (x(*r) - LEFT).max(1.0);
                    let _ = writeln!(
                        s,
                        "<rect x=\"{LEFT}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{}\"><title>{} {}: {r:.2}x</title></rect>",
                        y + 2.0,
                        ROW - 5.0,
                        color(mode),
                        escape(title),
                        escape(mode)
                    );
                    let label = if *r >= 100.0 { format!("{r:.0}x") } else { format!("{r:.2}x") };
                    let _ =
                        writeln!(s, "<text x=\"{:.1}\" y=\"{:.1}\">{label}</text>", LEFT + w + 4.0, y + 12.0);
                    if *lost > 0 {
                        // Fast because it dropped records: say so next to the bar.
                        let _ = writeln!(
                            s,
                            "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"#a00\">({lost} records lost)</text>",
                            LEFT + w + 54.0,
                            y + 12.0
                        );
                    }
                }
                Bar::Note(note) => {
                    let _ = writeln!(
                        s,
                        "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"#a00\">{}</text>",
                        LEFT + 4.0,
                        y + 12.0,
                        escape(note)
                    );
                }
            }
            y += ROW;
        }
    }
    let _ = writeln!(
        s,
        "<text x=\"8\" y=\"{:.1}\" fill=\"#555\">collateral: an untraced run while tracer --backend ebpf traces another process</text>",
        plot_bottom + 32.0
    );
    let _ = writeln!(s, "</svg>");
    s
}
