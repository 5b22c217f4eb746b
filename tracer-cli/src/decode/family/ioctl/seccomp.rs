//! seccomp user-notification requests (type `'!'`), as strace 6.1's `seccomp_ioctl`: the
//! notification received (`{id=0x1, pid=42, flags=0, data={nr=__NR_gettid, arch=AUDIT_ARCH_X86_64,
//! ...}}`, shown at entry too when the caller filled it in), the response sent (`{id=0x1, val=0, error=-ENOSR, flags=SECCOMP_USER_NOTIF_FLAG_CONTINUE}`), the id checked
//! (`[0x1]`) and the descriptor added (`{id=0x1, flags=SECCOMP_ADDFD_FLAG_SETFD, srcfd=3, ...}`).

use tracer_common::syscall;

use super::arg::{object, When};
use crate::decode::errno::print_err;
use crate::decode::fields::Fields;
use crate::decode::pids::PidType;
use crate::decode::printer::{Group, Printer, XlatStyle};
use crate::decode::tables::{
    AUDIT_ARCH, OPEN_MODE_FLAGS, SECCOMP_IOCTL_ADDFD_FLAGS, SECCOMP_IOCTL_RESP_FLAGS,
};
use crate::decode::xlat::{flags, xval};
use crate::decode::Ctx;

/// SECCOMP_IOCTL_NOTIF_RECV (`_IOWR('!', 0, struct seccomp_notif)`).
const NOTIF_RECV: u32 = 0xc050_2100;
/// Bytes of `struct seccomp_notif`.
const NOTIF_SIZE: usize = 80;
/// `AUDIT_ARCH_X86_64`: the architecture whose syscall names tracer knows.
const ARCH_X86_64: u32 = 0xc000_003e;

/// SECCOMP_IOCTL_NOTIF_SEND (`_IOWR('!', 1, struct seccomp_notif_resp)`).
const NOTIF_SEND: u32 = 0xc018_2101;
/// SECCOMP_IOCTL_NOTIF_ID_VALID (`_IOW('!', 2, __u64)`), and the `_IOR` number older kernels used.
const NOTIF_ID_VALID: u32 = 0x4008_2102;
const NOTIF_ID_VALID_WRONG_DIR: u32 = 0x8008_2102;
/// SECCOMP_IOCTL_NOTIF_ADDFD (`_IOW('!', 3, struct seccomp_notif_addfd)`).
const NOTIF_ADDFD: u32 = 0x4018_2103;

/// seccomp notification requests (`seccomp_ioctl`); all are read at entry.
pub fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    match code {
        NOTIF_RECV => notif_recv(p, ctx),
        NOTIF_SEND => {
            let Some(f) = object(p, ctx, When::In, 24) else { return true };
            p.open(Group::Struct);
            p.field("id");
            p.hex(f.u64(0));
            p.field("val");
            p.int(f.i64(8));
            p.field("error");
            print_err(p, i64::from(f.i32(16)), true);
            p.field("flags");
            flags(p, SECCOMP_IOCTL_RESP_FLAGS, u64::from(f.u32(20)), "SECCOMP_USER_NOTIF_FLAG_???");
            p.close();
        }
        NOTIF_ID_VALID | NOTIF_ID_VALID_WRONG_DIR => {
            let Some(f) = object(p, ctx, When::In, 8) else { return true };
            p.open(Group::Array);
            p.hex(f.u64(0));
            p.close();
        }
        NOTIF_ADDFD => {
            let Some(f) = object(p, ctx, When::In, 24) else { return true };
            p.open(Group::Struct);
            p.field("id");
            p.hex(f.u64(0));
            p.field("flags");
            flags(p, SECCOMP_IOCTL_ADDFD_FLAGS, u64::from(f.u32(8)), "SECCOMP_ADDFD_FLAG_???");
            p.field("srcfd");
            ctx.fd(p, f.i32(12));
            p.field("newfd");
            p.int(i64::from(f.i32(16)));
            p.field("newfd_flags");
            flags(p, OPEN_MODE_FLAGS, u64::from(f.u32(20)), "O_???");
            p.close();
        }
        _ => return false,
    }
    true
}

/// SECCOMP_IOCTL_NOTIF_RECV: a notification the caller filled in (anything but zeros) is shown at
/// entry and then ` => ` what the call left; a zeroed one only at exit; the address where the
/// memory could not be read or the call failed.
fn notif_recv<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let Some(before) = object(p, ctx, When::In, NOTIF_SIZE) else { return };
    let filled = before.0[..NOTIF_SIZE].iter().any(|&b| b != 0);
    if filled {
        p.open(Group::Changed);
        notif(p, ctx, &before);
    }
    p.exit_part();
    if let Some(after) = object(p, ctx, When::Out, NOTIF_SIZE) {
        notif(p, ctx, &after);
    }
    if filled {
        p.close();
    }
}

/// A `struct seccomp_notif`.
fn notif<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, f: &Fields) {
    p.open(Group::Struct);
    p.field("id");
    p.hex(f.u64(0));
    p.field("pid");
    ctx.pid(p, f.i32(8), PidType::Tgid);
    p.field("flags");
    p.hex(u64::from(f.u32(12)));
    p.field("data");
    p.open(Group::Struct);
    let (nr, arch) = (f.u32(16), f.u32(20));
    p.field("nr");
    syscall_name(p, nr, arch);
    p.field("arch");
    xval(p, AUDIT_ARCH, u64::from(arch), "AUDIT_ARCH_???");
    p.field("instruction_pointer");
    p.addr(f.u64(24));
    p.field("args");
    p.open(Group::Array);
    for i in 0..6 {
        p.hex(f.u64(32 + i * 8));
    }
    p.close();
    p.close();
    p.close();
}

/// A syscall number of architecture `arch` (strace's `PRINT_FIELD_SYSCALL_NAME`): `__NR_gettid`
/// for a known x86_64 call (`186` raw, `186 /* __NR_gettid */` verbose), else the number.
fn syscall_name<P: Printer + ?Sized>(p: &mut P, nr: u32, arch: u32) {
    let name = (arch == ARCH_X86_64).then(|| syscall::info(u64::from(nr))).flatten().map(|info| info.name);
    let style = p.style();
    match name {
        Some(name) if style != XlatStyle::Raw => {
            let text = format!("__NR_{name}");
            if style == XlatStyle::Verbose {
                p.uint(u64::from(nr));
                p.comment(&text);
            } else {
                p.formatted(u64::from(nr), &text);
            }
        }
        _ => p.uint(u64::from(nr)),
    }
}
