//! Where finished lines go: one output for every task, or (`-ff -o FILE`) a file per task.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use rustc_hash::FxHashMap;
use tracer_common::event::Event;

use crate::call::Paired;
use crate::messages::errno_text;

pub enum Sink<W: Write> {
    /// One output for every task (stderr, or `-o FILE`); `flush_each`: after every record.
    Shared { out: W, flush_each: bool },
    /// `-ff -o FILE`: `FILE.TID` per task, opened at its first line (or its fork), closed at its
    /// exit, as strace does; `append` (`-A`): each file is appended to, not truncated.
    PerTask { base: PathBuf, append: bool, files: FxHashMap<u32, BufWriter<File>> },
}

impl<W: Write> Sink<W> {
    pub fn per_task(base: PathBuf, append: bool) -> Self {
        Sink::PerTask { base, append, files: FxHashMap::default() }
    }

    pub fn is_shared(&self) -> bool {
        matches!(self, Sink::Shared { .. })
    }

    /// Write (and empty) `text`, the lines of one batch of records.
    pub fn write_shared(&mut self, text: &mut Vec<u8>) -> io::Result<()> {
        let Sink::Shared { out, flush_each } = self else { return Ok(()) };
        if !text.is_empty() {
            out.write_all(text)?;
            text.clear();
            if *flush_each {
                out.flush()?;
            }
        }
        Ok(())
    }

    /// Open task `tid`'s file now (a new task's file exists from its fork, as strace's).
    pub fn open_task(&mut self, tid: u32) -> io::Result<()> {
        if let Sink::PerTask { base, append, files } = self {
            task_file(files, base, *append, tid)?;
        }
        Ok(())
    }

    /// Write (and empty) `text`, the lines of `item`, to its task's file; close the file at the
    /// task's exit.
    pub fn write_task(&mut self, item: &Paired, text: &mut Vec<u8>) -> io::Result<()> {
        let Sink::PerTask { base, append, files } = self else { return Ok(()) };
        let tid = item.meta().tid;
        if !text.is_empty() {
            task_file(files, base, *append, tid)?.write_all(text)?;
            text.clear();
        }
        if let Paired::Other(Event::Exit { .. }) = item {
            if let Some(mut file) = files.remove(&tid) {
                file.flush()?;
            }
        }
        Ok(())
    }

    /// A report (a summary) where the trace goes: stderr for `-ff`, whose files are per task.
    pub fn write_report(&mut self, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
        match self {
            Sink::Shared { out, .. } => {
                write(out)?;
                out.flush()
            }
            Sink::PerTask { .. } => write(&mut io::stderr().lock()),
        }
    }

    pub fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Shared { out, .. } => out.flush(),
            Sink::PerTask { files, .. } => files.drain().try_for_each(|(_, mut file)| file.flush()),
        }
    }

    /// The shared output, if it is one.
    pub fn into_inner(self) -> Option<W> {
        match self {
            Sink::Shared { out, .. } => Some(out),
            Sink::PerTask { .. } => None,
        }
    }
}

/// Task `tid`'s file, `BASE.TID`, created (or with `append`, opened for appending) on first use.
fn task_file<'a>(
    files: &'a mut FxHashMap<u32, BufWriter<File>>,
    base: &std::path::Path,
    append: bool,
    tid: u32,
) -> io::Result<&'a mut BufWriter<File>> {
    use std::collections::hash_map::Entry;
    match files.entry(tid) {
        Entry::Occupied(entry) => Ok(entry.into_mut()),
        Entry::Vacant(entry) => {
            let mut name = base.as_os_str().to_os_string();
            name.push(format!(".{tid}"));
            let path = PathBuf::from(name);
            let file = crate::outputs::open_output(&path, append).map_err(|e| {
                io::Error::new(e.kind(), format!("Can't fopen '{}': {}", path.display(), errno_text(&e)))
            })?;
            Ok(entry.insert(BufWriter::with_capacity(64 * 1024, file)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_task_files_are_appended_to_with_append_mode() {
        let base = std::env::temp_dir().join(format!("tracer-sink-{}", std::process::id()));
        let file = PathBuf::from(format!("{}.7", base.display()));
        for (append, expected) in [(true, "before\nline\n"), (false, "line\n")] {
            std::fs::write(&file, "before\n").expect("seed");
            let mut sink = Sink::<Vec<u8>>::per_task(base.clone(), append);
            sink.open_task(7).expect("opens");
            if let Sink::PerTask { files, .. } = &mut sink {
                files.get_mut(&7).expect("open").write_all(b"line\n").expect("writes");
            }
            sink.flush().expect("flushes");
            assert_eq!(std::fs::read_to_string(&file).expect("reads"), expected, "append {append}");
        }
        let _ = std::fs::remove_file(file);
    }
}
