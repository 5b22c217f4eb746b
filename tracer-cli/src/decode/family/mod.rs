//! What is irregular about each syscall family, declared in one place per family.
//!
//! A call the syscall table describes well enough (its argument kinds: `Fd`, `Path`, `BufOut`,
//! `StructOut(Stat)`...) needs nothing here. A family file lists, for each of its calls that
//! needs more, a [`Rules`]:
//! - its decoder ([`Rules::args`], [`Rules::ret`]), which also says where the call's text splits
//!   between entry and exit;
//! - what it does to the descriptor table `-y` prints from ([`Rules::fds`], read by
//!   `state::fds`);
//! - where its descriptor and path arguments are, for `-P` ([`Rules::paths`], read by
//!   `filter::paths`).
//!
//! [`FAMILIES`] lists the family files; [`rules`] finds a call's rules by number.

mod anon;
mod bpf;
mod clone;
mod close;
mod cwd;
mod dup;
mod exec;
mod fanotify;
mod fcntl;
mod fsconfig;
mod futex;
mod io;
mod io_uring;
pub(in crate::decode) mod ioctl;
mod ioprio;
mod ipc;
mod kcmp;
mod kexec;
mod keyctl;
mod landlock;
mod ldt;
mod membarrier;
mod mm;
mod mount;
mod mq;
mod names;
mod numa;
mod open;
mod paths;
mod perf;
mod pipe;
mod poll;
mod prctl;
mod ptrace;
mod quota;
mod reboot;
mod sched;
mod seccomp;
mod signals;
mod sleep;
mod socket;
mod stat;
mod sysctl;
mod syslog;
mod timex;
mod uts;
mod vectored;
mod who;
mod xattr;

use tracer_common::personality::Personality;
#[cfg(test)]
use tracer_common::syscall::nr;
use tracer_common::syscall::{self, SyscallInfo};

use super::{Ctx, Printer};

/// Decodes a call's arguments (the printer is inside its [`super::Group::Args`]); false when the
/// arguments are to be decoded by their kinds after all (nothing written).
pub type ArgsFn = fn(&mut dyn Printer, &Ctx, &SyscallInfo) -> bool;

/// Decodes a successful call's return value; false for the plain rule (nothing written).
pub type RetFn = fn(&mut dyn Printer, &Ctx, &SyscallInfo, i64) -> bool;

/// What is irregular about one syscall.
#[derive(Clone, Copy, Debug)]
pub struct Rules {
    /// The call's number (`nr::OPENAT`).
    pub nr: u64,
    /// Its arguments' decoder (`None`: each by its kind).
    pub args: Option<ArgsFn>,
    /// Its return value's decoder (`None`: by the table's return kind).
    pub ret: Option<RetFn>,
    /// Its output buffer is shown in hex (`\xNN` for every byte), as strace shows getrandom's.
    pub hex_buffer: bool,
    /// `-P`: where its descriptor and path arguments are (`None`: where its class puts them).
    pub paths: Option<Paths>,
    /// `-y`: what it does to the descriptor table.
    pub fds: FdEffect,
}

impl Rules {
    /// No rule at all: a starting point (`Rules { nr: nr::OPENAT, ..Rules::NONE }`).
    pub const NONE: Rules =
        Rules { nr: u64::MAX, args: None, ret: None, hex_buffer: false, paths: None, fds: FdEffect::None };
}

/// Where a call's descriptor and path arguments are, for `-P` (strace 6.1's
/// `pathtrace_match_set`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paths {
    /// Arguments that are descriptors, arguments that are paths.
    Args { fds: &'static [u8], paths: &'static [u8] },
    /// poll/ppoll: every `fd` of the pollfd array in argument 0.
    Pollfds,
    /// select/pselect6: every descriptor in the sets of arguments 1 to 3.
    FdSets,
    /// Arguments that depend on a command (argument `arg`): the descriptors and paths of the case
    /// whose `command` it holds; none for other commands.
    ByCommand { arg: u8, cases: &'static [CommandPaths] },
    /// Nothing to compare (the call makes a descriptor, or is not about files).
    Never,
}

/// One case of [`Paths::ByCommand`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommandPaths {
    pub command: u64,
    pub fds: &'static [u8],
    pub paths: &'static [u8],
}

/// Whether a descriptor a call makes is close-on-exec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cloexec {
    Never,
    Always,
    /// When argument `arg` has `mask` set.
    Flag {
        arg: u8,
        mask: u64,
    },
}

impl Cloexec {
    /// Whether `args` make the descriptor close-on-exec.
    pub fn of(self, args: &[u64; 6]) -> bool {
        match self {
            Cloexec::Never => false,
            Cloexec::Always => true,
            Cloexec::Flag { arg, mask } => args.get(usize::from(arg)).is_some_and(|v| v & mask != 0),
        }
    }
}

/// Where open's flags are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenFlags {
    /// In argument N.
    Arg(u8),
    /// In the `struct open_how` argument N points to (openat2).
    How(u8),
    /// None (creat).
    None,
}

/// A path argument, relative to a directory descriptor argument (`None`: the working directory).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PathArg {
    pub dirfd: Option<u8>,
    pub path: u8,
}

/// What a successful call does to the descriptor table (`-y`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FdEffect {
    /// Nothing, or, for a call returning a descriptor, a descriptor `/proc` names.
    None,
    /// Returns a descriptor for a path, opened with these flags.
    Open { path: PathArg, flags: OpenFlags },
    /// memfd_create: a descriptor for `/memfd:NAME (deleted)`, its name in argument 0.
    Memfd { cloexec: Cloexec },
    /// Returns a copy of descriptor `old` (dup2/dup3 at the descriptor their argument `target`
    /// names, which was not open before unless the table says so).
    Dup { old: u8, target: Option<u8>, cloexec: Cloexec },
    /// fcntl: F_DUPFD, F_DUPFD_CLOEXEC, F_SETFD.
    Fcntl,
    /// Closes descriptor `fd`.
    Close { fd: u8 },
    /// close_range: closes (or marks close-on-exec) a range.
    CloseRange,
    /// Writes two new descriptors to argument `arg` (pipe, pipe2, socketpair: `socket`).
    Pair { arg: u8, socket: bool, cloexec: Cloexec },
    /// Returns a socket made from its domain, type and protocol arguments.
    Socket { cloexec: Cloexec },
    /// Returns a connection of the listening socket in argument 0.
    Accept { cloexec: Cloexec },
    /// Returns a pidfd for the pid in argument 0.
    Pidfd,
    /// Returns an anonymous-inode descriptor (`anon_inode:[eventfd]`); signalfd only when its
    /// argument 0 asked for a new one (-1).
    Anon { text: &'static str, cloexec: Cloexec, new_only: bool },
    /// Changes the working directory to a path, or to what descriptor argument 0 refers to.
    Chdir { path: Option<u8> },
    /// An execve: close-on-exec descriptors close.
    Exec,
    /// A name stops naming what it named: unlinked (`new: None`), or renamed to `new`.
    Names { old: PathArg, new: Option<PathArg> },
    /// Can change a socket's endpoints (bind, connect...): `-yy` looks again at descriptor 0.
    Reconnects,
    /// clone with CLONE_PIDFD: a pidfd of the child (the return value), stored at argument `arg`.
    ClonePidfd { arg: u8 },
    /// pidfd_getfd: returns a copy (close-on-exec) of descriptor `fd` of the process the pidfd in
    /// argument `pidfd` refers to.
    Steal { pidfd: u8, fd: u8 },
    /// Returns a descriptor `/proc` names; when /proc cannot say (the process is gone), the one
    /// its path argument names (open_tree).
    ProcOrPath { path: PathArg, cloexec: Cloexec },
    /// Returns a close-on-exec anonymous-inode descriptor `/proc` names, or when it cannot say,
    /// `text`; unless argument `arg` has `mask` set (then a number: landlock_create_ruleset's ABI
    /// version).
    AnonUnless { text: &'static str, arg: u8, mask: u64 },
}

/// Every family file's rules.
pub const FAMILIES: &[&[Rules]] = &[
    anon::RULES,
    bpf::RULES,
    clone::RULES,
    close::RULES,
    cwd::RULES,
    dup::RULES,
    exec::RULES,
    fanotify::RULES,
    fcntl::RULES,
    futex::RULES,
    io::RULES,
    io_uring::RULES,
    ioctl::RULES,
    ipc::RULES,
    keyctl::RULES,
    ioprio::RULES,
    kcmp::RULES,
    kexec::RULES,
    landlock::RULES,
    ldt::RULES,
    membarrier::RULES,
    mm::RULES,
    mount::RULES,
    fsconfig::RULES,
    mq::RULES,
    names::RULES,
    numa::RULES,
    perf::RULES,
    open::RULES,
    paths::RULES,
    pipe::RULES,
    poll::RULES,
    prctl::RULES,
    quota::RULES,
    reboot::RULES,
    who::RULES,
    ptrace::RULES,
    signals::RULES,
    sleep::RULES,
    socket::RULES,
    sched::RULES,
    seccomp::RULES,
    stat::RULES,
    syslog::RULES,
    timex::RULES,
    sysctl::RULES,
    uts::RULES,
    vectored::RULES,
    xattr::RULES,
];

/// Each call's rules by number, built at compile time from [`FAMILIES`].
static BY_NR: [Option<&Rules>; syscall::MAX_NR + 1] = by_nr();

const fn by_nr() -> [Option<&'static Rules>; syscall::MAX_NR + 1] {
    let mut by_nr = [None; syscall::MAX_NR + 1];
    let mut family = 0;
    while family < FAMILIES.len() {
        let mut rule = 0;
        while rule < FAMILIES[family].len() {
            let rules = &FAMILIES[family][rule];
            // A number outside the table fails the build.
            by_nr[rules.nr as usize] = Some(rules);
            rule += 1;
        }
        family += 1;
    }
    by_nr
}

/// The rules of syscall `nr`, if it has any.
#[inline]
pub fn rules(nr: u64) -> Option<&'static Rules> {
    BY_NR.get(usize::try_from(nr).ok()?).copied().flatten()
}

/// The i386 calls whose x86_64 namesake's rules decode them too: rules that print each argument
/// by the row's own kind (an i386 row's `Timespec32`) or from the registers alone (socket's
/// protocol by domain), or have no argument rule (execve and execveat: the descriptors an exec
/// closes, execveat's path for `-P`), reviewed for it.
const SHARED_WITH_I386: &[&str] = &["nanosleep", "clock_nanosleep", "socket", "execve", "execveat"];

/// The rules that decode call `nr` of row `info`: an x86_64 call's own; an i386 call's, its x86_64
/// namesake's when they are [`SHARED_WITH_I386`]; none for another.
pub fn rules_of(nr: u64, info: &SyscallInfo) -> Option<&'static Rules> {
    match Personality::of(nr) {
        Personality::X86_64 => rules(nr),
        Personality::I386 if SHARED_WITH_I386.contains(&info.name) => namesake_rules(info),
        Personality::I386 | Personality::X32 => None,
    }
}

/// The rules of the x86_64 call named as row `info`.
fn namesake_rules(info: &SyscallInfo) -> Option<&'static Rules> {
    syscall::by_name(info.name).and_then(|native| rules(u64::from(native.nr)))
}

/// Whether call `nr` is another personality's (i386, x32) whose x86_64 namesake has an argument
/// rule (fcntl, ioctl, prctl...) not shared with it ([`rules_of`]): that rule reads x86_64's
/// layout and values, so the call's arguments print raw, as strace prints a call it does not
/// decode.
pub fn foreign(nr: u64, info: &SyscallInfo) -> bool {
    Personality::of(nr) != Personality::X86_64
        && rules_of(nr, info).is_none()
        && namesake_rules(info).is_some_and(|r| r.args.is_some())
}

/// strace's line for call `nr` with `args` that returned `ret` (a negative errno for an error),
/// without the column padding: for the family files' tests.
#[cfg(test)]
pub(crate) fn strace_line(nr: u64, args: &[u64], ret: i64, style: super::XlatStyle) -> String {
    use tracer_common::event::Meta;

    let mut regs = [0; 6];
    regs[..args.len()].copy_from_slice(args);
    let call = crate::call::Syscall {
        ip: 0,
        meta: Meta::default(),
        nr,
        args: syscall::kernel_args(nr, regs),
        captures: Vec::new(),
        ret: Some(ret),
        exit_ts_ns: None,
        kernel_atoms: None,
    };
    super::call_line(syscall::info(nr), &call, &super::Options::default(), style)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_for_one_known_call_once() {
        let mut seen = std::collections::HashSet::new();
        for rules in FAMILIES.iter().flat_map(|family| family.iter()) {
            assert!(syscall::info(rules.nr).is_some(), "{} is not in the syscall table", rules.nr);
            assert!(seen.insert(rules.nr), "{} has rules twice", rules.nr);
        }
        let openat = rules(nr::OPENAT).expect("openat has rules");
        assert_eq!(openat.paths, Some(Paths::Args { fds: &[0], paths: &[1] }));
        assert!(rules(nr::READ).is_none_or(|r| r.args.is_none()), "read is decoded by its kinds");
    }

    #[test]
    fn i386_rows_that_read_memory_are_decoded_by_their_kinds_or_a_shared_rule() {
        use tracer_common::capture::plan_for;
        use tracer_common::personality::{Personality, AUDIT_ARCH_I386};
        for (number, info) in syscall::compat::I386.iter().enumerate() {
            let Some(info) = info else { continue };
            let nr = Personality::record_nr(AUDIT_ARCH_I386, number as u64);
            let reads = plan_for(nr) != tracer_common::capture::SyscallPlan::default();
            // A namesake's argument rule would print it raw (`foreign`): its memory unused.
            assert!(!(reads && foreign(nr, info)), "i386 {} reads memory but prints raw", info.name);
        }
        let nanosleep = Personality::record_nr(AUDIT_ARCH_I386, 162);
        let info = syscall::info(nanosleep).expect("i386 nanosleep");
        assert!(rules_of(nanosleep, info).is_some_and(|r| r.args.is_some()));
    }
}
