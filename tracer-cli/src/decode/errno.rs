//! Error returns: `-1 ENOENT (No such file or directory)`, strace's `? ERESTARTSYS (...)` for the
//! kernel's restart codes, and `-1 (errno N)` for numbers strace has no name for.

use std::fmt::Write as _;

use super::printer::{Fmt, Printer};

pub use tracer_common::errno::{is_restart, name, of as errno_of};
use tracer_common::errno::{ERRNOS, RESTARTS};

/// An errno inside a structure (strace's `print_err`: siginfo's `si_errno`, `SO_ERROR`'s value,
/// netlink errors): `ENOENT`, or `-ENOENT` when `negated` (the value is `-errno`); the number when
/// strace has no name. `-X raw` prints the number, `-X verbose` `2 /* ENOENT */`.
/// The return value of a failed call is not this: it ignores `-X` (see [`error`]).
pub fn print_err<P: Printer + ?Sized>(p: &mut P, err: i64, negated: bool) {
    let errno = if negated { err.checked_neg() } else { Some(err) };
    let found = errno.and_then(|e| u16::try_from(e).ok()).and_then(name);
    let (value, fmt) = if negated { (err as u64, Fmt::Signed) } else { (err as u64, Fmt::Unsigned) };
    match found {
        Some(found) if negated => p.constant(value, Some(&format!("-{found}")), fmt, ""),
        found => p.constant(value, found, fmt, ""),
    }
}

/// `-1 ENOENT (No such file or directory)`, pieces pushed as they are (the usual failure).
fn named_error(out: &mut String, head: &str, name: &str, msg: &str) {
    out.push_str(head);
    out.push_str(name);
    out.push_str(" (");
    out.push_str(msg);
    out.push(')');
}

/// Append the text after `= ` for a failed call.
pub fn error(out: &mut String, errno: u16) {
    if let Some(&(_, name, msg)) = RESTARTS.iter().find(|r| r.0 == errno) {
        named_error(out, "? ", name, msg);
    } else if let Some(&(_, name, msg)) = ERRNOS.iter().find(|e| e.0 == errno) {
        named_error(out, "-1 ", name, msg);
    } else if let Some(name) = name(errno) {
        let _ = write!(out, "-1 {name} (Unknown error {errno})");
    } else {
        let _ = write!(out, "-1 (errno {errno})");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(errno: u16) -> String {
        let mut s = String::new();
        error(&mut s, errno);
        s
    }

    #[test]
    fn errors_read_as_strace_prints_them() {
        // strace 6.1 with -e inject=getppid:error=N:
        //   getppid() = -1 EPERM (Operation not permitted) (INJECTED)
        //   getppid() = -1 EAGAIN (Resource temporarily unavailable) (INJECTED)
        //   getppid() = -1 EHWPOISON (Memory page has hardware error) (INJECTED)
        //   getppid() = ? ERESTARTSYS (To be restarted if SA_RESTART is set) (INJECTED)
        //   getppid() = ? ERESTART_RESTARTBLOCK (Interrupted by signal) (INJECTED)
        //   getppid() = -1 ENOIOCTLCMD (Unknown error 515) (INJECTED)
        //   getppid() = -1 (errno 519) (INJECTED)
        //   getppid() = -1 (errno 41) (INJECTED)
        assert_eq!(text(1), "-1 EPERM (Operation not permitted)");
        assert_eq!(text(2), "-1 ENOENT (No such file or directory)");
        assert_eq!(text(11), "-1 EAGAIN (Resource temporarily unavailable)");
        assert_eq!(text(95), "-1 EOPNOTSUPP (Operation not supported)");
        assert_eq!(text(133), "-1 EHWPOISON (Memory page has hardware error)");
        assert_eq!(text(512), "? ERESTARTSYS (To be restarted if SA_RESTART is set)");
        assert_eq!(text(513), "? ERESTARTNOINTR (To be restarted)");
        assert_eq!(text(514), "? ERESTARTNOHAND (To be restarted if no handler)");
        assert_eq!(text(516), "? ERESTART_RESTARTBLOCK (Interrupted by signal)");
        assert_eq!(text(515), "-1 ENOIOCTLCMD (Unknown error 515)");
        assert_eq!(text(524), "-1 ENOTSUPP (Unknown error 524)");
        assert_eq!(text(519), "-1 (errno 519)");
        assert_eq!(text(41), "-1 (errno 41)");
        assert_eq!(text(4095), "-1 (errno 4095)");
    }

    #[test]
    fn errors_in_structures() {
        use crate::decode::printer::XlatStyle;
        use crate::decode::text::render;
        let in_style = |style, e: i64, neg: bool| render(style, |p| print_err(p, e, neg));
        let err = |e: i64, neg: bool| in_style(XlatStyle::Abbrev, e, neg);
        // strace 6.1: si_errno=ENOENT; netlink's error=-ENOENT; unnamed errors as numbers
        assert_eq!(err(2, false), "ENOENT");
        assert_eq!(err(-2, true), "-ENOENT");
        assert_eq!(err(41, false), "41");
        assert_eq!(err(0, false), "0");
        assert_eq!(in_style(XlatStyle::Raw, 2, false), "2");
        assert_eq!(in_style(XlatStyle::Verbose, 2, false), "2 /* ENOENT */");
        assert_eq!(in_style(XlatStyle::Verbose, -2, true), "-2 /* -ENOENT */");
    }
}
