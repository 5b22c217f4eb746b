//! Reading and writing files at offsets: which `int` arguments are 64-bit offsets and lengths,
//! fadvise64's advice, getrandom's bytes in hex, and the copying calls whose descriptors `-P`
//! compares.

use tracer_common::syscall::SyscallInfo;

use super::{Paths, Rules};
use crate::decode::tables::FADVISE_ADVICE;
use crate::decode::xlat::xval;
use crate::decode::{args_by_kind, Ctx, Printer};

pub const RULES: &[Rules] = &[
    Rules { name: "lseek", longs: &[1], ..Rules::NONE },
    Rules { name: "pread64", longs: &[3], ..Rules::NONE },
    Rules { name: "pwrite64", longs: &[3], ..Rules::NONE },
    Rules { name: "truncate", longs: &[1], ..Rules::NONE },
    Rules { name: "ftruncate", longs: &[1], ..Rules::NONE },
    Rules { name: "readahead", longs: &[1], ..Rules::NONE },
    Rules { name: "fallocate", longs: &[2, 3], ..Rules::NONE },
    Rules { name: "fadvise64", args: Some(fadvise64), longs: &[1, 2], ..Rules::NONE },
    Rules { name: "sync_file_range", longs: &[1, 2], ..Rules::NONE },
    Rules { name: "getrandom", hex_buffer: true, ..Rules::NONE },
    Rules { name: "sendfile", paths: Some(Paths::Args { fds: &[0, 1], paths: &[] }), ..Rules::NONE },
    Rules { name: "tee", paths: Some(Paths::Args { fds: &[0, 1], paths: &[] }), ..Rules::NONE },
    Rules { name: "copy_file_range", paths: Some(Paths::Args { fds: &[0, 2], paths: &[] }), ..Rules::NONE },
    Rules { name: "splice", paths: Some(Paths::Args { fds: &[0, 2], paths: &[] }), ..Rules::NONE },
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
