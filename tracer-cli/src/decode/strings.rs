//! Strings and buffers: how much of them is shown (`-s`), and strace's quoting of what is: `"..."`
//! with C escapes, octal for other non-printables, and `...` after the closing quote when cut.

use super::printer::{Printer, Quote};
pub use crate::call::until_nul;

/// strace's `-x`, `-xx` and `--strings-in-hex=`: which strings print as `\x` escapes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HexStrings {
    /// C escapes and octal (strace's default).
    #[default]
    None,
    /// `-x`, `non-ascii`: a whole string in hex when it holds a byte that is neither printable
    /// ASCII nor whitespace.
    NonAscii,
    /// `-xx`, `all`: every string in hex.
    All,
    /// `non-ascii-chars`: only the non-printable bytes in hex, the rest as by default.
    NonAsciiChars,
}

impl HexStrings {
    /// `--strings-in-hex=` values (any case, as strace); `None` for an unknown one.
    pub fn parse(text: &str) -> Option<HexStrings> {
        match text.to_ascii_lowercase().as_str() {
            "none" => Some(HexStrings::None),
            "non-ascii-chars" => Some(HexStrings::NonAsciiChars),
            "non-ascii" => Some(HexStrings::NonAscii),
            "all" => Some(HexStrings::All),
            _ => None,
        }
    }

    /// `-x` given `count` times.
    pub fn from_x_count(count: u8) -> HexStrings {
        match count {
            0 => HexStrings::None,
            1 => HexStrings::NonAscii,
            _ => HexStrings::All,
        }
    }
}

/// Append `bytes` quoted as strace does; `cut` appends `...` after the closing quote.
pub fn quote(out: &mut String, bytes: &[u8], style: Quote, cut: bool) {
    quote_hex(out, bytes, style, cut, HexStrings::None);
}

/// [`quote`] under `-x`/`-xx` (`hex`); [`Quote::Hex`] is hex whatever `hex` says.
pub fn quote_hex(out: &mut String, bytes: &[u8], style: Quote, cut: bool, hex: HexStrings) {
    out.push('"');
    let hex = if style == Quote::Hex { HexStrings::All } else { hex };
    escape(out, bytes, hex, b"");
    out.push('"');
    if cut {
        out.push_str("...");
    }
}

/// strace's `string_quote` without the quotes: `bytes` escaped under `hex`, the bytes of `also`
/// escaped like non-printable ones.
pub fn escape(out: &mut String, bytes: &[u8], hex: HexStrings, also: &[u8]) {
    let whole_hex = match hex {
        HexStrings::All => true,
        // Whitespace is `\t\n\v\f\r` (9..=13).
        HexStrings::NonAscii => bytes.iter().any(|&b| b > 0x7e || (b < b' ' && !(9..=13).contains(&b))),
        HexStrings::None | HexStrings::NonAsciiChars => false,
    };
    if whole_hex {
        for &b in bytes {
            out.push_str("\\x");
            super::num::hex_digits_padded(out, u64::from(b), 2);
        }
    } else if hex == HexStrings::NonAsciiChars || !also.is_empty() {
        for (i, &b) in bytes.iter().enumerate() {
            let plain = !needs_escape(b) && !also.contains(&b);
            match b {
                _ if plain => out.push(char::from(b)),
                b'"' | b'\\' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => escape_byte(out, b, None),
                _ if hex == HexStrings::NonAsciiChars => {
                    out.push_str("\\x");
                    super::num::hex_digits_padded(out, u64::from(b), 2);
                }
                _ => escape_octal(out, b, bytes.get(i + 1).copied()),
            }
        }
    } else {
        escape_text(out, bytes);
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
        _ => escape_octal(out, b, next),
    }
}

/// The shortest octal form of `b`, unless the next byte is an octal digit that would be read as
/// part of the escape: then all three digits.
fn escape_octal(out: &mut String, b: u8, next: Option<u8>) {
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

/// A C string in a char array (strace's `print_quoted_cstring`, QUOTE_0_TERMINATED |
/// QUOTE_EXPECT_TRAILING_0): at most one character fewer than the array, `...` when neither
/// they nor the array's last byte hold a NUL.
pub fn char_array<P: Printer + ?Sized>(p: &mut P, array: &[u8]) {
    let window = &array[..array.len().saturating_sub(1)];
    let text = until_nul(window);
    let unterminated = text.len() == window.len() && array.get(window.len()).is_some_and(|&b| b != 0);
    p.str(text, Quote::Text, unterminated);
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

    fn x(bytes: &[u8], hex: HexStrings) -> String {
        let mut s = String::new();
        quote_hex(&mut s, bytes, Quote::Text, false, hex);
        s
    }

    #[test]
    fn strings_in_hex_like_strace() {
        // strace 6.1 -x: chdir("test\ttab") but chdir("\x74\xc3\xa9") (a non-ASCII byte makes
        // the whole string hex); -xx: all hex; non-ascii-chars: only those bytes.
        assert_eq!(x(b"a\tb\n", HexStrings::NonAscii), r#""a\tb\n""#);
        assert_eq!(x(b"t\xc3\xa9", HexStrings::NonAscii), r#""\x74\xc3\xa9""#);
        assert_eq!(x(b"t\x01", HexStrings::NonAscii), r#""\x74\x01""#);
        assert_eq!(x(b"ab", HexStrings::All), r#""\x61\x62""#);
        assert_eq!(x(b"a\xc3\"\x01\n", HexStrings::NonAsciiChars), r#""a\xc3\"\x01\n""#);
        assert_eq!(x(b"a\x012", HexStrings::None), r#""a\0012""#);
        assert_eq!(HexStrings::parse("NON-ASCII"), Some(HexStrings::NonAscii));
        assert_eq!(HexStrings::parse("x"), None);
        // Quote::Hex stays hex; an `also` byte is escaped like a non-printable one.
        let mut s = String::new();
        quote_hex(&mut s, b"a", Quote::Hex, true, HexStrings::None);
        assert_eq!(s, r#""\x61"..."#);
        let mut s = String::new();
        escape(&mut s, b"a<b>1", HexStrings::None, b"<>");
        assert_eq!(s, r#"a\74b\0761"#);
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

/// One element of an argv capture (`mode::ARGV_IN`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgvElement<'a> {
    /// The string (without its NUL).
    Str(&'a [u8]),
    /// The pointer of an unreadable string.
    Addr(u64),
}

/// The elements of an argv capture, in order; a malformed tail is left out.
pub fn argv_elements(mut bytes: &[u8]) -> Vec<ArgvElement<'_>> {
    use tracer_common::capture::argv_tag;
    let mut elements = Vec::new();
    while let Some((&tag, rest)) = bytes.split_first() {
        match tag {
            argv_tag::STRING => {
                let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
                elements.push(ArgvElement::Str(&rest[..end]));
                bytes = rest.get(end + 1..).unwrap_or_default();
            }
            argv_tag::ADDRESS => {
                let Some(ptr) = rest.get(..8).and_then(|b| b.try_into().ok()) else { break };
                elements.push(ArgvElement::Addr(u64::from_le_bytes(ptr)));
                bytes = &rest[8..];
            }
            _ => break,
        }
    }
    elements
}
