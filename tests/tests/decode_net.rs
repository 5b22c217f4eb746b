//! Socket calls decoded as strace 6.1 decodes them (tests/src/bin/fixture-net.rs): addresses of
//! many families, option structures, control messages, lengths with buffers at a page's end.

use regex::Regex;
use tracer_tests::edges::{between_markers, like_strace};
use tracer_tests::{backends, first_difference, fixture, strace, tracer};

#[test]
fn socket_addresses_of_many_families() {
    let lines = like_strace("fixture-net", "sockaddrs", &[]);
    assert!(lines >= 16, "{lines} lines compared");
    like_strace("fixture-net", "sockaddrs", &["-Xverbose"]);
    like_strace("fixture-net", "sockaddrs", &["-Xraw"]);
}

#[test]
fn socket_option_structures() {
    let lines = like_strace("fixture-net", "sockopts", &[]);
    assert!(lines >= 16, "{lines} lines compared");
    like_strace("fixture-net", "sockopts", &["-Xverbose"]);
}

#[test]
fn control_messages() {
    let lines = like_strace("fixture-net", "cmsg", &[]);
    assert!(lines >= 9, "{lines} lines compared");
}

#[test]
fn lengths_and_values_in_buffers_at_a_page_end() {
    let lines = like_strace("fixture-net", "lengths", &[]);
    assert!(lines >= 7, "{lines} lines compared");
}

#[test]
fn sendfile_offsets() {
    let lines = like_strace("fixture-net", "sendfile", &[]);
    assert!(lines >= 3, "{lines} lines compared");
}

/// Inode numbers and port ids (the pid) vary from run to run: they are compared as a shape.
fn ids_masked(lines: Vec<String>) -> Vec<String> {
    let ids = Regex::new(r"(socket:\[|NETLINK:\[|SOCK_DIAG:|nl_pid=)\d+").expect("valid regex");
    lines.into_iter().map(|l| ids.replace_all(&l, "${1}ID").into_owned()).collect()
}

/// New sockets are named by their inodes with `-y`, by protocol and port id with `-yy`, whichever
/// backend (the eBPF backend renders after the process is gone, so the inode is captured).
#[test]
fn new_sockets_are_named_like_strace() {
    let program = fixture("fixture-net");
    let runs: [(&str, &[&str]); 5] = [
        ("new-netlink", &["-y"]),
        ("new-netlink", &["-yy"]),
        ("new-netlink", &["--decode-fds=socket"]),
        ("new-netlink", &["--decode-fds=path"]),
        // The unix sockets' autobound names vary: only the calls that show none.
        // (The markers are openat calls.)
        ("new-unix", &["-y", "-e", "trace=socket,listen,accept,close,openat"]),
    ];
    for (mode, extra) in runs {
        let want = ids_masked(between_markers(&strace(extra, &[&program, mode]).trace));
        assert!(want.iter().any(|l| l.contains(":[ID]")), "strace {mode} {extra:?}: {want:#?}");
        for backend in backends() {
            let got = ids_masked(between_markers(&tracer(backend, extra, &[&program, mode]).trace));
            if let Some(diff) = first_difference(&want, &got) {
                panic!("{mode} {extra:?}, {backend} (right) vs strace (left): {diff}");
            }
        }
    }
}

/// What a line shows of received descriptors: its `cmsg_data=[...]`, or the whole line (the
/// socket's own `<socket:[INODE]>` differs from run to run, and the eBPF backend does not name
/// the socketpair's descriptors yet).
fn rights_part(line: &str) -> String {
    match line.split_once("cmsg_data=") {
        Some((_, rest)) => rest.split_once(']').map_or(rest, |(data, _)| data).to_string(),
        None => line.to_string(),
    }
}

#[test]
fn received_descriptors_are_named() {
    let program = tracer_tests::fixture("fixture-net");
    let extra = ["-y"];
    let lines =
        |trace: &str| -> Vec<String> { between_markers(trace).iter().map(|l| rights_part(l)).collect() };
    let want = lines(&strace(&extra, &[&program, "rights"]).trace);
    assert!(want.len() >= 3 && want[1].contains("</dev/null>"), "{want:?}");
    // The eBPF backend learns the received descriptors from /proc too late (the fixture has
    // closed them when the record is decoded): ptrace only for now.
    for backend in backends().into_iter().filter(|&b| b == "ptrace") {
        let got = lines(&tracer(backend, &extra, &[&program, "rights"]).trace);
        assert_eq!(want, got, "{backend}");
    }
}
