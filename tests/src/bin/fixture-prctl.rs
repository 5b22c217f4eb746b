//! prctl, arch_prctl and personality: options whose arguments are values, memory the call reads
//! or fills (names, ints, addresses), return values with meanings, and memory that ends at an
//! unmapped page. Every call only reads the fixture's own settings, fails, or sets what is
//! already set.
//! Usage: fixture-prctl MODE (`options`, `faults`).

use tracer_tests::edges;

fn prctl(option: libc::c_long, a2: u64, a3: u64, a4: u64, a5: u64) {
    // SAFETY: a raw prctl; the options used here read, fail, or set what is already set.
    unsafe { libc::syscall(libc::SYS_prctl, option, a2, a3, a4, a5) };
}

fn addr<T>(value: &mut T) -> u64 {
    std::ptr::from_mut(value) as u64
}

fn options() {
    let mut name = [0u8; 16];
    let mut int: i32 = -1;
    let mut word: u64 = 0;
    prctl(libc::PR_GET_NAME as _, addr(&mut name), 0, 0, 0);
    // The name it already has.
    prctl(libc::PR_SET_NAME as _, name.as_ptr() as u64, 0, 0, 0);
    prctl(libc::PR_GET_PDEATHSIG as _, addr(&mut int), 0, 0, 0);
    prctl(libc::PR_SET_PDEATHSIG as _, 200, 0, 0, 0);
    prctl(libc::PR_GET_DUMPABLE as _, 0, 0, 0, 0);
    prctl(libc::PR_SET_DUMPABLE as _, 7, 0, 0, 0);
    prctl(libc::PR_GET_TSC as _, addr(&mut int), 0, 0, 0);
    prctl(libc::PR_GET_UNALIGN as _, addr(&mut int), 0, 0, 0);
    prctl(libc::PR_GET_CHILD_SUBREAPER as _, addr(&mut int), 0, 0, 0);
    prctl(libc::PR_GET_TID_ADDRESS as _, addr(&mut word), 0, 0, 0);
    prctl(libc::PR_GET_SECUREBITS as _, 0, 0, 0, 0);
    prctl(libc::PR_CAPBSET_READ as _, 21, 0, 0, 0);
    prctl(libc::PR_CAP_AMBIENT as _, 1, 21, 0, 0);
    prctl(libc::PR_MCE_KILL_GET as _, 0, 0, 0, 0);
    prctl(libc::PR_GET_SPECULATION_CTRL as _, 0, 0, 0, 0);
    prctl(libc::PR_SET_SPECULATION_CTRL as _, 9, 0, 0, 0);
    prctl(libc::PR_GET_FP_MODE as _, 0, 0, 0, 0);
    prctl(50, 0x6_0010, 0, 0, 0);
    prctl(55, 0x57ae_57f5, 0, 0, 0);
    prctl(56, 0, 0, 0, 0);
    prctl(54, 0x31, 0, 0, 0);
    prctl(62, 0, u64::MAX, 1, addr(&mut word));
    prctl(libc::PR_SET_MM as _, 0xff, 1, 2, 3);
    prctl(libc::PR_SET_TSC as _, 0, 0, 0, 0);
    prctl(0x5356_4d41, 0, 1, 2, c"anon".as_ptr() as u64);
    prctl(0xdead, 1, 2, 3, 4);
    // SAFETY: arch_prctl reads of the fixture's own state, one unknown code; personality queries.
    unsafe {
        libc::syscall(libc::SYS_arch_prctl, 0x1003, addr(&mut word));
        libc::syscall(libc::SYS_arch_prctl, 0x1021, addr(&mut word));
        libc::syscall(libc::SYS_arch_prctl, 0x1023, 2);
        libc::syscall(libc::SYS_arch_prctl, 0x9999, 0x1000);
        libc::syscall(libc::SYS_personality, 0xffff_ffffu32);
    }
}

fn faults() {
    let end = edges::page_end();
    // SAFETY: writes inside the mapped page.
    unsafe { std::ptr::copy_nonoverlapping(c"abc".as_ptr().cast::<u8>(), (end - 4) as *mut u8, 4) };
    // A name ending at the page end, one running into the unmapped page, one unmapped.
    prctl(libc::PR_SET_NAME as _, end - 4, 0, 0, 0);
    prctl(libc::PR_SET_NAME as _, end - 2, 0, 0, 0);
    prctl(libc::PR_SET_NAME as _, end, 0, 0, 0);
    // An int cut by the page end, and whole before it.
    prctl(libc::PR_GET_PDEATHSIG as _, end - 2, 0, 0, 0);
    prctl(libc::PR_GET_PDEATHSIG as _, end - 4, 0, 0, 0);
    prctl(libc::PR_GET_TID_ADDRESS as _, end - 4, 0, 0, 0);
    prctl(libc::PR_GET_NAME as _, end, 0, 0, 0);
    // SAFETY: the unmapped page makes the call fail.
    unsafe { libc::syscall(libc::SYS_arch_prctl, 0x1003, end) };
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    edges::begin();
    match mode.as_str() {
        "options" => options(),
        "faults" => faults(),
        other => eprintln!("fixture-prctl: unknown mode {other:?}"),
    }
    edges::end();
    // SAFETY: ends the process without running atexit handlers (no extra syscalls in the trace).
    unsafe { libc::_exit(0) };
}
