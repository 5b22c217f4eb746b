//! mq_open: the mode and the queue's attributes only with O_CREAT, `mq_flags` in hex (strace 6.1's
//! `printmqattr` without flag names); the other POSIX message queue calls print by kind.

use tracer_common::syscall::{nr, ArgKind, Flags, Struct, SyscallInfo};

use super::Rules;
use crate::decode::fields::Fields;
use crate::decode::structs::{fits, mq_attr};
use crate::decode::{arg, Ctx, Printer};

pub const RULES: &[Rules] = &[Rules { nr: nr::MQ_OPEN, args: Some(mq_open), ..Rules::NONE }];

/// `mq_open("name", O_RDWR|O_CREAT, 0700, {mq_flags=0, mq_maxmsg=2, ...})`.
fn mq_open(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    arg(p, ctx, info, 0, ArgKind::Path);
    arg(p, ctx, info, 1, ArgKind::Flags(Flags::OpenFlags));
    if ctx.arg(1) & libc::O_CREAT as u64 == 0 {
        return true;
    }
    arg(p, ctx, info, 2, ArgKind::Flags(Flags::Mode));
    match ctx.capture(3).filter(|c| ctx.arg(3) != 0 && fits(Struct::MqAttr, &c.bytes)) {
        Some(c) => mq_attr(p, &Fields(&c.bytes), false),
        None => p.addr(ctx.arg(3)),
    }
    true
}
