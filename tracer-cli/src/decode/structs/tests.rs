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
    assert_eq!(show(Struct::WaitStatus, &0xffffu32.to_le_bytes()), "[{WIFCONTINUED(s)}]");
    // strace 6.1: wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], WNOHANG, NULL) = 11363
    assert_eq!(show(Struct::WaitStatus, &0u32.to_le_bytes()), "[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]");
    assert_eq!(
        show(Struct::WaitStatus, &(3u32 << 8).to_le_bytes()),
        "[{WIFEXITED(s) && WEXITSTATUS(s) == 3}]"
    );
    assert_eq!(show(Struct::WaitStatus, &9u32.to_le_bytes()), "[{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}]");
    assert_eq!(
        show(Struct::WaitStatus, &0x8bu32.to_le_bytes()),
        "[{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV && WCOREDUMP(s)}]"
    );
}
