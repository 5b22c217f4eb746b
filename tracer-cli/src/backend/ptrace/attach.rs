//! `-p PID`: seizing running processes (and with `-f` all their threads) as strace 6.1 does, and
//! detaching from tasks that may be running, in a syscall, in a signal-delivery-stop or in a
//! group-stop, so that each is left as it would be without the tracer (running, or stopped if it was
//! stopped by a signal), with `TracerPid: 0`.

use std::collections::BTreeSet;

use nix::errno::Errno;
use nix::sys::ptrace;
use nix::unistd::Pid;

use super::stops::{wait_for, Stop};
use super::{options, PtraceError, Session};
use crate::backend::EventSink;
use crate::messages::Notice;

/// How many passes over /proc/PID/task at most: threads created while we attach show up in the
/// next pass; the set is taken as stable once a pass finds nothing new.
const MAX_THREAD_PASSES: usize = 100;

/// Seize `tid` and stop it with `PTRACE_INTERRUPT` (it reports an event- or group-stop next).
/// On failure, the request that failed.
fn seize(tid: Pid, follow: bool) -> Result<(), (&'static str, Errno)> {
    ptrace::seize(tid, options(follow, false, false)).map_err(|errno| ("PTRACE_SEIZE", errno))?;
    ptrace::interrupt(tid).map_err(|errno| ("PTRACE_INTERRUPT", errno))
}

/// Attach to each process of `pids` in order, as strace does: failures are said
/// (`tracer: attach: ptrace(PTRACE_SEIZE, 1234): No such process`) and skipped. Returns how many
/// processes were attached.
pub(super) fn attach_all(session: &mut Session<'_>, pids: &[i32]) -> Result<usize, PtraceError> {
    let own = std::process::id();
    let mut attached = 0;
    for &pid in pids {
        if crate::backend::detach_requested() {
            break;
        }
        if pid.unsigned_abs() == own {
            crate::diag!("attach: pid {pid}: {}", Errno::EPERM.desc());
            continue;
        }
        let leader = Pid::from_raw(pid);
        if session.tracees.contains_key(&leader) {
            continue;
        }
        if let Err((request, errno)) = seize(leader, session.follow) {
            crate::diag!("attach: ptrace({request}, {pid}): {}", errno.desc());
            continue;
        }
        let tracee = session.new_tracee(leader);
        session.tracees.insert(leader, tracee);
        attached += 1;
        let threads = if session.follow { 1 + attach_threads(session, leader) } else { 1 };
        session.sink.notice(Notice::attached(pid, threads))?;
    }
    Ok(attached)
}

/// With `-f`: seize every other thread of `leader`'s group, passing over /proc/PID/task until a
/// pass finds no new thread. Returns how many were attached (failures are not said, as in strace:
/// a thread may exit meanwhile).
fn attach_threads(session: &mut Session<'_>, leader: Pid) -> usize {
    let mut tried: BTreeSet<i32> = BTreeSet::from([leader.as_raw()]);
    let mut attached = 0;
    for _ in 0..MAX_THREAD_PASSES {
        let new: Vec<i32> = task_ids(leader).into_iter().filter(|tid| !tried.contains(tid)).collect();
        if new.is_empty() {
            break;
        }
        for tid in new {
            tried.insert(tid);
            let tid = Pid::from_raw(tid);
            if session.tracees.contains_key(&tid) || seize(tid, true).is_err() {
                continue;
            }
            let tracee = session.new_tracee(tid);
            session.tracees.insert(tid, tracee);
            attached += 1;
        }
    }
    attached
}

/// The tids in /proc/PID/task, in directory order (empty if the process is gone).
fn task_ids(pid: Pid) -> Vec<i32> {
    let Ok(dir) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return Vec::new();
    };
    dir.filter_map(|entry| entry.ok()?.file_name().to_str()?.parse().ok())
        .filter(|&tid: &i32| tid > 0)
        .collect()
}

/// Detach from a traced task that we hold no stop of (it is running, in a syscall, or listening in a
/// group-stop): strace's `detach()` for seized tasks. Try `PTRACE_DETACH` (works when it is in a
/// ptrace-stop); otherwise, if it still exists, `PTRACE_INTERRUPT` it and detach at the stop that
/// follows, whatever its kind: a signal-delivery-stop's signal is re-injected, a group-stop is kept.
pub(super) fn detach_running(tid: Pid) {
    match ptrace::detach(tid, None) {
        Ok(()) => return,
        Err(Errno::ESRCH) => {}
        Err(_) => return,
    }
    // ESRCH: not in a ptrace-stop, or gone.
    if !tid_exists(tid) {
        return;
    }
    if ptrace::interrupt(tid).is_err() {
        return;
    }
    let Some(status) = wait_for(tid) else { return };
    // An exit (killed meanwhile) needs nothing; any stop is left by detaching, which re-injects a
    // signal being delivered.
    let _ = Stop::new(tid, status).detach();
}

/// Whether thread `tid` exists (`tkill(tid, 0)`, as strace checks).
fn tid_exists(tid: Pid) -> bool {
    // SAFETY: tkill with signal 0 only checks that the thread exists.
    let ret = unsafe { libc::syscall(libc::SYS_tkill, tid.as_raw(), 0) };
    ret == 0 || Errno::last() != Errno::ESRCH
}
