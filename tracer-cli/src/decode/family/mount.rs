//! mount(2): the filesystem type and the data are strings, except where the flags say the kernel
//! ignores them (strace prints their addresses then).

use tracer_common::syscall::{nr, Flags, SyscallInfo};

use super::{Paths, Rules};
use crate::decode::{arg, flags, Ctx, Printer};

pub const RULES: &[Rules] = &[Rules {
    nr: nr::MOUNT,
    args: Some(mount),
    paths: Some(Paths::Args { fds: &[], paths: &[0, 1] }),
    ..Rules::NONE
}];

const MS_REMOUNT: u64 = 0x20;
const MS_BIND: u64 = 0x1000;
const MS_MOVE: u64 = 0x2000;
const MS_UNBINDABLE: u64 = 1 << 17;
const MS_PRIVATE: u64 = 1 << 18;
const MS_SLAVE: u64 = 1 << 19;
const MS_SHARED: u64 = 1 << 20;
const MS_MGC_MSK: u64 = 0xffff_0000;
const MS_MGC_VAL: u64 = 0xc0ed_0000;

/// Which of mount's string arguments (type, data) the kernel ignores under `flags`.
fn ignored(flags: u64) -> (bool, bool) {
    let flags = if flags & MS_MGC_MSK == MS_MGC_VAL { flags & !MS_MGC_MSK } else { flags };
    if flags & MS_REMOUNT != 0 {
        (true, false)
    } else if flags & (MS_BIND | MS_MOVE | MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE) != 0 {
        (true, true)
    } else {
        (false, false)
    }
}

fn mount(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    let (no_type, no_data) = ignored(ctx.arg(3));
    arg(p, ctx, info, 0, info.args[0].kind);
    arg(p, ctx, info, 1, info.args[1].kind);
    if no_type {
        p.addr(ctx.arg(2));
    } else {
        arg(p, ctx, info, 2, info.args[2].kind);
    }
    flags::print(p, Flags::MountFlags, ctx.arg(3));
    if no_data {
        p.addr(ctx.arg(4));
    } else {
        arg(p, ctx, info, 4, info.args[4].kind);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::strace_line;
    use super::*;
    use crate::decode::XlatStyle;

    #[test]
    fn remount_and_bind_hide_what_the_kernel_ignores() {
        assert_eq!(ignored(MS_REMOUNT), (true, false));
        assert_eq!(ignored(MS_BIND), (true, true));
        assert_eq!(ignored(MS_MGC_VAL | 1), (false, false));
        // strace 6.1: mount(NULL, NULL, 0x10, MS_BIND, 0x20) = -1 EFAULT (Bad address)
        assert_eq!(
            strace_line(nr::MOUNT, &[0, 0, 0x10, MS_BIND, 0x20], -14, XlatStyle::Abbrev),
            "mount(NULL, NULL, 0x10, MS_BIND, 0x20) = -1 EFAULT (Bad address)"
        );
    }
}
