//! prctl's return values that mean something (strace 6.1's `RVAL_STR` and `RVAL_HEX | RVAL_STR`
//! cases): a name or flags in a note after the number.

use tracer_common::syscall::SyscallInfo;

use super::opt;
use super::text::{aux_flags, hex_with_note, note_after, tagged_addr_text, vector_length_note, Vector};
use crate::decode::printer::XlatStyle;
use crate::decode::tables::{
    DUMPABLE, PR_FP_MODE, PR_MCE_KILL_POLICY, PR_PAC_ENABLED_KEYS, PR_SPEC_GET_FLAGS, SECBITS,
};
use crate::decode::xlat::lookup;
use crate::decode::{Ctx, Printer};

/// A successful prctl's return value, by option; false for a plain number.
pub fn prctl(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo, ret: i64) -> bool {
    let style = p.style();
    let value = ret as u64;
    match ctx.arg(0) & 0xffff_ffff {
        // `RVAL_STR` with a name from `xlookup` (the name in every -X style).
        opt::GET_DUMPABLE => {
            p.int(ret);
            note_after(p, lookup(DUMPABLE, value).map(str::to_owned));
        }
        opt::MCE_KILL_GET => {
            p.int(ret);
            note_after(p, lookup(PR_MCE_KILL_POLICY, value).map(str::to_owned));
        }
        opt::GET_SECUREBITS if ret != 0 => hex_with_note(p, ret, aux_flags(style, SECBITS, value)),
        opt::GET_FP_MODE if ret != 0 => hex_with_note(p, ret, aux_flags(style, PR_FP_MODE, value)),
        opt::SVE_SET_VL | opt::SVE_GET_VL if ret != 0 => {
            hex_with_note(p, ret, vector_length_note(style, value, Vector::Sve));
        }
        opt::SME_SET_VL | opt::SME_GET_VL if ret != 0 => {
            hex_with_note(p, ret, vector_length_note(style, value, Vector::Sme));
        }
        opt::GET_SPECULATION_CTRL if ctx.arg(1) <= 2 => {
            hex_with_note(p, ret, aux_flags(style, PR_SPEC_GET_FLAGS, value));
        }
        opt::GET_TAGGED_ADDR_CTRL => {
            let note = (style != XlatStyle::Raw).then(|| tagged_addr_text(value));
            hex_with_note(p, ret, note);
        }
        opt::PAC_GET_ENABLED_KEYS => hex_with_note(p, ret, aux_flags(style, PR_PAC_ENABLED_KEYS, value)),
        _ => return false,
    }
    true
}
