//! What the tracees' state is, as far as the output needs it: which tasks are alive (and of which
//! process), their names, each one's previous call, and what their descriptors refer to. It learns
//! from every item pairing hands on, shown or not, so that a filter never changes what is known.

pub mod fds;
mod netlink;
pub mod pidns;
mod tasks;

use tracer_common::event::Event;
use tracer_common::syscall::nr;

pub use self::fds::FdTable;
pub use self::netlink::NetlinkSockets;
pub use self::pidns::PidNs;
pub use self::tasks::Tasks;
use crate::call::{Paired, Syscall};
use crate::decode::pids::{PidNote, PidType};
use crate::decode::FdNames;

/// Everything learnt from the trace so far.
#[derive(Debug, Default)]
pub struct State {
    /// The tasks and their names.
    pub tasks: Tasks,
    /// What descriptors refer to (`-y`, `-P`): kept only when something asks for it.
    pub fds: Option<FdTable>,
    /// Which descriptors are netlink sockets (always kept: few calls teach it).
    pub netlink: NetlinkSockets,
    /// `-Y`, `--pidns-translation`: what follows pids.
    pub pids: Option<PidNs>,
}

impl State {
    /// State that keeps an fd table (`-y`, `-P`).
    pub fn with_fds(fds: FdTable) -> Self {
        State { fds: Some(fds), ..State::default() }
    }

    /// This state, printing what `decode` asks for after pids.
    pub fn with_pids(self, decode: crate::sets::DecodePids) -> Self {
        State { pids: Some(PidNs::new(decode)), ..self }
    }

    /// What the decoders may ask about descriptors: the names `-y` prints (none without it) and
    /// which are netlink sockets.
    #[inline]
    pub fn fd_names(&self) -> Option<&dyn FdNames> {
        Some(self)
    }

    /// Before an item is judged and shown: a task counts as traced from its first record, as
    /// strace's from its first stop; a non-leader thread's execve ends the leader's life before
    /// the line that says so (`+++ superseded by execve in pid N +++`).
    #[inline]
    pub fn arrived(&mut self, item: &Paired) {
        if !matches!(item, Paired::Other(Event::Lost { .. })) {
            let meta = item.meta();
            let new = self.tasks.seen(meta.tid, meta.pid);
            if let Some(pids) = &self.pids {
                // A child is read from its fork on, the sooner the likelier it is still there
                // (the eBPF backend's records are read after the fact).
                match item {
                    Paired::Other(Event::Fork { child_tid, child_pid, pid_ns, .. }) => {
                        pids.forked(*child_tid, *child_pid, pid_ns);
                        pids.seen(*child_tid);
                    }
                    _ if new => pids.seen(meta.tid),
                    _ => {}
                }
            }
            if let Some(pids) = self.pids.as_ref().filter(|pids| pids.names()) {
                // `-Y`: a task's name is read when it is first seen, and again when a call
                // renames it (strace's `maybe_load_task_comm`).
                let renamed = matches!(
                    item,
                    Paired::Syscall(call) | Paired::Resumed(call) | Paired::Hidden(call) if renames(call)
                );
                if renamed || self.tasks.own_comm(meta.tid).is_none() {
                    self.tasks.named(meta.tid, &pids.comm(meta.tid));
                }
            }
        }
        if let Paired::Other(Event::Exec { meta, old_tid }) = item {
            if *old_tid != meta.tid {
                self.tasks.superseded(*old_tid);
            }
        }
    }

    /// Task `tid` is traced before its first record (`-p`): known from now, and with `-Y` named
    /// now, as strace names a task when it attaches.
    pub fn expect(&mut self, tid: u32) {
        self.tasks.seen(tid, tid);
        if let Some(pids) = &self.pids {
            pids.seen(tid);
            if pids.names() {
                self.tasks.named(tid, &pids.comm(tid));
            }
        }
    }

    /// Learn what `call` did that its own arguments show (the descriptors pipe2 returns through
    /// memory); before its arguments are decoded.
    #[inline]
    pub fn before_args(&mut self, call: &Syscall) {
        if let Some(fds) = &mut self.fds {
            fds.before_args(call);
        }
    }

    /// Learn the rest of what `call` did; after its arguments are decoded and before its return
    /// value is (`close(3</x>)` names what was closed, `openat(...) = 3</x>` what was opened).
    #[inline]
    pub fn after_args(&mut self, call: &Syscall) {
        if let Some(fds) = &mut self.fds {
            fds.after_args(call);
            if let Some(protocol) = self.netlink.learnt(call.meta.pid, call.args[0] as i32) {
                fds.bound_netlink(call, protocol);
            }
        }
        self.netlink.learn(call);
    }

    /// Learn from an item that is not shown what showing it would have taught.
    pub fn learn(&mut self, item: &Paired) {
        match item {
            Paired::Syscall(call) | Paired::Resumed(call) | Paired::Hidden(call) => {
                self.before_args(call);
                self.after_args(call);
            }
            Paired::Detached(call) => self.before_args(call),
            Paired::Unfinished(_) | Paired::PidChanged(..) | Paired::EntryLost(_) | Paired::Other(_) => {}
        }
    }

    /// After an item is shown or not: what it changed in the tasks.
    #[inline]
    pub fn passed(&mut self, item: &Paired) {
        match item {
            Paired::Syscall(call) | Paired::Resumed(call) | Paired::Hidden(call) | Paired::Detached(call) => {
                self.tasks.called(call.meta.tid, call.nr);
            }
            Paired::Unfinished(_) | Paired::PidChanged(..) | Paired::EntryLost(_) => {}
            Paired::Other(Event::Exit { meta, .. }) => {
                if self.tasks.ended(*meta) {
                    if let Some(fds) = &mut self.fds {
                        fds.exit(meta.pid);
                    }
                    self.netlink.exit(meta.pid);
                }
                if let Some(pids) = &self.pids {
                    pids.exit(meta.tid);
                }
            }
            Paired::Other(Event::Fork { meta, child_pid, .. }) => {
                if let Some(fds) = &mut self.fds {
                    fds.fork(meta.pid, *child_pid);
                }
            }
            Paired::Other(Event::Comm { meta, comm }) => self.tasks.named(meta.tid, comm),
            Paired::Other(_) => {}
        }
    }
}

/// The calls that can rename their task (strace's `COMM_CHANGE`).
pub const RENAMING_CALLS: [u64; 3] = [nr::EXECVE, nr::EXECVEAT, nr::PRCTL];

/// Whether `call` changed its task's name: a successful execve or execveat, or prctl's
/// PR_SET_NAME.
fn renames(call: &Syscall) -> bool {
    const PR_SET_NAME: u64 = 15;
    call.ok_ret().is_some()
        && match call.nr {
            nr::EXECVE | nr::EXECVEAT => true,
            nr::PRCTL => call.args.first().is_some_and(|&option| option & 0xffff_ffff == PR_SET_NAME),
            _ => false,
        }
}

impl FdNames for State {
    fn fd_name(&self, pid: u32, fd: i32) -> Option<crate::decode::FdName> {
        self.fds.as_ref().filter(|t| t.decode().any())?.fd_name(pid, fd)
    }

    fn netlink_protocol(&self, pid: u32, fd: i32) -> Option<u32> {
        let proc_pid = self.pids.as_ref().map_or(pid, |pids| pids.proc_pid(pid));
        self.netlink.protocol_at(pid, proc_pid, fd)
    }

    fn pid_note(&self, tid: u32, pid: i32, ty: PidType) -> Option<PidNote> {
        self.pids.as_ref()?.note(tid, pid, ty)
    }

    fn translate(&self, tid: u32, pid: i32, ty: PidType) -> Option<i32> {
        self.pids.as_ref()?.translate(tid, pid, ty)
    }

    fn pidfd_pid(&self, pid: u32, fd: i32) -> Option<u32> {
        self.fds.as_ref()?.pidfd_pid(pid, fd)
    }
}
