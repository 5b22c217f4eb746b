//! The one path every record takes after a backend: pairing, then, item by item, the filter's
//! verdict, the state, the output format, and the sink the lines go to; `-c` counts on the way.

mod sink;

use std::io::{self, Write};
use std::path::PathBuf;

use rustc_hash::FxHashMap;
use tracer_common::event::{Call, Event};
use tracer_common::personality::Personality;
use tracer_common::stack::stack_flags;

use self::sink::Sink;
use crate::backend::EventSink;
use crate::call::{Paired, Syscall};
use crate::filter::{Filter, Selection, Verdict};
use crate::pairing::Pairing;
use crate::printers::{Format, Output, Part};
use crate::sets::Message;
use crate::state::State;
use crate::summary::Summary;

/// What became of a task's last call or signal, for `-k`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Seen {
    Printed,
    /// Traced, but left out by `-e status=`.
    Staged,
    Hidden,
}

/// The stages after a backend, wired.
pub struct Pipeline<W: Write> {
    pairing: Pairing<Selection>,
    filter: Filter,
    state: State,
    output: Format,
    sink: Sink<W>,
    /// Reused between records: no allocation per line.
    paired: Vec<Paired>,
    text: Vec<u8>,
    /// The whole call [`Pairing::push_call`] builds in place, always a [`Paired::Syscall`]; boxed
    /// so that taking it out to show it moves a pointer, not the call. `None` only while shown.
    whole: Option<Box<Paired>>,
    /// Records the backend reported lost.
    pub lost: u64,
    /// `-c`/`-C`: the summary printed at the end.
    summary: Option<Summary>,
    /// `-k`: whether each task's last call or signal printed (its stack prints only then), and
    /// the stack of a call that never returned, printed after the task's end.
    stacks: FxHashMap<u32, Seen>,
    after_end: FxHashMap<u32, Event>,
}

impl<W: Write> Pipeline<W> {
    /// Lines of every task to `out`; `flush_each`: after every record (a terminal, stderr), as
    /// strace does.
    pub fn new(filter: Filter, state: State, output: Format, out: W, flush_each: bool) -> Self {
        Self::with_sink(filter, state, output, Sink::Shared { out, flush_each }, false)
    }

    /// `-ff -o FILE`: each task's lines to `FILE.TID`; no line is ever split by another task's.
    /// `append` (`-A`): the files are appended to.
    pub fn per_task(filter: Filter, state: State, output: Format, base: PathBuf, append: bool) -> Self {
        Self::with_sink(filter, state, output, Sink::per_task(base, append), true)
    }

    fn with_sink(filter: Filter, state: State, output: Format, sink: Sink<W>, separate: bool) -> Self {
        Pipeline {
            pairing: Pairing::new(separate, filter.selection()),
            filter,
            state,
            output,
            sink,
            paired: Vec::new(),
            text: Vec::new(),
            whole: None,
            lost: 0,
            summary: None,
            stacks: FxHashMap::default(),
            after_end: FxHashMap::default(),
        }
    }

    /// `-c`/`-C`: count the calls, print the table at the end.
    pub fn with_summary(mut self, summary: Summary) -> Self {
        self.summary = Some(summary);
        self
    }

    /// One paired item through the verdict, the count, the output and the state; its text is
    /// appended to `self.text`.
    pub fn show(&mut self, item: &Paired) {
        if let Paired::Other(stack @ Event::Stack { meta, flags, .. }) = item {
            return self.show_stack(meta.tid, *flags, stack);
        }
        self.state.arrived(item);
        let verdict = self.filter.judge(item, &self.state);
        if let Some(summary) = &mut self.summary {
            summary.count(item, verdict);
        }
        if let Paired::Other(Event::Lost { count, .. }) = item {
            self.lost += count;
        }
        self.personality(item);
        // -c: no trace line at all (strace shows neither signals nor exits then).
        let printed = verdict == Verdict::Show && !self.summary.as_ref().is_some_and(Summary::only);
        match item {
            _ if !printed => self.state.learn(item),
            Paired::Syscall(call)
            | Paired::Unfinished(call)
            | Paired::PidChanged(call, _)
            | Paired::Resumed(call)
            | Paired::Detached(call) => {
                let part = match item {
                    Paired::Unfinished(_) => Part::Entry,
                    Paired::PidChanged(_, tid) => Part::PidChanged(*tid),
                    Paired::Resumed(_) => Part::Resumed,
                    Paired::Detached(_) => Part::Detached,
                    _ => Part::Whole,
                };
                if !matches!(part, Part::Entry | Part::PidChanged(_)) {
                    self.state.before_args(call);
                }
                self.output.call_args(call, part, &self.state.tasks, self.state.fd_names());
                if matches!(part, Part::Whole | Part::Resumed) {
                    self.state.after_args(call);
                }
                self.output.call_ret(call, part, &self.state.tasks, self.state.fd_names(), &mut self.text);
            }
            Paired::Other(event) => {
                self.output.event(event, &self.state.tasks, self.state.fd_names(), &mut self.text)
            }
            Paired::EntryLost(call) => self.output.entry_lost(call, &self.state.tasks, &mut self.text),
            Paired::Hidden(_) => self.state.learn(item),
        }
        self.state.passed(item);
        let seen = if printed {
            Seen::Printed
        } else if matches!(item, Paired::Hidden(_)) && verdict == Verdict::Hide {
            Seen::Staged
        } else {
            Seen::Hidden
        };
        match item {
            Paired::Syscall(call)
            | Paired::Resumed(call)
            | Paired::Hidden(call)
            | Paired::Unfinished(call) => {
                self.stacks.insert(call.meta.tid, seen);
            }
            Paired::Other(Event::Signal { meta, .. } | Event::Stop { meta, .. }) => {
                self.stacks.insert(meta.tid, seen);
            }
            Paired::Other(Event::Exit { meta, .. }) => {
                self.stacks.remove(&meta.tid);
                if let Some(stack) = self.after_end.remove(&meta.tid) {
                    self.output.event(&stack, &self.state.tasks, self.state.fd_names(), &mut self.text);
                }
            }
            _ => {}
        }
    }

    /// `-k`: a stack prints after its task's call or signal if that printed (as strace walks
    /// it only then); one with [`stack_flags::AFTER_END`] after the task's end, if its call was
    /// traced (strace takes it at the entry, whatever `-e status=` makes of the line).
    fn show_stack(&mut self, tid: u32, flags: u32, stack: &Event) {
        let seen = self.stacks.get(&tid).copied().unwrap_or(Seen::Hidden);
        if flags & stack_flags::AFTER_END != 0 {
            if seen != Seen::Hidden {
                self.after_end.insert(tid, stack.clone());
            }
        } else if seen == Seen::Printed {
            self.output.event(stack, &self.state.tasks, self.state.fd_names(), &mut self.text);
        }
    }

    /// strace's `update_personality`: at a call's entry, shown or not (and with `-c` too), a line
    /// when the task calls in another personality than its previous call's (unless `-e
    /// quiet=personality`). A task starts as x86_64.
    fn personality(&mut self, item: &Paired) {
        let (Paired::Syscall(call)
        | Paired::Unfinished(call)
        | Paired::PidChanged(call, _)
        | Paired::Hidden(call)) = item
        else {
            return;
        };
        let now = Personality::of(call.nr);
        let before = self.state.tasks.previous(call.meta.tid).map_or(Personality::X86_64, Personality::of);
        if now != before && !self.filter.selection().quiet.suppresses(Message::Personality) {
            self.output.personality(call.meta, now, &self.state.tasks, &mut self.text);
        }
    }

    /// Count task `tid` as traced before its first record (`-p` lists several processes: strace
    /// prefixes lines from the start).
    pub fn expect_task(&mut self, tid: u32) {
        self.state.expect(tid);
    }

    /// Show what pairing handed on: the items in `self.paired`, then `last` (a whole call pairing
    /// built in place rather than pushed: see [`Pairing::push_call`]). Items are read in place
    /// and then cleared; moving each out would copy it.
    fn drain(&mut self, last: Option<&Paired>) -> io::Result<()> {
        let items = std::mem::take(&mut self.paired);
        let result = self.show_all(items.iter().chain(last));
        self.paired = items;
        self.paired.clear();
        result?;
        self.interval_summary()
    }

    fn show_all<'a>(&mut self, items: impl Iterator<Item = &'a Paired>) -> io::Result<()> {
        if self.sink.is_shared() {
            for item in items {
                self.show(item);
            }
            return self.sink.write_shared(&mut self.text);
        }
        for item in items {
            if let Paired::Other(Event::Fork { child_tid, .. }) = item {
                self.sink.open_task(*child_tid)?;
            }
            self.show(item);
            self.sink.write_task(item, &mut self.text)?;
        }
        Ok(())
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
        match &mut self.summary {
            Some(summary) => self.sink.write_report(|out| write(summary, out)),
            None => Ok(()),
        }
    }

    /// Complete pending calls, close the outputs and flush.
    pub fn finish(&mut self) -> io::Result<()> {
        self.pairing.finish(&mut self.paired);
        self.drain(None)?;
        self.output.finish()?;
        self.write_summary(Summary::write_report)?;
        self.sink.flush()
    }

    /// The shared output (tests).
    pub fn into_inner(self) -> Option<W> {
        self.sink.into_inner()
    }
}

impl<W: Write> EventSink for Pipeline<W> {
    fn event(&mut self, event: Event) -> io::Result<()> {
        self.pairing.push(event, &mut self.paired);
        self.drain(None)
    }

    fn call(&mut self, call: &mut Call) -> io::Result<()> {
        let mut whole = self.whole.take().unwrap_or_else(|| Box::new(Paired::Syscall(Syscall::default())));
        let shown = match whole.as_mut() {
            Paired::Syscall(syscall) => self.pairing.push_call(call, syscall, &mut self.paired),
            _ => unreachable!("the whole call is always a Paired::Syscall"),
        };
        let result = self.drain(shown.then_some(&*whole));
        self.whole = Some(whole);
        result
    }

    fn detached(&mut self, tid: u32) -> io::Result<()> {
        self.pairing.detach_task(tid, &mut self.paired);
        self.drain(None)
    }

    fn kernel_summary(&mut self, totals: &[tracer_common::summary::SyscallStats]) -> io::Result<()> {
        if let Some(summary) = &mut self.summary {
            summary.kernel_snapshot(totals);
        }
        self.interval_summary()
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod throughput;
