//! Calls that return an anonymous-inode descriptor (`anon_inode:[eventfd]`), a pidfd, or a
//! signalfd: what the descriptor table learns from them; pidfd_getfd, whose second argument is a
//! descriptor of the pidfd's process. (perf_event_open's descriptor: `family::perf`.)

use tracer_common::syscall::{nr, SyscallInfo};

use super::{Cloexec, FdEffect, Paths, Rules};
use crate::decode::{Ctx, Printer};

/// EFD_CLOEXEC, TFD_CLOEXEC, SFD_CLOEXEC, IN_CLOEXEC, EPOLL_CLOEXEC: all O_CLOEXEC's value.
const NEW_FD_CLOEXEC: u64 = libc::O_CLOEXEC as u64;

/// A call returning an anonymous-inode descriptor named `text`.
pub(super) const fn anon(nr: u64, text: &'static str, cloexec: Cloexec) -> Rules {
    Rules {
        nr,
        paths: Some(Paths::Never),
        fds: FdEffect::Anon { text, cloexec, new_only: false },
        ..Rules::NONE
    }
}

/// Close-on-exec when argument `arg` has `mask`.
pub(super) const fn flag(arg: u8, mask: u64) -> Cloexec {
    Cloexec::Flag { arg, mask }
}

pub const RULES: &[Rules] = &[
    anon(nr::EVENTFD, "anon_inode:[eventfd]", Cloexec::Never),
    anon(nr::EVENTFD2, "anon_inode:[eventfd]", flag(1, NEW_FD_CLOEXEC)),
    anon(nr::EPOLL_CREATE, "anon_inode:[eventpoll]", Cloexec::Never),
    anon(nr::EPOLL_CREATE1, "anon_inode:[eventpoll]", flag(0, NEW_FD_CLOEXEC)),
    anon(nr::TIMERFD_CREATE, "anon_inode:[timerfd]", flag(1, NEW_FD_CLOEXEC)),
    anon(nr::INOTIFY_INIT, "anon_inode:inotify", Cloexec::Never),
    anon(nr::INOTIFY_INIT1, "anon_inode:inotify", flag(0, NEW_FD_CLOEXEC)),
    anon(nr::USERFAULTFD, "anon_inode:[userfaultfd]", flag(0, libc::O_CLOEXEC as u64)),
    // A signalfd is new only when argument 0 is -1; otherwise the call returns that descriptor.
    Rules {
        nr: nr::SIGNALFD,
        paths: Some(Paths::Never),
        fds: FdEffect::Anon { text: "anon_inode:[signalfd]", cloexec: Cloexec::Never, new_only: true },
        ..Rules::NONE
    },
    Rules {
        nr: nr::SIGNALFD4,
        paths: Some(Paths::Never),
        fds: FdEffect::Anon {
            text: "anon_inode:[signalfd]",
            cloexec: flag(3, NEW_FD_CLOEXEC),
            new_only: true,
        },
        ..Rules::NONE
    },
    Rules { nr: nr::PIDFD_OPEN, paths: Some(Paths::Never), fds: FdEffect::Pidfd, ..Rules::NONE },
    Rules {
        nr: nr::PIDFD_GETFD,
        args: Some(pidfd_getfd),
        fds: FdEffect::Steal { pidfd: 0, fd: 1 },
        ..Rules::NONE
    },
];

/// `pidfd_getfd(5<pid:42>, 3</dev/null>, 0)`: the target descriptor is named in the pidfd's
/// process (strace's `printfd_pid_tracee_ns`), a bare number when that process is unknown.
fn pidfd_getfd(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    let pidfd = ctx.arg(0) as i32;
    let target = ctx.arg(1) as i32;
    ctx.fd(p, pidfd);
    match ctx.fds.and_then(|names| names.pidfd_pid(ctx.call.meta.pid, pidfd)) {
        Some(pid) => ctx.fd_of(p, pid as i32, target),
        None => p.int(i64::from(target)),
    }
    p.hex(ctx.arg(2) & 0xffff_ffff);
    true
}
