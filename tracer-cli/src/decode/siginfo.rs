//! `siginfo_t`, as strace 6.1's `printsiginfo`: `{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=42,
//! si_uid=0, si_status=0, si_utime=0, si_stime=0}`.

use super::arrays::id;
use super::fields::Fields;
use super::pids::{PidType, Pids};
use super::printer::{Fmt, Group, Printer};
use super::signals::signal;
use super::structs::clock_t;
use super::tables::{
    SIGBUS_CODES, SIGCHLD_CODES, SIGFPE_CODES, SIGILL_CODES, SIGINFO_CODES, SIGPOLL_CODES, SIGPROF_CODES,
    SIGSEGV_CODES, SIGSYS_CODES, SIGTRAP_CODES,
};
use super::xlat::{lookup, Xlat};

/// Bytes of a siginfo_t.
pub const SIZE: usize = 128;

/// Append the siginfo in `bytes`, its pids as `pids` decorates them; false (nothing appended)
/// when it is short.
pub fn print<P: Printer + ?Sized>(p: &mut P, bytes: &[u8], pids: Pids) -> bool {
    if bytes.len() < SIZE {
        return false;
    }
    let f = Fields(bytes);
    let signo = f.i32(0);
    p.open(Group::Struct);
    if signo != 0 {
        p.field("si_signo");
        signal(p, u64::from(signo as u32));
        p.field("si_code");
        let code = f.i32(8);
        code_name(p, code, signo);
        if code != 0x7fff {
            details(p, &f, signo, code, pids);
        }
    }
    p.close();
    true
}

/// `si_code`: a generic name, the signal's own name, or the number.
fn code_name<P: Printer + ?Sized>(p: &mut P, code: i32, signo: i32) {
    let value = u64::from(code as u32);
    let per_signal: Option<Xlat> = match signo {
        libc::SIGTRAP => Some(SIGTRAP_CODES),
        libc::SIGCHLD => Some(SIGCHLD_CODES),
        libc::SIGIO => Some(SIGPOLL_CODES),
        libc::SIGPROF => Some(SIGPROF_CODES),
        libc::SIGILL => Some(SIGILL_CODES),
        libc::SIGFPE => Some(SIGFPE_CODES),
        libc::SIGSEGV => Some(SIGSEGV_CODES),
        libc::SIGBUS => Some(SIGBUS_CODES),
        libc::SIGSYS => Some(SIGSYS_CODES),
        _ => None,
    };
    // strace's `print_xlat_ex` in the `-X` style: the name, or the number in hex.
    let name = lookup(SIGINFO_CODES, value).or_else(|| per_signal.and_then(|t| lookup(t, value)));
    p.constant(value, name, Fmt::Hex, "");
}

fn source<P: Printer + ?Sized>(p: &mut P, f: &Fields, pids: Pids) {
    p.field("si_pid");
    pids.pid(p, f.i32(16), PidType::Tgid);
    p.field("si_uid");
    id(p, f.u32(20));
}

fn sigval<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    p.field("si_int");
    p.int(i64::from(f.i32(24)));
    p.field("si_ptr");
    p.addr(f.u64(24));
}

fn field_addr<P: Printer + ?Sized>(p: &mut P, name: &str, value: u64) {
    p.field(name);
    p.addr(value);
}

fn details<P: Printer + ?Sized>(p: &mut P, f: &Fields, signo: i32, code: i32, pids: Pids) {
    let errno = f.i32(4);
    if errno != 0 {
        p.field("si_errno");
        // strace's PRINT_FIELD_ERR_U: unsigned, named in the `-X` style.
        let name = u16::try_from(errno).ok().and_then(super::errno::name);
        p.constant(u64::from(errno as u32), name, Fmt::Unsigned, "");
    }
    if code <= 0 {
        match code {
            libc::SI_USER | libc::SI_TKILL => source(p, f, pids),
            libc::SI_TIMER => {
                p.field("si_timerid");
                rust_hex(p, u64::from(f.u32(16)));
                p.field("si_overrun");
                p.int(i64::from(f.i32(20)));
                sigval(p, f);
            }
            libc::SI_SIGIO => band_fd(p, f, pids),
            _ => {
                source(p, f, pids);
                if f.u64(24) != 0 {
                    sigval(p, f);
                }
            }
        }
        return;
    }
    match signo {
        libc::SIGCHLD => {
            source(p, f, pids);
            p.field("si_status");
            if code == 1 {
                p.int(i64::from(f.i32(24)));
            } else {
                signal(p, u64::from(f.u32(24)));
            }
            p.field("si_utime");
            clock_t(p, f.u64(32));
            p.field("si_stime");
            clock_t(p, f.u64(40));
        }
        libc::SIGILL | libc::SIGFPE | libc::SIGTRAP => field_addr(p, "si_addr", f.u64(16)),
        libc::SIGBUS => {
            field_addr(p, "si_addr", f.u64(16));
            if code == 4 || code == 5 {
                p.field("si_addr_lsb");
                rust_hex(p, u64::from(f.u16(24)));
            }
        }
        libc::SIGSEGV => {
            field_addr(p, "si_addr", f.u64(16));
            match code {
                3 => {
                    field_addr(p, "si_lower", f.u64(32));
                    field_addr(p, "si_upper", f.u64(40));
                }
                4 => {
                    p.field("si_pkey");
                    p.uint(u64::from(f.u32(32)));
                }
                _ => {}
            }
        }
        libc::SIGIO => {
            if (1..=6).contains(&code) {
                band_fd(p, f, pids);
            }
        }
        libc::SIGSYS => {
            field_addr(p, "si_call_addr", f.u64(16));
            let nr = f.i32(24);
            p.field("si_syscall");
            // strace's PRINT_FIELD_SYSCALL_NAME: unsigned, then `__NR_name` as the `-X` style says.
            let value = u64::from(nr as u32);
            match tracer_common::syscall::info(value).filter(|_| f.u32(28) == 0xc000_003e) {
                Some(info) => p.constant(value, Some(&format!("__NR_{}", info.name)), Fmt::Unsigned, ""),
                None => p.uint(value),
            }
            p.field("si_arch");
            match f.u32(28) {
                0xc000_003e => p.constant(0xc000_003e, Some("AUDIT_ARCH_X86_64"), Fmt::Hex, ""),
                0x4000_0003 => p.constant(0x4000_0003, Some("AUDIT_ARCH_I386"), Fmt::Hex, ""),
                other => p.constant(u64::from(other), None, Fmt::Hex, "AUDIT_ARCH_???"),
            }
        }
        _ => {
            if f.i32(16) != 0 || f.u32(20) != 0 {
                source(p, f, pids);
            }
            if f.u64(24) != 0 {
                sigval(p, f);
            }
        }
    }
}

/// `si_band=N, si_fd=N` (the descriptor decorated with `-y`).
fn band_fd<P: Printer + ?Sized>(p: &mut P, f: &Fields, pids: Pids) {
    p.field("si_band");
    p.int(f.i64(16));
    p.field("si_fd");
    pids.fd(p, f.i32(24));
}

/// Rust's `{:#x}` (`0x0` for zero), as these fields have always been printed.
fn rust_hex<P: Printer + ?Sized>(p: &mut P, value: u64) {
    p.formatted(value, &format!("{value:#x}"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(fields: &[(usize, &[u8])]) -> Vec<u8> {
        let mut b = vec![0u8; SIZE];
        for &(at, v) in fields {
            b[at..at + v.len()].copy_from_slice(v);
        }
        b
    }

    use super::super::printer::XlatStyle;
    use super::super::text::{render, TextPrinter};

    fn show(b: &[u8]) -> String {
        render(XlatStyle::Abbrev, |p| assert!(print(p, b, Pids::default())))
    }

    #[test]
    fn sigchld() {
        // strace 6.1: --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=22294, si_uid=0, si_status=3,
        // si_utime=0, si_stime=0} ---
        let b = info(&[
            (0, &17i32.to_le_bytes()),
            (8, &1i32.to_le_bytes()),
            (16, &22294i32.to_le_bytes()),
            (24, &3i32.to_le_bytes()),
        ]);
        assert_eq!(
            show(&b),
            "{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=22294, si_uid=0, si_status=3, si_utime=0, si_stime=0}"
        );
        // strace 6.1: {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=22553, si_uid=0, si_status=SIGKILL,
        // si_utime=0, si_stime=0}
        let b = info(&[
            (0, &17i32.to_le_bytes()),
            (8, &2i32.to_le_bytes()),
            (16, &22553i32.to_le_bytes()),
            (24, &9i32.to_le_bytes()),
        ]);
        assert_eq!(
            show(&b),
            "{si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=22553, si_uid=0, si_status=SIGKILL, si_utime=0, si_stime=0}"
        );
    }

    #[test]
    fn user_queue_and_faults() {
        // strace 6.1: rt_sigtimedwait([USR1], {si_signo=SIGUSR1, si_code=SI_USER, si_pid=22290, si_uid=0}, ...)
        let b = info(&[(0, &10i32.to_le_bytes()), (16, &22290i32.to_le_bytes())]);
        assert_eq!(show(&b), "{si_signo=SIGUSR1, si_code=SI_USER, si_pid=22290, si_uid=0}");
        // strace 6.1: rt_sigqueueinfo(22557, 0, {si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=0, si_uid=0})
        let b = info(&[(0, &10i32.to_le_bytes()), (8, &(-1i32).to_le_bytes())]);
        assert_eq!(show(&b), "{si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=0, si_uid=0}");
        // strace 6.1: --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x1} ---
        let b = info(&[(0, &11i32.to_le_bytes()), (8, &1i32.to_le_bytes()), (16, &1u64.to_le_bytes())]);
        assert_eq!(show(&b), "{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x1}");
        assert!(!print(&mut TextPrinter::values(XlatStyle::Abbrev), &b[..100], Pids::default()));
        // strace 6.1: --- SIGILL {si_signo=SIGILL, si_code=ILL_BADIADDR, si_addr=0x1234} ---
        let b = info(&[(0, &4i32.to_le_bytes()), (8, &9i32.to_le_bytes()), (16, &0x1234u64.to_le_bytes())]);
        assert_eq!(show(&b), "{si_signo=SIGILL, si_code=ILL_BADIADDR, si_addr=0x1234}");
    }
}
