//! How family decoders get at the argument's memory, as strace's `umove_or_printaddr` and
//! `printnum_*` do: the entry copy for what the caller passes in, the exit copy (when the call
//! succeeded) for what the kernel fills; where there is no usable copy of the object's size, the
//! address (`NULL` for 0).

use crate::decode::fields::Fields;
use crate::decode::printer::{Group, Printer};
use crate::decode::Ctx;

/// When the object is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// At entry: the caller passes it in.
    In,
    /// At exit, when the call succeeded: the kernel fills it.
    Out,
}

/// The `size`-byte object behind the argument, or (after printing the address) None.
pub fn object<'a, P: Printer + ?Sized>(
    p: &mut P,
    ctx: &Ctx<'a>,
    when: When,
    size: usize,
) -> Option<Fields<'a>> {
    let ptr = ctx.arg(2);
    let capture = match when {
        When::In => ctx.entry(2),
        When::Out => ctx.ok_ret().and_then(|_| ctx.exit(2)),
    };
    match capture.filter(|c| ptr != 0 && c.bytes.len() >= size) {
        Some(c) => Some(Fields(&c.bytes)),
        None => {
            p.addr(ptr);
            None
        }
    }
}

/// An integer pointed to, as strace's `printnum_*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Num {
    /// `int`, `%d`.
    I32,
    /// `unsigned int`, `%u`.
    U32,
    /// `unsigned short`, `%hu`.
    U16,
    /// `long`, `%ld`.
    I64,
    /// `unsigned long` or `uint64_t`, `%lu`.
    U64,
}

/// `[42]`: the integer behind the argument, read `when`.
pub fn num<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, when: When, num: Num) {
    let size = match num {
        Num::U16 => 2,
        Num::I32 | Num::U32 => 4,
        Num::I64 | Num::U64 => 8,
    };
    let Some(f) = object(p, ctx, when, size) else { return };
    p.open(Group::Array);
    match num {
        Num::I32 => p.int(i64::from(f.i32(0))),
        Num::U32 => p.uint(u64::from(f.u32(0))),
        Num::U16 => p.uint(u64::from(f.u16(0))),
        Num::I64 => p.int(f.i64(0)),
        Num::U64 => p.uint(f.u64(0)),
    }
    p.close();
}

/// A struct the caller passes in and the kernel updates (strace's entering/exiting pair around
/// `tprint_value_changed`): `before` prints the entry copy; after a success ` => ` and `after`
/// prints the exit copy (the address when there is none of `size` bytes).
pub fn in_out<'a, P: Printer + ?Sized>(
    p: &mut P,
    ctx: &Ctx<'a>,
    size: usize,
    before: impl FnOnce(&mut P, Fields<'a>),
    after: impl FnOnce(&mut P, Fields<'a>),
) {
    let Some(f) = object(p, ctx, When::In, size) else { return };
    if ctx.ok_ret().is_none() {
        return before(p, f);
    }
    p.open(Group::Changed);
    before(p, f);
    match ctx.exit(2).filter(|c| c.bytes.len() >= size) {
        Some(c) => after(p, Fields(&c.bytes)),
        None => p.addr(ctx.arg(2)),
    }
    p.close();
}

/// An array inside a struct already copied (strace's `print_local_array_upto`): the first `count`
/// of the `elem`-byte elements in `bytes` (no more than it holds), at most `-s` of them unless `-v`.
pub fn local_array<'a, P: Printer + ?Sized>(
    p: &mut P,
    ctx: &Ctx,
    bytes: &'a [u8],
    elem: usize,
    count: u64,
    mut each: impl FnMut(&mut P, Fields<'a>),
) {
    let elem = elem.max(1);
    let count = count.min((bytes.len() / elem) as u64);
    let shown = if ctx.verbose { count } else { count.min(u64::from(ctx.strlen)) };
    p.open(Group::Array);
    for chunk in bytes.chunks_exact(elem).take(usize::try_from(shown).unwrap_or(usize::MAX)) {
        each(p, Fields(chunk));
    }
    if shown < count {
        p.more();
    }
    p.close();
}

/// `, name=[0x1, 0, ...]` for a reserved or padding array of `u32`s that is not all zero
/// (strace's `IS_ARRAY_ZERO` check before `PRINT_FIELD_X_ARRAY`).
pub fn nonzero_u32s<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, name: &str, bytes: &[u8]) {
    if bytes.iter().all(|&b| b == 0) {
        return;
    }
    p.field(name);
    local_array(p, ctx, bytes, 4, u64::MAX, |p, f| p.hex(u64::from(f.u32(0))));
}
