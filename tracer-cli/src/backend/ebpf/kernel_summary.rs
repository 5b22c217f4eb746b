//! Summary-only mode (`-c`): the eBPF program counts calls, errors and latencies per syscall in a
//! per-CPU map and sends no syscall record; here that map is read, its CPUs summed, and the totals
//! handed to the sink ([`EventSink::kernel_summary`]) at every `--interval` tick and once at the end.
//!
//! Test hook (hidden, for `tests/tests/ebpf_summary.rs`; not for users):
//! `TRACER_DUMP_KERNEL_SUMMARY=1`: every delivery of the totals is also written to stderr, a
//! `kernel-summary` line then one `NR CALLS ERRORS` line per syscall called (NR: its slot, an x86_64
//! call's number, i386's from 512, x32's from 1024); and at the end one
//! `ring-records total=N syscall=M` line: the records read from the ring buffer, and how many of
//! them were syscall records (none, in this mode). Outside summary-only mode only that last line
//! is written (a SYS_CALL record, a whole call, counts once).

use std::io::Write as _;
use std::time::Duration;

use tracer_common::personality::SLOTS;
use tracer_common::summary::SyscallStats;

use super::loader::KernelCounters;
use super::EbpfError;
use crate::backend::EventSink;

/// Test hook: the totals and ring record counts on stderr.
const DUMP_VAR: &str = "TRACER_DUMP_KERNEL_SUMMARY";

/// Entries of the totals: one per call of each personality, at its `Personality::slot` (x86_64's
/// at their numbers).
pub const TABLE_SIZE: usize = SLOTS as usize;

/// Whether, and how often, the kernel's counters are delivered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mode {
    /// Summary-only: the program counts and sends no syscall record.
    pub only: bool,
    /// Also deliver the totals this often.
    pub interval: Option<Duration>,
}

/// Records read from the ring buffer (for the test hook).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RingCounts {
    pub total: u64,
    /// SYS_ENTER and SYS_EXIT records.
    pub syscall: u64,
}

/// The counters, read and delivered.
pub struct KernelSummary {
    counters: KernelCounters,
    dump: bool,
}

impl KernelSummary {
    pub fn new(counters: KernelCounters) -> KernelSummary {
        KernelSummary { counters, dump: std::env::var_os(DUMP_VAR).is_some_and(|v| !v.is_empty()) }
    }

    /// Every call's counters, summed over CPUs, indexed by slot ([`TABLE_SIZE`] entries).
    pub fn totals(&self) -> Result<Vec<SyscallStats>, EbpfError> {
        let mut totals = vec![SyscallStats::ZERO; TABLE_SIZE];
        for (nr, total) in (0u32..).zip(totals.iter_mut()) {
            for cpu in self.counters.per_cpu(nr)?.iter() {
                total.merge(cpu);
            }
        }
        Ok(totals)
    }

    /// Read the counters and hand them to the sink (and the dump hook).
    pub fn deliver(&self, sink: &mut dyn EventSink) -> Result<(), EbpfError> {
        let totals = self.totals()?;
        if self.dump {
            dump(&totals);
        }
        sink.kernel_summary(&totals).map_err(EbpfError::Output)
    }

    /// The test hook's last line.
    pub fn dump_ring_counts(&self, counts: RingCounts) {
        if self.dump {
            eprintln!("ring-records total={} syscall={}", counts.total, counts.syscall);
        }
    }
}

/// The test hook's last line outside summary-only mode (when the hook is on).
pub fn dump_ring_counts_if_asked(counts: RingCounts) {
    if std::env::var_os(DUMP_VAR).is_some_and(|v| !v.is_empty()) {
        eprintln!("ring-records total={} syscall={}", counts.total, counts.syscall);
    }
}

/// The test hook's text: `kernel-summary`, then `NR CALLS ERRORS` per syscall called.
fn dump(totals: &[SyscallStats]) {
    let mut text = String::from("kernel-summary\n");
    for (nr, stats) in totals.iter().enumerate().filter(|(_, s)| s.calls != 0) {
        text.push_str(&format!("{nr} {} {}\n", stats.calls, stats.errors));
    }
    // One write, so that the block is not interleaved with other stderr lines.
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}
