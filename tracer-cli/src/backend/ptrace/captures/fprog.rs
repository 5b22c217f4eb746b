//! Part FILTER: the classic BPF program behind a `struct sock_fprog` (PEEK_FPROG_INOUT,
//! SIZED_FPROG_IN, SIZED_FPROG_OUT), bounded as `tracer_common::capture::fprog_program_bytes` says.

use tracer_common::capture::{fprog_filter_bytes, part, FPROG_INSN_SIZE};
use tracer_common::event::Capture;

use super::{as_len, capture, fault, truncated_flag, TraceeMemory};

/// PEEK_FPROG_INOUT, SIZED_FPROG_IN: the capture `main`, then, when it holds a `struct
/// sock_fprog`, part FILTER: the readable prefix of its program in whole instructions.
pub fn with_fprog(mem: &TraceeMemory, main: Capture, out: &mut Vec<Capture>) {
    let idx = usize::from(main.arg);
    let filter = if main.read_fault() { None } else { fprog_filter_bytes(&main.bytes) };
    out.push(main);
    if let Some((ptr, n, more)) = filter {
        out.push(program(mem, idx, ptr, n, more));
    }
}

/// Part FILTER: the readable prefix of `n` bytes of a program at `ptr` in whole instructions,
/// TRUNCATED when all were readable and `more` instructions follow.
pub fn program(mem: &TraceeMemory, idx: usize, ptr: u64, n: u64, more: bool) -> Capture {
    let mut bytes = vec![0; as_len(n)];
    let got = mem.read_prefix(ptr, &mut bytes);
    let capture = if got == bytes.len() {
        capture(idx, truncated_flag(more), bytes)
    } else {
        let whole = got - got % as_len(FPROG_INSN_SIZE);
        bytes.truncate(whole);
        if whole == 0 {
            fault(idx)
        } else {
            capture(idx, 0, bytes)
        }
    };
    Capture { part: part::FILTER, ..capture }
}
