//! `tracer --check`: what this host allows each backend, one line per item, each failure with its
//! fix; then each backend tried for real (tracer tracing `true`).

use std::os::unix::process::CommandExt as _;
use std::process::{Command, Stdio};

const CAP_SYS_PTRACE: u32 = 19;
const CAP_SYS_ADMIN: u32 = 21;
const CAP_PERFMON: u32 = 38;
const CAP_BPF: u32 = 39;

/// How an item came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    Ok,
    Info,
    Fail,
}

struct Report {
    lines: Vec<(Verdict, String)>,
}

impl Report {
    fn add(&mut self, verdict: Verdict, text: impl Into<String>) {
        self.lines.push((verdict, text.into()));
    }

    fn print(&self) {
        for (verdict, text) in &self.lines {
            let tag = match verdict {
                Verdict::Ok => "ok  ",
                Verdict::Info => "info",
                Verdict::Fail => "FAIL",
            };
            println!("{tag}  {text}");
        }
    }
}

/// Run the checks, print them; the exit status is 0 when at least the ptrace backend works.
pub fn run() -> std::process::ExitCode {
    let mut report = Report { lines: Vec::new() };
    kernel(&mut report);
    let caps = effective_caps();
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let has = |cap: u32| root || caps.is_some_and(|c| c & (1 << cap) != 0);

    // ptrace.
    match read_trimmed("/proc/sys/kernel/yama/ptrace_scope").as_deref() {
        None => report.add(Verdict::Info, "yama: not enabled (ptrace limited by user ids only)"),
        Some("0") => report.add(Verdict::Ok, "yama ptrace_scope 0: -p can attach to any process of yours"),
        Some("1") if has(CAP_SYS_PTRACE) => {
            report.add(Verdict::Ok, "yama ptrace_scope 1, but CAP_SYS_PTRACE: -p can attach to any process")
        }
        Some("1") => report.add(
            Verdict::Info,
            "yama ptrace_scope 1: -p only attaches to your descendants; fix: run as root, or \
             `sysctl kernel.yama.ptrace_scope=0`",
        ),
        Some("2") => report.add(
            Verdict::Info,
            "yama ptrace_scope 2: only CAP_SYS_PTRACE may attach with -p; fix: run as root",
        ),
        Some(other) => report.add(
            Verdict::Fail,
            format!(
                "yama ptrace_scope {other}: ptrace is disabled until reboot; fix: boot with ptrace_scope < 3"
            ),
        ),
    }
    match read_trimmed("/proc/sys/kernel/seccomp/actions_avail") {
        Some(actions) if actions.split_whitespace().any(|a| a == "trace") => report.add(
            Verdict::Ok,
            "seccomp: SECCOMP_RET_TRACE available (ptrace filters -e trace= in the kernel)",
        ),
        _ => report.add(
            Verdict::Info,
            "seccomp: no SECCOMP_RET_TRACE; the ptrace backend stops at every call (as --no-seccomp)",
        ),
    }

    // eBPF.
    if std::path::Path::new("/sys/kernel/btf/vmlinux").exists() {
        report.add(
            Verdict::Ok,
            "BTF: /sys/kernel/btf/vmlinux present (task_struct offsets for the eBPF backend)",
        );
    } else {
        report.add(
            Verdict::Fail,
            "BTF: /sys/kernel/btf/vmlinux missing; fix: a kernel built with CONFIG_DEBUG_INFO_BTF=y",
        );
    }
    if root || (has(CAP_BPF) && has(CAP_PERFMON)) || has(CAP_SYS_ADMIN) {
        report.add(Verdict::Ok, "capabilities: CAP_BPF and CAP_PERFMON (or root) for the eBPF backend");
    } else {
        report.add(
            Verdict::Fail,
            "capabilities: no CAP_BPF + CAP_PERFMON; fix: run as root, or `setcap cap_bpf,cap_perfmon+ep tracer`",
        );
    }
    if let Some(value) = read_trimmed("/proc/sys/kernel/unprivileged_bpf_disabled") {
        report.add(
            Verdict::Info,
            format!("unprivileged_bpf_disabled {value}: tracer loads its programs with privileges"),
        );
    }
    report.add(
        Verdict::Info,
        "tracefs: not needed (raw tracepoints); RLIMIT_MEMLOCK: not needed (maps are charged to the memory cgroup)",
    );

    // The real thing.
    let ptrace_ok = try_backend(&mut report, "ptrace");
    let ebpf_ok = try_backend(&mut report, "ebpf");
    report.print();
    let usable = |ok: bool| if ok { "usable" } else { "NOT usable" };
    println!("ptrace backend: {}; eBPF backend: {}", usable(ptrace_ok), usable(ebpf_ok));
    if ptrace_ok {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::from(1)
    }
}

fn kernel(report: &mut Report) {
    let release = nix::sys::utsname::uname()
        .map(|u| u.release().to_string_lossy().into_owned())
        .unwrap_or_else(|_| "?".to_string());
    let version: Vec<u32> = release.split(['.', '-']).take(2).filter_map(|p| p.parse().ok()).collect();
    match version.as_slice() {
        [major, minor] if (*major, *minor) >= (5, 8) => {
            report.add(Verdict::Ok, format!("kernel {release}: BPF ring buffer and CAP_BPF (5.8 or later)"))
        }
        [_, _] => report.add(
            Verdict::Fail,
            format!("kernel {release}: the eBPF backend needs 5.8 or later (ring buffer); fix: use --backend ptrace"),
        ),
        _ => report.add(Verdict::Info, format!("kernel {release}: version not understood")),
    }
}

/// Run `tracer --backend BACKEND -o /dev/null true`; true when it exits 0.
fn try_backend(report: &mut Report, backend: &str) -> bool {
    let Ok(exe) = std::env::current_exe() else {
        report.add(Verdict::Fail, format!("{backend} backend: cannot find tracer's own executable"));
        return false;
    };
    // Named `tracer` so its diagnostics start with `tracer: `, which is stripped below.
    let run = Command::new(exe)
        .arg0("tracer")
        .args(["--backend", backend, "-o", "/dev/null", "--", "true"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output();
    match run {
        Ok(out) if out.status.success() => {
            report.add(Verdict::Ok, format!("{backend} backend: traced `true`"));
            true
        }
        Ok(out) => {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let why = stderr.lines().next().unwrap_or("no message").trim_start_matches("tracer: ");
            report.add(Verdict::Fail, format!("{backend} backend: tracing `true` failed: {why}"));
            false
        }
        Err(err) => {
            report.add(Verdict::Fail, format!("{backend} backend: could not run: {err}"));
            false
        }
    }
}

fn read_trimmed(path: &str) -> Option<String> {
    std::fs::read_to_string(path).ok().map(|s| s.trim().to_string())
}

/// The `CapEff:` mask of this process.
fn effective_caps() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let hex = status.lines().find_map(|line| line.strip_prefix("CapEff:"))?.trim();
    u64::from_str_radix(hex, 16).ok()
}
