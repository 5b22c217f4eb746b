//! The summary flags as clap reads them (flattened into `RawArgs`).

use clap::{ArgAction, Args};

#[derive(Args, Clone, Debug, Default, PartialEq, Eq)]
pub struct SummaryFlags {
    /// Count calls, errors and time for each syscall and print strace's summary table at the end
    /// instead of the trace. Unlike strace (system CPU time), tracer's time is each call's latency,
    /// entry to exit, with or without -w. Calls that never return (exit_group) are not counted.
    #[arg(short = 'c', long = "summary-only", action = ArgAction::Count, help_heading = "Statistics")]
    pub summary_only: u8,
    /// Like -c, but also print the trace.
    #[arg(short = 'C', long = "summary", action = ArgAction::Count, help_heading = "Statistics")]
    pub summary: u8,
    /// Summary time is wall-clock latency (entry to exit). tracer always counts latency, so this
    /// only states it (strace counts system CPU time without -w).
    #[arg(short = 'w', long = "summary-wall-clock", action = ArgAction::Count, help_heading = "Statistics")]
    pub summary_wall_clock: u8,
    /// Sort the summary by SORTBY: time (default; also time-percent, total-time), min-time
    /// (shortest), max-time (longest), avg-time, calls (count), errors, name (syscall), nothing.
    #[arg(
        short = 'S',
        long = "summary-sort-by",
        value_name = "SORTBY",
        action = ArgAction::Append,
        help_heading = "Statistics"
    )]
    pub summary_sort_by: Vec<String>,
    /// The summary's columns, in order: time-percent, total-time, avg-time, calls, errors, name,
    /// min-time, max-time (strace's) and tracer's own p50, p90, p99, max (latency percentiles from
    /// an HDR histogram, in seconds). With -c under the eBPF backend the counts are kept in the
    /// kernel, and min-time, p50, p90 and p99 come from log2 latency buckets (a bucket's edge).
    #[arg(
        short = 'U',
        long = "summary-columns",
        value_name = "COLUMNS",
        action = ArgAction::Append,
        help_heading = "Statistics"
    )]
    pub summary_columns: Vec<String>,
    /// After the summary, a log2 latency histogram (bpftrace's hist()) of each SYSCALL that was
    /// called (a syscall set: names, %classes, /regex, all).
    #[arg(long = "hist", value_name = "SYSCALL[,...]", action = ArgAction::Append, help_heading = "Statistics")]
    pub hist: Vec<String>,
    /// Also print a summary every SECS seconds (fractions allowed): each shows only the calls of
    /// its interval; the final summary at exit covers the whole run. Checked as events arrive (a
    /// quiet tracee prints no interval summaries); under eBPF -c at the kernel counters' ticks.
    #[arg(
        long = "interval",
        value_name = "SECS",
        action = ArgAction::Append,
        allow_hyphen_values = true,
        help_heading = "Statistics"
    )]
    pub interval: Vec<String>,
    /// Subtract OVERHEAD from each call's time in the summary (a number with an optional unit: s,
    /// ms, us or ns; us by default), as strace's -O does; a time below it counts as zero.
    #[arg(
        short = 'O',
        long = "summary-syscall-overhead",
        value_name = "OVERHEAD[UNIT]",
        action = ArgAction::Append,
        allow_hyphen_values = true,
        help_heading = "Statistics"
    )]
    pub overhead: Vec<String>,
}

impl SummaryFlags {
    pub fn any(&self) -> bool {
        self.summary_only > 0 || self.summary > 0
    }
}
