//! `-e read=SET` / `-e write=SET`: the hex dumps strace writes after a call's line (its `dumpio`),
//! of the data read from or written to a descriptor in the set:
//!
//! ```text
//!  | 00000  68 65 6c 6c 6f 0a                                hello.           |
//! ```
//!
//! and, for vectored calls, ` * 6 bytes in buffer 0` before each buffer's dump. The bytes are the
//! call's captures: with a dump set, the backends copy data buffers up to
//! [`tracer_common::capture::DUMP_BYTES`] bytes each (the eBPF program's per-capture cap), so a
//! longer buffer's dump stops there, in both backends alike.

use std::fmt::Write as _;

use tracer_common::capture::part;
use tracer_common::event::Capture;
use tracer_common::syscall::nr;

use crate::call::Syscall;
use crate::sets::FdSet;

/// The descriptors whose data is dumped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dumps {
    /// `-e read=`: data read (after a successful call).
    pub read: FdSet,
    /// `-e write=`: data written (whatever the call returned).
    pub write: FdSet,
}

impl Dumps {
    pub const NONE: Dumps = Dumps { read: FdSet::NONE, write: FdSet::NONE };

    /// Whether any descriptor's data is dumped.
    pub fn any(&self) -> bool {
        *self != Dumps::NONE
    }
}

/// Bytes per dump line.
const WIDTH: usize = 16;

/// Appends the dumps of `call`'s data to `out`, as strace writes them after its line.
pub fn write(call: &Syscall, dumps: &Dumps, out: &mut Vec<u8>) {
    let fd = call.args[0] as i32;
    if fd < 0 || !dumps.any() {
        return;
    }
    let mut text = String::new();
    if dumps.write.contains(fd) {
        match call.nr {
            nr::WRITE | nr::PWRITE64 | nr::SENDTO | nr::MQ_TIMEDSEND => {
                data(&mut text, call.entry_part(1, part::MAIN), call.args[2]);
            }
            nr::WRITEV | nr::PWRITEV | nr::PWRITEV2 | nr::VMSPLICE => {
                let element = |i: u16| call.entry_part(1, i);
                iov(&mut text, call.entry_part(1, part::MAIN), call.args[2], u64::MAX, &element);
            }
            nr::SENDMSG => msghdr(&mut text, call, false, u64::MAX),
            _ => {}
        }
    }
    if let Some(ret) = call.ok_ret().filter(|_| dumps.read.contains(fd)) {
        let ret = ret.unsigned_abs();
        match call.nr {
            nr::READ | nr::PREAD64 | nr::RECVFROM | nr::MQ_TIMEDRECEIVE => {
                data(&mut text, call.exit_part(1, part::MAIN), ret);
            }
            nr::READV | nr::PREADV | nr::PREADV2 => {
                let element = |i: u16| call.exit_part(1, i);
                iov(&mut text, call.exit_part(1, part::MAIN), call.args[2], ret, &element);
            }
            nr::RECVMSG => msghdr(&mut text, call, true, ret),
            _ => {}
        }
    }
    out.extend_from_slice(text.as_bytes());
}

/// strace's `dumpstr` of `len` bytes whose capture is `c`: nothing when they could not all be
/// read (strace reads them in one piece); the copied bytes when fewer (a buffer longer than the
/// capture bound).
fn data(text: &mut String, c: Option<&Capture>, len: u64) {
    let unreadable = |c: &&Capture| c.read_fault() || (c.short() && (c.bytes.len() as u64) < len);
    let Some(c) = c.filter(|c| !unreadable(c)) else { return };
    let n = usize::try_from(len).unwrap_or(usize::MAX).min(c.bytes.len());
    dump(text, &c.bytes[..n], len);
}

/// The dump lines of `bytes`, the first of a buffer of `len` bytes (which sets the offsets'
/// width: 5 hex digits, more for a buffer over 1 MiB).
pub fn dump(text: &mut String, bytes: &[u8], len: u64) {
    let width = if len > 1 << 20 { 1 + (63 - (len - 1).leading_zeros() as usize) / 4 } else { 5 };
    for (line, chunk) in bytes.chunks(WIDTH).enumerate() {
        let _ = write!(text, " | {:0width$x}  ", line * WIDTH);
        for i in 0..WIDTH {
            match chunk.get(i) {
                Some(b) => {
                    let _ = write!(text, "{b:02x} ");
                }
                None => text.push_str("   "),
            }
            if i % 8 == 7 {
                text.push(' ');
            }
        }
        for i in 0..WIDTH {
            text.push(match chunk.get(i) {
                Some(&b) if (b' '..0x7f).contains(&b) => char::from(b),
                Some(_) => '.',
                None => ' ',
            });
        }
        text.push_str(" |\n");
    }
}

/// strace's `dumpiov_upto`: each buffer of the iovec array `array` (`count` elements), its
/// contents `element(ELEMENT + i)`, at most `limit` bytes in all.
fn iov<'a>(
    text: &mut String,
    array: Option<&Capture>,
    count: u64,
    mut limit: u64,
    element: &dyn Fn(u16) -> Option<&'a Capture>,
) {
    let Some(array) = array.filter(|c| !c.read_fault()) else { return };
    let whole = usize::try_from(count).ok().and_then(|n| n.checked_mul(16));
    let Some(n) = whole.filter(|&n| n <= array.bytes.len()).map(|n| n / 16) else { return };
    for i in 0..n {
        let len = u64_at(&array.bytes, 16 * i + 8).min(limit);
        if len == 0 {
            break;
        }
        limit -= len;
        let _ = writeln!(text, " * {len} bytes in buffer {i}");
        let part = u16::try_from(i).ok().and_then(|i| part::ELEMENT.checked_add(i));
        data(text, part.and_then(element), len);
    }
}

/// The native-endian u64 at byte `at` of `b` (0 past its end).
fn u64_at(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 8).and_then(|s| s.try_into().ok()).map_or(0, u64::from_ne_bytes)
}

/// strace's `dumpiov_in_msghdr`: the iovecs of sendmsg's (`exit` false) or recvmsg's msghdr.
fn msghdr(text: &mut String, call: &Syscall, exit: bool, limit: u64) {
    let get = |p: u16| if exit { call.exit_part(1, p) } else { call.entry_part(1, p) };
    let Some(main) = get(part::MAIN).filter(|c| !c.read_fault() && c.bytes.len() >= 56) else { return };
    let iovlen = u64_at(&main.bytes, tracer_common::capture::msghdr::IOVLEN);
    iov(text, get(part::IOV), iovlen, limit, &get);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_strace_dumpstr() {
        let mut text = String::new();
        dump(&mut text, b"x\n", 2);
        assert_eq!(text, " | 00000  78 0a                                             x.               |\n");
        let mut text = String::new();
        let bytes: Vec<u8> = (0x30..0x30 + 17).collect();
        dump(&mut text, &bytes, 17);
        assert_eq!(
            text,
            concat!(
                " | 00000  30 31 32 33 34 35 36 37  38 39 3a 3b 3c 3d 3e 3f  0123456789:;<=>? |\n",
                " | 00010  40                                                @                |\n"
            )
        );
    }
}
