//! End to end: the output flags (`-a`, `-v`, `-X`, `-e raw=`, `-y`, `-yy`) under `tracer --backend
//! ptrace` against the installed strace with the same flags, and the eBPF backend against both.

use std::process::Command;
use std::sync::OnceLock;

use regex::Regex;
use tracer_tests::{
    first_difference, fixture, from_begin_marker, normalize_trace, require_root, strace, tracer,
};

fn assert_same(what: &str, left: &[String], right: &[String]) {
    if let Some(diff) = first_difference(left, right) {
        panic!("{what}: {diff}");
    }
}

/// Pipe and socket inode numbers and loopback ports: what differs between two runs of the same
/// program with `-y`/`-yy`.
fn hide_inodes_and_ports(line: &str) -> String {
    static RULES: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    let rules = RULES.get_or_init(|| {
        [
            (r"\b(pipe|socket|TCP|TCPv6|UDP|UDPv6|UNIX|UNIX-STREAM|NETLINK):\[\d+(\]|,|->)", "$1:[INODE$2"),
            (r"\[INODE->\d+", "[INODE->INODE"),
            (r"\b(127\.0\.0\.1|0\.0\.0\.0):\d+", "$1:PORT"),
            (r"htons\(\d+\)", "htons(PORT)"),
        ]
        .into_iter()
        .map(|(re, to)| (Regex::new(re).expect("valid regex"), to))
        .collect()
    });
    rules.iter().fold(line.to_string(), |acc, (re, to)| re.replace_all(&acc, *to).into_owned())
}

fn normalized(trace: &str) -> Vec<String> {
    normalize_trace(trace).iter().map(|l| hide_inodes_and_ports(l)).collect()
}

/// The lines of `trace` (normalised) that name one of `calls`.
fn lines_of(trace: &str, calls: &[&str]) -> Vec<String> {
    normalized(trace).into_iter().filter(|l| calls.iter().any(|c| l.starts_with(&format!("{c}(")))).collect()
}

fn fixture_files() -> String {
    fixture("fixture-files")
}

/// fixture-files from its begin marker, under strace and ptrace (and eBPF as root) with `flags`:
/// all must be identical, with nothing normalised.
fn fixture_files_agree(flags: &[&str]) -> Vec<String> {
    let command = [fixture_files()];
    let command: Vec<&str> = command.iter().map(String::as_str).collect();
    let reference = from_begin_marker(&strace(flags, &command).trace);
    assert!(reference.len() > 5, "strace {flags:?} printed: {reference:?}");
    let ptrace = tracer("ptrace", flags, &command);
    assert_same(&format!("{flags:?}: ptrace vs strace"), &from_begin_marker(&ptrace.trace), &reference);
    if tracer_tests::is_root() {
        let ebpf = tracer("ebpf", flags, &command);
        assert!(ebpf.stderr.is_empty(), "eBPF backend complained: {}", ebpf.stderr);
        assert_same(&format!("{flags:?}: ebpf vs strace"), &from_begin_marker(&ebpf.trace), &reference);
    } else {
        eprintln!("not root: the eBPF backend is not checked (it needs CAP_BPF + CAP_PERFMON)");
    }
    reference
}

#[test]
fn columns_move_the_result_column() {
    let lines = fixture_files_agree(&["-a", "60"]);
    assert!(lines.iter().any(|l| l == &format!("close(3){} = 0", " ".repeat(51))), "{lines:?}");
    let lines = fixture_files_agree(&["--columns=0"]);
    assert!(lines.iter().any(|l| l == "close(3) = 0"), "{lines:?}");
}

#[test]
fn y_prints_paths_of_descriptors_and_the_cwd() {
    let lines = fixture_files_agree(&["-y"]);
    let cwd = std::env::current_dir().expect("cwd");
    let expected = format!("openat(AT_FDCWD<{}>, \"/dev/null\", O_WRONLY) = 3</dev/null>", cwd.display());
    assert!(lines.contains(&expected), "missing {expected:?} in {lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("close(3</dev/zero>)")), "{lines:?}");
}

#[test]
fn yy_adds_device_numbers() {
    let lines = fixture_files_agree(&["-yy"]);
    assert!(lines.iter().any(|l| l.starts_with("close(3</dev/null<char 1:3>>)")), "{lines:?}");
    fixture_files_agree(&["-e", "decode-fds=path,dev"]);
}

#[test]
fn raw_prints_the_listed_calls_undecoded() {
    // openat stays decoded: the begin marker is found by its path.
    let lines = fixture_files_agree(&["-e", "raw=close,exit_group"]);
    assert!(lines.iter().any(|l| l.starts_with("close(0x3)")), "{lines:?}");
}

/// A whole `cat` run: every line, with `-y` (inherited descriptors included) and with `-v`.
#[test]
fn cat_a_file_matches_strace_line_for_line() {
    let command = ["cat", "/etc/hostname"];
    for flags in [&["-y"][..], &["-yy"], &["-a", "50", "-e", "raw=read"]] {
        let reference = normalized(&strace(flags, &command).trace);
        let ptrace = normalized(&tracer("ptrace", flags, &command).trace);
        assert_same(&format!("cat {flags:?}: ptrace vs strace"), &ptrace, &reference);
        if tracer_tests::is_root() {
            let ebpf = normalized(&tracer("ebpf", flags, &command).trace);
            assert_same(&format!("cat {flags:?}: ebpf vs strace"), &ebpf, &reference);
        }
    }
    // -v: unabbreviated structures. execve's environment under -v is the struct decoders' part
    // (not printed in full yet), so the comparison starts after it.
    let reference = normalized(&strace(&["-v"], &command).trace);
    let ptrace = normalized(&tracer("ptrace", &["-v"], &command).trace);
    assert!(reference.iter().any(|l| l.contains("st_ino=")), "-v shows whole stat structs: {reference:?}");
    assert_same("cat -v: ptrace vs strace", &ptrace[1..], &reference[1..]);
}

/// A pipeline in a shell: pipe ends, dup2 onto stdin/stdout, close.
#[test]
fn shell_pipeline_descriptors_match_strace() {
    let command = ["sh", "-c", "cat /etc/hostname | wc -c >/dev/null; exec 5</etc/hostname; cat <&5"];
    let calls = ["pipe2", "close", "dup2", "openat", "read", "write"];
    let reference = lines_of(&strace(&["-y"], &command).trace, &calls);
    assert!(
        reference.iter().any(|l| l.starts_with("pipe2([3<pipe:[INODE]>, 4<pipe:[INODE]>]")),
        "{reference:?}"
    );
    let ptrace = lines_of(&tracer("ptrace", &["-y"], &command).trace, &calls);
    assert_same("sh pipeline -y: ptrace vs strace", &ptrace, &reference);
}

/// A loopback TCP connection in python: `-yy` shows each socket's endpoints as they change.
#[test]
fn yy_shows_tcp_endpoints_like_strace() {
    let script = "import socket\n\
                  s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()\n\
                  c = socket.create_connection(s.getsockname()); a, _ = s.accept()\n\
                  a.send(b'x'); c.recv(1); a.close(); c.close(); s.close()\n\
                  p, q = socket.socketpair(); p.close(); q.close()\n";
    let python =
        if std::path::Path::new("/usr/bin/python3").exists() { "/usr/bin/python3" } else { "python3" };
    let command = [python, "-c", script];
    let calls =
        ["socket", "bind", "listen", "connect", "accept4", "sendto", "recvfrom", "socketpair", "close"];
    let keep = |trace: &str| -> Vec<String> {
        lines_of(trace, &calls).into_iter().filter(|l| l.contains("TCP") || l.contains("UNIX")).collect()
    };
    let reference = keep(&strace(&["-yy"], &command).trace);
    assert!(
        reference.iter().any(|l| l.contains("<TCP:[127.0.0.1:PORT->127.0.0.1:PORT]>")),
        "strace shows connected endpoints: {reference:?}"
    );
    let ptrace = keep(&tracer("ptrace", &["-yy"], &command).trace);
    assert_same("python TCP -yy: ptrace vs strace", &ptrace, &reference);
}

/// A UNIX stream connection in python: the connecting socket's peer has an inode only once the
/// connection is accepted, and `-yy` shows it from then on (getpeername, send), as strace does.
/// (tracer caches what `-yy` found; an accept must refresh the connected sockets lacking a peer.)
#[test]
fn yy_shows_unix_peers_once_accepted_like_strace() {
    let script = "import socket\n\
                  name = '\\0tracer-test-yy-unix'\n\
                  s = socket.socket(socket.AF_UNIX); s.bind(name); s.listen()\n\
                  c = socket.socket(socket.AF_UNIX); c.connect(name); a, _ = s.accept()\n\
                  c.getpeername(); c.send(b'x'); a.recv(1); c.close(); a.close(); s.close()\n";
    let python =
        if std::path::Path::new("/usr/bin/python3").exists() { "/usr/bin/python3" } else { "python3" };
    let command = [python, "-c", script];
    let calls =
        ["socket", "bind", "listen", "connect", "accept4", "getpeername", "sendto", "recvfrom", "close"];
    let keep = |trace: &str| -> Vec<String> {
        lines_of(trace, &calls).into_iter().filter(|l| l.contains("UNIX")).collect()
    };
    let reference = keep(&strace(&["-yy"], &command).trace);
    assert!(
        reference.iter().any(|l| l.starts_with("getpeername(") && l.contains("[INODE->INODE")),
        "strace shows the accepted peer: {reference:?}"
    );
    let ptrace = keep(&tracer("ptrace", &["-yy"], &command).trace);
    // ptrace only, as for TCP above: the eBPF backend renders after the fact and learns a new
    // socket's inode from /proc, which a process that has already ended no longer shows.
    assert_same("python UNIX -yy: ptrace vs strace", &ptrace, &reference);
}

/// The eBPF backend renders after the fact: path names come from the calls themselves, so they are
/// the same as ptrace's even when the process is long gone.
#[test]
fn ebpf_names_descriptors_like_ptrace() {
    require_root!();
    let command =
        ["sh", "-c", "exec 5</etc/hostname; cat <&5 >/dev/null; cd /tmp && cat hostname 2>/dev/null; true"];
    let calls = ["close", "dup2", "openat", "read", "write", "fcntl", "chdir", "newfstatat"];
    let ptrace = lines_of(&tracer("ptrace", &["-y"], &command).trace, &calls);
    let ebpf = lines_of(&tracer("ebpf", &["-y"], &command).trace, &calls);
    assert!(ptrace.iter().any(|l| l.contains("AT_FDCWD</tmp>")), "{ptrace:?}");
    assert_same("sh -y: ebpf vs ptrace", &ebpf, &ptrace);
}

/// Bad values: strace's message with `tracer` for `strace`, the same hint (or none), exit 1.
#[test]
fn bad_values_read_like_strace() {
    let cases: &[&[&str]] = &[
        &["-X", "foo"],
        &["--const-print-style=foo"],
        &["-a", "x"],
        &["-a", "-1"],
        &["--columns=x"],
        &["-e", "abbrev=foo"],
        &["-e", "raw="],
        &["-e", "raw=%foo"],
        &["-e", "raw=read@16"],
        &["-e", "verbose=!"],
        &["-e", "decode-fds=foo"],
        &["-y", "-e", "decode-fds=path"],
    ];
    for args in cases {
        let ours = Command::new(tracer_tests::tracer_bin()).args(*args).arg("true").output().expect("runs");
        let theirs = Command::new("strace").args(*args).arg("true").output().expect("strace runs");
        let expected =
            tracer_tests::as_invoked(&String::from_utf8_lossy(&theirs.stderr).replace("strace", "tracer"));
        assert_eq!(String::from_utf8_lossy(&ours.stderr), expected, "{args:?}");
        assert_eq!((ours.status.code(), theirs.status.code()), (Some(1), Some(1)), "{args:?}");
    }
}

/// `-X raw` and `-X verbose` reach the decoders; they print constants as numbers once the flag
/// decoders honour the style.
#[test]
fn const_print_style_matches_strace() {
    for style in ["raw", "verbose"] {
        fixture_files_agree(&["-X", style]);
        let reference = normalized(&strace(&["-X", style], &["cat", "/etc/hostname"]).trace);
        let ptrace = normalized(&tracer("ptrace", &["-X", style], &["cat", "/etc/hostname"]).trace);
        assert_same(&format!("cat -X {style}: ptrace vs strace"), &ptrace, &reference);
    }
}
