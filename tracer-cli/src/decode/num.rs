//! Numbers the way C's printf prints them for strace (Rust's `{:#x}` and `{:#o}` differ for zero and
//! for octal's prefix). Written digit by digit into a small buffer, not through `core::fmt`: a line
//! has several numbers, and the formatting machinery was a tenth of the renderer's time.

/// `%d`, `%u`, `%ld`, `%lu`: a decimal integer. A single digit (the commonest return value,
/// descriptor, count) is pushed without formatting.
#[inline]
pub fn dec<T: itoa::Integer + Copy + TryInto<u8>>(out: &mut String, value: T) {
    match value.try_into() {
        Ok(digit @ 0..=9) => out.push(char::from(b'0' + digit)),
        _ => out.push_str(itoa::Buffer::new().format(value)),
    }
}

/// `%-Nd`: a decimal integer left-aligned in `width` columns.
pub fn dec_left(out: &mut String, value: impl itoa::Integer, width: usize) {
    let mut buffer = itoa::Buffer::new();
    let digits = buffer.format(value);
    out.push_str(digits);
    spaces(out, width.saturating_sub(digits.len()));
}

/// `%Nd`: a decimal integer right-aligned in `width` columns.
pub fn dec_right(out: &mut String, value: impl itoa::Integer, width: usize) {
    let mut buffer = itoa::Buffer::new();
    let digits = buffer.format(value);
    spaces(out, width.saturating_sub(digits.len()));
    out.push_str(digits);
}

/// `count` spaces (column padding), a slice at a time rather than a char at a time.
pub fn spaces(out: &mut String, count: usize) {
    const SPACES: &str = "                                                                ";
    let mut left = count;
    while left > 0 {
        let now = left.min(SPACES.len());
        out.push_str(&SPACES[..now]);
        left -= now;
    }
}

/// `%lx`: lowercase hex digits, no prefix.
pub fn hex_digits(out: &mut String, value: u64) {
    digits(out, value, 4, 1);
}

/// `%0Nlx`: at least `width` lowercase hex digits.
pub fn hex_digits_padded(out: &mut String, value: u64, width: usize) {
    digits(out, value, 4, width);
}

/// `%0No`: at least `width` octal digits.
pub fn oct_digits_padded(out: &mut String, value: u64, width: usize) {
    digits(out, value, 3, width);
}

/// `value` in base `1 << shift` (8 or 16), at least `min` digits (zero-padded).
fn digits(out: &mut String, value: u64, shift: u32, min: usize) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    // 64 bits in octal: 22 digits.
    let mut buf = [0u8; 22];
    let mut at = buf.len();
    let mut rest = value;
    let mask = (1u64 << shift) - 1;
    loop {
        at -= 1;
        buf[at] = DIGITS[(rest & mask) as usize];
        rest >>= shift;
        if rest == 0 {
            break;
        }
    }
    for _ in buf.len() - at..min {
        out.push('0');
    }
    // A few ASCII digits: pushed one by one (cheaper than checking them as UTF-8).
    for &digit in &buf[at..] {
        out.push(char::from(digit));
    }
}

/// `%#lx`: `0` for zero, `0x1f` otherwise.
pub fn hex(out: &mut String, value: u64) {
    if value == 0 {
        out.push('0');
    } else {
        out.push_str("0x");
        hex_digits(out, value);
    }
}

/// `%#03o`: `000`, `022`, `0644`, `04755`.
pub fn oct(out: &mut String, value: u64) {
    out.push('0');
    oct_digits_padded(out, value, 2);
}

/// `NULL` for a zero address, `0x7ffc...` otherwise (strace's `printaddr`).
pub fn addr(out: &mut String, value: u64) {
    if value == 0 {
        out.push_str("NULL");
    } else {
        out.push_str("0x");
        hex_digits(out, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(f: fn(&mut String, u64), v: u64) -> String {
        let mut s = String::new();
        f(&mut s, v);
        s
    }

    #[test]
    fn like_printf() {
        // strace 6.1: umask(000) = 022, umask(0777) = 000, umask(01777), open(..., 04755)
        assert_eq!(with(oct, 0), "000");
        assert_eq!(with(oct, 0o7), "007");
        assert_eq!(with(oct, 0o22), "022");
        assert_eq!(with(oct, 0o777), "0777");
        assert_eq!(with(oct, 0o4755), "04755");
        assert_eq!(with(hex, 0), "0");
        assert_eq!(with(hex, 0x20), "0x20");
        assert_eq!(with(addr, 0), "NULL");
        assert_eq!(with(addr, 0x7ffc), "0x7ffc");
        assert_eq!(with(hex, u64::MAX), "0xffffffffffffffff");
        assert_eq!(with(oct, u64::MAX), "01777777777777777777777");
    }

    #[test]
    fn digits_match_the_formatter() {
        let values = [0, 1, 7, 8, 9, 10, 15, 16, 0o777, 0xdead_beef, 1 << 63, u64::MAX - 1, u64::MAX];
        for value in values {
            for width in [0, 1, 2, 3, 5, 16, 30] {
                let mut s = String::new();
                hex_digits_padded(&mut s, value, width);
                assert_eq!(s, format!("{value:0width$x}"));
                s.clear();
                oct_digits_padded(&mut s, value, width);
                assert_eq!(s, format!("{value:0width$o}"));
            }
            let mut s = String::new();
            dec(&mut s, value);
            dec(&mut s, value as i64);
            dec(&mut s, value as i32);
            assert_eq!(s, format!("{value}{}{}", value as i64, value as i32));
            for width in [0, 5, 25] {
                s.clear();
                dec_left(&mut s, value as i32, width);
                dec_right(&mut s, value as i32, width);
                assert_eq!(s, format!("{:<width$}{:>width$}", value as i32, value as i32));
            }
        }
        let mut s = String::new();
        spaces(&mut s, 150);
        assert_eq!(s, " ".repeat(150));
    }
}
