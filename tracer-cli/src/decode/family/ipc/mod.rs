//! SysV IPC, as strace 6.1 prints it: keys (`IPC_PRIVATE`), creation flags with their mode
//! (`IPC_CREAT|0600`), semop's sembufs, msgsnd's and msgrcv's `struct msgbuf`, shmat's flags, and
//! the `*ctl` calls' structs by command (in [`ctl`]). Memory behind the multiplexed arguments comes
//! from their peek captures.

mod ctl;

use tracer_common::syscall::{nr, ArgKind, SyscallInfo};

use super::Rules;
use crate::decode::peek::{self, At};
use crate::decode::printer::{Fmt, Group, Quote};
use crate::decode::strings;
use crate::decode::tables::{IPC_MSG_FLAGS, IPC_PRIVATE, IPC_RESOURCE_FLAGS, SHM_FLAGS, SHM_RESOURCE_FLAGS};
use crate::decode::xlat::{flags, flags_ex, print_xlat, xval};
use crate::decode::{arg, Ctx, Printer};

pub const RULES: &[Rules] = &[
    Rules { nr: nr::MSGGET, args: Some(msgget), ..Rules::NONE },
    Rules { nr: nr::SEMGET, args: Some(semget), ..Rules::NONE },
    Rules { nr: nr::SHMGET, args: Some(shmget), ..Rules::NONE },
    Rules { nr: nr::MSGSND, args: Some(msgsnd), ..Rules::NONE },
    Rules { nr: nr::MSGRCV, args: Some(msgrcv), ..Rules::NONE },
    Rules { nr: nr::SHMAT, args: Some(shmat), ..Rules::NONE },
    Rules { nr: nr::MSGCTL, args: Some(ctl::msgctl), ..Rules::NONE },
    Rules { nr: nr::SEMCTL, args: Some(ctl::semctl), ..Rules::NONE },
    Rules { nr: nr::SHMCTL, args: Some(ctl::shmctl), ..Rules::NONE },
];

/// A key: `IPC_PRIVATE`, or its number in hex.
fn key<P: Printer + ?Sized>(p: &mut P, value: u64) {
    xval(p, IPC_PRIVATE, value & 0xffff_ffff, "");
}

/// msgget's and semget's flags: the resource flags, then the mode (`IPC_CREAT|IPC_EXCL|0600`).
fn resource_flags<P: Printer + ?Sized>(p: &mut P, value: u64) {
    let value = value & 0xffff_ffff;
    p.open(Group::Or);
    // A zero prints nothing (strace's `printflags` with no default), and no `|` after it.
    if value & !0o777 != 0 {
        flags_ex(p, &[IPC_RESOURCE_FLAGS], value & !0o777, None);
    }
    p.oct(value & 0o777);
    p.close();
}

fn msgget(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    key(p, ctx.arg(0));
    resource_flags(p, ctx.arg(1));
    true
}

fn semget(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    key(p, ctx.arg(0));
    p.int(i64::from(ctx.arg(1) as i32));
    resource_flags(p, ctx.arg(2));
    true
}

/// `SHM_HUGE_SHIFT` and `SHM_HUGE_MASK`: shmget's huge page size, as a power of two.
const SHM_HUGE_SHIFT: u32 = 26;
const SHM_HUGE_MASK: u64 = 0x3f;

fn shmget(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    key(p, ctx.arg(0));
    p.uint(ctx.arg(1));
    let value = ctx.arg(2) & 0xffff_ffff;
    let huge = value & (SHM_HUGE_MASK << SHM_HUGE_SHIFT);
    let rest = value & !0o777 & !huge;
    p.open(Group::Or);
    if rest != 0 {
        flags_ex(p, &[SHM_RESOURCE_FLAGS], rest, None);
    }
    if huge != 0 {
        p.open(Group::Expr);
        p.uint(huge >> SHM_HUGE_SHIFT);
        p.raw("<<");
        print_xlat(p, u64::from(SHM_HUGE_SHIFT), Some("SHM_HUGE_SHIFT"), Fmt::Unsigned);
        p.close();
    }
    p.oct(value & 0o777);
    p.close();
    true
}

/// `{mtype=1, mtext="..."}`: a `struct msgbuf` with `count` bytes of text (strace's
/// `tprint_msgbuf`); the address when its first 16 bytes cannot be read, the text's address when
/// the text cannot.
fn msgbuf<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, count: u64, at: At) {
    let Some(bytes) = peek::umove(p, ctx, 1, 16, at) else { return };
    let mut mtype = [0; 8];
    mtype.copy_from_slice(&bytes[..8]);
    p.open(Group::Struct);
    p.field("mtype");
    p.int(i64::from_le_bytes(mtype));
    p.field("mtext");
    let all = match at {
        At::Entry => ctx.entry(1),
        At::Exit => ctx.exit(1),
    }
    .map_or(&[][..], |c| &c.bytes[..]);
    let text = all.get(8..).unwrap_or(&[]);
    // strace reads one byte past `-s` (when the text is longer), all or nothing.
    let need = usize::try_from(count.min(u64::from(ctx.strlen) + 1)).unwrap_or(usize::MAX);
    match text.get(..need) {
        Some(read) => strings::buffer(p, read, count, ctx.strlen, false, Quote::Text),
        None => p.addr(ctx.arg(1).wrapping_add(8)),
    }
    p.close();
}

fn msgsnd(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    p.int(i64::from(ctx.arg(0) as i32));
    msgbuf(p, ctx, ctx.arg(2), At::Entry);
    p.uint(ctx.arg(2));
    flags(p, IPC_MSG_FLAGS, ctx.arg(3) & 0xffff_ffff, "MSG_???");
    true
}

/// msgrcv: the message is printed at exit, and the arguments after it with it.
fn msgrcv(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    p.int(i64::from(ctx.arg(0) as i32));
    p.exit_part();
    msgbuf(p, ctx, ctx.arg(2), At::Exit);
    p.uint(ctx.arg(2));
    p.int(ctx.arg(3) as i64);
    flags(p, IPC_MSG_FLAGS, ctx.arg(4) & 0xffff_ffff, "MSG_???");
    true
}

fn shmat(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    p.int(i64::from(ctx.arg(0) as i32));
    arg(p, ctx, info, 1, ArgKind::Ptr);
    flags(p, SHM_FLAGS, ctx.arg(2) & 0xffff_ffff, "SHM_???");
    true
}

#[cfg(test)]
mod tests {
    use tracer_common::syscall::nr;

    use crate::decode::family::strace_line;
    use crate::decode::XlatStyle::{Abbrev, Raw};

    #[test]
    fn keys_and_flags() {
        assert_eq!(strace_line(nr::MSGGET, &[0, 0o600], 3, Abbrev), "msgget(IPC_PRIVATE, 0600) = 3");
        assert_eq!(
            strace_line(nr::SEMGET, &[0xfdb9_7531, 1, 0o1600], 3, Abbrev),
            "semget(0xfdb97531, 1, IPC_CREAT|0600) = 3"
        );
        assert_eq!(
            strace_line(nr::SHMGET, &[0, 1, (21 << 26) | 0o125], 3, Abbrev),
            "shmget(IPC_PRIVATE, 1, 21<<SHM_HUGE_SHIFT|0125) = 3"
        );
        assert_eq!(
            strace_line(nr::SHMGET, &[0, 1, (21 << 26) | 0o125], 3, Raw),
            "shmget(0, 1, 21<<26|0125) = 3"
        );
        assert_eq!(
            strace_line(nr::SHMAT, &[1, 0, 0x1000], 0x1000, Abbrev),
            "shmat(1, NULL, SHM_RDONLY) = 0x1000"
        );
    }
}
