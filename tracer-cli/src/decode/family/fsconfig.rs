//! fsconfig(2): what its key, value and aux arguments are depends on the command, as strace's
//! decoder reads them: strings, a path and a dirfd, binary data of aux bytes, or an fd.

use tracer_common::syscall::{nr, SyscallInfo};

use super::{CommandPaths, Paths, Rules};
use crate::decode::peek::{self, At};
use crate::decode::printer::Quote;
use crate::decode::tables::FSCONFIG_CMDS;
use crate::decode::xlat::xval;
use crate::decode::{dirfd, Ctx, Printer};

pub const RULES: &[Rules] = &[Rules {
    nr: nr::FSCONFIG,
    args: Some(fsconfig),
    // `-P`, as strace's pathtrace: the value path and the aux dirfd of the path commands, the aux
    // fd of SET_FD; never fs_fd.
    paths: Some(Paths::ByCommand {
        arg: 1,
        cases: &[
            CommandPaths { command: cmd::SET_PATH, fds: &[4], paths: &[3] },
            CommandPaths { command: cmd::SET_PATH_EMPTY, fds: &[4], paths: &[3] },
            CommandPaths { command: cmd::SET_FD, fds: &[4], paths: &[] },
        ],
    }),
    ..Rules::NONE
}];

/// fsconfig's commands (`FSCONFIG_*`).
mod cmd {
    pub const SET_FLAG: u64 = 0;
    pub const SET_STRING: u64 = 1;
    pub const SET_BINARY: u64 = 2;
    pub const SET_PATH: u64 = 3;
    pub const SET_PATH_EMPTY: u64 = 4;
    pub const SET_FD: u64 = 5;
}

/// strace's bound on the key and a string value (`printstr_ex(..., 256, QUOTE_0_TERMINATED)`).
const STRING_BOUND: u64 = 256;
/// The largest binary value strace prints (1 MiB); beyond, its address.
const BINARY_MAX: i32 = 1024 * 1024;

fn fsconfig(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    ctx.fd(p, ctx.arg(0) as i32);
    let command = ctx.arg(1);
    xval(p, FSCONFIG_CMDS, command, "FSCONFIG_???");
    if (cmd::SET_FLAG..=cmd::SET_FD).contains(&command) {
        peek::cstr(p, ctx, 2, STRING_BOUND, At::Entry);
    } else {
        p.addr(ctx.arg(2));
    }
    let aux = ctx.arg(4) as i32;
    match command {
        cmd::SET_STRING => peek::cstr(p, ctx, 3, STRING_BOUND, At::Entry),
        cmd::SET_PATH | cmd::SET_PATH_EMPTY => peek::path(p, ctx, 3, At::Entry),
        cmd::SET_BINARY if (0..=BINARY_MAX).contains(&aux) => {
            peek::strn_as(p, ctx, 3, aux as u64, At::Entry, false, Quote::Hex);
        }
        _ => p.addr(ctx.arg(3)),
    }
    match command {
        cmd::SET_PATH | cmd::SET_PATH_EMPTY => dirfd(p, ctx, aux as u32 as u64),
        cmd::SET_FD => ctx.fd(p, aux),
        _ => p.int(i64::from(aux)),
    }
    true
}
