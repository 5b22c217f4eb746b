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

#[cfg(test)]
mod tests {
    use tracer_common::event::Meta;

    use super::*;
    use crate::render::strace::RenderOptions;

    #[test]
    fn records_become_strace_lines_and_losses_are_counted() {
        let meta = Meta { pid: 7, tid: 7, ts_ns: 1 };
        let mut pipeline = Pipeline::new(StraceRenderer::new(RenderOptions::default()), Vec::new(), false);
        let events = [
            Event::SysEnter { meta, nr: 3, args: [3, 0, 0, 0, 0, 0], captures: vec![] },
            Event::Lost { meta, count: 5 },
            Event::SysExit { meta, nr: 3, ret: 0, captures: vec![] },
            Event::SysEnter { meta, nr: 231, args: [0; 6], captures: vec![] },
            Event::Exit { meta, wait_status: 0 },
        ];
        for event in events {
            pipeline.event(event).expect("writes to a Vec");
        }
        pipeline.finish().expect("flushes");
        assert_eq!(pipeline.lost, 5);
        let text = String::from_utf8(pipeline.into_inner()).expect("utf-8");
        assert_eq!(
            text,
            "close(3)                                = 0\nexit_group(0)                           = ?\n+++ exited with 0 +++\n"
        );
    }
}
