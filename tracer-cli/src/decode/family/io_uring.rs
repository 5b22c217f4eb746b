//! io_uring_setup: its `struct io_uring_params`, what the caller asked at entry and what the
//! kernel filled in at exit; io_uring_enter: its flags, and its signal mask (strace 6.1 prints
//! `argp` as a sigset of `argsz` bytes whatever the flags, the address when the size is not the
//! kernel's).

use tracer_common::syscall::{nr, Struct, SyscallInfo};

use super::anon::anon;
use super::{Cloexec, Paths, Rules};
use crate::decode::fields::Fields;
use crate::decode::printer::Group;
use crate::decode::tables::{URING_ENTER_FLAGS, URING_SETUP_FEATURES, URING_SETUP_FLAGS};
use crate::decode::xlat::flags;
use crate::decode::{structs, Ctx, Printer};

pub const RULES: &[Rules] = &[
    Rules { nr: nr::IO_URING_ENTER, args: Some(enter), paths: Some(Paths::Never), ..Rules::NONE },
    Rules { args: Some(setup), ..anon(nr::IO_URING_SETUP, "anon_inode:[io_uring]", Cloexec::Always) },
];

/// IORING_SETUP_ATTACH_WQ: wq_fd names the ring whose workers to share.
const IORING_SETUP_ATTACH_WQ: u32 = 0x20;

fn setup(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    p.uint(ctx.arg(0) & 0xffff_ffff);
    let ptr = ctx.arg(1);
    let size = usize::from(Struct::IoUringParams.size());
    let Some(entry) = ctx.entry(1).filter(|c| ptr != 0 && c.bytes.len() >= size) else {
        p.addr(ptr);
        return true;
    };
    let f = Fields(&entry.bytes);
    let setup_flags = f.u32(8);
    p.open(Group::Struct);
    p.field("flags");
    flags(p, URING_SETUP_FLAGS, u64::from(setup_flags), "IORING_SETUP_???");
    p.field("sq_thread_cpu");
    p.hex(u64::from(f.u32(12)));
    p.field("sq_thread_idle");
    p.uint(u64::from(f.u32(16)));
    if setup_flags & IORING_SETUP_ATTACH_WQ != 0 {
        p.field("wq_fd");
        ctx.fd(p, f.i32(24));
    }
    let resv = [f.u32(28), f.u32(32), f.u32(36)];
    if resv.iter().any(|&r| r != 0) {
        p.field("resv");
        p.open(Group::Array);
        for r in resv {
            p.hex(u64::from(r));
        }
        p.close();
    }
    p.exit_part_here();
    // At exit, when the call succeeded (and `-e verbose` holds): what the kernel filled in.
    if let Some(exit) = ctx.exit(1).filter(|c| ctx.ok_ret().is_some() && c.bytes.len() >= size) {
        let f = Fields(&exit.bytes);
        p.field("sq_entries");
        p.uint(u64::from(f.u32(0)));
        p.field("cq_entries");
        p.uint(u64::from(f.u32(4)));
        p.field("features");
        flags(p, URING_SETUP_FEATURES, u64::from(f.u32(20)), "IORING_FEAT_???");
        p.field("sq_off");
        ring_offsets(p, &f, 40, ["head", "tail", "ring_mask", "ring_entries", "flags", "dropped", "array"]);
        p.field("cq_off");
        ring_offsets(p, &f, 80, ["head", "tail", "ring_mask", "ring_entries", "overflow", "cqes", "flags"]);
    }
    p.close();
    true
}

/// `struct io_sqring_offsets` or `struct io_cqring_offsets` at `at`: seven u32 members named
/// `names`, then `resv1` (u32) and `resv2` (u64) when not zero.
fn ring_offsets(p: &mut dyn Printer, f: &Fields, at: usize, names: [&str; 7]) {
    p.open(Group::Struct);
    for (i, name) in names.iter().enumerate() {
        p.field(name);
        p.uint(u64::from(f.u32(at + 4 * i)));
    }
    let (resv1, resv2) = (f.u32(at + 28), f.u64(at + 32));
    if resv1 != 0 {
        p.field("resv1");
        p.hex(u64::from(resv1));
    }
    if resv2 != 0 {
        p.field("resv2");
        p.hex(resv2);
    }
    p.close();
}

/// The kernel's sigset size on x86_64 (`NSIG_BYTES`).
const SIGSET_SIZE: u64 = 8;

fn enter(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    ctx.fd(p, ctx.arg(0) as i32);
    p.uint(ctx.arg(1) & 0xffff_ffff);
    p.uint(ctx.arg(2) & 0xffff_ffff);
    flags(p, URING_ENTER_FLAGS, ctx.arg(3) & 0xffff_ffff, "IORING_ENTER_???");
    let (ptr, size) = (ctx.arg(4), ctx.arg(5));
    match ctx
        .capture(4)
        .filter(|c| ptr != 0 && size == SIGSET_SIZE && structs::fits(Struct::Sigset, &c.bytes))
    {
        Some(c) => structs::print(p, Struct::Sigset, &c.bytes),
        None => p.addr(ptr),
    }
    p.uint(size);
    true
}

#[cfg(test)]
mod tests {
    use super::super::strace_line;
    use super::*;
    use crate::decode::XlatStyle;

    #[test]
    fn flags_and_an_uncaptured_mask() {
        // strace 6.1 prints this line.
        assert_eq!(
            strace_line(nr::IO_URING_ENTER, &[3, 1, 2, 0x21, 0x1000, 8], -9, XlatStyle::Abbrev),
            "io_uring_enter(3, 1, 2, IORING_ENTER_GETEVENTS|0x20, 0x1000, 8) = -1 EBADF (Bad file descriptor)"
        );
    }
}
