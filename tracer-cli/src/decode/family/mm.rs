//! Memory mappings: mmap's descriptor is argument 4; mremap shows its new address only when the
//! mapping moves to it.

use tracer_common::syscall::{nr, SyscallInfo};

use super::{Paths, Rules};
use crate::decode::{args_by_kind, Ctx, Printer};

pub const RULES: &[Rules] = &[
    Rules { nr: nr::MMAP, paths: Some(Paths::Args { fds: &[4], paths: &[] }), ..Rules::NONE },
    Rules { nr: nr::MREMAP, args: Some(mremap), ..Rules::NONE },
];

fn mremap(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    args_by_kind(p, ctx, info, 0..4);
    const MAYMOVE_FIXED: u64 = (libc::MREMAP_MAYMOVE | libc::MREMAP_FIXED) as u64;
    if ctx.arg(3) & MAYMOVE_FIXED == MAYMOVE_FIXED {
        p.addr(ctx.arg(4));
    }
    true
}
