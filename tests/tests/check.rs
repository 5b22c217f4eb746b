//! `tracer --check`: one line per item (ok / info / FAIL with its fix), both backends tried, and a
//! verdict line; as root here every item a backend needs is ok.

use std::process::Command;

#[test]
fn check_reports_each_item_and_tries_both_backends() {
    let out = Command::new(tracer_tests::tracer_bin()).arg("--check").output().expect("tracer runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    let (items, verdict) = lines.split_at(lines.len().saturating_sub(1));
    for line in items {
        assert!(
            line.starts_with("ok    ") || line.starts_with("info  ") || line.starts_with("FAIL  "),
            "{line}"
        );
        if line.starts_with("FAIL") {
            assert!(line.contains("fix:") || line.contains("failed:"), "a failure says what to do: {line}");
        }
    }
    for item in ["kernel ", "BTF:", "capabilities:", "seccomp:", "ptrace backend:", "ebpf backend:"] {
        assert!(items.iter().any(|l| l.contains(item)), "no {item} line: {text}");
    }
    assert!(items.iter().any(|l| l.starts_with("ok    ptrace backend: traced")), "{text}");
    if tracer_tests::is_root() {
        assert!(items.iter().any(|l| l.starts_with("ok    ebpf backend: traced")), "{text}");
        assert_eq!(verdict, ["ptrace backend: usable; eBPF backend: usable"]);
    } else {
        eprintln!("as non-root the eBPF items fail, as they should; CI runs this as root");
        assert!(verdict[0].starts_with("ptrace backend: usable"), "{text}");
    }
}
