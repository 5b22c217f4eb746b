//! AF_AX25 addresses (strace 6.1's `print_sockaddr_data_ax25`): the callsign and digipeater count,
//! and with digipeaters (`struct full_sockaddr_ax25`) the digipeaters' callsigns. A callsign prints
//! as `VALID-13` when it is one, else its raw bytes with the text in a comment (or alone, when the
//! text would not print).

use crate::decode::fields::Fields;
use crate::decode::printer::{Group, Printer, Quote, XlatStyle};

/// `sa_family`, then `struct sockaddr_ax25`'s call sign (7 bytes), padding and `sax25_ndigis`.
const SOCKADDR_AX25: usize = 16;
/// Bytes of one callsign (`ax25_address`).
const CALL: usize = 7;
/// `AX25_MAX_DIGIS`.
const MAX_DIGIS: usize = 8;

/// The members of an AF_AX25 address (`bytes`, at least [`SOCKADDR_AX25`] of them).
pub fn print<P: Printer + ?Sized>(p: &mut P, bytes: &[u8]) {
    let ndigis = Fields(bytes).i32(12);
    let len = bytes.len();
    let full = ndigis != 0 || len > SOCKADDR_AX25;
    if full {
        p.field("fsa_ax25");
        p.open(Group::Struct);
    }
    p.field("sax25_call");
    call(p, &bytes[2..2 + CALL]);
    p.field("sax25_ndigis");
    p.int(i64::from(ndigis));
    if !full {
        return;
    }
    p.close();
    let has = ((len - SOCKADDR_AX25) / CALL).min(MAX_DIGIS);
    let want = usize::try_from(ndigis.max(0)).unwrap_or(0).min(MAX_DIGIS);
    if want != 0 {
        p.field("fsa_digipeater");
        p.open(Group::Array);
        for digi in bytes[SOCKADDR_AX25..].chunks_exact(CALL).take(has.min(want)) {
            call(p, digi);
        }
        if want > has {
            p.more();
        }
        p.close();
    }
    if len > has * CALL + SOCKADDR_AX25 {
        p.more();
    }
}

/// How a callsign can print (strace's `check_ax25_address`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// A valid callsign: as the `-X` style says.
    Valid,
    /// Printable but odd: raw bytes and the text in a comment.
    Odd,
    /// Not printable as text: raw bytes only.
    Raw,
}

fn form(call: &[u8]) -> Form {
    let mut form = Form::Valid;
    let (mut space_seen, mut char_seen) = (false, false);
    for &byte in &call[..CALL - 1] {
        if byte & 1 != 0 {
            form = Form::Odd;
        }
        let c = byte >> 1;
        if c == b' ' {
            space_seen = true;
        } else {
            char_seen = true;
        }
        if !c.is_ascii_digit() && !c.is_ascii_uppercase() && c != b' ' {
            form = Form::Odd;
        }
        if c != b' ' && space_seen {
            form = Form::Odd;
        }
        if !(b' '..=0x7e).contains(&c) || c == b'*' || c == b'/' {
            return Form::Raw;
        }
    }
    let ssid = call[CALL - 1];
    if ssid & !0x1e != 0 || (!char_seen && ssid != 0) {
        form = Form::Odd;
    }
    form
}

/// `VALID-13`, `*` for an empty one (strace's `ax25_addr2str`).
fn text(call: &[u8]) -> String {
    let end = (0..CALL - 1).rev().find(|&i| call[i] >> 1 != b' ').map_or(0, |i| i + 1);
    let mut s: String = call[..end].iter().map(|&b| char::from(b >> 1)).collect();
    let ssid = (call[CALL - 1] >> 1) & 0xf;
    s.push_str(&format!("-{ssid}"));
    if s == "-0" {
        return "*".to_string();
    }
    s
}

/// One callsign (strace's `print_ax25_addr`).
fn call<P: Printer + ?Sized>(p: &mut P, call: &[u8]) {
    let style = match form(call) {
        Form::Valid => p.style(),
        Form::Odd => XlatStyle::Verbose,
        Form::Raw => XlatStyle::Raw,
    };
    if style != XlatStyle::Abbrev {
        p.open(Group::Struct);
        p.field("ax25_call");
        p.str(call, Quote::Hex, false);
        p.close();
    }
    match style {
        XlatStyle::Raw => {}
        XlatStyle::Verbose => p.comment(&text(call)),
        XlatStyle::Abbrev => p.name(&text(call)),
    }
}
