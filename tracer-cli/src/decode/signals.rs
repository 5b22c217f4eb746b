//! Signals: `SIGCHLD`, `SIGRTMIN`, `SIGRT_3`, and signal sets `[CHLD USR1]` / `~[KILL STOP]`.

use tracer_common::capture::part;
use tracer_common::signal;
use tracer_common::syscall::{ArgKind, SyscallInfo};

use super::fields::Fields;
use super::printer::{Fmt, Group, Printer};
use super::Ctx;

/// The highest signal number on x86_64.
const SIGRTMAX: u64 = signal::MAX as u64;

/// A signal number (strace's `printsignal`): its name, or the number (as a C `int`) when it has none.
pub fn signal<P: Printer + ?Sized>(p: &mut P, sig: u64) {
    let sig = sig as u32 as i32;
    let name = u64::try_from(sig).ok().and_then(signal::name);
    p.constant(i64::from(sig) as u64, name, Fmt::Signed, "");
}

/// A signal set (strace's `sprintsigmask`): the names without `SIG`, or, when more than two thirds
/// of the signals are in it, `~` and the ones that are not.
pub fn sigset<P: Printer + ?Sized>(p: &mut P, mask: u64) {
    let (mask, inverted) = if mask.count_ones() >= 64 * 2 / 3 { (!mask, true) } else { (mask, false) };
    p.open(Group::Set { inverted });
    for sig in 1..=SIGRTMAX {
        if mask & (1 << (sig - 1)) != 0 {
            let short = signal::name(sig).and_then(|name| name.get(3..));
            p.constant(sig, short, Fmt::Unsigned, "");
        }
    }
    p.close();
}

/// A signal set whose size is another argument (`sigsetsize`): strace prints the set only when that
/// size is the kernel's, 8 bytes (rt_sigpending also accepts fewer, and shows that many bytes), and
/// the address otherwise; an output set only when the call succeeded.
pub(super) fn sigset_arg<P: Printer + ?Sized>(
    p: &mut P,
    ctx: &Ctx,
    info: &SyscallInfo,
    idx: usize,
    kind: ArgKind,
) {
    const NSIG_BYTES: u64 = 8;
    let value = ctx.arg(idx);
    let size = info.args.iter().position(|a| matches!(a.name, "sigsetsize" | "sizemask")).map(|i| ctx.arg(i));
    let min = if ctx.call.nr == tracer_common::syscall::nr::RT_SIGPENDING { 1 } else { NSIG_BYTES };
    let len = size.unwrap_or(NSIG_BYTES);
    let written = matches!(kind, ArgKind::StructIn(_)) || ctx.ok_ret().is_some();
    match ctx.capture(idx) {
        Some(c)
            if value != 0 && written && (min..=NSIG_BYTES).contains(&len) && c.bytes.len() as u64 >= len =>
        {
            let mut mask = [0u8; 8];
            let len = len as usize;
            mask[..len].copy_from_slice(&c.bytes[..len]);
            sigset(p, u64::from_le_bytes(mask));
        }
        _ => p.addr(value),
    }
}

/// pselect6's and io_pgetevents' `{sigmask=[...], sigsetsize=8}` (strace's
/// `print_kernel_sigset`): the set when its size is 8 and it is readable, else its address.
pub(super) fn sigset_args<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, idx: usize) {
    let value = ctx.arg(idx);
    let Some(pair) = ctx.entry(idx).filter(|c| value != 0 && c.bytes.len() == 16) else {
        return p.addr(value);
    };
    let f = Fields(&pair.bytes);
    let (mask, len) = (f.u64(0), f.u64(8));
    p.open(Group::Struct);
    p.field("sigmask");
    match ctx.entry_part(idx, part::ELEMENT) {
        Some(set) if mask != 0 && len == 8 && set.bytes.len() == 8 => {
            sigset(p, f_u64(&set.bytes));
        }
        _ => p.addr(mask),
    }
    p.field("sigsetsize");
    p.uint(len);
    p.close();
}

/// The first 8 bytes of `bytes` as a little-endian u64 (0 when shorter).
fn f_u64(bytes: &[u8]) -> u64 {
    bytes.get(..8).and_then(|b| <[u8; 8]>::try_from(b).ok()).map_or(0, u64::from_le_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::printer::XlatStyle;
    use super::super::text::render;

    fn sig(n: u64) -> String {
        render(XlatStyle::Abbrev, |p| signal(p, n))
    }

    fn set(mask: u64) -> String {
        render(XlatStyle::Abbrev, |p| sigset(p, mask))
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
        // strace 6.1 -X raw / -X verbose: kill(999999, 9), kill(999999, 9 /* SIGKILL */),
        // kill(999999, 40 /* SIGRT_8 */), kill(999999, 99), kill(999999, 0)
        assert_eq!(render(XlatStyle::Raw, |p| signal(p, 9)), "9");
        assert_eq!(render(XlatStyle::Verbose, |p| signal(p, 9)), "9 /* SIGKILL */");
        assert_eq!(render(XlatStyle::Verbose, |p| signal(p, 40)), "40 /* SIGRT_8 */");
        assert_eq!(render(XlatStyle::Verbose, |p| signal(p, 99)), "99");
        assert_eq!(render(XlatStyle::Verbose, |p| signal(p, 0)), "0");
        let mask = (1 << 9) | (1 << 16);
        assert_eq!(render(XlatStyle::Raw, |p| sigset(p, mask)), "[10 17]");
        assert_eq!(render(XlatStyle::Verbose, |p| sigset(p, mask)), "[10 /* USR1 */ 17 /* CHLD */]");
        assert_eq!(render(XlatStyle::Raw, |p| sigset(p, !0)), "~[]");
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
