//! arch_prctl (x86_64's codes) and personality.

use tracer_common::syscall::SyscallInfo;

use super::text::{aux_flags, hex_with_note, hx};
use crate::decode::peek::{self, At};
use crate::decode::printer::{Fmt, Group, XlatStyle};
use crate::decode::tables::{
    ARCH_PRCTL, PERSONALITY_FLAGS, PERSONALITY_TYPES, X86_XFEATURES, X86_XFEATURE_BITS,
};
use crate::decode::xlat::{flags_ex, lookup, names, xval, xvals};
use crate::decode::{Ctx, Printer};

const ARCH_GET_FS: u64 = 0x1003;
const ARCH_GET_GS: u64 = 0x1004;
const ARCH_GET_CPUID: u64 = 0x1011;
const ARCH_GET_XCOMP_SUPP: u64 = 0x1021;
const ARCH_GET_XCOMP_PERM: u64 = 0x1022;
const ARCH_REQ_XCOMP_PERM: u64 = 0x1023;
const ARCH_GET_XCOMP_GUEST_PERM: u64 = 0x1024;
const ARCH_REQ_XCOMP_GUEST_PERM: u64 = 0x1025;

/// Write with `-X verbose` unless the style is raw (strace's `raw ? RAW : VERBOSE` styles).
fn verbose_unless_raw<P: Printer + ?Sized>(p: &mut P, write: impl FnOnce(&mut P)) {
    let style = p.style();
    if style != XlatStyle::Raw {
        p.set_style(XlatStyle::Verbose);
    }
    write(p);
    p.set_style(style);
}

pub fn arch_prctl_args(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    let code = ctx.arg(0) & 0xffff_ffff;
    let addr = ctx.arg(1);
    xval(p, ARCH_PRCTL, code, "ARCH_???");
    match code {
        ARCH_GET_CPUID => {}
        ARCH_GET_FS | ARCH_GET_GS => {
            p.exit_part();
            peek::indirect(p, ctx, 1, At::Exit, true, |p, v| p.addr(v));
        }
        ARCH_GET_XCOMP_SUPP | ARCH_GET_XCOMP_PERM | ARCH_GET_XCOMP_GUEST_PERM => {
            p.exit_part();
            peek::indirect(p, ctx, 1, At::Exit, true, |p, v| {
                verbose_unless_raw(p, |p| flags_ex(p, &[X86_XFEATURES], v, Some("XFEATURE_MASK_???")));
            });
        }
        ARCH_REQ_XCOMP_PERM | ARCH_REQ_XCOMP_GUEST_PERM => {
            verbose_unless_raw(p, |p| {
                xvals(p, &[X86_XFEATURE_BITS], addr, "XFEATURE_???", Fmt::Hex);
            });
        }
        _ => p.hex(addr),
    }
    true
}

/// ARCH_REQ_XCOMP_*PERM's positive return value: the features' masks.
pub fn arch_prctl_ret(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo, ret: i64) -> bool {
    let code = ctx.arg(0) & 0xffff_ffff;
    if !matches!(code, ARCH_REQ_XCOMP_PERM | ARCH_REQ_XCOMP_GUEST_PERM) || ret <= 0 {
        return false;
    }
    let style = p.style();
    hex_with_note(p, ret, aux_flags(style, X86_XFEATURES, ret as u64));
    true
}

/// `PER_MASK`: the execution domain's bits of a personality.
const PER_MASK: u64 = 0xff;

pub fn personality_args(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    let pers = ctx.arg(0) & 0xffff_ffff;
    if pers == 0xffff_ffff {
        p.hex(pers);
        return true;
    }
    let rest = pers & !PER_MASK;
    p.open(Group::Or);
    xval(p, PERSONALITY_TYPES, pers & PER_MASK, "PER_???");
    if rest != 0 {
        flags_ex(p, &[PERSONALITY_FLAGS], rest, None);
    }
    p.close();
    true
}

/// The previous personality: in hex, with its domain and flags.
pub fn personality_ret(p: &mut dyn Printer, _ctx: &Ctx, _info: &SyscallInfo, ret: i64) -> bool {
    let pers = ret as u64 & 0xffff_ffff;
    let style = p.style();
    let domain = pers & PER_MASK;
    // `sprintxval` then `sprintflags("|", ...)`, in the -X style.
    let mut text = match (lookup(PERSONALITY_TYPES, domain), style) {
        (Some(name), XlatStyle::Abbrev) => name.to_owned(),
        (Some(name), XlatStyle::Verbose) => format!("{} /* {name} */", hx(domain)),
        (Some(_), XlatStyle::Raw) => hx(domain),
        (None, XlatStyle::Raw) => hx(domain),
        (None, _) => format!("{} /* PER_??? */", hx(domain)),
    };
    let rest = pers & !PER_MASK;
    if rest != 0 {
        let mut named = Vec::new();
        let left = names(PERSONALITY_FLAGS, rest, |n| named.push(n));
        text.push('|');
        match style {
            XlatStyle::Raw => text.push_str(&hx(rest)),
            _ if named.is_empty() => text.push_str(&hx(rest)),
            XlatStyle::Verbose => {
                let mut names = named.join("|");
                if left != 0 {
                    names.push_str(&format!("|{}", hx(left)));
                }
                text.push_str(&format!("{} /* {names} */", hx(rest)));
            }
            XlatStyle::Abbrev => {
                text.push_str(&named.join("|"));
                if left != 0 {
                    text.push_str(&format!("|{}", hx(left)));
                }
            }
        }
    }
    hex_with_note(p, ret, Some(text));
    true
}
