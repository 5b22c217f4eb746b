//! add_key, request_key and keyctl: strings, payloads and buffers by command, special key serials,
//! memory that ends at an unmapped page. Every call fails on a key that does not exist or an
//! invalid keyring, so no key is created, and request_key gets no callout (no upcall).
//! Usage: fixture-keyctl MODE (`calls`).

use tracer_tests::edges;

/// A key serial no key has.
const NO_KEY: libc::c_long = 0x7fff_fff0;

fn keyctl(cmd: libc::c_long, a2: u64, a3: u64, a4: u64, a5: u64) {
    // SAFETY: a raw keyctl on a key that does not exist: it fails.
    unsafe { libc::syscall(libc::SYS_keyctl, cmd, a2, a3, a4, a5) };
}

fn calls(end: u64) {
    let mut buf = [0u8; 64];
    let user = c"user".as_ptr() as u64;
    let desc = c"tracer fixture description".as_ptr() as u64;
    let payload = b"\x01\x02payload bytes\x00tail";
    // SAFETY: writes inside the mapped page.
    unsafe { std::ptr::copy_nonoverlapping(c"ab".as_ptr().cast::<u8>(), (end - 3) as *mut u8, 3) };
    let key = NO_KEY as u64;
    // SAFETY: add_key to an invalid keyring (0) and request_key without a callout: both fail.
    unsafe {
        libc::syscall(libc::SYS_add_key, user, desc, payload.as_ptr(), payload.len(), 0);
        libc::syscall(libc::SYS_add_key, user, end - 3, end - 2, 5, 0);
        libc::syscall(libc::SYS_request_key, user, desc, 0, -3i64);
        libc::syscall(libc::SYS_request_key, user, end, 0, NO_KEY);
    }
    keyctl(0, key, 0, 0, 0);
    keyctl(2, key, payload.as_ptr() as u64, payload.len() as u64, 0);
    keyctl(3, key, 0, 0, 0);
    keyctl(4, key, u64::from(u32::MAX), 1000, 0);
    keyctl(5, key, 0x3f01_0000, 0, 0);
    keyctl(6, key, buf.as_mut_ptr() as u64, buf.len() as u64, 0);
    keyctl(8, key, (-2i64) as u64, 0, 0);
    keyctl(10, key, user, desc, 0);
    keyctl(11, key, buf.as_mut_ptr() as u64, buf.len() as u64, 0);
    keyctl(12, key, end - 2, 4, (-5i64) as u64);
    keyctl(13, key, 10, NO_KEY as u64, 0);
    keyctl(15, key, 5, 0, 0);
    keyctl(19, key, 10, 129, 0);
    keyctl(29, key, user, end - 3, 0);
    keyctl(30, key, (-1i64) as u64, key, 1);
    keyctl(0xface, 1, 2, 3, 4);
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let end = edges::page_end();
    edges::begin();
    match mode.as_str() {
        "calls" => calls(end),
        other => eprintln!("fixture-keyctl: unknown mode {other:?}"),
    }
    edges::end();
    // SAFETY: ends the process without running atexit handlers (no extra syscalls in the trace).
    unsafe { libc::_exit(0) };
}
