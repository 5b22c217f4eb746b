//! `--color`: syscall names, strings, errors and signal/exit lines in colour (ANSI SGR), added to
//! a finished line so that its layout (the ` = ` column) is the plain line's.

/// Whether lines are coloured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorChoice {
    /// Only when writing to a terminal, and `NO_COLOR` is not set (https://no-color.org).
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    pub fn parse(text: &str) -> Option<ColorChoice> {
        match text {
            "auto" => Some(ColorChoice::Auto),
            "always" => Some(ColorChoice::Always),
            "never" => Some(ColorChoice::Never),
            _ => None,
        }
    }

    /// Decide, for output that `to_terminal` or not.
    pub fn enabled(self, to_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                to_terminal
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
            }
        }
    }
}

const NAME: &str = "\x1b[1;36m";
const STRING: &str = "\x1b[32m";
const ERROR: &str = "\x1b[31m";
const SIGNAL: &str = "\x1b[33m";
const EXIT: &str = "\x1b[1;35m";
const RESET: &str = "\x1b[0m";

/// Colour the part of `line` from `from` (after the pid/time leader): a call's name, its strings
/// and an error result; a whole `--- ... ---` or `+++ ... +++` line.
pub fn paint(line: &mut String, from: usize) {
    let Some(body) = line.get(from..) else { return };
    let painted = if body.starts_with("--- ") {
        format!("{SIGNAL}{body}{RESET}")
    } else if body.starts_with("+++ ") {
        format!("{EXIT}{body}{RESET}")
    } else {
        call(body)
    };
    line.truncate(from);
    line.push_str(&painted);
}

fn call(body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 32);
    // The name: up to `(` (not for `<... x resumed>`).
    let rest = match body.find('(').filter(|_| !body.starts_with('<')) {
        Some(open) => {
            out.push_str(NAME);
            out.push_str(&body[..open]);
            out.push_str(RESET);
            &body[open..]
        }
        None => body,
    };
    // The result: from the last ` = ` outside strings.
    let bytes = rest.as_bytes();
    let mut i = 0;
    let mut result_at = None;
    let mut strings = Vec::new();
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let mut end = (i + 1).min(bytes.len());
                if rest[end..].starts_with("...") {
                    end += 3;
                }
                strings.push((start, end));
                i = end;
                continue;
            }
            b' ' if rest[i..].starts_with(" = ") => result_at = Some(i + 3),
            _ => {}
        }
        i += 1;
    }
    let mut at = 0;
    for (start, end) in strings {
        out.push_str(&rest[at..start]);
        out.push_str(STRING);
        out.push_str(&rest[start..end]);
        out.push_str(RESET);
        at = end;
    }
    match result_at.filter(|&r| r >= at && rest[r..].starts_with("-1 E")) {
        Some(r) => {
            out.push_str(&rest[at..r]);
            // The errno and its text, not a ` <0.000012>` duration after it.
            let end = rest[r..].find(" <").map_or(rest.len(), |e| r + e);
            out.push_str(ERROR);
            out.push_str(&rest[r..end]);
            out.push_str(RESET);
            out.push_str(&rest[end..]);
        }
        None => out.push_str(&rest[at..]),
    }
    out
}

/// `line` without its colour codes.
#[cfg(test)]
pub fn strip(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find('\x1b') {
        out.push_str(&rest[..at]);
        rest = rest[at..].find('m').map_or("", |m| &rest[at + m + 1..]);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn painted(line: &str, from: usize) -> String {
        let mut line = line.to_string();
        paint(&mut line, from);
        line
    }

    #[test]
    fn names_strings_and_errors_are_coloured_and_nothing_else_changes() {
        let line =
            r#"openat(AT_FDCWD, "/x = \"y\"", O_RDONLY) = -1 ENOENT (No such file or directory) <0.000010>"#;
        let out = painted(line, 0);
        assert_eq!(strip(&out), line);
        assert!(out.starts_with("\x1b[1;36mopenat\x1b[0m("));
        assert!(out.contains("\x1b[32m\"/x = \\\"y\\\"\"\x1b[0m"));
        assert!(out.contains("\x1b[31m-1 ENOENT (No such file or directory)\x1b[0m <0.000010>"));
        let read = r#"[pid  12] read(3, "abc"..., 10) = 3"#;
        let out = painted(read, 10);
        assert_eq!(strip(&out), read);
        assert!(out.starts_with("[pid  12] \x1b[1;36mread"));
        assert!(out.contains("\x1b[32m\"abc\"...\x1b[0m"));
        assert!(out.ends_with("= 3"));
        assert_eq!(painted("+++ exited with 0 +++", 0), "\x1b[1;35m+++ exited with 0 +++\x1b[0m");
        assert!(painted("--- SIGCHLD {si_signo=SIGCHLD} ---", 0).starts_with("\x1b[33m"));
        let resumed = "<... read resumed>\"x\", 1) = 1";
        assert_eq!(strip(&painted(resumed, 0)), resumed);
    }

    #[test]
    fn choices_parse_and_decide() {
        assert_eq!(ColorChoice::parse("always"), Some(ColorChoice::Always));
        assert_eq!(ColorChoice::parse("sometimes"), None);
        assert!(ColorChoice::Always.enabled(false));
        assert!(!ColorChoice::Never.enabled(true));
        assert!(!ColorChoice::Auto.enabled(false));
    }
}
