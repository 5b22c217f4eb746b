//! The JSON value of what decoders write: [`JsonPrinter`] builds typed values directly (numbers,
//! constants and flag sets with their names and numbers, strings and buffers with their exact bytes,
//! structures as objects, arrays, descriptors with what they refer to).

use base64::Engine as _;
use serde_json::{json, Map, Value};

use crate::decode::printer::{FdName, Fmt, Group, Printer, Quote, XlatStyle};
use crate::decode::xlat::{match_flags, Xlat};

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
        // Braces around values without names (`[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]`) and a
        // note that is one value (`= 16388 (IOPRIO_PRIO_VALUE(...))`): the values themselves.
        Group::Struct | Group::Note
            if !frame.items.is_empty() && frame.items.iter().all(|(k, _)| k.is_none()) =>
        {
            let mut values: Vec<Value> = frame.items.into_iter().map(|(_, v)| v).collect();
            match values.len() {
                1 => values.pop().unwrap_or_default(),
                _ => Value::Array(values),
            }
        }
        Group::Struct | Group::Note => Value::Object(keyed(frame.items)),
        Group::Args | Group::Array => Value::Array(listed(frame.items)),
        Group::Set { inverted: false } => Value::Array(listed(frame.items)),
        Group::Set { inverted: true } => json!({ "not": listed(frame.items) }),
        Group::Call(name) => json!({ "fn": name, "args": listed(frame.items) }),
        Group::Or => {
            // A flag set inside the expression (mmap's `MAP_PRIVATE|MAP_ANONYMOUS`: a type, then
            // flags) joins the one list.
            let mut names = Vec::new();
            for (_, part) in frame.items {
                match part {
                    Value::Object(mut fields) if fields.contains_key("flags") => match fields.remove("flags")
                    {
                        Some(Value::Array(inner)) => names.extend(inner),
                        other => names.extend(other),
                    },
                    other => names.push(flag_part(other)),
                }
            }
            json!({ "flags": names })
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
            FdName::Comm(comm) => {
                about.insert("comm".into(), bytes_value(comm));
            }
        }
        // A comm follows a pid, every other decoration a descriptor.
        let key = if matches!(name, FdName::Comm(_)) { "pid" } else { "fd" };
        self.attach(|value| {
            let mut fields = match value {
                Value::Object(fields) => fields,
                other => Map::from_iter([(key.to_string(), other)]),
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
