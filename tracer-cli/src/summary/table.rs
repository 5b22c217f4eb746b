//! strace 6.1's summary table: columns (`-U`), sort orders (`-S`), widths and the `total` row.

use std::cmp::Reverse;
use std::io::{self, Write};

/// One column of the table (`-U` names).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// `% time`: share of the total time.
    Percent,
    /// `seconds`: total time.
    Seconds,
    /// `usecs/call`: average, truncated to whole microseconds.
    Avg,
    Calls,
    /// Blank when 0, as strace.
    Errors,
    /// `syscall`.
    Name,
    /// `shortest`, seconds.
    Min,
    /// `longest`, seconds.
    Max,
    /// tracer's own: latency percentiles and maximum (HDR histogram, or log2 buckets).
    P50,
    P90,
    P99,
    HdrMax,
}

/// strace's default columns.
pub const DEFAULT_COLUMNS: [Column; 6] =
    [Column::Percent, Column::Seconds, Column::Avg, Column::Calls, Column::Errors, Column::Name];

impl Column {
    /// A `-U` name (strace 6.1's spellings, plus p50, p90, p99, max).
    pub fn parse(name: &str) -> Option<Column> {
        Some(match name {
            "time-percent" | "time_percent" | "time" => Column::Percent,
            "total-time" | "total_time" | "time-total" | "time_total" => Column::Seconds,
            "avg-time" | "avg_time" | "time-avg" | "time_avg" => Column::Avg,
            "calls" | "count" => Column::Calls,
            "errors" | "error" => Column::Errors,
            "name" | "syscall" | "syscall_name" | "syscall-name" => Column::Name,
            "min-time" | "min_time" | "time-min" | "time_min" | "shortest" => Column::Min,
            "max-time" | "max_time" | "time-max" | "time_max" | "longest" => Column::Max,
            "p50" => Column::P50,
            "p90" => Column::P90,
            "p99" => Column::P99,
            "max" => Column::HdrMax,
            _ => return None,
        })
    }

    fn header(self) -> &'static str {
        match self {
            Column::Percent => "% time",
            Column::Seconds => "seconds",
            Column::Avg => "usecs/call",
            Column::Calls => "calls",
            Column::Errors => "errors",
            Column::Name => "syscall",
            Column::Min => "shortest",
            Column::Max => "longest",
            Column::P50 => "p50",
            Column::P90 => "p90",
            Column::P99 => "p99",
            Column::HdrMax => "max",
        }
    }

    /// The narrowest this column gets (strace's widths).
    fn min_width(self) -> usize {
        match self {
            Column::Percent => 6,
            Column::Seconds | Column::Avg => 11,
            Column::Calls | Column::Errors => 9,
            Column::Name => 16,
            Column::Min | Column::Max | Column::P50 | Column::P90 | Column::P99 | Column::HdrMax => 8,
        }
    }

    /// A latency shown as seconds with six decimals, sharing one width (as strace's
    /// shortest/longest do).
    fn is_point(self) -> bool {
        matches!(self, Column::Min | Column::Max | Column::P50 | Column::P90 | Column::P99 | Column::HdrMax)
    }

    /// Whether percentiles are needed for it.
    pub fn needs_percentiles(self) -> bool {
        matches!(self, Column::P50 | Column::P90 | Column::P99 | Column::HdrMax)
    }
}

/// `-S`: the order of the rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    /// Total time, longest first (strace's default).
    #[default]
    Time,
    MinTime,
    MaxTime,
    AvgTime,
    Calls,
    Errors,
    /// Alphabetical.
    Name,
    /// Syscall number order.
    Nothing,
}

impl SortBy {
    /// A `-S` name (strace 6.1's spellings).
    pub fn parse(name: &str) -> Option<SortBy> {
        Some(match name {
            "nothing" | "none" => SortBy::Nothing,
            other => match Column::parse(other)? {
                Column::Percent | Column::Seconds => SortBy::Time,
                Column::Avg => SortBy::AvgTime,
                Column::Calls => SortBy::Calls,
                Column::Errors => SortBy::Errors,
                Column::Name => SortBy::Name,
                Column::Min => SortBy::MinTime,
                Column::Max => SortBy::MaxTime,
                Column::P50 | Column::P90 | Column::P99 | Column::HdrMax => return None,
            },
        })
    }
}

/// One syscall's line (or the `total` line).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    pub nr: u64,
    pub name: String,
    pub calls: u64,
    pub errors: u64,
    pub total_ns: u64,
    pub min_ns: u64,
    pub max_ns: u64,
    /// p50, p90, p99 and max, ns (`None` when not computed).
    pub percentiles: Option<[u64; 4]>,
}

impl Row {
    fn avg_ns(&self) -> u64 {
        self.total_ns.checked_div(self.calls).unwrap_or(0)
    }
}

/// Sort `rows` (given in syscall number order) as `-S` says; ties keep number order, as strace.
pub fn sort(rows: &mut [Row], by: SortBy) {
    match by {
        SortBy::Time => rows.sort_by_key(|r| Reverse(r.total_ns)),
        SortBy::MinTime => rows.sort_by_key(|r| Reverse(r.min_ns)),
        SortBy::MaxTime => rows.sort_by_key(|r| Reverse(r.max_ns)),
        SortBy::AvgTime => rows.sort_by_key(|r| Reverse(r.avg_ns())),
        SortBy::Calls => rows.sort_by_key(|r| Reverse(r.calls)),
        SortBy::Errors => rows.sort_by_key(|r| Reverse(r.errors)),
        SortBy::Name => rows.sort_by(|a, b| a.name.cmp(&b.name)),
        SortBy::Nothing => {}
    }
}

fn seconds(ns: u64) -> String {
    format!("{:.6}", ns as f64 / 1e9)
}

/// The text of one cell.
fn cell(column: Column, row: &Row, total: &Row, is_total: bool) -> String {
    let point = |i: usize| row.percentiles.map_or_else(|| "-".to_string(), |p| seconds(p[i]));
    match column {
        Column::Percent if is_total => "100.00".to_string(),
        Column::Percent => {
            let share =
                if total.total_ns == 0 { 0.0 } else { 100.0 * row.total_ns as f64 / total.total_ns as f64 };
            format!("{share:.2}")
        }
        Column::Seconds => seconds(row.total_ns),
        Column::Avg => (row.avg_ns() / 1000).to_string(),
        Column::Calls => row.calls.to_string(),
        Column::Errors if row.errors == 0 => String::new(),
        Column::Errors => row.errors.to_string(),
        Column::Name => row.name.clone(),
        Column::Min => seconds(row.min_ns),
        Column::Max => seconds(row.max_ns),
        Column::P50 => point(0),
        Column::P90 => point(1),
        Column::P99 => point(2),
        Column::HdrMax => point(3),
    }
}

/// Write the table: header, dashes, `rows` in their order, dashes, `total`. Nothing at all when
/// no call was counted (strace 6.1 prints nothing then).
pub fn write(out: &mut dyn Write, columns: &[Column], rows: &[Row], total: &Row) -> io::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut cells: Vec<Vec<String>> =
        rows.iter().map(|row| columns.iter().map(|&c| cell(c, row, total, false)).collect()).collect();
    cells.push(columns.iter().map(|&c| cell(c, total, total, true)).collect());
    let mut widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let longest = cells.iter().map(|line| line[i].len()).max().unwrap_or(0);
            match c {
                // strace leaves one space after the longest name.
                Column::Name => c.min_width().max(rows.iter().map(|r| r.name.len() + 1).max().unwrap_or(0)),
                _ => c.min_width().max(longest),
            }
        })
        .collect();
    // Latency points share one width, as strace's shortest and longest do.
    let point_width =
        columns.iter().zip(&widths).filter(|(c, _)| c.is_point()).map(|(_, &w)| w).max().unwrap_or(0);
    for (c, w) in columns.iter().zip(widths.iter_mut()) {
        if c.is_point() {
            *w = point_width;
        }
    }
    let headers: Vec<String> = columns.iter().map(|c| c.header().to_string()).collect();
    let dashes: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
    let mut text = String::new();
    line(&mut text, columns, &widths, &headers, false);
    line(&mut text, columns, &widths, &dashes, true);
    for row in &cells[..rows.len()] {
        line(&mut text, columns, &widths, row, false);
    }
    line(&mut text, columns, &widths, &dashes, true);
    if let Some(last) = cells.last() {
        line(&mut text, columns, &widths, last, false);
    }
    out.write_all(text.as_bytes())
}

/// One line: cells right-aligned, names left-aligned (not padded when last), one space between.
fn line(text: &mut String, columns: &[Column], widths: &[usize], cells: &[String], dashes: bool) {
    use std::fmt::Write as _;
    for (i, ((column, width), cell)) in columns.iter().zip(widths).zip(cells).enumerate() {
        if i > 0 {
            text.push(' ');
        }
        let last = i + 1 == columns.len();
        if dashes || (*column == Column::Name && last) {
            text.push_str(cell);
        } else if *column == Column::Name {
            let _ = write!(text, "{cell:<width$}");
        } else {
            let _ = write!(text, "{cell:>width$}");
        }
    }
    text.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(nr: u64, name: &str, calls: u64, errors: u64, total_ns: u64) -> Row {
        Row { nr, name: name.to_string(), calls, errors, total_ns, min_ns: 0, max_ns: 0, percentiles: None }
    }

    fn total_of(rows: &[Row]) -> Row {
        let mut total = row(0, "total", 0, 0, 0);
        for r in rows {
            total.calls += r.calls;
            total.errors += r.errors;
            total.total_ns += r.total_ns;
        }
        total
    }

    fn render(columns: &[Column], rows: &[Row], by: SortBy) -> String {
        let mut rows = rows.to_vec();
        sort(&mut rows, by);
        let total = total_of(&rows);
        let mut out = Vec::new();
        write(&mut out, columns, &rows, &total).expect("Vec");
        String::from_utf8(out).expect("utf-8")
    }

    /// `strace -c true`, captured from strace 6.1 on this VM (times as strace measured them).
    const STRACE_TRUE: &str = "\
% time     seconds  usecs/call     calls    errors syscall
------ ----------- ----------- --------- --------- ----------------
 33.59    0.000133          16         8           mmap
 20.20    0.000080          40         2           pread64
 17.17    0.000068          22         3           mprotect
  6.06    0.000024          24         1           munmap
  3.54    0.000014           7         2           close
  3.54    0.000014          14         1           prlimit64
  3.28    0.000013          13         1           arch_prctl
  3.28    0.000013          13         1           set_tid_address
  3.28    0.000013          13         1           rseq
  3.03    0.000012           6         2           newfstatat
  3.03    0.000012          12         1           set_robust_list
  0.00    0.000000           0         1           read
  0.00    0.000000           0         1           brk
  0.00    0.000000           0         1         1 access
  0.00    0.000000           0         1           execve
  0.00    0.000000           0         2           openat
------ ----------- ----------- --------- --------- ----------------
100.00    0.000396          13        29         1 total
";

    fn true_rows() -> Vec<Row> {
        // In syscall number order, as the counters are kept.
        vec![
            row(0, "read", 1, 0, 0),
            row(3, "close", 2, 0, 14_000),
            row(9, "mmap", 8, 0, 133_000),
            row(10, "mprotect", 3, 0, 68_000),
            row(11, "munmap", 1, 0, 24_000),
            row(12, "brk", 1, 0, 0),
            row(17, "pread64", 2, 0, 80_000),
            row(21, "access", 1, 1, 0),
            row(59, "execve", 1, 0, 0),
            row(158, "arch_prctl", 1, 0, 13_000),
            row(218, "set_tid_address", 1, 0, 13_000),
            row(257, "openat", 2, 0, 0),
            row(262, "newfstatat", 2, 0, 12_000),
            row(273, "set_robust_list", 1, 0, 12_000),
            row(302, "prlimit64", 1, 0, 14_000),
            row(334, "rseq", 1, 0, 13_000),
        ]
    }

    #[test]
    fn default_table_is_strace_s_character_for_character() {
        assert_eq!(render(&DEFAULT_COLUMNS, &true_rows(), SortBy::Time), STRACE_TRUE);
    }

    #[test]
    fn no_calls_print_nothing() {
        assert_eq!(render(&DEFAULT_COLUMNS, &[], SortBy::Time), "");
    }

    #[test]
    fn sort_orders_keep_number_order_for_ties() {
        let names = |by| {
            let mut rows = true_rows();
            sort(&mut rows, by);
            rows.iter().take(4).map(|r| r.name.clone()).collect::<Vec<_>>().join(" ")
        };
        assert_eq!(names(SortBy::Calls), "mmap mprotect close pread64");
        assert_eq!(names(SortBy::Errors), "access read close mmap");
        assert_eq!(names(SortBy::Name), "access arch_prctl brk close");
        assert_eq!(names(SortBy::Nothing), "read close mmap mprotect");
        assert_eq!(names(SortBy::AvgTime), "pread64 munmap mprotect mmap");
    }

    #[test]
    fn sort_and_column_names_are_strace_s() {
        assert_eq!(SortBy::parse("time"), Some(SortBy::Time));
        assert_eq!(SortBy::parse("total_time"), Some(SortBy::Time));
        assert_eq!(SortBy::parse("longest"), Some(SortBy::MaxTime));
        assert_eq!(SortBy::parse("none"), Some(SortBy::Nothing));
        assert_eq!(SortBy::parse("syscall-name"), Some(SortBy::Name));
        for bad in ["", "tim", "total", "percent", "max", "TIME", "p50"] {
            assert_eq!(SortBy::parse(bad), None, "{bad}");
        }
        assert_eq!(Column::parse("count"), Some(Column::Calls));
        assert_eq!(Column::parse("time"), Some(Column::Percent));
        assert_eq!(Column::parse("max"), Some(Column::HdrMax));
        for bad in ["", "nothing", "none", "min", "avg", "percent"] {
            assert_eq!(Column::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn chosen_columns_in_their_order_with_strace_s_widths() {
        // strace 6.1: `-c -w -U name,max-time,min-time,calls,errors,total-time,avg-time,time-percent`.
        let mut rows = vec![
            Row { min_ns: 8_000, max_ns: 1_201_440_000, ..row(61, "wait4", 2, 1, 1_201_448_000) },
            Row { min_ns: 212_000, max_ns: 212_000, ..row(58, "vfork", 1, 0, 212_000) },
        ];
        rows.sort_by_key(|r| r.nr);
        sort(&mut rows, SortBy::Time);
        let mut total = total_of(&rows);
        total.min_ns = 8_000;
        total.max_ns = 1_201_440_000;
        let columns: Vec<Column> = "name,max-time,min-time,calls,errors,total-time,avg-time,time-percent"
            .split(',')
            .map(|n| Column::parse(n).expect("known"))
            .collect();
        let mut out = Vec::new();
        write(&mut out, &columns, &rows, &total).expect("Vec");
        assert_eq!(
            String::from_utf8(out).expect("utf-8"),
            "\
syscall           longest shortest     calls    errors     seconds  usecs/call % time
---------------- -------- -------- --------- --------- ----------- ----------- ------
wait4            1.201440 0.000008         2         1    1.201448      600724  99.98
vfork            0.000212 0.000212         1              0.000212         212   0.02
---------------- -------- -------- --------- --------- ----------- ----------- ------
total            1.201440 0.000008         3         1    1.201660      400553 100.00
"
        );
    }

    #[test]
    fn long_names_and_long_times_widen_their_columns() {
        // strace 6.1: a 16-character name makes the column 17 wide; a 10 s longest makes both
        // shortest and longest 9 wide.
        let rows = vec![Row {
            min_ns: 10_300_543_000,
            max_ns: 10_300_543_000,
            ..row(310, "process_vm_readv", 1, 0, 10_300_543_000)
        }];
        let total = Row { min_ns: 9_000, max_ns: 10_300_543_000, ..total_of(&rows) };
        let mut out = Vec::new();
        write(&mut out, &[Column::Max, Column::Min, Column::Name, Column::Calls], &rows, &total)
            .expect("Vec");
        assert_eq!(
            String::from_utf8(out).expect("utf-8"),
            "  longest  shortest syscall               calls
--------- --------- ----------------- ---------
10.300543 10.300543 process_vm_readv          1
--------- --------- ----------------- ---------
10.300543  0.000009 total                     1
"
        );
    }

    #[test]
    fn percentile_columns_show_seconds() {
        let rows =
            vec![Row { percentiles: Some([1_000, 2_000, 30_000, 400_000]), ..row(0, "read", 3, 0, 433_000) }];
        let total = Row { percentiles: Some([1_000, 2_000, 30_000, 400_000]), ..total_of(&rows) };
        let columns = [Column::Calls, Column::P50, Column::P90, Column::P99, Column::HdrMax, Column::Name];
        let mut out = Vec::new();
        write(&mut out, &columns, &rows, &total).expect("Vec");
        assert_eq!(
            String::from_utf8(out).expect("utf-8"),
            "    calls      p50      p90      p99      max syscall
--------- -------- -------- -------- -------- ----------------
        3 0.000001 0.000002 0.000030 0.000400 read
--------- -------- -------- -------- -------- ----------------
        3 0.000001 0.000002 0.000030 0.000400 total
"
        );
    }
}
