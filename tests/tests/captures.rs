//! Capture parity: fixture-captures (one call per value-result, array, socket-address,
//! socket-option, iovec and msghdr capture mode) under both backends.
//!
//! - The ptrace backend's records cover every mode (non-root too).
//! - With the eBPF probes shadowing the ptrace backend on the same tracee (hidden
//!   `TRACER_DUMP_EBPF_SHADOW`), both copy memory in the same tracee state: their records must be
//!   identical, byte for byte.
//! - The eBPF backend alone (its ring reader and retry merge) gives records of the same shape
//!   (same captures, parts, flags and lengths) as a ptrace run, and the same rendered trace once
//!   what legitimately differs between runs is hidden.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use regex::Regex;
use tracer_tests::{
    first_difference, fixture, from_begin_marker, normalize_trace, require_root, tracer_in, RunIn,
};

/// Capture flags and parts, as in tracer-common's `record::capture_flags` and `capture::part`.
const TRUNCATED: u8 = 1;
const READ_FAULT: u8 = 2;
const MAIN: u16 = 0;
const ELEMENT: u16 = 1;
const NAME: u16 = 0xfff0;
const IOV: u16 = 0xfff1;
const CONTROL: u16 = 0xfff2;

fn dump_path(tag: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("tracer-captures-{}-{tag}-{n}.dump", std::process::id()))
}

/// What one run of the fixture left: the rendered trace and the dumps asked for.
struct Run {
    trace: String,
    records: String,
    shadow: Option<String>,
}

fn run(backend: &str, shadow: bool) -> Run {
    let records_path = dump_path(backend);
    let shadow_path = dump_path("shadow");
    let records_var = records_path.to_string_lossy().into_owned();
    let shadow_var = shadow_path.to_string_lossy().into_owned();
    let mut env = vec![("TRACER_DUMP_RECORDS", records_var.as_str())];
    if shadow {
        env.push(("TRACER_DUMP_EBPF_SHADOW", shadow_var.as_str()));
    }
    let traced =
        tracer_in(RunIn { env: &env, ..RunIn::default() }, backend, &[], &[&fixture("fixture-captures")]);
    assert_eq!(traced.status.code(), Some(0), "tracer --backend {backend}: {}", traced.stderr);
    assert!(traced.stderr.is_empty(), "tracer --backend {backend} complained: {}", traced.stderr);
    let read = |path: &PathBuf| {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let _ = std::fs::remove_file(path);
        text
    };
    let records = read(&records_path);
    assert!(!records.is_empty(), "no records dumped to {}", records_path.display());
    let shadow = shadow.then(|| read(&shadow_path));
    Run { trace: traced.trace, records, shadow }
}

/// One capture line of a dump: `  arg=A part=P flags=0xFF len=N "bytes"`.
#[derive(Debug)]
struct Cap {
    arg: u8,
    part: u16,
    flags: u8,
    len: usize,
}

/// One record of a dump: `enter ... nr=N ...` or `exit ... nr=N ret=R`, then its captures.
#[derive(Debug)]
struct Record {
    exit: bool,
    nr: u64,
    caps: Vec<Cap>,
}

fn parse(dump: &str) -> Vec<Record> {
    static RES: OnceLock<[Regex; 2]> = OnceLock::new();
    let [record_re, cap_re] = RES.get_or_init(|| {
        [
            Regex::new(r"^(enter|exit) pid=\d+ tid=\d+ nr=(\d+)"),
            Regex::new(r"^  arg=(\d+) part=(\d+) flags=0x([0-9a-f]+) len=(\d+) "),
        ]
        .map(|re| re.expect("valid regex"))
    });
    let mut records: Vec<Record> = Vec::new();
    for line in dump.lines() {
        if let Some(c) = record_re.captures(line) {
            records.push(Record { exit: &c[1] == "exit", nr: c[2].parse().expect("nr"), caps: Vec::new() });
        } else if let Some(c) = cap_re.captures(line) {
            let cap = Cap {
                arg: c[1].parse().expect("arg"),
                part: c[2].parse().expect("part"),
                flags: u8::from_str_radix(&c[3], 16).expect("flags"),
                len: c[4].parse().expect("len"),
            };
            records.last_mut().expect("a capture follows its record").caps.push(cap);
        } else {
            panic!("unexpected dump line: {line:?}");
        }
    }
    records
}

/// The dump from the record that opens the begin marker on.
fn from_marker(dump: &str) -> Vec<String> {
    let lines: Vec<&str> = dump.lines().collect();
    let marker = lines.iter().position(|l| l.contains("\"/tracer-fixture-begin\"")).expect("begin marker");
    // The marker's capture line follows its `enter` line.
    lines[marker.saturating_sub(1)..].iter().map(|l| (*l).to_owned()).collect()
}

/// A dump line without what differs between two runs of the fixture: pids, argument values,
/// return values and captured bytes (ports, rusage, addresses).
fn shape(line: &str) -> String {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r#"pid=\d+ tid=\d+ |args=\[.*\]|ret=-?\d+|"(?:[^"\\]|\\.)*"$"#).expect("valid regex")
    });
    re.replace_all(line, "").into_owned()
}

/// A rendered line without what differs between two runs even once decoded: ports, and the
/// numbers of wait4's rusage and sysinfo's counters.
fn steady(line: &str) -> String {
    static RES: OnceLock<[Regex; 2]> = OnceLock::new();
    let [port, digits] = RES
        .get_or_init(|| [Regex::new(r"htons\(\d+\)"), Regex::new(r"\d+")].map(|re| re.expect("valid regex")));
    // wait4's and SIGCHLD's child pids and times vary from run to run.
    if line.starts_with("wait4(") || line.starts_with("sysinfo(") || line.starts_with("--- SIGCHLD ") {
        return digits.replace_all(line, "N").into_owned();
    }
    port.replace_all(line, "htons(PORT)").into_owned()
}

/// One expected capture: in a record of syscall `nr` (at exit or entry), for argument `arg`,
/// part `part`, with `flags` set (all of them; 0: no flag at all) and, if given, `len` bytes.
struct Expect {
    what: &'static str,
    nr: u64,
    exit: bool,
    arg: u8,
    part: u16,
    flags: u8,
    len: Option<usize>,
}

const fn entry(what: &'static str, nr: u64, arg: u8, part: u16, flags: u8, len: Option<usize>) -> Expect {
    Expect { what, nr, exit: false, arg, part, flags, len }
}

const fn exit(what: &'static str, nr: u64, arg: u8, part: u16, flags: u8, len: Option<usize>) -> Expect {
    Expect { what, nr, exit: true, arg, part, flags, len }
}

/// Every mode the fixture exercises, with the syscall numbers of x86_64.
const EXPECTED: &[Expect] = &[
    exit("pipe2's fd pair", 293, 0, MAIN, 0, Some(8)),
    exit("pipe's fd pair", 22, 0, MAIN, 0, Some(8)),
    entry("poll's pollfds at entry", 7, 0, MAIN, 0, Some(24)),
    exit("poll's pollfds at exit", 7, 0, MAIN, 0, Some(24)),
    entry("poll's bad pollfds", 7, 0, MAIN, READ_FAULT, Some(0)),
    entry("ioctl's argument at entry", 16, 2, MAIN, 0, Some(1280)),
    exit("ioctl's argument after success", 16, 2, MAIN, 0, Some(1280)),
    exit("readv's iovecs", 19, 1, MAIN, 0, Some(48)),
    exit("readv's first element", 19, 1, ELEMENT, 0, Some(2)),
    exit("readv's second element, cut at the returned bytes", 19, 1, ELEMENT + 1, 0, Some(2)),
    exit("readv of a longer buffer", 19, 1, ELEMENT, TRUNCATED, Some(33)),
    entry("writev's iovecs", 20, 1, MAIN, 0, Some(48)),
    entry("writev's first element", 20, 1, ELEMENT, 0, Some(6)),
    entry("writev's long element", 20, 1, ELEMENT + 2, TRUNCATED, Some(33)),
    entry("writev's element from untouched memory", 20, 1, ELEMENT, 0, Some(8)),
    entry("writev's bad iovecs", 20, 1, MAIN, READ_FAULT, Some(0)),
    entry("writev's bad element", 20, 1, ELEMENT, READ_FAULT, Some(0)),
    exit("socketpair's fds", 53, 3, MAIN, 0, Some(8)),
    entry("sendmsg's msghdr", 46, 1, MAIN, 0, Some(56)),
    entry("sendmsg's iovecs", 46, 1, IOV, 0, Some(32)),
    entry("sendmsg's second element", 46, 1, ELEMENT + 1, 0, Some(5)),
    entry("sendmsg's SCM_RIGHTS", 46, 1, CONTROL, 0, Some(24)),
    entry("sendmsg's name", 46, 1, NAME, 0, Some(16)),
    entry("sendmsg's bad msghdr", 46, 1, MAIN, READ_FAULT, Some(0)),
    entry("recvmsg's msghdr at entry", 47, 1, MAIN, 0, Some(56)),
    entry("recvmsg's bad msghdr", 47, 1, MAIN, READ_FAULT, Some(0)),
    exit("recvmsg's msghdr at exit", 47, 1, MAIN, 0, Some(56)),
    exit("recvmsg's iovecs", 47, 1, IOV, 0, Some(32)),
    exit("recvmsg's second element", 47, 1, ELEMENT + 1, 0, Some(3)),
    exit("recvmsg's SCM_RIGHTS", 47, 1, CONTROL, 0, Some(24)),
    exit("recvmsg's name", 47, 1, NAME, 0, Some(16)),
    entry("bind's address", 49, 1, MAIN, 0, Some(16)),
    entry("connect's address", 42, 1, MAIN, 0, Some(16)),
    entry("connect's bad address", 42, 1, MAIN, READ_FAULT, Some(0)),
    entry("sendto's address", 44, 4, MAIN, 0, Some(16)),
    entry("sendto's bad address", 44, 4, MAIN, READ_FAULT, Some(0)),
    entry("recvfrom's address length at entry", 45, 5, MAIN, 0, Some(4)),
    exit("recvfrom's address", 45, 4, MAIN, 0, Some(16)),
    exit("recvfrom's address length at exit", 45, 5, MAIN, 0, Some(4)),
    entry("getsockname's length at entry", 51, 2, MAIN, 0, Some(4)),
    exit("getsockname's address", 51, 1, MAIN, 0, Some(16)),
    exit("getsockname's length at exit", 51, 2, MAIN, 0, Some(4)),
    exit("accept's address", 43, 1, MAIN, 0, Some(16)),
    exit("accept's length", 43, 2, MAIN, 0, Some(4)),
    exit("getpeername's address", 52, 1, MAIN, 0, Some(16)),
    entry("setsockopt's value", 54, 3, MAIN, 0, Some(4)),
    entry("getsockopt's length at entry", 55, 4, MAIN, 0, Some(4)),
    exit("getsockopt's value", 55, 3, MAIN, 0, Some(4)),
    exit("getsockopt's length at exit", 55, 4, MAIN, 0, Some(4)),
    entry("epoll_ctl's event", 233, 3, MAIN, 0, Some(12)),
    exit("epoll_wait's one event", 232, 1, MAIN, 0, Some(12)),
    exit("epoll_wait's no event", 232, 1, MAIN, 0, Some(0)),
    exit("wait4's status", 61, 1, MAIN, 0, Some(4)),
    exit("wait4's rusage", 61, 3, MAIN, 0, Some(144)),
    exit("sysinfo", 99, 0, MAIN, 0, Some(112)),
    exit("getgroups' list", 115, 1, MAIN, 0, None),
    exit("sched_getaffinity's mask", 204, 2, MAIN, 0, None),
    entry("sched_setaffinity's mask", 203, 2, MAIN, 0, None),
];

fn assert_covers_every_mode(dump: &str) {
    let records = parse(&from_marker(dump).join("\n"));
    let missing: Vec<&str> = EXPECTED
        .iter()
        .filter(|e| {
            !records.iter().filter(|r| r.nr == e.nr && r.exit == e.exit).any(|r| {
                r.caps.iter().any(|c| {
                    c.arg == e.arg
                        && c.part == e.part
                        && (c.flags == e.flags || (e.flags != 0 && c.flags & e.flags == e.flags))
                        && e.len.is_none_or(|len| c.len == len)
                })
            })
        })
        .map(|e| e.what)
        .collect();
    assert!(missing.is_empty(), "captures missing from the dump: {missing:?}\n{dump}");
    // Elements past readv's returned bytes have no part; NULL iov_base has none either.
    let first_readv = records.iter().find(|r| r.nr == 19 && r.exit).expect("a readv exit");
    assert!(!first_readv.caps.iter().any(|c| c.part == ELEMENT + 2), "{first_readv:?}");
    let first_writev = records.iter().find(|r| r.nr == 20 && !r.exit).expect("a writev entry");
    assert!(!first_writev.caps.iter().any(|c| c.part == ELEMENT + 1), "{first_writev:?}");
    // A failed call has no exit captures.
    let tcgets_exit = records.iter().filter(|r| r.nr == 16 && r.exit).nth(1).expect("the TCGETS exit");
    assert!(tcgets_exit.caps.is_empty(), "{tcgets_exit:?}");
}

fn assert_same(what: &str, left: &[String], right: &[String]) {
    if let Some(diff) = first_difference(left, right) {
        panic!("{what}: {diff}");
    }
}

#[test]
fn ptrace_records_cover_every_capture_mode() {
    let ptrace = run("ptrace", false);
    assert_covers_every_mode(&ptrace.records);
}

#[test]
fn ebpf_shadowing_ptrace_copies_the_very_same_bytes() {
    require_root!();
    let run = run("ptrace", true);
    let shadow = run.shadow.expect("asked for");
    assert!(!shadow.contains("lost "), "the shadow lost records:\n{shadow}");
    assert_covers_every_mode(&shadow);
    let ptrace: Vec<String> = run.records.lines().map(str::to_owned).collect();
    let ebpf: Vec<String> = shadow.lines().map(str::to_owned).collect();
    assert_same("ptrace records vs eBPF records of the same tracee", &ptrace, &ebpf);
}

#[test]
fn ebpf_backend_records_have_the_shape_of_ptrace_records() {
    require_root!();
    let ptrace = run("ptrace", false);
    let ebpf = run("ebpf", false);
    assert_covers_every_mode(&ebpf.records);
    let shape_of = |dump: &str| from_marker(dump).iter().map(|l| shape(l)).collect::<Vec<_>>();
    assert_same("ptrace vs eBPF record shapes", &shape_of(&ptrace.records), &shape_of(&ebpf.records));
}

#[test]
fn both_backends_render_the_fixture_alike() {
    require_root!();
    let ptrace = run("ptrace", false);
    let ebpf = run("ebpf", false);
    let lines = |trace: &str| {
        from_begin_marker(&normalize_trace(trace).join("\n")).iter().map(|l| steady(l)).collect::<Vec<_>>()
    };
    assert_same("ptrace vs eBPF rendered traces", &lines(&ptrace.trace), &lines(&ebpf.trace));
}

#[test]
fn run_to_run_noise_is_hidden_and_nothing_else() {
    assert_eq!(
        shape(r#"enter pid=5 tid=5 nr=20 args=[0x4,0x7ff0,0x3,0x0,0x0,0x0]"#),
        "enter nr=20 ",
        "argument values go"
    );
    assert_eq!(shape(r#"  arg=1 part=1 flags=0x01 len=3 "a\"b""#), "  arg=1 part=1 flags=0x01 len=3 ");
    assert_eq!(shape("exit pid=5 tid=5 nr=61 ret=123"), "exit nr=61 ");
    assert_eq!(
        steady(
            "bind(3, {sa_family=AF_INET, sin_port=htons(4242), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0"
        ),
        "bind(3, {sa_family=AF_INET, sin_port=htons(PORT), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0"
    );
    assert_eq!(
        steady("sysinfo({uptime=12, loads=[1, 2, 3]}) = 0"),
        "sysinfo({uptime=N, loads=[N, N, N]}) = N"
    );
    assert_eq!(steady("close(3) = 0"), "close(3) = 0");
}
