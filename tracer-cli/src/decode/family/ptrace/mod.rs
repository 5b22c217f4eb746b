//! ptrace: the arguments its request uses (strace 6.1's `decode_ptrace_entering`), the signal
//! information and masks it sets or gets, and the `struct ptrace_syscall_info`
//! PTRACE_GET_SYSCALL_INFO fills.

mod regs;
mod syscall_info;

use tracer_common::syscall::{nr, Flags, SyscallInfo};

use super::Rules;
use crate::decode::fields::Fields;
use crate::decode::peek::{self, At};
use crate::decode::printer::Group;
use crate::decode::siginfo;
use crate::decode::signals::{signal, sigset};
use crate::decode::tables::{
    NT_DESCRIPTOR_TYPES, PTRACE_PEEKSIGINFO_FLAGS, PTRACE_SETOPTIONS_FLAGS, SECCOMP_FILTER_FLAGS,
};
use crate::decode::xlat::{composite_with, flags, xval, Xlat};
use crate::decode::{arrays, Ctx, Printer};

pub const RULES: &[Rules] = &[Rules { nr: nr::PTRACE, args: Some(args), ..Rules::NONE }];

fn args(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    ptrace(p, ctx);
    true
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
fn user_offset<P: Printer + ?Sized>(p: &mut P, off: u64) {
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
fn ptrace<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    // Kernel UAPI values the libc crate does not export.
    const PTRACE_SINGLEBLOCK: u32 = 33;
    const PTRACE_SECCOMP_GET_FILTER: u32 = 0x420c;
    const PTRACE_SECCOMP_GET_METADATA: u32 = 0x420d;
    let request = ctx.arg(0);
    let (pid, addr_arg, data) = (ctx.arg(1) as i32, ctx.arg(2), ctx.arg(3));
    crate::decode::flags::print(p, Flags::PtraceRequest, request);
    let Ok(req) = u32::try_from(request) else {
        ctx.pid(p, pid, crate::decode::pids::PidType::Tgid);
        p.addr(addr_arg);
        return p.addr(data);
    };
    if req == libc::PTRACE_TRACEME {
        return;
    }
    ctx.pid(p, pid, crate::decode::pids::PidType::Tgid);
    if matches!(req, libc::PTRACE_ATTACH | libc::PTRACE_INTERRUPT | libc::PTRACE_KILL | libc::PTRACE_LISTEN) {
        return;
    }
    match req {
        libc::PTRACE_PEEKUSER | libc::PTRACE_POKEUSER => user_offset(p, addr_arg),
        libc::PTRACE_GETREGSET => {
            xval(p, NT_DESCRIPTOR_TYPES, addr_arg, "NT_???");
            p.exit_part();
            return regs::getregset(p, ctx, addr_arg);
        }
        libc::PTRACE_SETREGSET => {
            xval(p, NT_DESCRIPTOR_TYPES, addr_arg, "NT_???");
            return regs::setregset(p, ctx, addr_arg);
        }
        libc::PTRACE_GET_SYSCALL_INFO => {
            p.uint(addr_arg);
            p.exit_part();
            return syscall_info::print(p, ctx, 3, addr_arg);
        }
        libc::PTRACE_GETSIGMASK
        | libc::PTRACE_SETSIGMASK
        | PTRACE_SECCOMP_GET_FILTER
        | PTRACE_SECCOMP_GET_METADATA => p.uint(addr_arg),
        // The registers are at `data`, in place of addr.
        libc::PTRACE_GETREGS | libc::PTRACE_GETFPREGS => {
            p.exit_part();
            return regs::at_data(p, ctx, req == libc::PTRACE_GETFPREGS, At::Exit);
        }
        libc::PTRACE_SETREGS | libc::PTRACE_SETFPREGS => {
            return regs::at_data(p, ctx, req == libc::PTRACE_SETFPREGS, At::Entry);
        }
        libc::PTRACE_PEEKSIGINFO => peeksiginfo_args(p, ctx),
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
        libc::PTRACE_SETSIGINFO => siginfo_at(p, ctx, At::Entry),
        libc::PTRACE_GETSIGINFO => {
            p.exit_part();
            siginfo_at(p, ctx, At::Exit);
        }
        libc::PTRACE_SETSIGMASK => sigmask_at(p, ctx, addr_arg, At::Entry),
        libc::PTRACE_GETSIGMASK => {
            p.exit_part();
            sigmask_at(p, ctx, addr_arg, At::Exit);
        }
        libc::PTRACE_PEEKSIGINFO => {
            p.exit_part();
            siginfo_array(p, ctx);
        }
        PTRACE_SECCOMP_GET_METADATA => seccomp_metadata(p, ctx, addr_arg),
        _ => p.addr(data),
    }
}

/// The siginfo at `data` (strace's `printsiginfo_at`), or its address.
fn siginfo_at<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, at: At) {
    if let Some(bytes) = peek::umove(p, ctx, 3, siginfo::SIZE, at) {
        siginfo::print(p, bytes, ctx.pids());
    }
}

/// The signal mask of `len` bytes at `data` (strace's `print_sigset_addr_len`): only the
/// kernel's 8-byte set is shown, any other size as the address.
fn sigmask_at<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, len: u64, at: At) {
    if len != 8 {
        return p.addr(ctx.arg(3));
    }
    if let Some(mask) = peek::u64_at(p, ctx, 3, at) {
        sigset(p, mask);
    }
}

/// PTRACE_PEEKSIGINFO's `struct ptrace_peeksiginfo_args` at `addr` (strace's
/// `decode_peeksiginfo_args`), or its address.
fn peeksiginfo_args<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let Some(b) = peek::umove(p, ctx, 2, 16, At::Entry) else { return };
    let f = Fields(b);
    p.open(Group::Struct);
    p.field("off");
    p.uint(f.u64(0));
    p.field("flags");
    flags(p, PTRACE_PEEKSIGINFO_FLAGS, u64::from(f.u32(8)), "PTRACE_PEEKSIGINFO_???");
    p.field("nr");
    p.uint(u64::from(f.u32(12)));
    p.close();
}

/// The siginfos PTRACE_PEEKSIGINFO stored at `data`, as many as it returned (strace's
/// `print_siginfo_array`); the address when the call failed.
fn siginfo_array<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let data = ctx.arg(3);
    let Some(count) = ctx.ok_ret().and_then(|r| u64::try_from(r).ok()) else { return p.addr(data) };
    let capture = ctx.exit(3);
    let arr = arrays::Array { addr: data, count, elem: siginfo::SIZE, capture };
    let pids = ctx.pids();
    arrays::print(p, ctx, arr, |p, b| {
        siginfo::print(p, b, pids);
    });
}

/// PTRACE_SECCOMP_GET_METADATA's `struct seccomp_metadata` of `size` bytes at `data` (strace's
/// `decode_seccomp_metadata`): `filter_off` from entry, `flags` the call filled.
fn seccomp_metadata<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, size: u64) {
    if size < 8 {
        return p.addr(ctx.arg(3));
    }
    let Some(b) = peek::umove(p, ctx, 3, 8, At::Entry) else { return };
    p.open(Group::Struct);
    p.field("filter_off");
    p.uint(Fields(b).u64(0));
    p.exit_part_here();
    if ctx.ok_ret().is_some() && size > 8 {
        let flags_word = ctx.exit(3).and_then(|c| c.bytes.get(8..16)).filter(|_| size >= 16);
        match flags_word {
            Some(w) => {
                p.field("flags");
                flags(p, SECCOMP_FILTER_FLAGS, Fields(w).u64(0), "SECCOMP_FILTER_FLAG_???");
                if size > 16 {
                    p.more();
                }
            }
            None => p.name("???"),
        }
    }
    p.close();
}
