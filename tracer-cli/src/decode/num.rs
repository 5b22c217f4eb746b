//! Numbers the way C's printf prints them for strace (Rust's `{:#x}` and `{:#o}` differ for zero and
//! for octal's prefix).

use std::fmt::Write as _;

/// `%#lx`: `0` for zero, `0x1f` otherwise.
pub fn hex(out: &mut String, value: u64) {
    if value == 0 {
        out.push('0');
    } else {
        let _ = write!(out, "{value:#x}");
    }
}

/// `%#03o`: `000`, `022`, `0644`, `04755`.
pub fn oct(out: &mut String, value: u64) {
    if value < 0o10 {
        let _ = write!(out, "00{value:o}");
    } else {
        let _ = write!(out, "0{value:o}");
    }
}

/// `NULL` for a zero address, `0x7ffc...` otherwise (strace's `printaddr`).
pub fn addr(out: &mut String, value: u64) {
    if value == 0 {
        out.push_str("NULL");
    } else {
        let _ = write!(out, "{value:#x}");
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
    }
}
