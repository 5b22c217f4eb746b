//! The data path after pairing, end to end: items in, strace's lines (or a summary) out.

mod lines;

use tracer_common::event::{Event, Meta};

use super::*;
use crate::filter::paths::PathFilter;
use crate::printers::text::{TextOptions, TextOutput};
use crate::printers::Format;

/// The stages after pairing as the pipeline runs them, printing strace's lines: what
/// [`Pipeline::show`] does to each item.
pub(super) struct Renderer(Pipeline<Vec<u8>>);

impl Renderer {
    pub(super) fn new(opts: TextOptions) -> Self {
        Self::with(opts, Selection::default())
    }

    pub(super) fn with(opts: TextOptions, selection: Selection) -> Self {
        let filter = Filter::new(selection, PathFilter::default());
        Renderer(Pipeline::new(
            filter,
            State::default(),
            Format::Text(TextOutput::new(opts)),
            Vec::new(),
            false,
        ))
    }

    /// Append the lines of `item` to `out`.
    pub(super) fn render(&mut self, item: &Paired, out: &mut Vec<u8>) {
        self.0.show(item);
        out.append(&mut self.0.text);
    }

    pub(super) fn expect_task(&mut self, tid: u32) {
        self.0.expect_task(tid);
    }
}

/// A pipeline printing strace's text into a `Vec`.
fn text_pipeline() -> Pipeline<Vec<u8>> {
    let filter = Filter::new(Selection::default(), PathFilter::default());
    Pipeline::new(
        filter,
        State::default(),
        Format::Text(TextOutput::new(TextOptions::default())),
        Vec::new(),
        false,
    )
}

/// Feed `events` to `pipeline`, finish it, and return what it wrote.
fn written(mut pipeline: Pipeline<Vec<u8>>, events: impl IntoIterator<Item = Event>) -> String {
    for event in events {
        pipeline.event(event).expect("writes to a Vec");
    }
    pipeline.finish().expect("flushes");
    String::from_utf8(pipeline.into_inner().unwrap_or_default()).expect("utf-8")
}

#[test]
fn records_become_strace_lines_and_losses_are_counted() {
    let meta = Meta { pid: 7, tid: 7, ts_ns: 1 };
    let mut pipeline = text_pipeline();
    let events = [
        Event::SysEnter { ip: 0, meta, nr: 3, args: [3, 0, 0, 0, 0, 0], captures: vec![] },
        Event::Lost { meta, count: 5 },
        Event::SysExit { meta, nr: 3, ret: 0, captures: vec![], kernel_atoms: None },
        Event::SysEnter { ip: 0, meta, nr: 231, args: [0; 6], captures: vec![] },
        Event::Exit { meta, wait_status: 0 },
    ];
    for event in events {
        pipeline.event(event).expect("writes to a Vec");
    }
    pipeline.finish().expect("flushes");
    assert_eq!(pipeline.lost, 5);
    let text = String::from_utf8(pipeline.into_inner().unwrap_or_default()).expect("utf-8");
    assert_eq!(
        text,
        "close(3)                                = 0\nexit_group(0)                           = ?\n+++ exited with 0 +++\n"
    );
}

fn summary(flags: &[&str]) -> Summary {
    use clap::Parser as _;
    #[derive(clap::Parser)]
    struct Args {
        #[command(flatten)]
        summary: crate::summary::SummaryFlags,
    }
    let args = Args::try_parse_from(std::iter::once("t").chain(flags.iter().copied())).expect("flags");
    Summary::new(crate::summary::Options::from_flags(&args.summary).expect("valid").expect("a summary"))
}

#[test]
fn summary_only_prints_no_trace_line_and_the_table_at_the_end() {
    let meta = |ts_ns| Meta { pid: 7, tid: 7, ts_ns };
    let pipeline = text_pipeline().with_summary(summary(&["-c", "-U", "calls,errors,name"]));
    let events = [
        Event::SysEnter { ip: 0, meta: meta(1), nr: 3, args: [3, 0, 0, 0, 0, 0], captures: vec![] },
        Event::SysExit { meta: meta(2), nr: 3, ret: -9, captures: vec![], kernel_atoms: None },
        Event::SysEnter { ip: 0, meta: meta(3), nr: 231, args: [0; 6], captures: vec![] },
        Event::Exit { meta: meta(4), wait_status: 0 },
    ];
    let text = written(pipeline, events);
    assert_eq!(
        text,
        "    calls    errors syscall\n--------- --------- ----------------\n        1         1 close\n\
         --------- --------- ----------------\n        1         1 total\n"
    );
}

#[test]
fn kernel_counters_are_the_summary() {
    let mut pipeline = text_pipeline().with_summary(summary(&["-C", "-U", "calls,name"]));
    let mut totals = vec![tracer_common::summary::SyscallStats::ZERO; 2];
    totals[1].add(1_000, false);
    pipeline.kernel_summary(&totals).expect("writes to a Vec");
    pipeline.finish().expect("flushes");
    let text = String::from_utf8(pipeline.into_inner().unwrap_or_default()).expect("utf-8");
    assert!(text.contains("        1 write\n"), "{text}");
}

/// i386 and x32 calls: named from their own tables, registers only, and strace's personality
/// line at the first call of each change (shown or not), none with `-e quiet=personality`.
#[test]
fn other_personalities_print_their_names_and_personality_lines() {
    use tracer_common::personality::{Personality, AUDIT_ARCH_I386, X32_SYSCALL_BIT};

    use crate::sets::Quiet;
    let i386 = |n| Personality::record_nr(AUDIT_ARCH_I386, n);
    let meta = Meta { pid: 7, tid: 7, ts_ns: 1 };
    let call = |nr: u64, args: [u64; 6], ret: i64| {
        [
            Event::SysEnter { ip: 0, meta, nr, args, captures: vec![] },
            Event::SysExit { meta, nr, ret, captures: vec![], kernel_atoms: None },
        ]
    };
    let high = 0x7ffc_0000_1000;
    let events: Vec<Event> = [
        call(i386(20), [0; 6], 7),
        // write(fd, buf, count): fd cut to 32 bits, the pointer as it is, never read.
        call(i386(4), [0xdead_0000_0001, high, 3, 0, 0, 0], -14),
        call(i386(500), [1, 2, 3, 4, 5, 6], -38),
        call(39, [0; 6], 7),
        call(39 | X32_SYSCALL_BIT, [0; 6], -38),
        call(3, [u64::MAX, 0, 0, 0, 0, 0], -9),
    ]
    .into_iter()
    .flatten()
    .collect();
    let render = |quiet: Quiet| {
        let selection = Selection { quiet, ..Selection::default() };
        let pipeline = Pipeline::new(
            Filter::new(selection, PathFilter::default()),
            State::default(),
            Format::Text(TextOutput::new(TextOptions::default())),
            Vec::new(),
            false,
        );
        written(pipeline, events.clone())
    };
    let calls = [
        "getpid()                                = 7\n",
        "write(1, 0x7ffc00001000, 3)             = -1 EFAULT (Bad address)\n",
        "syscall_0x1f4(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS (Function not implemented)\n",
        "getpid()                                = 7\n",
        "getpid()                                = -1 ENOSYS (Function not implemented)\n",
        "close(-1)                               = -1 EBADF (Bad file descriptor)\n",
    ];
    let line = |mode: &str| format!("[ Process PID=7 runs in {mode} mode. ]\n");
    let want = [
        line("32 bit"),
        calls[0].into(),
        calls[1].into(),
        calls[2].into(),
        line("64 bit"),
        calls[3].into(),
        line("x32"),
        calls[4].into(),
        line("64 bit"),
        calls[5].into(),
    ]
    .concat();
    assert_eq!(render(Quiet::NONE), want);
    assert_eq!(render(Quiet::NONE.with(Message::Personality)), calls.concat());
}

/// After a loss, an exit whose entry was lost: nothing in strace's text, an object marked
/// `"lost":"entry"` in `--json`.
#[test]
fn a_call_whose_entry_was_lost_is_marked_in_json_only() {
    let meta = Meta { pid: 7, tid: 7, ts_ns: 1 };
    let events = || {
        [
            Event::Lost { meta, count: 1 },
            Event::SysExit { meta, nr: 0, ret: 1, captures: vec![], kernel_atoms: None },
            Event::Exit { meta, wait_status: 0 },
        ]
    };
    let text = written(text_pipeline(), events());
    assert_eq!(text, "+++ exited with 0 +++\n");
    let json = crate::printers::json::JsonOutput::new(
        crate::printers::text::CallOptions::default(),
        crate::printers::timestamps::TimestampOptions::default(),
        "ebpf",
    );
    let filter = Filter::new(Selection::default(), PathFilter::default());
    let json = Pipeline::new(filter, State::default(), Format::Json(json), Vec::new(), false);
    let lines = written(json, events());
    let call = lines.lines().find(|l| l.contains(r#""type":"syscall""#)).unwrap_or_else(|| panic!("{lines}"));
    assert!(call.contains(r#""name":"read""#) && call.contains(r#""lost":"entry""#), "{call}");
    assert!(call.contains(r#""raw_ret":1"#), "{call}");
}

/// `--filter`: each call is held until it ends, so one filtered out leaves no `<unfinished ...>`
/// line behind, and the one shown is whole; `+++ exited` lines still show.
#[test]
fn filtered_calls_leave_no_unfinished_halves() {
    let texts = vec!["errno == ENOENT".to_string()];
    let expr = crate::filter::expr::FilterExpr::parse(&texts).expect("parses");
    let filter = Filter::new(Selection::default(), PathFilter::default()).with_expr(expr);
    let output = Format::Text(TextOutput::new(TextOptions::default()));
    let pipeline = Pipeline::new(filter, State::default(), output, Vec::new(), false);
    let meta = |tid, ts_ns| Meta { pid: tid, tid, ts_ns };
    let (read, openat) = (tracer_common::syscall::nr::READ, tracer_common::syscall::nr::OPENAT);
    let events = [
        Event::SysEnter { ip: 0, meta: meta(7, 1), nr: read, args: [3, 0, 0, 0, 0, 0], captures: vec![] },
        Event::SysEnter { ip: 0, meta: meta(8, 2), nr: openat, args: [0; 6], captures: vec![] },
        Event::SysExit { meta: meta(8, 3), nr: openat, ret: -2, captures: vec![], kernel_atoms: None },
        Event::SysExit { meta: meta(7, 4), nr: read, ret: 0, captures: vec![], kernel_atoms: None },
        Event::Exit { meta: meta(7, 5), wait_status: 0 },
    ];
    let text = written(pipeline, events);
    assert_eq!(
        text,
        "openat(0, NULL, O_RDONLY)               = -1 ENOENT (No such file or directory)\n+++ exited with 0 +++\n"
    );
}

/// `-c` with `--filter`: a call the expression holds for is counted even when `-e status=` hides
/// it (as strace counts such calls); one it does not hold for is not counted at all.
#[test]
fn summaries_count_what_the_expression_holds_for() {
    use crate::sets::{Quiet, SignalSet, StatusSet, SyscallSet};
    let texts = vec!["name == \"close\"".to_string()];
    let expr = crate::filter::expr::FilterExpr::parse(&texts).expect("parses");
    let status = StatusSet::parse("failed").expect("valid");
    let selection = Selection::new(SyscallSet::all(), status, SignalSet::all(), Quiet::NONE);
    let filter = Filter::new(selection, PathFilter::default()).with_expr(expr);
    let output = Format::Text(TextOutput::new(TextOptions::default()));
    let pipeline = Pipeline::new(filter, State::default(), output, Vec::new(), false)
        .with_summary(summary(&["-C", "-U", "calls,errors,name"]));
    let meta = |ts_ns| Meta { pid: 7, tid: 7, ts_ns };
    let call = |ts, nr, ret| {
        [
            Event::SysEnter { ip: 0, meta: meta(ts), nr, args: [3, 0, 0, 0, 0, 0], captures: vec![] },
            Event::SysExit { meta: meta(ts + 1), nr, ret, captures: vec![], kernel_atoms: None },
        ]
    };
    // close fails (shown, counted), close succeeds (hidden by -Z, counted), read (neither).
    let events = [call(1, 3, -9), call(3, 3, 0), call(5, 0, -9)].concat();
    let text = written(pipeline, events);
    assert!(text.starts_with("close(3)"), "{text}");
    assert!(!text.contains("read"), "{text}");
    assert!(text.contains("        2         1 close\n"), "{text}");
}
