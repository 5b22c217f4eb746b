//! Pid arguments, return values and fields seen from another pid namespace: the fixture unshares
//! a new pid namespace and forks its first process (pid 1 there), which makes the calls; tracer's
//! `--pidns-translation` adds each pid's number in tracer's namespace, `-Y` the task's name.
//! Usage (as root): fixture-pidns MODE (`ids`: the calls that return or take the caller's own ids;
//! `others`: pids of other kinds and in struct fields; `fields`: pid arguments of the memory calls
//! and a seccomp notification's pid; `comm`: the same pids for `-Y`; `gone`: tasks that are
//! reaped before their records can be read after the fact).
//! Every call is harmless: it reads, sends signal 0, or fails (descriptor -1, a NULL pointer).

use tracer_tests::edges;

/// `getpid`, `gettid`, `getpgrp`, `getsid`, `getpgid` of itself: return values of each pid type.
fn ids() {
    // SAFETY: raw syscalls without pointers.
    unsafe {
        let me = libc::syscall(libc::SYS_getpid);
        libc::syscall(libc::SYS_gettid);
        libc::syscall(libc::SYS_getpgrp);
        libc::syscall(libc::SYS_getsid, me);
        libc::syscall(libc::SYS_getpgid, me);
        libc::syscall(libc::SYS_getppid);
    }
}

/// Pids as arguments and struct fields: signal 0 to itself, a scheduler query, a priority query,
/// an fcntl owner on a closed descriptor, a queued signal's siginfo (to a pid that does not exist
/// in this namespace).
fn others() {
    // SAFETY: raw syscalls; the only pointer is a zeroed siginfo on the stack.
    unsafe {
        let me = libc::syscall(libc::SYS_getpid);
        libc::syscall(libc::SYS_kill, me, 0);
        libc::syscall(libc::SYS_kill, -me, 0);
        libc::syscall(libc::SYS_tgkill, me, me, 0);
        libc::syscall(libc::SYS_sched_getscheduler, me);
        libc::syscall(libc::SYS_getpriority, libc::PRIO_PROCESS, me);
        libc::syscall(libc::SYS_getpriority, libc::PRIO_PGRP, me);
        libc::syscall(libc::SYS_fcntl, -1, libc::F_SETOWN, me);
        libc::syscall(libc::SYS_fcntl, -1, libc::F_SETOWN, -me);
        let mut info: libc::siginfo_t = std::mem::zeroed();
        let raw = std::ptr::addr_of_mut!(info).cast::<i32>();
        // si_signo, si_errno, si_code (SI_QUEUE), then si_pid and si_uid.
        *raw = libc::SIGUSR1;
        *raw.add(2) = -1;
        *raw.add(4) = me as i32;
        // A pid no task has here: ESRCH, the siginfo printed at entry.
        libc::syscall(libc::SYS_rt_sigqueueinfo, 4_000_000, libc::SIGUSR1, &info);
    }
}

/// Pid arguments of the memory calls and the pid field of a seccomp notification: pages
/// migrated from itself (none: EINVAL, no pages: nothing done) and a notification filled in by
/// the caller, read from descriptor -1 (EBADF, the struct shown as it was at entry).
fn fields() {
    // SAFETY: raw syscalls; the only pointer is to a struct on the stack.
    unsafe {
        let me = libc::syscall(libc::SYS_getpid);
        libc::syscall(libc::SYS_migrate_pages, me, 0, 0, 0);
        libc::syscall(libc::SYS_move_pages, me, 0, 0, 0, 0, 0);
        // struct seccomp_notif: id, pid, flags, then the syscall's data (80 bytes in all).
        let mut notif = [0u64; 10];
        notif[0] = 1;
        notif[1] = me as u64;
        // SECCOMP_IOCTL_NOTIF_RECV.
        libc::syscall(libc::SYS_ioctl, -1, 0xc050_2100_u64, notif.as_mut_ptr());
    }
}

/// The calls `-Y` names pids in.
fn comm() {
    // SAFETY: raw syscalls without pointers.
    unsafe {
        let me = libc::syscall(libc::SYS_getpid);
        libc::syscall(libc::SYS_gettid);
        libc::syscall(libc::SYS_getpgrp);
        libc::syscall(libc::SYS_kill, me, 0);
        libc::syscall(libc::SYS_tgkill, me, me, 0);
    }
}

/// Tasks that are gone (reaped) before a tracer that reads its records after the fact gets to
/// them: a child that leads a process group of its own asks for its ids and ends at once; its
/// child waits for that end, then asks for its group (led by a process that is no more) and its
/// own pid. This process reaps both before it goes on.
fn gone() {
    let mut pipe = [0; 2];
    // SAFETY: pipe, fork, read, close, waitpid and raw syscalls in a single-threaded process;
    // the children leave with _exit.
    unsafe {
        if libc::pipe(pipe.as_mut_ptr()) != 0 {
            libc::_exit(1);
        }
        match libc::fork() {
            0 => {
                libc::syscall(libc::SYS_setpgid, 0, 0);
                libc::syscall(libc::SYS_getpgrp);
                libc::syscall(libc::SYS_getpid);
                if libc::fork() == 0 {
                    // Wait until the group's leader has ended (its end of the pipe closes).
                    libc::close(pipe[1]);
                    let mut byte = 0u8;
                    libc::read(pipe[0], (&raw mut byte).cast(), 1);
                    libc::syscall(libc::SYS_getpgrp);
                    libc::syscall(libc::SYS_getpid);
                }
                libc::_exit(0);
            }
            leader if leader > 0 => {
                libc::close(pipe[1]);
                let mut status = 0;
                libc::waitpid(leader, &mut status, 0);
                // The member is this process's now (the namespace's init): reap it too.
                libc::waitpid(-1, &mut status, 0);
            }
            _ => libc::_exit(1),
        }
    }
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let calls: fn() = match mode.as_str() {
        "ids" => ids,
        "others" => others,
        "comm" => comm,
        "fields" => fields,
        "gone" => gone,
        other => {
            eprintln!("fixture-pidns: unknown mode {other:?}");
            std::process::exit(2);
        }
    };
    edges::begin();
    // SAFETY: unshare and fork in a single-threaded program; the child only makes raw syscalls
    // and leaves with _exit.
    unsafe {
        if libc::unshare(libc::CLONE_NEWPID) != 0 {
            eprintln!("fixture-pidns: unshare(CLONE_NEWPID): {}", std::io::Error::last_os_error());
            libc::_exit(77);
        }
        match libc::fork() {
            0 => {
                calls();
                // The eBPF backend decodes after the fact, and translates through /proc: the
                // child stays a moment, so that it is still there to be read.
                let pause = libc::timespec { tv_sec: 0, tv_nsec: 300_000_000 };
                libc::syscall(libc::SYS_nanosleep, &pause, std::ptr::null_mut::<libc::timespec>());
                libc::_exit(0);
            }
            child if child > 0 => {
                let mut status = 0;
                libc::waitpid(child, &mut status, 0);
            }
            _ => libc::_exit(1),
        }
    }
    edges::end();
    // SAFETY: _exit has no preconditions.
    unsafe { libc::_exit(0) }
}
