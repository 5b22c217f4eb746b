//! `tracer bench`'s `floor` mode: programs on the syscall tracepoints that return at once. What a
//! workload pays with them attached is what any raw-tracepoint tracer pays on this machine before
//! it does any work of its own.

use aya_ebpf::{macros::raw_tracepoint, programs::RawTracePointContext};

#[raw_tracepoint(tracepoint = "sys_enter")]
pub fn floor_enter(_ctx: RawTracePointContext) -> i32 {
    0
}

#[raw_tracepoint(tracepoint = "sys_exit")]
pub fn floor_exit(_ctx: RawTracePointContext) -> i32 {
    0
}
