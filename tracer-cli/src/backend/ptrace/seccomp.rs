//! The seccomp-bpf program the launched command installs before its `execve` when `-e trace=`
//! leaves calls out (strace's `--seccomp-bpf`, our default with `-f`): the traced calls return
//! `SECCOMP_RET_TRACE` (a `PTRACE_EVENT_SECCOMP` stop, which is their entry), every other call
//! `SECCOMP_RET_ALLOW` and costs the tracee nothing.
//!
//! As in strace, `execve` and `execveat` are always in the filter (the tracer must see a command
//! exec), and the filter is only used with `-f`: it is inherited by every child, and a child nobody
//! traces would see its traced calls fail with ENOSYS.

use tracer_common::personality::{AUDIT_ARCH_I386, AUDIT_ARCH_X86_64, X32_SYSCALL_BIT};
use tracer_common::syscall::nr;

use crate::sets::SyscallSet;

const BPF_LD_W_ABS: u16 = 0x20; // BPF_LD | BPF_W | BPF_ABS
const BPF_JA: u16 = 0x05; // BPF_JMP | BPF_JA
const BPF_JEQ_K: u16 = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
const BPF_JGE_K: u16 = 0x35; // BPF_JMP | BPF_JGE | BPF_K
const BPF_JGT_K: u16 = 0x25; // BPF_JMP | BPF_JGT | BPF_K
const BPF_RET_K: u16 = 0x06; // BPF_RET | BPF_K
const SECCOMP_RET_ALLOW: u32 = 0x7fff_0000;
const SECCOMP_RET_TRACE: u32 = 0x7ff0_0000;
/// `offsetof(struct seccomp_data, nr)` and `arch`.
const DATA_NR: u32 = 0;
const DATA_ARCH: u32 = 4;
/// Syscall numbers the filter looks at (x86_64's table; larger ones are x32's and are allowed).
const MAX_NR: u64 = 512;
/// i386 and x32 numbers the filter looks at (both tables end below).
const COMPAT_MAX_NR: u64 = 576;
/// The execs the filter always stops, per personality: x86_64's, i386's (11, 358), x32's (520, 545).
const I386_EXECS: [u64; 2] = [11, 358];
const X32_EXECS: [u64; 2] = [520, 545];

/// A classic BPF program, ready for `seccomp(SECCOMP_SET_MODE_FILTER)`.
pub struct Filter {
    code: Vec<libc::sock_filter>,
}

fn insn(code: u16, jt: u8, jf: u8, k: u32) -> libc::sock_filter {
    libc::sock_filter { code, jt, jf, k }
}

/// One test per run of consecutive numbers below `max` that `traced` holds (each run's numbers
/// ORed with `high`, the x32 bit), each jumping to a `SECCOMP_RET_TRACE`: no jump reaches further
/// than 2.
fn push_runs(code: &mut Vec<libc::sock_filter>, max: u64, high: u32, traced: impl Fn(u64) -> bool) {
    let mut nr = 0;
    while nr < max {
        if !traced(nr) {
            nr += 1;
            continue;
        }
        let lo = nr;
        while nr + 1 < max && traced(nr + 1) {
            nr += 1;
        }
        let (lo32, hi32) = (lo as u32 | high, nr as u32 | high);
        if lo == nr {
            code.push(insn(BPF_JEQ_K, 0, 1, lo32));
        } else {
            code.push(insn(BPF_JGE_K, 0, 2, lo32));
            code.push(insn(BPF_JGT_K, 1, 0, hi32));
        }
        code.push(insn(BPF_RET_K, 0, 0, SECCOMP_RET_TRACE));
        nr += 1;
    }
}

/// Bit `nr` of a [`SyscallSet`] bitmap.
fn in_words(words: &[u64], nr: u64) -> bool {
    words.get((nr / 64) as usize).is_some_and(|word| word & (1 << (nr % 64)) != 0)
}

impl Filter {
    /// The program for `trace` (the execs of every personality added). Each arch is checked
    /// with its own numbers, as strace's filter does: x86_64's and x32's (the x32 bit set) under
    /// `AUDIT_ARCH_X86_64`, i386's under `AUDIT_ARCH_I386`; another arch always stops (the
    /// userspace filter decides then).
    pub fn new(trace: &SyscallSet) -> Filter {
        let mut set = *trace;
        set.insert(nr::EXECVE);
        set.insert(nr::EXECVEAT);
        let mut code = vec![
            insn(BPF_LD_W_ABS, 0, 0, DATA_ARCH),
            insn(BPF_JEQ_K, 0, 1, AUDIT_ARCH_X86_64),
            // To the x86_64 part, its offset set once the i386 part is written.
            insn(BPF_JA, 0, 0, 0),
            insn(BPF_JEQ_K, 1, 0, AUDIT_ARCH_I386),
            insn(BPF_RET_K, 0, 0, SECCOMP_RET_TRACE),
            insn(BPF_LD_W_ABS, 0, 0, DATA_NR),
        ];
        let i386 = set.i386_words();
        push_runs(&mut code, COMPAT_MAX_NR, 0, |nr| in_words(i386, nr) || I386_EXECS.contains(&nr));
        code.push(insn(BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW));
        code[2].k = (code.len() - 3) as u32;
        code.push(insn(BPF_LD_W_ABS, 0, 0, DATA_NR));
        push_runs(&mut code, MAX_NR, 0, |nr| set.contains(nr));
        let x32 = set.x32_words();
        let x32_bit = X32_SYSCALL_BIT as u32;
        push_runs(&mut code, COMPAT_MAX_NR, x32_bit, |nr| in_words(x32, nr) || X32_EXECS.contains(&nr));
        code.push(insn(BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW));
        Filter { code }
    }

    /// The `sock_fprog` pointing at the program (valid while `self` lives, in a forked child too).
    pub fn prog(&self) -> libc::sock_fprog {
        libc::sock_fprog {
            len: u16::try_from(self.code.len()).unwrap_or(u16::MAX),
            filter: self.code.as_ptr().cast_mut(),
        }
    }

    #[cfg(test)]
    fn run(&self, arch: u32, nr: u32) -> u32 {
        let mut acc = 0;
        let mut pc = 0;
        loop {
            let i = self.code[pc];
            pc += 1;
            match i.code {
                BPF_LD_W_ABS => acc = if i.k == DATA_ARCH { arch } else { nr },
                BPF_JA => pc += i.k as usize,
                BPF_JEQ_K | BPF_JGE_K | BPF_JGT_K => {
                    let taken = match i.code {
                        BPF_JEQ_K => acc == i.k,
                        BPF_JGE_K => acc >= i.k,
                        _ => acc > i.k,
                    };
                    pc += usize::from(if taken { i.jt } else { i.jf });
                }
                _ => return i.k,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traced_calls_stop_and_the_rest_run() {
        for text in ["openat,close", "!read,write", "%file", "/^open", "none", "read,write,readv,writev"] {
            let set = SyscallSet::parse(text).expect("valid set");
            let filter = Filter::new(&set);
            assert!(filter.code.len() < 4096, "{text}: too long");
            for nr in 0..600u32 {
                let want = if set.contains(u64::from(nr)) && u64::from(nr) < MAX_NR
                    || u64::from(nr) == nr::EXECVE
                    || u64::from(nr) == nr::EXECVEAT
                {
                    SECCOMP_RET_TRACE
                } else {
                    SECCOMP_RET_ALLOW
                };
                assert_eq!(filter.run(AUDIT_ARCH_X86_64, nr), want, "{text}: syscall {nr}");
            }
            // Neither x86_64 nor i386: the userspace filter decides.
            assert_eq!(filter.run(0xc000_00b7, 5), SECCOMP_RET_TRACE);
        }
    }

    /// i386 calls by i386 numbers, x32 calls by x32 numbers (the x32 bit set), as strace's
    /// `--seccomp-bpf` filter: `-e trace=getpid` stops x86_64's 39, i386's 20 and x32's 39|bit.
    #[test]
    fn each_arch_is_checked_with_its_own_numbers() {
        let x32 = |nr: u32| nr | X32_SYSCALL_BIT as u32;
        let filter = Filter::new(&SyscallSet::parse("getpid").expect("valid set"));
        assert_eq!(filter.run(AUDIT_ARCH_X86_64, 39), SECCOMP_RET_TRACE);
        assert_eq!(filter.run(AUDIT_ARCH_I386, 20), SECCOMP_RET_TRACE);
        assert_eq!(filter.run(AUDIT_ARCH_X86_64, x32(39)), SECCOMP_RET_TRACE);
        // i386's 39 is mkdir, its 4 write; x86_64's 20 is writev; no unknown number stops.
        for (arch, nr) in [(AUDIT_ARCH_I386, 39), (AUDIT_ARCH_I386, 4), (AUDIT_ARCH_X86_64, 20)] {
            assert_eq!(filter.run(arch, nr), SECCOMP_RET_ALLOW, "{arch:#x} {nr}");
        }
        assert_eq!(filter.run(AUDIT_ARCH_I386, 500), SECCOMP_RET_ALLOW);
        assert_eq!(filter.run(AUDIT_ARCH_X86_64, x32(4)), SECCOMP_RET_ALLOW);
        // Every personality's execs stop.
        for nr in I386_EXECS {
            assert_eq!(filter.run(AUDIT_ARCH_I386, nr as u32), SECCOMP_RET_TRACE);
        }
        for nr in X32_EXECS {
            assert_eq!(filter.run(AUDIT_ARCH_X86_64, x32(nr as u32)), SECCOMP_RET_TRACE);
        }
        let only32 = Filter::new(&SyscallSet::parse("getpid@32").expect("valid set"));
        assert_eq!(only32.run(AUDIT_ARCH_I386, 20), SECCOMP_RET_TRACE);
        assert_eq!(only32.run(AUDIT_ARCH_X86_64, 39), SECCOMP_RET_ALLOW);
        // Long programs keep every jump in reach.
        let all = Filter::new(&SyscallSet::parse("!getpid").expect("valid set"));
        assert_eq!(all.run(AUDIT_ARCH_I386, 3), SECCOMP_RET_TRACE);
        assert_eq!(all.run(AUDIT_ARCH_I386, 20), SECCOMP_RET_ALLOW);
        assert_eq!(all.run(AUDIT_ARCH_X86_64, 0), SECCOMP_RET_TRACE);
    }
}
