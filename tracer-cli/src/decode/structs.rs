//! Structures copied from the tracee, printed as strace 6.1 prints them by default (abbreviated).
//! Every decoder checks the length first: a capture shorter than its struct returns `false` and the
//! caller prints the address instead.

use std::fmt::Write as _;

use tracer_common::syscall::Struct;

use super::fields::Fields;
use super::num::{self, hex, oct};
use super::signals::{self, sigset};
use super::tables::{
    CLONE3_FLAGS, CLONE_FLAGS, FILE_TYPES, FS_MAGIC, RESOLVE_FLAGS, SA_FLAGS, SA_HANDLERS, SIGALTSTACK_FLAGS,
    STATFS_FLAGS, STATX_ATTRS, STATX_MASK, UTIME_NSEC,
};
use super::xlat::{composite, composite_with, flags, lookup, print_xlat, Fmt};
use super::{arrays, siginfo, strings, timefmt, Ctx};

/// Bytes of each struct this module decodes; [`Struct::size`] is what the backends copy.
fn needed(kind: Struct) -> usize {
    usize::from(kind.size())
}

/// Append `kind` decoded from `bytes` (abbreviated, as strace without `-v`); false (nothing
/// appended) when `bytes` is too short.
pub fn print(out: &mut String, kind: Struct, bytes: &[u8]) -> bool {
    print_as(out, kind, bytes, &View::default())
}

/// [`print`] with the call's settings (`-v`, `-y`).
pub fn print_ctx(out: &mut String, ctx: &Ctx, kind: Struct, bytes: &[u8]) -> bool {
    print_as(out, kind, bytes, &View { verbose: ctx.verbose, ctx: Some(ctx) })
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
    fn fd(&self, out: &mut String, fd: i32) {
        match self.ctx {
            Some(ctx) => ctx.fd(out, fd),
            None => {
                let _ = write!(out, "{fd}");
            }
        }
    }
}

fn print_as(out: &mut String, kind: Struct, bytes: &[u8], view: &View) -> bool {
    if bytes.len() < needed(kind) {
        return false;
    }
    let f = Fields(bytes);
    match kind {
        Struct::Stat if view.verbose => stat_verbose(out, &f),
        Struct::Stat => stat(out, &f),
        Struct::Statx if view.verbose => statx_verbose(out, &f),
        Struct::Statx => statx(out, &f),
        Struct::Statfs => statfs(out, &f),
        Struct::Rlimit => {
            out.push_str("{rlim_cur=");
            rlim(out, f.u64(0));
            out.push_str(", rlim_max=");
            rlim(out, f.u64(8));
            out.push('}');
        }
        Struct::Timespec => timespec(out, &f, 0),
        Struct::Timeval => timeval(out, &f, 0),
        Struct::Utsname => {
            out.push_str("{sysname=");
            strings::path(out, strings::until_nul(&bytes[..65]), false);
            out.push_str(", nodename=");
            strings::path(out, strings::until_nul(&bytes[65..130]), false);
            if view.verbose {
                for (name, at) in [("release", 130), ("version", 195), ("machine", 260), ("domainname", 325)]
                {
                    let _ = write!(out, ", {name}=");
                    strings::path(out, strings::until_nul(&bytes[at..at + 65]), false);
                }
                out.push('}');
            } else {
                out.push_str(", ...}");
            }
        }
        Struct::Sigset => sigset(out, f.u64(0)),
        Struct::Sigaction => sigaction(out, &f),
        Struct::WaitStatus => wait_status(out, f.u32(0)),
        Struct::Rusage => rusage(out, &f, view.verbose),
        Struct::Sysinfo => sysinfo(out, &f),
        Struct::Siginfo => return siginfo::print(out, bytes),
        Struct::CloneArgs => return clone_args(out, bytes, bytes.len() as u64),
        Struct::EpollEvent => arrays::epoll_event(out, &f),
        Struct::Pollfd => {
            out.push_str("{fd=");
            view.fd(out, f.i32(0));
            let _ = write!(out, ", events={}}}", f.u16(4));
        }
        Struct::FdPair => {
            out.push('[');
            view.fd(out, f.i32(0));
            out.push_str(", ");
            view.fd(out, f.i32(4));
            out.push(']');
        }
        Struct::Int | Struct::SockLen | Struct::SchedParam => {
            let _ = write!(out, "[{}]", f.i32(0));
        }
        Struct::Tms => {
            for (i, name) in ["tms_utime", "tms_stime", "tms_cutime", "tms_cstime"].iter().enumerate() {
                out.push_str(if i == 0 { "{" } else { ", " });
                let _ = write!(out, "{name}=");
                clock_t(out, f.u64(i * 8));
            }
            out.push('}');
        }
        Struct::Itimerval => {
            out.push_str("{it_interval=");
            timeval(out, &f, 0);
            out.push_str(", it_value=");
            timeval(out, &f, 16);
            out.push('}');
        }
        Struct::Itimerspec => {
            out.push_str("{it_interval=");
            timespec(out, &f, 0);
            out.push_str(", it_value=");
            timespec(out, &f, 16);
            out.push('}');
        }
        Struct::TimespecPair => {
            out.push('[');
            utime_timespec(out, &f, 0);
            out.push_str(", ");
            utime_timespec(out, &f, 16);
            out.push(']');
        }
        Struct::StackT => {
            out.push_str("{ss_sp=");
            num::addr(out, f.u64(0));
            out.push_str(", ss_flags=");
            flags(out, SIGALTSTACK_FLAGS, u64::from(f.u32(8)), "SS_???");
            let _ = write!(out, ", ss_size={}}}", f.u64(16));
        }
        Struct::OpenHow => open_how(out, &f),
        Struct::CpuSetByte => {
            let _ = write!(out, "[{:#x}]", f.u8(0));
        }
        // Decoded by request in `ioctl`.
        Struct::IoctlArg => return false,
    }
    true
}

/// `{tv_sec=1, tv_nsec=2}` at `at`.
pub fn timespec(out: &mut String, f: &Fields, at: usize) {
    let _ = write!(out, "{{tv_sec={}, tv_nsec={}}}", f.i64(at), f.u64(at + 8));
}

/// `{tv_sec=1, tv_usec=2}` at `at`.
pub fn timeval(out: &mut String, f: &Fields, at: usize) {
    let _ = write!(out, "{{tv_sec={}, tv_usec={}}}", f.i64(at), f.u64(at + 8));
}

/// utimensat's timespec: `UTIME_NOW`, `UTIME_OMIT`, or the time with a calendar comment.
fn utime_timespec(out: &mut String, f: &Fields, at: usize) {
    let nsec = f.u64(at + 8);
    match lookup(UTIME_NSEC, nsec) {
        Some(name) => out.push_str(name),
        None => {
            timespec(out, f, at);
            timefmt::comment_nsec(out, f.i64(at), nsec);
        }
    }
}

/// A `clock_t` count of ticks: `4 /* 0.04 s */` (zero has no comment).
pub fn clock_t(out: &mut String, ticks: u64) {
    let _ = write!(out, "{ticks}");
    if ticks > 0 {
        let hz = clock_ticks();
        let width = hz.ilog10() as usize;
        let frac = (ticks % hz) as f64 / hz as f64;
        let text = format!("{frac:.width$}");
        // `0.05` → the digits after the point; a fraction rounding up to `1.00` keeps `00`.
        let digits = text.split_once('.').map_or("", |(_, d)| d);
        if width == 0 {
            let _ = write!(out, " /* {}. s */", ticks / hz);
        } else {
            let _ = write!(out, " /* {}.{digits} s */", ticks / hz);
        }
    }
}

/// `sysconf(_SC_CLK_TCK)`: USER_HZ, 100 on every Linux x86_64.
fn clock_ticks() -> u64 {
    100
}

/// `struct rusage`: the two times, then `...` unless verbose.
fn rusage(out: &mut String, f: &Fields, verbose: bool) {
    out.push_str("{ru_utime=");
    timeval(out, f, 0);
    out.push_str(", ru_stime=");
    timeval(out, f, 16);
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
            let _ = write!(out, ", {name}={}", f.u64(32 + i * 8));
        }
        out.push('}');
    } else {
        out.push_str(", ...}");
    }
}

/// `struct sysinfo`, every field (strace does not abbreviate it).
fn sysinfo(out: &mut String, f: &Fields) {
    let _ = write!(
        out,
        "{{uptime={}, loads=[{}, {}, {}], totalram={}, freeram={}, sharedram={}, bufferram={}, totalswap={}, \
         freeswap={}, procs={}, totalhigh={}, freehigh={}, mem_unit={}}}",
        f.i64(0),
        f.u64(8),
        f.u64(16),
        f.u64(24),
        f.u64(32),
        f.u64(40),
        f.u64(48),
        f.u64(56),
        f.u64(64),
        f.u64(72),
        f.u16(80),
        f.u64(88),
        f.u64(96),
        f.u32(104),
    );
}

/// openat2's `struct open_how`: the mode only when it is used or set.
fn open_how(out: &mut String, f: &Fields) {
    let open_flags = f.u64(0);
    let mode = f.u64(8);
    out.push_str("{flags=");
    super::flags::open_flags(out, open_flags);
    if open_flags & (libc::O_CREAT as u64 | libc::O_TMPFILE as u64) != 0 || mode != 0 {
        out.push_str(", mode=");
        oct(out, mode);
    }
    out.push_str(", resolve=");
    flags(out, RESOLVE_FLAGS, f.u64(16), "RESOLVE_???");
    out.push('}');
}

/// clone3's `struct clone_args` of `size` bytes (strace 6.1 knows 88); false when the size is below
/// the 64 bytes every kernel reads, or the capture is short.
pub fn clone_args(out: &mut String, bytes: &[u8], size: u64) -> bool {
    const MIN: u64 = 64;
    let fetch = size.min(88) as usize;
    if size < MIN || bytes.len() < fetch {
        return false;
    }
    let f = Fields(&bytes[..fetch]);
    let clone_flags = f.u64(0);
    out.push_str("{flags=");
    clone3_flags(out, clone_flags);
    let field = |out: &mut String, name: &str, at: usize| {
        let _ = write!(out, ", {name}=");
        num::addr(out, f.u64(at));
    };
    if clone_flags & libc::CLONE_PIDFD as u64 != 0 {
        field(out, "pidfd", 8);
    }
    if clone_flags & (libc::CLONE_CHILD_SETTID | libc::CLONE_CHILD_CLEARTID) as u64 != 0 {
        field(out, "child_tid", 16);
    }
    if clone_flags & libc::CLONE_PARENT_SETTID as u64 != 0 {
        field(out, "parent_tid", 24);
    }
    let exit_signal = f.u64(32);
    out.push_str(", exit_signal=");
    if exit_signal < i32::MAX as u64 {
        signals::signal(out, exit_signal);
    } else {
        let _ = write!(out, "{exit_signal}");
    }
    field(out, "stack", 40);
    out.push_str(", stack_size=");
    hex(out, f.u64(48));
    if clone_flags & libc::CLONE_SETTLS as u64 != 0 {
        field(out, "tls", 56);
    }
    let (set_tid, set_tid_size) = (f.u64(64), f.u64(72));
    if set_tid != 0 || set_tid_size != 0 {
        // The tid array itself is not copied: strace would show it when the size is sane.
        field(out, "set_tid", 64);
        let _ = write!(out, ", set_tid_size={set_tid_size}");
    }
    if fetch > 80 && (f.u64(80) != 0 || clone_flags & 0x2_0000_0000 != 0) {
        let _ = write!(out, ", cgroup={}", f.u64(80));
    }
    out.push('}');
    true
}

/// clone3's flags: clone's names, then clone3's own (`CLONE_INTO_CGROUP`); no exit signal in them.
fn clone3_flags(out: &mut String, value: u64) {
    if value == 0 {
        out.push('0');
        return;
    }
    let rest = super::xlat::names(out, CLONE_FLAGS, value);
    let any = rest != value;
    let left = if rest != 0 {
        let mut tail = String::new();
        let left = super::xlat::names(&mut tail, CLONE3_FLAGS, rest);
        if !tail.is_empty() {
            if any {
                out.push('|');
            }
            out.push_str(&tail);
        }
        left
    } else {
        0
    };
    if left != 0 {
        if left == value {
            super::xlat::unknown_value(out, left, "CLONE_???");
        } else {
            let _ = write!(out, "|{left:#x}");
        }
    }
}

/// A file mode (strace's `print_symbolic_mode_t`): `S_IFREG|S_ISUID|0755`; `0104755` raw,
/// `0104755 /* S_IFREG|S_ISUID|0755 */` verbose; just the octal number when the file type is unknown.
pub fn mode(out: &mut String, mode: u32) {
    let kind = u64::from(mode & 0o170000);
    let name = if kind == 0 { Some("") } else { lookup(FILE_TYPES, kind) };
    let Some(name) = name else {
        return oct(out, u64::from(mode));
    };
    composite_with(
        out,
        |out| oct(out, u64::from(mode)),
        |out| {
            if !name.is_empty() {
                out.push_str(name);
                out.push('|');
            }
            for (bit, name) in [(0o4000, "S_ISUID|"), (0o2000, "S_ISGID|"), (0o1000, "S_ISVTX|")] {
                if mode & bit != 0 {
                    out.push_str(name);
                }
            }
            oct(out, u64::from(mode & !0o177000));
        },
    );
}

fn is_device(mode: u32) -> bool {
    matches!(mode & 0o170000, 0o020000 | 0o060000)
}

/// glibc's `makedev` encoding of a `dev_t` (strace's `print_dev_t`): `makedev(0x1, 0x3)`; `0x103`
/// raw, `0x103 /* makedev(0x1, 0x3) */` verbose.
pub fn makedev(out: &mut String, dev: u64) {
    let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & !0xfff);
    let minor = (dev & 0xff) | ((dev >> 12) & !0xff);
    composite(out, dev, |out| {
        out.push_str("makedev(");
        hex(out, major);
        out.push_str(", ");
        hex(out, minor);
        out.push(')');
    });
}

/// x86_64 `struct stat`: st_mode at 24, st_rdev at 40, st_size at 48.
fn stat(out: &mut String, f: &Fields) {
    let st_mode = f.u32(24);
    out.push_str("{st_mode=");
    mode(out, st_mode);
    if is_device(st_mode) {
        out.push_str(", st_rdev=");
        makedev(out, f.u64(40));
    } else {
        let _ = write!(out, ", st_size={}", f.i64(48));
    }
    out.push_str(", ...}");
}

/// `struct statx`: stx_mask at 0, stx_attributes at 8, stx_mode at 28, stx_size at 40; the mode and
/// size only when the mask says they were filled.
fn statx(out: &mut String, f: &Fields) {
    let mask = f.u32(0);
    out.push_str("{stx_mask=");
    flags(out, STATX_MASK, u64::from(mask), "STATX_???");
    out.push_str(", stx_attributes=");
    flags(out, STATX_ATTRS, f.u64(8), "STATX_ATTR_???");
    statx_mode_size(out, f, mask, false);
    out.push_str(", ...}");
}

fn statx_mode_size(out: &mut String, f: &Fields, mask: u32, verbose: bool) {
    if mask & (libc::STATX_TYPE | libc::STATX_MODE) != 0 {
        out.push_str(", stx_mode=");
        mode(out, u32::from(f.u16(28)));
    }
    if verbose && mask & libc::STATX_INO != 0 {
        let _ = write!(out, ", stx_ino={}", f.u64(32));
    }
    if mask & libc::STATX_SIZE != 0 {
        let _ = write!(out, ", stx_size={}", f.u64(40));
    }
}

/// `struct statx` in full (`-v`).
fn statx_verbose(out: &mut String, f: &Fields) {
    let mask = f.u32(0);
    out.push_str("{stx_mask=");
    flags(out, STATX_MASK, u64::from(mask), "STATX_???");
    let _ = write!(out, ", stx_blksize={}, stx_attributes=", f.u32(4));
    flags(out, STATX_ATTRS, f.u64(8), "STATX_ATTR_???");
    if mask & libc::STATX_NLINK != 0 {
        let _ = write!(out, ", stx_nlink={}", f.u32(16));
    }
    if mask & libc::STATX_UID != 0 {
        out.push_str(", stx_uid=");
        arrays::id(out, f.u32(20));
    }
    if mask & libc::STATX_GID != 0 {
        out.push_str(", stx_gid=");
        arrays::id(out, f.u32(24));
    }
    statx_mode_size(out, f, mask, true);
    if mask & libc::STATX_BLOCKS != 0 {
        let _ = write!(out, ", stx_blocks={}", f.u64(48));
    }
    out.push_str(", stx_attributes_mask=");
    flags(out, STATX_ATTRS, f.u64(56), "STATX_ATTR_???");
    for (bit, name, at) in [
        (libc::STATX_ATIME, "stx_atime", 64),
        (libc::STATX_BTIME, "stx_btime", 80),
        (libc::STATX_CTIME, "stx_ctime", 96),
        (libc::STATX_MTIME, "stx_mtime", 112),
    ] {
        if mask & bit != 0 {
            let (sec, nsec) = (f.i64(at), u64::from(f.u32(at + 8)));
            let _ = write!(out, ", {name}={{tv_sec={sec}, tv_nsec={nsec}}}");
            timefmt::comment_nsec(out, sec, nsec);
        }
    }
    let _ = write!(
        out,
        ", stx_rdev_major={}, stx_rdev_minor={}, stx_dev_major={}, stx_dev_minor={}",
        f.u32(128),
        f.u32(132),
        f.u32(136),
        f.u32(140)
    );
    if mask & 0x1000 != 0 {
        out.push_str(", stx_mnt_id=");
        hex(out, f.u64(144));
    }
    if mask & 0x2000 != 0 {
        let _ = write!(out, ", stx_dio_mem_align={}, stx_dio_offset_align={}", f.u32(152), f.u32(156));
    }
    out.push('}');
}

/// x86_64 `struct stat` in full (`-v`).
fn stat_verbose(out: &mut String, f: &Fields) {
    let st_mode = f.u32(24);
    out.push_str("{st_dev=");
    makedev(out, f.u64(0));
    let _ = write!(out, ", st_ino={}, st_mode=", f.u64(8));
    mode(out, st_mode);
    let _ = write!(
        out,
        ", st_nlink={}, st_uid={}, st_gid={}, st_blksize={}, st_blocks={}",
        f.u64(16),
        f.u32(28),
        f.u32(32),
        f.u64(56),
        f.u64(64)
    );
    if is_device(st_mode) {
        out.push_str(", st_rdev=");
        makedev(out, f.u64(40));
    } else {
        let _ = write!(out, ", st_size={}", f.u64(48));
    }
    for (name, at) in [("st_atime", 72), ("st_mtime", 88), ("st_ctime", 104)] {
        let (sec, nsec) = (f.i64(at), f.u64(at + 8));
        let _ = write!(out, ", {name}={sec}");
        timefmt::comment_nsec(out, sec, nsec);
        let _ = write!(out, ", {name}_nsec={nsec}");
    }
    out.push('}');
}

/// x86_64 `struct statfs`: eleven 8-byte fields, f_fsid being two ints.
fn statfs(out: &mut String, f: &Fields) {
    out.push_str("{f_type=");
    let f_type = f.u64(0);
    match lookup(FS_MAGIC, f_type) {
        Some(name) => out.push_str(name),
        None => hex(out, f_type),
    }
    let _ = write!(
        out,
        ", f_bsize={}, f_blocks={}, f_bfree={}, f_bavail={}, f_files={}, f_ffree={}, \
         f_fsid={{val=[",
        f.i64(8),
        f.u64(16),
        f.u64(24),
        f.u64(32),
        f.u64(40),
        f.u64(48),
    );
    hex(out, u64::from(f.u32(56)));
    out.push_str(", ");
    hex(out, u64::from(f.u32(60)));
    let _ = write!(out, "]}}, f_namelen={}, f_frsize={}, f_flags=", f.i64(64), f.i64(72));
    flags(out, STATFS_FLAGS, f.u64(80), "ST_???");
    out.push('}');
}

/// An rlimit value (strace's `print_rlim64_t`): `RLIM64_INFINITY`, `8192*1024` for multiples of
/// 1024, or decimal; with `-X raw` the decimal number, `-X verbose` `8388608 /* 8192*1024 */`.
fn rlim(out: &mut String, value: u64) {
    let decimal = |out: &mut String| {
        let _ = write!(out, "{value}");
    };
    if value == u64::MAX {
        composite_with(out, decimal, |out| out.push_str("RLIM64_INFINITY"));
    } else if value > 1024 && value.is_multiple_of(1024) {
        composite_with(out, decimal, |out| {
            let _ = write!(out, "{}*1024", value / 1024);
        });
    } else {
        decimal(out);
    }
}

/// The kernel's x86_64 `struct sigaction`: handler, flags, restorer, mask.
fn sigaction(out: &mut String, f: &Fields) {
    let handler = f.u64(0);
    let sa_flags = f.u64(8);
    out.push_str("{sa_handler=");
    // strace's `print_sa_handler`: `SIG_IGN`, `0x1` raw, `0x1 /* SIG_IGN */` verbose.
    match lookup(SA_HANDLERS, handler) {
        Some(name) => print_xlat(out, handler, Some(name), Fmt::Hex),
        None => num::addr(out, handler),
    }
    out.push_str(", sa_mask=");
    sigset(out, f.u64(24));
    out.push_str(", sa_flags=");
    flags(out, SA_FLAGS, sa_flags, "SA_???");
    if sa_flags & 0x0400_0000 != 0 {
        out.push_str(", sa_restorer=");
        hex(out, f.u64(16));
    }
    out.push('}');
}

/// A wait(2) status: `[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]`.
pub fn wait_status(out: &mut String, status: u32) {
    let sig = u64::from(status & 0x7f);
    out.push_str("[{");
    if sig == 0 {
        let _ = write!(out, "WIFEXITED(s) && WEXITSTATUS(s) == {}", (status >> 8) & 0xff);
    } else if sig == 0x7f {
        out.push_str("WIFSTOPPED(s) && WSTOPSIG(s) == ");
        signals::signal(out, u64::from((status >> 8) & 0xff));
    } else {
        out.push_str("WIFSIGNALED(s) && WTERMSIG(s) == ");
        signals::signal(out, sig);
        if status & 0x80 != 0 {
            out.push_str(" && WCOREDUMP(s)");
        }
    }
    out.push_str("}]");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(kind: Struct, bytes: &[u8]) -> String {
        let mut s = String::new();
        assert!(print(&mut s, kind, bytes), "{kind:?} is {} bytes", bytes.len());
        s
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
        let mut s = String::new();
        assert!(!print(&mut s, Struct::Stat, &[0; 100]));
        assert!(!print(&mut s, Struct::Sigaction, &[]));
        assert!(s.is_empty());
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
