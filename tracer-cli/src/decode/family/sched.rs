//! sched_getscheduler: the policy it returns, named.

use tracer_common::syscall::{nr, SyscallInfo};

use super::Rules;
use crate::decode::printer::Group;
use crate::decode::tables::SCHEDULERS;
use crate::decode::xlat::xval;
use crate::decode::{Ctx, Printer};

pub const RULES: &[Rules] = &[Rules { nr: nr::SCHED_GETSCHEDULER, ret: Some(policy), ..Rules::NONE }];

/// `= 0 (SCHED_OTHER)`.
fn policy(p: &mut dyn Printer, _ctx: &Ctx, _info: &SyscallInfo, ret: i64) -> bool {
    p.int(ret);
    p.open(Group::Note);
    xval(p, SCHEDULERS, ret as u64, "SCHED_???");
    p.close();
    true
}
