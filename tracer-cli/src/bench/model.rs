//! What a bench run found, as the table, the JSON and the chart read it.

use super::stats;

#[derive(Debug, Clone)]
pub enum Status {
    Ok,
    /// It ran but failed: its one-line error.
    Failed(String),
    /// Not run here (not installed, needs root).
    Skipped(String),
}

#[derive(Debug, Clone)]
pub struct ModeResult {
    pub mode: &'static str,
    pub peer: bool,
    pub command: Vec<String>,
    pub status: Status,
    /// Wall time of each timed round, seconds.
    pub wall_s: Vec<f64>,
    /// CPU time (user + system) of the process tree in each timed round.
    pub cpu_s: Vec<f64>,
    /// Per-round ratio against native.
    pub ratios: Vec<f64>,
    pub peak_rss_kib: u64,
    /// Expected calls seen in the warm-up run's output (None: this output cannot tell).
    pub seen: Option<u64>,
    /// Records lost, summed over the warm-up and the timed runs.
    pub lost: u64,
    /// `ebpf-record`: the warm-up run's capture, bytes.
    pub capture_bytes: Option<u64>,
}

impl ModeResult {
    /// Whether this mode traces (untraced runs, native and the eBPF floor, see no calls).
    pub fn traces(&self) -> bool {
        !matches!(self.mode, "native" | "floor")
    }

    pub fn new(mode: &'static str, peer: bool, command: Vec<String>, status: Status) -> Self {
        ModeResult {
            mode,
            peer,
            command,
            status,
            wall_s: Vec::new(),
            cpu_s: Vec::new(),
            ratios: Vec::new(),
            peak_rss_kib: 0,
            seen: None,
            lost: 0,
            capture_bytes: None,
        }
    }

    pub fn ok(&self) -> bool {
        matches!(self.status, Status::Ok) && !self.wall_s.is_empty()
    }

    pub fn median_s(&self) -> Option<f64> {
        stats::median(&self.wall_s)
    }

    pub fn ratio(&self) -> Option<f64> {
        stats::median(&self.ratios)
    }
}

#[derive(Debug, Clone)]
pub struct Collateral {
    /// The mode tracing another (idle) process meanwhile.
    pub tracer_mode: &'static str,
    pub alone_s: Vec<f64>,
    pub with_s: Vec<f64>,
    pub ratios: Vec<f64>,
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub struct WorkloadResult {
    pub name: String,
    pub about: String,
    pub size: Option<u64>,
    pub command: Vec<String>,
    /// Calls the workload makes in all, from a full trace when one ran, else its loop's count.
    pub syscalls: Option<u64>,
    pub syscalls_from: &'static str,
    /// Calls whose count we know in advance (see `workloads::Expect`), for modes that see everything.
    pub expected_full: Option<u64>,
    /// The same for the filtered modes (the marker call only).
    pub expected_filtered: Option<u64>,
    pub modes: Vec<ModeResult>,
    pub collateral: Option<Collateral>,
    pub error: Option<String>,
}

impl WorkloadResult {
    pub fn native(&self) -> Option<&ModeResult> {
        self.modes.iter().find(|m| m.mode == "native")
    }

    pub fn expected_for(&self, mode: &ModeResult) -> Option<u64> {
        if !mode.traces() {
            None
        } else if matches!(mode.mode, "ptrace-filtered" | "ebpf-filtered" | "strace-seccomp") {
            self.expected_filtered
        } else if mode.mode == "ebpf-filter-expr" {
            // Its `--filter` matches none of the workload's calls.
            Some(0)
        } else {
            self.expected_full
        }
    }

    /// Added wall time per syscall, ns (median traced minus median native, over all calls).
    pub fn added_ns(&self, mode: &ModeResult) -> Option<f64> {
        let native = self.native()?.median_s()?;
        let calls = self.syscalls? as f64;
        if mode.mode == "native" || calls == 0.0 {
            return None;
        }
        Some((mode.median_s()? - native) * 1e9 / calls)
    }

    /// Median CPU time above native's: what tracing cost in CPU (the tracer's and the kernel's).
    pub fn tracer_cpu_s(&self, mode: &ModeResult) -> Option<f64> {
        let native = stats::median(&self.native()?.cpu_s)?;
        if mode.mode == "native" {
            return None;
        }
        Some(stats::median(&mode.cpu_s)? - native)
    }
}

#[derive(Debug, Clone)]
pub struct Machine {
    pub cpu: String,
    pub cpus: usize,
    pub kernel: String,
    pub mem_mib: u64,
}

#[derive(Debug, Clone)]
pub struct Report {
    pub date: String,
    pub machine: Machine,
    pub tracer_version: &'static str,
    pub runs: usize,
    pub warmup: usize,
    pub scale: f64,
    pub workloads: Vec<WorkloadResult>,
}
