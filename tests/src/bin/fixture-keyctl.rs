//! add_key, request_key and keyctl: strings, payloads and buffers by command, special key serials,
//! memory that ends at an unmapped page. Every call fails on a key that does not exist or an
//! invalid keyring, so no key is created, and request_key gets no callout (no upcall).
//! The crypto commands get a non-zero `__spare` word or a missing key, so they fail before any
//! crypto work (no hash or module is looked up).
//! Usage: fixture-keyctl MODE (`calls`, `crypto`).

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

/// KEYCTL_INSTANTIATE_IOV, KEYCTL_DH_COMPUTE and the PKEY commands.
fn crypto(end: u64) {
    let key = NO_KEY as u64;
    let (first, second) = (b"first part\0", b"second part, longer than the -s limit");
    let iov =
        [first.as_ptr() as u64, first.len() as u64, second.as_ptr() as u64, second.len() as u64, end, 8];
    keyctl(20, key, iov.as_ptr() as u64, 3, key);
    keyctl(20, key, end - 16, 2, 0);
    let mut out = [0u8; 32];
    let dh: [i32; 3] = [NO_KEY as i32, -3, 12345];
    let other = b"\x01\x02other info";
    let hash = c"sha256".as_ptr() as u64;
    // hashname, otherinfo, otherinfolen, __spare[8] (the first non-zero: EINVAL).
    let kdf: [u64; 7] = [hash, other.as_ptr() as u64, other.len() as u64 | 1 << 32, 0, 0, 0, 0];
    let kdf_ptr = kdf.as_ptr() as u64;
    keyctl(23, dh.as_ptr() as u64, out.as_mut_ptr() as u64, out.len() as u64, kdf_ptr);
    keyctl(23, 0, 0, 1, 0);
    keyctl(23, end - 8, out.as_mut_ptr() as u64, 4, end - 16);
    let info = c"enc=pkcs1".as_ptr() as u64;
    keyctl(24, key, 1, info, out.as_mut_ptr() as u64);
    keyctl(24, key, 0, end - 3, 0);
    let data = b"input data to sign";
    // key_id, in_len, out_len / in2_len, __spare[7].
    let params: [u32; 10] = [NO_KEY as u32, data.len() as u32, 8, 0, 0, 0, 0, 0, 0, 0];
    let spare: [u32; 10] = [NO_KEY as u32, 4, 4, 0, 0xfeed, 0, 0, 0, 0, 0];
    for cmd in 25..=28 {
        keyctl(cmd, params.as_ptr() as u64, info, data.as_ptr() as u64, out.as_mut_ptr() as u64);
        keyctl(cmd, spare.as_ptr() as u64, end - 3, data.as_ptr() as u64, data.as_ptr() as u64);
        keyctl(cmd, end - 20, 0, 0, 0);
    }
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let end = edges::page_end();
    edges::begin();
    match mode.as_str() {
        "calls" => calls(end),
        "crypto" => crypto(end),
        other => eprintln!("fixture-keyctl: unknown mode {other:?}"),
    }
    edges::end();
    // SAFETY: ends the process without running atexit handlers (no extra syscalls in the trace).
    unsafe { libc::_exit(0) };
}
