//! tracer-common's x86_64 syscall table: [`DATA`] (format described at its top) → [`OUTPUT`].
//! Steps: [`parse`] the data file into [`Row`]s, then [`render`] them as Rust: the table, and the
//! `nr` module of one constant per syscall number (`nr::READ`...), the only place code outside the
//! table takes a syscall number from.

use std::fmt::Write as _;

use anyhow::{bail, Context, Result};

use super::{is_ident, Generator};

/// The data file, relative to the workspace root.
const DATA: &str = "xtask/data/syscalls.txt";
/// The generated table, relative to the workspace root.
const OUTPUT: &str = "tracer-common/src/generated/syscalls.rs";

pub const GENERATOR: Generator = Generator { data: DATA, output: OUTPUT, generate };

/// strace class names as spelled in the data file, with the `class::` constant each one sets.
const CLASSES: &[(&str, &str)] = &[
    ("file", "FILE"),
    ("process", "PROCESS"),
    ("network", "NETWORK"),
    ("signal", "SIGNAL"),
    ("ipc", "IPC"),
    ("desc", "DESC"),
    ("memory", "MEMORY"),
    ("creds", "CREDS"),
    ("clock", "CLOCK"),
    ("pure", "PURE"),
    ("stat", "STAT"),
    ("lstat", "LSTAT"),
    ("fstat", "FSTAT"),
    ("stat_like", "STAT_LIKE"),
    ("statfs", "STATFS"),
    ("fstatfs", "FSTATFS"),
    ("statfs_like", "STATFS_LIKE"),
];

/// Return kinds as spelled in the data file, with their `RetKind` variant.
const RETS: &[(&str, &str)] = &[
    ("int", "Int"),
    ("fd", "Fd"),
    ("hex", "Hex"),
    ("octal", "Octal"),
    ("noreturn", "NoReturn"),
    ("tid", "Tid"),
    ("tgid", "Tgid"),
    ("pgid", "Pgid"),
    ("sid", "Sid"),
];

/// Argument kinds without a parameter, with their `ArgKind` variant.
const SIMPLE_KINDS: &[(&str, &str)] = &[
    ("int", "Int"),
    ("uint", "Uint"),
    ("id", "Id"),
    ("hex", "Hex"),
    ("octal", "Octal"),
    ("ptr", "Ptr"),
    ("fd", "Fd"),
    ("dirfd", "DirFd"),
    ("path", "Path"),
    ("str", "Str"),
    ("buf_out", "BufOut"),
    ("argv", "Argv"),
    ("envp", "Envp"),
    ("argv32", "Argv32"),
    ("envp32", "Envp32"),
    ("dirents", "Dirents"),
    ("msghdr_in", "MsghdrIn"),
    ("msghdr_out", "MsghdrOut"),
    ("sigframe_mask", "SigframeMask"),
    ("peek", "Peek"),
    ("peek_page", "PeekPage"),
    ("tid", "Tid"),
    ("tgid", "Tgid"),
    ("pgid", "Pgid"),
    ("tgid_pgid", "TgidPgid"),
];

/// Kinds written `name(N)` (N: the index of the length or count argument), their ArgKind variants.
const LEN_KINDS: &[(&str, &str)] = &[
    ("buf_in", "BufIn"),
    ("array_in", "ArrayIn"),
    ("array_inout", "ArrayInOut"),
    ("sockaddr_in", "SockaddrIn"),
    ("sockaddr_out", "SockaddrOut"),
    ("sockopt_in", "SockoptIn"),
    ("sockopt_out", "SockoptOut"),
    ("iovec_in", "IovecIn"),
    ("iovec_out", "IovecOut"),
    ("iovec32_in", "Iovec32In"),
    ("iovec32_out", "Iovec32Out"),
    ("ext_in", "ExtStructIn"),
];

/// One syscall, as read from the data file; kinds are already the Rust expressions to emit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub nr: u16,
    pub name: String,
    /// `RetKind` variant.
    pub ret: &'static str,
    /// `class::` constant names.
    pub classes: Vec<&'static str>,
    /// Each argument's name, kind, and `Width` variant.
    pub args: Vec<(String, String, &'static str)>,
}

/// Parses the data file's `text` (`file` names it in errors) and renders the table.
fn generate(text: &str, file: &str) -> Result<String> {
    Ok(render(&parse(text, file)?))
}

// ---------------------------------------------------------------------------------------------------
// parse

/// Parses the whole data file; `file` names it in errors (`file:line: ...`).
pub fn parse(text: &str, file: &str) -> Result<Vec<Row>> {
    let mut rows: Vec<Row> = Vec::new();
    for (idx, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let row = parse_line(line).with_context(|| format!("{file}:{}", idx + 1))?;
        if let Some((name, kind, _)) = row.args.iter().find(|(_, kind, _)| is_i386_layout(kind)) {
            bail!("{file}:{}: {}'s argument {name} is a {kind}: an i386 layout", idx + 1, row.name);
        }
        if let Some(prev) = rows.last() {
            if row.nr <= prev.nr {
                bail!(
                    "{file}:{}: syscall {} ({}) is not after {} ({})",
                    idx + 1,
                    row.nr,
                    row.name,
                    prev.nr,
                    prev.name
                );
            }
        }
        if rows.iter().any(|r| r.name == row.name) {
            bail!("{file}:{}: syscall name {} appears twice", idx + 1, row.name);
        }
        rows.push(row);
    }
    if rows.is_empty() {
        bail!("{file}: no syscalls");
    }
    Ok(rows)
}

/// `NR NAME RET CLASSES ARG...`
fn parse_line(line: &str) -> Result<Row> {
    parse_fields(line.split_whitespace(), |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The fields of a row, `NR NAME RET CLASSES ARG...`; a name is made of `name_chars`.
pub(super) fn parse_fields<'a>(
    mut fields: impl Iterator<Item = &'a str>,
    name_chars: impl Fn(char) -> bool,
) -> Result<Row> {
    let mut next = |what: &str| fields.next().with_context(|| format!("missing {what}"));
    let nr_text = next("syscall number")?;
    let nr = nr_text.parse::<u16>().with_context(|| format!("bad syscall number {nr_text:?}"))?;
    let name = next("syscall name")?.to_owned();
    if !is_ident(&name, name_chars) {
        bail!("bad syscall name {name:?}");
    }
    let ret = parse_ret(next("return kind")?)?;
    let classes = parse_classes(next("classes (`-` for none)")?)?;
    let args = fields.by_ref().map(parse_arg).collect::<Result<Vec<_>>>()?;
    if args.len() > 6 {
        bail!("{name} has {} arguments; syscalls take at most 6", args.len());
    }
    for (i, (_, kind, _)) in args.iter().enumerate() {
        if let Some(len_arg) = buf_in_len_arg(kind) {
            if len_arg >= args.len() || len_arg == i {
                bail!("{name}: argument {i}'s length argument {len_arg} does not name another argument");
            }
        }
    }
    Ok(Row { nr, name, ret, classes, args })
}

fn parse_ret(text: &str) -> Result<&'static str> {
    lookup(RETS, text).with_context(|| format!("unknown return kind {text:?} (expected {})", spellings(RETS)))
}

fn parse_classes(text: &str) -> Result<Vec<&'static str>> {
    if text == "-" {
        return Ok(Vec::new());
    }
    text.split('|')
        .map(|c| {
            lookup(CLASSES, c)
                .with_context(|| format!("unknown class {c:?} (expected {})", spellings(CLASSES)))
        })
        .collect()
}

/// Width suffixes (`/s32`), with their `Width` variant; an argument without one is `Full`.
const WIDTHS: &[(&str, &str)] = &[("s32", "S32"), ("u32", "U32"), ("u16", "U16")];

/// `name:kind[/width]` → (name, Rust expression of the kind, `Width` variant).
fn parse_arg(text: &str) -> Result<(String, String, &'static str)> {
    let (text, width) = match text.rsplit_once('/') {
        Some((rest, w)) => (
            rest,
            lookup(WIDTHS, w).with_context(|| {
                format!("unknown width /{w} in {text:?} (expected {})", spellings(WIDTHS))
            })?,
        ),
        None => (text, "Full"),
    };
    let (name, kind) = text.split_once(':').with_context(|| format!("argument {text:?} is not name:kind"))?;
    if !is_ident(name, |c| c.is_ascii_alphanumeric() || c == '_') {
        bail!("bad argument name {name:?}");
    }
    let kind = parse_kind(kind).with_context(|| format!("argument {name}"))?;
    Ok((name.to_owned(), kind, width))
}

fn parse_kind(text: &str) -> Result<String> {
    if let Some(variant) = lookup(SIMPLE_KINDS, text) {
        return Ok(variant.to_owned());
    }
    // `name(N)` or `name(N):Type`: a kind with a length/count argument.
    if let Some((name, rest)) = text.split_once('(') {
        let (n, ty) = rest.split_once(')').with_context(|| format!("unclosed `(` in {text:?}"))?;
        let len_arg = n.parse::<u8>().with_context(|| format!("bad length argument index in {text:?}"))?;
        let variant = lookup(LEN_KINDS, name).with_context(|| {
            format!("unknown kind {name:?} in {text:?} (expected one of {})", spellings(LEN_KINDS))
        })?;
        return match (variant, ty.strip_prefix(':')) {
            ("ArrayIn" | "ArrayInOut" | "ExtStructIn", Some(ty)) => {
                Ok(format!("{variant} {{ len_arg: {len_arg}, of: Struct::{} }}", type_name(ty, text)?))
            }
            ("ArrayIn" | "ArrayInOut" | "ExtStructIn", None) => {
                bail!("{text:?} needs an element type: {name}(N):<Struct>")
            }
            (_, None) if ty.is_empty() => Ok(format!("{variant} {{ len_arg: {len_arg} }}")),
            _ => bail!("unexpected {ty:?} after {name}(N) in {text:?}"),
        };
    }
    let (prefix, wrap) = match text.split_once(':') {
        Some(("in", ty)) => (ty, "StructIn(Struct::"),
        Some(("out", ty)) => (ty, "StructOut(Struct::"),
        Some(("inout", ty)) => (ty, "StructInOut(Struct::"),
        Some(("flags", ty)) => (ty, "Flags(Flags::"),
        Some(("array_out_ret", ty)) => {
            return Ok(format!("ArrayOutRet {{ of: Struct::{} }}", type_name(ty, text)?));
        }
        _ => bail!(
            "unknown kind {text:?} (expected {}, NAME(N) with NAME one of {}, in:/out:/inout:/array_out_ret:<Struct> or flags:<Flags>)",
            spellings(SIMPLE_KINDS),
            spellings(LEN_KINDS)
        ),
    };
    Ok(format!("{wrap}{})", type_name(prefix, text)?))
}

/// A Struct or Flags variant name, checked to be CamelCase.
fn type_name<'a>(name: &'a str, kind: &str) -> Result<&'a str> {
    let starts_upper = name.starts_with(|c: char| c.is_ascii_uppercase());
    if !starts_upper || !is_ident(name, |c| c.is_ascii_alphanumeric()) {
        bail!("bad type name {name:?} in kind {kind:?} (a Struct or Flags variant, CamelCase)");
    }
    Ok(name)
}

/// The argument index of a rendered kind with a length argument (`... { len_arg: N ... }`).
fn buf_in_len_arg(kind: &str) -> Option<usize> {
    let rest = &kind[kind.find("len_arg: ")? + "len_arg: ".len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Whether a rendered kind reads memory with i386's layout (only i386 rows may use it).
fn is_i386_layout(kind: &str) -> bool {
    kind.starts_with("Iovec32")
        || kind == "Argv32"
        || kind == "Envp32"
        || kind.contains("Struct::Timespec32")
        || kind.contains("Struct::Timeval32")
}

fn lookup(table: &[(&str, &'static str)], key: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

fn spellings(table: &[(&str, &str)]) -> String {
    table.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ")
}

// ---------------------------------------------------------------------------------------------------
// render

/// Renders the table module: the table, then the `nr` constants. `rows` must be sorted by number
/// (as [`parse`] guarantees).
pub fn render(rows: &[Row]) -> String {
    let max_nr = rows.last().map_or(0, |r| r.nr);
    let mut out = String::new();
    out.push_str(&format!("// @generated by `cargo xtask codegen` from {DATA}; do not edit.\n"));
    out.push_str("use super::{class, Arg, ArgKind::*, Flags, RetKind, Struct, SyscallInfo, Width};\n\n");
    out.push_str(&format!("pub const MAX_NR: usize = {max_nr};\n\n"));
    out.push_str("pub static SYSCALLS: [Option<SyscallInfo>; MAX_NR + 1] = [\n");
    let mut expected = 0u16;
    for row in rows {
        if row.nr > expected {
            render_gap(&mut out, expected, row.nr - 1);
        }
        render_row(&mut out, row);
        expected = row.nr + 1;
    }
    out.push_str("];\n");
    render_numbers(&mut out, rows);
    out
}

/// `pub mod nr`: each syscall's number as a constant named after it, upper-cased (`nr::EXIT_GROUP`).
/// Plain `u64`s in a module of their own, so that the no_std eBPF crate can use them too.
fn render_numbers(out: &mut String, rows: &[Row]) {
    out.push_str(concat!(
        "\n/// The x86_64 syscall numbers, one constant per row of [`super::SYSCALLS`], named after the\n",
        "/// syscall in upper case.\n",
        "pub mod nr {\n",
    ));
    for row in rows {
        let _ = writeln!(out, "    /// The number of `{}`.", row.name);
        let _ = writeln!(out, "    pub const {}: u64 = {};", row.name.to_ascii_uppercase(), row.nr);
    }
    out.push_str("}\n");
}

fn render_gap(out: &mut String, first: u16, last: u16) {
    render_gap_on(out, first, last, "x86_64");
}

/// `None` rows for the numbers `first..=last`, which `arch` does not assign.
pub(super) fn render_gap_on(out: &mut String, first: u16, last: u16, arch: &str) {
    let _ = writeln!(out, "    // {first}..={last}: not assigned on {arch}");
    for _ in first..=last {
        out.push_str("    None,\n");
    }
}

pub(super) fn render_row(out: &mut String, row: &Row) {
    let _ = writeln!(out, "    Some(SyscallInfo {{");
    let _ = writeln!(out, "        nr: {},", row.nr);
    let _ = writeln!(out, "        name: \"{}\",", row.name);
    if row.args.is_empty() {
        out.push_str("        args: &[],\n");
    } else {
        out.push_str("        args: &[\n");
        for (name, kind, width) in &row.args {
            let _ =
                writeln!(out, "            Arg {{ name: \"{name}\", kind: {kind}, width: Width::{width} }},");
        }
        out.push_str("        ],\n");
    }
    let _ = writeln!(out, "        ret: RetKind::{},", row.ret);
    let classes = if row.classes.is_empty() {
        "0".to_owned()
    } else {
        row.classes.iter().map(|c| format!("class::{c}")).collect::<Vec<_>>().join(" | ")
    };
    let _ = writeln!(out, "        classes: {classes},");
    out.push_str("    }),\n");
}

// ---------------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    use super::*;

    #[test]
    fn parses_a_line() -> Result<()> {
        let rows = parse("# comment\n\n1 write int desc fd:fd buf:buf_in(2) count:uint\n", "t.txt")?;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].name, "write");
        assert_eq!(rows[0].classes, ["DESC"]);
        assert_eq!(rows[0].args[1], ("buf".to_owned(), "BufIn { len_arg: 2 }".to_owned(), "Full"));
        let rows = parse("3 close int desc fd:fd/u32\n", "t")?;
        assert_eq!(rows[0].args[0].2, "U32");
        let rows = parse("5 fstat int desc|fstat|stat_like fd:fd statbuf:out:Stat m:flags:Mode\n", "t")?;
        assert_eq!(rows[0].args[1].1, "StructOut(Struct::Stat)");
        assert_eq!(rows[0].args[2].1, "Flags(Flags::Mode)");
        Ok(())
    }

    #[test]
    fn errors_name_file_and_line() {
        for bad in [
            "x read int desc",
            "0 read int desc fd:wat",
            "0 read int nope",
            "0 read number -",
            "0 read int - fd",
            "0 read int - buf:buf_in(0)",
            "0 read int - a:in:lower",
            "0 read int - a:int/s64",
            "1 a int -\n0 b int -",
            "0 a int -\n1 a int -",
            // i386 layouts, refused on x86_64 rows.
            "0 a int - v:iovec32_in(1) n:uint",
            "0 a int - argv:argv32",
            "0 a int - envp:envp32",
        ] {
            let text = format!("# header\n{bad}\n");
            let err =
                format!("{:#}", parse(&text, "data.txt").err().unwrap_or_else(|| panic!("{bad:?} parsed")));
            let line = if bad.contains('\n') { "data.txt:3:" } else { "data.txt:2:" };
            assert!(err.starts_with(line), "{bad:?}: {err}");
        }
    }

    /// Argument counts against the kernel's tracepoint formats, where tracefs is readable (else skipped).
    #[test]
    fn arg_counts_match_tracefs_when_available() -> Result<()> {
        let dir = Path::new("/sys/kernel/tracing/events/syscalls");
        // Kernel event names that differ from the syscall's.
        let alias = |name: &str| match name {
            "stat" | "fstat" | "lstat" => format!("new{name}"),
            "uname" => "newuname".to_owned(),
            "sendfile" => "sendfile64".to_owned(),
            "umount2" => "umount".to_owned(),
            other => other.to_owned(),
        };
        let text = fs::read_to_string(crate::cmd::workspace_root().join(DATA))?;
        for row in parse(&text, DATA)? {
            let format = dir.join(format!("sys_enter_{}", alias(&row.name))).join("format");
            let Ok(format) = fs::read_to_string(&format) else { continue };
            // Curated names may differ from the kernel's (getrandom's buf/count), counts may not.
            let kernel: Vec<&str> = format
                .lines()
                .filter_map(|l| l.trim().strip_prefix("field:"))
                .filter(|decl| !decl.contains("common_") && !decl.contains("__syscall_nr"))
                .collect();
            // rt_sigreturn's one "argument" is the mask in its signal frame (see ArgKind::SigframeMask).
            let pseudo = usize::from(row.name == "rt_sigreturn");
            assert_eq!(row.args.len() - pseudo, kernel.len(), "argument count of {}", row.name);
            for ((name, _, width), decl) in row.args.iter().zip(&kernel) {
                // `field:unsigned int fd;\toffset:...`: the C type is what comes before the name.
                let c_type = decl.split(';').next().and_then(|d| d.rsplit_once(' ')).map_or("", |(t, _)| t);
                assert_eq!(*width, width_of(c_type), "width of {}'s {name} ({c_type})", row.name);
            }
        }
        Ok(())
    }

    /// The `Width` variant of a C type as the tracepoint formats spell it.
    fn width_of(c_type: &str) -> &'static str {
        let c_type = c_type.trim_start_matches("const ");
        if c_type.contains('*') {
            return "Full";
        }
        match c_type {
            "int" | "__s32" | "pid_t" | "clockid_t" | "timer_t" | "mqd_t" | "key_t" | "key_serial_t"
            | "rwf_t" => "S32",
            "unsigned int" | "unsigned" | "u32" | "__u32" | "uid_t" | "gid_t" | "qid_t" => "U32",
            "umode_t" => "U16",
            enum_type if enum_type.starts_with("enum ") => "S32",
            _ => "Full",
        }
    }

    #[test]
    fn render_fills_gaps() -> Result<()> {
        let rows = parse("0 a int -\n3 b fd file|desc x:int\n", "t")?;
        let text = render(&rows);
        assert!(text.contains("pub const MAX_NR: usize = 3;"));
        assert_eq!(text.matches("    None,\n").count(), 2);
        assert!(text.contains("classes: class::FILE | class::DESC,"));
        Ok(())
    }

    #[test]
    fn render_numbers_every_row_once() -> Result<()> {
        let rows = parse("0 read int -\n231 exit_group noreturn process code:int\n", "t")?;
        let text = render(&rows);
        let module = &text[text.find("pub mod nr {").expect("an nr module")..];
        assert!(module.contains("    /// The number of `read`.\n    pub const READ: u64 = 0;\n"));
        assert!(module.contains("    /// The number of `exit_group`.\n    pub const EXIT_GROUP: u64 = 231;"));
        assert_eq!(module.matches("pub const ").count(), 2);
        assert!(module.ends_with("}\n"));
        Ok(())
    }
}
