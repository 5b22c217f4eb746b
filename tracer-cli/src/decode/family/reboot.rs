//! reboot: its magic numbers and command by name, and LINUX_REBOOT_CMD_RESTART2's command string
//! (at most 255 bytes, as the kernel copies).

use tracer_common::syscall::{nr, SyscallInfo};

use super::Rules;
use crate::decode::peek::{self, At};
use crate::decode::tables::{REBOOT_CMDS, REBOOT_MAGIC1, REBOOT_MAGIC2};
use crate::decode::xlat::xval;
use crate::decode::{Ctx, Printer};

pub const RULES: &[Rules] = &[Rules { nr: nr::REBOOT, args: Some(reboot), ..Rules::NONE }];

/// LINUX_REBOOT_CMD_RESTART2: the command with a string argument.
const CMD_RESTART2: u64 = 0xa1b2_c3d4;

fn reboot(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    let word = |idx| ctx.arg(idx) & 0xffff_ffff;
    xval(p, REBOOT_MAGIC1, word(0), "LINUX_REBOOT_MAGIC_???");
    xval(p, REBOOT_MAGIC2, word(1), "LINUX_REBOOT_MAGIC_???");
    xval(p, REBOOT_CMDS, word(2), "LINUX_REBOOT_CMD_???");
    if word(2) == CMD_RESTART2 {
        peek::cstr(p, ctx, 3, 255, At::Entry);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::strace_line;
    use super::*;
    use crate::decode::XlatStyle;

    #[test]
    fn magic_numbers_by_name() {
        // strace 6.1 prints this line.
        assert_eq!(
            strace_line(nr::REBOOT, &[0xfee1_dead, 672_274_793, 0x1234568, 0], -22, XlatStyle::Abbrev),
            "reboot(LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, 0x1234568 /* LINUX_REBOOT_CMD_??? */) = -1 EINVAL (Invalid argument)"
        );
    }
}
