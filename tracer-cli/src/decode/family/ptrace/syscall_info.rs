//! PTRACE_GET_SYSCALL_INFO's `struct ptrace_syscall_info`, printed at exit as far as both the
//! caller's size and the kernel's return value reach (strace's `print_ptrace_syscall_info`).

use tracer_common::syscall;

use crate::decode::errno::print_err;
use crate::decode::fields::Fields;
use crate::decode::peek::{self, At};
use crate::decode::printer::{Fmt, Group};
use crate::decode::tables::{AUDIT_ARCHES, PTRACE_SYSCALL_INFO_OPS};
use crate::decode::xlat::xval;
use crate::decode::{Ctx, Printer};

/// Where each member ends (`offsetofend`) in x86_64's layout.
const ARCH_END: u64 = 8;
const IP_END: u64 = 16;
const SP_END: u64 = 24;
const NR_END: u64 = 32;
/// The bytes of the exit variant, and of the largest one (seccomp, up to `ret_data`).
const EXIT_SIZE: u64 = 33;
const SECCOMP_SIZE: u64 = 84;
/// Where the entry and seccomp variants' arguments start.
const ARGS_AT: u64 = 32;

const OP_ENTRY: u8 = 1;
const OP_EXIT: u8 = 2;
const OP_SECCOMP: u8 = 3;

/// The struct behind argument `idx` of a call asked for `user_len` bytes, at exit.
pub(super) fn print<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, idx: usize, user_len: u64) {
    let addr = ctx.arg(idx);
    let kernel_len = ctx.ok_ret().map_or(0, |ret| ret.unsigned_abs());
    let fetch = user_len.min(kernel_len).min(SECCOMP_SIZE);
    let bytes = peek::capture(ctx, idx, At::Exit)
        .filter(|_| fetch != 0 && addr != 0)
        .and_then(|c| c.bytes.get(..fetch as usize));
    let Some(bytes) = bytes else { return p.addr(addr) };
    let mut full = [0u8; SECCOMP_SIZE as usize + 4];
    full[..bytes.len()].copy_from_slice(bytes);
    let f = Fields(&full);
    let op = f.u8(0);
    p.open(Group::Struct);
    p.field("op");
    xval(p, PTRACE_SYSCALL_INFO_OPS, u64::from(op), "PTRACE_SYSCALL_INFO_???");
    let fields: [(u64, &str); 3] =
        [(ARCH_END, "arch"), (IP_END, "instruction_pointer"), (SP_END, "stack_pointer")];
    for (end, name) in fields {
        if fetch < end {
            return p.close();
        }
        p.field(name);
        match name {
            "arch" => xval(p, AUDIT_ARCHES, u64::from(f.u32(4)), "AUDIT_ARCH_???"),
            _ => p.addr(f.u64(end as usize - 8)),
        }
    }
    if fetch < NR_END {
        return p.close();
    }
    match op {
        OP_ENTRY | OP_SECCOMP => {
            p.field(if op == OP_ENTRY { "entry" } else { "seccomp" });
            call(p, &f, fetch, op == OP_SECCOMP);
        }
        OP_EXIT => {
            p.field("exit");
            exit(p, &f, fetch);
        }
        _ => {}
    }
    p.close();
}

/// The entry (or seccomp) variant: the syscall's name, the arguments fetched, seccomp's data.
fn call<P: Printer + ?Sized>(p: &mut P, f: &Fields, fetch: u64, seccomp: bool) {
    let nr = f.u64(24);
    let native = f.u32(4) == 0xc000_003e;
    p.open(Group::Struct);
    p.field("nr");
    let name = syscall::info(nr).filter(|_| native).map(|info| format!("__NR_{}", info.name));
    p.constant(nr, name.as_deref(), Fmt::Unsigned, "");
    let nargs = ((fetch - ARGS_AT) / 8).min(6);
    if nargs > 0 {
        p.field("args");
        p.open(Group::Array);
        for i in 0..nargs as usize {
            p.hex(f.u64(ARGS_AT as usize + 8 * i));
        }
        p.close();
    }
    if seccomp && fetch >= SECCOMP_SIZE {
        p.field("ret_data");
        p.uint(u64::from(f.u32(80)));
    }
    p.close();
}

/// The exit variant: the return value (as an error when `is_error` was fetched and set).
fn exit<P: Printer + ?Sized>(p: &mut P, f: &Fields, fetch: u64) {
    let rval = f.i64(24);
    let whole = fetch >= EXIT_SIZE;
    p.open(Group::Struct);
    p.field("rval");
    if whole && f.u8(32) != 0 {
        print_err(p, rval, true);
    } else {
        p.int(rval);
    }
    if whole {
        p.field("is_error");
        p.uint(u64::from(f.u8(32)));
    }
    p.close();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::text::render;
    use crate::decode::XlatStyle;

    fn info(op: u8, nr_or_rval: u64, tail: &[u8]) -> Vec<u8> {
        let mut b = vec![0u8; SECCOMP_SIZE as usize + 4];
        b[0] = op;
        b[4..8].copy_from_slice(&0xc000_003eu32.to_le_bytes());
        b[24..32].copy_from_slice(&nr_or_rval.to_le_bytes());
        b[32..32 + tail.len()].copy_from_slice(tail);
        b
    }

    #[test]
    fn exit_and_entry_variants() {
        // strace 6.1 prints these members.
        let b = info(OP_EXIT, (-2i64) as u64, &[1]);
        assert_eq!(render(XlatStyle::Abbrev, |p| exit(p, &Fields(&b), 33)), "{rval=-ENOENT, is_error=1}");
        assert_eq!(
            render(XlatStyle::Verbose, |p| exit(p, &Fields(&b), 33)),
            "{rval=-2 /* -ENOENT */, is_error=1}"
        );
        assert_eq!(render(XlatStyle::Abbrev, |p| exit(p, &Fields(&b), 32)), "{rval=-2}");
        let b = info(OP_ENTRY, 80, &0xbad1_fed1u64.to_le_bytes());
        assert_eq!(
            render(XlatStyle::Abbrev, |p| call(p, &Fields(&b), 40, false)),
            "{nr=__NR_chdir, args=[0xbad1fed1]}"
        );
        assert_eq!(
            render(XlatStyle::Verbose, |p| call(p, &Fields(&b), 32, false)),
            "{nr=80 /* __NR_chdir */}"
        );
    }
}
