//! iovec arrays in captures (IOVEC_* modes): the two layouts of `struct iovec` (x86_64's, an i386
//! call's) and the bounds on what is copied of them.

use super::array_elements;

/// Bound on the contents captured of one iovec element (`ELEMENT + i` parts), whatever `-s` says:
/// the eBPF program's per-capture cap.
pub const ELEMENT_MAX_BYTES: u32 = 4096;
/// Bound on the contents captured of all the elements of one iovec array together. Elements are
/// walked in order; each gets at most what is left of this budget (TRUNCATED when that cuts it), so
/// a record with an iovec always fits the eBPF program's scratch buffer.
pub const IOVEC_CONTENTS_MAX_BYTES: u32 = 8192;

/// Bytes of one x86_64 `struct iovec` (`iov_base`, `iov_len`).
pub const IOVEC_SIZE: usize = 16;
/// Bytes of one i386 `struct iovec` (two u32s): an IOVEC_* plan's `size` says which layout.
pub const IOVEC32_SIZE: usize = 8;

/// An iovec's `(iov_base, iov_len)` from its `size` bytes ([`IOVEC_SIZE`] or [`IOVEC32_SIZE`]),
/// zeros where `bytes` is short.
pub fn iovec_fields(bytes: &[u8], size: usize) -> (u64, u64) {
    let at = |offset: usize, width: usize| {
        let mut word = [0u8; 8];
        if let Some(b) = bytes.get(offset..offset + width) {
            word[..width].copy_from_slice(b);
        }
        u64::from_le_bytes(word)
    };
    let half = if size == IOVEC32_SIZE { 4 } else { 8 };
    (at(0, half), at(half, half))
}

/// `struct iovec`s copied of an array of `count`: [`array_elements`] of x86_64's, whatever the
/// layout (an i386 array has no more elements, so that its parts fit as an x86_64 one's do).
pub const fn iovec_elements(count: u64, strlen: u32) -> u64 {
    array_elements(count, IOVEC_SIZE as u16, strlen)
}

/// Bytes copied of an iovec element of `len` bytes (already limited to the bytes a call returned):
/// at most `strlen` and one more (strace's `printstr_ex` fetches one byte past `-s`, and prints the
/// address when it cannot), [`ELEMENT_MAX_BYTES`] and the `budget` left of
/// [`IOVEC_CONTENTS_MAX_BYTES`]. Fewer than `len` means TRUNCATED.
pub const fn element_bytes(len: u64, strlen: u32, budget: u64) -> u64 {
    let mut n = len;
    if n > strlen as u64 + 1 {
        n = strlen as u64 + 1;
    }
    if n > ELEMENT_MAX_BYTES as u64 {
        n = ELEMENT_MAX_BYTES as u64;
    }
    if n > budget {
        n = budget;
    }
    n
}
