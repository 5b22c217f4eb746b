//! Which tasks the eBPF program traces: the settings userspace writes to its `FILTER` map, and the
//! kernel struct offsets it writes to `TASK_LAYOUT` (Rust eBPF has no CO-RE, so userspace reads
//! them from the kernel's BTF). Integers only: this crosses the kernel boundary.

/// Bits of [`FilterConfig::flags`].
pub mod flags {
    /// `-f`: children of traced tasks (threads and processes) are traced from their first
    /// instruction (`sched_process_fork`).
    pub const FOLLOW: u32 = 1 << 0;
    /// A production scope is set: tasks not in the tid set are traced when they match every scope
    /// filter below (and are not the tracer).
    pub const SCOPE: u32 = 1 << 1;
    /// Scope filter: `comm` must equal [`super::FilterConfig::comm`].
    pub const COMM: u32 = 1 << 2;
    /// Scope filter: the real uid must equal [`super::FilterConfig::uid`].
    pub const UID: u32 = 1 << 3;
    /// Scope filter: the cgroup v2 id must equal [`super::FilterConfig::cgroup_id`].
    pub const CGROUP: u32 = 1 << 4;
}

/// The program's filter settings (index 0 of the `FILTER` array map).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FilterConfig {
    /// [`flags`].
    pub flags: u32,
    /// The tracer's own thread group, never traced by a scope.
    pub tracer_tgid: u32,
    pub uid: u32,
    /// Depth of the cgroup below the root (`/sys/fs/cgroup` is 0): tasks whose ancestor at this
    /// level is [`FilterConfig::cgroup_id`] are in it (the cgroup and its descendants).
    pub cgroup_level: u32,
    pub cgroup_id: u64,
    /// NUL-padded, as the kernel's `task->comm`.
    pub comm: [u8; crate::record::COMM_SIZE],
}

/// Words of the `SYSCALLS` array map: bit `nr % 64` of word `nr / 64` is set when syscall `nr` is
/// traced (`-e trace=`; all bits by default). Numbers beyond it (x32's) are not filtered.
pub const SYSCALL_WORDS: u32 = 8;

/// Words of the i386 bitmap, after the x86_64 one in the `SYSCALLS` map: bit `n % 64` of word
/// `SYSCALL_WORDS + n / 64` is set when i386 call `n` is traced (an i386 number no row has is:
/// strace traces what it cannot name). Numbers beyond it are not filtered.
pub const I386_WORDS: u32 = 9;

/// Indices of the `TASK_LAYOUT` array map: byte offsets in kernel structs (0: unknown).
pub mod layout {
    /// `task_struct.pending.signal`.
    pub const TASK_PENDING_SIGNAL: u32 = 0;
    /// `task_struct.pid`.
    pub const TASK_PID: u32 = 1;
    /// `task_struct.tgid`.
    pub const TASK_TGID: u32 = 2;
    /// `task_struct.exit_code`.
    pub const TASK_EXIT_CODE: u32 = 3;
    /// `task_struct.signal` (a `struct signal_struct *`).
    pub const TASK_SIGNAL: u32 = 4;
    /// `signal_struct.flags`.
    pub const SIGNAL_FLAGS: u32 = 5;
    /// `signal_struct.group_exit_code`.
    pub const SIGNAL_GROUP_EXIT_CODE: u32 = 6;
    /// `task_struct.thread_pid` (a `struct pid *`).
    pub const TASK_THREAD_PID: u32 = 7;
    /// `pid.level`.
    pub const PID_LEVEL: u32 = 8;
    /// `pid.numbers` (an array of `struct upid`, one per level; `upid.nr` first).
    pub const PID_NUMBERS: u32 = 9;
    /// The size of a `struct upid`.
    pub const UPID_SIZE: u32 = 10;
    /// `upid.ns` (a `struct pid_namespace *`).
    pub const UPID_NS: u32 = 11;
    /// `pid_namespace.ns.inum`.
    pub const PIDNS_INUM: u32 = 12;
    /// `task_struct.files` (a `struct files_struct *`).
    pub const TASK_FILES: u32 = 16;
    /// `files_struct.fdt` (a `struct fdtable *`).
    pub const FILES_FDT: u32 = 17;
    /// `fdtable.fd` (a `struct file **`).
    pub const FDTABLE_FD: u32 = 18;
    /// `file.f_inode` (a `struct inode *`).
    pub const FILE_INODE: u32 = 19;
    /// `inode.i_ino`.
    pub const INODE_INO: u32 = 20;
    /// `task_struct.thread_info.status` (x86: `TS_COMPAT` while the task is in an i386 call).
    pub const TASK_TI_STATUS: u32 = 13;
    /// `task_struct.real_parent` (a `struct task_struct *`): `--filter`'s `ppid`, `parent.comm`.
    pub const TASK_REAL_PARENT: u32 = 21;
    /// `task_struct.comm` (`TASK_COMM_LEN` bytes).
    pub const TASK_COMM: u32 = 22;
    /// Entries of the map.
    pub const ENTRIES: u32 = 24;
}

const _: () = assert!(core::mem::size_of::<FilterConfig>() == 40);

#[cfg(feature = "user")]
// SAFETY: plain-old-data, `#[repr(C)]`, no padding (checked above), every bit pattern valid.
unsafe impl aya::Pod for FilterConfig {}
