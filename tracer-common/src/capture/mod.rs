//! The capture plan: per syscall and argument, which memory a backend copies and when.
//!
//! Both backends obey the same plan, so the renderer sees the same captures whichever ran. The plan is
//! derived from the argument kinds of the generated syscall table ([`plan_for`]); the eBPF program reads
//! it from a map that userspace fills, the ptrace backend reads it directly.
//!
//! Inputs are copied at syscall entry, outputs at exit (and only when the call succeeded, as strace
//! prints the bare address of an output argument on failure).

use crate::personality::{Personality, I386_EXECVE, I386_EXECVEAT};
use crate::syscall::{self, ArgKind, Struct};

/// What to copy for one argument ([`ArgPlan::mode`]).
pub mod mode {
    /// Nothing: the raw value is enough.
    pub const NONE: u8 = 0;
    /// A NUL-terminated path at entry, up to [`super::Limits::path_max`] bytes.
    pub const PATH_IN: u8 = 1;
    /// A NUL-terminated string at entry, up to [`super::Limits::strlen`] + 1 bytes.
    pub const STR_IN: u8 = 2;
    /// A buffer at entry whose length is argument `len_arg`, up to `strlen` bytes; with a nonzero
    /// `size` (a socket's buffer, see [`super::SOCKBUF_MAX_BYTES`]) up to `max(strlen, size)`
    /// bytes, and when those cannot all be read, the readable ones up to the end of the page the
    /// buffer starts in (flag SHORT).
    pub const BUF_IN: u8 = 3;
    /// A buffer at exit whose length is the return value, up to `strlen` bytes; a nonzero `size`
    /// as for [`BUF_IN`].
    pub const BUF_OUT: u8 = 4;
    /// A struct of `size` bytes at entry.
    pub const STRUCT_IN: u8 = 5;
    /// A struct of `size` bytes at exit, when the call returned >= 0.
    pub const STRUCT_OUT: u8 = 6;
    /// A NULL-terminated array of string pointers at entry (argv): at most `strlen` elements, one
    /// after another (flag STRINGS), each a [`super::argv_tag`] byte then either the string, up
    /// to `strlen` + 1 bytes, NUL-terminated, or (its string unreadable) the 8-byte pointer. A
    /// pointer of the array itself that cannot be read ends it: READ_FAULT for the first, SHORT
    /// for a later one (strace prints `... /* 0xADDR */` there).
    pub const ARGV_IN: u8 = 7;
    /// A NULL-terminated array of pointers at entry, counted (envp): a u32 count (flag COUNT);
    /// SHORT when an unreadable pointer (not the first) ended it (strace's "unterminated").
    pub const PTR_COUNT_IN: u8 = 8;
    /// getdents64's buffer at exit: the number of entries in the first `ret` bytes (flag COUNT).
    pub const DIRENTS_COUNT_OUT: u8 = 9;
    /// A struct of `size` bytes at entry, and again at exit when the call returned >= 0 (value-result
    /// arguments: `socklen_t *`, ioctl's argument).
    pub const STRUCT_INOUT: u8 = 10;
    /// An array at entry of `arg[len_arg]` elements of `size` bytes; at most `strlen` elements are
    /// copied (TRUNCATED when there are more), and at most [`super::ARRAY_MAX_BYTES`] bytes; ARRAY_IN
    /// copies `strlen` + 1 elements, as strace's `print_array` reads the element after the last one it
    /// shows (an unreadable one is `... /* ADDR */`). When they are not all readable, ARRAY_IN keeps
    /// the readable prefix in whole elements, without TRUNCATED; none readable: READ_FAULT.
    pub const ARRAY_IN: u8 = 11;
    /// poll's pollfds: at entry, all `arg[len_arg]` elements up to [`super::ARRAY_MAX_BYTES`]
    /// whatever `-s` (`-v` shows them all, `-P` looks at every descriptor), or their readable
    /// prefix in whole elements as [`ARRAY_IN`] keeps it; at exit, when the call returned >= 0, the
    /// same elements again (strace looks through them all for `revents`), or READ_FAULT. select's fd sets ([`super::len::FD_BITS`]): all the bytes or
    /// READ_FAULT, at entry as at exit.
    pub const ARRAY_INOUT: u8 = 12;
    /// An array at exit of `ret` elements of `size` bytes (epoll_wait), bounded like [`ARRAY_IN`],
    /// when the call returned >= 0 (no bytes when it returned 0).
    pub const ARRAY_OUT_RET: u8 = 13;
    /// Bytes at entry whose length is `arg[len_arg]`, at most `size` (a sockaddr, a socket option);
    /// TRUNCATED when the length is larger. When those bytes cannot all be read, the bytes up to
    /// the end of the page `ptr` lies in ([`super::sized_fallback`]), flagged TRUNCATED.
    pub const SIZED_IN: u8 = 14;
    /// At exit, when the call returned >= 0: a u32 length is read from the pointer in argument
    /// `len_arg`, then that many bytes of this argument, at most `size` (TRUNCATED when larger; read
    /// with SIZED_IN's page-end fallback, as the call may report more than the caller offered).
    /// A NULL or unreadable length pointer makes a READ_FAULT capture.
    pub const SIZED_OUT: u8 = 15;
    /// An iovec array of `arg[len_arg]` elements at entry: part [`super::part::MAIN`] holds the raw
    /// `struct iovec`s (bounded like [`ARRAY_IN`], `strlen` + 1 of them, TRUNCATED when there are
    /// more); then, in order,
    /// part `ELEMENT + i` holds the first `min(iov_len, data_bytes)` bytes of element `i` (see
    /// [`super::Limits::data_bytes`]; also bounded
    /// by [`super::ELEMENT_MAX_BYTES`] and what is left of [`super::IOVEC_CONTENTS_MAX_BYTES`];
    /// TRUNCATED when cut). An element whose `iov_base` is NULL gets no part, an unreadable one a
    /// READ_FAULT part; a partly readable array keeps its readable prefix in whole elements (without
    /// TRUNCATED), an unreadable one is a READ_FAULT part MAIN and nothing else. Elements are
    /// read from the copied array, not read again.
    pub const IOVEC_IN: u8 = 16;
    /// [`IOVEC_IN`] at exit when the call returned >= 0, the contents limited to `ret` bytes in total
    /// (readv): each element's length is first cut to what is left of `ret`, and elements past the
    /// returned bytes get no contents part. When the call failed, part MAIN alone, as
    /// [`ARRAY_IN`] copies it (strace prints the iovecs with their addresses).
    pub const IOVEC_OUT: u8 = 17;
    /// A `struct msghdr` at entry: part MAIN the 56-byte msghdr; part NAME `msg_namelen` bytes of
    /// `msg_name` (at most 128, with SIZED_IN's page-end fallback); part IOV the iovec array and parts `ELEMENT + i` the contents, as
    /// [`IOVEC_IN`]; part CONTROL `msg_controllen` bytes of `msg_control` (at most
    /// [`super::CONTROL_MAX_BYTES`]). Parts come in that order; the pointers and lengths are those
    /// of the copied msghdr; a NULL pointer gets no part (and no elements), an unreadable one a
    /// READ_FAULT part; an unreadable msghdr is a READ_FAULT part MAIN and nothing else.
    pub const MSGHDR_IN: u8 = 18;
    /// recvmsg: part MAIN at entry (for the lengths the caller offered), and at exit when the call
    /// returned >= 0 every part of [`MSGHDR_IN`] read from the msghdr as the call left it, the
    /// contents limited to `ret` bytes in total.
    pub const MSGHDR_OUT: u8 = 19;
    /// rt_sigreturn: at entry, the 8-byte signal mask of the `struct rt_sigframe` the call returns
    /// from, at the user stack pointer + [`super::SIGFRAME_MASK_OFFSET`] (x86_64: the frame starts at
    /// rsp - 8; `uc.uc_sigmask` is 304 bytes into it). The argument register is not used.
    pub const SIGFRAME_MASK: u8 = 20;
    /// Memory a decoder reads by command (prctl, keyctl, semctl...): at entry, and again at exit
    /// when the call returned >= 0 or failed with E2BIG ([`super::peek_out_on_failure`]), the readable prefix of [`super::peek_bytes`] bytes (`size`, or
    /// `strlen` + 1 when larger, at most [`super::PEEK_CAP`]), as strace's `umovestr` reads: page by
    /// page, stopping at the first unreadable one. TRUNCATED: every byte asked for was readable
    /// (the memory may go on); fewer bytes without it: the rest is unreadable; no readable byte:
    /// READ_FAULT and no bytes.
    pub const PEEK_INOUT: u8 = 21;
    /// An extensible struct at entry of `arg[len_arg]` bytes whose known part is `size` bytes: part
    /// [`super::part::MAIN`] holds its first `min(arg[len_arg], size)` bytes, and, when the struct
    /// is larger, part [`super::part::TAIL`] the bytes from `size` up to `min(arg[len_arg],
    /// EXT_STRUCT_END)`. Each part is READ_FAULT (and empty) when unreadable.
    pub const EXT_STRUCT_IN: u8 = 22;
    /// ioctl's argument: [`STRUCT_INOUT`]'s `size` bytes at entry and at exit (when the call
    /// succeeded), except that when they are not all readable the copy is the readable part of
    /// the first page (the bytes up to its end), so an object at the end of a page before an
    /// unmapped one is still whole; READ_FAULT only when that part is unreadable too. The decoder,
    /// which knows the request's object size, checks the length.
    pub const IOCTL_INOUT: u8 = 23;
    /// A `{pointer, length}` struct at the argument (pselect6's and io_pgetevents'
    /// `{sigmask, sigsetsize}`), at entry: its 16 bytes (MAIN; READ_FAULT when unreadable), then,
    /// when the pointer is not NULL and the length at most `size`, that many bytes at the pointer
    /// (part ELEMENT; READ_FAULT when unreadable).
    pub const PTR_LEN_IN: u8 = 27;
    /// [`PEEK_INOUT`], and at entry, when the peek holds a `struct sock_fprog` (16 bytes), part
    /// [`super::part::FILTER`]: its program (see [`super::fprog_filter_bytes`]).
    pub const PEEK_FPROG_INOUT: u8 = 24;
    /// [`SIZED_IN`], and part [`super::part::FILTER`] as [`PEEK_FPROG_INOUT`] when the copied
    /// bytes hold a `struct sock_fprog`.
    pub const SIZED_FPROG_IN: u8 = 25;
    /// [`SIZED_OUT`], and at exit part [`super::part::FILTER`]: the readable prefix, in whole
    /// instructions, of the program of as many instructions as the u32 length at `arg[len_arg]`
    /// says (getsockopt's SO_GET_FILTER returns its length in instructions), at most
    /// [`super::FPROG_MAX_INSNS`] (TRUNCATED when more); READ_FAULT when none is readable.
    pub const SIZED_FPROG_OUT: u8 = 26;
    /// At exit, when the call returned a descriptor (>= 0): the inode number (a u64) of the file
    /// the returned descriptor refers to, what `-y` prints of a socket (`socket:[INODE]`), which
    /// /proc no longer shows once the process is gone (the eBPF backend renders after the fact).
    /// Set on argument 0 of the calls returning a new socket, whatever that argument is; taken,
    /// as every capture, only when the argument is not 0. No capture when the kernel's
    /// structures cannot be read (their offsets unknown).
    pub const FD_INODE_OUT: u8 = 37;
    /// [`ARGV_IN`] and [`PTR_COUNT_IN`] of an array of 32-bit pointers (an i386 call's): stored as
    /// theirs (an unreadable element's pointer as 8 bytes).
    pub const ARGV32_IN: u8 = 38;
    pub const PTR_COUNT32_IN: u8 = 39;
}

/// The first byte of each element of a [`mode::ARGV_IN`] capture.
pub mod argv_tag {
    /// A NUL-terminated string follows.
    pub const STRING: u8 = 1;
    /// The element's string was unreadable: its 8-byte pointer follows.
    pub const ADDRESS: u8 = 2;
}

/// Bytes of an [`argv_tag::ADDRESS`] element: the tag and the pointer.
pub const ARGV_ADDRESS_BYTES: u64 = 9;

/// Bytes a [`mode::PEEK_INOUT`] capture asks for at least: room for the largest struct a
/// multiplexed call's decoder reads (SysV IPC's `struct msqid_ds` is 120 bytes).
pub const PEEK_STRUCT_BYTES: u16 = 128;
/// Bound on a [`mode::PEEK_INOUT`] capture (the eBPF program's per-capture cap).
pub const PEEK_CAP: u32 = 4096;
/// Page size of the tracee's address space: a peek reads no further than the first unreadable page.
pub const PAGE_SIZE: u64 = 4096;

/// Bytes a [`mode::PEEK_INOUT`] capture of `size` asks for: enough for the struct, and for a string
/// of `strlen` characters and the byte after it behind a `long` (msgsnd's `struct msgbuf`), at most
/// [`PEEK_CAP`].
pub const fn peek_bytes(size: u16, strlen: u32) -> u64 {
    let string = 8 + strlen as u64 + 1;
    let want = if string > size as u64 { string } else { size as u64 };
    if want > PEEK_CAP as u64 {
        PEEK_CAP as u64
    } else {
        want
    }
}

/// E2BIG's errno.
const E2BIG: i64 = 7;

/// Whether a call that returned `ret` gets its PEEK_INOUT exit capture although it failed: with
/// E2BIG, as perf_event_open then writes back the size of `struct perf_event_attr` the kernel knows.
pub const fn peek_out_on_failure(ret: i64) -> bool {
    ret == -E2BIG
}

/// Whether a call that returned `ret` gets its STRUCT_OUT/STRUCT_INOUT exit captures: when it
/// succeeded, and when a signal interrupted it (ERESTARTSYS..ERESTART_RESTARTBLOCK, 512..=516), as
/// strace prints nanosleep's remaining time then; and when it failed with E2BIG, as an extensible
/// struct's call (sched_setattr, perf_event_open) then writes back the size the kernel knows.
pub const fn struct_out_taken(ret: i64) -> bool {
    ret >= 0 || (ret >= -516 && ret <= -512) || ret == -E2BIG
}

/// Where an extensible struct's tail capture ends (strace reads it up to the page size).
pub const EXT_STRUCT_END: u64 = 4096;

/// Where rt_sigreturn's saved signal mask lies, relative to the stack pointer at syscall entry.
pub const SIGFRAME_MASK_OFFSET: u64 = 296;

/// Which piece of an argument's memory a capture holds (`CaptureHeader::part`), for modes that copy
/// more than one piece (iovecs, msghdrs).
pub mod part {
    /// The argument's own memory (the only part of every other mode).
    pub const MAIN: u16 = 0;
    /// Contents of element `i` of an iovec array: part `ELEMENT + i`.
    pub const ELEMENT: u16 = 1;
    /// Elements numbered at or above this are never captured.
    pub const ELEMENT_END: u16 = 0xf000;
    /// A msghdr's `msg_name`.
    pub const NAME: u16 = 0xfff0;
    /// A msghdr's iovec array.
    pub const IOV: u16 = 0xfff1;
    /// A msghdr's `msg_control`.
    pub const CONTROL: u16 = 0xfff2;
    /// What follows the known part of an extensible struct (EXT_STRUCT_IN).
    pub const TAIL: u16 = 0xfff3;
    /// The instructions a `struct sock_fprog` points to (PEEK_FPROG_INOUT, SIZED_FPROG_IN).
    pub const FILTER: u16 = 0xfff4;
    /// Memory behind a pointer inside the argument's struct: part `DEREF + ptr_off` (see
    /// [`super::deref`]).
    pub const DEREF: u16 = 0xf400;
    /// Deref parts lie below this (`ptr_off` < `DEREF_END - DEREF`).
    pub const DEREF_END: u16 = 0xfff0;
}

pub mod deref;

mod fprog;
pub use fprog::{fprog_filter_bytes, fprog_program_bytes, FPROG_INSN_SIZE, FPROG_MAX_INSNS, FPROG_SIZE};

/// Bytes a sized capture (SIZED_IN, SIZED_OUT, a msghdr's name) copies when the `want` bytes at
/// `ptr` cannot all be read: those up to the end of `ptr`'s page, when that is fewer than `want`
/// (0: nothing to fall back to, the capture is a READ_FAULT). A decoder needing more bytes than the
/// capture holds then knows they were unreadable, as strace's own read of them would fail: the
/// bounds of sized captures are below a page, so the rest lies on the next page, which faulted.
pub const fn sized_fallback(ptr: u64, want: u64) -> u64 {
    let to_end = PAGE_SIZE - (ptr & (PAGE_SIZE - 1));
    if to_end < want {
        to_end
    } else {
        0
    }
}

/// Bound on the bytes of one array capture (ARRAY_*, the iovec array of IOVEC_*).
pub const ARRAY_MAX_BYTES: u32 = 4096;
/// Bound on the bytes of a msghdr's control data.
pub const CONTROL_MAX_BYTES: u32 = 1024;
/// Bound on a socket address's bytes (`sizeof(struct sockaddr_storage)`).
pub const SOCKADDR_MAX_BYTES: u16 = 128;
/// Bound on a socket option's bytes.
pub const SOCKOPT_MAX_BYTES: u16 = 256;
/// Elements of `size` bytes copied of an array of `count`: at most `strlen` of them, and at most
/// [`ARRAY_MAX_BYTES`] bytes in whole elements. Fewer than `count` means TRUNCATED.
pub const fn array_elements(count: u64, size: u16, strlen: u32) -> u64 {
    if size == 0 {
        return 0;
    }
    let fit = ARRAY_MAX_BYTES as u64 / size as u64;
    let shown = if count < strlen as u64 { count } else { strlen as u64 };
    if shown < fit {
        shown
    } else {
        fit
    }
}

/// Byte offsets of the fields of x86_64's `struct msghdr` (MSGHDR_* captures' part MAIN).
pub mod msghdr {
    /// `void *msg_name`.
    pub const NAME: usize = 0;
    /// `socklen_t msg_namelen` (u32).
    pub const NAMELEN: usize = 8;
    /// `struct iovec *msg_iov`.
    pub const IOV: usize = 16;
    /// `size_t msg_iovlen`.
    pub const IOVLEN: usize = 24;
    /// `void *msg_control`.
    pub const CONTROL: usize = 32;
    /// `size_t msg_controllen`.
    pub const CONTROLLEN: usize = 40;
    /// `int msg_flags`.
    pub const FLAGS: usize = 48;
    /// `sizeof(struct msghdr)`.
    pub const SIZE: usize = 56;
}

/// Bound on the bytes captured of a socket call's data buffer (sendto's, recvfrom's), whatever `-s`
/// says: strace decodes a netlink message whole and cuts only its strings at `-s`, so such a buffer
/// is copied up to this many bytes (the eBPF program's per-capture cap); the renderer still cuts
/// other sockets' data at `-s`. Longer netlink messages print their address past this bound.
pub const SOCKBUF_MAX_BYTES: u16 = 4096;

/// Bytes to copy of a buffer of `len` bytes planned with `size` (see [`mode::BUF_IN`]).
pub const fn buffer_keep(len: u64, strlen: u32, size: u16) -> u64 {
    let keep = if (size as u32) > strlen { size as u64 } else { strlen as u64 };
    if len < keep {
        len
    } else {
        keep
    }
}

/// Bytes of `ptr`'s page from `ptr` on: a socket buffer's readable prefix when the whole copy
/// faulted.
pub const fn page_rest(ptr: u64) -> u64 {
    PAGE_SIZE - (ptr & (PAGE_SIZE - 1))
}

pub mod iovec;
pub use iovec::*;

pub mod len;
pub use len::{is_fd_bits, plan_len, plan_struct_size};

/// The plan for one argument; `#[repr(C)]` so the eBPF program reads it from a map.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ArgPlan {
    /// One of [`mode`].
    pub mode: u8,
    /// For modes with a length or count argument: its index (bits [`len::INDEX`]), and how to read
    /// it ([`len`]'s flags).
    pub len_arg: u8,
    /// For struct and array modes: the struct's (element's) size in bytes; for SIZED_*: the bound.
    pub size: u16,
}

/// The plan for one syscall: one [`ArgPlan`] per argument register.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SyscallPlan {
    pub args: [ArgPlan; 6],
}

impl SyscallPlan {
    /// True when nothing is copied at entry.
    pub fn is_empty_at_entry(&self) -> bool {
        self.args.iter().all(|a| !a.is_entry())
    }
}

impl ArgPlan {
    const fn new(mode: u8) -> Self {
        ArgPlan { mode, len_arg: 0, size: 0 }
    }

    /// True when this capture is taken at syscall entry.
    pub const fn is_entry(&self) -> bool {
        matches!(
            self.mode,
            mode::PATH_IN
                | mode::STR_IN
                | mode::BUF_IN
                | mode::STRUCT_IN
                | mode::ARGV_IN
                | mode::PTR_COUNT_IN
                | mode::ARGV32_IN
                | mode::PTR_COUNT32_IN
                | mode::STRUCT_INOUT
                | mode::IOCTL_INOUT
                | mode::ARRAY_IN
                | mode::ARRAY_INOUT
                | mode::SIZED_IN
                | mode::IOVEC_IN
                | mode::MSGHDR_IN
                | mode::MSGHDR_OUT
                | mode::SIGFRAME_MASK
                | mode::PEEK_INOUT
                | mode::EXT_STRUCT_IN
                | mode::PTR_LEN_IN
                | mode::PEEK_FPROG_INOUT
                | mode::SIZED_FPROG_IN
        )
    }

    /// True when this capture is taken at syscall exit.
    pub const fn is_exit(&self) -> bool {
        matches!(
            self.mode,
            mode::BUF_OUT
                | mode::STRUCT_OUT
                | mode::DIRENTS_COUNT_OUT
                | mode::STRUCT_INOUT
                | mode::IOCTL_INOUT
                | mode::ARRAY_INOUT
                | mode::ARRAY_OUT_RET
                | mode::SIZED_OUT
                | mode::IOVEC_OUT
                | mode::MSGHDR_OUT
                | mode::PEEK_INOUT
                | mode::PEEK_FPROG_INOUT
                | mode::SIZED_FPROG_OUT
                | mode::FD_INODE_OUT
        )
    }
}

pub mod limits;
pub use limits::*;

/// The arguments call `nr`'s captures read, planned by `plan`: an i386 call's as
/// [`Personality::i386_capture_arg`] says, another's unchanged.
pub fn capture_args(nr: u64, args: &[u64; 6], plan: &SyscallPlan) -> [u64; 6] {
    let mut out = *args;
    if Personality::of(nr) == Personality::I386 {
        for (value, arg) in out.iter_mut().zip(&plan.args) {
            *value = Personality::i386_capture_arg(*value, arg.mode != mode::NONE);
        }
    }
    out
}

/// The plan for one argument kind.
pub const fn plan_for_kind(kind: ArgKind) -> ArgPlan {
    match kind {
        ArgKind::Path => ArgPlan::new(mode::PATH_IN),
        ArgKind::Str => ArgPlan::new(mode::STR_IN),
        ArgKind::BufIn { len_arg } => ArgPlan { mode: mode::BUF_IN, len_arg, size: 0 },
        ArgKind::BufOut => ArgPlan::new(mode::BUF_OUT),
        ArgKind::Argv => ArgPlan::new(mode::ARGV_IN),
        ArgKind::Envp => ArgPlan::new(mode::PTR_COUNT_IN),
        ArgKind::Argv32 => ArgPlan::new(mode::ARGV32_IN),
        ArgKind::Envp32 => ArgPlan::new(mode::PTR_COUNT32_IN),
        ArgKind::Dirents => ArgPlan::new(mode::DIRENTS_COUNT_OUT),
        ArgKind::StructIn(Struct::SigsetArgs) => ArgPlan { mode: mode::PTR_LEN_IN, len_arg: 0, size: 8 },
        ArgKind::StructIn(s) => ArgPlan { mode: mode::STRUCT_IN, len_arg: 0, size: s.size() },
        ArgKind::StructOut(s) => ArgPlan { mode: mode::STRUCT_OUT, len_arg: 0, size: s.size() },
        ArgKind::StructInOut(s @ Struct::IoctlArg) => {
            ArgPlan { mode: mode::IOCTL_INOUT, len_arg: 0, size: s.size() }
        }
        ArgKind::StructInOut(s) => ArgPlan { mode: mode::STRUCT_INOUT, len_arg: 0, size: s.size() },
        ArgKind::ArrayIn { len_arg, of } => ArgPlan { mode: mode::ARRAY_IN, len_arg, size: of.size() },
        ArgKind::ArrayInOut { len_arg, of } => ArgPlan { mode: mode::ARRAY_INOUT, len_arg, size: of.size() },
        ArgKind::ArrayOutRet { of } => ArgPlan { mode: mode::ARRAY_OUT_RET, len_arg: 0, size: of.size() },
        ArgKind::SockaddrIn { len_arg } => {
            ArgPlan { mode: mode::SIZED_IN, len_arg, size: SOCKADDR_MAX_BYTES }
        }
        ArgKind::SockaddrOut { len_arg } => {
            ArgPlan { mode: mode::SIZED_OUT, len_arg, size: SOCKADDR_MAX_BYTES }
        }
        ArgKind::SockoptIn { len_arg } => ArgPlan { mode: mode::SIZED_IN, len_arg, size: SOCKOPT_MAX_BYTES },
        ArgKind::SockoptOut { len_arg } => {
            ArgPlan { mode: mode::SIZED_OUT, len_arg, size: SOCKOPT_MAX_BYTES }
        }
        ArgKind::IovecIn { len_arg } => ArgPlan { mode: mode::IOVEC_IN, len_arg, size: IOVEC_SIZE as u16 },
        ArgKind::IovecOut { len_arg } => ArgPlan { mode: mode::IOVEC_OUT, len_arg, size: IOVEC_SIZE as u16 },
        ArgKind::Iovec32In { len_arg } => {
            ArgPlan { mode: mode::IOVEC_IN, len_arg, size: IOVEC32_SIZE as u16 }
        }
        ArgKind::Iovec32Out { len_arg } => {
            ArgPlan { mode: mode::IOVEC_OUT, len_arg, size: IOVEC32_SIZE as u16 }
        }
        ArgKind::MsghdrIn => ArgPlan { mode: mode::MSGHDR_IN, len_arg: 0, size: msghdr::SIZE as u16 },
        ArgKind::SigframeMask => ArgPlan { mode: mode::SIGFRAME_MASK, len_arg: 0, size: 8 },
        ArgKind::MsghdrOut => ArgPlan { mode: mode::MSGHDR_OUT, len_arg: 0, size: msghdr::SIZE as u16 },
        ArgKind::Peek => ArgPlan { mode: mode::PEEK_INOUT, len_arg: 0, size: PEEK_STRUCT_BYTES },
        ArgKind::PeekPage => ArgPlan { mode: mode::PEEK_INOUT, len_arg: 0, size: PEEK_CAP as u16 },
        ArgKind::ExtStructIn { len_arg, of } => {
            ArgPlan { mode: mode::EXT_STRUCT_IN, len_arg, size: of.size() }
        }
        ArgKind::Int
        | ArgKind::Uint
        | ArgKind::Id
        | ArgKind::Hex
        | ArgKind::Octal
        | ArgKind::Ptr
        | ArgKind::Fd
        | ArgKind::DirFd
        | ArgKind::Tid
        | ArgKind::Tgid
        | ArgKind::Pgid
        | ArgKind::TgidPgid
        | ArgKind::Flags(_) => ArgPlan::new(mode::NONE),
    }
}

/// The capture plan of syscall `nr` as the session's `limits` shape it: [`plan_for`], with what a
/// call printed unabbreviated shows ([`Limits::unabbreviated`]): an exec call's argv and
/// environment whole, as strings; getdents' buffer, as bytes.
pub fn plan_with(nr: u64, limits: &Limits) -> SyscallPlan {
    let mut plan = plan_for(nr);
    // An i386 exec call's bit is its x86_64 namesake's (its getdents read nothing).
    let bit = match nr {
        syscall::nr::EXECVE | I386_EXECVE => UNABBREVIATED_EXECVE,
        syscall::nr::EXECVEAT | I386_EXECVEAT => UNABBREVIATED_EXECVEAT,
        syscall::nr::GETDENTS => UNABBREVIATED_GETDENTS,
        syscall::nr::GETDENTS64 => UNABBREVIATED_GETDENTS64,
        _ => 0,
    };
    if limits.unabbreviated & bit == 0 {
        return plan;
    }
    for slot in &mut plan.args {
        match slot.mode {
            mode::PTR_COUNT_IN | mode::ARGV_IN => {
                *slot = ArgPlan { size: ARGV_ALL, ..ArgPlan::new(mode::ARGV_IN) }
            }
            mode::PTR_COUNT32_IN | mode::ARGV32_IN => {
                *slot = ArgPlan { size: ARGV_ALL, ..ArgPlan::new(mode::ARGV32_IN) }
            }
            mode::DIRENTS_COUNT_OUT => *slot = ArgPlan { size: DIRENTS_BYTES, ..ArgPlan::new(mode::BUF_OUT) },
            _ => {}
        }
    }
    plan
}

/// The capture plan of syscall `nr` (empty for unknown numbers and x32 calls; an i386 call's from
/// its own row, see [`syscall::planned_info`]; its arguments are then read as
/// [`crate::personality::Personality::i386_capture_arg`] says).
pub fn plan_for(nr: u64) -> SyscallPlan {
    let mut plan = SyscallPlan::default();
    if let Some(info) = syscall::planned_info(nr) {
        for (slot, arg) in plan.args.iter_mut().zip(info.args) {
            *slot = plan_for_kind(arg.kind);
            let narrow = info
                .args
                .get(slot.len_arg as usize)
                .is_some_and(|l| !matches!(l.width, syscall::Width::Full));
            if slot.mode != mode::NONE && narrow {
                slot.len_arg |= len::U32;
            }
        }
        // A sigset is as long as the call's size argument says.
        let size_arg =
            info.args.iter().position(|a| matches!(a.name.as_bytes(), b"sigsetsize" | b"sizemask"));
        if let Some(size_arg) = size_arg {
            for (slot, arg) in plan.args.iter_mut().zip(info.args) {
                if matches!(arg.kind, ArgKind::StructIn(Struct::Sigset) | ArgKind::StructOut(Struct::Sigset))
                {
                    slot.len_arg = size_arg as u8 | len::CUTS_SIZE;
                }
            }
        }
    }
    // sched_getattr's struct is as long as its `usize` says (at most the size strace knows).
    if nr == syscall::nr::SCHED_GETATTR {
        plan.args[1].len_arg = 2 | len::CUTS_SIZE | len::U32;
    }
    // A new socket's inode, for `-y` (see FD_INODE_OUT).
    if matches!(nr, syscall::nr::SOCKET | syscall::nr::ACCEPT | syscall::nr::ACCEPT4) {
        plan.args[0] = ArgPlan::new(mode::FD_INODE_OUT);
    }
    // select's fd sets: bytes of nfds bits.
    if nr == syscall::nr::SELECT || nr == syscall::nr::PSELECT6 {
        for slot in &mut plan.args[1..4] {
            slot.len_arg = len::FD_BITS;
        }
    }
    // getcwd's buffer is a path, printed whole whatever `-s` says.
    if nr == syscall::nr::GETCWD {
        plan.args[0].size = PATH_MAX as u16;
    }
    // A socket's data buffer may hold netlink messages, decoded whole whatever `-s` says.
    if nr == syscall::nr::SENDTO || nr == syscall::nr::RECVFROM {
        for slot in &mut plan.args {
            if slot.mode == mode::BUF_IN || slot.mode == mode::BUF_OUT {
                slot.size = SOCKBUF_MAX_BYTES;
            }
        }
    }
    // A classic BPF program (`struct sock_fprog`) may lie behind seccomp's and prctl's third
    // argument (SECCOMP_SET_MODE_FILTER, PR_SET_SECCOMP) and setsockopt's value (SO_ATTACH_FILTER);
    // getsockopt's value may be one (SO_GET_FILTER).
    let fprog_arg = match nr {
        syscall::nr::SECCOMP | syscall::nr::PRCTL => Some(2),
        syscall::nr::SETSOCKOPT | syscall::nr::GETSOCKOPT => Some(3),
        _ => None,
    };
    if let Some(slot) = fprog_arg.and_then(|i| plan.args.get_mut(i)) {
        slot.mode = match slot.mode {
            mode::PEEK_INOUT => mode::PEEK_FPROG_INOUT,
            mode::SIZED_IN => mode::SIZED_FPROG_IN,
            mode::SIZED_OUT => mode::SIZED_FPROG_OUT,
            other => other,
        };
    }
    plan
}

#[cfg(feature = "user")]
// SAFETY: plain-old-data, `#[repr(C)]`, no padding, every bit pattern valid.
unsafe impl aya::Pod for SyscallPlan {}
#[cfg(feature = "user")]
// SAFETY: as above.
unsafe impl aya::Pod for Limits {}

#[cfg(test)]
mod tests;
