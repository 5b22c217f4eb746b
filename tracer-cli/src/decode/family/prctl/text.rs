//! The texts strace builds itself for prctl and arch_prctl values (its `sprintflags_ex` and
//! `sprint_*_val` helpers): vector lengths with their flags, tagged address control words, and the
//! `(...)` notes after return values.

use crate::decode::printer::{Group, XlatStyle};
use crate::decode::tables::{PR_MTE_TCF, PR_SME_VL_FLAGS, PR_SVE_VL_FLAGS};
use crate::decode::xlat::{lookup, names, Xlat};
use crate::decode::Printer;

/// `%#lx`: `0`, or `0x1f`.
pub fn hx(value: u64) -> String {
    let mut out = String::new();
    crate::decode::num::hex(&mut out, value);
    out
}

/// strace's `sprintflags_ex(prefix "", sep '\0')` in the abbreviated style: the names of `value`'s
/// bits joined by `|`, the bits left over in hex after them (alone when nothing is named); a zero
/// value is the table's zero entry, or nothing.
pub fn flag_text(table: Xlat, value: u64) -> Option<String> {
    if value == 0 {
        return table.first().filter(|&&(v, _)| v == 0).map(|&(_, n)| n.to_owned());
    }
    let mut parts: Vec<String> = Vec::new();
    let rest = names(table, value, |n| parts.push(n.to_owned()));
    if rest != 0 {
        parts.push(hx(rest));
    }
    Some(parts.join("|"))
}

/// The same in `SPFF_AUXSTR_MODE`, as a return value's note: nothing when raw, and nothing when no
/// bit has a name.
pub fn aux_flags(style: XlatStyle, table: Xlat, value: u64) -> Option<String> {
    if style == XlatStyle::Raw {
        return None;
    }
    if value == 0 {
        return flag_text(table, 0);
    }
    let mut parts: Vec<String> = Vec::new();
    let rest = names(table, value, |n| parts.push(n.to_owned()));
    if parts.is_empty() {
        return None;
    }
    if rest != 0 {
        parts.push(hx(rest));
    }
    Some(parts.join("|"))
}

/// A return value in hex with `note` after it: `= 0x1 (PR_FP_MODE_FR)`.
pub fn hex_with_note<P: Printer + ?Sized>(p: &mut P, ret: i64, note: Option<String>) {
    p.hex(ret as u64);
    note_after(p, note);
}

/// ` (note)` after the return value just written.
pub fn note_after<P: Printer + ?Sized>(p: &mut P, note: Option<String>) {
    if let Some(note) = note {
        p.open(Group::Note);
        p.name(&note);
        p.close();
    }
}

/// Which vector length (PR_SVE_* or PR_SME_*).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vector {
    Sve,
    Sme,
}

/// The bits of a vector length that are the length (`PR_SVE_VL_LEN_MASK`, `PR_SME_VL_LEN_MASK`).
const VL_LEN_MASK: u64 = 0xffff;

fn vl_flags(kind: Vector) -> Xlat {
    match kind {
        Vector::Sve => PR_SVE_VL_FLAGS,
        Vector::Sme => PR_SME_VL_FLAGS,
    }
}

/// `flags|0xlen`, or `0xlen` without flags.
fn vl_text(kind: Vector, value: u64) -> String {
    let len = value & VL_LEN_MASK;
    match flag_text(vl_flags(kind), value & !VL_LEN_MASK) {
        Some(flags) => format!("{flags}|{}", hx(len)),
        None => hx(len),
    }
}

/// PR_SVE_SET_VL's and PR_SME_SET_VL's argument (strace's `sprint_sve_val(arg, false)`).
pub fn vector_length<P: Printer + ?Sized>(p: &mut P, value: u64, kind: Vector) {
    let style = p.style();
    let flags = value & !VL_LEN_MASK;
    if style == XlatStyle::Raw {
        p.hex(value);
    } else if flags != 0 && style == XlatStyle::Verbose {
        p.hex(value);
        p.comment(&vl_text(kind, value));
    } else {
        p.name(&vl_text(kind, value));
    }
}

/// The note after a vector length returned (`sprint_sve_val(rval, true)`): only with flags.
pub fn vector_length_note(style: XlatStyle, value: u64, kind: Vector) -> Option<String> {
    (style != XlatStyle::Raw && value & !VL_LEN_MASK != 0).then(|| vl_text(kind, value))
}

/// `PR_TAGGED_ADDR_ENABLE`, `PR_MTE_TCF_MASK`, `PR_MTE_TAG_MASK` and its shift.
const TAGGED_ADDR_ENABLE: u64 = 1;
const MTE_TCF_MASK: u64 = 6;
const MTE_TAG_SHIFT: u32 = 3;
const MTE_TAG_MASK: u64 = 0xffff << MTE_TAG_SHIFT;

/// A tagged address control word's meaning: `PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_SYNC|0x5<<PR_MTE_TAG_SHIFT`.
pub fn tagged_addr_text(value: u64) -> String {
    let enabled =
        if value & TAGGED_ADDR_ENABLE != 0 { "PR_TAGGED_ADDR_ENABLE" } else { "!PR_TAGGED_ADDR_ENABLE" };
    let tcf = value & MTE_TCF_MASK;
    let mut out = format!("{enabled}|");
    match lookup(PR_MTE_TCF, tcf) {
        Some(name) => out.push_str(name),
        None => out.push_str(&hx(tcf)),
    }
    let tag = value & MTE_TAG_MASK;
    if tag != 0 {
        out.push_str(&format!("|{}<<PR_MTE_TAG_SHIFT", hx(tag >> MTE_TAG_SHIFT)));
    }
    let rest = value & !(TAGGED_ADDR_ENABLE | MTE_TCF_MASK | MTE_TAG_MASK);
    if rest != 0 {
        out.push_str(&format!("|{}", hx(rest)));
    }
    out
}

/// PR_SET_TAGGED_ADDR_CTRL's argument: the meaning, the number (raw), or both (verbose).
pub fn tagged_addr_arg<P: Printer + ?Sized>(p: &mut P, value: u64) {
    match p.style() {
        XlatStyle::Raw => p.hex(value),
        XlatStyle::Verbose => {
            p.hex(value);
            p.comment(&tagged_addr_text(value));
        }
        XlatStyle::Abbrev => p.name(&tagged_addr_text(value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::tables::SECBITS;

    #[test]
    fn flag_texts_name_bits_and_keep_the_rest() {
        assert_eq!(
            flag_text(PR_SVE_VL_FLAGS, 0x60000).as_deref(),
            Some("PR_SVE_SET_VL_ONEXEC|PR_SVE_VL_INHERIT")
        );
        assert_eq!(flag_text(PR_SVE_VL_FLAGS, 0x10000).as_deref(), Some("0x10000"));
        assert_eq!(flag_text(PR_SVE_VL_FLAGS, 0), None);
        assert_eq!(aux_flags(XlatStyle::Abbrev, SECBITS, 0x101).as_deref(), Some("SECBIT_NOROOT|0x100"));
        assert_eq!(aux_flags(XlatStyle::Abbrev, SECBITS, 0x100), None);
        assert_eq!(aux_flags(XlatStyle::Raw, SECBITS, 1), None);
    }

    #[test]
    fn tagged_address_words() {
        assert_eq!(tagged_addr_text(0), "!PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_NONE");
        assert_eq!(
            tagged_addr_text(0x57ae57f4),
            "!PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_ASYNC|0xcafe<<PR_MTE_TAG_SHIFT|0x57a80000"
        );
    }
}
