//! `--filter`'s seed example: two twin processes, one renamed `sshd` and one `bash` (prctl
//! PR_SET_NAME), each with a child that drops to `nobody` and opens an unreadable file (EACCES)
//! and a readable one.
//! Usage: fixture-filter DIR (DIR holds `secret`, mode 0600, and `public`, mode 0644, both
//! root's; each child writes `NAME-child PID` to DIR/pids).

use std::io::Write as _;

/// The uid and gid of `nobody`.
const NOBODY: libc::uid_t = 65534;

fn main() {
    let dir = std::env::args().nth(1).expect("usage: fixture-filter DIR");
    let pids = std::fs::File::create(format!("{dir}/pids")).expect("pid file");
    for name in ["sshd", "bash"] {
        // SAFETY: fork in a single-threaded program; the child only makes syscalls and exits.
        let twin = unsafe { libc::fork() };
        if twin == 0 {
            twin_process(name, &dir, &pids);
        }
        let mut status = 0;
        // SAFETY: waits for our own child.
        unsafe { libc::waitpid(twin, &mut status, 0) };
        assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "{name} failed: {status:#x}");
    }
}

/// The twin: named `name`, with a child that opens both files as nobody.
fn twin_process(name: &str, dir: &str, mut pids: &std::fs::File) -> ! {
    let comm = std::ffi::CString::new(name).expect("no NUL");
    // SAFETY: prctl reads the NUL-terminated name.
    unsafe { libc::prctl(libc::PR_SET_NAME, comm.as_ptr()) };
    // SAFETY: as in main: the child only makes syscalls and exits.
    let child = unsafe { libc::fork() };
    if child == 0 {
        // SAFETY: getpid has no preconditions.
        let me = unsafe { libc::getpid() };
        let _ = writeln!(pids, "{name}-child {me}");
        // SAFETY: dropping every id to nobody's.
        unsafe {
            libc::setgroups(0, std::ptr::null());
            libc::setgid(NOBODY);
            libc::setuid(NOBODY);
        }
        let denied = std::fs::File::open(format!("{dir}/secret"));
        let allowed = std::fs::File::open(format!("{dir}/public"));
        let code = i32::from(denied.is_ok()) + 2 * i32::from(allowed.is_err());
        // SAFETY: ends the child at once.
        unsafe { libc::_exit(code) };
    }
    let mut status = 0;
    // SAFETY: waits for our own child, then ends the twin.
    unsafe {
        libc::waitpid(child, &mut status, 0);
        libc::_exit(if status == 0 { 0 } else { 1 });
    }
}
