//! `--replay`'s reader: arbitrary bytes opened as a capture and read frame after frame, each record
//! decoded and handed to a sink as a replay does; then again with every checksum made right, so
//! that mutations reach the decoders behind the CRC-32s. Never a panic; a capture either ends with
//! its end frame or with one error (damaged, unfinished), and nothing read is larger than the input.

#![no_main]

use std::io;

use libfuzzer_sys::fuzz_target;
use tracer::backend::EventSink;
use tracer::replay::{feed, Reader};
use tracer_common::event::{Call, Event};

/// Counts what it is given.
#[derive(Default)]
struct Count {
    events: usize,
    calls: usize,
}

impl EventSink for Count {
    fn event(&mut self, _event: Event) -> io::Result<()> {
        self.events += 1;
        Ok(())
    }

    fn call(&mut self, call: &mut Call) -> io::Result<()> {
        assert!(call.captures.iter().all(|c| c.bytes.len() < 1 << 28));
        self.calls += 1;
        Ok(())
    }
}

/// Read `data` as a capture to its end or its first damage.
fn replay(data: &[u8]) {
    let Ok(mut reader) = Reader::open(data) else { return };
    let mut count = Count::default();
    let _ = feed(&mut reader, &mut count);
    assert!(reader.offset() <= data.len() as u64);
    assert!(count.events + count.calls <= data.len());
}

/// `data` with the header's and each frame's CRC-32 made right, so that mutated payloads reach
/// the header, fact and record decoders instead of stopping at the checksum.
fn with_checksums(data: &[u8]) -> Vec<u8> {
    let mut out = data.to_vec();
    let word = |b: &[u8], at: usize| b.get(at..at + 4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]));
    let Some(len) = word(&out, 12) else { return out };
    let start = 20usize;
    let Some(end) = start.checked_add(len as usize).filter(|&e| e <= out.len()) else { return out };
    let crc = crc32fast::hash(&out[start..end]).to_le_bytes();
    out[16..20].copy_from_slice(&crc);
    let mut at = end;
    while let Some(len) = word(&out, at + 1) {
        let payload = at + 9;
        let Some(next) = payload.checked_add(len as usize).filter(|&e| e <= out.len()) else { break };
        let crc = crc32fast::hash(&out[payload..next]).to_le_bytes();
        out[at + 5..at + 9].copy_from_slice(&crc);
        at = next;
    }
    out
}

fuzz_target!(|data: &[u8]| {
    replay(data);
    replay(&with_checksums(data));
});
