//! Reading and writing files at offsets: fadvise64's advice, getrandom's bytes in hex, and the copying calls whose descriptors `-P`
//! compares.

use tracer_common::syscall::{nr, SyscallInfo};

use super::{Paths, Rules};
use crate::decode::tables::FADVISE_ADVICE;
use crate::decode::xlat::xval;
use crate::decode::{args_by_kind, Ctx, Printer};

pub const RULES: &[Rules] = &[
    Rules { nr: nr::FADVISE64, args: Some(fadvise64), ..Rules::NONE },
    Rules { nr: nr::GETRANDOM, hex_buffer: true, ..Rules::NONE },
    Rules {
        nr: nr::SENDFILE,
        args: Some(super::socket::sendfile_args),
        paths: Some(Paths::Args { fds: &[0, 1], paths: &[] }),
        ..Rules::NONE
    },
    Rules { nr: nr::TEE, paths: Some(Paths::Args { fds: &[0, 1], paths: &[] }), ..Rules::NONE },
    Rules { nr: nr::COPY_FILE_RANGE, paths: Some(Paths::Args { fds: &[0, 2], paths: &[] }), ..Rules::NONE },
    Rules { nr: nr::SPLICE, paths: Some(Paths::Args { fds: &[0, 2], paths: &[] }), ..Rules::NONE },
];

/// fadvise64's advice (when the table gives it its four arguments).
fn fadvise64(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    if info.args.len() != 4 {
        return false;
    }
    args_by_kind(p, ctx, info, 0..3);
    xval(p, FADVISE_ADVICE, ctx.arg(3) & 0xffff_ffff, "POSIX_FADV_???");
    true
}
