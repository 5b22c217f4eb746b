//! Load with exactly known counts (tests/src/bin/fixture-storm.rs): process storms of getppid, many
//! threads, a fork/exec storm, and the eBPF ring overrun on purpose. Nothing may be lost silently:
//! every count is exact, or what is missing is reported as lost (`tracer: N records lost` on
//! stderr, `{"type":"lost"}` in `--json`).
//!
//! CI runs the small versions (seconds). `cargo xtask stress` runs the `#[ignore]`d full-size ones
//! (`--ignored --nocapture`) and prints their figures: 1,000,000 getppid calls from 16 processes
//! counted by `--backend ebpf -f -c`, 100,000 by ptrace, 64 threads, 2,000 fork+execs, the ring
//! overrun.

use std::process::{Command, Stdio};
use std::time::Instant;

use tracer_tests::{fixture, is_root, tracer_bin};

/// A finished run: exit code, the trace file's text, stderr, and its wall time.
struct Run {
    code: Option<i32>,
    trace: String,
    stderr: String,
    secs: f64,
}

fn run_tracer(backend: &str, extra: &[&str], args: &[&str]) -> Run {
    let path = std::env::temp_dir().join(format!(
        "tracer-stress-{}-{backend}-{}",
        std::process::id(),
        args.join("-")
    ));
    let start = Instant::now();
    let out = Command::new(tracer_bin())
        .args(["--backend", backend, "-o"])
        .arg(&path)
        .args(extra)
        .arg("--")
        .arg(fixture("fixture-storm"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .output()
        .expect("tracer runs");
    let secs = start.elapsed().as_secs_f64();
    let trace = std::fs::read_to_string(&path).unwrap_or_default();
    let _ = std::fs::remove_file(&path);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    Run { code: out.status.code(), trace, stderr, secs }
}

/// The `calls` column of `name`'s row in a `-c` table (0 when it has no row).
fn summary_calls(table: &str, name: &str) -> u64 {
    table
        .lines()
        .find_map(|line| {
            let cols: Vec<&str> = line.split_whitespace().collect();
            (cols.last() == Some(&name) && cols.len() >= 5).then(|| cols[3].parse().ok()).flatten()
        })
        .unwrap_or(0)
}

/// Lines of a `-f -o` trace that are complete calls of `name` (pid column taken off).
fn calls_in_trace(trace: &str, name: &str, result: &str) -> u64 {
    let prefix = format!("{name}(");
    let resumed = format!("<... {name} resumed>");
    let count = trace
        .lines()
        .map(|l| l.trim_start_matches(|c: char| c.is_ascii_digit()).trim_start())
        .filter(|l| (l.starts_with(&prefix) && !l.ends_with("<unfinished ...>")) || l.starts_with(&resumed))
        .filter(|l| l.ends_with(result))
        .count();
    u64::try_from(count).unwrap_or(u64::MAX)
}

/// `tracer: N records lost` on stderr (0 when not said).
fn lost_on_stderr(stderr: &str) -> u64 {
    stderr
        .lines()
        .filter_map(|l| {
            l.strip_prefix(&tracer_tests::as_invoked("tracer: "))?
                .split_once(" records lost")?
                .0
                .parse::<u64>()
                .ok()
        })
        .sum()
}

fn storm_counted_by_summary(backend: &str, procs: u64, total: u64) {
    let (p, t) = (procs.to_string(), total.to_string());
    let run = run_tracer(backend, &["-f", "-c"], &["getppid", &p, &t]);
    assert_eq!(run.code, Some(0), "{backend}: {}", run.stderr);
    let counted = summary_calls(&run.trace, "getppid");
    println!(
        "storm {backend} -f -c: {procs} processes, {total} getppid: counted {counted}, lost {} ({:.2} s)",
        lost_on_stderr(&run.stderr),
        run.secs
    );
    assert_eq!(counted, total, "{backend}: table\n{}\nstderr {}", run.trace, run.stderr);
    assert_eq!(lost_on_stderr(&run.stderr), 0, "{}", run.stderr);
}

fn storm_traced_line_by_line(backend: &str, procs: u64, total: u64) {
    let (p, t) = (procs.to_string(), total.to_string());
    let run = run_tracer(backend, &["-f"], &["getppid", &p, &t]);
    assert_eq!(run.code, Some(0), "{backend}: {}", run.stderr);
    let seen = calls_in_trace(&run.trace, "getppid", "");
    let lost = lost_on_stderr(&run.stderr);
    println!(
        "storm {backend} -f: {procs} processes, {total} getppid: {seen} lines, {lost} records lost ({:.2} s)",
        run.secs
    );
    // What README says of it: every call seen, none lost (the ptrace backend cannot lose one; the
    // eBPF reader runs at nice -10, so a storm waits for it rather than overrunning the ring).
    assert_eq!(lost, 0, "{backend}: {}", run.stderr);
    assert_eq!(seen, total, "{backend}: {}", run.stderr);
}

fn threads(backend: &str, count: u64, calls: u64) {
    let (n, c) = (count.to_string(), calls.to_string());
    let run = run_tracer(backend, &["-f", "-c"], &["threads", &n, &c]);
    assert_eq!(run.code, Some(0), "{backend}: {}", run.stderr);
    let (getppid, getuid, write) = (
        summary_calls(&run.trace, "getppid"),
        summary_calls(&run.trace, "getuid"),
        summary_calls(&run.trace, "write"),
    );
    println!(
        "threads {backend} -f -c: {count} threads x {calls}: getppid {getppid}, getuid {getuid}, write {write} ({:.2} s)",
        run.secs
    );
    assert_eq!(getppid, count * calls, "{}", run.trace);
    assert_eq!(getuid, count * calls.div_ceil(8), "{}", run.trace);
    assert_eq!(write, count * calls.div_ceil(8), "{}", run.trace);
    assert_eq!(summary_calls(&run.trace, "clone3") + summary_calls(&run.trace, "clone"), count);
}

fn forkexec(backend: &str, lanes: u64, total: u64) {
    let (l, t) = (lanes.to_string(), total.to_string());
    let run = run_tracer(backend, &["-f", "-e", "trace=execve,getppid"], &["forkexec", &l, &t]);
    assert_eq!(run.code, Some(0), "{backend}: {}", run.stderr);
    let execs = calls_in_trace(&run.trace, "execve", " = 0");
    let getppid = calls_in_trace(&run.trace, "getppid", "");
    let exits = run.trace.lines().filter(|l| l.ends_with("+++ exited with 0 +++")).count();
    println!(
        "forkexec {backend} -f: {total} children in {lanes} lanes: {execs} execve, {getppid} getppid, {exits} exits ({:.2} s)",
        run.secs
    );
    // The first execve is the fixture's own.
    assert_eq!(execs, total + 1, "{backend}: {}", run.stderr);
    assert_eq!(getppid, total);
    assert_eq!(u64::try_from(exits).unwrap_or(0), total + lanes + 1);
}

/// The syscall records a storm of `total` getppid makes: two per getppid (entry and exit), plus
/// what the rest of the program makes whatever `total` is, measured by a ptrace `-f -c` run of
/// the same storm with one call per process (an entry and an exit per call, an entry alone for
/// each exit_group, which never returns).
fn storm_records(procs: u64, total: u64) -> u64 {
    let p = procs.to_string();
    let run = run_tracer("ptrace", &["-f", "-c"], &["getppid", &p, &p]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let records = 2 * summary_calls(&run.trace, "total") - summary_calls(&run.trace, "exit_group");
    records - 2 * procs + 2 * total
}

/// Overrun the ring with a full eBPF trace of a storm: the syscall records tracer received (the
/// `TRACER_DUMP_RECORDS` debugging aid writes each one down) plus the records it says were lost
/// equal the records the storm made (up to the fork/exit records, which can be lost too), the
/// loss is said on stderr and in JSON; returns (calls seen, records lost).
fn overrun(procs: u64, total: u64) -> (u64, u64) {
    let (p, t) = (procs.to_string(), total.to_string());
    let truth = storm_records(procs, total);
    let dump = std::env::temp_dir().join(format!("tracer-stress-{}-{total}-records", std::process::id()));
    let text = {
        let path = std::env::temp_dir().join(format!("tracer-stress-{}-{total}-overrun", std::process::id()));
        let out = Command::new(tracer_bin())
            .args(["--backend", "ebpf", "-f", "-o"])
            .arg(&path)
            .args(["--", &fixture("fixture-storm"), "getppid", &p, &t])
            .env("TRACER_DUMP_RECORDS", &dump)
            // A 64 KiB ring (the test hook): it overruns whatever the machine's speed.
            .env("TRACER_RING_BYTES", "65536")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .output()
            .expect("tracer runs");
        let trace = std::fs::read_to_string(&path).unwrap_or_default();
        let _ = std::fs::remove_file(&path);
        Run {
            code: out.status.code(),
            trace,
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            secs: 0.0,
        }
    };
    let received = std::fs::read_to_string(&dump)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.starts_with("enter ") || l.starts_with("exit "))
        .count();
    let _ = std::fs::remove_file(&dump);
    let received = u64::try_from(received).unwrap_or(0);
    let json = run_tracer("ebpf", &["-f", "--json"], &["getppid", &p, &t]);
    assert_eq!(text.code, Some(0), "{}", text.stderr);
    assert_eq!(json.code, Some(0), "{}", json.stderr);
    let seen = calls_in_trace(&text.trace, "getppid", "");
    let lost = lost_on_stderr(&text.stderr);
    let objects: Vec<serde_json::Value> =
        json.trace.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    let json_seen = objects.iter().filter(|o| o["type"] == "syscall" && o["name"] == "getppid").count();
    let json_lost: u64 =
        objects.iter().filter(|o| o["type"] == "lost").filter_map(|o| o["count"].as_u64()).sum();
    let json_lost_stderr = lost_on_stderr(&json.stderr);
    println!(
        "overrun ebpf -f: {total} getppid ({truth} syscall records): text {seen} calls shown, {received} records \
         received + {lost} lost = {}; json {json_seen} calls + {json_lost} lost in objects ({json_lost_stderr} on stderr)",
        received + lost
    );
    assert_eq!(json_lost, json_lost_stderr, "the JSON's lost objects and stderr disagree");
    // Fork, exec and exit records (two per process and a few) are among the lost too, and the
    // baseline's own calls vary by a few between runs (measured: within 50 records).
    let slack = 2 * procs + 32;
    assert!(
        received + lost + slack >= truth && received + lost <= truth + slack,
        "received {received} + lost {lost} != {truth} records made (slack {slack})"
    );
    (seen, lost)
}

#[test]
fn ci_storm_counted_exactly() {
    storm_counted_by_summary("ptrace", 4, 4_000);
    storm_traced_line_by_line("ptrace", 4, 2_000);
    if is_root() {
        storm_counted_by_summary("ebpf", 16, 100_000);
        storm_traced_line_by_line("ebpf", 4, 2_000);
    }
}

#[test]
fn ci_threads_counted_exactly() {
    threads("ptrace", 16, 200);
    if is_root() {
        threads("ebpf", 64, 1_000);
    }
}

#[test]
fn ci_forkexec_counted_exactly() {
    forkexec("ptrace", 2, 50);
    if is_root() {
        forkexec("ebpf", 2, 50);
    }
}

#[test]
fn ci_ring_overrun_is_accounted() {
    if !is_root() {
        return;
    }
    let (seen, lost) = overrun(16, 200_000);
    println!("ci overrun: {seen} calls shown, {lost} records lost");
    assert!(lost > 0, "a 64 KiB ring did not overrun ({seen} calls seen)");
}

#[test]
#[ignore = "long: cargo xtask stress"]
fn stress_ebpf_storm_of_a_million_getppid() {
    if !is_root() {
        return;
    }
    storm_counted_by_summary("ebpf", 16, 1_000_000);
    // Line by line too: the reader runs at nice -10, so the storm waits for it (the performance
    // target: every call seen, none lost; the figure is printed, the count checked against the loss).
    storm_traced_line_by_line("ebpf", 16, 1_000_000);
}

#[test]
#[ignore = "long: cargo xtask stress"]
fn stress_ptrace_storm() {
    storm_counted_by_summary("ptrace", 16, 100_000);
    storm_traced_line_by_line("ptrace", 16, 100_000);
}

#[test]
#[ignore = "long: cargo xtask stress"]
fn stress_64_threads() {
    threads("ptrace", 64, 2_000);
    if is_root() {
        threads("ebpf", 64, 20_000);
    }
}

#[test]
#[ignore = "long: cargo xtask stress"]
fn stress_forkexec_2000() {
    forkexec("ptrace", 4, 2_000);
    if is_root() {
        forkexec("ebpf", 4, 2_000);
    }
}

#[test]
#[ignore = "long: cargo xtask stress"]
fn stress_ring_overrun_is_accounted() {
    if !is_root() {
        return;
    }
    let total = 1_000_000;
    let (seen, lost) = overrun(16, total);
    // overrun checked the identity in records (received + lost = made). In calls it is only
    // approximate: the lost records also include the program's other calls and process events.
    assert!(lost > 0, "a 64 KiB ring did not overrun ({seen} calls seen)");
}

/// An in-flight map too small for the threads (the test hook: one entry) costs calls their exit
/// records; each one is counted as lost, said on stderr and in `--json`, never dropped silently.
#[test]
fn a_full_in_flight_map_is_counted_as_lost() {
    if !is_root() {
        return;
    }
    let run = |extra: &[&str]| {
        let path =
            std::env::temp_dir().join(format!("tracer-inflight-{}-{}", std::process::id(), extra.len()));
        let out = Command::new(tracer_bin())
            .args(["--backend", "ebpf", "-f", "-o"])
            .arg(&path)
            .args(extra)
            .args(["--", &fixture("fixture-storm"), "threads", "4", "200"])
            .env("TRACER_IN_FLIGHT_ENTRIES", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .output()
            .expect("tracer runs");
        let trace = std::fs::read_to_string(&path).unwrap_or_default();
        let _ = std::fs::remove_file(&path);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        (trace, String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (trace, stderr) = run(&[]);
    let lost = lost_on_stderr(&stderr);
    // The threads' calls whose exits could not be kept: each shows as never finished.
    let unfinished =
        u64::try_from(trace.lines().filter(|l| l.ends_with("<unfinished ...>")).count()).unwrap_or(0);
    assert!(lost > 0, "nothing said lost:\n{stderr}");
    assert!(lost >= unfinished, "{unfinished} calls never finished, {lost} records said lost");
    let (json, stderr) = run(&["--json"]);
    let said: u64 = json
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|o| o["type"] == "lost")
        .filter_map(|o| o["count"].as_u64())
        .sum();
    assert!(said > 0 && said == lost_on_stderr(&stderr), "json {said}, stderr: {stderr}");
}
