//! Memory behind pointers inside struct arguments (`tracer_common::capture::deref`): clone3's
//! `set_tid` array, ptrace's register sets (the `struct iovec`'s `iov_base`, the regs at `data`)
//! and PTRACE_PEEKSIGINFO's arguments. Every call fails early: clone3 on an invalid exit signal
//! (no process is made), ptrace on a pid that does not exist.
//! Usage: fixture-ptrmem MODE (`clone3`, `ptrace`).

use tracer_tests::edges;

/// A pid no process has.
const NO_PID: libc::c_long = 0x7fff_fff0;

/// clone3 with a `struct clone_args` of 88 bytes whose `set_tid` is `tids`, `count` long; the
/// exit signal is invalid, so the call fails with EINVAL before it makes anything.
fn clone3(tids: u64, count: u64) {
    let mut args = [0u64; 11];
    args[4] = 0xffff; // exit_signal: not a signal.
    args[8] = tids;
    args[9] = count;
    // SAFETY: clone3 with an invalid exit signal fails without creating a process.
    unsafe { libc::syscall(libc::SYS_clone3, args.as_ptr(), 88usize) };
}

fn clone3_calls(end: u64) {
    let tids: [i32; 3] = [7, -1, 0x7fff_0000];
    clone3(tids.as_ptr() as u64, 3);
    clone3(tids.as_ptr() as u64, 0);
    clone3(0, 3);
    // Unreadable, and readable for one element of three.
    clone3(end, 2);
    // SAFETY: writes inside the mapped page.
    unsafe { ((end - 4) as *mut i32).write(42) };
    clone3(end - 4, 3);
    // Too many to be shown: the address.
    clone3(tids.as_ptr() as u64, 40);
}

fn ptrace(request: libc::c_long, addr: u64, data: u64) {
    // SAFETY: ptrace on a pid that does not exist: it fails with ESRCH.
    unsafe { libc::syscall(libc::SYS_ptrace, request, NO_PID, addr, data) };
}

fn ptrace_calls(end: u64) {
    // Deterministic register contents.
    let mut regs = [0u64; 64];
    for (i, r) in regs.iter_mut().enumerate() {
        *r = 0x1000 + i as u64;
    }
    let base = regs.as_ptr() as u64;
    const NT_PRSTATUS: u64 = 1;
    const NT_FPREGSET: u64 = 2;
    const NT_PRPSINFO: u64 = 3;
    for (nt, len) in [(NT_PRSTATUS, 216u64), (NT_PRSTATUS, 40), (NT_PRSTATUS, 304), (NT_FPREGSET, 512)] {
        let iov: [u64; 2] = [base, len];
        ptrace(libc::PTRACE_SETREGSET as libc::c_long, nt, iov.as_ptr() as u64);
        ptrace(libc::PTRACE_GETREGSET as libc::c_long, nt, iov.as_ptr() as u64);
    }
    // A length that is not a multiple of 8, an unreadable iov_base, a type strace does not decode.
    for (nt, iov) in [(NT_PRSTATUS, [base, 13]), (NT_PRSTATUS, [end, 216]), (NT_PRPSINFO, [base, 8])] {
        ptrace(libc::PTRACE_SETREGSET as libc::c_long, nt, iov.as_ptr() as u64);
    }
    ptrace(libc::PTRACE_SETREGSET as libc::c_long, NT_PRSTATUS, end);
    ptrace(libc::PTRACE_SETREGS as libc::c_long, 0, base);
    ptrace(libc::PTRACE_SETFPREGS as libc::c_long, 0, base);
    ptrace(libc::PTRACE_GETREGS as libc::c_long, 0, base);
    let args: [u64; 2] = [5, 1 | (3 << 32)];
    ptrace(libc::PTRACE_PEEKSIGINFO as libc::c_long, args.as_ptr() as u64, base);
    ptrace(libc::PTRACE_PEEKSIGINFO as libc::c_long, end, base);
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let end = edges::page_end();
    edges::begin();
    match mode.as_str() {
        "clone3" => clone3_calls(end),
        "ptrace" => ptrace_calls(end),
        other => eprintln!("fixture-ptrmem: unknown mode {other:?}"),
    }
    edges::end();
    // SAFETY: ends the process without running atexit handlers (no extra syscalls in the trace).
    unsafe { libc::_exit(0) };
}
