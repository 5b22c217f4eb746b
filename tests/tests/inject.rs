//! `-e inject=` and `-e fault=` (ptrace only): the tracee sees exactly the injected result, and the
//! trace is strace's, ` (INJECTED)` included. The eBPF backend refuses them.

use tracer_tests::{first_difference, normalize_unprefixed, strace, tracer, Traced};

/// Normalised lines, without `+++`/`---` lines and `-f`'s pid column (they carry pids).
fn lines(traced: &Traced) -> Vec<String> {
    normalize_unprefixed(&traced.trace)
        .into_iter()
        .filter(|l| !l.starts_with("+++") && !l.starts_with("---"))
        // getpid's real result differs per run.
        .map(|l| match l.strip_prefix("getpid()") {
            Some(rest) if !rest.contains("INJECTED") => "getpid() = PID".to_string(),
            _ => l,
        })
        .collect()
}

/// strace and the ptrace backend (PTRACE_SYSCALL, and seccomp-bpf with `-f`) agree on the trace and
/// the exit status.
fn agree(flags: &[&str], command: &[&str]) -> Vec<String> {
    let reference = strace(flags, command);
    let want = lines(&reference);
    assert!(want.iter().any(|l| l.contains("(INJECTED")), "strace {flags:?}: {want:?}");
    let mut with_f = vec!["-f"];
    with_f.extend_from_slice(flags);
    let reference_f = strace(&with_f, command);
    for (args, reference) in [(flags.to_vec(), &reference), (with_f.clone(), &reference_f)] {
        let traced = tracer("ptrace", &args, command);
        // The tracee's own messages (tracer's would differ from strace's).
        assert_eq!(traced.stderr, reference.stderr, "{args:?} {command:?}");
        if let Some(diff) = first_difference(&lines(&traced), &lines(reference)) {
            panic!("{args:?} {command:?}: {diff}");
        }
        assert_eq!(traced.status.code(), reference.status.code(), "{args:?} {command:?}");
    }
    want
}

#[test]
fn inject_error_on_the_second_openat() {
    let want =
        agree(&["-e", "inject=openat:error=ENOENT:when=2"], &["cat", "/etc/hostname", "/etc/hostname"]);
    assert_eq!(want.iter().filter(|l| l.contains("(INJECTED)")).count(), 1);
}

#[test]
fn pokes_show_what_they_wrote_and_stand_in_calls_run() {
    // poke_enter before the entry's buffer is read, with a replaced result: `(INJECTED: args,
    // retval)`; poke_exit before the exit's buffer is read (the ELF header cat's loader reads
    // goes bad, and cat fails as under strace); syscall= with retval=.
    let want = agree(
        &["-e", "trace=write", "-e", "inject=write:poke_enter=@arg2=41:error=EIO"],
        &["sh", "-c", "echo hi"],
    );
    assert!(want
        .iter()
        .any(|l| l.starts_with("write(1, \"Ai\\n\", 3)") && l.ends_with("(INJECTED: args, retval)")));
    let want = agree(
        &["-e", "trace=read", "-e", "inject=read:poke_exit=@arg2=42:when=1"],
        &["cat", "/etc/hostname"],
    );
    assert!(want.iter().any(|l| l.starts_with("read(3, \"BELF") && l.ends_with("(INJECTED: args)")));
    agree(&["-e", "trace=write", "-e", "inject=write:syscall=gettid:retval=3"], &["sh", "-c", "echo hi"]);
}

#[test]
fn inject_error_on_the_files_cat_opens() {
    // The command's own opens fail: cat exits 1, as under strace.
    let flags = ["-e", "trace=openat,close", "-e", "inject=openat:error=EACCES:when=3+"];
    agree(&flags, &["cat", "/etc/hostname", "/etc/hostname"]);
}

#[test]
fn fault_defaults_to_enosys() {
    let want = agree(&["-e", "trace=getpid", "-e", "fault=getpid"], &["sh", "-c", "echo $$"]);
    assert!(want.iter().any(|l| l.contains("= -1 ENOSYS (Function not implemented) (INJECTED)")), "{want:?}");
}

#[test]
fn retval_on_a_range_of_calls() {
    let flags = ["-e", "trace=getpid", "-e", "inject=getpid:retval=42:when=2..3+1"];
    let script = "import os; [os.getpid() for _ in range(5)]";
    let want = agree(&flags, &["/usr/bin/python3", "-I", "-S", "-c", script]);
    assert_eq!(want.iter().filter(|l| l.contains("= 42 (INJECTED)")).count(), 2, "{want:?}");
}

#[test]
fn ebpf_refuses_injection() {
    for expr in ["inject=getpid:error=EPERM", "fault=getpid"] {
        let traced = tracer("ebpf", &["-e", expr], &["true"]);
        assert_eq!(traced.status.code(), Some(1), "{expr}");
        assert_eq!(
            traced.stderr,
            tracer_tests::as_invoked(
                "tracer: -e inject needs --backend ptrace: tracepoints cannot change a syscall's result\n"
            )
        );
    }
}

#[test]
fn bad_values_read_like_strace() {
    for expr in [
        "inject=openat",
        "inject=openat:error=FOO",
        "inject=openat:when=0",
        "inject=openat:error=ENOENT:when=3..2",
        "inject=openat:error=ENOENT:retval=1",
        "inject=openat:signal=FOO",
        "inject=openat:syscall=getpid",
        "inject=openat:syscall=write:error=EIO",
        "inject=openat:poke_enter=@arg0=41",
        "inject=openat:poke_enter=@arg2=4",
        "inject=openat:poke_enter=@arg2=41,@arg2=42",
        "fault=openat:retval=1",
        "inject=foo:error=ENOENT",
        "inject=:error=ENOENT",
    ] {
        let reference = strace(&["-e", expr], &["true"]);
        let traced = tracer("ptrace", &["-e", expr], &["true"]);
        assert_eq!(traced.status.code(), Some(1), "{expr}");
        assert_eq!(reference.status.code(), Some(1), "{expr}");
        let theirs = tracer_tests::as_invoked(&reference.stderr.replacen("strace: ", "tracer: ", 1));
        assert_eq!(traced.stderr, theirs, "{expr}");
    }
}

/// A parent forks, then makes a call held 2 s at its entry; the child, meanwhile, calls uname.
const DELAYED_PARENT: &str = "import os, time
pid = os.fork()
if pid == 0:
    time.sleep(0.3)
    for _ in range(3):
        os.uname()
    os._exit(0)
os.getppid()
os.waitpid(pid, 0)
";

#[test]
fn a_delay_holds_only_its_own_task() {
    // As under strace: the held call's entry shows, the child's calls go on being traced (and
    // shown) meanwhile, and the call resumes after them. A tracer that slept instead would show
    // the call whole first, the child's calls after.
    let flags = ["-f", "-e", "trace=getppid,uname", "-e", "inject=getppid:delay_enter=2s"];
    for (who, traced) in [
        ("strace", strace(&flags, &["/usr/bin/python3", "-c", DELAYED_PARENT])),
        ("tracer", tracer("ptrace", &flags, &["/usr/bin/python3", "-c", DELAYED_PARENT])),
    ] {
        assert!(traced.status.success(), "{who}: {}", traced.stderr);
        let lines: Vec<&str> = traced.trace.lines().collect();
        let position = |text: &str| lines.iter().position(|l| l.contains(text));
        let entry = position("getppid( <unfinished ...>");
        let resumed = position("<... getppid resumed>");
        let unames: Vec<usize> =
            lines.iter().enumerate().filter(|(_, l)| l.contains("uname(")).map(|(i, _)| i).collect();
        assert_eq!(unames.len(), 3, "{who}: {}", traced.trace);
        let (Some(entry), Some(resumed)) = (entry, resumed) else {
            panic!("{who}: no held call in\n{}", traced.trace)
        };
        assert!(unames.iter().all(|&i| entry < i && i < resumed), "{who}:\n{}", traced.trace);
        assert!(lines[resumed].ends_with(" (DELAYED)"), "{who}: {}", lines[resumed]);
    }
}
