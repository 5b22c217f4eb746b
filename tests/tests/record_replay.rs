//! `--record FILE` and `--replay FILE`: a capture replayed renders exactly what the live run
//! rendered with the same flags, `-c` and `--json` work from it, tracer exits as the recorded
//! command did, and a damaged capture ends with one line and exit status 1.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use tracer_tests::{fixture, tracer, tracer_bin};

/// A capture path of this test's own.
fn capture(tag: &str) -> PathBuf {
    std::env::temp_dir().join(format!("tracer-test-{}-{tag}.capture", std::process::id()))
}

/// `tracer --replay CAPTURE ARGS... -o OUT`: its output, and the trace written to OUT.
fn replay(capture: &Path, args: &[&str]) -> (Output, String) {
    let out = capture.with_extension("replayed");
    let output = Command::new(tracer_bin())
        .arg("--replay")
        .arg(capture)
        .args(args)
        .arg("-o")
        .arg(&out)
        .stdin(Stdio::null())
        .output()
        .expect("tracer runs");
    let trace = std::fs::read_to_string(&out).unwrap_or_default();
    let _ = std::fs::remove_file(&out);
    (output, trace)
}

/// Record the fixture under `backend` with `flags`, rendering live too: the live trace.
fn record(backend: &str, flags: &[&str], capture: &Path) -> String {
    let mut args: Vec<&str> = flags.to_vec();
    let path = capture.to_str().expect("a UTF-8 temp path");
    args.extend(["--record", path]);
    let live = tracer(backend, &args, &[&fixture("fixture-record")]);
    assert_eq!(live.status.code(), Some(7), "{backend} {flags:?}: {}", live.stderr);
    assert!(live.trace.contains("connect("), "{backend} {flags:?}: {}", live.trace);
    live.trace
}

/// The lines of a text trace that are calls (a split call counts once, at its start), and of
/// those the calls that returned (what `-c` counts: not `exit_group(0) = ?`).
fn calls(trace: &str) -> (usize, usize) {
    let calls: Vec<&str> = trace
        .lines()
        .map(|line| line.trim_start_matches(|c: char| c.is_ascii_digit()).trim_start())
        .filter(|line| !line.starts_with("+++") && !line.starts_with("---") && !line.starts_with("<..."))
        .collect();
    let returned = calls.iter().filter(|line| !line.ends_with("= ?")).count();
    (calls.len(), returned)
}

#[test]
fn a_replay_renders_what_the_live_run_rendered() {
    for backend in tracer_tests::backends() {
        for flags in [&["-f"][..], &["-f", "-yy"], &["-f", "-tt"], &["-f", "-yy", "-tt", "-T"]] {
            let capture = capture(&format!("{backend}-same"));
            let live = record(backend, flags, &capture);
            let (output, replayed) = replay(&capture, flags);
            let _ = std::fs::remove_file(&capture);
            assert_eq!(output.status.code(), Some(7), "{backend} {flags:?}: exits as the command did");
            assert!(
                output.stderr.is_empty(),
                "{backend} {flags:?}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            assert!(
                replayed == live,
                "{backend} {flags:?}: the replay differs\n--- live\n{live}\n--- replay\n{replayed}"
            );
            // The eBPF backend renders after the fact: by then the sockets may be gone.
            if flags.contains(&"-yy") && backend == "ptrace" {
                assert!(live.contains("<TCP:[127.0.0.1:"), "{backend}: -yy's socket endpoints: {live}");
            }
        }
    }
}

#[test]
fn summaries_and_json_come_from_a_capture() {
    for backend in tracer_tests::backends() {
        let capture = capture(&format!("{backend}-forms"));
        let live = record(backend, &["-f"], &capture);
        let (live_calls, returned) = calls(&live);

        let (output, summary) = replay(&capture, &["-c"]);
        assert_eq!(output.status.code(), Some(7), "{backend}");
        let total = summary
            .lines()
            .find(|l| l.ends_with(" total"))
            .unwrap_or_else(|| panic!("{backend}: no total line in {summary}"));
        let counted: usize = total.split_whitespace().nth(3).and_then(|n| n.parse().ok()).unwrap_or_default();
        assert_eq!(counted, returned, "{backend}: -c's total\n{summary}");

        let (output, json) = replay(&capture, &["--json"]);
        let _ = std::fs::remove_file(&capture);
        assert_eq!(output.status.code(), Some(7), "{backend}");
        let syscalls = json
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("a JSON line"))
            .filter(|o| o["type"] == "syscall")
            .count();
        assert_eq!(syscalls, live_calls, "{backend}: one object per call");
        assert!(json.lines().all(|l| l.contains(&format!("\"backend\":\"{backend}\""))), "{backend}: {json}");
    }
}

#[test]
fn a_summary_replayed_is_the_live_summary() {
    for backend in tracer_tests::backends() {
        let capture = capture(&format!("{backend}-summary"));
        // `-c` counted from the records (in the kernel, under eBPF, when not recording).
        let live = record_quiet(backend, &["-f", "-c", "-S", "calls"], &capture);
        let (output, replayed) = replay(&capture, &["-c", "-S", "calls"]);
        let _ = std::fs::remove_file(&capture);
        assert_eq!(output.status.code(), Some(7), "{backend}");
        assert!(
            live.contains(" total") && replayed == live,
            "{backend}\n--- live\n{live}\n--- replay\n{replayed}"
        );
    }
}

/// [`record`] without checking what the trace shows.
fn record_quiet(backend: &str, flags: &[&str], capture: &Path) -> String {
    let mut args: Vec<&str> = flags.to_vec();
    args.extend(["--record", capture.to_str().expect("a UTF-8 temp path")]);
    let live = tracer(backend, &args, &[&fixture("fixture-record")]);
    assert_eq!(live.status.code(), Some(7), "{backend} {flags:?}: {}", live.stderr);
    live.trace
}

#[test]
fn damaged_captures_end_with_one_line_and_status_1() {
    let backend = tracer_tests::backends()[0];
    let capture = capture("damaged");
    let live = record(backend, &["-f"], &capture);
    let bytes = std::fs::read(&capture).expect("the capture");
    let half = capture.with_extension("half");
    std::fs::write(&half, &bytes[..bytes.len() / 2]).expect("writes");
    let (output, trace) = replay(&half, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("capture damaged at byte"), "{stderr}");
    // Everything before the damage is rendered: the start of the live trace (the calls the cut
    // left open aside, which end the replay as `<unfinished ...>`).
    let lines: Vec<&str> = trace.lines().filter(|l| !l.ends_with("<unfinished ...>")).collect();
    assert!(lines.len() > 10, "{trace}");
    let live_lines: Vec<&str> = live.lines().filter(|l| !l.ends_with("<unfinished ...>")).collect();
    assert_eq!(
        lines[..lines.len() - 1],
        live_lines[..lines.len() - 1],
        "the replay's start is the live trace's"
    );

    let mut noise = Vec::with_capacity(4096);
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    for _ in 0..4096 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        noise.push(state as u8);
    }
    std::fs::write(&half, &noise).expect("writes");
    let (output, _) = replay(&half, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.ends_with("not a tracer capture\n"), "{stderr}");

    // A flipped byte in the middle: found by its frame's checksum.
    let mut flipped = bytes.clone();
    flipped[bytes.len() / 2] ^= 0x5a;
    std::fs::write(&half, &flipped).expect("writes");
    let (output, _) = replay(&half, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("capture damaged at byte"), "{stderr}");
    let _ = std::fs::remove_file(&half);
    let _ = std::fs::remove_file(&capture);
}

/// `tracer --backend BACKEND FLAGS... --record CAPTURE -- fixture-record`, nothing rendered.
fn record_alone(backend: &str, flags: &[&str], capture: &Path) -> Output {
    Command::new(tracer_bin())
        .args(["--backend", backend])
        .args(flags)
        .arg("--record")
        .arg(capture)
        .arg("--")
        .arg(fixture("fixture-record"))
        .stdin(Stdio::null())
        .output()
        .expect("tracer runs")
}

#[test]
fn record_alone_renders_nothing_and_exits_as_the_command() {
    for backend in tracer_tests::backends() {
        let capture = capture(&format!("{backend}-alone"));
        let output = record_alone(backend, &["-f"], &capture);
        assert_eq!(output.status.code(), Some(7), "{backend}");
        assert!(output.stderr.is_empty(), "{backend}: {}", String::from_utf8_lossy(&output.stderr));
        let (replayed, trace) = replay(&capture, &["-f", "-y"]);
        let _ = std::fs::remove_file(&capture);
        assert_eq!(replayed.status.code(), Some(7), "{backend}");
        assert!(trace.contains("connect(") && trace.contains("+++ exited with 7 +++"), "{backend}: {trace}");
    }
}

/// `--filter` replayed: the task fields it read while recording (the kernel's verdicts under eBPF,
/// /proc under ptrace) are in the capture, so the replay shows what the live run showed.
#[test]
fn a_filter_replayed_shows_what_it_showed_live() {
    // SAFETY: getuid has no preconditions.
    let uid = unsafe { libc::getuid() };
    // Live, `uid != UID` and `parent.comm == ...` are false for every call; a replay that did not
    // know them would find them unknown and show every call.
    let expr = format!("name =~ \"conn*\" || uid != {uid} || parent.comm == \"no-such-parent\"");
    for backend in tracer_tests::backends() {
        let capture = capture(&format!("{backend}-filter"));
        let flags = ["-f", "--filter", expr.as_str()];
        let live = record(backend, &flags, &capture);
        let (output, replayed) = replay(&capture, &flags);
        let _ = std::fs::remove_file(&capture);
        assert_eq!(output.status.code(), Some(7), "{backend}");
        assert!(live.contains("connect(") && !live.contains("openat("), "{backend}: {live}");
        assert!(replayed == live, "{backend}: the replay differs\n--- live\n{live}\n--- replay\n{replayed}");
    }
}

/// `--record` without `-o` but with `-yy` still reads the system as rendering would (into
/// /dev/null), so the capture keeps the socket endpoints a replay with `-yy` prints.
#[test]
fn record_alone_with_yy_keeps_the_socket_endpoints() {
    let capture = capture("ptrace-alone-yy");
    let output = record_alone("ptrace", &["-f", "-yy"], &capture);
    assert_eq!(output.status.code(), Some(7));
    assert!(output.stderr.is_empty(), "nothing rendered: {}", String::from_utf8_lossy(&output.stderr));
    let (replayed, trace) = replay(&capture, &["-f", "-yy"]);
    let _ = std::fs::remove_file(&capture);
    assert_eq!(replayed.status.code(), Some(7));
    assert!(trace.contains("<TCP:[127.0.0.1:"), "-yy's socket endpoints kept: {trace}");
}

#[test]
fn an_attached_process_keeps_its_descriptors_and_its_attach_line_in_the_capture() {
    for backend in tracer_tests::backends() {
        let capture = capture(&format!("{backend}-attached"));
        // Opens a file, waits to be attached to, then reads it: only the snapshot taken at the
        // attach says what descriptor 3 is (no traced call opened it).
        let mut program = Command::new("/usr/bin/python3")
            .args([
                "-c",
                "import os, time\nf = open('/etc/hostname')\ntime.sleep(1.5)\nos.read(f.fileno(), 1)",
            ])
            .spawn()
            .expect("python3 runs");
        std::thread::sleep(std::time::Duration::from_millis(400));
        let pid = program.id().to_string();
        let output = Command::new(tracer_bin())
            .args(["--backend", backend, "-p", &pid, "--record"])
            .arg(&capture)
            .stdin(Stdio::null())
            .output()
            .expect("tracer runs");
        let _ = program.wait();
        assert!(output.status.success(), "{backend}: {}", String::from_utf8_lossy(&output.stderr));
        let (replayed, trace) = replay(&capture, &["-y", "-e", "trace=read"]);
        // tracer's own messages about its tracees are in the capture too, said where the live
        // run said them (and quietened by the replay's -q).
        let (quiet, _) = replay(&capture, &["-q"]);
        let _ = std::fs::remove_file(&capture);
        assert!(replayed.status.success(), "{backend}");
        assert!(trace.contains("read(3</etc/hostname>, "), "{backend}: {trace}");
        let live_said = String::from_utf8_lossy(&output.stderr);
        assert!(live_said.contains(&format!("Process {pid} attached")), "{backend}: {live_said}");
        assert_eq!(String::from_utf8_lossy(&replayed.stderr), live_said, "{backend}");
        assert_eq!(String::from_utf8_lossy(&quiet.stderr), "", "{backend}");
    }
}

/// `tracer ARGS...`: its exit code and stderr.
fn run(args: &[&str]) -> (Option<i32>, String) {
    let output = Command::new(tracer_bin()).args(args).stdin(Stdio::null()).output().expect("tracer runs");
    (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn bad_captures_and_bad_command_lines_are_one_line_and_status_1() {
    let newer = capture("newer");
    std::fs::write(&newer, b"TRACECAP\x63\x00\x00\x00\x00\x00\x00\x00").expect("writes");
    let path = newer.to_str().expect("a UTF-8 temp path");
    let (code, stderr) = run(&["--replay", path]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.ends_with(
            "capture format version 99 is newer than this tracer reads (2): replay it with a newer tracer\n"
        ) && stderr.lines().count() == 1,
        "{stderr}"
    );
    // Version 1 (a development layout) is refused, never misread.
    std::fs::write(&newer, b"TRACECAP\x01\x00\x00\x00\x00\x00\x00\x00").expect("writes");
    let (code, stderr) = run(&["--replay", path]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("capture format version 1 is older than the oldest this tracer reads (2)")
            && stderr.lines().count() == 1,
        "{stderr}"
    );
    let _ = std::fs::remove_file(&newer);

    let (code, stderr) = run(&["--replay", "/nonexistent/capture"]);
    assert_eq!(code, Some(1));
    assert!(stderr.ends_with(": /nonexistent/capture: No such file or directory\n"), "{stderr}");
    for args in [
        &["--replay", "x", "--", "true"][..],
        &["--replay", "x", "-p", "1"],
        &["--record", "a", "--replay", "b", "true"],
    ] {
        let (code, stderr) = run(args);
        assert_eq!(code, Some(1), "{args:?}: {stderr}");
        assert!(stderr.lines().count() <= 2 && stderr.contains("--replay"), "{args:?}: {stderr}");
    }
}
