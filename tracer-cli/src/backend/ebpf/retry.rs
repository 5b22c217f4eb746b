//! Entry captures the probe could not read, completed from the exit record.
//!
//! A BPF probe cannot fault pages in: memory the tracee has never touched (a path string in a file
//! mapping not yet read, say) fails to read at syscall entry, where ptrace's `process_vm_readv` would
//! fault it in. The program reads such arguments again at exit, when the kernel has copied them and
//! they are resident, and appends them to the exit record flagged RETRIED (every part of the
//! argument, for iovecs and msghdrs). Here the syscall's entry is held until its exit arrives, the
//! retried captures replace the argument's entry captures, and both records go on: the stream is
//! then exactly what the ptrace backend produces (only entry captures in an entry record, no
//! RETRIED flag). The flag, not the capture plan, tells a retried capture from a genuine exit
//! capture: value-result arguments (STRUCT_INOUT, ARRAY_INOUT, MSGHDR_OUT) have both.

use std::collections::HashMap;

use tracer_common::event::{Call, Capture, Event};
use tracer_common::record::capture_flags::RETRIED;

/// Entries held for their exit, by tid, each with the task's records that came after it (a clone's
/// FORK record comes before the clone's exit): they wait behind the entry, so a task's records keep
/// their order.
#[derive(Debug, Default)]
pub struct Retries {
    held: HashMap<u32, (Event, Vec<Event>)>,
}

fn is_retried(capture: &Capture) -> bool {
    capture.flags & RETRIED != 0
}

/// Replace, argument by argument, the entry captures of every argument in `retried` with those
/// (flag cleared); captures stay in argument order, parts in the order they were made.
fn swap_in(entry: &mut Vec<Capture>, retried: Vec<Capture>) {
    if retried.is_empty() {
        return;
    }
    entry.retain(|c| !retried.iter().any(|r| r.arg == c.arg));
    entry.extend(retried.into_iter().map(|mut c| {
        c.flags &= !RETRIED;
        c
    }));
    // Stable: the parts of one argument keep their order.
    entry.sort_by_key(|c| c.arg);
}

impl Retries {
    /// Take `event`; push the events ready to be delivered to `out`, in order.
    /// Whether `event` would go straight through [`Retries::push`] untouched: nothing is held, and
    /// it is neither an entry to hold nor an exit with retried captures. The usual case, checked
    /// without a lookup.
    pub fn passes(&self, event: &Event) -> bool {
        self.held.is_empty()
            && match event {
                Event::SysEnter { captures, .. } => !captures.iter().any(Capture::read_fault),
                Event::SysExit { captures, .. } => !captures.iter().any(is_retried),
                _ => true,
            }
    }

    /// [`Retries::passes`] for both records of a whole call.
    pub fn passes_call(&self, call: &Call) -> bool {
        self.held.is_empty()
            && !call.entry().iter().any(Capture::read_fault)
            && !call.exit().iter().any(is_retried)
    }

    /// [`Retries::passes_call`] for a [`kind::SYS_CALL`](tracer_common::record::kind::SYS_CALL)
    /// record still in the ring's bytes (the capture flags read in place, nothing decoded); false
    /// when the bytes are not a whole call record.
    pub fn passes_raw_call(&self, bytes: &[u8]) -> bool {
        use tracer_common::record::{align8, capture_flags, SysCallBody, CAPTURE_HEADER_SIZE, HEADER_SIZE};
        let word = |at: usize| bytes.get(at..at + 4).and_then(|b| b.try_into().ok()).map(u32::from_ne_bytes);
        let body = HEADER_SIZE + std::mem::size_of::<SysCallBody>();
        let (Some(len), Some(entry_len)) = (word(4), word(body - 8)) else { return false };
        let (len, entry_len) = (len as usize, entry_len as usize);
        if !self.held.is_empty() || len > bytes.len() || body + entry_len > len {
            return false;
        }
        // Each capture: arg (1), flags (1), part (2), len (4), bytes padded to 8.
        let clean = |mut at: usize, end: usize, bad: u8| {
            while at + CAPTURE_HEADER_SIZE <= end {
                let flags = bytes[at + 1];
                let Some(n) = word(at + 4) else { return false };
                if flags & bad != 0 {
                    return false;
                }
                at = align8(at + CAPTURE_HEADER_SIZE + n as usize);
            }
            true
        };
        clean(body, body + entry_len, capture_flags::READ_FAULT)
            && clean(body + entry_len, len, capture_flags::RETRIED)
    }

    pub fn push(&mut self, event: Event, out: &mut Vec<Event>) {
        if self.passes(&event) {
            out.push(event);
            return;
        }
        match event {
            Event::SysEnter { meta, ref captures, .. } => {
                if let Some((stale, after)) = self.held.remove(&meta.tid) {
                    // Its exit never came (a lost record): deliver it as it is.
                    out.push(stale);
                    out.extend(after);
                }
                // The program reads again, at exit, every argument with a faulted capture.
                if captures.iter().any(Capture::read_fault) {
                    self.held.insert(meta.tid, (event, Vec::new()));
                } else {
                    out.push(event);
                }
            }
            Event::SysExit { meta, nr, ret, captures, kernel_atoms } => {
                let (retried, captures): (Vec<Capture>, Vec<Capture>) =
                    captures.into_iter().partition(is_retried);
                // Without its entry a retried capture has nothing to complete: it is dropped.
                if let Some((mut entry, after)) = self.held.remove(&meta.tid) {
                    if let Event::SysEnter { captures: entry_captures, .. } = &mut entry {
                        swap_in(entry_captures, retried);
                    }
                    out.push(entry);
                    out.extend(after);
                }
                out.push(Event::SysExit { meta, nr, ret, captures, kernel_atoms });
            }
            // The task ended inside the call: its exit will never come.
            Event::Exit { meta, .. } => {
                if let Some((entry, after)) = self.held.remove(&meta.tid) {
                    out.push(entry);
                    out.extend(after);
                }
                out.push(event);
            }
            other => match self.held.get_mut(&other.meta().tid) {
                Some((_, after)) => after.push(other),
                None => out.push(other),
            },
        }
    }

    /// Deliver every entry still held (their exits never came), oldest first.
    pub fn flush(&mut self, out: &mut Vec<Event>) {
        let mut held: Vec<(Event, Vec<Event>)> = self.held.drain().map(|(_, held)| held).collect();
        held.sort_by_key(|(event, _)| event.meta().ts_ns);
        for (entry, after) in held {
            out.push(entry);
            out.extend(after);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracer_common::capture::part;
    use tracer_common::event::Meta;
    use tracer_common::record::capture_flags::{READ_FAULT, TRUNCATED};
    use tracer_common::syscall::nr::{CLONE3, IOCTL, OPENAT, POLL, READ, WRITEV};

    fn meta(tid: u32, ts_ns: u64) -> Meta {
        Meta { pid: 1, tid, ts_ns }
    }

    fn capture(arg: u8, flags: u8, bytes: &[u8]) -> Capture {
        Capture::new(arg, flags, bytes.to_vec())
    }

    fn enter(tid: u32, ts: u64, nr: u64, captures: Vec<Capture>) -> Event {
        Event::SysEnter { ip: 0, meta: meta(tid, ts), nr, args: [0; 6], captures }
    }

    fn exit(tid: u32, ts: u64, nr: u64, ret: i64, captures: Vec<Capture>) -> Event {
        Event::SysExit { meta: meta(tid, ts), nr, ret, captures, kernel_atoms: None }
    }

    #[test]
    fn a_call_record_passes_raw_exactly_when_its_decoded_call_passes() {
        use tracer_common::event::{encode_call, Call};
        use tracer_common::record::capture_flags::RETRIED;
        let cases = [
            (vec![capture(1, 0, b"/etc/passwd")], vec![capture(1, TRUNCATED, b"abc")]),
            (vec![capture(1, READ_FAULT, b"")], vec![]),
            (vec![], vec![capture(1, RETRIED, b"x"), capture(2, 0, b"")]),
            (vec![capture(0, 0, b"12345678"), capture(1, 0, b"")], vec![capture(1, 0, b"y")]),
        ];
        let retries = Retries::default();
        for (entry, exits) in cases {
            let mut bytes = Vec::new();
            encode_call(&enter(7, 1, READ, entry), &exit(7, 2, READ, 1, exits), &mut bytes);
            let (call, _) = Call::decode(&bytes).expect("decodes");
            assert_eq!(retries.passes_raw_call(&bytes), retries.passes_call(&call), "{call:?}");
            assert!(!retries.passes_raw_call(&bytes[..bytes.len() - 8]), "a cut record");
        }
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
        retries.push(exit(7, 3, OPENAT, -2, vec![capture(1, RETRIED, b"/etc/selinux/config")]), &mut out);
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
        retries.push(exit(7, 4, OPENAT, -14, vec![capture(1, READ_FAULT | RETRIED, b"")]), &mut out);
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

    #[test]
    fn exit_captures_of_value_result_arguments_stay_on_the_exit() {
        let mut retries = Retries::default();
        let mut out = Vec::new();
        // ioctl's argument is captured at entry and at exit; nothing faulted, nothing moves.
        let entry = enter(7, 1, IOCTL, vec![capture(2, 0, b"in")]);
        let exit_record = exit(7, 2, IOCTL, 0, vec![capture(2, 0, b"out")]);
        retries.push(entry.clone(), &mut out);
        retries.push(exit_record.clone(), &mut out);
        assert_eq!(out, vec![entry, exit_record]);
    }

    #[test]
    fn a_retried_in_out_argument_keeps_its_exit_capture() {
        let mut retries = Retries::default();
        let mut out = Vec::new();
        retries.push(enter(7, 1, POLL, vec![capture(0, READ_FAULT, b"")]), &mut out);
        assert!(out.is_empty());
        retries.push(
            exit(7, 2, POLL, 1, vec![capture(0, RETRIED, b"pollfd-in"), capture(0, 0, b"pollfd-out")]),
            &mut out,
        );
        assert_eq!(
            out,
            vec![
                enter(7, 1, POLL, vec![capture(0, 0, b"pollfd-in")]),
                exit(7, 2, POLL, 1, vec![capture(0, 0, b"pollfd-out")]),
            ]
        );
    }

    #[test]
    fn every_part_of_a_retried_argument_replaces_the_entry_parts() {
        let mut retries = Retries::default();
        let mut out = Vec::new();
        let parted = |part, flags, bytes: &[u8]| Capture { arg: 1, flags, part, bytes: bytes.to_vec() };
        retries.push(
            enter(7, 1, WRITEV, vec![parted(part::MAIN, 0, b"iovs"), parted(part::ELEMENT, READ_FAULT, b"")]),
            &mut out,
        );
        retries.push(
            exit(
                7,
                2,
                WRITEV,
                5,
                vec![
                    parted(part::MAIN, RETRIED, b"iovs"),
                    parted(part::ELEMENT, RETRIED, b"ab"),
                    parted(part::ELEMENT + 1, RETRIED | TRUNCATED, b"cde"),
                ],
            ),
            &mut out,
        );
        assert_eq!(
            out,
            vec![
                enter(
                    7,
                    1,
                    WRITEV,
                    vec![
                        parted(part::MAIN, 0, b"iovs"),
                        parted(part::ELEMENT, 0, b"ab"),
                        parted(part::ELEMENT + 1, TRUNCATED, b"cde"),
                    ]
                ),
                exit(7, 2, WRITEV, 5, vec![]),
            ]
        );
    }

    #[test]
    fn a_tasks_other_records_wait_behind_its_held_entry() {
        let mut retries = Retries::default();
        let mut out = Vec::new();
        retries.push(enter(7, 1, CLONE3, vec![capture(0, READ_FAULT, b"")]), &mut out);
        let fork = Event::Fork { meta: meta(7, 2), child_pid: 9, child_tid: 9, pid_ns: Vec::new() };
        retries.push(fork.clone(), &mut out);
        // The child's records are another task's: they go straight on.
        let child = enter(9, 3, READ, vec![]);
        retries.push(child.clone(), &mut out);
        assert_eq!(out, vec![child.clone()]);
        retries.push(exit(7, 4, CLONE3, 9, vec![capture(0, RETRIED, b"args")]), &mut out);
        assert_eq!(
            out,
            vec![
                child,
                enter(7, 1, CLONE3, vec![capture(0, 0, b"args")]),
                fork,
                exit(7, 4, CLONE3, 9, vec![]),
            ]
        );
    }

    #[test]
    fn a_task_that_ends_inside_a_held_call_ends_after_it() {
        let mut retries = Retries::default();
        let mut out = Vec::new();
        let entry = enter(7, 1, OPENAT, vec![capture(1, READ_FAULT, b"")]);
        retries.push(entry.clone(), &mut out);
        let signal = Event::Signal { meta: meta(7, 2), siginfo: [0; 128] };
        retries.push(signal.clone(), &mut out);
        let end = Event::Exit { meta: meta(7, 3), wait_status: 9 };
        retries.push(end.clone(), &mut out);
        assert_eq!(out, vec![entry, signal, end]);
    }

    #[test]
    fn retried_captures_keep_argument_order() {
        let mut entry = vec![capture(0, READ_FAULT, b""), capture(1, 0, b"b"), capture(2, READ_FAULT, b"")];
        swap_in(&mut entry, vec![capture(0, RETRIED, b"a"), capture(2, RETRIED, b"c")]);
        assert_eq!(entry, vec![capture(0, 0, b"a"), capture(1, 0, b"b"), capture(2, 0, b"c")]);
    }

    #[test]
    fn a_retried_capture_without_its_entry_is_dropped() {
        let mut retries = Retries::default();
        let mut out = Vec::new();
        retries.push(exit(7, 2, OPENAT, 3, vec![capture(1, RETRIED, b"/etc")]), &mut out);
        assert_eq!(out, vec![exit(7, 2, OPENAT, 3, vec![])]);
    }
}
