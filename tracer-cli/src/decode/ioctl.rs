//! The memory behind an ioctl's third argument, decoded by request as strace 6.1's `term_ioctl`:
//! termios (abbreviated unless `-v`), winsize, modem lines and `int`s. Requests that read the
//! memory print the entry copy; requests that fill it print the exit copy (when they succeeded).

use std::fmt::Write as _;

use super::fields::Fields;
use super::num::{addr, hex};
use super::strings::{self, Style};
use super::tables::{
    BAUD_OPTIONS, MODEM_FLAGS, TERMIOS_CC, TERM_CFLAGS, TERM_CFLAGS_CSIZE, TERM_IFLAGS, TERM_LFLAGS,
    TERM_LINE_DISCS, TERM_OFLAGS, TERM_OFLAGS_BSDLY, TERM_OFLAGS_CRDLY, TERM_OFLAGS_FFDLY, TERM_OFLAGS_NLDLY,
    TERM_OFLAGS_TABDLY, TERM_OFLAGS_VTDLY,
};
use super::xlat::{lookup, names, xval, xvals, Fmt, Xlat};
use super::Ctx;

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

/// `struct ifreq` requests that name an interface (or an index) at entry and get one field back.
fn ifreq(out: &mut String, ctx: &Ctx, req: u64) -> bool {
    let r = |v: libc::Ioctl| v as u32 as u64;
    let field = match req {
        x if x == r(libc::SIOCGIFINDEX) => "ifr_ifindex",
        x if x == r(libc::SIOCGIFNAME) => "ifr_name",
        x if x == r(libc::SIOCGIFMTU) => "ifr_mtu",
        x if x == r(libc::SIOCGIFMETRIC) => "ifr_metric",
        x if x == r(libc::SIOCGIFTXQLEN) => "ifr_qlen",
        _ => return false,
    };
    let ptr = ctx.arg(2);
    let name = |out: &mut String, f: &Fields| {
        out.push_str("ifr_name=");
        strings::quote(out, strings::until_nul(&f.0[..f.len().min(16)]), Style::Text, false);
    };
    let Some(before) = ctx.entry(2).filter(|c| ptr != 0 && c.bytes.len() >= 20) else {
        addr(out, ptr);
        return true;
    };
    let f = Fields(&before.bytes);
    out.push('{');
    if field == "ifr_name" {
        let _ = write!(out, "ifr_ifindex={}", f.i32(16));
    } else {
        name(out, &f);
    }
    if let Some(after) = ctx.ok_ret().and_then(|_| ctx.exit(2)).filter(|c| c.bytes.len() >= 20) {
        let f = Fields(&after.bytes);
        out.push_str(", ");
        if field == "ifr_name" {
            name(out, &f);
        } else {
            let _ = write!(out, "{field}={}", f.i32(16));
        }
    }
    out.push('}');
    true
}

/// Append the argument of request `req` (at index 2); false when the request has no decoder here.
pub fn arg(out: &mut String, ctx: &Ctx, req: u64) -> bool {
    if ifreq(out, ctx, req) {
        return true;
    }
    let Some((shape, filled)) = shape(req) else { return false };
    let ptr = ctx.arg(2);
    let capture = if filled { ctx.ok_ret().and_then(|_| ctx.exit(2)) } else { ctx.entry(2) };
    let Some(bytes) = capture.map(|c| c.bytes.as_slice()).filter(|_| ptr != 0) else {
        addr(out, ptr);
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
        addr(out, ptr);
        return true;
    }
    match shape {
        Shape::Termios => termios(out, ctx, &f, false),
        Shape::Termios2 => termios(out, ctx, &f, true),
        Shape::Termio => termio(out, ctx, &f),
        Shape::Winsize => {
            let _ = write!(
                out,
                "{{ws_row={}, ws_col={}, ws_xpixel={}, ws_ypixel={}}}",
                f.u16(0),
                f.u16(2),
                f.u16(4),
                f.u16(6)
            );
        }
        Shape::Modem => {
            out.push('[');
            super::xlat::flags(out, MODEM_FLAGS, u64::from(f.u32(0)), "TIOCM_???");
            out.push(']');
        }
        Shape::Int => {
            let _ = write!(out, "[{}]", f.i32(0));
        }
        Shape::Char => strings::buffer(out, bytes, 1, ctx.strlen, false, Style::Text),
    }
    true
}

/// printflags with no default: names and leftover hex, nothing for zero.
fn flags_bare(out: &mut String, table: Xlat, value: u64) {
    if value == 0 {
        return;
    }
    let rest = names(out, table, value);
    if rest == value {
        hex(out, value);
    } else if rest != 0 {
        let _ = write!(out, "|{rest:#x}");
    }
}

fn oflag(out: &mut String, mut val: u64) {
    let fields: [(Xlat, u32, &str); 6] = [
        (TERM_OFLAGS_NLDLY, libc::NLDLY, "NL?"),
        (TERM_OFLAGS_CRDLY, libc::CRDLY, "CR?"),
        (TERM_OFLAGS_TABDLY, libc::TABDLY, "TAB?"),
        (TERM_OFLAGS_BSDLY, libc::BSDLY, "BS?"),
        (TERM_OFLAGS_VTDLY, libc::VTDLY, "VT?"),
        (TERM_OFLAGS_FFDLY, libc::FFDLY, "FF?"),
    ];
    for (table, mask, unknown) in fields {
        xval(out, table, val & u64::from(mask), unknown);
        out.push('|');
        val &= !u64::from(mask);
    }
    flags_bare(out, TERM_OFLAGS, val);
}

fn cflag(out: &mut String, mut val: u64) {
    let cbaud = u64::from(libc::CBAUD);
    let cibaud = u64::from(libc::CIBAUD);
    let csize = u64::from(libc::CSIZE);
    // IBSHIFT: the input speed field is the output speed field shifted by 16.
    const IBSHIFT: u32 = 16;
    // strace's `baud_options`.
    const BAUD: &[Xlat] = &[BAUD_OPTIONS];
    xvals(out, BAUD, val & cbaud, "B???", Fmt::Hex);
    out.push('|');
    if val & cibaud != 0 {
        xvals(out, BAUD, (val & cibaud) >> IBSHIFT, "B???", Fmt::Hex);
        out.push_str("<<IBSHIFT|");
    }
    xval(out, TERM_CFLAGS_CSIZE, val & csize, "CS?");
    out.push('|');
    val &= !(cbaud | cibaud | csize);
    flags_bare(out, TERM_CFLAGS, val);
}

/// The four flag words (shared by termios, termios2 and termio).
fn flag_words(out: &mut String, iflag: u64, oflag_v: u64, cflag_v: u64, lflag: u64) {
    out.push_str("c_iflag=");
    flags_bare(out, TERM_IFLAGS, iflag);
    out.push_str(", c_oflag=");
    oflag(out, oflag_v);
    out.push_str(", c_cflag=");
    cflag(out, cflag_v);
    out.push_str(", c_lflag=");
    flags_bare(out, TERM_LFLAGS, lflag);
}

/// `c_line=N_TTY, c_cc=[[VINTR]=0x3, ...]` (verbose only).
fn line_and_cc(out: &mut String, f: &Fields, line_at: usize, ncc: usize) {
    out.push_str("c_line=");
    xval(out, TERM_LINE_DISCS, u64::from(f.u8(line_at)), "N_???");
    out.push_str(", c_cc=[");
    for i in 0..ncc {
        if i > 0 {
            out.push_str(", ");
        }
        match lookup(TERMIOS_CC, i as u64) {
            Some(name) => {
                let _ = write!(out, "[{name}]=");
            }
            None => {
                let _ = write!(out, "[{i}]=");
            }
        }
        hex(out, u64::from(f.u8(line_at + 1 + i)));
    }
    out.push(']');
}

fn termios(out: &mut String, ctx: &Ctx, f: &Fields, two: bool) {
    out.push('{');
    flag_words(out, u64::from(f.u32(0)), u64::from(f.u32(4)), u64::from(f.u32(8)), u64::from(f.u32(12)));
    out.push_str(", ");
    if ctx.verbose {
        line_and_cc(out, f, 16, 19);
        if two {
            let _ = write!(out, ", c_ispeed={}, c_ospeed={}", f.u32(36), f.u32(40));
        }
    } else {
        out.push_str("...");
    }
    out.push('}');
}

fn termio(out: &mut String, ctx: &Ctx, f: &Fields) {
    out.push('{');
    flag_words(out, u64::from(f.u16(0)), u64::from(f.u16(2)), u64::from(f.u16(4)), u64::from(f.u16(6)));
    out.push_str(", ");
    if ctx.verbose {
        line_and_cc(out, f, 8, 8);
    } else {
        out.push_str("...");
    }
    out.push('}');
}
