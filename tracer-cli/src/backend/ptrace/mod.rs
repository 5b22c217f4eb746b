//! The ptrace backend: one stop per syscall entry and exit, `PTRACE_GET_SYSCALL_INFO` for the
//! number, arguments and return value, `process_vm_readv` for the memory the capture plan names.
//! Everything it sees becomes the same [`Event`]s the eBPF backend produces.
//!
//! Tasks are seized (`PTRACE_SEIZE`, as strace 6.1 does), so group-stops are told apart from signal
//! deliveries and left with `PTRACE_LISTEN`. All per-task state is keyed by tid ([`Tracee`]); each
//! wait result becomes a typed stop token ([`stops::Stop`]) that is consumed by the one call that
//! resumes it.

mod alarm;
mod attach;
mod captures;
mod cpu_pin;
mod memory;
mod seccomp;
mod stops;
mod tamper;

use std::collections::{HashMap, HashSet};

use nix::errno::Errno;
use nix::sys::ptrace;
use nix::unistd::Pid;
use tracer_common::capture::{plan_for, Limits, SyscallPlan, PATH_MAX};
use tracer_common::event::{Event, Meta};
use tracer_common::syscall::nr;

use self::cpu_pin::CpuPin;
use self::memory::TraceeMemory;
use self::seccomp::Filter;
use self::stops::{wait_any, EventStop, Restart, Stop, SyscallStop, Waited};
use crate::backend::dump::DumpSink;
use crate::backend::ebpf::shadow::{self, Shadow};
use crate::backend::{EventSink, TraceeExit};
use crate::inject::Injections;
use crate::launch::{self, Command, Gate, LaunchError};
use crate::messages;
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
    #[error("writing the trace")]
    Output(#[from] std::io::Error),
}

/// A syscall in progress on one thread: what its exit needs from its entry.
struct InSyscall {
    nr: u64,
    args: [u64; 6],
    /// The call's capture plan, looked up once at entry.
    plan: SyscallPlan,
    /// What `-e inject=` did to it.
    tampered: Option<tamper::Tampered>,
}

/// Per-task state, keyed by tid.
struct Tracee {
    /// Thread group id, looked up once (an exec keeps it).
    tgid: u32,
    in_syscall: Option<InSyscall>,
    /// The launched child before its first `execve`: what it does then is tracer's own doing
    /// (strace's TCB_HIDE_LOG), so nothing is reported.
    hidden: bool,
    /// The launched command before its execve succeeded: a failed execve is shown, and what the
    /// child does next (tracer's `exec:` message, its exit) is hidden again, as strace does.
    awaiting_exec: bool,
    /// When the task was first seen, for detaching in strace's order.
    seq: u64,
    /// `-e inject=`: how many times this task has entered each injected call.
    inject_counts: HashMap<u64, u64>,
    /// `-e inject=...:signal=`: to send as the exit stop just reported is resumed.
    inject_signal: Option<i32>,
    /// `-e inject=...:delay_enter=`/`delay_exit=`: how long the stop just reported is held.
    hold_us: Option<u64>,
}

/// A stop held by `-e inject=...:delay_*` until `due_ns` (CLOCK_MONOTONIC); other tasks go on.
struct Parked {
    due_ns: u64,
    stop: ParkedStop,
}

enum ParkedStop {
    /// A syscall-entry or -exit stop, and the signal its resumption injects.
    Syscall(SyscallStop, Option<i32>),
    /// A traced call's entry under the seccomp filter.
    Seccomp(EventStop),
}

impl Parked {
    fn tid(&self) -> Pid {
        match &self.stop {
            ParkedStop::Syscall(stop, _) => stop.tid,
            ParkedStop::Seccomp(stop) => stop.tid,
        }
    }
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
}

/// Trace the command (launched, if any) and/or the tasks of `-p`, until no traced task is left or
/// a detach is requested.
pub fn run(request: &Request, sink: &mut dyn EventSink) -> Result<TraceeExit, PtraceError> {
    let common = request.common;
    let command = common.command;
    let limits = Limits { strlen: common.strlen, path_max: PATH_MAX };
    // seccomp-bpf only pays with a narrower set; it needs -f (the filter is inherited, and an
    // untraced child's traced calls would fail with ENOSYS) and cannot reach attached tasks.
    let use_seccomp = command.is_some()
        && common.follow
        && common.attach.is_empty()
        && !request.no_seccomp
        && common.calls != SyscallSet::all();
    // Only launched commands are pinned: EXITKILL ends them with tracer, none is left pinned.
    let cpu_pin =
        (command.is_some() && common.attach.is_empty() && !request.no_cpu_pin).then(CpuPin::new).flatten();
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
        next_seq: 0,
    };
    if let Some(command) = command {
        session.launch(command)?;
    }
    let attached = attach::attach_all(&mut session, common.attach);
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
    next_seq: u64,
}

impl Session<'_> {
    /// Start `command` as strace 6.1 does: the child stops itself before `execve`; we seize it,
    /// interrupt it and send it `SIGCONT`; its first reported syscall is the `execve`.
    fn launch(&mut self, command: &Command) -> Result<(), PtraceError> {
        let prog = self.seccomp.as_ref().map(Filter::prog);
        let child = launch::spawn_stopped(command, Gate::Ptrace, prog.as_ref())?;
        let seized = ptrace::seize(child, options(self.follow, self.seccomp.is_some(), true))
            .map_err(|errno| ("PTRACE_SEIZE", errno))
            .and_then(|()| ptrace::interrupt(child).map_err(|errno| ("PTRACE_INTERRUPT", errno)));
        if let Err((request, errno)) = seized {
            let _ = nix::sys::signal::kill(child, nix::sys::signal::Signal::SIGKILL);
            return Err(PtraceError::SeizeChild { request, pid: child, errno });
        }
        let _ = nix::sys::signal::kill(child, nix::sys::signal::Signal::SIGCONT);
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
            awaiting_exec: false,
            seq: self.next_seq,
            inject_counts: HashMap::new(),
            inject_signal: None,
            hold_us: None,
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
        }
        self.finish()?;
        Ok(self.child_exit.unwrap_or(TraceeExit::Exited(0)))
    }

    fn finish(&mut self) -> Result<(), PtraceError> {
        if let Some(shadow) = self.shadow.take() {
            shadow.finish()?;
        }
        Ok(())
    }

    /// One wait result.
    fn handle(&mut self, stop: Stop, tid: Pid) -> Result<(), PtraceError> {
        if self.tracees.contains_key(&tid) {
            return self.dispatch(stop, tid);
        }
        match stop {
            Stop::Ended(status) => {
                self.announced.remove(&tid);
                self.held.remove(&tid);
                if !self.quiet.suppresses(crate::sets::Message::Exit) {
                    // strace says the same of a task it never saw stop.
                    eprintln!("tracer: Exit of unknown pid {tid} ignored");
                }
                let _ = status;
                Ok(())
            }
            stop if self.follow => {
                if self.announced.remove(&tid) {
                    self.start(tid);
                    self.dispatch(stop, tid)
                } else {
                    // Its creator's event is still to come.
                    self.held.insert(tid, stop);
                    Ok(())
                }
            }
            stop => {
                // Not ours to trace (a clone with CLONE_PTRACE): let it go, as strace does.
                let _ = stop.detach();
                if !self.quiet.suppresses(crate::sets::Message::Attach) {
                    eprintln!("tracer: Detached unknown pid {tid}");
                }
                Ok(())
            }
        }
    }

    /// A new task (`-f`) is traced from now on.
    fn start(&mut self, tid: Pid) {
        let tracee = self.new_tracee(tid);
        self.tracees.insert(tid, tracee);
        messages::attached(tid.as_raw(), 1);
    }

    /// A stop of a known task: report it, then resume it the way its kind requires.
    fn dispatch(&mut self, stop: Stop, tid: Pid) -> Result<(), PtraceError> {
        let Some(tracee) = self.tracees.get_mut(&tid) else {
            // Only called for known tasks; leave it running rather than stopped.
            let _ = stop.detach();
            return Ok(());
        };
        let tgid = tracee.tgid;
        let raw_tid = tid.as_raw().unsigned_abs();
        match stop {
            Stop::Syscall(stop) => {
                let event = syscall_stop(tid, tracee, &self.limits, &self.inject);
                let hidden = tracee.hidden;
                let signal = tracee.inject_signal.take();
                let hold_us = tracee.hold_us.take();
                if hidden && self.seccomp.is_some() {
                    if let Some(Event::SysExit { nr: nr::SECCOMP, ret: 0, .. }) = event {
                        // The command's filter is in place: from its execve on, only traced
                        // calls stop.
                        self.seccomp_on = true;
                    }
                }
                if let (true, Some(Event::SysExit { nr: nr::EXECVE | nr::EXECVEAT, ret, .. })) =
                    (tracee.awaiting_exec, &event)
                {
                    tracee.awaiting_exec = false;
                    tracee.hidden = *ret < 0;
                }
                if let Some(event) = event.filter(|_| !hidden) {
                    self.sink.event(event)?;
                }
                if let Some(shadow) = self.shadow.as_mut() {
                    shadow.drain()?;
                }
                match hold_us {
                    Some(us) => self.park(us, ParkedStop::Syscall(stop, signal)),
                    None => self.resume_syscall(stop, signal),
                }
            }
            Stop::Signal(stop) => {
                if !tracee.hidden {
                    // A task that vanished meanwhile has no siginfo: its end is reported next.
                    if let Ok(siginfo) = stop.siginfo() {
                        self.sink.event(Event::Signal { meta: meta(tgid, raw_tid), siginfo })?;
                    }
                }
                let how = self.restart(tid);
                stop.deliver(how);
            }
            Stop::Group(stop) => {
                if !tracee.hidden {
                    let sig = stop.signal.unsigned_abs();
                    self.sink.event(Event::Stop { meta: meta(tgid, raw_tid), sig })?;
                }
                stop.listen();
            }
            Stop::Event(stop) => self.event_stop(stop, tgid)?,
            Stop::Ended(wait_status) => {
                self.tracees.remove(&tid);
                self.parked.retain(|parked| parked.tid() != tid);
                if let Some(pin) = self.cpu_pin.as_mut() {
                    pin.forget(tid);
                }
                self.sink.event(Event::Exit { meta: meta(tgid, raw_tid), wait_status })?;
                if self.child == Some(tid) {
                    self.child_exit = Some(TraceeExit::from_wait_status(wait_status));
                }
            }
        }
        Ok(())
    }

    /// Resume a syscall stop, with the signal `-e inject=...:signal=` asks for.
    fn resume_syscall(&mut self, stop: SyscallStop, signal: Option<i32>) {
        let tid = stop.tid;
        self.place(tid);
        match signal {
            Some(signal) => stop.resume_injecting(self.restart(tid), signal),
            None => stop.resume(self.restart(tid)),
        }
    }

    /// Hold a stop for `us` microseconds (`-e inject=...:delay_*`): the task stays stopped, the
    /// others are traced meanwhile. If the timer cannot be made, it is held now, in place.
    fn park(&mut self, us: u64, stop: ParkedStop) {
        if self.alarm.is_none() {
            self.alarm = alarm::Alarm::new().ok();
        }
        let due_ns = now_ns().saturating_add(us.saturating_mul(1000));
        self.parked.push(Parked { due_ns, stop });
        if self.alarm.is_none() {
            std::thread::sleep(std::time::Duration::from_micros(us));
        }
        self.resume_due();
    }

    /// Resume the parked stops that are due, and set the timer for the next one.
    fn resume_due(&mut self) {
        if self.parked.is_empty() {
            return;
        }
        let now = now_ns();
        let (due, waiting): (Vec<Parked>, Vec<Parked>) =
            std::mem::take(&mut self.parked).into_iter().partition(|parked| parked.due_ns <= now);
        self.parked = waiting;
        for parked in due {
            match parked.stop {
                ParkedStop::Syscall(stop, signal) => self.resume_syscall(stop, signal),
                ParkedStop::Seccomp(stop) => {
                    self.place(stop.tid);
                    stop.resume(Restart::Syscall);
                }
            }
        }
        let next = self.parked.iter().map(|parked| parked.due_ns).min();
        if let Some(alarm) = self.alarm.as_mut() {
            let _ = match next {
                Some(next) => alarm.set(std::time::Duration::from_nanos(next.saturating_sub(now))),
                None => alarm.disarm(),
            };
        }
    }

    /// Before `tid` leaves a syscall stop: pinned with tracer while it is the only task traced,
    /// except inside a call that must see or pass on its own CPU mask ([`cpu_pin`]).
    fn place(&mut self, tid: Pid) {
        let Some(pin) = self.cpu_pin.as_mut() else { return };
        let lone = self.tracees.len() == 1 && self.announced.is_empty() && self.held.is_empty();
        let in_call = self.tracees.get(&tid).and_then(|t| t.in_syscall.as_ref());
        let own_mask = in_call.is_some_and(|call| cpu_pin::needs_own_mask(call.nr));
        pin.place(tid, lone, own_mask, now_ns());
    }

    /// How to resume `tid`: with seccomp on, `PTRACE_CONT` between calls (the filter stops it at
    /// the next traced one) and `PTRACE_SYSCALL` inside one (to see its exit).
    fn restart(&self, tid: Pid) -> Restart {
        let in_call = self.tracees.get(&tid).is_some_and(|t| t.in_syscall.is_some());
        if self.seccomp_on && !in_call {
            Restart::Cont
        } else {
            Restart::Syscall
        }
    }

    /// A `PTRACE_EVENT_*` stop of a known task.
    fn event_stop(&mut self, stop: EventStop, tgid: u32) -> Result<(), PtraceError> {
        let tid = stop.tid;
        let raw_tid = tid.as_raw().unsigned_abs();
        match stop.event {
            libc::PTRACE_EVENT_SECCOMP => {
                // The filter stopped a traced call: this is its entry; PTRACE_SYSCALL brings its exit.
                let mut hold_us = None;
                if let Some(tracee) = self.tracees.get_mut(&tid) {
                    let event = syscall_stop(tid, tracee, &self.limits, &self.inject);
                    hold_us = tracee.hold_us.take();
                    if let Some(event) = event.filter(|_| !tracee.hidden) {
                        self.sink.event(event)?;
                    }
                }
                if let Some(shadow) = self.shadow.as_mut() {
                    shadow.drain()?;
                }
                match hold_us {
                    Some(us) => self.park(us, ParkedStop::Seccomp(stop)),
                    None => {
                        self.place(tid);
                        stop.resume(Restart::Syscall);
                    }
                }
            }
            libc::PTRACE_EVENT_FORK | libc::PTRACE_EVENT_VFORK | libc::PTRACE_EVENT_CLONE => {
                let child = stop.message().ok().and_then(|msg| i32::try_from(msg).ok()).filter(|&c| c > 0);
                let Some(child) = child.map(Pid::from_raw) else {
                    let how = self.restart(tid);
                    stop.resume(how);
                    return Ok(());
                };
                let child_pid = self.child_tgid(tid, child, stop.event);
                let event = Event::Fork {
                    meta: meta(tgid, raw_tid),
                    child_pid,
                    child_tid: child.as_raw().unsigned_abs(),
                };
                let hidden = self.tracees.get(&tid).is_some_and(|t| t.hidden);
                if !hidden {
                    self.sink.event(event)?;
                }
                let how = self.restart(tid);
                stop.resume(how);
                match self.held.remove(&child) {
                    Some(first) => {
                        self.start(child);
                        self.dispatch(first, child)?;
                    }
                    None => {
                        self.announced.insert(child);
                    }
                }
            }
            libc::PTRACE_EVENT_EXEC => {
                // The former tid of the task that exec'd: another thread's when a non-leader
                // thread exec'd (it now has the leader's tid, and the leader is gone, unreported).
                let old = stop.message().ok().and_then(|msg| i32::try_from(msg).ok()).map(Pid::from_raw);
                if let Some(old) = old.filter(|&old| old != tid) {
                    if let Some(pin) = self.cpu_pin.as_mut() {
                        pin.rename(old, tid);
                    }
                    if let Some(mut execing) = self.tracees.remove(&old) {
                        if let Some(leader) = self.tracees.remove(&tid) {
                            execing.seq = leader.seq;
                        }
                        self.tracees.insert(tid, execing);
                    }
                }
                let old_tid = old.map_or(raw_tid, |o| o.as_raw().unsigned_abs());
                let hidden = self.tracees.get(&tid).is_some_and(|t| t.hidden);
                if !hidden {
                    self.sink.event(Event::Exec { meta: meta(tgid, raw_tid), old_tid })?;
                }
                let how = self.restart(tid);
                stop.resume(how);
            }
            // PTRACE_EVENT_STOP that is not a group-stop (PTRACE_INTERRUPT, a new task's first
            // stop, a SIGCONT notification after PTRACE_LISTEN), and anything else.
            _ => {
                let how = self.restart(tid);
                stop.resume(how);
            }
        }
        Ok(())
    }

    /// The thread group of a new task: its own unless it is a thread (/proc says; if it is
    /// already gone, clone's flags do).
    fn child_tgid(&self, parent: Pid, child: Pid, event: i32) -> u32 {
        let raw = child.as_raw().unsigned_abs();
        if let Some(tgid) = read_tgid(child) {
            return tgid;
        }
        let thread =
            event == libc::PTRACE_EVENT_CLONE
                && self.tracees.get(&parent).and_then(|t| t.in_syscall.as_ref()).is_some_and(|call| {
                    call.nr == nr::CLONE && call.args[0] & libc::CLONE_THREAD as u64 != 0
                });
        match self.tracees.get(&parent) {
            Some(tracee) if thread => tracee.tgid,
            _ => raw,
        }
    }

    /// Detach from every task (strace's cleanup on SIGINT, SIGTERM, SIGHUP): the launched command
    /// gets `SIGCONT` and the same signal first; every task is left running (or in the group-stop
    /// it was in), untraced. tracer then dies of that signal, as strace does.
    /// Let every tracee go, quietly, without a signal: tracing ends on an error.
    fn release_all(&mut self) {
        if let Some(pin) = self.cpu_pin.as_mut() {
            pin.unpin_all();
        }
        for tid in self.tracees.keys().chain(self.announced.iter()) {
            attach::detach_running(*tid);
        }
        for (_, stop) in self.held.drain() {
            let _ = stop.detach();
        }
    }

    fn detach_all(mut self) -> Result<TraceeExit, PtraceError> {
        if let Some(pin) = self.cpu_pin.as_mut() {
            pin.unpin_all();
        }
        let signal = crate::backend::detach_signal();
        if let (Some(child), None) = (self.child, self.child_exit) {
            // SAFETY: plain kill(2) calls on our own child.
            unsafe {
                libc::kill(child.as_raw(), libc::SIGCONT);
                libc::kill(child.as_raw(), signal);
            }
        }
        let mut order: Vec<(u64, Pid)> = self.tracees.iter().map(|(&tid, t)| (t.seq, tid)).collect();
        order.sort_unstable();
        for (_, tid) in order {
            attach::detach_running(tid);
            messages::detached(tid.as_raw());
        }
        for (tid, stop) in self.held.drain() {
            let _ = stop.detach();
            messages::detached(tid.as_raw());
        }
        for tid in self.announced.drain() {
            attach::detach_running(tid);
        }
        self.finish()?;
        Ok(TraceeExit::Signaled { signal, core_dumped: false })
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

/// The thread group of `tid`, from /proc/TID/status.
fn read_tgid(tid: Pid) -> Option<u32> {
    let status = std::fs::read_to_string(format!("/proc/{tid}/status")).ok()?;
    status.lines().find_map(|line| line.strip_prefix("Tgid:").and_then(|v| v.trim().parse().ok()))
}

/// The thread group of `tid`, or `tid` itself if /proc cannot say (it is gone).
fn tgid_of(tid: Pid) -> u32 {
    read_tgid(tid).unwrap_or_else(|| tid.as_raw().unsigned_abs())
}

/// Turn a syscall stop into a SysEnter or SysExit record. A launched child's first `execve` makes
/// it visible.
fn syscall_stop(pid: Pid, tracee: &mut Tracee, limits: &Limits, inject: &Injections) -> Option<Event> {
    let info = ptrace::syscall_info(pid).ok()?;
    let tid = u32::try_from(pid.as_raw()).ok()?;
    let mem = TraceeMemory::new(pid);
    match info.op {
        op @ (libc::PTRACE_SYSCALL_INFO_ENTRY | libc::PTRACE_SYSCALL_INFO_SECCOMP) => {
            let entry = if op == libc::PTRACE_SYSCALL_INFO_SECCOMP {
                // SAFETY: op SECCOMP means the kernel filled the `seccomp` member of the union.
                let seccomp = unsafe { info.u.seccomp };
                libc::__c_anonymous_ptrace_syscall_info_entry { nr: seccomp.nr, args: seccomp.args }
            } else {
                // SAFETY: op ENTRY means the kernel filled the `entry` member of the union.
                unsafe { info.u.entry }
            };
            if entry.nr == nr::EXECVE || entry.nr == nr::EXECVEAT {
                tracee.hidden = false;
            }
            let plan = plan_for(entry.nr);
            let mut tampered = None;
            if !tracee.hidden && inject.rule(entry.nr).is_some() {
                let count = tracee.inject_counts.entry(entry.nr).or_default();
                *count += 1;
                // Before the captures: they show what `poke_enter=` wrote, as strace does.
                tampered = tamper::at_entry(pid, inject, entry.nr, &entry.args, *count);
                tracee.hold_us = tampered.and_then(|t| t.delay_enter_us);
            }
            let captures = captures::at_entry(&mem, &plan, &entry.args, info.stack_pointer, limits);
            tracee.in_syscall = Some(InSyscall { nr: entry.nr, args: entry.args, plan, tampered });
            Some(Event::SysEnter { meta: meta(tracee.tgid, tid), nr: entry.nr, args: entry.args, captures })
        }
        libc::PTRACE_SYSCALL_INFO_EXIT => {
            // SAFETY: op EXIT means the kernel filled the `exit` member of the union.
            let exit = unsafe { info.u.exit };
            let mut entry = tracee.in_syscall.take()?;
            let mut ret = exit.sval;
            if let Some(tampered) = &mut entry.tampered {
                ret = tamper::at_exit(pid, inject, entry.nr, &entry.args, tampered, ret);
                tracee.inject_signal = tampered.signal;
                tracee.hold_us = tampered.delay_exit_us;
            }
            let mut captures = captures::at_exit(&mem, &entry.plan, &entry.args, ret, limits);
            if let Some(bits) = entry.tampered.map(|t| t.bits).filter(|&bits| bits != 0) {
                captures.push(tracer_common::event::Capture::tamper_note(bits));
            }
            Some(Event::SysExit { meta: meta(tracee.tgid, tid), nr: entry.nr, ret, captures })
        }
        _ => None,
    }
}
