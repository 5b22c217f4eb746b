//! add_key, request_key and keyctl, as strace 6.1 prints them: key serial numbers with their
//! `KEY_SPEC_*` names, descriptions and payloads, and keyctl's arguments by command (strings and
//! buffers from the peek captures; the buffers DESCRIBE, READ and GET_SECURITY fill, at exit).
//! INSTANTIATE_IOV's iovecs come from the peek capture, the contents of the first
//! `deref::KEYCTL_IOVS` from deref captures; the crypto commands are in [`crypto`].

use tracer_common::capture::{deref, part};
use tracer_common::syscall::{nr, ArgKind, SyscallInfo};

use super::Rules;
use crate::decode::arrays::{self, id, Array};
use crate::decode::errno;
use crate::decode::iov::{self, Contents};
use crate::decode::peek::{self, At};
use crate::decode::printer::Fmt;
use crate::decode::tables::{
    KEYCTL_CAPS0, KEYCTL_CAPS1, KEYCTL_COMMANDS, KEYCTL_MOVE_FLAGS, KEY_PERMS, KEY_REQKEYS, KEY_SPEC,
};
use crate::decode::xlat::{flags, lookup, xval};
use crate::decode::{arg, Ctx, Printer};

mod crypto;

pub const RULES: &[Rules] = &[
    Rules { nr: nr::ADD_KEY, args: Some(add_key), ..Rules::NONE },
    Rules { nr: nr::REQUEST_KEY, args: Some(request_key), ..Rules::NONE },
    Rules { nr: nr::KEYCTL, args: Some(keyctl), ..Rules::NONE },
];

/// A key serial number: `KEY_SPEC_THREAD_KEYRING`, or signed decimal.
fn serial<P: Printer + ?Sized>(p: &mut P, value: u64) {
    let v = i64::from(value as i32);
    p.constant(v as u64, lookup(KEY_SPEC, v as u64), Fmt::Signed, "");
}

fn add_key(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    arg(p, ctx, info, 0, ArgKind::Str);
    arg(p, ctx, info, 1, ArgKind::Str);
    peek::strn(p, ctx, 2, ctx.arg(3), At::Entry, false);
    p.uint(ctx.arg(3));
    serial(p, ctx.arg(4));
    true
}

fn request_key(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    for idx in 0..3 {
        arg(p, ctx, info, idx, ArgKind::Str);
    }
    serial(p, ctx.arg(3));
    true
}

/// keyctl's commands (`KEYCTL_*`) that have a rule here.
mod cmd {
    pub const GET_KEYRING_ID: u64 = 0;
    pub const JOIN_SESSION_KEYRING: u64 = 1;
    pub const UPDATE: u64 = 2;
    pub const REVOKE: u64 = 3;
    pub const CHOWN: u64 = 4;
    pub const SETPERM: u64 = 5;
    pub const DESCRIBE: u64 = 6;
    pub const CLEAR: u64 = 7;
    pub const LINK: u64 = 8;
    pub const UNLINK: u64 = 9;
    pub const SEARCH: u64 = 10;
    pub const READ: u64 = 11;
    pub const INSTANTIATE: u64 = 12;
    pub const NEGATE: u64 = 13;
    pub const SET_REQKEY_KEYRING: u64 = 14;
    pub const SET_TIMEOUT: u64 = 15;
    pub const ASSUME_AUTHORITY: u64 = 16;
    pub const GET_SECURITY: u64 = 17;
    pub const SESSION_TO_PARENT: u64 = 18;
    pub const REJECT: u64 = 19;
    pub const INSTANTIATE_IOV: u64 = 20;
    pub const INVALIDATE: u64 = 21;
    pub const GET_PERSISTENT: u64 = 22;
    pub const DH_COMPUTE: u64 = 23;
    pub const PKEY_QUERY: u64 = 24;
    pub const PKEY_ENCRYPT: u64 = 25;
    pub const PKEY_DECRYPT: u64 = 26;
    pub const PKEY_SIGN: u64 = 27;
    pub const PKEY_VERIFY: u64 = 28;
    pub const RESTRICT_KEYRING: u64 = 29;
    pub const MOVE: u64 = 30;
    pub const CAPABILITIES: u64 = 31;
}

fn keyctl(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    let command = ctx.arg(0) & 0xffff_ffff;
    let (a2, a3, a4, a5) = (ctx.arg(1), ctx.arg(2), ctx.arg(3), ctx.arg(4));
    xval(p, KEYCTL_COMMANDS, command, "KEYCTL_???");
    let string = |p: &mut dyn Printer, idx: usize| peek::cstr(p, ctx, idx, u64::MAX, At::Entry);
    match command {
        cmd::SESSION_TO_PARENT => {}
        cmd::GET_KEYRING_ID => {
            serial(p, a2);
            p.int(i64::from(a3 as i32));
        }
        cmd::JOIN_SESSION_KEYRING => string(p, 1),
        cmd::UPDATE => {
            serial(p, a2);
            peek::strn(p, ctx, 2, a4, At::Entry, false);
            p.uint(a4);
        }
        cmd::REVOKE | cmd::CLEAR | cmd::INVALIDATE | cmd::ASSUME_AUTHORITY => serial(p, a2),
        cmd::LINK | cmd::UNLINK => {
            serial(p, a2);
            serial(p, a3);
        }
        cmd::DESCRIBE | cmd::READ | cmd::GET_SECURITY => {
            serial(p, a2);
            p.exit_part();
            match ctx.ok_ret() {
                Some(ret) => {
                    let shown = if ret >= 0 && ret as u64 > a4 { a4 } else { ret as u64 };
                    peek::strn(p, ctx, 2, shown, At::Exit, command != cmd::READ);
                }
                None => p.addr(a3),
            }
            p.uint(a4);
        }
        cmd::SEARCH => {
            serial(p, a2);
            string(p, 2);
            string(p, 3);
            serial(p, a5);
        }
        cmd::CHOWN => {
            serial(p, a2);
            id(p, a3 as u32);
            id(p, a4 as u32);
        }
        cmd::SETPERM => {
            serial(p, a2);
            flags(p, KEY_PERMS, a3 & 0xffff_ffff, "KEY_???");
        }
        cmd::INSTANTIATE => {
            serial(p, a2);
            peek::strn(p, ctx, 2, a4, At::Entry, false);
            p.uint(a4);
            serial(p, a5);
        }
        cmd::NEGATE => {
            serial(p, a2);
            p.uint(a3 & 0xffff_ffff);
            serial(p, a4);
        }
        cmd::SET_REQKEY_KEYRING => {
            let v = i64::from(a2 as i32) as u64;
            p.constant(v, lookup(KEY_REQKEYS, v), Fmt::Signed, "KEY_REQKEY_DEFL_???");
        }
        cmd::SET_TIMEOUT => {
            serial(p, a2);
            p.uint(a3 & 0xffff_ffff);
        }
        cmd::REJECT => {
            serial(p, a2);
            p.uint(a3 & 0xffff_ffff);
            errno::print_err(p, (a4 & 0xffff_ffff) as i64, false);
            serial(p, a5);
        }
        cmd::GET_PERSISTENT => {
            id(p, a2 as u32);
            serial(p, a3);
        }
        cmd::RESTRICT_KEYRING => {
            serial(p, a2);
            string(p, 2);
            string(p, 3);
        }
        cmd::MOVE => {
            serial(p, a2);
            serial(p, a3);
            serial(p, a4);
            flags(p, KEYCTL_MOVE_FLAGS, a5 & 0xffff_ffff, "KEYCTL_MOVE_???");
        }
        cmd::CAPABILITIES => capabilities(p, ctx),
        cmd::INSTANTIATE_IOV => {
            serial(p, a2);
            let array = peek::capture(ctx, 2, At::Entry);
            let element = |at: u16| {
                let index = at.checked_sub(part::ELEMENT).filter(|&i| usize::from(i) < deref::KEYCTL_IOVS)?;
                ctx.entry_part(2, deref::part_for(index * iov::IOVEC_SIZE as u16))
            };
            iov::print(p, ctx, a3, a4, array, element, Contents::Strings(None));
            p.uint(a4);
            serial(p, a5);
        }
        cmd::DH_COMPUTE => crypto::dh_compute(p, ctx),
        cmd::PKEY_QUERY => crypto::pkey_query(p, ctx),
        cmd::PKEY_ENCRYPT | cmd::PKEY_DECRYPT | cmd::PKEY_SIGN => crypto::pkey_op(p, ctx, true),
        cmd::PKEY_VERIFY => crypto::pkey_op(p, ctx, false),
        _ => {
            for value in [a2, a3, a4, a5] {
                p.hex(value);
            }
        }
    }
    true
}

/// KEYCTL_CAPABILITIES, at exit: the bytes the call filled (`KEYCTL_CAPS0_*`, `KEYCTL_CAPS1_*`,
/// then hex), and the buffer's length.
fn capabilities(p: &mut dyn Printer, ctx: &Ctx) {
    let (buf, len) = (ctx.arg(1), ctx.arg(2));
    p.exit_part();
    match ctx.ok_ret() {
        Some(ret) => {
            let count = len.min(ret as u64);
            let arr = Array { addr: buf, count, elem: 1, capture: ctx.exit(1) };
            let mut pos = 0;
            arrays::print(p, ctx, arr, |p, byte| {
                let value = u64::from(byte[0]);
                match pos {
                    0 => flags(p, KEYCTL_CAPS0, value, "KEYCTL_CAPS0_???"),
                    1 => flags(p, KEYCTL_CAPS1, value, "KEYCTL_CAPS1_???"),
                    _ => p.hex(value),
                }
                pos += 1;
            });
        }
        None => p.addr(buf),
    }
    p.uint(len);
}

#[cfg(test)]
mod tests {
    use tracer_common::syscall::nr;

    use crate::decode::family::strace_line;
    use crate::decode::XlatStyle::{Abbrev, Verbose};

    #[test]
    fn serials_and_commands() {
        let line = |args: &[u64], style| strace_line(nr::KEYCTL, args, -1, style);
        assert_eq!(
            line(&[0, u64::MAX, 1, 0, 0], Abbrev),
            "keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_THREAD_KEYRING, 1) = -1 EPERM (Operation not permitted)"
        );
        assert_eq!(
            line(&[8, 1234, (-3i64) as u64, 0, 0], Verbose),
            "keyctl(0x8 /* KEYCTL_LINK */, 1234, -3 /* KEY_SPEC_SESSION_KEYRING */) = -1 EPERM (Operation not permitted)"
        );
        assert_eq!(
            line(&[0xface, 1, 2, 3, 4], Abbrev),
            "keyctl(0xface /* KEYCTL_??? */, 0x1, 0x2, 0x3, 0x4) = -1 EPERM (Operation not permitted)"
        );
    }

    #[test]
    fn crypto_commands_without_memory() {
        let line = |args: &[u64]| strace_line(nr::KEYCTL, args, -1, Abbrev);
        assert_eq!(
            line(&[23, 0, 0, 1, 0]),
            "keyctl(KEYCTL_DH_COMPUTE, NULL, NULL, 1, NULL) = -1 EPERM (Operation not permitted)"
        );
        assert_eq!(
            line(&[25, 0, 0, 0, 0]),
            "keyctl(KEYCTL_PKEY_ENCRYPT, NULL, NULL, NULL, NULL) = -1 EPERM (Operation not permitted)"
        );
        assert_eq!(
            line(&[24, (-1i64) as u64, 0, 0, 0]),
            "keyctl(KEYCTL_PKEY_QUERY, KEY_SPEC_THREAD_KEYRING, 0, NULL, NULL) = -1 EPERM (Operation not permitted)"
        );
        assert_eq!(
            line(&[20, 5, 0, 2, 0]),
            "keyctl(KEYCTL_INSTANTIATE_IOV, 5, NULL, 2, 0) = -1 EPERM (Operation not permitted)"
        );
    }
}
