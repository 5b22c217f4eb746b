//! Entry captures the probe could not read, completed from the exit record.
//!
//! A BPF probe cannot fault pages in: memory the tracee has never touched (a path string in a file
//! mapping not yet read, say) fails to read at syscall entry, where ptrace's `process_vm_readv` would
//! fault it in. The program reads such arguments again at exit, when the kernel has copied them and
//! they are resident, and appends them to the exit record. Here the syscall's entry is held until
//! its exit arrives, the readable capture replaces the faulted one, and both records go on: the
//! stream is then exactly what the ptrace backend produces (only entry captures in an entry record).

use std::collections::HashMap;

use tracer_common::capture::plan_for;
use tracer_common::event::{Capture, Event};

/// Entries held for their exit, by tid.
#[derive(Debug, Default)]
pub struct Retries {
    held: HashMap<u32, Event>,
}

/// Whether `capture` belongs to an argument captured at entry by `nr`'s plan.
fn is_entry_capture(nr: u64, capture: &Capture) -> bool {
    plan_for(nr).args.get(usize::from(capture.arg)).is_some_and(|arg| arg.is_entry())
}

impl Retries {
    /// Take `event`; push the events ready to be delivered to `out`, in order.
    pub fn push(&mut self, event: Event, out: &mut Vec<Event>) {
        match event {
            Event::SysEnter { meta, nr, ref captures, .. } => {
                if let Some(stale) = self.held.remove(&meta.tid) {
                    // Its exit never came (a lost record): deliver it as it is.
                    out.push(stale);
                }
                if captures.iter().any(|c| c.read_fault() && is_entry_capture(nr, c)) {
                    self.held.insert(meta.tid, event);
                } else {
                    out.push(event);
                }
            }
            Event::SysExit { meta, nr, ret, captures } => {
                let held = self.held.remove(&meta.tid);
                let (retried, captures): (Vec<Capture>, Vec<Capture>) = match &held {
                    Some(Event::SysEnter { nr: entry_nr, .. }) => {
                        captures.into_iter().partition(|c| is_entry_capture(*entry_nr, c))
                    }
                    // Without its entry a retried capture has nothing to complete: drop it.
                    _ => captures.into_iter().partition(|c| is_entry_capture(nr, c)),
                };
                if let Some(mut entry) = held {
                    if let Event::SysEnter { captures: entry_captures, .. } = &mut entry {
                        for capture in retried {
                            if let Some(slot) = entry_captures.iter_mut().find(|c| c.arg == capture.arg) {
                                *slot = capture;
                            }
                        }
                    }
                    out.push(entry);
                }
                out.push(Event::SysExit { meta, nr, ret, captures });
            }
            other => out.push(other),
        }
    }

    /// Deliver every entry still held (their exits never came), oldest first.
    pub fn flush(&mut self, out: &mut Vec<Event>) {
        let mut held: Vec<Event> = self.held.drain().map(|(_, event)| event).collect();
        held.sort_by_key(|event| event.meta().ts_ns);
        out.extend(held);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracer_common::event::Meta;
    use tracer_common::record::capture_flags::{READ_FAULT, TRUNCATED};

    const OPENAT: u64 = 257;
    const READ: u64 = 0;

    fn meta(tid: u32, ts_ns: u64) -> Meta {
        Meta { pid: 1, tid, ts_ns }
    }

    fn capture(arg: u8, flags: u8, bytes: &[u8]) -> Capture {
        Capture::new(arg, flags, bytes.to_vec())
    }

    fn enter(tid: u32, ts: u64, nr: u64, captures: Vec<Capture>) -> Event {
        Event::SysEnter { meta: meta(tid, ts), nr, args: [0; 6], captures }
    }

    fn exit(tid: u32, ts: u64, nr: u64, ret: i64, captures: Vec<Capture>) -> Event {
        Event::SysExit { meta: meta(tid, ts), nr, ret, captures }
    }

    #[test]
    fn readable_entries_pass_straight_through() {
        let mut retries = Retries::default();
        let mut out = Vec::new();
        let open = enter(7, 1, OPENAT, vec![capture(1, 0, b"/etc")]);
        retries.push(open.clone(), &mut out);
        assert_eq!(out, vec![open]);
        let read_exit = exit(7, 2, READ, 3, vec![capture(1, 0, b"vm\n")]);
        retries.push(read_exit.clone(), &mut out);
        assert_eq!(out.len(), 2);
        assert_eq!(out[1], read_exit);
    }

    #[test]
    fn a_faulted_path_is_completed_from_the_exit() {
        let mut retries = Retries::default();
        let mut out = Vec::new();
        retries.push(enter(7, 1, OPENAT, vec![capture(1, READ_FAULT, b"")]), &mut out);
        assert!(out.is_empty(), "held until the exit");
        // Another thread goes on meanwhile.
        let other = enter(8, 2, OPENAT, vec![capture(1, 0, b"/tmp")]);
        retries.push(other.clone(), &mut out);
        assert_eq!(out, vec![other.clone()]);
        retries.push(exit(7, 3, OPENAT, -2, vec![capture(1, 0, b"/etc/selinux/config")]), &mut out);
        assert_eq!(
            out,
            vec![
                other,
                enter(7, 1, OPENAT, vec![capture(1, 0, b"/etc/selinux/config")]),
                exit(7, 3, OPENAT, -2, vec![]),
            ]
        );
    }

    #[test]
    fn a_retry_that_faults_again_stays_a_fault_and_exit_captures_stay() {
        let mut retries = Retries::default();
        let mut out = Vec::new();
        // read(2)'s buffer is an exit capture: it stays on the exit record.
        retries.push(enter(7, 1, READ, vec![]), &mut out);
        retries.push(exit(7, 2, READ, 40, vec![capture(1, TRUNCATED, b"abc")]), &mut out);
        assert_eq!(out[1], exit(7, 2, READ, 40, vec![capture(1, TRUNCATED, b"abc")]));
        out.clear();
        retries.push(enter(7, 3, OPENAT, vec![capture(1, READ_FAULT, b"")]), &mut out);
        retries.push(exit(7, 4, OPENAT, -14, vec![capture(1, READ_FAULT, b"")]), &mut out);
        assert_eq!(
            out,
            vec![enter(7, 3, OPENAT, vec![capture(1, READ_FAULT, b"")]), exit(7, 4, OPENAT, -14, vec![])]
        );
    }

    #[test]
    fn entries_whose_exit_never_comes_are_delivered() {
        let mut retries = Retries::default();
        let mut out = Vec::new();
        let first = enter(7, 1, OPENAT, vec![capture(1, READ_FAULT, b"")]);
        retries.push(first.clone(), &mut out);
        let second = enter(7, 5, OPENAT, vec![capture(1, 0, b"/")]);
        retries.push(second.clone(), &mut out);
        assert_eq!(out, vec![first, second]);
        out.clear();
        let late = enter(9, 9, OPENAT, vec![capture(1, READ_FAULT, b"")]);
        let early = enter(8, 8, OPENAT, vec![capture(1, READ_FAULT, b"")]);
        retries.push(late.clone(), &mut out);
        retries.push(early.clone(), &mut out);
        retries.flush(&mut out);
        assert_eq!(out, vec![early, late]);
    }
}
