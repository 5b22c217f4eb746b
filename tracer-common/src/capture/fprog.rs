//! Classic BPF programs behind a `struct sock_fprog` (capture part FILTER): how much of one is
//! copied, by both backends.

/// Bytes of x86_64's `struct sock_fprog` (`unsigned short len`, padding, `struct sock_filter
/// *filter` at offset 8).
pub const FPROG_SIZE: usize = 16;
/// Bytes of one classic BPF instruction (`struct sock_filter`).
pub const FPROG_INSN_SIZE: u64 = 8;
/// Instructions of a `struct sock_fprog`'s program captured at most (the eBPF program's
/// per-capture cap; strace shows up to BPF_MAXINSNS, 4096).
pub const FPROG_MAX_INSNS: u64 = 512;

/// Bytes to copy of a program of `len` instructions: at most [`FPROG_MAX_INSNS`] of them, and
/// whether there are more.
pub const fn fprog_program_bytes(len: u64) -> (u64, bool) {
    let insns = if len > FPROG_MAX_INSNS { FPROG_MAX_INSNS } else { len };
    (insns * FPROG_INSN_SIZE, len > insns)
}

/// The part [`super::part::FILTER`] of a `struct sock_fprog` whose first bytes are `fprog`: the
/// program's address and the bytes to copy of it (at most [`FPROG_MAX_INSNS`] instructions;
/// TRUNCATED when the program has more). None when `fprog` is shorter than the struct, or the
/// program is empty or NULL. The copy is the readable prefix in whole instructions (no flag when
/// it is shorter; READ_FAULT when none is readable).
pub fn fprog_filter_bytes(fprog: &[u8]) -> Option<(u64, u64, bool)> {
    let len = u64::from(u16::from_le_bytes([*fprog.first()?, *fprog.get(1)?]));
    let mut ptr = [0; 8];
    ptr.copy_from_slice(fprog.get(8..FPROG_SIZE)?);
    let ptr = u64::from_le_bytes(ptr);
    if ptr == 0 || len == 0 {
        return None;
    }
    let (bytes, more) = fprog_program_bytes(len);
    Some((ptr, bytes, more))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs_are_copied_up_to_the_bound() {
        assert_eq!(fprog_program_bytes(10), (80, false));
        assert_eq!(fprog_program_bytes(513), (4096, true));
        let mut fprog = [0u8; 16];
        fprog[0] = 3;
        fprog[8..].copy_from_slice(&0x1000u64.to_le_bytes());
        assert_eq!(fprog_filter_bytes(&fprog), Some((0x1000, 24, false)));
        fprog[..2].copy_from_slice(&4097u16.to_le_bytes());
        assert_eq!(fprog_filter_bytes(&fprog), Some((0x1000, 4096, true)));
        assert_eq!(fprog_filter_bytes(&fprog[..15]), None);
        fprog[8..].fill(0);
        assert_eq!(fprog_filter_bytes(&fprog), None);
    }
}
