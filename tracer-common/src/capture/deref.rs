//! Pointers inside captured structs: "after capturing the struct at argument `arg`, also capture
//! the memory behind the pointer at byte `ptr_off` of it". A decoder that needs such memory (bpf's
//! `insns`, clone3's `set_tid`, a `struct iovec`'s `iov_base`) adds a [`Deref`] row to [`TABLE`];
//! both backends take the capture after the argument's own ones, in table order.
//!
//! The capture is part [`part_for`]`(ptr_off)` of argument `arg`, in the entry record
//! ([`AT_ENTRY`]) or the exit record ([`AT_EXIT`], only when the call returned >= 0). The pointer
//! and the length are read from the tracee's memory at `args[arg] + ptr_off` (and `+ len_off`),
//! where the struct lies; no part when the struct address or the pointer is NULL, or when the
//! fields do not lie within the struct's size (argument `size_arg`).
//!
//! Bytes: `count * elem` bytes (count fixed or read from the struct), at most `cap` in whole
//! elements (TRUNCATED when more); when those are not all readable, the readable ones up to the
//! end of the pointer's page in whole elements, flagged SHORT; none readable: READ_FAULT (the
//! decoder prints the address, as strace does). A [`STRING`] row copies a NUL-terminated string of
//! at most `min(cap, strlen)` characters instead (TRUNCATED when longer), as STR_IN does.

use super::{part, PAGE_SIZE};

/// [`Deref::when`]: at syscall entry.
pub const AT_ENTRY: u8 = 1;
/// [`Deref::when`]: at syscall exit, when the call returned >= 0.
pub const AT_EXIT: u8 = 2;
/// [`Deref::sel_arg`], [`Deref::size_arg`]: no such argument (every call; no size check).
pub const NO_ARG: u8 = 0xff;
/// [`Deref::len_off`]: the count is [`Deref::count`] itself, not read from the struct.
pub const FIXED: u16 = 0xffff;
/// [`Deref::elem`] of a NUL-terminated string (the count is not used).
pub const STRING: u16 = 0;
/// Bound on [`Deref::cap`] (the eBPF program's per-capture cap).
pub const DEREF_CAP_MAX: u16 = 4096;

/// One pointer inside a struct whose target is captured too (see the module's documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deref {
    /// The syscall number.
    pub nr: u16,
    /// The argument holding the struct's address.
    pub arg: u8,
    /// [`AT_ENTRY`] or [`AT_EXIT`].
    pub when: u8,
    /// The argument whose low 32 bits select the command this row applies to; [`NO_ARG`]: all.
    pub sel_arg: u8,
    /// The command value (compared with the low 32 bits of `args[sel_arg]`).
    pub sel: u32,
    /// The argument holding the struct's size: the pointer and the length field must lie within
    /// it; [`NO_ARG`]: no check.
    pub size_arg: u8,
    /// Byte offset of the 8-byte pointer in the struct.
    pub ptr_off: u16,
    /// Byte offset of the element count in the struct, or [`FIXED`].
    pub len_off: u16,
    /// Bytes of the count field: 4 or 8.
    pub len_width: u8,
    /// The count when `len_off` is [`FIXED`].
    pub count: u32,
    /// Bytes of one element ([`STRING`]: a NUL-terminated string).
    pub elem: u16,
    /// The most bytes copied (at most [`DEREF_CAP_MAX`]).
    pub cap: u16,
}

impl Deref {
    /// A row capturing `count` elements of `elem` bytes behind the pointer at `ptr_off` of the
    /// struct at argument `arg` of syscall `nr`, at `when`, for every call (chain the builders).
    pub const fn new(nr: u64, arg: u8, when: u8, ptr_off: u16, elem: u16, cap: u16) -> Self {
        Deref {
            nr: nr as u16,
            arg,
            when,
            sel_arg: NO_ARG,
            sel: 0,
            size_arg: NO_ARG,
            ptr_off,
            len_off: FIXED,
            len_width: 8,
            count: 1,
            elem,
            cap,
        }
    }

    /// Only for calls whose argument `sel_arg` is `sel` (low 32 bits).
    pub const fn when_arg(self, sel_arg: u8, sel: u32) -> Self {
        Deref { sel_arg, sel, ..self }
    }

    /// The fields must lie within the struct's size, argument `size_arg`.
    pub const fn sized_by(self, size_arg: u8) -> Self {
        Deref { size_arg, ..self }
    }

    /// The element count is the `width`-byte (4 or 8) field at `len_off` of the struct.
    pub const fn count_at(self, len_off: u16, width: u8) -> Self {
        Deref { len_off, len_width: width, ..self }
    }

    /// A fixed element count.
    pub const fn count(self, count: u32) -> Self {
        Deref { len_off: FIXED, count, ..self }
    }

    /// Whether this row applies to syscall `nr` with `args`, argument `arg`, at `when`.
    pub const fn applies(&self, nr: u64, args: &[u64; 6], arg: usize, when: u8) -> bool {
        if self.nr as u64 != nr || self.arg as usize != arg || self.when != when || arg >= 6 {
            return false;
        }
        if (self.sel_arg as usize) < 6 && args[self.sel_arg as usize] as u32 != self.sel {
            return false;
        }
        args[arg] != 0
    }

    /// The struct bytes the row's fields need: the pointer's, and the count's.
    pub const fn needs(&self) -> u64 {
        let ptr_end = self.ptr_off as u64 + 8;
        if self.len_off == FIXED {
            return ptr_end;
        }
        let len_end = self.len_off as u64 + self.len_width as u64;
        if len_end > ptr_end {
            len_end
        } else {
            ptr_end
        }
    }

    /// Whether the fields lie within the struct (argument `size_arg`, when there is one).
    pub const fn fits(&self, args: &[u64; 6]) -> bool {
        (self.size_arg as usize) >= 6 || args[self.size_arg as usize] >= self.needs()
    }

    /// Bytes to copy for `count` elements: `(bytes, truncated)`, at most `cap` in whole elements.
    pub const fn bytes(&self, count: u64) -> (u64, bool) {
        let elem = if self.elem == 0 { 1 } else { self.elem as u64 };
        let cap = if self.cap > DEREF_CAP_MAX { DEREF_CAP_MAX } else { self.cap } as u64;
        let fit = cap / elem;
        if count > fit {
            (fit * elem, true)
        } else {
            (count * elem, false)
        }
    }

    /// The characters a [`STRING`] row keeps with `-s strlen`.
    pub const fn string_limit(&self, strlen: u32) -> u64 {
        let cap = if self.cap > DEREF_CAP_MAX { DEREF_CAP_MAX } else { self.cap } as u64;
        if (strlen as u64) < cap {
            strlen as u64
        } else {
            cap
        }
    }
}

/// The readable bytes a partly unreadable copy of `n` bytes at `ptr` keeps: those up to the end of
/// `ptr`'s page in whole elements of `elem` bytes, when fewer than `n` (0: none).
pub const fn short_bytes(ptr: u64, n: u64, elem: u16) -> u64 {
    let mut first = PAGE_SIZE - (ptr & (PAGE_SIZE - 1));
    if elem > 1 {
        first -= first % elem as u64;
    }
    if first >= n {
        0
    } else {
        first
    }
}

/// The part a row's capture is (`part::DEREF + ptr_off`).
pub const fn part_for(ptr_off: u16) -> u16 {
    part::DEREF + ptr_off
}

/// Rows of [`TABLE`] walked at most (the eBPF program's loop bound).
pub const TABLE_MAX: usize = 64;

/// Every pointer inside a struct that is captured, by syscall (append rows; keep at most
/// [`TABLE_MAX`]).
pub const TABLE: &[Deref] = &rows::ROWS;

mod rows;
pub use rows::{KDF_HASHNAME_BYTES, KEYCTL_IOVS};

const _: () = {
    assert!(TABLE.len() <= TABLE_MAX);
    let mut i = 0;
    while i < TABLE.len() {
        assert!(TABLE[i].cap <= DEREF_CAP_MAX);
        assert!(TABLE[i].ptr_off < part::DEREF_END - part::DEREF);
        assert!(TABLE[i].len_width == 4 || TABLE[i].len_width == 8);
        i += 1;
    }
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_select_by_call_argument_command_and_time() {
        let row = Deref::new(101, 3, AT_EXIT, 0, 1, 64).when_arg(0, 0x4204).count_at(8, 8);
        let args = [0x4204, 1, 1, 0x1000, 0, 0];
        assert!(row.applies(101, &args, 3, AT_EXIT));
        assert!(!row.applies(101, &args, 3, AT_ENTRY));
        assert!(!row.applies(102, &args, 3, AT_EXIT));
        assert!(!row.applies(101, &[0x4205, 1, 1, 0x1000, 0, 0], 3, AT_EXIT));
        assert!(!row.applies(101, &[0x4204, 1, 1, 0, 0, 0], 3, AT_EXIT));
    }

    #[test]
    fn fields_must_lie_within_the_struct_size() {
        let row = Deref::new(435, 0, AT_ENTRY, 64, 4, 128).count_at(72, 8).sized_by(1);
        assert_eq!(row.needs(), 80);
        assert!(row.fits(&[1, 80, 0, 0, 0, 0]));
        assert!(!row.fits(&[1, 79, 0, 0, 0, 0]));
        assert!(Deref::new(435, 0, AT_ENTRY, 64, 4, 128).fits(&[1, 0, 0, 0, 0, 0]));
    }

    #[test]
    fn bytes_are_whole_elements_within_the_cap() {
        let row = Deref::new(0, 0, AT_ENTRY, 0, 4, 10);
        assert_eq!(row.bytes(2), (8, false));
        assert_eq!(row.bytes(3), (8, true));
        assert_eq!(Deref::new(0, 0, AT_ENTRY, 0, STRING, 100).string_limit(32), 32);
        assert_eq!(Deref::new(0, 0, AT_ENTRY, 0, STRING, 16).string_limit(32), 16);
    }

    #[test]
    fn a_short_copy_keeps_whole_elements_up_to_the_page_end() {
        assert_eq!(short_bytes(0x1ff6, 16, 4), 8);
        assert_eq!(short_bytes(0x1ff6, 8, 4), 0);
        assert_eq!(short_bytes(0x1000, 16, 1), 0);
        assert_eq!(part_for(8), part::DEREF + 8);
    }
}
