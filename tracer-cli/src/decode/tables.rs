//! Constant tables, in the order strace 6.1 prints them. Most are strace's xlat tables, generated into
//! [`generated`]; the ones here are shaped differently (arrays indexed by value, composite names) or
//! are selections. Values come from the `libc` crate where it has them, literals (kernel UAPI values)
//! otherwise.

mod generated;
mod ioctls;

pub use generated::*;
pub use ioctls::IOCTLS;

use super::xlat::Xlat;

/// Open flags beyond the access mode: see [`OPEN_MODE_FLAGS`].
pub const OPEN_FLAGS: Xlat = OPEN_MODE_FLAGS;
/// `IPPROTO_*`: see [`INET_PROTOCOLS`].
pub const IP_PROTOCOLS: Xlat = INET_PROTOCOLS;
/// `AF_*`: see [`ADDRFAMS`].
pub const SOCKET_DOMAINS: Xlat = ADDRFAMS;

/// `UTIME_NOW`/`UTIME_OMIT`: the special tv_nsec values of utimensat's times
/// (`{tv_sec=0, tv_nsec=UTIME_NOW}`).
pub const UTIME_NSEC: Xlat =
    &[(libc::UTIME_NOW as u64, "UTIME_NOW"), (libc::UTIME_OMIT as u64, "UTIME_OMIT")];

/// `SIG_DFL`, `SIG_IGN`, `SIG_ERR`: sigaction's sa_handler values strace names (strace's
/// `sa_handler_values`, printed through `print_xlat`; other handlers are addresses).
pub const SA_HANDLERS: Xlat = &[
    (libc::SIG_ERR as u64, "SIG_ERR"),
    (libc::SIG_DFL as u64, "SIG_DFL"),
    (libc::SIG_IGN as u64, "SIG_IGN"),
];

/// futex's operations (strace's `futexops`): the commands, their `_PRIVATE` forms and the
/// `FUTEX_CLOCK_REALTIME` combinations strace names; other combinations are `0x... /* FUTEX_??? */`.
pub const FUTEX_OPS: Xlat = &[
    (libc::FUTEX_WAIT as u64, "FUTEX_WAIT"),
    (libc::FUTEX_WAKE as u64, "FUTEX_WAKE"),
    (libc::FUTEX_FD as u64, "FUTEX_FD"),
    (libc::FUTEX_REQUEUE as u64, "FUTEX_REQUEUE"),
    (libc::FUTEX_CMP_REQUEUE as u64, "FUTEX_CMP_REQUEUE"),
    (libc::FUTEX_WAKE_OP as u64, "FUTEX_WAKE_OP"),
    (libc::FUTEX_LOCK_PI as u64, "FUTEX_LOCK_PI"),
    (libc::FUTEX_UNLOCK_PI as u64, "FUTEX_UNLOCK_PI"),
    (libc::FUTEX_TRYLOCK_PI as u64, "FUTEX_TRYLOCK_PI"),
    (libc::FUTEX_WAIT_BITSET as u64, "FUTEX_WAIT_BITSET"),
    (libc::FUTEX_WAKE_BITSET as u64, "FUTEX_WAKE_BITSET"),
    (libc::FUTEX_WAIT_REQUEUE_PI as u64, "FUTEX_WAIT_REQUEUE_PI"),
    (libc::FUTEX_CMP_REQUEUE_PI as u64, "FUTEX_CMP_REQUEUE_PI"),
    (libc::FUTEX_LOCK_PI2 as u64, "FUTEX_LOCK_PI2"),
    ((libc::FUTEX_WAIT | libc::FUTEX_PRIVATE_FLAG) as u64, "FUTEX_WAIT_PRIVATE"),
    ((libc::FUTEX_WAKE | libc::FUTEX_PRIVATE_FLAG) as u64, "FUTEX_WAKE_PRIVATE"),
    ((libc::FUTEX_FD | libc::FUTEX_PRIVATE_FLAG) as u64, "FUTEX_FD|FUTEX_PRIVATE_FLAG"),
    ((libc::FUTEX_REQUEUE | libc::FUTEX_PRIVATE_FLAG) as u64, "FUTEX_REQUEUE_PRIVATE"),
    ((libc::FUTEX_CMP_REQUEUE | libc::FUTEX_PRIVATE_FLAG) as u64, "FUTEX_CMP_REQUEUE_PRIVATE"),
    ((libc::FUTEX_WAKE_OP | libc::FUTEX_PRIVATE_FLAG) as u64, "FUTEX_WAKE_OP_PRIVATE"),
    ((libc::FUTEX_LOCK_PI | libc::FUTEX_PRIVATE_FLAG) as u64, "FUTEX_LOCK_PI_PRIVATE"),
    ((libc::FUTEX_UNLOCK_PI | libc::FUTEX_PRIVATE_FLAG) as u64, "FUTEX_UNLOCK_PI_PRIVATE"),
    ((libc::FUTEX_TRYLOCK_PI | libc::FUTEX_PRIVATE_FLAG) as u64, "FUTEX_TRYLOCK_PI_PRIVATE"),
    ((libc::FUTEX_WAIT_BITSET | libc::FUTEX_PRIVATE_FLAG) as u64, "FUTEX_WAIT_BITSET_PRIVATE"),
    ((libc::FUTEX_WAKE_BITSET | libc::FUTEX_PRIVATE_FLAG) as u64, "FUTEX_WAKE_BITSET_PRIVATE"),
    ((libc::FUTEX_WAIT_REQUEUE_PI | libc::FUTEX_PRIVATE_FLAG) as u64, "FUTEX_WAIT_REQUEUE_PI_PRIVATE"),
    ((libc::FUTEX_CMP_REQUEUE_PI | libc::FUTEX_PRIVATE_FLAG) as u64, "FUTEX_CMP_REQUEUE_PI_PRIVATE"),
    ((libc::FUTEX_LOCK_PI2 | libc::FUTEX_PRIVATE_FLAG) as u64, "FUTEX_LOCK_PI2_PRIVATE"),
    ((libc::FUTEX_WAIT | libc::FUTEX_CLOCK_REALTIME) as u64, "FUTEX_WAIT|FUTEX_CLOCK_REALTIME"),
    (
        (libc::FUTEX_WAIT | libc::FUTEX_PRIVATE_FLAG | libc::FUTEX_CLOCK_REALTIME) as u64,
        "FUTEX_WAIT_PRIVATE|FUTEX_CLOCK_REALTIME",
    ),
    ((libc::FUTEX_WAIT_BITSET | libc::FUTEX_CLOCK_REALTIME) as u64, "FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME"),
    (
        (libc::FUTEX_WAIT_BITSET | libc::FUTEX_PRIVATE_FLAG | libc::FUTEX_CLOCK_REALTIME) as u64,
        "FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME",
    ),
    (
        (libc::FUTEX_WAIT_REQUEUE_PI | libc::FUTEX_CLOCK_REALTIME) as u64,
        "FUTEX_WAIT_REQUEUE_PI|FUTEX_CLOCK_REALTIME",
    ),
    (
        (libc::FUTEX_WAIT_REQUEUE_PI | libc::FUTEX_PRIVATE_FLAG | libc::FUTEX_CLOCK_REALTIME) as u64,
        "FUTEX_WAIT_REQUEUE_PI_PRIVATE|FUTEX_CLOCK_REALTIME",
    ),
];

/// open's access modes (`O_RDONLY`...), indexed by `flags & O_ACCMODE`.
pub const ACCESS_MODES: [&str; 4] = ["O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"];

/// FUTEX_WAKE_OP's operation (`(val3 >> 28) & 7`; strace's `futexwakeops`).
pub const FUTEX_WAKE_OPS: Xlat = &[
    (0, "FUTEX_OP_SET"),
    (1, "FUTEX_OP_ADD"),
    (2, "FUTEX_OP_OR"),
    (3, "FUTEX_OP_ANDN"),
    (4, "FUTEX_OP_XOR"),
];

/// FUTEX_WAKE_OP's comparison (`(val3 >> 24) & 0xf`; strace's `futexwakecmps`).
pub const FUTEX_WAKE_CMPS: Xlat = &[
    (0, "FUTEX_OP_CMP_EQ"),
    (1, "FUTEX_OP_CMP_NE"),
    (2, "FUTEX_OP_CMP_LT"),
    (3, "FUTEX_OP_CMP_LE"),
    (4, "FUTEX_OP_CMP_GT"),
    (5, "FUTEX_OP_CMP_GE"),
];

/// FUTEX_WAIT_BITSET's and FUTEX_WAKE_BITSET's val3 (strace's `futexbitset`).
pub const FUTEX_BITSET: Xlat = &[(0xffff_ffff, "FUTEX_BITSET_MATCH_ANY")];

/// ELF note types, PTRACE_GETREGSET's and PTRACE_SETREGSET's addr (strace's `nt_descriptor_types`).
pub const NT_DESCRIPTOR_TYPES: Xlat = &[
    (1, "NT_PRSTATUS"),
    (2, "NT_FPREGSET"),
    (3, "NT_PRPSINFO"),
    (4, "NT_PRXREG"),
    (5, "NT_PLATFORM"),
    (6, "NT_AUXV"),
    (7, "NT_GWINDOWS"),
    (8, "NT_ASRS"),
    (10, "NT_PSTATUS"),
    (13, "NT_PSINFO"),
    (14, "NT_PRCRED"),
    (15, "NT_UTSNAME"),
    (16, "NT_LWPSTATUS"),
    (17, "NT_LWPSINFO"),
    (20, "NT_PRFPXREG"),
    (0x100, "NT_PPC_VMX"),
    (0x101, "NT_PPC_SPE"),
    (0x102, "NT_PPC_VSX"),
    (0x103, "NT_PPC_TAR"),
    (0x104, "NT_PPC_PPR"),
    (0x105, "NT_PPC_DSCR"),
    (0x106, "NT_PPC_EBB"),
    (0x107, "NT_PPC_PMU"),
    (0x108, "NT_PPC_TM_CGPR"),
    (0x109, "NT_PPC_TM_CFPR"),
    (0x10a, "NT_PPC_TM_CVMX"),
    (0x10b, "NT_PPC_TM_CVSX"),
    (0x10c, "NT_PPC_TM_SPR"),
    (0x10d, "NT_PPC_TM_CTAR"),
    (0x10e, "NT_PPC_TM_CPPR"),
    (0x10f, "NT_PPC_TM_CDSCR"),
    (0x110, "NT_PPC_PKEY"),
    (0x200, "NT_386_TLS"),
    (0x201, "NT_386_IOPERM"),
    (0x202, "NT_X86_XSTATE"),
    (0x300, "NT_S390_HIGH_GPRS"),
    (0x301, "NT_S390_TIMER"),
    (0x302, "NT_S390_TODCMP"),
    (0x303, "NT_S390_TODPREG"),
    (0x304, "NT_S390_CTRS"),
    (0x305, "NT_S390_PREFIX"),
    (0x306, "NT_S390_LAST_BREAK"),
    (0x307, "NT_S390_SYSTEM_CALL"),
    (0x308, "NT_S390_TDB"),
    (0x309, "NT_S390_VXRS_LOW"),
    (0x30a, "NT_S390_VXRS_HIGH"),
    (0x30b, "NT_S390_GS_CB"),
    (0x30c, "NT_S390_GS_BC"),
    (0x30d, "NT_S390_RI_CB"),
    (0x30e, "NT_S390_PV_CPU_DATA"),
    (0x400, "NT_ARM_VFP"),
    (0x401, "NT_ARM_TLS"),
    (0x402, "NT_ARM_HW_BREAK"),
    (0x403, "NT_ARM_HW_WATCH"),
    (0x404, "NT_ARM_SYSTEM_CALL"),
    (0x405, "NT_ARM_SVE"),
    (0x406, "NT_ARM_PAC_MASK"),
    (0x407, "NT_ARM_PACA_KEYS"),
    (0x408, "NT_ARM_PACG_KEYS"),
    (0x409, "NT_ARM_TAGGED_ADDR_CTRL"),
    (0x40a, "NT_ARM_PAC_ENABLED_KEYS"),
    (0x40b, "NT_ARM_SSVE"),
    (0x40c, "NT_ARM_ZA"),
    (0x500, "NT_METAG_CBUF"),
    (0x501, "NT_METAG_RPIPE"),
    (0x502, "NT_METAG_TLS"),
    (0x600, "NT_ARC_V2"),
    (0x700, "NT_VMCOREDD"),
    (0x800, "NT_MIPS_DSP"),
    (0x801, "NT_MIPS_FP_MODE"),
    (0x802, "NT_MIPS_MSA"),
    (0xa00, "NT_LOONGARCH_CPUCFG"),
    (0xa01, "NT_LOONGARCH_CSR"),
    (0xa02, "NT_LOONGARCH_LSX"),
    (0xa03, "NT_LOONGARCH_LASX"),
    (0xa04, "NT_LOONGARCH_LBT"),
    (0x46494c45, "NT_FILE"),
    (0x46e62b7f, "NT_PRXFPREG"),
    (0x53494749, "NT_SIGINFO"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libc_values_are_the_kernel_ones() {
        // The values strace prints these names for on x86_64.
        let get = |t: Xlat, n: &str| t.iter().find(|e| e.1 == n).map(|e| e.0);
        assert_eq!(get(OPEN_FLAGS, "O_SYNC"), Some(0o4010000));
        assert_eq!(get(OPEN_FLAGS, "O_TMPFILE"), Some(0o20200000));
        assert_eq!(get(OPEN_FLAGS, "FASYNC"), Some(0o20000));
        assert_eq!(get(MMAP_FLAGS, "MAP_DENYWRITE"), Some(0x800));
        assert_eq!(get(MMAP_FLAGS, "MAP_STACK"), Some(0x20000));
        assert_eq!(get(CLONE_FLAGS, "CLONE_PIDFD"), Some(0x1000));
        assert_eq!(get(CLONE_FLAGS, "CLONE_IO"), Some(0x80000000));
        assert_eq!(get(MMAP_PROT, "PROT_GROWSUP"), Some(0x2000000));
    }
}
