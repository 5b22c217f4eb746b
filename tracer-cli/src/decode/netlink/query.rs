//! Asking the kernel over netlink: one request, then the reply messages of its dump.

/// Bytes of a `struct nlmsghdr`.
const HEADER: usize = 16;

/// Send `request` on a fresh netlink socket of `protocol` and hand each reply message's type and
/// payload (after its header) to `each` until it returns true or the dump ends (NLMSG_DONE or
/// NLMSG_ERROR). `None` when netlink could not be used.
pub fn exchange(protocol: i32, request: &[u8], mut each: impl FnMut(u16, &[u8]) -> bool) -> Option<()> {
    // SAFETY: plain socket syscalls on a descriptor this function owns and closes; the buffers
    // outlive the calls and their lengths are passed.
    let fd = unsafe { libc::socket(libc::AF_NETLINK, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, protocol) };
    if fd < 0 {
        return None;
    }
    let result = (|| {
        // SAFETY: as above.
        let sent = unsafe { libc::send(fd, request.as_ptr().cast(), request.len(), 0) };
        if usize::try_from(sent).ok()? != request.len() {
            return None;
        }
        let mut buf = vec![0u8; 32 * 1024];
        loop {
            // SAFETY: as above.
            let received = unsafe { libc::recv(fd, buf.as_mut_ptr().cast(), buf.len(), 0) };
            let received = usize::try_from(received).ok().filter(|&n| n > 0)?;
            let mut at = 0;
            while at + HEADER <= received {
                let len = u32::from_ne_bytes(buf[at..at + 4].try_into().ok()?) as usize;
                let kind = u16::from_ne_bytes(buf[at + 4..at + 6].try_into().ok()?);
                if len < HEADER || at + len > received {
                    return Some(());
                }
                if kind == libc::NLMSG_DONE as u16 || kind == libc::NLMSG_ERROR as u16 {
                    return Some(());
                }
                if each(kind, &buf[at + HEADER..at + len]) {
                    return Some(());
                }
                at += (len + 3) & !3;
            }
        }
    })();
    // SAFETY: closing the descriptor opened above, once.
    unsafe { libc::close(fd) };
    result
}
