//! Strings and buffers: how much of them is shown (`-s`), and strace's quoting of what is: `"..."`
//! with C escapes, octal for other non-printables, and `...` after the closing quote when cut.

use super::printer::{Printer, Quote};
pub use crate::call::until_nul;

/// Append `bytes` quoted as strace does; `cut` appends `...` after the closing quote.
pub fn quote(out: &mut String, bytes: &[u8], style: Quote, cut: bool) {
    out.push('"');
    match style {
        Quote::Hex => {
            for &b in bytes {
                out.push_str("\\x");
                super::num::hex_digits_padded(out, u64::from(b), 2);
            }
        }
        Quote::Text => escape_text(out, bytes),
    }
    out.push('"');
    if cut {
        out.push_str("...");
    }
}

fn escape_text(out: &mut String, bytes: &[u8]) {
    let mut rest = bytes;
    while !rest.is_empty() {
        // Printable ASCII that needs no escape goes in as one slice.
        let plain = rest.iter().position(|&b| needs_escape(b)).unwrap_or(rest.len());
        push_ascii(out, &rest[..plain]);
        let Some((&b, after)) = rest[plain..].split_first() else { break };
        escape_byte(out, b, after.first().copied());
        rest = after;
    }
}

/// Printable ASCII as it is: a short run byte by byte, a long one checked and copied at once.
fn push_ascii(out: &mut String, ascii: &[u8]) {
    if ascii.len() < 16 {
        out.extend(ascii.iter().map(|&b| char::from(b)));
    } else {
        out.push_str(std::str::from_utf8(ascii).unwrap_or_default());
    }
}

/// Whether `b` is written other than as itself.
fn needs_escape(b: u8) -> bool {
    !(0x20..=0x7e).contains(&b) || b == b'"' || b == b'\\'
}

/// The escape for byte `b`, whose next byte is `next`.
fn escape_byte(out: &mut String, b: u8, next: Option<u8>) {
    match b {
        b'"' => out.push_str("\\\""),
        b'\\' => out.push_str("\\\\"),
        b'\t' => out.push_str("\\t"),
        b'\n' => out.push_str("\\n"),
        0x0b => out.push_str("\\v"),
        0x0c => out.push_str("\\f"),
        b'\r' => out.push_str("\\r"),
        0x20..=0x7e => out.push(char::from(b)),
        _ => {
            // The shortest octal form, unless the next byte is an octal digit that would be read
            // as part of the escape: then all three digits.
            let next_is_octal = next.is_some_and(|n| (b'0'..=b'7').contains(&n));
            let digits = match b {
                _ if next_is_octal => 3,
                0o100.. => 3,
                0o10.. => 2,
                _ => 1,
            };
            out.push('\\');
            if digits == 3 {
                out.push(char::from(b'0' + (b >> 6)));
            }
            if digits >= 2 {
                out.push(char::from(b'0' + ((b >> 3) & 7)));
            }
            out.push(char::from(b'0' + (b & 7)));
        }
    }
}

/// A buffer of `len` bytes of which `bytes` were copied: at most `strlen` are shown, and `...`
/// follows when the buffer is longer than what is shown.
pub fn buffer<P: Printer + ?Sized>(
    p: &mut P,
    bytes: &[u8],
    len: u64,
    strlen: u32,
    truncated: bool,
    quote: Quote,
) {
    let limit = usize::try_from(u64::from(strlen).min(len)).unwrap_or(usize::MAX);
    let shown = &bytes[..bytes.len().min(limit)];
    let cut = truncated || len > shown.len() as u64;
    p.str(shown, quote, cut);
}

/// A NUL-terminated string (the capture holds the bytes before the NUL): cut at `strlen`.
pub fn cstring<P: Printer + ?Sized>(p: &mut P, bytes: &[u8], strlen: u32, truncated: bool) {
    let bytes = until_nul(bytes);
    let limit = usize::try_from(strlen).unwrap_or(usize::MAX);
    let shown = &bytes[..bytes.len().min(limit)];
    p.str(shown, Quote::Text, truncated || bytes.len() > shown.len());
}

/// A path: printed whole (strace does not apply `-s` to paths).
pub fn path<P: Printer + ?Sized>(p: &mut P, bytes: &[u8], truncated: bool) {
    p.str(until_nul(bytes), Quote::Text, truncated);
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::printer::XlatStyle;
    use super::super::text::render;

    fn q(bytes: &[u8]) -> String {
        let mut s = String::new();
        quote(&mut s, bytes, Quote::Text, false);
        s
    }

    #[test]
    fn octal_is_shortest_unless_an_octal_digit_follows() {
        // strace 6.1: write(3, "\0012", 2), write(3, "\18", 2), write(3, "\1a", 2),
        // write(3, "\0001", 2), write(3, "\0", 1), write(3, "\109", 2), write(3, "\0377", 2),
        // write(3, "\378", 2)
        assert_eq!(q(b"\x012"), r#""\0012""#);
        assert_eq!(q(b"\x018"), r#""\18""#);
        assert_eq!(q(b"\x01a"), r#""\1a""#);
        assert_eq!(q(b"\x001"), r#""\0001""#);
        assert_eq!(q(b"\x00"), r#""\0""#);
        assert_eq!(q(b"\x089"), r#""\109""#);
        assert_eq!(q(b"\x1f7"), r#""\0377""#);
        assert_eq!(q(b"\x1f8"), r#""\378""#);
    }

    #[test]
    fn c_escapes_and_high_bytes() {
        // strace 6.1: write(3, "a\"b\\c\t\n\v\f\r\33", 11), write(3, "\177\200\377", 3),
        // write(3, "\n1", 2)
        assert_eq!(q(b"a\"b\\c\t\n\x0b\x0c\r\x1b"), r#""a\"b\\c\t\n\v\f\r\33""#);
        assert_eq!(q(b"\x7f\x80\xff"), r#""\177\200\377""#);
        assert_eq!(q(b"\n1"), r#""\n1""#);
    }

    #[test]
    fn every_octal_escape_is_the_shortest_unless_a_digit_follows() {
        for b in (0u8..=255).filter(|&b| needs_escape(b) && !b"\"\\\t\n\x0b\x0c\r".contains(&b)) {
            for (next, width) in
                [(None, 1), (Some(b'a'), 1), (Some(b'8'), 1), (Some(b'0'), 3), (Some(b'7'), 3)]
            {
                let mut out = String::new();
                escape_byte(&mut out, b, next);
                assert_eq!(out, format!("\\{b:0width$o}"), "byte {b:#x} before {next:?}");
            }
        }
    }

    #[test]
    fn buffers_are_cut_at_strlen() {
        // strace 6.1: write(3, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"..., 40) = 40 and
        // write(3, "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy", 32) = 32
        let s = render(XlatStyle::Abbrev, |p| buffer(p, &[b'x'; 32], 40, 32, true, Quote::Text));
        assert_eq!(s, format!("\"{}\"...", "x".repeat(32)));
        let s = render(XlatStyle::Abbrev, |p| buffer(p, &[b'y'; 32], 32, 32, false, Quote::Text));
        assert_eq!(s, format!("\"{}\"", "y".repeat(32)));
        // strace -s 4: getrandom("\xf9\x44\x52\xc8"..., 8, GRND_NONBLOCK) = 8
        let s = render(XlatStyle::Abbrev, |p| buffer(p, &[0xf9, 0x44, 0x52, 0xc8], 8, 4, true, Quote::Hex));
        assert_eq!(s, r#""\xf9\x44\x52\xc8"..."#);
    }

    #[test]
    fn cstrings_and_paths() {
        let s = render(XlatStyle::Abbrev, |p| cstring(p, b"abcde", 3, false));
        assert_eq!(s, r#""abc"..."#);
        let s = render(XlatStyle::Abbrev, |p| path(p, &[b'a'; 40], false));
        assert_eq!(s.len(), 42);
    }
}
