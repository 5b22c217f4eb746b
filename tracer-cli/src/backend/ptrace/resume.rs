//! Resuming a stopped task: how (`PTRACE_SYSCALL` or `PTRACE_CONT`, with the signal `-e inject=`
//! asks for), on which CPU, and when: a stop held by `-e inject=...:delay_*` is parked until due
//! while the other tasks are traced.

use nix::unistd::Pid;

use super::cpu_pin;
use super::stops::{EventStop, Restart, SyscallStop};
use super::{alarm, now_ns, Session};

/// A stop held by `-e inject=...:delay_*` until `due_ns` (CLOCK_MONOTONIC); other tasks go on.
pub(super) struct Parked {
    due_ns: u64,
    stop: ParkedStop,
}

pub(super) enum ParkedStop {
    /// A syscall-entry or -exit stop, and the signal its resumption injects.
    Syscall(SyscallStop, Option<i32>),
    /// A traced call's entry under the seccomp filter.
    Seccomp(EventStop),
}

impl Parked {
    pub(super) fn tid(&self) -> Pid {
        match &self.stop {
            ParkedStop::Syscall(stop, _) => stop.tid,
            ParkedStop::Seccomp(stop) => stop.tid,
        }
    }
}

impl Session<'_> {
    /// Resume a syscall stop, with the signal `-e inject=...:signal=` asks for.
    pub(super) fn resume_syscall(&mut self, stop: SyscallStop, signal: Option<i32>) {
        let tid = stop.tid;
        self.place(tid);
        match signal {
            Some(signal) => stop.resume_injecting(self.restart(tid), signal),
            None => stop.resume(self.restart(tid)),
        }
    }

    /// Hold a stop for `us` microseconds (`-e inject=...:delay_*`): the task stays stopped, the
    /// others are traced meanwhile. If the timer cannot be made, it is held now, in place.
    pub(super) fn park(&mut self, us: u64, stop: ParkedStop) {
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
    pub(super) fn resume_due(&mut self) {
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
    pub(super) fn place(&mut self, tid: Pid) {
        let Some(pin) = self.cpu_pin.as_mut() else { return };
        let lone = self.tracees.len() == 1 && self.announced.is_empty() && self.held.is_empty();
        let in_call = self.tracees.get(&tid).and_then(|t| t.in_syscall.as_ref());
        let own_mask = in_call.is_some_and(|call| cpu_pin::needs_own_mask(call.nr));
        pin.place(tid, lone, own_mask, now_ns());
    }

    /// How to resume `tid`: with seccomp on, `PTRACE_CONT` between calls (the filter stops it at
    /// the next traced one) and `PTRACE_SYSCALL` inside one (to see its exit).
    pub(super) fn restart(&self, tid: Pid) -> Restart {
        let in_call = self.tracees.get(&tid).is_some_and(|t| t.in_syscall.is_some());
        if self.seccomp_on && !in_call {
            Restart::Cont
        } else {
            Restart::Syscall
        }
    }
}
