//! ioctl, as strace 6.1's `SYS_FUNC(ioctl)`: the descriptor, the request ([`request`]: its names,
//! or the form strace builds from its number), then the argument as the request's family decodes
//! it (`ioctl_decode`'s dispatch on the request's type, one module per family). A request no family
//! decodes gets the argument in hex (`PRINT_VAL_X`): `ioctl(-1, SNDCTL_TMR_TIMEBASE, 0)`.
//!
//! Family decoders read the argument's memory from the captures: requests that pass data in print
//! the entry copy, requests that get data back print the exit copy when the call succeeded, and
//! the address where strace prints it (NULL, a fault, a failed call).

mod arg;
mod block;
mod counter;
mod evdev;
mod fs_f;
mod fs_x;
mod gpio;
mod hdio;
mod inotify;
mod lirc;
mod loop_dev;
mod mtd;
mod nbd;
mod nsfs;
mod perf;
mod ptp;
mod random;
pub mod request;
mod rtc;
mod scsi;
mod seccomp;
mod sock;
mod term;
mod ubi;
mod uffdio;
mod v4l2;
mod watchdog;

use tracer_common::syscall::{nr, ArgKind, SyscallInfo};

use super::Rules;
use crate::decode::printer::Printer;
use crate::decode::{arg, Ctx};

pub const RULES: &[Rules] = &[Rules { nr: nr::IOCTL, args: Some(args), ret: Some(ret), ..Rules::NONE }];

fn args(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    ioctl(p, ctx, info);
    true
}

/// A successful return the request's family gives a meaning (strace's `RVAL_FD`, `RVAL_STR`);
/// false for a plain number.
fn ret(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo, ret: i64) -> bool {
    let code = ctx.arg(1) as u32;
    match request::kind(code) {
        0x56 => v4l2::ret(p, ctx, code, ret),
        0xb7 => nsfs::ret(p, ctx, code, ret),
        _ => false,
    }
}

/// ioctl: the descriptor, the request, then its argument as the request's family defines it.
fn ioctl<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, info: &SyscallInfo) {
    let code = ctx.arg(1) as u32;
    arg(p, ctx, info, 0, ArgKind::Fd);
    request::print(p, code);
    if !decode(p, ctx, code) {
        p.hex(ctx.arg(2));
    }
}

/// The argument as the request's family decodes it (strace's `ioctl_decode`); false when the family
/// leaves it to the generic hex.
fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    match request::kind(code) {
        0x03 => hdio::decode(p, ctx, code),
        0x12 => block::decode(p, ctx, code),
        0x22 => scsi::decode(p, ctx, code),
        0x24 => perf::decode(p, ctx, code),
        0x3d => ptp::decode(p, ctx, code),
        0x21 => seccomp::decode(p, ctx, code),
        0x3e => counter::decode(p, ctx, code),
        0x45 => evdev::decode(p, ctx, code),
        0x49 => inotify::decode(p, ctx, code),
        0x4d => mtd::decode(p, ctx, code),
        0x4f | 0x6f => ubi::decode(p, ctx, code),
        0x4c => loop_dev::decode(p, ctx, code),
        0x52 => random::decode(p, ctx, code),
        0x54 => term::decode(p, ctx, code),
        0x56 => v4l2::decode(p, ctx, code),
        0x57 => watchdog::decode(p, ctx, code),
        0x58 => fs_x::decode(p, ctx, code),
        0x66 => fs_f::decode(p, ctx, code),
        0x69 => lirc::decode(p, ctx, code),
        0x70 => rtc::decode(p, ctx, code),
        0x89 => sock::decode(p, ctx, code),
        // FICLONE: a descriptor by value.
        0x94 => {
            code == libc::FICLONE as u32 && {
                p.int(i64::from(ctx.arg(2) as i32));
                true
            }
        }
        0xaa => uffdio::decode(p, ctx, code),
        0xab => nbd::decode(p, ctx, code),
        0xb4 => gpio::decode(p, ctx, code),
        0xb7 => nsfs::decode(p, ctx, code),
        _ => false,
    }
}

#[cfg(test)]
mod tests;
