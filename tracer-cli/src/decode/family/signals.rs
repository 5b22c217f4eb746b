//! rt_sigtimedwait: the signal it returns, named.

use tracer_common::syscall::{nr, SyscallInfo};

use super::Rules;
use crate::decode::printer::Group;
use crate::decode::signals::signal;
use crate::decode::{Ctx, Printer};

pub const RULES: &[Rules] = &[Rules { nr: nr::RT_SIGTIMEDWAIT, ret: Some(signal_ret), ..Rules::NONE }];

/// `= 10 (SIGUSR1)`.
fn signal_ret(p: &mut dyn Printer, _ctx: &Ctx, _info: &SyscallInfo, ret: i64) -> bool {
    if ret <= 0 {
        return false;
    }
    p.int(ret);
    p.open(Group::Note);
    signal(p, ret as u64);
    p.close();
    true
}
