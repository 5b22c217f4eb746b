//! How much the backends copy: `-s`, whole paths, dump sizes, and what calls printed
//! unabbreviated need ([`Limits`]).

/// How much a backend copies; set from `-s` and fixed caps.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// strace's `-s`: bytes shown of a string or buffer (and elements shown of argv).
    pub strlen: u32,
    /// Characters kept of a path ([`PATH_CHARS`]: strace prints whole paths, up to PATH_MAX - 1
    /// characters); one byte more is examined, to tell a longer path.
    pub path_max: u32,
    /// Bytes copied of a data buffer (BUF_IN, BUF_OUT, iovec and msghdr contents) when more than
    /// `strlen`: [`DUMP_BYTES`] with `-e read=`/`-e write=`, whose hex dumps show whole buffers;
    /// 0 otherwise (see [`Limits::data_bytes`]).
    pub data: u32,
    /// Calls printed unabbreviated (strace's `-v`, or `-e abbrev=` without them), one bit each
    /// (`UNABBREVIATED_*`): an exec call's argv and envp are then captured whole as strings
    /// ([`ARGV_ALL`]; envp is otherwise only counted), and getdents' entries as bytes
    /// ([`DIRENTS_BYTES`]; otherwise only counted). See [`super::plan_with`].
    pub unabbreviated: u32,
}

/// An ARGV_IN plan's `size` for an array printed whole (strace's `-v`): every element, not only
/// `-s` of them, up to the capture's byte cap.
pub const ARGV_ALL: u16 = 1;
/// Elements an [`ARGV_ALL`] capture walks at most.
pub const ARGV_ALL_ELEMENTS: u32 = 4096;

/// [`Limits::unabbreviated`]'s bit for execve.
pub const UNABBREVIATED_EXECVE: u32 = 1;
/// [`Limits::unabbreviated`]'s bit for execveat.
pub const UNABBREVIATED_EXECVEAT: u32 = 2;
/// [`Limits::unabbreviated`]'s bit for getdents.
pub const UNABBREVIATED_GETDENTS: u32 = 4;
/// [`Limits::unabbreviated`]'s bit for getdents64.
pub const UNABBREVIATED_GETDENTS64: u32 = 8;

/// Bytes of an unabbreviated getdents buffer copied (BUF_OUT's `size`): glibc's readdir asks for
/// 32 KiB; the eBPF backend copies at most its capture cap.
pub const DIRENTS_BYTES: u16 = 32768;

impl Limits {
    /// Bytes copied of a data buffer: `strlen`, or `data` when larger.
    pub const fn data_bytes(&self) -> u32 {
        if self.data > self.strlen {
            self.data
        } else {
            self.strlen
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits { strlen: 32, path_max: PATH_CHARS, data: 0, unabbreviated: 0 }
    }
}

/// Bytes of a buffer `-e read=`/`-e write=` dump (the eBPF program's per-capture cap): a dump of a
/// longer buffer stops there, in both backends.
pub const DUMP_BYTES: u32 = 4096;

/// Linux's PATH_MAX.
pub const PATH_MAX: u32 = 4096;

/// Characters kept of a path capture: strace's `printpath` examines PATH_MAX bytes and shows at
/// most PATH_MAX - 1 characters (then `...` when no NUL was among them).
pub const PATH_CHARS: u32 = PATH_MAX - 1;
