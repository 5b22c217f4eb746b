//! Calls that wait, with the arguments strace's own tests give them: select's fd sets sized by
//! `nfds` bits (garbage in its register's upper half, sets at the end of a page), pselect6's and
//! io_pgetevents' `{sigmask, sigsetsize}`, signal sets shorter than 8 bytes, epoll_pwait2 failing,
//! and sleeps cut short by a signal (the remaining time is printed).
//! Usage: fixture-wait MODE (`select`, `select-huge`, `sigsets`, `sleeps`).

use tracer_tests::edges;

/// A register whose low half is `low` and whose upper half is garbage.
fn dirty(low: u32) -> libc::c_long {
    (0xdead_beef_0000_0000u64 | u64::from(low)) as libc::c_long
}

/// Two pipes' descriptors, all ready for writing.
fn pipes() -> [i32; 4] {
    let mut fds = [0; 4];
    // SAFETY: pipe() writes two ints each.
    unsafe {
        libc::pipe(fds.as_mut_ptr());
        libc::pipe(fds.as_mut_ptr().add(2));
    }
    fds
}

fn select() {
    let fds = pipes();
    let end = edges::page_end();
    let set_at = |bytes: u64| -> *mut u64 { (end - bytes) as *mut u64 };
    let bits = (1u64 << fds[1]) | (1u64 << fds[3]);
    // SAFETY: the sets are written inside the mapped page; raw syscalls on our own pipes.
    unsafe {
        // One long at the very end of the page: nfds up to 64 reads only it.
        *set_at(8) = bits;
        let nfds = fds[3] + 1;
        libc::syscall(libc::SYS_select, dirty(nfds as u32), 0usize, set_at(8), 0usize, 0usize);
        libc::syscall(libc::SYS_select, 64, 0usize, set_at(8), 0usize, 0usize);
        // 65 bits need two longs: the second lies past the page. The kernel reads no more bits
        // than the descriptor table has slots (64 until a descriptor above 63 is opened, which
        // depends on who started us), so grow the table first for it to read both and fail.
        libc::close(libc::dup2(0, 127));
        libc::syscall(libc::SYS_select, 65, 0usize, set_at(8), 0usize, 0usize);
        // A negative nfds reads nothing.
        libc::syscall(libc::SYS_select, -1, 0usize, set_at(8), 0usize, 0usize);
        let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 100 };
        libc::syscall(libc::SYS_pselect6, nfds, 0usize, set_at(8), 0usize, &mut ts, 0usize);
    }
}

/// select with a huge `nfds` (strace reads 128 KiB of each set): the sets lie at the start of an
/// anonymous mapping whose later pages the process never touched (a probe cannot read them).
fn select_huge() {
    let fds = pipes();
    const LEN: usize = 160 * 1024;
    // SAFETY: a fresh private anonymous mapping of our own; only its first page is written; raw
    // syscalls on our own pipes with a zero timeout.
    unsafe {
        let map = libc::mmap(
            std::ptr::null_mut(),
            3 * LEN,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        );
        if map == libc::MAP_FAILED {
            return;
        }
        let base = map as usize;
        let (inp, outp, exp) = (base as *mut u64, (base + LEN) as *mut u64, (base + 2 * LEN) as *mut u64);
        let null = libc::open(c"/dev/null".as_ptr(), libc::O_RDONLY);
        *inp = (1u64 << fds[0]) | (1u64 << fds[2]) | (1u64 << null.clamp(0, 63));
        *outp = (1u64 << fds[1]) | (1u64 << fds[3]);
        *exp = 0;
        let mut tv = libc::timeval { tv_sec: 0, tv_usec: 0 };
        libc::syscall(libc::SYS_select, i32::MAX, inp, outp, exp, &mut tv);
        let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        libc::syscall(libc::SYS_pselect6, i32::MAX, inp, outp, exp, &mut ts, 0usize);
    }
}

/// `{sigmask, sigsetsize}` at the end of a page, with each kind of sigmask.
fn sigsets() {
    let fds = pipes();
    let end = edges::page_end();
    // SAFETY: the structs and sets are written inside the mapped page; raw syscalls that return at
    // once or fail.
    unsafe {
        let pair = (end - 16) as *mut u64;
        let set = (end - 24) as *mut u64;
        *set = 1 << (libc::SIGUSR1 - 1);
        let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 100 };
        *pair = set as u64;
        *pair.add(1) = 8;
        libc::syscall(libc::SYS_pselect6, fds[3] + 1, 0usize, 0usize, 0usize, &mut ts, pair);
        *pair.add(1) = 4;
        libc::syscall(libc::SYS_pselect6, fds[3] + 1, 0usize, 0usize, 0usize, &mut ts, pair);
        *pair = 0;
        *pair.add(1) = 8;
        libc::syscall(libc::SYS_pselect6, fds[3] + 1, 0usize, 0usize, 0usize, &mut ts, pair);
        *pair = end;
        libc::syscall(libc::SYS_pselect6, fds[3] + 1, 0usize, 0usize, 0usize, &mut ts, pair);
        libc::syscall(libc::SYS_pselect6, fds[3] + 1, 0usize, 0usize, 0usize, &mut ts, end - 8);
        libc::syscall(333 /* io_pgetevents */, 0usize, 0, 0, 0usize, &mut ts, pair);
        // rt_sigpending writes as many bytes as asked, at the end of the page.
        libc::syscall(libc::SYS_rt_sigpending, end - 4, 4);
        libc::syscall(libc::SYS_rt_sigpending, end - 1, 1);
        libc::syscall(libc::SYS_rt_sigpending, end - 8, 8);
        // epoll_pwait2 reads its timeout and mask at exit only when it succeeded.
        libc::syscall(libc::SYS_epoll_pwait2, -1, end - 12, 1, &mut ts, set, 8usize);
        let ep = libc::epoll_create1(0);
        libc::syscall(libc::SYS_epoll_pwait2, ep, end - 12, 1, &mut ts, set, 8usize);
        libc::syscall(libc::SYS_epoll_pwait, ep, end - 12, 1, 0, set, 8usize);
    }
}

extern "C" fn on_alarm(_: libc::c_int) {}

/// Sleeps cut short by SIGALRM: nanosleep and relative clock_nanosleep print the time left; an
/// absolute clock_nanosleep does not write it.
fn sleeps() {
    // SAFETY: a handler that does nothing, timers of our own, and sleeps into local timespecs.
    unsafe {
        libc::signal(libc::SIGALRM, on_alarm as *const () as usize);
        let timer = |usec: i64| {
            let it = libc::itimerval {
                it_interval: libc::timeval { tv_sec: 0, tv_usec: 0 },
                it_value: libc::timeval { tv_sec: 0, tv_usec: usec },
            };
            libc::setitimer(libc::ITIMER_REAL, &it, std::ptr::null_mut());
        };
        let req = libc::timespec { tv_sec: 5, tv_nsec: 0 };
        let mut rem = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        timer(20_000);
        libc::syscall(libc::SYS_nanosleep, &req, &mut rem);
        timer(20_000);
        libc::syscall(libc::SYS_clock_nanosleep, libc::CLOCK_MONOTONIC, 0, &req, &mut rem);
        let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut now);
        let until = libc::timespec { tv_sec: now.tv_sec + 5, tv_nsec: 0 };
        timer(20_000);
        libc::syscall(
            libc::SYS_clock_nanosleep,
            libc::CLOCK_MONOTONIC,
            libc::TIMER_ABSTIME,
            &until,
            &mut rem,
        );
    }
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    edges::begin();
    match mode.as_str() {
        "select" => select(),
        "select-huge" => select_huge(),
        "sigsets" => sigsets(),
        "sleeps" => sleeps(),
        _ => eprintln!("fixture-wait: unknown mode {mode:?}"),
    }
    edges::end();
    // SAFETY: leave without running destructors, as the other fixtures do.
    unsafe { libc::_exit(0) };
}
