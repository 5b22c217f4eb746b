//! `-k`: the user registers a walk starts from and a slice of the user stack above its stack
//! pointer, sent as a RAW_STACK record right after the record of the call it belongs to, for
//! userspace to unwind (as `perf --call-graph=dwarf` does). Off unless userspace sets
//! `STACK_TRACES` at load time: a read-only global, so the verifier drops this code without it.

use core::ffi::c_void;

use aya_ebpf::helpers::{
    bpf_get_current_pid_tgid, bpf_probe_read_kernel,
    generated::{bpf_get_current_task_btf, bpf_probe_read_user, bpf_task_pt_regs},
};
use aya_ebpf::programs::RawTracePointContext;
use aya_ebpf::Global;
use tracer_common::personality::Personality;
use tracer_common::record::{kind, stack_flags, RawStackBody, RecordHeader, HEADER_SIZE};
use tracer_common::syscall::nr;
use tracer_ebpf::STACK_MAX;

use crate::record::{self, scratch, EVENTS};

/// 1: `-k` is on.
#[unsafe(no_mangle)]
static STACK_TRACES: Global<u8> = Global::new(0);

/// Whether `-k` is on.
#[inline(always)]
pub fn on() -> bool {
    STACK_TRACES.load() != 0
}

/// `crate::tails::send`'s flag that has the stack follow the record, when `-k` is on.
#[inline(always)]
pub fn send_flag() -> u64 {
    if on() {
        crate::tails::send::STACK
    } else {
        0
    }
}

/// `-k`: after the entry record of call `nr`, its stack if strace takes it there (the calls that
/// do not return to where they were called from); an exit or exit_group's is shown after the
/// task's end.
#[inline(always)]
pub fn at_entry(ctx: &RawTracePointContext, nr: u64) {
    if on() && matches!(nr, nr::EXECVE | nr::EXECVEAT | nr::EXIT | nr::EXIT_GROUP) {
        let flags = if nr == nr::EXIT || nr == nr::EXIT_GROUP {
            stack_flags::AT_ENTRY | stack_flags::AFTER_END
        } else {
            stack_flags::AT_ENTRY
        };
        let regs: u64 = ctx.arg(0);
        // SAFETY: the tracepoint's pt_regs; the entry record is sent.
        unsafe { tracer_send_stack(regs, bpf_get_current_pid_tgid(), u64::from(flags)) };
    }
}

/// `-k`: after the exit record of x86_64 call `nr` (its third argument `prot`), its stack (that of
/// a call taken at its entry went then); none for an i386 or x32 call, as strace. An `mmap` of
/// code says so, and wakes the reader: it reads the process's mappings while the process lives.
#[inline(always)]
pub fn at_exit(ctx: &RawTracePointContext, nr: u64, prot: u64) {
    let x86_64 = matches!(Personality::of(nr), Personality::X86_64);
    if on() && x86_64 && nr != nr::EXECVE && nr != nr::EXECVEAT {
        let regs: u64 = ctx.arg(0);
        let flags = if nr == nr::MMAP && prot & PROT_EXEC != 0 { stack_flags::MAPPED_CODE } else { 0 };
        // SAFETY: the tracepoint's pt_regs; the exit record is sent.
        unsafe { tracer_send_stack(regs, bpf_get_current_pid_tgid(), u64::from(flags)) };
    }
}

/// mmap's `PROT_EXEC`.
const PROT_EXEC: u64 = 4;

/// Offsets in x86_64's `struct pt_regs` of `rbp`, `rip` and `rsp`.
const PT_RBP: u64 = 4 * 8;
const PT_RIP: u64 = 16 * 8;
const PT_RSP: u64 = 19 * 8;

const PAGE: u64 = 4096;

/// `bpf_ringbuf_output`'s flag.
const BPF_RB_FORCE_WAKEUP: u64 = 2;

/// Send the current task's RAW_STACK record: its user registers from `regs` (the tracepoint's
/// `struct pt_regs *`; 0: the task's own, `task_pt_regs`, outside a syscall probe) and as much of its stack as can be read, up to [`STACK_MAX`] bytes: the
/// slice stops at a page boundary where the next page faults (the top of the stack).
///
/// A BPF global function (scalar arguments), checked once.
///
/// # Safety
/// `regs` must be the tracepoint's `struct pt_regs` pointer; the scratch value must be free (the
/// call's own record already sent).
#[unsafe(no_mangle)]
#[inline(never)]
pub unsafe extern "C" fn tracer_send_stack(regs: u64, pid_tgid: u64, flags: u64) -> u64 {
    let Some(s) = scratch() else { return 0 };
    // SAFETY: helpers on the current task.
    let regs =
        if regs == 0 { (unsafe { bpf_task_pt_regs(bpf_get_current_task_btf()) }) as u64 } else { regs };
    // SAFETY: kernel reads checked by the helper.
    let read = |at: u64| unsafe { bpf_probe_read_kernel((regs + at) as *const u64) }.unwrap_or(0);
    let (ip, sp, bp) = (read(PT_RIP), read(PT_RSP), read(PT_RBP));
    let body = RawStackBody { ip, sp, bp, flags: flags as u32, len: 0 };
    const FROM: usize = HEADER_SIZE + core::mem::size_of::<RawStackBody>();
    // SAFETY: `s` is the scratch value, free; the copy's length is bounded by STACK_MAX, which
    // the buffer holds after the body (checked in tracer_ebpf).
    unsafe {
        record::begin(s, kind::RAW_STACK, (pid_tgid >> 32) as u32, pid_tgid as u32, body);
        let dst = (&raw mut (*s).buf).cast::<u8>().add(FROM).cast::<c_void>();
        // The whole slice, else up to the end of one of the pages it starts in.
        let room = PAGE - (sp & (PAGE - 1));
        let mut got: u64 = 0;
        if sp != 0 {
            if bpf_probe_read_user(dst, STACK_MAX as u32, sp as *const c_void) == 0 {
                got = STACK_MAX as u64;
            } else {
                let mut pages = STACK_MAX as u64 / PAGE;
                while pages > 0 {
                    pages -= 1;
                    let len = room + pages * PAGE;
                    if len < STACK_MAX as u64
                        && bpf_probe_read_user(dst, len as u32, sp as *const c_void) == 0
                    {
                        got = len;
                        break;
                    }
                }
            }
        }
        let at = HEADER_SIZE + core::mem::offset_of!(RawStackBody, len);
        (&raw mut (*s).buf).cast::<u8>().add(at).cast::<u32>().write(got as u32);
        (*s).len = (FROM as u64 + got + 7) & !7;
        if flags & u64::from(stack_flags::MAPPED_CODE) == 0 {
            record::submit(s);
        } else {
            // Woken up at once, unlike the batched syscall records.
            let len = (*s).len as usize;
            if len > tracer_ebpf::BUF_SIZE {
                return 0;
            }
            (*(&raw mut (*s).buf).cast::<RecordHeader>()).len = len as u32;
            if EVENTS.output::<[u8]>(&(&(*s).buf)[..len], BPF_RB_FORCE_WAKEUP).is_err() {
                record::count_lost();
            }
        }
    }
    0
}
