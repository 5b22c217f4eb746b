//! `-k` stack traces (userspace only): the frames a backend unwound for one call or signal, and
//! their bytes in a [`crate::record::kind::STACK`] record (a [`StackBody`] then one capture per
//! frame), so that a capture file replays them like any other record.

use crate::event::{pod_bytes, read_pod, record_header, Capture, DecodeError, Meta};
use crate::record::{align8, kind, RawStackBody, RecordHeader, HEADER_SIZE};

/// One frame, as strace 6.1 (libunwind) prints it after a call's line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StackFrame {
    /// In a file mapping: ` > PATH(SYMBOL+0xOFFSET) [0xFILE_OFFSET]`, or ` > PATH() [0x...]`
    /// when no symbol precedes `ip` in the file.
    Mapped {
        /// The mapping's path as /proc/PID/maps shows it (`[vdso]`, `... (deleted)` included).
        path: Vec<u8>,
        /// The nearest preceding function symbol (empty: none).
        symbol: Vec<u8>,
        /// `ip` minus the symbol's address.
        symbol_offset: u64,
        /// `ip`'s offset in the mapped file (strace's bracketed number).
        file_offset: u64,
        /// The address in the process.
        ip: u64,
    },
    /// An address in no file mapping (JIT code, anonymous memory): the walk stops there with
    /// ` > unexpected_backtracing_error [0xIP]`.
    Unmapped { ip: u64 },
    /// The walk was cut after [`MAX_FRAMES`] frames: ` > too many stack frames`.
    TooDeep,
}

/// strace 6.1's bound on the frames of one stack.
pub const MAX_FRAMES: usize = 256;

pub use crate::record::stack_flags;

/// The body of a STACK record; the frames follow as captures.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StackBody {
    /// [`stack_flags`].
    pub flags: u32,
    /// How many frames (captures) follow.
    pub frames: u32,
}

/// [`Capture::arg`] of each frame kind.
mod frame_kind {
    pub const MAPPED: u8 = 0;
    pub const UNMAPPED: u8 = 1;
    pub const TOO_DEEP: u8 = 2;
}

/// The fixed part of a mapped frame's bytes: ip, symbol offset, file offset, path length.
const MAPPED_FIXED: usize = 8 * 3 + 4;

impl StackFrame {
    /// This frame as one capture.
    pub fn to_capture(&self) -> Capture {
        match self {
            StackFrame::Mapped { path, symbol, symbol_offset, file_offset, ip } => {
                let mut bytes = Vec::with_capacity(MAPPED_FIXED + path.len() + symbol.len());
                bytes.extend_from_slice(&ip.to_le_bytes());
                bytes.extend_from_slice(&symbol_offset.to_le_bytes());
                bytes.extend_from_slice(&file_offset.to_le_bytes());
                bytes.extend_from_slice(&u32::try_from(path.len()).unwrap_or(u32::MAX).to_le_bytes());
                bytes.extend_from_slice(path);
                bytes.extend_from_slice(symbol);
                Capture::new(frame_kind::MAPPED, 0, bytes)
            }
            StackFrame::Unmapped { ip } => Capture::new(frame_kind::UNMAPPED, 0, ip.to_le_bytes().to_vec()),
            StackFrame::TooDeep => Capture::new(frame_kind::TOO_DEEP, 0, Vec::new()),
        }
    }

    /// A frame from [`StackFrame::to_capture`]'s bytes; `None` if they are not one.
    pub fn from_capture(capture: &Capture) -> Option<StackFrame> {
        let bytes = &capture.bytes;
        let u64_at =
            |at: usize| -> Option<u64> { Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?)) };
        match capture.arg {
            frame_kind::MAPPED => {
                let path_len = u32::from_le_bytes(bytes.get(24..28)?.try_into().ok()?) as usize;
                let path_end = MAPPED_FIXED.checked_add(path_len)?;
                Some(StackFrame::Mapped {
                    ip: u64_at(0)?,
                    symbol_offset: u64_at(8)?,
                    file_offset: u64_at(16)?,
                    path: bytes.get(MAPPED_FIXED..path_end)?.to_vec(),
                    symbol: bytes.get(path_end..)?.to_vec(),
                })
            }
            frame_kind::UNMAPPED => Some(StackFrame::Unmapped { ip: u64_at(0)? }),
            frame_kind::TOO_DEEP => Some(StackFrame::TooDeep),
            _ => None,
        }
    }
}

/// A [`kind::RAW_STACK`] record, borrowed from its bytes: the registers a walk starts from and
/// the stack copied above the stack pointer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawStack<'a> {
    pub meta: Meta,
    pub body: RawStackBody,
    /// The bytes from `body.sp` upward (`body.len` of them).
    pub stack: &'a [u8],
}

impl<'a> RawStack<'a> {
    /// The record at the front of `bytes`, its lengths checked.
    pub fn decode(bytes: &'a [u8]) -> Result<RawStack<'a>, DecodeError> {
        let (header, len) = record_header(bytes)?;
        if header.kind != kind::RAW_STACK {
            return Err(DecodeError::UnknownKind { kind: header.kind });
        }
        let record = &bytes[HEADER_SIZE..len];
        let body: RawStackBody = read_pod(record)?;
        let from = core::mem::size_of::<RawStackBody>();
        let need = from + body.len as usize;
        let stack = record.get(from..need).ok_or(DecodeError::Short { need, have: record.len() })?;
        let meta = Meta { pid: header.pid, tid: header.tid, ts_ns: header.ts_ns };
        Ok(RawStack { meta, body, stack })
    }

    /// Append this record's bytes to `out` (as the eBPF program builds them; for tests and
    /// capture tools).
    pub fn encode(&self, out: &mut Vec<u8>) {
        let start = out.len();
        out.extend_from_slice(&[0; HEADER_SIZE]);
        let body = RawStackBody { len: u32::try_from(self.stack.len()).unwrap_or(u32::MAX), ..self.body };
        out.extend_from_slice(pod_bytes(&body));
        out.extend_from_slice(&self.stack[..body.len as usize]);
        out.resize(align8(out.len()), 0);
        let header = RecordHeader {
            kind: kind::RAW_STACK,
            len: u32::try_from(out.len() - start).unwrap_or(u32::MAX),
            pid: self.meta.pid,
            tid: self.meta.tid,
            ts_ns: self.meta.ts_ns,
        };
        out[start..start + HEADER_SIZE].copy_from_slice(pod_bytes(&header));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_stacks_round_trip_and_short_ones_are_refused() {
        let stack: Vec<u8> = (0..=252).collect();
        let raw = RawStack {
            meta: Meta { pid: 7, tid: 8, ts_ns: 9 },
            body: RawStackBody {
                ip: 0x7f00_0000_1234,
                sp: 0x7ffd_0000_0000,
                bp: 0x7ffd_0000_0040,
                flags: stack_flags::AT_ENTRY,
                len: 253,
            },
            stack: &stack,
        };
        let mut bytes = Vec::new();
        raw.encode(&mut bytes);
        assert_eq!(bytes.len(), HEADER_SIZE + 32 + 256, "padded to 8");
        assert_eq!(RawStack::decode(&bytes), Ok(raw));
        // A body claiming more stack than the record holds.
        let mut lying = bytes.clone();
        lying[HEADER_SIZE + 28..HEADER_SIZE + 32].copy_from_slice(&300u32.to_le_bytes());
        assert!(matches!(RawStack::decode(&lying), Err(DecodeError::Short { .. })));
        // Another kind, or a record cut short.
        let mut other = bytes.clone();
        other[..4].copy_from_slice(&kind::STACK.to_le_bytes());
        assert_eq!(RawStack::decode(&other), Err(DecodeError::UnknownKind { kind: kind::STACK }));
        assert!(RawStack::decode(&bytes[..bytes.len() - 8]).is_err());
    }

    #[test]
    fn frames_round_trip_through_captures_and_bad_bytes_are_none() {
        let frames = [
            StackFrame::Mapped {
                path: b"/usr/lib/libc.so.6".to_vec(),
                symbol: b"__write".to_vec(),
                symbol_offset: 0x10,
                file_offset: 0xf8350,
                ip: 0x7f00_0000_1234,
            },
            StackFrame::Mapped {
                path: b"[vdso]".to_vec(),
                symbol: vec![],
                symbol_offset: 0,
                file_offset: 1,
                ip: 2,
            },
            StackFrame::Unmapped { ip: 0x7f71_fac5_5007 },
            StackFrame::TooDeep,
        ];
        for frame in &frames {
            let capture = frame.to_capture();
            assert_eq!(StackFrame::from_capture(&capture).as_ref(), Some(frame));
            for cut in 0..capture.bytes.len() {
                let short = Capture::new(capture.arg, 0, capture.bytes[..cut].to_vec());
                if let Some(StackFrame::Mapped { path, .. }) = StackFrame::from_capture(&short) {
                    // A cut inside the symbol still decodes (a shorter symbol), never past the path.
                    assert!(cut >= MAPPED_FIXED + path.len(), "cut at {cut}");
                }
            }
        }
        assert_eq!(StackFrame::from_capture(&Capture::new(9, 0, vec![])), None);
    }
}
