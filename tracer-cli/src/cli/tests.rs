use std::ffi::OsString;
use std::path::PathBuf;

use super::{BackendKind, CliError, Config, RawArgs};
use crate::decode::XlatStyle;
use crate::sets::{DecodeFds, Quiet, SignalSet, StatusSet, SyscallSet};

fn parse(args: &[&str]) -> Result<Config, CliError> {
    let raw = RawArgs::try_parse_ordered(std::iter::once("tracer").chain(args.iter().copied()))
        .map_err(|e| CliError::usage(e.to_string()))?;
    Config::from_raw(raw)
}

fn usage(text: &str) -> Result<Config, CliError> {
    Err(CliError::usage(text))
}

fn bad(text: &str) -> Result<Config, CliError> {
    Err(CliError::bad(text))
}

fn nr(name: &str) -> u64 {
    u64::from(tracer_common::syscall::by_name(name).expect("known").nr)
}

#[test]
fn defaults_match_strace() {
    let config = parse(&["ls", "/"]).expect("parses");
    assert_eq!(config.backend, BackendKind::Ptrace);
    assert_eq!(config.strlen, 32);
    assert_eq!(config.command, vec![OsString::from("ls"), OsString::from("/")]);
    assert_eq!(config.columns, 40);
    assert_eq!(config.xlat, XlatStyle::Abbrev);
    assert_eq!(
        (config.abbrev, config.verbose, config.raw),
        (SyscallSet::all(), SyscallSet::all(), SyscallSet::none())
    );
    assert_eq!(config.decode_fds, DecodeFds::NONE);
}

#[test]
fn flags_after_the_command_belong_to_it() {
    let config = parse(&["-s", "64", "--backend", "ebpf", "--", "ls", "-l", "-s"]).expect("parses");
    assert_eq!(config.strlen, 64);
    assert_eq!(config.backend, BackendKind::Ebpf);
    assert_eq!(config.command, ["ls", "-l", "-s"].map(OsString::from).to_vec());
    let config = parse(&["ls", "-l"]).expect("parses");
    assert_eq!(config.command, ["ls", "-l"].map(OsString::from).to_vec());
    let config = parse(&["-y", "ls", "-yy", "-v"]).expect("parses");
    assert_eq!((config.decode_fds, config.abbrev), (DecodeFds::PATH, SyscallSet::all()));
}

#[test]
fn bad_input_is_a_one_line_usage_error() {
    assert_eq!(parse(&["-s", "-5", "ls"]), usage("invalid -s argument: '-5'"));
    assert_eq!(parse(&["-s", "x", "ls"]), usage("invalid -s argument: 'x'"));
    assert_eq!(parse(&[]), usage("must have PROG [ARGS] or -p PID"));
    // An unknown flag before PROG is an error, not a program name.
    assert!(parse(&["--bogus", "ls"]).is_err_and(|e| e.to_string().contains("--bogus")));
}

#[test]
fn columns_and_const_style() {
    assert_eq!(parse(&["-a", "60", "ls"]).map(|c| c.columns), Ok(60));
    assert_eq!(parse(&["-a", "0", "ls"]).map(|c| c.columns), Ok(0));
    assert_eq!(parse(&["--columns=7", "-a", "5", "ls"]).map(|c| c.columns), Ok(5));
    assert_eq!(parse(&["-a", "5", "--columns=7", "ls"]).map(|c| c.columns), Ok(7));
    assert_eq!(parse(&["-a", "x", "ls"]), usage("invalid -a argument: 'x'"));
    assert_eq!(parse(&["-a", "-1", "ls"]), usage("invalid -a argument: '-1'"));
    assert_eq!(parse(&["-a", "1000000000000", "ls"]), usage("invalid -a argument: '1000000000000'"));
    assert_eq!(parse(&["--columns=x", "ls"]), usage("invalid --columns argument: 'x'"));
    assert_eq!(parse(&["-X", "raw", "ls"]).map(|c| c.xlat), Ok(XlatStyle::Raw));
    assert_eq!(parse(&["-X", "raw", "-X", "verbose", "ls"]).map(|c| c.xlat), Ok(XlatStyle::Verbose));
    assert_eq!(parse(&["--const-print-style=abbrev", "ls"]).map(|c| c.xlat), Ok(XlatStyle::Abbrev));
    assert_eq!(parse(&["-X", "foo", "ls"]), usage("invalid -X argument: 'foo'"));
    assert_eq!(
        parse(&["--const-print-style=foo", "ls"]),
        usage("invalid --const-print-style argument: 'foo'")
    );
}

#[test]
fn abbrev_and_raw_sets_apply_in_order() {
    let config = parse(&["-v", "ls"]).expect("parses");
    assert_eq!(config.abbrev, SyscallSet::none());
    let config = parse(&["-v", "-e", "abbrev=read", "ls"]).expect("parses");
    assert!(config.abbrev.contains(nr("read")) && !config.abbrev.contains(nr("write")));
    let config = parse(&["-e", "abbrev=read", "-v", "ls"]).expect("parses");
    assert_eq!(config.abbrev, SyscallSet::none());
    let config = parse(&["--abbrev=none", "-e", "a=all", "ls"]).expect("parses");
    assert_eq!(config.abbrev, SyscallSet::all());
    let config = parse(&["-e", "raw=openat,close", "ls"]).expect("parses");
    assert!(config.raw.contains(nr("openat")) && !config.raw.contains(nr("read")));
    assert_eq!(parse(&["--raw=all", "ls"]).map(|c| c.raw), Ok(SyscallSet::all()));
    assert_eq!(parse(&["-e", "x=all", "ls"]).map(|c| c.raw), Ok(SyscallSet::all()));
    assert_eq!(parse(&["-e", "verbose=all", "ls"]).map(|c| c.verbose), Ok(SyscallSet::all()));
}

#[test]
fn bad_sets_read_like_strace_without_the_hint() {
    assert_eq!(parse(&["-e", "abbrev=foo", "ls"]), bad("invalid system call 'foo'"));
    assert_eq!(parse(&["-e", "raw=", "ls"]), bad("invalid system call ''"));
    assert_eq!(parse(&["--raw=%foo", "ls"]), bad("invalid system call '%foo'"));
    assert_eq!(parse(&["-e", "foo=bar", "ls"]), bad("invalid system call 'foo=bar'"));
    assert_eq!(
        parse(&["-e", "raw=read@16", "ls"]),
        usage("incorrect personality designator '16' in qualification 'read@16'")
    );
    assert_eq!(parse(&["-e", "trace=foo", "ls"]), bad("invalid system call 'foo'"));
    assert_eq!(parse(&["--trace=%foo", "ls"]), bad("invalid system call '%foo'"));
    assert_eq!(parse(&["-e", "t=", "ls"]), bad("invalid system call ''"));
}

#[test]
fn status_sets_z_and_big_z_last_one_wins() {
    use crate::sets::Status;
    let status = |args: &[&str]| parse(args).map(|c| c.status);
    assert_eq!(status(&["ls"]), Ok(StatusSet::all()));
    let failed = StatusSet::parse("failed").expect("valid");
    let successful = StatusSet::parse("successful").expect("valid");
    assert_eq!(status(&["-Z", "ls"]), Ok(failed));
    assert_eq!(status(&["--failed-only", "ls"]), Ok(failed));
    assert_eq!(status(&["-z", "ls"]), Ok(successful));
    assert_eq!(status(&["-z", "-Z", "ls"]), Ok(failed));
    assert_eq!(status(&["-Z", "-e", "status=successful", "ls"]), Ok(successful));
    assert_eq!(status(&["-e", "status=successful", "-Z", "ls"]), Ok(failed));
    let both = status(&["--status=failed,unfinished", "ls"]).expect("parses");
    assert!(both.contains(Status::Unfinished) && !both.contains(Status::Successful));
    assert_eq!(parse(&["-e", "status=bogus", "ls"]), bad("invalid status 'bogus'"));
    assert_eq!(parse(&["-e", "status=", "ls"]), bad("invalid status ''"));
}

#[test]
fn inject_and_fault() {
    let config =
        parse(&["-e", "inject=openat:error=ENOENT:when=2", "-e", "fault=getpid", "ls"]).expect("parses");
    assert_eq!(config.inject.rule(nr("openat")).map(|r| r.ret), Some(Some(-2)));
    assert_eq!(config.inject.rule(nr("getpid")).map(|r| r.ret), Some(Some(-38)));
    assert!(crate::filter::calls_to_see(config.trace, config.inject.calls(), false).contains(nr("getpid")));
    assert_eq!(parse(&["-e", "inject=openat", "ls"]), bad("invalid inject argument 'openat'"));
    assert_eq!(
        parse(&["-e", "fault=openat:retval=1", "ls"]),
        bad("invalid fault argument 'openat:retval=1'")
    );
    assert_eq!(parse(&["-e", "inject=foo:error=EPERM", "ls"]), bad("invalid system call 'foo'"));
    assert_eq!(
        parse(&["--backend", "ebpf", "-e", "fault=getpid", "ls"]),
        bad("-e inject needs --backend ptrace: tracepoints cannot change a syscall's result")
    );
}

#[test]
fn trace_sets_in_every_spelling() {
    let trace = |args: &[&str]| parse(args).map(|c| c.trace);
    assert_eq!(trace(&["ls"]), Ok(SyscallSet::all()));
    let open_close = trace(&["-e", "trace=openat,close", "ls"]).expect("parses");
    assert!(open_close.contains(nr("openat")) && open_close.contains(nr("close")));
    assert!(!open_close.contains(nr("read")));
    for spelling in [&["-e", "t=openat,close"][..], &["--trace=openat,close"], &["-e", "openat,close"]] {
        let args: Vec<&str> = spelling.iter().copied().chain(["ls"]).collect();
        assert_eq!(trace(&args), Ok(open_close));
    }
    let not_read = trace(&["-e", "trace=!read", "ls"]).expect("parses");
    assert!(!not_read.contains(nr("read")) && not_read.contains(nr("write")));
    // The last one wins.
    assert_eq!(trace(&["-e", "trace=read", "--trace=all", "ls"]), Ok(SyscallSet::all()));
    assert_eq!(parse(&["--no-seccomp", "ls"]).map(|c| c.no_seccomp), Ok(true));
}

#[test]
fn fd_decoding_levels() {
    assert_eq!(parse(&["-y", "ls"]).map(|c| c.decode_fds), Ok(DecodeFds::PATH));
    assert_eq!(parse(&["-yy", "ls"]).map(|c| c.decode_fds), Ok(DecodeFds::ALL));
    assert_eq!(parse(&["-y", "-y", "-y", "ls"]).map(|c| c.decode_fds), Ok(DecodeFds::ALL));
    assert_eq!(parse(&["--decode-fds", "ls"]).map(|c| c.decode_fds), Ok(DecodeFds::PATH));
    assert_eq!(parse(&["--decode-fds=all", "ls"]).map(|c| c.decode_fds), Ok(DecodeFds::ALL));
    assert_eq!(parse(&["-e", "decode-fds=none", "ls"]).map(|c| c.decode_fds), Ok(DecodeFds::NONE));
    let config = parse(&["-e", "decode-fds=path,dev", "ls"]).expect("parses");
    assert!(config.decode_fds.path && config.decode_fds.dev && !config.decode_fds.socket);
    assert_eq!(parse(&["-e", "decode-fds=foo", "ls"]), bad("invalid decode-fds 'foo'"));
    assert_eq!(
        parse(&["-y", "-e", "decode-fds=path", "ls"]),
        bad("-y and --decode-fds cannot be provided simultaneously")
    );
}

#[test]
fn follow_and_per_process_files() {
    let t = |args: &[&str]| parse(args).map(|c| (c.tracing.follow, c.tracing.per_process_files));
    assert_eq!(t(&["ls"]), Ok((false, false)));
    assert_eq!(t(&["-f", "ls"]), Ok((true, false)));
    // strace: -ff without -o is -f.
    assert_eq!(t(&["-ff", "ls"]), Ok((true, false)));
    assert_eq!(t(&["-f", "-f", "-o", "x", "ls"]), Ok((true, true)));
    assert_eq!(t(&["-ff", "-o", "x", "ls"]), Ok((true, true)));
    assert_eq!(t(&["-f", "--output-separately", "-o", "x", "ls"]), Ok((true, true)));
}

#[test]
fn pids_as_strace_reads_them() {
    let pids = |args: &[&str]| parse(args).map(|c| c.tracing.attach);
    assert_eq!(pids(&["-p", "1"]), Ok(vec![1]));
    assert_eq!(pids(&["-p", "1,2", "-p", "3 4\t5\n6"]), Ok(vec![1, 2, 3, 4, 5, 6]));
    assert_eq!(pids(&["-p", "1 ", "-p", "+7", "-p", "1"]), Ok(vec![1, 7]));
    // strace allows a command besides -p.
    assert_eq!(parse(&["-p", "1", "ls"]).map(|c| (c.tracing.attach, c.command.len())), Ok((vec![1], 1)));
    assert_eq!(pids(&["-p", "x"]).err(), bad("Invalid process id: 'x'").err());
    assert_eq!(pids(&["-p", "0"]).err(), bad("Invalid process id: '0'").err());
    assert_eq!(pids(&["-p", "-1"]).err(), bad("Invalid process id: '-1'").err());
    assert_eq!(pids(&["-p", "1,x"]).err(), bad("Invalid process id: 'x'").err());
    assert_eq!(pids(&["-p", "1,,2"]).err(), bad("Invalid process id: ''").err());
    assert_eq!(pids(&["-p", " 1"]).err(), bad("Invalid process id: ''").err());
    assert_eq!(pids(&["-p", "0x10"]).err(), bad("Invalid process id: '0x10'").err());
    assert_eq!(pids(&["-p", "2147483648"]).err(), bad("Invalid process id: '2147483648'").err());
    let own = std::process::id().to_string();
    assert_eq!(pids(&["-p", &own]).err(), bad("I'm sorry, I can't let you do that, Dave.").err());
    // An empty list attaches to nothing: PROG is then required.
    assert_eq!(pids(&["-p", ""]).err(), usage("must have PROG [ARGS] or -p PID").err());
}

#[test]
fn quiet_levels() {
    assert_eq!(parse(&["ls"]).map(|c| c.tracing.quiet), Ok(Quiet::from_count(0)));
    assert_eq!(parse(&["-q", "ls"]).map(|c| c.tracing.quiet), Ok(Quiet::from_count(1)));
    assert_eq!(parse(&["-qq", "ls"]).map(|c| c.tracing.quiet), Ok(Quiet::from_count(2)));
    assert_eq!(parse(&["-q", "-qq", "ls"]).map(|c| c.tracing.quiet), Ok(Quiet::from_count(3)));
    assert_eq!(
        parse(&["-e", "quiet=exit", "ls"]).map(|c| c.tracing.quiet),
        Quiet::parse("exit").map_err(CliError::bad_value)
    );
    assert_eq!(parse(&["--quiet=all", "ls"]).map(|c| c.tracing.quiet), Ok(Quiet::from_count(3)));
    assert!(parse(&["-q", "--quiet=exit", "ls"]).is_err());
    // strace 6.1: -o alone drops the personality lines; any -e quiet= brings them back.
    let personality = crate::sets::Quiet::NONE.with(crate::sets::Message::Personality);
    assert_eq!(parse(&["-o", "x", "ls"]).map(|c| c.tracing.quiet), Ok(personality));
    assert_eq!(
        parse(&["-o", "x", "-e", "quiet=exit", "ls"]).map(|c| c.tracing.quiet),
        parse(&["-e", "quiet=exit", "ls"]).map(|c| c.tracing.quiet)
    );
}

#[test]
fn signal_sets() {
    let set = |args: &[&str]| parse(args).map(|c| c.signals);
    assert_eq!(set(&["ls"]), Ok(SignalSet::all()));
    let chld = set(&["-e", "signal=SIGCHLD", "ls"]).expect("parses");
    assert!(chld.contains(17) && !chld.contains(2));
    for spelling in ["chld", "SIGchld", "17", "sigCHLD"] {
        assert_eq!(set(&["-e", &format!("signal={spelling}"), "ls"]), Ok(chld));
    }
    assert_eq!(set(&["--signal=CHLD", "ls"]), Ok(chld));
    assert_eq!(set(&["-e", "s=CHLD", "ls"]), Ok(chld));
    let not_chld = set(&["-e", "signal=!CHLD", "ls"]).expect("parses");
    assert!(!not_chld.contains(17) && not_chld.contains(2));
    assert_eq!(set(&["-e", "signal=none", "ls"]), Ok(SignalSet::none()));
    assert_eq!(set(&["-e", "signal=!all", "ls"]), Ok(SignalSet::none()));
    assert_eq!(set(&["-e", "signal=!none", "ls"]), Ok(SignalSet::all()));
    assert_eq!(set(&["-e", "signal=!!all", "ls"]), Ok(SignalSet::all()));
    let rt = set(&["-e", "signal=RTMIN,rt_1,255", "ls"]).expect("parses");
    assert!(rt.contains(32) && rt.contains(33) && rt.contains(255) && !rt.contains(34));
    // The last one wins.
    assert_eq!(set(&["-e", "signal=none", "--signal=all", "ls"]), Ok(SignalSet::all()));
    assert_eq!(set(&["-e", "signal=foo", "ls"]).err(), bad("invalid signal 'foo'").err());
    assert_eq!(set(&["-e", "signal=SIGFOO", "ls"]).err(), bad("invalid signal 'SIGFOO'").err());
    assert_eq!(set(&["-e", "signal=", "ls"]).err(), bad("invalid signal ''").err());
    assert_eq!(set(&["-e", "signal=-1", "ls"]).err(), bad("invalid signal '-1'").err());
    assert_eq!(set(&["-e", "signal=256", "ls"]).err(), bad("invalid signal '256'").err());
    assert_eq!(set(&["-e", "signal=all,foo", "ls"]).err(), bad("invalid signal 'all'").err());
    assert_eq!(set(&["-e", "signal=!none,chld", "ls"]).err(), bad("invalid signal 'none'").err());
    assert_eq!(set(&["-e", "signal=2,x", "ls"]).err(), bad("invalid signal 'x'").err());
    assert_eq!(set(&["--signal=foo", "ls"]).err(), bad("invalid signal 'foo'").err());
}

#[test]
fn ebpf_scopes() {
    let scope = |args: &[&str]| parse(args).map(|c| c.tracing.scope);
    assert_eq!(scope(&["--backend", "ebpf", "--all"]).map(|s| s.all), Ok(true));
    let s = scope(&["--backend", "ebpf", "--comm", "nginx", "--uid", "33", "--cgroup", "/sys/fs/cgroup/x"])
        .expect("parses");
    assert_eq!(s.comm.as_deref(), Some("nginx"));
    assert_eq!(s.uid, Some(33));
    assert_eq!(s.cgroup, Some(PathBuf::from("/sys/fs/cgroup/x")));
    assert!(s.is_set());
    for flag in [&["--all"][..], &["--comm", "x"], &["--uid", "0"], &["--cgroup", "/x"]] {
        assert_eq!(parse(flag).err(), bad("--all, --comm, --uid and --cgroup need --backend ebpf").err());
    }
    assert_eq!(scope(&["--backend", "ebpf", "--uid", "x"]).err(), bad("invalid --uid argument: 'x'").err());
    assert_eq!(scope(&["--backend", "ebpf", "--uid", "-1"]).err(), bad("invalid --uid argument: '-1'").err());
    assert_eq!(scope(&["--backend", "ebpf", "--comm", ""]).err(), bad("invalid --comm argument: ''").err());
    assert_eq!(
        scope(&["--backend", "ebpf", "--comm", "a-name-of-16-byt"]).err(),
        bad("invalid --comm argument: 'a-name-of-16-byt' (longer than 15 bytes)").err()
    );
}

#[test]
fn summary_and_timestamp_errors_keep_strace_s_hint_where_it_gives_one() {
    let hinted = |args: &[&str]| parse(args).is_err_and(|e| matches!(e, CliError::Usage(_)));
    assert_eq!(parse(&["-S", "foo", "ls"]), usage("invalid sortby: 'foo'"));
    assert_eq!(parse(&["-U", "foo", "ls"]), usage("unknown column name: 'foo'"));
    assert_eq!(
        parse(&["-c", "-C", "ls"]),
        usage("-c/--summary-only and -C/--summary are mutually exclusive")
    );
    assert_eq!(
        parse(&["-w", "ls"]),
        usage("-w/--summary-wall-clock must be given with (-c/--summary-only or -C/--summary)")
    );
    assert_eq!(parse(&["--interval", "x", "ls"]), bad("invalid --interval argument: 'x'"));
    assert_eq!(parse(&["-c", "--hist", "nosuchcall", "ls"]), bad("invalid system call 'nosuchcall'"));
    assert!(hinted(&["-c", "--hist", "/(", "ls"]));
    assert_eq!(
        parse(&["-c", "--hist", "read@16", "ls"]),
        usage("incorrect personality designator '16' in qualification 'read@16'")
    );
    assert_eq!(
        parse(&["--absolute-timestamps=foo", "ls"]),
        usage("invalid --absolute-timestamps argument: 'foo'")
    );
    assert_eq!(
        parse(&["--relative-timestamps=xs", "ls"]),
        usage("invalid --relative-timestamps argument: 'xs'")
    );
    assert_eq!(parse(&["--syscall-times=foo", "ls"]), usage("invalid --syscall-times argument: 'foo'"));
}

#[test]
fn launch_flags_parse_like_strace() {
    let config = parse(&["-E", "A=1", "--env=B", "-bexecve", "-DD", "true"]).expect("parses");
    assert_eq!(config.env, vec![OsString::from("A=1"), OsString::from("B")]);
    assert!(config.detach_on_execve);
    assert_eq!((config.daemonize, config.interruptible), (2, 4));
    assert_eq!(parse(&["--daemonize", "true"]).map(|c| c.daemonize).ok(), Some(1));
    assert_eq!(parse(&["--daemonize=session", "true"]).map(|c| c.daemonize).ok(), Some(3));
    assert_eq!(parse(&["-o", "x", "true"]).map(|c| c.interruptible).ok(), Some(3));
    assert_eq!(parse(&["-I", "anywhere", "-o", "x", "true"]).map(|c| c.interruptible).ok(), Some(1));
    assert_eq!(parse(&["true"]).map(|c| c.interruptible).ok(), Some(2));
    assert_eq!(parse(&["-b", "open", "true"]), bad("Syscall 'open' for -b isn't supported"));
    assert_eq!(parse(&["-DDDD", "true"]), usage("Too many -D's (4), maximum supported -D count is 3"));
    assert_eq!(
        parse(&["-D", "--daemonize", "true"]),
        bad("-D and --daemonize cannot be provided simultaneously")
    );
    assert_eq!(parse(&["-D", "-p", "1"]), usage("PROG [ARGS] must be specified with -D/--daemonize"));
    assert_eq!(
        parse(&["--backend", "ebpf", "-b", "execve", "true"]),
        bad("-b execve needs --backend ptrace")
    );
    assert_eq!(
        parse(&["-ff", "-o", "!wc", "true"]),
        usage("piping the output and -ff/--output-separately are mutually exclusive")
    );
}
