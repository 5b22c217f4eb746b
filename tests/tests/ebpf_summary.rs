//! The eBPF backend's summary-only mode (`-c`): the kernel counts calls, errors and
//! latencies per syscall and no per-syscall record crosses the ring buffer. The counts must be
//! the ones the ptrace backend's records give for the same program.
//!
//! The mode is `--backend ebpf -c`. tracer's hidden test hook `TRACER_DUMP_KERNEL_SUMMARY=1` (see
//! `tracer-cli/src/backend/ebpf/kernel_summary.rs`) writes each delivery of the kernel's totals to
//! stderr (`kernel-summary`, then `NR CALLS ERRORS` lines) and, at the end, `ring-records total=N
//! syscall=M`: the records read from the ring buffer, and how many were syscall records.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tracer_tests::{fixture, require_root, tracer_bin, tracer_in, RunIn};

/// Calls and errors per syscall number.
type Counts = BTreeMap<u64, (u64, u64)>;

const NR_WRITE: u64 = 1;
const NR_EXECVE: u64 = 59;
const NR_CLOCK_NANOSLEEP: u64 = 230;
const NR_CLONE3: u64 = 435;
const NR_GETPPID: u64 = 110;
const NR_OPENAT: u64 = 257;
const NR_EXIT_GROUP: u64 = 231;

/// The kernel's totals blocks in tracer's stderr, in order.
fn summaries(stderr: &str) -> Vec<Counts> {
    let mut blocks = Vec::new();
    for line in stderr.lines() {
        if line == "kernel-summary" {
            blocks.push(Counts::new());
            continue;
        }
        let Some(block) = blocks.last_mut() else { continue };
        let fields: Vec<u64> = line.split(' ').filter_map(|f| f.parse().ok()).collect();
        if let [nr, calls, errors] = fields[..] {
            block.insert(nr, (calls, errors));
        }
    }
    blocks
}

/// `(total, syscall)` from the `ring-records` line.
fn ring_records(stderr: &str) -> Option<(u64, u64)> {
    let line = stderr.lines().find_map(|l| l.strip_prefix("ring-records "))?;
    let mut values = line.split(' ').filter_map(|kv| kv.split_once('=')?.1.parse().ok());
    Some((values.next()?, values.next()?))
}

/// Counts from a `TRACER_DUMP_RECORDS` file: one call per `exit` record, an error when it
/// returned -4095..=-1.
fn counts_from_records(dump: &str) -> Counts {
    let mut counts = Counts::new();
    for line in dump.lines().filter(|l| l.starts_with("exit ")) {
        let field = |name: &str| {
            line.split(' ').find_map(|f| f.strip_prefix(name)).and_then(|v| v.parse::<i64>().ok())
        };
        let (Some(nr), Some(ret)) = (field("nr="), field("ret=")) else { continue };
        let entry = counts.entry(nr as u64).or_default();
        entry.0 += 1;
        entry.1 += u64::from((-4095..=-1).contains(&ret));
    }
    counts
}

fn temp(tag: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("tracer-ebpf-summary-{}-{tag}", std::process::id()))
}

/// The ptrace backend's counts for `command` with `extra` flags, from its records.
fn ptrace_counts(extra: &[&str], command: &[&str], tag: &str) -> Counts {
    let dump = temp(tag);
    let dump_var = dump.to_string_lossy().into_owned();
    let env = [("TRACER_DUMP_RECORDS", dump_var.as_str())];
    let traced = tracer_in(RunIn { env: &env, ..RunIn::default() }, "ptrace", extra, command);
    let text = std::fs::read_to_string(&dump).unwrap_or_default();
    let _ = std::fs::remove_file(&dump);
    assert!(!text.is_empty(), "no records dumped by ptrace; stderr:\n{}", traced.stderr);
    counts_from_records(&text)
}

/// The eBPF backend in summary-only mode: its final totals, its ring counts, the trace, the run.
fn kernel_counts(extra: &[&str], command: &[&str]) -> (Counts, (u64, u64), tracer_tests::Traced) {
    let env = [("TRACER_DUMP_KERNEL_SUMMARY", "1")];
    let args: Vec<&str> = ["-c"].iter().chain(extra).copied().collect();
    let traced = tracer_in(RunIn { env: &env, ..RunIn::default() }, "ebpf", &args, command);
    let blocks = summaries(&traced.stderr);
    assert_eq!(blocks.len(), 1, "one delivery at the end, without --interval; stderr:\n{}", traced.stderr);
    let ring = ring_records(&traced.stderr).expect("a ring-records line");
    (blocks.into_iter().next().unwrap_or_default(), ring, traced)
}

#[test]
fn kernel_counts_equal_the_ptrace_records() {
    require_root!();
    let command = [fixture("fixture-files")];
    let command: Vec<&str> = command.iter().map(String::as_str).collect();
    let expected = ptrace_counts(&[], &command, "files");
    let (counts, (_, syscall_records), traced) = kernel_counts(&[], &command);
    assert_eq!(traced.status.code(), Some(7), "the command's status; stderr:\n{}", traced.stderr);
    assert_eq!(syscall_records, 0, "no syscall record crossed the ring");
    assert_eq!(counts, expected, "kernel counts (left) vs ptrace records (right)");
    // The table -c prints from them: the calls and errors columns of the ptrace backend's -c.
    let table = strace_table(&traced.trace);
    let ptrace_table = strace_table(&tracer_tests::tracer("ptrace", &["-c"], &command).trace);
    assert!(table.contains_key("total"), "a -c table:\n{}", traced.trace);
    assert_eq!(table, ptrace_table, "calls and errors: eBPF -c (left), ptrace -c (right)");
    // The fixture's own calls: 5 opens, 1 of them failing (and the loader's, more with cargo's
    // LD_LIBRARY_PATH); exit_group is never counted.
    assert!(counts.get(&NR_OPENAT).is_some_and(|&(calls, errors)| calls >= 5 && errors >= 1));
    assert!(!counts.contains_key(&NR_EXIT_GROUP));
}

/// `strace -c`'s table: calls and errors per syscall name (the `total` row included).
fn strace_table(table: &str) -> BTreeMap<String, (u64, u64)> {
    let mut rows = BTreeMap::new();
    for line in table.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (name, numbers) = match fields.split_last() {
            Some((name, numbers)) if numbers.len() >= 4 => (name, numbers),
            _ => continue,
        };
        let (Ok(calls), errors) = (numbers[3].parse::<u64>(), numbers.get(4).map_or(Ok(0), |e| e.parse()))
        else {
            continue;
        };
        if let Ok(errors) = errors {
            rows.insert((*name).to_owned(), (calls, errors));
        }
    }
    rows
}

#[test]
fn kernel_counts_agree_with_strace_c() {
    require_root!();
    if Command::new("strace").arg("-V").output().is_err() {
        tracer_tests::skip(tracer_tests::Skip::Environment, "strace is not installed");
        return;
    }
    let command = [fixture("fixture-files")];
    let command: Vec<&str> = command.iter().map(String::as_str).collect();
    let table = strace_table(&tracer_tests::strace(&["-c"], &command).trace);
    let (counts, _, _) = kernel_counts(&[], &command);
    let calls: u64 = counts.values().map(|c| c.0).sum();
    let errors: u64 = counts.values().map(|c| c.1).sum();
    assert_eq!(table.get("total"), Some(&(calls, errors)), "strace -c's total row; ours: {counts:?}");
    for (name, nr) in [("read", 0), ("write", NR_WRITE), ("close", 3), ("mmap", 9), ("openat", NR_OPENAT)] {
        assert_eq!(table.get(name), counts.get(&nr), "{name}: strace -c (left), kernel (right)");
    }
}

#[test]
fn trace_sets_limit_what_is_counted() {
    require_root!();
    let command = [fixture("fixture-files")];
    let command: Vec<&str> = command.iter().map(String::as_str).collect();
    let flags = ["-e", "trace=openat,close,read"];
    let set = [0, 3, NR_OPENAT];
    // The ptrace backend's records are all of them (it filters later): keep the set's.
    let mut expected = ptrace_counts(&flags, &command, "files-set");
    expected.retain(|nr, _| set.contains(nr));
    let (counts, (_, syscall_records), _) = kernel_counts(&flags, &command);
    assert_eq!(syscall_records, 0);
    assert_eq!(counts, expected, "kernel counts (left) vs ptrace records (right)");
    assert_eq!(counts.len(), set.len(), "the set, and only it: {counts:?}");
}

#[test]
fn followed_children_and_threads_are_counted() {
    require_root!();
    // A process tree (fork, vfork + exec, clone3): every call of every process.
    let command = [fixture("fixture-forktree")];
    let command: Vec<&str> = command.iter().map(String::as_str).collect();
    let expected = ptrace_counts(&["-f"], &command, "forktree");
    let (counts, (records, syscall_records), traced) = kernel_counts(&["-f"], &command);
    assert_eq!(traced.status.code(), Some(0), "stderr:\n{}", traced.stderr);
    assert_eq!(syscall_records, 0);
    assert!(records > 0, "the lifecycle records still come");
    assert_eq!(counts, expected, "kernel counts (left) vs ptrace records (right)");

    // 64 threads of 100 getppid each (their futex, mmap and malloc arena calls depend on timing:
    // not compared).
    let command = [fixture("fixture-threads")];
    let command: Vec<&str> = command.iter().map(String::as_str).collect();
    let (counts, (_, syscall_records), _) = kernel_counts(&["-f"], &command);
    assert_eq!(syscall_records, 0);
    assert_eq!(counts.get(&NR_GETPPID), Some(&(6400, 0)));
    assert_eq!(counts.get(&NR_CLONE3), Some(&(64, 0)));

    // A thread execs while the main thread is in a write: the execve returns on the leader's tid
    // (counted once per execve), and the main thread's write, ended by the exec's SIGKILL even
    // when it wrote, has no exit under ptrace: not counted either.
    let command = [fixture("fixture-threads"), "exec".to_owned()];
    let command: Vec<&str> = command.iter().map(String::as_str).collect();
    let expected = ptrace_counts(&["-f"], &command, "threads-exec");
    let (counts, (_, syscall_records), _) = kernel_counts(&["-f"], &command);
    assert_eq!(syscall_records, 0);
    assert_eq!(counts.get(&NR_EXECVE), Some(&(2, 0)));
    assert_eq!(counts.get(&NR_WRITE), expected.get(&NR_WRITE), "{counts:?} vs {expected:?}");
}

#[test]
fn intervals_deliver_growing_totals_until_detach() {
    require_root!();
    let mut target = Command::new(fixture("fixture-loop"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("fixture-loop runs");
    let mut out = BufReader::new(target.stdout.take().expect("stdout"));
    let mut pid = String::new();
    out.read_line(&mut pid).expect("the fixture's pid");
    // Keep its pipe drained (it writes a dot per round).
    let drain = std::thread::spawn(move || {
        let mut sink = Vec::new();
        let _ = out.read_to_end(&mut sink);
    });
    let mut tracer = Command::new(tracer_bin())
        .args(["--backend", "ebpf", "-c", "--interval", "0.2", "-o", "/dev/null", "-p", pid.trim()])
        .env("TRACER_DUMP_KERNEL_SUMMARY", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tracer runs");
    let mut err = tracer.stderr.take().expect("stderr");
    // Read stderr on a thread; stop the tracer once three interval blocks came.
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = err.read(&mut buf) {
            if n == 0 {
                break;
            }
            text.push_str(&String::from_utf8_lossy(&buf[..n]));
            let _ = tx.send(text.clone());
        }
        text
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(text) if text.matches("kernel-summary").count() >= 3 => break,
            _ => {}
        }
    }
    // SAFETY: a signal to our own child.
    unsafe { libc::kill(tracer.id() as i32, libc::SIGINT) };
    let status = tracer.wait().expect("tracer ends");
    let stderr = reader.join().expect("stderr reader");
    let _ = target.kill();
    let _ = target.wait();
    let _ = drain.join();

    assert_eq!(status.code(), None, "tracer dies of SIGINT, as strace; stderr:\n{stderr}");
    let blocks = summaries(&stderr);
    assert!(blocks.len() >= 4, "three interval deliveries and the final one:\n{stderr}");
    let detached = stderr.find("detached").expect("the detach message");
    let last = stderr.rfind("kernel-summary").expect("a final block");
    assert!(last > detached, "the final totals come after the detach:\n{stderr}");
    // Cumulative: every count only grows; the loop's three calls keep being counted.
    for pair in blocks.windows(2) {
        for (nr, &(calls, _)) in &pair[0] {
            let later = pair[1].get(nr).map_or(0, |c| c.0);
            assert!(later >= calls, "syscall {nr} went from {calls} to {later} calls:\n{stderr}");
        }
    }
    let last = blocks.last().expect("blocks");
    for nr in [NR_GETPPID, NR_WRITE, NR_CLOCK_NANOSLEEP] {
        assert!(last.get(&nr).is_some_and(|c| c.0 >= 5 && c.1 == 0), "syscall {nr}: {last:?}");
    }
    assert_eq!(ring_records(&stderr).map(|r| r.1), Some(0), "no syscall record crossed the ring");
}

#[test]
fn parsing_the_hooks_output() {
    let text = "x\nkernel-summary\n0 3 1\n257 9 3\nkernel-summary\n1 2 0\nring-records total=4 syscall=0\n";
    let blocks = summaries(text);
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[0].get(&257), Some(&(9, 3)));
    assert_eq!(blocks[1].get(&1), Some(&(2, 0)));
    assert_eq!(ring_records(text), Some((4, 0)));
    let dump =
        "enter pid=1 tid=1 nr=257 args=[0x0]\nexit pid=1 tid=1 nr=257 ret=-2\nexit pid=1 tid=1 nr=0 ret=5\n";
    let counts = counts_from_records(dump);
    assert_eq!(counts.get(&257), Some(&(1, 1)));
    assert_eq!(counts.get(&0), Some(&(1, 0)));
    let table = "% time     seconds  usecs/call     calls    errors syscall\n\
                 ------ ----------- ----------- --------- --------- ----------------\n  \
                 0.00    0.000000           0         6           read\n  \
                 0.00    0.000000           0         9         3 openat\n\
                 100.00    0.000000           0        15         3 total\n";
    let rows = strace_table(table);
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(rows.get("read"), Some(&(6, 0)));
    assert_eq!(rows.get("openat"), Some(&(9, 3)));
    assert_eq!(rows.get("total"), Some(&(15, 3)));
}
