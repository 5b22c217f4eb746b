//! Terminal requests (type `'T'`), as strace 6.1's `term_ioctl`: termios (abbreviated unless `-v`),
//! termios2, termio, winsize, modem lines, `int`s and TIOCSTI's character; TCXONC's and TCFLSH's
//! argument by name; the requests with no argument print none.

use crate::decode::fields::Fields;
use crate::decode::printer::{Fmt, Group, Printer, Quote};
use crate::decode::strings;
use crate::decode::tables::{
    BAUD_OPTIONS, MODEM_FLAGS, TCFLSH_ARGS, TCXONC_ARGS, TERMIOS_CC, TERM_CFLAGS, TERM_CFLAGS_CSIZE,
    TERM_IFLAGS, TERM_LFLAGS, TERM_LINE_DISCS, TERM_OFLAGS, TERM_OFLAGS_BSDLY, TERM_OFLAGS_CRDLY,
    TERM_OFLAGS_FFDLY, TERM_OFLAGS_NLDLY, TERM_OFLAGS_TABDLY, TERM_OFLAGS_VTDLY,
};
use crate::decode::xlat::{lookup, names, xval, xvals, Xlat};
use crate::decode::Ctx;

/// How a request's argument is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Termios,
    Termios2,
    Termio,
    Winsize,
    Modem,
    Int,
    /// TIOCSTI: one character.
    Char,
}

/// The request's argument shape and whether the call fills it (true) or reads it (false).
fn shape(req: u64) -> Option<(Shape, bool)> {
    let r = |v: libc::Ioctl| v as u32 as u64;
    let shape = match req {
        x if x == r(libc::TCGETS) || x == r(libc::TIOCGLCKTRMIOS) => (Shape::Termios, true),
        x if x == r(libc::TCSETS)
            || x == r(libc::TCSETSW)
            || x == r(libc::TCSETSF)
            || x == r(libc::TIOCSLCKTRMIOS) =>
        {
            (Shape::Termios, false)
        }
        x if x == r(libc::TCGETS2) => (Shape::Termios2, true),
        x if x == r(libc::TCSETS2) || x == r(libc::TCSETSW2) || x == r(libc::TCSETSF2) => {
            (Shape::Termios2, false)
        }
        x if x == r(libc::TCGETA) => (Shape::Termio, true),
        x if x == r(libc::TCSETA) || x == r(libc::TCSETAW) || x == r(libc::TCSETAF) => (Shape::Termio, false),
        x if x == r(libc::TIOCGWINSZ) => (Shape::Winsize, true),
        x if x == r(libc::TIOCSWINSZ) => (Shape::Winsize, false),
        x if x == r(libc::TIOCMGET) => (Shape::Modem, true),
        x if x == r(libc::TIOCMBIS) || x == r(libc::TIOCMBIC) || x == r(libc::TIOCMSET) => {
            (Shape::Modem, false)
        }
        x if [
            libc::TIOCGPGRP,
            libc::TIOCGSID,
            libc::TIOCGETD,
            libc::TIOCGSOFTCAR,
            libc::TIOCGPTN,
            libc::FIONREAD,
            libc::TIOCOUTQ,
            libc::TIOCGEXCL,
            libc::TIOCGDEV,
        ]
        .iter()
        .any(|&v| r(v) == x) =>
        {
            (Shape::Int, true)
        }
        x if [
            libc::TIOCSPGRP,
            libc::TIOCSETD,
            libc::FIONBIO,
            libc::FIOASYNC,
            libc::TIOCPKT,
            libc::TIOCSSOFTCAR,
            libc::TIOCSPTLCK,
        ]
        .iter()
        .any(|&v| r(v) == x) =>
        {
            (Shape::Int, false)
        }
        x if x == r(libc::TIOCSTI) => (Shape::Char, false),
        _ => return None,
    };
    Some(shape)
}

/// The argument of terminal request `code` (strace's `term_ioctl`); false when it has no decoder here.
pub fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    let req = u64::from(code);
    let value = ctx.arg(2);
    if NO_ARG.contains(&req) {
        return true;
    }
    if INT_ARG.contains(&req) {
        p.int(i64::from(value as i32));
        return true;
    }
    match req {
        0x540a => xval(p, TCXONC_ARGS, value, "TC???"),
        0x540b => xval(p, TCFLSH_ARGS, value, "TC???"),
        _ => return request_arg(p, ctx, req),
    }
    true
}

/// Requests whose argument strace prints in decimal.
const INT_ARG: &[u64] = &[libc::TCSBRK, libc::TIOCSCTTY, libc::TCSBRKP];
/// Requests with no argument (strace prints none).
const NO_ARG: &[u64] = &[
    libc::TIOCSBRK,
    libc::TIOCCBRK,
    libc::TIOCCONS,
    libc::TIOCNOTTY,
    libc::TIOCEXCL,
    libc::TIOCNXCL,
    libc::FIOCLEX,
    libc::FIONCLEX,
    libc::TIOCVHANGUP,
    libc::TIOCSSERIAL,
];

/// Append the argument of request `req`; false when the request has no decoder here.
fn request_arg<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, req: u64) -> bool {
    let Some((shape, filled)) = shape(req) else { return false };
    let ptr = ctx.arg(2);
    let capture = if filled { ctx.ok_ret().and_then(|_| ctx.exit(2)) } else { ctx.entry(2) };
    let Some(bytes) = capture.map(|c| c.bytes.as_slice()).filter(|_| ptr != 0) else {
        p.addr(ptr);
        return true;
    };
    let f = Fields(bytes);
    let need = match shape {
        Shape::Termios => 36,
        Shape::Termios2 => 44,
        Shape::Termio => 17,
        Shape::Winsize => 8,
        Shape::Modem | Shape::Int => 4,
        Shape::Char => 1,
    };
    if bytes.len() < need {
        p.addr(ptr);
        return true;
    }
    match shape {
        Shape::Termios => termios(p, ctx, &f, false),
        Shape::Termios2 => termios(p, ctx, &f, true),
        Shape::Termio => termio(p, ctx, &f),
        Shape::Winsize => {
            p.open(Group::Struct);
            for (name, at) in [("ws_row", 0), ("ws_col", 2), ("ws_xpixel", 4), ("ws_ypixel", 6)] {
                p.field(name);
                p.uint(u64::from(f.u16(at)));
            }
            p.close();
        }
        Shape::Modem => {
            p.open(Group::Array);
            crate::decode::xlat::flags(p, MODEM_FLAGS, u64::from(f.u32(0)), "TIOCM_???");
            p.close();
        }
        Shape::Int => {
            p.open(Group::Array);
            p.int(i64::from(f.i32(0)));
            p.close();
        }
        Shape::Char => strings::buffer(p, bytes, 1, ctx.strlen, false, Quote::Text),
    }
    true
}

/// printflags with no default: names and leftover hex, nothing for zero.
fn flags_bare<P: Printer + ?Sized>(p: &mut P, table: Xlat, value: u64) {
    if value == 0 {
        return;
    }
    p.open(Group::Or);
    let rest = names(table, value, |name| p.name(name));
    if rest == value {
        p.hex(value);
    } else if rest != 0 {
        p.formatted(rest, &format!("{rest:#x}"));
    }
    p.close();
}

fn oflag<P: Printer + ?Sized>(p: &mut P, mut val: u64) {
    let fields: [(Xlat, u32, &str); 6] = [
        (TERM_OFLAGS_NLDLY, libc::NLDLY, "NL?"),
        (TERM_OFLAGS_CRDLY, libc::CRDLY, "CR?"),
        (TERM_OFLAGS_TABDLY, libc::TABDLY, "TAB?"),
        (TERM_OFLAGS_BSDLY, libc::BSDLY, "BS?"),
        (TERM_OFLAGS_VTDLY, libc::VTDLY, "VT?"),
        (TERM_OFLAGS_FFDLY, libc::FFDLY, "FF?"),
    ];
    // strace joins the fields with `|` whether or not flags follow them.
    p.open(Group::Expr);
    for (table, mask, unknown) in fields {
        xval(p, table, val & u64::from(mask), unknown);
        p.raw("|");
        val &= !u64::from(mask);
    }
    flags_bare(p, TERM_OFLAGS, val);
    p.close();
}

fn cflag<P: Printer + ?Sized>(p: &mut P, mut val: u64) {
    let cbaud = u64::from(libc::CBAUD);
    let cibaud = u64::from(libc::CIBAUD);
    let csize = u64::from(libc::CSIZE);
    const IBSHIFT: u32 = 16;
    const BAUD: &[Xlat] = &[BAUD_OPTIONS];
    p.open(Group::Expr);
    xvals(p, BAUD, val & cbaud, "B???", Fmt::Hex);
    p.raw("|");
    if val & cibaud != 0 {
        xvals(p, BAUD, (val & cibaud) >> IBSHIFT, "B???", Fmt::Hex);
        p.raw("<<IBSHIFT|");
    }
    xval(p, TERM_CFLAGS_CSIZE, val & csize, "CS?");
    p.raw("|");
    val &= !(cbaud | cibaud | csize);
    flags_bare(p, TERM_CFLAGS, val);
    p.close();
}

/// The four flag words (shared by termios, termios2 and termio).
fn flag_words<P: Printer + ?Sized>(p: &mut P, iflag: u64, oflag_v: u64, cflag_v: u64, lflag: u64) {
    p.field("c_iflag");
    bare_field(p, TERM_IFLAGS, iflag);
    p.field("c_oflag");
    oflag(p, oflag_v);
    p.field("c_cflag");
    cflag(p, cflag_v);
    p.field("c_lflag");
    bare_field(p, TERM_LFLAGS, lflag);
}

/// A flag word as a member's value, which may be empty (strace prints nothing for zero).
fn bare_field<P: Printer + ?Sized>(p: &mut P, table: Xlat, value: u64) {
    p.open(Group::Expr);
    flags_bare(p, table, value);
    p.close();
}

/// `c_line=N_TTY, c_cc=[[VINTR]=0x3, ...]` (verbose only).
fn line_and_cc<P: Printer + ?Sized>(p: &mut P, f: &Fields, line_at: usize, ncc: usize) {
    p.field("c_line");
    xval(p, TERM_LINE_DISCS, u64::from(f.u8(line_at)), "N_???");
    p.field("c_cc");
    p.open(Group::Array);
    for i in 0..ncc {
        match lookup(TERMIOS_CC, i as u64) {
            Some(name) => p.field(&format!("[{name}]")),
            None => p.field(&format!("[{i}]")),
        }
        p.hex(u64::from(f.u8(line_at + 1 + i)));
    }
    p.close();
}

fn termios<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, f: &Fields, two: bool) {
    p.open(Group::Struct);
    flag_words(p, u64::from(f.u32(0)), u64::from(f.u32(4)), u64::from(f.u32(8)), u64::from(f.u32(12)));
    if ctx.verbose {
        line_and_cc(p, f, 16, 19);
        if two {
            p.field("c_ispeed");
            p.uint(u64::from(f.u32(36)));
            p.field("c_ospeed");
            p.uint(u64::from(f.u32(40)));
        }
    } else {
        p.more();
    }
    p.close();
}

fn termio<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, f: &Fields) {
    p.open(Group::Struct);
    flag_words(p, u64::from(f.u16(0)), u64::from(f.u16(2)), u64::from(f.u16(4)), u64::from(f.u16(6)));
    if ctx.verbose {
        line_and_cc(p, f, 8, 8);
    } else {
        p.more();
    }
    p.close();
}
