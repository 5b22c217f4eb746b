//! Captures in several parts: iovec arrays with their elements' contents (IOVEC_*), and msghdrs with
//! their name, iovecs and control data (MSGHDR_*). The pointers and lengths walked are those of the
//! copied array or msghdr, never read a second time.

use tracer_common::capture::{
    element_bytes, iovec_elements, iovec_fields, msghdr, part, Limits, CONTROL_MAX_BYTES,
    IOVEC_CONTENTS_MAX_BYTES, IOVEC_SIZE, SOCKADDR_MAX_BYTES,
};
use tracer_common::event::Capture;
use tracer_common::record::capture_flags::READ_FAULT;

use super::{as_len, buffer, sized, truncated_flag, TraceeMemory};

/// `capture` as part `part`.
fn with_part(capture: Capture, part: u16) -> Capture {
    Capture { part, ..capture }
}

fn u64_at(bytes: &[u8], offset: usize) -> u64 {
    bytes.get(offset..offset + 8).and_then(|b| b.try_into().ok()).map_or(0, u64::from_le_bytes)
}

fn u32_at(bytes: &[u8], offset: usize) -> u32 {
    bytes.get(offset..offset + 4).and_then(|b| b.try_into().ok()).map_or(0, u32::from_le_bytes)
}

fn arg_index(idx: usize) -> u8 {
    u8::try_from(idx).unwrap_or(u8::MAX)
}

/// IOVEC_IN / IOVEC_OUT: the array of `struct iovec`s of `size` bytes (x86_64's or i386's) as
/// part MAIN, then its elements' contents; `returned` is the call's return value for IOVEC_OUT
/// (the contents are limited to it).
#[expect(clippy::too_many_arguments, reason = "one call per mode; a struct would only rename them")]
pub(super) fn iovec(
    mem: &TraceeMemory,
    idx: usize,
    ptr: u64,
    count: u64,
    size: usize,
    limits: &Limits,
    returned: Option<u64>,
    out: &mut Vec<Capture>,
) {
    let array = Iovecs { part: part::MAIN, ptr, count, size };
    iovec_parts(mem, idx, &array, limits, returned, out);
}

/// An iovec array to capture: as part `part`, `count` elements of `size` bytes at `ptr`.
struct Iovecs {
    part: u16,
    ptr: u64,
    count: u64,
    size: usize,
}

/// An iovec array as its part, then part `ELEMENT + i` for each element with a non-NULL base
/// (see `mode::IOVEC_IN`).
fn iovec_parts(
    mem: &TraceeMemory,
    idx: usize,
    iovecs: &Iovecs,
    limits: &Limits,
    returned: Option<u64>,
    out: &mut Vec<Capture>,
) {
    let Iovecs { part: array_part, ptr, count, size } = *iovecs;
    let arg = arg_index(idx);
    let elements = iovec_elements(count, limits.strlen.saturating_add(1));
    // The readable prefix in whole elements (without TRUNCATED: the rest is unreadable).
    let mut array = vec![0; as_len(elements * size as u64)];
    let got = mem.read_prefix(ptr, &mut array);
    let whole = got - got % size;
    if !array.is_empty() && whole == 0 {
        out.push(Capture { arg, flags: READ_FAULT, part: array_part, bytes: Vec::new() });
        return;
    }
    let short = whole < array.len();
    array.truncate(whole);
    let iovs: Vec<(u64, u64)> = array.chunks_exact(size).map(|iov| iovec_fields(iov, size)).collect();
    out.push(Capture {
        arg,
        flags: truncated_flag(elements < count && !short),
        part: array_part,
        bytes: array,
    });
    let mut left = returned;
    let mut budget = u64::from(IOVEC_CONTENTS_MAX_BYTES);
    for (i, (base, iov_len)) in iovs.into_iter().enumerate() {
        let mut len = iov_len;
        if let Some(left) = left.as_mut() {
            if *left == 0 {
                break;
            }
            len = len.min(*left);
            *left -= len;
        }
        if base == 0 {
            continue;
        }
        let Some(element) = u16::try_from(i).ok().and_then(|i| part::ELEMENT.checked_add(i)) else { break };
        let shown = element_bytes(len, limits.data_bytes(), budget);
        let capture = match mem.read_exact(base, as_len(shown)) {
            Some(bytes) => {
                budget -= shown;
                Capture { arg, flags: truncated_flag(len > shown), part: element, bytes }
            }
            None => Capture { arg, flags: READ_FAULT, part: element, bytes: Vec::new() },
        };
        out.push(capture);
    }
}

/// MSGHDR_IN, and MSGHDR_OUT at exit: the msghdr as part MAIN, then NAME, IOV and its elements,
/// CONTROL (see `mode::MSGHDR_IN`).
pub(super) fn msghdr(
    mem: &TraceeMemory,
    idx: usize,
    ptr: u64,
    limits: &Limits,
    returned: Option<u64>,
    out: &mut Vec<Capture>,
) {
    let arg = arg_index(idx);
    let Some(header) = mem.read_exact(ptr, msghdr::SIZE) else {
        out.push(Capture { arg, flags: READ_FAULT, part: part::MAIN, bytes: Vec::new() });
        return;
    };
    let name = u64_at(&header, msghdr::NAME);
    let namelen = u64::from(u32_at(&header, msghdr::NAMELEN));
    let iov = u64_at(&header, msghdr::IOV);
    let iovlen = u64_at(&header, msghdr::IOVLEN);
    let control = u64_at(&header, msghdr::CONTROL);
    let controllen = u64_at(&header, msghdr::CONTROLLEN);
    out.push(Capture { arg, flags: 0, part: part::MAIN, bytes: header });
    if name != 0 {
        let capture = sized(mem, idx, name, namelen, u64::from(SOCKADDR_MAX_BYTES));
        out.push(with_part(capture, part::NAME));
    }
    if iov != 0 {
        let array = Iovecs { part: part::IOV, ptr: iov, count: iovlen, size: IOVEC_SIZE };
        iovec_parts(mem, idx, &array, limits, returned, out);
    }
    if control != 0 {
        let capture = buffer(mem, idx, control, controllen, u64::from(CONTROL_MAX_BYTES));
        out.push(with_part(capture, part::CONTROL));
    }
}

#[cfg(test)]
mod tests {
    use super::super::{at_entry, at_exit};
    use super::*;
    use tracer_common::capture::{plan_for, ELEMENT_MAX_BYTES};
    use tracer_common::record::capture_flags::TRUNCATED;
    use tracer_common::syscall::nr;

    fn own() -> TraceeMemory {
        TraceeMemory::new(nix::unistd::getpid())
    }

    fn limits(strlen: u32) -> Limits {
        Limits { strlen, ..Limits::default() }
    }

    fn parted(arg: u8, part: u16, flags: u8, bytes: &[u8]) -> Capture {
        Capture { arg, flags, part, bytes: bytes.to_vec() }
    }

    /// `struct iovec`s for `(base, len)` pairs, and their bytes.
    fn iovecs(elements: &[(u64, u64)]) -> (Vec<libc::iovec>, Vec<u8>) {
        let iovs: Vec<libc::iovec> = elements
            .iter()
            .map(|&(base, len)| libc::iovec { iov_base: base as *mut _, iov_len: len as usize })
            .collect();
        let bytes = elements
            .iter()
            .flat_map(|&(base, len)| [base.to_le_bytes(), len.to_le_bytes()])
            .flatten()
            .collect();
        (iovs, bytes)
    }

    #[test]
    fn writev_keeps_each_element_cut_one_past_strlen() {
        let hello = b"hello";
        let long = [b'x'; 40];
        let (iovs, array) =
            iovecs(&[(hello.as_ptr() as u64, 5), (0, 0), (16, 4), (long.as_ptr() as u64, 40)]);
        let args = [1, iovs.as_ptr() as u64, 4, 0, 0, 0];
        let got = at_entry(&own(), &plan_for(nr::WRITEV), &args, 0, &limits(32));
        assert_eq!(
            got,
            vec![
                parted(1, part::MAIN, 0, &array),
                parted(1, part::ELEMENT, 0, b"hello"),
                // Element 1 has a NULL base: no part.
                parted(1, part::ELEMENT + 2, READ_FAULT, b""),
                // `-s` and one byte more, as strace fetches.
                parted(1, part::ELEMENT + 3, TRUNCATED, &[b'x'; 33]),
            ]
        );
        // Fewer elements than the count (`-s` + 1): the array is TRUNCATED, the rest not walked.
        let got = at_entry(&own(), &plan_for(nr::WRITEV), &args, 0, &limits(1));
        assert_eq!(
            got,
            vec![parted(1, part::MAIN, TRUNCATED, &array[..32]), parted(1, part::ELEMENT, TRUNCATED, b"he")]
        );
        // An unreadable array: one fault, nothing else.
        let got = at_entry(&own(), &plan_for(nr::WRITEV), &[1, 16, 4, 0, 0, 0], 0, &limits(32));
        assert_eq!(got, vec![parted(1, part::MAIN, READ_FAULT, b"")]);
    }

    #[test]
    fn readv_contents_stop_at_the_returned_bytes() {
        let a = *b"abcde";
        let b = *b"fghij";
        let c = *b"klmno";
        let (iovs, array) = iovecs(&[(a.as_ptr() as u64, 5), (b.as_ptr() as u64, 5), (c.as_ptr() as u64, 5)]);
        let args = [3, iovs.as_ptr() as u64, 3, 0, 0, 0];
        let got = at_exit(&own(), &plan_for(nr::READV), &args, 7, &limits(32));
        assert_eq!(
            got,
            vec![
                parted(1, part::MAIN, 0, &array),
                parted(1, part::ELEMENT, 0, b"abcde"),
                parted(1, part::ELEMENT + 1, 0, b"fg")
            ]
        );
        assert_eq!(
            at_exit(&own(), &plan_for(nr::READV), &args, 0, &limits(32)),
            vec![parted(1, part::MAIN, 0, &array)]
        );
        // A failed call: the iovecs alone (strace prints their addresses).
        assert_eq!(
            at_exit(&own(), &plan_for(nr::READV), &args, -9, &limits(32)),
            vec![parted(1, part::MAIN, 0, &array)]
        );
        assert_eq!(at_entry(&own(), &plan_for(nr::READV), &args, 0, &limits(32)), vec![]);
    }

    #[test]
    fn contents_share_one_budget() {
        let big = vec![b'y'; 5000];
        let (iovs, _) = iovecs(&[(big.as_ptr() as u64, 5000); 3]);
        let args = [1, iovs.as_ptr() as u64, 3, 0, 0, 0];
        let got = at_entry(&own(), &plan_for(nr::WRITEV), &args, 0, &limits(100_000));
        let lens: Vec<(u16, u8, usize)> = got.iter().map(|c| (c.part, c.flags, c.bytes.len())).collect();
        let element = ELEMENT_MAX_BYTES as usize;
        assert_eq!(
            lens,
            vec![
                (part::MAIN, 0, 48),
                (part::ELEMENT, TRUNCATED, element),
                (part::ELEMENT + 1, TRUNCATED, IOVEC_CONTENTS_MAX_BYTES as usize - element),
                (part::ELEMENT + 2, TRUNCATED, 0),
            ]
        );
    }

    /// A msghdr with `name`, `iovs` and `control`, and its bytes.
    fn msghdr_bytes(name: &[u8], iovs: &[libc::iovec], control: &[u8]) -> (libc::msghdr, Vec<u8>) {
        // SAFETY: msghdr is plain data; all-zero is valid.
        let mut hdr: libc::msghdr = unsafe { std::mem::zeroed() };
        hdr.msg_name = name.as_ptr() as *mut _;
        hdr.msg_namelen = name.len() as u32;
        hdr.msg_iov = iovs.as_ptr() as *mut _;
        hdr.msg_iovlen = iovs.len();
        hdr.msg_control = control.as_ptr() as *mut _;
        hdr.msg_controllen = control.len();
        // SAFETY: reading the bytes of a plain-data struct of that size.
        let bytes =
            unsafe { std::slice::from_raw_parts(std::ptr::from_ref(&hdr).cast::<u8>(), msghdr::SIZE) }
                .to_vec();
        (hdr, bytes)
    }

    #[test]
    fn msghdrs_come_in_parts_in_order() {
        let name = [1u8; 16];
        let control = [2u8; 24];
        let data = *b"0123456789";
        let (iovs, array) = iovecs(&[(data.as_ptr() as u64, 4), (data.as_ptr() as u64 + 4, 6)]);
        let (hdr, header) = msghdr_bytes(&name, &iovs, &control);
        let args = [3, std::ptr::from_ref(&hdr) as u64, 0, 0, 0, 0];
        let expected = vec![
            parted(1, part::MAIN, 0, &header),
            parted(1, part::NAME, 0, &name),
            parted(1, part::IOV, 0, &array),
            parted(1, part::ELEMENT, 0, b"0123"),
            parted(1, part::ELEMENT + 1, 0, b"456789"),
            parted(1, part::CONTROL, 0, &control),
        ];
        assert_eq!(at_entry(&own(), &plan_for(nr::SENDMSG), &args, 0, &limits(32)), expected);
        // recvmsg: the msghdr alone at entry, every part at exit, contents limited to `ret`.
        assert_eq!(at_entry(&own(), &plan_for(nr::RECVMSG), &args, 0, &limits(32)), expected[..1]);
        let got = at_exit(&own(), &plan_for(nr::RECVMSG), &args, 5, &limits(32));
        let mut limited = expected.clone();
        limited[4] = parted(1, part::ELEMENT + 1, 0, b"4");
        assert_eq!(got, limited);
        assert_eq!(at_exit(&own(), &plan_for(nr::RECVMSG), &args, -11, &limits(32)), vec![]);
    }

    #[test]
    fn msghdr_null_pointers_have_no_part_and_bad_ones_fault() {
        let (mut hdr, _) = msghdr_bytes(&[], &[], &[]);
        hdr.msg_name = std::ptr::null_mut();
        hdr.msg_iov = 16 as *mut _;
        hdr.msg_iovlen = 1;
        hdr.msg_control = std::ptr::null_mut();
        let args = [3, std::ptr::from_ref(&hdr) as u64, 0, 0, 0, 0];
        let got = at_entry(&own(), &plan_for(nr::SENDMSG), &args, 0, &limits(32));
        let parts: Vec<(u16, u8)> = got.iter().map(|c| (c.part, c.flags)).collect();
        assert_eq!(parts, vec![(part::MAIN, 0), (part::IOV, READ_FAULT)]);
        let got = at_entry(&own(), &plan_for(nr::SENDMSG), &[3, 16, 0, 0, 0, 0], 0, &limits(32));
        assert_eq!(got, vec![parted(1, part::MAIN, READ_FAULT, b"")]);
    }
}
