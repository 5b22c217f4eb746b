//! An ioctl's request number as strace 6.1 prints it (`SYS_FUNC(ioctl)`): the names its table gives
//! the number, joined by ` or `; before them, for the request families strace decodes by number
//! (evdev's `EVIOCGBIT(EV_KEY, 96)`, `MIXER_READ(3)`...), that form; with neither, `_IOC(dir,
//! type, nr, size)`. `-X raw` prints the number, `-X verbose` the number and the text in a comment.

use crate::decode::printer::{Printer, XlatStyle};
use crate::decode::tables::{EVDEV_ABS, EVDEV_EV, IOCTLS};
use crate::decode::xlat::{composite, flags, lookup, Xlat};

/// `_IOC_*` directions of an ioctl request number (strace's `ioctl_dirs`).
const IOCTL_DIRS: Xlat = &[(0, "_IOC_NONE"), (2, "_IOC_READ"), (1, "_IOC_WRITE")];

/// `_IOC_WRITE`: the caller passes data in.
pub const WRITE: u32 = 1;
/// `_IOC_READ`: the kernel passes data out.
pub const READ: u32 = 2;

/// `_IOC(dir, type, nr, size)`: a request number from its fields.
pub const fn code(dir: u32, kind: u32, nr: u32, size: u32) -> u32 {
    dir << 30 | size << 16 | kind << 8 | nr
}

/// `_IOC_DIR`.
pub fn dir(code: u32) -> u32 {
    code >> 30
}

/// `_IOC_TYPE`.
pub fn kind(code: u32) -> u32 {
    (code >> 8) & 0xff
}

/// `_IOC_NR`.
pub fn nr(code: u32) -> u32 {
    code & 0xff
}

/// `_IOC_SIZE`.
pub fn size(code: u32) -> u32 {
    (code >> 16) & 0x3fff
}

/// The names strace's table gives `code`, in its order.
pub fn names(code: u32) -> impl Iterator<Item = &'static str> {
    let start = IOCTLS.partition_point(|&(c, _)| c < code);
    IOCTLS[start..].iter().take_while(move |&&(c, _)| c == code).map(|&(_, name)| name)
}

/// The request argument: the names, the decoded-by-number form or `_IOC(...)`, in the printer's style.
pub fn print<P: Printer + ?Sized>(p: &mut P, code: u32) {
    let verbose = p.style() == XlatStyle::Verbose;
    composite(p, u64::from(code), |p| {
        let by_number = by_number(p, code, verbose);
        let names: Vec<&str> = names(code).collect();
        if by_number {
            for name in names {
                p.raw(" or ");
                p.raw(name);
            }
        } else if names.is_empty() {
            ioc(p, code, verbose);
        } else {
            p.name(&names.join(" or "));
        }
    });
}

/// `_IOC(_IOC_READ, 0x45, 0x1, 0x4)` (strace's `ioctl_print_code`).
fn ioc<P: Printer + ?Sized>(p: &mut P, code: u32, verbose: bool) {
    p.open(crate::decode::printer::Group::Call("_IOC"));
    // Every direction has a name: the unknown text never shows, whatever the style.
    flags(p, IOCTL_DIRS, u64::from(dir(code)), if verbose { "" } else { "_IOC_???" });
    p.hex(u64::from(kind(code)));
    p.hex(u64::from(nr(code)));
    p.hex(u64::from(size(code)));
    p.close();
}

/// `NAME(arg)` for the requests strace names by their number's fields (`ioctl_decode_command_number`);
/// false when `code` is not one of them.
fn by_number<P: Printer + ?Sized>(p: &mut P, code: u32, verbose: bool) -> bool {
    let (d, n) = (dir(code), nr(code));
    let sized = |p: &mut P, name: &'static str| {
        call(p, name, |p| p.uint(u64::from(size(code))));
        true
    };
    match kind(code) {
        0x21 if code == (READ << 30 | 8 << 16 | 0x21 << 8 | 2) => {
            p.raw("SECCOMP_IOCTL_NOTIF_ID_VALID_WRONG_DIR");
            true
        }
        0x45 => evdev(p, code, verbose),
        0x48 => match (d, n) {
            (READ, 0x04) => sized(p, "HIDIOCGRAWNAME"),
            (READ, 0x05) => sized(p, "HIDIOCGRAWPHYS"),
            (READ, 0x06) => sized(p, "HIDIOCSFEATURE"),
            (READ, 0x08) => sized(p, "HIDIOCGRAWUNIQ"),
            (READ, 0x12) => sized(p, "HIDIOCGPHYS"),
            (3, 0x06) => sized(p, "HIDIOCSFEATURE"),
            (3, 0x07) => sized(p, "HIDIOCGFEATURE"),
            _ => false,
        },
        0x4d if d == WRITE || d == READ => {
            let name = if d == WRITE { "MIXER_WRITE" } else { "MIXER_READ" };
            call(p, name, |p| p.uint(u64::from(n)));
            true
        }
        0x55 if d == READ && n == 0x2c => sized(p, "UI_GET_SYSNAME"),
        0x6a if d == READ && n == 0x13 => sized(p, "JSIOCGNAME"),
        0x6b if d == WRITE && n == 0 => sized(p, "SPI_IOC_MESSAGE"),
        _ => false,
    }
}

/// evdev's requests by number (strace's `evdev_decode_number`).
fn evdev<P: Printer + ?Sized>(p: &mut P, code: u32, verbose: bool) -> bool {
    let (d, n) = (dir(code), nr(code));
    let axis = |p: &mut P, name: &'static str, axis: u32| {
        call(p, name, |p| constant(p, EVDEV_ABS, axis, if verbose { "" } else { "ABS_???" }));
        true
    };
    if d == WRITE && (0xc0..=0xff).contains(&n) {
        return axis(p, "EVIOCSABS", n - 0xc0);
    }
    if d != READ {
        return false;
    }
    let sized = |p: &mut P, name: &'static str| {
        call(p, name, |p| p.uint(u64::from(size(code))));
        true
    };
    match n {
        0x20..=0x3f => {
            call(p, "EVIOCGBIT", |p| {
                if n == 0x20 {
                    p.uint(0);
                } else {
                    constant(p, EVDEV_EV, n - 0x20, if verbose { "" } else { "EV_???" });
                }
                p.uint(u64::from(size(code)));
            });
            true
        }
        0x40..=0x7f => axis(p, "EVIOCGABS", n - 0x40),
        0x06 => sized(p, "EVIOCGNAME"),
        0x07 => sized(p, "EVIOCGPHYS"),
        0x08 => sized(p, "EVIOCGUNIQ"),
        0x09 => sized(p, "EVIOCGPROP"),
        0x0a => sized(p, "EVIOCGMTSLOTS"),
        0x18 => sized(p, "EVIOCGKEY"),
        0x19 => sized(p, "EVIOCGLED"),
        0x1a => sized(p, "EVIOCGSND"),
        0x1b => sized(p, "EVIOCGSW"),
        _ => false,
    }
}

/// `name(args)`.
fn call<P: Printer + ?Sized>(p: &mut P, name: &'static str, args: impl FnOnce(&mut P)) {
    p.open(crate::decode::printer::Group::Call(name));
    args(p);
    p.close();
}

/// A value of `table` with `unknown` as its comment when it has no name (none when `unknown` is empty).
fn constant<P: Printer + ?Sized>(p: &mut P, table: Xlat, value: u32, unknown: &str) {
    let value = u64::from(value);
    match lookup(table, value) {
        Some(name) => p.name(name),
        None if unknown.is_empty() => p.hex(value),
        None => crate::decode::xlat::unknown_value(p, value, unknown),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_a_number_in_straces_order() {
        assert_eq!(names(0x5401).collect::<Vec<_>>(), ["TCGETS"]);
        assert_eq!(names(0x5402).collect::<Vec<_>>(), ["SNDCTL_TMR_START", "TCSETS"]);
        assert_eq!(names(0x1234).count(), 0);
        assert_eq!(names(u32::MAX).count(), 0);
    }
}
