//! The calls whose second argument is a pid, a process group or something else as their first
//! says: getpriority and setpriority (`PRIO_PROCESS`, `PRIO_PGRP`, `PRIO_USER`) and waitid
//! (`P_PID`, `P_PGID`, `P_PIDFD`, `P_ALL`). Pids are printed as strace's `printpid` prints them.

use tracer_common::syscall::{nr, SyscallInfo};

use super::Rules;
use crate::decode::pids::PidType;
use crate::decode::{arg, printed_at_exit, Ctx, Printer};

pub const RULES: &[Rules] = &[
    Rules { nr: nr::GETPRIORITY, args: Some(priority), ..Rules::NONE },
    Rules { nr: nr::SETPRIORITY, args: Some(priority), ..Rules::NONE },
    Rules { nr: nr::WAITID, args: Some(waitid), ..Rules::NONE },
];

/// What `which` says `who` is.
enum Who {
    Pid(PidType),
    Fd,
    Number,
}

fn priority(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    // PRIO_PROCESS, PRIO_PGRP.
    let who = match ctx.arg(0) & 0xffff_ffff {
        0 => Who::Pid(PidType::Tgid),
        1 => Who::Pid(PidType::Pgid),
        _ => Who::Number,
    };
    by_which(p, ctx, info, who);
    true
}

fn waitid(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    // P_PID, P_PGID, P_PIDFD.
    let who = match ctx.arg(0) & 0xffff_ffff {
        1 => Who::Pid(PidType::Tgid),
        2 => Who::Pid(PidType::Pgid),
        3 => Who::Fd,
        _ => Who::Number,
    };
    by_which(p, ctx, info, who);
    true
}

/// `which`, then `who` as `which` says, then the rest by kind (the text splits before the first
/// argument printed at exit).
fn by_which(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo, who: Who) {
    arg(p, ctx, info, 0, info.args[0].kind);
    let value = ctx.arg(1) as i32;
    match who {
        Who::Pid(ty) => ctx.pid(p, value, ty),
        Who::Fd => ctx.fd(p, value),
        Who::Number => p.int(i64::from(value)),
    }
    let mut split = false;
    for (idx, a) in info.args.iter().enumerate().skip(2) {
        if !split && printed_at_exit(a.kind) {
            split = true;
            p.exit_part();
        }
        arg(p, ctx, info, idx, a.kind);
    }
}

#[cfg(test)]
mod tests {
    use tracer_common::syscall::nr;

    use crate::decode::family::strace_line;
    use crate::decode::printer::XlatStyle::Abbrev;

    #[test]
    fn who_is_printed_as_which_says() {
        assert_eq!(strace_line(nr::GETPRIORITY, &[0, 42], 0, Abbrev), "getpriority(PRIO_PROCESS, 42) = 0");
        assert_eq!(strace_line(nr::SETPRIORITY, &[2, 0, 5], 0, Abbrev), "setpriority(PRIO_USER, 0, 5) = 0");
    }
}
