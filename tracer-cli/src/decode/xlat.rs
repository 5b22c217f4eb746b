//! Table-driven printing of flag sets and enumerations, as strace's `printflags` and `printxval`,
//! in the style `-X` asks for.

use std::fmt::Write as _;

/// Value → name, in the order strace prints them.
pub type Xlat = &'static [(u64, &'static str)];

/// How named constants print (strace's `-X`): `O_RDONLY` (abbrev), `0` (raw) or
/// `0 /* O_RDONLY */` (verbose).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum XlatStyle {
    #[default]
    Abbrev,
    Raw,
    Verbose,
}

thread_local! {
    static STYLE: std::cell::Cell<XlatStyle> = const { std::cell::Cell::new(XlatStyle::Abbrev) };
}

/// Run `f` with named constants printed in `style` (the renderer wraps each line in this).
pub fn with_style<T>(style: XlatStyle, f: impl FnOnce() -> T) -> T {
    let before = STYLE.replace(style);
    let result = f();
    STYLE.set(before);
    result
}

/// The style in force on this thread.
pub fn style() -> XlatStyle {
    STYLE.get()
}

/// How the number of a named constant is written (strace's `XLAT_STYLE_FMT_*`): `printxval` and
/// `printflags` use hex, `printxval_u` unsigned and `printxval_d` signed decimal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Fmt {
    #[default]
    Hex,
    Unsigned,
    Signed,
}

/// The number alone, as strace's `print_xlat_val`: `%#llx` (so `0`, `0x1f`), `%llu` or `%lld`.
pub fn number(out: &mut String, value: u64, fmt: Fmt) {
    match fmt {
        Fmt::Hex => super::num::hex(out, value),
        Fmt::Unsigned => super::num::dec(out, value),
        Fmt::Signed => super::num::dec(out, value as i64),
    }
}

/// ` /* text */` (strace's `tprints_comment`: nothing for an empty text).
pub fn comment(out: &mut String, text: &str) {
    if !text.is_empty() {
        let _ = write!(out, " /* {text} */");
    }
}

/// The name of `value` in `table`.
pub fn lookup(table: Xlat, value: u64) -> Option<&'static str> {
    table.iter().find(|&&(v, _)| v == value).map(|&(_, n)| n)
}

/// An enumeration (strace's `printxval`): `SEEK_CUR`, `0x1` with `-X raw`, `0x1 /* SEEK_CUR */`
/// with `-X verbose`; an unknown value is `0x5 /* SEEK_??? */` (just `0x5` when raw).
pub fn xval(out: &mut String, table: Xlat, value: u64, unknown: &str) {
    xval_fmt(out, table, value, unknown, Fmt::Hex);
}

/// [`xval`] with the number in unsigned decimal (strace's `printxval_u`).
#[allow(dead_code, reason = "for the structure decoders (issue 3)")]
pub fn xval_u(out: &mut String, table: Xlat, value: u64, unknown: &str) {
    xval_fmt(out, table, value, unknown, Fmt::Unsigned);
}

/// [`xval`] with the number in signed decimal (strace's `printxval_d`); `value` is sign-extended by
/// the caller.
#[allow(dead_code, reason = "for the structure decoders (issue 3)")]
pub fn xval_d(out: &mut String, table: Xlat, value: i64, unknown: &str) {
    xval_fmt(out, table, value as u64, unknown, Fmt::Signed);
}

/// [`xval`] with the number in `fmt`.
pub fn xval_fmt(out: &mut String, table: Xlat, value: u64, unknown: &str, fmt: Fmt) {
    xvals(out, &[table], value, unknown, fmt);
}

/// An enumeration looked up in several tables in turn (strace's `printxvals`). Returns whether a
/// name was found (and the style is not raw), as strace's does.
pub fn xvals(out: &mut String, tables: &[Xlat], value: u64, unknown: &str, fmt: Fmt) -> bool {
    let name = tables.iter().find_map(|t| lookup(t, value));
    xval_named(out, value, name, unknown, fmt)
}

/// [`xval`] for a name the caller looked up itself (composite names such as futex's
/// `FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME`).
pub fn xval_named(out: &mut String, value: u64, name: Option<&str>, unknown: &str, fmt: Fmt) -> bool {
    let style = style();
    if style == XlatStyle::Raw {
        number(out, value, fmt);
        return false;
    }
    match name {
        Some(name) if style == XlatStyle::Verbose => {
            number(out, value, fmt);
            comment(out, name);
            true
        }
        Some(name) => {
            out.push_str(name);
            true
        }
        None => {
            number(out, value, fmt);
            comment(out, unknown);
            false
        }
    }
}

/// A constant printed by name (strace's `print_xlat_ex`): the name, the number (raw), or both
/// (verbose). With no name, the number alone.
pub fn print_xlat(out: &mut String, value: u64, name: Option<&str>, fmt: Fmt) {
    match (style(), name) {
        (XlatStyle::Abbrev, Some(name)) => out.push_str(name),
        (XlatStyle::Abbrev | XlatStyle::Raw, _) | (XlatStyle::Verbose, None) => number(out, value, fmt),
        (XlatStyle::Verbose, Some(name)) => {
            number(out, value, fmt);
            comment(out, name);
        }
    }
}

/// A value strace prints as text it builds itself (open flags with their access mode, socket types
/// in a comment...): the text when abbreviated, the hex number when raw, both when verbose.
/// `text` runs in the abbreviated style.
pub fn composite(out: &mut String, value: u64, text: impl FnOnce(&mut String)) {
    composite_with(out, |out| number(out, value, Fmt::Hex), text);
}

/// [`composite`] with the number written by `number` (octal modes: `0100644 /* S_IFREG|0644 */`;
/// decimal limits: `8388608 /* 8192*1024 */`).
pub fn composite_with(out: &mut String, number: impl FnOnce(&mut String), text: impl FnOnce(&mut String)) {
    let style = style();
    if style != XlatStyle::Abbrev {
        number(out);
    }
    match style {
        XlatStyle::Raw => {}
        XlatStyle::Abbrev => with_style(XlatStyle::Abbrev, || text(out)),
        XlatStyle::Verbose => {
            out.push_str(" /* ");
            with_style(XlatStyle::Abbrev, || text(out));
            out.push_str(" */");
        }
    }
}

/// `0x10 /* PROT_??? */`.
#[allow(dead_code, reason = "for the structure decoders (issue 3)")]
pub fn unknown_value(out: &mut String, value: u64, unknown: &str) {
    number(out, value, Fmt::Hex);
    comment(out, unknown);
}

/// A flag set (strace's `printflags`): names joined by `|`, each entry taking its bits; leftover bits
/// as `|0x...`, or `0x... /* X??? */` when no name matched; a zero value prints the table's zero entry
/// or `0`. Raw: the hex number; verbose: `0x3 /* PROT_READ|PROT_WRITE */`.
pub fn flags(out: &mut String, table: Xlat, value: u64, unknown: &str) {
    flags_ex(out, &[table], value, Some(unknown));
}

/// strace's `printflags_ex` over several tables; `unknown` is its `dflt` (with none, a zero value
/// with no zero entry prints nothing). Returns how many names were printed.
pub fn flags_ex(out: &mut String, tables: &[Xlat], value: u64, unknown: Option<&str>) -> usize {
    let style = style();
    if style == XlatStyle::Raw {
        if value != 0 || unknown.is_some() {
            number(out, value, Fmt::Hex);
            return 1;
        }
        return 0;
    }
    let verbose = style == XlatStyle::Verbose;
    if verbose && value != 0 {
        number(out, value, Fmt::Hex);
    }
    let mut rest = value;
    let mut n = 0;
    'tables: for table in tables {
        for &(bits, name) in table.iter() {
            if rest == 0 && n != 0 {
                break 'tables;
            }
            if rest == bits || (bits != 0 && rest & bits == bits) {
                if verbose && rest == 0 {
                    out.push('0');
                }
                if n > 0 {
                    out.push('|');
                } else if verbose {
                    out.push_str(" /* ");
                }
                n += 1;
                out.push_str(name);
                rest &= !bits;
            }
            if rest == 0 {
                break;
            }
        }
    }
    if n > 0 {
        if rest != 0 {
            out.push('|');
            number(out, rest, Fmt::Hex);
            n += 1;
        }
        if verbose {
            out.push_str(" */");
        }
    } else if rest != 0 {
        if !verbose {
            number(out, rest, Fmt::Hex);
        }
        comment(out, unknown.unwrap_or(""));
    } else if unknown.is_some() {
        out.push('0');
    }
    n
}

/// Print the names of the entries contained in `value`, `|`-separated, and return the bits no entry
/// took. Zero-valued entries are skipped. (A building block for abbreviated composite text.)
pub fn names(out: &mut String, table: Xlat, value: u64) -> u64 {
    let mut rest = value;
    let mut first = true;
    for &(bits, name) in table {
        if bits != 0 && rest & bits == bits {
            if !first {
                out.push('|');
            }
            out.push_str(name);
            first = false;
            rest &= !bits;
        }
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Xlat = &[(0, "Z_NONE"), (1, "Z_A"), (6, "Z_BC"), (2, "Z_B")];

    fn styled(style: XlatStyle, f: impl FnOnce(&mut String)) -> String {
        let mut s = String::new();
        with_style(style, || f(&mut s));
        s
    }

    #[test]
    fn flag_sets() {
        let mut s = String::new();
        flags(&mut s, T, 0, "Z_???");
        assert_eq!(s, "Z_NONE");
        s.clear();
        flags(&mut s, T, 7, "Z_???");
        assert_eq!(s, "Z_A|Z_BC");
        s.clear();
        flags(&mut s, T, 0x13, "Z_???");
        assert_eq!(s, "Z_A|Z_B|0x10");
        s.clear();
        flags(&mut s, T, 0x10, "Z_???");
        assert_eq!(s, "0x10 /* Z_??? */");
    }

    #[test]
    fn flag_sets_in_each_style() {
        use XlatStyle::*;
        let f = |style, v| styled(style, |s| flags(s, T, v, "Z_???"));
        // strace 6.1 -X raw / -X verbose: mprotect(NULL, 0, 0) / mprotect(NULL, 0, 0 /* PROT_NONE */),
        // mlockall(0x9 /* MCL_CURRENT|0x8 */), mlockall(0x8 /* MCL_??? */), wait4(-1, NULL, 0, NULL)
        assert_eq!(f(Raw, 0), "0");
        assert_eq!(f(Raw, 0x13), "0x13");
        assert_eq!(f(Verbose, 0), "0 /* Z_NONE */");
        assert_eq!(f(Verbose, 0x13), "0x13 /* Z_A|Z_B|0x10 */");
        assert_eq!(f(Verbose, 0x10), "0x10 /* Z_??? */");
        assert_eq!(styled(Verbose, |s| flags(s, &T[1..], 0, "Z_???")), "0");
    }

    #[test]
    fn enumerations() {
        let mut s = String::new();
        xval(&mut s, T, 6, "Z_???");
        assert_eq!(s, "Z_BC");
        s.clear();
        xval(&mut s, T, 0, "ARCH_???");
        assert_eq!(s, "Z_NONE");
        s.clear();
        xval(&mut s, &[], 0, "ARCH_???");
        assert_eq!(s, "0 /* ARCH_??? */");
    }

    #[test]
    fn enumerations_in_each_style() {
        use XlatStyle::*;
        // strace 6.1: lseek(-1, 0, 0x1), lseek(-1, 0, 0x1 /* SEEK_CUR */), lseek(-1, 0, 0x63),
        // lseek(-1, 0, 0x63 /* SEEK_??? */)
        assert_eq!(styled(Raw, |s| xval(s, T, 6, "Z_???")), "0x6");
        assert_eq!(styled(Raw, |s| xval(s, T, 0x63, "Z_???")), "0x63");
        assert_eq!(styled(Verbose, |s| xval(s, T, 6, "Z_???")), "0x6 /* Z_BC */");
        assert_eq!(styled(Verbose, |s| xval(s, T, 0x63, "Z_???")), "0x63 /* Z_??? */");
        assert_eq!(styled(Verbose, |s| xval_d(s, T, -1, "Z_???")), "-1 /* Z_??? */");
        assert_eq!(styled(Verbose, |s| xval_u(s, T, 1, "Z_???")), "1 /* Z_A */");
        assert_eq!(
            styled(Verbose, |s| print_xlat(s, (-100i64) as u64, Some("AT_FDCWD"), Fmt::Signed)),
            "-100 /* AT_FDCWD */"
        );
        assert_eq!(styled(Raw, |s| composite(s, 0x42, |s| s.push_str("O_RDWR|O_CREAT"))), "0x42");
        assert_eq!(
            styled(Verbose, |s| composite(s, 0x42, |s| s.push_str("O_RDWR|O_CREAT"))),
            "0x42 /* O_RDWR|O_CREAT */"
        );
    }
}
