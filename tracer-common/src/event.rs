//! Owned, typed records (userspace only): what both backends hand to the rest of tracer.
//!
//! The eBPF backend decodes ring-buffer bytes with [`Event::decode`]; the ptrace backend builds
//! [`Event`]s directly. [`Event::encode`] writes the same bytes the kernel side writes, which the
//! round-trip tests (and the ptrace backend's own tests) rely on.

use crate::record::{
    self, align8, capture_flags, kind, CaptureHeader, CommBody, ExecBody, ExitBody, ForkBody, LostBody,
    RecordHeader, SignalBody, StopBody, SysCallBody, SysEnterBody, SysExitBody, CAPTURE_HEADER_SIZE,
    COMM_SIZE, HEADER_SIZE, SIGINFO_SIZE,
};
use crate::stack::{StackBody, StackFrame};

/// Who and when: the header fields every record carries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    pub pid: u32,
    pub tid: u32,
    pub ts_ns: u64,
}

/// Memory copied from the tracee for one argument.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Capture {
    pub arg: u8,
    /// [`capture_flags`].
    pub flags: u8,
    /// Which piece of the argument's memory (`capture::part`); 0 for single-piece modes.
    pub part: u16,
    pub bytes: Vec<u8>,
}

impl Capture {
    /// A single-piece capture (part 0).
    pub fn new(arg: u8, flags: u8, bytes: Vec<u8>) -> Self {
        Capture { arg, flags, part: 0, bytes }
    }
    /// A [`capture_flags::TAMPERED`] note with [`record::tamper`] bits (`-e inject=`).
    pub fn tamper_note(bits: u8) -> Self {
        Capture::new(record::TAMPER_ARG, capture_flags::TAMPERED, vec![bits])
    }
    /// The [`record::tamper`] bits if this is a tamper note.
    #[inline]
    pub fn tamper_bits(&self) -> Option<u8> {
        (self.flags & capture_flags::TAMPERED != 0).then(|| self.bytes.first().copied().unwrap_or_default())
    }
    /// Taken at syscall exit (pairing sets the flag).
    #[inline]
    pub fn at_exit(&self) -> bool {
        self.flags & capture_flags::AT_EXIT != 0
    }
    #[inline]
    pub fn truncated(&self) -> bool {
        self.flags & capture_flags::TRUNCATED != 0
    }
    #[inline]
    pub fn read_fault(&self) -> bool {
        self.flags & capture_flags::READ_FAULT != 0
    }
    /// The bytes are a readable prefix; the memory after them faulted (`capture_flags::SHORT`).
    #[inline]
    pub fn short(&self) -> bool {
        self.flags & capture_flags::SHORT != 0
    }
    /// The count carried by a `COUNT` capture.
    pub fn count(&self) -> Option<u32> {
        if self.flags & capture_flags::COUNT == 0 {
            return None;
        }
        let bytes: [u8; 4] = self.bytes.get(..4)?.try_into().ok()?;
        Some(u32::from_le_bytes(bytes))
    }
}

/// One record, typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    SysEnter {
        meta: Meta,
        nr: u64,
        args: [u64; 6],
        /// The user instruction pointer at the entry (0: unknown).
        ip: u64,
        captures: Vec<Capture>,
    },
    SysExit {
        meta: Meta,
        nr: u64,
        ret: i64,
        captures: Vec<Capture>,
        /// `--filter`'s kernel comparisons that were TRUE at this exit (bit i: op i of the
        /// `expr::KernelExpr`), when the eBPF program has one loaded; `None` otherwise (ptrace).
        kernel_atoms: Option<u32>,
    },
    Fork {
        meta: Meta,
        child_pid: u32,
        child_tid: u32,
        /// The child's pid namespaces (inode numbers) and its tid in each, innermost first, as
        /// the kernel had them at the fork (eBPF; empty from ptrace, which reads /proc).
        pid_ns: Vec<(u32, i32)>,
    },
    Exec {
        meta: Meta,
        old_tid: u32,
    },
    /// A traced task ended (a process, or with `-f` a thread: strace prints `+++ exited with N +++`
    /// for each); `wait_status` in wait(2) encoding.
    Exit {
        meta: Meta,
        wait_status: i32,
    },
    /// A signal is delivered to the task (`--- SIGCHLD {si_signo=...} ---`).
    Signal {
        meta: Meta,
        siginfo: [u8; SIGINFO_SIZE],
    },
    /// A signal queued for the task that it will never dequeue (ignored at generation, or fatal
    /// by default action): the eBPF backend's stand-in for a delivery strace would show. Pairing
    /// turns it into [`Event::Signal`] after the task's current syscall, if any.
    SignalQueued {
        meta: Meta,
        siginfo: [u8; SIGINFO_SIZE],
    },
    /// The task entered a group-stop (`--- stopped by SIGSTOP ---`).
    Stop {
        meta: Meta,
        sig: u32,
    },
    /// The task's comm (NUL-padded), when first seen and after exec (eBPF scopes).
    Comm {
        meta: Meta,
        comm: [u8; COMM_SIZE],
    },
    /// `count` records were dropped (ring buffer full, or a kernel map: never sent).
    Lost {
        meta: Meta,
        count: u64,
    },
    /// `-k`: the task's stack, unwound for the call or signal just reported (or, with
    /// [`crate::stack::stack_flags::AFTER_END`], for the call that never returned).
    Stack {
        meta: Meta,
        /// [`crate::stack::stack_flags`].
        flags: u32,
        frames: Vec<StackFrame>,
    },
}

/// Why bytes could not be decoded into an [`Event`].
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("record truncated: need {need} bytes, have {have}")]
    Short { need: usize, have: usize },
    #[error("record length {len} is not a multiple of 8 or is smaller than its header")]
    BadLength { len: u32 },
    #[error("unknown record kind {kind}")]
    UnknownKind { kind: u32 },
    #[error("capture of {len} bytes overruns its record")]
    CaptureOverrun { len: u32 },
}

/// Read a `#[repr(C)]` integer-only struct from the front of `bytes`, checking the length.
pub(crate) fn read_pod<T: Copy>(bytes: &[u8]) -> Result<T, DecodeError> {
    let need = core::mem::size_of::<T>();
    if bytes.len() < need {
        return Err(DecodeError::Short { need, have: bytes.len() });
    }
    // SAFETY: the length is checked above; T is one of this crate's `#[repr(C)]` records made only
    // of integers, for which every bit pattern is valid; read_unaligned accepts any alignment.
    Ok(unsafe { core::ptr::read_unaligned(bytes.as_ptr().cast::<T>()) })
}

pub(crate) fn pod_bytes<T: Copy>(value: &T) -> &[u8] {
    // SAFETY: T is a `#[repr(C)]` record of integers with no padding bytes (asserted in `record`).
    unsafe { core::slice::from_raw_parts((value as *const T).cast::<u8>(), core::mem::size_of::<T>()) }
}

fn decode_captures(bytes: &[u8]) -> Result<Vec<Capture>, DecodeError> {
    let mut captures = Vec::new();
    refill_captures(bytes, &mut captures, 0)?;
    Ok(captures)
}

/// Decode the captures in `bytes` into `captures` from index `from` on, overwriting what is
/// there: a slot already present keeps its byte buffer, so a reused list costs no allocation once
/// its buffers are big enough. Returns the index after the last capture written; the slots after
/// it are left as they were (the caller truncates).
fn refill_captures(mut bytes: &[u8], captures: &mut Vec<Capture>, from: usize) -> Result<usize, DecodeError> {
    let mut at = from;
    while bytes.len() >= CAPTURE_HEADER_SIZE {
        let header: CaptureHeader = read_pod(bytes)?;
        let len = header.len as usize;
        let end = CAPTURE_HEADER_SIZE
            .checked_add(len)
            .filter(|&end| end <= bytes.len())
            .ok_or(DecodeError::CaptureOverrun { len: header.len })?;
        let data = &bytes[CAPTURE_HEADER_SIZE..end];
        match captures.get_mut(at) {
            Some(slot) => {
                slot.arg = header.arg;
                slot.flags = header.flags;
                slot.part = header.part;
                slot.bytes.clear();
                slot.bytes.extend_from_slice(data);
            }
            None => captures.push(Capture {
                arg: header.arg,
                flags: header.flags,
                part: header.part,
                bytes: data.to_vec(),
            }),
        }
        at += 1;
        bytes = &bytes[align8(end).min(bytes.len())..];
    }
    Ok(at)
}

impl Event {
    pub fn meta(&self) -> Meta {
        match self {
            Event::SysEnter { meta, .. }
            | Event::SysExit { meta, .. }
            | Event::Fork { meta, .. }
            | Event::Exec { meta, .. }
            | Event::Exit { meta, .. }
            | Event::Signal { meta, .. }
            | Event::SignalQueued { meta, .. }
            | Event::Stop { meta, .. }
            | Event::Comm { meta, .. }
            | Event::Lost { meta, .. }
            | Event::Stack { meta, .. } => *meta,
        }
    }

    /// Decode one record from the front of `bytes`; returns it and the bytes it used.
    pub fn decode(bytes: &[u8]) -> Result<(Event, usize), DecodeError> {
        let (header, len) = record_header(bytes)?;
        let meta = Meta { pid: header.pid, tid: header.tid, ts_ns: header.ts_ns };
        let body = &bytes[HEADER_SIZE..len];
        let event = match header.kind {
            kind::SYS_ENTER => {
                let b: SysEnterBody = read_pod(body)?;
                let captures = decode_captures(&body[core::mem::size_of::<SysEnterBody>()..])?;
                Event::SysEnter { meta, nr: b.nr, args: b.args, ip: b.ip, captures }
            }
            kind::SYS_EXIT => {
                let b: SysExitBody = read_pod(body)?;
                let captures = decode_captures(&body[core::mem::size_of::<SysExitBody>()..])?;
                Event::SysExit { meta, nr: b.nr, ret: b.ret, captures, kernel_atoms: b.atoms() }
            }
            kind::FORK => {
                let b: ForkBody = read_pod(body)?;
                let levels = (b.levels as usize).min(record::PID_NS_LEVELS);
                let pid_ns = b.ns.iter().copied().zip(b.ids).take(levels).collect();
                Event::Fork { meta, child_pid: b.child_pid, child_tid: b.child_tid, pid_ns }
            }
            kind::EXEC => {
                let b: ExecBody = read_pod(body)?;
                Event::Exec { meta, old_tid: b.old_tid }
            }
            kind::EXIT => {
                let b: ExitBody = read_pod(body)?;
                Event::Exit { meta, wait_status: b.wait_status }
            }
            kind::SIGNAL => {
                let b: SignalBody = read_pod(body)?;
                Event::Signal { meta, siginfo: b.siginfo }
            }
            kind::SIGNAL_QUEUED => {
                let b: SignalBody = read_pod(body)?;
                Event::SignalQueued { meta, siginfo: b.siginfo }
            }
            kind::COMM => {
                let b: CommBody = read_pod(body)?;
                Event::Comm { meta, comm: b.comm }
            }
            kind::STOP => {
                let b: StopBody = read_pod(body)?;
                Event::Stop { meta, sig: b.sig }
            }
            kind::LOST => {
                let b: LostBody = read_pod(body)?;
                Event::Lost { meta, count: b.count }
            }
            kind::STACK => {
                let b: StackBody = read_pod(body)?;
                let captures = decode_captures(&body[core::mem::size_of::<StackBody>()..])?;
                let frames =
                    captures.iter().take(b.frames as usize).filter_map(StackFrame::from_capture).collect();
                Event::Stack { meta, flags: b.flags, frames }
            }
            kind => return Err(DecodeError::UnknownKind { kind }),
        };
        Ok((event, len))
    }

    /// Append this record's bytes, as the kernel side lays them out, to `out`.
    pub fn encode(&self, out: &mut Vec<u8>) {
        let start = out.len();
        out.extend_from_slice(&[0; HEADER_SIZE]);
        let kind = match self {
            Event::SysEnter { nr, args, ip, captures, .. } => {
                out.extend_from_slice(pod_bytes(&SysEnterBody { nr: *nr, args: *args, ip: *ip }));
                encode_captures(captures, out);
                kind::SYS_ENTER
            }
            Event::SysExit { nr, ret, captures, kernel_atoms, .. } => {
                out.extend_from_slice(pod_bytes(&SysExitBody::new(*nr, *ret).with_atoms(*kernel_atoms)));
                encode_captures(captures, out);
                kind::SYS_EXIT
            }
            Event::Fork { child_pid, child_tid, pid_ns, .. } => {
                let mut body =
                    ForkBody { child_pid: *child_pid, child_tid: *child_tid, ..ForkBody::default() };
                for (i, &(ns, id)) in pid_ns.iter().take(record::PID_NS_LEVELS).enumerate() {
                    body.ns[i] = ns;
                    body.ids[i] = id;
                    body.levels += 1;
                }
                out.extend_from_slice(pod_bytes(&body));
                kind::FORK
            }
            Event::Exec { old_tid, .. } => {
                out.extend_from_slice(pod_bytes(&ExecBody { old_tid: *old_tid, _pad: 0 }));
                kind::EXEC
            }
            Event::Exit { wait_status, .. } => {
                out.extend_from_slice(pod_bytes(&ExitBody { wait_status: *wait_status, _pad: 0 }));
                kind::EXIT
            }
            Event::Signal { siginfo, .. } => {
                out.extend_from_slice(siginfo);
                kind::SIGNAL
            }
            Event::SignalQueued { siginfo, .. } => {
                out.extend_from_slice(siginfo);
                kind::SIGNAL_QUEUED
            }
            Event::Comm { comm, .. } => {
                out.extend_from_slice(pod_bytes(&CommBody { comm: *comm }));
                kind::COMM
            }
            Event::Stop { sig, .. } => {
                out.extend_from_slice(pod_bytes(&StopBody { sig: *sig, _pad: 0 }));
                kind::STOP
            }
            Event::Lost { count, .. } => {
                out.extend_from_slice(pod_bytes(&LostBody { count: *count }));
                kind::LOST
            }
            Event::Stack { flags, frames, .. } => {
                let body =
                    StackBody { flags: *flags, frames: u32::try_from(frames.len()).unwrap_or(u32::MAX) };
                out.extend_from_slice(pod_bytes(&body));
                let captures: Vec<Capture> = frames.iter().map(StackFrame::to_capture).collect();
                encode_captures(&captures, out);
                kind::STACK
            }
        };
        let meta = self.meta();
        let header = RecordHeader {
            kind,
            len: u32::try_from(out.len() - start).unwrap_or(u32::MAX),
            pid: meta.pid,
            tid: meta.tid,
            ts_ns: meta.ts_ns,
        };
        out[start..start + HEADER_SIZE].copy_from_slice(pod_bytes(&header));
    }
}

fn encode_captures(captures: &[Capture], out: &mut Vec<u8>) {
    for capture in captures {
        let header = CaptureHeader {
            arg: capture.arg,
            flags: capture.flags,
            part: capture.part,
            len: u32::try_from(capture.bytes.len()).unwrap_or(u32::MAX),
        };
        out.extend_from_slice(pod_bytes(&header));
        out.extend_from_slice(&capture.bytes);
        out.resize(align8(out.len()), 0);
    }
}

/// The kind of the record at the front of `bytes`, if it has a header's first word.
pub fn record_kind(bytes: &[u8]) -> Option<u32> {
    bytes.get(..4).and_then(|b| b.try_into().ok()).map(u32::from_ne_bytes)
}

/// The header at the front of `bytes` and the record's length, checked: at least a header, a
/// multiple of 8, all present.
pub(crate) fn record_header(bytes: &[u8]) -> Result<(RecordHeader, usize), DecodeError> {
    let header: RecordHeader = read_pod(bytes)?;
    let len = header.len as usize;
    if len < HEADER_SIZE || !len.is_multiple_of(8) {
        return Err(DecodeError::BadLength { len: header.len });
    }
    if bytes.len() < len {
        return Err(DecodeError::Short { need: len, have: bytes.len() });
    }
    Ok((header, len))
}

/// A whole call, as one [`kind::SYS_CALL`] record carries it: what its [`Event::SysEnter`] and
/// [`Event::SysExit`] would hold, without building the two (the eBPF backend's usual record, so
/// the cheapest form to hand on).
///
/// The entry and exit captures share one list, as a paired call holds them: a reader that
/// decodes every record into the same `Call` ([`Call::decode_from`]) reuses its buffers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Call {
    /// The task, and when the call entered.
    pub meta: Meta,
    pub nr: u64,
    pub args: [u64; 6],
    /// The user instruction pointer at the entry.
    pub ip: u64,
    /// Captures taken at entry (the first [`Call::entry_count`]), then those taken at exit, as
    /// the record has them (no [`capture_flags::AT_EXIT`]).
    pub captures: Vec<Capture>,
    /// How many of `captures` were taken at entry.
    pub entry_count: usize,
    /// When the call exited.
    pub exit_ts_ns: u64,
    /// The number the exit saw (execve's may differ after a multithreaded exec).
    pub exit_nr: u64,
    pub ret: i64,
    /// `--filter`'s kernel comparisons that were TRUE at the exit, as [`Event::SysExit`]'s.
    pub kernel_atoms: Option<u32>,
}

impl Call {
    /// Decode a [`kind::SYS_CALL`] record from the front of `bytes`; also returns the bytes it used.
    pub fn decode(bytes: &[u8]) -> Result<(Call, usize), DecodeError> {
        let mut call = Call::default();
        let len = call.decode_from(bytes)?;
        Ok((call, len))
    }

    /// [`Call::decode`] into `self`, every field overwritten, its capture buffers reused (no
    /// allocation per record once they are big enough); returns the bytes it used. After an
    /// error `self` holds part of the record.
    pub fn decode_from(&mut self, bytes: &[u8]) -> Result<usize, DecodeError> {
        let (header, len) = record_header(bytes)?;
        if header.kind != kind::SYS_CALL {
            return Err(DecodeError::UnknownKind { kind: header.kind });
        }
        let body = &bytes[HEADER_SIZE..len];
        let b: SysCallBody = read_pod(body)?;
        let captures = &body[core::mem::size_of::<SysCallBody>()..];
        let split = (b.entry_len as usize).min(captures.len());
        self.meta = Meta { pid: header.pid, tid: header.tid, ts_ns: header.ts_ns };
        self.nr = b.enter.nr;
        self.args = b.enter.args;
        self.ip = b.enter.ip;
        self.entry_count = refill_captures(&captures[..split], &mut self.captures, 0)?;
        let count = refill_captures(&captures[split..], &mut self.captures, self.entry_count)?;
        self.captures.truncate(count);
        self.exit_ts_ns = b.exit_ts_ns;
        self.exit_nr = b.exit.nr;
        self.ret = b.exit.ret;
        self.kernel_atoms = b.exit.atoms();
        Ok(len)
    }

    /// The captures taken at entry.
    pub fn entry(&self) -> &[Capture] {
        &self.captures[..self.entry_count.min(self.captures.len())]
    }

    /// The captures taken at exit.
    pub fn exit(&self) -> &[Capture] {
        &self.captures[self.entry_count.min(self.captures.len())..]
    }

    /// The [`Event::SysEnter`] and [`Event::SysExit`] the call stands for.
    pub fn into_events(self) -> (Event, Event) {
        let Call { meta, nr, args, ip, mut captures, entry_count, exit_ts_ns, exit_nr, ret, kernel_atoms } =
            self;
        let exit = captures.split_off(entry_count.min(captures.len()));
        let exit_meta = Meta { ts_ns: exit_ts_ns, ..meta };
        (
            Event::SysEnter { meta, nr, args, ip, captures },
            Event::SysExit { meta: exit_meta, nr: exit_nr, ret, captures: exit, kernel_atoms },
        )
    }

    /// Append the [`kind::SYS_CALL`] record of this call to `out`, as the kernel lays it out.
    pub fn encode(&self, out: &mut Vec<u8>) {
        let body = SysCallBody {
            enter: SysEnterBody { nr: self.nr, args: self.args, ip: self.ip },
            exit: SysExitBody::new(self.exit_nr, self.ret).with_atoms(self.kernel_atoms),
            exit_ts_ns: self.exit_ts_ns,
            entry_len: 0,
            _pad: 0,
        };
        encode_call_record(self.meta, body, self.entry(), self.exit(), out);
    }
}

/// Decode a [`kind::SYS_CALL`] record into the [`Event::SysEnter`] and [`Event::SysExit`] it
/// stands for; also returns the bytes it used.
pub fn decode_call(bytes: &[u8]) -> Result<(Event, Event, usize), DecodeError> {
    let (call, len) = Call::decode(bytes)?;
    let (enter, exit) = call.into_events();
    Ok((enter, exit, len))
}

/// Append the [`kind::SYS_CALL`] record that stands for `enter` and `exit` (a SysEnter and the
/// SysExit of the same task; anything else writes nothing) to `out`, as the kernel lays it out.
pub fn encode_call(enter: &Event, exit: &Event, out: &mut Vec<u8>) {
    let (
        Event::SysEnter { meta, nr, args, ip, captures: entry },
        Event::SysExit { meta: exit_meta, nr: exit_nr, ret, captures: exits, kernel_atoms },
    ) = (enter, exit)
    else {
        return;
    };
    let body = SysCallBody {
        enter: SysEnterBody { nr: *nr, args: *args, ip: *ip },
        exit: SysExitBody::new(*exit_nr, *ret).with_atoms(*kernel_atoms),
        exit_ts_ns: exit_meta.ts_ns,
        entry_len: 0,
        _pad: 0,
    };
    encode_call_record(*meta, body, entry, exits, out);
}

/// A [`kind::SYS_CALL`] record: the header, `body` (its `entry_len` filled in here), the captures.
fn encode_call_record(
    meta: Meta,
    mut body: SysCallBody,
    entry: &[Capture],
    exit: &[Capture],
    out: &mut Vec<u8>,
) {
    let start = out.len();
    out.extend_from_slice(&[0; HEADER_SIZE + core::mem::size_of::<SysCallBody>()]);
    encode_captures(entry, out);
    let entry_len = out.len() - start - HEADER_SIZE - core::mem::size_of::<SysCallBody>();
    encode_captures(exit, out);
    body.entry_len = u32::try_from(entry_len).unwrap_or(u32::MAX);
    let header = RecordHeader {
        kind: kind::SYS_CALL,
        len: u32::try_from(out.len() - start).unwrap_or(u32::MAX),
        pid: meta.pid,
        tid: meta.tid,
        ts_ns: meta.ts_ns,
    };
    out[start..start + HEADER_SIZE].copy_from_slice(pod_bytes(&header));
    out[start + HEADER_SIZE..start + HEADER_SIZE + core::mem::size_of::<SysCallBody>()]
        .copy_from_slice(pod_bytes(&body));
}

/// Decode every record in `bytes` (e.g. a batch read from the ring).
pub fn decode_all(mut bytes: &[u8]) -> Result<Vec<Event>, DecodeError> {
    let mut events = Vec::new();
    while !bytes.is_empty() {
        let (event, used) = Event::decode(bytes)?;
        events.push(event);
        bytes = &bytes[used..];
    }
    Ok(events)
}

/// Compile-time guard that the record module's sizes are what this file assumes.
const _: () = assert!(record::HEADER_SIZE == 24);

#[cfg(test)]
mod tests;
