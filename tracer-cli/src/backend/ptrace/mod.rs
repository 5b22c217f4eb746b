//! The ptrace backend: one stop per syscall entry and exit, `PTRACE_GET_SYSCALL_INFO` for the
//! number, arguments and return value, `process_vm_readv` for the memory the capture plan names.
//! Everything it sees becomes the same [`Event`]s the eBPF backend produces.

mod captures;
mod memory;
mod stops;

use std::collections::HashMap;

use nix::errno::Errno;
use nix::sys::ptrace;
use nix::sys::signal::Signal;
use nix::unistd::Pid;
use tracer_common::capture::{plan_for, Limits, SyscallPlan, PATH_MAX};
use tracer_common::event::{Event, Meta};

use self::memory::TraceeMemory;
use self::stops::{wait_any, Stop};
use crate::backend::dump::DumpSink;
use crate::backend::ebpf::shadow;
use crate::backend::{EventSink, TraceeExit};
use crate::cli::Config;
use crate::launch::{self, Command, Gate, LaunchError};

#[derive(Debug, thiserror::Error)]
pub enum PtraceError {
    #[error(transparent)]
    Launch(#[from] LaunchError),
    #[error("PTRACE_SETOPTIONS on {pid}: {source}")]
    SetOptions { pid: Pid, source: Errno },
    #[error("waiting for tracees: {0}")]
    Wait(#[source] Errno),
    #[error("writing the trace: {0}")]
    Output(#[from] std::io::Error),
}

/// A syscall in progress on one thread: what its exit needs from its entry.
struct InSyscall {
    nr: u64,
    args: [u64; 6],
    /// The call's capture plan, looked up once at entry.
    plan: SyscallPlan,
}

/// Per-thread state, keyed by tid.
struct Tracee {
    /// Thread group id, looked up once.
    tgid: u32,
    in_syscall: Option<InSyscall>,
}

impl Tracee {
    fn new(tid: Pid) -> Self {
        Tracee { tgid: tgid_of(tid), in_syscall: None }
    }
}

pub fn trace(
    config: &Config,
    command: &Command,
    sink: &mut dyn EventSink,
) -> Result<TraceeExit, PtraceError> {
    let mut sink = DumpSink::from_env(sink);
    let child = launch::spawn_stopped(command, Gate::Ptrace)?;
    let options = ptrace::Options::PTRACE_O_TRACESYSGOOD
        | ptrace::Options::PTRACE_O_EXITKILL
        | ptrace::Options::PTRACE_O_TRACEEXEC;
    ptrace::setoptions(child, options).map_err(|source| PtraceError::SetOptions { pid: child, source })?;
    let limits = Limits { strlen: config.strlen, path_max: PATH_MAX };
    let mut shadow = shadow::from_env(&limits, child.as_raw().unsigned_abs());
    // The child stopped itself with SIGSTOP right before execve: resume without that signal.
    resume(child, None);

    let mut tracees: HashMap<Pid, Tracee> = HashMap::from([(child, Tracee::new(child))]);
    loop {
        let (pid, status) = wait_any().map_err(PtraceError::Wait)?;
        match Stop::from_wait_status(status) {
            Stop::Syscall => {
                let tracee = tracees.entry(pid).or_insert_with(|| Tracee::new(pid));
                if let Some(event) = syscall_stop(pid, tracee, &limits) {
                    sink.event(event)?;
                }
                if let Some(shadow) = shadow.as_mut() {
                    shadow.drain()?;
                }
                resume(pid, None);
            }
            Stop::Event(_) => resume(pid, None),
            Stop::SignalDelivery(signal) => resume(pid, Signal::try_from(signal).ok()),
            Stop::Ended(wait_status) => {
                let tid = u32::try_from(pid.as_raw()).unwrap_or_default();
                let tgid = tracees.remove(&pid).map_or(tid, |t| t.tgid);
                sink.event(Event::Exit { meta: meta(tgid, tid), wait_status })?;
                if pid == child {
                    if let Some(shadow) = shadow.take() {
                        shadow.finish()?;
                    }
                    return Ok(TraceeExit::from_wait_status(wait_status));
                }
            }
        }
    }
}

/// Continue to the next syscall stop, delivering `signal`. A tracee that vanished meanwhile (killed)
/// is reported by the next wait, so ESRCH here is not an error.
fn resume(pid: Pid, signal: Option<Signal>) {
    let _ = ptrace::syscall(pid, signal);
}

fn now_ns() -> u64 {
    nix::time::clock_gettime(nix::time::ClockId::CLOCK_MONOTONIC)
        .map(|ts| {
            u64::try_from(ts.tv_sec()).unwrap_or_default() * 1_000_000_000
                + u64::try_from(ts.tv_nsec()).unwrap_or_default()
        })
        .unwrap_or_default()
}

fn meta(pid: u32, tid: u32) -> Meta {
    Meta { pid, tid, ts_ns: now_ns() }
}

/// The thread group of `tid`, from /proc (tids of the launched child equal their tgid).
fn tgid_of(tid: Pid) -> u32 {
    let raw = u32::try_from(tid.as_raw()).unwrap_or_default();
    std::fs::read_to_string(format!("/proc/{raw}/status"))
        .ok()
        .and_then(|status| {
            status.lines().find_map(|line| line.strip_prefix("Tgid:").and_then(|v| v.trim().parse().ok()))
        })
        .unwrap_or(raw)
}

/// Turn a syscall stop into a SysEnter or SysExit record.
fn syscall_stop(pid: Pid, tracee: &mut Tracee, limits: &Limits) -> Option<Event> {
    let info = ptrace::syscall_info(pid).ok()?;
    let tid = u32::try_from(pid.as_raw()).ok()?;
    let mem = TraceeMemory::new(pid);
    match info.op {
        libc::PTRACE_SYSCALL_INFO_ENTRY => {
            // SAFETY: op ENTRY means the kernel filled the `entry` member of the union.
            let entry = unsafe { info.u.entry };
            let plan = plan_for(entry.nr);
            let captures = captures::at_entry(&mem, &plan, &entry.args, limits);
            tracee.in_syscall = Some(InSyscall { nr: entry.nr, args: entry.args, plan });
            Some(Event::SysEnter { meta: meta(tracee.tgid, tid), nr: entry.nr, args: entry.args, captures })
        }
        libc::PTRACE_SYSCALL_INFO_EXIT => {
            // SAFETY: op EXIT means the kernel filled the `exit` member of the union.
            let exit = unsafe { info.u.exit };
            let entry = tracee.in_syscall.take()?;
            let captures = captures::at_exit(&mem, &entry.plan, &entry.args, exit.sval, limits);
            Some(Event::SysExit { meta: meta(tracee.tgid, tid), nr: entry.nr, ret: exit.sval, captures })
        }
        _ => None,
    }
}
