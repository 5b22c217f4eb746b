//! x86 segment descriptors: modify_ldt, set_thread_area and get_thread_area with their
//! `struct user_desc` (strace's `print_user_desc`), and modify_ldt's return value, which the
//! kernel clips to an `int`: `= 4294967258 ENOSYS (...)`.

use tracer_common::syscall::{nr, SyscallInfo};

use super::Rules;
use crate::decode::arrays::id;
use crate::decode::errno;
use crate::decode::fields::Fields;
use crate::decode::peek::{self, At};
use crate::decode::printer::Group;
use crate::decode::{Ctx, Printer};

pub const RULES: &[Rules] = &[
    Rules { nr: nr::MODIFY_LDT, args: Some(modify_ldt), ret: Some(modify_ldt_ret), ..Rules::NONE },
    Rules {
        nr: nr::SET_THREAD_AREA,
        args: Some(set_thread_area),
        ret: Some(set_thread_area_ret),
        ..Rules::NONE
    },
    Rules { nr: nr::GET_THREAD_AREA, args: Some(get_thread_area), ..Rules::NONE },
];

/// `sizeof(struct user_desc)`.
const USER_DESC: usize = 16;

/// A `%#0*x` 32-bit field, 8 characters wide (a zero has no `0x`).
fn hex8(p: &mut dyn Printer, name: &str, value: u32) {
    p.field(name);
    let text = if value == 0 { "0".repeat(8) } else { format!("{value:#08x}") };
    p.formatted(u64::from(value), &text);
}

/// The members after `entry_number`, each bit field as a number.
fn desc_rest(p: &mut dyn Printer, f: &Fields) {
    hex8(p, "base_addr", f.u32(4));
    hex8(p, "limit", f.u32(8));
    let bits = f.u32(12);
    let fields = [
        ("seg_32bit", 0, 1),
        ("contents", 1, 2),
        ("read_exec_only", 3, 1),
        ("limit_in_pages", 4, 1),
        ("seg_not_present", 5, 1),
        ("useable", 6, 1),
        ("lm", 7, 1),
    ];
    for (name, shift, width) in fields {
        p.field(name);
        p.uint(u64::from((bits >> shift) & ((1 << width) - 1)));
    }
}

/// The whole descriptor behind argument `idx` at entry, or its address.
fn user_desc(p: &mut dyn Printer, ctx: &Ctx, idx: usize) {
    if let Some(bytes) = peek::umove(p, ctx, idx, USER_DESC, At::Entry) {
        let f = Fields(bytes);
        p.open(Group::Struct);
        p.field("entry_number");
        id(p, f.u32(0));
        desc_rest(p, &f);
        p.close();
    }
}

fn modify_ldt(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    p.int(i64::from(ctx.arg(0) as i32));
    if ctx.arg(2) == USER_DESC as u64 {
        user_desc(p, ctx, 1);
    } else {
        p.addr(ctx.arg(1));
    }
    p.uint(ctx.arg(2));
    true
}

/// A "successful" return in `[0xfffff000, 0xffffffff]` is an error the kernel clipped to 32 bits.
fn modify_ldt_ret(p: &mut dyn Printer, _ctx: &Ctx, _info: &SyscallInfo, ret: i64) -> bool {
    let Ok(clipped) = u32::try_from(ret) else { return false };
    if clipped < 0xffff_f000 {
        return false;
    }
    p.uint(u64::from(clipped));
    let mut text = String::new();
    errno::error(&mut text, clipped.wrapping_neg() as u16);
    p.raw(text.strip_prefix("-1").unwrap_or(&text));
    true
}

fn set_thread_area(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    user_desc(p, ctx, 0);
    true
}

/// `= 0 (entry_number=12)`: the entry the kernel chose.
fn set_thread_area_ret(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo, ret: i64) -> bool {
    let Some(c) = ctx.exit(0).filter(|c| c.bytes.len() >= 4) else { return false };
    p.int(ret);
    p.open(Group::Note);
    p.raw(&format!("entry_number={}", Fields(&c.bytes).u32(0)));
    p.close();
    true
}

/// get_thread_area: the entry asked for, then what the call filled (`...` when it failed).
fn get_thread_area(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    let Some(entry) = peek::umove(p, ctx, 0, 4, At::Entry).map(|b| Fields(b).u32(0)) else { return true };
    p.open(Group::Struct);
    p.field("entry_number");
    id(p, entry);
    let filled = ctx.ok_ret().and_then(|_| ctx.exit(0)).and_then(|c| c.bytes.get(..USER_DESC));
    match filled {
        Some(bytes) => {
            let f = Fields(bytes);
            if f.u32(0) != entry {
                p.raw(" => ");
                id(p, f.u32(0));
            }
            desc_rest(p, &f);
        }
        None => p.more(),
    }
    p.close();
    true
}

#[cfg(test)]
mod tests {
    use super::super::strace_line;
    use super::*;
    use crate::decode::XlatStyle;

    #[test]
    fn clipped_errors_and_plain_returns() {
        // strace 6.1 prints these lines.
        assert_eq!(
            strace_line(nr::MODIFY_LDT, &[u64::MAX, 0, 0], 0xffff_ffda, XlatStyle::Abbrev),
            "modify_ldt(-1, NULL, 0) = 4294967258 ENOSYS (Function not implemented)"
        );
        assert_eq!(
            strace_line(nr::MODIFY_LDT, &[0, 0, 0], 0, XlatStyle::Abbrev),
            "modify_ldt(0, NULL, 0) = 0"
        );
    }
}
