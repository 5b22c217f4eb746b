//! `--pidns-translation` and `-Y` like strace's, for a tracee in a pid namespace of its own
//! (tests/src/bin/fixture-pidns.rs; unsharing one needs root: skipped otherwise). The numbers in
//! tracer's namespace change from run to run: lines are compared with them replaced, and checked
//! against the line's own pid column where they are the caller's.

use regex::Regex;
use tracer_tests::{backends, edges, first_difference, fixture, is_root, strace, tracer};

/// What every run is given: children followed, exit and signal lines left out, and only the
/// calls the child makes (not the parent's fork, wait and unshare, nor glibc's set_robust_list and the pause in the child).
const COMMON: &[&str] = &[
    "-f",
    "-qq",
    "-e",
    "signal=none",
    "-e",
    "trace=!clone,clone3,wait4,unshare,exit_group,set_robust_list,nanosleep",
];

/// The lines between the fixture's markers, their pid column taken off and the numbers in
/// tracer's namespace replaced; each translated number of the caller's own pid is checked against
/// the pid column first.
fn lines(trace: &str) -> Vec<String> {
    let column = Regex::new(r"^(\d+) *").expect("valid regex");
    let ours = Regex::new(r"/\* (\d+) in strace's PID NS \*/").expect("valid regex");
    edges::between_markers(trace)
        .iter()
        .map(|line| {
            let pid = column.captures(line).map(|c| c[1].to_string()).unwrap_or_default();
            let line = column.replace(line, "").into_owned();
            if line.starts_with("getpid()") || line.starts_with("gettid()") {
                let translated = ours.captures(&line).map(|c| c[1].to_string());
                assert_eq!(translated.as_deref(), Some(pid.as_str()), "the caller's own pid: {line}");
            }
            ours.replace_all(&line, "/* N in strace's PID NS */").into_owned()
        })
        .collect()
}

/// `fixture-pidns MODE` under strace and each backend with `extra` flags: the same lines.
fn like_strace(mode: &str, extra: &[&str]) -> usize {
    let flags: Vec<&str> = COMMON.iter().chain(extra).copied().collect();
    like_strace_with(mode, &flags)
}

/// `fixture-pidns MODE` under strace and each backend with `flags` only: the same lines.
fn like_strace_with(mode: &str, flags: &[&str]) -> usize {
    let program = fixture("fixture-pidns");
    let want = lines(&strace(flags, &[&program, mode]).trace);
    assert!(!want.is_empty(), "strace printed nothing for fixture-pidns {mode}");
    for backend in backends() {
        let got = lines(&tracer(backend, flags, &[&program, mode]).trace);
        if let Some(diff) = first_difference(&want, &got) {
            panic!("fixture-pidns {mode} {flags:?}, {backend} (right) vs strace (left): {diff}");
        }
    }
    want.len()
}

/// Unsharing a pid namespace needs root.
fn can_unshare() -> bool {
    is_root()
}

#[test]
fn own_ids_are_translated_like_strace() {
    if !can_unshare() {
        return;
    }
    assert_eq!(like_strace("ids", &["--pidns-translation"]), 6);
    like_strace("ids", &["--decode-pids=pidns", "-Xraw"]);
}

#[test]
fn pid_arguments_and_fields_are_translated_like_strace() {
    if !can_unshare() {
        return;
    }
    assert_eq!(like_strace("others", &["--pidns-translation"]), 10);
}

#[test]
fn memory_call_pids_and_notification_pids_are_translated_like_strace() {
    if !can_unshare() {
        return;
    }
    assert_eq!(like_strace("fields", &["--pidns-translation"]), 4);
}

#[test]
fn dash_y_names_tasks_like_strace() {
    if !can_unshare() {
        return;
    }
    assert_eq!(like_strace("comm", &["-Y"]), 5);
    like_strace("comm", &["-Y", "--pidns-translation"]);
}

#[test]
fn ids_of_reaped_tasks_are_translated_like_strace() {
    if !can_unshare() {
        return;
    }
    // The eBPF backend reads the records after the tasks are gone from /proc: what the kernel
    // told at their forks translates them (a group's ended leader included).
    let flags = [
        "-f",
        "-qq",
        "-e",
        "signal=none",
        "-e",
        "trace=openat,setpgid,getpgrp,getpid",
        "--pidns-translation",
    ];
    for _ in 0..3 {
        assert_eq!(like_strace_with("gone", &flags), 5);
    }
}
