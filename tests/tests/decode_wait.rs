//! Calls that wait: fd sets, signal-mask structs, short signal sets and interrupted sleeps print as
//! strace prints them (tests/src/bin/fixture-wait.rs).

use regex::Regex;
use tracer_tests::edges::{between_markers, like_strace};
use tracer_tests::{backends, first_difference, fixture, strace, tracer};

#[test]
fn fd_sets_are_nfds_bits_wide() {
    let lines = like_strace("fixture-wait", "select", &[]);
    assert!(lines >= 5, "{lines} lines compared");
}

#[test]
fn huge_nfds_sets_show_their_bits_with_untouched_pages_after_them() {
    let lines = like_strace("fixture-wait", "select-huge", &[]);
    assert!(lines >= 2, "{lines} lines compared");
    // The markers are openat calls of their own paths.
    let paths = ["-P", "/dev/null", "-P", "/tracer-fixture-begin", "-P", "/tracer-fixture-end"];
    like_strace(
        "fixture-wait",
        "select-huge",
        &[&["-e", "trace=select,pselect6,openat"][..], &paths].concat(),
    );
}

#[test]
fn signal_masks_behind_structs_and_short_sets() {
    let lines = like_strace("fixture-wait", "sigsets", &[]);
    assert!(lines >= 12, "{lines} lines compared");
}

/// The time left, and the absolute time slept until, vary from run to run: they are compared as a
/// shape.
fn time_left_masked(lines: Vec<String>) -> Vec<String> {
    let left = Regex::new(r"\{tv_sec=\d+, tv_nsec=\d+\}\) = \? ERESTART").expect("valid regex");
    let until = Regex::new(r"TIMER_ABSTIME, \{tv_sec=\d+").expect("valid regex");
    lines
        .into_iter()
        .map(|l| left.replace_all(&l, "{LEFT}) = ? ERESTART").into_owned())
        .map(|l| until.replace_all(&l, "TIMER_ABSTIME, {tv_sec=T").into_owned())
        .collect()
}

#[test]
fn interrupted_sleeps_print_the_time_left() {
    let program = fixture("fixture-wait");
    let extra: [&str; 0] = [];
    let want = time_left_masked(between_markers(&strace(&extra, &[&program, "sleeps"]).trace));
    assert!(want.iter().filter(|l| l.contains("{LEFT}")).count() == 2, "strace: {want:#?}");
    for backend in backends() {
        let got = time_left_masked(between_markers(&tracer(backend, &extra, &[&program, "sleeps"]).trace));
        if let Some(diff) = first_difference(&want, &got) {
            panic!("{backend} (right) vs strace (left): {diff}");
        }
    }
}
