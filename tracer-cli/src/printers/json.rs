//! `--json`: one JSON object per line for each syscall and process event (schema in
//! `docs/json-schema.md`, version [`SCHEMA_VERSION`]).
//!
//! One decoding, two renderings: a call's arguments and return value are decoded by the same
//! decoders as the text output (the strace text of the call), and that text is read back here
//! into typed values: numbers, `NULL`, constants, flag lists, strings with their truncation,
//! structures as objects, arrays, descriptors with their path. What has no typed form (a
//! `makedev()`, a comment) stays as `{"text": ...}`.

use serde_json::{json, Map, Value};

/// Bumped on any incompatible change of the objects' shape.
pub const SCHEMA_VERSION: u32 = 1;

/// A call's text `name(args) = ret` cut at its top level: the name, each argument's text and the
/// return text (`None` for an unfinished call).
pub fn split_call(text: &str) -> Option<(&str, Vec<&str>, Option<&str>)> {
    let open = text.find('(')?;
    let name = &text[..open];
    let bytes = text.as_bytes();
    let mut args = Vec::new();
    let mut depth = 0usize;
    let mut start = open + 1;
    let mut i = open + 1;
    let mut close = None;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = skip_string(bytes, i),
            b'(' | b'[' | b'{' | b'<' => depth += 1,
            b')' | b']' | b'}' | b'>' if depth > 0 => depth -= 1,
            b')' => {
                close = Some(i);
                break;
            }
            b',' if depth == 0 => {
                args.push(text[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    let close = close?;
    let last = text[start..close].trim();
    if !last.is_empty() || !args.is_empty() {
        args.push(last);
    }
    let ret = text[close + 1..].trim_start().strip_prefix("= ").map(str::trim);
    Some((name, args, ret))
}

/// Index of the closing quote of the string starting at `at` (or the end).
fn skip_string(bytes: &[u8], at: usize) -> usize {
    let mut i = at + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    bytes.len().saturating_sub(1)
}

/// The typed value of one decoded argument (or field, or element).
pub fn value(text: &str) -> Value {
    let text = text.trim();
    let mut parser = Parser { text, at: 0 };
    match parser.value() {
        Some(value) if parser.at == text.len() => value,
        _ => json!({ "text": text }),
    }
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Parser<'a> {
    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.at += token.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Option<Value> {
        let rest = self.rest();
        if rest.starts_with('"') {
            return self.string();
        }
        if rest.starts_with('{') {
            return self.structure();
        }
        if rest.starts_with('[') {
            return self.array();
        }
        if self.eat("NULL") {
            return Some(Value::Null);
        }
        self.flags_or_scalar()
    }

    /// `"text"...`: the bytes as the tracee had them (UTF-8, lossily) and whether `-s` cut them.
    fn string(&mut self) -> Option<Value> {
        let bytes = self.text.as_bytes();
        let end = skip_string(bytes, self.at);
        if bytes.get(end) != Some(&b'"') || end == self.at {
            return None;
        }
        let raw = unescape(&self.text[self.at + 1..end])?;
        self.at = end + 1;
        let truncated = self.eat("...");
        Some(json!({ "str": String::from_utf8_lossy(&raw), "truncated": truncated }))
    }

    /// `{a=1, b=[...], ...}`: an object; a trailing `...` (abbreviated) as `"...": true`.
    fn structure(&mut self) -> Option<Value> {
        self.eat("{");
        let mut object = Map::new();
        loop {
            if self.eat("}") {
                return Some(Value::Object(object));
            }
            if self.eat("...") {
                object.insert("...".into(), Value::Bool(true));
            } else {
                let key_len = self.rest().find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
                if key_len == 0 {
                    return None;
                }
                let key = self.rest()[..key_len].to_string();
                self.at += key_len;
                if !self.eat("=") {
                    return None;
                }
                let value = self.element(false)?;
                object.insert(key, value);
            }
            if !self.eat(", ") && !self.rest().starts_with('}') {
                return None;
            }
        }
    }

    /// `[1, 2]`, `[{...}, {...}]`; a trailing `...` stays as the string `"..."`.
    fn array(&mut self) -> Option<Value> {
        self.eat("[");
        let mut items = Vec::new();
        loop {
            if self.eat("]") {
                return Some(Value::Array(items));
            }
            if self.eat("...") {
                items.push(Value::String("...".into()));
            } else {
                items.push(self.element(true)?);
            }
            if !self.eat(", ") && !self.eat(" ") && !self.rest().starts_with(']') {
                return None;
            }
        }
    }

    /// A field or element: a value, or (when no typed form reads it) its text up to the next
    /// top-level `,` / `}` / `]`.
    /// `in_array`: a space also ends an element (`[3 4]`, `[INT CHLD]`).
    fn element(&mut self, in_array: bool) -> Option<Value> {
        let start = self.at;
        if let Some(value) = self.value() {
            let next = self.rest();
            let ends =
                next.is_empty() || next.starts_with(", ") || next.starts_with('}') || next.starts_with(']');
            if ends || (in_array && next.starts_with(' ') && !next.starts_with(" /*")) {
                return Some(value);
            }
        }
        self.at = start;
        let bytes = self.text.as_bytes();
        let mut depth = 0usize;
        let mut i = start;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => i = skip_string(bytes, i),
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' if depth > 0 => depth -= 1,
                b']' | b'}' => break,
                b',' if depth == 0 => break,
                _ => {}
            }
            i += 1;
        }
        let text = self.text[start..i].trim_end();
        self.at = start + text.len();
        Some(json!({ "text": text }))
    }

    /// `O_RDONLY|O_CLOEXEC`, `3</etc/passwd>`, `-1`, `0x1f`, `AT_FDCWD`.
    fn flags_or_scalar(&mut self) -> Option<Value> {
        let first = self.word()?;
        if self.rest().starts_with('<') {
            // `3</etc/passwd>`, `AT_FDCWD</tmp>` (-y): the path runs to the last `>` of the text
            // (paths may hold `<` or `>`).
            let close = self.text.rfind('>').filter(|&c| c > self.at)?;
            let path = &self.text[self.at + 1..close];
            self.at = close + 1;
            return Some(match scalar(first) {
                Value::Number(fd) => json!({ "fd": fd, "path": path }),
                _ => json!({ "const": first, "path": path }),
            });
        }
        if !self.rest().starts_with('|') {
            return Some(scalar(first));
        }
        let mut flags = vec![Value::String(first.to_string())];
        while self.eat("|") {
            flags.push(Value::String(self.word()?.to_string()));
        }
        Some(json!({ "flags": flags }))
    }

    /// An identifier or a number.
    fn word(&mut self) -> Option<&'a str> {
        let text: &'a str = self.text;
        let rest = &text[self.at..];
        let len = rest
            .char_indices()
            .find(|&(i, c)| !(c.is_ascii_alphanumeric() || c == '_' || (i == 0 && c == '-')))
            .map_or(rest.len(), |(i, _)| i);
        if len == 0 {
            return None;
        }
        let word = &text[self.at..self.at + len];
        self.at += len;
        Some(word)
    }
}

/// A number (decimal or hex; octal modes stay as text) or a named constant.
fn scalar(word: &str) -> Value {
    if let Ok(n) = word.parse::<i64>() {
        if !(word.len() > 1 && word.starts_with('0')) {
            return json!(n);
        }
        return json!({ "text": word });
    }
    if let Some(hex) = word.strip_prefix("0x") {
        if let Ok(n) = u64::from_str_radix(hex, 16) {
            return json!(n);
        }
    }
    if word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        return json!({ "const": word });
    }
    json!({ "text": word })
}

/// strace's escapes back to bytes: `\n`, `\t`, `\"`, `\\`, `\v`, `\f`, `\r`, octal `\0`..`\377`,
/// `\xHH`.
fn unescape(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let next = *bytes.get(i + 1)?;
        i += 2;
        match next {
            b'n' => out.push(b'\n'),
            b't' => out.push(b'\t'),
            b'v' => out.push(0x0b),
            b'f' => out.push(0x0c),
            b'r' => out.push(b'\r'),
            b'x' => {
                let hex = text.get(i..i + 2)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b'0'..=b'7' => {
                let mut value = u32::from(next - b'0');
                let mut digits = 1;
                while digits < 3 && i < bytes.len() && (b'0'..=b'7').contains(&bytes[i]) {
                    value = value * 8 + u32::from(bytes[i] - b'0');
                    i += 1;
                    digits += 1;
                }
                out.push(u8::try_from(value).ok()?);
            }
            other => out.push(other),
        }
    }
    Some(out)
}

/// The return text's parts: its value (a number, or `null` for `?`), errno name, and the rest.
pub fn ret_value(ret: &str) -> (Value, Option<&str>) {
    // `-1 ENOENT (No such file or directory)`, `3</etc/passwd>`, `0x55d0 (flags ...)`.
    let mut words = ret.splitn(3, ' ');
    let first = words.next().unwrap_or_default();
    let errno = words
        .next()
        .filter(|w| w.starts_with('E') && w.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
    let number = first.split('<').next().unwrap_or(first);
    let value = match scalar(number) {
        Value::Number(n) => Value::Number(n),
        _ => Value::Null,
    };
    (value, errno)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_split_at_their_top_level() {
        let (name, args, ret) =
            split_call(r#"openat(AT_FDCWD, "/etc/a,b)", O_RDONLY|O_CLOEXEC) = 3</etc/a,b)>"#)
                .expect("splits");
        assert_eq!(name, "openat");
        assert_eq!(args, ["AT_FDCWD", r#""/etc/a,b)""#, "O_RDONLY|O_CLOEXEC"]);
        assert_eq!(ret, Some("3</etc/a,b)>"));
        let (_, args, ret) = split_call("getpid()                = 42").expect("splits");
        assert!(args.is_empty());
        assert_eq!(ret, Some("42"));
        let (_, args, ret) = split_call("exit_group(0)           = ?").expect("splits");
        assert_eq!(args, ["0"]);
        assert_eq!(ret, Some("?"));
        let (_, args, _) = split_call("read(3, {a=1, b=[1, 2]}, 5) = 0").expect("splits");
        assert_eq!(args, ["3", "{a=1, b=[1, 2]}", "5"]);
    }

    #[test]
    fn values_are_typed() {
        assert_eq!(value("AT_FDCWD"), json!({"const": "AT_FDCWD"}));
        assert_eq!(value("O_RDONLY|O_CLOEXEC"), json!({"flags": ["O_RDONLY", "O_CLOEXEC"]}));
        assert_eq!(value("-1"), json!(-1));
        assert_eq!(value("0x7ffd1000"), json!(0x7ffd1000u64));
        assert_eq!(value("NULL"), Value::Null);
        assert_eq!(value("0644"), json!({"text": "0644"}));
        assert_eq!(value(r#""hi\n\0\377"..."#), json!({"str": "hi\n\u{0}\u{fffd}", "truncated": true}));
        assert_eq!(value(r#""ok""#), json!({"str": "ok", "truncated": false}));
        assert_eq!(value("3</etc/passwd>"), json!({"fd": 3, "path": "/etc/passwd"}));
        assert_eq!(value("AT_FDCWD</tmp>"), json!({"const": "AT_FDCWD", "path": "/tmp"}));
        assert_eq!(
            value("{st_mode=S_IFREG|0644, st_size=3, ...}"),
            json!({"st_mode": {"flags": ["S_IFREG", "0644"]}, "st_size": 3, "...": true})
        );
        assert_eq!(
            value(r#"["ls", "-l"]"#),
            json!([{"str": "ls", "truncated": false}, {"str": "-l", "truncated": false}])
        );
        assert_eq!(value("[{fd=3, events=POLLIN}]"), json!([{"fd": 3, "events": {"const": "POLLIN"}}]));
        assert_eq!(value("0x7ffd /* 35 vars */"), json!({"text": "0x7ffd /* 35 vars */"}));
        assert_eq!(
            value("{st_rdev=makedev(0x1, 0x3), st_size=0}"),
            json!({"st_rdev": {"text": "makedev(0x1, 0x3)"}, "st_size": 0})
        );
        assert_eq!(value("[1 2]"), json!([1, 2]));
    }

    #[test]
    fn return_values_carry_their_errno() {
        assert_eq!(ret_value("-1 ENOENT (No such file or directory)"), (json!(-1), Some("ENOENT")));
        assert_eq!(ret_value("3</etc/passwd>"), (json!(3), None));
        assert_eq!(ret_value("?"), (Value::Null, None));
        assert_eq!(ret_value("0x55d0a000"), (json!(0x55d0a000u64), None));
    }
}
