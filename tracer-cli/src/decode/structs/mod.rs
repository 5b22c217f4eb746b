//! Structures copied from the tracee, printed as strace 6.1 prints them by default (abbreviated).
//! [`fits`] checks the length first: for a capture shorter than its struct, the caller prints the
//! address instead. `print` dispatches by kind; the structs of one topic have their own module:
//! files, processes, signal handling, the system's resources, times.

mod file;
mod process;
mod signal;
mod system;
pub(crate) mod time;

use tracer_common::syscall::Struct;

pub use self::file::{makedev, mode};
pub use self::process::{clone_args, clone_args_fits, wait_status};
pub use self::system::mq_attr;
pub use self::time::{clock_t, timespec, timeval};
use super::fields::Fields;
use super::printer::{Group, Printer};
use super::signals::sigset;
use super::{arrays, siginfo, Ctx};

/// Bytes of each struct this module decodes; [`Struct::size`] is what the backends copy.
fn needed(kind: Struct) -> usize {
    usize::from(kind.size())
}

/// Whether `bytes` hold a whole `kind` that [`print`] can decode.
pub fn fits(kind: Struct, bytes: &[u8]) -> bool {
    bytes.len() >= needed(kind)
        && match kind {
            Struct::Siginfo => bytes.len() >= siginfo::SIZE,
            Struct::CloneArgs => clone_args_fits(bytes, bytes.len() as u64),
            // Decoded by request in `ioctl`, by command in `fcntl` and `bpf`, by io_uring_setup, by
            // sched_setattr and sched_getattr.
            Struct::IoctlArg
            | Struct::FcntlArg
            | Struct::BpfAttr
            | Struct::IoUringParams
            | Struct::SchedAttr => false,
            _ => true,
        }
}

/// `kind` decoded from `bytes` (abbreviated, as strace without `-v`); `bytes` must [`fits`].
pub fn print<P: Printer + ?Sized>(p: &mut P, kind: Struct, bytes: &[u8]) {
    print_as(p, kind, bytes, &View::default());
}

/// [`print`] with the call's settings (`-v`, `-y`).
pub fn print_ctx<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, kind: Struct, bytes: &[u8]) {
    print_as(p, kind, bytes, &View { verbose: ctx.verbose, ctx: Some(ctx) });
}

/// An extensible `kind` of `size` bytes (the caller's size) from its known part `bytes`; `tail`
/// prints what follows the known members, inside the braces.
pub fn print_ext<P: Printer + ?Sized>(
    p: &mut P,
    ctx: &Ctx,
    kind: Struct,
    bytes: &[u8],
    size: u64,
    tail: &mut dyn FnMut(&mut P),
) {
    match kind {
        Struct::OpenHow => file::open_how_with(p, &Fields(bytes), tail),
        Struct::CloneArgs => clone_args(p, bytes, size, tail, &mut |p, addr, _| p.addr(addr)),
        Struct::MountAttr => {
            file::mount_attr(p, &Fields(bytes), &View { verbose: ctx.verbose, ctx: Some(ctx) }, tail)
        }
        _ => print_ctx(p, ctx, kind, bytes),
    }
}

/// What changes how a struct prints.
#[derive(Default)]
struct View<'a, 'b> {
    /// strace's `-v`: no `...` abbreviation.
    verbose: bool,
    /// For descriptors (`-y`).
    ctx: Option<&'a Ctx<'b>>,
}

impl View<'_, '_> {
    fn fd<P: Printer + ?Sized>(&self, p: &mut P, fd: i32) {
        match self.ctx {
            Some(ctx) => ctx.fd(p, fd),
            None => p.int(i64::from(fd)),
        }
    }
}

/// A member holding a signed or an unsigned number.
fn field_int<P: Printer + ?Sized>(p: &mut P, name: &str, value: i64) {
    p.field(name);
    p.int(value);
}

fn field_uint<P: Printer + ?Sized>(p: &mut P, name: &str, value: u64) {
    p.field(name);
    p.uint(value);
}

fn print_as<P: Printer + ?Sized>(p: &mut P, kind: Struct, bytes: &[u8], view: &View) {
    let f = Fields(bytes);
    match kind {
        Struct::Stat if view.verbose => file::stat_verbose(p, &f),
        Struct::Stat => file::stat(p, &f),
        Struct::Statx if view.verbose => file::statx_verbose(p, &f),
        Struct::Statx => file::statx(p, &f),
        Struct::Statfs => file::statfs(p, &f),
        Struct::Rlimit => system::rlimit(p, &f),
        Struct::Timespec => timespec(p, &f, 0),
        Struct::Timeval => timeval(p, &f, 0),
        Struct::Timespec32 => time::old32(p, &f, "tv_nsec"),
        Struct::Timeval32 => time::old32(p, &f, "tv_usec"),
        Struct::Utsname => system::utsname(p, bytes, view.verbose),
        Struct::Sigset => sigset(p, f.u64(0)),
        Struct::Sigaction => signal::sigaction(p, &f),
        Struct::WaitStatus => wait_status(p, f.u32(0)),
        Struct::Rusage => system::rusage(p, &f, view.verbose),
        Struct::Sysinfo => system::sysinfo(p, &f),
        Struct::Siginfo => {
            siginfo::print(p, bytes, view.ctx.map(|ctx| ctx.pids()).unwrap_or_default());
        }
        Struct::CloneArgs => {
            clone_args(p, bytes, bytes.len() as u64, &mut |_| {}, &mut |p, addr, _| p.addr(addr))
        }
        Struct::EpollEvent => arrays::epoll_event(p, &f),
        Struct::Pollfd => {
            p.open(Group::Struct);
            p.field("fd");
            view.fd(p, f.i32(0));
            field_uint(p, "events", u64::from(f.u16(4)));
            p.close();
        }
        Struct::FdPair => {
            p.open(Group::Array);
            view.fd(p, f.i32(0));
            view.fd(p, f.i32(4));
            p.close();
        }
        Struct::Int | Struct::SockLen | Struct::SchedParam => {
            p.open(Group::Array);
            p.int(i64::from(f.i32(0)));
            p.close();
        }
        Struct::Loff | Struct::Ulong | Struct::Ptr => {
            let value = f.u64(0);
            p.open(Group::Array);
            match kind {
                Struct::Loff => p.int(value as i64),
                Struct::Ulong => p.uint(value),
                _ => p.addr(value),
            }
            p.close();
        }
        Struct::TimeT => {
            let sec = f.u64(0) as i64;
            p.open(Group::Array);
            p.int(sec);
            crate::decode::timefmt::comment_nsec(p, sec, 0);
            p.close();
        }
        Struct::Tms => time::tms(p, &f),
        Struct::Itimerval => time::itimerval(p, &f),
        Struct::Itimerspec => time::itimerspec(p, &f),
        Struct::TimespecPair => time::timespec_pair(p, &f),
        Struct::StackT => signal::stack_t(p, &f),
        Struct::OpenHow => file::open_how(p, &f),
        Struct::MountAttr => file::mount_attr(p, &f, view, &mut |_| {}),
        // Printed with the set it points to by `decode::sigset_args`; alone, its members.
        Struct::SigsetArgs => {
            p.open(Group::Struct);
            p.field("sigmask");
            p.addr(f.u64(0));
            p.field("sigsetsize");
            p.uint(f.u64(8));
            p.close();
        }
        Struct::KexecSegment => arrays::kexec_segment(p, &f),
        Struct::FutexWaitv => arrays::futex_waitv(p, &f),
        Struct::LandlockRulesetAttr => {
            p.open(Group::Struct);
            p.field("handled_access_fs");
            super::xlat::flags(p, super::tables::LANDLOCK_ACCESS_FS, f.u64(0), "LANDLOCK_ACCESS_FS_???");
            p.close();
        }
        Struct::LandlockPathBeneathAttr => {
            p.open(Group::Struct);
            p.field("allowed_access");
            super::xlat::flags(p, super::tables::LANDLOCK_ACCESS_FS, f.u64(0), "LANDLOCK_ACCESS_FS_???");
            p.field("parent_fd");
            view.fd(p, f.i32(8));
            p.close();
        }
        Struct::KcmpEpollSlot => {
            p.open(Group::Struct);
            p.field("efd");
            view.fd(p, f.i32(0));
            p.field("tfd");
            view.fd(p, f.i32(4));
            field_uint(p, "toff", u64::from(f.u32(8)));
            p.close();
        }
        Struct::CpuSetByte => {
            let byte = u64::from(f.u8(0));
            p.open(Group::Array);
            p.formatted(byte, &format!("{byte:#x}"));
            p.close();
        }
        Struct::Sembuf => arrays::sembuf(p, &f),
        Struct::Sigevent => signal::sigevent(p, &f),
        Struct::TimevalPair => time::timeval_pair(p, &f),
        Struct::Utimbuf => time::utimbuf(p, &f),
        Struct::Timezone => time::timezone(p, &f),
        Struct::IovecAddr => arrays::iovec_addr(p, &f),
        Struct::MqAttr => system::mq_attr(p, &f, true),
        // `fits` refuses them: decoded by request in `ioctl`, by command in `fcntl`.
        Struct::IoctlArg | Struct::FcntlArg | Struct::BpfAttr | Struct::IoUringParams | Struct::SchedAttr => {
            p.addr(0)
        }
    }
}

#[cfg(test)]
mod tests;
