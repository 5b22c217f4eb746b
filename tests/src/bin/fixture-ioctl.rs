//! ioctl requests and their arguments, on descriptor -1 (every call fails with EBADF before the
//! kernel reads the argument; strace and tracer still print what the caller passed).
//! Usage: fixture-ioctl MODE: `requests` (names, several names for one number, names built from the
//! number, `_IOC(...)` forms, the generic hex argument and requests without one) or `args`
//! (argument structures, one at the end of a page before an unmapped one, NULL and bad pointers).

use tracer_tests::edges;

/// `ioctl(-1, code, arg)`.
fn ioctl(code: u32, arg: usize) {
    // SAFETY: on descriptor -1 the call fails with EBADF and touches no memory.
    unsafe { libc::syscall(libc::SYS_ioctl, -1, code as libc::c_ulong, arg) };
}

fn requests() {
    let junk = 0xdead_beef_badc_0dedusize;
    for code in [
        0x5401,      // TCGETS
        0x5402,      // SNDCTL_TMR_START or TCSETS
        0x1234,      // _IOC(_IOC_NONE, 0x12, 0x34, 0)
        0xc0ff_45fe, // _IOC(_IOC_READ|_IOC_WRITE, 0x45, 0xfe, 0xff)
        0x8004_4521, // EVIOCGBIT(EV_KEY, 4)
        0x8004_453f, // EVIOCGBIT(0x1f /* EV_??? */, 4)
        0x8018_4540, // EVIOCGABS(ABS_X)
        0x4018_45c1, // EVIOCSABS(ABS_Y)
        0x8008_4d0d, // MIXER_READ(13) or OTPSELECT
        0x8004_6a13, // JSIOCGNAME(4)
        0x3e01,      // COUNTER_ENABLE_EVENTS_IOCTL: no argument
        0x125f,      // BLKRRPART: no argument
        0x5204,      // FASTRPC_IOCTL_INIT_ATTACH or RNDZAPENTCNT
        0x4004_4900, // INOTIFY_IOC_SETNEXTWD: an int by value
        0x1262,      // BLKRASET: a value
    ] {
        ioctl(code, junk);
    }
}

fn args() {
    // Two pages, the second unmapped: objects at the end of the first are whole, objects that
    // cross into the second are unreadable.
    // SAFETY: anonymous private mappings of our own.
    let page = unsafe {
        let page = libc::mmap(
            std::ptr::null_mut(),
            8192,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        );
        libc::munmap(page.cast::<u8>().add(4096).cast(), 4096);
        page.cast::<u8>()
    };
    let end = |size: usize| -> usize { page as usize + 4096 - size };
    let fill = |at: usize, bytes: &[u8]| {
        // SAFETY: `at..at + len` lies in the mapped page.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), at as *mut u8, bytes.len()) };
    };
    edges::begin();
    // TIOCSWINSZ: a winsize at the page's end, then one crossing it.
    fill(end(8), &[24, 0, 80, 0, 1, 0, 2, 0]);
    ioctl(0x5414, end(8));
    ioctl(0x5414, end(4));
    ioctl(0x5414, 0);
    // TIOCMSET: modem lines.
    fill(end(4), &0x0000_0006u32.to_le_bytes());
    ioctl(0x5418, end(4));
    // BLKDISCARD: a pair of u64.
    let mut pair = [0u8; 16];
    pair[..8].copy_from_slice(&4096u64.to_le_bytes());
    pair[8..].copy_from_slice(&8192u64.to_le_bytes());
    fill(end(16), &pair);
    ioctl(0x1277, end(16));
    // BLKROSET: an int in; BLKGETSIZE64: a u64 out (the call fails: the address).
    fill(end(4), &7i32.to_le_bytes());
    ioctl(0x125d, end(4));
    ioctl(0x8008_1272, end(8));
    // COUNTER_ADD_WATCH_IOCTL: struct counter_watch.
    fill(end(6), &[1, 2, 3, 4, 5, 6]);
    ioctl(0x4006_3e00, end(6));
    fill(end(6), &[9, 9, 0, 0, 9, 0]);
    ioctl(0x4006_3e00, end(6));
    // FITRIM and FS_IOC_FSSETXATTR.
    let mut range = [0u8; 24];
    range[..8].copy_from_slice(&0x1000u64.to_le_bytes());
    range[8..16].copy_from_slice(&u64::MAX.to_le_bytes());
    fill(end(24), &range);
    ioctl(0xc018_5879, end(24));
    let mut xattr = [0u8; 28];
    xattr[..4].copy_from_slice(&0x8000_0009u32.to_le_bytes());
    xattr[12..16].copy_from_slice(&0xabcu32.to_le_bytes());
    fill(end(28), &xattr);
    ioctl(0x401c_5820, end(28));
    // RNDADDENTROPY: struct rand_pool_info with its buffer.
    let mut pool = [0u8; 16];
    pool[..4].copy_from_slice(&8i32.to_le_bytes());
    pool[4..8].copy_from_slice(&8i32.to_le_bytes());
    pool[8..].copy_from_slice(b"entropy\0");
    fill(end(16), &pool);
    ioctl(0x4008_5203, end(16));
    // WDIOC_SETTIMEOUT, and a bad pointer.
    fill(end(4), &30i32.to_le_bytes());
    ioctl(0xc004_5706, end(4));
    ioctl(0xc004_5706, page as usize + 4096);
    edges::end();
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    match mode.as_str() {
        "requests" => {
            edges::begin();
            requests();
            edges::end();
        }
        "args" => args(),
        other => eprintln!("fixture-ioctl: unknown mode {other:?}"),
    }
    // SAFETY: ends the process without running atexit handlers (no extra syscalls in the trace).
    unsafe { libc::_exit(0) };
}
