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
    /// A whole syscall in one record (eBPF backend): a [`super::SysCallBody`], the entry
    /// captures (`entry_len` bytes), then the exit captures. The header's `ts_ns` is the entry's
    /// time. The kernel sends it for a call that did not block, instead of SYS_ENTER then
    /// SYS_EXIT; userspace turns it back into those two (`event::decode_call`), so nothing past the
    /// backend sees it.
    pub const SYS_CALL: u32 = 11;
    /// A `-k` stack trace (ptrace backend): a `stack::StackBody`, then one capture per frame.
    pub const STACK: u32 = 12;
    /// A `-k` stack not yet unwound (eBPF backend): a [`super::RawStackBody`] (the user registers
    /// unwinding starts from), then `RawStackBody::len` bytes of the user stack copied from its
    /// stack pointer upward (padded to 8). Sent right after the record of the call it belongs to;
    /// userspace unwinds it into a STACK record, so nothing past the backend sees it.
    pub const RAW_STACK: u32 = 13;
}

/// Which syscall records the eBPF program sends: its `DEFER_MODE` bits, set by userspace at load
/// time: when a syscall's entry record is held back
/// until its exit, so that the call costs one record (SYS_CALL), or none when `-e status=` drops it.
pub mod defer {
    /// Calls in the `DEFERRABLE` bitmap keep their entry in the kernel until their exit, or until
    /// the task is switched out inside the call (it blocks): then the entry goes at once, so that
    /// other tasks' lines interrupt it (`<unfinished ...>`) as under ptrace.
    pub const ON: u32 = 1 << 0;
    /// `-e status=` (`-z`, `-Z`): the entry waits for the exit whether the call blocks or not, and
    /// the call is sent only when its status is one of the bits below.
    pub const STATUS: u32 = 1 << 1;
    pub const SUCCESSFUL: u32 = 1 << 2;
    pub const FAILED: u32 = 1 << 3;
    /// A call that never returns (its task killed in it) is sent as an entry alone.
    pub const UNFINISHED: u32 = 1 << 4;
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
    /// The memory stopped being readable partway (a socket buffer, [`crate::capture::SOCKBUF_MAX_BYTES`]):
    /// the bytes are those up to the end of the page the copy began in, and the rest faulted. The
    /// renderer decodes what was read and prints the address of what was not, as strace does.
    pub const SHORT: u8 = 1 << 7;
}

/// The argument index of a [`capture_flags::TAMPERED`] note (no syscall has that many arguments).
pub const TAMPER_ARG: u8 = 0xff;

/// What a [`capture_flags::TAMPERED`] note says (its one byte).
pub mod tamper {
    /// The call's result was replaced (`error=`, `retval=`): strace's ` (INJECTED)`.
    pub const INJECTED: u8 = 1 << 0;
    /// The call was delayed (`delay_enter=`, `delay_exit=`): strace's ` (DELAYED)`.
    pub const DELAYED: u8 = 1 << 1;
    /// Memory an argument points to was overwritten (`poke_enter=`, `poke_exit=`): strace's
    /// ` (INJECTED: args)`, ` (INJECTED: args, retval)` with [`INJECTED`].
    pub const POKED: u8 = 1 << 2;
    /// The injected result is a `retval=`: a success whatever its value (strace never reads it as
    /// an error code).
    pub const RETVAL: u8 = 1 << 3;
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
    /// The user instruction pointer at the entry (the address after the `syscall` instruction):
    /// strace's `-i` prints it.
    pub ip: u64,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SysExitBody {
    pub nr: u64,
    pub ret: i64,
    /// `--filter`'s kernel comparisons that were TRUE at the exit (`expr::atoms`), when
    /// [`exit_flags::KERNEL_ATOMS`] is set.
    pub kernel_atoms: u32,
    /// [`exit_flags`].
    pub flags: u32,
}

/// Bits of [`SysExitBody::flags`].
pub mod exit_flags {
    /// A kernel expression is loaded: [`super::SysExitBody::kernel_atoms`] holds its atoms.
    pub const KERNEL_ATOMS: u32 = 1 << 0;
}

impl SysExitBody {
    /// An exit record's body without kernel atoms.
    pub const fn new(nr: u64, ret: i64) -> Self {
        SysExitBody { nr, ret, kernel_atoms: 0, flags: 0 }
    }

    /// The atoms, if the kernel sent them.
    pub const fn atoms(&self) -> Option<u32> {
        if self.flags & exit_flags::KERNEL_ATOMS != 0 {
            Some(self.kernel_atoms)
        } else {
            None
        }
    }

    /// Sets `kernel_atoms` and its flag from an `Option` (`None` clears both).
    pub const fn with_atoms(mut self, atoms: Option<u32>) -> Self {
        match atoms {
            Some(bits) => {
                self.kernel_atoms = bits;
                self.flags |= exit_flags::KERNEL_ATOMS;
            }
            None => {
                self.kernel_atoms = 0;
                self.flags &= !exit_flags::KERNEL_ATOMS;
            }
        }
        self
    }
}

/// The body of a [`kind::SYS_CALL`] record: the entry's, then the exit's.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SysCallBody {
    pub enter: SysEnterBody,
    pub exit: SysExitBody,
    /// CLOCK_MONOTONIC nanoseconds at the exit.
    pub exit_ts_ns: u64,
    /// Bytes of entry captures right after this body; the exit captures follow them.
    pub entry_len: u32,
    pub _pad: u32,
}

/// Bits of `stack::StackBody::flags`, [`RawStackBody::flags`] (and of `Event::Stack`'s `flags`).
pub mod stack_flags {
    /// Captured at the call's entry (strace's `execve`, `exit`, `exit_group`), not at its exit:
    /// strace keeps such frames as text, where a frame without a symbol reads `PATH(+0x0)`.
    pub const AT_ENTRY: u32 = 1 << 0;
    /// The call never returned (`exit_group`): shown after the task's `+++ exited ... +++` line,
    /// which the record comes before.
    pub const AFTER_END: u32 = 1 << 1;
    /// RAW_STACK only: the call mapped executable memory (an `mmap` with `PROT_EXEC`, a library
    /// loaded): userspace reads the process's mappings again at once (the record woke it up).
    pub const MAPPED_CODE: u32 = 1 << 8;
}

/// The body of a [`kind::RAW_STACK`] record: where the walk starts, and how much stack follows.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RawStackBody {
    /// The user instruction pointer (after the `syscall` instruction).
    pub ip: u64,
    /// The user stack pointer: the first byte of the stack that follows.
    pub sp: u64,
    /// The user frame pointer (`rbp`).
    pub bp: u64,
    /// [`stack_flags`] bits (taken at the call's entry, shown after the task's end).
    pub flags: u32,
    /// Bytes of stack after this body (before padding to 8); 0 when none could be read.
    pub len: u32,
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
    /// How many entries of `ns` and `ids` hold the child's pid namespaces (0: not read; the
    /// ptrace backend's children are read from /proc while they are stopped).
    pub levels: u32,
    pub _pad: u32,
    /// The inode numbers of the child's pid namespaces, innermost first (at most
    /// [`PID_NS_LEVELS`]): what `/proc/PID/ns/pid` of each shows.
    pub ns: [u32; PID_NS_LEVELS],
    /// The child's tid in each of `ns`.
    pub ids: [i32; PID_NS_LEVELS],
}

/// How many of a forked child's innermost pid namespaces a FORK record carries.
pub const PID_NS_LEVELS: usize = 8;

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
    assert!(core::mem::size_of::<SysEnterBody>() == 64);
    assert!(core::mem::size_of::<SysExitBody>() == 24);
    assert!(core::mem::size_of::<SysCallBody>() == 104);
    assert!(CAPTURE_HEADER_SIZE == 8);
    assert!(core::mem::size_of::<SignalBody>() == 128);
    assert!(core::mem::size_of::<ForkBody>() == 16 + 8 * PID_NS_LEVELS);
    assert!(core::mem::size_of::<RawStackBody>() == 32);
};

#[cfg(all(test, feature = "user"))]
mod tests {
    use super::*;
    use crate::event::{decode_call, encode_call, Capture, Event, Meta};
    use crate::syscall::nr;

    #[test]
    fn a_sys_call_record_round_trips_into_its_enter_and_exit() {
        let meta = Meta { pid: 3, tid: 4, ts_ns: 1000 };
        let enter = Event::SysEnter {
            meta,
            nr: nr::WRITE,
            args: [1, 0x7fff_1000, 3, 0, 0, 0],
            ip: 0x7f12_3456_7890,
            captures: vec![Capture::new(1, 0, b"abc".to_vec())],
        };
        let exit = Event::SysExit {
            meta: Meta { ts_ns: 1500, ..meta },
            nr: nr::WRITE,
            ret: 3,
            captures: vec![Capture::new(1, capture_flags::TRUNCATED, vec![9; 12])],
            kernel_atoms: None,
        };
        let mut bytes = Vec::new();
        encode_call(&enter, &exit, &mut bytes);
        assert_eq!(bytes.len() % 8, 0);
        assert_eq!(bytes[..4], kind::SYS_CALL.to_ne_bytes());
        let (e, x, used) = decode_call(&bytes).expect("decodes");
        assert_eq!((e, x, used), (enter.clone(), exit, bytes.len()));
        // No captures at all, and every cut is an error, not a panic.
        let bare_exit =
            Event::SysExit { meta, nr: nr::GETPID, ret: 7, captures: vec![], kernel_atoms: Some(5) };
        let bare_enter = Event::SysEnter { meta, nr: nr::GETPID, args: [0; 6], ip: 0, captures: vec![] };
        let mut bare = Vec::new();
        encode_call(&bare_enter, &bare_exit, &mut bare);
        assert_eq!(bare.len(), HEADER_SIZE + core::mem::size_of::<SysCallBody>());
        assert_eq!(decode_call(&bare).expect("decodes").1, bare_exit);
        for cut in 0..bytes.len() {
            assert!(decode_call(&bytes[..cut]).is_err(), "cut at {cut}");
        }
    }
}
