//! The one path every event takes after a backend: pairing, then rendering, then the output sink.

use std::io::{self, Write};

use tracer_common::event::Event;

use crate::backend::EventSink;
use crate::pairing::{Paired, Pairing};
use crate::render::strace::StraceRenderer;

pub struct Pipeline<W: Write> {
    pairing: Pairing,
    renderer: StraceRenderer,
    out: W,
    /// Reused between events: no allocation per line.
    paired: Vec<Paired>,
    text: Vec<u8>,
    /// Records the backend reported lost.
    pub lost: u64,
    /// Flush after every event (output to a terminal or stderr), as strace does.
    flush_each: bool,
}

impl<W: Write> Pipeline<W> {
    pub fn new(renderer: StraceRenderer, out: W, flush_each: bool) -> Self {
        Pipeline {
            pairing: Pairing::new(),
            renderer,
            out,
            paired: Vec::new(),
            text: Vec::new(),
            lost: 0,
            flush_each,
        }
    }

    fn drain(&mut self) -> io::Result<()> {
        for item in self.paired.drain(..) {
            if let Paired::Other(Event::Lost { count, .. }) = item {
                self.lost += count;
            }
            self.renderer.render(&item, &mut self.text);
        }
        if !self.text.is_empty() {
            self.out.write_all(&self.text)?;
            self.text.clear();
            if self.flush_each {
                self.out.flush()?;
            }
        }
        Ok(())
    }

    /// Complete pending calls and flush.
    pub fn finish(&mut self) -> io::Result<()> {
        self.pairing.finish(&mut self.paired);
        self.drain()?;
        self.out.flush()
    }

    #[cfg(test)]
    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write> EventSink for Pipeline<W> {
    fn event(&mut self, event: Event) -> io::Result<()> {
        self.pairing.push(event, &mut self.paired);
        self.drain()
    }
}
