//! The one path every event takes after a backend: pairing, then rendering, then the output sink.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use rustc_hash::FxHashMap;
use tracer_common::event::{Call, Event};

use crate::backend::EventSink;
use crate::call::Paired;
use crate::pairing::Pairing;
use crate::printers::text::StraceRenderer;
use crate::summary::Summary;

/// Where rendered lines go.
enum Sink<W: Write> {
    /// One output for every task (stderr, or `-o FILE`).
    Shared(W),
    /// `-ff -o FILE`: `FILE.TID` per task, opened at its first line (or its fork), closed at its
    /// exit, as strace does.
    PerTask { base: PathBuf, files: FxHashMap<u32, BufWriter<File>> },
}

pub struct Pipeline<W: Write> {
    pairing: Pairing,
    renderer: StraceRenderer,
    sink: Sink<W>,
    /// Reused between events: no allocation per line.
    paired: Vec<Paired>,
    text: Vec<u8>,
    /// Records the backend reported lost.
    pub lost: u64,
    /// Flush after every event (output to a terminal or stderr), as strace does.
    flush_each: bool,
    /// `-c`/`-C`: the summary printed at the end.
    summary: Option<Summary>,
}

impl<W: Write> Pipeline<W> {
    pub fn new(renderer: StraceRenderer, out: W, flush_each: bool) -> Self {
        Pipeline {
            pairing: Pairing::new(),
            renderer,
            sink: Sink::Shared(out),
            paired: Vec::new(),
            text: Vec::new(),
            lost: 0,
            flush_each,
            summary: None,
        }
    }

    /// `-ff -o FILE`: each task's lines to `FILE.TID`.
    pub fn per_task(renderer: StraceRenderer, base: PathBuf) -> Self {
        Pipeline {
            pairing: Pairing::new(),
            renderer,
            sink: Sink::PerTask { base, files: FxHashMap::default() },
            paired: Vec::new(),
            text: Vec::new(),
            lost: 0,
            flush_each: false,
            summary: None,
        }
    }

    /// Pair with these settings (`-ff`, `-e signal=`, `-qq`).
    pub fn with_pairing(mut self, pairing: Pairing) -> Self {
        self.pairing = pairing;
        self
    }

    /// `-c`/`-C`: count the calls, print the table at the end.
    pub fn with_summary(mut self, summary: Summary) -> Self {
        self.summary = Some(summary);
        self
    }

    /// Show what pairing handed on: the items in `self.paired`, then `last` (a whole call pairing
    /// returned rather than pushed: see [`Pairing::push_call`]). Items are read in place and then
    /// cleared; moving each out would copy it.
    fn drain(&mut self, last: Option<&Paired>) -> io::Result<()> {
        if self.summary.as_ref().is_some_and(Summary::only) {
            // -c: no trace line at all (strace shows neither signals nor exits then).
            let learn = self.renderer.filters_paths();
            for item in self.paired.iter().chain(last) {
                if let Some(summary) = &mut self.summary {
                    count(summary, &self.renderer, item);
                }
                if let Paired::Other(Event::Lost { count, .. }) = item {
                    self.lost += count;
                }
                if learn {
                    // -P decides by descriptors: its table learns from every call, shown or not.
                    self.renderer.render(item, &mut self.text);
                    self.text.clear();
                }
            }
            self.paired.clear();
            return self.interval_summary();
        }
        let shown = self.render_paired(last);
        self.paired.clear();
        shown?;
        self.interval_summary()
    }

    /// `--interval`: the summary of the calls since the last one, when it is due.
    fn interval_summary(&mut self) -> io::Result<()> {
        if self.summary.as_ref().is_some_and(Summary::interval_due) {
            self.write_summary(Summary::write_interval)?;
        }
        Ok(())
    }

    /// Write a summary where the trace goes (stderr for `-ff`, whose files are per task).
    fn write_summary(&mut self, write: fn(&mut Summary, &mut dyn Write) -> io::Result<()>) -> io::Result<()> {
        let Some(summary) = &mut self.summary else { return Ok(()) };
        match &mut self.sink {
            Sink::Shared(out) => {
                write(summary, out)?;
                out.flush()
            }
            Sink::PerTask { .. } => write(summary, &mut io::stderr().lock()),
        }
    }

    /// Render and write the items of [`Pipeline::drain`] (which clears `self.paired` after).
    fn render_paired(&mut self, last: Option<&Paired>) -> io::Result<()> {
        match &mut self.sink {
            Sink::Shared(out) => {
                for item in self.paired.iter().chain(last) {
                    if let Some(summary) = &mut self.summary {
                        count(summary, &self.renderer, item);
                    }
                    if let Paired::Other(Event::Lost { count, .. }) = item {
                        self.lost += count;
                    }
                    self.renderer.render(item, &mut self.text);
                }
                if !self.text.is_empty() {
                    out.write_all(&self.text)?;
                    self.text.clear();
                    if self.flush_each {
                        out.flush()?;
                    }
                }
            }
            Sink::PerTask { base, files } => {
                for item in self.paired.iter().chain(last) {
                    if let Some(summary) = &mut self.summary {
                        count(summary, &self.renderer, item);
                    }
                    let tid = item.meta().tid;
                    match item {
                        Paired::Other(Event::Lost { count, .. }) => self.lost += count,
                        Paired::Other(Event::Fork { child_tid, .. }) => {
                            task_file(files, base, *child_tid)?;
                        }
                        _ => {}
                    }
                    self.renderer.render(item, &mut self.text);
                    if !self.text.is_empty() {
                        task_file(files, base, tid)?.write_all(&self.text)?;
                        self.text.clear();
                    }
                    if let Paired::Other(Event::Exit { .. }) = item {
                        if let Some(mut file) = files.remove(&tid) {
                            file.flush()?;
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Complete pending calls and flush.
    pub fn finish(&mut self) -> io::Result<()> {
        self.pairing.finish(&mut self.paired);
        self.drain(None)?;
        self.renderer.finish()?;
        self.write_summary(Summary::write_report)?;
        match &mut self.sink {
            Sink::Shared(out) => out.flush(),
            Sink::PerTask { files, .. } => files.drain().try_for_each(|(_, mut file)| file.flush()),
        }
    }

    #[cfg(test)]
    pub fn into_inner(self) -> W {
        match self.sink {
            Sink::Shared(out) => out,
            Sink::PerTask { .. } => panic!("per-task pipelines have no single output"),
        }
    }
}

/// `-c`/`-C`: count `item` if it is a call the trace shows (or one `-e status=` hid: strace counts
/// those), judged before the renderer learns from it; `-P` leaves out what it does not show.
fn count(summary: &mut Summary, renderer: &StraceRenderer, item: &Paired) {
    match item {
        Paired::Syscall(call) if renderer.path_shows(call) => summary.record(call),
        Paired::Resumed(call) if !renderer.hid_at_entry(call.meta.tid) => summary.record(call),
        Paired::Hidden(call) if renderer.path_shows(call) => summary.record_hidden(call),
        _ => {}
    }
}

/// Task `tid`'s file, `BASE.TID`, created on first use.
fn task_file<'a>(
    files: &'a mut FxHashMap<u32, BufWriter<File>>,
    base: &std::path::Path,
    tid: u32,
) -> io::Result<&'a mut BufWriter<File>> {
    use std::collections::hash_map::Entry;
    match files.entry(tid) {
        Entry::Occupied(entry) => Ok(entry.into_mut()),
        Entry::Vacant(entry) => {
            let mut name = base.as_os_str().to_os_string();
            name.push(format!(".{tid}"));
            let path = PathBuf::from(name);
            let file = File::create(&path).map_err(|e| {
                io::Error::new(e.kind(), format!("Can't fopen '{}': {}", path.display(), errno_text(&e)))
            })?;
            Ok(entry.insert(BufWriter::with_capacity(64 * 1024, file)))
        }
    }
}

/// strerror-like text, without Rust's "(os error N)".
fn errno_text(err: &io::Error) -> String {
    match err.raw_os_error() {
        Some(code) => nix::errno::Errno::from_raw(code).desc().to_string(),
        None => err.to_string(),
    }
}

impl<W: Write> EventSink for Pipeline<W> {
    fn event(&mut self, event: Event) -> io::Result<()> {
        self.pairing.push(event, &mut self.paired);
        self.drain(None)
    }

    fn call(&mut self, call: Call) -> io::Result<()> {
        let whole = self.pairing.push_call(call, &mut self.paired);
        self.drain(whole.as_ref())
    }

    fn kernel_summary(&mut self, totals: &[tracer_common::summary::SyscallStats]) -> io::Result<()> {
        if let Some(summary) = &mut self.summary {
            summary.kernel_snapshot(totals);
        }
        self.interval_summary()
    }
}

#[cfg(test)]
mod tests {
    use tracer_common::event::Meta;

    use super::*;
    use crate::printers::text::RenderOptions;

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

    fn summary(flags: &[&str]) -> Summary {
        use clap::Parser as _;
        #[derive(clap::Parser)]
        struct Args {
            #[command(flatten)]
            summary: crate::summary::SummaryFlags,
        }
        let args = Args::try_parse_from(std::iter::once("t").chain(flags.iter().copied())).expect("flags");
        Summary::new(crate::summary::Options::from_flags(&args.summary).expect("valid").expect("a summary"))
    }

    #[test]
    fn summary_only_prints_no_trace_line_and_the_table_at_the_end() {
        let meta = |ts_ns| Meta { pid: 7, tid: 7, ts_ns };
        let mut pipeline = Pipeline::new(StraceRenderer::new(RenderOptions::default()), Vec::new(), false)
            .with_summary(summary(&["-c", "-U", "calls,errors,name"]));
        let events = [
            Event::SysEnter { meta: meta(1), nr: 3, args: [3, 0, 0, 0, 0, 0], captures: vec![] },
            Event::SysExit { meta: meta(2), nr: 3, ret: -9, captures: vec![] },
            Event::SysEnter { meta: meta(3), nr: 231, args: [0; 6], captures: vec![] },
            Event::Exit { meta: meta(4), wait_status: 0 },
        ];
        for event in events {
            pipeline.event(event).expect("writes to a Vec");
        }
        pipeline.finish().expect("flushes");
        let text = String::from_utf8(pipeline.into_inner()).expect("utf-8");
        assert_eq!(
            text,
            "    calls    errors syscall\n--------- --------- ----------------\n        1         1 close\n\
             --------- --------- ----------------\n        1         1 total\n"
        );
    }

    #[test]
    fn kernel_counters_are_the_summary() {
        let mut pipeline = Pipeline::new(StraceRenderer::new(RenderOptions::default()), Vec::new(), false)
            .with_summary(summary(&["-C", "-U", "calls,name"]));
        let mut totals = vec![tracer_common::summary::SyscallStats::ZERO; 2];
        totals[1].add(1_000, false);
        pipeline.kernel_summary(&totals).expect("writes to a Vec");
        pipeline.finish().expect("flushes");
        let text = String::from_utf8(pipeline.into_inner()).expect("utf-8");
        assert!(text.contains("        1 write\n"), "{text}");
    }
}

#[cfg(test)]
mod throughput;
