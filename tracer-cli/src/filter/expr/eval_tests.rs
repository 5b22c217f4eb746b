use tracer_common::event::Capture;
use tracer_common::expr::truth;

use super::*;
use crate::filter::expr::parse;
use crate::sets::DecodeFds;
use crate::state::fds::tests::{call, feed, path};

const AT_FDCWD: u64 = libc::AT_FDCWD as u32 as u64;

/// Whether `text` holds for `call` (its task one /proc knows nothing of).
fn check(text: &str, call: &Syscall) -> bool {
    let node = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    let task = TaskFacts::of(call.meta.tid);
    eval(&node, &Subject { call, fds: None, task: &task, kernel_atoms: None }) == truth::TRUE
}

fn openat(ret: i64) -> Syscall {
    call("openat", &[AT_FDCWD, 1, libc::O_RDONLY as u64], ret, vec![path(1, "/etc/shadow")])
}

#[test]
fn errno_is_there_only_when_the_call_failed() {
    let denied = openat(-13);
    assert!(check("errno == EACCES", &denied));
    assert!(!check("errno == ENOENT", &denied));
    assert!(check("errno != ENOENT", &denied));
    let opened = openat(3);
    assert!(!check("errno == EACCES", &opened));
    // A field the call does not have makes every comparison false, != too; ! still negates.
    assert!(!check("errno != EACCES", &opened));
    assert!(check("!(errno == EACCES)", &opened));
}

#[test]
fn ret_compares_signed_and_is_absent_when_the_call_never_returned() {
    assert!(check("ret < 0", &openat(-13)));
    assert!(check("ret == -13", &openat(-13)));
    assert!(check("ret >= 3 && ret < 4", &openat(3)));
    let mut gone = openat(3);
    gone.ret = None;
    gone.exit_ts_ns = None;
    assert!(!check("ret == 3", &gone));
    assert!(!check("ret != 3", &gone));
    assert!(!check("duration >= 0", &gone));
    assert!(check("nr == 257 && name == \"openat\"", &gone));
}

#[test]
fn durations_are_entry_to_exit() {
    let mut slow = openat(3);
    slow.meta.ts_ns = 1_000;
    slow.exit_ts_ns = Some(1_000 + 12_000_000);
    assert!(check("duration > 10ms", &slow));
    assert!(!check("duration > 20ms", &slow));
    assert!(check("duration >= 12000us && duration <= 12ms", &slow));
}

#[test]
fn named_arguments_follow_each_call_s_table_row() {
    let open = call("open", &[1, (libc::O_CREAT | libc::O_WRONLY) as u64, 0o644], 3, vec![]);
    let openat = call("openat", &[AT_FDCWD, 1, (libc::O_CREAT | libc::O_WRONLY) as u64, 0o644], 3, vec![]);
    let read = call("read", &[3, 0x1000, 10], 10, vec![]);
    for created in [&open, &openat] {
        assert!(check("arg.flags & O_CREAT", created));
        assert!(check("arg.flags & O_WRONLY && !(arg.flags & O_TRUNC)", created));
        assert!(check("arg.mode == 0x1a4", created));
    }
    // read has no flags: false, whichever the comparison.
    assert!(!check("arg.flags & O_CREAT", &read));
    assert!(!check("arg.flags == 0", &read));
    assert!(check("arg0 == 3 && arg2 == 10", &read));
    // read's fd is an unsigned int: -1 is cut to it.
    let bad = call("read", &[u64::MAX, 0, 10], -9, vec![]);
    assert!(check("arg.fd == -1 && errno == EBADF", &bad));
    let write = call("write", &[1, 0x1000, 8192], 8192, vec![]);
    assert!(check("name == \"write\" && arg.fd == 1 && arg.count > 4KiB", &write));
    assert!(!check("arg.fd == 1 && arg.count > 8KiB", &write));
}

#[test]
fn paths_are_any_path_argument_as_captured() {
    let rename = call("rename", &[1, 2], 0, vec![path(0, "/tmp/a"), path(1, "/etc/b")]);
    assert!(check(r#"path == "/tmp/a""#, &rename));
    assert!(check(r#"path == "/etc/b""#, &rename));
    assert!(check(r#"path =~ "/etc/*""#, &rename));
    assert!(check(r#"path != "/x""#, &rename));
    assert!(!check(r#"path != "/tmp/a""#, &rename));
    assert!(check(r#"arg.oldname == "/tmp/a" && arg.newname =~ "*/b""#, &rename));
    // No path argument: false.
    let getpid = call("getpid", &[], 1, vec![]);
    assert!(!check(r#"path != "/x""#, &getpid));
    // A path that could not be read is none.
    let fault = call(
        "chdir",
        &[1],
        -14,
        vec![Capture::new(0, tracer_common::record::capture_flags::READ_FAULT, vec![])],
    );
    assert!(!check(r#"path == """#, &fault));
}

#[test]
fn fd_paths_are_what_the_fd_table_knows() {
    let mut table = FdTable::new(DecodeFds::NONE);
    let open = call("openat", &[AT_FDCWD, 1, 0], 3, vec![path(1, "/nonexistent/log")]);
    feed(&mut table, &open);
    let judge = |text: &str, call: &Syscall| {
        let node = parse(text).expect("parses");
        let task = TaskFacts::of(call.meta.tid);
        eval(&node, &Subject { call, fds: Some(&table), task: &task, kernel_atoms: None }) == truth::TRUE
    };
    let write = |fd| call("write", &[fd, 0x1000, 10], 10, vec![]);
    assert!(judge(r#"fd.path == "/nonexistent/log""#, &write(3)));
    assert!(judge(r#"fd.path =~ "*.log" || fd.path =~ "*/log""#, &write(3)));
    assert!(!judge(r#"fd.path == "/nonexistent/log""#, &write(4)));
    // openat's dirfd is AT_FDCWD: no descriptor.
    assert!(!judge(r#"fd.path != "/x""#, &open));
}

#[test]
fn task_facts_come_from_proc() {
    let mut mine = openat(3);
    let me = std::process::id();
    mine.meta.pid = me;
    mine.meta.tid = me;
    // SAFETY: getuid only reads the caller's id.
    let uid = unsafe { libc::getuid() };
    assert!(check(&format!("uid == {uid} && pid == {me} && tid == {me}"), &mine));
    let comm = std::fs::read_to_string("/proc/self/comm").expect("comm");
    assert!(check(&format!("comm == \"{}\"", comm.trim_end()), &mine));
    assert!(check("comm =~ \"*\" && parent.comm =~ \"*\" && ppid > 0 && cgroup =~ \"/*\"", &mine));
    // A task /proc does not know (gone): its facts are UNKNOWN, the call's own are not.
    let gone = openat(3);
    let truth_of = |text: &str| {
        let node = parse(text).expect("parses");
        let task = TaskFacts::of(gone.meta.tid);
        eval(&node, &Subject { call: &gone, fds: None, task: &task, kernel_atoms: None })
    };
    for text in
        ["comm =~ \"*\"", "uid >= 0", "ppid >= 0", "cgroup =~ \"*\"", "!(gid == 0)", "parent.comm == \"x\""]
    {
        assert_eq!(truth_of(text), truth::UNKNOWN, "{text}");
    }
    assert_eq!(truth_of("comm == \"x\" && ret == 4"), truth::FALSE);
    assert_eq!(truth_of("comm == \"x\" || ret == 3"), truth::TRUE);
}

#[test]
fn the_kernel_s_verdicts_are_taken_for_its_comparisons() {
    let mut node = parse(r#"comm == "sshd" && errno == EACCES"#).expect("parses");
    for (i, atom) in node.atoms_mut().into_iter().enumerate() {
        atom.kernel_op = Some(i as u8);
    }
    let denied = openat(-13);
    let task = TaskFacts::of(denied.meta.tid);
    let with =
        |bits| eval(&node, &Subject { call: &denied, fds: None, task: &task, kernel_atoms: Some(bits) });
    assert_eq!(with(0b11), truth::TRUE);
    assert_eq!(with(0b10), truth::FALSE);
    assert_eq!(with(0b01), truth::FALSE);
    // Without the kernel's word, /proc is asked: that task is gone, its comm unknown.
    let without = eval(&node, &Subject { call: &denied, fds: None, task: &task, kernel_atoms: None });
    assert_eq!(without, truth::UNKNOWN);
}

#[test]
fn globs_take_stars_and_question_marks() {
    assert!(glob(b"sshd", b"ssh*"));
    assert!(glob(b"sshd", b"*"));
    assert!(glob(b"", b"*"));
    assert!(glob(b"sshd", b"s?h?"));
    assert!(glob(b"/etc/passwd", b"/etc/*wd"));
    assert!(glob(b"aXbXc", b"a*b*c"));
    assert!(glob(b"abcbc", b"*bc"));
    assert!(!glob(b"sshd", b"ssh"));
    assert!(!glob(b"sshd", b"?"));
    assert!(!glob(b"abc", b"a*d"));
    assert!(!glob(b"", b"?"));
}

#[test]
fn ports_are_read_from_socket_addresses() {
    let sockaddr = |family: u16, port: u16| {
        let mut bytes = family.to_ne_bytes().to_vec();
        bytes.extend_from_slice(&port.to_be_bytes());
        bytes.extend_from_slice(&[93, 184, 216, 34, 0, 0, 0, 0, 0, 0, 0, 0]);
        Capture::new(1, 0, bytes)
    };
    let https = call("connect", &[3, 0x1000, 16], -111, vec![sockaddr(libc::AF_INET as u16, 443)]);
    assert!(check("port == 443 && errno == ECONNREFUSED", &https));
    let six = call("connect", &[3, 0x1000, 28], 0, vec![sockaddr(libc::AF_INET6 as u16, 443)]);
    assert!(check("port == 443 && !(ret < 0)", &six));
    // A UNIX socket has no port.
    let unix = call("connect", &[3, 0x1000, 110], 0, vec![sockaddr(libc::AF_UNIX as u16, 443)]);
    assert!(!check("port == 443", &unix));
}
