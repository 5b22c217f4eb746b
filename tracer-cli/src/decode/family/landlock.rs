//! landlock_create_ruleset and landlock_add_rule: their attribute structs (shown only when the
//! size or the rule type says what they are), flags and rule types.

use tracer_common::syscall::{nr, Struct, SyscallInfo};

use super::{FdEffect, Paths, Rules};
use crate::decode::fields::Fields;
use crate::decode::printer::Group;
use crate::decode::tables::{LANDLOCK_ACCESS_FS, LANDLOCK_CREATE_RULESET_FLAGS, LANDLOCK_RULE_TYPES};
use crate::decode::xlat::{flags, xval};
use crate::decode::{structs, Ctx, Printer};

pub const RULES: &[Rules] = &[
    Rules {
        nr: nr::LANDLOCK_CREATE_RULESET,
        args: Some(create_ruleset),
        ret: Some(create_ruleset_ret),
        paths: Some(Paths::Never),
        fds: FdEffect::AnonUnless {
            text: "anon_inode:[landlock-ruleset]",
            arg: 2,
            mask: CREATE_RULESET_VERSION,
        },
        ..Rules::NONE
    },
    Rules { nr: nr::LANDLOCK_ADD_RULE, args: Some(add_rule), paths: Some(Paths::Never), ..Rules::NONE },
];

/// landlock_create_ruleset returns the ABI version, not a descriptor, with this flag.
const CREATE_RULESET_VERSION: u64 = 1;
const RULE_PATH_BENEATH: u64 = 1;
/// `offsetofend(struct landlock_ruleset_attr, handled_access_fs)`.
const RULESET_ATTR_KNOWN: u64 = 8;

/// The struct of argument `idx` from its capture, or its address.
fn attr(p: &mut dyn Printer, ctx: &Ctx, idx: usize, kind: Struct) {
    match ctx.capture(idx).filter(|c| ctx.arg(idx) != 0 && structs::fits(kind, &c.bytes)) {
        Some(c) => structs::print_ctx(p, ctx, kind, &c.bytes),
        None => p.addr(ctx.arg(idx)),
    }
}

fn create_ruleset(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    let size = ctx.arg(1);
    let kind = Struct::LandlockRulesetAttr;
    let captured = ctx.capture(0).filter(|c| ctx.arg(0) != 0 && structs::fits(kind, &c.bytes));
    match captured {
        _ if size < RULESET_ATTR_KNOWN => p.addr(ctx.arg(0)),
        // Members strace does not know follow.
        Some(c) if size > RULESET_ATTR_KNOWN => ruleset_attr_more(p, &c.bytes),
        Some(c) => structs::print_ctx(p, ctx, kind, &c.bytes),
        None => p.addr(ctx.arg(0)),
    }
    p.uint(size);
    flags(p, LANDLOCK_CREATE_RULESET_FLAGS, ctx.arg(2) & 0xffff_ffff, "LANDLOCK_CREATE_RULESET_???");
    true
}

/// `{handled_access_fs=..., ...}`.
fn ruleset_attr_more(p: &mut dyn Printer, bytes: &[u8]) {
    p.open(Group::Struct);
    p.field("handled_access_fs");
    let f = Fields(bytes);
    flags(p, LANDLOCK_ACCESS_FS, f.u64(0), "LANDLOCK_ACCESS_FS_???");
    p.more();
    p.close();
}

/// A descriptor, unless the call was asked for the ABI version.
fn create_ruleset_ret(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo, ret: i64) -> bool {
    if ctx.arg(2) & CREATE_RULESET_VERSION == 0 {
        return false;
    }
    p.int(ret);
    true
}

fn add_rule(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    ctx.fd(p, ctx.arg(0) as i32);
    let rule_type = ctx.arg(1) & 0xffff_ffff;
    xval(p, LANDLOCK_RULE_TYPES, rule_type, "LANDLOCK_RULE_???");
    if rule_type == RULE_PATH_BENEATH {
        attr(p, ctx, 2, Struct::LandlockPathBeneathAttr);
    } else {
        p.addr(ctx.arg(2));
    }
    p.hex(ctx.arg(3) & 0xffff_ffff);
    true
}

#[cfg(test)]
mod tests {
    use super::super::strace_line;
    use super::*;
    use crate::decode::XlatStyle;

    #[test]
    fn without_captures_the_addresses() {
        // strace 6.1 prints these lines.
        assert_eq!(
            strace_line(nr::LANDLOCK_CREATE_RULESET, &[0, 0, 1], 7, XlatStyle::Abbrev),
            "landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION) = 7"
        );
        assert_eq!(
            strace_line(nr::LANDLOCK_ADD_RULE, &[0, 2, 0x1000, 1], -22, XlatStyle::Abbrev),
            "landlock_add_rule(0, 0x2 /* LANDLOCK_RULE_??? */, 0x1000, 0x1) = -1 EINVAL (Invalid argument)"
        );
    }
}
