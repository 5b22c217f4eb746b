//! membarrier: its command and flags, the CPU only with MEMBARRIER_CMD_FLAG_CPU, and the commands
//! MEMBARRIER_CMD_QUERY returns, named.

use tracer_common::syscall::{nr, SyscallInfo};

use super::Rules;
use crate::decode::printer::Group;
use crate::decode::tables::{MEMBARRIER_CMDS, MEMBARRIER_FLAGS};
use crate::decode::xlat::{flags, xval};
use crate::decode::{Ctx, Printer};

pub const RULES: &[Rules] =
    &[Rules { nr: nr::MEMBARRIER, args: Some(membarrier), ret: Some(query_result), ..Rules::NONE }];

const FLAG_CPU: u64 = 1;

fn membarrier(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    xval(p, MEMBARRIER_CMDS, ctx.arg(0) & 0xffff_ffff, "MEMBARRIER_CMD_???");
    let flag_bits = ctx.arg(1) & 0xffff_ffff;
    flags(p, MEMBARRIER_FLAGS, flag_bits, "MEMBARRIER_CMD_FLAG_???");
    if flag_bits & FLAG_CPU != 0 {
        p.int(i64::from(ctx.arg(2) as i32));
    }
    true
}

/// MEMBARRIER_CMD_QUERY's result: `= 0x1ff (MEMBARRIER_CMD_GLOBAL|...)`.
fn query_result(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo, ret: i64) -> bool {
    if ctx.arg(0) & 0xffff_ffff != 0 || ret == 0 {
        return false;
    }
    p.hex(ret as u64);
    p.open(Group::Note);
    // strace's sprintflags, in the -X style in force.
    flags(p, MEMBARRIER_CMDS, ret as u64, "");
    p.close();
    true
}

#[cfg(test)]
mod tests {
    use super::super::strace_line;
    use super::*;
    use crate::decode::XlatStyle;

    #[test]
    fn command_flags_and_query() {
        // strace 6.1 prints these lines.
        assert_eq!(
            strace_line(nr::MEMBARRIER, &[0, 0, 0], 0x1ff, XlatStyle::Abbrev),
            "membarrier(MEMBARRIER_CMD_QUERY, 0) = 0x1ff (MEMBARRIER_CMD_GLOBAL|MEMBARRIER_CMD_GLOBAL_EXPEDITED|MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED|MEMBARRIER_CMD_PRIVATE_EXPEDITED|MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED|MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE|MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE|MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ|MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ)"
        );
        assert_eq!(
            strace_line(nr::MEMBARRIER, &[0, 0, 0], 0x201, XlatStyle::Verbose),
            "membarrier(0 /* MEMBARRIER_CMD_QUERY */, 0) = 0x201 (0x201 /* MEMBARRIER_CMD_GLOBAL|0x200 */)"
        );
        assert_eq!(
            strace_line(nr::MEMBARRIER, &[0x80, 1, 3], -22, XlatStyle::Abbrev),
            "membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ, MEMBARRIER_CMD_FLAG_CPU, 3) = -1 EINVAL (Invalid argument)"
        );
    }
}
