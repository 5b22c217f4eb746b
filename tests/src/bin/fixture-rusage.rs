//! Helper: `fixture-rusage OUT CMD [ARGS]...` runs CMD, waits for it with wait4 and writes its
//! peak RSS in KiB (`ru_maxrss`) to OUT; exits as CMD did (128+N when killed by signal N).
//!
//! Why a helper: a process's ru_maxrss also counts the memory of the process it was forked from
//! up to its exec (the kernel keeps the old mm's high-water mark across execve), so a tracer
//! started straight from a large test binary would be charged for the test's memory. This small
//! process is its parent instead.

use std::os::unix::process::CommandExt as _;
use std::process::Command;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [out, cmd, rest @ ..] = args.as_slice() else {
        eprintln!("usage: fixture-rusage OUT CMD [ARGS]...");
        std::process::exit(2);
    };
    let mut command = Command::new(cmd);
    command.args(rest);
    // SAFETY: the pre-exec hook only makes an async-signal-safe call (none at all here); it makes
    // std fork + exec instead of posix_spawn (a vfork child would count our mm, small anyway).
    unsafe { command.pre_exec(|| Ok(())) };
    let child = command.spawn().unwrap_or_else(|e| panic!("{cmd}: {e}"));
    let pid = i32::try_from(child.id()).expect("pid fits");
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for the child spawned above, never waited for elsewhere.
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(rc, pid, "wait4: {}", std::io::Error::last_os_error());
    std::fs::write(out, format!("{}\n", usage.ru_maxrss)).expect("writes OUT");
    let code = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { 128 + libc::WTERMSIG(status) };
    std::process::exit(code);
}
