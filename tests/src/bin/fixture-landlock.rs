//! landlock_create_ruleset and landlock_add_rule: their attribute structs by size and rule type,
//! unreadable ones, and the ABI-version query (which changes nothing); `ruleset` makes a ruleset
//! descriptor (never applied) and closes it.
//! Usage: fixture-landlock MODE (`calls`, `ruleset`).

use tracer_tests::edges;

/// `struct landlock_path_beneath_attr` (packed: 12 bytes).
#[repr(C, packed)]
struct PathBeneath {
    allowed_access: u64,
    parent_fd: i32,
}

fn calls() {
    let ruleset: [u64; 2] = [0xdebe_efed_deca_c001, 0];
    let rule = PathBeneath { allowed_access: 0x5, parent_fd: -1 };
    let (attr, rule) = (ruleset.as_ptr(), (&raw const rule));
    // SAFETY: raw syscalls that fail (bad flags, sizes, descriptors) or only report the ABI version.
    unsafe {
        libc::syscall(libc::SYS_landlock_create_ruleset, 0usize, 0usize, 1u32);
        libc::syscall(libc::SYS_landlock_create_ruleset, attr, 4usize, 0u32);
        libc::syscall(libc::SYS_landlock_create_ruleset, attr, 8usize, 0xbad0u32);
        libc::syscall(libc::SYS_landlock_create_ruleset, attr, 16usize, 0xbad0u32);
        libc::syscall(libc::SYS_landlock_create_ruleset, 1usize, 8usize, 0u32);
        libc::syscall(libc::SYS_landlock_add_rule, -1, 1, rule, 0u32);
        libc::syscall(libc::SYS_landlock_add_rule, -1, 2, rule, 1u32);
        libc::syscall(libc::SYS_landlock_add_rule, -1, 1, 1usize, 0u32);
    }
}

/// A ruleset descriptor, never applied, named by `-y`; the version query is a number, not one.
fn ruleset() {
    let ruleset: u64 = 1;
    // SAFETY: raw syscalls that make a descriptor of our own and close it, or query the version.
    unsafe {
        let fd = libc::syscall(libc::SYS_landlock_create_ruleset, &raw const ruleset, 8usize, 0u32);
        libc::syscall(libc::SYS_landlock_create_ruleset, 0usize, 0usize, 1u32);
        libc::close(fd as i32);
    }
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    edges::begin();
    match mode.as_str() {
        "calls" => calls(),
        "ruleset" => ruleset(),
        other => eprintln!("fixture-landlock: unknown mode {other:?}"),
    }
    edges::end();
    // SAFETY: ends the process without running atexit handlers (no extra syscalls in the trace).
    unsafe { libc::_exit(0) };
}
