//! `-c`/`-C` summaries end to end: on deterministic fixtures the `calls` and `errors` columns equal
//! strace 6.1's, under ptrace and eBPF (with `-f` too); the table's layout is strace's (timing
//! columns by pattern: tracer's time is latency, strace's is system CPU time); bad flags are one
//! line and exit 1.

use std::collections::BTreeMap;
use std::process::{Command, Stdio};

use regex::Regex;
use tracer_tests::{fixture, is_root, strace, tracer, tracer_bin, Traced};

const HEADER: &str = "% time     seconds  usecs/call     calls    errors syscall";

/// The default table: per syscall name, its calls and errors; and the total row's.
#[derive(Debug, PartialEq, Eq)]
struct Table {
    rows: BTreeMap<String, (u64, u64)>,
    total: (u64, u64),
}

/// Parse (and check the layout of) the default table at the end of `text`.
fn table(text: &str, who: &str) -> Table {
    let row =
        Regex::new(r"^([ 0-9]{3}\.\d\d) ([ 0-9]{3}\d\.\d{6}) ([ 0-9]{11}) ([ 0-9]{9}) ([ 0-9]{9}) (\S+)$")
            .expect("regex");
    let lines: Vec<&str> = text.lines().skip_while(|l| *l != HEADER).collect();
    assert!(lines.len() >= 5, "{who}: no table in {text:?}");
    let name_width = lines[2..lines.len() - 2]
        .iter()
        .map(|l| l.rsplit(' ').next().map_or(0, str::len) + 1)
        .max()
        .unwrap_or(0)
        .max(16);
    let dashes = format!("------ ----------- ----------- --------- --------- {}", "-".repeat(name_width));
    assert_eq!(lines[1], dashes, "{who}");
    assert_eq!(lines[lines.len() - 2], dashes, "{who}");
    let parse = |line: &str| {
        let caps = row.captures(line).unwrap_or_else(|| panic!("{who}: not a table row: {line:?}"));
        let number = |i: usize| caps[i].trim().parse::<u64>().unwrap_or(0);
        (caps[6].to_string(), (number(4), number(5)))
    };
    let rows: BTreeMap<String, (u64, u64)> = lines[2..lines.len() - 2].iter().map(|l| parse(l)).collect();
    let (name, total) = parse(lines[lines.len() - 1]);
    assert_eq!(name, "total", "{who}");
    assert!(lines[lines.len() - 1].starts_with("100.00 "), "{who}");
    let sum = rows.values().fold((0, 0), |(c, e), (rc, re)| (c + rc, e + re));
    assert_eq!(sum, total, "{who}: the total row is the sum");
    Table { rows, total }
}

fn ok(traced: &Traced, who: &str) {
    assert!(!traced.stderr.contains("tracer:"), "{who}: {}", traced.stderr);
}

/// strace, ptrace and (as root) eBPF count the same calls and errors for `command`.
fn counts_agree(flags: &[&str], command: &[&str]) {
    let reference = strace(flags, command);
    let reference = table(&reference.trace, "strace");
    let mut backends = vec!["ptrace"];
    if is_root() {
        backends.push("ebpf");
    }
    for backend in backends {
        let traced = tracer(backend, flags, command);
        ok(&traced, backend);
        // -c: the table is all there is (no trace line, no `+++ exited` line).
        assert!(traced.trace.starts_with(HEADER), "{backend} {flags:?}: {}", traced.trace);
        let ours = table(&traced.trace, backend);
        assert_eq!(ours, reference, "{backend} {flags:?} {command:?}");
    }
}

#[test]
fn calls_and_errors_equal_strace_s_under_both_backends() {
    counts_agree(&["-c"], &[&fixture("fixture-files")]);
    counts_agree(&["-c", "-e", "trace=openat,close,read"], &[&fixture("fixture-files")]);
}

/// `text`'s tables: x86_64's, then one per other personality under its heading (`System call
/// usage summary for 32 bit mode:`), each with its heading ("" for the first).
fn tables(text: &str, who: &str) -> Vec<(String, Table)> {
    let mut parts: Vec<(String, String)> = vec![(String::new(), String::new())];
    for line in text.lines() {
        if line.starts_with("System call usage summary for ") {
            parts.push((line.to_string(), String::new()));
        } else if let Some((_, part)) = parts.last_mut() {
            part.push_str(line);
            part.push('\n');
        }
    }
    parts.into_iter().map(|(heading, part)| (heading, table(&part, who))).collect()
}

/// An i386 or x32 call is counted in its personality's table, after x86_64's, with the same names,
/// calls and errors under eBPF (counted in the kernel) as under ptrace.
#[test]
fn other_personalities_are_counted_alike_under_both_backends() {
    if !is_root() {
        return;
    }
    let program = fixture("fixture-compat");
    for (mode, personalities) in [("calls", 3), ("memory", 2)] {
        let count = |backend: &str| {
            let traced = tracer(backend, &["-c"], &[&program, mode]);
            ok(&traced, backend);
            tables(&traced.trace, backend)
        };
        let ptrace = count("ptrace");
        assert_eq!(ptrace.len(), personalities, "{mode}: {ptrace:?}");
        assert_eq!(ptrace[1].0, "System call usage summary for 32 bit mode:");
        assert_eq!(count("ebpf"), ptrace, "{mode}: eBPF (left) and ptrace (right)");
    }
}

#[test]
fn follow_forks_sums_over_processes_like_strace() {
    counts_agree(&["-f", "-c"], &[&fixture("fixture-forktree")]);
}

#[test]
fn status_filters_do_not_change_the_counts_as_in_strace() {
    // strace -c counts every traced call whatever -Z or -z says; so must each backend.
    let reference = table(&strace(&["-c"], &[&fixture("fixture-files")]).trace, "strace");
    assert!(reference.total.1 > 0, "the fixture makes failing calls: {:?}", reference.total);
    for status in ["-Z", "-z"] {
        let filtered = table(&strace(&["-c", status], &[&fixture("fixture-files")]).trace, "strace");
        assert_eq!(filtered.total, reference.total, "strace {status}");
        for backend in tracer_tests::backends() {
            let ours = tracer(backend, &["-c", status], &[&fixture("fixture-files")]);
            ok(&ours, backend);
            let ours = table(&ours.trace, backend);
            assert_eq!(ours.total, reference.total, "{backend} -c {status}");
            assert_eq!(ours.rows, reference.rows, "{backend} -c {status}");
        }
    }
}

#[test]
fn summary_with_trace_prints_the_trace_then_the_table() {
    let traced = tracer("ptrace", &["-C"], &[&fixture("fixture-files")]);
    ok(&traced, "ptrace -C");
    let reference = strace(&["-C"], &[&fixture("fixture-files")]);
    let before = |text: &str| text.lines().take_while(|l| *l != HEADER).last().map(str::to_string);
    assert_eq!(before(&traced.trace), before(&reference.trace));
    assert_eq!(before(&traced.trace).as_deref(), Some("+++ exited with 7 +++"));
    assert_eq!(table(&traced.trace, "ptrace -C"), table(&reference.trace, "strace -C"));
}

#[test]
fn chosen_columns_percentiles_and_histograms() {
    let flags = ["-c", "-U", "name,calls,errors,p50,p99,max,max-time", "-S", "name", "--hist", "openat"];
    let traced = tracer("ptrace", &flags, &[&fixture("fixture-files")]);
    ok(&traced, "ptrace -U");
    let lines: Vec<&str> = traced.trace.lines().collect();
    let header =
        Regex::new(r"^syscall {10,}calls    errors      p50      p99      max  longest$").expect("regex");
    assert!(header.is_match(lines[0]), "{}", traced.trace);
    let row = Regex::new(r"^(\S+) +\d+ [ \d]{9}( \d+\.\d{6}){4}$").expect("regex");
    let table_end = lines.iter().skip(2).position(|l| l.starts_with("---")).map_or(0, |i| i + 2);
    let names: Vec<&str> = lines[2..table_end]
        .iter()
        .map(|l| {
            assert!(row.is_match(l), "{l:?}");
            l.split(' ').next().unwrap_or_default()
        })
        .collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted, "-S name");
    assert!(lines[table_end + 1].starts_with("total "), "{}", traced.trace);
    let hist = traced.trace.split("\n@ns[openat]: \n").nth(1).unwrap_or_else(|| panic!("{}", traced.trace));
    let bar = Regex::new(r"^\[(\d+[KMG]?, \d+[KMG]?\)|\d\]) +\d+ \|@* *\|$").expect("regex");
    let bars: Vec<&str> = hist.lines().take_while(|l| !l.is_empty()).collect();
    assert!(!bars.is_empty());
    for line in bars {
        assert!(bar.is_match(line), "{line:?}");
        assert_eq!(line.len(), 24 + 2 + 52 + 1, "{line:?}");
    }
}

#[test]
fn ebpf_summary_with_an_interval_ends_with_the_whole_run() {
    if !is_root() {
        return;
    }
    let traced = tracer("ebpf", &["-f", "-c", "--interval", "0.2"], &["sh", "-c", "sleep 0.5; true"]);
    ok(&traced, "ebpf --interval");
    assert!(traced.trace.contains("--- summary of the whole run (0.000 s to "), "{}", traced.trace);
    assert!(traced.trace.starts_with("--- summary of interval 1 (0.000 s to "), "{}", traced.trace);
    let whole = traced.trace.rsplit("--- summary of the whole run").next().unwrap_or_default();
    let whole = table(whole, "ebpf whole run");
    assert_eq!(whole.rows.get("execve").map(|r| r.0), Some(2), "{whole:?}");
}

/// `tracer ARGS` directly: its status and stderr.
fn run(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(tracer_bin())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .output()
        .expect("tracer runs");
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn bad_summary_flags_are_one_line_and_exit_1() {
    let cases: [(&[&str], &str); 8] = [
        (&["-c", "-C"], "-c/--summary-only and -C/--summary are mutually exclusive"),
        (&["-S", "foo"], "invalid sortby: 'foo'"),
        (&["-c", "-U", "foo"], "unknown column name: 'foo'"),
        (&["-c", "-U", "name,,calls"], "unknown column name: ''"),
        (&["-w"], "-w/--summary-wall-clock must be given with (-c/--summary-only or -C/--summary)"),
        (&["-U", "calls"], "-U/--summary-columns must be given with (-c/--summary-only or -C/--summary)"),
        (&["-c", "--interval", "x"], "invalid --interval argument: 'x'"),
        (&["-c", "--hist", "nosuchcall"], "invalid system call 'nosuchcall'"),
    ];
    for (flags, message) in cases {
        let mut args = flags.to_vec();
        args.push("true");
        // strace follows its own flags' errors with its hint; a bad --hist set reads as -e trace=,
        // and --interval is tracer's.
        let hint = if message.starts_with("invalid system call") || message.starts_with("invalid --interval")
        {
            ""
        } else {
            "Try 'tracer -h' for more information.\n"
        };
        let want = tracer_tests::as_invoked(&format!("tracer: {message}\n{hint}"));
        assert_eq!(run(&args), (Some(1), want), "{flags:?}");
    }
}

/// `-O`: the overhead comes off each call's time, in strace's units (us by default); a bad value
/// is strace's one-line error.
#[test]
fn overhead_is_taken_off_each_call_like_strace() {
    let time_of = |text: &str| -> f64 {
        let row = text.lines().find(|l| l.ends_with(" clock_nanosleep")).unwrap_or_default();
        row.split_whitespace().nth(1).and_then(|t| t.parse().ok()).unwrap_or(-1.0)
    };
    let command = ["sleep", "0.2"];
    for backend in tracer_tests::backends() {
        for (overhead, at_most) in [("150ms", 0.1), ("150000", 0.1), ("150000us", 0.1), ("1s", 0.0)] {
            let flags = ["-c", "-w", "-e", "trace=clock_nanosleep", "-O", overhead];
            let ours = tracer(backend, &flags, &command);
            let time = time_of(&ours.trace);
            assert!((0.0..=at_most).contains(&time), "{backend} -O {overhead}: {time}\n{}", ours.trace);
        }
    }
    let reference = strace(&["-c", "-O", "abc"], &["true"]);
    let ours = tracer("ptrace", &["-c", "-O", "abc"], &["true"]);
    assert_eq!(ours.status.code(), reference.status.code());
    assert_eq!(
        ours.stderr,
        tracer_tests::as_invoked(
            &reference.stderr.replace("strace: ", "tracer: ").replace("Try 'strace -h'", "Try 'tracer -h'")
        )
    );
}
