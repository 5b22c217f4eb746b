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
use super::xlat::{flags, flags_ex, lookup, print_xlat, with_style, xval, Fmt, Xlat, XlatStyle};
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
        "setsockopt" | "getsockopt" => sockopt(out, ctx, info),
        "mremap" => {
            for (idx, a) in info.args.iter().enumerate().take(4) {
                sep(out, idx);
                arg(out, ctx, info, idx, a.kind);
            }
            // new_address only when the mapping moves to it.
            const MAYMOVE_FIXED: u64 = (libc::MREMAP_MAYMOVE | libc::MREMAP_FIXED) as u64;
            if ctx.arg(3) & MAYMOVE_FIXED == MAYMOVE_FIXED {
                out.push_str(", ");
                addr(out, ctx.arg(4));
            }
        }
        "ptrace" => ptrace(out, ctx),
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
            xval(out, SCHEDULERS, value, "SCHED_???");
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

/// fcntl's and prctl's commands whose return value has a meaning (strace 6.1's `print_fcntl` and
/// `SYS_FUNC(prctl)` at exit).
fn fcntl_prctl_ret(out: &mut String, info: &SyscallInfo, ctx: &Ctx, ret: i64) -> bool {
    let value = ret as u64;
    let cmd = if info.name == "prctl" { ctx.arg(0) } else { ctx.arg(1) } & 0xffff_ffff;
    // `RVAL_STR` with a name from `xlookup`: the name in every -X style, nothing when unknown.
    let named = |out: &mut String, table, decimal: bool| {
        if decimal {
            let _ = write!(out, "{ret}");
        } else {
            hex(out, value);
        }
        if let Some(name) = lookup(table, value) {
            let _ = write!(out, " ({name})");
        }
    };
    match (info.name, cmd) {
        // F_DUPFD, F_DUPFD_CLOEXEC: `RVAL_FD`, so `-y` names the new descriptor.
        ("fcntl", 0 | 1030) => match i32::try_from(ret) {
            Ok(fd) => ctx.fd(out, fd),
            Err(_) => return false,
        },
        ("fcntl", 1) if ret != 0 => {
            hex(out, value);
            out.push_str(" (flags ");
            flags(out, FD_FLAGS, value, "FD_???");
            out.push(')');
        }
        // F_GETFL: `sprint_open_modes`, which builds its text abbreviated whatever -X says.
        ("fcntl", 3) => {
            hex(out, value);
            out.push_str(" (flags ");
            with_style(XlatStyle::Abbrev, || open_flags(out, value));
            out.push(')');
        }
        ("fcntl", 1025) => named(out, LEASE_TYPES, false),
        ("fcntl", 1034) if ret != 0 => {
            hex(out, value);
            out.push_str(" (seals ");
            flags(out, SEALS, value, "F_SEAL_???");
            out.push(')');
        }
        // F_GETSIG: `signame`.
        ("fcntl", 11) if ret != 0 => {
            let _ = write!(out, "{ret} (");
            with_style(XlatStyle::Abbrev, || signal(out, value));
            out.push(')');
        }
        ("prctl", 3) => named(out, DUMPABLE, true),
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
    // The timeout of the waiting commands (for the others the argument is `val2`, and its
    // capture, a read at a number, is not used).
    let timeout = |out: &mut String| {
        out.push_str(", ");
        match ctx.capture(3) {
            Some(c) if ctx.arg(3) != 0 && structs::print(out, Struct::Timespec, &c.bytes) => {}
            _ => addr(out, ctx.arg(3)),
        }
    };
    let uaddr2 = |out: &mut String| {
        out.push_str(", ");
        addr(out, ctx.arg(4));
    };
    // strace's `printxval(futexbitset, val3, NULL)`.
    let bitset = |out: &mut String| {
        out.push_str(", ");
        xval(out, FUTEX_BITSET, val3, "");
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

/// FUTEX_WAKE_OP's encoded operation: `FUTEX_OP_ADD<<28|0x345<<12|FUTEX_OP_CMP_LT<<24|0x678`; with
/// `-X raw` `0x1<<28 /* FUTEX_OP_??? */|...`, as strace 6.1 builds it from `printxval`'s result.
fn wake_op(out: &mut String, v: u64) {
    const OPARG_SHIFT: u64 = 8;
    if (v >> 28) & OPARG_SHIFT != 0 {
        print_xlat(out, OPARG_SHIFT, Some("FUTEX_OP_OPARG_SHIFT"), Fmt::Hex);
        out.push_str("<<28|");
    }
    // The named part, then `<<shift`, then strace's `FUTEX_OP_???` comment when printxval did not
    // print a name (also with -X raw).
    let field = |out: &mut String, table: Xlat, value: u64, shift: &str, unknown: &str| {
        let named = super::xlat::xvals(out, &[table], value, "", Fmt::Hex);
        out.push_str(shift);
        if !named {
            super::xlat::comment(out, unknown);
        }
    };
    field(out, FUTEX_WAKE_OPS, (v >> 28) & 7, "<<28", "FUTEX_OP_???");
    out.push('|');
    hex(out, (v >> 12) & 0xfff);
    out.push_str("<<12|");
    field(out, FUTEX_WAKE_CMPS, (v >> 24) & 0xf, "<<24", "FUTEX_OP_CMP_???");
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
    } else {
        // strace 6.1's `SYS_FUNC(ioctl)`: a request its decoders leave alone (named or not) gets
        // `PRINT_VAL_X` of the argument: `ioctl(-1, SNDCTL_TMR_TIMEBASE, 0)`.
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

/// statx: its flags start with the sync type, `AT_STATX_SYNC_AS_STAT` (strace 6.1's two
/// `printflags` with no default: with `-X raw` a zero sync type prints nothing, `statx(-100, NULL,
/// |0x800, ...)`).
fn statx(out: &mut String, ctx: &Ctx, info: &SyscallInfo) {
    const SYNC_TYPE: u64 = 0x6000;
    for (idx, a) in info.args.iter().enumerate() {
        sep(out, idx);
        if idx == 2 {
            let value = ctx.arg(2) & 0xffff_ffff;
            flags_ex(out, &[AT_STATX_SYNC], value & SYNC_TYPE, None);
            let rest = value & !SYNC_TYPE;
            if rest != 0 {
                out.push('|');
                flags_ex(out, &[AT_FLAGS], rest, None);
            }
        } else {
            arg(out, ctx, info, idx, a.kind);
        }
    }
}

/// setsockopt/getsockopt: the option's name depends on the level (strace 6.1's
/// `print_sockopt_fd_level_name`), and getsockopt has names of its own (`SO_GET_FILTER`).
fn sockopt(out: &mut String, ctx: &Ctx, info: &SyscallInfo) {
    for (idx, a) in info.args.iter().enumerate() {
        sep(out, idx);
        if idx == 2 {
            if info.name == "getsockopt" {
                super::flags::getsockopt_name(out, ctx.arg(1), ctx.arg(2));
            } else {
                super::flags::sockopt_name(out, ctx.arg(1), ctx.arg(2));
            }
        } else {
            arg(out, ctx, info, idx, a.kind);
        }
    }
}

/// `struct user` offsets strace names for PTRACE_PEEKUSER/POKEUSER on x86_64 (its `userent.h`), sorted.
const USER_OFFSETS: Xlat = &[
    (0, "8*R15"),
    (8, "8*R14"),
    (16, "8*R13"),
    (24, "8*R12"),
    (32, "8*RBP"),
    (40, "8*RBX"),
    (48, "8*R11"),
    (56, "8*R10"),
    (64, "8*R9"),
    (72, "8*R8"),
    (80, "8*RAX"),
    (88, "8*RCX"),
    (96, "8*RDX"),
    (104, "8*RSI"),
    (112, "8*RDI"),
    (120, "8*ORIG_RAX"),
    (128, "8*RIP"),
    (136, "8*CS"),
    (144, "8*EFL"),
    (152, "8*RSP"),
    (160, "8*SS"),
    (216, "offsetof(struct user, u_fpvalid)"),
    (224, "offsetof(struct user, i387)"),
    (736, "offsetof(struct user, u_tsize)"),
    (744, "offsetof(struct user, u_dsize)"),
    (752, "offsetof(struct user, u_ssize)"),
    (760, "offsetof(struct user, start_code)"),
    (768, "offsetof(struct user, start_stack)"),
    (776, "offsetof(struct user, signal)"),
    (784, "offsetof(struct user, reserved)"),
    (792, "offsetof(struct user, u_ar0)"),
    (800, "offsetof(struct user, u_fpstate)"),
    (808, "offsetof(struct user, magic)"),
    (816, "offsetof(struct user, u_comm)"),
    (848, "offsetof(struct user, u_debugreg)"),
    (912, "sizeof(struct user)"),
];

/// PTRACE_PEEKUSER's offset (strace's `print_user_offset_addr`): `8*RAX`, `8*SS+8`, the address
/// past `struct user`; `0x50` raw, `0x50 /* 8*RAX */` verbose.
fn user_offset(out: &mut String, off: u64) {
    let Some(&(base, name)) = USER_OFFSETS.iter().rev().find(|&&(v, _)| v <= off) else {
        return addr(out, off);
    };
    let last = USER_OFFSETS.last().map_or(0, |e| e.0);
    if off > base && base == last {
        return addr(out, off);
    }
    super::xlat::composite_with(
        out,
        |out| addr(out, off),
        |out| {
            out.push_str(name);
            if off != base {
                let _ = write!(out, "+{}", off - base);
            }
        },
    );
}

/// ptrace: the arguments its request uses (strace 6.1's `decode_ptrace_entering`); the data a
/// request fills is shown as its address (strace prints it only from memory read at exit).
fn ptrace(out: &mut String, ctx: &Ctx) {
    use super::flags::print as flag;
    use tracer_common::syscall::Flags;
    // Kernel UAPI values the libc crate does not export.
    const PTRACE_SINGLEBLOCK: u32 = 33;
    const PTRACE_SECCOMP_GET_FILTER: u32 = 0x420c;
    const PTRACE_SECCOMP_GET_METADATA: u32 = 0x420d;
    let request = ctx.arg(0);
    let (pid, addr_arg, data) = (ctx.arg(1) as i32, ctx.arg(2), ctx.arg(3));
    flag(out, Flags::PtraceRequest, request);
    let Ok(req) = u32::try_from(request) else {
        let _ = write!(out, ", {pid}, ");
        addr(out, addr_arg);
        out.push_str(", ");
        return addr(out, data);
    };
    if req == libc::PTRACE_TRACEME {
        return;
    }
    let _ = write!(out, ", {pid}");
    if matches!(req, libc::PTRACE_ATTACH | libc::PTRACE_INTERRUPT | libc::PTRACE_KILL | libc::PTRACE_LISTEN) {
        return;
    }
    out.push_str(", ");
    match req {
        libc::PTRACE_PEEKUSER | libc::PTRACE_POKEUSER => user_offset(out, addr_arg),
        libc::PTRACE_GETREGSET | libc::PTRACE_SETREGSET => {
            xval(out, NT_DESCRIPTOR_TYPES, addr_arg, "NT_???");
        }
        libc::PTRACE_GETSIGMASK
        | libc::PTRACE_SETSIGMASK
        | PTRACE_SECCOMP_GET_FILTER
        | PTRACE_SECCOMP_GET_METADATA
        | libc::PTRACE_GET_SYSCALL_INFO => {
            let _ = write!(out, "{addr_arg}");
        }
        // The registers are at `data`, in place of addr.
        libc::PTRACE_GETREGS | libc::PTRACE_SETREGS | libc::PTRACE_GETFPREGS | libc::PTRACE_SETFPREGS => {
            return addr(out, data);
        }
        _ => addr(out, addr_arg),
    }
    out.push_str(", ");
    match req {
        libc::PTRACE_CONT
        | libc::PTRACE_DETACH
        | libc::PTRACE_SYSCALL
        | libc::PTRACE_SINGLESTEP
        | PTRACE_SINGLEBLOCK
        | libc::PTRACE_SYSEMU
        | libc::PTRACE_SYSEMU_SINGLESTEP => signal(out, data),
        libc::PTRACE_SEIZE | libc::PTRACE_SETOPTIONS => {
            flags(out, PTRACE_SETOPTIONS_FLAGS, data, "PTRACE_O_???");
        }
        _ => addr(out, data),
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
