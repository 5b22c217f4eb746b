//! kexec_load and kexec_file_load: the architecture in kexec_load's flags, kexec_file_load's
//! command line as a counted string (strace 6.1's `kexec.c`).

use tracer_common::syscall::{nr, SyscallInfo};

use super::{Paths, Rules};
use crate::decode::peek::{self, At};
use crate::decode::printer::Group;
use crate::decode::tables::{KEXEC_ARCH_VALUES, KEXEC_LOAD_FLAGS};
use crate::decode::xlat::{flags, xval};
use crate::decode::{arg, Ctx, Printer};

pub const RULES: &[Rules] = &[
    Rules { nr: nr::KEXEC_LOAD, args: Some(kexec_load), ..Rules::NONE },
    Rules {
        nr: nr::KEXEC_FILE_LOAD,
        args: Some(kexec_file_load),
        paths: Some(Paths::Args { fds: &[0, 1], paths: &[] }),
        ..Rules::NONE
    },
];

/// Linux's KEXEC_ARCH_MASK: the architecture's bits of kexec_load's flags.
const KEXEC_ARCH_MASK: u64 = 0xffff_0000;

fn kexec_load(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    for idx in 0..3 {
        arg(p, ctx, info, idx, info.args[idx].kind);
    }
    load_flags(p, ctx.arg(3));
    true
}

/// kexec_load's flags: `KEXEC_ARCH_X86_64|KEXEC_ON_CRASH` (the architecture always, the flags when
/// any bit is left).
fn load_flags<P: Printer + ?Sized>(p: &mut P, value: u64) {
    let rest = value & !KEXEC_ARCH_MASK;
    if rest == 0 {
        return xval(p, KEXEC_ARCH_VALUES, value & KEXEC_ARCH_MASK, "KEXEC_ARCH_???");
    }
    p.open(Group::Or);
    xval(p, KEXEC_ARCH_VALUES, value & KEXEC_ARCH_MASK, "KEXEC_ARCH_???");
    flags(p, KEXEC_LOAD_FLAGS, rest, "KEXEC_???");
    p.close();
}

fn kexec_file_load(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    for idx in 0..3 {
        arg(p, ctx, info, idx, info.args[idx].kind);
    }
    peek::strn(p, ctx, 3, ctx.arg(2), At::Entry, false);
    arg(p, ctx, info, 4, info.args[4].kind);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::printer::XlatStyle;
    use crate::decode::text::render;

    #[test]
    fn load_flags_name_the_architecture_then_the_flags() {
        let text = |v| render(XlatStyle::Abbrev, |p| load_flags(p, v));
        assert_eq!(text(0), "KEXEC_ARCH_DEFAULT");
        assert_eq!(text(0x2a_0003), "KEXEC_ARCH_SH|KEXEC_ON_CRASH|KEXEC_PRESERVE_CONTEXT");
        assert_eq!(text(0xdead_0000), "0xdead0000 /* KEXEC_ARCH_??? */");
        assert_eq!(
            text(0xbadc_0ded_da7a_1054),
            "0xda7a0000 /* KEXEC_ARCH_??? */|0xbadc0ded00001054 /* KEXEC_??? */"
        );
    }
}
