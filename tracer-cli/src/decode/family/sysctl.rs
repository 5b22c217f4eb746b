//! _sysctl: its `struct __sysctl_args` (strace 6.1 shows the members, not the names they point to).

use tracer_common::syscall::{nr, SyscallInfo};

use super::Rules;
use crate::decode::fields::Fields;
use crate::decode::peek::{self, At};
use crate::decode::printer::Group;
use crate::decode::{Ctx, Printer};

pub const RULES: &[Rules] = &[Rules { nr: nr::_SYSCTL, args: Some(sysctl), ..Rules::NONE }];

/// `sizeof(struct __sysctl_args)` on x86_64.
const SYSCTL_ARGS: usize = 80;

fn sysctl(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    let Some(bytes) = peek::umove(p, ctx, 0, SYSCTL_ARGS, At::Entry) else { return true };
    let f = Fields(bytes);
    p.open(Group::Struct);
    p.field("name");
    p.addr(f.u64(0));
    p.field("nlen");
    p.int(i64::from(f.i32(8)));
    for (name, at) in [("oldval", 16), ("oldlenp", 24), ("newval", 32)] {
        p.field(name);
        p.addr(f.u64(at));
    }
    p.field("newlen");
    p.uint(f.u64(40));
    p.close();
    true
}
