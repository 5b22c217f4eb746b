//! Record layout: what crosses from a backend (the kernel, for eBPF) to the renderer.
//!
//! A record is a [`RecordHeader`] followed by a kind-specific body and, for syscall records, zero or
//! more captures ([`CaptureHeader`] + bytes, padded to 8). `RecordHeader::len` is the total length in
//! bytes, a multiple of 8. Only integers cross the boundary; see `event` for the typed view.

/// Kind of a record, stored as `RecordHeader::kind`.
pub mod kind {
    pub const SYS_ENTER: u32 = 1;
    pub const SYS_EXIT: u32 = 2;
    pub const FORK: u32 = 3;
    pub const EXEC: u32 = 4;
    pub const EXIT: u32 = 5;
    pub const SIGNAL: u32 = 6;
    pub const LOST: u32 = 7;
    /// A group-stop: the task stopped (SIGSTOP, SIGTSTP...): `--- stopped by SIGSTOP ---`.
    pub const STOP: u32 = 8;
    /// The task's command name (`comm`), sent when a task is first seen and after each exec, for
    /// the eBPF backend's system-wide scopes where lines carry pid and comm.
    pub const COMM: u32 = 9;
    /// A signal the kernel queued for (or discarded at) a traced task without it ever reaching
    /// `signal_deliver`: one ignored at generation (SIGCHLD, SIGWINCH, a SIG_IGN handler), or one
    /// whose default action kills the process (the kernel's fatal-signal shortcut). Same body as
    /// [`SIGNAL`]; the header names the task the signal is shown on, not the sender. Pairing turns
    /// it into a `Signal` placed where a ptracer would see it (after the task's current syscall).
    pub const SIGNAL_QUEUED: u32 = 10;
}

/// Bytes of a task's comm (`TASK_COMM_LEN`).
pub const COMM_SIZE: usize = 16;

/// Flags on a capture, stored as `CaptureHeader::flags`.
pub mod capture_flags {
    /// The source was longer than what was copied: the renderer prints `...`.
    pub const TRUNCATED: u8 = 1 << 0;
    /// The memory could not be read: the renderer prints the bare address.
    pub const READ_FAULT: u8 = 1 << 1;
    /// An array of strings: the bytes are NUL-terminated strings, one per element.
    pub const STRINGS: u8 = 1 << 2;
    /// The bytes are a little-endian u32 count, not memory contents (e.g. envp's length).
    pub const COUNT: u8 = 1 << 3;
    /// Taken at syscall exit. Set by pairing on the captures of an exit record, so that modes
    /// copied at entry and at exit (value-result arguments) keep both; backends never set it.
    pub const AT_EXIT: u8 = 1 << 4;
    /// An entry capture the eBPF program read again at exit because it faulted at entry; it travels
    /// in the exit record and the eBPF backend's userspace moves it (flag cleared) into the entry
    /// record, in place of the faulted one. Never seen past the backend.
    pub const RETRIED: u8 = 1 << 5;
    /// Not memory: a note that the tracer tampered with the call (`-e inject=`, ptrace only). It
    /// travels in the exit record as a capture of argument [`super::TAMPER_ARG`] whose one byte
    /// holds [`super::tamper`] bits; the renderer prints ` (INJECTED)` / ` (DELAYED)`.
    pub const TAMPERED: u8 = 1 << 6;
}

/// The argument index of a [`capture_flags::TAMPERED`] note (no syscall has that many arguments).
pub const TAMPER_ARG: u8 = 0xff;

/// What a [`capture_flags::TAMPERED`] note says (its one byte).
pub mod tamper {
    /// The call's result was replaced (`error=`, `retval=`): strace's ` (INJECTED)`.
    pub const INJECTED: u8 = 1 << 0;
    /// The call was delayed (`delay_enter=`, `delay_exit=`): strace's ` (DELAYED)`.
    pub const DELAYED: u8 = 1 << 1;
}

#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RecordHeader {
    /// One of [`kind`].
    pub kind: u32,
    /// Total length of the record in bytes, header included; a multiple of 8.
    pub len: u32,
    /// Thread group id (what userspace calls the pid).
    pub pid: u32,
    /// Thread id.
    pub tid: u32,
    /// CLOCK_MONOTONIC nanoseconds.
    pub ts_ns: u64,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SysEnterBody {
    pub nr: u64,
    pub args: [u64; 6],
}

#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SysExitBody {
    pub nr: u64,
    pub ret: i64,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CaptureHeader {
    /// Index of the argument this memory belongs to (0..6).
    pub arg: u8,
    /// [`capture_flags`].
    pub flags: u8,
    /// Which piece of the argument's memory (`capture::part`); 0 for single-piece modes.
    pub part: u16,
    /// Number of captured bytes that follow (before padding to 8).
    pub len: u32,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ForkBody {
    /// Thread group of the new task (equal to `child_tid` for a new process).
    pub child_pid: u32,
    pub child_tid: u32,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExecBody {
    /// The tid that called execve (differs from the header's tid when a non-leader thread execs).
    pub old_tid: u32,
    pub _pad: u32,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExitBody {
    /// Status in wait(2) encoding: `exit_code << 8`, or the terminating signal (| 0x80 if core).
    pub wait_status: i32,
    pub _pad: u32,
}

/// Bytes of a `siginfo_t` on x86_64.
pub const SIGINFO_SIZE: usize = 128;

#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignalBody {
    pub siginfo: [u8; SIGINFO_SIZE],
}

#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CommBody {
    /// NUL-padded.
    pub comm: [u8; COMM_SIZE],
}

#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StopBody {
    /// The stopping signal.
    pub sig: u32,
    pub _pad: u32,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LostBody {
    pub count: u64,
}

pub const HEADER_SIZE: usize = core::mem::size_of::<RecordHeader>();
pub const CAPTURE_HEADER_SIZE: usize = core::mem::size_of::<CaptureHeader>();

/// Round `n` up to the record alignment (8).
pub const fn align8(n: usize) -> usize {
    (n + 7) & !7
}

const _: () = {
    assert!(HEADER_SIZE == 24);
    assert!(core::mem::size_of::<SysEnterBody>() == 56);
    assert!(core::mem::size_of::<SysExitBody>() == 16);
    assert!(CAPTURE_HEADER_SIZE == 8);
    assert!(core::mem::size_of::<SignalBody>() == 128);
};
