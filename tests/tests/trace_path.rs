//! `-P PATH` and `-e quiet=`: only the calls touching a path (named by an argument, or through a
//! descriptor that refers to it, from the open to the close), as strace 6.1 shows them, under both
//! backends; and the messages `-e quiet=` suppresses.

use tracer_tests::{first_difference, normalize_unprefixed, strace, tracer, Traced};

/// Normalised lines without `-f -o`'s pid column, and without `---`/`+++` lines (pids).
fn lines(traced: &Traced) -> Vec<String> {
    normalize_unprefixed(&traced.trace).into_iter().filter(|l| !l.starts_with("---")).collect()
}

/// strace and every backend print the same lines for `command` with `flags`; returns strace's.
fn agree(flags: &[&str], command: &[&str]) -> Vec<String> {
    let reference = strace(flags, command);
    let expected = lines(&reference);
    for backend in tracer_tests::backends() {
        let traced = tracer(backend, flags, command);
        assert_eq!(
            traced.stderr,
            tracer_tests::as_invoked(&reference.stderr.replace("strace:", "tracer:")),
            "{backend} {flags:?}: stderr"
        );
        if let Some(diff) = first_difference(&lines(&traced), &expected) {
            panic!("{backend} {flags:?} {command:?}: {diff}");
        }
    }
    expected
}

#[test]
fn a_path_shows_its_open_and_every_call_on_its_descriptor_through_close() {
    let shown = agree(&["-P", "/etc/hostname"], &["cat", "/etc/hostname", "/etc/hostname"]);
    let names: Vec<&str> = shown.iter().filter_map(|l| l.split_once('(').map(|(n, _)| n)).collect();
    assert_eq!(names.iter().filter(|&&n| n == "openat").count(), 2, "{shown:#?}");
    assert_eq!(names.iter().filter(|&&n| n == "close").count(), 2, "{shown:#?}");
    assert!(names.contains(&"read"), "{shown:#?}");
    assert!(!names.contains(&"execve") && !names.contains(&"mmap"), "{shown:#?}");
    // With -y the descriptors print their path too.
    agree(&["-y", "-P", "/etc/hostname"], &["cat", "/etc/hostname"]);
}

#[test]
fn a_missing_path_shows_only_the_calls_naming_it() {
    let shown = agree(&["-P", "/nonexistent/xyz"], &["cat", "/nonexistent/xyz"]);
    assert_eq!(shown.len(), 2, "{shown:#?}");
    assert!(shown[0].starts_with("openat(AT_FDCWD, \"/nonexistent/xyz\""), "{shown:#?}");
}

#[test]
fn mapped_libraries_inherited_descriptors_and_resolved_symlinks_match() {
    // The dynamic loader opens, reads, maps (mmap's fd is argument 4) and closes libc.
    agree(&["-P", "/lib/x86_64-linux-gnu/libc.so.6"], &["true"]);
    // A descriptor the shell set up (fd 0 after dup2), and the shell's own opens, with -f.
    agree(
        &["-f", "-P", "/etc/hostname", "-P", "/etc/passwd"],
        &["sh", "-c", "cat /etc/hostname </etc/passwd"],
    );
    // A symlink's target matches as well, with strace's note on stderr.
    let dir = std::env::temp_dir().join(format!("tracer-trace-path-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let link = dir.join("hostname-link");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink("/etc/hostname", &link).expect("symlink");
    let link = link.to_string_lossy().into_owned();
    agree(&["-P", &link], &["cat", "/etc/hostname"]);
    let quiet = tracer("ptrace", &["-e", "quiet=path-resolution", "-P", &link], &["true"]);
    assert_eq!(quiet.stderr, "");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn quiet_sets_suppress_what_strace_suppresses() {
    let fixture = tracer_tests::fixture("fixture-threads");
    // A thread's execve: `+++ superseded by execve +++` stays with -qq and `quiet=exit`, goes
    // with `quiet=thread-execve`.
    for flags in [&["-f", "-qq"][..], &["-f", "-e", "quiet=exit"], &["-f", "-e", "quiet=thread-execve"]] {
        let command = [fixture.as_str(), "exec"];
        let reference = strace(flags, &command);
        let ends = |t: &Traced| -> Vec<String> {
            lines(t).into_iter().filter(|l| l.starts_with("+++")).map(pidless).collect()
        };
        for backend in tracer_tests::backends() {
            let traced = tracer(backend, flags, &command);
            assert_eq!(ends(&traced), ends(&reference), "{backend} {flags:?}");
        }
    }
    for flags in [&["-e", "quiet=all"][..], &["--quiet=!attach"], &["-e", "quiet=none"]] {
        agree(flags, &["true"]);
    }
}

/// `+++ superseded by execve in pid N +++` without its pid.
fn pidless(line: String) -> String {
    line.split(" in pid ").next().unwrap_or_default().to_string()
}

#[test]
fn bad_quiet_and_trace_path_values_are_one_line_errors() {
    for (flags, message) in [
        (&["-e", "quiet=foo"][..], "tracer: invalid quiet 'foo'\n"),
        (&["-e", "quiet="], "tracer: invalid quiet ''\n"),
        (&["-q", "-e", "quiet=exit"], "tracer: -q and -e quiet/--quiet cannot be provided simultaneously\n"),
        (&["-e", "trace-fds=x"], "tracer: invalid descriptor 'x'\n"),
    ] {
        let traced = tracer("ptrace", flags, &["true"]);
        assert_eq!(traced.status.code(), Some(1), "{flags:?}");
        assert_eq!(traced.stderr, tracer_tests::as_invoked(message), "{flags:?}");
    }
}

#[test]
fn trace_fds_shows_only_the_calls_on_those_descriptors() {
    for backend in tracer_tests::backends() {
        let traced = tracer(backend, &["-e", "trace-fds=1"], &["echo", "hi"]);
        let shown = lines(&traced);
        let calls: Vec<&String> = shown.iter().filter(|l| !l.starts_with("+++")).collect();
        assert!(!calls.is_empty(), "{backend}: {shown:#?}");
        assert!(
            calls
                .iter()
                .all(|l| l.split_once('(').is_some_and(|(_, r)| r.starts_with("1,") || r.starts_with("1)"))),
            "{backend}: {shown:#?}"
        );
        assert!(calls.iter().any(|l| l.starts_with("write(1, \"hi\\n\", 3)")), "{backend}: {shown:#?}");
    }
}

/// The `syscall calls` pairs of a `-c` table.
fn counts(table: &str) -> Vec<(String, String)> {
    table
        .lines()
        .filter_map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            let name = (*words.last()?).to_string();
            (words.len() >= 5 && words[0].contains('.') && name != "total")
                .then(|| (name, words[3].to_string()))
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

#[test]
fn summaries_count_only_the_calls_the_path_shows() {
    let command = ["cat", "/etc/hostname", "/etc/hostname"];
    let reference = strace(&["-c", "-P", "/etc/hostname"], &command);
    let expected = counts(&reference.trace);
    assert!(expected.iter().any(|(name, calls)| name == "openat" && calls == "2"), "{}", reference.trace);
    for backend in tracer_tests::backends() {
        for flag in ["-c", "-C"] {
            let traced = tracer(backend, &[flag, "-P", "/etc/hostname"], &command);
            assert_eq!(counts(&traced.trace), expected, "{backend} {flag}: {}", traced.trace);
        }
    }
}
