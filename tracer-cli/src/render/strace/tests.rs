//! Whole lines, checked against `strace -o /tmp/ls ls /` (strace 6.1) and other runs of strace 6.1 on
//! this machine: each call is rebuilt from raw registers and hand-made captures.

use tracer_common::event::{Capture, Event, Meta};
use tracer_common::record::capture_flags::{COUNT, READ_FAULT, STRINGS, TRUNCATED};
use tracer_common::syscall::by_name;

use super::*;
use crate::pairing::{Paired, Syscall};

fn cap(arg: u8, flags: u8, bytes: &[u8]) -> Capture {
    Capture::new(arg, flags, bytes.to_vec())
}

fn count(arg: u8, n: u32) -> Capture {
    cap(arg, COUNT, &n.to_le_bytes())
}

fn args(a: &[u64]) -> [u64; 6] {
    let mut all = [0; 6];
    all[..a.len()].copy_from_slice(a);
    all
}

fn sys(name: &str, a: &[u64], ret: Option<i64>, captures: Vec<Capture>) -> Paired {
    let nr = by_name(name).unwrap_or_else(|| panic!("{name} is in the table")).nr;
    Paired::Syscall(Syscall {
        meta: Meta::default(),
        nr: u64::from(nr),
        args: args(a),
        captures,
        ret,
        exit_ts_ns: ret.map(|_| 1),
    })
}

fn render_with(item: &Paired, strlen: u32) -> String {
    let mut r = StraceRenderer::new(RenderOptions { strlen, ..RenderOptions::default() });
    let mut out = Vec::new();
    r.render(item, &mut out);
    String::from_utf8(out).expect("utf-8")
}

fn render(item: &Paired) -> String {
    render_with(item, 32)
}

#[track_caller]
fn check(item: Paired, expected: &str) {
    assert_eq!(render(&item), format!("{expected}\n"));
}

const AT_FDCWD: u64 = -100i64 as u64;
const ENOENT: i64 = -2;

fn stat_bytes(st_mode: u32, size: i64, rdev: u64) -> Vec<u8> {
    let mut b = vec![0u8; 144];
    b[24..28].copy_from_slice(&st_mode.to_le_bytes());
    b[40..48].copy_from_slice(&rdev.to_le_bytes());
    b[48..56].copy_from_slice(&size.to_le_bytes());
    b
}

#[test]
fn ls_root_lines() {
    check(
        sys(
            "execve",
            &[0x5600_0000_1000, 0x7ffe_0726_c100, 0x7ffed65fa368],
            Some(0),
            vec![cap(0, 0, b"/usr/bin/ls"), cap(1, STRINGS, b"ls\0/\0"), count(2, 35)],
        ),
        r#"execve("/usr/bin/ls", ["ls", "/"], 0x7ffed65fa368 /* 35 vars */) = 0"#,
    );
    check(
        sys("brk", &[0], Some(0x5565d567e000), vec![]),
        "brk(NULL)                               = 0x5565d567e000",
    );
    check(
        sys("mmap", &[0, 8192, 3, 0x22, u64::MAX, 0], Some(0x7fa27c40b000), vec![]),
        "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7fa27c40b000",
    );
    check(
        sys("access", &[0x7f00_0000_0000, 4], Some(ENOENT), vec![cap(0, 0, b"/etc/ld.so.preload")]),
        r#"access("/etc/ld.so.preload", R_OK)      = -1 ENOENT (No such file or directory)"#,
    );
    check(
        sys(
            "openat",
            &[AT_FDCWD, 0x7f00_0000_0000, 0o2000000, 0],
            Some(3),
            vec![cap(1, 0, b"/etc/ld.so.cache")],
        ),
        r#"openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3"#,
    );
    check(
        sys(
            "newfstatat",
            &[3, 0x7f00_0000_0000, 0x7ffc_0000_0000, 0x1000],
            Some(0),
            vec![cap(1, 0, b""), cap(2, 0, &stat_bytes(0o100644, 33827, 0))],
        ),
        r#"newfstatat(3, "", {st_mode=S_IFREG|0644, st_size=33827, ...}, AT_EMPTY_PATH) = 0"#,
    );
    check(
        sys("mmap", &[0, 33827, 1, 2, 3, 0], Some(0x7fa27c402000), vec![]),
        "mmap(NULL, 33827, PROT_READ, MAP_PRIVATE, 3, 0) = 0x7fa27c402000",
    );
    check(sys("close", &[3], Some(0), vec![]), "close(3)                                = 0");
    let elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0\0\0\0\0\0\0\0\0";
    check(
        sys("read", &[3, 0x7ffc_0000_0000, 832], Some(832), vec![cap(1, TRUNCATED, elf)]),
        r#"read(3, "\177ELF\2\1\1\0\0\0\0\0\0\0\0\0\3\0>\0\1\0\0\0\0\0\0\0\0\0\0\0"..., 832) = 832"#,
    );
    check(
        sys("mmap", &[0x7fa27c3db000, 110592, 5, 0x812, 3, 0x7000], Some(0x7fa27c3db000), vec![]),
        "mmap(0x7fa27c3db000, 110592, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x7000) = 0x7fa27c3db000",
    );
    let phdr = b"\x06\0\0\0\x04\0\0\0@\0\0\0\0\0\0\0@\0\0\0\0\0\0\0@\0\0\0\0\0\0\0";
    check(
        sys("pread64", &[3, 0x7ffc_0000_0000, 784, 64], Some(784), vec![cap(1, TRUNCATED, phdr)]),
        r#"pread64(3, "\6\0\0\0\4\0\0\0@\0\0\0\0\0\0\0@\0\0\0\0\0\0\0@\0\0\0\0\0\0\0"..., 784, 64) = 784"#,
    );
    check(
        sys("arch_prctl", &[0x1002, 0x7fa27c155800], Some(0), vec![]),
        "arch_prctl(ARCH_SET_FS, 0x7fa27c155800) = 0",
    );
    check(
        sys("set_tid_address", &[0x7fa27c155ad0], Some(5967), vec![]),
        "set_tid_address(0x7fa27c155ad0)         = 5967",
    );
    check(
        sys("set_robust_list", &[0x7fa27c155ae0, 24], Some(0), vec![]),
        "set_robust_list(0x7fa27c155ae0, 24)     = 0",
    );
    check(
        sys("rseq", &[0x7fa27c156120, 0x20, 0, 0x53053053], Some(0), vec![]),
        "rseq(0x7fa27c156120, 0x20, 0, 0x53053053) = 0",
    );
    check(
        sys("mprotect", &[0x7fa27c3c1000, 16384, 1], Some(0), vec![]),
        "mprotect(0x7fa27c3c1000, 16384, PROT_READ) = 0",
    );
    let mut rlim = (8192u64 * 1024).to_le_bytes().to_vec();
    rlim.extend_from_slice(&u64::MAX.to_le_bytes());
    check(
        sys("prlimit64", &[0, 3, 0, 0x7ffc_0000_0000], Some(0), vec![cap(3, 0, &rlim)]),
        "prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0",
    );
    check(
        sys("munmap", &[0x7fa27c402000, 33827], Some(0), vec![]),
        "munmap(0x7fa27c402000, 33827)           = 0",
    );
    check(
        sys("statfs", &[0x7f00_0000_0000, 0x7fff31644ea0], Some(ENOENT), vec![cap(0, 0, b"/sys/fs/selinux")]),
        r#"statfs("/sys/fs/selinux", 0x7fff31644ea0) = -1 ENOENT (No such file or directory)"#,
    );
    check(
        sys("statfs", &[0x7f00_0000_0000, 0x7fff31644ea0], Some(ENOENT), vec![cap(0, 0, b"/selinux")]),
        r#"statfs("/selinux", 0x7fff31644ea0)      = -1 ENOENT (No such file or directory)"#,
    );
    check(
        sys(
            "getrandom",
            &[0x7fa27c3cb178, 8, 1],
            Some(8),
            vec![cap(0, 0, b"\x35\xfc\xb1\x58\x15\x55\xdb\xa8")],
        ),
        r#"getrandom("\x35\xfc\xb1\x58\x15\x55\xdb\xa8", 8, GRND_NONBLOCK) = 8"#,
    );
    check(
        sys("brk", &[0x5565d569f000], Some(0x5565d569f000), vec![]),
        "brk(0x5565d569f000)                     = 0x5565d569f000",
    );
    check(
        sys(
            "read",
            &[3, 0x5565_d567_e2a0, 1024],
            Some(364),
            vec![cap(1, TRUNCATED, b"nodev\tsysfs\nnodev\ttmpfs\nnodev\tpr")],
        ),
        r#"read(3, "nodev\tsysfs\nnodev\ttmpfs\nnodev\tpr"..., 1024) = 364"#,
    );
    // A read that returned 0 has no capture.
    check(
        sys("read", &[3, 0x5565_d567_e2a0, 1024], Some(0), vec![]),
        r#"read(3, "", 1024)                       = 0"#,
    );
    check(
        sys("access", &[0x7f00_0000_0000, 0], Some(ENOENT), vec![cap(0, 0, b"/etc/selinux/config")]),
        r#"access("/etc/selinux/config", F_OK)     = -1 ENOENT (No such file or directory)"#,
    );
    check(
        sys(
            "openat",
            &[AT_FDCWD, 0x7f00_0000_0000, 0o2000000, 0],
            Some(ENOENT),
            vec![cap(1, 0, b"/usr/lib/locale/locale-archive")],
        ),
        r#"openat(AT_FDCWD, "/usr/lib/locale/locale-archive", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory)"#,
    );
    check(
        sys(
            "openat",
            &[AT_FDCWD, 0x7f00_0000_0000, 0, 0],
            Some(3),
            vec![cap(1, 0, b"/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache")],
        ),
        r#"openat(AT_FDCWD, "/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache", O_RDONLY) = 3"#,
    );
    check(
        sys("mmap", &[0, 27028, 1, 1, 3, 0], Some(0x7fa27c403000), vec![]),
        "mmap(NULL, 27028, PROT_READ, MAP_SHARED, 3, 0) = 0x7fa27c403000",
    );
    check(
        sys("futex", &[0x7fa27c3c6a4c, 129, 2147483647, 0x1234, 0x5678, 0x9abc], Some(0), vec![]),
        "futex(0x7fa27c3c6a4c, FUTEX_WAKE_PRIVATE, 2147483647) = 0",
    );
    check(
        sys("ioctl", &[1, 0x5401, 0x7fff31644de0], Some(-25), vec![]),
        "ioctl(1, TCGETS, 0x7fff31644de0)        = -1 ENOTTY (Inappropriate ioctl for device)",
    );
    let mut stx = vec![0u8; 256];
    stx[0..4].copy_from_slice(&0x173fu32.to_le_bytes());
    stx[8..16].copy_from_slice(&0x2000u64.to_le_bytes());
    stx[28..30].copy_from_slice(&0o40755u16.to_le_bytes());
    stx[40..48].copy_from_slice(&4096u64.to_le_bytes());
    check(
        sys(
            "statx",
            &[AT_FDCWD, 0x7f00_0000_0000, 0x800, 2, 0x7ffc_0000_0000],
            Some(0),
            vec![cap(1, 0, b"/"), cap(4, 0, &stx)],
        ),
        r#"statx(AT_FDCWD, "/", AT_STATX_SYNC_AS_STAT|AT_NO_AUTOMOUNT, STATX_MODE, {stx_mask=STATX_TYPE|STATX_MODE|STATX_NLINK|STATX_UID|STATX_GID|STATX_ATIME|STATX_INO|STATX_SIZE|STATX_BLOCKS|STATX_MNT_ID, stx_attributes=STATX_ATTR_MOUNT_ROOT, stx_mode=S_IFDIR|0755, stx_size=4096, ...}) = 0"#,
    );
    check(
        sys("openat", &[AT_FDCWD, 0x7f00_0000_0000, 0o2204000, 0], Some(3), vec![cap(1, 0, b"/")]),
        r#"openat(AT_FDCWD, "/", O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY) = 3"#,
    );
    check(
        sys("getdents64", &[3, 0x5565d56872a0, 32768], Some(744), vec![count(1, 28)]),
        "getdents64(3, 0x5565d56872a0 /* 28 entries */, 32768) = 744",
    );
    check(
        sys("getdents64", &[3, 0x5565d56872a0, 32768], Some(0), vec![]),
        "getdents64(3, 0x5565d56872a0 /* 0 entries */, 32768) = 0",
    );
    check(
        sys(
            "newfstatat",
            &[1, 0x7f00_0000_0000, 0x7ffc_0000_0000, 0x1000],
            Some(0),
            vec![cap(1, 0, b""), cap(2, 0, &stat_bytes(0o20666, 0, 0x103))],
        ),
        r#"newfstatat(1, "", {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}, AT_EMPTY_PATH) = 0"#,
    );
    check(
        sys(
            "write",
            &[1, 0x5565_d567_e2a0, 151],
            Some(151),
            vec![cap(1, TRUNCATED, b"bin\nboot\ncontainer_info.json\ndev")],
        ),
        r#"write(1, "bin\nboot\ncontainer_info.json\ndev"..., 151) = 151"#,
    );
    check(sys("exit_group", &[0], None, vec![]), "exit_group(0)                           = ?");
    check(Paired::Other(Event::Exit { meta: Meta::default(), wait_status: 0 }), "+++ exited with 0 +++");
}

#[test]
fn exits_and_kills() {
    let exit = |wait_status| Paired::Other(Event::Exit { meta: Meta::default(), wait_status });
    // strace 6.1: +++ exited with 3 +++, +++ killed by SIGSEGV +++,
    // +++ killed by SIGABRT (core dumped) +++
    check(exit(3 << 8), "+++ exited with 3 +++");
    check(exit(9), "+++ killed by SIGKILL +++");
    check(exit(11), "+++ killed by SIGSEGV +++");
    check(exit(0x80 | 6), "+++ killed by SIGABRT (core dumped) +++");
    assert_eq!(render(&Paired::Other(Event::Lost { meta: Meta::default(), count: 3 })), "");
}

#[test]
fn unknown_numbers() {
    // strace 6.1: syscall_0x1f4(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS (Function not implemented)
    let call = Paired::Syscall(Syscall {
        meta: Meta::default(),
        nr: 500,
        args: [1, 2, 3, 4, 5, 6],
        captures: vec![],
        ret: Some(-38),
        exit_ts_ns: Some(1),
    });
    check(call, "syscall_0x1f4(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS (Function not implemented)");
}

#[test]
fn argv_is_cut_by_strlen() {
    // strace 6.1 -s 3: execve("/bin/echo", ["/bi"..., "abc"..., "ab", ...], 0x7ffd8d8eba68 /* 35 vars */) = 0
    let call = sys(
        "execve",
        &[0x1000, 0x2000, 0x7ffd8d8eba68],
        Some(0),
        vec![cap(0, 0, b"/bin/echo"), cap(1, STRINGS | TRUNCATED, b"/bin\0abcd\0ab\0"), count(2, 35)],
    );
    assert_eq!(
        render_with(&call, 3),
        "execve(\"/bin/echo\", [\"/bi\"..., \"abc\"..., \"ab\", ...], 0x7ffd8d8eba68 /* 35 vars */) = 0\n"
    );
    // strace 6.1 -s 5: execve("/bin/echo", ["/bin/"..., "abcde"...], 0x7ffea5f92cd8 /* 35 vars */) = 0
    let call = sys(
        "execve",
        &[0x1000, 0x2000, 0x7ffea5f92cd8],
        Some(0),
        vec![cap(0, 0, b"/bin/echo"), cap(1, STRINGS, b"/bin/e\0abcdef\0"), count(2, 35)],
    );
    assert_eq!(
        render_with(&call, 5),
        "execve(\"/bin/echo\", [\"/bin/\"..., \"abcde\"...], 0x7ffea5f92cd8 /* 35 vars */) = 0\n"
    );
}

#[test]
fn faults_and_nulls() {
    // strace 6.1: write(-1, 0x10, 5) = -1 EBADF (Bad file descriptor); write(-1, NULL, 5)
    check(
        sys("write", &[u64::MAX, 0x10, 5], Some(-9), vec![cap(1, READ_FAULT, b"")]),
        "write(-1, 0x10, 5)                      = -1 EBADF (Bad file descriptor)",
    );
    check(
        sys("write", &[u64::MAX, 0, 5], Some(-9), vec![]),
        "write(-1, NULL, 5)                      = -1 EBADF (Bad file descriptor)",
    );
    // strace 6.1: read(-1, 0x7f9b267b0880, 10) = -1 EBADF; read(3, NULL, 10) = 0
    check(
        sys("read", &[u64::MAX, 0x7f9b267b0880, 10], Some(-9), vec![]),
        "read(-1, 0x7f9b267b0880, 10)            = -1 EBADF (Bad file descriptor)",
    );
    check(sys("read", &[3, 0, 10], Some(0), vec![]), "read(3, NULL, 10)                       = 0");
    // A path that cannot be read prints its address; a stat capture that is too short as well.
    check(
        sys("openat", &[AT_FDCWD, 0x10, 0, 0], Some(-14), vec![cap(1, READ_FAULT, b"")]),
        "openat(AT_FDCWD, 0x10, O_RDONLY)        = -1 EFAULT (Bad address)",
    );
    check(
        sys(
            "newfstatat",
            &[3, 0x7000, 0x7ffc0000, 0x1000],
            Some(0),
            vec![cap(1, 0, b""), cap(2, 0, &[0; 20])],
        ),
        r#"newfstatat(3, "", 0x7ffc0000, AT_EMPTY_PATH) = 0"#,
    );
    // strace 6.1: newfstatat(AT_FDCWD, "/nonexistent", NULL, 0) = -1 ENOENT
    check(
        sys("newfstatat", &[AT_FDCWD, 0x7000, 0, 0], Some(ENOENT), vec![cap(1, 0, b"/nonexistent")]),
        r#"newfstatat(AT_FDCWD, "/nonexistent", NULL, 0) = -1 ENOENT (No such file or directory)"#,
    );
    // Missing captures (e.g. lost by a backend) print the address too.
    check(
        sys("statfs", &[0x7000, 0x7fff0000], Some(0), vec![]),
        "statfs(0x7000, 0x7fff0000)              = 0",
    );
}

#[test]
fn open_modes() {
    // strace 6.1: openat(AT_FDCWD, "/dev/null", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3
    check(
        sys("openat", &[AT_FDCWD, 0x7000, 0o1101, 0o666], Some(3), vec![cap(1, 0, b"/dev/null")]),
        r#"openat(AT_FDCWD, "/dev/null", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3"#,
    );
    // strace 6.1: open("/nonexistent", O_WRONLY|O_CREAT, 04755) = 6 and open("/nonexistent", O_WRONLY) = 5
    check(
        sys("open", &[0x7000, 0o101, 0o4755], Some(6), vec![cap(0, 0, b"/nonexistent")]),
        r#"open("/nonexistent", O_WRONLY|O_CREAT, 04755) = 6"#,
    );
    check(
        sys("open", &[0x7000, 0o1, 0o644], Some(5), vec![cap(0, 0, b"/nonexistent")]),
        r#"open("/nonexistent", O_WRONLY)          = 5"#,
    );
    // strace 6.1: openat(AT_FDCWD, "/nonexistent/q", O_RDONLY|O_TMPFILE, 0600) = -1 EINVAL
    check(
        sys("openat", &[AT_FDCWD, 0x7000, 0o20200000, 0o600], Some(-22), vec![cap(1, 0, b"/nonexistent/q")]),
        r#"openat(AT_FDCWD, "/nonexistent/q", O_RDONLY|O_TMPFILE, 0600) = -1 EINVAL (Invalid argument)"#,
    );
    // strace 6.1: openat(5, "rel", O_RDONLY) = -1 EBADF (Bad file descriptor)
    check(
        sys("openat", &[5, 0x7000, 0, 0], Some(-9), vec![cap(1, 0, b"rel")]),
        r#"openat(5, "rel", O_RDONLY)              = -1 EBADF (Bad file descriptor)"#,
    );
    // A 32-bit AT_FDCWD (upper half zero) is still AT_FDCWD: strace 6.1 printed
    // openat(AT_FDCWD, "rel", O_RDONLY) for 0xffffff9c.
    check(
        sys("openat", &[0xffffff9c, 0x7000, 0, 0], Some(ENOENT), vec![cap(1, 0, b"rel")]),
        r#"openat(AT_FDCWD, "rel", O_RDONLY)       = -1 ENOENT (No such file or directory)"#,
    );
}

#[test]
fn umask_and_octal_returns() {
    // strace 6.1: umask(022) = 022, umask(000) = 022, umask(0777) = 000, umask(01777) = 022
    check(sys("umask", &[0o22], Some(0o22), vec![]), "umask(022)                              = 022");
    check(sys("umask", &[0], Some(0o22), vec![]), "umask(000)                              = 022");
    check(sys("umask", &[0o777], Some(0), vec![]), "umask(0777)                             = 000");
    check(sys("umask", &[0o1777], Some(0o22), vec![]), "umask(01777)                            = 022");
}

#[test]
fn signals_and_masks() {
    let sigset = |mask: u64| mask.to_le_bytes().to_vec();
    // strace 6.1: rt_sigprocmask(SIG_BLOCK, [USR1 CHLD RT_8 RT_32], [], 8) = 0
    let set = (1u64 << 9) | (1 << 16) | (1 << 39) | (1 << 63);
    check(
        sys(
            "rt_sigprocmask",
            &[0, 0x7000, 0x8000, 8],
            Some(0),
            vec![cap(1, 0, &sigset(set)), cap(2, 0, &sigset(0))],
        ),
        "rt_sigprocmask(SIG_BLOCK, [USR1 CHLD RT_8 RT_32], [], 8) = 0",
    );
    // strace 6.1: rt_sigprocmask(SIG_BLOCK, NULL, NULL, 8) = 0
    check(
        sys("rt_sigprocmask", &[0, 0, 0, 8], Some(0), vec![]),
        "rt_sigprocmask(SIG_BLOCK, NULL, NULL, 8) = 0",
    );
    // strace 6.1: rt_sigaction(SIGCHLD, {sa_handler=SIG_IGN, sa_mask=[], sa_flags=SA_RESTORER|SA_ONSTACK,
    // sa_restorer=0x7fc0f205a050}, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0
    let act: Vec<u8> = [1u64, 0x0c00_0000, 0x7fc0f205a050, 0].iter().flat_map(|v| v.to_le_bytes()).collect();
    check(
        sys("rt_sigaction", &[17, 0x7000, 0x8000, 8], Some(0), vec![cap(1, 0, &act), cap(2, 0, &[0; 32])]),
        "rt_sigaction(SIGCHLD, {sa_handler=SIG_IGN, sa_mask=[], sa_flags=SA_RESTORER|SA_ONSTACK, sa_restorer=0x7fc0f205a050}, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0",
    );
    // strace 6.1: kill(999999, SIGRT_1) = -1 ESRCH (No such process); kill(-1, 0) = 0 with 0xffffffff
    check(
        sys("kill", &[999999, 33], Some(-3), vec![]),
        "kill(999999, SIGRT_1)                   = -1 ESRCH (No such process)",
    );
    check(sys("kill", &[0xffff_ffff, 0], Some(0), vec![]), "kill(-1, 0)                             = 0");
}

#[test]
fn time_and_identity() {
    let ts = |sec: u64, nsec: u64| [sec, nsec].iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<u8>>();
    // strace 6.1: clock_gettime(CLOCK_MONOTONIC, {tv_sec=570, tv_nsec=626710567}) = 0
    check(
        sys("clock_gettime", &[1, 0x7000], Some(0), vec![cap(1, 0, &ts(570, 626710567))]),
        "clock_gettime(CLOCK_MONOTONIC, {tv_sec=570, tv_nsec=626710567}) = 0",
    );
    // strace 6.1: clock_gettime(CLOCK_REALTIME, NULL) = -1 EFAULT (Bad address)
    check(
        sys("clock_gettime", &[0, 0], Some(-14), vec![]),
        "clock_gettime(CLOCK_REALTIME, NULL)     = -1 EFAULT (Bad address)",
    );
    // strace 6.1: nanosleep({tv_sec=5, tv_nsec=999999999}, NULL) = 0
    check(
        sys("nanosleep", &[0x7000, 0], Some(0), vec![cap(0, 0, &ts(5, 999999999))]),
        "nanosleep({tv_sec=5, tv_nsec=999999999}, NULL) = 0",
    );
    // The remaining time is only an address unless the sleep was interrupted.
    check(
        sys("nanosleep", &[0x7000, 0x8000], Some(0), vec![cap(0, 0, &ts(0, 1000000)), cap(1, 0, &ts(0, 0))]),
        "nanosleep({tv_sec=0, tv_nsec=1000000}, 0x8000) = 0",
    );
    // strace 6.1: uname({sysname="Linux", nodename="vm", ...}) = 0
    let mut uts = vec![0u8; 390];
    uts[..5].copy_from_slice(b"Linux");
    uts[65..67].copy_from_slice(b"vm");
    check(
        sys("uname", &[0x7000], Some(0), vec![cap(0, 0, &uts)]),
        r#"uname({sysname="Linux", nodename="vm", ...}) = 0"#,
    );
}

#[test]
fn process_calls() {
    // strace 6.1: clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD,
    // child_tidptr=0x7f164a28ea10) = 11363
    check(
        sys("clone", &[0x01200011, 0, 0, 0x7f164a28ea10, 0], Some(11363), vec![]),
        "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f164a28ea10) = 11363",
    );
    // strace 6.1: clone(child_stack=0x1000, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|
    // CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|CLONE_NEWCGROUP|
    // 0x100000000, parent_tid=0x2000, tls=0x4000, child_tidptr=0x3000) = 13323
    check(
        sys("clone", &[0x1033d0f00, 0x1000, 0x2000, 0x3000, 0x4000], Some(13323), vec![]),
        "clone(child_stack=0x1000, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|CLONE_NEWCGROUP|0x100000000, parent_tid=0x2000, tls=0x4000, child_tidptr=0x3000) = 13323",
    );
    // strace 6.1: wait4(-1, 0x7ffc493c3650, WNOHANG, NULL) = -1 ECHILD (No child processes)
    check(
        sys("wait4", &[u64::MAX, 0x7ffc493c3650, 1, 0], Some(-10), vec![]),
        "wait4(-1, 0x7ffc493c3650, WNOHANG, NULL) = -1 ECHILD (No child processes)",
    );
    // strace 6.1: dup2(1, 100) = 100
    check(sys("dup2", &[1, 100], Some(100), vec![]), "dup2(1, 100)                            = 100");
    // strace 6.1: exit_group(3) = ?
    check(sys("exit_group", &[3], None, vec![]), "exit_group(3)                           = ?");
}

#[test]
fn descriptors() {
    // strace 6.1: fcntl(3, F_GETFD) = 0x1 (flags FD_CLOEXEC)
    check(
        sys("fcntl", &[3, 1], Some(1), vec![]),
        "fcntl(3, F_GETFD)                       = 0x1 (flags FD_CLOEXEC)",
    );
    // strace 6.1: fcntl(4, F_GETFL) = 0x8c02 (flags O_RDWR|O_APPEND|O_NONBLOCK|O_LARGEFILE)
    check(
        sys("fcntl", &[4, 3], Some(0x8c02), vec![]),
        "fcntl(4, F_GETFL)                       = 0x8c02 (flags O_RDWR|O_APPEND|O_NONBLOCK|O_LARGEFILE)",
    );
    // strace 6.1: fcntl(3, F_SETFD, FD_CLOEXEC) = 0; fcntl(3, F_DUPFD_CLOEXEC, 3) = 6;
    // fcntl(3, F_GETLEASE) = 0x2 (F_UNLCK); fcntl(3, F_SETSIG, SIGUSR1) = 0
    check(sys("fcntl", &[3, 2, 1], Some(0), vec![]), "fcntl(3, F_SETFD, FD_CLOEXEC)           = 0");
    check(sys("fcntl", &[3, 1030, 3], Some(6), vec![]), "fcntl(3, F_DUPFD_CLOEXEC, 3)            = 6");
    check(
        sys("fcntl", &[3, 1025], Some(2), vec![]),
        "fcntl(3, F_GETLEASE)                    = 0x2 (F_UNLCK)",
    );
    check(sys("fcntl", &[3, 10, 10], Some(0), vec![]), "fcntl(3, F_SETSIG, SIGUSR1)             = 0");
    // strace 6.1: fcntl(-1, F_SETFL, O_WRONLY|O_NONBLOCK) = -1 EBADF; fcntl(-1, F_GETLK, 0x801)
    check(
        sys("fcntl", &[u64::MAX, 4, 0x801], Some(-9), vec![]),
        "fcntl(-1, F_SETFL, O_WRONLY|O_NONBLOCK) = -1 EBADF (Bad file descriptor)",
    );
    check(
        sys("fcntl", &[u64::MAX, 5, 0x801], Some(-9), vec![]),
        "fcntl(-1, F_GETLK, 0x801)               = -1 EBADF (Bad file descriptor)",
    );
    // strace 6.1: lseek(3, 1099511627776, SEEK_CUR) = 1099511627776; lseek(-1, -5, 0x63 /* SEEK_??? */)
    check(
        sys("lseek", &[3, 1 << 40, 1], Some(1 << 40), vec![]),
        "lseek(3, 1099511627776, SEEK_CUR)       = 1099511627776",
    );
    check(
        sys("lseek", &[u64::MAX, -5i64 as u64, 99], Some(-9), vec![]),
        "lseek(-1, -5, 0x63 /* SEEK_??? */)      = -1 EBADF (Bad file descriptor)",
    );
    // strace 6.1: ioctl(-1, TCSBRK, 4096), ioctl(-1, FIOCLEX), ioctl(-1, _IOC(_IOC_NONE, 0x12, 0x34, 0), 0)
    check(
        sys("ioctl", &[u64::MAX, 0x5409, 0x1000], Some(-9), vec![]),
        "ioctl(-1, TCSBRK, 4096)                 = -1 EBADF (Bad file descriptor)",
    );
    check(
        sys("ioctl", &[u64::MAX, 0x5451, 0x1000], Some(-9), vec![]),
        "ioctl(-1, FIOCLEX)                      = -1 EBADF (Bad file descriptor)",
    );
    check(
        sys("ioctl", &[u64::MAX, 0x1234, 0], Some(-9), vec![]),
        "ioctl(-1, _IOC(_IOC_NONE, 0x12, 0x34, 0), 0) = -1 EBADF (Bad file descriptor)",
    );
    // strace 6.1: socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0) = 7; socket(AF_INET, 0x3e7 /* SOCK_??? */, IPPROTO_IP)
    check(
        sys("socket", &[1, 0x80001, 0], Some(7), vec![]),
        "socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0) = 7",
    );
    check(
        sys("socket", &[2, 999, 0], Some(-22), vec![]),
        "socket(AF_INET, 0x3e7 /* SOCK_??? */, IPPROTO_IP) = -1 EINVAL (Invalid argument)",
    );
    check(
        sys("socket", &[16, 999, 0], Some(-22), vec![]),
        "socket(AF_NETLINK, 0x3e7 /* SOCK_??? */, NETLINK_ROUTE) = -1 EINVAL (Invalid argument)",
    );
}

#[test]
fn futex_arguments_follow_the_operation() {
    let a = 0x7fdc5d211720;
    let f = |op: u64, val3: u64| sys("futex", &[a, op, 5, 0, 0, val3], Some(0), vec![]);
    // strace 6.1 lines (return values aside):
    let cases = [
        (f(128, 0xffffffff), "futex(0x7fdc5d211720, FUTEX_WAIT_PRIVATE, 5, NULL) = 0"),
        (f(3 | 128, 0xffffffff), "futex(0x7fdc5d211720, FUTEX_REQUEUE_PRIVATE, 5, 0, NULL) = 0"),
        (f(4 | 128, 0xffffffff), "futex(0x7fdc5d211720, FUTEX_CMP_REQUEUE_PRIVATE, 5, 0, NULL, 4294967295) = 0"),
        (f(6 | 128, 0), "futex(0x7fdc5d211720, FUTEX_LOCK_PI_PRIVATE, NULL) = 0"),
        (f(7 | 128, 0), "futex(0x7fdc5d211720, FUTEX_UNLOCK_PI_PRIVATE) = 0"),
        (f(9 | 128, 0xffffffff), "futex(0x7fdc5d211720, FUTEX_WAIT_BITSET_PRIVATE, 5, NULL, FUTEX_BITSET_MATCH_ANY) = 0"),
        (f(10, 0x1234), "futex(0x7fdc5d211720, FUTEX_WAKE_BITSET, 5, 0x1234) = 0"),
        (f(11 | 128, 0), "futex(0x7fdc5d211720, FUTEX_WAIT_REQUEUE_PI_PRIVATE, 5, NULL, NULL) = 0"),
        (f(99, 0), "futex(0x7fdc5d211720, 0x63 /* FUTEX_??? */, 5, NULL, NULL, 0) = 0"),
        (
            f(5 | 128, 0xffffffff),
            "futex(0x7fdc5d211720, FUTEX_WAKE_OP_PRIVATE, 5, 0, NULL, FUTEX_OP_OPARG_SHIFT<<28|0x7<<28 /* FUTEX_OP_??? */|0xfff<<12|0xf<<24 /* FUTEX_OP_CMP_??? */|0xfff) = 0",
        ),
    ];
    for (call, expected) in cases {
        assert_eq!(render(&call), format!("{expected}\n"));
    }
    // strace 6.1: futex(0x7fdc5d211720, FUTEX_WAKE_OP_PRIVATE, 1, 2, 0x7fdc5d211720,
    // FUTEX_OP_ADD<<28|0x345<<12|FUTEX_OP_CMP_LT<<24|0x678) = 0
    check(
        sys("futex", &[a, 5 | 128, 1, 2, a, 0x12345678], Some(0), vec![]),
        "futex(0x7fdc5d211720, FUTEX_WAKE_OP_PRIVATE, 1, 2, 0x7fdc5d211720, FUTEX_OP_ADD<<28|0x345<<12|FUTEX_OP_CMP_LT<<24|0x678) = 0",
    );
}

#[test]
fn prctl_and_arch_prctl() {
    // strace 6.1 lines:
    check(
        sys("prctl", &[1, 17, 0x22, 0x33, 0x44], Some(0), vec![]),
        "prctl(PR_SET_PDEATHSIG, SIGCHLD)        = 0",
    );
    check(
        sys("prctl", &[3, 0x11, 0x22, 0x33, 0x44], Some(1), vec![]),
        "prctl(PR_GET_DUMPABLE)                  = 1 (SUID_DUMP_USER)",
    );
    check(
        sys("prctl", &[23, 17, 0x22, 0x33, 0x44], Some(1), vec![]),
        "prctl(PR_CAPBSET_READ, CAP_SYS_RAWIO)   = 1",
    );
    check(
        sys("prctl", &[29, 17, 0x22, 0x33, 0x44], Some(0), vec![]),
        "prctl(PR_SET_TIMERSLACK, 17)            = 0",
    );
    check(
        sys("prctl", &[38, 17, 0x22, 0x33, 0x44], Some(-22), vec![]),
        "prctl(PR_SET_NO_NEW_PRIVS, 17, 0x22, 0x33, 0x44) = -1 EINVAL (Invalid argument)",
    );
    check(
        sys("prctl", &[0, 0x11, 0x22, 0x33, 0x44], Some(-22), vec![]),
        "prctl(0 /* PR_??? */, 0x11, 0x22, 0x33, 0x44) = -1 EINVAL (Invalid argument)",
    );
    check(sys("arch_prctl", &[0x1011, 0x10], Some(1), vec![]), "arch_prctl(ARCH_GET_CPUID)              = 1");
    check(
        sys("arch_prctl", &[0x9999, 0x10], Some(-22), vec![]),
        "arch_prctl(0x9999 /* ARCH_??? */, 0x10) = -1 EINVAL (Invalid argument)",
    );
}

#[test]
fn restarts_are_question_marks() {
    // strace 6.1: getppid() = ? ERESTARTSYS (To be restarted if SA_RESTART is set) (INJECTED)
    check(
        sys("getppid", &[], Some(-512), vec![]),
        "getppid()                               = ? ERESTARTSYS (To be restarted if SA_RESTART is set)",
    );
}

#[test]
fn open_flags_outside_open_and_device_modes() {
    // strace 6.1: pipe2([5, 6], O_NONBLOCK|O_CLOEXEC) = 0 (the fd array is not captured: its address),
    // dup3(3, 51, 0) = 51, dup3(3, 50, O_CLOEXEC) = 50
    check(sys("pipe2", &[0x7000, 0o2004000], Some(0), vec![]), "pipe2(0x7000, O_NONBLOCK|O_CLOEXEC)     = 0");
    check(sys("dup3", &[3, 51, 0], Some(51), vec![]), "dup3(3, 51, 0)                          = 51");
    check(sys("dup3", &[3, 50, 0o2000000], Some(50), vec![]), "dup3(3, 50, O_CLOEXEC)                  = 50");
    // strace 6.1: mknod("/nonexistent/fifo", S_IFIFO|0644) = -1 ENOENT (No such file or directory)
    check(
        sys("mknod", &[0x7000, 0o10644, 0], Some(ENOENT), vec![cap(0, 0, b"/nonexistent/fifo")]),
        r#"mknod("/nonexistent/fifo", S_IFIFO|0644) = -1 ENOENT (No such file or directory)"#,
    );
    // strace 6.1: mknodat(AT_FDCWD, "/nonexistent/dev", S_IFCHR|0600, makedev(0x1, 0x3)) = -1 ENOENT
    check(
        sys(
            "mknodat",
            &[AT_FDCWD, 0x7000, 0o20600, 0x103],
            Some(ENOENT),
            vec![cap(1, 0, b"/nonexistent/dev")],
        ),
        r#"mknodat(AT_FDCWD, "/nonexistent/dev", S_IFCHR|0600, makedev(0x1, 0x3)) = -1 ENOENT (No such file or directory)"#,
    );
    // strace 6.1: mkdir("/nonexistent/dir", 0755) = -1 ENOENT (No such file or directory)
    check(
        sys("mkdir", &[0x7000, 0o755], Some(ENOENT), vec![cap(0, 0, b"/nonexistent/dir")]),
        r#"mkdir("/nonexistent/dir", 0755)         = -1 ENOENT (No such file or directory)"#,
    );
    // strace 6.1: clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, NULL, NULL) = -1 EFAULT (Bad address)
    // and clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME|0x6, NULL, NULL)
    check(
        sys("clock_nanosleep", &[1, 1, 0, 0], Some(-14), vec![]),
        "clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, NULL, NULL) = -1 EFAULT (Bad address)",
    );
    check(
        sys("clock_nanosleep", &[0, 7, 0, 0], Some(-14), vec![]),
        "clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME|0x6, NULL, NULL) = -1 EFAULT (Bad address)",
    );
}

#[test]
fn fadvise_advice() {
    // strace 6.1 (cat /etc/hostname): fadvise64(3, 0, 0, POSIX_FADV_SEQUENTIAL) = 0
    check(sys("fadvise64", &[3, 0, 0, 2], Some(0), vec![]), "fadvise64(3, 0, 0, POSIX_FADV_SEQUENTIAL) = 0");
}
