//! The fd table, fed paired calls by hand. The pid is one no process has (so /proc has nothing to
//! say) unless a test means to read /proc.

use std::os::unix::ffi::OsStrExt as _;

use tracer_common::event::Capture;

use super::*;
use crate::call::Syscall;

/// Larger than any pid_max: /proc/PID never exists.
pub(crate) const PID: u32 = 4_999_999;

pub(crate) fn call(name: &str, args: &[u64], ret: i64, captures: Vec<Capture>) -> Syscall {
    Syscall::for_test(PID, name, args, ret, captures)
}

pub(crate) fn path(arg: u8, text: &str) -> Capture {
    let mut bytes = text.as_bytes().to_vec();
    bytes.push(0);
    Capture::new(arg, 0, bytes)
}

/// Feed `call` as the renderer does.
pub(crate) fn feed(table: &mut FdTable, call: &Syscall) {
    table.before_args(call);
    table.after_args(call);
}

/// What `-y` prints after descriptor `fd`.
fn shown(table: &FdTable, fd: i32) -> String {
    use crate::decode::text::render;
    use crate::decode::{Printer as _, XlatStyle};
    match table.fd_name(PID, fd) {
        Some(name) => render(XlatStyle::Abbrev, |p| p.decoration(&name)),
        None => String::new(),
    }
}

fn table_in(cwd: &str) -> FdTable {
    let mut table = FdTable::new(DecodeFds::PATH);
    table.inherited.cwd = Some(cwd.as_bytes().to_vec());
    table.inherited.open(1, Object::Path { path: b"/dev/pts/0".to_vec(), deleted: false }, false);
    table
}

const AT: u64 = AT_FDCWD as u32 as u64;

#[test]
fn open_dup_close_follow_the_calls() {
    let mut table = table_in("/");
    feed(&mut table, &call("openat", &[AT, 1, 0x80000], 3, vec![path(1, "/etc/hostname")]));
    assert_eq!(shown(&table, 3), "</etc/hostname>");
    assert_eq!(shown(&table, 1), "</dev/pts/0>", "inherited");
    // dup2 over fd 1: the argument shows the old name, the return value the new one.
    let dup2 = call("dup2", &[3, 1], 1, vec![]);
    table.before_args(&dup2);
    assert_eq!(shown(&table, 1), "</dev/pts/0>");
    table.after_args(&dup2);
    assert_eq!(shown(&table, 1), "</etc/hostname>");
    // close shows the name before it takes effect (the caller prints, then learns).
    let close = call("close", &[3], 0, vec![]);
    table.before_args(&close);
    assert_eq!(shown(&table, 3), "</etc/hostname>");
    table.after_args(&close);
    assert_eq!(shown(&table, 3), "", "closed: a bare number");
    assert_eq!(shown(&table, 9), "", "never seen and not in /proc: a bare number");
}

#[test]
fn relative_paths_use_the_cwd_and_dirfds() {
    let mut table = table_in("/");
    feed(&mut table, &call("chdir", &[1], 0, vec![path(0, "/etc")]));
    assert_eq!(shown(&table, AT_FDCWD), "</etc>");
    feed(&mut table, &call("openat", &[AT, 1, 0], 3, vec![path(1, "hostname")]));
    assert_eq!(shown(&table, 3), "</etc/hostname>");
    feed(&mut table, &call("openat", &[AT, 1, 0x10000], 4, vec![path(1, "/usr")]));
    feed(&mut table, &call("openat", &[4, 1, 0], 5, vec![path(1, "./bin/../bin")]));
    assert_eq!(shown(&table, 5), "</usr/bin>");
    // Symlinks resolve as the kernel's link would show them.
    let lib = std::fs::canonicalize("/lib").expect("/lib exists");
    feed(&mut table, &call("open", &[1, 0], 6, vec![path(0, "/lib")]));
    assert_eq!(shown(&table, 6), format!("<{}>", lib.display()));
}

#[test]
fn close_on_exec_descriptors_go_at_exec() {
    let mut table = table_in("/");
    feed(&mut table, &call("openat", &[AT, 1, 0x80000], 3, vec![path(1, "/etc/hostname")]));
    feed(&mut table, &call("openat", &[AT, 1, 0], 4, vec![path(1, "/etc/passwd")]));
    feed(&mut table, &call("fcntl", &[4, F_DUPFD_CLOEXEC, 0], 5, vec![]));
    feed(&mut table, &call("execve", &[1, 2, 3], 0, vec![]));
    assert_eq!(
        (shown(&table, 3), shown(&table, 4), shown(&table, 5)),
        (String::new(), "</etc/passwd>".into(), String::new())
    );
}

#[test]
fn failed_calls_change_nothing_and_ebadf_reads_no_proc() {
    let mut table = table_in("/");
    feed(&mut table, &call("openat", &[AT, 1, 0], -2, vec![path(1, "/nonexistent")]));
    assert_eq!(shown(&table, 3), "");
    table.before_args(&call("read", &[7, 0, 1], -9, vec![]));
    assert!(table.no_fallback.get());
    table.before_args(&call("read", &[1, 0, 1], 1, vec![]));
    assert!(!table.no_fallback.get());
}

#[test]
fn unlinked_and_renamed_files_and_memfds() {
    let mut table = table_in("/");
    feed(&mut table, &call("openat", &[AT, 1, 0o100], 3, vec![path(1, "/nonexistent-dir-x/a")]));
    feed(
        &mut table,
        &call("rename", &[1, 2], 0, vec![path(0, "/nonexistent-dir-x/a"), path(1, "/nonexistent-dir-x/b")]),
    );
    assert_eq!(shown(&table, 3), "</nonexistent-dir-x/b>");
    feed(&mut table, &call("unlink", &[1], 0, vec![path(0, "/nonexistent-dir-x/b")]));
    assert_eq!(shown(&table, 3), "</nonexistent-dir-x/b>(deleted)");
    feed(&mut table, &call("memfd_create", &[1, 1], 4, vec![path(0, "hello")]));
    assert_eq!(shown(&table, 4), "</memfd:hello>(deleted)");
}

#[test]
fn anonymous_objects_pidfds_and_escapes() {
    let mut table = FdTable::new(DecodeFds::ALL);
    feed(&mut table, &call("eventfd2", &[0, 0x80000], 3, vec![]));
    assert_eq!(shown(&table, 3), "<anon_inode:[eventfd]>");
    feed(&mut table, &call("pidfd_open", &[1234, 0], 4, vec![]));
    assert_eq!(shown(&table, 4), "<pid:1234>");
    let mut table = FdTable::new(DecodeFds::PATH);
    feed(&mut table, &call("pidfd_open", &[1234, 0], 4, vec![]));
    assert_eq!(shown(&table, 4), "<anon_inode:[pidfd]>");
    use crate::decode::text::render;
    use crate::decode::{FdName, Printer as _, XlatStyle};
    let name = FdName::Path { path: b"/tmp/a>b\nc\x01d\x017".to_vec(), deleted: false };
    assert_eq!(render(XlatStyle::Abbrev, |p| p.decoration(&name)), "</tmp/a\\76b\\nc\\1d\\0017>");
}

#[test]
fn devices_show_their_numbers_with_yy() {
    let mut table = FdTable::new(DecodeFds::ALL);
    table.inherited.cwd = Some(b"/".to_vec());
    feed(&mut table, &call("openat", &[AT, 1, 0], 3, vec![path(1, "/dev/null")]));
    assert_eq!(shown(&table, 3), "</dev/null<char 1:3>>");
}

#[test]
fn the_tracer_own_descriptors_are_what_a_child_inherits() {
    let table = FdTable::inheriting_from_self(DecodeFds::PATH);
    let cwd = std::env::current_dir().expect("cwd");
    assert_eq!(table.inherited.cwd.as_deref(), Some(cwd.as_os_str().as_bytes()));
    // The test harness's stdin is inherited (not close-on-exec); whatever it is, it has a name.
    if proc::link(std::process::id(), 0).is_some() {
        assert!(table.inherited.fds.contains_key(&0));
    }
}

/// FD_INODE_OUT's capture of argument 0: the inode of the returned descriptor.
fn inode(value: u64) -> Capture {
    Capture::new(0, tracer_common::record::capture_flags::AT_EXIT, value.to_ne_bytes().to_vec())
}

#[test]
fn a_socket_of_a_gone_process_is_named_by_its_captured_inode() {
    let mut table = FdTable::new(DecodeFds::PATH);
    feed(&mut table, &call("socket", &[1, 1, 0], 3, vec![inode(4242)]));
    assert_eq!(shown(&table, 3), "<socket:[4242]>");
    feed(&mut table, &call("accept", &[3, 0, 0], 4, vec![inode(4343)]));
    assert_eq!(shown(&table, 4), "<socket:[4343]>");
    // Without the capture, nothing is known.
    feed(&mut table, &call("socket", &[1, 1, 0], 5, vec![]));
    assert_eq!(shown(&table, 5), "");
}

#[test]
fn a_netlink_socket_bound_by_a_gone_process_shows_the_port_bound() {
    let mut table = FdTable::new(DecodeFds { socket: true, ..DecodeFds::PATH });
    feed(&mut table, &call("socket", &[16, 3, 4], 3, vec![inode(77)]));
    assert_eq!(shown(&table, 3), "<NETLINK:[77]>");
    let mut address = vec![16, 0, 0, 0];
    address.extend_from_slice(&1234u32.to_ne_bytes());
    address.extend_from_slice(&0u32.to_ne_bytes());
    let bind = call("bind", &[3, 0x1000, 12], 0, vec![Capture::new(1, 0, address)]);
    feed(&mut table, &bind);
    table.bound_netlink(&bind, 4);
    assert_eq!(shown(&table, 3), "<NETLINK:[SOCK_DIAG:1234]>");
}

#[test]
fn an_untraced_child_keeps_its_parent_descriptors_from_the_fork() {
    let mut table = table_in("/");
    feed(&mut table, &call("openat", &[AT, 1, 0], 3, vec![path(1, "/dev/null")]));
    feed(&mut table, &call("fork", &[], 4_999_998, vec![]));
    feed(&mut table, &call("close", &[3], 0, vec![]));
    assert_eq!(
        table.fd_name(4_999_998, 3),
        Some(FdName::Path { path: b"/dev/null".to_vec(), deleted: false })
    );
    // pidfd_getfd copies it back.
    feed(&mut table, &call("pidfd_open", &[4_999_998, 0], 5, vec![]));
    feed(&mut table, &call("pidfd_getfd", &[5, 3, 0], 6, vec![]));
    assert_eq!(shown(&table, 6), "</dev/null>");
}

#[test]
fn paths_that_proc_cannot_show_leave_the_descriptor_bare() {
    let deep = format!("/{}", "x".repeat(4095));
    let mut table = table_in(&deep);
    assert_eq!(shown(&table, AT_FDCWD), "");
    feed(&mut table, &call("openat", &[AT, 1, 0], 3, vec![path(1, &deep[..4000])]));
    assert_eq!(shown(&table, 3), format!("<{}>", &deep[..4000]));
    feed(&mut table, &call("chdir", &[1], 0, vec![path(0, "/etc")]));
    assert_eq!(shown(&table, AT_FDCWD), "</etc>");
}
