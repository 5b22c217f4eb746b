//! msgctl, semctl and shmctl: the command (`IPC_64|IPC_STAT`), then the buffer as the command
//! defines it: the `*id_ds` struct IPC_SET reads at entry, the structs the STAT and INFO commands
//! fill at exit, or the address. Layouts are x86_64 glibc's (`struct ipc_perm` is 48 bytes).

use tracer_common::syscall::SyscallInfo;

use crate::decode::arrays::id;
use crate::decode::fields::Fields;
use crate::decode::peek::{self, At};
use crate::decode::printer::{Fmt, Group};
use crate::decode::tables::{MSGCTL_CMDS, SEMCTL_CMDS, SHMCTL_CMDS};
use crate::decode::xlat::{print_xlat, xval, Xlat};
use crate::decode::{Ctx, Printer};

/// `IPC_64`, which the old interface ORs into the command.
const IPC_64: u64 = 0x100;
const IPC_SET: u64 = 1;
const IPC_STAT: u64 = 2;
const IPC_INFO: u64 = 3;

/// The command, with `IPC_64|` when it is set (strace's `PRINTCTL`); returns it without IPC_64.
fn command<P: Printer + ?Sized>(p: &mut P, table: Xlat, value: u64, unknown: &str) -> u64 {
    let cmd = value & 0xffff_ffff;
    if cmd & IPC_64 != 0 {
        p.open(Group::Or);
        print_xlat(p, IPC_64, Some("IPC_64"), Fmt::Hex);
        xval(p, table, cmd & !IPC_64, unknown);
        p.close();
    } else {
        xval(p, table, cmd, unknown);
    }
    cmd & !IPC_64
}

/// What the buffer holds for a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Buf {
    /// The `*id_ds` struct: read at entry (IPC_SET) or filled at exit (the STAT commands).
    Ds,
    /// The INFO struct filled at exit (`IPC_INFO` and the call's own INFO command).
    Info,
    /// `SHM_INFO`'s `struct shm_info`.
    ShmInfo,
    /// Nothing read: the address.
    Addr,
}

/// The buffer argument `idx` for `cmd`, printed with `print` (strace splits the line before
/// an exit-time buffer).
fn buffer<P: Printer + ?Sized>(
    p: &mut P,
    ctx: &Ctx,
    idx: usize,
    cmd: u64,
    buf: Buf,
    print: &dyn Fn(&mut P, &Fields, Buf, u64),
) {
    let at = match buf {
        Buf::Addr => return p.addr(ctx.arg(idx)),
        Buf::Ds if cmd == IPC_SET => At::Entry,
        Buf::Ds | Buf::Info | Buf::ShmInfo => At::Exit,
    };
    if at == At::Exit {
        p.exit_part();
    }
    let size = struct_size(ctx.call.nr, buf);
    if let Some(bytes) = peek::umove(p, ctx, idx, size, at) {
        print(p, &Fields(bytes), buf, cmd);
    }
}

/// The bytes of the struct `buf` of call `nr`.
fn struct_size(nr: u64, buf: Buf) -> usize {
    use tracer_common::syscall::nr as n;
    match (nr, buf) {
        (n::MSGCTL, Buf::Ds) => 120,
        (n::MSGCTL, _) => 32,
        (n::SEMCTL, Buf::Ds) => 104,
        (n::SEMCTL, _) => 40,
        (_, Buf::Ds) => 112,
        (_, Buf::ShmInfo) => 48,
        _ => 72,
    }
}

/// `{uid=0, gid=0, mode=0600, key=0, cuid=0, cgid=0}` (IPC_SET: the first three).
fn ipc_perm<P: Printer + ?Sized>(p: &mut P, f: &Fields, cmd: u64) {
    p.open(Group::Struct);
    p.field("uid");
    id(p, f.u32(4));
    p.field("gid");
    id(p, f.u32(8));
    p.field("mode");
    p.oct(u64::from(f.u16(20)));
    if cmd != IPC_SET {
        p.field("key");
        p.uint(u64::from(f.u32(0)));
        p.field("cuid");
        id(p, f.u32(12));
        p.field("cgid");
        id(p, f.u32(16));
    }
    p.close();
}

fn field_u<P: Printer + ?Sized>(p: &mut P, name: &str, value: u64) {
    p.field(name);
    p.uint(value);
}

fn field_d<P: Printer + ?Sized>(p: &mut P, name: &str, value: i64) {
    p.field(name);
    p.int(value);
}

fn print_msg<P: Printer + ?Sized>(p: &mut P, f: &Fields, buf: Buf, cmd: u64) {
    p.open(Group::Struct);
    if buf == Buf::Ds {
        p.field("msg_perm");
        ipc_perm(p, f, cmd);
        if cmd != IPC_SET {
            field_u(p, "msg_stime", f.u64(48));
            field_u(p, "msg_rtime", f.u64(56));
            field_u(p, "msg_ctime", f.u64(64));
            field_u(p, "msg_qnum", f.u64(80));
        }
        field_u(p, "msg_qbytes", f.u64(88));
        if cmd != IPC_SET {
            field_d(p, "msg_lspid", i64::from(f.i32(96)));
            field_d(p, "msg_lrpid", i64::from(f.i32(100)));
        }
    } else {
        for (i, name) in
            ["msgpool", "msgmap", "msgmax", "msgmnb", "msgmni", "msgssz", "msgtql"].iter().enumerate()
        {
            field_d(p, name, i64::from(f.i32(i * 4)));
        }
        field_u(p, "msgseg", u64::from(f.u16(28)));
    }
    p.close();
}

fn print_sem<P: Printer + ?Sized>(p: &mut P, f: &Fields, buf: Buf, cmd: u64) {
    p.open(Group::Struct);
    if buf == Buf::Ds {
        p.field("sem_perm");
        ipc_perm(p, f, cmd);
        if cmd != IPC_SET {
            field_u(p, "sem_otime", f.u64(48));
            field_u(p, "sem_ctime", f.u64(64));
            field_u(p, "sem_nsems", f.u64(80));
        }
    } else {
        let names = [
            "semmap", "semmni", "semmns", "semmnu", "semmsl", "semopm", "semume", "semusz", "semvmx",
            "semaem",
        ];
        for (i, name) in names.iter().enumerate() {
            field_d(p, name, i64::from(f.i32(i * 4)));
        }
    }
    p.close();
}

fn print_shm<P: Printer + ?Sized>(p: &mut P, f: &Fields, buf: Buf, cmd: u64) {
    p.open(Group::Struct);
    match buf {
        Buf::Ds => {
            p.field("shm_perm");
            ipc_perm(p, f, cmd);
            if cmd != IPC_SET {
                field_u(p, "shm_segsz", f.u64(48));
                field_d(p, "shm_cpid", i64::from(f.i32(80)));
                field_d(p, "shm_lpid", i64::from(f.i32(84)));
                field_u(p, "shm_nattch", f.u64(88));
                field_u(p, "shm_atime", f.u64(56));
                field_u(p, "shm_dtime", f.u64(64));
                field_u(p, "shm_ctime", f.u64(72));
            }
        }
        Buf::ShmInfo => {
            field_d(p, "used_ids", i64::from(f.i32(0)));
            for (i, name) in
                ["shm_tot", "shm_rss", "shm_swp", "swap_attempts", "swap_successes"].iter().enumerate()
            {
                field_u(p, name, f.u64(8 + i * 8));
            }
        }
        _ => {
            for (i, name) in ["shmmax", "shmmin", "shmmni", "shmseg", "shmall"].iter().enumerate() {
                field_u(p, name, f.u64(i * 8));
            }
        }
    }
    p.close();
}

pub fn msgctl(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    p.int(i64::from(ctx.arg(0) as i32));
    let cmd = command(p, MSGCTL_CMDS, ctx.arg(1), "MSG_???");
    let buf = match cmd {
        IPC_SET | IPC_STAT | 11 | 13 => Buf::Ds,
        IPC_INFO | 12 => Buf::Info,
        _ => Buf::Addr,
    };
    buffer(p, ctx, 2, cmd, buf, &print_msg);
    true
}

pub fn semctl(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    p.int(i64::from(ctx.arg(0) as i32));
    p.int(i64::from(ctx.arg(1) as i32));
    let cmd = command(p, SEMCTL_CMDS, ctx.arg(2), "SEM_???");
    let buf = match cmd {
        IPC_SET | IPC_STAT | 18 | 20 => Buf::Ds,
        IPC_INFO | 19 => Buf::Info,
        _ => Buf::Addr,
    };
    buffer(p, ctx, 3, cmd, buf, &print_sem);
    true
}

pub fn shmctl(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    p.int(i64::from(ctx.arg(0) as i32));
    let cmd = command(p, SHMCTL_CMDS, ctx.arg(1), "SHM_???");
    let buf = match cmd {
        IPC_SET | IPC_STAT | 13 | 15 => Buf::Ds,
        IPC_INFO => Buf::Info,
        14 => Buf::ShmInfo,
        _ => Buf::Addr,
    };
    buffer(p, ctx, 2, cmd, buf, &print_shm);
    true
}
