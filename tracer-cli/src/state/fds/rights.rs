//! Descriptors a process receives in `SCM_RIGHTS` control messages (recvmsg): they enter the
//! table before the call's arguments print, as `-y` names them in the message it shows.

use tracer_common::capture::part;
use tracer_common::syscall::nr;

use super::{linked_object, proc, Process};
use crate::call::Syscall;

/// `MSG_CMSG_CLOEXEC`: the received descriptors are close-on-exec.
const MSG_CMSG_CLOEXEC: u64 = 0x4000_0000;
/// Bytes of a `struct cmsghdr` (`cmsg_len`, `cmsg_level`, `cmsg_type`).
const CMSG_HEADER: usize = 16;

/// The descriptors in the `SCM_RIGHTS` messages of a control buffer (walked as `CMSG_NXTHDR`
/// does: each message aligned to 8 bytes; a message longer than the buffer ends the walk).
pub fn received(control: &[u8]) -> Vec<i32> {
    let mut fds = Vec::new();
    let mut at = 0usize;
    while let Some(head) = control.get(at..at + CMSG_HEADER) {
        let len = u64::from_ne_bytes(head[..8].try_into().unwrap_or_default());
        let level = i32::from_ne_bytes(head[8..12].try_into().unwrap_or_default());
        let kind = i32::from_ne_bytes(head[12..16].try_into().unwrap_or_default());
        let Some(len) = usize::try_from(len).ok().filter(|&l| l >= CMSG_HEADER) else { break };
        let Some(data) = control.get(at + CMSG_HEADER..at.saturating_add(len)) else { break };
        if level == libc::SOL_SOCKET && kind == libc::SCM_RIGHTS {
            fds.extend(data.chunks_exact(4).map(|b| i32::from_ne_bytes([b[0], b[1], b[2], b[3]])));
        }
        at = at.saturating_add(len.div_ceil(8) * 8);
    }
    fds
}

/// A successful recvmsg's received descriptors into `process` (what /proc shows of them).
pub fn learn(process: &mut Process, call: &Syscall) {
    if call.nr != nr::RECVMSG || call.ok_ret().is_none() {
        return;
    }
    let Some(control) = call.exit_part(1, part::CONTROL).filter(|c| !c.read_fault()) else { return };
    let pid = call.meta.pid;
    let cloexec = call.args[2] & MSG_CMSG_CLOEXEC != 0;
    for fd in received(&control.bytes) {
        let cloexec = proc::cloexec(pid, fd).unwrap_or(cloexec);
        process.open(fd, linked_object(pid, fd), cloexec);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmsg(level: i32, kind: i32, data: &[u8]) -> Vec<u8> {
        let mut out = ((CMSG_HEADER + data.len()) as u64).to_ne_bytes().to_vec();
        out.extend(level.to_ne_bytes());
        out.extend(kind.to_ne_bytes());
        out.extend(data);
        out.resize(out.len().div_ceil(8) * 8, 0);
        out
    }

    #[test]
    fn rights_are_found_among_other_messages() {
        let mut control = cmsg(libc::SOL_SOCKET, libc::SCM_CREDENTIALS, &[0; 12]);
        control.extend(cmsg(libc::SOL_SOCKET, libc::SCM_RIGHTS, &[4, 0, 0, 0, 5, 0, 0, 0, 6, 0, 0, 0]));
        assert_eq!(received(&control), vec![4, 5, 6]);
        assert_eq!(received(&control[..20]), Vec::<i32>::new());
        assert_eq!(received(&cmsg(0, libc::SCM_RIGHTS, &[1, 0, 0, 0])), Vec::<i32>::new());
    }
}
