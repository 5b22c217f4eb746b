//! `--replay`'s reader: arbitrary bytes opened as a capture and read frame after frame, each record
//! decoded and handed to a sink as a replay does. Never a panic; a capture either ends with its end
//! frame or with one error (damaged, unfinished), and nothing read is larger than the input.

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

    fn call(&mut self, call: Call) -> io::Result<()> {
        assert!(call.entry.iter().chain(&call.exit).all(|c| c.bytes.len() < 1 << 28));
        self.calls += 1;
        Ok(())
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(mut reader) = Reader::open(data) else { return };
    let mut count = Count::default();
    let _ = feed(&mut reader, &mut count);
    assert!(reader.offset() <= data.len() as u64);
    assert!(count.events + count.calls <= data.len());
});
