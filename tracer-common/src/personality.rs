//! Which syscall table a call's number belongs to. An x86_64 task can enter the kernel three ways,
//! each with its own numbers: the 64-bit `syscall` (x86_64), `int $0x80` or a 32-bit process's
//! entries (i386: PTRACE_GET_SYSCALL_INFO's arch is `AUDIT_ARCH_I386`, the eBPF program sees the
//! task's `TS_COMPAT`), and the 64-bit `syscall` with `__X32_SYSCALL_BIT` in the number (x32).
//!
//! Records carry the personality in the call's number ([`crate::record::SysEnterBody::nr`]): an
//! i386 call's number has [`I386_TAG`] in its high half, an x32 call's keeps its x32 bit (the kernel
//! passes it on). Every lookup by number ([`crate::syscall::info`]) then finds the row of the
//! call's own table, and no x86_64 row (nor its capture plan) is ever used for another
//! personality's call: an i386 call's plan is its own row's. Arrays the eBPF program indexes by
//! call (capture plans, `-c` counters) give each personality's calls slots of their own
//! ([`Personality::slot`]).

use crate::syscall::nr::{EXECVE, EXECVEAT};

/// `AUDIT_ARCH_X86_64`: PTRACE_GET_SYSCALL_INFO's and seccomp's arch of a 64-bit (or x32) call.
pub const AUDIT_ARCH_X86_64: u32 = 0xc000_003e;
/// `AUDIT_ARCH_I386`: the arch of a call made through an i386 entry.
pub const AUDIT_ARCH_I386: u32 = 0x4000_0003;
/// The kernel's `__X32_SYSCALL_BIT`.
pub const X32_SYSCALL_BIT: u64 = 0x4000_0000;
/// The high half of a record's number for an i386 call: `AUDIT_ARCH_I386 << 32`, a value no
/// x86_64 call's number has (the kernel reads only its low 32 bits, and a tracee that sets more
/// gets `syscall_0x...` on either table).
pub const I386_TAG: u64 = (AUDIT_ARCH_I386 as u64) << 32;

/// i386's execve and execveat as records number them ([`Personality::is_exec`]).
pub const I386_EXECVE: u64 = I386_TAG | 11;
pub const I386_EXECVEAT: u64 = I386_TAG | 358;
/// The exec calls whose memory is read and whose exit ends the old image: x86_64's and i386's
/// execve and execveat, as records number them.
pub const EXECS: [u64; 4] = [EXECVE, EXECVEAT, I386_EXECVE, I386_EXECVEAT];

/// Entries per personality in the eBPF program's arrays indexed by call ([`Personality::slot`]):
/// x86_64's and i386's numbers are below 512, x32's below 576.
pub const SLOTS_X86_64: u32 = 512;
pub const SLOTS_I386: u32 = 512;
pub const SLOTS_X32: u32 = 576;
/// Entries of an array with a slot for every call of every personality.
pub const SLOTS: u32 = SLOTS_X86_64 + SLOTS_I386 + SLOTS_X32;

/// A syscall table (strace's personality).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Personality {
    X86_64,
    I386,
    X32,
}

impl Personality {
    /// The personality of a record's number.
    #[inline]
    pub const fn of(nr: u64) -> Personality {
        if nr >> 32 == I386_TAG >> 32 {
            Personality::I386
        } else if nr >> 32 == 0 && nr & X32_SYSCALL_BIT != 0 {
            Personality::X32
        } else {
            Personality::X86_64
        }
    }

    /// The number of a record's call in its own table (x86_64: unchanged).
    #[inline]
    pub const fn number(nr: u64) -> u64 {
        match Personality::of(nr) {
            Personality::X86_64 => nr,
            Personality::I386 => nr & 0xffff_ffff,
            Personality::X32 => nr & !X32_SYSCALL_BIT,
        }
    }

    /// The record's number of call `number` of `arch` (a PTRACE_GET_SYSCALL_INFO arch): tagged
    /// when it is an i386 call.
    #[inline]
    pub const fn record_nr(arch: u32, number: u64) -> u64 {
        if arch == AUDIT_ARCH_I386 {
            I386_TAG | (number & 0xffff_ffff)
        } else {
            number
        }
    }

    /// The number strace prints in `syscall_0x1f4` for a call no table knows: an i386 call's in
    /// its own table, an x32 call's with its x32 bit.
    #[inline]
    pub const fn unknown_number(nr: u64) -> u64 {
        match Personality::of(nr) {
            Personality::I386 => Personality::number(nr),
            Personality::X86_64 | Personality::X32 => nr,
        }
    }

    /// A successful call's return value as strace prints it: an i386 call's is its 32-bit
    /// register's, unsigned (`brk` returns the whole address in rax; the task sees eax).
    #[inline]
    pub const fn shown_ret(nr: u64, ret: i64) -> i64 {
        match Personality::of(nr) {
            Personality::I386 => ret as u32 as i64,
            Personality::X86_64 | Personality::X32 => ret,
        }
    }

    /// The index of a record's call in an array with a slot for each call of each personality
    /// (x86_64's, then i386's, then x32's), if its number has one.
    #[inline]
    pub const fn slot(nr: u64) -> Option<u32> {
        let number = Personality::number(nr);
        let (base, entries) = match Personality::of(nr) {
            Personality::X86_64 => (0, SLOTS_X86_64),
            Personality::I386 => (SLOTS_X86_64, SLOTS_I386),
            Personality::X32 => (SLOTS_X86_64 + SLOTS_I386, SLOTS_X32),
        };
        if number < entries as u64 {
            Some(base + number as u32)
        } else {
            None
        }
    }

    /// The record's number of the call at `slot` ([`Personality::slot`]'s inverse).
    #[inline]
    pub const fn of_slot(slot: u32) -> u64 {
        if slot < SLOTS_X86_64 {
            slot as u64
        } else if slot < SLOTS_X86_64 + SLOTS_I386 {
            I386_TAG | (slot - SLOTS_X86_64) as u64
        } else {
            X32_SYSCALL_BIT | (slot - SLOTS_X86_64 - SLOTS_I386) as u64
        }
    }

    /// Whether a record's call never returns (exit, exit_group: `-c` does not count it, as strace),
    /// in its own table's numbers (i386's are 1 and 252).
    #[inline]
    pub const fn never_returns(nr: u64) -> bool {
        let number = Personality::number(nr);
        match Personality::of(nr) {
            Personality::X86_64 | Personality::X32 => number == 60 || number == 231,
            Personality::I386 => number == 1 || number == 252,
        }
    }

    /// Whether a record's call is execve or execveat, in its own table's numbers (i386's are 11
    /// and 358; an x32 call's memory is never read, nor its exec special-cased).
    #[inline]
    pub const fn is_exec(nr: u64) -> bool {
        matches!(nr, EXECVE | EXECVEAT | I386_EXECVE | I386_EXECVEAT)
    }

    /// An argument of an i386 call as a capture reads it: the kernel reads the low 32 bits of
    /// each register, but strace reads no memory at a pointer above 4 GiB (it prints the
    /// address), so a `planned` argument (one whose memory the plan copies) that is above is
    /// NULL for the capture (nothing is read).
    #[inline]
    pub const fn i386_capture_arg(value: u64, planned: bool) -> u64 {
        if planned && value > u32::MAX as u64 {
            0
        } else {
            value & 0xffff_ffff
        }
    }

    /// How strace names the mode in `[ Process PID=N runs in 32 bit mode. ]`.
    pub const fn mode(self) -> &'static str {
        match self {
            Personality::X86_64 => "64 bit",
            Personality::I386 => "32 bit",
            Personality::X32 => "x32",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_through_the_record() {
        let getpid32 = Personality::record_nr(AUDIT_ARCH_I386, 20);
        assert_eq!(Personality::of(getpid32), Personality::I386);
        assert_eq!(Personality::number(getpid32), 20);
        assert_eq!(Personality::record_nr(AUDIT_ARCH_X86_64, 39), 39);
        assert_eq!(Personality::of(39), Personality::X86_64);
        assert_eq!(Personality::of(39 | X32_SYSCALL_BIT), Personality::X32);
        assert_eq!(Personality::number(39 | X32_SYSCALL_BIT), 39);
        // syscall(-1): an x86_64 number that is no call's.
        assert_eq!(Personality::of(u64::MAX), Personality::X86_64);
        // An i386 brk's result as the task sees it: eax.
        let brk32 = Personality::record_nr(AUDIT_ARCH_I386, 45);
        assert_eq!(Personality::shown_ret(brk32, 0x5607_aa78_9000), 0xaa78_9000);
        assert_eq!(Personality::shown_ret(12, 0x5607_aa78_9000), 0x5607_aa78_9000);
    }

    #[test]
    fn slots_round_trip() {
        for nr in [0, 39, 511, I386_TAG | 4, I386_TAG | 511, X32_SYSCALL_BIT | 547] {
            let slot = Personality::slot(nr).expect("a slot");
            assert!(slot < SLOTS);
            assert_eq!(Personality::of_slot(slot), nr);
        }
        assert_eq!(Personality::slot(I386_TAG | 4), Some(516));
        assert_eq!(Personality::slot(512), None);
        assert_eq!(Personality::slot(I386_TAG | 512), None);
        assert_eq!(Personality::slot(X32_SYSCALL_BIT | 576), None);
        assert_eq!(Personality::i386_capture_arg(0x7fff_0000_1000, true), 0);
        assert_eq!(Personality::i386_capture_arg(0x7fff_0000_1000, false), 0x1000);
        assert_eq!(Personality::i386_capture_arg(0x4000_1000, true), 0x4000_1000);
    }

    #[test]
    fn is_exec_is_the_x86_64_and_i386_exec_rows() {
        use crate::syscall::info;
        for slot in 0..SLOTS_X86_64 + SLOTS_I386 {
            let nr = Personality::of_slot(slot);
            let exec = info(nr).is_some_and(|i| i.name == "execve" || i.name == "execveat");
            assert_eq!(Personality::is_exec(nr), exec, "{nr:#x}");
        }
    }

    #[test]
    fn never_returns_is_each_table_s_noreturn_rows() {
        use crate::syscall::{info, RetKind};
        for slot in 0..SLOTS {
            let nr = Personality::of_slot(slot);
            let noreturn = info(nr).is_some_and(|i| i.ret == RetKind::NoReturn);
            assert_eq!(Personality::never_returns(nr), noreturn, "{nr:#x}");
        }
    }
}
