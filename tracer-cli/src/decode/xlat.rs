//! Table-driven named constants and flag sets, as strace's `printxval` and `printflags`: the
//! decoders look names up here and hand them to the [`Printer`], which writes them in its style.

use super::printer::{Fmt, Group, Printer};

/// Value → name, in the order strace prints them.
pub type Xlat = &'static [(u64, &'static str)];

/// The number alone, as strace's `print_xlat_val`: `%#llx` (so `0`, `0x1f`), `%llu` or `%lld`.
pub fn number(out: &mut String, value: u64, fmt: Fmt) {
    match fmt {
        Fmt::Hex => super::num::hex(out, value),
        Fmt::Unsigned => super::num::dec(out, value),
        Fmt::Signed => super::num::dec(out, value as i64),
    }
}

/// The name of `value` in `table`.
pub fn lookup(table: Xlat, value: u64) -> Option<&'static str> {
    table.iter().find(|&&(v, _)| v == value).map(|&(_, n)| n)
}

/// An enumeration (strace's `printxval`): `SEEK_CUR`, `0x1` with `-X raw`, `0x1 /* SEEK_CUR */`
/// with `-X verbose`; an unknown value is `0x5 /* SEEK_??? */` (just `0x5` when raw).
pub fn xval<P: Printer + ?Sized>(p: &mut P, table: Xlat, value: u64, unknown: &str) {
    p.constant(value, lookup(table, value), Fmt::Hex, unknown);
}

/// An enumeration looked up in several tables in turn (strace's `printxvals`). Returns whether a
/// name was shown (never with `-X raw`), as strace's does.
pub fn xvals<P: Printer + ?Sized>(p: &mut P, tables: &[Xlat], value: u64, unknown: &str, fmt: Fmt) -> bool {
    let name = tables.iter().find_map(|t| lookup(t, value));
    p.constant(value, name, fmt, unknown);
    name.is_some() && p.style() != super::XlatStyle::Raw
}

/// A constant printed by name (strace's `print_xlat_ex`): the name, the number (raw), or both
/// (verbose). With no name, the number alone.
pub fn print_xlat<P: Printer + ?Sized>(p: &mut P, value: u64, name: Option<&str>, fmt: Fmt) {
    p.constant(value, name, fmt, "");
}

/// A value strace prints as text it builds itself (open flags with their access mode, an ioctl
/// request): the text when abbreviated, the hex number when raw, both when verbose. `text` writes
/// in the abbreviated style.
pub fn composite<P: Printer + ?Sized>(p: &mut P, value: u64, text: impl FnOnce(&mut P)) {
    composite_with(p, |p| p.hex(value), text);
}

/// [`composite`] with the number written by `number` (octal modes: `0100644 /* S_IFREG|0644 */`;
/// decimal limits: `8388608 /* 8192*1024 */`).
pub fn composite_with<P: Printer + ?Sized>(
    p: &mut P,
    number: impl FnOnce(&mut P),
    text: impl FnOnce(&mut P),
) {
    p.open(Group::Composite);
    number(p);
    p.decoded();
    text(p);
    p.close();
}

/// `0x10 /* PROT_??? */`.
pub fn unknown_value<P: Printer + ?Sized>(p: &mut P, value: u64, unknown: &str) {
    p.hex(value);
    p.comment(unknown);
}

/// A flag set (strace's `printflags`): names joined by `|`, each entry taking its bits; leftover bits
/// as `|0x...`, or `0x... /* X??? */` when no name matched; a zero value prints the table's zero entry
/// or `0`. Raw: the hex number; verbose: `0x3 /* PROT_READ|PROT_WRITE */`.
pub fn flags<P: Printer + ?Sized>(p: &mut P, table: Xlat, value: u64, unknown: &str) {
    p.flags(value, &[table], Some(unknown));
}

/// strace's `printflags_ex` over several tables; `unknown` is its `dflt` (with none, a zero value
/// with no zero entry prints nothing).
pub fn flags_ex<P: Printer + ?Sized>(p: &mut P, tables: &[Xlat], value: u64, unknown: Option<&str>) {
    p.flags(value, tables, unknown);
}

/// The names `tables` give the bits of `value`, in strace's order (`printflags_ex`'s walk: an
/// entry takes its bits, a zero entry matches only a zero value, and the walk stops once every bit
/// is named); `each` gets every name. Returns the bits no entry took.
pub fn match_flags(tables: &[Xlat], value: u64, mut each: impl FnMut(&'static str)) -> u64 {
    let mut rest = value;
    let mut named = false;
    'tables: for table in tables {
        for &(bits, name) in table.iter() {
            if rest == 0 && named {
                break 'tables;
            }
            if rest == bits || (bits != 0 && rest & bits == bits) {
                named = true;
                each(name);
                rest &= !bits;
            }
            if rest == 0 {
                break;
            }
        }
    }
    rest
}

/// The names of the entries of `table` contained in `value`, zero entries skipped: the parts of an
/// abbreviated text strace builds itself (`sprintflags`). Returns the bits no entry took.
pub fn names(table: Xlat, value: u64, mut each: impl FnMut(&'static str)) -> u64 {
    let mut rest = value;
    for &(bits, name) in table {
        if bits != 0 && rest & bits == bits {
            each(name);
            rest &= !bits;
        }
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::super::printer::XlatStyle;
    use super::super::text::render;
    use super::*;

    const T: Xlat = &[(0, "Z_NONE"), (1, "Z_A"), (6, "Z_BC"), (2, "Z_B")];

    #[test]
    fn flags_are_walked_in_table_order() {
        let walk = |tables: &[Xlat], value| {
            let mut seen = Vec::new();
            let rest = match_flags(tables, value, |name| seen.push(name));
            (seen, rest)
        };
        assert_eq!(walk(&[T], 0), (vec!["Z_NONE"], 0));
        assert_eq!(walk(&[T], 7), (vec!["Z_A", "Z_BC"], 0));
        assert_eq!(walk(&[T], 0x13), (vec!["Z_A", "Z_B"], 0x10));
        assert_eq!(walk(&[&T[1..]], 0), (vec![], 0));
        // A second table names what the first left.
        assert_eq!(walk(&[&T[1..2], &T[3..]], 3), (vec!["Z_A", "Z_B"], 0));
    }

    #[test]
    fn enumerations() {
        let x = |table: Xlat, v, unknown| render(XlatStyle::Abbrev, |p| xval(p, table, v, unknown));
        assert_eq!(x(T, 6, "Z_???"), "Z_BC");
        assert_eq!(x(T, 0, "ARCH_???"), "Z_NONE");
        assert_eq!(x(&[], 0, "ARCH_???"), "0 /* ARCH_??? */");
    }

    #[test]
    fn enumerations_in_each_style() {
        use XlatStyle::*;
        // strace 6.1: lseek(-1, 0, 0x1), lseek(-1, 0, 0x1 /* SEEK_CUR */), lseek(-1, 0, 0x63),
        // lseek(-1, 0, 0x63 /* SEEK_??? */)
        assert_eq!(render(Raw, |p| xval(p, T, 6, "Z_???")), "0x6");
        assert_eq!(render(Raw, |p| xval(p, T, 0x63, "Z_???")), "0x63");
        assert_eq!(render(Verbose, |p| xval(p, T, 6, "Z_???")), "0x6 /* Z_BC */");
        assert_eq!(render(Verbose, |p| xval(p, T, 0x63, "Z_???")), "0x63 /* Z_??? */");
        assert_eq!(
            render(Verbose, |p| print_xlat(p, (-100i64) as u64, Some("AT_FDCWD"), Fmt::Signed)),
            "-100 /* AT_FDCWD */"
        );
        let composite_text = |p: &mut super::super::text::TextPrinter| {
            composite(p, 0x42, |p| {
                p.open(Group::Or);
                p.name("O_RDWR");
                p.name("O_CREAT");
                p.close();
            })
        };
        assert_eq!(render(Raw, composite_text), "0x42");
        assert_eq!(render(Verbose, composite_text), "0x42 /* O_RDWR|O_CREAT */");
        assert_eq!(render(Abbrev, composite_text), "O_RDWR|O_CREAT");
    }
}
