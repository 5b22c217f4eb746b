//! Starting the traced command the way strace does: PROG is looked up in PATH by the tracer (so a
//! missing program is a usage error, not a traced failed execve), the child gets the tracer's
//! environment and fds, default signal dispositions for what Rust's runtime changed, and it stops
//! itself before `execve` so the backend can arm itself first. The first syscall it makes once
//! resumed is the `execve`.

use std::ffi::{CString, OsStr, OsString};
use std::os::unix::ffi::OsStrExt as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use nix::sys::signal::Signal;
use nix::sys::wait::{waitpid, WaitPidFlag, WaitStatus};
use nix::unistd::Pid;

use crate::run_as::{Credentials, RunAs};

/// Why the command could not be started.
#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    #[error("Can't stat '{0}': No such file or directory")]
    NotFound(String),
    #[error("argument contains a NUL byte: {0:?}")]
    NulInArgument(OsString),
    #[error("fork failed: {0}")]
    Fork(#[source] nix::Error),
    #[error("waiting for the child to stop before exec: {0}")]
    Wait(#[source] nix::Error),
    /// strace's words: `Cannot create a new process group`.
    #[error("Cannot create a new {what}: {}", errno.desc())]
    Daemonize { what: &'static str, errno: nix::Error },
    #[error("the child did not stop before exec as expected: {0:?}")]
    UnexpectedStatus(WaitStatus),
}

/// Who lets the child go past its stop before `execve`. The child does the same for both (it stops
/// itself with `SIGSTOP`, as strace 6.1's does); they differ in what the backend does next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    /// The ptrace backend seizes the stopped child (`PTRACE_SEIZE` + `PTRACE_INTERRUPT`), then sends
    /// it `SIGCONT`: the first syscall it reports is the `execve`.
    Ptrace,
    /// The backend resumes it with `SIGCONT` once its filter holds the pid.
    Stop,
    /// As [`Gate::Stop`], and the child says nothing when its `execve` fails: the backend says
    /// it (`NAME: exec: ...`) after the failed call's line, as strace's output has it.
    StopQuietExec,
}

/// A resolved command, ready to fork and exec.
#[derive(Debug)]
pub struct Command {
    pub path: CString,
    pub argv: Vec<CString>,
    /// Its whole environment when `-E` changed tracer's (`None`: it inherits tracer's).
    pub env: Option<Vec<CString>>,
    /// `-D`, `-DD`, `-DDD` (see [`spawn_daemonized`]); 0: tracer is the command's parent.
    pub daemonize: u8,
    /// `-u USERNAME`: the ids the command takes before its exec (`None`: tracer's).
    pub credentials: Option<Credentials>,
}

impl Command {
    /// Resolve PROG like strace: a name with a slash is used as is, otherwise searched in PATH.
    pub fn resolve(command: &[OsString]) -> Result<Command, LaunchError> {
        let prog = command.first().ok_or_else(|| LaunchError::NotFound(String::new()))?;
        let path = find_program(prog).ok_or_else(|| LaunchError::NotFound(prog.to_string_lossy().into()))?;
        let cstring =
            |s: &OsStr| CString::new(s.as_bytes()).map_err(|_| LaunchError::NulInArgument(s.to_os_string()));
        Ok(Command {
            path: cstring(path.as_os_str())?,
            argv: command.iter().map(|a| cstring(a)).collect::<Result<_, _>>()?,
            env: None,
            daemonize: 0,
            credentials: None,
        })
    }

    /// The command's environment: tracer's, changed by each of `changes` in turn (strace's `-E`):
    /// `VAR=VAL` replaces VAR's first entry (or is appended), `VAR` removes every entry of VAR.
    pub fn with_env(mut self, changes: &[OsString]) -> Result<Command, LaunchError> {
        if changes.is_empty() {
            return Ok(self);
        }
        let mut env: Vec<Vec<u8>> = std::env::vars_os()
            .map(|(key, value)| [key.as_bytes(), b"=", value.as_bytes()].concat())
            .collect();
        for change in changes {
            apply_env_change(&mut env, change.as_bytes());
        }
        let env = env
            .into_iter()
            .map(|entry| {
                CString::new(entry).map_err(|err| {
                    LaunchError::NulInArgument(OsStr::from_bytes(&err.into_vec()).to_os_string())
                })
            })
            .collect::<Result<_, _>>()?;
        self.env = Some(env);
        Ok(self)
    }

    /// `-u USERNAME`: the command runs as `user` (its ids worked out for this program now).
    pub fn run_as(mut self, user: Option<&RunAs>) -> Command {
        let program = Path::new(OsStr::from_bytes(self.path.as_bytes()));
        self.credentials = user.map(|user| user.credentials(program));
        self
    }

    /// Start the command as `-D` (1), `-DD` (2) or `-DDD` (3) says.
    pub fn daemonized(mut self, level: u8) -> Command {
        self.daemonize = level;
        self
    }
}

/// One `-E` change applied to `env` (entries `VAR=VAL`).
fn apply_env_change(env: &mut Vec<Vec<u8>>, change: &[u8]) {
    let is_var = |entry: &[u8], var: &[u8]| {
        entry.starts_with(var) && matches!(entry.get(var.len()), Some(b'=') | None)
    };
    match change.iter().position(|&b| b == b'=') {
        Some(eq) => match env.iter_mut().find(|entry| is_var(entry, &change[..eq])) {
            Some(entry) => *entry = change.to_vec(),
            None => env.push(change.to_vec()),
        },
        None => env.retain(|entry| !is_var(entry, change)),
    }
}

fn find_program(prog: &OsStr) -> Option<PathBuf> {
    if prog.as_bytes().contains(&b'/') {
        let path = PathBuf::from(prog);
        return path.exists().then_some(path);
    }
    let path_var = std::env::var_os("PATH").unwrap_or_else(|| OsString::from("/usr/local/bin:/usr/bin:/bin"));
    std::env::split_paths(&path_var).map(|dir| dir.join(prog)).find(|candidate| is_executable_file(candidate))
}

fn is_executable_file(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Signals (bit N for signal N) whose disposition was SIG_IGN when tracer started, before Rust's
/// runtime or tracer's own handlers changed anything: the command inherits exactly these.
static INHERITED_IGNORED: AtomicU64 = AtomicU64::new(0);

/// The signal mask tracer started with (bit N-1 for signal N, the kernel's layout): the command
/// inherits it, as under strace.
static INHERITED_MASK: AtomicU64 = AtomicU64::new(0);

/// Runs before `main` (and before Rust's runtime sets SIGPIPE to SIG_IGN).
#[used]
#[link_section = ".init_array"]
static RECORD_INHERITED_DISPOSITIONS: extern "C" fn() = record_inherited_dispositions;

extern "C" fn record_inherited_dispositions() {
    // Before Rust's runtime puts /dev/null on a closed standard descriptor (which the command
    // would inherit open).
    ensure_standard_fds();
    let mut ignored = 0u64;
    for signal in 1..32 {
        // SAFETY: sigaction with a NULL new action only reads the current one into `old`.
        let old = unsafe {
            let mut old: libc::sigaction = std::mem::zeroed();
            libc::sigaction(signal, std::ptr::null(), &mut old);
            old
        };
        if old.sa_sigaction == libc::SIG_IGN {
            ignored |= 1 << signal;
        }
    }
    INHERITED_IGNORED.store(ignored, Ordering::Relaxed);
    let mut blocked = 0u64;
    // SAFETY: reading the current mask (a NULL new set changes nothing) into a zeroed sigset_t.
    unsafe {
        let mut mask: libc::sigset_t = std::mem::zeroed();
        libc::sigprocmask(libc::SIG_BLOCK, std::ptr::null(), &mut mask);
        for signal in 1..=64 {
            if libc::sigismember(&mask, signal) == 1 {
                blocked |= 1 << (signal - 1);
            }
        }
    }
    INHERITED_MASK.store(blocked, Ordering::Relaxed);
}

/// Which of descriptors 0 and 1 (bits 0 and 1) [`ensure_standard_fds`] opened as placeholders.
static PLACEHOLDERS: AtomicU64 = AtomicU64::new(0);

/// A descriptor that reads as end of file and refuses writes: the read end of a pipe whose write
/// end is closed (close-on-exec, so the command never sees it).
fn dummy_fd() -> Option<i32> {
    let mut fds = [0; 2];
    // SAFETY: pipe2 writes two descriptors into `fds`; closing the write end we own.
    unsafe {
        if libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) != 0 {
            return None;
        }
        libc::close(fds[1]);
    }
    Some(fds[0])
}

/// strace's start: a standard descriptor tracer was started without is opened as a placeholder, so
/// that no file tracer opens (`-o FILE`) lands on it, and the command inherits it closed, as given.
/// Runs before `main` (see [`RECORD_INHERITED_DISPOSITIONS`]).
fn ensure_standard_fds() {
    let mut placeholders = 0;
    while let Some(fd) = dummy_fd() {
        if fd > 2 {
            // SAFETY: our own descriptor, just opened.
            unsafe { libc::close(fd) };
            break;
        }
        if fd < 2 {
            placeholders |= 1 << fd;
        } else {
            break;
        }
    }
    PLACEHOLDERS.store(placeholders, Ordering::Relaxed);
}

/// strace's `redirect_standard_fds`, once the command has started: tracer lets go of its standard
/// input and output (each replaced by a placeholder), so that a pipe the command closes has no
/// other reader or writer left (`yes | tracer sh -c 'exec <&-'` ends `yes` with SIGPIPE).
pub fn redirect_standard_fds() {
    let placeholders = PLACEHOLDERS.load(Ordering::Relaxed);
    for fd in 0..=1 {
        if placeholders & (1 << fd) == 0 {
            // SAFETY: closing our own standard descriptor; the lowest free descriptor is then
            // `fd`, which the placeholder takes.
            unsafe { libc::close(fd) };
            let _ = dummy_fd();
        }
    }
    PLACEHOLDERS.store(0b11, Ordering::Relaxed);
}

/// The longest program name the child's exec failure message keeps.
const EXEC_PREFIX_ROOM: usize = 256;

/// Fork a child that stops itself and then execs `command`; returns once the child is stopped
/// before its `execve` (not traced yet: see [`Gate`] for who resumes it).
///
/// With `seccomp`, the child installs that filter after its stop (so that the tracer sees the
/// `seccomp` call and its result) and before its `execve`; after `PR_SET_NO_NEW_PRIVS` (as strace
/// does) only when it cannot go in without (no CAP_SYS_ADMIN).
pub fn spawn_stopped(
    command: &Command,
    gate: Gate,
    seccomp: Option<&libc::sock_fprog>,
) -> Result<Pid, LaunchError> {
    let mut exec = Exec::new(command, seccomp);
    if gate == Gate::StopQuietExec {
        exec.prefix = None;
    }
    // SAFETY: the child only calls async-signal-safe functions (signal, sigprocmask, getpid, kill,
    // execv, _exit) and atomic loads on memory prepared before the fork.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(LaunchError::Fork(nix::Error::last()));
    }
    if pid == 0 {
        // SAFETY: as above; this is the child and never returns.
        unsafe { child_after_fork(&exec, Start::StopSelf) }
    }
    let pid = Pid::from_raw(pid);
    match waitpid(pid, Some(WaitPidFlag::WUNTRACED)).map_err(LaunchError::Wait)? {
        WaitStatus::Stopped(_, Signal::SIGSTOP) => Ok(pid),
        other => Err(LaunchError::UnexpectedStatus(other)),
    }
}

/// `-D`: the command, traced by a grandchild of its own; see [`spawn_daemonized`].
#[derive(Debug)]
pub struct Daemonized {
    /// The command (the process tracer was started as), waiting for `middle` to end.
    pub command: Pid,
    /// The child between the command and tracer, paused until [`Daemonized::release`].
    middle: Pid,
}

impl Daemonized {
    /// Let the command go on (tracer traces it now): its wait for `middle` returns, it execs.
    pub fn release(self) {
        // SAFETY: kill(2) on our parent, which only pauses until this.
        unsafe { libc::kill(self.middle.as_raw(), libc::SIGKILL) };
    }
}

/// strace's `-D`: the process tracer was started as becomes the command, and tracer goes on in
/// its grandchild, whose parent has ended (so it is reparented to the reaper). `level` 2 puts
/// tracer in a new process group, 3 in a new session, so that a signal for the command's group or
/// session does not reach it. Returns only in tracer (the grandchild), with the command waiting
/// for [`Daemonized::release`]; the command's process never returns from here.
///
/// Must be called while tracer is single-threaded: the grandchild goes on as tracer.
pub fn spawn_daemonized(
    command: &Command,
    seccomp: Option<&libc::sock_fprog>,
    level: u8,
) -> Result<Daemonized, LaunchError> {
    let exec = Exec::new(command, seccomp);
    // SAFETY: plain syscalls; the children only make async-signal-safe calls until the grandchild
    // goes on as tracer (the process is single-threaded, see above).
    unsafe {
        let command_pid = libc::getpid();
        // Yama: a descendant may trace us only if we allow it.
        libc::prctl(libc::PR_SET_PTRACER, libc::PR_SET_PTRACER_ANY, 0, 0, 0);
        let middle = libc::fork();
        if middle < 0 {
            return Err(LaunchError::Fork(nix::Error::last()));
        }
        if middle > 0 {
            child_after_fork(&exec, Start::AwaitChild(middle));
        }
        let tracer = libc::fork();
        if tracer != 0 {
            // The middle child: paused until tracer kills it (or gone at once if fork failed).
            if tracer > 0 {
                loop {
                    libc::pause();
                }
            }
            libc::_exit(1);
        }
        match level {
            2 if libc::setpgid(0, 0) < 0 => {
                return Err(LaunchError::Daemonize { what: "process group", errno: nix::Error::last() })
            }
            3 if libc::setsid() < 0 => {
                return Err(LaunchError::Daemonize { what: "session", errno: nix::Error::last() })
            }
            _ => {}
        }
        Ok(Daemonized { command: Pid::from_raw(command_pid), middle: Pid::from_raw(libc::getppid()) })
    }
}

/// What the process that becomes the command needs, prepared before any fork (it may not
/// allocate after).
struct Exec<'a> {
    path: *const libc::c_char,
    argv: Vec<*const libc::c_char>,
    /// `-E`: the whole environment (NULL-terminated); `None`: tracer's.
    envp: Option<Vec<*const libc::c_char>>,
    seccomp: Option<&'a libc::sock_fprog>,
    /// `-u`: the ids to take before the stop (so the tracer sees none of these calls, as under
    /// strace).
    credentials: Option<&'a Credentials>,
    /// `NAME: `, the start of the child's own error messages.
    program: Vec<u8>,
    /// The `NAME: exec: ` prefix of its exec failure message; `None`: it says nothing (the
    /// backend says it, [`Gate::StopQuietExec`]).
    prefix: Option<Vec<u8>>,
}

impl<'a> Exec<'a> {
    fn new(command: &'a Command, seccomp: Option<&'a libc::sock_fprog>) -> Exec<'a> {
        let mut argv: Vec<*const libc::c_char> = command.argv.iter().map(|a| a.as_ptr()).collect();
        argv.push(std::ptr::null());
        let envp = command.env.as_ref().map(|env| {
            let mut envp: Vec<*const libc::c_char> = env.iter().map(|e| e.as_ptr()).collect();
            envp.push(std::ptr::null());
            envp
        });
        let mut program = crate::messages::program_name().as_bytes().to_vec();
        program.truncate(EXEC_PREFIX_ROOM);
        program.extend_from_slice(b": ");
        let mut prefix = program.clone();
        prefix.extend_from_slice(b"exec: ");
        Exec {
            path: command.path.as_ptr(),
            argv,
            envp,
            seccomp,
            credentials: command.credentials.as_ref(),
            program,
            prefix: Some(prefix),
        }
    }
}

/// How the process that becomes the command waits for its tracer before it goes on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Start {
    /// It stops itself (`SIGSTOP`); the tracer, its parent, resumes it.
    StopSelf,
    /// `-D`: it waits for its child `pid`, which the tracer (that child's child) kills once it
    /// traces it.
    AwaitChild(libc::pid_t),
}

/// The command's side: restore what strace's child would have, wait for the tracer, exec.
///
/// SAFETY: to be called only in a freshly forked child (or the process `-D` turns into the
/// command), with `exec` prepared before the fork.
unsafe fn child_after_fork(exec: &Exec, start: Start) -> ! {
    let (path, argv, seccomp, prefix) = (exec.path, exec.argv.as_ptr(), exec.seccomp, exec.prefix.as_deref());
    // SAFETY: async-signal-safe libc calls on valid arguments; see the caller.
    unsafe {
        // Rust's runtime ignores SIGPIPE and tracer handles SIGINT & co.: the traced program
        // must start with what tracer inherited (strace forks before changing any of them), an
        // ignored SIGINT in a background job included.
        let ignored = INHERITED_IGNORED.load(Ordering::Relaxed);
        for signal in 1..32 {
            if signal == libc::SIGKILL || signal == libc::SIGSTOP {
                continue;
            }
            let action = if ignored & (1 << signal) != 0 { libc::SIG_IGN } else { libc::SIG_DFL };
            libc::signal(signal, action);
        }
        let blocked = INHERITED_MASK.load(Ordering::Relaxed);
        let mut mask: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut mask);
        for signal in 1..=64 {
            if blocked & (1 << (signal - 1)) != 0 {
                libc::sigaddset(&mut mask, signal);
            }
        }
        libc::sigprocmask(libc::SIG_SETMASK, &mask, std::ptr::null_mut());
        if let Some(ids) = exec.credentials {
            // strace's order and words: groups before the uid is given up.
            let groups: &[u32] = &ids.groups;
            if libc::setgroups(groups.len(), groups.as_ptr()) < 0 {
                die_with_errno(&exec.program, b"initgroups: ");
            }
            if libc::setregid(ids.gid, ids.egid) < 0 {
                die_with_errno(&exec.program, b"setregid: ");
            }
            if libc::setreuid(ids.uid, ids.euid) < 0 {
                die_with_errno(&exec.program, b"setreuid: ");
            }
        }
        match start {
            // The raw syscall, not raise(): the stop is taken on this call's return, so the next
            // syscall is the execve (the ptrace backend seizes the child while it is stopped here).
            Start::StopSelf => {
                libc::syscall(libc::SYS_kill, libc::syscall(libc::SYS_getpid), libc::SIGSTOP);
            }
            Start::AwaitChild(child) => {
                // As strace: give up waiting after 3 s (SIGALRM's default action ends us).
                libc::alarm(3);
                while libc::waitpid(child, std::ptr::null_mut(), 0) < 0
                    && *libc::__errno_location() == libc::EINTR
                {}
                libc::alarm(0);
            }
        }
        if let Some(prog) = seccomp {
            // With CAP_SYS_ADMIN (root) the filter goes in as it is, so that setuid programs the
            // command runs still gain their privileges; else after PR_SET_NO_NEW_PRIVS, as strace
            // always does. A failure shows in the seccomp call's result, which the tracer reads.
            let install = || {
                libc::syscall(
                    libc::SYS_seccomp,
                    1, /* SECCOMP_SET_MODE_FILTER */
                    0,
                    prog as *const libc::sock_fprog,
                )
            };
            if install() != 0 && libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 {
                install();
            }
        }
        match &exec.envp {
            Some(envp) => libc::execve(path, argv, envp.as_ptr()),
            None => libc::execv(path, argv),
        };
        // As strace's child: `strace: exec: Exec format error`, exit 1 (the trace shows it).
        let Some(prefix) = prefix else { libc::_exit(1) };
        die_with_errno(prefix, b"")
    }
}

/// `PREFIX WHAT strerror(errno)` on stderr, then exit 1: the child's `perror_msg_and_die`.
///
/// SAFETY: async-signal-safe (no allocation); for the child only.
unsafe fn die_with_errno(prefix: &[u8], what: &[u8]) -> ! {
    // SAFETY: writes stay within `message`; see above.
    unsafe {
        let errno = *libc::__errno_location();
        let mut message = [0u8; EXEC_PREFIX_ROOM + 200];
        let head = prefix.len() + what.len();
        message[..prefix.len()].copy_from_slice(prefix);
        message[prefix.len()..head].copy_from_slice(what);
        let text = message.as_mut_ptr().add(head).cast::<libc::c_char>();
        let room = message.len() - head - 1;
        let mut len = head;
        // The XSI strerror_r fills the buffer (C locale: a table lookup, no allocation).
        if libc::strerror_r(errno, text, room) == 0 {
            len += libc::strlen(text);
        }
        message[len] = b'\n';
        libc::write(2, message.as_ptr().cast(), len + 1);
        libc::_exit(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs_are_found_in_path_like_strace() {
        let command = Command::resolve(&["sh".into(), "-c".into(), "true".into()]).expect("sh exists");
        assert!(command.path.to_bytes().ends_with(b"/sh"));
        assert_eq!(command.argv.len(), 3);
    }

    #[test]
    fn a_missing_program_reads_like_strace() {
        let err = Command::resolve(&["no-such-prog-xyz".into()]).expect_err("fails");
        assert_eq!(err.to_string(), "Can't stat 'no-such-prog-xyz': No such file or directory");
    }
}
