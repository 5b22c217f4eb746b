//! Calls whose arguments are structs the caller sizes, or bounded as strace bounds them: bpf's
//! `union bpf_attr` (its size argument), io_uring_setup's params, clone3's flags, kexec's
//! segments and command line, futex_waitv's waiters, memfd_create's name. Every call fails
//! (invalid types, flags or descriptors) or changes nothing outside the process.
//! Usage: fixture-bpf MODE (`bpf`, `uring`, `kexec`, `misc`).

use tracer_tests::edges;

/// BPF_MAP_CREATE, BPF_MAP_LOOKUP_ELEM, BPF_MAP_UPDATE_ELEM, BPF_PROG_LOAD, BPF_MAP_FREEZE.
const MAP_CREATE: i64 = 0;
const MAP_LOOKUP_ELEM: i64 = 1;
const MAP_UPDATE_ELEM: i64 = 2;
const PROG_LOAD: i64 = 5;
const MAP_FREEZE: i64 = 22;

fn bpf(cmd: i64, attr: u64, size: u64) {
    // SAFETY: the kernel reads `size` bytes at `attr`, which are readable or fault (EFAULT).
    unsafe { libc::syscall(libc::SYS_bpf, cmd, attr, size) };
}

/// `bytes` copied to just before the end of a page whose next page is unmapped.
fn at_page_end(bytes: &[u8]) -> u64 {
    let end = edges::page_end();
    let at = end - bytes.len() as u64;
    // SAFETY: `at..end` lies in the fresh readable and writable page.
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), at as *mut u8, bytes.len()) };
    at
}

fn bpf_calls() {
    // A map of an unknown type (EINVAL), with a name, flags and a NUMA node.
    let mut create = [0u8; 72];
    create[0..4].copy_from_slice(&0xdead_f00du32.to_le_bytes());
    create[4..8].copy_from_slice(&4u32.to_le_bytes());
    create[8..12].copy_from_slice(&8u32.to_le_bytes());
    create[16..20].copy_from_slice(&0xc0de_1005u32.to_le_bytes());
    create[20..24].copy_from_slice(&(-1i32).to_le_bytes());
    create[24..28].copy_from_slice(&u32::MAX.to_le_bytes());
    create[28..44].copy_from_slice(b"0123456789abcdef");
    bpf(MAP_CREATE, 0, 72);
    bpf(MAP_CREATE, create.as_ptr() as u64, 0);
    bpf(MAP_CREATE, create.as_ptr() as u64, 20);
    bpf(MAP_CREATE, create.as_ptr() as u64, 36);
    bpf(MAP_CREATE, create.as_ptr() as u64, 72);
    bpf(MAP_CREATE, at_page_end(&create[..36]), 36);
    bpf(MAP_CREATE, at_page_end(&create[..36]) - 1, 36);
    // Element commands on no map (EBADF); bytes past the struct (E2BIG), all zero, too many.
    let mut elem = [0u8; 256];
    elem[0..4].copy_from_slice(&(-1i32).to_le_bytes());
    elem[8..16].copy_from_slice(&0xdead_beefu64.to_le_bytes());
    elem[24..32].copy_from_slice(&4u64.to_le_bytes());
    bpf(MAP_LOOKUP_ELEM, elem.as_ptr() as u64, 4);
    bpf(MAP_LOOKUP_ELEM, elem.as_ptr() as u64, 32);
    bpf(MAP_LOOKUP_ELEM, elem.as_ptr() as u64, 256);
    elem[200] = 1;
    bpf(MAP_LOOKUP_ELEM, elem.as_ptr() as u64, 256);
    bpf(MAP_UPDATE_ELEM, elem.as_ptr() as u64, 32);
    bpf(MAP_FREEZE, elem.as_ptr() as u64, 4);
    bpf(MAP_LOOKUP_ELEM, elem.as_ptr() as u64, 4097);
    // A program of an unknown type, its kernel version and name.
    let mut load = [0u8; 128];
    load[0..4].copy_from_slice(&0x20u32.to_le_bytes());
    load[4..8].copy_from_slice(&3u32.to_le_bytes());
    load[24..28].copy_from_slice(&24u32.to_le_bytes());
    load[40..44].copy_from_slice(&0xcafe_f00du32.to_le_bytes());
    load[44..48].copy_from_slice(&0x21u32.to_le_bytes());
    load[48..64].copy_from_slice(b"fedcba987654321\0");
    load[68..72].copy_from_slice(&2u32.to_le_bytes());
    for size in [24, 40, 64, 68, 128] {
        bpf(PROG_LOAD, load.as_ptr() as u64, size);
    }
    // A command strace does not decode (BPF_ENABLE_STATS of an unknown type), and an unknown one.
    bpf(0x20, elem.as_ptr() as u64, 4);
    bpf(0x7f, elem.as_ptr() as u64, 16);
}

fn uring() {
    let mut params = [0u8; 120];
    params[8..12].copy_from_slice(&0xffff_f020u32.to_le_bytes());
    params[24..28].copy_from_slice(&(-1i32).to_le_bytes());
    params[32..36].copy_from_slice(&7u32.to_le_bytes());
    // SAFETY: io_uring_setup reads (and on success fills) the 120-byte params; these fail.
    unsafe {
        libc::syscall(libc::SYS_io_uring_setup, u32::MAX, 0usize);
        libc::syscall(libc::SYS_io_uring_setup, 1, params.as_mut_ptr());
        libc::syscall(libc::SYS_io_uring_setup, 1, at_page_end(&params[..100]));
    }
    // clone3 with unknown flags (EINVAL): no process is made.
    let mut args = [0u64; 11];
    args[0] = 0xbad0_0000_0010_0001;
    args[4] = 17;
    // SAFETY: clone3 reads the 64 or 88 bytes of `args`, rejects the flags and returns.
    unsafe {
        libc::syscall(libc::SYS_clone3, args.as_ptr(), 64);
        args[0] = 0xbad0_0000_0008_0001;
        libc::syscall(libc::SYS_clone3, args.as_ptr(), 88);
    }
}

fn kexec() {
    // Segments: 16 bytes of buf and bufsz, 16 of mem and memsz each.
    let mut segs = [0u64; 4 * 12];
    for (i, s) in segs.iter_mut().enumerate() {
        *s = 0x8000_0000_0000_0000 | i as u64;
    }
    let cmdline = at_page_end(b"deadcodebeef\0");
    // SAFETY: another architecture, too many segments or unknown flags: EINVAL (or EPERM, ENOSYS)
    // before the kernel looks at anything else.
    unsafe {
        libc::syscall(libc::SYS_kexec_load, 0, 0, 0, 0xda7a_1054u64);
        libc::syscall(libc::SYS_kexec_load, 1, 17, segs.as_ptr(), 0x2a_0003u64);
        libc::syscall(libc::SYS_kexec_load, 1, 12, segs.as_ptr(), 0x2a_0003u64);
        libc::syscall(libc::SYS_kexec_load, 1, 3, segs.as_ptr(), 0xdead_0000u64);
        libc::syscall(libc::SYS_kexec_file_load, -1, -1, 0, 0, 0x8000_0007u64);
        libc::syscall(libc::SYS_kexec_file_load, -1, -1, 13, cmdline, 0x8000_0007u64);
        libc::syscall(libc::SYS_kexec_file_load, -1, -1, 4, cmdline, 0x8000_0000u64);
        libc::syscall(libc::SYS_kexec_file_load, -1, -1, 20, cmdline, 0x8000_0000u64);
    }
}

fn misc() {
    let mut name = [b'x'; 250];
    name[..10].copy_from_slice(b"0123456789");
    let long = at_page_end(&name);
    name[249] = 0;
    let short = at_page_end(&name);
    // 129 waiters of 3 words: more than strace shows.
    let mut waiters = vec![0u64; 3 * 129];
    waiters[2] = 0x82;
    waiters[5] = 0x1_0000_0002;
    for (i, w) in waiters.iter_mut().enumerate().skip(6) {
        *w = i as u64 % 3;
    }
    let timeout = [1i64, 2];
    // SAFETY: invalid flags (memfd_create, close_range, perf_event_open), no waiters or bad ones
    // (futex_waitv): each fails without doing anything.
    unsafe {
        libc::syscall(libc::SYS_memfd_create, long, 0x20);
        libc::syscall(libc::SYS_memfd_create, short, 0x7800_0020u64);
        libc::syscall(libc::SYS_memfd_create, 0, 0xffff_ffffu64);
        libc::syscall(libc::SYS_close_range, -2i64, -1i64, 1);
        libc::syscall(libc::SYS_close_range, -5i64, 7, 0xf);
        libc::syscall(libc::SYS_perf_event_open, 0, -1, -1, -1, u64::MAX);
        libc::syscall(libc::SYS_perf_event_open, 0, 0, 0, 0, 0xfu64);
        libc::syscall(libc::SYS_futex_waitv, waiters.as_ptr(), 0, 0, 0, 1);
        libc::syscall(libc::SYS_futex_waitv, waiters.as_ptr(), 3, 1, timeout.as_ptr(), 1);
        libc::syscall(libc::SYS_futex_waitv, waiters.as_ptr(), 129, 0, 0, 0xffff_ffffu64);
    }
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    edges::begin();
    match mode.as_str() {
        "bpf" => bpf_calls(),
        "uring" => uring(),
        "kexec" => kexec(),
        "misc" => misc(),
        other => eprintln!("fixture-bpf: unknown mode {other:?}"),
    }
    edges::end();
    // SAFETY: ends the process without running atexit handlers (no extra syscalls in the trace).
    unsafe { libc::_exit(0) };
}
