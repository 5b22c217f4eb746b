//! A command that cannot be executed: the failed execve's line, then the tracer's own
//! `NAME: exec: Permission denied`, then the exit line, in that order on stderr (the trace's
//! default output), as strace prints them, under both backends (the eBPF backend reads the
//! call's record after the child has already gone).

use std::process::{Command, Stdio};

use regex::Regex;
use tracer_tests::{backends, tracer_bin};

/// stderr of `program ARGS /`, the environment address and the program's name made neutral.
fn stderr_lines(program: &std::path::Path, args: &[&str]) -> Vec<String> {
    let out = Command::new(program).args(args).arg("/").stdin(Stdio::null()).output().expect("runs");
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let env = Regex::new(r"0x[0-9a-f]+ /\* \d+ vars \*/").expect("valid regex");
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .map(|line| match line.find(": exec: ") {
            Some(at) => format!("NAME{}", &line[at..]),
            None => env.replace(line, "ENV").into_owned(),
        })
        .collect()
}

#[test]
fn the_exec_failure_message_follows_the_failed_call() {
    let want = stderr_lines(std::path::Path::new("strace"), &[]);
    assert_eq!(want.len(), 3, "{want:?}");
    assert_eq!(want[1], "NAME: exec: Permission denied");
    for backend in backends() {
        let got = stderr_lines(&tracer_bin(), &["--backend", backend]);
        assert_eq!(got, want, "{backend}");
    }
}
