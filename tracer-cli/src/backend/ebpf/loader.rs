//! Loading tracer-ebpf's object, filling its plan and limit maps, attaching its programs.

use aya::maps::{Array, HashMap, MapData, PerCpuArray, PerCpuValues, ProgramArray, RingBuf};
use aya::programs::RawTracePoint;
use aya::{Ebpf, EbpfLoader};
use tracer_common::capture::{mode, plan_for, plan_with, Limits, SyscallPlan};
use tracer_common::expr::KernelExpr;
use tracer_common::filter::FilterConfig;
use tracer_common::personality::Personality;
use tracer_common::summary::{InSyscall, SyscallStats, TidSlot};
use tracer_common::syscall::nr;

use super::{btf, EbpfError};

/// The eBPF object built by build.rs (tracer-ebpf for bpfel-unknown-none).
static OBJECT: &[u8] = aya::include_bytes_aligned!(concat!(env!("OUT_DIR"), "/tracer-ebpf"));

/// Whether this build has the eBPF program (`--no-default-features` leaves it out).
pub fn built_in() -> bool {
    !OBJECT.is_empty()
}

/// Map and program names, as declared in tracer-ebpf.
mod names {
    pub const TRACED: &str = "TRACED";
    pub const FILTER: &str = "FILTER";
    pub const SYSCALLS: &str = "SYSCALLS";
    pub const PLANS: &str = "PLANS";
    pub const LIMITS: &str = "LIMITS";
    pub const TASK_LAYOUT: &str = "TASK_LAYOUT";
    pub const EVENTS: &str = "EVENTS";
    /// Each traced thread's call in progress (hash).
    pub const IN_FLIGHT: &str = "IN_FLIGHT";
    pub const LOST: &str = "LOST";
    pub const SUMMARY: &str = "SUMMARY";
    pub const SUMMARY_TIDS: &str = "SUMMARY_TIDS";
    pub const TRACED_TIDS: &str = "TRACED_TIDS";
    /// The tasks a production scope has seen (LRU hash).
    pub const SEEN: &str = "SEEN";
    /// Summary-only mode's entries of the tasks a production scope traces (LRU hash).
    pub const SCOPED_IN_SYSCALL: &str = "SCOPED_IN_SYSCALL";
    /// The read-only global that turns summary-only mode on.
    pub const SUMMARY_ONLY: &str = "SUMMARY_ONLY";
    /// The read-only global with `task_struct.pending.signal`'s offset.
    pub const TASK_PENDING_SIGNAL_OFFSET: &str = "TASK_PENDING_SIGNAL_OFFSET";
    /// The read-only global with `task_struct.thread_info.status`'s offset.
    pub const TASK_TI_STATUS_OFFSET: &str = "TASK_TI_STATUS_OFFSET";
    /// The read-only globals with `task_struct.real_parent`, `.tgid` and `.comm`'s offsets
    /// (`--filter`'s `ppid` and `parent.comm`).
    pub const TASK_PARENT_OFFSETS: [(&str, u32); 3] = [
        ("TASK_REAL_PARENT_OFFSET", tracer_common::filter::layout::TASK_REAL_PARENT),
        ("TASK_TGID_OFFSET", tracer_common::filter::layout::TASK_TGID),
        ("TASK_COMM_OFFSET", tracer_common::filter::layout::TASK_COMM),
    ];
    pub const DEFERRABLE: &str = "DEFERRABLE";
    /// The read-only global with the `tracer_common::record::defer` bits.
    pub const DEFER_MODE: &str = "DEFER_MODE";
    /// `--filter`'s kernel form (one-entry array).
    pub const EXPR: &str = "EXPR";
    /// The read-only global saying an expression is loaded, and which fields it reads.
    pub const EXPR_FIELDS: &str = "EXPR_FIELDS";
    /// The read-only global that turns `-k`'s stack slices on.
    pub const STACK_TRACES: &str = "STACK_TRACES";
    /// Sends the entry of a deferred call whose task blocks in it.
    pub const SCHED_SWITCH: &str = "sched_switch";
    pub const SYS_ENTER: &str = "sys_enter";
    pub const SYS_EXIT: &str = "sys_exit";
    /// The programs the syscall and sched_switch probes tail-call to send a record with its
    /// captures, by their index in `TAILS`; loaded, never attached.
    pub const TAILS: &str = "TAILS";
    pub const TAIL_PROGRAMS: [&str; 2] = ["tail_entry", "tail_exit"];
    /// The lifecycle programs: (program, tracepoint).
    pub const LIFECYCLE: [&str; 5] = [
        "sched_process_fork",
        "sched_process_exec",
        "sched_process_exit",
        "signal_deliver",
        "signal_generate",
    ];
}

/// The floor programs (`tracer bench`'s `floor` mode) attached to the syscall tracepoints, which
/// return at once. Dropping it detaches them.
pub struct Floor {
    _ebpf: Ebpf,
}

impl Floor {
    /// Load the object and attach only its `floor_enter` and `floor_exit` programs.
    pub fn attach() -> Result<Floor, EbpfError> {
        let mut ebpf = EbpfLoader::new().load(OBJECT).map_err(EbpfError::Load)?;
        for (name, tracepoint) in [("floor_enter", names::SYS_ENTER), ("floor_exit", names::SYS_EXIT)] {
            let program = raw_tracepoint(&mut ebpf, name)?;
            program.load().map_err(|source| EbpfError::Program { name, source })?;
            program.attach(tracepoint).map_err(|source| EbpfError::Program { name, source })?;
        }
        Ok(Floor { _ebpf: ebpf })
    }
}

/// The object's raw tracepoint program `name`.
fn raw_tracepoint<'e>(ebpf: &'e mut Ebpf, name: &'static str) -> Result<&'e mut RawTracePoint, EbpfError> {
    ebpf.program_mut(name)
        .ok_or(EbpfError::MissingProgram { name })?
        .try_into()
        .map_err(|source| EbpfError::Program { name, source })
}

/// The loaded, attached programs and their maps. Dropping it detaches everything.
pub struct Probes {
    ebpf: Ebpf,
    /// Summary-only mode: the tids traced are marked in `SUMMARY_TIDS` too.
    summary_only: bool,
    /// `TAILS`, held for as long as the probes that tail-call through it.
    tails: Option<ProgramArray<MapData>>,
}

/// Kernel struct offsets, indexed by `tracer_common::filter::layout`.
type Layout = [u32; tracer_common::filter::layout::ENTRIES as usize];

/// The kernel struct offsets the program needs, from the kernel's BTF (`None` without it).
fn task_layout() -> Option<Layout> {
    btf::Blob::open(btf::VMLINUX).ok().and_then(|blob| btf::task_layout(blob.bytes()))
}

/// [`task_layout`] and a new loader, side by side on two threads: `EbpfLoader::new` reads and
/// parses the whole kernel BTF too (for CO-RE relocations, which the program has none of), about
/// 20 ms here, where [`task_layout`] takes a few (aya 0.14 has no way to skip it).
fn layout_and_loader<'a>() -> (Option<Layout>, EbpfLoader<'a>) {
    std::thread::scope(|scope| {
        let layout = scope.spawn(task_layout);
        let loader = EbpfLoader::new();
        (layout.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)), loader)
    })
}

/// Where program `name` goes in the load queue, popped from the end: the costliest to verify
/// (the tail-called senders, whose capture code is most of the object) are popped first.
fn verify_cost_rank(name: &str) -> u8 {
    match name {
        "tail_entry" => 6,
        "tail_exit" => 5,
        names::SYS_EXIT => 4,
        names::SYS_ENTER => 3,
        "sched_process_fork" => 2,
        "signal_generate" | "signal_deliver" | names::SCHED_SWITCH => 1,
        _ => 0,
    }
}

/// Load the programs `next` hands out until there are none left; the first error, after trying
/// them all.
fn load_queued<'p>(
    next: &dyn Fn() -> Option<(&'static str, &'p mut RawTracePoint)>,
) -> Result<(), EbpfError> {
    let mut result = Ok(());
    while let Some((name, program)) = next() {
        let began = std::time::Instant::now();
        let loaded = program.load();
        crate::debug_line!("eBPF program {name} verified in {:.1} ms", began.elapsed().as_secs_f64() * 1e3);
        if let Err(aya::programs::ProgramError::LoadError { verifier_log, .. }) = &loaded {
            // The verifier's reasons, its last lines (the log of a rejected program is long).
            let log = verifier_log.to_string();
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            crate::debug_line!("eBPF program {name} rejected; the verifier's last words:");
            tail.iter().rev().for_each(|line| crate::debug_line!("  {line}"));
        }
        let loaded = loaded.map_err(|source| EbpfError::Program { name, source });
        result = result.and(loaded);
    }
    result
}

/// Entries of `SUMMARY_TIDS` at most (the kernel's PID_MAX_LIMIT on 64-bit: 64 MiB of 16-byte
/// entries); tids beyond it use `TRACED`'s values.
const SUMMARY_TIDS_MAX: u32 = 1 << 22;

/// Test hook: the ring buffer's size in bytes instead of the program's 16 MiB (a power of two, at
/// least a page), so that a test can make it overrun at will.
const RING_BYTES_VAR: &str = "TRACER_RING_BYTES";

/// Test hook: `IN_FLIGHT`'s entries instead of the program's (at least 1), so that a test can fill
/// it at will (a call that finds it full must be counted as lost).
const IN_FLIGHT_ENTRIES_VAR: &str = "TRACER_IN_FLIGHT_ENTRIES";

/// [`IN_FLIGHT_ENTRIES_VAR`]'s value, when it is a size.
fn in_flight_entries_override() -> Option<u32> {
    std::env::var(IN_FLIGHT_ENTRIES_VAR).ok()?.trim().parse().ok().filter(|&n: &u32| n >= 1)
}

/// [`RING_BYTES_VAR`]'s value, when it is a size the kernel takes.
fn ring_bytes_override() -> Option<u32> {
    let bytes: u32 = std::env::var(RING_BYTES_VAR).ok()?.trim().parse().ok()?;
    (bytes.is_power_of_two() && bytes >= 4096).then_some(bytes)
}

/// Entries of `TRACED_TIDS` at most (8 bytes each: 8 MiB); tids beyond it are looked up in
/// `TRACED` by every probe, as before the array.
const TRACED_TIDS_MAX: u32 = 1 << 20;

/// Entries of the maps only a production scope fills, when there is none: at full size they are
/// preallocated LRU hashes of `MAX_SEEN` entries, milliseconds of start-up each for nothing.
const UNUSED_MAP_ENTRIES: u32 = 64;

/// The kernel's `pid_max` (every tid is below it), at most `cap`.
fn pid_max_entries(cap: u32) -> u32 {
    std::fs::read_to_string("/proc/sys/kernel/pid_max")
        .ok()
        .and_then(|text| text.trim().parse::<u32>().ok())
        .unwrap_or(cap)
        .clamp(1, cap)
}

impl Probes {
    /// Load the object, fill the capture plan, `limits` and `filter`, attach the syscall
    /// tracepoints and the lifecycle ones (which keep the traced set, so they come first).
    ///
    /// `syscalls` is the `-e trace=` bitmap ([`tracer_common::filter::SYSCALL_WORDS`] words, then
    /// [`tracer_common::filter::I386_WORDS`] of i386's).
    /// With `summary_only` (`-c`) the syscall probes count in the `SUMMARY` map and send no
    /// syscall records ([`Probes::take_summary`]); a load-time constant, so the verifier drops the
    /// other mode's code. So is whether `filter_expr` (`--filter`'s kernel form) is set: without
    /// one, no probe evaluates anything. And whether `stack_traces` (`-k`) is on.
    pub fn load(
        limits: &Limits,
        filter: &FilterConfig,
        syscalls: &[u64],
        summary_only: bool,
        defer_mode: u32,
        filter_expr: Option<&KernelExpr>,
        stack_traces: bool,
    ) -> Result<Probes, EbpfError> {
        let summary_flag = u8::from(summary_only);
        let defer_mode = if summary_only { 0 } else { defer_mode };
        let began = std::time::Instant::now();
        let since = |began: std::time::Instant| began.elapsed().as_secs_f64() * 1e3;
        let (layout, mut loader) = layout_and_loader();
        crate::debug_line!(
            "kernel BTF read (task offsets {}, aya's loader) in {:.1} ms",
            if layout.is_some() { "found" } else { "missing" },
            since(began)
        );
        let pending_signal_offset = layout.map_or(0, |offsets| {
            u64::from(offsets[tracer_common::filter::layout::TASK_PENDING_SIGNAL as usize])
        });
        loader.override_global(names::SUMMARY_ONLY, &summary_flag, true);
        loader.override_global(names::TASK_PENDING_SIGNAL_OFFSET, &pending_signal_offset, true);
        // Where the entry probe sees that a call is i386's (TS_COMPAT).
        let ti_status_offset = layout
            .map_or(0, |offsets| u64::from(offsets[tracer_common::filter::layout::TASK_TI_STATUS as usize]));
        loader.override_global(names::TASK_TI_STATUS_OFFSET, &ti_status_offset, true);
        let parent_offsets = names::TASK_PARENT_OFFSETS
            .map(|(name, index)| (name, layout.map_or(0, |offsets| u64::from(offsets[index as usize]))));
        for (name, offset) in &parent_offsets {
            loader.override_global(name, offset, true);
        }
        loader.override_global(names::DEFER_MODE, &defer_mode, true);
        let expr_fields = filter_expr.map_or(0, |expr| expr.fields() | tracer_common::expr::LOADED);
        loader.override_global(names::EXPR_FIELDS, &expr_fields, true);
        // `-k`: the syscall probes send the user stack after each call's record.
        let stack_flag = u8::from(stack_traces && !summary_only);
        loader.override_global(names::STACK_TRACES, &stack_flag, true);
        if summary_only {
            loader.map_max_entries(names::SUMMARY_TIDS, pid_max_entries(SUMMARY_TIDS_MAX));
        }
        loader.map_max_entries(names::TRACED_TIDS, pid_max_entries(TRACED_TIDS_MAX));
        if let Some(bytes) = ring_bytes_override() {
            loader.map_max_entries(names::EVENTS, bytes);
        }
        if let Some(entries) = in_flight_entries_override() {
            loader.map_max_entries(names::IN_FLIGHT, entries);
        }
        let scoped = filter.flags & tracer_common::filter::flags::SCOPE != 0;
        if !scoped {
            loader.map_max_entries(names::SEEN, UNUSED_MAP_ENTRIES);
        }
        if !(scoped && summary_only) {
            loader.map_max_entries(names::SCOPED_IN_SYSCALL, UNUSED_MAP_ENTRIES);
        }
        let step = std::time::Instant::now();
        let ebpf = loader.load(OBJECT).map_err(EbpfError::Load)?;
        crate::debug_line!("eBPF object parsed and its maps created in {:.1} ms", since(step));
        let step = std::time::Instant::now();
        let mut probes = Probes { ebpf, summary_only, tails: None };
        probes.fill_plans(limits)?;
        probes.set_limits(limits)?;
        probes.set_task_layout(layout)?;
        probes.set_filter(filter)?;
        probes.set_syscalls(syscalls)?;
        probes.set_deferrable()?;
        if let Some(expr) = filter_expr {
            probes.set_expr(expr)?;
        }
        let flush_on_switch = defer_mode & tracer_common::record::defer::ON != 0
            && defer_mode & tracer_common::record::defer::STATUS == 0;
        // The lifecycle programs keep the traced set, so they are attached first.
        let mut wanted = names::LIFECYCLE.to_vec();
        if flush_on_switch {
            wanted.push(names::SCHED_SWITCH);
        }
        wanted.extend([names::SYS_ENTER, names::SYS_EXIT]);
        crate::debug_line!("capture plan, limits and filters written in {:.1} ms", since(step));
        let step = std::time::Instant::now();
        // Summary-only mode sends no syscall record: its probes never tail-call.
        let tails: &[&'static str] = if summary_only { &[] } else { &names::TAIL_PROGRAMS };
        let loaded: Vec<&'static str> = wanted.iter().chain(tails).copied().collect();
        probes.load_programs(&loaded)?;
        probes.set_tails(tails)?;
        crate::debug_line!("{} programs verified in {:.1} ms", loaded.len(), since(step));
        let step = std::time::Instant::now();
        for name in wanted {
            probes.attach(name)?;
        }
        crate::debug_line!("attached in {:.1} ms; eBPF start-up {:.1} ms", since(step), since(began));
        Ok(probes)
    }

    /// Load (have the kernel verify) the programs `names`, on as many threads as there are CPUs:
    /// verifying is most of tracer's start-up, and the kernel verifies programs in parallel.
    /// The costliest go first, so that the last one to finish is a cheap one.
    fn load_programs(&mut self, names: &[&'static str]) -> Result<(), EbpfError> {
        let mut queue = Vec::with_capacity(names.len());
        for (name, program) in self.ebpf.programs_mut() {
            let Some(&name) = names.iter().find(|&&wanted| wanted == name) else { continue };
            let program: &mut RawTracePoint =
                program.try_into().map_err(|source| EbpfError::Program { name, source })?;
            queue.push((name, program));
        }
        if let Some(&name) = names.iter().find(|&&name| !queue.iter().any(|(queued, _)| *queued == name)) {
            return Err(EbpfError::MissingProgram { name });
        }
        queue.sort_by_key(|&(name, _)| verify_cost_rank(name));
        let workers = std::thread::available_parallelism().map_or(1, usize::from).min(queue.len());
        let queue = std::sync::Mutex::new(queue);
        let next = || queue.lock().ok().and_then(|mut queue| queue.pop());
        std::thread::scope(|scope| {
            let threads: Vec<_> = (1..workers).map(|_| scope.spawn(|| load_queued(&next))).collect();
            let mut result = load_queued(&next);
            for thread in threads {
                let loaded = thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                result = result.and(loaded);
            }
            result
        })
    }

    /// Put the loaded programs `tails` in `TAILS`, each at its index.
    fn set_tails(&mut self, tails: &[&'static str]) -> Result<(), EbpfError> {
        let name = names::TAILS;
        let map_err = |source| EbpfError::Map { name, source };
        // Held by `Probes`: the kernel clears a program array when its last user reference goes.
        let mut map = ProgramArray::try_from(self.ebpf.take_map(name).ok_or(EbpfError::MissingMap { name })?)
            .map_err(map_err)?;
        for (index, &program_name) in (0u32..).zip(tails) {
            let program = raw_tracepoint(&mut self.ebpf, program_name)?;
            let fd = program.fd().map_err(|source| EbpfError::Program { name: program_name, source })?;
            map.set(index, fd, 0).map_err(map_err)?;
        }
        self.tails = Some(map);
        Ok(())
    }

    fn set_filter(&mut self, filter: &FilterConfig) -> Result<(), EbpfError> {
        let name = names::FILTER;
        let map_err = |source| EbpfError::Map { name, source };
        let mut map: Array<_, FilterConfig> = Array::try_from(self.map_mut(name)?).map_err(map_err)?;
        map.set(0, filter, 0).map_err(map_err)
    }

    fn set_syscalls(&mut self, words: &[u64]) -> Result<(), EbpfError> {
        let name = names::SYSCALLS;
        let map_err = |source| EbpfError::Map { name, source };
        let mut map: Array<_, u64> = Array::try_from(self.map_mut(name)?).map_err(map_err)?;
        let entries = tracer_common::filter::SYSCALL_WORDS + tracer_common::filter::I386_WORDS;
        for (index, &word) in (0..entries).zip(words) {
            map.set(index, word, 0).map_err(map_err)?;
        }
        Ok(())
    }

    /// The `DEFERRABLE` bitmap ([`deferrable`]).
    fn set_expr(&mut self, expr: &KernelExpr) -> Result<(), EbpfError> {
        let name = names::EXPR;
        let map_err = |source| EbpfError::Map { name, source };
        let mut map: Array<_, KernelExpr> = Array::try_from(self.map_mut(name)?).map_err(map_err)?;
        map.set(0, expr, 0).map_err(map_err)
    }

    fn set_deferrable(&mut self) -> Result<(), EbpfError> {
        let name = names::DEFERRABLE;
        let map_err = |source| EbpfError::Map { name, source };
        let mut map: Array<_, u64> = Array::try_from(self.map_mut(name)?).map_err(map_err)?;
        for (index, word) in (0..tracer_common::filter::SYSCALL_WORDS).zip(deferrable_words()) {
            map.set(index, word, 0).map_err(map_err)?;
        }
        Ok(())
    }

    fn map_mut(&mut self, name: &'static str) -> Result<&mut aya::maps::Map, EbpfError> {
        self.ebpf.map_mut(name).ok_or(EbpfError::MissingMap { name })
    }

    fn take_map(&mut self, name: &'static str) -> Result<aya::maps::Map, EbpfError> {
        self.ebpf.take_map(name).ok_or(EbpfError::MissingMap { name })
    }

    fn fill_plans(&mut self, limits: &Limits) -> Result<(), EbpfError> {
        let name = names::PLANS;
        let map_err = |source| EbpfError::Map { name, source };
        let mut plans: Array<_, SyscallPlan> = Array::try_from(self.map_mut(name)?).map_err(map_err)?;
        // Indexed by slot: x86_64's calls, then i386's (x32's plans are empty).
        for slot in 0..plans.len() {
            let plan = plan_with(Personality::of_slot(slot), limits);
            if plan != SyscallPlan::default() {
                plans.set(slot, plan, 0).map_err(map_err)?;
            }
        }
        Ok(())
    }

    fn set_limits(&mut self, limits: &Limits) -> Result<(), EbpfError> {
        let name = names::LIMITS;
        let map_err = |source| EbpfError::Map { name, source };
        let mut map: Array<_, Limits> = Array::try_from(self.map_mut(name)?).map_err(map_err)?;
        map.set(0, limits, 0).map_err(map_err)
    }

    /// Tell the program the kernel struct offsets it needs, when the kernel's BTF says. Without
    /// them it still traces syscalls; syscalls interrupted by SIGKILL then show their return
    /// value, `-f` children are not followed and exit statuses read 0.
    fn set_task_layout(&mut self, layout: Option<Layout>) -> Result<(), EbpfError> {
        let Some(offsets) = layout else {
            return Ok(());
        };
        let name = names::TASK_LAYOUT;
        let map_err = |source| EbpfError::Map { name, source };
        let mut map: Array<_, u64> = Array::try_from(self.map_mut(name)?).map_err(map_err)?;
        for (index, offset) in (0u32..).zip(offsets) {
            if offset != 0 {
                map.set(index, u64::from(offset), 0).map_err(map_err)?;
            }
        }
        Ok(())
    }

    /// Attach the loaded program `name` to the tracepoint of the same name.
    fn attach(&mut self, name: &'static str) -> Result<(), EbpfError> {
        let program = raw_tracepoint(&mut self.ebpf, name)?;
        program.attach(name).map_err(|source| EbpfError::Program { name, source })?;
        Ok(())
    }

    /// Trace the task `tid` (one thread) from its next syscall on.
    pub fn trace_tid(&mut self, tid: u32) -> Result<(), EbpfError> {
        let name = names::TRACED;
        let map_err = |source| EbpfError::Map { name, source };
        let mut tids: HashMap<_, u32, InSyscall> = HashMap::try_from(self.map_mut(name)?).map_err(map_err)?;
        tids.insert(tid, InSyscall::NONE, 0).map_err(map_err)?;
        let name = names::TRACED_TIDS;
        let map_err = |source| EbpfError::Map { name, source };
        let mut marks: Array<_, u8> = Array::try_from(self.map_mut(name)?).map_err(map_err)?;
        if tid < marks.len() {
            marks.set(tid, 1, 0).map_err(map_err)?;
        }
        if self.summary_only {
            let name = names::SUMMARY_TIDS;
            let map_err = |source| EbpfError::Map { name, source };
            let mut slots: Array<_, TidSlot> = Array::try_from(self.map_mut(name)?).map_err(map_err)?;
            if tid < slots.len() {
                slots.set(tid, TidSlot::TRACED, 0).map_err(map_err)?;
            }
        }
        Ok(())
    }

    /// The ring buffer the programs write records to.
    pub fn take_ring(&mut self) -> Result<RingBuf<MapData>, EbpfError> {
        let name = names::EVENTS;
        RingBuf::try_from(self.take_map(name)?).map_err(|source| EbpfError::Map { name, source })
    }

    /// The per-CPU count of records that did not fit in the ring buffer.
    pub fn take_lost(&mut self) -> Result<LostCounter, EbpfError> {
        let name = names::LOST;
        let map =
            PerCpuArray::try_from(self.take_map(name)?).map_err(|source| EbpfError::Map { name, source })?;
        Ok(LostCounter { map })
    }

    /// The per-CPU per-syscall counters of summary-only mode.
    pub fn take_summary(&mut self) -> Result<KernelCounters, EbpfError> {
        let name = names::SUMMARY;
        let map =
            PerCpuArray::try_from(self.take_map(name)?).map_err(|source| EbpfError::Map { name, source })?;
        Ok(KernelCounters { map })
    }
}

/// Calls whose entry never waits for the exit: those that create a task (the child's FORK record
/// comes inside the call), replace the image (execve: the entry's memory is gone at exit, the
/// call returns on another tid after a thread's exec), never return, or read the stack
/// (rt_sigreturn).
const NEVER_DEFERRED: [u64; 9] = [
    nr::CLONE,
    nr::FORK,
    nr::VFORK,
    nr::CLONE3,
    nr::EXECVE,
    nr::EXECVEAT,
    nr::EXIT,
    nr::EXIT_GROUP,
    nr::RT_SIGRETURN,
];

/// Whether call `nr`'s entry may wait in the kernel for its exit: its entry captures then read, at
/// exit, the same bytes they would have at entry, so none of its arguments may be value-result
/// (the call writes the memory its entry capture reads).
pub fn deferrable(nr: u64) -> bool {
    if NEVER_DEFERRED.contains(&nr) {
        return false;
    }
    let plan = plan_for(nr);
    !plan.args.iter().any(|arg| {
        matches!(
            arg.mode,
            mode::STRUCT_INOUT
                | mode::IOCTL_INOUT
                | mode::ARRAY_INOUT
                | mode::MSGHDR_OUT
                | mode::SIGFRAME_MASK
                | mode::ARGV_IN
                | mode::PTR_COUNT_IN
                | mode::ARGV32_IN
                | mode::PTR_COUNT32_IN
                | mode::PEEK_INOUT
                | mode::PEEK_FPROG_INOUT
        )
    })
}

/// [`deferrable`] as a bitmap of [`tracer_common::filter::SYSCALL_WORDS`] words.
fn deferrable_words() -> Vec<u64> {
    let mut words = vec![0u64; tracer_common::filter::SYSCALL_WORDS as usize];
    for (i, word) in words.iter_mut().enumerate() {
        for bit in 0..64 {
            if deferrable(i as u64 * 64 + bit) {
                *word |= 1 << bit;
            }
        }
    }
    words
}

/// The summary-only mode's counters (`SUMMARY`: per CPU, indexed by syscall number).
pub struct KernelCounters {
    map: PerCpuArray<MapData, SyscallStats>,
}

impl KernelCounters {
    /// The counters of syscall `nr`, one per possible CPU.
    pub fn per_cpu(&self, nr: u32) -> Result<PerCpuValues<SyscallStats>, EbpfError> {
        let name = names::SUMMARY;
        self.map.get(&nr, 0).map_err(|source| EbpfError::Map { name, source })
    }
}

/// The kernel's count of records lost, summed over CPUs.
pub struct LostCounter {
    map: PerCpuArray<MapData, u64>,
}

impl LostCounter {
    pub fn total(&self) -> Result<u64, EbpfError> {
        let name = names::LOST;
        let values = self.map.get(&0, 0).map_err(|source| EbpfError::Map { name, source })?;
        Ok(values.iter().copied().fold(0u64, u64::wrapping_add))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_calls_whose_entry_memory_survives_them_are_deferred() {
        for nr in [nr::READ, nr::WRITE, nr::GETPID, nr::OPENAT, nr::FSTAT] {
            assert!(deferrable(nr), "{nr}");
        }
        // poll's pollfds are ARRAY_INOUT, recvmsg's msghdr MSGHDR_OUT.
        for nr in [nr::CLONE, nr::EXECVE, nr::EXIT_GROUP, nr::RT_SIGRETURN, nr::POLL, nr::RECVMSG] {
            assert!(!deferrable(nr), "{nr}");
        }
        // All three in the first word.
        let words = deferrable_words();
        for (nr, deferred) in [(nr::READ, true), (nr::WRITE, true), (nr::POLL, false)] {
            assert_eq!(words[0] & (1 << nr) != 0, deferred, "{nr}");
        }
    }
}
