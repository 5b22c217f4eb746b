//! Signals: `SIGCHLD`, `SIGRTMIN`, `SIGRT_3`, and signal sets `[CHLD USR1]` / `~[KILL STOP]`.

use std::fmt::Write as _;

use super::tables::SIGNALS;

/// Signal 32, the kernel's first real-time signal.
const SIGRTMIN: u64 = 32;
/// The highest signal number on x86_64.
const SIGRTMAX: u64 = 64;

/// A signal number as strace prints it: `SIGCHLD`, `SIGRTMIN`, `SIGRT_1`, or the decimal number.
pub fn signal(out: &mut String, sig: u64) {
    match sig {
        1..=31 => out.push_str(SIGNALS[sig as usize]),
        SIGRTMIN => out.push_str("SIGRTMIN"),
        33..=SIGRTMAX => {
            let _ = write!(out, "SIGRT_{}", sig - SIGRTMIN);
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
/// complement: `~[KILL STOP]`.
pub fn sigset(out: &mut String, mask: u64) {
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
            short_name(out, sig);
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
