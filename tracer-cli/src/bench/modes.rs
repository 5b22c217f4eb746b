//! The modes: untraced, our two backends (full, filtered, summary) and the peers, each as a
//! command line around the workload's, and how to read back what each saw.

use std::ffi::{OsStr, OsString};
use std::path::Path;

use super::workloads::{comm, MARKER};

/// `ebpf-filter-expr`'s `--filter`: issue 16's seed, which no workload's call matches (none
/// fails with EACCES, none has a parent named sshd). The kernel judges it whole: `parent.comm`
/// is false at each call's entry, so the call is dropped before anything is copied.
pub const FILTER_EXPR: &str = r#"errno == EACCES && parent.comm == "sshd""#;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModeKind {
    Native,
    Ptrace,
    /// `ptrace` with `--no-cpu-pin`: what keeping a lone tracee on tracer's CPU gains (not in
    /// the default set: on a VM it is as slow as strace).
    PtraceUnpinned,
    PtraceFiltered,
    Ebpf,
    EbpfFiltered,
    EbpfSummary,
    /// `--backend ebpf -f --record FILE`: a capture written, nothing rendered.
    EbpfRecord,
    /// `ebpf` with a `--filter` that matches none of the workload's calls ([`FILTER_EXPR`]): the
    /// kernel rejects each call, nothing crosses the ring. Compared with `ebpf-summary`.
    EbpfFilterExpr,
    /// Untraced, with programs that return at once on the syscall tracepoints: the eBPF floor.
    Floor,
    Strace,
    /// strace pinned to one CPU with its tracees (`taskset -c 0`): the gain tracer's own pinning
    /// gives ptrace, given to strace too.
    StracePinned,
    StraceSeccomp,
    PerfTrace,
    BpftraceCount,
}

/// How a mode's output tells which calls it saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// No output (native).
    None,
    /// strace-style lines (`-f -o`: a pid column first).
    StraceText,
    /// A strace `-c` table.
    Summary,
    /// `perf trace` lines.
    PerfText,
    /// bpftrace's `@[id]: count` map.
    BpftraceMap,
    /// A `--record` capture (read back with `tracer --replay FILE -c`).
    Capture,
}

/// Where a mode can run, or why not.
#[derive(Debug, Clone)]
pub enum Availability {
    Ready,
    Skipped(String),
}

impl ModeKind {
    pub const ALL: &'static [ModeKind] = &[
        ModeKind::Native,
        ModeKind::Ptrace,
        ModeKind::PtraceUnpinned,
        ModeKind::PtraceFiltered,
        ModeKind::Ebpf,
        ModeKind::EbpfFiltered,
        ModeKind::EbpfSummary,
        ModeKind::EbpfRecord,
        ModeKind::EbpfFilterExpr,
        ModeKind::Floor,
        ModeKind::Strace,
        ModeKind::StracePinned,
        ModeKind::StraceSeccomp,
        ModeKind::PerfTrace,
        ModeKind::BpftraceCount,
    ];

    /// Run when `--modes` is not given.
    pub fn in_default(self) -> bool {
        self != ModeKind::PtraceUnpinned
    }

    pub fn name(self) -> &'static str {
        match self {
            ModeKind::Native => "native",
            ModeKind::Ptrace => "ptrace",
            ModeKind::PtraceUnpinned => "ptrace-unpinned",
            ModeKind::PtraceFiltered => "ptrace-filtered",
            ModeKind::Ebpf => "ebpf",
            ModeKind::EbpfFiltered => "ebpf-filtered",
            ModeKind::EbpfSummary => "ebpf-summary",
            ModeKind::EbpfRecord => "ebpf-record",
            ModeKind::EbpfFilterExpr => "ebpf-filter-expr",
            ModeKind::Floor => "floor",
            ModeKind::Strace => "strace",
            ModeKind::StracePinned => "strace-pinned",
            ModeKind::StraceSeccomp => "strace-seccomp",
            ModeKind::PerfTrace => "perf-trace",
            ModeKind::BpftraceCount => "bpftrace-count",
        }
    }

    pub fn by_name(name: &str) -> Option<ModeKind> {
        Self::ALL.iter().copied().find(|m| m.name() == name.trim())
    }

    /// Ours or a peer's.
    pub fn is_peer(self) -> bool {
        matches!(
            self,
            ModeKind::Strace
                | ModeKind::StracePinned
                | ModeKind::StraceSeccomp
                | ModeKind::PerfTrace
                | ModeKind::BpftraceCount
        )
    }

    pub fn output(self) -> Output {
        match self {
            ModeKind::Native | ModeKind::Floor => Output::None,
            ModeKind::Ptrace
            | ModeKind::PtraceUnpinned
            | ModeKind::PtraceFiltered
            | ModeKind::Ebpf
            | ModeKind::EbpfFiltered
            | ModeKind::EbpfFilterExpr => Output::StraceText,
            ModeKind::Strace | ModeKind::StracePinned | ModeKind::StraceSeccomp => Output::StraceText,
            ModeKind::EbpfSummary => Output::Summary,
            ModeKind::EbpfRecord => Output::Capture,
            ModeKind::PerfTrace => Output::PerfText,
            ModeKind::BpftraceCount => Output::BpftraceMap,
        }
    }

    /// Traces only the marker call (the others are filtered before they cost a stop or a record).
    pub fn is_filtered(self) -> bool {
        matches!(self, ModeKind::PtraceFiltered | ModeKind::EbpfFiltered | ModeKind::StraceSeccomp)
    }

    /// Shows none of the workload's calls (its `--filter` matches none): its trace says nothing of
    /// how many calls the workload makes.
    pub fn matches_nothing(self) -> bool {
        self == ModeKind::EbpfFilterExpr
    }

    /// Every timed run writes to this file (small outputs whose contents we read), else /dev/null.
    pub fn keeps_output(self) -> bool {
        // A capture is written to a file as it would be in use (not to /dev/null).
        matches!(self.output(), Output::Summary | Output::BpftraceMap | Output::Capture)
    }

    /// The programs this mode needs on PATH.
    fn programs(self) -> &'static [&'static str] {
        match self {
            ModeKind::Strace | ModeKind::StraceSeccomp => &["strace"],
            ModeKind::StracePinned => &["taskset", "strace"],
            ModeKind::PerfTrace => &["perf"],
            ModeKind::BpftraceCount => &["bpftrace"],
            _ => &[],
        }
    }

    fn needs_root(self) -> bool {
        matches!(
            self,
            ModeKind::Ebpf
                | ModeKind::EbpfFiltered
                | ModeKind::EbpfSummary
                | ModeKind::EbpfRecord
                | ModeKind::EbpfFilterExpr
                | ModeKind::Floor
                | ModeKind::PerfTrace
                | ModeKind::BpftraceCount
        )
    }

    pub fn availability(self) -> Availability {
        if let Some(program) = self.programs().iter().find(|p| find_in_path(p).is_none()) {
            return Availability::Skipped(format!("{program} is not installed"));
        }
        // SAFETY: geteuid has no preconditions.
        if self.needs_root() && unsafe { libc::geteuid() } != 0 {
            return Availability::Skipped("needs root (CAP_BPF + CAP_PERFMON)".into());
        }
        Availability::Ready
    }

    /// The command line that runs `workload` under this mode, writing the trace to `out`.
    /// `builtin` says whether the workload is ours (it names itself [`comm`]).
    pub fn command(self, tracer: &OsStr, workload: &[OsString], out: &Path, builtin: bool) -> Vec<OsString> {
        let mut argv: Vec<OsString> = Vec::new();
        let mut push = |args: &[&str]| argv.extend(args.iter().map(OsString::from));
        let filter = format!("trace={MARKER}");
        match self {
            ModeKind::Native => return workload.to_vec(),
            ModeKind::Ptrace => push(&["--backend", "ptrace", "-f"]),
            ModeKind::PtraceUnpinned => push(&["--backend", "ptrace", "-f", "--no-cpu-pin"]),
            ModeKind::PtraceFiltered => push(&["--backend", "ptrace", "-f", "-e", &filter]),
            ModeKind::Ebpf => push(&["--backend", "ebpf", "-f"]),
            ModeKind::EbpfFiltered => push(&["--backend", "ebpf", "-f", "-e", &filter]),
            ModeKind::EbpfSummary => push(&["--backend", "ebpf", "-f", "-c"]),
            ModeKind::EbpfRecord => {
                argv.extend(["--backend", "ebpf", "-f", "--record"].map(OsString::from));
                argv.insert(0, tracer.to_os_string());
                argv.push(out.as_os_str().to_os_string());
                argv.push("--".into());
                argv.extend(workload.iter().cloned());
                return argv;
            }
            ModeKind::EbpfFilterExpr => push(&["--backend", "ebpf", "-f", "--filter", FILTER_EXPR]),
            ModeKind::Floor => {
                argv.extend(
                    [tracer, OsStr::new("bench"), OsStr::new(super::floor::SELF_ARG), OsStr::new("--")]
                        .map(OsString::from),
                );
                argv.extend(workload.iter().cloned());
                return argv;
            }
            ModeKind::Strace => push(&["strace", "-f"]),
            ModeKind::StracePinned => push(&["taskset", "-c", "0", "strace", "-f"]),
            ModeKind::StraceSeccomp => push(&["strace", "-f", "--seccomp-bpf", "-e", &filter]),
            ModeKind::PerfTrace => push(&["perf", "trace"]),
            ModeKind::BpftraceCount => {
                let predicate =
                    if builtin { format!("comm == \"{}\"", comm()) } else { "pid == cpid".to_string() };
                let script =
                    format!("tracepoint:raw_syscalls:sys_enter /{predicate}/ {{ @[args->id] = count(); }}");
                let cmd: Vec<String> = workload.iter().map(|a| a.to_string_lossy().into_owned()).collect();
                push(&["bpftrace", "-q", "-e", &script, "-c", &cmd.join(" "), "-o"]);
                argv.push(out.as_os_str().to_os_string());
                return argv;
            }
        }
        if !self.is_peer() {
            argv.insert(0, tracer.to_os_string());
        }
        argv.push("-o".into());
        argv.push(out.as_os_str().to_os_string());
        argv.push("--".into());
        argv.extend(workload.iter().cloned());
        argv
    }
}

fn find_in_path(program: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(program)).find(|p| p.is_file())
}
