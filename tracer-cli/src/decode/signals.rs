//! Signals: `SIGCHLD`, `SIGRTMIN`, `SIGRT_3`, and signal sets `[CHLD USR1]` / `~[KILL STOP]`.

use std::fmt::Write as _;

use super::tables::SIGNALS;
use super::xlat::{comment, style, XlatStyle};

/// Signal 32, the kernel's first real-time signal.
const SIGRTMIN: u64 = 32;
/// The highest signal number on x86_64.
const SIGRTMAX: u64 = 64;

/// The name strace gives signal `sig`, if any.
fn name(out: &mut String, sig: u64) -> bool {
    match sig {
        1..=31 => out.push_str(SIGNALS[sig as usize]),
        SIGRTMIN => out.push_str("SIGRTMIN"),
        33..=SIGRTMAX => {
            let _ = write!(out, "SIGRT_{}", sig - SIGRTMIN);
        }
        _ => return false,
    }
    true
}

/// A signal number as strace prints it (`printsignal`): `SIGCHLD`, `SIGRTMIN`, `SIGRT_1`, or the
/// decimal number; `17` with `-X raw`, `17 /* SIGCHLD */` with `-X verbose`. `sig` is a C `int`.
pub fn signal(out: &mut String, sig: u64) {
    let sig = sig as u32 as i32;
    let mut text = String::new();
    let named = u64::try_from(sig).is_ok_and(|s| name(&mut text, s));
    match style() {
        XlatStyle::Abbrev if named => out.push_str(&text),
        XlatStyle::Verbose if named => {
            let _ = write!(out, "{sig}");
            comment(out, &text);
        }
        _ => {
            let _ = write!(out, "{sig}");
        }
    }
}

/// The name of `sig` without the `SIG` prefix, for sets.
fn short_name(out: &mut String, sig: u64) {
    match sig {
        1..=31 => out.push_str(&SIGNALS[sig as usize][3..]),
        SIGRTMIN => out.push_str("RTMIN"),
        _ => {
            let _ = write!(out, "RT_{}", sig - SIGRTMIN);
        }
    }
}

/// A 64-signal set (bit N-1 is signal N). With two thirds or more of the bits set strace prints the
/// complement: `~[KILL STOP]`. `-X raw` prints numbers (`[10 17]`), `-X verbose` both
/// (`[10 /* USR1 */ 17 /* CHLD */]`).
pub fn sigset(out: &mut String, mask: u64) {
    let style = style();
    let (mask, negated) = if mask.count_ones() >= 64 * 2 / 3 { (!mask, true) } else { (mask, false) };
    if negated {
        out.push('~');
    }
    out.push('[');
    let mut first = true;
    for sig in 1..=SIGRTMAX {
        if mask & (1 << (sig - 1)) != 0 {
            if !first {
                out.push(' ');
            }
            first = false;
            if style != XlatStyle::Abbrev {
                let _ = write!(out, "{sig}");
            }
            if style == XlatStyle::Verbose {
                out.push_str(" /* ");
            }
            if style != XlatStyle::Raw {
                short_name(out, sig);
            }
            if style == XlatStyle::Verbose {
                out.push_str(" */");
            }
        }
    }
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(n: u64) -> String {
        let mut s = String::new();
        signal(&mut s, n);
        s
    }

    fn set(mask: u64) -> String {
        let mut s = String::new();
        sigset(&mut s, mask);
        s
    }

    fn bits(sigs: &[u64]) -> u64 {
        sigs.iter().fold(0, |m, s| m | 1 << (s - 1))
    }

    #[test]
    fn signal_names() {
        // strace 6.1: kill(999999, SIGHUP), kill(999999, SIGRTMIN), kill(999999, SIGRT_1),
        // kill(999999, SIGRT_32), kill(999999, 65), kill(999999, 0)
        assert_eq!(sig(1), "SIGHUP");
        assert_eq!(sig(17), "SIGCHLD");
        assert_eq!(sig(31), "SIGSYS");
        assert_eq!(sig(32), "SIGRTMIN");
        assert_eq!(sig(33), "SIGRT_1");
        assert_eq!(sig(64), "SIGRT_32");
        assert_eq!(sig(65), "65");
        assert_eq!(sig(0), "0");
        assert_eq!(sig(u64::from(u32::MAX)), "-1");
    }

    #[test]
    fn signals_in_each_style() {
        use super::super::xlat::with_style;
        // strace 6.1 -X raw / -X verbose: kill(999999, 9), kill(999999, 9 /* SIGKILL */),
        // kill(999999, 40 /* SIGRT_8 */), kill(999999, 99), kill(999999, 0)
        assert_eq!(with_style(XlatStyle::Raw, || sig(9)), "9");
        assert_eq!(with_style(XlatStyle::Verbose, || sig(9)), "9 /* SIGKILL */");
        assert_eq!(with_style(XlatStyle::Verbose, || sig(40)), "40 /* SIGRT_8 */");
        assert_eq!(with_style(XlatStyle::Verbose, || sig(99)), "99");
        assert_eq!(with_style(XlatStyle::Verbose, || sig(0)), "0");
        let mask = (1 << 9) | (1 << 16);
        assert_eq!(with_style(XlatStyle::Raw, || set(mask)), "[10 17]");
        assert_eq!(with_style(XlatStyle::Verbose, || set(mask)), "[10 /* USR1 */ 17 /* CHLD */]");
        assert_eq!(with_style(XlatStyle::Raw, || set(!0)), "~[]");
    }

    #[test]
    fn signal_sets() {
        // strace 6.1: rt_sigprocmask(SIG_BLOCK, [USR1 CHLD RT_8 RT_32], [], 8) = 0
        assert_eq!(set(bits(&[10, 17, 40, 64])), "[USR1 CHLD RT_8 RT_32]");
        assert_eq!(set(0), "[]");
        // strace 6.1: rt_sigprocmask(SIG_SETMASK, ~[KILL STOP RTMIN RT_1], ...)
        assert_eq!(set(!bits(&[9, 19, 32, 33])), "~[KILL STOP RTMIN RT_1]");
        // strace 6.1: sa_mask=~[]
        assert_eq!(set(u64::MAX), "~[]");
        // 41 signals are printed as they are, 42 as a complement.
        let forty_one = (1..=43).filter(|&s| s != 32 && s != 33).collect::<Vec<_>>();
        assert!(set(bits(&forty_one)).starts_with("[HUP INT"));
        let forty_two = (1..=44).filter(|&s| s != 32 && s != 33).collect::<Vec<_>>();
        assert_eq!(set(bits(&forty_two)), "~[RTMIN RT_1 RT_13 RT_14 RT_15 RT_16 RT_17 RT_18 RT_19 RT_20 RT_21 RT_22 RT_23 RT_24 RT_25 RT_26 RT_27 RT_28 RT_29 RT_30 RT_31 RT_32]");
    }
}
