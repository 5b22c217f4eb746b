//! Writing a capture: the header once, then frames as they come.

use std::io::{self, BufWriter, Write};

use super::format::{encode_notice, frame, End, Header, MAGIC, VERSION};
use crate::facts::Fact;
use crate::messages::Notice;

/// A capture being written.
pub struct CaptureWriter {
    out: BufWriter<Box<dyn Write>>,
    /// Reused for facts.
    scratch: Vec<u8>,
    /// Bytes written so far.
    pub written: u64,
    /// Record frames written so far.
    pub records: u64,
}

impl CaptureWriter {
    /// Start a capture in `file` with `header`.
    pub fn new(file: Box<dyn Write>, header: &Header) -> io::Result<CaptureWriter> {
        let mut out = BufWriter::with_capacity(1 << 20, file);
        let fields = header.encode();
        out.write_all(MAGIC)?;
        out.write_all(&VERSION.to_le_bytes())?;
        out.write_all(&u32::try_from(fields.len()).unwrap_or(u32::MAX).to_le_bytes())?;
        out.write_all(&crc32fast::hash(&fields).to_le_bytes())?;
        out.write_all(&fields)?;
        let written = (MAGIC.len() + 12 + fields.len()) as u64;
        Ok(CaptureWriter { out, scratch: Vec::new(), written, records: 0 })
    }

    fn frame(&mut self, tag: u8, payload: &[u8]) -> io::Result<()> {
        self.out.write_all(&[tag])?;
        self.out.write_all(&u32::try_from(payload.len()).unwrap_or(u32::MAX).to_le_bytes())?;
        self.out.write_all(&crc32fast::hash(payload).to_le_bytes())?;
        self.out.write_all(payload)?;
        self.written += (super::format::FRAME_HEAD + payload.len()) as u64;
        Ok(())
    }

    /// One record, in `tracer_common::record`'s layout.
    pub fn record(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.records += 1;
        self.frame(frame::RECORD, bytes)
    }

    /// The facts rendering asked since the last call (see [`crate::facts`]).
    pub fn facts(&mut self) -> io::Result<()> {
        for fact in crate::facts::take_recorded() {
            self.fact(&fact)?;
        }
        Ok(())
    }

    pub fn fact(&mut self, fact: &Fact) -> io::Result<()> {
        let mut bytes = std::mem::take(&mut self.scratch);
        bytes.clear();
        fact.encode(&mut bytes);
        let result = self.frame(frame::FACT, &bytes);
        self.scratch = bytes;
        result
    }

    pub fn detached(&mut self, tid: u32) -> io::Result<()> {
        self.frame(frame::DETACHED, &tid.to_le_bytes())
    }

    pub fn notice(&mut self, notice: Notice) -> io::Result<()> {
        self.frame(frame::NOTICE, &encode_notice(notice))
    }

    /// The end frame, and everything to the file.
    pub fn finish(&mut self, end: End) -> io::Result<()> {
        self.facts()?;
        self.frame(frame::END, &end.encode())?;
        self.out.flush()
    }
}
