//! Memory mappings: mmap's descriptor is argument 4; mremap shows its new address only when the
//! mapping moves to it; mincore's vector (one byte a page) at exit.

use tracer_common::syscall::{nr, SyscallInfo};

use super::{Paths, Rules};
use crate::decode::arrays::{self, Array};
use crate::decode::peek::{self, At};
use crate::decode::{args_by_kind, Ctx, Printer};
use tracer_common::capture::PAGE_SIZE;

pub const RULES: &[Rules] = &[
    Rules { nr: nr::MMAP, paths: Some(Paths::Args { fds: &[4], paths: &[] }), ..Rules::NONE },
    Rules { nr: nr::MREMAP, args: Some(mremap), ..Rules::NONE },
    Rules { nr: nr::MINCORE, args: Some(mincore), ..Rules::NONE },
];

/// mincore: the residency of each page of the range (bit 0 of each byte), printed at exit.
fn mincore(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    p.addr(ctx.arg(0));
    p.uint(ctx.arg(1));
    p.exit_part();
    let len = ctx.arg(1);
    let pages = len / PAGE_SIZE + u64::from(!len.is_multiple_of(PAGE_SIZE));
    let arr = Array { addr: ctx.arg(2), count: pages, elem: 1, capture: peek::capture(ctx, 2, At::Exit) };
    arrays::print(p, ctx, arr, |p, b| p.uint(u64::from(b[0] & 1)));
    true
}

fn mremap(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    args_by_kind(p, ctx, info, 0..4);
    const MAYMOVE_FIXED: u64 = (libc::MREMAP_MAYMOVE | libc::MREMAP_FIXED) as u64;
    if ctx.arg(3) & MAYMOVE_FIXED == MAYMOVE_FIXED {
        p.addr(ctx.arg(4));
    }
    true
}
