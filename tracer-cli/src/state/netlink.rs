//! Which descriptors are netlink sockets, and of which protocol: what the decoders need to print a
//! socket's data as netlink messages (strace asks the kernel about the socket's inode when it
//! prints).
//!
//! tracer asks /proc the same way when it renders ([`crate::state::fds::netlink_protocol`]); the
//! eBPF backend may render after the process is gone, so the table also learns from the
//! `socket(AF_NETLINK, type, protocol)` calls every backend sees (`crate::filter::calls_to_see`),
//! and answers from that when /proc cannot. A descriptor closed while the close was not seen may be
//! remembered longer than it lived; /proc is asked first for that reason.

use rustc_hash::FxHashMap;
use tracer_common::syscall::nr;

use crate::call::Syscall;

/// Learnt netlink sockets, by process and descriptor.
#[derive(Debug, Default)]
pub struct NetlinkSockets {
    protocols: FxHashMap<(u32, i32), u32>,
}

impl NetlinkSockets {
    /// Learn from a finished call: a netlink socket made, a descriptor closed.
    pub fn learn(&mut self, call: &Syscall) {
        let Some(ret) = call.ok_ret() else { return };
        let pid = call.meta.pid;
        match call.nr {
            nr::SOCKET if call.args[0] & 0xffff_ffff == libc::AF_NETLINK as u64 => {
                if let Ok(fd) = i32::try_from(ret) {
                    self.protocols.insert((pid, fd), (call.args[2] & 0xffff_ffff) as u32);
                }
            }
            nr::SOCKET => {
                if let Ok(fd) = i32::try_from(ret) {
                    self.protocols.remove(&(pid, fd));
                }
            }
            nr::CLOSE => {
                self.protocols.remove(&(pid, call.args[0] as i32));
            }
            _ => {}
        }
    }

    /// The protocol learnt of `fd` of `pid` from the call that made it.
    pub fn learnt(&self, pid: u32, fd: i32) -> Option<u32> {
        self.protocols.get(&(pid, fd)).copied()
    }

    /// A process ended.
    pub fn exit(&mut self, pid: u32) {
        if !self.protocols.is_empty() {
            self.protocols.retain(|&(p, _), _| p != pid);
        }
    }

    /// The protocol of `fd` of `pid` when it is a netlink socket: /proc's answer, else what was
    /// learnt.
    pub fn protocol(&self, pid: u32, fd: i32) -> Option<u32> {
        self.protocol_at(pid, pid, fd)
    }

    /// [`NetlinkSockets::protocol`] when /proc knows process `pid` as `proc_pid` (a /proc of
    /// another pid namespace).
    pub fn protocol_at(&self, pid: u32, proc_pid: u32, fd: i32) -> Option<u32> {
        super::fds::netlink_protocol(proc_pid, fd).or_else(|| self.protocols.get(&(pid, fd)).copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sockets_are_learnt_and_forgotten() {
        // A pid no process has: /proc has nothing to say.
        const PID: u32 = 4_999_999;
        let mut table = NetlinkSockets::default();
        table.learn(&Syscall::for_test(PID, "socket", &[16, 3, 4], 5, vec![]));
        assert_eq!(table.protocol(PID, 5), Some(4));
        table.learn(&Syscall::for_test(PID, "socket", &[2, 1, 0], 6, vec![]));
        assert_eq!(table.protocol(PID, 6), None);
        table.learn(&Syscall::for_test(PID, "close", &[5], 0, vec![]));
        assert_eq!(table.protocol(PID, 5), None);
        table.learn(&Syscall::for_test(PID, "socket", &[16, 3, 0], 7, vec![]));
        table.exit(PID);
        assert_eq!(table.protocol(PID, 7), None);
    }
}
