//! Per-syscall rules where strace's output depends on more than each argument's kind: futex prints
//! the arguments its operation uses, clone names its arguments, ioctl/fcntl/prctl decode their
//! argument by command, and a few calls print their pointers as plain hex.

use std::fmt::Write as _;

use tracer_common::syscall::{ArgKind, Struct, SyscallInfo};

use super::flags::open_flags;
use super::num::{addr, hex};
use super::poll::{self, poll_ret, select_ret};
use super::signals::signal;
use super::tables::*;
use super::tables_structs::SCHED_POLICIES;
use super::xlat::{flags, lookup, xval};
use super::{arg, errno, ioctl, sep, structs, Ctx};

/// Arguments of the calls with their own rule; false when `info` has none.
pub fn args(out: &mut String, ctx: &Ctx, info: &SyscallInfo) -> bool {
    match info.name {
        "futex" => futex(out, ctx),
        "clone" => clone(out, ctx),
        "clone3" => clone3(out, ctx, info),
        "epoll_ctl" if ctx.arg(1) as u32 == libc::EPOLL_CTL_DEL as u32 => {
            for (idx, a) in info.args.iter().enumerate() {
                sep(out, idx);
                if idx == 3 {
                    addr(out, ctx.arg(3));
                } else {
                    arg(out, ctx, info, idx, a.kind);
                }
            }
        }
        "select" | "pselect6" => {
            let _ = write!(out, "{}", ctx.arg(0) as i32);
            for idx in 1..4 {
                out.push_str(", ");
                poll::fd_set_arg(out, ctx, idx);
            }
            for (idx, a) in info.args.iter().enumerate().skip(4) {
                sep(out, idx);
                arg(out, ctx, info, idx, a.kind);
            }
        }
        "getcwd" => {
            match (ctx.ok_ret(), ctx.capture(0)) {
                (Some(ret), Some(c)) if ctx.arg(0) != 0 => {
                    let n = usize::try_from(ret).unwrap_or(0).min(c.bytes.len());
                    super::strings::path(out, &c.bytes[..n], false);
                }
                _ => addr(out, ctx.arg(0)),
            }
            let _ = write!(out, ", {}", ctx.arg(1));
        }
        "ioctl" => ioctl(out, ctx, info),
        "fcntl" => fcntl(out, ctx, info),
        "prctl" => prctl(out, ctx),
        "arch_prctl" => arch_prctl(out, ctx),
        "socket" => socket(out, ctx, info),
        "statx" => statx(out, ctx, info),
        "nanosleep" => nanosleep(out, ctx, info, 1),
        "clock_nanosleep" => {
            arg(out, ctx, info, 0, info.args[0].kind);
            out.push_str(", ");
            flags(out, TIMER_FLAGS, ctx.arg(1) & 0xffff_ffff, "TIMER_???");
            out.push_str(", ");
            nanosleep(out, ctx, info, 3);
        }
        "mknod" => mknod(out, ctx, info, 1),
        "fadvise64" if info.args.len() == 4 => {
            for (idx, a) in info.args.iter().enumerate().take(3) {
                sep(out, idx);
                arg(out, ctx, info, idx, a.kind);
            }
            out.push_str(", ");
            xval(out, FADVISE_ADVICE, ctx.arg(3) & 0xffff_ffff, "POSIX_FADV_???");
        }
        "mknodat" => mknod(out, ctx, info, 2),
        // Outside the open calls, open flags have no access mode: `pipe2([3, 4], 0)`.
        "pipe2" | "dup3" => {
            for (idx, a) in info.args.iter().enumerate() {
                sep(out, idx);
                if matches!(
                    a.kind,
                    ArgKind::Flags(
                        tracer_common::syscall::Flags::OpenFlags | tracer_common::syscall::Flags::PipeFlags
                    )
                ) {
                    flags(out, OPEN_FLAGS, ctx.arg(idx) & 0xffff_ffff, "O_???");
                } else {
                    arg(out, ctx, info, idx, a.kind);
                }
            }
        }
        // strace does not decode these: every argument is printed in hex.
        "rseq" | "set_tid_address" => {
            for i in 0..info.args.len() {
                sep(out, i);
                hex(out, ctx.arg(i));
            }
        }
        _ => return false,
    }
    true
}

/// Return values with their own rule (`= 0x1 (flags FD_CLOEXEC)`); false when there is none.
pub fn ret(out: &mut String, ctx: &Ctx, info: &SyscallInfo, ret: i64) -> bool {
    let value = ret as u64;
    match info.name {
        "poll" => poll_ret(out, ctx, ret, None),
        "ppoll" => poll_ret(out, ctx, ret, Some(2)),
        "select" => select_ret(out, ctx, ret, true),
        "pselect6" => select_ret(out, ctx, ret, false),
        "sched_getscheduler" => {
            let _ = write!(out, "{ret} (");
            xval(out, SCHED_POLICIES, value, "SCHED_???");
            out.push(')');
            return true;
        }
        "rt_sigtimedwait" if ret > 0 => {
            let _ = write!(out, "{ret} (");
            signal(out, value);
            out.push(')');
        }
        _ => return fcntl_prctl_ret(out, info, ctx, ret),
    }
    true
}

/// fcntl's and prctl's commands whose return value has a meaning.
fn fcntl_prctl_ret(out: &mut String, info: &SyscallInfo, ctx: &Ctx, ret: i64) -> bool {
    let value = ret as u64;
    let cmd = if info.name == "prctl" { ctx.arg(0) } else { ctx.arg(1) } & 0xffff_ffff;
    match (info.name, cmd) {
        ("fcntl", 1) if ret != 0 => {
            hex(out, value);
            out.push_str(" (flags ");
            flags(out, FD_FLAGS, value, "FD_???");
            out.push(')');
        }
        ("fcntl", 3) => {
            hex(out, value);
            out.push_str(" (flags ");
            open_flags(out, value);
            out.push(')');
        }
        ("fcntl", 1025) => {
            hex(out, value);
            out.push_str(" (");
            xval(out, LEASE_TYPES, value, "F_???");
            out.push(')');
        }
        ("fcntl", 1034) if ret != 0 => {
            hex(out, value);
            out.push_str(" (seals ");
            flags(out, SEALS, value, "F_SEAL_???");
            out.push(')');
        }
        ("prctl", 3) => {
            let _ = write!(out, "{ret} (");
            xval(out, DUMPABLE, value, "SUID_DUMP_???");
            out.push(')');
        }
        _ => return false,
    }
    true
}

/// futex: the arguments its command uses.
fn futex(out: &mut String, ctx: &Ctx) {
    let op = ctx.arg(1) & 0xffff_ffff;
    let val = ctx.arg(2) & 0xffff_ffff;
    let val2 = ctx.arg(3) & 0xffff_ffff;
    let val3 = ctx.arg(5) & 0xffff_ffff;
    addr(out, ctx.arg(0));
    out.push_str(", ");
    super::flags::print(out, tracer_common::syscall::Flags::FutexOp, op);
    let timeout = |out: &mut String| {
        out.push_str(", ");
        addr(out, ctx.arg(3));
    };
    let uaddr2 = |out: &mut String| {
        out.push_str(", ");
        addr(out, ctx.arg(4));
    };
    let bitset = |out: &mut String| {
        out.push_str(", ");
        if val3 == 0xffff_ffff {
            out.push_str("FUTEX_BITSET_MATCH_ANY");
        } else {
            hex(out, val3);
        }
    };
    match op & 127 {
        0 => {
            let _ = write!(out, ", {val}");
            timeout(out);
        }
        1 | 2 => {
            let _ = write!(out, ", {val}");
        }
        3 => {
            let _ = write!(out, ", {val}, {val2}");
            uaddr2(out);
        }
        4 | 12 => {
            let _ = write!(out, ", {val}, {val2}");
            uaddr2(out);
            let _ = write!(out, ", {val3}");
        }
        5 => {
            let _ = write!(out, ", {val}, {val2}");
            uaddr2(out);
            out.push_str(", ");
            wake_op(out, val3);
        }
        6 | 13 => timeout(out),
        7 | 8 => {}
        9 => {
            let _ = write!(out, ", {val}");
            timeout(out);
            bitset(out);
        }
        10 => {
            let _ = write!(out, ", {val}");
            bitset(out);
        }
        11 => {
            let _ = write!(out, ", {val}");
            timeout(out);
            uaddr2(out);
        }
        _ => {
            let _ = write!(out, ", {val}");
            timeout(out);
            uaddr2(out);
            out.push_str(", ");
            hex(out, val3);
        }
    }
}

/// FUTEX_WAKE_OP's encoded operation: `FUTEX_OP_ADD<<28|0x345<<12|FUTEX_OP_CMP_LT<<24|0x678`.
fn wake_op(out: &mut String, v: u64) {
    if v & (8 << 28) != 0 {
        out.push_str("FUTEX_OP_OPARG_SHIFT<<28|");
    }
    let op = ((v >> 28) & 7) as usize;
    match FUTEX_WAKE_OPS.get(op) {
        Some(name) => {
            let _ = write!(out, "{name}<<28");
        }
        None => {
            let _ = write!(out, "{op:#x}<<28 /* FUTEX_OP_??? */");
        }
    }
    out.push('|');
    hex(out, (v >> 12) & 0xfff);
    out.push_str("<<12|");
    let cmp = ((v >> 24) & 0xf) as usize;
    match FUTEX_WAKE_CMPS.get(cmp) {
        Some(name) => {
            let _ = write!(out, "{name}<<24");
        }
        None => {
            let _ = write!(out, "{cmp:#x}<<24 /* FUTEX_OP_CMP_??? */");
        }
    }
    out.push('|');
    hex(out, v & 0xfff);
}

/// clone(2) on x86_64: flags, stack, parent_tid, child_tid, tls; strace names them and shows the tid
/// pointers and tls only when the flags use them.
fn clone(out: &mut String, ctx: &Ctx) {
    let flags = ctx.arg(0);
    out.push_str("child_stack=");
    addr(out, ctx.arg(1));
    out.push_str(", flags=");
    super::flags::print(out, tracer_common::syscall::Flags::CloneFlags, flags);
    if flags & libc::CLONE_PARENT_SETTID as u64 != 0 {
        out.push_str(", parent_tid=");
        addr(out, ctx.arg(2));
    }
    if flags & libc::CLONE_SETTLS as u64 != 0 {
        out.push_str(", tls=");
        addr(out, ctx.arg(4));
    }
    if flags & (libc::CLONE_CHILD_SETTID | libc::CLONE_CHILD_CLEARTID) as u64 != 0 {
        out.push_str(", child_tidptr=");
        addr(out, ctx.arg(3));
    }
}

/// clone3: the `clone_args` it read, then, for a parent told the child's tid, ` => {parent_tid=[N]}`.
fn clone3(out: &mut String, ctx: &Ctx, info: &SyscallInfo) {
    let ptr = ctx.arg(0);
    let size = ctx.arg(1);
    let printed = ctx.capture(0).is_some_and(|c| ptr != 0 && structs::clone_args(out, &c.bytes, size));
    if !printed {
        addr(out, ptr);
    }
    // The kernel stores the child's tid at parent_tid, which is also what the call returns: strace
    // reads it back at exit. (A pidfd the call stored is not known here.)
    let flags = ctx.capture(0).map_or(0, |c| super::fields::Fields(&c.bytes).u64(0));
    if let Some(tid) =
        ctx.ok_ret().filter(|&r| r > 0 && printed && flags & libc::CLONE_PARENT_SETTID as u64 != 0)
    {
        let _ = write!(out, " => {{parent_tid=[{tid}]}}");
    }
    out.push_str(", ");
    arg(out, ctx, info, 1, info.args[1].kind);
}

/// ioctl: the request, then its argument as the request defines it.
fn ioctl(out: &mut String, ctx: &Ctx, info: &SyscallInfo) {
    let req = ctx.arg(1) & 0xffff_ffff;
    arg(out, ctx, info, 0, ArgKind::Fd);
    out.push_str(", ");
    arg(out, ctx, info, 1, info.args[1].kind);
    let value = ctx.arg(2);
    if IOCTLS_NO_ARG.contains(&req) {
        return;
    }
    out.push_str(", ");
    if IOCTLS_INT_ARG.contains(&req) {
        let _ = write!(out, "{}", value as i32);
    } else if req == 0x540a {
        xval(out, TCXONC_ARGS, value, "TC???");
    } else if req == 0x540b {
        xval(out, TCFLSH_ARGS, value, "TC???");
    } else if ioctl::arg(out, ctx, req) {
        // Decoded by request.
    } else if lookup(IOCTLS, req).is_some() {
        addr(out, value);
    } else {
        hex(out, value);
    }
}

/// fcntl: the command, then its argument as the command defines it.
fn fcntl(out: &mut String, ctx: &Ctx, info: &SyscallInfo) {
    let cmd = ctx.arg(1) & 0xffff_ffff;
    let value = ctx.arg(2);
    arg(out, ctx, info, 0, ArgKind::Fd);
    out.push_str(", ");
    arg(out, ctx, info, 1, info.args[1].kind);
    match cmd {
        // No argument.
        1 | 3 | 9 | 11 | 1025 | 1032 | 1034 => return,
        _ => out.push_str(", "),
    }
    match cmd {
        0 | 8 | 1030 | 1031 => {
            let _ = write!(out, "{}", value as i32);
        }
        2 => flags(out, FD_FLAGS, value & 0xffff_ffff, "FD_???"),
        4 => open_flags(out, value & 0xffff_ffff),
        10 => signal(out, value & 0xffff_ffff),
        1024 => xval(out, LEASE_TYPES, value & 0xffff_ffff, "F_???"),
        1026 => flags(out, NOTIFY_FLAGS, value & 0xffff_ffff, "DN_???"),
        1033 => flags(out, SEALS, value & 0xffff_ffff, "F_SEAL_???"),
        5..=7 | 12..=16 | 36..=38 => addr(out, value),
        _ => hex(out, value),
    }
}

/// arch_prctl: the code, then the address or value it takes.
fn arch_prctl(out: &mut String, ctx: &Ctx) {
    let code = ctx.arg(0) & 0xffff_ffff;
    xval(out, ARCH_PRCTL, code, "ARCH_???");
    match code {
        0x1011 => {}
        0x1003 | 0x1004 | 0x1021 | 0x1022 => {
            out.push_str(", ");
            addr(out, ctx.arg(1));
        }
        _ => {
            out.push_str(", ");
            hex(out, ctx.arg(1));
        }
    }
}

/// socket: the protocol is decoded by domain.
fn socket(out: &mut String, ctx: &Ctx, info: &SyscallInfo) {
    arg(out, ctx, info, 0, info.args[0].kind);
    out.push_str(", ");
    arg(out, ctx, info, 1, info.args[1].kind);
    out.push_str(", ");
    let proto = ctx.arg(2) & 0xffff_ffff;
    match ctx.arg(0) & 0xffff_ffff {
        2 | 10 => xval(out, IP_PROTOCOLS, proto, "IPPROTO_???"),
        16 => xval(out, NETLINK_PROTOCOLS, proto, "NETLINK_???"),
        _ => {
            let _ = write!(out, "{}", proto as i32);
        }
    }
}

/// statx: its flags start with the sync type, `AT_STATX_SYNC_AS_STAT`.
fn statx(out: &mut String, ctx: &Ctx, info: &SyscallInfo) {
    for (idx, a) in info.args.iter().enumerate() {
        sep(out, idx);
        if idx == 2 {
            let value = ctx.arg(2) & 0xffff_ffff;
            let sync = value & 0x6000;
            flags(out, AT_STATX_SYNC, sync, "AT_STATX_???");
            let rest = value & !0x6000;
            if rest != 0 {
                out.push('|');
                let left = super::xlat::names(out, AT_FLAGS, rest);
                if left != 0 {
                    if left != rest {
                        out.push('|');
                    }
                    hex(out, left);
                }
            }
        } else {
            arg(out, ctx, info, idx, a.kind);
        }
    }
}

/// nanosleep (from the request at `rem_idx - 1`): the remaining time is shown only when the sleep was
/// interrupted; otherwise its address.
fn nanosleep(out: &mut String, ctx: &Ctx, info: &SyscallInfo, rem_idx: usize) {
    arg(out, ctx, info, rem_idx - 1, info.args[rem_idx - 1].kind);
    out.push_str(", ");
    let rem = ctx.arg(rem_idx);
    let interrupted = ctx.call.ret.and_then(errno::errno_of).is_some_and(errno::is_restart);
    match ctx.capture(rem_idx) {
        Some(c) if rem != 0 && interrupted && structs::print(out, Struct::Timespec, &c.bytes) => {}
        _ => addr(out, rem),
    }
}

/// prctl: the option, then the arguments it uses.
fn prctl(out: &mut String, ctx: &Ctx) {
    let option = ctx.arg(0) & 0xffff_ffff;
    let a2 = ctx.arg(1);
    xval(out, PRCTL_OPTIONS, option, "PR_???");
    let rest_hex = |out: &mut String, from: usize| {
        for i in from..5 {
            out.push_str(", ");
            hex(out, ctx.arg(i));
        }
    };
    match option {
        3 | 7 | 13 | 21 | 27 | 30 | 31 | 32 | 46 | 51 | 64 => {}
        2 | 5 | 9 | 11 | 15 | 16 | 19 | 25 | 37 | 40 => {
            out.push_str(", ");
            addr(out, a2);
        }
        1 => {
            out.push_str(", ");
            signal(out, a2 & 0xffff_ffff);
        }
        8 | 10 | 12 | 14 | 20 | 29 | 36 => {
            let _ = write!(out, ", {a2}");
        }
        0x59616d61 => {
            if a2 == u64::MAX {
                out.push_str(", PR_SET_PTRACER_ANY");
            } else {
                let _ = write!(out, ", {}", a2 as i64);
            }
        }
        4 => {
            out.push_str(", ");
            xval(out, DUMPABLE, a2, "SUID_DUMP_???");
        }
        23 | 24 => {
            out.push_str(", ");
            xval(out, CAPABILITIES, a2, "CAP_???");
        }
        38 | 41 => {
            let _ = write!(out, ", {a2}");
            rest_hex(out, 2);
        }
        50 | 63 => {
            out.push_str(", ");
            hex(out, a2);
        }
        // Options without a rule here, and unknown ones: every argument in hex.
        _ => rest_hex(out, 1),
    }
}

/// mknod/mknodat: a symbolic mode, and the device only for character and block devices.
fn mknod(out: &mut String, ctx: &Ctx, info: &SyscallInfo, mode_idx: usize) {
    for idx in 0..mode_idx {
        sep(out, idx);
        arg(out, ctx, info, idx, info.args[idx].kind);
    }
    let mode = (ctx.arg(mode_idx) & 0xffff_ffff) as u32;
    out.push_str(", ");
    structs::mode(out, mode);
    if matches!(mode & 0o170000, 0o020000 | 0o060000) {
        out.push_str(", ");
        structs::makedev(out, ctx.arg(mode_idx + 1));
    }
}
