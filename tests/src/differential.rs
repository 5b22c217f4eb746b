//! The differential suite's machinery: a fresh working directory per run, the normalisation of
//! what differs between any two runs of one program, LCS-aligned match counts, and the report.
//!
//! The programs themselves are listed in `tests/tests/differential.rs`.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use regex::{Captures, Regex};
use similar::{Algorithm, DiffOp};

use crate::normalize_trace;

/// One program of the suite.
#[derive(Debug, Clone, Copy)]
pub struct Program {
    /// Short unique name (what `TRACER_DIFF_ONLY` selects).
    pub name: &'static str,
    pub argv: &'static [&'static str],
    /// No thread besides the main one is ever started: eBPF must then equal ptrace exactly.
    pub single_threaded: bool,
}

/// The whole environment of every run (tracer or strace, and so the program): the same for the
/// three runs of a program, and the same whoever runs the suite (no PATH of their own, no cargo
/// variables, no LD_LIBRARY_PATH).
pub const DETERMINISTIC_ENV: &[(&str, &str)] = &[
    ("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
    ("HOME", "/nonexistent"),
    ("LC_ALL", "C"),
    ("PYTHONHASHSEED", "0"),
    ("PYTHONDONTWRITEBYTECODE", "1"),
];

/// A fresh working directory with the fixture files the programs use, removed on drop. Names
/// differ per run but all have the same length, so lengths printed in a trace (`getcwd`'s return
/// value) do not change with the name.
#[derive(Debug)]
pub struct WorkDir {
    path: PathBuf,
}

impl WorkDir {
    /// Create the directory and its fixtures:
    /// `lines.txt` (ten lines), `link` → `lines.txt`, `tree/` with two files and `tree/sub/`.
    pub fn new() -> WorkDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        // Short enough (29 bytes under /tmp) that strace's default -s 32 shows it whole.
        let name = format!("tracer-diff-{:07}-{:04}", std::process::id() % 10_000_000, n % 10_000);
        let path = std::env::temp_dir().join(name);
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir(&path).expect("create the run's working directory in the temp dir");
        let write = |rel: &str, text: &str| {
            std::fs::write(path.join(rel), text).expect("write a fixture file into the working directory")
        };
        write("lines.txt", "pear\napple\nfig\nbanana\ncherry\napple\nkiwi\ndate\nlime\nplum\n");
        std::fs::create_dir_all(path.join("tree/sub")).expect("create tree/sub in the working directory");
        write("tree/a.txt", "alpha\n");
        write("tree/sub/b.txt", "beta\n");
        std::os::unix::fs::symlink("lines.txt", path.join("link")).expect("create the fixture symlink");
        WorkDir { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Default for WorkDir {
    fn default() -> Self {
        WorkDir::new()
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Normalise a whole trace of a program that ran in `work_dir`: everything [`normalize_trace`]
/// does, and on top only what changes from one run to the next — the working directory's name,
/// the pids of children and threads, ephemeral ports, socket and pipe inodes, clock times in
/// strings, `sysinfo`/`times` counters and free-space counts of `statfs`.
pub fn normalize_run(trace: &str, work_dir: &Path) -> Vec<String> {
    let trace = hide_work_dir(trace, work_dir);
    let trace = hide_child_pids(&trace);
    // Counters first too: a sysinfo uptime that happens to equal the pid must not become `PID`.
    let trace: String = trace.lines().map(|line| hide_run_noise(line) + "\n").collect();
    normalize_trace(&trace).iter().map(|line| hide_run_noise(line)).collect()
}

/// The working directory's path (and its name alone) → `WORKDIR`; also a path cut at strace's
/// default string limit of 32 bytes (when `$TMPDIR` makes it longer than that).
fn hide_work_dir(trace: &str, work_dir: &Path) -> String {
    let full = work_dir.to_string_lossy();
    let mut out = trace.replace(&*full, "WORKDIR");
    if let Some(cut) = full.get(..32).filter(|_| full.len() > 32) {
        out = out.replace(&format!("\"{cut}\"..."), "\"WORKDIR\"...");
    }
    if let Some(name) = work_dir.file_name() {
        out = out.replace(&*name.to_string_lossy(), "WORKDIR");
    }
    out
}

/// Pids and tids that the traced program's clone/fork calls returned → `CHILD1`, `CHILD2`, … (in
/// the order they were created), wherever they appear as a whole number (wait4's return value,
/// `si_pid=`, kill's argument, a `[pid N]` prefix).
fn hide_child_pids(trace: &str) -> String {
    static CREATED: OnceLock<Regex> = OnceLock::new();
    let created = CREATED.get_or_init(|| {
        Regex::new(r"(?m)^(?:\[pid +\d+\] )?(?:clone|clone3|fork|vfork)\(.*\) += (\d+)$")
            .expect("valid regex")
    });
    let mut names: HashMap<String, String> = HashMap::new();
    for pid in created.captures_iter(trace).filter_map(|c| c.get(1)) {
        let next = format!("CHILD{}", names.len() + 1);
        names.entry(pid.as_str().to_owned()).or_insert(next);
    }
    if names.is_empty() {
        return trace.to_owned();
    }
    static NUMBER: OnceLock<Regex> = OnceLock::new();
    let number = NUMBER.get_or_init(|| Regex::new(r"\b\d+\b").expect("valid regex"));
    number
        .replace_all(trace, |c: &Captures| names.get(&c[0]).cloned().unwrap_or_else(|| c[0].to_owned()))
        .into_owned()
}

/// One normalised line → the same with run-to-run values replaced.
fn hide_run_noise(line: &str) -> String {
    type Replace = fn(&Captures) -> String;
    static RULES: OnceLock<Vec<(Regex, Replace)>> = OnceLock::new();
    let rules = RULES.get_or_init(|| {
        let rules: Vec<(&str, Replace)> = vec![
            // Ephemeral ports (the kernel's ip_local_port_range starts at 32768).
            (r"htons\((\d+)\)", |c| match c[1].parse::<u32>() {
                Ok(port) if port >= 32768 => "htons(PORT)".to_owned(),
                _ => c[0].to_owned(),
            }),
            // Inodes of sockets and pipes, as readlink on /proc/PID/fd/N shows them.
            (r"\b(socket|pipe):\[\d+\]", |c| format!("{}:[INODE]", &c[1])),
            // Clock times and dates in what programs write (date, stat, ls -l of fresh files).
            (r"\b\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?\b", |_| "HH:MM:SS".to_owned()),
            (r"\b\d{4}-\d{2}-\d{2}\b", |_| "YYYY-MM-DD".to_owned()),
            (
                r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d\b",
                |_| "DAY MON DD".to_owned(),
            ),
            // sysinfo's counters that move on their own (uptime, load, free memory, processes).
            (
                r"\b(uptime|freeram|sharedram|bufferram|freeswap|procs|freehigh)=\d+",
                |c| format!("{}=N", &c[1]),
            ),
            (r"\bloads=\[\d+, \d+, \d+\]", |_| "loads=[N, N, N]".to_owned()),
            // times(2): the clock's tick count it returns, and the process's CPU ticks (strace
            // adds a `/* 0.02 s */` comment to those that are not 0, so that goes too).
            (r"^(times\(.*\)) = \d+$", |c| format!("{} = N", &c[1])),
            (r"\b(tms_(?:utime|stime|cutime|cstime))=\d+(?: /\* \d+(?:\.\d+)? s \*/)?", |c| {
                format!("{}=N", &c[1])
            }),
            // statfs: free blocks and inodes change whenever anything writes to the disk.
            (r"\b(f_bfree|f_bavail|f_ffree)=\d+", |c| format!("{}=N", &c[1])),
        ];
        rules.into_iter().map(|(re, to)| (Regex::new(re).expect("valid regex"), to)).collect()
    });
    rules
        .iter()
        .fold(line.to_owned(), |acc, (re, to)| re.replace_all(&acc, |c: &Captures| to(c)).into_owned())
}

/// How much of a reference trace another trace reproduces, aligned line by line by a longest
/// common subsequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Lines of the reference.
    pub total: usize,
    /// Reference lines that the other trace has exactly, in order.
    pub matched: usize,
    /// Differing stretches, in order: (reference line, other line); `None` where one side has no
    /// counterpart.
    pub mismatches: Vec<(Option<String>, Option<String>)>,
}

impl Match {
    pub fn percent(&self) -> f64 {
        percent(self.matched, self.total)
    }

    pub fn is_exact(&self) -> bool {
        self.mismatches.is_empty()
    }
}

/// `part` of `whole` in percent; 100 for an empty whole.
pub fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// Align `other` against `reference` (an LCS diff) and count the reference lines it reproduces.
pub fn compare(reference: &[String], other: &[String]) -> Match {
    let ops = similar::capture_diff_slices(Algorithm::Myers, reference, other);
    let mut matched = 0;
    let mut mismatches = Vec::new();
    for op in ops {
        match op {
            DiffOp::Equal { len, .. } => matched += len,
            DiffOp::Delete { old_index, old_len, .. } => mismatches
                .extend(reference[old_index..old_index + old_len].iter().map(|l| (Some(l.clone()), None))),
            DiffOp::Insert { new_index, new_len, .. } => mismatches
                .extend(other[new_index..new_index + new_len].iter().map(|l| (None, Some(l.clone())))),
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                for i in 0..old_len.max(new_len) {
                    mismatches.push((
                        (i < old_len).then(|| reference[old_index + i].clone()),
                        (i < new_len).then(|| other[new_index + i].clone()),
                    ));
                }
            }
        }
    }
    Match { total: reference.len(), matched, mismatches }
}

/// What the eBPF backend was checked against, for one program.
#[derive(Debug, Clone)]
pub enum EbpfOutcome {
    /// Not run (not root).
    Skipped,
    /// eBPF vs ptrace.
    Compared(Match),
}

/// One program's results.
#[derive(Debug, Clone)]
pub struct Row {
    pub program: Program,
    pub ptrace: Match,
    pub ebpf: EbpfOutcome,
    /// Why eBPF may differ here (an entry of the test's known-gap list), if it is listed.
    pub known_ebpf_gap: Option<&'static str>,
    /// Anything else worth a note (exit statuses that differ, a backend's stderr).
    pub notes: Vec<String>,
}

/// Sum over rows: (matched, total) strace lines.
pub fn overall(rows: &[Row]) -> (usize, usize) {
    rows.iter().fold((0, 0), |(m, t), r| (m + r.ptrace.matched, t + r.ptrace.total))
}

/// The markdown report: a table, the overall figure, then up to `show` mismatched lines per
/// program below 100 %.
pub fn render_report(rows: &[Row], show: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Differential: strace 6.1 vs tracer --backend ptrace vs tracer --backend ebpf\n");
    let _ = writeln!(out, "| program | threads | strace lines | ptrace match % | ebpf==ptrace | notes |");
    let _ = writeln!(out, "|---|---|---:|---:|---|---|");
    for row in rows {
        let ebpf = match &row.ebpf {
            EbpfOutcome::Skipped => "skipped (not root)".to_owned(),
            EbpfOutcome::Compared(m) if m.is_exact() => "yes".to_owned(),
            EbpfOutcome::Compared(m) => format!("no ({:.1} %)", m.percent()),
        };
        let mut notes = row.notes.clone();
        if let Some(gap) = row.known_ebpf_gap {
            notes.insert(0, format!("known eBPF gap: {gap}"));
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.1} | {} | {} |",
            row.program.name,
            if row.program.single_threaded { "single" } else { "multi" },
            row.ptrace.total,
            row.ptrace.percent(),
            ebpf,
            notes.join("; ").replace('|', "\\|"),
        );
    }
    let (matched, total) = overall(rows);
    let _ = writeln!(
        out,
        "\nOverall ptrace match: {matched}/{total} strace lines = {:.2} %",
        percent(matched, total)
    );
    for row in rows {
        let mut sections = Vec::new();
        if !row.ptrace.is_exact() {
            sections.push(("strace", "ptrace", &row.ptrace));
        }
        if let EbpfOutcome::Compared(m) = &row.ebpf {
            if !m.is_exact() {
                sections.push(("ptrace", "ebpf", m));
            }
        }
        for (left, right, m) in sections {
            let _ = writeln!(
                out,
                "\n## {}: {left} vs {right} ({} of {} mismatched lines)\n",
                row.program.name,
                show.min(m.mismatches.len()),
                m.mismatches.len()
            );
            let _ = writeln!(out, "```");
            for (l, r) in m.mismatches.iter().take(show) {
                let _ = writeln!(out, "{left:>6}: {}", l.as_deref().unwrap_or("(no line)"));
                let _ = writeln!(out, "{right:>6}: {}", r.as_deref().unwrap_or("(no line)"));
            }
            let _ = writeln!(out, "```");
        }
    }
    out
}

/// `TRACER_DIFF_ONLY=a,b`: the names to run (all when unset or empty).
pub fn selected_names(var: Option<&str>) -> Option<Vec<String>> {
    let names: Vec<String> =
        var?.split(',').map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned).collect();
    (!names.is_empty()).then_some(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn ephemeral_ports_are_hidden_but_fixed_ports_stay() {
        assert_eq!(
            hide_run_noise(
                r#"getsockname(3, {sa_family=AF_INET, sin_port=htons(41234), sin_addr=inet_addr("127.0.0.1")}, [16]) = 0"#
            ),
            r#"getsockname(3, {sa_family=AF_INET, sin_port=htons(PORT), sin_addr=inet_addr("127.0.0.1")}, [16]) = 0"#
        );
        let fixed = r#"connect(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("127.0.0.1")}, 16) = 0"#;
        assert_eq!(hide_run_noise(fixed), fixed);
        assert_eq!(hide_run_noise("x htons(32767) htons(32768)"), "x htons(32767) htons(PORT)");
    }

    #[test]
    fn socket_and_pipe_inodes_are_hidden() {
        assert_eq!(
            hide_run_noise(r#"readlink("/proc/self/fd/3", "socket:[123456]", 4095) = 15"#),
            r#"readlink("/proc/self/fd/3", "socket:[INODE]", 4095) = 15"#
        );
        assert_eq!(
            hide_run_noise(r#"write(1, "pipe:[99]\n", 10) = 10"#),
            r#"write(1, "pipe:[INODE]\n", 10) = 10"#
        );
        // Other bracketed numbers stay.
        assert_eq!(hide_run_noise("accept4(3, NULL, [16], 0) = 4"), "accept4(3, NULL, [16], 0) = 4");
    }

    #[test]
    fn clock_times_in_strings_are_hidden() {
        assert_eq!(
            hide_run_noise(r#"write(1, "Thu Nov 27 22:50:01 UTC 2025\n", 29) = 29"#),
            r#"write(1, "DAY MON DD HH:MM:SS UTC 2025\n", 29) = 29"#
        );
        assert_eq!(
            hide_run_noise(r#"write(1, "Modify: 2025-11-27 22:50:01.123456789 +0000", 44) = 44"#),
            r#"write(1, "Modify: YYYY-MM-DD HH:MM:SS +0000", 44) = 44"#
        );
        assert_eq!(
            hide_run_noise(r#"write(1, "Sun Jan  4 01:02:03", 19) = 19"#),
            r#"write(1, "DAY MON DD HH:MM:SS", 19) = 19"#
        );
        // Numbers that are not clock times stay.
        assert_eq!(hide_run_noise("read(3, \"1:2:3\", 5) = 5"), "read(3, \"1:2:3\", 5) = 5");
    }

    #[test]
    fn sysinfo_and_times_counters_are_hidden_but_not_their_layout() {
        assert_eq!(
            hide_run_noise("sysinfo({uptime=4017, loads=[5824, 13472, 8800], totalram=4109254656, freeram=1962377216, sharedram=1044480, bufferram=98676736, totalswap=0, freeswap=0, procs=142, totalhigh=0, freehigh=0, mem_unit=1}) = 0"),
            "sysinfo({uptime=N, loads=[N, N, N], totalram=4109254656, freeram=N, sharedram=N, bufferram=N, totalswap=0, freeswap=N, procs=N, totalhigh=0, freehigh=N, mem_unit=1}) = 0"
        );
        assert_eq!(
            hide_run_noise(
                "times({tms_utime=3 /* 0.03 s */, tms_stime=0, tms_cutime=0, tms_cstime=0}) = 1718932771"
            ),
            "times({tms_utime=N, tms_stime=N, tms_cutime=N, tms_cstime=N}) = N"
        );
        // The argument of a times() call decoded differently stays as it is.
        assert_eq!(hide_run_noise("times(0x7ffd1234) = 1718932771"), "times(0x7ffd1234) = N");
    }

    #[test]
    fn statfs_free_counts_are_hidden_but_sizes_stay() {
        assert_eq!(
            hide_run_noise("statfs(\"/\", {f_type=EXT2_SUPER_MAGIC, f_bsize=4096, f_blocks=2563397, f_bfree=1165000, f_bavail=1030000, f_files=655360, f_ffree=500000, f_fsid={val=[0x1, 0x2]}, f_namelen=255, f_frsize=4096, f_flags=ST_VALID|ST_RELATIME}) = 0"),
            "statfs(\"/\", {f_type=EXT2_SUPER_MAGIC, f_bsize=4096, f_blocks=2563397, f_bfree=N, f_bavail=N, f_files=655360, f_ffree=N, f_fsid={val=[0x1, 0x2]}, f_namelen=255, f_frsize=4096, f_flags=ST_VALID|ST_RELATIME}) = 0"
        );
    }

    #[test]
    fn work_dir_and_child_pids_are_hidden() {
        let dir = Path::new("/tmp/tracer-diff-0000042-0007");
        let trace = "getcwd(\"/tmp/tracer-diff-0000042-0007\", 4096) = 29\n\
                     set_tid_address(0x7f0000000a10) = 5000\n\
                     clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f0000000a10) = 5012\n\
                     wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 5012\n\
                     --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=5012, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---\n\
                     read(3, \"5012 50120\", 10) = 10\n";
        let lines = normalize_run(trace, dir);
        assert_eq!(lines[0], "getcwd(\"WORKDIR\", 4096) = 29");
        assert_eq!(lines[1], "set_tid_address(0xADDR) = PID");
        assert!(lines[2].ends_with(") = CHILD1"), "{}", lines[2]);
        assert_eq!(lines[3], "wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = CHILD1");
        assert!(lines[4].contains("si_pid=CHILD1,"), "{}", lines[4]);
        // Only whole numbers equal to a child's pid.
        assert_eq!(lines[5], "read(3, \"CHILD1 50120\", 10) = 10");
    }

    #[test]
    fn a_work_dir_cut_at_the_string_limit_is_hidden() {
        let dir = Path::new("/var/tmp/some-longer-tmpdir/tracer-diff-0000042-0007");
        let lines = normalize_run("getcwd(\"/var/tmp/some-longer-tmpdir/trac\"..., 4096) = 52\n", dir);
        assert_eq!(lines[0], "getcwd(\"WORKDIR\"..., 4096) = 52");
    }

    #[test]
    fn compare_counts_reference_lines_reproduced_in_order() {
        let reference = lines("a\nb\nc\nd");
        assert_eq!(compare(&reference, &reference).matched, 4);
        assert!(compare(&reference, &reference).is_exact());
        let other = lines("a\nB\nc\nd\ne");
        let m = compare(&reference, &other);
        assert_eq!((m.matched, m.total), (3, 4));
        assert_eq!(m.percent(), 75.0);
        assert_eq!(
            m.mismatches,
            vec![(Some("b".to_owned()), Some("B".to_owned())), (None, Some("e".to_owned()))]
        );
        // A missing line is a mismatch with no counterpart.
        let m = compare(&reference, &lines("a\nc\nd"));
        assert_eq!(m.mismatches, vec![(Some("b".to_owned()), None)]);
        assert_eq!(compare(&[], &[]).percent(), 100.0);
    }

    #[test]
    fn only_names_are_parsed_from_a_list() {
        assert_eq!(selected_names(None), None);
        assert_eq!(selected_names(Some(" ")), None);
        assert_eq!(selected_names(Some("ls, cat,")), Some(vec!["ls".to_owned(), "cat".to_owned()]));
    }

    #[test]
    fn work_dirs_have_fixtures_and_names_of_one_length() {
        let (a, b) = (WorkDir::new(), WorkDir::new());
        assert_ne!(a.path(), b.path());
        assert_eq!(a.path().as_os_str().len(), b.path().as_os_str().len());
        assert!(a.path().join("lines.txt").is_file() && a.path().join("tree/sub/b.txt").is_file());
        let path = a.path().to_owned();
        drop(a);
        assert!(!path.exists(), "removed on drop");
    }

    #[test]
    fn report_lists_programs_and_mismatches() {
        let program = Program { name: "demo", argv: &["true"], single_threaded: true };
        let ptrace = compare(&lines("a\nb"), &lines("a\nc"));
        let rows =
            vec![Row { program, ptrace, ebpf: EbpfOutcome::Skipped, known_ebpf_gap: None, notes: vec![] }];
        let report = render_report(&rows, 5);
        assert!(report.contains("| demo | single | 2 | 50.0 | skipped (not root) |  |"), "{report}");
        assert!(report.contains("Overall ptrace match: 1/2 strace lines = 50.00 %"), "{report}");
        assert!(report.contains("strace: b\nptrace: c"), "{report}");
    }
}
