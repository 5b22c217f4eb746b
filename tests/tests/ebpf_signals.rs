//! End to end: the eBPF backend's signal lines against strace 6.1's, which as a ptracer sees every
//! signal delivered. Two kinds never reach the kernel's `signal_deliver` without ptrace and come
//! from `signal_generate` instead: signals the task ignores (default-ignored SIGCHLD and SIGWINCH,
//! python's SIG_IGN SIGPIPE), and signals that kill by default action (SIGUSR1, SIGTERM), whose
//! killing call must still show its return value.
//!
//! Compared per program, without and with `-f`: each `--- SIGX {...} ---` line with the lines
//! around it (the call it follows, what comes next), every `+++ ... +++` line, and the tracer's
//! own exit status (strace's: killed by the same signal, or the command's code).

use std::process::Command;
use std::sync::OnceLock;

use regex::Regex;
use tracer_tests::{first_difference, normalize, strace, tracer, Traced};

/// The python interpreter itself (not a pyenv-style shell shim, whose forks would add noise), if
/// there is one.
fn python() -> Option<String> {
    let out = Command::new("python3").args(["-c", "import sys; print(sys.executable)"]).output().ok()?;
    let path = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (out.status.success() && !path.is_empty()).then_some(path)
}

/// A trace's lines without pid prefixes, with what differs between runs replaced: addresses,
/// pids (kill's, si_pid, wait4's return value), CPU times.
fn lines(trace: &str) -> Vec<String> {
    static RULES: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    let rules = RULES.get_or_init(|| {
        [
            (r"^\d+ +", ""),
            (r"si_pid=\d+", "si_pid=PID"),
            (r"si_utime=\d+, si_stime=\d+", "si_utime=T, si_stime=T"),
            (r"^(wait4\(.*\)) += \d+$", "$1 = PID"),
            (r"^(<\.\.\. wait4 resumed>.*\)) += \d+$", "$1 = PID"),
        ]
        .into_iter()
        .map(|(re, to)| (Regex::new(re).expect("valid regex"), to))
        .collect()
    });
    trace
        .lines()
        .map(|line| {
            let line = rules.iter().fold(line.to_owned(), |acc, (re, to)| re.replace(&acc, *to).into_owned());
            normalize(&line)
        })
        .collect()
}

/// Each signal line as `before | signal | after`, and each `+++` line.
fn signal_context(trace: &str) -> Vec<String> {
    let lines = lines(trace);
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("--- ") {
            let before = i.checked_sub(1).and_then(|j| lines.get(j)).map_or("", String::as_str);
            let after = lines.get(i + 1).map_or("", String::as_str);
            out.push(format!("{before} | {line} | {after}"));
        } else if line.starts_with("+++ ") {
            out.push(line.clone());
        }
    }
    out
}

/// Signal and exit lines only (for programs where when a signal arrives is up to the scheduler).
fn signal_lines(trace: &str) -> Vec<String> {
    lines(trace).into_iter().filter(|l| l.starts_with("--- ") || l.starts_with("+++ ")).collect()
}

fn run_both(flags: &[&str], command: &[&str]) -> (Traced, Traced) {
    let reference = strace(flags, command);
    let ours = tracer("ebpf", flags, command);
    assert_eq!(
        ours.status.code(),
        reference.status.code(),
        "{flags:?} {command:?}: exit status; stderr: {}",
        ours.stderr
    );
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&ours.status),
        std::os::unix::process::ExitStatusExt::signal(&reference.status),
        "{flags:?} {command:?}: terminating signal"
    );
    (ours, reference)
}

/// The programs whose signal lines are in a fixed place: the signal comes from the task's own
/// kill(2), so it shows right after it.
fn same_context(command: &[&str], expect: &str) {
    for flags in [&[][..], &["-f"]] {
        let (ours, reference) = run_both(flags, command);
        let (ours, theirs) = (signal_context(&ours.trace), signal_context(&reference.trace));
        assert!(
            theirs.iter().any(|l| l.contains(expect)),
            "strace shows {expect} for {command:?}: {theirs:#?}"
        );
        if let Some(diff) = first_difference(&ours, &theirs) {
            panic!("{flags:?} {command:?}: {diff}\nours: {ours:#?}\nstrace: {theirs:#?}");
        }
    }
}

#[test]
fn a_self_killed_shell_shows_its_kill_the_signal_and_its_death() {
    tracer_tests::require_root!();
    same_context(
        &["/bin/sh", "-c", "kill -USR1 $$"],
        "kill(PID, SIGUSR1) = 0 | --- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=PID, si_uid=",
    );
}

#[test]
fn a_self_sigterm_shows_like_strace() {
    tracer_tests::require_root!();
    let Some(python) = python() else {
        return tracer_tests::skip(tracer_tests::Skip::Environment, "no /usr/bin/python3");
    };
    same_context(&[&python, "-c", "import os; os.kill(os.getpid(), 15)"], "--- SIGTERM {");
}

#[test]
fn a_default_ignored_sigwinch_shows_like_strace() {
    tracer_tests::require_root!();
    let Some(python) = python() else {
        return tracer_tests::skip(tracer_tests::Skip::Environment, "no /usr/bin/python3");
    };
    same_context(
        &[&python, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGWINCH)"],
        "kill(PID, SIGWINCH) = 0 | --- SIGWINCH {",
    );
}

#[test]
fn a_sig_ign_sigpipe_shows_like_strace() {
    tracer_tests::require_root!();
    let Some(python) = python() else {
        return tracer_tests::skip(tracer_tests::Skip::Environment, "no /usr/bin/python3");
    };
    same_context(
        &[&python, "-c", "import os; os.kill(os.getpid(), 13)"],
        "kill(PID, SIGPIPE) = 0 | --- SIGPIPE {",
    );
}

#[test]
fn a_default_ignored_sigchld_shows_like_strace() {
    tracer_tests::require_root!();
    let Some(python) = python() else {
        return tracer_tests::skip(tracer_tests::Skip::Environment, "no /usr/bin/python3");
    };
    let command = [python.as_str(), "-c", "import subprocess; subprocess.run(['true'])"];
    for flags in [&[][..], &["-f"]] {
        let (ours, reference) = run_both(flags, &command);
        let (mine, theirs) = (signal_lines(&ours.trace), signal_lines(&reference.trace));
        assert!(theirs.iter().any(|l| l.starts_with("--- SIGCHLD {")), "{flags:?}: {theirs:#?}");
        if let Some(diff) = first_difference(&mine, &theirs) {
            panic!("{flags:?}: {diff}\nours: {mine:#?}\nstrace: {theirs:#?}");
        }
        // Where it arrived depends on timing; but it is never inside a call: the line before it
        // is a whole call (or the end of one) of the parent.
        let all = lines(&ours.trace);
        let at = all.iter().position(|l| l.starts_with("--- SIGCHLD")).expect("a SIGCHLD line");
        let before = &all[at - 1];
        assert!(
            !before.ends_with("<unfinished ...>") && before.contains(") = "),
            "{flags:?}: SIGCHLD shown after {before:?}"
        );
    }
}
