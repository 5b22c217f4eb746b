//! Per-syscall rules where strace's output depends on more than each argument's kind: futex prints
//! the arguments its operation uses, clone names its arguments, ioctl/fcntl/prctl decode their
//! argument by command, and a few calls print their pointers as plain hex. Each rule also says where
//! its call's text splits between entry and exit.

use tracer_common::syscall::{ArgKind, Flags, Struct, SyscallInfo};

use super::flags::open_flags;
use super::poll::{self, poll_ret, select_ret};
use super::printer::{Fmt, Group, Printer, XlatStyle};
use super::signals::signal;
use super::tables::*;
use super::xlat::{composite_with, flags, flags_ex, lookup, print_xlat, xval, xvals, Xlat};
use super::{arg, errno, ioctl, structs, Ctx};

/// Arguments `from..to` of `info`, each by its kind.
fn args_by_kind<P: Printer>(p: &mut P, ctx: &Ctx, info: &SyscallInfo, range: std::ops::Range<usize>) {
    for idx in range {
        arg(p, ctx, info, idx, info.args[idx].kind);
    }
}

/// Arguments of the calls with their own rule; false when `info` has none.
pub fn args<P: Printer>(p: &mut P, ctx: &Ctx, info: &SyscallInfo) -> bool {
    match info.name {
        "futex" => futex(p, ctx),
        "clone" => clone(p, ctx),
        "clone3" => clone3(p, ctx, info),
        "epoll_ctl" if ctx.arg(1) as u32 == libc::EPOLL_CTL_DEL as u32 => {
            args_by_kind(p, ctx, info, 0..3);
            p.addr(ctx.arg(3));
        }
        "select" | "pselect6" => {
            p.int(i64::from(ctx.arg(0) as i32));
            for idx in 1..4 {
                poll::fd_set_arg(p, ctx, idx);
            }
            args_by_kind(p, ctx, info, 4..info.args.len());
        }
        "getcwd" => {
            // Everything is printed at exit.
            p.exit_part();
            match (ctx.ok_ret(), ctx.capture(0)) {
                (Some(ret), Some(c)) if ctx.arg(0) != 0 => {
                    let n = usize::try_from(ret).unwrap_or(0).min(c.bytes.len());
                    super::strings::path(p, &c.bytes[..n], false);
                }
                _ => p.addr(ctx.arg(0)),
            }
            p.uint(ctx.arg(1));
        }
        "ioctl" => ioctl(p, ctx, info),
        "fcntl" => fcntl(p, ctx, info),
        "prctl" => prctl(p, ctx),
        "arch_prctl" => arch_prctl(p, ctx),
        "socket" => socket(p, ctx, info),
        "setsockopt" | "getsockopt" => sockopt(p, ctx, info),
        "mremap" => {
            args_by_kind(p, ctx, info, 0..4);
            // new_address only when the mapping moves to it.
            const MAYMOVE_FIXED: u64 = (libc::MREMAP_MAYMOVE | libc::MREMAP_FIXED) as u64;
            if ctx.arg(3) & MAYMOVE_FIXED == MAYMOVE_FIXED {
                p.addr(ctx.arg(4));
            }
        }
        "ptrace" => ptrace(p, ctx),
        "statx" => statx(p, ctx, info),
        "nanosleep" => nanosleep(p, ctx, info, 1),
        "clock_nanosleep" => {
            arg(p, ctx, info, 0, info.args[0].kind);
            flags(p, TIMER_FLAGS, ctx.arg(1) & 0xffff_ffff, "TIMER_???");
            nanosleep(p, ctx, info, 3);
        }
        "mknod" => mknod(p, ctx, info, 1),
        "fadvise64" if info.args.len() == 4 => {
            args_by_kind(p, ctx, info, 0..3);
            xval(p, FADVISE_ADVICE, ctx.arg(3) & 0xffff_ffff, "POSIX_FADV_???");
        }
        "mknodat" => mknod(p, ctx, info, 2),
        // Outside the open calls, open flags have no access mode: `pipe2([3, 4], 0)`.
        "pipe2" | "dup3" => {
            if info.name == "pipe2" {
                // Everything is printed at exit.
                p.exit_part();
            }
            for (idx, a) in info.args.iter().enumerate() {
                if matches!(a.kind, ArgKind::Flags(Flags::OpenFlags | Flags::PipeFlags)) {
                    flags(p, OPEN_FLAGS, ctx.arg(idx) & 0xffff_ffff, "O_???");
                } else {
                    arg(p, ctx, info, idx, a.kind);
                }
            }
        }
        // strace does not decode these: every argument is printed in hex.
        "rseq" | "set_tid_address" => {
            for i in 0..info.args.len() {
                p.hex(ctx.arg(i));
            }
        }
        _ => return false,
    }
    true
}

/// `N (note)` after a return value: strace's `RVAL_STR` and friends.
fn noted<P: Printer>(p: &mut P, ret: i64, note: impl FnOnce(&mut P)) {
    p.int(ret);
    p.open(Group::Note);
    note(p);
    p.close();
}

/// Return values with their own rule (`= 0x1 (flags FD_CLOEXEC)`); false when there is none.
pub fn ret<P: Printer>(p: &mut P, ctx: &Ctx, info: &SyscallInfo, ret: i64) -> bool {
    let value = ret as u64;
    match info.name {
        "poll" => poll_ret(p, ctx, ret, None),
        "ppoll" => poll_ret(p, ctx, ret, Some(2)),
        "select" => select_ret(p, ctx, ret, true),
        "pselect6" => select_ret(p, ctx, ret, false),
        "sched_getscheduler" => noted(p, ret, |p| xval(p, SCHEDULERS, value, "SCHED_???")),
        "rt_sigtimedwait" if ret > 0 => noted(p, ret, |p| signal(p, value)),
        _ => return fcntl_prctl_ret(p, info, ctx, ret),
    }
    true
}

/// fcntl's and prctl's commands whose return value has a meaning (strace 6.1's `print_fcntl` and
/// `SYS_FUNC(prctl)` at exit).
fn fcntl_prctl_ret<P: Printer>(p: &mut P, info: &SyscallInfo, ctx: &Ctx, ret: i64) -> bool {
    let value = ret as u64;
    let cmd = if info.name == "prctl" { ctx.arg(0) } else { ctx.arg(1) } & 0xffff_ffff;
    // `RVAL_STR` with a name from `xlookup`: the name in every -X style, nothing when unknown.
    let named = |p: &mut P, table, decimal: bool| {
        if decimal {
            p.int(ret);
        } else {
            p.hex(value);
        }
        if let Some(name) = lookup(table, value) {
            p.open(Group::Note);
            p.name(name);
            p.close();
        }
    };
    // `0x1 (flags FD_CLOEXEC)`: the number, then its meaning under a label.
    let labelled = |p: &mut P, label: &str, meaning: &mut dyn FnMut(&mut P)| {
        p.hex(value);
        p.open(Group::Note);
        p.field(label);
        meaning(p);
        p.close();
    };
    match (info.name, cmd) {
        // F_DUPFD, F_DUPFD_CLOEXEC: `RVAL_FD`, so `-y` names the new descriptor.
        ("fcntl", 0 | 1030) => match i32::try_from(ret) {
            Ok(fd) => ctx.fd(p, fd),
            Err(_) => return false,
        },
        ("fcntl", 1) if ret != 0 => labelled(p, "flags", &mut |p| flags(p, FD_FLAGS, value, "FD_???")),
        // F_GETFL: `sprint_open_modes`, which builds its text abbreviated whatever -X says.
        ("fcntl", 3) => labelled(p, "flags", &mut |p| {
            let style = p.set_style(XlatStyle::Abbrev);
            open_flags(p, value);
            p.set_style(style);
        }),
        ("fcntl", 1025) => named(p, LEASE_TYPES, false),
        ("fcntl", 1034) if ret != 0 => labelled(p, "seals", &mut |p| flags(p, SEALS, value, "F_SEAL_???")),
        // F_GETSIG: `signame`.
        ("fcntl", 11) if ret != 0 => noted(p, ret, |p| {
            let style = p.set_style(XlatStyle::Abbrev);
            signal(p, value);
            p.set_style(style);
        }),
        ("prctl", 3) => named(p, DUMPABLE, true),
        _ => return false,
    }
    true
}

/// futex: the arguments its command uses.
fn futex<P: Printer>(p: &mut P, ctx: &Ctx) {
    let op = ctx.arg(1) & 0xffff_ffff;
    let val = ctx.arg(2) & 0xffff_ffff;
    let val2 = ctx.arg(3) & 0xffff_ffff;
    let val3 = ctx.arg(5) & 0xffff_ffff;
    p.addr(ctx.arg(0));
    super::flags::print(p, Flags::FutexOp, op);
    // The timeout of the waiting commands (for the others the argument is `val2`, and its
    // capture, a read at a number, is not used).
    let timeout = |p: &mut P| match ctx.capture(3) {
        Some(c) if ctx.arg(3) != 0 && structs::fits(Struct::Timespec, &c.bytes) => {
            structs::print(p, Struct::Timespec, &c.bytes)
        }
        _ => p.addr(ctx.arg(3)),
    };
    let uaddr2 = |p: &mut P| p.addr(ctx.arg(4));
    // strace's `printxval(futexbitset, val3, NULL)`.
    let bitset = |p: &mut P| xval(p, FUTEX_BITSET, val3, "");
    match op & 127 {
        0 => {
            p.uint(val);
            timeout(p);
        }
        1 | 2 => p.uint(val),
        3 => {
            p.uint(val);
            p.uint(val2);
            uaddr2(p);
        }
        4 | 12 => {
            p.uint(val);
            p.uint(val2);
            uaddr2(p);
            p.uint(val3);
        }
        5 => {
            p.uint(val);
            p.uint(val2);
            uaddr2(p);
            wake_op(p, val3);
        }
        6 | 13 => timeout(p),
        7 | 8 => {}
        9 => {
            p.uint(val);
            timeout(p);
            bitset(p);
        }
        10 => {
            p.uint(val);
            bitset(p);
        }
        11 => {
            p.uint(val);
            timeout(p);
            uaddr2(p);
        }
        _ => {
            p.uint(val);
            timeout(p);
            uaddr2(p);
            p.hex(val3);
        }
    }
}

/// FUTEX_WAKE_OP's encoded operation: `FUTEX_OP_ADD<<28|0x345<<12|FUTEX_OP_CMP_LT<<24|0x678`; with
/// `-X raw` `0x1<<28 /* FUTEX_OP_??? */|...`, as strace 6.1 builds it from `printxval`'s result.
fn wake_op<P: Printer>(p: &mut P, v: u64) {
    const OPARG_SHIFT: u64 = 8;
    p.open(Group::Expr);
    if (v >> 28) & OPARG_SHIFT != 0 {
        print_xlat(p, OPARG_SHIFT, Some("FUTEX_OP_OPARG_SHIFT"), Fmt::Hex);
        p.raw("<<28|");
    }
    // The named part, then `<<shift`, then strace's `FUTEX_OP_???` comment when printxval did not
    // print a name (also with -X raw).
    let field = |p: &mut P, table: Xlat, value: u64, shift: &str, unknown: &str| {
        let named = xvals(p, &[table], value, "", Fmt::Hex);
        p.raw(shift);
        if !named {
            p.comment(unknown);
        }
    };
    field(p, FUTEX_WAKE_OPS, (v >> 28) & 7, "<<28", "FUTEX_OP_???");
    p.raw("|");
    p.hex((v >> 12) & 0xfff);
    p.raw("<<12|");
    field(p, FUTEX_WAKE_CMPS, (v >> 24) & 0xf, "<<24", "FUTEX_OP_CMP_???");
    p.raw("|");
    p.hex(v & 0xfff);
    p.close();
}

/// clone(2) on x86_64: flags, stack, parent_tid, child_tid, tls; strace names them and shows the tid
/// pointers and tls only when the flags use them, at the call's exit.
fn clone<P: Printer>(p: &mut P, ctx: &Ctx) {
    let flags = ctx.arg(0);
    p.field("child_stack");
    p.addr(ctx.arg(1));
    p.field("flags");
    super::flags::print(p, Flags::CloneFlags, flags);
    p.exit_part_here();
    if flags & libc::CLONE_PARENT_SETTID as u64 != 0 {
        p.field("parent_tid");
        p.addr(ctx.arg(2));
    }
    if flags & libc::CLONE_SETTLS as u64 != 0 {
        p.field("tls");
        p.addr(ctx.arg(4));
    }
    if flags & (libc::CLONE_CHILD_SETTID | libc::CLONE_CHILD_CLEARTID) as u64 != 0 {
        p.field("child_tidptr");
        p.addr(ctx.arg(3));
    }
}

/// clone3: the `clone_args` it read, then, for a parent told the child's tid, ` => {parent_tid=[N]}`;
/// what follows the struct is printed at exit.
fn clone3<P: Printer>(p: &mut P, ctx: &Ctx, info: &SyscallInfo) {
    let ptr = ctx.arg(0);
    let size = ctx.arg(1);
    let args = ctx.capture(0).filter(|c| ptr != 0 && structs::clone_args_fits(&c.bytes, size));
    // The kernel stores the child's tid at parent_tid, which is also what the call returns: strace
    // reads it back at exit. (A pidfd the call stored is not known here.)
    let flags = ctx.capture(0).map_or(0, |c| super::fields::Fields(&c.bytes).u64(0));
    let tid =
        ctx.ok_ret().filter(|&r| r > 0 && args.is_some() && flags & libc::CLONE_PARENT_SETTID as u64 != 0);
    match (args, tid) {
        (Some(c), Some(tid)) => {
            p.open(Group::Changed);
            structs::clone_args(p, &c.bytes, size);
            p.exit_part_here();
            p.open(Group::Struct);
            p.field("parent_tid");
            p.open(Group::Array);
            p.int(tid);
            p.close();
            p.close();
            p.close();
        }
        (Some(c), None) => {
            structs::clone_args(p, &c.bytes, size);
            p.exit_part_here();
        }
        (None, _) => {
            p.addr(ptr);
            p.exit_part_here();
        }
    }
    arg(p, ctx, info, 1, info.args[1].kind);
}

/// ioctl: the request, then its argument as the request defines it.
fn ioctl<P: Printer>(p: &mut P, ctx: &Ctx, info: &SyscallInfo) {
    let req = ctx.arg(1) & 0xffff_ffff;
    arg(p, ctx, info, 0, ArgKind::Fd);
    arg(p, ctx, info, 1, info.args[1].kind);
    let value = ctx.arg(2);
    if IOCTLS_NO_ARG.contains(&req) {
        return;
    }
    if IOCTLS_INT_ARG.contains(&req) {
        p.int(i64::from(value as i32));
    } else if req == 0x540a {
        xval(p, TCXONC_ARGS, value, "TC???");
    } else if req == 0x540b {
        xval(p, TCFLSH_ARGS, value, "TC???");
    } else if ioctl::arg(p, ctx, req) {
        // Decoded by request.
    } else {
        // strace 6.1's `SYS_FUNC(ioctl)`: a request its decoders leave alone (named or not) gets
        // `PRINT_VAL_X` of the argument: `ioctl(-1, SNDCTL_TMR_TIMEBASE, 0)`.
        p.hex(value);
    }
}

/// fcntl: the command, then its argument as the command defines it.
fn fcntl<P: Printer>(p: &mut P, ctx: &Ctx, info: &SyscallInfo) {
    let cmd = ctx.arg(1) & 0xffff_ffff;
    let value = ctx.arg(2);
    arg(p, ctx, info, 0, ArgKind::Fd);
    arg(p, ctx, info, 1, info.args[1].kind);
    match cmd {
        // No argument.
        1 | 3 | 9 | 11 | 1025 | 1032 | 1034 => {}
        0 | 8 | 1030 | 1031 => p.int(i64::from(value as i32)),
        2 => flags(p, FD_FLAGS, value & 0xffff_ffff, "FD_???"),
        4 => open_flags(p, value & 0xffff_ffff),
        10 => signal(p, value & 0xffff_ffff),
        1024 => xval(p, LEASE_TYPES, value & 0xffff_ffff, "F_???"),
        1026 => flags(p, NOTIFY_FLAGS, value & 0xffff_ffff, "DN_???"),
        1033 => flags(p, SEALS, value & 0xffff_ffff, "F_SEAL_???"),
        5..=7 | 12..=16 | 36..=38 => p.addr(value),
        _ => p.hex(value),
    }
}

/// arch_prctl: the code, then the address or value it takes.
fn arch_prctl<P: Printer>(p: &mut P, ctx: &Ctx) {
    let code = ctx.arg(0) & 0xffff_ffff;
    xval(p, ARCH_PRCTL, code, "ARCH_???");
    match code {
        0x1011 => {}
        0x1003 | 0x1004 | 0x1021 | 0x1022 => p.addr(ctx.arg(1)),
        _ => p.hex(ctx.arg(1)),
    }
}

/// socket: the protocol is decoded by domain.
fn socket<P: Printer>(p: &mut P, ctx: &Ctx, info: &SyscallInfo) {
    args_by_kind(p, ctx, info, 0..2);
    let proto = ctx.arg(2) & 0xffff_ffff;
    match ctx.arg(0) & 0xffff_ffff {
        2 | 10 => xval(p, IP_PROTOCOLS, proto, "IPPROTO_???"),
        16 => xval(p, NETLINK_PROTOCOLS, proto, "NETLINK_???"),
        _ => p.int(i64::from(proto as i32)),
    }
}

/// statx: its flags start with the sync type, `AT_STATX_SYNC_AS_STAT` (strace 6.1's two
/// `printflags` with no default: with `-X raw` a zero sync type prints nothing, `statx(-100, NULL,
/// |0x800, ...)`). Its buffer is printed at exit.
fn statx<P: Printer>(p: &mut P, ctx: &Ctx, info: &SyscallInfo) {
    const SYNC_TYPE: u64 = 0x6000;
    for (idx, a) in info.args.iter().enumerate() {
        if idx == 4 {
            p.exit_part();
        }
        if idx == 2 {
            let value = ctx.arg(2) & 0xffff_ffff;
            let rest = value & !SYNC_TYPE;
            // The two parts are joined by `|` even when the first prints nothing.
            p.open(Group::Expr);
            flags_ex(p, &[AT_STATX_SYNC], value & SYNC_TYPE, None);
            if rest != 0 {
                p.raw("|");
                flags_ex(p, &[AT_FLAGS], rest, None);
            }
            p.close();
        } else {
            arg(p, ctx, info, idx, a.kind);
        }
    }
}

/// setsockopt/getsockopt: the option's name depends on the level (strace 6.1's
/// `print_sockopt_fd_level_name`), and getsockopt has names of its own (`SO_GET_FILTER`);
/// getsockopt prints its value and length at exit.
fn sockopt<P: Printer>(p: &mut P, ctx: &Ctx, info: &SyscallInfo) {
    for (idx, a) in info.args.iter().enumerate() {
        if idx == 3 && info.name == "getsockopt" {
            p.exit_part();
        }
        if idx == 2 {
            if info.name == "getsockopt" {
                super::flags::getsockopt_name(p, ctx.arg(1), ctx.arg(2));
            } else {
                super::flags::sockopt_name(p, ctx.arg(1), ctx.arg(2));
            }
        } else {
            arg(p, ctx, info, idx, a.kind);
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
fn user_offset<P: Printer>(p: &mut P, off: u64) {
    let Some(&(base, name)) = USER_OFFSETS.iter().rev().find(|&&(v, _)| v <= off) else {
        return p.addr(off);
    };
    let last = USER_OFFSETS.last().map_or(0, |e| e.0);
    if off > base && base == last {
        return p.addr(off);
    }
    composite_with(
        p,
        |p| p.addr(off),
        |p| {
            p.open(Group::Expr);
            p.raw(name);
            if off != base {
                p.raw("+");
                p.uint(off - base);
            }
            p.close();
        },
    );
}

/// ptrace: the arguments its request uses (strace 6.1's `decode_ptrace_entering`); the data a
/// request fills is shown as its address (strace prints it only from memory read at exit).
fn ptrace<P: Printer>(p: &mut P, ctx: &Ctx) {
    // Kernel UAPI values the libc crate does not export.
    const PTRACE_SINGLEBLOCK: u32 = 33;
    const PTRACE_SECCOMP_GET_FILTER: u32 = 0x420c;
    const PTRACE_SECCOMP_GET_METADATA: u32 = 0x420d;
    let request = ctx.arg(0);
    let (pid, addr_arg, data) = (ctx.arg(1) as i32, ctx.arg(2), ctx.arg(3));
    super::flags::print(p, Flags::PtraceRequest, request);
    let Ok(req) = u32::try_from(request) else {
        p.int(i64::from(pid));
        p.addr(addr_arg);
        return p.addr(data);
    };
    if req == libc::PTRACE_TRACEME {
        return;
    }
    p.int(i64::from(pid));
    if matches!(req, libc::PTRACE_ATTACH | libc::PTRACE_INTERRUPT | libc::PTRACE_KILL | libc::PTRACE_LISTEN) {
        return;
    }
    match req {
        libc::PTRACE_PEEKUSER | libc::PTRACE_POKEUSER => user_offset(p, addr_arg),
        libc::PTRACE_GETREGSET | libc::PTRACE_SETREGSET => {
            xval(p, NT_DESCRIPTOR_TYPES, addr_arg, "NT_???");
        }
        libc::PTRACE_GETSIGMASK
        | libc::PTRACE_SETSIGMASK
        | PTRACE_SECCOMP_GET_FILTER
        | PTRACE_SECCOMP_GET_METADATA
        | libc::PTRACE_GET_SYSCALL_INFO => p.uint(addr_arg),
        // The registers are at `data`, in place of addr.
        libc::PTRACE_GETREGS | libc::PTRACE_SETREGS | libc::PTRACE_GETFPREGS | libc::PTRACE_SETFPREGS => {
            return p.addr(data);
        }
        _ => p.addr(addr_arg),
    }
    match req {
        libc::PTRACE_CONT
        | libc::PTRACE_DETACH
        | libc::PTRACE_SYSCALL
        | libc::PTRACE_SINGLESTEP
        | PTRACE_SINGLEBLOCK
        | libc::PTRACE_SYSEMU
        | libc::PTRACE_SYSEMU_SINGLESTEP => signal(p, data),
        libc::PTRACE_SEIZE | libc::PTRACE_SETOPTIONS => {
            flags(p, PTRACE_SETOPTIONS_FLAGS, data, "PTRACE_O_???");
        }
        _ => p.addr(data),
    }
}

/// nanosleep (from the request at `rem_idx - 1`): the remaining time is shown only when the sleep was
/// interrupted; otherwise its address. It is printed at exit.
fn nanosleep<P: Printer>(p: &mut P, ctx: &Ctx, info: &SyscallInfo, rem_idx: usize) {
    arg(p, ctx, info, rem_idx - 1, info.args[rem_idx - 1].kind);
    p.exit_part();
    let rem = ctx.arg(rem_idx);
    let interrupted = ctx.call.ret.and_then(errno::errno_of).is_some_and(errno::is_restart);
    match ctx.capture(rem_idx) {
        Some(c) if rem != 0 && interrupted && structs::fits(Struct::Timespec, &c.bytes) => {
            structs::print(p, Struct::Timespec, &c.bytes)
        }
        _ => p.addr(rem),
    }
}

/// prctl: the option, then the arguments it uses.
fn prctl<P: Printer>(p: &mut P, ctx: &Ctx) {
    let option = ctx.arg(0) & 0xffff_ffff;
    let a2 = ctx.arg(1);
    xval(p, PRCTL_OPTIONS, option, "PR_???");
    let rest_hex = |p: &mut P, from: usize| {
        for i in from..5 {
            p.hex(ctx.arg(i));
        }
    };
    match option {
        3 | 7 | 13 | 21 | 27 | 30 | 31 | 32 | 46 | 51 | 64 => {}
        2 | 5 | 9 | 11 | 15 | 16 | 19 | 25 | 37 | 40 => p.addr(a2),
        1 => signal(p, a2 & 0xffff_ffff),
        8 | 10 | 12 | 14 | 20 | 29 | 36 => p.uint(a2),
        0x59616d61 => {
            if a2 == u64::MAX {
                p.name("PR_SET_PTRACER_ANY");
            } else {
                p.int(a2 as i64);
            }
        }
        4 => xval(p, DUMPABLE, a2, "SUID_DUMP_???"),
        23 | 24 => xval(p, CAPABILITIES, a2, "CAP_???"),
        38 | 41 => {
            p.uint(a2);
            rest_hex(p, 2);
        }
        50 | 63 => p.hex(a2),
        // Options without a rule here, and unknown ones: every argument in hex.
        _ => rest_hex(p, 1),
    }
}

/// mknod/mknodat: a symbolic mode, and the device only for character and block devices.
fn mknod<P: Printer>(p: &mut P, ctx: &Ctx, info: &SyscallInfo, mode_idx: usize) {
    args_by_kind(p, ctx, info, 0..mode_idx);
    let mode = (ctx.arg(mode_idx) & 0xffff_ffff) as u32;
    structs::mode(p, mode);
    if matches!(mode & 0o170000, 0o020000 | 0o060000) {
        structs::makedev(p, ctx.arg(mode_idx + 1));
    }
}
