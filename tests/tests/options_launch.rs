//! End to end: strace 6.1's options for how the command is started and where the trace goes
//! (`-E`, `-b execve`, `-D`/`-DD`/`-DDD`, `-I`, `-o '|CMD'`, a failing `-o` file, closed standard
//! descriptors, `-e fault=` limited to traced calls), against the installed strace where the
//! output is comparable.

use std::os::unix::process::CommandExt as _;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use tracer_tests::{backends, normalize_trace, strace, tracer, tracer_bin};

/// A temporary file path of this test process.
fn temp(tag: &str) -> PathBuf {
    std::env::temp_dir().join(format!("tracer-launch-{}-{tag}", std::process::id()))
}

/// `tracer --backend BACKEND ARGS...` (no `-o` added), stdout and stderr captured.
fn run_tracer(backend: &str, args: &[&str]) -> Output {
    Command::new(tracer_bin())
        .args(["--backend", backend])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("tracer runs")
}

/// `tracer --backend BACKEND`, or strace for `None`, to be given the rest of the command line.
fn tracer_or_strace(backend: Option<&str>) -> Command {
    match backend {
        Some(backend) => {
            let mut cmd = Command::new(tracer_bin());
            cmd.args(["--backend", backend]);
            cmd
        }
        None => Command::new("strace"),
    }
}

/// What `sh -c SCRIPT` wrote to stdout under `tracer ARGS...` (or strace, for `None`).
fn shell_output(backend: Option<&str>, args: &[&str], script: &str) -> String {
    let mut cmd = tracer_or_strace(backend);
    let out = cmd
        .args(["-o", "/dev/null", "-e", "trace=none"])
        .args(args)
        .args(["sh", "-c", script])
        .env("TRACER_LAUNCH_KEEP", "kept")
        .env("TRACER_LAUNCH_GONE", "gone")
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert!(out.status.success(), "{backend:?} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn env_changes_reach_the_command_as_under_strace() {
    let script =
        r#"echo "${TRACER_LAUNCH_NEW-unset} ${TRACER_LAUNCH_KEEP-unset} ${TRACER_LAUNCH_GONE-unset}""#;
    let args =
        ["-E", "TRACER_LAUNCH_NEW=new", "--env=TRACER_LAUNCH_KEEP=changed", "-E", "TRACER_LAUNCH_GONE"];
    let theirs = shell_output(None, &args, script);
    assert_eq!(theirs, "new changed unset\n");
    for backend in backends() {
        assert_eq!(shell_output(Some(backend), &args, script), theirs, "{backend}");
    }
}

#[test]
fn detach_on_execve_matches_strace() {
    let flags = ["-b", "execve", "-e", "trace=execve"];
    let command = ["sh", "-c", "exec /bin/true"];
    let reference = strace(&flags, &command);
    let ours = tracer("ptrace", &flags, &command);
    assert_eq!(ours.status.code(), reference.status.code(), "{}", ours.stderr);
    let (ours, theirs) = (normalize_trace(&ours.trace), normalize_trace(&reference.trace));
    assert_eq!(ours, theirs);
    assert!(theirs.last().is_some_and(|l| l.ends_with(" <detached ...>")), "{theirs:?}");
    // Said on stderr without -o (and -q), as strace says it.
    let out = run_tracer("ptrace", &["-b", "execve", "-e", "trace=none", "sh", "-c", "exec /bin/false"]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(": Process ") && stderr.ends_with(" detached\n"), "{stderr}");
}

#[test]
fn detach_on_other_calls_and_daemonize_misuse_are_one_line_errors() {
    for (args, says) in [
        (&["-b", "open", "true"][..], "Syscall 'open' for -b isn't supported"),
        (&["-DDDD", "true"], "Too many -D's (4), maximum supported -D count is 3"),
        (&["-D", "-p", "1"], "PROG [ARGS] must be specified with -D/--daemonize"),
        (&["-D", "--daemonize=session", "true"], "-D and --daemonize cannot be provided simultaneously"),
        (&["--daemonize=x", "true"], "invalid --daemonize argument: 'x'"),
        (&["-I", "5", "true"], "invalid -I argument: '5'"),
        (
            &["-ff", "-o", "|cat", "true"],
            "piping the output and -ff/--output-separately are mutually exclusive",
        ),
    ] {
        let out = run_tracer("ptrace", args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.lines().next().is_some_and(|l| l.ends_with(says)), "{args:?}: {stderr}");
    }
}

/// The tracer of the command, seen from the command: `PPID TRACERPID TRACER_PPID TRACER_PGID
/// TRACER_SID COMMAND_PGID COMMAND_SID`.
const WHO_TRACES: &str = r#"t=$(sed -n 's/^TracerPid:[[:space:]]*//p' /proc/$$/status)
p=$(sed -n 's/^PPid:[[:space:]]*//p' /proc/$$/status)
echo $p $t $(cut -d' ' -f4-6 /proc/$t/stat) $(cut -d' ' -f5-6 /proc/$$/stat)"#;

#[test]
fn daemonized_tracer_is_a_grandchild_in_its_own_group_or_session() {
    let fields = |args: &[&str]| -> Vec<i64> {
        let text = shell_output(Some("ptrace"), args, WHO_TRACES);
        text.split_whitespace().map(|f| f.parse().expect("a number")).collect()
    };
    let plain = fields(&[]);
    assert_eq!(plain[0], plain[1], "tracer is the parent: {plain:?}");
    for (flags, new_group, new_session) in
        [(&["-D"][..], false, false), (&["-DD"], true, false), (&["--daemonize=session"], true, true)]
    {
        let [ppid, tracer, tracer_ppid, pgid, sid, command_pgid, command_sid] = fields(flags)[..] else {
            panic!("{flags:?}: unexpected output");
        };
        assert!(tracer > 0 && ppid != tracer, "{flags:?}: the command's parent is not its tracer");
        assert_ne!(tracer_ppid, ppid, "{flags:?}: tracer's parent is gone");
        assert_eq!(pgid != command_pgid, new_group, "{flags:?}");
        assert_eq!(sid != command_sid, new_session, "{flags:?}");
    }
}

#[test]
fn piped_output_reaches_the_command_like_strace() {
    let fixture = tracer_tests::fixture("fixture-bytes");
    let piped = |tool: Option<&str>| {
        let file = temp(&format!("pipe-{}", tool.unwrap_or("strace")));
        let pipe = format!("|cat > {}", file.display());
        let mut cmd = tracer_or_strace(tool);
        let out = cmd.args(["-o", &pipe, "-e", "trace=write"]).arg(&fixture).output().expect("runs");
        assert!(out.status.success(), "{tool:?}: {}", String::from_utf8_lossy(&out.stderr));
        // The command has read the whole trace when the tracer ends.
        let text = std::fs::read_to_string(&file).expect("the pipe command wrote");
        let _ = std::fs::remove_file(&file);
        normalize_trace(&text)
    };
    let theirs = piped(None);
    assert!(theirs.iter().any(|l| l.starts_with("write(")), "{theirs:?}");
    for backend in backends() {
        assert_eq!(piped(Some(backend)), theirs, "{backend}");
    }
}

#[test]
fn a_full_output_file_is_reported_once_like_strace() {
    for backend in backends() {
        let out = run_tracer(backend, &["-o", "/dev/full", "-e", "trace=none", "true"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{backend}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{backend}: {stderr}");
        assert!(stderr.ends_with(": /dev/full: No space left on device\n"), "{backend}: {stderr}");
    }
}

#[test]
fn closed_standard_descriptors_stay_closed_for_the_command() {
    let script = "for fd in 0 1; do [ -e /proc/$$/fd/$fd ] && echo open $fd >&2; done; true";
    for backend in backends() {
        let mut cmd = Command::new(tracer_bin());
        cmd.args(["--backend", backend, "-o", "/dev/null", "-e", "trace=none", "sh", "-c", script]);
        // SAFETY: close(2) in the child before exec.
        unsafe {
            cmd.pre_exec(|| {
                libc::close(0);
                libc::close(1);
                Ok(())
            });
        }
        let out = cmd.output().expect("runs");
        assert!(out.status.success());
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{backend}");
    }
}

#[test]
fn faults_touch_only_traced_calls_like_strace() {
    // strace leaves the dynamic loader's mmap alone: only traced calls are tampered with.
    let flags = ["-e", "trace=writev", "-e", "fault=desc,51"];
    let reference = strace(&flags, &["true"]);
    let ours = tracer("ptrace", &flags, &["true"]);
    assert_eq!(reference.status.code(), Some(0));
    assert_eq!(ours.status.code(), Some(0), "{}", ours.stderr);
    assert_eq!(normalize_trace(&ours.trace), normalize_trace(&reference.trace));
}

#[test]
fn injected_results_read_as_strace_reads_them() {
    // A retval= is never an error, and success values print unsigned.
    let calls = "trace=geteuid";
    for retval in ["0xfffffffffffffffe", "0x8000000000000000"] {
        let flags = ["-e", calls, "-e", &format!("inject=geteuid:retval={retval}")];
        let reference = strace(&flags, &["id", "-u"]);
        let ours = tracer("ptrace", &flags, &["id", "-u"]);
        assert_eq!(normalize_trace(&ours.trace), normalize_trace(&reference.trace), "{retval}");
    }
    // An exit_group made to fail returns, as under strace.
    let flags = ["-e", "trace=exit_group", "-e", "fault=exit_group:when=1"];
    let reference = strace(&flags, &["true"]);
    let ours = tracer("ptrace", &flags, &["true"]);
    assert_eq!(normalize_trace(&ours.trace), normalize_trace(&reference.trace));
}

/// `tracer`'s or strace's (`None`) `-u USER` run of `id -u` and `id -G`: what the command saw.
fn ids_as(backend: Option<&str>, user: &str) -> Output {
    let mut cmd = tracer_or_strace(backend);
    cmd.args(["-o", "/dev/null", "-u", user, "sh", "-c", "id -u; id -g; id -G"])
        .stdin(Stdio::null())
        .output()
        .expect("runs")
}

#[test]
fn user_option_runs_the_command_as_that_user_like_strace() {
    if !tracer_tests::is_root() {
        // strace's own refusal, which tracer mirrors.
        let out = run_tracer("ptrace", &["-u", "nobody", "true"]);
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.ends_with(": You must be root to use the -u/--username option\n"), "{stderr}");
        return;
    }
    let theirs = ids_as(None, "nobody");
    assert!(theirs.status.success(), "{}", String::from_utf8_lossy(&theirs.stderr));
    assert!(String::from_utf8_lossy(&theirs.stdout).starts_with("65534\n"));
    for backend in backends() {
        let ours = ids_as(Some(backend), "nobody");
        assert_eq!(ours.status.code(), Some(0), "{backend}: {}", String::from_utf8_lossy(&ours.stderr));
        assert_eq!(ours.stdout, theirs.stdout, "{backend}");
        // The long form, as strace's --user=.
        let out = run_tracer(backend, &["-o", "/dev/null", "--user=nobody", "id", "-u"]);
        assert_eq!(String::from_utf8_lossy(&out.stdout), "65534\n", "{backend}");
    }
}

#[test]
fn unknown_users_are_a_one_line_error_like_strace() {
    if !tracer_tests::is_root() {
        // The user lookup comes after strace's root check.
        return;
    }
    let theirs = Command::new("strace").args(["-u", "no-such-user-xyz", "true"]).output().expect("strace");
    let theirs = String::from_utf8_lossy(&theirs.stderr).replace("strace: ", "tracer: ");
    for backend in backends() {
        let out = run_tracer(backend, &["-u", "no-such-user-xyz", "true"]);
        assert_eq!(out.status.code(), Some(1), "{backend}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), tracer_tests::as_invoked(&theirs), "{backend}");
        assert!(out.stdout.is_empty());
    }
    // strace 6.1 has no numeric UID:GID form: it is a user name like any other.
    let out = run_tracer("ptrace", &["-u", "0:0", "true"]);
    assert!(String::from_utf8_lossy(&out.stderr).ends_with(": Cannot find user '0:0'\n"));
}

/// The trace of `-o FILE EXTRA... /bin/true`, run twice with `-A` by tracer (or strace, `None`),
/// `FILE` removed first; returns what FILE (or with -ff, FILE.PID files) then held, normalised.
fn appended_twice(backend: Option<&str>, extra: &[&str], tag: &str) -> Vec<String> {
    let base = temp(tag);
    let dir = base.parent().expect("a directory").to_path_buf();
    let stem = base.file_name().expect("a name").to_string_lossy().into_owned();
    let files = || {
        let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("temp dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&stem)))
            .collect();
        found.sort();
        found
    };
    for file in files() {
        let _ = std::fs::remove_file(file);
    }
    // A line that must survive: -A appends, never truncates.
    let seed = format!("{}{}", base.display(), if extra.contains(&"-ff") { ".1" } else { "" });
    std::fs::write(&seed, "before\n").expect("seed file");
    for _ in 0..2 {
        let mut cmd = tracer_or_strace(backend);
        let out = cmd
            .args(["-A", "-o"])
            .arg(&base)
            .args(extra)
            .args(["-e", "trace=execve,exit_group", "/bin/true"])
            .stdin(Stdio::null())
            .output()
            .expect("runs");
        assert!(out.status.success(), "{backend:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stderr.is_empty(), "{backend:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    // One block per file (-ff's FILE.PID names differ between runs: the blocks are sorted).
    let mut blocks = Vec::new();
    for file in files() {
        let text = std::fs::read_to_string(&file).expect("trace");
        let mut block =
            vec![format!("{} file", if file.as_os_str() == seed.as_str() { "seed" } else { "pid" })];
        block.extend(normalize_trace(&text));
        blocks.push(block);
        let _ = std::fs::remove_file(file);
    }
    blocks.sort();
    blocks.concat()
}

#[test]
fn append_mode_keeps_earlier_traces_like_strace() {
    for extra in [&[][..], &["-ff"]] {
        let theirs = appended_twice(None, extra, "append-strace");
        assert_eq!(theirs.iter().filter(|l| l.starts_with("execve(")).count(), 2, "{theirs:?}");
        for backend in backends() {
            let ours = appended_twice(Some(backend), extra, &format!("append-{backend}"));
            assert_eq!(ours, theirs, "{backend} {extra:?}");
        }
    }
}

#[test]
fn append_mode_without_output_file_is_a_warning_like_strace() {
    let theirs = Command::new("strace").args(["-A", "-e", "trace=none", "true"]).output().expect("strace");
    let theirs = String::from_utf8_lossy(&theirs.stderr).replace("strace: ", "tracer: ");
    for backend in backends() {
        let out = run_tracer(backend, &["-A", "-e", "trace=none", "true"]);
        assert_eq!(out.status.code(), Some(0), "{backend}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), tracer_tests::as_invoked(&theirs), "{backend}");
    }
}
