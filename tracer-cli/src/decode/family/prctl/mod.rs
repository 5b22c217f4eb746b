//! prctl, arch_prctl and personality, as strace 6.1 prints them: the option, then the arguments it
//! uses (some only at exit, where the call filled the memory they point to: `PR_GET_NAME`,
//! `PR_GET_PDEATHSIG`, `ARCH_GET_FS`...), and the return values that mean something
//! (`= 0x1 (PR_FP_MODE_FR)`). Memory behind the arguments comes from their peek captures.

mod arch;
mod ret;
mod text;

use tracer_common::syscall::{nr, SyscallInfo};

use super::Rules;
use crate::decode::bpf_filter::{self, Kind};
use crate::decode::peek::{self, At};
use crate::decode::pids::PidType;
use crate::decode::printer::{Fmt, XlatStyle};
use crate::decode::signals::signal;
use crate::decode::tables::{
    CAPABILITIES, DUMPABLE, PRCTL_OPTIONS, PR_CAP_AMBIENT, PR_FP_MODE, PR_MCE_KILL, PR_MCE_KILL_POLICY,
    PR_PAC_ENABLED_KEYS, PR_PAC_KEYS, PR_SCHED_CORE_CMDS, PR_SCHED_CORE_PIDTYPES, PR_SET_MM, PR_SET_VMA,
    PR_SPEC_CMDS, PR_SPEC_SET_FLAGS, PR_SUD_CMDS, PR_TSC, PR_UNALIGN_FLAGS, SECBITS, SECCOMP_MODES,
};
use crate::decode::xlat::{flags, flags_ex, print_xlat, xval};
use crate::decode::{Ctx, Printer};

pub const RULES: &[Rules] = &[
    Rules { nr: nr::PRCTL, args: Some(prctl_args), ret: Some(ret::prctl), ..Rules::NONE },
    Rules {
        nr: nr::ARCH_PRCTL,
        args: Some(arch::arch_prctl_args),
        ret: Some(arch::arch_prctl_ret),
        ..Rules::NONE
    },
    Rules {
        nr: nr::PERSONALITY,
        args: Some(arch::personality_args),
        ret: Some(arch::personality_ret),
        ..Rules::NONE
    },
];

/// prctl's options (`PR_*`) that have a rule here.
mod opt {
    pub const SET_PDEATHSIG: u64 = 1;
    pub const GET_PDEATHSIG: u64 = 2;
    pub const GET_DUMPABLE: u64 = 3;
    pub const SET_DUMPABLE: u64 = 4;
    pub const GET_UNALIGN: u64 = 5;
    pub const SET_UNALIGN: u64 = 6;
    pub const GET_KEEPCAPS: u64 = 7;
    pub const SET_KEEPCAPS: u64 = 8;
    pub const GET_FPEMU: u64 = 9;
    pub const SET_FPEMU: u64 = 10;
    pub const GET_FPEXC: u64 = 11;
    pub const SET_FPEXC: u64 = 12;
    pub const GET_TIMING: u64 = 13;
    pub const SET_TIMING: u64 = 14;
    pub const SET_NAME: u64 = 15;
    pub const GET_NAME: u64 = 16;
    pub const GET_ENDIAN: u64 = 19;
    pub const SET_ENDIAN: u64 = 20;
    pub const GET_SECCOMP: u64 = 21;
    pub const SET_SECCOMP: u64 = 22;
    pub const CAPBSET_READ: u64 = 23;
    pub const CAPBSET_DROP: u64 = 24;
    pub const GET_TSC: u64 = 25;
    pub const SET_TSC: u64 = 26;
    pub const GET_SECUREBITS: u64 = 27;
    pub const SET_SECUREBITS: u64 = 28;
    pub const SET_TIMERSLACK: u64 = 29;
    pub const GET_TIMERSLACK: u64 = 30;
    pub const TASK_PERF_EVENTS_DISABLE: u64 = 31;
    pub const TASK_PERF_EVENTS_ENABLE: u64 = 32;
    pub const MCE_KILL: u64 = 33;
    pub const MCE_KILL_GET: u64 = 34;
    pub const SET_MM: u64 = 35;
    pub const SET_CHILD_SUBREAPER: u64 = 36;
    pub const GET_CHILD_SUBREAPER: u64 = 37;
    pub const SET_NO_NEW_PRIVS: u64 = 38;
    pub const GET_TID_ADDRESS: u64 = 40;
    pub const SET_THP_DISABLE: u64 = 41;
    pub const SET_FP_MODE: u64 = 45;
    pub const GET_FP_MODE: u64 = 46;
    pub const CAP_AMBIENT: u64 = 47;
    pub const SVE_SET_VL: u64 = 50;
    pub const SVE_GET_VL: u64 = 51;
    pub const GET_SPECULATION_CTRL: u64 = 52;
    pub const SET_SPECULATION_CTRL: u64 = 53;
    pub const PAC_RESET_KEYS: u64 = 54;
    pub const SET_TAGGED_ADDR_CTRL: u64 = 55;
    pub const GET_TAGGED_ADDR_CTRL: u64 = 56;
    pub const SET_IO_FLUSHER: u64 = 57;
    pub const SET_SYSCALL_USER_DISPATCH: u64 = 59;
    pub const PAC_SET_ENABLED_KEYS: u64 = 60;
    pub const PAC_GET_ENABLED_KEYS: u64 = 61;
    pub const SCHED_CORE: u64 = 62;
    pub const SME_SET_VL: u64 = 63;
    pub const SME_GET_VL: u64 = 64;
    pub const SET_VMA: u64 = 0x5356_4d41;
    pub const SET_PTRACER: u64 = 0x5961_6d61;
}

/// The kernel's TASK_COMM_LEN: PR_SET_NAME/PR_GET_NAME's buffer.
const TASK_COMM_LEN: u64 = 16;

fn prctl_args(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    prctl(p, ctx);
    true
}

/// prctl: the option, then the arguments it uses.
fn prctl<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let option = ctx.arg(0) & 0xffff_ffff;
    let (a2, a3, a4) = (ctx.arg(1), ctx.arg(2), ctx.arg(3));
    xval(p, PRCTL_OPTIONS, option, "PR_???");
    // strace's `print_prctl_args`: arguments `from` (0-based) to the last in hex.
    let rest_hex = |p: &mut P, from: usize| {
        for i in from..5 {
            p.hex(ctx.arg(i));
        }
    };
    match option {
        opt::GET_KEEPCAPS
        | opt::GET_SECCOMP
        | opt::GET_TIMERSLACK
        | opt::GET_TIMING
        | opt::GET_DUMPABLE
        | opt::GET_SECUREBITS
        | opt::GET_FP_MODE
        | opt::SVE_GET_VL
        | opt::SME_GET_VL
        | opt::TASK_PERF_EVENTS_DISABLE
        | opt::TASK_PERF_EVENTS_ENABLE => {}
        opt::GET_CHILD_SUBREAPER | opt::GET_ENDIAN | opt::GET_FPEMU | opt::GET_FPEXC => {
            p.exit_part();
            peek::indirect(p, ctx, 1, At::Exit, false, |p, v| p.uint(v));
        }
        opt::GET_NAME => {
            p.exit_part();
            match ctx.ok_ret() {
                Some(_) => peek::cstr(p, ctx, 1, TASK_COMM_LEN, At::Exit),
                None => p.addr(a2),
            }
        }
        opt::GET_PDEATHSIG => {
            p.exit_part();
            peek::indirect(p, ctx, 1, At::Exit, false, |p, v| signal(p, v));
        }
        opt::GET_TID_ADDRESS => {
            p.exit_part();
            peek::indirect(p, ctx, 1, At::Exit, true, |p, v| p.addr(v));
        }
        opt::GET_TSC => {
            p.exit_part();
            peek::indirect(p, ctx, 1, At::Exit, false, |p, v| xval(p, PR_TSC, v, "PR_TSC_???"));
        }
        opt::GET_UNALIGN => {
            p.exit_part();
            peek::indirect(p, ctx, 1, At::Exit, false, |p, v| {
                flags(p, PR_UNALIGN_FLAGS, v, "PR_UNALIGN_???")
            });
        }
        opt::SVE_SET_VL => text::vector_length(p, a2, text::Vector::Sve),
        opt::SME_SET_VL => text::vector_length(p, a2, text::Vector::Sme),
        opt::GET_SPECULATION_CTRL => xval(p, PR_SPEC_CMDS, a2, "PR_SPEC_???"),
        opt::SET_TAGGED_ADDR_CTRL => {
            text::tagged_addr_arg(p, a2);
            rest_hex(p, 2);
        }
        opt::SET_CHILD_SUBREAPER
        | opt::SET_ENDIAN
        | opt::SET_FPEMU
        | opt::SET_FPEXC
        | opt::SET_KEEPCAPS
        | opt::SET_TIMING => p.uint(a2),
        opt::SET_DUMPABLE => xval(p, DUMPABLE, a2, "SUID_DUMP_???"),
        opt::CAPBSET_DROP | opt::CAPBSET_READ => xval(p, CAPABILITIES, a2, "CAP_???"),
        opt::CAP_AMBIENT => {
            xval(p, PR_CAP_AMBIENT, a2, "PR_CAP_AMBIENT_???");
            if (1..=3).contains(&a2) {
                xval(p, CAPABILITIES, a3, "CAP_???");
                rest_hex(p, 3);
            } else {
                rest_hex(p, 2);
            }
        }
        opt::MCE_KILL => {
            xval(p, PR_MCE_KILL, a2, "PR_MCE_KILL_???");
            if a2 == 1 {
                xval(p, PR_MCE_KILL_POLICY, a3, "PR_MCE_KILL_???");
            } else {
                p.hex(a3);
            }
            rest_hex(p, 3);
        }
        opt::SET_NAME => peek::cstr(p, ctx, 1, TASK_COMM_LEN - 1, At::Entry),
        opt::SET_VMA => {
            xval(p, PR_SET_VMA, a2, "PR_SET_VMA_???");
            if a2 == 0 {
                p.addr(a3);
                p.uint(a4);
                peek::cstr(p, ctx, 4, u64::MAX, At::Entry);
            } else {
                rest_hex(p, 2);
            }
        }
        opt::SET_MM => {
            xval(p, PR_SET_MM, a2 & 0xffff_ffff, "PR_SET_MM_???");
            rest_hex(p, 2);
        }
        opt::SET_PDEATHSIG if a2 > 128 => p.uint(a2),
        opt::SET_PDEATHSIG => signal(p, a2),
        opt::SET_PTRACER if a2 as i32 == -1 => {
            print_xlat(p, -1i64 as u64, Some("PR_SET_PTRACER_ANY"), Fmt::Signed)
        }
        opt::SET_PTRACER => ctx.pid(p, a2 as i32, PidType::Tgid),
        opt::SET_SECCOMP => {
            xval(p, SECCOMP_MODES, a2, "SECCOMP_MODE_???");
            match a2 {
                1 => {}
                2 => seccomp_fprog(p, ctx),
                _ => rest_hex(p, 2),
            }
        }
        opt::SET_SECUREBITS => flags(p, SECBITS, a2, "SECBIT_???"),
        opt::SET_TIMERSLACK => p.int(a2 as i64),
        opt::SET_TSC => xval(p, PR_TSC, a2 & 0xffff_ffff, "PR_TSC_???"),
        opt::SET_UNALIGN => flags(p, PR_UNALIGN_FLAGS, a2 & 0xffff_ffff, "PR_UNALIGN_???"),
        opt::SET_NO_NEW_PRIVS | opt::SET_THP_DISABLE | opt::SET_IO_FLUSHER => {
            p.uint(a2);
            rest_hex(p, 2);
        }
        opt::SET_FP_MODE => flags(p, PR_FP_MODE, a2 & 0xffff_ffff, "PR_FP_MODE_???"),
        opt::SET_SPECULATION_CTRL => {
            xval(p, PR_SPEC_CMDS, a2, "PR_SPEC_???");
            if a2 <= 2 {
                xval(p, PR_SPEC_SET_FLAGS, a3, "PR_SPEC_???");
            } else {
                p.hex(a3);
            }
        }
        opt::PAC_RESET_KEYS => {
            flags_ex(p, &[PR_PAC_ENABLED_KEYS, PR_PAC_KEYS], a2, Some("PR_PAC_???"));
            rest_hex(p, 2);
        }
        opt::PAC_SET_ENABLED_KEYS => {
            flags(p, PR_PAC_ENABLED_KEYS, a2, "PR_PAC_???");
            flags(p, PR_PAC_ENABLED_KEYS, a3, "PR_PAC_???");
            rest_hex(p, 3);
        }
        opt::SET_SYSCALL_USER_DISPATCH => {
            xval(p, PR_SUD_CMDS, a2, "PR_SYS_DISPATCH_???");
            p.hex(a3);
            p.hex(a4);
            p.addr(ctx.arg(4));
        }
        opt::SCHED_CORE => sched_core(p, ctx),
        // PR_GET_TAGGED_ADDR_CTRL, PR_MCE_KILL_GET, PR_PAC_GET_ENABLED_KEYS, the options without a
        // rule and unknown ones: every argument in hex.
        _ => rest_hex(p, 1),
    }
}

/// PR_SCHED_CORE: the command, the pid, its type (always with its name, unless raw) and the
/// cookie's address, or for PR_SCHED_CORE_GET at exit the cookie.
fn sched_core<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let (cmd, pid, kind) = (ctx.arg(1), ctx.arg(2), ctx.arg(3) & 0xffff_ffff);
    xval(p, PR_SCHED_CORE_CMDS, cmd & 0xffff_ffff, "PR_SCHED_CORE_???");
    // PIDTYPE_PID, PIDTYPE_TGID, PIDTYPE_PGID, PIDTYPE_SID.
    match kind {
        0 => ctx.pid(p, pid as i32, PidType::Tid),
        1 => ctx.pid(p, pid as i32, PidType::Tgid),
        2 => ctx.pid(p, pid as i32, PidType::Pgid),
        3 => ctx.pid(p, pid as i32, PidType::Sid),
        _ => p.int(i64::from(pid as i32)),
    }
    let style = p.style();
    if style != XlatStyle::Raw {
        p.set_style(XlatStyle::Verbose);
    }
    xval(p, PR_SCHED_CORE_PIDTYPES, kind, "PIDTYPE_???");
    p.set_style(style);
    if cmd & 0xffff_ffff == 0 {
        p.exit_part();
        match ctx.ok_ret() {
            Some(_) => peek::indirect(p, ctx, 4, At::Exit, true, |p, v| p.hex(v)),
            None => p.addr(ctx.arg(4)),
        }
    } else {
        p.addr(ctx.arg(4));
    }
}

/// SECCOMP_MODE_FILTER's program: `{len=N, filter=...}` (see [`bpf_filter::fprog`]).
fn seccomp_fprog<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    if let Some(b) = peek::umove(p, ctx, 2, 16, At::Entry) {
        bpf_filter::fprog(p, ctx, 2, b, Kind::Seccomp);
    }
}

#[cfg(test)]
mod tests;
