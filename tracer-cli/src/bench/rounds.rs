//! The bench proper: per workload, a warm-up round that also checks what each mode saw, then
//! interleaved timed rounds (native, mode A, mode B, ..., native, mode A, ...), then the
//! collateral cost of the eBPF backend on an untraced process.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context as _;

use super::args::Settings;
use super::machine;
use super::model::{Collateral, ModeResult, Report, Status, WorkloadResult};
use super::modes::{Availability, ModeKind, Output};
use super::progress::Progress;
use super::runner::{self, RunOutcome};
use super::seen;
use super::stats;
use super::workloads::{self, Expect, MARKER};

/// One workload to run: a built-in one at a size, or the user's command.
struct Spec {
    name: String,
    about: String,
    size: Option<u64>,
    argv: Vec<OsString>,
    builtin: bool,
    expects: Vec<Expect>,
    loop_syscalls: Option<u64>,
    stdin: PathBuf,
}

/// Removes the scratch directory when the bench ends, however it ends.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn run_all(settings: &Settings) -> anyhow::Result<Report> {
    let exe = std::env::current_exe().context("finding the tracer binary")?;
    let scratch = Scratch(std::env::temp_dir().join(format!("tracer-bench-{}", std::process::id())));
    std::fs::create_dir_all(&scratch.0).with_context(|| format!("creating {}", scratch.0.display()))?;

    let mut specs = Vec::new();
    if settings.command.is_empty() {
        for w in &settings.workloads {
            let size = w.size(settings.scale);
            let dir = scratch.0.join(w.name);
            w.prepare(size, &dir)?;
            specs.push(Spec {
                name: w.name.to_string(),
                about: w.about.to_string(),
                size: Some(size),
                argv: workloads::command(exe.as_os_str(), w.name, size, &dir),
                builtin: true,
                expects: w.expected(size, &dir),
                loop_syscalls: Some(w.loop_syscalls(size)),
                stdin: PathBuf::from("/dev/zero"),
            });
        }
    } else {
        let shown: Vec<String> = settings.command.iter().map(|a| a.to_string_lossy().into_owned()).collect();
        specs.push(Spec {
            name: "command".into(),
            about: shown.join(" "),
            size: None,
            argv: settings.command.clone(),
            builtin: false,
            expects: Vec::new(),
            loop_syscalls: None,
            stdin: PathBuf::from("/dev/null"),
        });
    }

    let ready: Vec<(ModeKind, Availability)> =
        settings.modes.iter().map(|&m| (m, m.availability())).collect();
    let runnable = ready.iter().filter(|(_, a)| matches!(a, Availability::Ready)).count() as u64;
    let collateral_runs = if settings.collateral
        && ready.iter().any(|(m, a)| *m == ModeKind::Ebpf && matches!(a, Availability::Ready))
    {
        2 * settings.runs as u64
    } else {
        0
    };
    let per_workload = runnable * (1 + settings.runs as u64) + collateral_runs;
    let progress = Progress::new(per_workload * specs.len() as u64, settings.progress);

    let mut results = Vec::new();
    for spec in &specs {
        let size = spec.size.map(|n| format!(", size {n}")).unwrap_or_default();
        progress.workload(&format!("{} ({}{size})", spec.name, spec.about));
        results.push(run_workload(settings, &exe, &scratch.0, spec, &ready, &progress));
    }
    progress.finish();
    Ok(Report {
        date: machine::now_utc(),
        machine: machine::machine(),
        tracer_version: env!("CARGO_PKG_VERSION"),
        runs: settings.runs,
        warmup: 1,
        scale: settings.scale,
        workloads: results,
    })
}

fn display(argv: &[OsString]) -> Vec<String> {
    argv.iter().map(|a| a.to_string_lossy().into_owned()).collect()
}

fn run_workload(
    settings: &Settings,
    exe: &Path,
    scratch: &Path,
    spec: &Spec,
    ready: &[(ModeKind, Availability)],
    progress: &Progress,
) -> WorkloadResult {
    let out_dir = scratch.join(format!("out-{}", spec.name));
    let marker = vec![Expect { syscall: MARKER, prefix: format!("{MARKER}("), count: 1 }];
    let sum = |e: &[Expect]| e.iter().map(|x| x.count).sum::<u64>();
    let mut result = WorkloadResult {
        name: spec.name.clone(),
        about: spec.about.clone(),
        size: spec.size,
        command: display(&spec.argv),
        syscalls: None,
        syscalls_from: "",
        expected_full: (!spec.expects.is_empty()).then(|| sum(&spec.expects)),
        expected_filtered: spec.builtin.then_some(1),
        modes: Vec::new(),
        collateral: None,
        error: None,
    };
    if let Err(err) = std::fs::create_dir_all(&out_dir) {
        result.error = Some(format!("creating {}: {err}", out_dir.display()));
        return result;
    }
    let check_out = |m: ModeKind| out_dir.join(format!("{}.out", m.name()));
    let argv_for = |m: ModeKind, out: &Path| m.command(exe.as_os_str(), &spec.argv, out, spec.builtin);
    let stderr_path = out_dir.join("stderr");

    for (mode, availability) in ready {
        let status = match availability {
            Availability::Ready => Status::Ok,
            Availability::Skipped(why) => Status::Skipped(why.clone()),
        };
        let shown = display(&argv_for(*mode, Path::new("/dev/null")));
        result.modes.push(ModeResult::new(mode.name(), mode.is_peer(), shown, status));
    }

    // Warm-up round: every mode once, its output kept and read back.
    for (i, (mode, _)) in ready.iter().enumerate() {
        if !matches!(result.modes[i].status, Status::Ok) {
            continue;
        }
        progress.running(format!("{} warm-up: {}", spec.name, mode.name()));
        let out = check_out(*mode);
        let outcome = runner::run(&argv_for(*mode, &out), &spec.stdin, &stderr_path);
        progress.step();
        let m = &mut result.modes[i];
        match outcome {
            Ok(o) if o.success => {
                let (output, text) = match mode.output() {
                    Output::Capture => {
                        m.capture_bytes = std::fs::metadata(&out).ok().map(|meta| meta.len());
                        (Output::Summary, replayed_summary(exe, &out, &stderr_path))
                    }
                    output => (
                        output,
                        std::fs::read(&out)
                            .map(|b| String::from_utf8_lossy(&b).into_owned())
                            .unwrap_or_default(),
                    ),
                };
                let expects = if mode.is_filtered() { &marker } else { &spec.expects };
                let saw = seen::count(output, &text, if spec.builtin { expects } else { &[] });
                m.seen = saw.expected_seen;
                m.lost += seen::lost(&o.stderr) + seen::lost(&text);
                m.peak_rss_kib = m.peak_rss_kib.max(o.peak_rss_kib);
                let counts_all = !mode.is_filtered() && !mode.matches_nothing();
                if result.syscalls.is_none() && counts_all && mode.output() == Output::StraceText {
                    result.syscalls = saw.total;
                    result.syscalls_from = mode.name();
                }
            }
            Ok(o) => m.status = Status::Failed(o.error_line()),
            Err(err) => m.status = Status::Failed(format!("{err:#}")),
        }
        let _ = std::fs::remove_file(&out);
        if *mode == ModeKind::Native && !matches!(m.status, Status::Ok) {
            let why = match &m.status {
                Status::Failed(e) => e.clone(),
                _ => "did not run".into(),
            };
            result.error = Some(format!("the workload fails untraced: {why}"));
            return result;
        }
    }
    if result.syscalls.is_none() {
        result.syscalls = spec.loop_syscalls;
        result.syscalls_from = "loop";
    }

    // Timed rounds: A B C A B C ...
    for round in 0..settings.runs {
        for (i, (mode, _)) in ready.iter().enumerate() {
            if !matches!(result.modes[i].status, Status::Ok) {
                continue;
            }
            progress.running(format!("{} round {}/{}: {}", spec.name, round + 1, settings.runs, mode.name()));
            let out = if mode.keeps_output() { check_out(*mode) } else { PathBuf::from("/dev/null") };
            let outcome = runner::run(&argv_for(*mode, &out), &spec.stdin, &stderr_path);
            progress.step();
            let m = &mut result.modes[i];
            match outcome {
                Ok(o) if o.success => record(m, &o),
                Ok(o) => m.status = Status::Failed(o.error_line()),
                Err(err) => m.status = Status::Failed(format!("{err:#}")),
            }
        }
    }
    let native_walls = result.native().map(|n| n.wall_s.clone()).unwrap_or_default();
    for m in &mut result.modes {
        if m.ok() && m.wall_s.len() == native_walls.len() {
            m.ratios = stats::ratios(&m.wall_s, &native_walls);
        }
    }

    let ebpf_ok = result.modes.iter().any(|m| m.mode == ModeKind::Ebpf.name() && m.ok());
    if settings.collateral && ebpf_ok {
        result.collateral = Some(collateral(settings, exe, &out_dir, spec, progress));
    }
    let _ = std::fs::remove_dir_all(&out_dir);
    result
}

/// `tracer --replay CAPTURE -c`: the summary a capture holds (empty when it cannot be read).
fn replayed_summary(exe: &Path, capture: &Path, stderr_path: &Path) -> String {
    let summary = capture.with_extension("summary");
    let argv: Vec<OsString> =
        vec![exe.into(), "--replay".into(), capture.into(), "-c".into(), "-o".into(), summary.clone().into()];
    let _ = runner::run(&argv, Path::new("/dev/null"), stderr_path);
    let text = std::fs::read_to_string(&summary).unwrap_or_default();
    let _ = std::fs::remove_file(&summary);
    text
}

fn record(m: &mut ModeResult, o: &RunOutcome) {
    m.wall_s.push(o.wall_s);
    m.cpu_s.push(o.cpu_s);
    m.peak_rss_kib = m.peak_rss_kib.max(o.peak_rss_kib);
    m.lost += seen::lost(&o.stderr);
}

/// The workload untraced, alone and while `tracer --backend ebpf` traces an idle process of its own.
fn collateral(
    settings: &Settings,
    exe: &Path,
    out_dir: &Path,
    spec: &Spec,
    progress: &Progress,
) -> Collateral {
    let mut c = Collateral {
        tracer_mode: ModeKind::Ebpf.name(),
        alone_s: Vec::new(),
        with_s: Vec::new(),
        ratios: Vec::new(),
        error: None,
    };
    let ctl = out_dir.join("idle");
    let stderr_path = out_dir.join("stderr");
    for round in 0..settings.runs {
        progress.running(format!("{} collateral {}/{}: alone", spec.name, round + 1, settings.runs));
        let alone = runner::run(&spec.argv, &spec.stdin, &stderr_path);
        progress.step();
        progress.running(format!(
            "{} collateral {}/{}: while ebpf traces another",
            spec.name,
            round + 1,
            settings.runs
        ));
        let with = with_tracer_elsewhere(exe, &ctl, || runner::run(&spec.argv, &spec.stdin, &stderr_path));
        progress.step();
        match (alone, with) {
            (Ok(a), Ok(w)) if a.success && w.success => {
                c.alone_s.push(a.wall_s);
                c.with_s.push(w.wall_s);
            }
            (Ok(a), _) if !a.success => c.error = Some(a.error_line()),
            (Err(e), _) | (_, Err(e)) => c.error = Some(format!("{e:#}")),
            (_, Ok(w)) => c.error = Some(w.error_line()),
        }
        if c.error.is_some() {
            break;
        }
    }
    c.ratios = stats::ratios(&c.with_s, &c.alone_s);
    c
}

/// Run `f` while `tracer --backend ebpf -f -o /dev/null` traces an idle workload.
fn with_tracer_elsewhere(
    exe: &Path,
    ctl: &Path,
    f: impl FnOnce() -> anyhow::Result<RunOutcome>,
) -> anyhow::Result<RunOutcome> {
    std::fs::create_dir_all(ctl)?;
    let ready = ctl.join("ready");
    let running = ctl.join("running");
    let _ = std::fs::remove_file(&ready);
    std::fs::write(&running, b"")?;
    let idle: Vec<OsString> = workloads::command(exe.as_os_str(), "idle", 0, ctl);
    let mut tracer = Command::new(exe)
        .args(["--backend", "ebpf", "-f", "-o", "/dev/null", "--"])
        .args(&idle)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("starting tracer --backend ebpf")?;
    let start = Instant::now();
    while !ready.exists() {
        if let Ok(Some(status)) = tracer.try_wait() {
            anyhow::bail!("tracer --backend ebpf ended before its tracee started: {status}");
        }
        if start.elapsed() > Duration::from_secs(30) {
            let _ = std::fs::remove_file(&running);
            let _ = tracer.wait();
            anyhow::bail!("tracer --backend ebpf: its tracee did not start within 30 s");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let outcome = f();
    let _ = std::fs::remove_file(&running);
    let _ = tracer.wait();
    outcome
}
