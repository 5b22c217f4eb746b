//! The decoder's xlat tables (strace 6.1's, for x86_64): [`DATA`] (format described at its top) →
//! [`OUTPUT`], one `pub const NAME: Xlat = x![...]` per table. Steps: [`parse`] the data file into
//! [`Table`]s, then [`render`] them as Rust, laid out as rustfmt lays them out (the workspace's
//! rustfmt.toml: max_width 110, use_small_heuristics "Max") so the output passes `cargo fmt --check`
//! as generated; a test holds the layout to rustfmt's where rustfmt is installed.

use std::fmt::Write as _;

use anyhow::{bail, Context, Result};

use super::{is_ident, Generator};

/// The data file, relative to the workspace root.
const DATA: &str = "xtask/data/xlat.txt";
/// The generated tables, relative to the workspace root.
const OUTPUT: &str = "tracer-cli/src/decode/tables/generated.rs";

pub const GENERATOR: Generator = Generator { data: DATA, output: OUTPUT, generate };

/// The output's items before the tables: the `Xlat` type and the `x!` macro the tables are written in.
const PRELUDE: &str = r#"use super::super::xlat::Xlat;

/// `NAME` → `(libc::NAME, "NAME")` (a C `int` constant, kept to its 32 bits as strace does);
/// `NAME = value` → `(value, "NAME")`.
macro_rules! x {
    ($($name:ident $(= $value:expr)?),* $(,)?) => { &[$(x!(@one $name $(= $value)?)),*] };
    (@one $name:ident) => { (libc::$name as u32 as u64, stringify!($name)) };
    (@one $name:ident = $value:expr) => { ($value as u64, stringify!($name)) };
}
"#;

/// rustfmt's `max_width` (the workspace's rustfmt.toml).
const MAX_WIDTH: usize = 110;
/// rustfmt's block indent.
const INDENT: &str = "    ";
/// rustfmt's `short_array_element_width_threshold`: a list that does not fit on one line is filled
/// several entries a line when every entry is a plain name at most this long, else one entry a line.
const SHORT_ITEM: usize = 10;

/// One table, as read from the data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The Rust const's name.
    pub name: String,
    /// Its doc comment, one element a line, each the text after `///` (leading space included).
    pub doc: Vec<String>,
    pub entries: Vec<Entry>,
}

/// `NAME` (value `libc::NAME`) or `NAME = value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    /// The value as written in the data file (a checked integer literal or `libc::NAME`).
    pub value: Option<String>,
}

/// Parses the data file's `text` (`file` names it in errors) and renders the tables.
fn generate(text: &str, file: &str) -> Result<String> {
    Ok(render(&parse(text, file)?))
}

// ---------------------------------------------------------------------------------------------------
// parse

/// Parses the whole data file; `file` names it in errors (`file:line: ...`).
pub fn parse(text: &str, file: &str) -> Result<Vec<Table>> {
    let mut tables: Vec<Table> = Vec::new();
    // The line of the current table's `table NAME`, for the errors found when the table ends.
    let mut opened_at = 0;
    for (idx, line) in text.lines().enumerate() {
        let line_nr = idx + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at = || format!("{file}:{line_nr}");
        if line == "table" || line.starts_with("table ") {
            if let Some(table) = tables.last() {
                check_complete(table).with_context(|| format!("{file}:{opened_at}"))?;
            }
            let name = parse_table_line(line).with_context(at)?;
            if tables.iter().any(|t| t.name == name) {
                bail!("{}: table {name} appears twice", at());
            }
            tables.push(Table { name, doc: Vec::new(), entries: Vec::new() });
            opened_at = line_nr;
            continue;
        }
        let Some(table) = tables.last_mut() else {
            bail!("{}: {line:?} comes before the first `table NAME` line", at());
        };
        if let Some(doc) = line.strip_prefix("///") {
            if !table.entries.is_empty() {
                bail!("{}: doc comment line of table {} after its entries", at(), table.name);
            }
            table.doc.push(doc.to_owned());
        } else {
            table.entries.push(parse_entry(line).with_context(at)?);
        }
    }
    match tables.last() {
        Some(table) => check_complete(table).with_context(|| format!("{file}:{opened_at}"))?,
        None => bail!("{file}: no tables"),
    }
    Ok(tables)
}

/// `table NAME` → NAME.
fn parse_table_line(line: &str) -> Result<String> {
    let mut fields = line.split_whitespace().skip(1);
    let (Some(name), None) = (fields.next(), fields.next()) else {
        bail!("expected `table NAME`, got {line:?}");
    };
    if !is_ident(name, |c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_') {
        bail!("bad table name {name:?} (a Rust const: upper case, digits and `_`)");
    }
    Ok(name.to_owned())
}

fn check_complete(table: &Table) -> Result<()> {
    if table.doc.is_empty() {
        bail!("table {} has no `///` doc comment", table.name);
    }
    if table.entries.is_empty() {
        bail!("table {} has no entries", table.name);
    }
    Ok(())
}

/// `NAME` or `NAME = VALUE`.
fn parse_entry(line: &str) -> Result<Entry> {
    let (name, value) = match line.split_once('=') {
        Some((name, value)) => (name.trim(), Some(value.trim())),
        None => (line, None),
    };
    if !is_c_name(name) {
        bail!("bad entry {line:?} (expected `NAME`, `NAME = VALUE`, `table NAME` or `/// doc`)");
    }
    let value = value.map(|v| parse_value(v).with_context(|| format!("entry {name}"))).transpose()?;
    Ok(Entry { name: name.to_owned(), value })
}

/// A literal that fits 64 bits (`0x...`, `0o...` or decimal) or `libc::NAME`, kept as written.
fn parse_value(text: &str) -> Result<String> {
    let ok = if let Some(hex) = text.strip_prefix("0x") {
        u64::from_str_radix(hex, 16).is_ok()
    } else if let Some(octal) = text.strip_prefix("0o") {
        u64::from_str_radix(octal, 8).is_ok()
    } else if let Some(name) = text.strip_prefix("libc::") {
        is_c_name(name)
    } else {
        text.starts_with(|c: char| c.is_ascii_digit()) && text.parse::<u64>().is_ok()
    };
    if !ok {
        bail!("bad value {text:?} (expected 0x..., 0o..., a decimal number or libc::NAME, within 64 bits)");
    }
    Ok(text.to_owned())
}

/// A C constant's name (which the `x!` macro also takes as a Rust identifier).
fn is_c_name(text: &str) -> bool {
    is_ident(text, |c| c.is_ascii_alphanumeric() || c == '_')
}

// ---------------------------------------------------------------------------------------------------
// render

/// Renders the tables module.
pub fn render(tables: &[Table]) -> String {
    let mut out = format!(
        "\
// @generated by `cargo xtask codegen` from {DATA}; do not edit by hand.
//! strace 6.1's xlat tables (`src/xlat/*.in`) for x86_64, in strace's order, generated from
//! `{DATA}` (edit that, then run `cargo xtask codegen`). Each entry is `NAME` (the value of
//! `libc::NAME`) or `NAME = value` for a name the libc crate lacks or gets wrong (a kernel UAPI value,
//! strace's own name for it such as `__O_TMPFILE` or `SO_RCVTIMEO_OLD`, the kernel's `O_LARGEFILE` that
//! glibc defines as 0, libc 0.2's `CLONE_CLEAR_SIGHAND` typed `c_int`). Tables strace looks up by value
//! (enumerations) may list synonyms; flag sets are printed in this order.

"
    );
    out.push_str(PRELUDE);
    for table in tables {
        out.push('\n');
        render_table(&mut out, table);
    }
    out
}

/// One table, in the first of rustfmt's layouts that fits: all on the const's line, all on the next
/// line, or the entries on their own lines (filled when all are short names, else one a line).
fn render_table(out: &mut String, table: &Table) {
    for line in &table.doc {
        let _ = writeln!(out, "///{line}");
    }
    let items: Vec<String> = table
        .entries
        .iter()
        .map(|e| match &e.value {
            Some(value) => format!("{} = {value},", e.name),
            None => format!("{},", e.name),
        })
        .collect();
    let head = format!("pub const {}: Xlat =", table.name);
    let one_line = format!("x![{}];", items.join(" "));
    if head.len() + 1 + one_line.len() <= MAX_WIDTH {
        let _ = writeln!(out, "{head} {one_line}");
    } else if INDENT.len() + one_line.len() <= MAX_WIDTH {
        let _ = writeln!(out, "{head}\n{INDENT}{one_line}");
    } else {
        let _ = writeln!(out, "{head} x![");
        let short = |e: &Entry| e.value.is_none() && e.name.len() <= SHORT_ITEM;
        if table.entries.iter().all(short) {
            fill_lines(out, &items);
        } else {
            for item in &items {
                let _ = writeln!(out, "{INDENT}{item}");
            }
        }
        out.push_str("];\n");
    }
}

/// Items (each with its comma) separated by spaces, as many a line as fit in [`MAX_WIDTH`] less one
/// (rustfmt keeps a column free when it fills lines).
fn fill_lines(out: &mut String, items: &[String]) {
    let mut line = String::new();
    for item in items {
        if !line.is_empty() && INDENT.len() + line.len() + 1 + item.len() > MAX_WIDTH - 1 {
            let _ = writeln!(out, "{INDENT}{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(item);
    }
    let _ = writeln!(out, "{INDENT}{line}");
}

// ---------------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use std::io::Write as _;
    use std::process::{Command, Stdio};

    use super::*;

    fn entry(name: &str, value: Option<&str>) -> Entry {
        Entry { name: name.to_owned(), value: value.map(str::to_owned) }
    }

    #[test]
    fn parses_tables() -> Result<()> {
        let text = "# header\n\ntable A_FLAGS\n/// `A_*`: the\n///  flags.\n    A_ONE\n    A_TWO = 0x2\n\n\
                    table B\n/// B.\nB_X = libc::B_Y\nB_X = 0o17\nb_lower = 31\n";
        let tables = parse(text, "t.txt")?;
        assert_eq!(tables.len(), 2);
        assert_eq!(tables[0].name, "A_FLAGS");
        assert_eq!(tables[0].doc, [" `A_*`: the", "  flags."]);
        assert_eq!(tables[0].entries, [entry("A_ONE", None), entry("A_TWO", Some("0x2"))]);
        assert_eq!(
            tables[1].entries,
            [entry("B_X", Some("libc::B_Y")), entry("B_X", Some("0o17")), entry("b_lower", Some("31"))]
        );
        Ok(())
    }

    /// Each error is one line that starts with `file:line:` (for a table's missing parts, the line of
    /// its `table NAME`).
    #[test]
    fn errors_are_one_line_naming_file_and_line() {
        let mut cases: Vec<(String, usize, &str)> = [
            ("# c\nA_ONE\n", 2, "before the first `table NAME`"),
            ("# c\n/// doc\n", 2, "before the first `table NAME`"),
            ("table A\n/// A.\nA_ONE\ntable\n", 4, "expected `table NAME`"),
            ("table a\n", 1, "bad table name"),
            ("table A B\n", 1, "expected `table NAME`"),
            ("table A\nA_ONE\ntable B\n/// B.\nB_ONE\n", 1, "no `///` doc comment"),
            ("table A\n/// A.\n\ntable B\n/// B.\nB_ONE\n", 1, "no entries"),
            ("table A\n/// A.\nA_ONE\n# c\ntable B\n/// B.\n", 5, "no entries"),
            ("table A\n/// A.\nA_ONE\n/// late\n", 4, "after its entries"),
        ]
        .into_iter()
        .map(|(text, line, msg)| (text.to_owned(), line, msg))
        .collect();
        for bad in [
            "A-TWO",
            "A TWO",
            "2A",
            "A_TWO =",
            "A_TWO = 0xg",
            "A_TWO = 0x10000000000000000",
            "A_TWO = -1",
            "A_TWO = 1 | 2",
            "A_TWO = libc::",
            "A_TWO = other::A",
            "A_TWO = 1 = 2",
        ] {
            cases.push((format!("table A\n/// A.\n{bad}\n"), 3, "bad "));
        }
        for (text, line, msg) in cases {
            let err = match parse(&text, "data.txt") {
                Ok(tables) => panic!("{text:?} parsed: {tables:?}"),
                Err(err) => format!("{err:#}"),
            };
            assert!(err.starts_with(&format!("data.txt:{line}: ")), "{text:?}: {err}");
            assert!(err.contains(msg), "{text:?}: {err}");
            assert!(!err.contains('\n'), "{text:?}: {err}");
        }
        let err = parse("# nothing\n", "data.txt").err().map(|e| format!("{e:#}"));
        assert_eq!(err.as_deref(), Some("data.txt: no tables"));
    }

    #[test]
    fn duplicate_table_names_are_refused() {
        let text = "table A\n/// A.\nA_ONE\n\ntable B\n/// B.\nB_ONE\n\ntable A\n/// A again.\nA_TWO\n";
        let err = parse(text, "data.txt").err().map(|e| format!("{e:#}"));
        assert_eq!(err.as_deref(), Some("data.txt:9: table A appears twice"));
    }

    #[test]
    fn renders_each_layout() -> Result<()> {
        let long: String = (0..30).map(|i| format!("LONG_NAME_{i}\n")).collect();
        let short: String = (0..30).map(|i| format!("SHORT_{i}\n")).collect();
        let text = format!(
            "table ONE\n/// One.\nA_ONE\nA_TWO = 0x2\n\ntable NEXT_LINE_BECAUSE_LONG_ENOUGH\n/// Next.\n\
             {}table VERTICAL\n/// Vertical.\n{long}table FILLED\n/// Filled.\n{short}",
            (0..7).map(|i| format!("NEXT_LINE_{i}\n")).collect::<String>()
        );
        let out = render(&parse(&text, "t")?);
        assert!(out.starts_with(&format!("// @generated by `cargo xtask codegen` from {DATA}; do not edit")));
        assert!(out.contains("/// One.\npub const ONE: Xlat = x![A_ONE, A_TWO = 0x2,];\n"));
        assert!(out.contains("pub const NEXT_LINE_BECAUSE_LONG_ENOUGH: Xlat =\n    x![NEXT_LINE_0, "));
        assert!(out.contains("pub const VERTICAL: Xlat = x![\n    LONG_NAME_0,\n    LONG_NAME_1,\n"));
        assert!(out.contains("pub const FILLED: Xlat = x![\n    SHORT_0, SHORT_1, "));
        assert!(out.ends_with("SHORT_29,\n];\n"));
        Ok(())
    }

    /// The layout is rustfmt's at every width boundary (skipped where rustfmt is not installed): tables
    /// whose one-line forms straddle `max_width`, on the const's line and on the next, with and
    /// without values, and lists of short names straddling the fill width and the short-name limit.
    #[test]
    fn layout_is_rustfmts_when_available() -> Result<()> {
        let mut text = String::new();
        // Widths step by one through both boundaries: the const's name moves the one-line form, the
        // first entry's padding moves both it and the next-line form.
        for name_len in [1, 7, 13, 19, 25] {
            for pad in 0..=10 {
                for count in 1..=12 {
                    for (kind, value) in [("A", ""), ("V", " = 0x1f")] {
                        let name = format!("T{}", "X".repeat(name_len - 1));
                        let _ = writeln!(text, "table {name}_{kind}{pad}_{count}\n/// Doc.");
                        for i in 0..count {
                            let pad = if i == 0 { "P".repeat(pad) } else { String::new() };
                            let _ = writeln!(text, "{kind}_ITEM_{i:02}{pad}{value}");
                        }
                    }
                }
            }
        }
        // Filled lists: the first two names (3..=10 long) move every line break through the fill
        // width; a name of 11 (over the short-name limit) makes the list one entry a line.
        for shift in 0..=14_usize {
            for longest in [10, 11] {
                let _ = writeln!(text, "table FILL_{shift}_{longest}\n/// Doc.");
                let first = 3 + shift.min(7);
                let second = 3 + shift.saturating_sub(7);
                for (i, len) in [first, second].into_iter().chain([longest]).chain([8; 40]).enumerate() {
                    let _ = writeln!(text, "F{i:02}{}", "Z".repeat(len - 3));
                }
            }
        }
        let rendered = render(&parse(&text, "t")?);
        let config = crate::cmd::workspace_root().join("rustfmt.toml");
        let rustfmt = Command::new("rustfmt")
            .args(["--edition", "2021", "--emit", "stdout", "--config-path"])
            .arg(&config)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let Ok(mut rustfmt) = rustfmt else {
            eprintln!("skipped: rustfmt not found");
            return Ok(());
        };
        rustfmt.stdin.take().context("rustfmt's stdin")?.write_all(rendered.as_bytes())?;
        let formatted = rustfmt.wait_with_output()?;
        assert!(formatted.status.success(), "rustfmt: {}", String::from_utf8_lossy(&formatted.stderr));
        let formatted = String::from_utf8(formatted.stdout)?;
        if formatted != rendered {
            let (ours, theirs) = rendered
                .lines()
                .zip(formatted.lines())
                .find(|(a, b)| a != b)
                .unwrap_or(("(same lines)", "(different line count)"));
            panic!("rendered layout differs from rustfmt's:\n ours:    {ours}\n rustfmt: {theirs}");
        }
        Ok(())
    }
}
