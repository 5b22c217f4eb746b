//! The seccomp-bpf program the launched command installs before its `execve` when `-e trace=`
//! leaves calls out (strace's `--seccomp-bpf`, our default with `-f`): the traced calls return
//! `SECCOMP_RET_TRACE` (a `PTRACE_EVENT_SECCOMP` stop, which is their entry), every other call
//! `SECCOMP_RET_ALLOW` and costs the tracee nothing.
//!
//! As in strace, `execve` and `execveat` are always in the filter (the tracer must see a command
//! exec), and the filter is only used with `-f`: it is inherited by every child, and a child nobody
//! traces would see its traced calls fail with ENOSYS.

use tracer_common::syscall::nr;

use crate::sets::SyscallSet;

const BPF_LD_W_ABS: u16 = 0x20; // BPF_LD | BPF_W | BPF_ABS
const BPF_JEQ_K: u16 = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
const BPF_JGE_K: u16 = 0x35; // BPF_JMP | BPF_JGE | BPF_K
const BPF_JGT_K: u16 = 0x25; // BPF_JMP | BPF_JGT | BPF_K
const BPF_RET_K: u16 = 0x06; // BPF_RET | BPF_K
const SECCOMP_RET_ALLOW: u32 = 0x7fff_0000;
const SECCOMP_RET_TRACE: u32 = 0x7ff0_0000;
const AUDIT_ARCH_X86_64: u32 = 0xc000_003e;
/// `offsetof(struct seccomp_data, nr)` and `arch`.
const DATA_NR: u32 = 0;
const DATA_ARCH: u32 = 4;
/// Syscall numbers the filter looks at (x86_64's table; larger ones are x32's and are allowed).
const MAX_NR: u64 = 512;

/// A classic BPF program, ready for `seccomp(SECCOMP_SET_MODE_FILTER)`.
pub struct Filter {
    code: Vec<libc::sock_filter>,
}

fn insn(code: u16, jt: u8, jf: u8, k: u32) -> libc::sock_filter {
    libc::sock_filter { code, jt, jf, k }
}

impl Filter {
    /// The program for `trace` (execve and execveat added). Another architecture (i386 calls from
    /// a 64-bit task) always stops: the userspace filter decides then.
    pub fn new(trace: &SyscallSet) -> Filter {
        let mut set = *trace;
        set.insert(nr::EXECVE);
        set.insert(nr::EXECVEAT);
        let trace_ret = insn(BPF_RET_K, 0, 0, SECCOMP_RET_TRACE);
        let mut code = vec![
            insn(BPF_LD_W_ABS, 0, 0, DATA_ARCH),
            insn(BPF_JEQ_K, 1, 0, AUDIT_ARCH_X86_64),
            trace_ret,
            insn(BPF_LD_W_ABS, 0, 0, DATA_NR),
        ];
        // One test per run of consecutive traced numbers: no jump reaches further than 2.
        let mut nr = 0;
        while nr < MAX_NR {
            if !set.contains(nr) {
                nr += 1;
                continue;
            }
            let lo = nr;
            while nr + 1 < MAX_NR && set.contains(nr + 1) {
                nr += 1;
            }
            let (lo32, hi32) = (lo as u32, nr as u32);
            if lo == nr {
                code.push(insn(BPF_JEQ_K, 0, 1, lo32));
            } else {
                code.push(insn(BPF_JGE_K, 0, 2, lo32));
                code.push(insn(BPF_JGT_K, 1, 0, hi32));
            }
            code.push(trace_ret);
            nr += 1;
        }
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
            assert_eq!(filter.run(0x4000_0003, 5), SECCOMP_RET_TRACE);
        }
    }
}
