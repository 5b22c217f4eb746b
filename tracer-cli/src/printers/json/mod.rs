//! `--json`: one JSON object per line for each syscall (when it ends) and process event (schema in
//! `docs/json-schema.md`, version [`SCHEMA_VERSION`]).
//!
//! The decoders write a call once, through a [`Tee`] of strace's text (the object's `text`) and a
//! [`JsonPrinter`] (module `values`), which builds typed values directly; this module writes the
//! lines.

mod values;

use serde_json::{json, Map, Value};
use tracer_common::event::Event;
use tracer_common::record::tamper;
use tracer_common::stack::StackFrame;
use tracer_common::syscall;

pub use self::values::{bytes_value, JsonPrinter};
use super::perfetto::Timeline;
use super::text::{call_text, CallOptions};
use super::timestamps::{Clock, TimestampOptions};
use super::{Output, Part};
use crate::call::{siginfo_signo, Syscall};
use crate::decode::printer::{Group, XlatStyle};
use crate::decode::text::TextPrinter;
use crate::decode::{self, FdNames, Tee};
use crate::state::Tasks;

/// Bumped on any incompatible change of the objects' shape.
pub const SCHEMA_VERSION: u32 = 2;

/// Writes JSON lines.
pub struct JsonOutput {
    call: CallOptions,
    /// strace's text of the call (the object's `text`).
    text: TextPrinter,
    values: JsonPrinter,
    args: Value,
    clock: Clock,
    backend: &'static str,
    timeline: Option<Timeline>,
    /// `-i`: each call's object has its instruction pointer (`ip`).
    instruction_pointer: bool,
}

impl JsonOutput {
    /// Objects for `backend`'s records, with `-s`, `-X`, `-e abbrev=`, `-e raw=`; `timestamps` for
    /// `-T` in the text (every object has its epoch timestamp).
    pub fn new(call: CallOptions, timestamps: TimestampOptions, backend: &'static str) -> Self {
        JsonOutput {
            call,
            text: TextPrinter::new(call.xlat, false),
            values: JsonPrinter::default(),
            args: Value::Null,
            clock: Clock::new(timestamps),
            backend,
            timeline: None,
            instruction_pointer: false,
        }
    }

    /// `-i`: the calls' objects carry their instruction pointer (`"ip"`).
    pub fn with_instruction_pointer(mut self, on: bool) -> Self {
        self.instruction_pointer = on;
        self
    }

    /// Also write the calls and events shown to a timeline (`--perfetto`).
    pub fn with_timeline(mut self, timeline: Timeline) -> Self {
        self.timeline = Some(timeline);
        self
    }

    /// `{"v":..,"type":..,"backend":..,"pid":..,"tid":..,"ts_ns":..,"comm":..}` then `fields`, as
    /// one line.
    fn write(
        &self,
        kind: &str,
        meta: tracer_common::event::Meta,
        tasks: &Tasks,
        fields: Value,
        out: &mut Vec<u8>,
    ) {
        let mut head = Map::new();
        head.insert("v".into(), json!(SCHEMA_VERSION));
        head.insert("type".into(), json!(kind));
        head.insert("backend".into(), json!(self.backend));
        head.insert("pid".into(), json!(meta.pid));
        head.insert("tid".into(), json!(meta.tid));
        head.insert("ts_ns".into(), json!(self.clock.realtime_ns(meta.ts_ns)));
        if let Some(comm) = tasks.comm(meta) {
            head.insert("comm".into(), json!(comm));
        }
        if let Value::Object(fields) = fields {
            head.extend(fields);
        }
        if serde_json::to_writer(&mut *out, &Value::Object(head)).is_ok() {
            out.push(b'\n');
        }
    }
}

/// `SIGCHLD` whatever `-X` says.
fn signal_name(sig: u64) -> String {
    decode::text::render(XlatStyle::Abbrev, |p| decode::signals::signal(p, sig))
}

impl Output for JsonOutput {
    fn call_args(&mut self, call: &Syscall, part: Part, tasks: &Tasks, fds: Option<&dyn FdNames>) {
        // A call is one object when it ends, never two halves.
        if matches!(part, Part::Entry | Part::PidChanged(_)) {
            return;
        }
        let info = syscall::info(call.nr);
        let raw = self.call.raw(info, call);
        let opts = self.call.decoding(call, raw, fds);
        self.text.clear();
        self.values.start(Group::Args);
        call_text(&mut Tee(&mut self.text, &mut self.values), info, call, &opts, raw, tasks);
        self.args = self.values.finish();
        if let Some(timeline) = self.timeline.as_mut() {
            timeline.set_args(self.args.clone());
        }
    }

    fn call_ret(
        &mut self,
        call: &Syscall,
        part: Part,
        tasks: &Tasks,
        fds: Option<&dyn FdNames>,
        out: &mut Vec<u8>,
    ) {
        if matches!(part, Part::Entry | Part::PidChanged(_)) {
            return;
        }
        let info = syscall::info(call.nr);
        let raw = self.call.raw(info, call);
        let opts = self.call.decoding(call, raw, fds);
        let head_len = self.text.text().len();
        self.text.text_mut().push_str(" = ");
        let ret_from = self.text.text().len();
        self.values.start(Group::Expr);
        let (ret, note, errno) = match call.ret {
            None => {
                self.text.text_mut().push('?');
                (Value::Null, Value::Null, None)
            }
            Some(ret) if raw && decode::errno::errno_of(ret).is_none() => {
                decode::num::hex(self.text.text_mut(), ret as u64);
                (json!(ret), Value::Null, None)
            }
            Some(_) => {
                self.text.start(Group::Expr);
                decode::ret(&mut Tee(&mut self.text, &mut self.values), info, call, &opts);
                let errno = self.values.errno();
                let mut items = self.values.finish_items().into_iter();
                (items.next().unwrap_or_default(), items.next().unwrap_or_default(), errno)
            }
        };
        let ret_text = self.text.text()[ret_from..].to_string();
        let tampered = call.tampered();
        let line = self.text.text_mut();
        super::tamper_note(tampered, line);
        if let (Some(_), Some(exit_ns)) = (call.ret, call.exit_ts_ns) {
            self.clock.duration(line, exit_ns.saturating_sub(call.meta.ts_ns));
        }
        let arg_count = info.map_or(6, |i| i.args.len().min(6));
        let mut fields = json!({
            "name": info.map_or("syscall", |i| i.name),
            "nr": call.nr,
            "args": std::mem::take(&mut self.args),
            "raw_args": &call.args[..arg_count],
            "ret": ret,
            "raw_ret": call.ret,
            "errno": errno.and_then(decode::errno::name),
            "ret_text": ret_text,
            "duration_ns": call.exit_ts_ns.filter(|_| call.ret.is_some()).map(|exit| exit.saturating_sub(call.meta.ts_ns)),
            "injected": tampered & (tamper::INJECTED | tamper::POKED) != 0,
            "text": self.text.text(),
        });
        if !note.is_null() {
            fields["ret_note"] = note;
        }
        if part == Part::Detached {
            fields["detached"] = json!(true);
        }
        if self.instruction_pointer {
            fields["ip"] = json!(call.ip);
        }
        if let Some(timeline) = self.timeline.as_mut() {
            let text = self.text.text();
            timeline.call(call, text, head_len + 3, tasks);
        }
        self.write("syscall", call.meta, tasks, fields, out);
    }

    fn personality(
        &mut self,
        meta: tracer_common::event::Meta,
        personality: tracer_common::personality::Personality,
        tasks: &Tasks,
        out: &mut Vec<u8>,
    ) {
        self.write("personality", meta, tasks, json!({ "mode": personality.mode() }), out);
    }

    fn event(&mut self, event: &Event, tasks: &Tasks, fds: Option<&dyn FdNames>, out: &mut Vec<u8>) {
        let meta = event.meta();
        let (kind, fields) = match event {
            Event::Exit { wait_status, .. } => match wait_status & 0x7f {
                0 => ("exit", json!({ "status": (wait_status >> 8) & 0xff })),
                sig => (
                    "killed",
                    json!({ "signal": signal_name(sig as u64), "core_dumped": wait_status & 0x80 != 0 }),
                ),
            },
            Event::Signal { siginfo, .. } => {
                self.values.start(Group::Expr);
                decode::siginfo::print(
                    &mut self.values,
                    siginfo,
                    decode::pids::Pids::new(fds, event.meta().tid),
                );
                let signo = u64::from(siginfo_signo(siginfo));
                ("signal", json!({ "signal": signal_name(signo), "siginfo": self.values.finish() }))
            }
            Event::Stop { sig, .. } => ("stopped", json!({ "signal": signal_name(u64::from(*sig)) })),
            Event::Fork { child_pid, child_tid, .. } => {
                ("fork", json!({ "child_pid": child_pid, "child_tid": child_tid }))
            }
            Event::Exec { meta, old_tid } if *old_tid != meta.tid => {
                ("superseded", json!({ "old_tid": old_tid }))
            }
            Event::Lost { count, .. } => ("lost", json!({ "count": count })),
            Event::Stack { frames, .. } => {
                ("stack", json!({ "frames": frames.iter().map(stack_frame).collect::<Vec<_>>() }))
            }
            _ => return,
        };
        self.write(kind, meta, tasks, fields, out);
    }

    fn entry_lost(&mut self, call: &Syscall, tasks: &Tasks, out: &mut Vec<u8>) {
        let info = syscall::info(call.nr);
        let errno = call.ret.and_then(decode::errno::errno_of).and_then(decode::errno::name);
        let fields = json!({
            "name": info.map_or("syscall", |i| i.name),
            "nr": call.nr,
            "raw_ret": call.ret,
            "errno": errno,
            "lost": "entry",
        });
        self.write("syscall", call.meta, tasks, fields, out);
    }

    fn finish(&mut self) -> std::io::Result<()> {
        match self.timeline.as_mut() {
            Some(timeline) => timeline.finish(),
            None => Ok(()),
        }
    }
}

/// One `-k` frame: `{"path", "symbol", "offset", "file_offset", "ip"}` (`symbol` null when
/// none), or `{"error", "ip"}` where strace prints an error line instead.
fn stack_frame(frame: &StackFrame) -> Value {
    match frame {
        StackFrame::Mapped { path, symbol, symbol_offset, file_offset, ip } => json!({
            "path": values::bytes_value(path),
            "symbol": (!symbol.is_empty()).then(|| values::bytes_value(symbol)),
            "offset": symbol_offset,
            "file_offset": file_offset,
            "ip": ip,
        }),
        StackFrame::Unmapped { ip } => json!({ "error": "unexpected_backtracing_error", "ip": ip }),
        StackFrame::TooDeep => json!({ "error": "too many stack frames" }),
    }
}

#[cfg(test)]
mod tests;
