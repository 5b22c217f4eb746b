//! Reading [`ArgKind::Peek`](tracer_common::syscall::ArgKind::Peek) captures: the readable prefix
//! of a bounded window behind an argument, copied at entry and at exit (see
//! `tracer_common::capture::mode::PEEK_INOUT`). A multiplexed call's decoder (prctl, keyctl,
//! semctl...) picks by command what the memory is, and these helpers print it as strace's
//! `umove_or_printaddr` and `printstr_ex` do, the address wherever strace could not read.

use tracer_common::event::Capture;

use super::printer::{Group, Printer, Quote};
use super::{strings, Ctx};

/// When the memory is read: at entry, or at exit (then only when the call succeeded, as strace's
/// `umove_or_printaddr` prints the address of a failed call's output).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum At {
    Entry,
    Exit,
}

/// The peek capture of argument `idx` taken `at`, if the call wrote it (exit: succeeded) and any of
/// it was readable.
pub(in crate::decode) fn capture<'a>(ctx: &Ctx<'a>, idx: usize, at: At) -> Option<&'a Capture> {
    match at {
        At::Entry => ctx.entry(idx),
        At::Exit => ctx.ok_ret().and_then(|_| ctx.exit(idx)),
    }
}

/// strace's `umove_or_printaddr`: the first `size` bytes behind argument `idx`, or, when it is NULL,
/// unreadable or (at exit) the call failed, `None` with the address printed.
pub fn umove<'a, P: Printer + ?Sized>(
    p: &mut P,
    ctx: &Ctx<'a>,
    idx: usize,
    size: usize,
    at: At,
) -> Option<&'a [u8]> {
    let addr = ctx.arg(idx);
    let bytes = capture(ctx, idx, at).filter(|_| addr != 0).and_then(|c| c.bytes.get(..size));
    if bytes.is_none() {
        p.addr(addr);
    }
    bytes
}

/// The u32 behind argument `idx` (see [`umove`]).
pub fn u32_at<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, idx: usize, at: At) -> Option<u32> {
    let b = umove(p, ctx, idx, 4, at)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The u64 behind argument `idx` (see [`umove`]).
pub fn u64_at<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, idx: usize, at: At) -> Option<u64> {
    let b = umove(p, ctx, idx, 8, at)?;
    let mut word = [0; 8];
    word.copy_from_slice(b);
    Some(u64::from_le_bytes(word))
}

/// `[value]` as `print` writes it, from the `size`-byte value behind argument `idx` (strace's
/// `printnum_*`); the address when it cannot be read.
pub fn indirect<P: Printer + ?Sized>(
    p: &mut P,
    ctx: &Ctx,
    idx: usize,
    at: At,
    wide: bool,
    print: impl FnOnce(&mut P, u64),
) {
    let value = if wide { u64_at(p, ctx, idx, at) } else { u32_at(p, ctx, idx, at).map(u64::from) };
    if let Some(value) = value {
        p.open(Group::Array);
        print(p, value);
        p.close();
    }
}

/// strace's `printstr_ex(addr, len, QUOTE_0_TERMINATED)` of argument `idx`: a NUL-terminated
/// string of at most `len` bytes (`u64::MAX`: unbounded, as `printstr`), shown up to `-s`
/// characters; `NULL`, or the address when it cannot be read up to its NUL or its bound.
pub fn cstr<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, idx: usize, len: u64, at: At) {
    let addr = ctx.arg(idx);
    if addr == 0 {
        p.addr(0);
        return;
    }
    let Some(c) = capture(ctx, idx, at) else { return p.addr(addr) };
    match terminated(&c.bytes, c.truncated(), u64::from(ctx.strlen), len) {
        Some((shown, cut)) => p.str(shown, Quote::Text, cut),
        None => p.addr(addr),
    }
}

/// strace's `printstrn(addr, len)` of argument `idx`: `len` bytes, shown up to `-s` with `...`
/// when there are more; `NULL`, or the address when the bytes strace fetches (one past `-s`) cannot
/// all be read. `omit_nul` (`QUOTE_OMIT_TRAILING_0`): a NUL as the last byte shown is left out,
/// and ends the text.
pub fn strn<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, idx: usize, len: u64, at: At, omit_nul: bool) {
    strn_as(p, ctx, idx, len, at, omit_nul, Quote::Text);
}

/// [`strn`] quoted as `quote` says (`Quote::Hex`: strace's `QUOTE_FORCE_HEX`).
pub fn strn_as<P: Printer + ?Sized>(
    p: &mut P,
    ctx: &Ctx,
    idx: usize,
    len: u64,
    at: At,
    omit_nul: bool,
    quote: Quote,
) {
    let addr = ctx.arg(idx);
    if addr == 0 {
        p.addr(0);
        return;
    }
    let strlen = u64::from(ctx.strlen);
    let fetch = usize::try_from(len.min(strlen + 1)).unwrap_or(usize::MAX);
    if fetch == 0 {
        // Nothing to fetch: an empty string, whatever the address holds.
        return p.str(b"", quote, false);
    }
    let Some(got) = capture(ctx, idx, at).and_then(|c| c.bytes.get(..fetch)) else { return p.addr(addr) };
    let shown = &got[..fetch.min(usize::try_from(strlen).unwrap_or(usize::MAX))];
    match shown.split_last() {
        Some((0, head)) if omit_nul => p.str(head, quote, false),
        _ => p.str(shown, quote, len > strlen),
    }
}

/// strace's `printpath` of argument `idx` from its peek capture taken `at`: `NULL`; the path, up to
/// PATH_MAX - 1 characters, then `...` when no NUL ends them within PATH_MAX bytes or before the
/// capture's cap; the address when the memory ends first.
pub fn path<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, idx: usize, at: At) {
    let addr = ctx.arg(idx);
    let Some(c) = capture(ctx, idx, at).filter(|_| addr != 0) else { return p.addr(addr) };
    let limit = tracer_common::capture::PATH_CHARS as usize;
    let window = &c.bytes[..c.bytes.len().min(limit + 1)];
    match window.iter().position(|&b| b == 0) {
        Some(nul) => strings::path(p, &window[..nul], false),
        None if window.len() > limit => strings::path(p, &window[..limit], true),
        None if c.truncated() => strings::path(p, &window[..window.len().saturating_sub(1)], true),
        None => p.addr(addr),
    }
}

/// What `printstr_ex` shows of a NUL-terminated string of at most `len` bytes whose first bytes are
/// `bytes` (`whole`: every byte asked for was readable, the memory may go on): the bytes shown and
/// whether `...` follows; `None` when the memory ends before the NUL or the bound.
pub fn terminated(bytes: &[u8], whole: bool, strlen: u64, len: u64) -> Option<(&[u8], bool)> {
    // strace fetches one byte past `-s`, to tell a string of exactly `-s` characters.
    let fetch = usize::try_from(len.min(strlen + 1)).unwrap_or(usize::MAX);
    let got = &bytes[..bytes.len().min(fetch)];
    let nul = got.iter().position(|&b| b == 0);
    if nul.is_none() && got.len() < fetch && !whole {
        return None;
    }
    let limit = usize::try_from(strlen).unwrap_or(usize::MAX);
    let show = fetch.min(limit);
    match nul {
        Some(at) if at < show => Some((&got[..at], false)),
        _ => {
            let shown = &got[..got.len().min(show)];
            // The byte after what is shown ends the string when it is a NUL (only read when the
            // fetch went past `-s`).
            let ends = fetch > limit && got.get(limit) == Some(&0);
            Some((shown, len != 0 && !ends))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_end_at_their_nul_or_are_cut() {
        assert_eq!(terminated(b"abc\0zz", true, 32, u64::MAX), Some((&b"abc"[..], false)));
        // Exactly -s characters, then the NUL: no ellipsis.
        assert_eq!(terminated(b"abcd\0", true, 4, u64::MAX), Some((&b"abcd"[..], false)));
        assert_eq!(terminated(b"abcde", true, 4, u64::MAX), Some((&b"abcd"[..], true)));
        // A bound below -s (prctl's TASK_COMM_LEN - 1): no NUL within it means `...`.
        assert_eq!(terminated(b"0123456789abcdef\0", true, 32, 15), Some((&b"0123456789abcde"[..], true)));
    }

    #[test]
    fn strings_running_into_unreadable_memory_are_addresses() {
        assert_eq!(terminated(b"abc", false, 32, u64::MAX), None);
        assert_eq!(terminated(b"abc\0", false, 32, u64::MAX), Some((&b"abc"[..], false)));
        // The bound was reached before the unreadable page.
        assert_eq!(terminated(b"0123456789abcde", false, 32, 15), Some((&b"0123456789abcde"[..], true)));
    }
}
