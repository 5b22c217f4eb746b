//! seccomp, as strace 6.1's `SYS_FUNC(seccomp)`: the operation, its flags, then what `uargs`
//! points to for the operation: a filter program (`{len=N, filter=...}`, see
//! [`bpf_filter`](crate::decode::bpf_filter)), an action (`[SECCOMP_RET_LOG]`) or, at exit, the
//! notification sizes the call filled in. The memory comes from the argument's peek capture.

use tracer_common::syscall::{nr, SyscallInfo};

use super::Rules;
use crate::decode::bpf_filter::{self, Kind};
use crate::decode::fields::Fields;
use crate::decode::peek::{self, At};
use crate::decode::printer::Group;
use crate::decode::tables::{SECCOMP_FILTER_FLAGS, SECCOMP_OPS, SECCOMP_RET_ACTION};
use crate::decode::xlat::{flags, xval};
use crate::decode::{Ctx, Printer};

pub const RULES: &[Rules] = &[Rules { nr: nr::SECCOMP, args: Some(seccomp), ..Rules::NONE }];

/// seccomp's operations with a rule here.
const SET_MODE_FILTER: u64 = 1;
const GET_ACTION_AVAIL: u64 = 2;
const GET_NOTIF_SIZES: u64 = 3;

/// Bytes of `struct sock_fprog` and of `struct seccomp_notif_sizes`.
const FPROG_SIZE: usize = 16;
const NOTIF_SIZES_SIZE: usize = 6;

fn seccomp(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    let (op, op_flags) = (ctx.arg(0) & 0xffff_ffff, ctx.arg(1) & 0xffff_ffff);
    xval(p, SECCOMP_OPS, op, "SECCOMP_SET_MODE_???");
    match op {
        SET_MODE_FILTER => {
            flags(p, SECCOMP_FILTER_FLAGS, op_flags, "SECCOMP_FILTER_FLAG_???");
            if let Some(b) = peek::umove(p, ctx, 2, FPROG_SIZE, At::Entry) {
                bpf_filter::fprog(p, ctx, 2, b, Kind::Seccomp);
            }
        }
        GET_ACTION_AVAIL => {
            p.hex(op_flags);
            if let Some(action) = peek::u32_at(p, ctx, 2, At::Entry) {
                p.open(Group::Array);
                xval(p, SECCOMP_RET_ACTION, u64::from(action), "SECCOMP_RET_???");
                p.close();
            }
        }
        GET_NOTIF_SIZES => {
            p.hex(op_flags);
            p.exit_part();
            if let Some(b) = peek::umove(p, ctx, 2, NOTIF_SIZES_SIZE, At::Exit) {
                let f = Fields(b);
                p.open(Group::Struct);
                for (i, name) in
                    ["seccomp_notif", "seccomp_notif_resp", "seccomp_data"].into_iter().enumerate()
                {
                    p.field(name);
                    p.uint(u64::from(f.u16(i * 2)));
                }
                p.close();
            }
        }
        // SECCOMP_SET_MODE_STRICT and unknown operations.
        _ => {
            p.hex(op_flags);
            p.addr(ctx.arg(2));
        }
    }
    true
}

#[cfg(test)]
mod tests;
