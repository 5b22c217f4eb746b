//! The sink `--record` puts in front of the live one: every record goes to the capture, and on to
//! the live rendering when there is one. The facts the live rendering asks while it handles a
//! record are written before that record, which is where a replay needs them.

use std::io;

use tracer_common::event::{Call, Event};

use super::writer::CaptureWriter;
use crate::backend::EventSink;
use crate::messages::Notice;

/// A capture being written, and the live rendering (`-o`) if any.
pub struct Recorder<'a> {
    pub writer: CaptureWriter,
    live: Option<&'a mut dyn EventSink>,
    scratch: Vec<u8>,
}

impl<'a> Recorder<'a> {
    pub fn new(writer: CaptureWriter, live: Option<&'a mut dyn EventSink>) -> Self {
        Recorder { writer, live, scratch: Vec::with_capacity(4096) }
    }

    /// Write the facts asked so far, then the record in `scratch`.
    fn write_scratch(&mut self) -> io::Result<()> {
        self.writer.facts()?;
        self.writer.record(&self.scratch)
    }
}

impl EventSink for Recorder<'_> {
    fn event(&mut self, event: Event) -> io::Result<()> {
        self.scratch.clear();
        event.encode(&mut self.scratch);
        if let Some(live) = self.live.as_mut() {
            live.event(event)?;
        }
        self.write_scratch()
    }

    fn call(&mut self, call: &mut Call) -> io::Result<()> {
        self.scratch.clear();
        call.encode(&mut self.scratch);
        if let Some(live) = self.live.as_mut() {
            live.call(call)?;
        }
        self.write_scratch()
    }

    fn takes_raw_calls(&self) -> bool {
        self.live.is_none()
    }

    fn raw_call(&mut self, bytes: &[u8]) -> io::Result<()> {
        // The record's own length: the ring's item may be longer (padding).
        let len = bytes.get(4..8).and_then(|b| b.try_into().ok()).map_or(0, u32::from_ne_bytes) as usize;
        self.writer.record(bytes.get(..len).unwrap_or(bytes))
    }

    fn detached(&mut self, tid: u32) -> io::Result<()> {
        if let Some(live) = self.live.as_mut() {
            live.detached(tid)?;
        }
        self.writer.facts()?;
        self.writer.detached(tid)
    }

    fn notice(&mut self, notice: Notice) -> io::Result<()> {
        match self.live.as_mut() {
            Some(live) => live.notice(notice)?,
            None => notice.say(),
        }
        self.writer.facts()?;
        self.writer.notice(notice)
    }

    fn kernel_summary(&mut self, totals: &[tracer_common::summary::SyscallStats]) -> io::Result<()> {
        // Never sent while recording (the kernel does not count alone then); passed on regardless.
        match self.live.as_mut() {
            Some(live) => live.kernel_summary(totals),
            None => Ok(()),
        }
    }
}
