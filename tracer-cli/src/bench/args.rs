//! `tracer bench`'s flags (clap derive), checked into [`Settings`].

use std::ffi::OsString;
use std::path::PathBuf;

use anyhow::bail;
use clap::Parser;

use super::modes::ModeKind;
use super::workloads::Workload;

#[derive(Parser, Debug)]
#[command(
    name = "tracer bench",
    about = "Time workloads untraced and under each tracer (ours and installed peers), in interleaved rounds",
    after_help = "Workloads: dd, getppid, churn, forkexec, storm, tree, http (default: all). \
                  Modes: native, ptrace, ptrace-filtered, ebpf, ebpf-filtered, ebpf-summary, ebpf-record \
                  (--record FILE, nothing rendered), ebpf-filter-expr (a --filter that matches nothing: compare \
                  with ebpf-summary), floor (untraced, with \
                  programs that return at once on the syscall tracepoints: the eBPF floor), strace, strace-pinned \
                  (taskset -c 0 strace), strace-seccomp, perf-trace, bpftrace-count (default: all these; missing \
                  peers and root-only modes are reported as skipped), and ptrace-unpinned (ptrace --no-cpu-pin, only \
                  when named)."
)]
struct RawBenchArgs {
    /// A built-in workload (repeatable, or comma-separated).
    #[arg(long = "workload", value_name = "NAME", value_delimiter = ',')]
    workloads: Vec<String>,
    /// Timed rounds per mode (each round runs every mode once, in order, after one warm-up round).
    #[arg(long = "runs", value_name = "RUNS", default_value_t = 3)]
    runs: usize,
    /// Modes to run, comma-separated (native is always included: ratios are against it).
    #[arg(long = "modes", value_name = "LIST", value_delimiter = ',')]
    modes: Vec<String>,
    /// Multiply every built-in workload's size (e.g. 0.01 for a quick check; 1 is ~1M syscalls for dd).
    #[arg(long = "scale", value_name = "FACTOR", default_value_t = 1.0)]
    scale: f64,
    /// Write the report as JSON to FILE.
    #[arg(long = "report-json", value_name = "FILE")]
    json: Option<PathBuf>,
    /// Write a bar chart of the slowdown ratios (log scale) as SVG to FILE.
    #[arg(long = "svg", value_name = "FILE")]
    svg: Option<PathBuf>,
    /// Skip the collateral-cost measurement (an untraced run while the eBPF backend traces another process).
    #[arg(long = "no-collateral")]
    no_collateral: bool,
    /// No progress bar even on a terminal.
    #[arg(long = "no-progress")]
    no_progress: bool,
    /// Benchmark this command instead of the built-in workloads.
    #[arg(last = true, value_name = "CMD")]
    command: Vec<OsString>,
}

/// What to run, validated.
#[derive(Debug, Clone)]
pub struct Settings {
    pub workloads: Vec<&'static Workload>,
    pub command: Vec<OsString>,
    pub runs: usize,
    pub modes: Vec<ModeKind>,
    pub scale: f64,
    pub json: Option<PathBuf>,
    pub svg: Option<PathBuf>,
    pub collateral: bool,
    pub progress: bool,
}

/// Parse and check the arguments after `tracer bench`; `Ok(None)` when help or version was printed.
pub fn parse(args: Vec<OsString>) -> anyhow::Result<Option<Settings>> {
    if let Some(hint) = args.iter().take_while(|a| *a != "--").find_map(tracing_spelling) {
        bail!("bench: {hint}");
    }
    let argv = std::iter::once(OsString::from("tracer bench")).chain(args);
    let raw = match RawBenchArgs::try_parse_from(argv) {
        Ok(raw) => raw,
        Err(err) if !err.use_stderr() => {
            err.print()?;
            return Ok(None);
        }
        Err(err) => {
            let text = err.to_string();
            let first = text.lines().next().unwrap_or("invalid arguments").trim_start_matches("error: ");
            bail!("bench: {first}");
        }
    };
    if raw.runs == 0 {
        bail!("bench: -n must be at least 1");
    }
    if !(raw.scale.is_finite() && raw.scale > 0.0) {
        bail!("bench: --scale must be a positive number");
    }
    if !raw.command.is_empty() && !raw.workloads.is_empty() {
        bail!("bench: give either --workload or -- CMD, not both");
    }
    let mut workloads = Vec::new();
    for name in &raw.workloads {
        match Workload::by_name(name) {
            Some(w) if !workloads.iter().any(|x: &&Workload| x.name == w.name) => workloads.push(w),
            Some(_) => {}
            None => bail!("bench: unknown workload '{name}' (known: {})", Workload::names().join(", ")),
        }
    }
    if workloads.is_empty() && raw.command.is_empty() {
        workloads = Workload::all().iter().collect();
    }
    let mut modes = vec![ModeKind::Native];
    let requested: Vec<String> = if raw.modes.is_empty() {
        ModeKind::ALL.iter().filter(|m| m.in_default()).map(|m| m.name().to_string()).collect()
    } else {
        raw.modes
    };
    for name in &requested {
        let Some(mode) = ModeKind::by_name(name) else {
            let known: Vec<&str> = ModeKind::ALL.iter().map(|m| m.name()).collect();
            bail!("bench: unknown mode '{name}' (known: {})", known.join(", "));
        };
        if !modes.contains(&mode) {
            modes.push(mode);
        }
    }
    Ok(Some(Settings {
        workloads,
        command: raw.command,
        runs: raw.runs,
        modes,
        scale: raw.scale,
        json: raw.json,
        svg: raw.svg,
        collateral: !raw.no_collateral,
        progress: !raw.no_progress,
    }))
}

/// The flags that mean something else when tracing (`-w` is strace's `--summary-wall-clock`, `-n`
/// prints syscall numbers, `--json` is the JSON output switch): bench spells its own out, and says so
/// to someone who reaches for the old spellings.
fn tracing_spelling(arg: &OsString) -> Option<String> {
    let arg = arg.to_str()?;
    let (flag, long) = match arg {
        a if a.starts_with("-w") && !a.starts_with("--") => ("-w", "--workload NAME"),
        a if a.starts_with("-n") && !a.starts_with("--") => ("-n", "--runs N"),
        a if a == "--json" || a.starts_with("--json=") => ("--json", "--report-json FILE"),
        _ => return None,
    };
    Some(format!("{flag} is a tracing flag, not a bench flag: use {long}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn modes(args: &[&str]) -> Vec<ModeKind> {
        let args = args.iter().map(OsString::from).collect();
        match parse(args) {
            Ok(Some(settings)) => settings.modes,
            Ok(None) => panic!("help printed"),
            Err(err) => panic!("{err}"),
        }
    }

    #[test]
    fn ptrace_unpinned_runs_only_when_named() {
        let default = modes(&[]);
        assert!(default.contains(&ModeKind::Ptrace) && default.contains(&ModeKind::Strace));
        assert!(!default.contains(&ModeKind::PtraceUnpinned));
        assert_eq!(modes(&["--modes", "ptrace-unpinned"]), [ModeKind::Native, ModeKind::PtraceUnpinned]);
    }

    #[test]
    fn tracing_spellings_are_refused_with_the_bench_spelling() {
        for (arg, want) in [("-w", "--workload NAME"), ("-n3", "--runs N"), ("--json", "--report-json FILE")]
        {
            let err = parse(vec![OsString::from(arg)]).expect_err(arg).to_string();
            assert!(err.starts_with("bench: ") && err.ends_with(want), "{arg}: {err}");
        }
        // After `--`, they are the benchmarked command's.
        let settings = parse(["--", "/bin/echo", "-n"].map(OsString::from).to_vec());
        assert!(matches!(settings, Ok(Some(_))));
    }
}
