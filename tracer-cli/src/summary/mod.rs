//! `-c`, `-C`, `-w`, `-S`, `-U`, `--hist`, `--interval`: strace's per-syscall summary table, with
//! latency percentiles, from records (either backend) or from the eBPF program's kernel counters.
//!
//! Time is each call's latency (exit timestamp minus entry timestamp), with or without `-w`:
//! strace's default is system CPU time, which neither backend measures (a known departure).

mod flags;
mod hist;
mod table;

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use tracer_common::personality::Personality;
use tracer_common::summary::{bucket_low_ns, SyscallStats, LATENCY_BUCKETS};

pub use flags::SummaryFlags;
use table::{Column, Row, SortBy, DEFAULT_COLUMNS};

use crate::call::{Paired, Syscall};
use crate::filter::Verdict;
use crate::sets::{SetError, SyscallSet};

/// Validated summary settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// `-c`: the summary only, no trace lines (`-C`: both).
    pub only: bool,
    /// `-w`: wall-clock latency (tracer's time is always latency).
    pub wall: bool,
    /// `--interval SECS`: also print a summary every SECS seconds.
    pub interval: Option<Duration>,
    /// `-S`.
    sort: SortBy,
    /// `-U`.
    columns: Vec<Column>,
    /// `--hist`: the calls drawn as histograms.
    hist: Option<SyscallSet>,
    /// `-O`: subtracted from each call's time (ns).
    overhead_ns: u64,
}

/// Why the summary flags were refused; each message is strace's one line (`--interval` is tracer's).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SummaryFlagsError {
    /// `-S` with an unknown key.
    #[error("invalid sortby: '{0}'")]
    SortBy(String),
    /// `-U` with an unknown column.
    #[error("unknown column name: '{0}'")]
    Column(String),
    /// `-O` that is not a time.
    #[error("invalid -O argument: '{0}'")]
    Overhead(String),
    /// `--interval` that is not a positive number of seconds.
    #[error("invalid --interval argument: '{0}'")]
    Interval(String),
    /// `--hist` with a set that does not parse.
    #[error(transparent)]
    Hist(#[from] SetError),
    /// `-c` and `-C` together.
    #[error("-c/--summary-only and -C/--summary are mutually exclusive")]
    OnlyAndSummary,
    /// An option that needs `-c` or `-C`, given without either; `option` names it as strace does.
    #[error("{option} must be given with (-c/--summary-only or -C/--summary)")]
    NeedsSummary { option: &'static str },
}

impl Options {
    /// `None` when no summary flag was given; `Err` names the flag and the value refused.
    pub fn from_flags(flags: &SummaryFlags) -> Result<Option<Options>, SummaryFlagsError> {
        // As strace: each value is checked as it is read, then how the flags combine.
        let sort = match flags.summary_sort_by.last() {
            Some(name) => SortBy::parse(name).ok_or_else(|| SummaryFlagsError::SortBy(name.clone()))?,
            None => SortBy::default(),
        };
        let columns = match flags.summary_columns.last() {
            Some(list) => list
                .split(',')
                .map(|name| Column::parse(name).ok_or_else(|| SummaryFlagsError::Column(name.to_string())))
                .collect::<Result<Vec<_>, _>>()?,
            None => DEFAULT_COLUMNS.to_vec(),
        };
        let interval = match flags.interval.last() {
            Some(text) => match text.trim().parse::<f64>() {
                Ok(secs) if secs.is_finite() && secs > 0.0 && secs < 1e9 => {
                    Some(Duration::from_secs_f64(secs))
                }
                _ => return Err(SummaryFlagsError::Interval(text.clone())),
            },
            None => None,
        };
        let overhead_ns = match flags.overhead.last() {
            Some(text) => {
                crate::inject::parse_ts_ns(text).ok_or_else(|| SummaryFlagsError::Overhead(text.clone()))?
            }
            None => 0,
        };
        let hist = match flags.hist.is_empty() {
            true => None,
            false => Some(SyscallSet::parse(&flags.hist.join(","))?),
        };
        if flags.summary_only > 0 && flags.summary > 0 {
            return Err(SummaryFlagsError::OnlyAndSummary);
        }
        if !flags.any() {
            let needs_summary = |option| SummaryFlagsError::NeedsSummary { option };
            return match () {
                _ if flags.summary_wall_clock > 0 => Err(needs_summary("-w/--summary-wall-clock")),
                _ if !flags.summary_columns.is_empty() => Err(needs_summary("-U/--summary-columns")),
                _ if hist.is_some() => Err(needs_summary("--hist")),
                _ if interval.is_some() => Err(needs_summary("--interval")),
                // strace accepts -S alone (and ignores it).
                _ => Ok(None),
            };
        }
        Ok(Some(Options {
            only: flags.summary_only > 0,
            wall: flags.summary_wall_clock > 0,
            interval,
            sort,
            columns,
            hist,
            overhead_ns,
        }))
    }

    fn needs_percentiles(&self) -> bool {
        self.columns.iter().any(|c| c.needs_percentiles())
    }
}

/// Syscall numbers counted in a flat array (x86_64's and the x32 range); others in a map.
const FLAT: usize = 1024;

/// One syscall's counters in userspace.
#[derive(Clone, Debug)]
struct Counter {
    stats: SyscallStats,
    min_ns: u64,
    /// Only when a percentile column is shown; made at the syscall's first call.
    hdr: Option<Box<Histogram<u64>>>,
}

impl Counter {
    const ZERO: Counter = Counter { stats: SyscallStats::ZERO, min_ns: u64::MAX, hdr: None };

    fn add(&mut self, latency_ns: u64, failed: bool, percentiles: bool) {
        self.stats.add(latency_ns, failed);
        self.min_ns = self.min_ns.min(latency_ns);
        if percentiles {
            let hdr = self.hdr.get_or_insert_with(|| Box::new(new_hdr()));
            if hdr.record(latency_ns).is_err() {
                hdr.saturating_record(latency_ns);
            }
        }
    }

    fn reset(&mut self) {
        self.stats = SyscallStats::ZERO;
        self.min_ns = u64::MAX;
        if let Some(hdr) = &mut self.hdr {
            hdr.reset();
        }
    }
}

/// Three significant digits; grows with the longest latency recorded.
fn new_hdr() -> Histogram<u64> {
    Histogram::new(3).unwrap_or_else(|_| Histogram::new_with_max(u64::MAX / 2, 3).expect("valid bounds"))
}

/// Counters for every syscall number.
#[derive(Debug)]
struct Counters {
    flat: Vec<Counter>,
    other: BTreeMap<u64, Counter>,
}

impl Counters {
    fn new() -> Self {
        Counters { flat: vec![Counter::ZERO; FLAT], other: BTreeMap::new() }
    }

    fn get(&mut self, nr: u64) -> &mut Counter {
        match usize::try_from(nr) {
            Ok(i) if i < FLAT => &mut self.flat[i],
            _ => self.other.entry(nr).or_insert(Counter::ZERO),
        }
    }

    fn iter(&self) -> impl Iterator<Item = (u64, &Counter)> {
        self.flat
            .iter()
            .enumerate()
            .map(|(i, c)| (i as u64, c))
            .chain(self.other.iter().map(|(&nr, c)| (nr, c)))
    }

    fn reset(&mut self) {
        self.flat.iter_mut().for_each(Counter::reset);
        self.other.values_mut().for_each(Counter::reset);
    }
}

/// The counters of one run.
#[derive(Debug)]
pub struct Summary {
    opts: Options,
    percentiles: bool,
    /// Since the start.
    total: Counters,
    /// Since the last `--interval` summary (only with `--interval`).
    interval: Option<Counters>,
    /// The kernel's counters (eBPF summary mode), cumulative; when set they are the summary.
    kernel: Option<Vec<SyscallStats>>,
    /// The kernel's counters at the last interval summary.
    kernel_before: Vec<SyscallStats>,
    started: Instant,
    last_tick: Instant,
    ticks: u64,
}

impl Summary {
    pub fn new(opts: Options) -> Self {
        let now = Instant::now();
        Summary {
            percentiles: opts.needs_percentiles(),
            interval: opts.interval.map(|_| Counters::new()),
            opts,
            total: Counters::new(),
            kernel: None,
            kernel_before: Vec::new(),
            started: now,
            last_tick: now,
            ticks: 0,
        }
    }

    /// Whether trace lines are printed too (`-C`).
    pub fn only(&self) -> bool {
        self.opts.only
    }

    /// Count one call (a whole one, or the resumed half of a split one). Calls that never
    /// returned are not counted, as strace.
    pub fn record(&mut self, call: &Syscall) {
        let (Some(ret), Some(exit_ns)) = (call.ret, call.exit_ts_ns) else { return };
        let latency = exit_ns.saturating_sub(call.meta.ts_ns).saturating_sub(self.opts.overhead_ns);
        let failed = (-4095..=-1).contains(&ret);
        self.total.get(call.nr).add(latency, failed, self.percentiles);
        if let Some(interval) = &mut self.interval {
            interval.get(call.nr).add(latency, failed, self.percentiles);
        }
    }

    /// Count `item` if it is a traced call: shown, or left out only by `-e status=` (strace's `-c`
    /// counts every traced call, however it ended); not the calls `-e trace=` or `-P` leave out.
    pub fn count(&mut self, item: &Paired, verdict: Verdict) {
        if verdict == Verdict::LearnOnly {
            return;
        }
        if let Paired::Syscall(call) | Paired::Resumed(call) | Paired::Hidden(call) = item {
            self.record(call);
        }
    }

    /// The eBPF program's counters, cumulative since the start, indexed by syscall number.
    pub fn kernel_snapshot(&mut self, totals: &[SyscallStats]) {
        let kernel = self.kernel.get_or_insert_with(Vec::new);
        kernel.clear();
        kernel.extend_from_slice(totals);
        // -O: the kernel sums the times, so the overhead comes off the sum (a call shorter than it
        // still takes some of another's) and off the longest; the log2 buckets stay as measured.
        let overhead = self.opts.overhead_ns;
        if overhead > 0 {
            for stats in kernel.iter_mut() {
                stats.total_ns = stats.total_ns.saturating_sub(stats.calls.saturating_mul(overhead));
                stats.max_ns = stats.max_ns.saturating_sub(overhead);
            }
        }
    }

    /// Whether an `--interval` summary is due.
    pub fn interval_due(&self) -> bool {
        self.opts.interval.is_some_and(|every| self.last_tick.elapsed() >= every)
    }

    /// Write the summary of the calls since the last one (`--interval`), and start a new interval.
    pub fn write_interval(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let now = Instant::now();
        self.ticks += 1;
        let from = self.last_tick.duration_since(self.started).as_secs_f64();
        let to = now.duration_since(self.started).as_secs_f64();
        self.last_tick = now;
        writeln!(out, "--- summary of interval {} ({from:.3} s to {to:.3} s) ---", self.ticks)?;
        let report = match &self.kernel {
            Some(kernel) => {
                let before = &self.kernel_before;
                let delta: Vec<SyscallStats> = kernel
                    .iter()
                    .enumerate()
                    .map(|(nr, now)| delta(now, before.get(nr).unwrap_or(&SyscallStats::ZERO)))
                    .collect();
                let report = self.kernel_report(&delta, true, Personality::X86_64);
                self.kernel_before.clone_from(kernel);
                report
            }
            None => match &mut self.interval {
                Some(interval) => {
                    let report = user_report(&self.opts, interval, Personality::X86_64);
                    interval.reset();
                    report
                }
                None => Report::default(),
            },
        };
        report.write(&self.opts, out)
    }

    /// Write the final table (and histograms).
    pub fn write_report(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.opts.interval.is_some() {
            let to = self.started.elapsed().as_secs_f64();
            writeln!(out, "--- summary of the whole run (0.000 s to {to:.3} s) ---")?;
        }
        let report_of = |personality| match &self.kernel {
            Some(kernel) => self.kernel_report(kernel, false, personality),
            None => user_report(&self.opts, &self.total, personality),
        };
        report_of(Personality::X86_64).write(&self.opts, out)?;
        // The other personalities' calls, each in a table of its own under strace's heading (strace
        // 6.1 prints the heading of the i386 one, then stops or crashes: its table is what it means).
        for personality in [Personality::I386, Personality::X32] {
            let report = report_of(personality);
            if !report.rows.is_empty() {
                writeln!(out, "System call usage summary for {} mode:", personality.mode())?;
                report.write(&self.opts, out)?;
            }
        }
        Ok(())
    }

    /// The table of `personality`'s calls from the kernel's counters (indexed by slot).
    fn kernel_report(&self, stats: &[SyscallStats], is_delta: bool, personality: Personality) -> Report {
        let mut report = Report::default();
        let mut all = SyscallStats::ZERO;
        for (slot, s) in (0u32..).zip(stats) {
            let nr = Personality::of_slot(slot);
            if s.calls == 0 || Personality::of(nr) != personality {
                continue;
            }
            all.merge(s);
            let mut row = kernel_row(nr, s, is_delta);
            if !self.percentiles {
                row.percentiles = None;
            }
            report.rows.push(row);
            if self.opts.hist.is_some_and(|set| set.contains(nr)) {
                report.hists.push((nr, s.buckets));
            }
        }
        report.total = kernel_row(0, &all, is_delta);
        report.total.name = "total".to_string();
        if !self.percentiles {
            report.total.percentiles = None;
        }
        report
    }
}

/// `now - before` for cumulative kernel counters (the maximum cannot be subtracted: kept).
fn delta(now: &SyscallStats, before: &SyscallStats) -> SyscallStats {
    let mut d = SyscallStats {
        calls: now.calls.saturating_sub(before.calls),
        errors: now.errors.saturating_sub(before.errors),
        total_ns: now.total_ns.saturating_sub(before.total_ns),
        max_ns: now.max_ns,
        buckets: now.buckets,
    };
    for (b, old) in d.buckets.iter_mut().zip(before.buckets.iter()) {
        *b = b.saturating_sub(*old);
    }
    d
}

/// The table's name for a syscall number (the trace's, `syscall_0x1f4` when unknown; an i386 or
/// x32 call's from its own table).
fn name_of(nr: u64) -> String {
    crate::decode::name(tracer_common::syscall::info(nr), nr).into_owned()
}

/// The upper edge of bucket `i` (exclusive), ns.
fn bucket_high_ns(i: usize) -> u64 {
    if i + 1 >= LATENCY_BUCKETS {
        u64::MAX
    } else {
        bucket_low_ns(i + 1)
    }
}

/// A row from log2 buckets: the shortest is the lowest non-empty bucket's low edge; a percentile
/// is the upper edge of the bucket it falls in, capped by the longest.
fn kernel_row(nr: u64, s: &SyscallStats, is_delta: bool) -> Row {
    let highest = s.buckets.iter().rposition(|&n| n > 0);
    let max_ns = match (is_delta, highest) {
        (true, Some(i)) => s.max_ns.min(bucket_high_ns(i).saturating_sub(1)),
        _ => s.max_ns,
    };
    let min_ns = s.buckets.iter().position(|&n| n > 0).map_or(0, bucket_low_ns).min(max_ns);
    let at = |q: f64| {
        let want = ((s.calls as f64) * q).ceil().max(1.0) as u64;
        let mut seen = 0u64;
        for (i, &n) in s.buckets.iter().enumerate() {
            seen += n;
            if seen >= want {
                return bucket_high_ns(i).min(max_ns);
            }
        }
        max_ns
    };
    Row {
        nr,
        name: name_of(nr),
        calls: s.calls,
        errors: s.errors,
        total_ns: s.total_ns,
        min_ns,
        max_ns,
        percentiles: Some([at(0.5), at(0.9), at(0.99), max_ns]),
    }
}

fn hdr_points(hdr: &Histogram<u64>) -> [u64; 4] {
    [hdr.value_at_quantile(0.5), hdr.value_at_quantile(0.9), hdr.value_at_quantile(0.99), hdr.max()]
}

/// The table of `personality`'s calls.
fn user_report(opts: &Options, counters: &Counters, personality: Personality) -> Report {
    let mut report = Report::default();
    let percentiles = opts.needs_percentiles();
    let mut all_hdr = percentiles.then(new_hdr);
    let mut total = Row { name: "total".to_string(), min_ns: u64::MAX, ..Row::default() };
    for (nr, c) in counters.iter() {
        if c.stats.calls == 0 || Personality::of(nr) != personality {
            continue;
        }
        let row = Row {
            nr,
            name: name_of(nr),
            calls: c.stats.calls,
            errors: c.stats.errors,
            total_ns: c.stats.total_ns,
            min_ns: c.min_ns,
            max_ns: c.stats.max_ns,
            percentiles: c.hdr.as_deref().map(hdr_points),
        };
        total.calls += row.calls;
        total.errors += row.errors;
        total.total_ns += row.total_ns;
        total.min_ns = total.min_ns.min(row.min_ns);
        total.max_ns = total.max_ns.max(row.max_ns);
        if let (Some(all), Some(hdr)) = (&mut all_hdr, &c.hdr) {
            let _ = all.add(hdr.as_ref());
        }
        report.rows.push(row);
        if opts.hist.is_some_and(|set| set.contains(nr)) {
            report.hists.push((nr, c.stats.buckets));
        }
    }
    if total.min_ns == u64::MAX {
        total.min_ns = 0;
    }
    total.percentiles = all_hdr.as_ref().map(hdr_points);
    report.total = total;
    report
}

/// A table's rows (number order), its total and its histograms.
#[derive(Default)]
struct Report {
    rows: Vec<Row>,
    total: Row,
    hists: Vec<(u64, [u64; LATENCY_BUCKETS])>,
}

impl Report {
    fn write(mut self, opts: &Options, out: &mut dyn Write) -> io::Result<()> {
        table::sort(&mut self.rows, opts.sort);
        table::write(out, &opts.columns, &self.rows, &self.total)?;
        if !self.hists.is_empty() {
            let mut text = String::from("\n");
            for (nr, buckets) in &self.hists {
                hist::write(&mut text, &name_of(*nr), buckets);
            }
            out.write_all(text.as_bytes())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
