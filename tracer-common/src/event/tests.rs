//! Round trips of every record kind, and cut records failing cleanly.

use super::*;
use crate::syscall::nr;

fn meta() -> Meta {
    Meta { pid: 10, tid: 11, ts_ns: 123_456_789 }
}

fn samples() -> Vec<Event> {
    vec![
        Event::SysEnter {
            meta: meta(),
            nr: nr::OPENAT,
            args: [u64::MAX - 99, 0x7fff_0000, 0o2_000_000, 0, 0, 0],
            ip: 0x7f00_dead_beef,
            captures: vec![Capture { arg: 1, flags: 0, part: 0, bytes: b"/etc/passwd\0".to_vec() }],
        },
        Event::SysExit {
            meta: meta(),
            nr: nr::READ,
            ret: 832,
            captures: vec![
                Capture {
                    arg: 1,
                    flags: capture_flags::TRUNCATED,
                    part: crate::capture::part::ELEMENT + 2,
                    bytes: vec![0x7f, b'E', b'L', b'F', 2],
                },
                Capture { arg: 2, flags: capture_flags::READ_FAULT, part: 0, bytes: vec![] },
            ],
            kernel_atoms: None,
        },
        Event::SysExit { meta: meta(), nr: nr::OPEN, ret: -2, captures: vec![], kernel_atoms: Some(0) },
        Event::SysExit {
            meta: meta(),
            nr: nr::OPENAT,
            ret: -13,
            captures: vec![],
            kernel_atoms: Some(u32::MAX - 4),
        },
        Event::Fork {
            meta: meta(),
            child_pid: 12,
            child_tid: 12,
            pid_ns: vec![(4026532000, 3), (4026531836, 812)],
        },
        Event::Exec { meta: meta(), old_tid: 13 },
        Event::Exit { meta: meta(), wait_status: 3 << 8 },
        Event::Signal { meta: meta(), siginfo: [7; SIGINFO_SIZE] },
        Event::SignalQueued { meta: meta(), siginfo: [9; SIGINFO_SIZE] },
        Event::Stop { meta: meta(), sig: 19 },
        Event::Comm { meta: meta(), comm: *b"cat\0\0\0\0\0\0\0\0\0\0\0\0\0" },
        Event::Lost { meta: meta(), count: 42 },
        Event::Stack {
            meta: meta(),
            flags: crate::stack::stack_flags::AT_ENTRY,
            frames: vec![
                crate::stack::StackFrame::Mapped {
                    path: b"/tmp/w".to_vec(),
                    symbol: b"main".to_vec(),
                    symbol_offset: 0x1d,
                    file_offset: 0x1156,
                    ip: 0x5555_5555_5156,
                },
                crate::stack::StackFrame::Unmapped { ip: 0x7f00_0000_0007 },
                crate::stack::StackFrame::TooDeep,
            ],
        },
    ]
}

#[test]
fn every_kind_round_trips() {
    for event in samples() {
        let mut bytes = Vec::new();
        event.encode(&mut bytes);
        assert_eq!(bytes.len() % 8, 0, "{event:?}");
        let (decoded, used) = Event::decode(&bytes).expect("decodes");
        assert_eq!(used, bytes.len());
        assert_eq!(decoded, event);
    }
}

#[test]
fn a_stream_round_trips() {
    let mut bytes = Vec::new();
    for event in samples() {
        event.encode(&mut bytes);
    }
    assert_eq!(decode_all(&bytes).expect("decodes"), samples());
}

#[test]
fn one_call_reused_for_every_record_decodes_each_as_a_fresh_one() {
    let capture = |arg, bytes: &[u8]| Capture::new(arg, 0, bytes.to_vec());
    let call = |nr, entry: Vec<Capture>, exit: Vec<Capture>| {
        let enter = Event::SysEnter { meta: meta(), nr, args: [1, 2, 3, 4, 5, 6], ip: 7, captures: entry };
        let exit = Event::SysExit { meta: meta(), nr, ret: 9, captures: exit, kernel_atoms: Some(1) };
        let mut bytes = Vec::new();
        encode_call(&enter, &exit, &mut bytes);
        bytes
    };
    // More captures, then fewer, then none, then entry and exit ones again.
    let records = [
        call(nr::READ, vec![], vec![capture(1, b"a long enough buffer"), capture(2, b"x")]),
        call(nr::WRITE, vec![capture(1, b"y")], vec![]),
        call(nr::GETPID, vec![], vec![]),
        call(nr::PREAD64, vec![capture(0, b"in")], vec![capture(1, b"out"), capture(3, b"")]),
    ];
    let mut reused = Call::default();
    for bytes in &records {
        let used = reused.decode_from(bytes).expect("decodes");
        assert_eq!((reused.clone(), used), Call::decode(bytes).expect("decodes"));
        let mut again = Vec::new();
        reused.encode(&mut again);
        assert_eq!(&again, bytes, "encodes back to the same bytes");
    }
    assert_eq!(reused.entry(), [capture(0, b"in")]);
    assert_eq!(reused.exit(), [capture(1, b"out"), capture(3, b"")]);
}

#[test]
fn every_truncation_is_an_error_not_a_panic() {
    let mut bytes = Vec::new();
    samples()[1].encode(&mut bytes);
    for cut in 0..bytes.len() {
        assert!(Event::decode(&bytes[..cut]).is_err(), "cut at {cut}");
    }
}

#[test]
fn hostile_lengths_are_rejected() {
    let mut bytes = Vec::new();
    samples()[0].encode(&mut bytes);
    // A record length that is not a multiple of 8.
    let mut bad = bytes.clone();
    bad[4] = 25;
    assert_eq!(Event::decode(&bad), Err(DecodeError::BadLength { len: 25 }));
    // A capture claiming more bytes than the record holds.
    let mut overrun = bytes.clone();
    let cap = HEADER_SIZE + core::mem::size_of::<SysEnterBody>();
    overrun[cap + 4..cap + 8].copy_from_slice(&1000u32.to_le_bytes());
    assert_eq!(Event::decode(&overrun), Err(DecodeError::CaptureOverrun { len: 1000 }));
    // An unknown kind.
    let mut unknown = bytes;
    unknown[0] = 99;
    assert_eq!(Event::decode(&unknown), Err(DecodeError::UnknownKind { kind: 99 }));
}

#[test]
fn a_queued_signal_is_kind_10_with_the_signal_body() {
    let mut siginfo = [0u8; SIGINFO_SIZE];
    siginfo[..4].copy_from_slice(&17u32.to_le_bytes());
    let queued = Event::SignalQueued { meta: Meta { pid: 5, tid: 6, ts_ns: 7 }, siginfo };
    let mut bytes = Vec::new();
    queued.encode(&mut bytes);
    assert_eq!(bytes.len(), HEADER_SIZE + SIGINFO_SIZE);
    assert_eq!(bytes[..4], kind::SIGNAL_QUEUED.to_ne_bytes());
    assert_eq!(kind::SIGNAL_QUEUED, 10);
    assert_eq!(Event::decode(&bytes), Ok((queued, bytes.len())));
    // Its body is a delivery's: only the kind tells them apart.
    let mut delivered = Vec::new();
    Event::Signal { meta: Meta { pid: 5, tid: 6, ts_ns: 7 }, siginfo }.encode(&mut delivered);
    assert_eq!(bytes[4..], delivered[4..]);
}

#[test]
fn count_captures_read_their_count() {
    let capture =
        Capture { arg: 2, flags: capture_flags::COUNT, part: 0, bytes: 35u32.to_le_bytes().to_vec() };
    assert_eq!(capture.count(), Some(35));
    assert_eq!(Capture::default().count(), None);
}
