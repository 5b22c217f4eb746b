//! strace's text format: `name(args) = ret` with ` = ` at column 40; with several tasks, pid
//! prefixes and `<unfinished ...>` / `<... name resumed>` halves; the `--- SIGX {...} ---`,
//! `--- stopped by SIGX ---` and `+++ exited with N +++` / `+++ killed by SIGX +++` lines.

use std::fmt::Write as _;

use rustc_hash::{FxHashMap, FxHashSet};
use tracer_common::event::{Event, Meta};
use tracer_common::record::tamper;
use tracer_common::syscall;

use crate::call::{Paired, Syscall};
use crate::decode::{self, num, FdNames};
use crate::filter::paths::PathFilter;
use crate::pairing::{siginfo_signo, Visibility};
use crate::sets::SyscallSet;
use crate::state::fds::FdTable;

use super::color;
use super::perfetto::{self, Perfetto};
use super::timestamps::{Clock, TimestampOptions};

/// How lines name their task (strace's `printleader`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PidPrefix {
    /// No prefix: one task without `-f`, or `-ff`'s per-task files.
    #[default]
    None,
    /// `-o FILE` with `-f` or several `-p`: `1234  ` (C's `%-5d `) on every line, from the first.
    Always,
    /// stderr: `[pid  1234] ` (`[pid %5u] `) on the lines printed while more than one task is
    /// traced.
    WhenSeveral,
    /// The eBPF scopes (`--all`, `--comm`, `--uid`, `--cgroup`): `[pid  1234 comm] ` on every line.
    WithComm,
}

/// Options that change how lines look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RenderOptions {
    /// strace's `-s`.
    pub strlen: u32,
    /// strace's `-v` for every call (else `abbrev` decides per call).
    pub verbose: bool,
    /// strace's `-X`.
    pub xlat: decode::XlatStyle,
    /// strace's `-a`: the column ` = ` starts at (when the call is shorter).
    pub columns: usize,
    /// strace's `-e abbrev=`: calls whose structures are abbreviated (`-v` is `abbrev=none`).
    pub abbrev: SyscallSet,
    /// strace's `-e raw=`: calls printed as hex numbers, undecoded.
    pub raw: SyscallSet,
    /// Which task each line belongs to.
    pub prefix: PidPrefix,
    /// Which signal, stop and exit lines print (`-e signal=`, `-qq`).
    pub visibility: Visibility,
    /// `-t`, `-r`, `-T` and their long forms.
    pub timestamps: TimestampOptions,
    /// strace's text, or `--json` lines.
    pub format: Format,
    /// The backend's name, for `--json`.
    pub backend: &'static str,
    /// `--color`: ANSI colours in text lines.
    pub color: bool,
}

/// What a line looks like.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Text,
    /// `--json`: one object per call or event ([`super::json`]).
    Json,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            strlen: 32,
            verbose: false,
            xlat: decode::XlatStyle::Abbrev,
            columns: 40,
            abbrev: SyscallSet::all(),
            raw: SyscallSet::none(),
            prefix: PidPrefix::None,
            visibility: Visibility::default(),
            timestamps: TimestampOptions::default(),
            format: Format::Text,
            backend: "ptrace",
            color: false,
        }
    }
}

/// Which part of a call a line shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    /// `name(args) = ret`.
    Whole,
    /// `name(entry args <unfinished ...>`.
    Entry,
    /// `<... name resumed>exit args) = ret`.
    Resumed,
    /// `name(entry args <detached ...>`: tracing ended while the call went on.
    Detached,
}

pub struct StraceRenderer {
    opts: RenderOptions,
    /// Reused for every line.
    line: String,
    /// Reused for a call's text when a line shows part of it.
    text: String,
    /// What descriptors refer to (`-y`): learnt from every call rendered.
    fds: Option<FdTable>,
    /// The tasks traced now (seen and not exited): tid → thread group.
    live: FxHashMap<u32, u32>,
    /// Each task's comm, from COMM records (the eBPF scopes).
    comms: FxHashMap<u32, String>,
    /// `-P`, `-e trace-fds=`: the calls shown (needs `fds`).
    paths: Option<PathFilter>,
    /// Tasks whose unfinished call `paths` hid at its entry: its resumed half is hidden too.
    hidden_unfinished: FxHashSet<u32>,
    /// `-t`/`-r`/`-T`: the clock offset and the previous line's time.
    clock: Clock,
    /// `--perfetto FILE`: the same calls and events as a trace-event file.
    perfetto: Option<Perfetto>,
    /// Where the current line's body starts (after its pid and time leader).
    body_from: usize,
    /// Each task's previous call (what a `restart_syscall` resumes).
    previous: FxHashMap<u32, u64>,
}

impl StraceRenderer {
    pub fn new(opts: RenderOptions) -> Self {
        StraceRenderer {
            opts,
            line: String::with_capacity(256),
            text: String::new(),
            fds: None,
            live: FxHashMap::default(),
            comms: FxHashMap::default(),
            paths: None,
            hidden_unfinished: FxHashSet::default(),
            clock: Clock::new(opts.timestamps),
            perfetto: None,
            body_from: 0,
            previous: FxHashMap::default(),
        }
    }

    /// Close what the renderer writes besides its lines (`--perfetto`'s file).
    pub fn finish(&mut self) -> std::io::Result<()> {
        match self.perfetto.as_mut() {
            Some(perfetto) => {
                perfetto.finish().map_err(|e| std::io::Error::new(e.kind(), format!("--perfetto: {e}")))
            }
            None => Ok(()),
        }
    }

    /// Also write the calls and events shown to a trace-event file (`--perfetto`).
    pub fn with_perfetto(mut self, perfetto: Perfetto) -> Self {
        self.perfetto = Some(perfetto);
        self
    }

    /// `--perfetto`: a shown call, whose text (strace's, from `from` in `self.line`) is written.
    fn perfetto_call(&mut self, call: &Syscall, from: usize) {
        let Some(perfetto) = self.perfetto.as_mut() else { return };
        let meta = call.meta;
        let name = syscall::info(call.nr).map_or("syscall", |i| i.name);
        let execed = name.starts_with("execve") && call.ret == Some(0);
        if execed || !perfetto.knows(meta.tid) {
            let comm = match self.comms.get(&meta.tid) {
                Some(comm) => comm.clone(),
                // After an execve the task is named after the program (as the kernel names it).
                None if execed => call
                    .capture(usize::from(name == "execveat"))
                    .map(|c| {
                        let path = decode::strings::until_nul(&c.bytes);
                        let base = path.rsplit(|&b| b == b'/').next().unwrap_or(path);
                        String::from_utf8_lossy(&base[..base.len().min(15)]).into_owned()
                    })
                    .unwrap_or_else(|| perfetto::comm_of(meta.tid)),
                None => perfetto::comm_of(meta.tid),
            };
            perfetto.name_thread(meta.pid, meta.tid, &comm);
        }
        let text = self.line.get(from..).unwrap_or_default();
        // The line without its column padding.
        let (text, ret) = match text.rsplit_once(" = ") {
            Some((head, ret)) => (format!("{} = {ret}", head.trim_end()), ret),
            None => (text.to_string(), "?"),
        };
        perfetto.call(meta, name, call.exit_ts_ns, &text, ret);
    }

    /// `--perfetto`: an instant event (signal, stop, exit) whose strace line is `self.line[from..]`.
    fn perfetto_instant(&mut self, meta: Meta, name: &str, from: usize) {
        let Some(perfetto) = self.perfetto.as_mut() else { return };
        if !perfetto.knows(meta.tid) {
            let comm = self.comms.get(&meta.tid).cloned().unwrap_or_else(|| perfetto::comm_of(meta.tid));
            perfetto.name_thread(meta.pid, meta.tid, &comm);
        }
        let detail = self.line.get(from..).unwrap_or_default();
        perfetto.instant(meta.pid, meta.tid, name, meta.ts_ns, detail);
    }

    /// Show only the calls that touch these paths or descriptors (`-P`, `-e trace-fds=`),
    /// resolved with the fd table of [`Self::with_fd_names`] (which prints nothing unless `-y` asks;
    /// main gives the renderer one whenever `-P` is set).
    pub fn with_path_filter(mut self, filter: PathFilter) -> Self {
        self.paths = Some(filter);
        self
    }

    /// Whether `-P` or `-e trace-fds=` is set.
    pub fn filters_paths(&self) -> bool {
        self.paths.is_some()
    }

    /// Whether task `tid`'s call in progress was hidden by `-P` at its entry (its resumed half
    /// is hidden too).
    pub fn hid_at_entry(&self, tid: u32) -> bool {
        self.hidden_unfinished.contains(&tid)
    }

    /// Whether `-P`/`-e trace-fds=` let `call` through (judged before the table learns from it).
    pub fn path_shows(&self, call: &Syscall) -> bool {
        match (&self.paths, &self.fds) {
            (Some(filter), Some(fds)) => filter.matches(call, fds),
            _ => true,
        }
    }

    /// A call not shown: what it did to the descriptors still counts.
    fn learn_only(&mut self, call: &Syscall) {
        if let Some(fds) = &mut self.fds {
            fds.before_args(call);
            fds.after_args(call);
        }
    }

    /// Print descriptors with what they refer to, as `table` says (`-y`, `-yy`).
    pub fn with_fd_names(mut self, table: FdTable) -> Self {
        self.fds = Some(table);
        self
    }

    /// Count task `tid` as traced before its first record (`-p` lists several processes: strace
    /// prefixes lines from the start).
    pub fn expect_task(&mut self, tid: u32) {
        self.live.entry(tid).or_insert(tid);
    }

    /// Append the text for `item` (zero or more whole lines) to `out`.
    pub fn render(&mut self, item: &Paired, out: &mut Vec<u8>) {
        if self.opts.format == Format::Json {
            self.render_json(item, out);
        } else {
            self.render_text(item, out);
        }
        match item {
            Paired::Syscall(call) | Paired::Resumed(call) | Paired::Hidden(call) | Paired::Detached(call) => {
                self.previous.insert(call.meta.tid, call.nr);
            }
            Paired::Other(Event::Exit { meta, .. }) => {
                self.previous.remove(&meta.tid);
            }
            Paired::Unfinished(_) | Paired::Other(_) => {}
        }
    }

    fn render_text(&mut self, item: &Paired, out: &mut Vec<u8>) {
        self.line.clear();
        let meta = item.meta();
        if !matches!(item, Paired::Other(Event::Lost { .. })) {
            // A task counts from its first record, as strace's from its first stop.
            self.live.entry(meta.tid).or_insert(meta.pid);
        }
        match item {
            Paired::Syscall(call) => {
                if !self.path_shows(call) {
                    return self.learn_only(call);
                }
                self.leader(meta, meta.ts_ns);
                let from = self.line.len();
                self.syscall(call, Part::Whole);
                self.perfetto_call(call, from);
            }
            Paired::Unfinished(call) => {
                if !self.path_shows(call) {
                    self.hidden_unfinished.insert(meta.tid);
                    return;
                }
                self.leader(meta, meta.ts_ns);
                self.syscall(call, Part::Entry);
            }
            Paired::Detached(call) => {
                if !self.path_shows(call) {
                    return;
                }
                self.leader(meta, meta.ts_ns);
                self.syscall(call, Part::Detached);
            }
            Paired::Resumed(call) => {
                if self.hidden_unfinished.remove(&meta.tid) {
                    return self.learn_only(call);
                }
                self.leader(meta, call.exit_ts_ns.unwrap_or(meta.ts_ns));
                let from = self.line.len();
                self.syscall(call, Part::Resumed);
                self.perfetto_call(call, from);
            }
            // Not shown (`-e trace=`), but what it did to the descriptors counts.
            Paired::Hidden(call) => return self.learn_only(call),
            Paired::Other(event @ Event::Exit { wait_status, .. }) => {
                let shown = self.opts.visibility.shows(event);
                if shown {
                    self.leader(meta, meta.ts_ns);
                    let from = self.line.len();
                    exit_line(&mut self.line, *wait_status);
                    self.perfetto_instant(meta, "exit", from);
                }
                self.task_ended(meta);
                if !shown {
                    return;
                }
            }
            Paired::Other(event @ Event::Signal { siginfo, .. }) => {
                if !self.opts.visibility.shows(event) {
                    return;
                }
                self.leader(meta, meta.ts_ns);
                let from = self.line.len();
                self.line.push_str("--- ");
                let xlat = self.opts.xlat;
                let line = &mut self.line;
                decode::xlat::with_style(decode::XlatStyle::Abbrev, || {
                    decode::signals::signal(line, u64::from(siginfo_signo(siginfo)));
                });
                line.push(' ');
                decode::xlat::with_style(xlat, || decode::siginfo::print(line, siginfo));
                line.push_str(" ---");
                self.perfetto_instant(meta, "signal", from);
            }
            Paired::Other(event @ Event::Stop { sig, .. }) => {
                if !self.opts.visibility.shows(event) {
                    return;
                }
                self.leader(meta, meta.ts_ns);
                let from = self.line.len();
                self.line.push_str("--- stopped by ");
                let line = &mut self.line;
                decode::xlat::with_style(decode::XlatStyle::Abbrev, || {
                    decode::signals::signal(line, u64::from(*sig));
                });
                line.push_str(" ---");
                self.perfetto_instant(meta, "stop", from);
            }
            Paired::Other(Event::Fork { meta, child_pid, .. }) => {
                if let Some(fds) = &mut self.fds {
                    fds.fork(meta.pid, *child_pid);
                }
                return;
            }
            Paired::Other(event @ Event::Exec { meta, old_tid }) => {
                // A non-leader thread's execve: it goes on as the leader, under the leader's tid,
                // and the leader's own life ends (`+++ superseded by execve in pid N +++`).
                if *old_tid == meta.tid {
                    return;
                }
                self.live.remove(old_tid);
                self.comms.remove(old_tid);
                if !self.opts.visibility.shows(event) {
                    return;
                }
                self.leader(*meta, meta.ts_ns);
                let _ = write!(self.line, "+++ superseded by execve in pid {old_tid} +++");
            }
            Paired::Other(Event::Comm { meta, comm }) => {
                let end = comm.iter().position(|&b| b == 0).unwrap_or(comm.len());
                self.comms.insert(meta.tid, String::from_utf8_lossy(&comm[..end]).into_owned());
                return;
            }
            // Lost records print nothing here (the pipeline counts them).
            Paired::Other(_) => return,
        }
        if self.opts.color {
            color::paint(&mut self.line, self.body_from);
        }
        self.line.push('\n');
        out.extend_from_slice(self.line.as_bytes());
    }

    /// `--json`: one object per call (when it ends, never in halves) or event.
    fn render_json(&mut self, item: &Paired, out: &mut Vec<u8>) {
        use serde_json::json;
        let meta = item.meta();
        if !matches!(item, Paired::Other(Event::Lost { .. })) {
            self.live.entry(meta.tid).or_insert(meta.pid);
        }
        let mut object = match item {
            Paired::Unfinished(call) => {
                if !self.path_shows(call) {
                    self.hidden_unfinished.insert(meta.tid);
                }
                return;
            }
            Paired::Hidden(call) => return self.learn_only(call),
            Paired::Resumed(call) if self.hidden_unfinished.remove(&meta.tid) => {
                return self.learn_only(call)
            }
            Paired::Syscall(call) if !self.path_shows(call) => return self.learn_only(call),
            Paired::Syscall(call) | Paired::Resumed(call) => {
                self.line.clear();
                self.syscall(call, Part::Whole);
                self.perfetto_call(call, 0);
                self.call_object(call)
            }
            Paired::Detached(call) => {
                if !self.path_shows(call) {
                    return;
                }
                self.line.clear();
                self.syscall(call, Part::Detached);
                let mut object = self.call_object(call);
                object["detached"] = json!(true);
                object
            }
            Paired::Other(event) => {
                let signal_name = |sig: u64| {
                    let mut name = String::new();
                    decode::xlat::with_style(decode::XlatStyle::Abbrev, || {
                        decode::signals::signal(&mut name, sig)
                    });
                    name
                };
                match event {
                    Event::Exit { wait_status, .. } => {
                        let shown = self.opts.visibility.shows(event);
                        self.task_ended(meta);
                        if !shown {
                            return;
                        }
                        match wait_status & 0x7f {
                            0 => json!({ "type": "exit", "status": (wait_status >> 8) & 0xff }),
                            sig => json!({
                                "type": "killed",
                                "signal": signal_name(sig as u64),
                                "core_dumped": wait_status & 0x80 != 0,
                            }),
                        }
                    }
                    Event::Signal { siginfo, .. } => {
                        if !self.opts.visibility.shows(event) {
                            return;
                        }
                        let mut text = String::new();
                        let xlat = self.opts.xlat;
                        decode::xlat::with_style(xlat, || decode::siginfo::print(&mut text, siginfo));
                        json!({
                            "type": "signal",
                            "signal": signal_name(u64::from(siginfo_signo(siginfo))),
                            "siginfo": super::json::value(&text),
                        })
                    }
                    Event::Stop { sig, .. } => {
                        if !self.opts.visibility.shows(event) {
                            return;
                        }
                        json!({ "type": "stopped", "signal": signal_name(u64::from(*sig)) })
                    }
                    Event::Fork { child_pid, child_tid, .. } => {
                        if let Some(fds) = &mut self.fds {
                            fds.fork(meta.pid, *child_pid);
                        }
                        json!({ "type": "fork", "child_pid": child_pid, "child_tid": child_tid })
                    }
                    Event::Exec { old_tid, .. } => {
                        if *old_tid == meta.tid {
                            return;
                        }
                        self.live.remove(old_tid);
                        self.comms.remove(old_tid);
                        json!({ "type": "superseded", "old_tid": old_tid })
                    }
                    Event::Comm { comm, .. } => {
                        let end = comm.iter().position(|&b| b == 0).unwrap_or(comm.len());
                        self.comms.insert(meta.tid, String::from_utf8_lossy(&comm[..end]).into_owned());
                        return;
                    }
                    Event::Lost { count, .. } => json!({ "type": "lost", "count": count }),
                    Event::SysEnter { .. } | Event::SysExit { .. } | Event::SignalQueued { .. } => return,
                }
            }
        };
        if let Some(fields) = object.as_object_mut() {
            let mut head = serde_json::Map::new();
            head.insert("v".into(), json!(super::json::SCHEMA_VERSION));
            head.insert("type".into(), fields.remove("type").unwrap_or(serde_json::Value::Null));
            head.insert("backend".into(), json!(self.opts.backend));
            head.insert("pid".into(), json!(meta.pid));
            head.insert("tid".into(), json!(meta.tid));
            head.insert("ts_ns".into(), json!(self.clock.realtime_ns(meta.ts_ns)));
            if let Some(comm) = self.comms.get(&meta.tid).or_else(|| self.comms.get(&meta.pid)) {
                head.insert("comm".into(), json!(comm));
            }
            head.append(fields);
            object = serde_json::Value::Object(head);
        }
        if serde_json::to_writer(&mut *out, &object).is_ok() {
            out.push(b'\n');
        }
    }

    /// The object of a call whose strace text is in `self.line`.
    fn call_object(&self, call: &Syscall) -> serde_json::Value {
        use serde_json::json;
        let info = syscall::info(call.nr);
        let text = self.line.as_str();
        let (args, ret_text) = match super::json::split_call(text) {
            Some((_, args, ret)) => (args.into_iter().map(super::json::value).collect(), ret),
            None => (Vec::new(), None),
        };
        let (ret, errno) = match ret_text {
            Some(ret) => super::json::ret_value(ret),
            None => (serde_json::Value::Null, None),
        };
        let arg_count = info.map_or(6, |i| i.args.len().min(6));
        // The line without its column padding.
        let compact = match ret_text.filter(|r| text.ends_with(r)) {
            Some(r) => {
                let head = text[..text.len() - r.len()].trim_end().trim_end_matches('=').trim_end();
                format!("{head} = {r}")
            }
            None => text.to_string(),
        };
        let tampered = call.captures.iter().filter_map(|c| c.tamper_bits()).fold(0, |all, bits| all | bits);
        json!({
            "type": "syscall",
            "name": info.map_or("syscall", |i| i.name),
            "nr": call.nr,
            "args": args,
            "raw_args": &call.args[..arg_count],
            "ret": ret,
            "raw_ret": call.ret,
            "errno": errno,
            "ret_text": ret_text,
            "duration_ns": call.exit_ts_ns.map(|exit| exit.saturating_sub(call.meta.ts_ns)),
            "injected": tampered & (tamper::INJECTED | tamper::POKED) != 0,
            "text": compact,
        })
    }

    /// Task `meta.tid` ended: it no longer counts, and its process's descriptors are forgotten with
    /// its last task.
    fn task_ended(&mut self, meta: Meta) {
        self.hidden_unfinished.remove(&meta.tid);
        self.live.remove(&meta.tid);
        self.comms.remove(&meta.tid);
        if self.live.values().all(|&pid| pid != meta.pid) {
            if let Some(fds) = &mut self.fds {
                fds.exit(meta.pid);
            }
        }
    }

    /// strace's `printleader`: the task's prefix, if lines carry one.
    fn leader(&mut self, meta: Meta, ts_ns: u64) {
        match self.opts.prefix {
            PidPrefix::None => {}
            PidPrefix::Always => {
                num::dec_left(&mut self.line, meta.tid, 5);
                self.line.push(' ');
            }
            PidPrefix::WhenSeveral => {
                if self.live.len() > 1 {
                    self.line.push_str("[pid ");
                    num::dec_right(&mut self.line, meta.tid, 5);
                    self.line.push_str("] ");
                }
            }
            PidPrefix::WithComm => {
                let comm = self
                    .comms
                    .get(&meta.tid)
                    .or_else(|| self.comms.get(&meta.pid))
                    .map_or("?", String::as_str);
                let _ = write!(self.line, "[pid {:>5} {comm}] ", meta.tid);
            }
        }
        self.clock.leader(&mut self.line, ts_ns);
        self.body_from = self.line.len();
    }

    fn syscall(&mut self, call: &Syscall, part: Part) {
        let info = syscall::info(call.nr);
        // restart_syscall names the call it resumes: the task's previous one (strace's `read` when
        // it has seen none, as its per-task state starts at syscall 0).
        let restarted =
            info.filter(|i| i.name == "restart_syscall" && !self.opts.raw.contains(call.nr)).map(|_| {
                let previous = self.previous.get(&call.meta.tid).and_then(|&nr| syscall::info(nr));
                format!(
                    "restart_syscall(<... resuming interrupted {} ...>)",
                    previous.map_or("read", |i| i.name)
                )
            });
        let Self { opts: render, line, text, fds, clock, .. } = self;
        if let Some(fds) = fds.as_mut().filter(|_| part != Part::Entry) {
            fds.before_args(call);
        }
        let raw = info.is_some() && render.raw.contains(call.nr);
        let verbose = render.verbose || !render.abbrev.contains(call.nr);
        let (strlen, xlat) = (render.strlen, render.xlat);
        let opts = decode::Options { strlen, verbose, xlat, fds: fd_names(fds, raw) };
        if part == Part::Whole && call.ret.is_some() {
            // The common case, straight into the line.
            match (info.filter(|_| raw), &restarted) {
                (Some(info), _) => raw_call(line, info.name, &call.args[..info.args.len().min(6)]),
                (None, Some(restarted)) => line.push_str(restarted),
                (None, None) => decode::call(line, info, call, &opts),
            }
        } else {
            // strace's entry text ends where the first output argument starts: a call that never
            // returned (`= ?`) or whose line another task interrupted shows it in two parts.
            text.clear();
            let split = match (info.filter(|_| raw), &restarted) {
                (Some(info), _) => {
                    raw_call(text, info.name, &call.args[..info.args.len().min(6)]);
                    text.len() - 1
                }
                (None, Some(restarted)) => {
                    text.push_str(restarted);
                    text.len() - 1
                }
                (None, None) => decode::call_split(text, info, call, &opts),
            };
            let split = split.min(text.len().saturating_sub(1));
            let whole_at_entry = split + 1 >= text.len();
            match part {
                Part::Entry => {
                    line.push_str(&text[..split]);
                    line.push_str(" <unfinished ...>");
                    return;
                }
                Part::Detached => {
                    line.push_str(&text[..split]);
                    line.push_str(" <detached ...>");
                    return;
                }
                Part::Whole => line.push_str(&text[..split]),
                Part::Resumed => {
                    line.push_str("<... ");
                    line.push_str(info.map_or("syscall", |i| i.name));
                    line.push_str(" resumed>");
                    if call.ret.is_some() {
                        line.push_str(&text[split..text.len() - 1]);
                    }
                }
            }
            if call.ret.is_none() && !whole_at_entry {
                // What the call would have printed at exit is unknown.
                line.push_str(" <unfinished ...>");
            }
            line.push(')');
        }
        // What the call did shows in its return value: `openat(...) = 3</etc/passwd>`.
        if let Some(fds) = fds.as_mut() {
            fds.after_args(call);
        }
        // strace prints ") ", pads to the column, then "= ".
        let width = line.len();
        if width + 1 < render.columns {
            num::spaces(line, render.columns - 1 - width);
        }
        line.push_str(" = ");
        match call.ret {
            Some(ret) if raw && decode::errno::errno_of(ret).is_none() => raw_hex(line, ret as u64),
            _ => decode::ret(
                line,
                info,
                call,
                &decode::Options { strlen, verbose, xlat, fds: fd_names(fds, raw) },
            ),
        }
        // `-e inject=`: what the tracer did to the call.
        let tampered = call.captures.iter().filter_map(|c| c.tamper_bits()).fold(0, |all, bits| all | bits);
        match (tampered & tamper::INJECTED != 0, tampered & tamper::POKED != 0) {
            (true, true) => line.push_str(" (INJECTED: args, retval)"),
            (false, true) => line.push_str(" (INJECTED: args)"),
            (true, false) => line.push_str(" (INJECTED)"),
            (false, false) => {}
        }
        if tampered & tamper::DELAYED != 0 {
            line.push_str(" (DELAYED)");
        }
        // `-T`: how long the call took (not for a call that never returned).
        if let (Some(_), Some(exit_ns)) = (call.ret, call.exit_ts_ns) {
            clock.duration(line, exit_ns.saturating_sub(call.meta.ts_ns));
        }
    }
}

/// The names decoders print after descriptors, if any are asked for (never for a raw call).
fn fd_names(fds: &Option<FdTable>, raw: bool) -> Option<&dyn FdNames> {
    fds.as_ref().filter(|t| t.decode().any() && !raw).map(|t| t as &dyn FdNames)
}

/// `-e raw=`: `openat(0xffffff9c, 0x7ffc1e19fae3, 0x80000, 0)`, every argument as the register held it.
fn raw_call(line: &mut String, name: &str, args: &[u64]) {
    line.push_str(name);
    line.push('(');
    for (i, &value) in args.iter().enumerate() {
        if i > 0 {
            line.push_str(", ");
        }
        raw_hex(line, value);
    }
    line.push(')');
}

/// C's `%#lx`: `0` for zero, `0x1f` otherwise.
fn raw_hex(line: &mut String, value: u64) {
    num::hex(line, value);
}

/// `+++ exited with 0 +++`, `+++ killed by SIGSEGV (core dumped) +++`.
fn exit_line(line: &mut String, status: i32) {
    let sig = status & 0x7f;
    if sig == 0 {
        line.push_str("+++ exited with ");
        num::dec(line, (status >> 8) & 0xff);
        line.push_str(" +++");
    } else {
        line.push_str("+++ killed by ");
        decode::signals::signal(line, sig as u64);
        if status & 0x80 != 0 {
            line.push_str(" (core dumped)");
        }
        line.push_str(" +++");
    }
}

#[cfg(test)]
mod tests;
