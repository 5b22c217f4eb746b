//! The interface decoders write through: values (numbers, named constants and flag sets, strings
//! and byte buffers with their truncation, descriptors), the groups strace nests them in
//! (structures, arrays, sets, expressions), elisions and comments, and where a call's text splits
//! between its entry and its exit.
//!
//! A decoder never writes punctuation: it opens a [`Group`], names a [`Printer::field`], emits
//! values, and the printer puts in what its format needs. [`super::text::TextPrinter`] writes
//! strace's characters; the JSON printer builds typed values from the same calls.

use super::xlat::Xlat;

/// How named constants print in strace's text (`-X`): `O_RDONLY` (abbrev), `0` (raw) or
/// `0 /* O_RDONLY */` (verbose). Structured printers keep both the name and the number whatever
/// the style.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum XlatStyle {
    #[default]
    Abbrev,
    Raw,
    Verbose,
}

/// How the number of a named constant is written (strace's `XLAT_STYLE_FMT_*`): `printxval` and
/// `printflags` use hex, `printxval_u` unsigned and `printxval_d` signed decimal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Fmt {
    #[default]
    Hex,
    Unsigned,
    Signed,
}

/// How a string's bytes are escaped in strace's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quote {
    /// strace's default: printable ASCII as is, C escapes, octal otherwise.
    Text,
    /// Every byte as `\xNN` (getrandom's buffer).
    Hex,
}

/// What strace nests values in. Text: the brackets and separators shown; JSON: an object, an
/// array, or a tagged object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// A syscall's arguments, `a, b` (the line around them is the printer's own).
    Args,
    /// `{a=1, b=2}`: a structure; its members are [`Printer::field`]s.
    Struct,
    /// `[1, 2]`: an array.
    Array,
    /// `[1 2]`, or `~[1 2]` when `inverted` (the members are those *not* listed): a bit set
    /// (signal sets, CPU sets, fd_sets).
    Set { inverted: bool },
    /// `name(a, b)`: an expression strace writes as a macro call (`makedev(0x1, 0x3)`, `htons(80)`).
    Call(&'static str),
    /// `A|B|0x10`: parts joined by `|` (flag sets built piece by piece, a file mode).
    Or,
    /// `a => b`: a value-result argument, as the call got it and as it left it.
    Changed,
    /// Parts written one after the other with nothing between them, [`Printer::raw`] text among
    /// them (`WIFEXITED(s) && WEXITSTATUS(s) == 0`, `8192*1024`).
    Expr,
    /// ` (a, b)` after a return value: what strace adds to it (`= 1 ([{fd=3, revents=POLLIN}])`,
    /// `= 0x1 (flags FD_CLOEXEC)`); its [`Printer::field`]s are labels, `in [3]`.
    Note,
    /// A value with two forms (strace's `print_xlat_ex` for composite text): first its number, then,
    /// after [`Printer::decoded`], what it means. `-X abbrev` shows the meaning, `-X raw` the
    /// number, `-X verbose` both (`0100644 /* S_IFREG|0644 */`).
    Composite,
}

/// What a descriptor refers to, as `-y`/`-yy` show it after the number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FdName {
    /// A file by its absolute path: `</etc/passwd>`, `</tmp/x>(deleted)` once unlinked.
    Path { path: Vec<u8>, deleted: bool },
    /// A device file with its numbers (`-yy`): `</dev/null<char 1:3>>`.
    Device { path: Vec<u8>, kind: &'static str, major: u64, minor: u64 },
    /// A socket: `<socket:[1234]>`, or with `-yy` its endpoints, `<TCP:[127.0.0.1:1->127.0.0.1:2]>`.
    Socket(String),
    /// A pidfd's process (`-yy`): `<pid:42>`.
    Pid(u32),
    /// Anything else, as `/proc/PID/fd` reads: `<pipe:[1234]>`, `<anon_inode:[eventfd]>`.
    Other(String),
    /// Not a descriptor's: a pid's task name (`-Y`), `1234<sleep>`.
    Comm(Vec<u8>),
}

/// Where decoders write. Each value starts a new item of the innermost open group (the printer
/// adds the separator); [`Printer::comment`] and [`Printer::decoration`] attach to the item just
/// written.
pub trait Printer {
    /// `%d`, `%ld`: a signed decimal.
    fn int(&mut self, value: i64);
    /// `%u`, `%lu`: an unsigned decimal.
    fn uint(&mut self, value: u64);
    /// `%#lx`: `0`, or `0x1f`.
    fn hex(&mut self, value: u64);
    /// `%#03o`: `000`, `0644`, `04755`.
    fn oct(&mut self, value: u64);
    /// An address: `NULL` for zero, else hex (strace's `printaddr`).
    fn addr(&mut self, value: u64);
    /// A number strace writes in a format of its own (`%#08x`): `text` is how it reads.
    fn formatted(&mut self, value: u64, text: &str);
    /// Bytes from the tracee, quoted; `cut`: more followed than is shown (`"..."...`).
    fn str(&mut self, bytes: &[u8], quote: Quote, cut: bool);
    /// A symbol that is not a number's name (`?`, `&sin6_addr`, `UTIME_NOW` in a place strace
    /// prints no number for).
    fn name(&mut self, name: &str);
    /// A named constant (strace's `printxval`): `value` with `name`, or with no name the number and
    /// the `unknown` comment (`0x5 /* SEEK_??? */`; none when `unknown` is empty).
    fn constant(&mut self, value: u64, name: Option<&str>, fmt: Fmt, unknown: &str);
    /// A flag set (strace's `printflags_ex`): the names `tables` have for the bits of `value`, the
    /// bits left as hex; `unknown` is the comment when no name matched (`0x10 /* X_??? */`), and
    /// when `None`, a zero value with no name prints nothing.
    fn flags(&mut self, value: u64, tables: &[Xlat], unknown: Option<&str>);
    /// A piece of literal text inside an [`Group::Expr`] (`WIFEXITED(s) && WEXITSTATUS(s) == `).
    fn raw(&mut self, text: &str);
    /// `/* text */` after the item just written.
    fn comment(&mut self, text: &str);
    /// What the descriptor just written refers to (`-y`).
    fn decoration(&mut self, name: &FdName);
    /// An elided rest: `...` as the last item of a structure or an array.
    fn more(&mut self);
    /// Open a group as the next item.
    fn open(&mut self, group: Group);
    /// Close the innermost open group.
    fn close(&mut self);
    /// The next value is the member `name` of the open structure (or, in a [`Group::Note`], is
    /// labelled `name`; in [`Group::Args`], a named argument as clone's `child_stack=`).
    fn field(&mut self, name: &str);
    /// In a [`Group::Composite`]: the number was written, what it means comes next.
    fn decoded(&mut self);
    /// The text strace prints at the call's exit starts with the next argument (after its
    /// separator): `read(3, ` then `"..."..., 832) = 832`.
    fn exit_part(&mut self);
    /// The text strace prints at the call's exit starts here, before the next separator:
    /// `clone(child_stack=NULL, flags=...` then `, child_tidptr=0x...) = 12`.
    fn exit_part_here(&mut self);
    /// A failed call's return: `-1 ENOENT (No such file or directory)`, `? ERESTARTSYS (...)`.
    fn error(&mut self, errno: u16);
    /// The `-X` style the text is written in, for the few places where strace's output depends on
    /// it beyond what a constant shows (a structured printer answers [`XlatStyle::Abbrev`]).
    fn style(&self) -> XlatStyle;
    /// Write in `style` from now on (strace's `sprintflags` texts are always abbreviated); returns
    /// the style it replaces.
    fn set_style(&mut self, style: XlatStyle) -> XlatStyle;
}

/// Both printers at once: one decode, two outputs (the text line and its JSON values).
pub struct Tee<'a, A, B>(pub &'a mut A, pub &'a mut B);

impl<A: Printer, B: Printer> Printer for Tee<'_, A, B> {
    fn int(&mut self, value: i64) {
        self.0.int(value);
        self.1.int(value);
    }
    fn uint(&mut self, value: u64) {
        self.0.uint(value);
        self.1.uint(value);
    }
    fn hex(&mut self, value: u64) {
        self.0.hex(value);
        self.1.hex(value);
    }
    fn oct(&mut self, value: u64) {
        self.0.oct(value);
        self.1.oct(value);
    }
    fn addr(&mut self, value: u64) {
        self.0.addr(value);
        self.1.addr(value);
    }
    fn formatted(&mut self, value: u64, text: &str) {
        self.0.formatted(value, text);
        self.1.formatted(value, text);
    }
    fn str(&mut self, bytes: &[u8], quote: Quote, cut: bool) {
        self.0.str(bytes, quote, cut);
        self.1.str(bytes, quote, cut);
    }
    fn name(&mut self, name: &str) {
        self.0.name(name);
        self.1.name(name);
    }
    fn constant(&mut self, value: u64, name: Option<&str>, fmt: Fmt, unknown: &str) {
        self.0.constant(value, name, fmt, unknown);
        self.1.constant(value, name, fmt, unknown);
    }
    fn flags(&mut self, value: u64, tables: &[Xlat], unknown: Option<&str>) {
        self.0.flags(value, tables, unknown);
        self.1.flags(value, tables, unknown);
    }
    fn raw(&mut self, text: &str) {
        self.0.raw(text);
        self.1.raw(text);
    }
    fn comment(&mut self, text: &str) {
        self.0.comment(text);
        self.1.comment(text);
    }
    fn decoration(&mut self, name: &FdName) {
        self.0.decoration(name);
        self.1.decoration(name);
    }
    fn more(&mut self) {
        self.0.more();
        self.1.more();
    }
    fn open(&mut self, group: Group) {
        self.0.open(group);
        self.1.open(group);
    }
    fn close(&mut self) {
        self.0.close();
        self.1.close();
    }
    fn field(&mut self, name: &str) {
        self.0.field(name);
        self.1.field(name);
    }
    fn decoded(&mut self) {
        self.0.decoded();
        self.1.decoded();
    }
    fn exit_part(&mut self) {
        self.0.exit_part();
        self.1.exit_part();
    }
    fn exit_part_here(&mut self) {
        self.0.exit_part_here();
        self.1.exit_part_here();
    }
    fn error(&mut self, errno: u16) {
        self.0.error(errno);
        self.1.error(errno);
    }
    fn style(&self) -> XlatStyle {
        self.0.style()
    }
    fn set_style(&mut self, style: XlatStyle) -> XlatStyle {
        self.1.set_style(style);
        self.0.set_style(style)
    }
}
