//! The flags as typed: clap's definition of tracer's command line ([`RawArgs`]) and the backend
//! choice ([`BackendKind`]). Nothing here is validated; [`super::Config::from_raw`] does that.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{ArgAction, Parser, ValueEnum};

use super::ordered::Ordered;

/// Which backend traces the command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BackendKind {
    /// ptrace(2): full decoding, any binary, no privileges needed; slow (a stop per syscall).
    Ptrace,
    /// eBPF raw_syscalls tracepoints and a ring buffer: same output, a fraction of the cost; needs
    /// root (CAP_BPF + CAP_PERFMON).
    Ebpf,
}

/// `-V`: the version and the backends built in.
const VERSION: &str = if cfg!(feature = "ebpf") {
    concat!(env!("CARGO_PKG_VERSION"), " (backends: ptrace, ebpf; strace 6.1's output)")
} else {
    concat!(env!("CARGO_PKG_VERSION"), " (backends: ptrace; built without eBPF; strace 6.1's output)")
};

/// The flags as typed.
#[derive(Debug, Parser)]
#[command(
    name = "tracer",
    version = VERSION,
    about = "Trace system calls like strace, with a ptrace or an eBPF backend.",
    override_usage = "tracer [--backend ptrace|ebpf] [-ACcffhiqqrtttTvVwyyzZ] [-a COLUMN] [-e EXPR]... \
                      [-o FILE] [-s STRSIZE] [-X FORMAT] [-P PATH]... [-p PID]... [-S SORTBY] [-U COLUMNS] \
                      [-b execve] [--json] [--perfetto FILE] [--all | --comm NAME | --uid UID | --cgroup PATH] \
                      [--record FILE] { -p PID | [-DDD] [-E VAR=VAL]... [-u USERNAME] [--] PROG [ARGS] }\n       \
                      tracer --replay FILE [output and filter flags]\n       tracer bench [--workload NAME]... [--runs N] [--modes LIST] [-- CMD ARGS]\n       \
                      tracer --check",
    disable_help_subcommand = true,
    args_override_self = true
)]
pub struct RawArgs {
    /// A qualifying expression: OPTION=[!]all or OPTION=[!]VAL1[,VAL2]...; options: trace,
    /// trace-fds, status, signal, inject, fault, quiet, abbrev, verbose, raw, decode-fds.
    #[arg(
        short = 'e',
        value_name = "EXPR",
        action = ArgAction::Append,
        allow_hyphen_values = true,
        help_heading = "General"
    )]
    pub expr: Vec<String>,

    /// Trace process PID (repeatable; a list separated by commas or spaces is accepted).
    #[arg(
        short = 'p',
        long = "attach",
        value_name = "PID",
        action = ArgAction::Append,
        allow_hyphen_values = true,
        help_heading = "Startup"
    )]
    pub attach: Vec<String>,

    /// Put VAR=VAL in the command's environment (`-E VAR` removes VAR); repeatable, applied in order.
    #[arg(
        short = 'E',
        long = "env",
        value_name = "VAR=VAL",
        action = ArgAction::Append,
        allow_hyphen_values = true,
        help_heading = "Startup"
    )]
    pub env: Vec<OsString>,

    /// Detach from a traced process when it calls SYSCALL (only execve; the launched command's own
    /// first execve is traced).
    #[arg(
        short = 'b',
        long = "detach-on",
        value_name = "SYSCALL",
        action = ArgAction::Append,
        help_heading = "Tracing"
    )]
    pub detach_on: Vec<String>,

    /// Run tracer as a detached grandchild of the command, not as its parent (-DD: also in a new
    /// process group; -DDD: in a new session).
    #[arg(short = 'D', action = ArgAction::Count, help_heading = "Tracing")]
    pub daemonize_d: u8,

    /// As -D, -DD, -DDD: grandchild (the default without a value), pgroup, session.
    #[arg(
        long = "daemonize",
        value_name = "HOW",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "grandchild",
        help_heading = "Tracing"
    )]
    pub daemonize: Option<String>,

    /// Follow forks, vforks and clones (threads too); -ff with -o FILE: one FILE.PID per task.
    #[arg(short = 'f', long = "follow-forks", action = ArgAction::Count, help_heading = "Tracing")]
    pub follow: u8,

    /// With -o FILE and -f: write each task's trace to FILE.PID.
    #[arg(long = "output-separately", action = ArgAction::SetTrue, help_heading = "Tracing")]
    pub output_separately: bool,

    /// Trace only the syscalls in SET (as -e trace=SET).
    #[arg(long = "trace", value_name = "SET", action = ArgAction::Append, help_heading = "Filtering")]
    pub trace: Vec<String>,

    /// ptrace: stop the tracee at every syscall (PTRACE_SYSCALL) instead of only at the traced ones
    /// (seccomp-bpf, the default with -e trace= and -f).
    #[arg(long = "no-seccomp", help_heading = "Filtering")]
    pub no_seccomp: bool,

    /// ptrace: let a lone launched tracee run on any CPU. By default it and tracer share one CPU
    /// while it is the only task traced (much faster: no cross-CPU wake-up per stop); it gets its
    /// own mask back for sched_getaffinity, sched_setaffinity and the calls that create tasks.
    #[arg(long = "no-cpu-pin", help_heading = "Tracing")]
    pub no_cpu_pin: bool,

    /// Print only the calls whose return status is in SET (as -e status=SET): successful, failed,
    /// unfinished, unavailable, detached, all, none; a leading ! negates.
    #[arg(long = "status", value_name = "SET", action = ArgAction::Append, help_heading = "Filtering")]
    pub status: Vec<String>,

    /// Trace only the calls that touch PATH (repeatable): calls naming it, and calls on descriptors
    /// that refer to it, from the open to the close.
    #[arg(short = 'P', long = "trace-path", value_name = "PATH", action = ArgAction::Append, help_heading = "Filtering")]
    pub trace_path: Vec<OsString>,

    /// Trace only the calls on the descriptors in SET (as -e trace-fds=SET): numbers, all, none; a
    /// leading ! negates (from strace 6.10; combines with -P: a call matching either is shown).
    #[arg(long = "trace-fds", value_name = "SET", action = ArgAction::Append, help_heading = "Filtering")]
    pub trace_fds: Vec<String>,

    /// Show only the calls for which EXPR is true (repeatable: the pieces are ANDed; combines
    /// with -e trace=, -e status=, -P and the eBPF scopes by AND). C-like: `&&`, `||`, `!`,
    /// parentheses, `== != < <= > >=`, `&` (a bit test), `=~ "glob"` (`*`, `?`); numbers in
    /// decimal or 0x hex, durations (10ms, 5us, 2s), sizes (4KiB), "strings", and the constants
    /// tracer prints (EACCES, O_CREAT, AF_INET, SIGKILL...). Fields: name nr ret errno duration
    /// pid tid ppid uid gid comm parent.comm cgroup arg0..arg5 arg.NAME path fd.path port. A field a
    /// call does not have (errno of a call that succeeded) makes its comparison false. Under
    /// eBPF, what the kernel can decide is decided there: see --filter-explain.
    #[arg(
        long = "filter",
        value_name = "EXPR",
        action = ArgAction::Append,
        allow_hyphen_values = true,
        help_heading = "Filtering"
    )]
    pub filter: Vec<String>,

    /// Print which parts of --filter run where (in the kernel, in userspace) under the chosen
    /// backend, and exit.
    #[arg(long = "filter-explain", help_heading = "Filtering")]
    pub filter_explain: bool,

    /// Print only the calls that returned without an error code (as -e status=successful).
    #[arg(short = 'z', long = "successful-only", action = ArgAction::Count, help_heading = "Filtering")]
    pub successful_only: u8,

    /// Print only the calls that returned an error code (as -e status=failed).
    #[arg(short = 'Z', long = "failed-only", action = ArgAction::Count, help_heading = "Filtering")]
    pub failed_only: u8,

    /// Trace only the signals in SET (as -e signal=SET): names with or without SIG, numbers, all,
    /// none, a leading ! negates.
    #[arg(
        long = "signal",
        alias = "signals",
        value_name = "SET",
        action = ArgAction::Append,
        help_heading = "Filtering"
    )]
    pub signal: Vec<String>,

    /// Tamper with the calls in SET (as -e inject=SET:...; ptrace only).
    #[arg(long = "inject", value_name = "SET:...", action = ArgAction::Append, help_heading = "Tampering")]
    pub inject: Vec<String>,

    /// Make the calls in SET fail (as -e fault=SET:...; ptrace only).
    #[arg(long = "fault", value_name = "SET:...", action = ArgAction::Append, help_heading = "Tampering")]
    pub fault: Vec<String>,

    /// strace's full hex dump of data read from the descriptors in SET (as -e read=SET), at most
    /// 4096 bytes per call.
    #[arg(long = "read", value_name = "SET", action = ArgAction::Append, help_heading = "Output format")]
    pub read: Vec<String>,

    /// strace's full hex dump of data written to the descriptors in SET (as -e write=SET), at most
    /// 4096 bytes per call.
    #[arg(long = "write", value_name = "SET", action = ArgAction::Append, help_heading = "Output format")]
    pub write: Vec<String>,

    /// strace's KVM vcpu exit reasons (as -e kvm=vcpu): accepted; tracer does not print them.
    #[arg(long = "kvm", value_name = "vcpu", action = ArgAction::Append, help_heading = "Output format")]
    pub kvm: Vec<String>,

    /// Accepted for strace compatibility: with -f, stopping only at the traced calls is already
    /// tracer's default (see --no-seccomp).
    #[arg(long = "seccomp-bpf", help_heading = "Filtering")]
    pub seccomp_bpf: bool,

    /// Print a tip about tracer on stderr at exit: `id:N` picks tip N (else one at random),
    /// `format:compact`, `format:full` (default) or `format:none`.
    #[arg(
        long = "tips",
        value_name = "[[id:]ID][,[format:]FORMAT]",
        num_args = 0..=1,
        require_equals = true,
        help_heading = "Miscellaneous"
    )]
    pub tips: Option<Option<String>>,

    /// strace's signal blocking while tracing (anywhere, waiting, never, never_tstp or 1 to 4):
    /// checked and accepted; tracer handles fatal signals by detaching.
    #[arg(short = 'I', value_name = "INTERRUPTIBLE", allow_hyphen_values = true, help_heading = "Startup")]
    pub interruptible_short: Option<String>,

    /// Same as -I.
    #[arg(long = "interruptible", value_name = "INTERRUPTIBLE", help_heading = "Startup")]
    pub interruptible: Option<String>,

    /// Send trace output to FILE instead of stderr.
    #[arg(short = 'o', long = "output", value_name = "FILE", help_heading = "Output format")]
    pub output: Option<PathBuf>,

    /// Write a capture of the trace to FILE (any backend), to render later with --replay; nothing
    /// is rendered live unless -o is given too.
    #[arg(long = "record", value_name = "FILE", help_heading = "Capture")]
    pub record: Option<PathBuf>,

    /// Render a capture FILE written by --record instead of tracing: every output and filter flag
    /// applies; tracer exits as the recorded command did.
    #[arg(long = "replay", value_name = "FILE", conflicts_with = "record", help_heading = "Capture")]
    pub replay: Option<PathBuf>,

    /// Open the file of -o (and -ff's FILE.PID) in append mode.
    #[arg(short = 'A', long = "output-append-mode", help_heading = "Output format")]
    pub append: bool,

    /// Print the instruction pointer at the time of each syscall.
    #[arg(short = 'i', long = "instruction-pointer", help_heading = "Output format")]
    pub instruction_pointer: bool,

    /// Debug output to stderr: what tracer decided and how long its start-up steps took.
    #[arg(short = 'd', long = "debug", action = ArgAction::Count, help_heading = "Miscellaneous")]
    pub debug: u8,

    /// Deprecated spelling of -f (strace still takes it, with a warning).
    #[arg(short = 'F', action = ArgAction::Count, hide = true)]
    pub follow_deprecated: u8,

    /// Obtain stack trace between each syscall.
    #[arg(short = 'k', long = "stack-traces", visible_alias = "stack-trace", help_heading = "Output format")]
    pub stack_traces: bool,

    /// Run the command as USERNAME (its uid, gid and supplementary groups; root only), handling
    /// setuid and/or setgid programs as strace does.
    #[arg(short = 'u', long = "user", value_name = "USERNAME", help_heading = "Startup")]
    pub user: Option<std::ffi::OsString>,

    /// Limit length of print strings to STRSIZE chars (default 32).
    #[arg(
        short = 's',
        long = "string-limit",
        value_name = "STRSIZE",
        allow_hyphen_values = true,
        help_heading = "Output format"
    )]
    pub string_limit: Option<String>,

    /// Alignment COLUMN for printing syscall results (default 40).
    #[arg(short = 'a', value_name = "COLUMN", allow_hyphen_values = true, help_heading = "Output format")]
    pub columns_short: Option<String>,

    /// Alignment COLUMN for printing syscall results (default 40).
    #[arg(
        long = "columns",
        value_name = "COLUMN",
        allow_hyphen_values = true,
        help_heading = "Output format"
    )]
    pub columns: Option<String>,

    /// Abbreviate output for the syscalls in SET.
    #[arg(long = "abbrev", value_name = "SET", action = ArgAction::Append, help_heading = "Output format")]
    pub abbrev: Vec<String>,

    /// Dereference structures for the syscalls in SET.
    #[arg(long = "verbose", value_name = "SET", action = ArgAction::Append, help_heading = "Output format")]
    pub verbose: Vec<String>,

    /// Print undecoded arguments for the syscalls in SET.
    #[arg(long = "raw", value_name = "SET", action = ArgAction::Append, help_heading = "Output format")]
    pub raw: Vec<String>,

    /// Verbose mode: print entities unabbreviated (abbrev=none).
    #[arg(short = 'v', long = "no-abbrev", action = ArgAction::Count, help_heading = "Output format")]
    pub no_abbrev: u8,

    /// Set the FORMAT for printing of named constants and flags: raw, abbrev, verbose.
    #[arg(short = 'X', value_name = "FORMAT", allow_hyphen_values = true, help_heading = "Output format")]
    pub const_style_short: Option<String>,

    /// Set the FORMAT for printing of named constants and flags: raw, abbrev, verbose.
    #[arg(long = "const-print-style", value_name = "FORMAT", help_heading = "Output format")]
    pub const_print_style: Option<String>,

    /// Print the wall-clock time at the start of each line (-tt: with microseconds; -ttt: as UNIX
    /// time with microseconds).
    #[arg(short = 't', action = ArgAction::Count, help_heading = "Output format")]
    pub absolute_t: u8,

    /// Absolute timestamps as [[format:]FORMAT][,[precision:]PRECISION]: format none, time or unix
    /// (default time), precision s, ms, us or ns (default s).
    #[arg(
        long = "absolute-timestamps",
        value_name = "FORMAT",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "time",
        action = ArgAction::Append,
        help_heading = "Output format"
    )]
    pub absolute_timestamps: Vec<String>,

    /// Same as --absolute-timestamps.
    #[arg(
        long = "timestamps",
        value_name = "FORMAT",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "time",
        action = ArgAction::Append,
        help_heading = "Output format"
    )]
    pub timestamps: Vec<String>,

    /// Print the time since the previous line at its start.
    #[arg(short = 'r', help_heading = "Output format")]
    pub relative_r: bool,

    /// Relative timestamps with PRECISION: s, ms, us or ns (default us).
    #[arg(
        long = "relative-timestamps",
        value_name = "PRECISION",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "us",
        action = ArgAction::Append,
        help_heading = "Output format"
    )]
    pub relative_timestamps: Vec<String>,

    /// Print the time spent in each syscall, ` <0.000012>` (from the records' entry and exit
    /// timestamps, with either backend).
    #[arg(short = 'T', help_heading = "Output format")]
    pub syscall_times_t: bool,

    /// Syscall times with PRECISION: s, ms, us or ns (default us).
    #[arg(
        long = "syscall-times",
        value_name = "PRECISION",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "us",
        action = ArgAction::Append,
        help_heading = "Output format"
    )]
    pub syscall_times: Vec<String>,

    /// Write JSON lines instead of strace's text: one object per syscall (when it ends) or process
    /// event, arguments typed and raw (schema: docs/json-schema.md).
    #[arg(long = "json", help_heading = "Output format")]
    pub json: bool,

    /// Colour syscall names, strings, errors and signal/exit lines: auto (on a terminal, unless
    /// NO_COLOR is set), always, never.
    #[arg(
        long = "color",
        alias = "colour",
        value_name = "WHEN",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "always",
        help_heading = "Output format"
    )]
    pub color: Option<String>,

    /// Also write the trace as a Chrome trace-event JSON FILE (ui.perfetto.dev, chrome://tracing):
    /// a track per thread, each syscall a slice, signals and exits as instants.
    #[arg(long = "perfetto", value_name = "FILE", help_heading = "Output format")]
    pub perfetto: Option<PathBuf>,

    /// Print the syscall number before each line's call, `[ 231] exit_group(0)`.
    #[arg(short = 'n', long = "syscall-number", help_heading = "Output format")]
    pub syscall_number: bool,

    /// strace's comm after pids (as --decode-pids=comm).
    #[arg(short = 'Y', action = ArgAction::Count, help_heading = "Output format")]
    pub decode_pids_y: u8,

    /// strace's pid decorations: comm, pidns.
    #[arg(long = "decode-pids", value_name = "SET", action = ArgAction::Append, help_heading = "Output format")]
    pub decode_pids: Vec<String>,

    /// strace's pid namespace translation (as --decode-pids=pidns).
    #[arg(long = "pidns-translation", action = ArgAction::Count, help_heading = "Output format")]
    pub pidns_translation: u8,

    /// Print non-ASCII strings in hex (-xx: all strings).
    #[arg(short = 'x', action = ArgAction::Count, help_heading = "Output format")]
    pub hex_x: u8,

    /// Which strings print in hex: none, non-ascii-chars, non-ascii (as -x), all (as -xx, the
    /// default without a value).
    #[arg(
        long = "strings-in-hex",
        value_name = "WHICH",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "all",
        action = ArgAction::Append,
        help_heading = "Output format"
    )]
    pub strings_in_hex: Vec<String>,

    /// Print paths associated with file descriptors (-yy: all available information).
    #[arg(short = 'y', action = ArgAction::Count, help_heading = "Output format")]
    pub decode_fds_y: u8,

    /// What to decode of file descriptors: path, socket, dev, pidfd, all (default path).
    #[arg(
        long = "decode-fds",
        value_name = "SET",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "path",
        action = ArgAction::Append,
        help_heading = "Output format"
    )]
    pub decode_fds: Vec<String>,

    /// Suppress messages about attaching and detaching (-qq: process exit messages too; -qqq: all).
    #[arg(short = 'q', action = ArgAction::Count, help_heading = "Output format")]
    pub quiet: u8,

    /// Suppress the messages in SET (as -e quiet=SET): attach, exit, path-resolution,
    /// personality, thread-execve, all, none; a leading ! negates.
    #[arg(
        long = "quiet",
        visible_aliases = ["silent", "silence"],
        value_name = "SET",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "attach,personality",
        action = ArgAction::Append,
        help_heading = "Output format"
    )]
    pub quiet_set: Vec<String>,

    /// Diagnose this host for each backend (kernel, BTF, capabilities, ptrace, seccomp) and try
    /// both; one line per item, with the fix for what fails.
    #[arg(long = "check", help_heading = "Miscellaneous")]
    pub check: bool,

    /// `-c`, `-C`, `-w`, `-S`, `-U`, `--hist`, `--interval` (see `summary::flags`).
    #[command(flatten)]
    pub summary: crate::summary::SummaryFlags,

    /// Backend that does the tracing.
    #[arg(long, value_enum, default_value = "ptrace", help_heading = "Backends")]
    pub backend: BackendKind,

    /// eBPF only: read the ring buffer at tracer's own priority. By default the reader runs at
    /// nice -10, so that under a syscall storm traced tasks wait for CPU rather than lose records
    /// (the launched command keeps tracer's own priority).
    #[arg(long = "no-priority-boost", help_heading = "Backends")]
    pub no_priority_boost: bool,

    /// eBPF only: trace every task on the system (but tracer itself); lines carry pid and comm.
    #[arg(long = "all", help_heading = "Backends")]
    pub all: bool,

    /// eBPF only: trace the tasks whose comm is NAME.
    #[arg(long = "comm", value_name = "NAME", help_heading = "Backends")]
    pub comm: Option<String>,

    /// eBPF only: trace the tasks of user UID.
    #[arg(long = "uid", value_name = "UID", allow_hyphen_values = true, help_heading = "Backends")]
    pub uid: Option<String>,

    /// eBPF only: trace the tasks in cgroup (v2) PATH and its descendants.
    #[arg(long = "cgroup", value_name = "PATH", help_heading = "Backends")]
    pub cgroup: Option<PathBuf>,

    /// The program to trace and its arguments.
    #[arg(trailing_var_arg = true, value_name = "PROG [ARGS]")]
    pub command: Vec<OsString>,

    /// The order-sensitive flags (`-v`, `-e`, `-a`, `-X` and their long forms) as given, in order.
    #[arg(skip)]
    pub ordered: Vec<Ordered>,

    /// `--absolute-timestamps` and `--timestamps` occurrences in command-line order: the long
    /// name as spelt and the value (each changes only the parts it names).
    #[arg(skip)]
    pub absolute_ordered: Vec<(String, String)>,
}
