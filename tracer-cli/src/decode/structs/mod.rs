//! Structures copied from the tracee, printed as strace 6.1 prints them by default (abbreviated).
//! [`fits`] checks the length first: for a capture shorter than its struct, the caller prints the
//! address instead.

use tracer_common::syscall::Struct;

use super::fields::Fields;
use super::printer::{Fmt, Group, Printer};
use super::signals::{self, sigset};
use super::tables::{
    CLONE3_FLAGS, CLONE_FLAGS, FILE_TYPES, FS_MAGIC, RESOLVE_FLAGS, SA_FLAGS, SA_HANDLERS, SIGALTSTACK_FLAGS,
    STATFS_FLAGS, STATX_ATTRS, STATX_MASK, UTIME_NSEC,
};
use super::xlat::{composite, composite_with, flags, lookup, names, print_xlat};
use super::{arrays, siginfo, strings, timefmt, Ctx};

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
            // Decoded by request in `ioctl`.
            Struct::IoctlArg => false,
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
        Struct::Stat if view.verbose => stat_verbose(p, &f),
        Struct::Stat => stat(p, &f),
        Struct::Statx if view.verbose => statx_verbose(p, &f),
        Struct::Statx => statx(p, &f),
        Struct::Statfs => statfs(p, &f),
        Struct::Rlimit => {
            p.open(Group::Struct);
            p.field("rlim_cur");
            rlim(p, f.u64(0));
            p.field("rlim_max");
            rlim(p, f.u64(8));
            p.close();
        }
        Struct::Timespec => timespec(p, &f, 0),
        Struct::Timeval => timeval(p, &f, 0),
        Struct::Utsname => {
            let name = |p: &mut P, field: &str, at: usize| {
                p.field(field);
                strings::path(p, strings::until_nul(&bytes[at..at + 65]), false);
            };
            p.open(Group::Struct);
            name(p, "sysname", 0);
            name(p, "nodename", 65);
            if view.verbose {
                for (field, at) in [("release", 130), ("version", 195), ("machine", 260), ("domainname", 325)]
                {
                    name(p, field, at);
                }
            } else {
                p.more();
            }
            p.close();
        }
        Struct::Sigset => sigset(p, f.u64(0)),
        Struct::Sigaction => sigaction(p, &f),
        Struct::WaitStatus => wait_status(p, f.u32(0)),
        Struct::Rusage => rusage(p, &f, view.verbose),
        Struct::Sysinfo => sysinfo(p, &f),
        Struct::Siginfo => {
            siginfo::print(p, bytes);
        }
        Struct::CloneArgs => clone_args(p, bytes, bytes.len() as u64),
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
        Struct::Tms => {
            p.open(Group::Struct);
            for (i, name) in ["tms_utime", "tms_stime", "tms_cutime", "tms_cstime"].iter().enumerate() {
                p.field(name);
                clock_t(p, f.u64(i * 8));
            }
            p.close();
        }
        Struct::Itimerval => {
            p.open(Group::Struct);
            p.field("it_interval");
            timeval(p, &f, 0);
            p.field("it_value");
            timeval(p, &f, 16);
            p.close();
        }
        Struct::Itimerspec => {
            p.open(Group::Struct);
            p.field("it_interval");
            timespec(p, &f, 0);
            p.field("it_value");
            timespec(p, &f, 16);
            p.close();
        }
        Struct::TimespecPair => {
            p.open(Group::Array);
            utime_timespec(p, &f, 0);
            utime_timespec(p, &f, 16);
            p.close();
        }
        Struct::StackT => {
            p.open(Group::Struct);
            p.field("ss_sp");
            p.addr(f.u64(0));
            p.field("ss_flags");
            flags(p, SIGALTSTACK_FLAGS, u64::from(f.u32(8)), "SS_???");
            field_uint(p, "ss_size", f.u64(16));
            p.close();
        }
        Struct::OpenHow => open_how(p, &f),
        Struct::CpuSetByte => {
            let byte = u64::from(f.u8(0));
            p.open(Group::Array);
            p.formatted(byte, &format!("{byte:#x}"));
            p.close();
        }
        // `fits` refuses it: decoded by request in `ioctl`.
        Struct::IoctlArg => p.addr(0),
    }
}

/// `{tv_sec=1, tv_nsec=2}` at `at`.
pub fn timespec<P: Printer + ?Sized>(p: &mut P, f: &Fields, at: usize) {
    p.open(Group::Struct);
    field_int(p, "tv_sec", f.i64(at));
    field_uint(p, "tv_nsec", f.u64(at + 8));
    p.close();
}

/// `{tv_sec=1, tv_usec=2}` at `at`.
pub fn timeval<P: Printer + ?Sized>(p: &mut P, f: &Fields, at: usize) {
    p.open(Group::Struct);
    field_int(p, "tv_sec", f.i64(at));
    field_uint(p, "tv_usec", f.u64(at + 8));
    p.close();
}

/// utimensat's timespec: `UTIME_NOW`, `UTIME_OMIT`, or the time with a calendar comment.
fn utime_timespec<P: Printer + ?Sized>(p: &mut P, f: &Fields, at: usize) {
    let nsec = f.u64(at + 8);
    match lookup(UTIME_NSEC, nsec) {
        Some(name) => p.name(name),
        None => {
            timespec(p, f, at);
            timefmt::comment_nsec(p, f.i64(at), nsec);
        }
    }
}

/// A `clock_t` count of ticks: `4 /* 0.04 s */` (zero has no comment).
pub fn clock_t<P: Printer + ?Sized>(p: &mut P, ticks: u64) {
    p.uint(ticks);
    if ticks > 0 {
        let hz = clock_ticks();
        let width = hz.ilog10() as usize;
        let frac = (ticks % hz) as f64 / hz as f64;
        let text = format!("{frac:.width$}");
        // `0.05` → the digits after the point; a fraction rounding up to `1.00` keeps `00`.
        let digits = text.split_once('.').map_or("", |(_, d)| d);
        if width == 0 {
            p.comment(&format!("{}. s", ticks / hz));
        } else {
            p.comment(&format!("{}.{digits} s", ticks / hz));
        }
    }
}

/// `sysconf(_SC_CLK_TCK)`: USER_HZ, 100 on every Linux x86_64.
fn clock_ticks() -> u64 {
    100
}

/// `struct rusage`: the two times, then `...` unless verbose.
fn rusage<P: Printer + ?Sized>(p: &mut P, f: &Fields, verbose: bool) {
    p.open(Group::Struct);
    p.field("ru_utime");
    timeval(p, f, 0);
    p.field("ru_stime");
    timeval(p, f, 16);
    if verbose {
        const NAMES: [&str; 14] = [
            "ru_maxrss",
            "ru_ixrss",
            "ru_idrss",
            "ru_isrss",
            "ru_minflt",
            "ru_majflt",
            "ru_nswap",
            "ru_inblock",
            "ru_oublock",
            "ru_msgsnd",
            "ru_msgrcv",
            "ru_nsignals",
            "ru_nvcsw",
            "ru_nivcsw",
        ];
        for (i, name) in NAMES.iter().enumerate() {
            field_uint(p, name, f.u64(32 + i * 8));
        }
    } else {
        p.more();
    }
    p.close();
}

/// `struct sysinfo`, every field (strace does not abbreviate it).
fn sysinfo<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    p.open(Group::Struct);
    field_int(p, "uptime", f.i64(0));
    p.field("loads");
    p.open(Group::Array);
    for at in [8, 16, 24] {
        p.uint(f.u64(at));
    }
    p.close();
    for (name, at) in [
        ("totalram", 32),
        ("freeram", 40),
        ("sharedram", 48),
        ("bufferram", 56),
        ("totalswap", 64),
        ("freeswap", 72),
    ] {
        field_uint(p, name, f.u64(at));
    }
    field_uint(p, "procs", u64::from(f.u16(80)));
    field_uint(p, "totalhigh", f.u64(88));
    field_uint(p, "freehigh", f.u64(96));
    field_uint(p, "mem_unit", u64::from(f.u32(104)));
    p.close();
}

/// openat2's `struct open_how`: the mode only when it is used or set.
fn open_how<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    let open_flags = f.u64(0);
    let mode = f.u64(8);
    p.open(Group::Struct);
    p.field("flags");
    super::flags::open_flags(p, open_flags);
    if open_flags & (libc::O_CREAT as u64 | libc::O_TMPFILE as u64) != 0 || mode != 0 {
        p.field("mode");
        p.oct(mode);
    }
    p.field("resolve");
    flags(p, RESOLVE_FLAGS, f.u64(16), "RESOLVE_???");
    p.close();
}

/// Whether `bytes` hold what strace reads of a `struct clone_args` of `size` bytes (it knows 88):
/// never below the 64 bytes every kernel reads.
pub fn clone_args_fits(bytes: &[u8], size: u64) -> bool {
    const MIN: u64 = 64;
    size >= MIN && bytes.len() >= size.min(88) as usize
}

/// clone3's `struct clone_args` of `size` bytes; `bytes` must [`clone_args_fits`].
pub fn clone_args<P: Printer + ?Sized>(p: &mut P, bytes: &[u8], size: u64) {
    let fetch = (size.min(88) as usize).min(bytes.len());
    let f = Fields(&bytes[..fetch]);
    let clone_flags = f.u64(0);
    p.open(Group::Struct);
    p.field("flags");
    clone3_flags(p, clone_flags);
    let field = |p: &mut P, name: &str, at: usize| {
        p.field(name);
        p.addr(f.u64(at));
    };
    if clone_flags & libc::CLONE_PIDFD as u64 != 0 {
        field(p, "pidfd", 8);
    }
    if clone_flags & (libc::CLONE_CHILD_SETTID | libc::CLONE_CHILD_CLEARTID) as u64 != 0 {
        field(p, "child_tid", 16);
    }
    if clone_flags & libc::CLONE_PARENT_SETTID as u64 != 0 {
        field(p, "parent_tid", 24);
    }
    let exit_signal = f.u64(32);
    p.field("exit_signal");
    if exit_signal < i32::MAX as u64 {
        signals::signal(p, exit_signal);
    } else {
        p.uint(exit_signal);
    }
    field(p, "stack", 40);
    p.field("stack_size");
    p.hex(f.u64(48));
    if clone_flags & libc::CLONE_SETTLS as u64 != 0 {
        field(p, "tls", 56);
    }
    let (set_tid, set_tid_size) = (f.u64(64), f.u64(72));
    if set_tid != 0 || set_tid_size != 0 {
        // The tid array itself is not copied: strace would show it when the size is sane.
        field(p, "set_tid", 64);
        field_uint(p, "set_tid_size", set_tid_size);
    }
    if fetch > 80 && (f.u64(80) != 0 || clone_flags & 0x2_0000_0000 != 0) {
        field_uint(p, "cgroup", f.u64(80));
    }
    p.close();
}

/// clone3's flags: clone's names, then clone3's own (`CLONE_INTO_CGROUP`); no exit signal in them.
fn clone3_flags<P: Printer + ?Sized>(p: &mut P, value: u64) {
    if value == 0 {
        return p.uint(0);
    }
    p.open(Group::Or);
    let rest = names(CLONE_FLAGS, value, |name| p.name(name));
    let left = if rest != 0 { names(CLONE3_FLAGS, rest, |name| p.name(name)) } else { 0 };
    if left != 0 {
        if left == value {
            super::xlat::unknown_value(p, left, "CLONE_???");
        } else {
            p.formatted(left, &format!("{left:#x}"));
        }
    }
    p.close();
}

/// A file mode (strace's `print_symbolic_mode_t`): `S_IFREG|S_ISUID|0755`; `0104755` raw,
/// `0104755 /* S_IFREG|S_ISUID|0755 */` verbose; just the octal number when the file type is unknown.
pub fn mode<P: Printer + ?Sized>(p: &mut P, mode: u32) {
    let kind = u64::from(mode & 0o170000);
    let name = if kind == 0 { Some("") } else { lookup(FILE_TYPES, kind) };
    let Some(name) = name else {
        return p.oct(u64::from(mode));
    };
    composite_with(
        p,
        |p| p.oct(u64::from(mode)),
        |p| {
            p.open(Group::Or);
            if !name.is_empty() {
                p.name(name);
            }
            for (bit, name) in [(0o4000, "S_ISUID"), (0o2000, "S_ISGID"), (0o1000, "S_ISVTX")] {
                if mode & bit != 0 {
                    p.name(name);
                }
            }
            p.oct(u64::from(mode & !0o177000));
            p.close();
        },
    );
}

fn is_device(mode: u32) -> bool {
    matches!(mode & 0o170000, 0o020000 | 0o060000)
}

/// glibc's `makedev` encoding of a `dev_t` (strace's `print_dev_t`): `makedev(0x1, 0x3)`; `0x103`
/// raw, `0x103 /* makedev(0x1, 0x3) */` verbose.
pub fn makedev<P: Printer + ?Sized>(p: &mut P, dev: u64) {
    let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & !0xfff);
    let minor = (dev & 0xff) | ((dev >> 12) & !0xff);
    composite(p, dev, |p| {
        p.open(Group::Call("makedev"));
        p.hex(major);
        p.hex(minor);
        p.close();
    });
}

/// x86_64 `struct stat`: st_mode at 24, st_rdev at 40, st_size at 48.
fn stat<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    let st_mode = f.u32(24);
    p.open(Group::Struct);
    p.field("st_mode");
    mode(p, st_mode);
    if is_device(st_mode) {
        p.field("st_rdev");
        makedev(p, f.u64(40));
    } else {
        field_int(p, "st_size", f.i64(48));
    }
    p.more();
    p.close();
}

/// `struct statx`: stx_mask at 0, stx_attributes at 8, stx_mode at 28, stx_size at 40; the mode and
/// size only when the mask says they were filled.
fn statx<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    let mask = f.u32(0);
    p.open(Group::Struct);
    p.field("stx_mask");
    flags(p, STATX_MASK, u64::from(mask), "STATX_???");
    p.field("stx_attributes");
    flags(p, STATX_ATTRS, f.u64(8), "STATX_ATTR_???");
    statx_mode_size(p, f, mask, false);
    p.more();
    p.close();
}

fn statx_mode_size<P: Printer + ?Sized>(p: &mut P, f: &Fields, mask: u32, verbose: bool) {
    if mask & (libc::STATX_TYPE | libc::STATX_MODE) != 0 {
        p.field("stx_mode");
        mode(p, u32::from(f.u16(28)));
    }
    if verbose && mask & libc::STATX_INO != 0 {
        field_uint(p, "stx_ino", f.u64(32));
    }
    if mask & libc::STATX_SIZE != 0 {
        field_uint(p, "stx_size", f.u64(40));
    }
}

/// `struct statx` in full (`-v`).
fn statx_verbose<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    let mask = f.u32(0);
    p.open(Group::Struct);
    p.field("stx_mask");
    flags(p, STATX_MASK, u64::from(mask), "STATX_???");
    field_uint(p, "stx_blksize", u64::from(f.u32(4)));
    p.field("stx_attributes");
    flags(p, STATX_ATTRS, f.u64(8), "STATX_ATTR_???");
    if mask & libc::STATX_NLINK != 0 {
        field_uint(p, "stx_nlink", u64::from(f.u32(16)));
    }
    if mask & libc::STATX_UID != 0 {
        p.field("stx_uid");
        arrays::id(p, f.u32(20));
    }
    if mask & libc::STATX_GID != 0 {
        p.field("stx_gid");
        arrays::id(p, f.u32(24));
    }
    statx_mode_size(p, f, mask, true);
    if mask & libc::STATX_BLOCKS != 0 {
        field_uint(p, "stx_blocks", f.u64(48));
    }
    p.field("stx_attributes_mask");
    flags(p, STATX_ATTRS, f.u64(56), "STATX_ATTR_???");
    for (bit, name, at) in [
        (libc::STATX_ATIME, "stx_atime", 64),
        (libc::STATX_BTIME, "stx_btime", 80),
        (libc::STATX_CTIME, "stx_ctime", 96),
        (libc::STATX_MTIME, "stx_mtime", 112),
    ] {
        if mask & bit != 0 {
            let (sec, nsec) = (f.i64(at), u64::from(f.u32(at + 8)));
            p.field(name);
            p.open(Group::Struct);
            field_int(p, "tv_sec", sec);
            field_uint(p, "tv_nsec", nsec);
            p.close();
            timefmt::comment_nsec(p, sec, nsec);
        }
    }
    for (name, at) in
        [("stx_rdev_major", 128), ("stx_rdev_minor", 132), ("stx_dev_major", 136), ("stx_dev_minor", 140)]
    {
        field_uint(p, name, u64::from(f.u32(at)));
    }
    if mask & 0x1000 != 0 {
        p.field("stx_mnt_id");
        p.hex(f.u64(144));
    }
    if mask & 0x2000 != 0 {
        field_uint(p, "stx_dio_mem_align", u64::from(f.u32(152)));
        field_uint(p, "stx_dio_offset_align", u64::from(f.u32(156)));
    }
    p.close();
}

/// x86_64 `struct stat` in full (`-v`).
fn stat_verbose<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    let st_mode = f.u32(24);
    p.open(Group::Struct);
    p.field("st_dev");
    makedev(p, f.u64(0));
    field_uint(p, "st_ino", f.u64(8));
    p.field("st_mode");
    mode(p, st_mode);
    field_uint(p, "st_nlink", f.u64(16));
    field_uint(p, "st_uid", u64::from(f.u32(28)));
    field_uint(p, "st_gid", u64::from(f.u32(32)));
    field_uint(p, "st_blksize", f.u64(56));
    field_uint(p, "st_blocks", f.u64(64));
    if is_device(st_mode) {
        p.field("st_rdev");
        makedev(p, f.u64(40));
    } else {
        field_uint(p, "st_size", f.u64(48));
    }
    for (name, nsec_name, at) in [
        ("st_atime", "st_atime_nsec", 72),
        ("st_mtime", "st_mtime_nsec", 88),
        ("st_ctime", "st_ctime_nsec", 104),
    ] {
        let (sec, nsec) = (f.i64(at), f.u64(at + 8));
        field_int(p, name, sec);
        timefmt::comment_nsec(p, sec, nsec);
        field_uint(p, nsec_name, nsec);
    }
    p.close();
}

/// x86_64 `struct statfs`: eleven 8-byte fields, f_fsid being two ints.
fn statfs<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    p.open(Group::Struct);
    p.field("f_type");
    let f_type = f.u64(0);
    match lookup(FS_MAGIC, f_type) {
        Some(name) => p.name(name),
        None => p.hex(f_type),
    }
    field_int(p, "f_bsize", f.i64(8));
    for (name, at) in [("f_blocks", 16), ("f_bfree", 24), ("f_bavail", 32), ("f_files", 40), ("f_ffree", 48)]
    {
        field_uint(p, name, f.u64(at));
    }
    p.field("f_fsid");
    p.open(Group::Struct);
    p.field("val");
    p.open(Group::Array);
    p.hex(u64::from(f.u32(56)));
    p.hex(u64::from(f.u32(60)));
    p.close();
    p.close();
    field_int(p, "f_namelen", f.i64(64));
    field_int(p, "f_frsize", f.i64(72));
    p.field("f_flags");
    flags(p, STATFS_FLAGS, f.u64(80), "ST_???");
    p.close();
}

/// An rlimit value (strace's `print_rlim64_t`): `RLIM64_INFINITY`, `8192*1024` for multiples of
/// 1024, or decimal; with `-X raw` the decimal number, `-X verbose` `8388608 /* 8192*1024 */`.
fn rlim<P: Printer + ?Sized>(p: &mut P, value: u64) {
    if value == u64::MAX {
        composite_with(p, |p| p.uint(value), |p| p.name("RLIM64_INFINITY"));
    } else if value > 1024 && value.is_multiple_of(1024) {
        composite_with(
            p,
            |p| p.uint(value),
            |p| {
                p.open(Group::Expr);
                p.uint(value / 1024);
                p.raw("*1024");
                p.close();
            },
        );
    } else {
        p.uint(value);
    }
}

/// The kernel's x86_64 `struct sigaction`: handler, flags, restorer, mask.
fn sigaction<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    let handler = f.u64(0);
    let sa_flags = f.u64(8);
    p.open(Group::Struct);
    p.field("sa_handler");
    // strace's `print_sa_handler`: `SIG_IGN`, `0x1` raw, `0x1 /* SIG_IGN */` verbose.
    match lookup(SA_HANDLERS, handler) {
        Some(name) => print_xlat(p, handler, Some(name), Fmt::Hex),
        None => p.addr(handler),
    }
    p.field("sa_mask");
    sigset(p, f.u64(24));
    p.field("sa_flags");
    flags(p, SA_FLAGS, sa_flags, "SA_???");
    if sa_flags & 0x0400_0000 != 0 {
        p.field("sa_restorer");
        p.hex(f.u64(16));
    }
    p.close();
}

/// A wait(2) status: `[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]`.
pub fn wait_status<P: Printer + ?Sized>(p: &mut P, status: u32) {
    let sig = u64::from(status & 0x7f);
    p.open(Group::Array);
    p.open(Group::Struct);
    p.open(Group::Expr);
    if sig == 0 {
        p.raw("WIFEXITED(s) && WEXITSTATUS(s) == ");
        p.uint(u64::from((status >> 8) & 0xff));
    } else if sig == 0x7f {
        p.raw("WIFSTOPPED(s) && WSTOPSIG(s) == ");
        signals::signal(p, u64::from((status >> 8) & 0xff));
    } else {
        p.raw("WIFSIGNALED(s) && WTERMSIG(s) == ");
        signals::signal(p, sig);
        if status & 0x80 != 0 {
            p.raw(" && WCOREDUMP(s)");
        }
    }
    p.close();
    p.close();
    p.close();
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::printer::XlatStyle;
    use super::super::text::render;

    fn show(kind: Struct, bytes: &[u8]) -> String {
        assert!(fits(kind, bytes), "{kind:?} is {} bytes", bytes.len());
        render(XlatStyle::Abbrev, |p| print(p, kind, bytes))
    }

    fn put(buf: &mut [u8], at: usize, value: &[u8]) {
        buf[at..at + value.len()].copy_from_slice(value);
    }

    pub fn stat_bytes(st_mode: u32, size: i64, rdev: u64) -> Vec<u8> {
        let mut b = vec![0u8; 144];
        put(&mut b, 24, &st_mode.to_le_bytes());
        put(&mut b, 40, &rdev.to_le_bytes());
        put(&mut b, 48, &size.to_le_bytes());
        b
    }

    #[test]
    fn stat_is_abbreviated() {
        // strace 6.1: newfstatat(3, "", {st_mode=S_IFREG|0644, st_size=33827, ...}, AT_EMPTY_PATH) = 0
        assert_eq!(
            show(Struct::Stat, &stat_bytes(0o100644, 33827, 0)),
            "{st_mode=S_IFREG|0644, st_size=33827, ...}"
        );
        // strace 6.1: newfstatat(1, "", {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}, AT_EMPTY_PATH)
        assert_eq!(
            show(Struct::Stat, &stat_bytes(0o20666, 0, 0x103)),
            "{st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}"
        );
        // strace 6.1: newfstatat(AT_FDCWD, "/dev/loop0", {st_mode=S_IFBLK|0600, st_rdev=makedev(0x7, 0), ...}, 0)
        assert_eq!(
            show(Struct::Stat, &stat_bytes(0o60600, 0, 0x700)),
            "{st_mode=S_IFBLK|0600, st_rdev=makedev(0x7, 0), ...}"
        );
        // strace 6.1: {st_mode=S_IFREG|S_ISUID|S_ISGID|S_ISVTX|000, st_size=0, ...}
        assert_eq!(
            show(Struct::Stat, &stat_bytes(0o107000, 0, 0)),
            "{st_mode=S_IFREG|S_ISUID|S_ISGID|S_ISVTX|000, st_size=0, ...}"
        );
        // strace 6.1: {st_mode=S_IFLNK|0777, st_size=0, ...}
        assert_eq!(show(Struct::Stat, &stat_bytes(0o120777, 0, 0)), "{st_mode=S_IFLNK|0777, st_size=0, ...}");
    }

    #[test]
    fn short_captures_are_refused() {
        assert!(!fits(Struct::Stat, &[0; 100]));
        assert!(!fits(Struct::Sigaction, &[]));
        assert!(fits(Struct::Stat, &[0; 144]));
    }

    #[test]
    fn statx_is_abbreviated() {
        // strace 6.1 (ls /): {stx_mask=STATX_TYPE|STATX_MODE|STATX_NLINK|STATX_UID|STATX_GID|
        // STATX_ATIME|STATX_INO|STATX_SIZE|STATX_BLOCKS|STATX_MNT_ID, stx_attributes=STATX_ATTR_MOUNT_ROOT,
        // stx_mode=S_IFDIR|0755, stx_size=4096, ...}
        let mut b = vec![0u8; 256];
        put(&mut b, 0, &0x173fu32.to_le_bytes());
        put(&mut b, 8, &0x2000u64.to_le_bytes());
        put(&mut b, 28, &0o40755u16.to_le_bytes());
        put(&mut b, 40, &4096u64.to_le_bytes());
        assert_eq!(
            show(Struct::Statx, &b),
            "{stx_mask=STATX_TYPE|STATX_MODE|STATX_NLINK|STATX_UID|STATX_GID|STATX_ATIME|STATX_INO|\
             STATX_SIZE|STATX_BLOCKS|STATX_MNT_ID, stx_attributes=STATX_ATTR_MOUNT_ROOT, \
             stx_mode=S_IFDIR|0755, stx_size=4096, ...}"
        );
        // strace 6.1 (ls -l /dev/null): {stx_mask=STATX_BASIC_STATS|STATX_MNT_ID, stx_attributes=0,
        // stx_mode=S_IFCHR|0666, stx_size=0, ...}
        let mut b = vec![0u8; 256];
        put(&mut b, 0, &0x17ffu32.to_le_bytes());
        put(&mut b, 28, &0o20666u16.to_le_bytes());
        assert_eq!(
            show(Struct::Statx, &b),
            "{stx_mask=STATX_BASIC_STATS|STATX_MNT_ID, stx_attributes=0, stx_mode=S_IFCHR|0666, stx_size=0, ...}"
        );
    }

    #[test]
    fn statfs_in_full() {
        // strace 6.1: statfs("/proc", {f_type=PROC_SUPER_MAGIC, f_bsize=4096, f_blocks=0, f_bfree=0,
        // f_bavail=0, f_files=0, f_ffree=0, f_fsid={val=[0x15, 0]}, f_namelen=255, f_frsize=4096,
        // f_flags=ST_VALID|ST_RELATIME}) = 0
        let mut b = vec![0u8; 120];
        put(&mut b, 0, &0x9fa0u64.to_le_bytes());
        put(&mut b, 8, &4096u64.to_le_bytes());
        put(&mut b, 56, &0x15u32.to_le_bytes());
        put(&mut b, 64, &255u64.to_le_bytes());
        put(&mut b, 72, &4096u64.to_le_bytes());
        put(&mut b, 80, &0x1020u64.to_le_bytes());
        assert_eq!(
            show(Struct::Statfs, &b),
            "{f_type=PROC_SUPER_MAGIC, f_bsize=4096, f_blocks=0, f_bfree=0, f_bavail=0, f_files=0, \
             f_ffree=0, f_fsid={val=[0x15, 0]}, f_namelen=255, f_frsize=4096, f_flags=ST_VALID|ST_RELATIME}"
        );
    }

    #[test]
    fn rlimits_and_times() {
        // strace 6.1: prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0
        let mut b = vec![0u8; 16];
        put(&mut b, 0, &(8192u64 * 1024).to_le_bytes());
        put(&mut b, 8, &u64::MAX.to_le_bytes());
        assert_eq!(show(Struct::Rlimit, &b), "{rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}");
        put(&mut b, 0, &1024u64.to_le_bytes());
        put(&mut b, 8, &4096u64.to_le_bytes());
        assert_eq!(show(Struct::Rlimit, &b), "{rlim_cur=1024, rlim_max=4*1024}");
        // strace 6.1: nanosleep({tv_sec=5, tv_nsec=999999999}, NULL) = 0
        put(&mut b, 0, &5u64.to_le_bytes());
        put(&mut b, 8, &999_999_999u64.to_le_bytes());
        assert_eq!(show(Struct::Timespec, &b), "{tv_sec=5, tv_nsec=999999999}");
        // strace 6.1: gettimeofday({tv_sec=1795817778, tv_usec=402743}, NULL) = 0
        put(&mut b, 0, &1_795_817_778u64.to_le_bytes());
        put(&mut b, 8, &402_743u64.to_le_bytes());
        assert_eq!(show(Struct::Timeval, &b), "{tv_sec=1795817778, tv_usec=402743}");
    }

    #[test]
    fn utsname_shows_two_fields() {
        // strace 6.1: uname({sysname="Linux", nodename="vm", ...}) = 0
        let mut b = vec![0u8; 390];
        put(&mut b, 0, b"Linux");
        put(&mut b, 65, b"vm");
        assert_eq!(show(Struct::Utsname, &b), r#"{sysname="Linux", nodename="vm", ...}"#);
    }

    #[test]
    fn sigactions() {
        let act = |handler: u64, flags: u64, restorer: u64, mask: u64| {
            [handler, flags, restorer, mask].iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<u8>>()
        };
        // strace 6.1: rt_sigaction(SIGCHLD, {sa_handler=SIG_IGN, sa_mask=[], sa_flags=SA_RESTORER|SA_ONSTACK,
        // sa_restorer=0x7fc0f205a050}, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0
        assert_eq!(
            show(Struct::Sigaction, &act(1, 0x0c00_0000, 0x7fc0f205a050, 0)),
            "{sa_handler=SIG_IGN, sa_mask=[], sa_flags=SA_RESTORER|SA_ONSTACK, sa_restorer=0x7fc0f205a050}"
        );
        assert_eq!(show(Struct::Sigaction, &act(0, 0, 0, 0)), "{sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}");
        // strace 6.1: {sa_handler=0x1234, sa_mask=~[], sa_flags=SA_RESTORER|SA_ONSTACK|SA_RESTART|
        // SA_INTERRUPT|SA_NODEFER|SA_RESETHAND|SA_SIGINFO|SA_NOCLDSTOP|SA_NOCLDWAIT|0x3fffff8, sa_restorer=0x5678}
        assert_eq!(
            show(Struct::Sigaction, &act(0x1234, 0xffff_ffff, 0x5678, u64::MAX)),
            "{sa_handler=0x1234, sa_mask=~[], sa_flags=SA_RESTORER|SA_ONSTACK|SA_RESTART|SA_INTERRUPT|\
             SA_NODEFER|SA_RESETHAND|SA_SIGINFO|SA_NOCLDSTOP|SA_NOCLDWAIT|0x3fffff8, sa_restorer=0x5678}"
        );
        // strace 6.1: {sa_handler=0x1234, sa_mask=[CHLD], sa_flags=SA_RESTORER|SA_SIGINFO, sa_restorer=0x5678}
        assert_eq!(
            show(Struct::Sigaction, &act(0x1234, 0x0400_0004, 0x5678, 1 << 16)),
            "{sa_handler=0x1234, sa_mask=[CHLD], sa_flags=SA_RESTORER|SA_SIGINFO, sa_restorer=0x5678}"
        );
    }

    #[test]
    fn wait_statuses() {
        // strace 6.1: wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], WNOHANG, NULL) = 11363
        assert_eq!(show(Struct::WaitStatus, &0u32.to_le_bytes()), "[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]");
        assert_eq!(
            show(Struct::WaitStatus, &(3u32 << 8).to_le_bytes()),
            "[{WIFEXITED(s) && WEXITSTATUS(s) == 3}]"
        );
        assert_eq!(
            show(Struct::WaitStatus, &9u32.to_le_bytes()),
            "[{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}]"
        );
        assert_eq!(
            show(Struct::WaitStatus, &0x8bu32.to_le_bytes()),
            "[{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV && WCOREDUMP(s)}]"
        );
    }
}
