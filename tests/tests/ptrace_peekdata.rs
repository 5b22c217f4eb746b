//! Where the kernel refuses process_vm_readv (ENOSYS, as a seccomp policy or an old kernel may),
//! the ptrace backend reads tracee memory with PTRACE_PEEKDATA, as strace does, and prints the same
//! lines. The refusal is injected by an outer tracer into the inner one's process_vm_readv calls.

use tracer_tests::edges::between_markers;
use tracer_tests::{first_difference, fixture, strace, tracer, tracer_bin};

#[test]
fn tracee_memory_is_peeked_when_process_vm_readv_is_refused() {
    let program = fixture("fixture-edges");
    let inner_log = std::env::temp_dir().join(format!("tracer-peekdata-{}.trace", std::process::id()));
    let inner_log_arg = inner_log.to_string_lossy().into_owned();
    let inner = tracer_bin().to_string_lossy().into_owned();
    for mode in ["strings", "locks"] {
        let outer = tracer(
            "ptrace",
            // --no-seccomp: without it the outer tracer would follow the inner one's child
            // (silently, see silent_follow.rs), and the inner one could not trace it.
            &[
                "-qq",
                "--no-seccomp",
                "-e",
                "signal=none",
                "-e",
                "trace=process_vm_readv",
                "-e",
                "fault=process_vm_readv",
            ],
            &[&inner, "--backend", "ptrace", "-o", &inner_log_arg, "--", &program, mode],
        );
        assert!(outer.status.success(), "{mode}: {}", outer.stderr);
        assert!(
            outer.trace.contains("= -1 ENOSYS (Function not implemented) (INJECTED)"),
            "{mode}: the inner tracer's process_vm_readv was not refused:\n{}",
            outer.trace
        );
        let got = between_markers(&std::fs::read_to_string(&inner_log).unwrap_or_default());
        let _ = std::fs::remove_file(&inner_log);
        let want = between_markers(&strace(&[], &[&program, mode]).trace);
        assert!(!want.is_empty(), "{mode}: strace printed nothing between the markers");
        if let Some(diff) = first_difference(&want, &got) {
            panic!("{mode}: tracer reading with PTRACE_PEEKDATA (right) vs strace (left): {diff}");
        }
    }
}
