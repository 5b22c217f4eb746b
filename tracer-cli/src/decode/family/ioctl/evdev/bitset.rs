//! The bit-set getters (EVIOCGBIT, EVIOCGKEY, EVIOCGLED...), as strace 6.1's `decode_bitset`: the
//! call returns how many bytes it filled; the bits up to the type's maximum are printed by name,
//! `[EV_SYN EV_KEY]` (four, then `...`, unless `-v`), and the words holding them in hex,
//! `[0x3]`: `-X raw` prints only the words, `-X verbose` both, the words in a comment.

use super::super::arg::{object, When};
use crate::decode::arrays::{hex_text, set_bits};
use crate::decode::printer::{Group, Printer, XlatStyle};
use crate::decode::xlat::{lookup, Xlat};
use crate::decode::Ctx;

/// What a bit set's bits are.
#[derive(Clone, Copy, Debug)]
pub struct Bits {
    /// The bits' names.
    pub table: Xlat,
    /// The highest bit (`KEY_MAX`, `EV_MAX`...).
    pub max: u32,
    /// The comment of a bit with no name.
    pub unknown: &'static str,
}

/// The size of the words the set is printed in (`unsigned long`).
const WORD: u64 = 8;

/// The bit set behind the argument, as long as the call's return value says.
pub fn print<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, bits: Bits) {
    let Some(ret) = ctx.ok_ret().and_then(|r| u64::try_from(r).ok()) else {
        return p.addr(ctx.arg(2));
    };
    let nbits = if ret > u64::from(bits.max) / 8 { u64::from(bits.max) } else { ret * 8 };
    let size = nbits.div_ceil(8).div_ceil(WORD) * WORD;
    if size == 0 {
        return p.addr(ctx.arg(2));
    }
    let Some(f) = object(p, ctx, When::Out, size as usize) else { return };
    let bytes = &f.0[..size as usize];
    let style = p.style();
    if style != XlatStyle::Raw {
        names(p, ctx, bytes, nbits, bits);
    }
    if style == XlatStyle::Raw {
        words(p, ctx, bytes);
    } else if style == XlatStyle::Verbose {
        p.comment(&words_text(ctx.verbose, ctx.strlen, bytes));
    }
}

/// `[EV_SYN EV_KEY]`: the set bits below `nbits` by name.
fn names<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, bytes: &[u8], nbits: u64, bits: Bits) {
    p.open(Group::Set { inverted: false });
    for (shown, bit) in set_bits(bytes, nbits).into_iter().enumerate() {
        if !ctx.verbose && shown >= 4 {
            p.more();
            break;
        }
        p.constant(bit, lookup(bits.table, bit), crate::decode::printer::Fmt::Hex, bits.unknown);
    }
    p.close();
}

/// The set's words, one array item each.
fn words<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, bytes: &[u8]) {
    let (shown, more) = limit(ctx.verbose, ctx.strlen, bytes);
    p.open(Group::Array);
    for word in bytes.chunks_exact(WORD as usize).take(shown) {
        p.hex(u64::from_le_bytes(word.try_into().unwrap_or_default()));
    }
    if more {
        p.more();
    }
    p.close();
}

/// The set's words as `-X verbose`'s comment shows them: `[0x3, 0]`.
fn words_text(verbose: bool, strlen: u32, bytes: &[u8]) -> String {
    let (shown, more) = limit(verbose, strlen, bytes);
    let mut items: Vec<String> = bytes
        .chunks_exact(WORD as usize)
        .take(shown)
        .map(|word| hex_text(u64::from_le_bytes(word.try_into().unwrap_or_default())))
        .collect();
    if more {
        items.push("...".to_owned());
    }
    format!("[{}]", items.join(", "))
}

/// How many words are shown (`-s` of them unless `-v`) and whether some are left out.
fn limit(verbose: bool, strlen: u32, bytes: &[u8]) -> (usize, bool) {
    let count = bytes.len() / WORD as usize;
    let shown = if verbose { count } else { count.min(strlen as usize) };
    (shown, shown < count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_text_lists_the_words_in_hex() {
        let mut bytes = vec![0u8; 24];
        bytes[0] = 0x18;
        bytes[15] = 0x80;
        assert_eq!(words_text(false, 32, &bytes), "[0x18, 0x8000000000000000, 0]");
        assert_eq!(words_text(false, 1, &bytes), "[0x18, ...]");
        assert_eq!(words_text(true, 1, &bytes), "[0x18, 0x8000000000000000, 0]");
    }
}
