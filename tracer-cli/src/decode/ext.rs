//! Extensible structs (openat2's `open_how`, clone3's `clone_args`): the caller says how big its
//! struct is; strace prints the members it knows, then, inside the braces, what follows them when
//! it is not all zero (`/* bytes 24..31 */ "\x80\x81..."`) or `???` when it cannot be read.

use tracer_common::capture::{part, EXT_STRUCT_END};
use tracer_common::syscall::Struct;

use super::printer::{Group, Quote};
use super::{structs, Ctx, Printer};

/// The smallest size the kernel accepts (`OPEN_HOW_SIZE_VER0`, `CLONE_ARGS_SIZE_VER0`); strace
/// prints the address of a smaller struct.
pub(crate) fn min_size(kind: Struct) -> u64 {
    match kind {
        Struct::CloneArgs => 64,
        // MOUNT_ATTR_SIZE_VER0.
        Struct::MountAttr => 32,
        other => u64::from(other.size()),
    }
}

/// Argument `idx`, an extensible `kind` of `arg[len_arg]` bytes.
pub(crate) fn arg<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, idx: usize, len_arg: u8, kind: Struct) {
    let ptr = ctx.arg(idx);
    let size = ctx.arg(usize::from(len_arg));
    let known = size.min(u64::from(kind.size()));
    match ctx.entry(idx) {
        Some(c) if ptr != 0 && size >= min_size(kind) && c.bytes.len() as u64 >= known => {
            structs::print_ext(p, ctx, kind, &c.bytes, size, &mut |p: &mut P| tail(p, ctx, idx, kind, size));
        }
        _ => p.addr(ptr),
    }
}

/// What follows the known members of argument `idx` (a `kind` of `size` bytes), as the last
/// member of the open struct: nothing when it is all zero.
pub(crate) fn tail<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, idx: usize, kind: Struct, size: u64) {
    let start = u64::from(kind.size());
    if size <= start {
        return;
    }
    let Some(c) = ctx.call.entry_part(idx, part::TAIL) else { return };
    if c.read_fault() {
        return p.name("???");
    }
    if c.bytes.iter().all(|&b| b == 0) {
        return;
    }
    let end = size.min(EXT_STRUCT_END);
    let shown = c.bytes.len().min(usize::try_from(ctx.strlen).unwrap_or(usize::MAX));
    p.open(Group::Expr);
    p.raw(&format!("/* bytes {start}..{} */ ", end - 1));
    p.str(&c.bytes[..shown], Quote::Hex, shown < c.bytes.len());
    p.close();
}
