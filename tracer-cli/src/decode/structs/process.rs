//! Processes: clone3's `struct clone_args`, and wait statuses.

use super::field_uint;
use crate::decode::fields::Fields;
use crate::decode::printer::{Group, Printer};
use crate::decode::signals;
use crate::decode::tables::{CLONE3_FLAGS, CLONE_FLAGS};
use crate::decode::xlat::flags_ex;

/// Whether `bytes` hold what strace reads of a `struct clone_args` of `size` bytes (it knows 88):
/// never below the 64 bytes every kernel reads.
pub fn clone_args_fits(bytes: &[u8], size: u64) -> bool {
    const MIN: u64 = 64;
    size >= MIN && bytes.len() >= size.min(88) as usize
}

/// What prints clone3's `set_tid` array, given its address and `set_tid_size`.
pub type SetTid<'a, P> = &'a mut dyn FnMut(&mut P, u64, u64);

/// clone3's `struct clone_args` of `size` bytes; `bytes` must [`clone_args_fits`]; `tail` prints
/// what follows the known members, `set_tid` the tid array.
pub fn clone_args<P: Printer + ?Sized>(
    p: &mut P,
    bytes: &[u8],
    size: u64,
    tail: &mut dyn FnMut(&mut P),
    print_set_tid: SetTid<P>,
) {
    let fetch = (size.min(88) as usize).min(bytes.len());
    let f = Fields(&bytes[..fetch]);
    let clone_flags = f.u64(0);
    p.open(Group::Struct);
    p.field("flags");
    clone3_flags(p, clone_flags);
    let field = |p: &mut P, name: &str, at: usize| {
        p.field(name);
        p.addr(f.u64(at));
    };
    if clone_flags & libc::CLONE_PIDFD as u64 != 0 {
        field(p, "pidfd", 8);
    }
    if clone_flags & (libc::CLONE_CHILD_SETTID | libc::CLONE_CHILD_CLEARTID) as u64 != 0 {
        field(p, "child_tid", 16);
    }
    if clone_flags & libc::CLONE_PARENT_SETTID as u64 != 0 {
        field(p, "parent_tid", 24);
    }
    let exit_signal = f.u64(32);
    p.field("exit_signal");
    if exit_signal < i32::MAX as u64 {
        signals::signal(p, exit_signal);
    } else {
        p.uint(exit_signal);
    }
    field(p, "stack", 40);
    p.field("stack_size");
    p.hex(f.u64(48));
    if clone_flags & libc::CLONE_SETTLS as u64 != 0 {
        field(p, "tls", 56);
    }
    let (set_tid, set_tid_size) = (f.u64(64), f.u64(72));
    if set_tid != 0 || set_tid_size != 0 {
        p.field("set_tid");
        print_set_tid(p, set_tid, set_tid_size);
        field_uint(p, "set_tid_size", set_tid_size);
    }
    if fetch > 80 && (f.u64(80) != 0 || clone_flags & 0x2_0000_0000 != 0) {
        field_uint(p, "cgroup", f.u64(80));
    }
    tail(p);
    p.close();
}

/// clone3's flags: clone's names, then clone3's own (`CLONE_INTO_CGROUP`); no exit signal in them
/// (strace's `printflags_ex` over both tables, in the `-X` style in force).
fn clone3_flags<P: Printer + ?Sized>(p: &mut P, value: u64) {
    flags_ex(p, &[CLONE_FLAGS, CLONE3_FLAGS], value, Some("CLONE_???"));
}

/// A wait(2) status: `[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]`.
pub fn wait_status<P: Printer + ?Sized>(p: &mut P, status: u32) {
    let sig = u64::from(status & 0x7f);
    p.open(Group::Array);
    p.open(Group::Struct);
    p.open(Group::Expr);
    if status == 0xffff {
        p.raw("WIFCONTINUED(s)");
    } else if sig == 0 {
        p.raw("WIFEXITED(s) && WEXITSTATUS(s) == ");
        p.uint(u64::from((status >> 8) & 0xff));
    } else if sig == 0x7f {
        p.raw("WIFSTOPPED(s) && WSTOPSIG(s) == ");
        signals::signal(p, u64::from((status >> 8) & 0xff));
    } else {
        p.raw("WIFSIGNALED(s) && WTERMSIG(s) == ");
        signals::signal(p, sig);
        if status & 0x80 != 0 {
            p.raw(" && WCOREDUMP(s)");
        }
    }
    p.close();
    p.close();
    p.close();
}
