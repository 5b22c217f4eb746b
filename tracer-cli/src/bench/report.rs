//! The table for people, and tracer's performance targets checked against what was measured.

use std::fmt::Write as _;

use super::model::{ModeResult, Report, Status, WorkloadResult};
use super::stats;

/// One performance target (a slowdown ratio, peak memory, no lost records) and how this run did.
#[derive(Debug, Clone)]
pub struct Target {
    pub what: &'static str,
    /// What was measured, as text (None: not measured in this run).
    pub measured: Option<String>,
    pub met: Option<bool>,
}

const MIB: f64 = 1024.0;

fn mode<'a>(w: &'a WorkloadResult, name: &str) -> Option<&'a ModeResult> {
    w.modes.iter().find(|m| m.mode == name && m.ok())
}

fn ratio_target(
    report: &Report,
    what: &'static str,
    workload: &str,
    name: &str,
    limit: f64,
    need_no_loss: bool,
) -> Target {
    let found = report.workloads.iter().find(|w| w.name == workload).and_then(|w| mode(w, name));
    let Some(m) = found else { return Target { what, measured: None, met: None } };
    let Some(ratio) = m.ratio() else { return Target { what, measured: None, met: None } };
    let lost_ok = !need_no_loss || m.lost == 0;
    Target {
        what,
        measured: Some(format!("{ratio:.2}x, {} lost", m.lost)),
        met: Some(ratio <= limit && lost_ok),
    }
}

/// Mode `ours`'s median time over mode `theirs`' on `workload`, at most `limit`.
fn time_ratio_target(
    workload: Option<&WorkloadResult>,
    what: &'static str,
    ours: &str,
    theirs: &str,
    limit: f64,
) -> Target {
    let times = workload.and_then(|w| Some((mode(w, ours)?.median_s()?, mode(w, theirs)?.median_s()?)));
    match times {
        Some((a, b)) if b > 0.0 => Target {
            what,
            measured: Some(format!("{:.2}x ({a:.2} s vs {b:.2} s)", a / b)),
            met: Some(a / b <= limit),
        },
        _ => Target { what, measured: None, met: None },
    }
}

pub fn targets(report: &Report) -> Vec<Target> {
    let mut out = vec![
        ratio_target(report, "dd: ebpf <= 2.0x untraced, 0 lost", "dd", "ebpf", 2.0, true),
        ratio_target(report, "dd: ebpf-summary <= 1.3x untraced", "dd", "ebpf-summary", 1.3, true),
        ratio_target(report, "dd: ptrace-filtered <= 1.3x untraced", "dd", "ptrace-filtered", 1.3, false),
        ratio_target(report, "dd: ebpf-filtered <= 1.3x untraced", "dd", "ebpf-filtered", 1.3, false),
    ];
    let dd = report.workloads.iter().find(|w| w.name == "dd");
    out.push(time_ratio_target(
        dd,
        "dd: ebpf-filter-expr <= 1.15x ebpf-summary",
        "ebpf-filter-expr",
        "ebpf-summary",
        1.15,
    ));
    out.push(time_ratio_target(dd, "dd: ptrace <= 0.5x strace's time", "ptrace", "strace", 0.5));
    out.push(time_ratio_target(
        dd,
        "dd: ebpf-record <= 1.3x ebpf-summary's time",
        "ebpf-record",
        "ebpf-summary",
        1.3,
    ));
    let ours =
        report.workloads.iter().flat_map(|w| &w.modes).filter(|m| !m.peer && m.mode != "native" && m.ok());
    let peak = ours.map(|m| (m.peak_rss_kib, m.mode)).max();
    out.push(match peak {
        Some((kib, name)) => Target {
            what: "tracer peak RSS <= 64 MiB",
            measured: Some(format!("{:.1} MiB ({name})", kib as f64 / MIB)),
            met: Some(kib as f64 <= 64.0 * MIB),
        },
        None => Target { what: "tracer peak RSS <= 64 MiB", measured: None, met: None },
    });
    let storm = report.workloads.iter().find(|w| w.name == "storm");
    let seen = storm.and_then(|w| Some((mode(w, "ebpf")?, w.expected_full?)));
    out.push(match seen {
        Some((m, expected)) => Target {
            what: "storm: every getpid seen by ebpf, none lost",
            measured: Some(format!("{} of {expected}, {} lost", m.seen.unwrap_or(0), m.lost)),
            // Only the full-size storm (1,000,000 calls) counts for the target.
            met: (expected >= 1_000_000).then_some(m.seen == Some(expected) && m.lost == 0),
        },
        None => Target { what: "storm: every getpid seen by ebpf, none lost", measured: None, met: None },
    });
    out
}

/// dd's collateral ratio: what attaching the syscall tracepoints costs every task, traced or not,
/// which bounds every eBPF mode's ratio from below.
fn ebpf_floor(report: &Report) -> Option<f64> {
    let dd = report.workloads.iter().find(|w| w.name == "dd")?;
    let collateral = dd.collateral.as_ref().filter(|c| c.error.is_none())?;
    stats::median(&collateral.ratios)
}

fn secs(s: f64) -> String {
    if s < 0.01 {
        format!("{:.2} ms", s * 1e3)
    } else {
        format!("{s:.3} s")
    }
}

/// What tracer does by default that its peers do not (README: "Backends: trade-offs"), said in
/// every report so that its ratios are read for what they are.
pub const TRACER_SETTINGS: [&str; 2] = [
    "ptrace pins a lone tracee to tracer's CPU (--no-cpu-pin: not; strace-pinned gives strace the same)",
    "the eBPF ring reader runs at nice -10 (--no-priority-boost: not)",
];

pub fn render(report: &Report) -> String {
    let mut t = String::new();
    let m = &report.machine;
    let _ = writeln!(
        t,
        "tracer bench, {}: {} ({} CPUs, {} MiB), Linux {}; {} timed rounds after {} warm-up, scale {}",
        report.date, m.cpu, m.cpus, m.mem_mib, m.kernel, report.runs, report.warmup, report.scale
    );
    let _ = writeln!(t, "tracer's defaults: {}.", TRACER_SETTINGS.join("; "));
    for w in &report.workloads {
        let _ = writeln!(t);
        let size = w.size.map(|n| format!(", size {n}")).unwrap_or_default();
        let calls = match w.syscalls {
            Some(n) if w.syscalls_from == "loop" => format!("{n} syscalls in its loop"),
            Some(n) => format!("{n} syscalls (counted by {})", w.syscalls_from),
            None => "syscalls unknown".into(),
        };
        let _ = writeln!(t, "== {}: {}{size}; {calls}", w.name, w.about);
        if let Some(err) = &w.error {
            let _ = writeln!(t, "   not measured: {err}");
            continue;
        }
        let _ = writeln!(
            t,
            "{:<16} {:>10} {:>21} {:>9} {:>10} {:>21} {:>6} {:>10} {:>9}",
            "mode",
            "median",
            "min-max",
            "ratio",
            "+ns/call",
            "warm-up seen/exp",
            "lost",
            "trace CPU",
            "peak RSS"
        );
        for mr in &w.modes {
            match &mr.status {
                Status::Skipped(why) => {
                    let _ = writeln!(t, "{:<16} skipped: {why}", mr.mode);
                    continue;
                }
                Status::Failed(why) => {
                    let _ = writeln!(t, "{:<16} failed: {why}", mr.mode);
                    continue;
                }
                Status::Ok => {}
            }
            let dash = || "-".to_string();
            let median = mr.median_s().map(secs).unwrap_or_else(dash);
            let range = match (stats::min(&mr.wall_s), stats::max(&mr.wall_s)) {
                (Some(a), Some(b)) => format!("{}-{}", secs(a), secs(b)),
                _ => dash(),
            };
            let ratio = mr.ratio().map(|r| format!("{r:.2}x")).unwrap_or_else(dash);
            let added = w.added_ns(mr).map(|n| format!("{n:.0}")).unwrap_or_else(dash);
            let seen = match (mr.seen, w.expected_for(mr)) {
                (Some(s), Some(e)) => format!("{s}/{e}"),
                (None, Some(e)) => format!("?/{e}"),
                _ => dash(),
            };
            let lost = if !mr.traces() { dash() } else { mr.lost.to_string() };
            let cpu = w.tracer_cpu_s(mr).map(|c| format!("{c:+.2} s")).unwrap_or_else(dash);
            let rss = format!("{:.1} MiB", mr.peak_rss_kib as f64 / MIB);
            let _ = writeln!(
                t,
                "{:<16} {median:>10} {range:>21} {ratio:>9} {added:>10} {seen:>21} {lost:>6} {cpu:>10} {rss:>9}",
                mr.mode
            );
        }
        for mr in w.modes.iter().filter(|m| m.ok()) {
            if let (Some(bytes), Some(calls)) = (mr.capture_bytes, w.syscalls.filter(|&n| n > 0)) {
                let _ = writeln!(
                    t,
                    "{}: the capture is {:.1} MiB, {:.1} bytes per call",
                    mr.mode,
                    bytes as f64 / MIB / 1024.0,
                    bytes as f64 / calls as f64
                );
            }
        }
        if let Some(c) = &w.collateral {
            match (&c.error, stats::median(&c.ratios)) {
                (Some(err), _) => {
                    let _ = writeln!(t, "collateral: not measured: {err}");
                }
                (None, Some(r)) => {
                    let _ = writeln!(
                        t,
                        "collateral: {} untraced while tracer --backend {} traces another process: {r:.2}x \
                         (median alone {}, with {})",
                        w.name,
                        c.tracer_mode,
                        stats::median(&c.alone_s).map(secs).unwrap_or_default(),
                        stats::median(&c.with_s).map(secs).unwrap_or_default(),
                    );
                }
                (None, None) => {}
            }
        }
    }
    let _ = writeln!(t, "\ntargets:");
    for target in targets(report) {
        let verdict = match target.met {
            Some(true) => "met",
            Some(false) => "MISSED",
            None => "not measured",
        };
        let measured = target.measured.map(|m| format!(": {m}")).unwrap_or_default();
        let _ = writeln!(t, "  {:<46} {verdict}{measured}", target.what);
    }
    if let Some(floor) = ebpf_floor(report) {
        let _ = writeln!(
            t,
            "  floor: the syscall tracepoints alone slow an untraced dd {floor:.2}x here (collateral); \
             no eBPF mode can run below it"
        );
    }
    let _ = writeln!(
        t,
        "\nratio: median of per-round wall-time ratios vs native (tracer start-up included); +ns/call: \
         (median - native median) / syscalls;\nseen: the loop's known calls found in the warm-up run's \
         trace/summary/map; trace CPU: median CPU of the whole process tree minus native's;\npeak RSS: the \
         started process alone (the tracer, not its tracee)."
    );
    t
}
