//! Edge-case decoding, compared with the live strace: a fixture program makes calls with unusual
//! arguments (NULLs, bad pointers, garbage in a register's upper half, unknown commands) between
//! two marker calls, and the lines between the markers must be strace's, under each backend.
//!
//! Fixture side: [`begin`] and [`end`] around the calls of one mode, then `_exit`. Test side:
//! [`like_strace`].

use crate::{backends, first_difference, normalize_trace, strace, tracer};

/// The path the begin marker opens (the call fails: no such file).
const BEGIN: &std::ffi::CStr = c"/tracer-fixture-begin";
/// The path the end marker opens.
const END: &std::ffi::CStr = c"/tracer-fixture-end";

fn marker(path: &std::ffi::CStr) {
    // SAFETY: a plain openat of a path that does not exist.
    unsafe { libc::syscall(libc::SYS_openat, libc::AT_FDCWD, path.as_ptr(), libc::O_RDONLY) };
}

/// The fixture's begin marker: `openat(AT_FDCWD, "/tracer-fixture-begin", O_RDONLY)`.
pub fn begin() {
    marker(BEGIN);
}

/// The fixture's end marker.
pub fn end() {
    marker(END);
}

/// Two fresh pages, the second unmapped again: returns the address where the first page ends, so
/// that memory just before it is readable and memory at it faults (strace's tests put strings and
/// structs there). Exits the fixture when the mapping fails.
pub fn page_end() -> u64 {
    // SAFETY: a fresh private anonymous mapping, whose second page is unmapped again.
    unsafe {
        let at = libc::mmap(
            std::ptr::null_mut(),
            8192,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        );
        if at == libc::MAP_FAILED {
            libc::_exit(1);
        }
        libc::munmap(at.cast::<u8>().add(4096).cast(), 4096);
        at as u64 + 4096
    }
}

/// A netlink socket of `protocol`, bound so that /proc lists it (as the decoders' lookup of a
/// socket's protocol needs).
pub fn netlink_socket(protocol: i32) -> i32 {
    // SAFETY: plain socket calls on a descriptor this process owns; the address outlives the call.
    unsafe {
        let fd = libc::socket(libc::AF_NETLINK, libc::SOCK_RAW, protocol);
        let mut addr: libc::sockaddr_nl = std::mem::zeroed();
        addr.nl_family = libc::AF_NETLINK as libc::sa_family_t;
        let len = std::mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t;
        libc::bind(fd, (&raw const addr).cast(), len);
        fd
    }
}

/// The normalised lines strictly between the markers (none when a marker is missing).
pub fn between_markers(trace: &str) -> Vec<String> {
    let lines = normalize_trace(trace);
    let Some(start) = lines.iter().position(|l| l.contains("/tracer-fixture-begin")) else {
        return Vec::new();
    };
    let end = lines.iter().position(|l| l.contains("/tracer-fixture-end")).unwrap_or(lines.len());
    lines.get(start + 1..end.max(start + 1)).unwrap_or_default().to_vec()
}

/// `fixture MODE` traced by strace and by tracer with `extra` flags, under each backend in
/// `backends` that this machine can run: the lines between the markers must be strace's.
/// Panics with the first difference. Returns how many lines were compared.
pub fn like_strace_on(backends_wanted: &[&str], fixture: &str, mode: &str, extra: &[&str]) -> usize {
    let program = crate::fixture(fixture);
    let theirs = strace(extra, &[&program, mode]);
    let want = between_markers(&theirs.trace);
    assert!(
        !want.is_empty(),
        "strace printed nothing between the markers of {fixture} {mode}:\n{}",
        theirs.trace
    );
    for backend in backends().into_iter().filter(|b| backends_wanted.contains(b)) {
        let ours = tracer(backend, extra, &[&program, mode]);
        assert!(!ours.stderr.contains("panicked"), "{fixture} {mode}, {backend}: {}", ours.stderr);
        let got = between_markers(&ours.trace);
        if let Some(diff) = first_difference(&want, &got) {
            panic!("{fixture} {mode} {extra:?}, {backend} (right) vs strace (left): {diff}");
        }
    }
    want.len()
}

/// [`like_strace_on`] both backends.
pub fn like_strace(fixture: &str, mode: &str, extra: &[&str]) -> usize {
    like_strace_on(&["ptrace", "ebpf"], fixture, mode, extra)
}
