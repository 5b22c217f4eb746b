//! Reading the ring buffer: every item is one record, decoded and handed to the sink; the kernel's
//! lost count becomes `Lost` records; decode failures are counted and reported, never fatal. The
//! reading goes on until the traced tasks are gone (their EXIT records, from the kernel) and the
//! command is reaped, or until a detach is requested.

use std::time::Duration;

use aya::maps::{MapData, RingBuf};
use nix::unistd::Pid;
use tokio::io::unix::AsyncFd;
use tokio::io::Interest;
use tracer_common::event::{self, Call, DecodeError, Event, Meta};
use tracer_common::personality::Personality;
use tracer_common::record::kind;

use super::boost::Boost;
use super::kernel_summary::{KernelSummary, RingCounts};
use super::loader::LostCounter;
use super::retry::Retries;
use super::stacks::RawStacks;
use super::tracees::{task_exists, Tracees};
use super::EbpfError;
use crate::backend::EventSink;
use crate::messages::{self, Notice};

/// How often the lost counters, the detach flag and vanished tasks are checked.
const LOST_POLL: Duration = Duration::from_millis(100);

/// How long a queued signal waits at most for its task's next record.
const SIGNAL_HOLD_NS: u64 = 50_000_000;

/// How often the ring is read without a wakeup: syscall records wake the reader only once
/// `tracer_ebpf::WAKEUP_BYTES` are waiting, so a slow trickle is read on this tick.
const DRAIN_POLL: Duration = Duration::from_millis(4);

/// Turns the kernel's running total of lost records into deltas, each reported once.
#[derive(Debug, Default)]
pub struct LostTracker {
    reported: u64,
}

impl LostTracker {
    /// The records lost since the last call, if any.
    pub fn update(&mut self, total: u64) -> Option<u64> {
        let delta = total.checked_sub(self.reported).filter(|&d| d > 0)?;
        self.reported = total;
        Some(delta)
    }
}

/// Records that could not be decoded: counted, the first error kept for the report.
#[derive(Debug, Default)]
struct DecodeFailures {
    count: u64,
    first: Option<DecodeError>,
}

impl DecodeFailures {
    fn record(&mut self, err: DecodeError) {
        self.count += 1;
        self.first.get_or_insert(err);
    }
}

/// What happens to records once read: decoding, loss accounting, delivery.
struct Delivery<'a> {
    sink: &'a mut dyn EventSink,
    lost: LostCounter,
    tracker: LostTracker,
    failures: DecodeFailures,
    retries: Retries,
    /// Events ready for the sink (reused buffer).
    ready: Vec<Event>,
    /// The SYS_CALL record being delivered, decoded into this one `Call` each time: its capture
    /// buffers are reused, not allocated per record ([`EventSink::call`]).
    decoded: Call,
    /// Queued signals waiting for their task's next record ([`Delivery::pass`]).
    signals: Vec<Event>,
    /// The tasks the trace waits for.
    tracees: Tracees,
    /// Who `Lost` records are attributed to (the command, the first `-p`, or 0).
    pid: u32,
    /// Records read, all and syscall ones.
    counts: RingCounts,
    /// The launched command before its first execve returned (its exec may fail).
    awaiting_exec: Option<u32>,
    /// The launched command leaves it to tracer to say why its execve failed.
    exec_quiet: bool,
    /// The sink takes call records as they are ([`EventSink::takes_raw_calls`]).
    raw: bool,
    /// The launched command whose execve failed: what it does next (tracer's `exec:` message,
    /// its exit) is not shown, as strace hides it; its exit line still is.
    failed_exec: Option<u32>,
    /// `-k`: the stacks the kernel sends, unwound here.
    stacks: Option<RawStacks>,
}

impl Delivery<'_> {
    fn record(&mut self, bytes: &[u8]) -> Result<(), EbpfError> {
        self.counts.total += 1;
        let record_kind = event::record_kind(bytes);
        if matches!(record_kind, Some(kind::SYS_ENTER | kind::SYS_EXIT | kind::SYS_CALL)) {
            self.counts.syscall += 1;
        }
        if let Some(stacks) = self.stacks.as_mut() {
            // Not the launched command before its exec: that image is tracer's.
            let pid = bytes.get(8..12).and_then(|b| b.try_into().ok()).map_or(0, u32::from_ne_bytes);
            if Some(pid) != self.awaiting_exec {
                stacks.seen(pid);
            }
            if record_kind == Some(kind::RAW_STACK) {
                return self.raw_stack(bytes);
            }
        }
        if record_kind == Some(kind::SYS_CALL) {
            if self.raw && self.passes_raw(bytes) {
                // A capture with nothing rendered: the bytes as they are, nothing decoded.
                return self.sink.raw_call(bytes).map_err(EbpfError::Output);
            }
            // A whole call in one record: its entry and exit, as the rest of tracer knows them.
            return match self.decoded.decode_from(bytes) {
                Ok(_) => self.call(),
                Err(err) => {
                    self.failures.record(err);
                    Ok(())
                }
            };
        }
        match Event::decode(bytes) {
            Ok((event, _)) => {
                if let Event::Fork { child_tid, .. } = &event {
                    if self.tracees.follows() {
                        // strace's `Process N attached` for each task `-f` picks up.
                        let pid = i32::try_from(*child_tid).unwrap_or(i32::MAX);
                        self.sink.notice(Notice::attached(pid, 1)).map_err(EbpfError::Output)?;
                    }
                }
                self.tracees.observe(&event);
                let Some(stacks) = self.stacks.as_mut() else { return self.pass(event) };
                stacks.observe(&event);
                // An execve's stack, taken at its entry, follows its exit (not the launched
                // command's first: that stack is tracer's).
                let first_exec = self.awaiting_exec == Some(event.meta().pid);
                let after = stacks.after(&event).filter(|_| !first_exec);
                self.pass(event)?;
                after.map_or(Ok(()), |stack| self.through(stack))
            }
            Err(err) => {
                self.failures.record(err);
                Ok(())
            }
        }
    }

    /// `-k`: a RAW_STACK record, unwound and handed on (an execve's is held until its exit).
    /// None of the launched command's before its exec succeeded: that code is tracer's.
    fn raw_stack(&mut self, bytes: &[u8]) -> Result<(), EbpfError> {
        let Some(stacks) = self.stacks.as_mut() else { return Ok(()) };
        let pid = bytes.get(8..12).and_then(|b| b.try_into().ok()).map(u32::from_ne_bytes);
        if pid.is_some() && (pid == self.awaiting_exec || pid == self.failed_exec) {
            return Ok(());
        }
        match stacks.unwind(bytes) {
            // Straight on: a held signal of the task goes after the call's stack, not before.
            Ok(Some(stack)) => self.through(stack),
            Ok(None) => Ok(()),
            Err(err) => {
                self.failures.record(err);
                Ok(())
            }
        }
    }

    /// [`Delivery::call`]'s test for going straight to the sink, on a call record's bytes.
    fn passes_raw(&self, bytes: &[u8]) -> bool {
        let tid = bytes.get(12..16).and_then(|b| b.try_into().ok()).map(u32::from_ne_bytes);
        self.awaiting_exec.is_none()
            && self.failed_exec.is_none()
            && !self.signals.iter().any(|signal| Some(signal.meta().tid) == tid)
            && self.retries.passes_raw_call(bytes)
    }

    /// Hand the whole call in `self.decoded` on: to the sink in one step when nothing here can
    /// come between its two records (no queued signal held for its task, nothing for the retry
    /// merge, no launched command's exec to watch), which is nearly always; else record by
    /// record through [`Delivery::pass`]. A signal held for another task (a parent's SIGCHLD
    /// while it waits) is released only by that task's records, so it does not matter here.
    fn call(&mut self) -> Result<(), EbpfError> {
        let call = &self.decoded;
        let direct = !self.signals.iter().any(|signal| signal.meta().tid == call.meta.tid)
            && self.awaiting_exec.is_none()
            && self.failed_exec.is_none()
            && self.retries.passes_call(call);
        if !direct {
            let (enter, exit) = std::mem::take(&mut self.decoded).into_events();
            self.pass(enter)?;
            return self.pass(exit);
        }
        self.sink.call(&mut self.decoded).map_err(EbpfError::Output)
    }

    /// Hand `event` on: straight to the sink in the usual case, else through the retry merge.
    ///
    /// A queued signal waits for its task's next record: the kernel sends a call that did not
    /// block as one record at its exit, so a signal the call itself raised (kill of oneself, the
    /// SIGPIPE of a write) comes before the call in the ring. Placed after the call's entry, it
    /// is where a ptracer sees it (pairing puts it after the call).
    fn pass(&mut self, event: Event) -> Result<(), EbpfError> {
        if let Some(child) = self.awaiting_exec {
            if let Event::SysExit { meta, nr, ret, .. } = &event {
                if meta.pid == child && Personality::is_exec(*nr) {
                    self.awaiting_exec = None;
                    self.failed_exec = (*ret < 0).then_some(child);
                    // The child left it to tracer to say why, after the call's line.
                    let errno = i32::try_from(-*ret).ok().filter(|_| *ret < 0);
                    self.through(event)?;
                    if let Some(errno) = errno.filter(|_| self.exec_quiet) {
                        messages::exec_failed(errno);
                    }
                    return Ok(());
                }
            }
        } else if let Some(child) = self.failed_exec {
            if matches!(&event, Event::SysEnter { meta, .. } | Event::SysExit { meta, .. } if meta.pid == child)
            {
                return Ok(());
            }
        }
        if let Event::SignalQueued { .. } = event {
            self.signals.push(event);
            return Ok(());
        }
        if !self.signals.is_empty() {
            let meta = event.meta();
            self.release_signals(|signal| signal.tid == meta.tid && signal.ts_ns <= meta.ts_ns)?;
        }
        self.through(event)
    }

    /// Deliver the held signals that `due` says are due, in order.
    fn release_signals(&mut self, due: impl Fn(&Meta) -> bool) -> Result<(), EbpfError> {
        // Checked first: signals may wait behind every record of other tasks for a while.
        if !self.signals.iter().any(|signal| due(&signal.meta())) {
            return Ok(());
        }
        let (now, later): (Vec<Event>, Vec<Event>) =
            std::mem::take(&mut self.signals).into_iter().partition(|signal| due(&signal.meta()));
        self.signals = later;
        for signal in now {
            let stack = self.stacks.as_mut().and_then(|stacks| stacks.after_queued(&signal));
            self.through(signal)?;
            if let Some(stack) = stack {
                self.through(stack)?;
            }
        }
        Ok(())
    }

    fn through(&mut self, event: Event) -> Result<(), EbpfError> {
        if self.retries.passes(&event) {
            return self.sink.event(event).map_err(EbpfError::Output);
        }
        self.retries.push(event, &mut self.ready);
        self.deliver_ready()
    }

    fn deliver_ready(&mut self) -> Result<(), EbpfError> {
        for event in self.ready.drain(..) {
            self.sink.event(event).map_err(EbpfError::Output)?;
        }
        Ok(())
    }

    /// Deliver every record the ring holds now.
    fn drain(&mut self, ring: &mut RingBuf<MapData>) -> Result<(), EbpfError> {
        while let Some(item) = ring.next() {
            self.record(&item)?;
        }
        Ok(())
    }

    /// Emit a `Lost` record for what the kernel dropped since the last check.
    fn check_lost(&mut self) -> Result<(), EbpfError> {
        if let Some(count) = self.tracker.update(self.lost.total()?) {
            let meta = Meta { pid: self.pid, tid: self.pid, ts_ns: monotonic_ns() };
            self.sink.event(Event::Lost { meta, count }).map_err(EbpfError::Output)?;
        }
        Ok(())
    }
}

/// What a trace is waiting for.
pub struct Session<'a> {
    /// The launched command, our child: reaped here for its wait status.
    pub child: Option<Pid>,
    /// The child says nothing when its execve fails ([`crate::launch::Gate::StopQuietExec`]).
    pub exec_quiet: bool,
    /// The tasks traced from the start.
    pub tracees: Tracees,
    /// A production scope: the trace goes on until a detach is requested.
    pub scoped: bool,
    /// Attributed `Lost` records.
    pub pid: u32,
    /// Summary-only mode with `--interval`: the kernel's counters, delivered every so often.
    pub summary: Option<(&'a KernelSummary, Duration)>,
    /// Read at a raised priority ([`Boost`]).
    pub boost: bool,
    /// `-k`: the kernel sends RAW_STACK records.
    pub stack_traces: bool,
}

/// How a trace ended.
#[derive(Debug, Default)]
pub struct Ended {
    /// The launched command's wait status, if it was reaped.
    pub child_status: Option<i32>,
    /// A detach was requested (SIGINT, SIGTERM, SIGHUP).
    pub detached: bool,
    /// Records read from the ring buffer.
    pub ring: RingCounts,
}

/// The ring buffer and lost counter, ready to be read once the command runs.
pub struct Reader {
    ring: AsyncFd<RingBuf<MapData>>,
    lost: LostCounter,
}

impl Reader {
    /// Must be called inside the runtime (it registers the ring's fd).
    pub fn new(ring: RingBuf<MapData>, lost: LostCounter) -> Result<Reader, EbpfError> {
        // SAFETY: the fd is the ring map's, owned by `ring` (its MapData) for as long as the AsyncFd
        // holds it, and `as_raw_fd` always returns that same fd.
        let ring = unsafe { AsyncFd::register_with_interest(ring, Interest::READABLE) }
            .map_err(|err| EbpfError::Ring(err.into()))?;
        Ok(Reader { ring, lost })
    }

    /// Deliver records until every traced task has ended (its EXIT record read) and the command,
    /// if any, is reaped; or until a detach is requested. Then what remains.
    pub async fn run(self, session: Session<'_>, sink: &mut dyn EventSink) -> Result<Ended, EbpfError> {
        let Reader { mut ring, lost } = self;
        let Session { child, exec_quiet, tracees, scoped, pid, summary, boost, stack_traces } = session;
        let mut delivery = Delivery {
            raw: sink.takes_raw_calls(),
            sink,
            lost,
            tracker: LostTracker::default(),
            failures: DecodeFailures::default(),
            retries: Retries::default(),
            ready: Vec::new(),
            decoded: Call::default(),
            signals: Vec::new(),
            tracees,
            pid,
            counts: RingCounts::default(),
            awaiting_exec: child.map(|pid| pid.as_raw().unsigned_abs()),
            exec_quiet,
            failed_exec: None,
            stacks: stack_traces.then(RawStacks::default),
        };
        // The launched command already runs, at tracer's own priority.
        let _boost = Boost::start(boost);
        let mut ended = Ended::default();
        let mut reaped = child.map(|pid| tokio::task::spawn_blocking(move || wait_for_exit(pid)));
        let mut tick = tokio::time::interval(LOST_POLL);
        let mut drain_tick = tokio::time::interval(DRAIN_POLL);
        drain_tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut summary_tick = summary.map(|(counters, every)| {
            (counters, tokio::time::interval_at(tokio::time::Instant::now() + every, every))
        });
        loop {
            let done = |delivery: &Delivery, ended: &Ended| {
                !scoped && delivery.tracees.is_empty() && (child.is_none() || ended.child_status.is_some())
            };
            tokio::select! {
                ready = ring.readable_mut() => {
                    let mut guard = ready.map_err(EbpfError::Ring)?;
                    delivery.drain(guard.get_inner_mut())?;
                    guard.clear_ready();
                    delivery.check_lost()?;
                }
                joined = wait_child(&mut reaped) => {
                    let pid = child.map_or(0, Pid::as_raw);
                    let status = joined
                        .map_err(|err| EbpfError::Wait { pid, source: join_errno(&err) })?
                        .map_err(|source| EbpfError::Wait { pid, source })?;
                    ended.child_status = Some(status);
                    reaped = None;
                    // Everything the command did is in the ring by now: it has been reaped.
                    delivery.drain(ring.get_mut())?;
                }
                _ = drain_tick.tick() => {
                    delivery.drain(ring.get_mut())?;
                }
                () = summary_due(&mut summary_tick) => {
                    if let Some((counters, _)) = summary_tick.as_ref() {
                        // Records before the tick first (the lifecycle lines come in order).
                        delivery.drain(ring.get_mut())?;
                        counters.deliver(delivery.sink)?;
                    }
                }
                _ = tick.tick() => {
                    if crate::backend::detach_requested() {
                        ended.detached = true;
                        break;
                    }
                    // Tasks gone without an EXIT record (lost): their records, if any, were
                    // written before they went, so the drain after the check sees them.
                    let gone = delivery.tracees.vanished(task_exists);
                    delivery.drain(ring.get_mut())?;
                    // Signals whose task has sent nothing since (it runs without syscalls).
                    let old = monotonic_ns().saturating_sub(SIGNAL_HOLD_NS);
                    delivery.release_signals(|signal| signal.ts_ns < old)?;
                    delivery.tracees.remove_all(&gone);
                    delivery.check_lost()?;
                }
            }
            if done(&delivery, &ended) {
                break;
            }
        }
        delivery.drain(ring.get_mut())?;
        delivery.release_signals(|_| true)?;
        delivery.retries.flush(&mut delivery.ready);
        delivery.deliver_ready()?;
        delivery.check_lost()?;
        ended.ring = delivery.counts;
        if let Some(first) = &delivery.failures.first {
            crate::diag!(
                "{} ring buffer records could not be decoded (first: {first})",
                delivery.failures.count
            );
        }
        Ok(ended)
    }
}

/// The next `--interval` tick, or never without one.
async fn summary_due(tick: &mut Option<(&KernelSummary, tokio::time::Interval)>) {
    match tick {
        Some((_, interval)) => {
            interval.tick().await;
        }
        None => std::future::pending().await,
    }
}

/// The waiting task's result, or never when there is none.
async fn wait_child(
    reaped: &mut Option<tokio::task::JoinHandle<Result<i32, nix::Error>>>,
) -> Result<Result<i32, nix::Error>, tokio::task::JoinError> {
    match reaped {
        Some(handle) => handle.await,
        None => std::future::pending().await,
    }
}

/// A panicked or cancelled waiting task (neither happens: it only calls waitpid).
fn join_errno(_err: &tokio::task::JoinError) -> nix::Error {
    nix::Error::ECHILD
}

/// Block until `pid` terminates; its raw wait(2) status. Every other child that ends meanwhile is
/// reaped too, as strace reaps them: a `CLONE_PARENT` child of the command is tracer's, and the
/// command may wait for it to be gone.
fn wait_for_exit(pid: Pid) -> Result<i32, nix::Error> {
    loop {
        let mut status = 0;
        // SAFETY: waitpid writes the status to a valid local.
        let ret = unsafe { libc::waitpid(-1, &mut status, 0) };
        if ret == pid.as_raw() {
            return Ok(status);
        }
        if ret > 0 {
            continue;
        }
        let err = nix::Error::last();
        if err != nix::Error::EINTR {
            return Err(err);
        }
    }
}

/// CLOCK_MONOTONIC in nanoseconds, the clock of the kernel's `bpf_ktime_get_ns`.
fn monotonic_ns() -> u64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes to a valid local timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    u64::try_from(ts.tv_sec).unwrap_or(0) * 1_000_000_000 + u64::try_from(ts.tv_nsec).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lost_records_are_reported_once_as_deltas() {
        let mut tracker = LostTracker::default();
        assert_eq!(tracker.update(0), None);
        assert_eq!(tracker.update(5), Some(5));
        assert_eq!(tracker.update(5), None);
        assert_eq!(tracker.update(12), Some(7));
        // A total that went backwards (never expected) reports nothing and keeps the high mark.
        assert_eq!(tracker.update(3), None);
        assert_eq!(tracker.update(13), Some(1));
    }

    #[test]
    fn decode_failures_keep_the_first_error() {
        let mut failures = DecodeFailures::default();
        failures.record(DecodeError::UnknownKind { kind: 99 });
        failures.record(DecodeError::BadLength { len: 3 });
        assert_eq!(failures.count, 2);
        assert_eq!(failures.first, Some(DecodeError::UnknownKind { kind: 99 }));
    }

    #[test]
    fn the_monotonic_clock_moves_forward() {
        let a = monotonic_ns();
        let b = monotonic_ns();
        assert!(a > 0 && b >= a);
    }
}
