//! `-z`, `-Z` and `-e status=` under the eBPF backend are filtered in the kernel: a call
//! whose entry can wait for its exit is sent whole at its exit (one SYS_CALL record), and only when
//! its status is shown. The output must be the ptrace backend's, and fewer records must cross the
//! ring buffer than without the filter.
//!
//! tracer's hidden test hook `TRACER_DUMP_KERNEL_SUMMARY=1` writes, at the end, `ring-records
//! total=N syscall=M` on stderr: the records read from the ring buffer and how many were syscall
//! records (see `tracer-cli/src/backend/ebpf/kernel_summary.rs`).

use tracer_tests::{
    first_difference, fixture, from_begin_marker, normalize_unprefixed, require_root, tracer, tracer_in,
    RunIn, Traced,
};

const DD: [&str; 6] = ["dd", "if=/dev/zero", "of=/dev/null", "bs=1", "count=2000", "status=none"];

/// `(total, syscall)` from the `ring-records` line.
fn ring_records(stderr: &str) -> Option<(u64, u64)> {
    let line = stderr.lines().find_map(|l| l.strip_prefix("ring-records "))?;
    let mut values = line.split(' ').filter_map(|kv| kv.split_once('=')?.1.parse().ok());
    Some((values.next()?, values.next()?))
}

fn dumped(flags: &[&str], command: &[&str]) -> (Traced, u64) {
    let env = [("TRACER_DUMP_KERNEL_SUMMARY", "1")];
    let traced = tracer_in(RunIn { env: &env, ..RunIn::default() }, "ebpf", flags, command);
    let (_, syscall) = ring_records(&traced.stderr)
        .unwrap_or_else(|| panic!("no ring-records line for {flags:?}; stderr:\n{}", traced.stderr));
    (traced, syscall)
}

/// Normalised lines, without `+++` lines (pids).
fn lines(trace: &str) -> Vec<String> {
    normalize_unprefixed(trace).into_iter().filter(|l| !l.starts_with("+++")).collect()
}

#[test]
fn z_and_big_z_show_what_ptrace_shows() {
    require_root!();
    let files = fixture("fixture-files");
    for flags in [&["-Z"][..], &["-z"], &["-e", "status=failed,unfinished"], &["-f", "-Z"]] {
        let ptrace = tracer("ptrace", flags, &[&files]);
        let ebpf = tracer("ebpf", flags, &[&files]);
        assert_eq!(ebpf.status.code(), Some(7), "{flags:?}: {}", ebpf.stderr);
        let norm = |t: &Traced| normalize_unprefixed(&from_begin_marker(&t.trace).join("\n"));
        if let Some(diff) = first_difference(&norm(&ebpf), &norm(&ptrace)) {
            panic!("{flags:?}: {diff}\nebpf:\n{}\nptrace:\n{}", ebpf.trace, ptrace.trace);
        }
        assert!(!norm(&ebpf).is_empty() || flags == ["-z"], "{flags:?}: nothing shown");
    }
    // A whole program: every failed call of the loader and of dd, nothing else.
    let ptrace = tracer("ptrace", &["-Z"], &DD);
    let ebpf = tracer("ebpf", &["-Z"], &DD);
    if let Some(diff) = first_difference(&lines(&ebpf.trace), &lines(&ptrace.trace)) {
        panic!("-Z dd: {diff}\nebpf:\n{}\nptrace:\n{}", ebpf.trace, ptrace.trace);
    }
}

#[test]
fn calls_filtered_out_never_cross_the_ring() {
    require_root!();
    let (all, all_records) = dumped(&[], &DD);
    let (failed, failed_records) = dumped(&["-Z"], &DD);
    let (ok, ok_records) = dumped(&["-z"], &DD);
    assert!(all.status.success() && failed.status.success() && ok.status.success());
    // dd's 4000 successful one-byte reads and writes are sent without a filter (one record each),
    // and never with -Z: only the failed calls and the few whose entry cannot wait (execve,
    // exit_group, ...) are.
    assert!(all_records >= 4000, "without a filter: {all_records} syscall records");
    let shown = lines(&failed.trace).len() as u64;
    assert!(failed_records <= shown + 10, "-Z: {failed_records} syscall records for {shown} lines");
    assert!(ok_records >= 4000 && ok_records <= all_records, "-z: {ok_records} of {all_records}");
    // Without a filter a call that does not block is one record, not two.
    let calls = lines(&all.trace).len() as u64;
    assert!(all_records < calls + calls / 4, "{all_records} syscall records for {calls} calls");
}
