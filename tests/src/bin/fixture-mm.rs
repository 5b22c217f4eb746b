//! NUMA policies, quotas, times and small system calls whose memory strace decodes: node masks,
//! quota structs, timevals and sigevents, segment descriptors. Every call fails (EINVAL, ENOENT,
//! EBADF, ENOSYS) or touches only this process (its own pages, its own timers, its own memory
//! policy); none changes the system.
//! Usage: fixture-mm MODE: `numa`, `quota`, `times` or `system`.

use tracer_tests::edges;

/// `bytes` copied to the end of a fresh page (whose next page is unmapped); returns where.
fn at_page_end(bytes: &[u8]) -> u64 {
    let at = edges::page_end() - bytes.len() as u64;
    // SAFETY: `at..at + len` lies in the mapped page.
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), at as *mut u8, bytes.len()) };
    at
}

/// The bytes of `words`, little-endian, one after another.
fn words(words: &[u64]) -> Vec<u8> {
    words.iter().flat_map(|w| w.to_le_bytes()).collect()
}

fn numa() {
    let mask = at_page_end(&words(&[1, 0]));
    let out = at_page_end(&[0; 16]);
    let policy = at_page_end(&[0; 4]);
    let page = at_page_end(&[7; 4096]);
    let pages = at_page_end(&words(&[page, edges::page_end()]));
    let status = at_page_end(&[0; 8]);
    // SAFETY: raw syscalls on this process's own mappings, with invalid modes where the call
    // would change anything; move_pages without nodes only queries.
    unsafe {
        libc::syscall(libc::SYS_mbind, page, 4096, 0xffffu64, mask, 65, 0x7u64);
        libc::syscall(libc::SYS_mbind, page, 4096, 2 | 0x8000u64, mask, 128, 1u64);
        libc::syscall(libc::SYS_mbind, page, 4096, 6u64, mask, 129, 0u64);
        libc::syscall(libc::SYS_set_mempolicy, 0x4003u64, mask, 0u64);
        libc::syscall(libc::SYS_set_mempolicy, 0xffu64, mask, 64u64);
        libc::syscall(libc::SYS_set_mempolicy, 2u64, mask + 8, 200u64);
        libc::syscall(libc::SYS_get_mempolicy, policy, out, 128u64, 0u64, 0u64);
        libc::syscall(libc::SYS_get_mempolicy, 0u64, out, 1u64 << 40, 0u64, 0xffu64);
        libc::syscall(libc::SYS_migrate_pages, i32::MAX, 64u64, mask, mask + 8);
        libc::syscall(libc::SYS_move_pages, 0, 1u64, pages, 0u64, status, 2u64);
        libc::syscall(libc::SYS_move_pages, 0, 2u64, pages, 0u64, status, 0x10u64);
        libc::syscall(libc::SYS_move_pages, i32::MAX, 3u64, pages, status, status, 4u64);
    }
}

/// `QCMD(cmd, type)`.
fn qcmd(cmd: u32, kind: u32) -> u64 {
    u64::from((cmd << 8) | kind)
}

fn quota() {
    let special = c"/dev/tracer-no-such-device";
    let file = c"/tracer-no-such-quota-file";
    let dqblk = at_page_end(&(0..68).map(|i| i as u8 ^ 0x5a).collect::<Vec<_>>());
    let dqinfo = at_page_end(&[0x11; 24]);
    let disk_quota = at_page_end(&(0..112).map(|i| 0x80 | i as u8).collect::<Vec<_>>());
    let flags = at_page_end(&0xdead_bee7u32.to_le_bytes());
    let out = at_page_end(&[0; 112]);
    let q = |cmd: u64, id: u64, addr: u64| {
        // SAFETY: quotactl on a device that does not exist: every call fails.
        unsafe { libc::syscall(libc::SYS_quotactl, cmd, special.as_ptr(), id, addr) };
    };
    q(qcmd(0x80_0002, 0), 1, file.as_ptr() as u64); // Q_QUOTAON
    q(qcmd(0x80_0002, 1), 0xca7f_aced, out); // Q_QUOTAON, an unknown format
    q(qcmd(0x80_0003, 2), 0, 0); // Q_QUOTAOFF
    q(qcmd(0x80_0004, 0), 0, out); // Q_GETFMT
    q(qcmd(0x80_0005, 1), 0, out); // Q_GETINFO
    q(qcmd(0x80_0006, 2), 0, dqinfo); // Q_SETINFO
    q(qcmd(0x80_0007, 0), u64::from(u32::MAX), out); // Q_GETQUOTA
    q(qcmd(0x80_0008, 1), 1000, dqblk); // Q_SETQUOTA
    q(qcmd(0x80_0008, 1), 1000, dqblk + 4); // Q_SETQUOTA, crossing into the unmapped page
    q(qcmd(0x80_0009, 0), 0, out); // Q_GETNEXTQUOTA
    q(qcmd(0x5801, 0), 0, flags); // Q_XQUOTAON
    q(qcmd(0x5802, 0xed), 0, flags + 2); // Q_XQUOTAOFF, unreadable
    q(qcmd(0x5804, 2), 7, disk_quota); // Q_XSETQLIM
    q(qcmd(0x5805, 0), 0, out); // Q_XGETQSTAT
    q(qcmd(0x5806, 1), 0, flags); // Q_XQUOTARM
    q(qcmd(0x5807, 0), 0, 0); // Q_XQUOTASYNC
    q(qcmd(0x00ba_dc0d, 0xed), 0xcafe, out);
}

fn times() {
    let missing = c"/tracer-no-such-file";
    let utimbuf = at_page_end(&words(&[1_492_350_678, 0]));
    let timevals = at_page_end(&words(&[1_492_358_607, 345_678, 1_492_356_078, 1_000_001]));
    let timespecs = at_page_end(&words(&[1, (1 << 30) - 1, 2, (1 << 30) - 2]));
    let bad_tv = at_page_end(&words(&[0, 1_000_000]));
    let tz = at_page_end(&[0; 8]);
    // A sigevent (the kernel reads 64 bytes): SIGEV_NONE, then SIGEV_THREAD with its function and attributes.
    let mut sev = words(&[0xdead_beef_badc_0ded, 0, 0xcafe_f00d_face_feed, 0, 0, 0, 0, 0]);
    sev[8..16].copy_from_slice(&[14, 0, 0, 0, 1, 0, 0, 0]);
    let none = at_page_end(&sev);
    sev[12] = 2;
    let thread = at_page_end(&sev);
    let timer = at_page_end(&[0; 4]);
    let setting = at_page_end(&words(&[0, 0, 1, 1_000_000_000]));
    let old = at_page_end(&[0; 32]);
    // SAFETY: raw syscalls: every change of time fails (a missing file, an invalid time), the
    // timer is this process's own and never armed.
    unsafe {
        libc::syscall(libc::SYS_utime, missing.as_ptr(), utimbuf);
        libc::syscall(libc::SYS_utime, missing.as_ptr(), utimbuf + 8);
        libc::syscall(libc::SYS_utimes, missing.as_ptr(), timevals);
        libc::syscall(libc::SYS_futimesat, libc::AT_FDCWD, missing.as_ptr(), timevals);
        libc::syscall(libc::SYS_utimensat, libc::AT_FDCWD, missing.as_ptr(), timespecs, 0);
        libc::syscall(libc::SYS_settimeofday, bad_tv, tz);
        libc::syscall(libc::SYS_gettimeofday, 0, tz);
        libc::syscall(libc::SYS_timer_create, libc::CLOCK_MONOTONIC, none, timer);
        libc::syscall(libc::SYS_timer_create, 0xbad, thread, timer);
        libc::syscall(libc::SYS_timer_settime, 0, 0, setting, old);
        libc::syscall(libc::SYS_timer_gettime, 0, old);
        libc::syscall(libc::SYS_timer_delete, 0);
        libc::syscall(libc::SYS_adjtimex, edges::page_end() - 100);
    }
}

fn system() {
    let restart2 = 0xa1b2_c3d4u64;
    let name = at_page_end(b"tracer-restart\0");
    let desc =
        at_page_end(&[0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x94, 0, 0, 0]);
    let entry = at_page_end(&1u32.to_le_bytes());
    let sysctl = at_page_end(&words(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    let value = at_page_end(b"foo\0bar\0");
    let host = at_page_end(&[b'h'; 65]);
    let page = at_page_end(&[1; 4096]);
    let vec = at_page_end(&[0; 2]);
    // SAFETY: raw syscalls that fail: reboot's second magic number is wrong, the host name too
    // long, the descriptor -1, the path missing, the LDT function unknown; syslog only asks for
    // the size of the log buffer; mincore looks at this process's own page.
    unsafe {
        libc::syscall(libc::SYS_reboot, 0xfee1_deadu64, 0u64, restart2, name);
        libc::syscall(libc::SYS_reboot, 0u64, 672_274_793u64, 0x0123_4567u64, 0u64);
        libc::syscall(libc::SYS_ioperm, u64::MAX, 1u64, 0);
        libc::syscall(libc::SYS_syslog, 10, 0, 0);
        libc::syscall(libc::SYS_syslog, -1, 0, -1);
        libc::syscall(libc::SYS_sethostname, host, 65);
        libc::syscall(libc::SYS_fsetxattr, -1, c"user.tracer".as_ptr(), value, 8, 1);
        libc::syscall(libc::SYS_fsetxattr, -1, c"user.tracer".as_ptr(), value, 65537, 1);
        libc::syscall(libc::SYS_listxattr, c"/tracer-no-such-file".as_ptr(), value, 8);
        libc::syscall(libc::SYS_modify_ldt, -1, desc, 16);
        libc::syscall(libc::SYS_modify_ldt, -1, desc, 15);
        libc::syscall(libc::SYS_get_thread_area, entry);
        libc::syscall(libc::SYS__sysctl, sysctl);
        libc::syscall(libc::SYS_mincore, page, 4096, vec);
    }
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    edges::begin();
    match mode.as_str() {
        "numa" => numa(),
        "quota" => quota(),
        "times" => times(),
        "system" => system(),
        other => eprintln!("fixture-mm: unknown mode {other:?}"),
    }
    edges::end();
    // SAFETY: ends the process without running destructors or flushing anything.
    unsafe { libc::_exit(0) };
}
