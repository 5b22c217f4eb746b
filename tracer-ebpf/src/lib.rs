//! tracer's eBPF program: `raw_syscalls` tracepoints that filter on the traced pids, copy argument
//! memory as the capture plan says and send [`tracer_common::record`] records through a ring buffer.
//!
//! The program itself is `main.rs`, built for `bpfel-unknown-none` by tracer-cli's build.rs. This
//! library holds its sizes and bounds so they compile (and their relations are checked) on the host
//! too.
#![no_std]

use tracer_common::capture::{
    msghdr, ARRAY_MAX_BYTES, CONTROL_MAX_BYTES, ELEMENT_MAX_BYTES, IOVEC_CONTENTS_MAX_BYTES, IOVEC_SIZE,
    SOCKADDR_MAX_BYTES,
};
use tracer_common::record::{SysCallBody, CAPTURE_HEADER_SIZE, HEADER_SIZE};

/// Hard cap on the bytes of one capture. Strings, buffers, structs and argv arrays longer than this
/// (even when `-s` asks for more) are cut here and flagged TRUNCATED. A path never exceeds it
/// (PATH_MAX is 4096).
pub const CAP_MAX: usize = 4096;

/// The per-CPU scratch value: a few words of walk state, then the record being built. 32 KiB is the
/// largest value a per-CPU array may hold.
pub const SCRATCH_SIZE: usize = 32 * 1024;
/// Bytes of state (the syscall's arguments, plan, limits, loop state) at the front of the scratch
/// value.
pub const SCRATCH_STATE: usize = 256;
/// Bytes available for the record under construction.
pub const BUF_SIZE: usize = SCRATCH_SIZE - SCRATCH_STATE;

/// Largest offset at which a capture may start. The verifier bounds a write at `start + used` of
/// `size` bytes by adding the maxima of both, so the room after it is twice [`CAP_MAX`] plus the
/// capture header and some slack for the string terminator and the zeroed padding.
pub const CAPTURE_START_MAX: usize = BUF_SIZE - CAPTURE_HEADER_SIZE - 2 * CAP_MAX - 64;

/// Bytes of the record before its captures (header and the largest syscall body, SYS_CALL's).
pub const RECORD_FIXED: usize = HEADER_SIZE + core::mem::size_of::<SysCallBody>();
/// The most a capture takes, header and padding included.
pub const CAPTURE_MAX: usize = CAPTURE_HEADER_SIZE + CAP_MAX;

/// Elements of an iovec array walked at most (its copy is bounded by `ARRAY_MAX_BYTES`).
pub const MAX_IOV_ELEMENTS: u64 = ARRAY_MAX_BYTES as u64 / IOVEC_SIZE as u64;

/// The most the captures of an iovec or msghdr argument take, headers and padding included: a
/// msghdr read again at exit (recvmsg whose entry copy faulted), the msghdr, its name, its iovec
/// array, every element's contents (in all at most `IOVEC_CONTENTS_MAX_BYTES`, each padded to 8)
/// and its control data. Such an argument is the only one of its syscall that is captured (checked
/// by tracer-cli's tests), so its last part always starts in bounds.
pub const MULTIPART_MAX: usize = 2 * (CAPTURE_HEADER_SIZE + msghdr::SIZE)
    + CAPTURE_HEADER_SIZE
    + SOCKADDR_MAX_BYTES as usize
    + CAPTURE_HEADER_SIZE
    + ARRAY_MAX_BYTES as usize
    + MAX_IOV_ELEMENTS as usize * (CAPTURE_HEADER_SIZE + 7)
    + IOVEC_CONTENTS_MAX_BYTES as usize
    + CAPTURE_HEADER_SIZE
    + CONTROL_MAX_BYTES as usize;

/// The most the captures of an iovec argument take: its array and every element's contents. An
/// iovec argument shares its syscall with one other captured argument at most (checked by
/// tracer-common's tests), which then still starts in bounds.
pub const IOVEC_PARTS_MAX: usize = CAPTURE_HEADER_SIZE
    + ARRAY_MAX_BYTES as usize
    + MAX_IOV_ELEMENTS as usize * (CAPTURE_HEADER_SIZE + 7)
    + IOVEC_CONTENTS_MAX_BYTES as usize;

/// `-k`: bytes of user stack copied at most above the stack pointer, for userspace to unwind.
/// Frames whose return addresses lie farther up are not unwound.
pub const STACK_MAX: usize = 16 * 1024;

/// Pointers counted at most in an envp-like array (the ptrace backend has the same bound).
pub const MAX_POINTERS_COUNTED: u32 = 4096;
/// Bytes of a getdents64 buffer walked at most (the ptrace backend has the same bound).
pub const MAX_DIRENTS_BYTES: u64 = 1 << 20;
/// Records walked at most in a getdents64 buffer (a record is at least 24 bytes).
pub const MAX_DIRENT_STEPS: u32 = (MAX_DIRENTS_BYTES / 24) as u32 + 1;

/// Entries of the capture-plan and `-c` counter arrays: one per call of each personality, at its
/// `tracer_common::personality::Personality::slot`.
pub const PLAN_ENTRIES: u32 = tracer_common::personality::SLOTS;
/// Bytes of the ring buffer (a power-of-two multiple of the page size).
pub const EVENTS_BYTES: u32 = 16 << 20;
/// Bytes of unread records past which a syscall record wakes the reader up; below it records are
/// sent without a wakeup (`BPF_RB_NO_WAKEUP`) and the reader polls on a timer.
pub const WAKEUP_BYTES: u64 = EVENTS_BYTES as u64 / 8;

/// Tasks (tids) that can be traced at once by the command, `-p` and `-f`.
pub const MAX_TRACED: u32 = 32768;
/// Tasks a production scope remembers as seen (LRU).
pub const MAX_SEEN: u32 = 65536;
/// Threads that can be inside a traced syscall at once.
pub const MAX_IN_FLIGHT: u32 = 32768;
/// Tasks remembered as showing a fatal signal at once (LRU).
pub const MAX_FATAL: u32 = 1024;

const _: () = {
    assert!(CAPTURE_START_MAX.is_multiple_of(8));
    // Even with all six arguments captured at the hard cap, the last capture starts in bounds: no
    // capture is ever dropped for lack of room.
    assert!(RECORD_FIXED + 5 * CAPTURE_MAX <= CAPTURE_START_MAX);
    assert!(CAPTURE_START_MAX + CAPTURE_HEADER_SIZE + 2 * CAP_MAX + 16 <= BUF_SIZE);
    // Every part of an iovec or msghdr starts in bounds too, and none is larger than one capture.
    assert!(RECORD_FIXED + MULTIPART_MAX <= CAPTURE_START_MAX);
    assert!(RECORD_FIXED + IOVEC_PARTS_MAX + CAPTURE_MAX <= CAPTURE_START_MAX);
    assert!(ELEMENT_MAX_BYTES as usize <= CAP_MAX);
    // A RAW_STACK record (header, body, the slice) fits the scratch buffer.
    assert!(HEADER_SIZE + 32 + STACK_MAX <= BUF_SIZE);
    assert!(ARRAY_MAX_BYTES as usize <= CAP_MAX);
    assert!(CONTROL_MAX_BYTES as usize <= CAP_MAX);
    assert!(SOCKADDR_MAX_BYTES as usize <= CAP_MAX);
};
