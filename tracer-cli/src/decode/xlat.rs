//! Table-driven printing of flag sets and enumerations, as strace's `printflags` and `printxval`.

use std::fmt::Write as _;

use super::num::hex;

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

/// The name of `value` in `table`.
pub fn lookup(table: Xlat, value: u64) -> Option<&'static str> {
    table.iter().find(|&&(v, _)| v == value).map(|&(_, n)| n)
}

/// An enumeration: its name, or `0x5 /* SEEK_??? */` (strace's `printxval`).
pub fn xval(out: &mut String, table: Xlat, value: u64, unknown: &str) {
    match lookup(table, value) {
        Some(name) => out.push_str(name),
        None => unknown_value(out, value, unknown),
    }
}

/// `0x10 /* PROT_??? */`.
pub fn unknown_value(out: &mut String, value: u64, unknown: &str) {
    hex(out, value);
    let _ = write!(out, " /* {unknown} */");
}

/// A flag set (strace's `printflags`): names joined by `|`, each entry taking its bits; leftover bits
/// as `|0x...`, or `0x... /* X??? */` when no name matched; a zero value prints the table's zero entry
/// or `0`.
pub fn flags(out: &mut String, table: Xlat, value: u64, unknown: &str) {
    if value == 0 {
        out.push_str(lookup(table, 0).unwrap_or("0"));
        return;
    }
    let rest = names(out, table, value);
    if rest == value {
        unknown_value(out, value, unknown);
    } else if rest != 0 {
        let _ = write!(out, "|{rest:#x}");
    }
}

/// Print the names of the entries contained in `value`, `|`-separated, and return the bits no entry
/// took. Zero-valued entries are skipped.
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
}
