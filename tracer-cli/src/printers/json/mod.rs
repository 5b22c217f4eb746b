//! `--json`: one JSON object per line for each syscall (when it ends) and process event (schema in
//! `docs/json-schema.md`, version [`SCHEMA_VERSION`]).
//!
//! The decoders write a call once, through a [`Tee`] of strace's text (the object's `text`) and a
//! [`JsonPrinter`], which builds typed values directly: numbers, constants and flag sets with their
//! names and numbers, strings and buffers with their exact bytes, structures as objects, arrays,
//! descriptors with what they refer to.

use base64::Engine as _;
use serde_json::{json, Map, Value};
use tracer_common::event::Event;
use tracer_common::record::tamper;
use tracer_common::syscall;

use super::perfetto::Timeline;
use super::text::CallOptions;
use super::timestamps::{Clock, TimestampOptions};
use super::{Output, Part};
use crate::call::{siginfo_signo, Syscall};
use crate::decode::printer::{FdName, Fmt, Group, Printer, Quote, XlatStyle};
use crate::decode::text::TextPrinter;
use crate::decode::xlat::{match_flags, Xlat};
use crate::decode::{self, FdNames, Tee};
use crate::state::Tasks;

/// Bumped on any incompatible change of the objects' shape.
pub const SCHEMA_VERSION: u32 = 2;

/// One open group and what has been written in it.
#[derive(Debug)]
struct Frame {
    group: Group,
    items: Vec<(Option<String>, Value)>,
    /// The name [`Printer::field`] gave the next item.
    key: Option<String>,
    /// An [`Group::Expr`] holds literal text.
    literal: bool,
    /// In a [`Group::Composite`]: the items before this index are the number.
    decoded_at: Option<usize>,
}

impl Frame {
    fn new(group: Group) -> Self {
        Frame { group, items: Vec::new(), key: None, literal: false, decoded_at: None }
    }
}

/// Builds the JSON value of what decoders write.
#[derive(Debug)]
pub struct JsonPrinter {
    frames: Vec<Frame>,
    /// A failed call's errno, written by [`Printer::error`].
    errno: Option<u16>,
}

impl Default for JsonPrinter {
    fn default() -> Self {
        JsonPrinter { frames: vec![Frame::new(Group::Expr)], errno: None }
    }
}

impl JsonPrinter {
    /// Start a new value, written directly inside `group` ([`Group::Args`] for a call's
    /// arguments: an array).
    pub fn start(&mut self, group: Group) {
        self.frames.clear();
        self.frames.push(Frame::new(group));
        self.errno = None;
    }

    /// The value written since [`JsonPrinter::start`] (open groups closed).
    pub fn finish(&mut self) -> Value {
        while self.frames.len() > 1 {
            self.close();
        }
        let frame = self.frames.pop().unwrap_or_else(|| Frame::new(Group::Expr));
        self.frames.push(Frame::new(Group::Expr));
        value_of(frame)
    }

    /// The values written since [`JsonPrinter::start`], one per item (a return value and its note).
    pub fn finish_items(&mut self) -> Vec<Value> {
        while self.frames.len() > 1 {
            self.close();
        }
        let frame = self.frames.pop().unwrap_or_else(|| Frame::new(Group::Expr));
        self.frames.push(Frame::new(Group::Expr));
        frame.items.into_iter().map(|(_, value)| value).collect()
    }

    /// A failed call's errno, if [`Printer::error`] said.
    pub fn errno(&self) -> Option<u16> {
        self.errno
    }

    fn top(&mut self) -> &mut Frame {
        if self.frames.is_empty() {
            self.frames.push(Frame::new(Group::Expr));
        }
        let last = self.frames.len() - 1;
        &mut self.frames[last]
    }

    fn push(&mut self, value: Value) {
        let frame = self.top();
        let key = frame.key.take();
        frame.items.push((key, value));
    }

    /// Change the item just written (a comment or a descriptor's name attached to it).
    fn attach(&mut self, change: impl FnOnce(Value) -> Value) {
        if let Some((_, last)) = self.top().items.last_mut() {
            *last = change(std::mem::take(last));
        }
    }
}

/// `{"text": ...}` for UTF-8, else `{"bytes": base64}`: the exact bytes either way.
pub fn bytes_value(bytes: &[u8]) -> Value {
    match std::str::from_utf8(bytes) {
        Ok(text) => json!({ "text": text }),
        Err(_) => json!({ "bytes": base64::engine::general_purpose::STANDARD.encode(bytes) }),
    }
}

/// A number as its format says: signed or not.
fn number(value: u64, fmt: Fmt) -> Value {
    match fmt {
        Fmt::Signed => json!(value as i64),
        Fmt::Hex | Fmt::Unsigned => json!(value),
    }
}

/// An item of a flag set: a name as a string, other values as they are.
fn flag_part(value: Value) -> Value {
    match value {
        Value::Object(mut fields) if fields.contains_key("const") => {
            fields.remove("const").unwrap_or_default()
        }
        other => other,
    }
}

/// The value of a closed group.
fn value_of(frame: Frame) -> Value {
    let keyed = |items: Vec<(Option<String>, Value)>| -> Map<String, Value> {
        items
            .into_iter()
            .enumerate()
            .map(|(i, (key, value))| (key.unwrap_or_else(|| format!("_{i}")), value))
            .collect()
    };
    let listed = |items: Vec<(Option<String>, Value)>| -> Vec<Value> {
        items
            .into_iter()
            .map(|(key, value)| match key {
                Some(key) => json!({ key: value }),
                None => value,
            })
            .collect()
    };
    match frame.group {
        Group::Struct | Group::Note => Value::Object(keyed(frame.items)),
        Group::Args | Group::Array => Value::Array(listed(frame.items)),
        Group::Set { inverted: false } => Value::Array(listed(frame.items)),
        Group::Set { inverted: true } => json!({ "not": listed(frame.items) }),
        Group::Call(name) => json!({ "fn": name, "args": listed(frame.items) }),
        Group::Or => {
            json!({ "flags": frame.items.into_iter().map(|(_, v)| flag_part(v)).collect::<Vec<_>>() })
        }
        Group::Changed => {
            let mut values = frame.items.into_iter().map(|(_, v)| v);
            json!({ "in": values.next(), "out": values.next() })
        }
        Group::Expr => {
            if !frame.literal && frame.items.len() == 1 {
                frame.items.into_iter().next().map(|(_, v)| v).unwrap_or_default()
            } else if frame.items.is_empty() {
                Value::Null
            } else {
                json!({ "expr": frame.items.into_iter().map(|(_, v)| v).collect::<Vec<_>>() })
            }
        }
        Group::Composite => {
            let at = frame.decoded_at.unwrap_or(frame.items.len());
            let mut values = frame.items.into_iter().map(|(_, v)| v);
            let number = values.next().unwrap_or_default();
            let decoded = values.nth(at.saturating_sub(1)).unwrap_or_default();
            match decoded {
                Value::Object(mut fields) => {
                    fields.entry("value").or_insert(number);
                    Value::Object(fields)
                }
                other => json!({ "value": number, "decoded": other }),
            }
        }
    }
}

impl Printer for JsonPrinter {
    fn int(&mut self, value: i64) {
        self.push(json!(value));
    }
    fn uint(&mut self, value: u64) {
        self.push(json!(value));
    }
    fn hex(&mut self, value: u64) {
        self.push(json!(value));
    }
    fn oct(&mut self, value: u64) {
        self.push(json!(value));
    }
    fn addr(&mut self, value: u64) {
        self.push(if value == 0 { Value::Null } else { json!(value) });
    }
    fn formatted(&mut self, value: u64, _text: &str) {
        self.push(json!(value));
    }
    fn str(&mut self, bytes: &[u8], _quote: Quote, cut: bool) {
        let mut value = bytes_value(bytes);
        if cut {
            value["truncated"] = json!(true);
        }
        self.push(value);
    }
    fn name(&mut self, name: &str) {
        self.push(json!({ "const": name }));
    }
    fn constant(&mut self, value: u64, name: Option<&str>, fmt: Fmt, _unknown: &str) {
        self.push(match name {
            Some(name) => json!({ "const": name, "value": number(value, fmt) }),
            None => number(value, fmt),
        });
    }
    fn flags(&mut self, value: u64, tables: &[Xlat], _unknown: Option<&str>) {
        let mut names: Vec<Value> = Vec::new();
        let rest = match_flags(tables, value, |name| names.push(json!(name)));
        if rest != 0 {
            names.push(json!(rest));
        }
        self.push(json!({ "flags": names, "value": value }));
    }
    fn raw(&mut self, text: &str) {
        self.top().literal = true;
        self.push(json!(text));
    }
    fn comment(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.attach(|value| match value {
            Value::Object(mut fields) => {
                fields.insert("comment".into(), json!(text));
                Value::Object(fields)
            }
            other => json!({ "value": other, "comment": text }),
        });
    }
    fn decoration(&mut self, name: &FdName) {
        let mut about = Map::new();
        match name {
            FdName::Path { path, deleted } => {
                about.insert("path".into(), bytes_value(path));
                if *deleted {
                    about.insert("deleted".into(), json!(true));
                }
            }
            FdName::Device { path, kind, major, minor } => {
                about.insert("path".into(), bytes_value(path));
                about.insert("device".into(), json!({ "kind": kind, "major": major, "minor": minor }));
            }
            FdName::Socket(text) => {
                about.insert("socket".into(), json!(text));
            }
            FdName::Pid(pid) => {
                about.insert("pid".into(), json!(pid));
            }
            FdName::Other(text) => {
                about.insert("object".into(), json!(text));
            }
        }
        self.attach(|value| {
            let mut fields = match value {
                Value::Object(fields) => fields,
                other => Map::from_iter([("fd".to_string(), other)]),
            };
            fields.extend(about);
            Value::Object(fields)
        });
    }
    fn more(&mut self) {
        let frame = self.top();
        match frame.group {
            Group::Struct | Group::Note => {
                frame.key = Some("...".into());
                self.push(json!(true));
            }
            _ => self.push(json!("...")),
        }
    }
    fn open(&mut self, group: Group) {
        // A field name stays with the parent, for the group's value when it closes.
        self.frames.push(Frame::new(group));
    }
    fn close(&mut self) {
        if self.frames.len() < 2 {
            return;
        }
        let Some(frame) = self.frames.pop() else { return };
        self.push(value_of(frame));
    }
    fn field(&mut self, name: &str) {
        self.top().key = Some(name.to_string());
    }
    fn decoded(&mut self) {
        let frame = self.top();
        frame.decoded_at = Some(frame.items.len());
    }
    fn exit_part(&mut self) {}
    fn exit_part_here(&mut self) {}
    fn error(&mut self, errno: u16) {
        self.errno = Some(errno);
        self.push(json!(-1));
    }
    fn style(&self) -> XlatStyle {
        XlatStyle::Abbrev
    }
    fn set_style(&mut self, _style: XlatStyle) -> XlatStyle {
        XlatStyle::Abbrev
    }
}

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
        }
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
    fn call_args(&mut self, call: &Syscall, part: Part, _tasks: &Tasks, fds: Option<&dyn FdNames>) {
        // A call is one object when it ends, never two halves.
        if part == Part::Entry {
            return;
        }
        let info = syscall::info(call.nr);
        let raw = self.call.raw(info, call);
        let opts = self.call.decoding(call, raw, fds);
        self.text.clear();
        self.values.start(Group::Args);
        let mut tee = Tee(&mut self.text, &mut self.values);
        match info.filter(|_| raw) {
            Some(info) => {
                tee.0.open_call(info.name);
                for &value in &call.args[..info.args.len().min(6)] {
                    tee.hex(value);
                }
            }
            None => {
                tee.0.open_call(&decode::name(info, call.nr));
                decode::args(&mut tee, info, call, &opts);
            }
        }
        tee.0.close_call();
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
        if part == Part::Entry {
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
        let tampered = call.captures.iter().filter_map(|c| c.tamper_bits()).fold(0, |all, bits| all | bits);
        let line = self.text.text_mut();
        match (tampered & tamper::INJECTED != 0, tampered & tamper::POKED != 0) {
            (true, true) => line.push_str(" (INJECTED: args, retval)"),
            (false, true) => line.push_str(" (INJECTED: args)"),
            (true, false) => line.push_str(" (INJECTED)"),
            (false, false) => {}
        }
        if tampered & tamper::DELAYED != 0 {
            line.push_str(" (DELAYED)");
        }
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
        if let Some(timeline) = self.timeline.as_mut() {
            let text = self.text.text();
            timeline.call(call, text, head_len + 3, tasks);
        }
        self.write("syscall", call.meta, tasks, fields, out);
    }

    fn event(&mut self, event: &Event, tasks: &Tasks, out: &mut Vec<u8>) {
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
                decode::siginfo::print(&mut self.values, siginfo);
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
            _ => return,
        };
        self.write(kind, meta, tasks, fields, out);
    }

    fn finish(&mut self) -> std::io::Result<()> {
        match self.timeline.as_mut() {
            Some(timeline) => timeline.finish(),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests;
