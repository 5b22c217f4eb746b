//! Structures copied from the tracee, printed as strace 6.1 prints them by default (abbreviated).
//! Every decoder checks the length first: a capture shorter than its struct returns `false` and the
//! caller prints the address instead.

use std::fmt::Write as _;

use tracer_common::syscall::Struct;

use super::num::{hex, oct};
use super::signals::{self, sigset};
use super::strings;
use super::tables::{FILE_TYPES, FS_MAGIC, SA_FLAGS, STATFS_FLAGS, STATX_ATTRS, STATX_MASK};
use super::xlat::{flags, lookup};

/// Little-endian field readers over a captured struct.
struct Fields<'a>(&'a [u8]);

impl Fields<'_> {
    fn bytes<const N: usize>(&self, at: usize) -> [u8; N] {
        let mut buf = [0u8; N];
        if let Some(src) = self.0.get(at..at + N) {
            buf.copy_from_slice(src);
        }
        buf
    }
    fn u16(&self, at: usize) -> u16 {
        u16::from_le_bytes(self.bytes(at))
    }
    fn u32(&self, at: usize) -> u32 {
        u32::from_le_bytes(self.bytes(at))
    }
    fn u64(&self, at: usize) -> u64 {
        u64::from_le_bytes(self.bytes(at))
    }
    fn i64(&self, at: usize) -> i64 {
        i64::from_le_bytes(self.bytes(at))
    }
}

/// Bytes of each struct this module decodes; [`Struct::size`] is what the backends copy.
fn needed(kind: Struct) -> usize {
    usize::from(kind.size())
}

/// Append `kind` decoded from `bytes`; false (nothing appended) when `bytes` is too short.
pub fn print(out: &mut String, kind: Struct, bytes: &[u8]) -> bool {
    if bytes.len() < needed(kind) {
        return false;
    }
    let f = Fields(bytes);
    match kind {
        Struct::Stat => stat(out, &f),
        Struct::Statx => statx(out, &f),
        Struct::Statfs => statfs(out, &f),
        Struct::Rlimit => {
            out.push_str("{rlim_cur=");
            rlim(out, f.u64(0));
            out.push_str(", rlim_max=");
            rlim(out, f.u64(8));
            out.push('}');
        }
        Struct::Timespec => {
            let _ = write!(out, "{{tv_sec={}, tv_nsec={}}}", f.i64(0), f.i64(8));
        }
        Struct::Timeval => {
            let _ = write!(out, "{{tv_sec={}, tv_usec={}}}", f.i64(0), f.i64(8));
        }
        Struct::Utsname => {
            out.push_str("{sysname=");
            strings::path(out, strings::until_nul(&bytes[..65]), false);
            out.push_str(", nodename=");
            strings::path(out, strings::until_nul(&bytes[65..130]), false);
            out.push_str(", ...}");
        }
        Struct::Sigset => sigset(out, f.u64(0)),
        Struct::Sigaction => sigaction(out, &f),
        Struct::WaitStatus => wait_status(out, f.u32(0)),
        // TODO(issue 3): decoders for the structs added with the capture contract.
        _ => return false,
    }
    true
}

/// A file mode: `S_IFREG|S_ISUID|0755`.
pub fn mode(out: &mut String, mode: u32) {
    let kind = u64::from(mode & 0o170000);
    if kind != 0 {
        match lookup(FILE_TYPES, kind) {
            Some(name) => out.push_str(name),
            None => oct(out, kind),
        }
        out.push('|');
    }
    for (bit, name) in [(0o4000, "S_ISUID|"), (0o2000, "S_ISGID|"), (0o1000, "S_ISVTX|")] {
        if mode & bit != 0 {
            out.push_str(name);
        }
    }
    oct(out, u64::from(mode & 0o777));
}

fn is_device(mode: u32) -> bool {
    matches!(mode & 0o170000, 0o020000 | 0o060000)
}

/// glibc's `makedev` encoding of a `dev_t`.
pub fn makedev(out: &mut String, dev: u64) {
    let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & !0xfff);
    let minor = (dev & 0xff) | ((dev >> 12) & !0xff);
    out.push_str("makedev(");
    hex(out, major);
    out.push_str(", ");
    hex(out, minor);
    out.push(')');
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

/// `struct statx`: stx_mask at 0, stx_attributes at 8, stx_mode at 28, stx_size at 40.
fn statx(out: &mut String, f: &Fields) {
    out.push_str("{stx_mask=");
    flags(out, STATX_MASK, u64::from(f.u32(0)), "STATX_???");
    out.push_str(", stx_attributes=");
    flags(out, STATX_ATTRS, f.u64(8), "STATX_ATTR_???");
    out.push_str(", stx_mode=");
    mode(out, u32::from(f.u16(28)));
    let _ = write!(out, ", stx_size={}, ...}}", f.u64(40));
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

/// An rlimit value: `RLIM64_INFINITY`, `8192*1024` for multiples of 1024, or decimal.
fn rlim(out: &mut String, value: u64) {
    if value == u64::MAX {
        out.push_str("RLIM64_INFINITY");
    } else if value > 1024 && value.is_multiple_of(1024) {
        let _ = write!(out, "{}*1024", value / 1024);
    } else {
        let _ = write!(out, "{value}");
    }
}

/// The kernel's x86_64 `struct sigaction`: handler, flags, restorer, mask.
fn sigaction(out: &mut String, f: &Fields) {
    let handler = f.u64(0);
    let sa_flags = f.u64(8);
    out.push_str("{sa_handler=");
    match handler {
        0 => out.push_str("SIG_DFL"),
        1 => out.push_str("SIG_IGN"),
        _ => hex(out, handler),
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
