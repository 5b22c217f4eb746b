//! `--perfetto FILE`: the trace as a Chrome trace-event JSON file, which ui.perfetto.dev and
//! chrome://tracing open: one track per thread named `comm [tid]`, each syscall a slice (`ph: X`)
//! with its strace line and result as arguments, signals and exits as instants (`ph: i`).

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use rustc_hash::FxHashMap;
use serde_json::{json, Value};
use tracer_common::event::Meta;

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
    /// slice).
    pub fn call(&mut self, task: Meta, name: &str, end_ns: Option<u64>, line: &str, ret: &str) {
        let ts = self.micros(task.ts_ns);
        let dur = end_ns.map_or(0.0, |end| end.saturating_sub(task.ts_ns) as f64 / 1000.0);
        self.write(&json!({
            "ph": "X", "cat": "syscall", "name": name, "pid": task.pid, "tid": task.tid, "ts": ts, "dur": dur,
            "args": {"call": line, "ret": ret},
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
            eprintln!("tracer: --perfetto: {err}");
        }
    }
}

/// The name a task goes by: its `/proc` comm while it lives, else `?`.
pub fn comm_of(tid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{tid}/comm"))
        .map_or_else(|_| "?".to_string(), |c| c.trim_end().to_string())
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
            trace.call(task, "openat", Some(1_002_500), "openat(AT_FDCWD, \"x\", O_RDONLY) = 3", "3");
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
        assert_eq!(events[3]["ts"].as_f64(), Some(10.0));
    }
}
