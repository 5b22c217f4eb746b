//! The capture file's layout (docs/capture-format.md): a magic, the format version, a header of
//! tagged fields, then frames (a tag, a length, a payload) until the end frame.

use crate::backend::TraceeExit;
use crate::messages::Notice;

/// The first bytes of every capture.
pub const MAGIC: &[u8; 8] = b"TRACECAP";
/// The format version this tracer writes and the newest it reads. It covers the frame layout and
/// `tracer_common`'s record layout: a change to either is a new version. Version 2 added the
/// notice frame.
pub const VERSION: u32 = 2;
/// The oldest version this tracer reads. Version 1's exit records changed size during its
/// development (`--filter`'s kernel atoms) without a new version, so a version 1 file cannot be
/// read with certainty: it is refused with a message, never misread.
pub const OLDEST_READ: u32 = 2;
/// The longest header a reader accepts.
pub const MAX_HEADER: usize = 1 << 20;
/// The longest frame payload a reader accepts (a record's length is a u32, and tracer's own are
/// far shorter): a damaged length cannot make the reader allocate more.
pub const MAX_FRAME: usize = 256 << 20;
/// Bytes before a frame's payload: its tag, its length (u32, LE) and the CRC-32 of its payload
/// (u32, LE), which tells a damaged frame from a good one.
pub const FRAME_HEAD: usize = 9;

/// Frame tags.
pub mod frame {
    /// One record in `tracer_common::record`'s layout, as the backend delivered it.
    pub const RECORD: u8 = 1;
    /// A fact about the live system and its answer (`crate::facts::Fact`).
    pub const FACT: u8 = 2;
    /// tracer let a task go (`-b execve`): its tid, u32 LE.
    pub const DETACHED: u8 = 3;
    /// The end: how the traced command ended ([`super::End`]). Nothing follows it.
    pub const END: u8 = 4;
    /// One of tracer's messages about a tracee (`Process N attached`): [`super::encode_notice`].
    pub const NOTICE: u8 = 5;
}

/// Header field tags (each: tag u16 LE, length u32 LE, value). Readers skip tags they do not know.
pub mod field {
    /// `ptrace` or `ebpf`.
    pub const BACKEND: u16 = 1;
    /// `uname -r` of the recording machine.
    pub const KERNEL: u16 = 2;
    /// The recording tracer's version.
    pub const TRACER_VERSION: u16 = 3;
    /// CLOCK_REALTIME minus CLOCK_MONOTONIC when recording, ns, i64 LE.
    pub const REALTIME_OFFSET: u16 = 4;
    /// The recording tracer's pid, u32 LE (the facts about its descriptors name it).
    pub const TRACER_PID: u16 = 5;
    /// 1 when tracer launched a command, else 0.
    pub const LAUNCHED: u16 = 6;
    /// `-p` pids, each u32 LE.
    pub const ATTACHED: u16 = 7;
    /// `-s`, u32 LE.
    pub const STRLEN: u16 = 8;
    /// `-f` (1 or 0).
    pub const FOLLOW: u16 = 9;
    /// 1 when an eBPF scope (`--all`, `--comm`, `--uid`, `--cgroup`) chose the tasks.
    pub const SCOPED: u16 = 10;
    /// The recording command line, arguments separated by NUL (for people; replay ignores it).
    pub const COMMAND_LINE: u16 = 11;
    /// `--filter`'s kernel form as the eBPF program ran it ([`super::kernel_expr_key`]): a replay
    /// takes the records' kernel verdicts only for the very same form. Absent otherwise.
    pub const KERNEL_EXPR: u16 = 12;
}

/// What the header says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    pub backend: String,
    pub kernel: String,
    pub tracer_version: String,
    pub realtime_offset_ns: i64,
    pub tracer_pid: u32,
    pub launched: bool,
    pub attached: Vec<u32>,
    pub strlen: u32,
    pub follow: bool,
    pub scoped: bool,
    pub command_line: Vec<u8>,
    /// [`field::KERNEL_EXPR`]; empty without one.
    pub kernel_expr: Vec<u8>,
}

impl Header {
    /// The header's fields, without the magic, version and length before them.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut put = |tag: u16, value: &[u8]| {
            out.extend_from_slice(&tag.to_le_bytes());
            out.extend_from_slice(&u32::try_from(value.len()).unwrap_or(u32::MAX).to_le_bytes());
            out.extend_from_slice(value);
        };
        put(field::BACKEND, self.backend.as_bytes());
        put(field::KERNEL, self.kernel.as_bytes());
        put(field::TRACER_VERSION, self.tracer_version.as_bytes());
        put(field::REALTIME_OFFSET, &self.realtime_offset_ns.to_le_bytes());
        put(field::TRACER_PID, &self.tracer_pid.to_le_bytes());
        put(field::LAUNCHED, &[u8::from(self.launched)]);
        put(field::ATTACHED, &self.attached.iter().flat_map(|p| p.to_le_bytes()).collect::<Vec<u8>>());
        put(field::STRLEN, &self.strlen.to_le_bytes());
        put(field::FOLLOW, &[u8::from(self.follow)]);
        put(field::SCOPED, &[u8::from(self.scoped)]);
        put(field::COMMAND_LINE, &self.command_line);
        if !self.kernel_expr.is_empty() {
            put(field::KERNEL_EXPR, &self.kernel_expr);
        }
        out
    }

    /// The header `bytes` hold; `None` when a field is cut short.
    pub fn decode(mut bytes: &[u8]) -> Option<Header> {
        let mut header = Header::default();
        while !bytes.is_empty() {
            let tag = u16::from_le_bytes(bytes.get(..2)?.try_into().ok()?);
            let len = u32::from_le_bytes(bytes.get(2..6)?.try_into().ok()?) as usize;
            let value = bytes.get(6..6usize.checked_add(len)?)?;
            bytes = &bytes[6 + len..];
            let text = || String::from_utf8_lossy(value).into_owned();
            let u32_of = |v: &[u8]| v.try_into().ok().map(u32::from_le_bytes);
            match tag {
                field::BACKEND => header.backend = text(),
                field::KERNEL => header.kernel = text(),
                field::TRACER_VERSION => header.tracer_version = text(),
                field::REALTIME_OFFSET => {
                    header.realtime_offset_ns = i64::from_le_bytes(value.try_into().ok()?)
                }
                field::TRACER_PID => header.tracer_pid = u32_of(value)?,
                field::LAUNCHED => header.launched = value.first() == Some(&1),
                field::ATTACHED => header.attached = value.chunks_exact(4).filter_map(u32_of).collect(),
                field::STRLEN => header.strlen = u32_of(value)?,
                field::FOLLOW => header.follow = value.first() == Some(&1),
                field::SCOPED => header.scoped = value.first() == Some(&1),
                field::COMMAND_LINE => header.command_line = value.to_vec(),
                field::KERNEL_EXPR => header.kernel_expr = value.to_vec(),
                _ => {}
            }
        }
        Some(header)
    }
}

/// How the traced command ended, as the end frame says: tracer's exit status when replaying.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct End(pub TraceeExit);

impl End {
    /// Kind (0: exited, 1: killed, 2: killed and dumped core), then the code or signal, i32 LE.
    pub fn encode(&self) -> [u8; 5] {
        let (kind, value) = match self.0 {
            TraceeExit::Exited(code) => (0u8, code),
            TraceeExit::Signaled { signal, core_dumped } => (1 + u8::from(core_dumped), signal),
        };
        let v = value.to_le_bytes();
        [kind, v[0], v[1], v[2], v[3]]
    }

    pub fn decode(bytes: &[u8]) -> Option<End> {
        let kind = *bytes.first()?;
        let value = i32::from_le_bytes(bytes.get(1..5)?.try_into().ok()?);
        Some(End(match kind {
            0 => TraceeExit::Exited(value),
            1 | 2 => TraceeExit::Signaled { signal: value, core_dumped: kind == 2 },
            _ => return None,
        }))
    }
}

/// A notice frame's payload: kind u8 (1 attached, 2 detached), the pid (i32 LE), the threads
/// (u32 LE; 0 for a detach).
pub fn encode_notice(notice: Notice) -> [u8; 9] {
    let (kind, pid, threads) = match notice {
        Notice::Attached { pid, threads } => (1u8, pid, threads),
        Notice::Detached { pid } => (2, pid, 0),
    };
    let (p, t) = (pid.to_le_bytes(), threads.to_le_bytes());
    [kind, p[0], p[1], p[2], p[3], t[0], t[1], t[2], t[3]]
}

/// [`encode_notice`]'s inverse; `None` for a payload of another size or an unknown kind.
pub fn decode_notice(bytes: &[u8]) -> Option<Notice> {
    let bytes: &[u8; 9] = bytes.try_into().ok()?;
    let pid = i32::from_le_bytes([bytes[1], bytes[2], bytes[3], bytes[4]]);
    let threads = u32::from_le_bytes([bytes[5], bytes[6], bytes[7], bytes[8]]);
    match bytes[0] {
        1 => Some(Notice::Attached { pid, threads }),
        2 => Some(Notice::Detached { pid }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_round_trip_and_bad_ones_are_refused() {
        for notice in [Notice::Attached { pid: 42, threads: 3 }, Notice::Detached { pid: i32::MAX }] {
            assert_eq!(decode_notice(&encode_notice(notice)), Some(notice));
        }
        let mut bad = encode_notice(Notice::Detached { pid: 1 });
        bad[0] = 9;
        assert_eq!(decode_notice(&bad), None);
        assert_eq!(decode_notice(&bad[..8]), None);
    }

    #[test]
    fn header_round_trips_and_skips_unknown_fields() {
        let header = Header {
            backend: "ebpf".into(),
            kernel: "6.8.0".into(),
            tracer_version: "0.1.0".into(),
            realtime_offset_ns: -5,
            tracer_pid: 42,
            launched: true,
            attached: vec![7, 8],
            strlen: 32,
            follow: true,
            scoped: false,
            command_line: b"tracer\0-f".to_vec(),
            kernel_expr: vec![1, 2, 3],
        };
        let mut bytes = header.encode();
        bytes.extend_from_slice(&[0xff, 0xff, 1, 0, 0, 0, 9]);
        assert_eq!(Header::decode(&bytes), Some(header));
        assert_eq!(Header::decode(&bytes[..bytes.len() - 1]), None);
    }

    #[test]
    fn end_round_trips() {
        for exit in [
            TraceeExit::Exited(3),
            TraceeExit::Signaled { signal: 9, core_dumped: false },
            TraceeExit::Signaled { signal: 11, core_dumped: true },
        ] {
            assert_eq!(End::decode(&End(exit).encode()), Some(End(exit)));
        }
        assert_eq!(End::decode(&[3, 0, 0, 0, 0]), None);
    }
}
