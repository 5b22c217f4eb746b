//! The ptrace backend: one stop per syscall entry and exit, `PTRACE_GET_SYSCALL_INFO` for the
//! number, arguments and return value, `process_vm_readv` for the memory the capture plan names.
//! Everything it sees becomes the same [`Event`](tracer_common::event::Event)s the eBPF backend
//! produces.
//!
//! Tasks are seized (`PTRACE_SEIZE`, as strace 6.1 does), so group-stops are told apart from signal
//! deliveries and left with `PTRACE_LISTEN`. All per-task state is keyed by tid ([`Tracee`]); each
//! wait result becomes a typed stop token ([`stops::Stop`]) that is consumed by the one call that
//! resumes it.

mod alarm;
mod attach;
mod captures;
mod cpu_pin;
mod detach;
mod dispatch;
mod memory;
mod resume;
mod seccomp;
pub mod silent;
mod stack;
mod stops;
mod tamper;
mod tracee;

use std::collections::{HashMap, HashSet};

use nix::errno::Errno;
use nix::sys::ptrace;
use nix::unistd::Pid;
use tracer_common::capture::{Limits, PATH_CHARS};
use tracer_common::event::Meta;

use self::cpu_pin::CpuPin;
use self::resume::Parked;
use self::seccomp::Filter;
use self::stops::{wait_any, Stop, Waited};
use self::tracee::{tgid_of, Tracee};
use crate::backend::dump::DumpSink;
use crate::backend::ebpf::shadow::{self, Shadow};
use crate::backend::{EventSink, TraceeExit};
use crate::inject::Injections;
use crate::launch::{self, Command, Gate, LaunchError};
use crate::sets::{Quiet, SyscallSet};

#[derive(Debug, thiserror::Error)]
pub enum PtraceError {
    #[error(transparent)]
    Launch(#[from] LaunchError),
    /// Seizing the launched child failed (strace: `attach: ptrace(PTRACE_SEIZE, 1234): ...`).
    #[error("attach: ptrace({request}, {pid}): {}", errno.desc())]
    SeizeChild { request: &'static str, pid: Pid, errno: Errno },
    #[error("waiting for tracees: {0}")]
    Wait(#[source] Errno),
    /// Forking the front that waits while tracer follows children silently ([`silent`]).
    #[error("fork: {}", .0.desc())]
    Split(Errno),
    #[error("writing the trace")]
    Output(#[from] std::io::Error),
}

/// The ptrace options every tracee gets: strace 6.1's (TRACESYSGOOD | TRACEEXEC; with `-f`, fork,
/// vfork and clone too). `launched`: the command tracer started, and its followed children, die
/// with tracer if it is killed (EXITKILL; strace 6.1 lets them run on). Attached processes (`-p`)
/// always outlive it.
fn options(follow: bool, seccomp: bool, launched: bool) -> ptrace::Options {
    let mut options = ptrace::Options::PTRACE_O_TRACESYSGOOD | ptrace::Options::PTRACE_O_TRACEEXEC;
    if launched {
        options |= ptrace::Options::PTRACE_O_EXITKILL;
    }
    if seccomp {
        options |= ptrace::Options::PTRACE_O_TRACESECCOMP;
    }
    if follow {
        options |= ptrace::Options::PTRACE_O_TRACEFORK
            | ptrace::Options::PTRACE_O_TRACEVFORK
            | ptrace::Options::PTRACE_O_TRACECLONE;
    }
    options
}

/// What the ptrace backend is asked.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    pub common: super::Request<'a>,
    /// `--no-seccomp`: stop at every call even when only some are reported.
    pub no_seccomp: bool,
    /// `--no-cpu-pin`: leave a lone tracee's CPU mask alone.
    pub no_cpu_pin: bool,
    /// `-q`, `-e quiet=`: the attach and detach messages not printed.
    pub quiet: Quiet,
    /// `-e inject=`, `-e fault=`.
    pub inject: &'a Injections,
    /// `-b execve`: detach from a task when it execs (but the launched command's first execve).
    pub detach_on_execve: bool,
    /// `--seccomp-bpf`: without -f too, the filter (the children followed silently, [`silent`]).
    pub seccomp_without_follow: bool,
    /// `-k`: unwind the stack after each call and at each signal.
    pub stack_traces: bool,
}

/// Trace the command (launched, if any) and/or the tasks of `-p`, until no traced task is left or
/// a detach is requested.
pub fn run(request: &Request, sink: &mut dyn EventSink) -> Result<TraceeExit, PtraceError> {
    let common = request.common;
    let command = common.command;
    let limits = Limits {
        strlen: common.strlen,
        path_max: PATH_CHARS,
        data: common.data_bytes,
        unabbreviated: common.unabbreviated,
    };
    // seccomp-bpf only pays with a narrower set, and cannot reach attached tasks. The filter is
    // inherited, and an untraced child's traced calls would fail with ENOSYS: without -f the
    // children are followed silently ([`silent`]).
    let use_seccomp = command.is_some()
        && !request.detach_on_execve
        && common.attach.is_empty()
        && !request.no_seccomp
        && common.calls != SyscallSet::all();
    // Only as root, for a command that stays root: then the filter needs no PR_SET_NO_NEW_PRIVS and
    // the children, though attached, still gain a setuid program's privileges, as they do untraced
    // under strace. As another user either would stop them (sudo, ping): strace's behaviour, no filter.
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let silent_follow = use_seccomp
        && !common.follow
        && request.seccomp_without_follow
        && root
        && command.is_some_and(|c| c.daemonize == 0 && c.credentials.is_none());
    if request.seccomp_without_follow && !common.follow && command.is_some() && !silent_follow {
        // strace's words: it never filters without -f; tracer does only as root.
        crate::diag!("--seccomp-bpf cannot be used without -f/--follow-forks, disabling");
    }
    let use_seccomp = use_seccomp && (common.follow || silent_follow);
    crate::debug_line!(
        "ptrace: seccomp-bpf filter {}; children {}",
        if use_seccomp { "on (only the traced calls stop)" } else { "off (every call stops)" },
        match (common.follow, silent_follow) {
            (true, _) => "followed (-f)",
            (false, true) => "followed silently (they inherit the filter)",
            (false, false) => "not followed",
        }
    );
    if silent_follow {
        silent::split()?;
    }
    // Only launched commands are pinned: EXITKILL ends them with tracer, none is left pinned.
    // Not with -D: tracer forks itself into the command's grandchild, which must be the only thread.
    let cpu_pin =
        (command.is_some_and(|c| c.daemonize == 0) && common.attach.is_empty() && !request.no_cpu_pin)
            .then(CpuPin::new)
            .flatten();
    let mut stopping = common.calls;
    if cpu_pin.is_some() {
        for nr in cpu_pin::OWN_MASK_CALLS {
            stopping.insert(nr);
        }
    }
    let mut session = Session {
        cpu_pin,
        parked: Vec::new(),
        alarm: None,
        seccomp: use_seccomp.then(|| Filter::new(&stopping)),
        seccomp_on: false,
        follow: common.follow,
        silent_follow,
        quiet: request.quiet,
        limits,
        inject: request.inject.clone(),
        sink: DumpSink::from_env(sink),
        shadow: None,
        tracees: HashMap::new(),
        held: HashMap::new(),
        announced: HashSet::new(),
        child: None,
        child_exit: None,
        detach_on_execve: request.detach_on_execve,
        detached_child: None,
        next_seq: 0,
        stacks: request.stack_traces.then(crate::stack::Stacks::default),
    };
    if let Some(command) = command {
        session.launch(command)?;
    }
    let attached = attach::attach_all(&mut session, common.attach)?;
    if command.is_none() && attached == 0 {
        // strace: nothing could be attached (each failure said why): exit status 1.
        return Ok(TraceeExit::Exited(1));
    }
    session.trace()
}

/// Everything one tracing run keeps.
struct Session<'a> {
    /// A lone tracee and tracer kept on one CPU ([`cpu_pin`]); `None` with `--no-cpu-pin`.
    cpu_pin: Option<CpuPin>,
    /// Stops held by `-e inject=...:delay_*`, and the timer that wakes the wait when one is due.
    parked: Vec<Parked>,
    alarm: Option<alarm::Alarm>,
    /// The filter the launched command installs (`-e trace=` with `-f`, no `--no-seccomp`).
    seccomp: Option<Filter>,
    /// The command's `seccomp` call succeeded: every tracee (all descend from it) stops only at
    /// traced calls, and is resumed with `PTRACE_CONT` between them.
    seccomp_on: bool,
    follow: bool,
    /// Without -f, under the seccomp filter: new tasks are traced but never shown ([`silent`]).
    silent_follow: bool,
    quiet: Quiet,
    limits: Limits,
    /// `-e inject=`, `-e fault=`.
    inject: Injections,
    sink: DumpSink<'a>,
    shadow: Option<Shadow>,
    tracees: HashMap<Pid, Tracee>,
    /// New tasks (`-f`) that stopped before their creator's fork/clone event was seen: left in their
    /// first stop until it is, so that `Fork` comes before anything they do.
    held: HashMap<Pid, Stop>,
    /// New tasks announced by their creator's event whose first stop has not been seen yet.
    announced: HashSet<Pid>,
    /// The launched command (its exit status is tracer's).
    child: Option<Pid>,
    child_exit: Option<TraceeExit>,
    /// `-b execve`.
    detach_on_execve: bool,
    /// The launched command, once `-b execve` let it go: its end is no news (strace: silent, and
    /// tracer's exit status is 0).
    detached_child: Option<Pid>,
    next_seq: u64,
    /// `-k`: what unwinding needs per process and per image.
    stacks: Option<crate::stack::Stacks>,
}

impl Session<'_> {
    /// Start `command` as strace 6.1 does: the child stops itself before `execve`; we seize it,
    /// interrupt it and send it `SIGCONT`; its first reported syscall is the `execve`.
    fn launch(&mut self, command: &Command) -> Result<(), PtraceError> {
        let prog = self.seccomp.as_ref().map(Filter::prog);
        // -D: the command outlives tracer (no EXITKILL), as tracer is the helper there.
        let options =
            options(self.follow || self.silent_follow, self.seccomp.is_some(), command.daemonize == 0);
        let seize = |child| {
            ptrace::seize(child, options)
                .map_err(|errno| ("PTRACE_SEIZE", errno))
                .and_then(|()| ptrace::interrupt(child).map_err(|errno| ("PTRACE_INTERRUPT", errno)))
        };
        let child = if command.daemonize > 0 {
            // -D: we are the command's grandchild now; it waits for us in its wait for its child.
            let daemon = launch::spawn_daemonized(command, prog.as_ref(), command.daemonize)?;
            let child = daemon.command;
            if let Err((request, errno)) = seize(child) {
                let _ = nix::sys::signal::kill(child, nix::sys::signal::Signal::SIGKILL);
                daemon.release();
                return Err(PtraceError::SeizeChild { request, pid: child, errno });
            }
            daemon.release();
            child
        } else {
            let child = launch::spawn_stopped(command, Gate::Ptrace, prog.as_ref())?;
            if let Err((request, errno)) = seize(child) {
                let _ = nix::sys::signal::kill(child, nix::sys::signal::Signal::SIGKILL);
                return Err(PtraceError::SeizeChild { request, pid: child, errno });
            }
            let _ = nix::sys::signal::kill(child, nix::sys::signal::Signal::SIGCONT);
            child
        };
        launch::redirect_standard_fds();
        let mut tracee = self.new_tracee(child);
        tracee.hidden = true;
        tracee.awaiting_exec = true;
        self.tracees.insert(child, tracee);
        self.child = Some(child);
        self.shadow = shadow::from_env(&self.limits, child.as_raw().unsigned_abs());
        Ok(())
    }

    fn new_tracee(&mut self, tid: Pid) -> Tracee {
        self.next_seq += 1;
        Tracee {
            tgid: tgid_of(tid),
            in_syscall: None,
            hidden: false,
            silent: false,
            awaiting_exec: false,
            seq: self.next_seq,
            inject_counts: HashMap::new(),
            inject_signal: None,
            hold_us: None,
            entry_stack: None,
        }
    }

    /// The main loop.
    fn trace(mut self) -> Result<TraceeExit, PtraceError> {
        loop {
            if crate::backend::detach_requested() {
                return self.detach_all();
            }
            self.resume_due();
            match wait_any().map_err(PtraceError::Wait)? {
                Waited::Task(tid, status) => {
                    if let Err(err) = self.handle(Stop::new(tid, status), tid) {
                        // The trace cannot go on (its output failed, say): the tracees go on
                        // untraced rather than die with tracer (the launched one has EXITKILL).
                        self.release_all();
                        return Err(err);
                    }
                }
                Waited::Interrupted => continue,
                Waited::NoTasks => break,
            }
            if self.only_silent_left() {
                crate::debug_line!(
                    "the command has ended; {} silent task(s) left, served in the background",
                    self.tracees.len() + self.announced.len() + self.held.len()
                );
                silent::set_leftovers();
                break;
            }
        }
        self.finish()?;
        Ok(self.child_exit.unwrap_or(TraceeExit::Exited(0)))
    }

    /// The command has ended and only silent tasks are left: the trace is over for the user.
    fn only_silent_left(&self) -> bool {
        self.silent_follow
            && self.child_exit.is_some()
            && self.tracees.values().all(|t| t.silent)
            && !(self.tracees.is_empty() && self.announced.is_empty() && self.held.is_empty())
    }

    fn finish(&mut self) -> Result<(), PtraceError> {
        if let Some(shadow) = self.shadow.take() {
            shadow.finish()?;
        }
        Ok(())
    }
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
