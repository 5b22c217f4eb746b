//! Bits of [`ArgPlan::len_arg`]: which argument holds a capture's length, and how to read it.

use super::ArgPlan;

/// The index of the length argument.
pub const INDEX: u8 = 0x0f;
/// The length argument is a C `int`/`unsigned int`: the kernel reads its low 32 bits.
pub const U32: u8 = 0x80;
/// The length argument is select's `nfds`, a count of bits: the array holds strace's
/// `fdsize` bytes (whole longs; `nfds` as an int, negative as 0, at most 1024 * 1024), and `-s`
/// does not cut it. The eBPF program, which cannot fault pages in, keeps the readable prefix of an
/// ARRAY_INOUT capture of these bytes in whole longs (flag SHORT) when they are not all readable
/// (pages the tracee never touched); the ptrace backend copies them all or none.
pub const FD_BITS: u8 = 0x40;
/// For STRUCT_IN/STRUCT_OUT: the length argument cuts the struct's size (a sigset's
/// `sigsetsize`: the kernel, and strace, read that many bytes).
pub const CUTS_SIZE: u8 = 0x20;

/// The bytes a STRUCT_IN/STRUCT_OUT/STRUCT_INOUT capture of `plan` copies: its size, cut by the
/// length argument's value `cut` ([`plan_len`]) when [`CUTS_SIZE`] says so.
pub const fn plan_struct_size(plan: ArgPlan, cut: u64) -> u64 {
    let size = plan.size as u64;
    if plan.len_arg & CUTS_SIZE == 0 {
        return size;
    }
    if cut < size {
        cut
    } else {
        size
    }
}

/// The length or count argument of `plan` among `args`, read as this module's flags say.
pub const fn plan_len(plan: ArgPlan, args: &[u64; 6]) -> u64 {
    let idx = (plan.len_arg & INDEX) as usize;
    if idx >= 6 {
        return 0;
    }
    let value = args[idx];
    if plan.len_arg & FD_BITS != 0 {
        let nfds = value as i32;
        let nfds = if nfds < 0 {
            0
        } else if nfds > 1024 * 1024 {
            1024 * 1024
        } else {
            nfds as u64
        };
        return nfds.div_ceil(64) * 8;
    }
    if plan.len_arg & U32 != 0 {
        return value & 0xffff_ffff;
    }
    value
}

/// True for select's fd sets ([`FD_BITS`]): copied whole or not at all, as strace reads them.
pub const fn is_fd_bits(plan: ArgPlan) -> bool {
    plan.len_arg & FD_BITS != 0
}
