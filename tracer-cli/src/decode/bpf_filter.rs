//! Classic BPF programs (`struct sock_fprog`), as strace 6.1's `decode_bpf_fprog` and
//! `print_bpf_fprog` print them: `{len=2, filter=[BPF_STMT(BPF_LD|BPF_W|BPF_ABS, 0),
//! BPF_JUMP(BPF_JMP|BPF_K|BPF_JEQ, 0x3, 0, 0x1)]}`, the program itself only with `-v` (its address
//! otherwise). seccomp filters name their return actions (`SECCOMP_RET_ERRNO|0x10`), socket filters
//! their special load offsets (`SKF_AD_OFF+SKF_AD_PROTOCOL`). The program comes from the argument's
//! part FILTER (see `tracer_common::capture::mode::PEEK_FPROG_INOUT`).

use tracer_common::capture::part;
use tracer_common::event::Capture;

use super::arrays::{self, Array};
use super::fields::Fields;
use super::printer::{Fmt, Group, Printer};
use super::tables::{
    BPF_CLASS, BPF_MISCOP, BPF_MODE, BPF_OP_ALU, BPF_OP_JMP, BPF_RVAL, BPF_SIZE, BPF_SRC, SECCOMP_RET_ACTION,
    SKF_AD,
};
use super::xlat::{print_xlat, unknown_value, xval};
use super::Ctx;

/// Whose program it is: what its instructions' constants mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A seccomp filter: return values are `SECCOMP_RET_*` actions.
    Seccomp,
    /// A socket filter: absolute loads may use the `SKF_*_OFF` bases.
    Socket,
}

/// Bytes of one instruction (`struct sock_filter`).
const INSN: usize = 8;

/// Instruction classes (`BPF_CLASS(code)`).
const LD: u16 = 0;
const LDX: u16 = 1;
const ST: u16 = 2;
const STX: u16 = 3;
const ALU: u16 = 4;
const JMP: u16 = 5;
const RET: u16 = 6;
const MISC: u16 = 7;
/// `BPF_ABS`, the absolute load mode.
const ABS: u16 = 0x20;
/// `SECCOMP_RET_ACTION_FULL`: the action bits of a seccomp return value.
const RET_ACTION_FULL: u32 = 0xffff_0000;
/// `SKF_AD_OFF`, `SKF_NET_OFF`, `SKF_LL_OFF`.
const SKF_OFFSETS: [(u32, &str); 3] =
    [(0xffff_f000, "SKF_AD_OFF"), (0xfff0_0000, "SKF_NET_OFF"), (0xffe0_0000, "SKF_LL_OFF")];

/// The `struct sock_fprog` whose first 16 bytes are `fprog` (argument `idx`'s entry copy): `{len=N,
/// filter=...}` with the program as [`program`] prints it.
pub fn fprog<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, idx: usize, fprog: &[u8], kind: Kind) {
    let f = Fields(fprog);
    let (len, filter) = (f.u16(0), f.u64(8));
    p.open(Group::Struct);
    p.field("len");
    p.uint(u64::from(len));
    p.field("filter");
    program(p, ctx, filter, u64::from(len), ctx.entry_part(idx, part::FILTER), kind);
    p.close();
}

/// `len` instructions at `addr` copied in `capture` (strace's `print_bpf_fprog`): the address
/// unless `-v`, else the array of them. strace shows at most `BPF_MAXINSNS` (4096) of them; the
/// capture holds at most `FPROG_MAX_INSNS` (fewer), and `...` follows where it was cut.
pub fn program<P: Printer + ?Sized>(
    p: &mut P,
    ctx: &Ctx,
    addr: u64,
    len: u64,
    capture: Option<&Capture>,
    kind: Kind,
) {
    if !ctx.verbose {
        return p.addr(addr);
    }
    let arr = Array { addr, count: len, elem: INSN, capture };
    arrays::print(p, ctx, arr, |p, b| insn(p, &Fields(b), kind));
}

/// One instruction: `BPF_JUMP(code, k, jt, jf)` when it jumps, else `BPF_STMT(code, k)`.
pub fn insn<P: Printer + ?Sized>(p: &mut P, f: &Fields, kind: Kind) {
    let (code, jt, jf, k) = (f.u16(0), f.u8(2), f.u8(3), f.u32(4));
    if jt != 0 || jf != 0 {
        p.open(Group::Call("BPF_JUMP"));
        code_of(p, code);
        p.hex(u64::from(k));
        p.hex(u64::from(jt));
        p.hex(u64::from(jf));
    } else {
        p.open(Group::Call("BPF_STMT"));
        code_of(p, code);
        if !constant(p, code, k, kind) {
            p.hex(u64::from(k));
        }
    }
    p.close();
}

/// An instruction's code, its fields joined by `|` (strace's `print_bpf_filter_code`).
fn code_of<P: Printer + ?Sized>(p: &mut P, code: u16) {
    let class = code & 7;
    let mut rest = u64::from(code & !7);
    p.open(Group::Or);
    xval(p, BPF_CLASS, u64::from(class), "BPF_???");
    match class {
        ST | STX => {}
        LD | LDX => {
            xval(p, BPF_SIZE, u64::from(code & 0x18), "BPF_???");
            xval(p, BPF_MODE, u64::from(code & 0xe0), "BPF_???");
            rest = 0;
        }
        MISC => {
            xval(p, BPF_MISCOP, u64::from(code & 0xf8), "BPF_???");
            rest &= !u64::from(code & 0xf8);
        }
        ALU | JMP => {
            xval(p, BPF_SRC, u64::from(code & 0x08), "BPF_???");
            let ops = if class == ALU { BPF_OP_ALU } else { BPF_OP_JMP };
            xval(p, ops, u64::from(code & 0xf0), "BPF_???");
            rest = 0;
        }
        RET => {
            xval(p, BPF_RVAL, u64::from(code & 0x18), "BPF_???");
            rest &= !u64::from(code & 0x18);
        }
        _ => rest = 0,
    }
    if rest != 0 {
        unknown_value(p, rest, "BPF_???");
    }
    p.close();
}

/// A statement's `k` as its program's kind names it; false when it is a plain number.
fn constant<P: Printer + ?Sized>(p: &mut P, code: u16, k: u32, kind: Kind) -> bool {
    match kind {
        Kind::Seccomp if code & 7 == RET => {
            let action = k & RET_ACTION_FULL;
            let data = k & !action;
            if data == 0 {
                xval(p, SECCOMP_RET_ACTION, u64::from(action), "SECCOMP_RET_???");
            } else {
                p.open(Group::Or);
                xval(p, SECCOMP_RET_ACTION, u64::from(action), "SECCOMP_RET_???");
                p.hex(u64::from(data));
                p.close();
            }
            true
        }
        Kind::Socket if code & 7 == LD && code & 0xe0 == ABS => {
            let Some(&(base, name)) = SKF_OFFSETS.iter().find(|&&(base, _)| k >= base) else { return false };
            p.open(Group::Expr);
            print_xlat(p, u64::from(base), Some(name), Fmt::Hex);
            p.raw("+");
            if base == SKF_OFFSETS[0].0 {
                xval(p, SKF_AD, u64::from(k - base), "SKF_AD_???");
            } else {
                p.uint(u64::from(k - base));
            }
            p.close();
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests;
