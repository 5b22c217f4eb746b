//! NUMA memory policies: mbind, set_mempolicy, get_mempolicy, migrate_pages and move_pages, as
//! strace 6.1 prints them: modes with their `MPOL_F_*` flags, node masks as arrays of zero-padded
//! words, move_pages' page, node and status arrays (the status at exit). The masks and arrays
//! come from page-wide peek captures, cut as strace's `print_array` cuts them.

use tracer_common::syscall::{nr, SyscallInfo};

use super::Rules;
use crate::decode::arrays::{self, Array};
use crate::decode::errno::print_err;
use crate::decode::fields::Fields;
use crate::decode::peek::{self, At};
use crate::decode::pids::PidType;
use crate::decode::tables::{
    GET_MEMPOLICY_FLAGS, MBIND_FLAGS, MOVE_PAGES_FLAGS, MPOL_MODES, MPOL_MODE_FLAGS,
};
use crate::decode::xlat::{composite, flags, lookup, names, xval};
use crate::decode::{Ctx, Printer};

pub const RULES: &[Rules] = &[
    Rules { nr: nr::MBIND, args: Some(mbind), ..Rules::NONE },
    Rules { nr: nr::SET_MEMPOLICY, args: Some(set_mempolicy), ..Rules::NONE },
    Rules { nr: nr::GET_MEMPOLICY, args: Some(get_mempolicy), ..Rules::NONE },
    Rules { nr: nr::MIGRATE_PAGES, args: Some(migrate_pages), ..Rules::NONE },
    Rules { nr: nr::MOVE_PAGES, args: Some(move_pages), ..Rules::NONE },
];

/// The mode flags strace splits off a policy's mode.
const MODE_FLAGS_MASK: u64 = 0xe000;

/// A policy's mode (strace's `print_mode`): `MPOL_BIND`, `MPOL_BIND|MPOL_F_STATIC_NODES` (raw:
/// the number; verbose: both), or the flags with the unknown rest.
fn mode<P: Printer + ?Sized>(p: &mut P, value: u64) {
    let (base, mode_flags) = (value & !MODE_FLAGS_MASK, value & MODE_FLAGS_MASK);
    if mode_flags == 0 {
        return xval(p, MPOL_MODES, base, "MPOL_???");
    }
    let Some(name) = lookup(MPOL_MODES, base) else {
        return flags(p, MPOL_MODE_FLAGS, value, "MPOL_???");
    };
    composite(p, value, |p| {
        let mut text = name.to_owned();
        names(MPOL_MODE_FLAGS, mode_flags, |flag| {
            text.push('|');
            text.push_str(flag);
        });
        p.raw(&text);
    });
}

/// One word of a node mask: `%#0*lx` as C prints it, 16 characters wide (a zero has no `0x`).
fn node_word<P: Printer + ?Sized>(p: &mut P, word: u64) {
    let text = if word == 0 { "0".repeat(16) } else { format!("{word:#016x}") };
    p.formatted(word, &text);
}

/// A node mask of `maxnode` bits behind argument `idx` (strace's `print_nodemask`): its words as
/// an array, the address when the word count overflows.
fn nodemask<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, idx: usize, maxnode: u64, at: At) {
    let addr = ctx.arg(idx);
    let words = maxnode.wrapping_add(62) / 64;
    if words < maxnode / 64 || (maxnode != 0 && words == 0) {
        return p.addr(addr);
    }
    let arr = Array { addr, count: words, elem: 8, capture: peek::capture(ctx, idx, at) };
    arrays::print(p, ctx, arr, |p, b| node_word(p, Fields(b).u64(0)));
}

fn mbind(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    p.addr(ctx.arg(0));
    p.uint(ctx.arg(1));
    mode(p, ctx.arg(2));
    nodemask(p, ctx, 3, ctx.arg(4), At::Entry);
    p.uint(ctx.arg(4));
    flags(p, MBIND_FLAGS, ctx.arg(5), "MPOL_???");
    true
}

fn set_mempolicy(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    mode(p, ctx.arg(0) & 0xffff_ffff);
    nodemask(p, ctx, 1, ctx.arg(2), At::Entry);
    p.uint(ctx.arg(2));
    true
}

/// get_mempolicy: everything at exit, the policy and the mask read from what the call wrote.
fn get_mempolicy(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    p.exit_part();
    peek::indirect(p, ctx, 0, At::Exit, false, |p, v| {
        xval(p, MPOL_MODES, v as u32 as i32 as i64 as u64, "MPOL_???");
    });
    nodemask(p, ctx, 1, ctx.arg(2), At::Exit);
    p.uint(ctx.arg(2));
    p.addr(ctx.arg(3));
    flags(p, GET_MEMPOLICY_FLAGS, ctx.arg(4), "MPOL_???");
    true
}

fn migrate_pages(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    ctx.pid(p, ctx.arg(0) as i32, PidType::Tgid);
    p.uint(ctx.arg(1));
    nodemask(p, ctx, 2, ctx.arg(1), At::Entry);
    nodemask(p, ctx, 3, ctx.arg(1), At::Entry);
    true
}

/// move_pages: the pages and nodes at entry, the status each page got at exit.
fn move_pages(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    let count = ctx.arg(1);
    ctx.pid(p, ctx.arg(0) as i32, PidType::Tgid);
    p.uint(count);
    let array = |idx: usize, elem: usize, at: At| Array {
        addr: ctx.arg(idx),
        count,
        elem,
        capture: peek::capture(ctx, idx, at),
    };
    arrays::print(p, ctx, array(2, 8, At::Entry), |p, b| p.addr(Fields(b).u64(0)));
    arrays::print(p, ctx, array(3, 4, At::Entry), |p, b| p.int(i64::from(Fields(b).i32(0))));
    p.exit_part();
    arrays::print(p, ctx, array(4, 4, At::Exit), |p, b| print_err(p, i64::from(Fields(b).i32(0)), true));
    flags(p, MOVE_PAGES_FLAGS, ctx.arg(5), "MPOL_???");
    true
}

#[cfg(test)]
mod tests {
    use super::super::strace_line;
    use super::*;
    use crate::decode::XlatStyle;

    #[test]
    fn modes_with_flags_in_each_style() {
        // strace 6.1 prints these lines.
        let line = |mode, style| strace_line(nr::SET_MEMPOLICY, &[mode, 0, 0], 0, style);
        assert_eq!(
            line(0x8000, XlatStyle::Abbrev),
            "set_mempolicy(MPOL_DEFAULT|MPOL_F_STATIC_NODES, NULL, 0) = 0"
        );
        assert_eq!(
            line(0x8000, XlatStyle::Verbose),
            "set_mempolicy(0x8000 /* MPOL_DEFAULT|MPOL_F_STATIC_NODES */, NULL, 0) = 0"
        );
        assert_eq!(line(0x8000, XlatStyle::Raw), "set_mempolicy(0x8000, NULL, 0) = 0");
        assert_eq!(
            line(0xffff_ffff, XlatStyle::Abbrev),
            "set_mempolicy(MPOL_F_STATIC_NODES|MPOL_F_RELATIVE_NODES|MPOL_F_NUMA_BALANCING|0xffff1fff, NULL, 0) = 0"
        );
        assert_eq!(line(6, XlatStyle::Abbrev), "set_mempolicy(0x6 /* MPOL_??? */, NULL, 0) = 0");
    }

    #[test]
    fn mask_words_are_zero_padded() {
        let text = |w| crate::decode::text::render(XlatStyle::Abbrev, |p| node_word(p, w));
        assert_eq!(text(0), "0000000000000000");
        assert_eq!(text(1), "0x00000000000001");
    }

    /// Every pid is seen from a namespace where it is 4000 less than in tracer's.
    #[derive(Debug)]
    struct OtherNs;

    impl crate::decode::FdNames for OtherNs {
        fn fd_name(&self, _pid: u32, _fd: i32) -> Option<crate::decode::FdName> {
            None
        }

        fn pid_note(&self, _tid: u32, pid: i32, _ty: PidType) -> Option<crate::decode::pids::PidNote> {
            Some(crate::decode::pids::PidNote { comm: None, ours: Some(pid + 4000) })
        }
    }

    #[test]
    fn pid_arguments_are_translated() {
        let line = |nr, ret: i64| {
            let call = crate::call::Syscall {
                ip: 0,
                meta: tracer_common::event::Meta::default(),
                nr,
                args: [4, 0, 0, 0, 0, 0],
                captures: vec![],
                ret: Some(ret),
                exit_ts_ns: None,
                kernel_atoms: None,
            };
            let opts = crate::decode::Options { fds: Some(&OtherNs), ..Default::default() };
            crate::decode::call_line(tracer_common::syscall::info(nr), &call, &opts, XlatStyle::Abbrev)
        };
        // strace 6.1 --pidns-translation prints these lines.
        assert_eq!(
            line(nr::MIGRATE_PAGES, -22),
            "migrate_pages(4 /* 4004 in strace's PID NS */, 0, NULL, NULL) = -1 EINVAL (Invalid argument)"
        );
        assert_eq!(
            line(nr::MOVE_PAGES, 0),
            "move_pages(4 /* 4004 in strace's PID NS */, 0, NULL, NULL, NULL, 0) = 0"
        );
    }
}
