//! Pids as strace's `printpid` prints them: the number, then with `-Y` the task's name (`42<sleep>`,
//! for a thread or process id), and with `--pidns-translation` the id in tracer's pid namespace
//! when the tracee's namespace differs (`3 /* 4242 in strace's PID NS */`). What a pid means is
//! the state's business ([`super::FdNames::pid_note`]); this module only prints it.

use super::{Ctx, FdName, Printer};

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

impl Ctx<'_> {
    /// Pid `pid` of type `ty`, as the calling task sees it: `42`, `42<sleep>`,
    /// `3 /* 4242 in strace's PID NS */`.
    pub fn pid<P: Printer + ?Sized>(&self, p: &mut P, pid: i32, ty: PidType) {
        p.int(i64::from(pid));
        self.pid_note(p, pid, ty);
    }

    /// kill's and wait4's first argument (strace's `printpid_tgid_pgid`): a process id when
    /// positive, a process group's (negated) when below -1.
    pub fn pid_or_pgid<P: Printer + ?Sized>(&self, p: &mut P, pid: i32) {
        p.int(i64::from(pid));
        if pid > 0 {
            self.pid_note(p, pid, PidType::Tgid);
        } else if pid < -1 {
            self.pid_note(p, pid.wrapping_neg(), PidType::Pgid);
        }
    }

    /// The decorations after a pid already printed.
    pub fn pid_note<P: Printer + ?Sized>(&self, p: &mut P, pid: i32, ty: PidType) {
        let Some(note) = self.fds.and_then(|names| names.pid_note(self.call.meta.tid, pid, ty)) else {
            return;
        };
        print_note(p, pid, &note);
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
