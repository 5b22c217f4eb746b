use tracer_common::event::Meta;
use tracer_common::syscall::nr;

use super::*;

fn flags(f: impl FnOnce(&mut SummaryFlags)) -> SummaryFlags {
    let mut flags = SummaryFlags::default();
    f(&mut flags);
    flags
}

fn opts(f: impl FnOnce(&mut SummaryFlags)) -> Options {
    Options::from_flags(&flags(f)).expect("valid").expect("a summary")
}

fn call(nr: u64, ret: Option<i64>, entry: u64, exit: u64) -> Syscall {
    Syscall {
        ip: 0,
        meta: Meta { pid: 1, tid: 1, ts_ns: entry },
        nr,
        args: [0; 6],
        captures: Vec::new(),
        ret,
        exit_ts_ns: ret.map(|_| exit),
        kernel_atoms: None,
    }
}

fn report(summary: &mut Summary) -> String {
    let mut out = Vec::new();
    summary.write_report(&mut out).expect("Vec");
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn bad_flags_are_strace_s_one_line_messages() {
    // The variant, and the line it prints.
    let err = |f: fn(&mut SummaryFlags)| {
        let err = Options::from_flags(&flags(f)).expect_err("refused");
        let text = err.to_string();
        (err, text)
    };
    let needs_summary = |option| SummaryFlagsError::NeedsSummary { option };
    assert_eq!(
        err(|f| {
            f.summary_only = 1;
            f.summary = 1
        }),
        (
            SummaryFlagsError::OnlyAndSummary,
            "-c/--summary-only and -C/--summary are mutually exclusive".into()
        )
    );
    assert_eq!(
        err(|f| f.summary_sort_by = vec!["foo".into()]),
        (SummaryFlagsError::SortBy("foo".into()), "invalid sortby: 'foo'".into())
    );
    assert_eq!(
        err(|f| {
            f.summary_only = 1;
            f.summary_columns = vec!["name,,calls".into()]
        }),
        (SummaryFlagsError::Column(String::new()), "unknown column name: ''".into())
    );
    assert_eq!(
        err(|f| f.summary_wall_clock = 1),
        (
            needs_summary("-w/--summary-wall-clock"),
            "-w/--summary-wall-clock must be given with (-c/--summary-only or -C/--summary)".into()
        )
    );
    assert_eq!(
        err(|f| f.summary_columns = vec!["calls".into()]),
        (
            needs_summary("-U/--summary-columns"),
            "-U/--summary-columns must be given with (-c/--summary-only or -C/--summary)".into()
        )
    );
    assert_eq!(
        err(|f| f.hist = vec!["read".into()]),
        (needs_summary("--hist"), "--hist must be given with (-c/--summary-only or -C/--summary)".into())
    );
    assert_eq!(
        err(|f| {
            f.summary = 1;
            f.interval = vec!["0".into()]
        }),
        (SummaryFlagsError::Interval("0".into()), "invalid --interval argument: '0'".into())
    );
    assert_eq!(
        err(|f| {
            f.summary = 1;
            f.hist = vec!["nosuchcall".into()]
        }),
        (SummaryFlagsError::Hist(SetError::invalid("nosuchcall")), "invalid system call 'nosuchcall'".into())
    );
    // strace takes -S alone, and the last -S/-U.
    assert_eq!(Options::from_flags(&flags(|f| f.summary_sort_by = vec!["calls".into()])), Ok(None));
    let o = opts(|f| {
        f.summary_only = 1;
        f.summary_sort_by = vec!["name".into(), "calls".into()];
        f.summary_columns = vec!["bad".into(), "calls,name".into()];
        f.interval = vec!["0.5".into()];
    });
    assert_eq!((o.only, o.sort, o.columns.clone()), (true, SortBy::Calls, vec![Column::Calls, Column::Name]));
    assert_eq!(o.interval, Some(Duration::from_millis(500)));
}

#[test]
fn counts_completed_calls_with_their_latency_and_errors() {
    let mut summary = Summary::new(opts(|f| f.summary_only = 1));
    summary.record(&call(nr::READ, Some(5), 1_000, 3_000));
    summary.record(&call(nr::READ, Some(-9), 10_000, 11_000));
    summary.record(&call(nr::CLOSE, Some(0), 0, 500_000));
    // exit_group never returns: strace does not count it.
    summary.record(&call(nr::EXIT_GROUP, None, 0, 0));
    assert_eq!(
        report(&mut summary),
        "\
% time     seconds  usecs/call     calls    errors syscall
------ ----------- ----------- --------- --------- ----------------
 99.40    0.000500         500         1           close
  0.60    0.000003           1         2         1 read
------ ----------- ----------- --------- --------- ----------------
100.00    0.000503         167         3         1 total
"
    );
}

#[test]
fn calls_count_as_the_filter_judges_them() {
    // A call `-e status=` hid is counted (Hide); one outside `-e trace=` is not (LearnOnly).
    let mut summary = Summary::new(opts(|f| f.summary_only = 1));
    summary.count(&Paired::Hidden(call(nr::READ, Some(-2), 0, 10)), Verdict::Hide);
    summary.count(&Paired::Hidden(call(nr::CLOSE, Some(0), 0, 10)), Verdict::LearnOnly);
    let text = report(&mut summary);
    assert!(text.contains(" read\n") && !text.contains("close"), "{text}");
    let mut summary = Summary::new(opts(|f| f.summary_only = 1));
    summary.count(&Paired::Hidden(call(nr::READ, Some(-2), 0, 10)), Verdict::LearnOnly);
    assert_eq!(report(&mut summary), "");
}

#[test]
fn percentiles_come_from_an_hdr_histogram() {
    let mut summary = Summary::new(opts(|f| {
        f.summary = 1;
        f.summary_columns = vec!["name,calls,p50,p90,p99,max".into()];
    }));
    for i in 1..=100u64 {
        summary.record(&call(nr::READ, Some(1), 0, i * 1_000));
    }
    summary.record(&call(nr::WRITE, Some(1), 0, 7_000_000));
    assert_eq!(
        report(&mut summary),
        "\
syscall              calls      p50      p90      p99      max
---------------- --------- -------- -------- -------- --------
write                    1 0.007000 0.007000 0.007000 0.007000
read                   100 0.000050 0.000090 0.000099 0.000100
---------------- --------- -------- -------- -------- --------
total                  101 0.000051 0.000091 0.000100 0.007000
"
    );
}

fn stats(calls: u64, errors: u64, latency_ns: u64) -> SyscallStats {
    let mut s = SyscallStats::ZERO;
    for i in 0..calls {
        s.add(latency_ns, i < errors);
    }
    s
}

#[test]
fn a_kernel_snapshot_is_the_summary_and_intervals_show_its_differences() {
    let mut summary = Summary::new(opts(|f| {
        f.summary_only = 1;
        f.summary_columns = vec!["calls,errors,name,max".into()];
        f.hist = vec!["read".into()];
        f.interval = vec!["3600".into()];
    }));
    // A record arriving anyway does not add to the kernel's counts.
    summary.record(&call(nr::READ, Some(1), 0, 10));
    let mut totals = vec![SyscallStats::ZERO; 4];
    totals[nr::READ as usize] = stats(3, 1, 3_000);
    summary.kernel_snapshot(&totals);
    let mut out = Vec::new();
    summary.write_interval(&mut out).expect("Vec");
    totals[nr::READ as usize].merge(&stats(2, 0, 5_000));
    totals[nr::CLOSE as usize] = stats(1, 0, 100);
    summary.kernel_snapshot(&totals);
    summary.write_interval(&mut out).expect("Vec");
    let text = String::from_utf8(out).expect("utf-8");
    let text: Vec<&str> = text.lines().filter(|l| !l.starts_with("---")).collect();
    assert_eq!(
        text,
        [
            "    calls    errors syscall               max",
            "        3         1 read             0.000003",
            "        3         1 total            0.000003",
            "",
            "@ns[read]: ",
            "[2K, 4K)               3 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|",
            "",
            // The second interval: only the new calls (the longest so far, capped by the bucket).
            "    calls    errors syscall               max",
            "        2           read             0.000005",
            "        1           close            0.000000",
            "        3           total            0.000005",
            "",
            "@ns[read]: ",
            "[4K, 8K)               2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|",
            "",
        ]
    );
    let text = report(&mut summary);
    assert!(text.contains("        5         1 read             0.000005\n"), "{text}");
    assert!(text.starts_with("--- summary of the whole run (0.000 s to "), "{text}");
}

#[test]
fn user_intervals_show_the_calls_of_the_interval_and_the_end_all_of_them() {
    let mut summary = Summary::new(opts(|f| {
        f.summary_only = 1;
        f.summary_columns = vec!["calls,name".into()];
        f.interval = vec!["3600".into()];
    }));
    assert!(!summary.interval_due());
    summary.record(&call(nr::READ, Some(1), 0, 10));
    let mut out = Vec::new();
    summary.write_interval(&mut out).expect("Vec");
    summary.record(&call(nr::READ, Some(1), 0, 10));
    summary.record(&call(nr::READ, Some(1), 0, 10));
    summary.write_interval(&mut out).expect("Vec");
    summary.write_interval(&mut out).expect("Vec");
    let text = String::from_utf8(out).expect("utf-8");
    let calls: Vec<&str> = text.lines().filter(|l| l.ends_with(" read")).collect();
    assert_eq!(calls, ["        1 read", "        2 read"], "{text}");
    assert_eq!(text.lines().filter(|l| l.starts_with("--- summary of interval")).count(), 3);
    assert!(report(&mut summary).contains("        3 read\n"));
}

#[test]
fn other_personalities_get_tables_of_their_own() {
    use tracer_common::personality::{Personality, AUDIT_ARCH_I386};
    let mut summary = Summary::new(opts(|f| f.summary_only = 1));
    summary.record(&call(nr::GETPID, Some(1), 0, 1000));
    // i386's getpid (20, x86_64's writev) and an i386 number no table has.
    summary.record(&call(Personality::record_nr(AUDIT_ARCH_I386, 20), Some(1), 0, 1000));
    summary.record(&call(Personality::record_nr(AUDIT_ARCH_I386, 500), Some(-38), 0, 1000));
    let text = report(&mut summary);
    let (native, i386) =
        text.split_once("System call usage summary for 32 bit mode:\n").expect("an i386 table");
    assert!(native.contains(" getpid\n") && !native.contains("writev"), "{native}");
    assert!(native.ends_with(" total\n") && native.contains("         1           total"), "{native}");
    assert!(i386.contains(" getpid\n") && i386.contains(" syscall_0x1f4\n"), "{i386}");
    assert!(i386.contains("         2         1 total"), "{i386}");
}
