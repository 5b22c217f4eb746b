//! The maps, the per-CPU scratch value and the record being built in it.

use aya_ebpf::{
    helpers::bpf_ktime_get_ns,
    macros::map,
    maps::{Array, HashMap, LruHashMap, PerCpuArray, RingBuf},
};
use tracer_common::capture::{ArgPlan, Limits, SyscallPlan};
use tracer_common::filter::{layout, FilterConfig};
use tracer_common::personality::Personality;
use tracer_common::record::{RecordHeader, SysEnterBody, HEADER_SIZE};
use tracer_common::summary::InSyscall;
use tracer_ebpf::{
    BUF_SIZE, EVENTS_BYTES, MAX_FATAL, MAX_IN_FLIGHT, MAX_SEEN, MAX_TRACED, PLAN_ENTRIES, SCRATCH_SIZE,
    WAKEUP_BYTES,
};

/// `bpf_ringbuf_output` flags and `bpf_ringbuf_query`'s unread-bytes query.
const BPF_RB_NO_WAKEUP: u64 = 1;
const BPF_RB_FORCE_WAKEUP: u64 = 2;
const BPF_RB_AVAIL_DATA: u64 = 0;
/// How many syscall records of a CPU between two looks at the ring's fill.
const WAKEUP_EVERY: u64 = 64;

/// Tasks to trace (key: tid). Filled by userspace (the command's main thread, `-p`'s threads);
/// with `-f` the sched_process_fork probe adds children, and the sched_process_exit probe removes
/// tasks that end. The value is the syscall the thread is in, used in summary-only mode only
/// (`crate::summary`).
#[map]
pub static TRACED: HashMap<u32, InSyscall> = HashMap::with_max_entries(MAX_TRACED, 0);

/// `TRACED`'s keys again, indexed by tid (non-zero: traced; bits 1-2: the personality of its last
/// call, see `crate::compat`), so that the syscall and scheduler
/// probes of the many tasks not traced return after one array load instead of hash lookups. One
/// entry per tid (the kernel keeps 8 bytes each), so that userspace and the probes never write the
/// same value. Userspace sizes it to the kernel's `pid_max`, capped (1 entry otherwise: tids beyond
/// it are looked up in `TRACED`); kept with `TRACED` by [`crate::filter::mark`].
#[map]
pub static TRACED_TIDS: Array<u8> = Array::with_max_entries(1, 0);

/// `-e trace=`: the syscall bitmap (see [`tracer_common::filter::SYSCALL_WORDS`]), checked before
/// anything else on entry.
#[map]
pub static SYSCALLS: Array<u64> =
    Array::with_max_entries(tracer_common::filter::SYSCALL_WORDS + tracer_common::filter::I386_WORDS, 0);

/// The filter settings at index 0 (`-f`, the production scopes, the tracer's tgid).
#[map]
pub static FILTER: Array<FilterConfig> = Array::with_max_entries(1, 0);

/// Tasks a production scope has traced (key: tid), so that each gets one COMM record when first
/// seen and one EXIT record when it ends. LRU: tasks that end unseen by the exit probe cannot fill
/// it.
#[map]
pub static SEEN: LruHashMap<u32, u8> = LruHashMap::with_max_entries(MAX_SEEN, 0);

/// Tasks a fatal signal is shown on (key: tid; value: the signal), from `signal_generate` when the
/// kernel's fatal-signal shortcut made the whole group exit with that signal: the sys_exit probe
/// lets that task's current call return, as a ptracer sees it (the group's other calls end with
/// `= ?`, as they do under strace). LRU: a task killed outside a syscall never takes its entry.
#[map]
pub static FATAL: LruHashMap<u32, u32> = LruHashMap::with_max_entries(MAX_FATAL, 0);

/// What the exit probe needs of a syscall's entry.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct InFlight {
    pub body: SysEnterBody,
    /// Arguments whose entry capture faulted, one bit each: the exit probe reads them again. A
    /// probe cannot fault pages in, so memory not yet touched (a string in a file mapping never
    /// read) faults at entry; by the exit the kernel has copied it, so it is resident.
    pub retry: u64,
    /// CLOCK_MONOTONIC nanoseconds at the entry.
    pub ts_ns: u64,
    /// 1 while the thread is in the call (the slot is kept, and reused, after its exit).
    pub live: u32,
    /// 1 while the entry record is held back (`crate::defer`): the exit sends the whole call;
    /// `defer::HELD` when it waits for its exit whatever happens (`--filter`).
    pub deferred: u32,
}

/// Make `value` thread `tid`'s in-flight entry: in place in the thread's slot once it has one (a
/// lookup, not an insertion and a deletion per call). False when the map is full.
#[inline(always)]
pub fn set_in_flight(tid: u32, value: InFlight) -> bool {
    if crate::expr::loaded() {
        crate::filter::note_entry_kept(tid);
    }
    if let Some(slot) = IN_FLIGHT.get_ptr_mut(tid) {
        // SAFETY: the thread's own slot; only its own probes (and its exec, exit) touch it.
        unsafe { *slot = value };
        return true;
    }
    IN_FLIGHT.insert(tid, value, 0).is_ok()
}

/// Take thread `tid`'s in-flight entry, if it is in a call.
#[inline(always)]
pub fn take_in_flight(tid: u32) -> Option<InFlight> {
    let slot = IN_FLIGHT.get_ptr_mut(tid)?;
    // SAFETY: as in `set_in_flight`.
    unsafe {
        if (*slot).live == 0 {
            return None;
        }
        (*slot).live = 0;
        Some(*slot)
    }
}

/// Entry number and arguments of the syscall each traced thread is in (key: tid), for the exit
/// probe. One slot per traced thread, updated in place; the sched_process_exit probe frees it.
#[map]
pub static IN_FLIGHT: HashMap<u32, InFlight> = HashMap::with_max_entries(MAX_IN_FLIGHT, 0);

/// The capture plan, indexed by call (`Personality::slot`: x86_64's, then i386's), filled by
/// userspace from `plan_with`.
#[map]
pub static PLANS: Array<SyscallPlan> = Array::with_max_entries(PLAN_ENTRIES, 0);

/// `Limits` (from `-s`) at index 0.
#[map]
pub static LIMITS: Array<Limits> = Array::with_max_entries(1, 0);

/// Kernel struct offsets userspace found in the kernel's BTF (0: unknown), indexed by
/// `tracer_common::filter::layout`.
#[map]
pub static TASK_LAYOUT: Array<u64> = Array::with_max_entries(layout::ENTRIES, 0);

/// The offset at `index` of `TASK_LAYOUT` (0: unknown).
#[inline(always)]
pub fn layout(index: u32) -> u64 {
    TASK_LAYOUT.get(index).copied().unwrap_or(0)
}

#[map]
pub static SCRATCH: PerCpuArray<Scratch> = PerCpuArray::with_max_entries(1, 0);

#[map]
pub static EVENTS: RingBuf = RingBuf::with_byte_size(EVENTS_BYTES, 0);

/// Records that did not fit in the ring buffer, per CPU (a whole call's SYS_CALL record counts
/// as its entry and exit: two).
#[map]
pub static LOST: PerCpuArray<u64> = PerCpuArray::with_max_entries(1, 0);

/// State of a `bpf_loop` walk (argv, envp, dirents). Kept in the map value, not on the stack, so
/// the verifier sees unknown scalars and checks each step once.
#[repr(C)]
pub struct Walk {
    /// User address of the array or buffer walked.
    pub base: u64,
    /// Bytes to walk (dirents), elements kept (argv).
    pub end: u64,
    /// Bytes used so far (argv) or offset of the next record (dirents).
    pub pos: u64,
    pub count: u64,
    /// Elements, and bytes per element, kept (argv).
    pub limit: u64,
    /// Capture flags gathered, plus [`crate::walk::FAULT`].
    pub flags: u64,
    /// Offset in `buf` of the capture being filled.
    pub start: u64,
}

/// State of the walk over an iovec array's elements (IOVEC_*, a msghdr's iovecs), a `bpf_loop`
/// whose steps read the array from the capture already in `buf`.
#[repr(C)]
pub struct IovWalk {
    /// Offset in `buf` of the copied `struct iovec`s.
    pub data: u64,
    /// Elements copied.
    pub n: u64,
    /// Bytes of the return value not yet given to an element (when `limited`).
    pub left: u64,
    /// 1 when the contents are limited to the return value (IOVEC_OUT, MSGHDR_OUT).
    pub limited: u64,
    /// Bytes left of `IOVEC_CONTENTS_MAX_BYTES`.
    pub budget: u64,
    /// The argument index.
    pub arg: u32,
    /// Bytes of one `struct iovec`: `IOVEC_SIZE`, or `IOVEC32_SIZE` for an i386 call's.
    pub size: u32,
    /// `Limits::strlen`.
    pub strlen: u64,
}

/// The per-CPU scratch value. The syscall probes cannot nest on one CPU, so one is enough.
#[repr(C)]
pub struct Scratch {
    /// Bytes of `buf` used by the record so far.
    pub len: u64,
    /// The return value (exit probe).
    pub ret: i64,
    /// The syscall's entry arguments.
    pub args: [u64; 6],
    /// The syscall whose capture plan (`PLANS`) the captures follow: the entry's number.
    pub nr: u64,
    /// Arguments whose exit captures are to be taken, one bit each.
    pub exit_args: u64,
    /// `crate::tails::send` flags of the record being sent.
    pub send_flags: u64,
    pub limits: Limits,
    pub walk: Walk,
    /// Arguments whose capture ended in READ_FAULT, one bit each.
    pub faulted: u64,
    /// Flags added to every capture made (RETRIED while entry captures are read again at exit).
    pub cap_flags: u64,
    pub iov: IovWalk,
    /// Arguments whose entry captures are to be taken, one bit each (all at entry; the faulted
    /// ones when they are read again at exit).
    pub entry_args: u64,
    /// The user stack pointer at syscall entry (SIGFRAME_MASK).
    pub sp: u64,
    /// Syscall records this CPU has sent (the wakeup check's counter).
    pub sent: u64,
    pub buf: [u8; BUF_SIZE],
}

const _: () = assert!(core::mem::size_of::<Scratch>() == SCRATCH_SIZE);

/// Store `value` in scratch field `field` as a store of its own. The compiler merges plain stores
/// of zero to neighbouring fields into a `memset` call, a byte loop the verifier walks through
/// byte by byte, at every call site.
///
/// # Safety
/// `field` must point into the scratch value.
#[inline(always)]
pub unsafe fn set(field: *mut u64, value: u64) {
    // SAFETY: see the function's contract.
    unsafe { field.write_volatile(value) }
}

#[inline(always)]
pub fn scratch() -> Option<*mut Scratch> {
    SCRATCH.get_ptr_mut(0)
}

/// Start a record of `kind` in the scratch buffer: its header, then `body` right after it.
///
/// # Safety
/// `s` must come from [`scratch`].
#[inline(always)]
pub unsafe fn begin<B>(s: *mut Scratch, kind: u32, pid: u32, tid: u32, body: B) {
    // SAFETY: the caller's contract.
    unsafe { begin_at(s, kind, pid, tid, bpf_ktime_get_ns(), body) }
}

/// [`begin`] with the time the record is stamped with.
///
/// # Safety
/// `s` must come from [`scratch`].
#[inline(always)]
pub unsafe fn begin_at<B>(s: *mut Scratch, kind: u32, pid: u32, tid: u32, ts_ns: u64, body: B) {
    let header = RecordHeader { kind, len: 0, pid, tid, ts_ns };
    // SAFETY: the buffer is 8-aligned in the map value and far larger than a header and a body.
    unsafe {
        let buf = (&raw mut (*s).buf).cast::<u8>();
        buf.cast::<RecordHeader>().write(header);
        buf.add(HEADER_SIZE).cast::<B>().write(body);
        (*s).len = (HEADER_SIZE + core::mem::size_of::<B>()) as u64;
    }
}

/// The time the record begun in the scratch value is stamped with.
///
/// # Safety
/// `s` must come from [`scratch`], holding a record begun with [`begin`] or [`begin_at`].
#[inline(always)]
pub unsafe fn stamp(s: *mut Scratch) -> u64 {
    // SAFETY: the header is at the front of the 8-aligned buffer.
    unsafe { (*(&raw const (*s).buf).cast::<RecordHeader>()).ts_ns }
}

/// Count a record that did not fit in the ring buffer (or that will never be sent).
#[inline(always)]
pub fn count_lost() {
    count_lost_n(1);
}

/// Count a whole call's records (entry and exit) that will never be sent.
#[inline(always)]
pub fn count_lost_call() {
    count_lost_n(2);
}

/// Count `n` records lost: a SYS_CALL record counts as the two (entry and exit) it stands for, so
/// that the count is in the records userspace would have had.
#[inline(always)]
fn count_lost_n(n: u64) {
    if let Some(lost) = LOST.get_ptr_mut(0) {
        // SAFETY: this CPU's counter.
        unsafe { *lost += n };
    }
}

/// Copy a fixed-size record (header and body, built on the stack) to the ring buffer, or count it
/// lost.
#[inline(always)]
pub fn output<T: 'static>(record: &T) {
    // Rare, and the reader may be waiting for them (a task's end): always a wakeup.
    if EVENTS.output::<T>(record, BPF_RB_FORCE_WAKEUP).is_err() {
        count_lost();
    }
}

/// A header for a fixed-size record of type `T` (its length is `T`'s size, a multiple of 8).
#[inline(always)]
pub fn header<T>(kind: u32, pid: u32, tid: u32) -> RecordHeader {
    // SAFETY: a helper without arguments.
    let ts_ns = unsafe { bpf_ktime_get_ns() };
    RecordHeader { kind, len: core::mem::size_of::<T>() as u32, pid, tid, ts_ns }
}

/// Fill in the record's length and copy it to the ring buffer; count it in `LOST` if it does not
/// fit.
///
/// # Safety
/// `s` must come from [`scratch`] and hold a record started with [`begin`].
#[inline(always)]
pub unsafe fn submit(s: *mut Scratch) {
    // SAFETY: see the function's contract; `len` is bounded before it is used.
    unsafe {
        let len = (*s).len as usize;
        if len > BUF_SIZE {
            return;
        }
        (*(&raw mut (*s).buf).cast::<u8>().cast::<RecordHeader>()).len = len as u32;
        // Syscall records wake the reader only now and then (it polls on a timer too): a wakeup
        // per record costs the traced task more than the record itself. Every
        // `WAKEUP_EVERY`th record of a CPU asks whether a batch is waiting.
        (*s).sent = (*s).sent.wrapping_add(1);
        let flags = if (*s).sent % WAKEUP_EVERY == 0 && EVENTS.query(BPF_RB_AVAIL_DATA) >= WAKEUP_BYTES {
            BPF_RB_FORCE_WAKEUP
        } else {
            BPF_RB_NO_WAKEUP
        };
        if EVENTS.output::<[u8]>(&(&(*s).buf)[..len], flags).is_err() {
            let header = (&raw const (*s).buf).cast::<RecordHeader>();
            count_lost_n(if (*header).kind == tracer_common::record::kind::SYS_CALL { 2 } else { 1 });
        }
    }
}

/// Argument `arg`'s plan of syscall `nr` (mode NONE when it has none).
#[inline(always)]
pub fn arg_plan(nr: u64, arg: usize) -> ArgPlan {
    let Some(slot) = Personality::slot(nr) else { return ArgPlan::default() };
    if arg >= 6 {
        return ArgPlan::default();
    }
    PLANS.get(slot).map_or(ArgPlan::default(), |plan| plan.args[arg])
}

/// The arguments of syscall `nr` whose capture mode is in `modes` (one bit per mode), one bit
/// each. Shifts and masks, not compares: each compare would be a branch, and the verifier checks
/// what follows once per branch taken.
#[inline(always)]
pub fn args_in(nr: u64, modes: u64) -> u64 {
    let Some(slot) = Personality::slot(nr) else { return 0 };
    let Some(plan) = PLANS.get(slot) else { return 0 };
    let mut args = 0;
    for (i, arg) in plan.args.iter().enumerate() {
        args |= ((modes >> (arg.mode & 63)) & 1) << i;
    }
    args
}

/// The capture modes for which `wanted` holds, one bit each (`exit`: [`ArgPlan::is_exit`], else
/// [`ArgPlan::is_entry`]), for [`args_in`].
pub const fn mode_bits(exit: bool) -> u64 {
    let mut bits = 0;
    let mut mode: u8 = 0;
    loop {
        let plan = ArgPlan { mode, len_arg: 0, size: 0 };
        let wanted = if exit { plan.is_exit() } else { plan.is_entry() };
        if mode < 64 {
            if wanted {
                bits |= 1 << mode;
            }
        } else {
            // `args_in` keeps a mode's low 6 bits.
            assert!(!wanted);
        }
        if mode == u8::MAX {
            return bits;
        }
        mode += 1;
    }
}

#[inline(always)]
pub fn limits() -> Limits {
    LIMITS.get(0).copied().unwrap_or_default()
}
