//! Pids as strace's `printpid` prints them: the number, then with `-Y` the task's name (`42<sleep>`,
//! for a thread or process id), and with `--pidns-translation` the id in tracer's pid namespace
//! when the tracee's namespace differs (`3 /* 4242 in strace's PID NS */`). What a pid means is
//! the state's business ([`super::FdNames::pid_note`]); this module only prints it.

use super::{Ctx, FdName, FdNames, Printer};

/// Which of a task's ids a pid is (strace's `enum pid_type`): the `NS...` line of
/// `/proc/PID/status` that translates it, and whether `-Y` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PidType {
    /// A thread id (`NSpid`).
    Tid,
    /// A process id (`NStgid`).
    Tgid,
    /// A process group id (`NSpgid`).
    Pgid,
    /// A session id (`NSsid`).
    Sid,
}

impl PidType {
    /// Whether `-Y` prints the task's name after a pid of this type (not after a group's or a
    /// session's).
    pub fn named(self) -> bool {
        matches!(self, PidType::Tid | PidType::Tgid)
    }
}

/// What is printed after one pid.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PidNote {
    /// `-Y`: the task's comm (empty names print nothing).
    pub comm: Option<Vec<u8>>,
    /// `--pidns-translation`: the id in tracer's namespace, when it differs from the one printed.
    pub ours: Option<i32>,
}

/// Where pids are decorated from: what the state knows, and which task's view they are in.
#[derive(Clone, Copy, Debug, Default)]
pub struct Pids<'a> {
    names: Option<&'a dyn FdNames>,
    tid: u32,
}

impl<'a> Pids<'a> {
    /// Pids as task `tid` sees them, decorated from `names` (nothing for none).
    pub fn new(names: Option<&'a dyn FdNames>, tid: u32) -> Self {
        Pids { names, tid }
    }

    /// Pid `pid` of type `ty`: `42`, `42<sleep>`, `3 /* 4242 in strace's PID NS */`.
    pub fn pid<P: Printer + ?Sized>(&self, p: &mut P, pid: i32, ty: PidType) {
        p.int(i64::from(pid));
        self.note(p, pid, ty);
    }

    /// kill's and wait4's first argument (strace's `printpid_tgid_pgid`): a process id when
    /// positive, a process group's (negated) when below -1.
    pub fn pid_or_pgid<P: Printer + ?Sized>(&self, p: &mut P, pid: i32) {
        p.int(i64::from(pid));
        if pid > 0 {
            self.note(p, pid, PidType::Tgid);
        } else if pid < -1 {
            self.note(p, pid.wrapping_neg(), PidType::Pgid);
        }
    }

    /// Descriptor `fd` of this task (a siginfo's `si_fd`): `3`, or `3</dev/null>` with `-y`.
    pub fn fd<P: Printer + ?Sized>(&self, p: &mut P, fd: i32) {
        p.int(i64::from(fd));
        if let Some(name) = self.names.and_then(|names| names.fd_name(self.tid, fd)) {
            p.decoration(&name);
        }
    }

    /// The decorations after a pid already printed.
    pub fn note<P: Printer + ?Sized>(&self, p: &mut P, pid: i32, ty: PidType) {
        if let Some(note) = self.names.and_then(|names| names.pid_note(self.tid, pid, ty)) {
            print_note(p, pid, &note);
        }
    }

    /// Pid `pid` of type `ty` in tracer's namespace (for /proc), when it can be told.
    pub fn ours(&self, pid: i32, ty: PidType) -> Option<i32> {
        self.names?.translate(self.tid, pid, ty)
    }
}

impl<'a> Ctx<'a> {
    /// Pids as the calling task sees them.
    pub fn pids(&self) -> Pids<'a> {
        Pids::new(self.fds, self.call.meta.tid)
    }

    /// Pid `pid` of type `ty` ([`Pids::pid`]).
    pub fn pid<P: Printer + ?Sized>(&self, p: &mut P, pid: i32, ty: PidType) {
        self.pids().pid(p, pid, ty);
    }

    /// kill's and wait4's first argument ([`Pids::pid_or_pgid`]).
    pub fn pid_or_pgid<P: Printer + ?Sized>(&self, p: &mut P, pid: i32) {
        self.pids().pid_or_pgid(p, pid);
    }
}

/// `<comm>` and the translation comment of `note`, after `pid`.
pub fn print_note<P: Printer + ?Sized>(p: &mut P, pid: i32, note: &PidNote) {
    if let Some(comm) = note.comm.as_ref().filter(|c| !c.is_empty()) {
        p.decoration(&FdName::Comm(comm.clone()));
    }
    if let Some(ours) = note.ours.filter(|&ours| ours != pid) {
        p.comment(&format!("{ours} in strace's PID NS"));
    }
}
