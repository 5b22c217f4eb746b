//! `--perfetto FILE`: the trace as a Chrome trace-event JSON file, which ui.perfetto.dev and
//! chrome://tracing open: one track per thread named `comm [tid]`, each syscall a slice (`ph: X`)
//! with its strace line and result as arguments, signals and exits as instants (`ph: i`).

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use rustc_hash::FxHashMap;
use serde_json::{json, Value};
use tracer_common::event::Meta;
use tracer_common::syscall::{self, nr};

use super::json::JsonPrinter;
use crate::call::{until_nul, Syscall};
use crate::state::Tasks;

/// Writes the trace-event file as events come; [`Perfetto::finish`] (or drop) closes it.
#[derive(Debug)]
pub struct Perfetto {
    out: Option<BufWriter<File>>,
    /// Events written so far (the separator before the next).
    written: u64,
    /// The first event's monotonic stamp: times are microseconds from it.
    origin_ns: Option<u64>,
    /// Each thread's name as last written (`cat [1234]`).
    names: FxHashMap<u32, String>,
    /// The processes whose name was written.
    processes: FxHashMap<u32, String>,
    /// The first write error, reported once at the end.
    error: Option<io::Error>,
}

impl Perfetto {
    pub fn create(path: &Path) -> io::Result<Perfetto> {
        let file = File::create(path)?;
        let mut out = BufWriter::with_capacity(64 * 1024, file);
        out.write_all(b"{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n")?;
        Ok(Perfetto {
            out: Some(out),
            written: 0,
            origin_ns: None,
            names: FxHashMap::default(),
            processes: FxHashMap::default(),
            error: None,
        })
    }

    /// Microseconds since the first event.
    fn micros(&mut self, ts_ns: u64) -> f64 {
        let origin = *self.origin_ns.get_or_insert(ts_ns);
        ts_ns.saturating_sub(origin) as f64 / 1000.0
    }

    fn write(&mut self, event: &Value) {
        let Some(out) = self.out.as_mut() else { return };
        let separator: &[u8] = if self.written == 0 { b"" } else { b",\n" };
        let result = out
            .write_all(separator)
            .and_then(|()| serde_json::to_writer(&mut *out, event).map_err(io::Error::from));
        match result {
            Ok(()) => self.written += 1,
            Err(err) => {
                self.error.get_or_insert(err);
                self.out = None;
            }
        }
    }

    /// Name thread `tid` of process `pid` (once, and again when the name changes: after execve).
    pub fn name_thread(&mut self, pid: u32, tid: u32, comm: &str) {
        let name = format!("{comm} [{tid}]");
        if self.names.get(&tid) != Some(&name) {
            self.write(
                &json!({"ph": "M", "name": "thread_name", "pid": pid, "tid": tid, "args": {"name": name}}),
            );
            self.names.insert(tid, name);
        }
        if pid == tid && self.processes.get(&pid).map(String::as_str) != Some(comm) {
            let name = format!("{comm} {pid}");
            self.write(&json!({"ph": "M", "name": "process_name", "pid": pid, "args": {"name": name}}));
            self.processes.insert(pid, comm.to_string());
        }
    }

    /// Whether thread `tid` has a name yet.
    pub fn knows(&self, tid: u32) -> bool {
        self.names.contains_key(&tid)
    }

    /// A syscall of `task` from its entry to `end_ns` (`None`: it never returned: a zero-length
    /// slice): its strace line, its result, and its decoded arguments.
    pub fn call(&mut self, task: Meta, name: &str, end_ns: Option<u64>, line: &str, ret: &str, args: Value) {
        let ts = self.micros(task.ts_ns);
        let dur = end_ns.map_or(0.0, |end| end.saturating_sub(task.ts_ns) as f64 / 1000.0);
        self.write(&json!({
            "ph": "X", "cat": "syscall", "name": name, "pid": task.pid, "tid": task.tid, "ts": ts, "dur": dur,
            "args": {"call": line, "ret": ret, "args": args},
        }));
    }

    /// A point event on thread `tid`: a signal, an exit.
    pub fn instant(&mut self, pid: u32, tid: u32, name: &str, ts_ns: u64, detail: &str) {
        let ts = self.micros(ts_ns);
        self.write(&json!({
            "ph": "i", "s": "t", "cat": "event", "name": name, "pid": pid, "tid": tid, "ts": ts,
            "args": {"detail": detail},
        }));
    }

    /// Close the event array; the first write error, if any.
    pub fn finish(&mut self) -> io::Result<()> {
        if let Some(mut out) = self.out.take() {
            out.write_all(b"\n]}\n")?;
            out.flush()?;
        }
        match self.error.take() {
            Some(err) => Err(err),
            None => Ok(()),
        }
    }
}

impl Drop for Perfetto {
    fn drop(&mut self) {
        if let Err(err) = self.finish() {
            crate::diag!("--perfetto: {err}");
        }
    }
}

/// The timeline an output writes beside its lines: the file, and the values of the call being
/// printed, from the same decode as the line.
#[derive(Debug)]
pub struct Timeline {
    file: Perfetto,
    values: JsonPrinter,
    /// The arguments of the call being printed.
    args: Value,
}

impl Timeline {
    pub fn new(file: Perfetto) -> Self {
        Timeline { file, values: JsonPrinter::default(), args: Value::Null }
    }

    /// The printer the call's arguments are decoded into (beside its text).
    pub fn values(&mut self) -> &mut JsonPrinter {
        &mut self.values
    }

    /// The arguments were decoded into [`Timeline::values`]: keep them for the slice.
    pub fn args_done(&mut self) {
        self.args = self.values.finish();
    }

    /// The arguments of the call being printed, decoded elsewhere (the JSON output's own).
    pub fn set_args(&mut self, args: Value) {
        self.args = args;
    }

    /// A shown call, whose line is `body` (after its leader) with its result from `ret_at`.
    pub fn call(&mut self, call: &Syscall, body: &str, ret_at: usize, tasks: &Tasks) {
        let meta = call.meta;
        let name = syscall::info(call.nr).map_or("syscall", |i| i.name);
        let execed = matches!(call.nr, nr::EXECVE | nr::EXECVEAT) && call.ret == Some(0);
        if execed || !self.file.knows(meta.tid) {
            let comm = match tasks.own_comm(meta.tid) {
                Some(comm) => comm.to_string(),
                // After an execve the task is named after the program (as the kernel names it).
                None if execed => call
                    .capture(usize::from(call.nr == nr::EXECVEAT))
                    .map(|c| {
                        let path = until_nul(&c.bytes);
                        let base = path.rsplit(|&b| b == b'/').next().unwrap_or(path);
                        String::from_utf8_lossy(&base[..base.len().min(15)]).into_owned()
                    })
                    .unwrap_or_else(|| comm_of(meta.tid)),
                None => comm_of(meta.tid),
            };
            self.file.name_thread(meta.pid, meta.tid, &comm);
        }
        // The line without its column padding.
        let head = body.get(..ret_at.saturating_sub(3)).unwrap_or_default().trim_end();
        let ret = body.get(ret_at..).unwrap_or_default();
        let line = without_colors(&format!("{head} = {ret}"));
        let args = std::mem::take(&mut self.args);
        self.file.call(meta, name, call.exit_ts_ns, &line, &without_colors(ret), args);
    }

    /// An instant event (`kind`: signal, stop, exit) whose strace line is `line`.
    pub fn instant(&mut self, meta: Meta, kind: &str, line: &str, tasks: &Tasks) {
        if !self.file.knows(meta.tid) {
            let comm = tasks.own_comm(meta.tid).map_or_else(|| comm_of(meta.tid), str::to_string);
            self.file.name_thread(meta.pid, meta.tid, &comm);
        }
        self.file.instant(meta.pid, meta.tid, kind, meta.ts_ns, line);
    }

    /// Close the file; the first write error, if any.
    pub fn finish(&mut self) -> io::Result<()> {
        self.file.finish().map_err(|e| io::Error::new(e.kind(), format!("--perfetto: {e}")))
    }
}

/// `text` without the colour codes `--color` put in it.
fn without_colors(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\x1b') {
        out.push_str(&rest[..at]);
        rest = rest[at..].find('m').map_or("", |m| &rest[at + m + 1..]);
    }
    out.push_str(rest);
    out
}

/// The name a task goes by: its `/proc` comm while it lives, else `?`.
pub fn comm_of(tid: u32) -> String {
    crate::facts::read_to_string(&format!("/proc/{tid}/comm"))
        .map_or_else(|| "?".to_string(), |c| c.trim_end().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_valid_trace_event_file() {
        let path = std::env::temp_dir().join(format!("tracer-perfetto-unit-{}.json", std::process::id()));
        {
            let mut trace = Perfetto::create(&path).expect("creates");
            trace.name_thread(10, 10, "cat");
            let task = Meta { pid: 10, tid: 10, ts_ns: 1_000_000 };
            let args = json!([{"const": "AT_FDCWD", "value": -100}, {"text": "x"}, {"flags": ["O_RDONLY"]}]);
            trace.call(task, "openat", Some(1_002_500), "openat(AT_FDCWD, \"x\", O_RDONLY) = 3", "3", args);
            trace.instant(10, 10, "exit 0", 1_010_000, "+++ exited with 0 +++");
            trace.finish().expect("finishes");
        }
        let text = std::fs::read_to_string(&path).expect("reads");
        let _ = std::fs::remove_file(&path);
        let value: Value = serde_json::from_str(&text).expect("valid JSON");
        let events = value["traceEvents"].as_array().expect("an array");
        assert_eq!(events.len(), 4);
        assert_eq!(events[0]["args"]["name"], "cat [10]");
        assert_eq!(events[1]["name"], "process_name");
        assert_eq!((events[2]["ts"].as_f64(), events[2]["dur"].as_f64()), (Some(0.0), Some(2.5)));
        assert_eq!(events[2]["args"]["args"][1]["text"], "x");
        assert_eq!(events[3]["ts"].as_f64(), Some(10.0));
    }
}
