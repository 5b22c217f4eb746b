//! `--filter EXPR`: the seed example of issue 16 under every backend, what a bad expression
//! says, and what `-c` counts.

use tracer_tests::filter_seed::{seed_children, seed_dir, SEED};
use tracer_tests::{as_invoked, backends, fixture, is_root, tracer, tracer_bin};

/// The calls (not `+++`/`---` process lines) of a `-f -o` trace: each line's pid and the rest
/// (the pid is padded to five columns: the rest starts after the spaces).
fn call_lines(trace: &str) -> Vec<(&str, &str)> {
    trace
        .lines()
        .map(|line| line.split_once(' ').map_or(("", line), |(pid, rest)| (pid, rest.trim_start())))
        .filter(|(_, body)| !body.starts_with("+++") && !body.starts_with("---"))
        .collect()
}

#[test]
fn the_seed_example_shows_only_the_sshd_child_s_denied_open() {
    if !is_root() {
        return;
    }
    let dir = seed_dir("ptrace-and-ebpf");
    let dir_text = dir.display().to_string();
    for backend in backends() {
        let traced = tracer(
            backend,
            &["-f", "--filter", SEED, "-e", "trace=openat"],
            &[&fixture("fixture-filter"), &dir_text],
        );
        assert!(traced.status.success(), "{backend}: {}\n{}", traced.stderr, traced.trace);
        let children = seed_children(&dir);
        let sshd_child = children
            .iter()
            .find_map(|(name, pid)| (name == "sshd").then(|| pid.to_string()))
            .expect("the sshd child's pid");
        let sshd_child = sshd_child.as_str();
        let lines = call_lines(&traced.trace);
        let expected = format!(
            "openat(AT_FDCWD, \"{dir_text}/secret\", O_RDONLY|O_CLOEXEC) = -1 EACCES (Permission denied)"
        );
        assert_eq!(lines, [(sshd_child, expected.as_str())], "{backend}: {}", traced.trace);
        // The twins' and children's exits show as with -e trace=.
        let exits = traced
            .trace
            .lines()
            .filter(|l| l.starts_with(&format!("{sshd_child} ")) && l.ends_with("+++ exited with 0 +++"));
        assert_eq!(exits.count(), 1, "{}", traced.trace);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_expression_is_one_message_with_a_caret_and_exit_1() {
    let bad = r#"errno == EACCESS && parent.comm == "sshd""#;
    let out = std::process::Command::new(tracer_bin())
        .args(["--filter", bad, "true"])
        .output()
        .expect("tracer runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    let first =
        as_invoked(&format!("tracer: --filter '{bad}': unknown constant 'EACCESS' (did you mean 'EACCES'?)"));
    assert_eq!(lines.first().copied(), Some(first.as_str()), "{stderr}");
    assert_eq!(lines.len(), 2, "{stderr}");
    // The caret stands under the misspelt constant.
    let column = first.find("EACCESS").expect("quoted");
    assert_eq!(lines[1], format!("{}^", " ".repeat(column)));
}

#[test]
fn summaries_count_only_the_calls_that_pass() {
    let traced = tracer(
        "ptrace",
        &["-c", "--filter", "errno == ENOENT", "--filter", r#"path =~ "/nonexistent/*""#],
        &["cat", "/nonexistent/a", "/nonexistent/b"],
    );
    let rows: Vec<&str> = traced.trace.lines().filter(|l| l.contains("openat")).collect();
    assert_eq!(rows.len(), 1, "{}", traced.trace);
    // Two calls, both errors; no other call counted (cat's locale files, its reads...).
    let fields: Vec<&str> = rows[0].split_whitespace().collect();
    assert_eq!(fields[fields.len() - 3..], ["2", "2", "openat"], "{}", traced.trace);
    assert!(traced.trace.contains("       2         2 total"), "{}", traced.trace);
}

/// tracer's stdout, stderr and exit code for `args` (no trace).
fn run(args: &[&str]) -> (String, String, Option<i32>) {
    let out = std::process::Command::new(tracer_bin()).args(args).output().expect("tracer runs");
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (text(&out.stdout), text(&out.stderr), out.status.code())
}

#[test]
fn filter_explain_says_where_each_comparison_runs_and_exits() {
    let args =
        ["--backend", "ebpf", "-e", "trace=openat", "--filter", SEED, "--filter", "fd.path =~ \"/etc/*\""];
    let (out, err, code) = run(&[&args[..], &["--filter-explain"]].concat());
    assert_eq!((code, err.as_str()), (Some(0), ""), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[1], "  kernel     errno == EACCES        op 0");
    assert_eq!(lines[2], "  kernel     parent.comm == \"sshd\"  op 1");
    assert_eq!(lines[3], "  userspace  fd.path =~ \"/etc/*\"    only the fd table in userspace knows it");
    // The kernel form: the expression's five operations, and three that let through the calls
    // outside -e trace= the backend sees for the fd table (fd.path keeps one) and for pairing.
    assert_eq!(lines[4], "kernel form: 8 of 32 operations, 1 of 8 string constants");
    assert!(lines[5].starts_with("(3 of them let through the calls the backend sees outside -e trace="));
    let (out, _, code) = run(&["--filter", SEED, "--filter-explain"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("with --backend ptrace:\n  userspace  errno == EACCES\n"), "{out}");
}

#[test]
fn an_expression_too_large_for_the_kernel_names_the_limit() {
    let big = (0..40).map(|i| format!("pid == {i}")).collect::<Vec<_>>().join(" || ");
    let (_, err, code) = run(&["--backend", "ebpf", "--filter", &big, "true"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("expression too large for the kernel: more than 32 operations"), "{err}");
    assert_eq!(err.lines().count(), 2, "{err}");
    // ptrace has no such limit.
    let (_, err, code) = run(&["--filter", &big, "--filter-explain"]);
    assert_eq!((code, err.as_str()), (Some(0), ""));
}

#[test]
fn fd_path_is_what_the_fd_table_knows_without_y() {
    let traced = tracer(
        "ptrace",
        &["-e", "trace=read,close", "--filter", r#"fd.path == "/etc/hostname""#],
        &["cat", "/etc/hostname"],
    );
    let calls: Vec<&str> = traced.trace.lines().filter(|l| !l.starts_with("+++")).collect();
    // cat reads the file until it ends, then closes it; no other descriptor's calls, no -y names.
    assert!(calls.len() >= 3, "{}", traced.trace);
    assert!(calls[..calls.len() - 1].iter().all(|l| l.starts_with("read(3, ")), "{}", traced.trace);
    assert!(calls[calls.len() - 1].starts_with("close(3)"), "{}", traced.trace);
}

#[test]
fn filter_is_anded_with_status_and_paths() {
    // cat's opens: /etc/hostname succeeds, /nonexistent/x fails; -Z keeps the failures, --filter
    // the calls naming /nonexistent/*, -P the calls touching /nonexistent/x: one line.
    let command = ["cat", "/etc/hostname", "/nonexistent/x"];
    for backend in backends() {
        let traced = tracer(
            backend,
            &["-Z", "-P", "/nonexistent/x", "--filter", r#"path =~ "/nonexistent/*" && name =~ "open*""#],
            &command,
        );
        let calls: Vec<&str> = traced.trace.lines().filter(|l| !l.starts_with("+++")).collect();
        assert_eq!(
            calls,
            ["openat(AT_FDCWD, \"/nonexistent/x\", O_RDONLY) = -1 ENOENT (No such file or directory)"],
            "{backend}: {}",
            traced.trace
        );
        // -P picks the calls on /etc/hostname, none of which failed: nothing shows.
        let traced = tracer(backend, &["-P", "/etc/hostname", "--filter", "errno == ENOENT"], &command);
        assert!(traced.trace.lines().all(|l| l.starts_with("+++")), "{backend}: {}", traced.trace);
    }
}

#[test]
fn task_fields_mean_the_same_under_every_backend() {
    let own = std::fs::read_to_string("/proc/self/cgroup").expect("cgroup");
    let cgroup = own.lines().find_map(|l| l.strip_prefix("0::")).expect("a cgroup v2 line");
    // SAFETY: getuid only reads our own id.
    let uid = unsafe { libc::getuid() };
    // At the exit of its execve the command is named after the program; its parent is tracer.
    let ours =
        format!(r#"cgroup == "{cgroup}" && uid == {uid} && comm == "true" && parent.comm == "tracer""#);
    let theirs = format!(r#"cgroup != "{cgroup}" || !(uid == {uid})"#);
    for backend in backends() {
        let shown = tracer(backend, &["-e", "trace=execve", "--filter", &ours], &["/usr/bin/true"]);
        assert!(
            shown.trace.starts_with("execve(\"/usr/bin/true\""),
            "{backend}: {}{}",
            shown.trace,
            shown.stderr
        );
        let hidden = tracer(backend, &["-e", "trace=execve", "--filter", &theirs], &["/usr/bin/true"]);
        assert!(hidden.trace.lines().all(|l| l.starts_with("+++")), "{backend}: {}", hidden.trace);
    }
}
