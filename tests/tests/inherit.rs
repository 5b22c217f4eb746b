//! A traced command starts with the signal mask and the ignored signals the tracer itself was
//! started with, as under strace (tests/src/bin/fixture-inherit.rs), under both backends; an
//! ignored SIGCHLD does not keep the tracer from seeing the command end.

use tracer_tests::edges::between_markers;
use tracer_tests::{backends, first_difference, fixture, strace_in, tracer_in, RunIn};

#[test]
fn the_signal_mask_and_ignored_signals_are_inherited() {
    let run_in = RunIn {
        blocked: &[libc::SIGUSR1, libc::SIGCHLD],
        ignored: &[libc::SIGCHLD, libc::SIGUSR2],
        ..RunIn::default()
    };
    let program = fixture("fixture-inherit");
    let theirs = strace_in(run_in, &[], &[&program, "signals"]);
    let want = between_markers(&theirs.trace);
    assert_eq!(want.len(), 4, "strace's lines:\n{}", theirs.trace);
    assert!(want[0].contains("[USR1 CHLD]"), "{want:?}");
    for backend in backends() {
        let ours = tracer_in(run_in, backend, &[], &[&program, "signals"]);
        assert!(ours.status.success(), "{backend}: {}", ours.stderr);
        assert!(ours.trace.contains("+++ exited with 0 +++"), "{backend}:\n{}", ours.trace);
        let got = between_markers(&ours.trace);
        if let Some(diff) = first_difference(&want, &got) {
            panic!("{backend} (right) vs strace (left): {diff}");
        }
    }
}
