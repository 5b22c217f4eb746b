//! Signal handling: the kernel's `struct sigaction` and sigaltstack's `stack_t`.

use super::field_uint;
use crate::decode::fields::Fields;
use crate::decode::printer::{Fmt, Group, Printer};
use crate::decode::signals::sigset;
use crate::decode::tables::{SA_FLAGS, SA_HANDLERS, SIGALTSTACK_FLAGS};
use crate::decode::xlat::{flags, lookup, print_xlat};

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
