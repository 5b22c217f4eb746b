//! Signal handling: the kernel's `struct sigaction`, sigaltstack's `stack_t` and the
//! `struct sigevent` timers and message queues notify with.

use super::field_uint;
use crate::decode::fields::Fields;
use crate::decode::printer::{Fmt, Group, Printer};
use crate::decode::signals::{signal, sigset};
use crate::decode::tables::{SA_FLAGS, SA_HANDLERS, SIGALTSTACK_FLAGS, SIGEV_NOTIFY};
use crate::decode::xlat::{flags, lookup, print_xlat, xval};

/// The kernel's x86_64 `struct sigaction`: handler, flags, restorer, mask.
pub(super) fn sigaction<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    let handler = f.u64(0);
    let sa_flags = f.u64(8);
    p.open(Group::Struct);
    p.field("sa_handler");
    // strace's `print_sa_handler`: `SIG_IGN`, `0x1` raw, `0x1 /* SIG_IGN */` verbose.
    match lookup(SA_HANDLERS, handler) {
        Some(name) => print_xlat(p, handler, Some(name), Fmt::Hex),
        None => p.addr(handler),
    }
    p.field("sa_mask");
    sigset(p, f.u64(24));
    p.field("sa_flags");
    flags(p, SA_FLAGS, sa_flags, "SA_???");
    if sa_flags & 0x0400_0000 != 0 {
        p.field("sa_restorer");
        p.hex(f.u64(16));
    }
    p.close();
}

/// sigaltstack's `stack_t`: the stack's base, flags and size.
pub(super) fn stack_t<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    p.open(Group::Struct);
    p.field("ss_sp");
    p.addr(f.u64(0));
    p.field("ss_flags");
    flags(p, SIGALTSTACK_FLAGS, u64::from(f.u32(8)), "SS_???");
    field_uint(p, "ss_size", f.u64(16));
    p.close();
}

/// `struct sigevent` (strace's `print_sigevent`): the value when its pointer is set, the signal
/// (by name when the notification sends one), how to notify, and the thread or function.
pub(super) fn sigevent<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    const SIGEV_SIGNAL: u32 = 0;
    const SIGEV_THREAD: u32 = 2;
    const SIGEV_THREAD_ID: u32 = 4;
    let (ptr, signo, notify) = (f.u64(0), f.u32(8), f.u32(12));
    p.open(Group::Struct);
    if ptr != 0 {
        p.field("sigev_value");
        p.open(Group::Struct);
        p.field("sival_int");
        p.int(i64::from(f.i32(0)));
        p.field("sival_ptr");
        p.addr(ptr);
        p.close();
    }
    p.field("sigev_signo");
    match notify {
        SIGEV_SIGNAL | SIGEV_THREAD | SIGEV_THREAD_ID => signal(p, u64::from(signo)),
        _ => p.uint(u64::from(signo)),
    }
    p.field("sigev_notify");
    xval(p, SIGEV_NOTIFY, u64::from(notify), "SIGEV_???");
    match notify {
        SIGEV_THREAD_ID => {
            p.field("sigev_notify_thread_id");
            p.int(i64::from(f.i32(16)));
        }
        SIGEV_THREAD => {
            p.field("sigev_notify_function");
            p.addr(f.u64(16));
            p.field("sigev_notify_attributes");
            p.addr(f.u64(24));
        }
        _ => {}
    }
    p.close();
}
