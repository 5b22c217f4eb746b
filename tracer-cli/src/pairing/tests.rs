use tracer_common::event::Meta;
use tracer_common::syscall::{self, nr};

use super::*;
use crate::sets::{StatusSet, SyscallSet};

/// What shows, for these tests: the filter stage's questions answered from a few settings.
#[derive(Clone, Copy, Default)]
struct Rules {
    trace: Option<SyscallSet>,
    status: Option<StatusSet>,
    /// `-e signal=none`.
    no_signals: bool,
    /// `-qq`.
    quiet_exits: bool,
}

impl Judge for Rules {
    fn traced(&self, nr: u64) -> bool {
        self.trace.is_none_or(|set| set.contains(nr))
    }
    fn staged(&self) -> bool {
        self.status.is_some()
    }
    fn shows_end(&self, status: Status) -> bool {
        self.status.is_none_or(|set| set.contains(status))
    }
    fn shows_event(&self, event: &Event) -> bool {
        match event {
            Event::Signal { .. } | Event::SignalQueued { .. } | Event::Stop { .. } => !self.no_signals,
            Event::Exit { wait_status, .. } if wait_status & 0x7f == 0 => !self.quiet_exits,
            Event::Exit { .. } => !self.no_signals,
            Event::Exec { meta, old_tid } => *old_tid != meta.tid,
            Event::SysEnter { .. } | Event::SysExit { .. } => true,
            Event::Fork { .. } | Event::Comm { .. } | Event::Lost { .. } | Event::Stack { .. } => false,
        }
    }
}

impl Pairing<Rules> {
    /// Everything shows, on one output.
    fn plain() -> Self {
        Pairing::new(false, Rules::default())
    }

    /// `-e trace=SET`.
    fn tracing(set: SyscallSet) -> Self {
        Pairing::new(false, Rules { trace: (set != SyscallSet::all()).then_some(set), ..Rules::default() })
    }

    /// `-e status=SET`.
    fn filtering_status(set: StatusSet) -> Self {
        Pairing::new(false, Rules { status: (!set.is_all()).then_some(set), ..Rules::default() })
    }
}

fn meta(tid: u32, ts_ns: u64) -> Meta {
    Meta { pid: 1, tid, ts_ns }
}

#[test]
fn entry_and_exit_make_one_call() {
    let mut pairing = Pairing::plain();
    let mut out = Vec::new();
    pairing.push(
        Event::SysEnter {
            ip: 0,
            meta: meta(1, 1),
            nr: nr::CLOSE,
            args: [3, 0, 0, 0, 0, 0],
            captures: vec![],
        },
        &mut out,
    );
    assert!(out.is_empty());
    pairing.push(
        Event::SysExit { meta: meta(1, 2), nr: nr::CLOSE, ret: 0, captures: vec![], kernel_atoms: None },
        &mut out,
    );
    let [Paired::Syscall(call)] = out.as_slice() else { panic!("{out:?}") };
    assert_eq!((call.nr, call.ret, call.exit_ts_ns), (nr::CLOSE, Some(0), Some(2)));
}

#[test]
fn exit_group_completes_without_return_value() {
    let mut pairing = Pairing::plain();
    let mut out = Vec::new();
    pairing.push(
        Event::SysEnter { ip: 0, meta: meta(1, 1), nr: nr::EXIT_GROUP, args: [0; 6], captures: vec![] },
        &mut out,
    );
    pairing.push(Event::Exit { meta: meta(1, 2), wait_status: 0 }, &mut out);
    assert!(matches!(&out[0], Paired::Syscall(Syscall { nr: nr::EXIT_GROUP, ret: None, .. })));
    assert!(matches!(&out[1], Paired::Other(Event::Exit { .. })));
}

#[test]
fn exit_group_is_whole_at_its_entry_whatever_follows() {
    // strace: `[pid 1] exit_group(3) = ?` first, then the other threads' killed calls.
    let mut pairing = Pairing::plain();
    let mut out = Vec::new();
    let other = |tid| Meta { pid: 1, tid, ts_ns: 0 };
    pairing.push(
        Event::SysEnter { ip: 0, meta: other(2), nr: nr::CLOCK_NANOSLEEP, args: [0; 6], captures: vec![] },
        &mut out,
    );
    pairing.push(
        Event::SysEnter {
            ip: 0,
            meta: meta(1, 1),
            nr: nr::EXIT_GROUP,
            args: [3, 0, 0, 0, 0, 0],
            captures: vec![],
        },
        &mut out,
    );
    assert!(
        matches!(
            out.as_slice(),
            [Paired::Unfinished(_), Paired::Syscall(Syscall { nr: nr::EXIT_GROUP, ret: None, .. })]
        ),
        "{out:?}"
    );
    pairing.push(Event::Exit { meta: other(2), wait_status: 3 << 8 }, &mut out);
    pairing.push(Event::Exit { meta: meta(1, 2), wait_status: 3 << 8 }, &mut out);
    assert!(
        matches!(&out[2], Paired::Resumed(Syscall { nr: nr::CLOCK_NANOSLEEP, ret: None, .. })),
        "{out:?}"
    );
    assert!(!out[3..].iter().any(|item| matches!(item, Paired::Syscall(_) | Paired::Resumed(_))), "{out:?}");
}

#[test]
fn an_exec_from_a_thread_resumes_on_the_leader_which_is_superseded_not_exited() {
    let in_proc = |tid| Meta { pid: 1, tid, ts_ns: 0 };
    let execve =
        |tid| Event::SysEnter { ip: 0, meta: in_proc(tid), nr: nr::EXECVE, args: [0; 6], captures: vec![] };
    // strace 6.1: `2 execve(... <pid changed to 1 ...>`, `1 +++ superseded by execve in pid 2 +++`,
    // `1 <... execve resumed>) = 0`; the kernel's exit of the old leader (eBPF) is not shown.
    let mut pairing = Pairing::plain();
    let out = run(
        &mut pairing,
        vec![
            execve(2),
            Event::Exit { meta: in_proc(1), wait_status: 0 },
            Event::Exec { meta: in_proc(1), old_tid: 2 },
            Event::SysExit { meta: in_proc(1), nr: nr::EXECVE, ret: 0, captures: vec![], kernel_atoms: None },
        ],
    );
    assert_eq!(out[0], "P2:execve=?");
    assert!(out[1].starts_with("Exec"), "{out:?}");
    assert_eq!(out[2..], ["R1:execve=0".to_string()]);
    // A failed exec supersedes nothing: the leader's exit shows after all.
    let mut pairing = Pairing::plain();
    let out = run(
        &mut pairing,
        vec![
            execve(2),
            Event::Exit { meta: in_proc(1), wait_status: 0 },
            Event::SysExit {
                meta: in_proc(2),
                nr: nr::EXECVE,
                ret: -2,
                captures: vec![],
                kernel_atoms: None,
            },
        ],
    );
    assert_eq!(out, ["S2:execve=-2".to_string(), "exit1".to_string()]);
}

#[test]
fn calls_outside_the_trace_set_are_hidden_and_interrupt_nothing() {
    let set = SyscallSet::parse("read").expect("valid set");
    let mut pairing = Pairing::tracing(set);
    // read of 1 pending; 2's close enters and exits: 1's line stays whole.
    let out = run(
        &mut pairing,
        vec![enter(1, nr::READ), enter(2, nr::CLOSE), exit(2, nr::CLOSE, 0), exit(1, nr::READ, 5)],
    );
    assert_eq!(out, ["H2:close=0", "S1:read=5"]);
    // A shown call of another task does interrupt.
    let out = run(
        &mut pairing,
        vec![enter(1, nr::READ), enter(2, nr::READ), exit(2, nr::READ, 1), exit(1, nr::READ, 5)],
    );
    assert_eq!(out, ["U1:read=?", "S2:read=1", "R1:read=5"]);
}

#[test]
fn status_filters_show_whole_lines_of_the_calls_that_ended_so() {
    let failed = StatusSet::parse("failed").expect("valid");
    let mut pairing = Pairing::filtering_status(failed);
    // Crossed calls: no unfinished/resumed halves, only the failed one shown.
    let out = run(
        &mut pairing,
        vec![enter(1, nr::READ), enter(2, nr::OPEN), exit(2, nr::OPEN, -2), exit(1, nr::READ, 5)],
    );
    assert_eq!(out, ["S2:open=-2", "H1:read=5"]);
    // exit_group never returns: unfinished, hidden by -Z, shown by status=unfinished.
    let exit_ev = Event::Exit { meta: Meta { pid: 1, tid: 1, ts_ns: 0 }, wait_status: 0 };
    let out = run(&mut pairing, vec![enter(1, nr::EXIT_GROUP), exit_ev.clone()]);
    assert_eq!(out, ["H1:exit_group=?", "exit1"]);
    let unfinished = StatusSet::parse("failed,unfinished").expect("valid");
    let mut pairing = Pairing::filtering_status(unfinished);
    let out = run(&mut pairing, vec![enter(1, nr::EXIT_GROUP), exit_ev]);
    assert_eq!(out, ["S1:exit_group=?", "exit1"]);
    // -z: successful only.
    let successful = StatusSet::parse("successful").expect("valid");
    let mut pairing = Pairing::filtering_status(successful);
    let out = run(
        &mut pairing,
        vec![enter(1, nr::READ), exit(1, nr::READ, 5), enter(1, nr::OPEN), exit(1, nr::OPEN, -2)],
    );
    assert_eq!(out, ["S1:read=5", "H1:open=-2"]);
    // all: nothing staged, the usual halves.
    let mut pairing = Pairing::filtering_status(StatusSet::all());
    let out = run(
        &mut pairing,
        vec![enter(1, nr::READ), enter(2, nr::OPEN), exit(2, nr::OPEN, -2), exit(1, nr::READ, 5)],
    );
    assert_eq!(out, ["U1:read=?", "S2:open=-2", "R1:read=5"]);
}

fn enter(tid: u32, nr: u64) -> Event {
    Event::SysEnter { ip: 0, meta: Meta { pid: tid, tid, ts_ns: 0 }, nr, args: [0; 6], captures: vec![] }
}

fn exit(tid: u32, nr: u64, ret: i64) -> Event {
    Event::SysExit { meta: Meta { pid: tid, tid, ts_ns: 0 }, nr, ret, captures: vec![], kernel_atoms: None }
}

/// A compact view: `S1:read` a whole call of tid 1 (read), `U1:read` unfinished, `R1:read` resumed,
/// `?` for no return value, and event names.
fn run(pairing: &mut Pairing<Rules>, events: Vec<Event>) -> Vec<String> {
    let mut out = Vec::new();
    for event in events {
        pairing.push(event, &mut out);
    }
    out.iter()
        .map(|item| {
            let (tag, call) = match item {
                Paired::Syscall(c) => ("S", c),
                Paired::Unfinished(c) => ("U", c),
                Paired::PidChanged(c, _) => ("P", c),
                Paired::Resumed(c) => ("R", c),
                Paired::Hidden(c) => ("H", c),
                Paired::Detached(c) => ("D", c),
                Paired::EntryLost(c) => ("L", c),
                Paired::Other(e) => return kind(e),
            };
            let ret = call.ret.map_or("?".to_string(), |r| r.to_string());
            format!("{tag}{}:{}={ret}", call.meta.tid, name(call.nr))
        })
        .collect()
}

/// The name of call `nr`, as the compact view shows it.
fn name(nr: u64) -> &'static str {
    syscall::info(nr).map_or("?", |info| info.name)
}

fn kind(e: &Event) -> String {
    let name = match e {
        Event::Exit { meta, .. } => format!("exit{}", meta.tid),
        Event::Signal { meta, .. } => format!("sig{}", meta.tid),
        Event::Stop { meta, .. } => format!("stop{}", meta.tid),
        Event::Fork { meta, .. } => format!("fork{}", meta.tid),
        Event::Lost { .. } => "lost".to_string(),
        other => format!("{other:?}"),
    };
    name
}

fn signal(tid: u32, signo: u32) -> Event {
    let mut siginfo = [0u8; tracer_common::record::SIGINFO_SIZE];
    siginfo[..4].copy_from_slice(&signo.to_le_bytes());
    Event::Signal { meta: Meta { pid: tid, tid, ts_ns: 0 }, siginfo }
}

#[test]
fn one_task_never_splits_a_call() {
    let mut p = Pairing::plain();
    let out = run(
        &mut p,
        vec![enter(1, nr::READ), exit(1, nr::READ, 5), enter(1, nr::CLOSE), exit(1, nr::CLOSE, 0)],
    );
    assert_eq!(out, ["S1:read=5", "S1:close=0"]);
}

#[test]
fn another_tasks_line_splits_the_open_call() {
    let mut p = Pairing::plain();
    let out = run(
        &mut p,
        vec![enter(1, nr::WAIT4), enter(2, nr::READ), exit(2, nr::READ, 1), exit(1, nr::WAIT4, 2)],
    );
    assert_eq!(out, ["U1:wait4=?", "S2:read=1", "R1:wait4=2"]);
}

#[test]
fn crossed_calls_each_show_unfinished_and_resumed() {
    let mut p = Pairing::plain();
    let out = run(
        &mut p,
        vec![enter(1, nr::WAIT4), enter(2, nr::READ), exit(1, nr::WAIT4, 2), exit(2, nr::READ, 1)],
    );
    assert_eq!(out, ["U1:wait4=?", "U2:read=?", "R1:wait4=2", "R2:read=1"]);
}

#[test]
fn invisible_events_do_not_split_a_call() {
    let fork = Event::Fork {
        meta: Meta { pid: 1, tid: 1, ts_ns: 0 },
        child_pid: 2,
        child_tid: 2,
        pid_ns: Vec::new(),
    };
    let lost = Event::Lost { meta: Meta::default(), count: 1 };
    let mut p = Pairing::plain();
    let out = run(&mut p, vec![enter(1, nr::CLONE), fork, lost, exit(1, nr::CLONE, 2)]);
    assert_eq!(out, ["fork1", "lost", "S1:clone=2"]);
    // A signal outside -e signal= prints nothing, so it does not split either.
    let mut p = Pairing::new(false, Rules { no_signals: true, ..Rules::default() });
    let out = run(&mut p, vec![enter(1, nr::WAIT4), signal(2, 17), exit(1, nr::WAIT4, 0)]);
    assert_eq!(out, ["sig2", "S1:wait4=0"]);
    let mut p = Pairing::plain();
    let out = run(&mut p, vec![enter(1, nr::WAIT4), signal(2, 17), exit(1, nr::WAIT4, 0)]);
    assert_eq!(out, ["U1:wait4=?", "sig2", "R1:wait4=0"]);
}

#[test]
fn exits_complete_their_own_task_only() {
    let exit_ev = |tid| Event::Exit { meta: Meta { pid: 1, tid, ts_ns: 0 }, wait_status: 0 };
    let mut p = Pairing::plain();
    let mut out = Vec::new();
    for event in [enter(2, nr::FUTEX), enter(1, nr::EXIT_GROUP), exit_ev(1), exit(2, nr::FUTEX, 0)] {
        p.push(event, &mut out);
    }
    let tags: Vec<&str> = out
        .iter()
        .map(|i| match i {
            Paired::Syscall(_) => "S",
            Paired::Unfinished(_) => "U",
            Paired::PidChanged(..) => "P",
            Paired::Resumed(_) => "R",
            Paired::Hidden(_) => "H",
            Paired::Detached(_) => "D",
            Paired::EntryLost(_) => "L",
            Paired::Other(_) => "E",
        })
        .collect();
    // futex of 2 shown unfinished, exit_group of 1 whole with `= ?`, the exit line, futex resumed.
    assert_eq!(tags, ["U", "S", "E", "R"]);
    assert!(matches!(&out[1], Paired::Syscall(Syscall { nr: nr::EXIT_GROUP, ret: None, .. })));
    assert!(matches!(&out[3], Paired::Resumed(Syscall { nr: nr::FUTEX, ret: Some(0), .. })));
}

#[test]
fn quiet_exits_do_not_split_a_call() {
    let exit_ev = Event::Exit { meta: Meta { pid: 2, tid: 2, ts_ns: 0 }, wait_status: 0 };
    let mut p = Pairing::new(false, Rules { quiet_exits: true, ..Rules::default() });
    let out = run(&mut p, vec![enter(1, nr::WAIT4), exit_ev, exit(1, nr::WAIT4, 2)]);
    assert_eq!(out, ["exit2", "S1:wait4=2"]);
}

#[test]
fn a_lost_exit_never_glues_two_calls() {
    let mut p = Pairing::plain();
    // read's exit was lost: the next entry on the thread ends it with `= ?`.
    let out = run(&mut p, vec![enter(1, nr::READ), enter(1, nr::WRITE), exit(1, nr::WRITE, 3)]);
    assert_eq!(out, ["S1:read=?", "S1:write=3"]);
    // An exit whose number is not the pending call's: the pending one ends with `= ?`.
    let mut p = Pairing::plain();
    let out = run(&mut p, vec![enter(1, nr::READ), exit(1, nr::WRITE, 3)]);
    assert_eq!(out, ["S1:read=?"]);
    // With another task's call open in between, the stale call still ends as its own line.
    let mut p = Pairing::plain();
    let out = run(
        &mut p,
        vec![enter(1, nr::READ), enter(2, nr::CLOSE), enter(1, nr::WRITE), exit(1, nr::WRITE, 9)],
    );
    assert_eq!(out, ["U1:read=?", "U2:close=?", "R1:read=?", "S1:write=9"]);
}

#[test]
fn per_task_files_never_split_between_tasks() {
    let mut p = Pairing::new(true, Rules::default());
    let out = run(
        &mut p,
        vec![enter(1, nr::WAIT4), enter(2, nr::READ), exit(2, nr::READ, 1), exit(1, nr::WAIT4, 2)],
    );
    assert_eq!(out, ["S2:read=1", "S1:wait4=2"]);
}

/// A whole call given to [`Pairing::push_call`] gives what its two records given to
/// [`Pairing::push`] give, whatever came before: another task's open call, a stale entry of
/// the same task, a signal held for it, `-e trace=`, `-e status=`, `-ff`, execve, a mismatch;
/// with one `Call` and one `Syscall` reused throughout, as the pipeline does.
#[test]
fn a_whole_call_pairs_as_its_two_records() {
    let with_capture = |event: Event, arg| match event {
        Event::SysEnter { meta, nr, args, .. } => {
            Event::SysEnter { ip: 0, meta, nr, args, captures: vec![Capture::new(arg, 0, vec![arg])] }
        }
        Event::SysExit { meta, nr, ret, .. } => Event::SysExit {
            meta,
            nr,
            ret,
            captures: vec![Capture::new(arg, 0, vec![arg])],
            kernel_atoms: None,
        },
        other => other,
    };
    let before: Vec<Vec<Event>> = vec![
        vec![],
        vec![enter(2, nr::READ)],
        vec![enter(1, nr::POLL)],
        vec![enter(1, nr::WAIT4), queued(1, 17)],
        vec![enter(2, nr::WAIT4), queued(1, 17), exit(2, nr::WAIT4, 0)],
        vec![enter(1, nr::READ), exit(1, nr::READ, 1)],
    ];
    let calls = [
        (enter(1, nr::READ), exit(1, nr::READ, 1)),
        (with_capture(enter(1, nr::WRITE), 1), with_capture(exit(1, nr::WRITE, 1), 2)),
        (enter(1, nr::WRITE), with_capture(exit(1, nr::WRITE, 1), 2)),
        (enter(1, nr::EXECVE), exit(1, nr::EXECVE, -2)),
        (enter(1, nr::READ), exit(1, nr::CLOSE, 0)),
        (enter(1, nr::OPEN), exit(1, nr::OPEN, -2)),
    ];
    let settings: Vec<fn() -> Pairing<Rules>> = vec![
        Pairing::plain,
        || Pairing::new(true, Rules::default()),
        || Pairing::tracing(SyscallSet::parse("read").expect("valid set")),
        || Pairing::filtering_status(StatusSet::parse("failed").expect("valid")),
    ];
    let (mut call, mut whole) = (Call::default(), Syscall::default());
    for make in &settings {
        for prefix in &before {
            for (entry, end) in &calls {
                let (mut one, mut two) = (make(), make());
                let (mut by_call, mut by_records) = (Vec::new(), Vec::new());
                for event in prefix {
                    one.push(event.clone(), &mut by_call);
                    two.push(event.clone(), &mut by_records);
                }
                let mut record = Vec::new();
                tracer_common::event::encode_call(entry, end, &mut record);
                call.decode_from(&record).expect("a SYS_CALL record");
                if one.push_call(&mut call, &mut whole, &mut by_call) {
                    by_call.push(Paired::Syscall(whole.clone()));
                }
                two.push(entry.clone(), &mut by_records);
                two.push(end.clone(), &mut by_records);
                // What is left pending or open shows in what comes next.
                one.push(enter(3, nr::READ), &mut by_call);
                two.push(enter(3, nr::READ), &mut by_records);
                one.finish(&mut by_call);
                two.finish(&mut by_records);
                assert_eq!(by_call, by_records, "{prefix:?} then {entry:?}, {end:?}");
            }
        }
    }
}

fn queued(tid: u32, signo: u32) -> Event {
    let Event::Signal { meta, siginfo } = signal(tid, signo) else { unreachable!() };
    Event::SignalQueued { meta, siginfo }
}

#[test]
fn a_queued_signal_waits_for_the_call_it_arrived_in() {
    // SIGCHLD queued while the parent is in wait4: shown after wait4's line.
    let mut p = Pairing::plain();
    let out =
        run(&mut p, vec![enter(1, nr::WAIT4), queued(1, 17), exit(1, nr::WAIT4, 2), enter(1, nr::CLOSE)]);
    assert_eq!(out, ["S1:wait4=2", "sig1"]);
    // Between calls: at once.
    let mut p = Pairing::plain();
    let out = run(
        &mut p,
        vec![
            enter(1, nr::READ),
            exit(1, nr::READ, 0),
            queued(1, 28),
            enter(1, nr::CLOSE),
            exit(1, nr::CLOSE, 0),
        ],
    );
    assert_eq!(out, ["S1:read=0", "sig1", "S1:close=0"]);
    // Another task's call does not hold it, and it is the queued task's line that splits.
    let mut p = Pairing::plain();
    let out = run(&mut p, vec![enter(2, nr::READ), queued(1, 17), exit(2, nr::READ, 1)]);
    assert_eq!(out, ["U2:read=?", "sig1", "R2:read=1"]);
}

#[test]
fn a_queued_fatal_signal_comes_before_the_exit() {
    // kill(getpid(), SIGUSR1) = 0, --- SIGUSR1 ---, +++ killed by SIGUSR1 +++.
    let killed = Event::Exit { meta: Meta { pid: 1, tid: 1, ts_ns: 0 }, wait_status: 10 };
    let mut p = Pairing::plain();
    let out = run(&mut p, vec![enter(1, nr::KILL), queued(1, 10), exit(1, nr::KILL, 0), killed.clone()]);
    assert_eq!(out, ["S1:kill=0", "sig1", "exit1"]);
    // Its call's exit never came: the call ends `= ?`, then the signal, then the death.
    let mut p = Pairing::plain();
    let out = run(&mut p, vec![enter(1, nr::KILL), queued(1, 10), killed]);
    assert_eq!(out, ["S1:kill=?", "sig1", "exit1"]);
    // End of trace (a detach): the same order, the call ` <detached ...>`.
    let mut p = Pairing::plain();
    let mut out = Vec::new();
    for event in [enter(1, nr::KILL), queued(1, 10)] {
        p.push(event, &mut out);
    }
    p.finish(&mut out);
    assert!(matches!(&out[0], Paired::Detached(Syscall { nr: nr::KILL, ret: None, .. })));
    assert!(matches!(&out[1], Paired::Other(Event::Signal { .. })));
}

#[test]
fn a_detach_ends_only_the_open_line() {
    // Task 1's read was interrupted by task 2's entry (shown unfinished); task 2's wait4 is the
    // open line when tracing ends: only it gets ` <detached ...>`.
    let mut p = Pairing::plain();
    let mut out = Vec::new();
    for event in [enter(1, nr::READ), enter(2, nr::WAIT4)] {
        p.push(event, &mut out);
    }
    p.finish(&mut out);
    let mut tags: Vec<String> = out
        .iter()
        .map(|i| match i {
            Paired::Unfinished(c) => format!("U{}", c.meta.tid),
            Paired::Detached(c) => format!("D{}", c.meta.tid),
            Paired::Hidden(c) => format!("H{}", c.meta.tid),
            _ => "?".to_string(),
        })
        .collect();
    // The two entries have the same stamp: the order of their ends is not the point.
    tags[1..].sort();
    assert_eq!(tags, ["U1", "D2", "H1"]);
    // With -e status=detached the call shows whole, and not without it.
    for (set, shown) in [("detached", true), ("failed", false)] {
        let status = StatusSet::parse(set).expect("parses");
        let mut p = Pairing::filtering_status(status);
        let mut out = Vec::new();
        p.push(enter(1, nr::WAIT4), &mut out);
        p.finish(&mut out);
        assert_eq!(matches!(out.last(), Some(Paired::Detached(_))), shown, "{set}");
    }
}

#[test]
fn a_queued_signal_outside_the_signal_set_splits_nothing() {
    let mut p = Pairing::new(false, Rules { no_signals: true, ..Rules::default() });
    let out = run(&mut p, vec![enter(2, nr::READ), queued(1, 17), exit(2, nr::READ, 1)]);
    assert_eq!(out, ["sig1", "S2:read=1"]);
}

#[test]
fn an_exit_without_entry_is_dropped() {
    let mut pairing = Pairing::plain();
    let mut out = Vec::new();
    pairing.push(
        Event::SysExit { meta: meta(1, 2), nr: nr::READ, ret: 1, captures: vec![], kernel_atoms: None },
        &mut out,
    );
    assert!(out.is_empty());
}

#[test]
fn after_a_loss_an_exit_without_entry_is_a_call_whose_entry_was_lost() {
    let mut pairing = Pairing::plain();
    let mut out = Vec::new();
    pairing.push(Event::Lost { meta: meta(1, 1), count: 3 }, &mut out);
    pairing.push(
        Event::SysExit { meta: meta(1, 2), nr: nr::READ, ret: 1, captures: vec![], kernel_atoms: None },
        &mut out,
    );
    assert!(matches!(out[0], Paired::Other(Event::Lost { count: 3, .. })), "{out:?}");
    let Some(Paired::EntryLost(call)) = out.get(1) else { panic!("{out:?}") };
    assert_eq!((call.nr, call.ret, call.meta.tid), (nr::READ, Some(1), 1));
}
