//! Hostile tracees (tests/src/bin/fixture-hostile.rs): bad pointers, an iovcnt of 2^31, strings
//! with no NUL before a page's end, a buffer unmapped while its call waits, 100,000 arguments.
//! Rendered like strace 6.1 where its output is deterministic, never a crash, and the tracer's
//! peak RSS (wait4's rusage) stays under 64 MiB.

use std::process::{Command, Stdio};

use tracer_tests::{backends, first_difference, fixture, normalize_trace, tracer_bin};

const RSS_LIMIT_KIB: i64 = 64 * 1024;

/// The normalised lines from the begin marker to the end marker (both included).
fn between_markers(trace: &str) -> Vec<String> {
    let lines = normalize_trace(trace);
    let start = lines.iter().position(|l| l.contains("/tracer-fixture-begin")).unwrap_or(lines.len());
    let end = lines.iter().position(|l| l.contains("/tracer-fixture-end")).map_or(lines.len(), |e| e + 1);
    lines.get(start..end.max(start)).unwrap_or_default().to_vec()
}

struct Run {
    trace: String,
    stderr: String,
    code: Option<i32>,
    max_rss_kib: i64,
}

/// `tracer --backend BACKEND -o FILE EXTRA... -- fixture-hostile MODE`, its peak RSS from wait4
/// (through fixture-rusage, so that this test's own memory is not charged to it).
fn traced(backend: &str, extra: &[&str], mode: &str) -> Run {
    let base = std::env::temp_dir().join(format!("tracer-hostile-{}-{backend}-{mode}", std::process::id()));
    let (path, rss_path) = (base.with_extension("trace"), base.with_extension("rss"));
    let out = Command::new(fixture("fixture-rusage"))
        .arg(&rss_path)
        .arg(tracer_bin())
        .args(["--backend", backend, "-o"])
        .arg(&path)
        .args(extra)
        .args(["--", &fixture("fixture-hostile"), mode])
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .output()
        .expect("tracer starts");
    let trace = std::fs::read_to_string(&path).unwrap_or_default();
    let max_rss_kib =
        std::fs::read_to_string(&rss_path).ok().and_then(|t| t.trim().parse().ok()).unwrap_or(-1);
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(&rss_path);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    Run { trace, stderr, code: out.status.code(), max_rss_kib }
}

fn check_sane(backend: &str, mode: &str, run: &Run) {
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "{backend} {mode}: {}",
        run.stderr
    );
    assert_eq!(run.code, Some(0), "{backend} {mode}: stderr {}\n{}", run.stderr, run.trace);
    assert!(
        (0..RSS_LIMIT_KIB).contains(&run.max_rss_kib),
        "{backend} {mode}: peak RSS {} KiB (limit {RSS_LIMIT_KIB})",
        run.max_rss_kib
    );
    eprintln!("{backend} {mode}: peak RSS {} KiB", run.max_rss_kib);
}

/// ptrace equals strace, eBPF equals ptrace, from marker to marker.
fn like_strace(mode: &str, extra: &[&str]) {
    let theirs = tracer_tests::strace(extra, &[&fixture("fixture-hostile"), mode]);
    let want = between_markers(&theirs.trace);
    assert!(want.len() >= 2, "strace saw no markers: {}", theirs.trace);
    for backend in backends() {
        let run = traced(backend, extra, mode);
        check_sane(backend, mode, &run);
        let got = between_markers(&run.trace);
        if let Some(diff) = first_difference(&want, &got) {
            panic!("{backend} {mode} {extra:?} vs strace: {diff}");
        }
    }
}

#[test]
fn bad_pointers_print_as_addresses_like_strace() {
    like_strace("badptr", &[]);
}

/// The iovec array runs into a page's end (the kernel refuses the count before reading past it):
/// the elements that could be read, then `... /* ADDR */`, as strace.
#[test]
fn an_iovcnt_of_2_pow_31_is_not_believed() {
    like_strace("iovcnt", &[]);
}

#[test]
fn unterminated_strings_up_to_a_page_end_render_like_strace() {
    like_strace("unterminated", &[]);
    like_strace("unterminated", &["-s", "4096"]);
}

#[test]
fn argv_of_100000_entries_renders_like_strace_in_bounded_memory() {
    like_strace("argv", &[]);
    // With -v and a large -s, still bounded.
    for backend in backends() {
        let run = traced(backend, &["-v", "-s", "65536"], "argv");
        check_sane(backend, "argv -v -s 65536", &run);
    }
}

#[test]
fn a_buffer_unmapped_between_entry_and_exit_shows_its_address() {
    for backend in backends() {
        let run = traced(backend, &["-f"], "unmap");
        check_sane(backend, "unmap", &run);
        // The reader's read, whole or in halves, ends in EFAULT with the buffer's address.
        let lines: Vec<String> = run
            .trace
            .lines()
            .map(|l| l.trim_start_matches(|c: char| c.is_ascii_digit()).trim_start().to_owned())
            .collect();
        let whole = lines
            .iter()
            .any(|l| tracer_tests::normalize(l) == "read(3, 0xADDR, 4096) = -1 EFAULT (Bad address)");
        let halves = lines.iter().any(|l| l == "read(3,  <unfinished ...>")
            && lines.iter().any(|l| {
                tracer_tests::normalize(l) == "<... read resumed>0xADDR, 4096) = -1 EFAULT (Bad address)"
            });
        assert!(whole || halves, "{backend}: no EFAULT read in\n{}", run.trace);
    }
}
