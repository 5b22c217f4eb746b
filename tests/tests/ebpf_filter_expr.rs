//! `--filter`'s kernel half: the eBPF probes evaluate the expression's kernel form, drop at entry
//! the calls it rejects there (nothing crosses the ring), hold until their exit the calls only the
//! exit can judge, send every exit with the expression's atoms, and count only passing calls
//! under `-c`.
//!
//! The expressions are built by tracer's hidden test hook `TRACER_KERNEL_EXPR` (postfix tokens,
//! see `tracer-cli/src/backend/ebpf/expr_hook.rs`), so that the kernel's part is tested alone:
//! without `--filter`'s userspace half, what the kernel lets through is printed as it comes.
//! `TRACER_DUMP_KERNEL_SUMMARY=1` reports the syscall records read from the ring;
//! `TRACER_DUMP_RECORDS=FILE` writes every record, an exit's atoms included.

use tracer_tests::filter_seed::{seed_children, seed_dir, SEED};
use tracer_tests::{fixture, require_root, tracer_in, RunIn, Traced};

const NR_READ: u64 = 0;
const NR_OPENAT: u64 = 257;
const ENOENT: u64 = 2;

/// `tracer --backend ebpf EXTRA -- COMMAND` with the kernel expression `expr` (none when empty)
/// and more variables.
fn traced(expr: &str, env: &[(&str, &str)], extra: &[&str], command: &[&str]) -> Traced {
    let mut vars = vec![("TRACER_KERNEL_EXPR", expr), ("TRACER_DUMP_KERNEL_SUMMARY", "1")];
    vars.extend_from_slice(env);
    tracer_in(RunIn { env: &vars, ..RunIn::default() }, "ebpf", extra, command)
}

/// The syscall records read from the ring (`ring-records total=N syscall=M`).
fn syscall_records(stderr: &str) -> u64 {
    let line = stderr.lines().find_map(|l| l.strip_prefix("ring-records ")).expect("a ring-records line");
    line.split(' ').find_map(|kv| kv.strip_prefix("syscall=")?.parse().ok()).expect("syscall=N")
}

/// The trace's syscall lines (not `+++`, `---` or tracer's own).
fn call_lines(trace: &str) -> Vec<&str> {
    trace.lines().filter(|l| !l.starts_with("+++") && !l.starts_with("---") && l.contains('(')).collect()
}

fn files() -> String {
    fixture("fixture-files")
}

#[test]
fn a_call_rejected_at_entry_never_reaches_the_ring() {
    require_root!();
    let command = files();
    let all = traced("", &[], &[], &[&command]);
    assert_eq!(all.status.code(), Some(7), "stderr:\n{}", all.stderr);
    assert!(syscall_records(&all.stderr) > 20, "without an expression every call is sent:\n{}", all.stderr);
    // No call has this number: only execve (never dropped: pairing needs it) crosses the ring.
    let none = traced("nr==99999", &[], &[], &[&command]);
    assert_eq!(none.status.code(), Some(7), "stderr:\n{}", none.stderr);
    assert!(syscall_records(&none.stderr) <= 2, "only execve's records; stderr:\n{}", none.stderr);
    let lines = call_lines(&none.trace);
    assert!(lines.iter().all(|l| l.starts_with("execve(")), "only execve:\n{}", none.trace);
}

#[test]
fn entry_facts_select_in_the_kernel() {
    require_root!();
    let command = files();
    // The fixture's comm is its file name, cut to 15 bytes.
    let traced = traced("comm==fixture-files nr==257 &&", &[], &[], &[&command]);
    let lines = call_lines(&traced.trace);
    let opens: Vec<&&str> = lines.iter().filter(|l| l.starts_with("openat(")).collect();
    assert!(opens.iter().any(|l| l.contains("\"/tracer-fixture-begin\"")), "{}", traced.trace);
    assert!(opens.iter().any(|l| l.contains("\"/tracer-fixture-end\"")), "{}", traced.trace);
    assert!(
        lines.iter().all(|l| l.starts_with("openat(") || l.starts_with("execve(")),
        "only openat (and execve):\n{}",
        traced.trace
    );
    // A glob on comm, and a comm that is not the fixture's: nothing but execve.
    let globbed = self::traced("comm=~fix*-?iles nr==257 &&", &[], &[], &[&command]);
    assert_eq!(call_lines(&globbed.trace).len(), lines.len(), "{}", globbed.trace);
    let other = self::traced("comm==fixture-file nr==257 &&", &[], &[], &[&command]);
    assert!(call_lines(&other.trace).iter().all(|l| l.starts_with("execve(")), "{}", other.trace);
}

#[test]
fn exit_facts_drop_held_calls_and_exits_carry_the_atoms() {
    require_root!();
    let command = files();
    let dump = std::env::temp_dir().join(format!("tracer-kexpr-{}.records", std::process::id()));
    let dump_var = dump.to_string_lossy().into_owned();
    let expr = format!("nr=={NR_OPENAT} errno=={ENOENT} &&");
    let traced = traced(&expr, &[("TRACER_DUMP_RECORDS", &dump_var)], &[], &[&command]);
    let records = std::fs::read_to_string(&dump).unwrap_or_default();
    let _ = std::fs::remove_file(&dump);
    // openat is held until its exit: only the failing ones are sent.
    let opens: Vec<&str> =
        call_lines(&traced.trace).into_iter().filter(|l| l.starts_with("openat(")).collect();
    assert!(
        opens.iter().any(|l| l.contains("/nonexistent/tracer-fixture")
            && l.ends_with("ENOENT (No such file or directory)")),
        "{}",
        traced.trace
    );
    assert!(opens.iter().all(|l| l.contains("= -1 ENOENT")), "only failing opens:\n{}", traced.trace);
    // Every exit record carries the atoms: bit 0 (nr == 257) and bit 1 (errno == 2).
    let exits: Vec<&str> = records.lines().filter(|l| l.starts_with("exit ")).collect();
    assert!(!exits.is_empty(), "records:\n{records}");
    for exit in &exits {
        let atoms = exit.split(' ').find_map(|f| f.strip_prefix("atoms=")).expect("atoms on every exit");
        let want = if exit.contains(&format!(" nr={NR_OPENAT} ")) { "0x3" } else { "0x0" };
        assert_eq!(atoms, want, "{exit}");
    }
}

#[test]
fn task_facts_name_the_parent_and_the_user() {
    require_root!();
    let shell = ["/bin/sh", "-c", "/bin/cat /etc/hostname > /dev/null; /bin/true"];
    let expr = "parent.comm==sh comm==cat && ppid>1 && uid==0 && gid==0 && nr==257 &&";
    let traced = traced(expr, &[], &["-f"], &shell);
    let lines = call_lines(&traced.trace);
    let opens: Vec<&&str> = lines.iter().filter(|l| l.contains("openat(")).collect();
    assert!(opens.iter().any(|l| l.contains("\"/etc/hostname\"")), "cat's open:\n{}", traced.trace);
    // Only cat's calls pass (and execve): not sh's nor true's opens (lines start with the pid).
    let pid = |line: &str| line.split_whitespace().next().map(str::to_owned);
    let cat_pid = opens.first().and_then(|l| pid(l));
    assert!(cat_pid.is_some(), "{}", traced.trace);
    assert!(opens.iter().all(|l| pid(l) == cat_pid), "{}", traced.trace);
    // Nobody's uid matches no call of this run.
    let nobody = self::traced("uid==65534 nr==257 &&", &[], &["-f"], &shell);
    assert!(!nobody.trace.contains("openat("), "{}", nobody.trace);
}

#[test]
fn summary_counts_only_the_calls_that_pass() {
    require_root!();
    let command = files();
    let kernel_counts = |expr: &str| {
        let traced = traced(expr, &[], &["-c"], &[&command]);
        let block = traced.stderr.split("kernel-summary\n").nth(1).unwrap_or_default().to_owned();
        let row = |nr: u64| {
            block.lines().find_map(|l| {
                let fields: Vec<u64> = l.split(' ').filter_map(|f| f.parse().ok()).collect();
                (fields.len() == 3 && fields[0] == nr).then(|| (fields[1], fields[2]))
            })
        };
        (row(NR_OPENAT), row(NR_READ), traced)
    };
    let (opens, reads, all) = kernel_counts("");
    assert!(opens.is_some_and(|(calls, errors)| calls >= 5 && errors >= 1), "{}", all.stderr);
    assert!(reads.is_some(), "{}", all.stderr);
    // An exit fact: counted at the exit, in the kernel (no syscall record crosses the ring).
    let (opens, reads, failing) = kernel_counts(&format!("nr=={NR_OPENAT} errno=={ENOENT} &&"));
    assert_eq!(syscall_records(&failing.stderr), 0, "{}", failing.stderr);
    let (calls, errors) = opens.expect("failing opens counted");
    assert!(calls >= 1 && calls == errors, "only failing opens: {calls} calls, {errors} errors");
    assert_eq!(reads, None, "{}", failing.stderr);
    // An argument: judged at the entry (O_CLOEXEC's bit is set in one of the fixture's opens).
    let (opens, _, cloexec) = kernel_counts(&format!("nr=={NR_OPENAT} arg2&0x80000 &&"));
    assert_eq!(syscall_records(&cloexec.stderr), 0, "{}", cloexec.stderr);
    assert!(opens.is_some_and(|(calls, _)| calls >= 1), "{}", cloexec.stderr);
}

/// The line's pid: `PID call` (`-f -o`) or `[pid  PID comm] call` (a scope's prefix).
fn line_pid(line: &str) -> Option<u32> {
    let rest = line.strip_prefix("[pid").unwrap_or(line).trim_start();
    rest.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

/// What follows the line's pid prefix.
fn line_body(line: &str) -> &str {
    match line.strip_prefix("[pid") {
        Some(rest) => rest.split_once("] ").map_or(rest, |(_, body)| body),
        None => line.split_once(' ').map_or(line, |(_, body)| body).trim_start(),
    }
}

#[test]
fn the_seed_example_under_ebpf_follow_shows_one_line() {
    require_root!();
    let dir = seed_dir("follow");
    let dir_text = dir.display().to_string();
    let traced = tracer_in(
        RunIn::default(),
        "ebpf",
        &["-f", "--filter", SEED, "-e", "trace=openat"],
        &[&fixture("fixture-filter"), &dir_text],
    );
    assert!(traced.status.success(), "{}\n{}", traced.stderr, traced.trace);
    let children = seed_children(&dir);
    let sshd_child =
        children.iter().find(|(name, _)| name == "sshd").map(|&(_, pid)| pid).expect("sshd child");
    let calls: Vec<&str> = traced.trace.lines().filter(|l| !line_body(l).starts_with("+++")).collect();
    let calls: Vec<&str> = calls.into_iter().filter(|l| !line_body(l).starts_with("---")).collect();
    let expected = format!(
        "openat(AT_FDCWD, \"{dir_text}/secret\", O_RDONLY|O_CLOEXEC) = -1 EACCES (Permission denied)"
    );
    assert_eq!(calls.len(), 1, "{}", traced.trace);
    assert_eq!((line_pid(calls[0]), line_body(calls[0])), (Some(sshd_child), expected.as_str()));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_seed_example_system_wide_shows_one_line_per_run() {
    require_root!();
    let trace_path = std::env::temp_dir().join(format!("tracer-kseed-{}-all.trace", std::process::id()));
    let mut tracer = std::process::Command::new(tracer_tests::tracer_bin())
        .args(["--backend", "ebpf", "--all", "--filter", SEED, "-e", "trace=openat", "-o"])
        .arg(&trace_path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("tracer runs");
    // The probes attach asynchronously, and the trace file is written when tracer ends: run the
    // fixture for a few seconds (the last runs with the probes attached), then stop tracer.
    let mut runs = Vec::new();
    let until = std::time::Instant::now() + std::time::Duration::from_secs(4);
    while std::time::Instant::now() < until || runs.len() < 5 {
        let dir = seed_dir(&format!("all{}", runs.len()));
        let status = std::process::Command::new(fixture("fixture-filter")).arg(&dir).status().expect("runs");
        assert!(status.success(), "the fixture itself");
        runs.push(dir);
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    // SAFETY: a signal to our own child.
    unsafe { libc::kill(tracer.id() as i32, libc::SIGINT) };
    let _ = tracer.wait();
    let trace = std::fs::read_to_string(&trace_path).unwrap_or_default();
    let _ = std::fs::remove_file(&trace_path);
    // Only the lines of this test's fixture processes count: the rest of the machine runs on.
    // Only the lines of this test's fixture processes count: the rest of the machine runs on.
    let fixture_pids: Vec<u32> = runs.iter().flat_map(|d| seed_children(d)).map(|(_, pid)| pid).collect();
    let ours: Vec<&str> = trace
        .lines()
        .filter(|l| line_pid(l).is_some_and(|pid| fixture_pids.contains(&pid)))
        .filter(|l| !line_body(l).starts_with("+++") && !line_body(l).starts_with("---"))
        .collect();
    // Each run shows its sshd child's denied open once (a run before the probes attached, none),
    // and nothing else: not the bash twin's child, not the readable file. The last runs were
    // traced.
    let mut shown = 0;
    for dir in &runs {
        let children = seed_children(dir);
        let pid_of = |name: &str| children.iter().find(|(n, _)| n == name).map(|&(_, pid)| pid);
        let (sshd, bash) = (pid_of("sshd").expect("sshd child"), pid_of("bash").expect("bash child"));
        let expected = format!(
            "openat(AT_FDCWD, \"{}/secret\", O_RDONLY|O_CLOEXEC) = -1 EACCES (Permission denied)",
            dir.display()
        );
        let lines: Vec<&&str> = ours.iter().filter(|l| line_pid(l) == Some(sshd)).collect();
        assert!(lines.len() <= 1 && lines.iter().all(|l| line_body(l) == expected), "{trace}");
        assert!(!ours.iter().any(|l| line_pid(l) == Some(bash)), "{trace}");
        shown += lines.len();
    }
    let last_shown = runs.last().and_then(|d| seed_children(d).into_iter().find(|(n, _)| n == "sshd"));
    assert!(last_shown.is_some_and(|(_, pid)| ours.iter().any(|l| line_pid(l) == Some(pid))), "{trace}");
    assert_eq!(ours.len(), shown, "{trace}");
    for dir in runs {
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn duration_is_judged_at_the_exit_of_a_call_that_blocked() {
    require_root!();
    const NR_CLOCK_NANOSLEEP: u64 = 230;
    let sleep = ["/bin/sleep", "0.2"];
    // Held in the kernel while the task sleeps (not sent when it is switched out), judged at exit.
    let long = traced(&format!("nr=={NR_CLOCK_NANOSLEEP} duration>100000000 &&"), &[], &[], &sleep);
    let lines = call_lines(&long.trace);
    assert!(lines.iter().any(|l| l.starts_with("clock_nanosleep(")), "{}", long.trace);
    assert!(lines.iter().all(|l| !l.contains("resumed>") && !l.contains("<unfinished")), "{}", long.trace);
    let longer = traced(&format!("nr=={NR_CLOCK_NANOSLEEP} duration>1000000000 &&"), &[], &[], &sleep);
    assert!(!longer.trace.contains("clock_nanosleep("), "{}", longer.trace);
    assert!(syscall_records(&longer.stderr) <= 2, "only execve's records; stderr:\n{}", longer.stderr);
}

#[test]
fn summary_with_the_filter_flag_counts_in_the_kernel() {
    require_root!();
    let filter = r#"errno == ENOENT && name == "openat""#;
    let traced = traced("", &[], &["-c", "--filter", filter], &[&files()]);
    assert_eq!(syscall_records(&traced.stderr), 0, "the kernel counted: {}", traced.stderr);
    let block = traced.stderr.split("kernel-summary\n").nth(1).unwrap_or_default();
    let rows: Vec<Vec<u64>> = block
        .lines()
        .map(|l| l.split(' ').filter_map(|f| f.parse().ok()).collect::<Vec<u64>>())
        .filter(|fields| fields.len() == 3)
        .collect();
    assert_eq!(rows.len(), 1, "openat alone: {block}");
    assert!(rows[0][0] == NR_OPENAT && rows[0][1] >= 1 && rows[0][1] == rows[0][2], "{block}");
    assert!(traced.trace.contains(" openat\n"), "the -c table:\n{}", traced.trace);
}

/// The `args=[..]` of a dumped entry, as numbers.
fn dumped_args(line: &str) -> Option<Vec<u64>> {
    let list = line.split_once("args=[")?.1.strip_suffix(']')?;
    list.split(',').map(|a| u64::from_str_radix(a.trim_start_matches("0x"), 16).ok()).collect()
}

#[test]
fn kernel_atoms_agree_with_the_records_they_come_with() {
    require_root!();
    let dump = std::env::temp_dir().join(format!("tracer-kexpr-{}-agree.records", std::process::id()));
    let dump_var = dump.to_string_lossy().into_owned();
    // Ops: 0 nr==257, 1 ret<0, 3 errno==2, 5 arg2&O_CLOEXEC, 7 comm, 9 uid==0 (the rest: ORs and a
    // userspace atom, so that no call is dropped and every exit is dumped).
    let expr = "nr==257 ret<0 || errno==2 || arg2&0x80000 || comm==fixture-files || uid==0 || ? ||";
    let traced = traced(expr, &[("TRACER_DUMP_RECORDS", &dump_var)], &[], &[&files()]);
    assert_eq!(traced.status.code(), Some(7), "{}", traced.stderr);
    let records = std::fs::read_to_string(&dump).unwrap_or_default();
    let _ = std::fs::remove_file(&dump);
    let field = |line: &str, name: &str| {
        line.split(' ').find_map(|f| f.strip_prefix(name)).and_then(|v| v.parse::<i64>().ok())
    };
    let mut args = None;
    let mut checked = 0;
    for line in records.lines() {
        if line.starts_with("enter ") {
            args = dumped_args(line);
            continue;
        }
        if !line.starts_with("exit ") {
            continue;
        }
        let (Some(nr), Some(ret), Some(args)) = (field(line, "nr="), field(line, "ret="), args.take()) else {
            continue;
        };
        let atoms = line.split(' ').find_map(|f| f.strip_prefix("atoms=0x")).expect("atoms on every exit");
        let atoms = u32::from_str_radix(atoms, 16).expect("hex");
        let mut want = 1 << 7 | 1 << 9;
        want |= u32::from(nr == NR_OPENAT as i64);
        want |= u32::from(ret < 0) << 1;
        want |= u32::from(ret == -(ENOENT as i64)) << 3;
        want |= u32::from(args[2] & 0x80000 != 0) << 5;
        assert_eq!(atoms, want, "{line} (args {args:x?})");
        checked += 1;
    }
    assert!(checked >= 10, "exits checked: {checked}\n{records}");
}

#[test]
fn a_call_that_changes_its_task_is_judged_by_its_exit_as_under_ptrace() {
    require_root!();
    let dir = seed_dir("changes");
    let dir_text = dir.display().to_string();
    // prctl renames the twin sshd and setuid makes the child nobody: true only once they return.
    let filter = r#"comm == "sshd" && (name == "prctl" || uid == 65534)"#;
    let bodies = |backend: &str| {
        let traced = tracer_in(
            RunIn::default(),
            backend,
            &["-f", "-e", "trace=prctl,setuid", "--filter", filter],
            &[&fixture("fixture-filter"), &dir_text],
        );
        assert!(traced.status.success(), "{backend}: {}", traced.stderr);
        let calls =
            traced.trace.lines().map(line_body).filter(|b| !b.starts_with("+++") && !b.starts_with("---"));
        calls.map(str::to_owned).collect::<Vec<String>>()
    };
    let ebpf = bodies("ebpf");
    assert_eq!(ebpf, bodies("ptrace"), "eBPF (left) vs ptrace (right)");
    assert_eq!(ebpf.len(), 2, "{ebpf:?}");
    assert!(
        ebpf[0].starts_with("prctl(PR_SET_NAME, \"sshd\")") && ebpf[1].starts_with("setuid(65534)"),
        "{ebpf:?}"
    );
    // `-c`, counted in the kernel under eBPF, counts them as ptrace does.
    let counts = |backend: &str| {
        let args = ["-f", "-c", "-e", "trace=prctl,setuid", "--filter", filter];
        let traced = tracer_in(RunIn::default(), backend, &args, &[&fixture("fixture-filter"), &dir_text]);
        let mut rows: Vec<(String, String)> = traced
            .trace
            .lines()
            .filter_map(|l| {
                let fields: Vec<&str> = l.split_whitespace().collect();
                (fields.len() >= 5 && fields[0].parse::<f64>().is_ok())
                    .then(|| (fields[fields.len() - 1].to_owned(), fields[3].to_owned()))
            })
            .collect();
        rows.sort();
        rows
    };
    let ebpf_counts = counts("ebpf");
    assert_eq!(ebpf_counts, counts("ptrace"), "eBPF -c (left) vs ptrace -c (right)");
    assert_eq!(ebpf_counts.len(), 3, "prctl, setuid, total: {ebpf_counts:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
