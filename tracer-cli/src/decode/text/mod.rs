//! strace's text for decoded values: the [`Printer`] whose characters the decoders are specified
//! by (each decoder's tests read this text). It writes separators, brackets, field names, `-X`
//! styles and quoting; it records where a call's exit-time text starts, and, with colour, wraps
//! strings and errors in ANSI codes while keeping count of the bytes that take no column.

use tracer_common::syscall::SyscallInfo;

use super::num;
use super::printer::{FdName, Fmt, Group, Printer, Quote, XlatStyle};
use super::strings;
use super::xlat::{self, Xlat};
use super::Options;
use crate::call::Syscall;

/// ANSI colours (`--color`).
pub mod color {
    pub const NAME: &str = "\x1b[1;36m";
    pub const STRING: &str = "\x1b[32m";
    pub const ERROR: &str = "\x1b[31m";
    pub const SIGNAL: &str = "\x1b[33m";
    pub const EXIT: &str = "\x1b[1;35m";
    pub const RESET: &str = "\x1b[0m";
}

/// One open group.
#[derive(Clone, Copy, Debug)]
struct Frame {
    group: Group,
    /// Items written in it so far (the separator goes before every one but the first).
    items: u32,
    /// A field name was written: the next value is its value, not a new item.
    field_value: bool,
    /// For [`Group::Composite`]: the style and muting it restores when it closes.
    style_before: XlatStyle,
    muted_before: bool,
}

impl Frame {
    fn new(group: Group, style_before: XlatStyle, muted_before: bool) -> Self {
        Frame { group, items: 0, field_value: false, style_before, muted_before }
    }
}

/// Where a call's text splits between what strace prints at its entry and at its exit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Split {
    /// Byte offset in the text.
    pub at: usize,
    /// Colour bytes before it.
    pub invisible: usize,
}

/// Writes strace's text into a line it owns (and lends: the line printer writes around values).
#[derive(Debug)]
pub struct TextPrinter {
    out: String,
    style: XlatStyle,
    /// The style set for the current line ([`TextPrinter::start`] restores it).
    line_style: XlatStyle,
    /// The innermost open group, and the groups around it.
    top: Frame,
    outer: Vec<Frame>,
    /// Inside the hidden half of a [`Group::Composite`]: nothing is written.
    muted: bool,
    split: Option<Split>,
    split_pending: bool,
    color: bool,
    /// Colour bytes written (they take no column).
    invisible: usize,
    /// `-x`, `-xx`, `--strings-in-hex=`.
    hex: strings::HexStrings,
}

impl TextPrinter {
    /// A printer in `style` (`-X`), colouring strings and errors when `color`.
    pub fn new(style: XlatStyle, color: bool) -> Self {
        TextPrinter {
            out: String::with_capacity(256),
            style,
            line_style: style,
            top: Frame::new(Group::Args, style, false),
            outer: Vec::new(),
            muted: false,
            split: None,
            split_pending: false,
            color,
            invisible: 0,
            hex: strings::HexStrings::None,
        }
    }

    /// The same printer quoting strings under `-x`/`-xx` (`hex`).
    pub fn with_hex(mut self, hex: strings::HexStrings) -> Self {
        self.hex = hex;
        self
    }

    /// A plain printer in `style`, writing values at the top level of an expression (for tests and
    /// for text outside a call: a signal's siginfo).
    pub fn values(style: XlatStyle) -> Self {
        let mut printer = TextPrinter::new(style, false);
        printer.start(Group::Expr);
        printer
    }

    /// Start a new run of values at the end of the current text, directly inside `group`
    /// ([`Group::Args`] for a call's arguments, [`Group::Expr`] for a return value).
    pub fn start(&mut self, group: Group) {
        self.outer.clear();
        self.top = Frame::new(group, self.line_style, false);
        self.style = self.line_style;
        self.muted = false;
        self.split = None;
        self.split_pending = false;
    }

    /// Write `name(args)` for `call` at the end of the text: the name (coloured), then the arguments
    /// as [`super::args`] decodes them. Returns where strace's exit-time text starts, if the decoder
    /// said (else it is the closing parenthesis).
    pub fn call(&mut self, info: Option<&SyscallInfo>, call: &Syscall, opts: &Options) -> Split {
        self.call_named(&super::name(info, call.nr), |p| super::args(p, info, call, opts))
    }

    /// `name(`, what `args` writes as the arguments, `)`; returns where the exit-time text starts.
    pub fn call_named(&mut self, name: &str, args: impl FnOnce(&mut Self)) -> Split {
        self.open_call(name);
        args(self);
        self.close_call()
    }

    /// `name(`: the arguments follow.
    pub fn open_call(&mut self, name: &str) {
        self.painted(color::NAME, name);
        self.out.push('(');
        self.start(Group::Args);
    }

    /// `)` after the arguments; returns where the exit-time text starts (the decoder's word, else
    /// the closing parenthesis).
    pub fn close_call(&mut self) -> Split {
        let split = self.split.unwrap_or(Split { at: self.out.len(), invisible: self.invisible });
        self.out.push(')');
        split
    }

    /// Paint the text from `from` to its end in `color` (when colouring).
    pub fn paint_from(&mut self, from: usize, color: &str) {
        if self.color && from <= self.out.len() && self.out.is_char_boundary(from) {
            self.out.insert_str(from, color);
            self.out.push_str(color::RESET);
            self.invisible += color.len() + color::RESET.len();
        }
    }

    /// Write the return value of `call` at the end of the text (what follows ` = `).
    pub fn ret(&mut self, info: Option<&SyscallInfo>, call: &Syscall, opts: &Options) {
        self.start(Group::Expr);
        super::ret(self, info, call, opts);
    }

    /// Empty the text (a new line; [`TextPrinter::start`] or [`TextPrinter::open_call`] begins
    /// its values).
    pub fn clear(&mut self) {
        self.out.clear();
        self.invisible = 0;
    }

    /// The text so far.
    pub fn text(&self) -> &str {
        &self.out
    }

    /// The text, for the line printer's own parts (leader, name, padding, result).
    pub fn text_mut(&mut self) -> &mut String {
        &mut self.out
    }

    /// Take the text out (the printer keeps an empty one).
    pub fn take(&mut self) -> String {
        self.invisible = 0;
        std::mem::take(&mut self.out)
    }

    /// Where the exit-time text of the arguments written since [`TextPrinter::start`] begins, if a
    /// decoder said.
    pub fn split(&self) -> Option<Split> {
        self.split
    }

    /// Colour bytes in the text (they take no column).
    pub fn invisible(&self) -> usize {
        self.invisible
    }

    /// Whether colour codes are written.
    pub fn colored(&self) -> bool {
        self.color
    }

    /// Write `text` in `color` (when colouring).
    pub fn painted(&mut self, color: &str, text: &str) {
        if self.color {
            self.out.push_str(color);
            self.out.push_str(text);
            self.out.push_str(color::RESET);
            self.invisible += color.len() + color::RESET.len();
        } else {
            self.out.push_str(text);
        }
    }

    #[inline]
    fn put(&mut self, text: &str) {
        if !self.muted {
            self.out.push_str(text);
        }
    }

    /// A new item of the innermost group: its separator (unless it is a field's value).
    #[inline]
    fn begin(&mut self) {
        let frame = &mut self.top;
        if frame.field_value {
            frame.field_value = false;
            return;
        }
        let first = frame.items == 0;
        frame.items += 1;
        let separator = separator(frame.group);
        if !first {
            self.put(separator);
        }
        if self.split_pending {
            self.split_pending = false;
            self.split = Some(Split { at: self.out.len(), invisible: self.invisible });
        }
    }

    fn number(&mut self, value: u64, fmt: Fmt) {
        if self.muted {
            return;
        }
        xlat::number(&mut self.out, value, fmt);
    }

    fn comment_text(&mut self, text: &str) {
        if !text.is_empty() {
            self.put(" /* ");
            self.put(text);
            self.put(" */");
        }
    }
}

/// What goes between two items of `group`.
fn separator(group: Group) -> &'static str {
    match group {
        Group::Args | Group::Struct | Group::Array | Group::Call(_) | Group::Note => ", ",
        Group::Set { .. } => " ",
        Group::Or => "|",
        Group::Changed => " => ",
        Group::Expr | Group::Composite => "",
    }
}

impl Printer for TextPrinter {
    #[inline]
    fn int(&mut self, value: i64) {
        self.begin();
        if !self.muted {
            num::dec(&mut self.out, value);
        }
    }

    #[inline]
    fn uint(&mut self, value: u64) {
        self.begin();
        if !self.muted {
            num::dec(&mut self.out, value);
        }
    }

    #[inline]
    fn hex(&mut self, value: u64) {
        self.begin();
        if !self.muted {
            num::hex(&mut self.out, value);
        }
    }

    fn oct(&mut self, value: u64) {
        self.begin();
        if !self.muted {
            num::oct(&mut self.out, value);
        }
    }

    #[inline]
    fn addr(&mut self, value: u64) {
        self.begin();
        if !self.muted {
            num::addr(&mut self.out, value);
        }
    }

    fn formatted(&mut self, _value: u64, text: &str) {
        self.begin();
        self.put(text);
    }

    #[inline]
    fn str(&mut self, bytes: &[u8], quote: Quote, cut: bool) {
        self.begin();
        if self.muted {
            return;
        }
        if self.color {
            self.out.push_str(color::STRING);
            strings::quote_hex(&mut self.out, bytes, quote, cut, self.hex);
            self.out.push_str(color::RESET);
            self.invisible += color::STRING.len() + color::RESET.len();
        } else {
            strings::quote_hex(&mut self.out, bytes, quote, cut, self.hex);
        }
    }

    fn name(&mut self, name: &str) {
        self.begin();
        self.put(name);
    }

    fn constant(&mut self, value: u64, name: Option<&str>, fmt: Fmt, unknown: &str) {
        self.begin();
        match (self.style, name) {
            (XlatStyle::Raw, _) => self.number(value, fmt),
            (XlatStyle::Abbrev, Some(name)) => self.put(name),
            (XlatStyle::Verbose, Some(name)) => {
                self.number(value, fmt);
                self.comment_text(name);
            }
            (_, None) => {
                self.number(value, fmt);
                self.comment_text(unknown);
            }
        }
    }

    fn flags(&mut self, value: u64, tables: &[Xlat], unknown: Option<&str>) {
        self.begin();
        if self.muted {
            return;
        }
        let style = self.style;
        if style == XlatStyle::Raw {
            if value != 0 || unknown.is_some() {
                num::hex(&mut self.out, value);
            }
            return;
        }
        let verbose = style == XlatStyle::Verbose;
        if verbose && value != 0 {
            num::hex(&mut self.out, value);
        }
        let out = &mut self.out;
        let mut named = 0;
        let rest = xlat::match_flags(tables, value, |name| {
            if named > 0 {
                out.push('|');
            } else if verbose {
                if value == 0 {
                    out.push('0');
                }
                out.push_str(" /* ");
            }
            named += 1;
            out.push_str(name);
        });
        if named > 0 {
            if rest != 0 {
                out.push('|');
                num::hex(out, rest);
            }
            if verbose {
                out.push_str(" */");
            }
        } else if rest != 0 {
            if !verbose {
                num::hex(out, rest);
            }
            self.comment_text(unknown.unwrap_or(""));
        } else if unknown.is_some() {
            out.push('0');
        }
    }

    fn raw(&mut self, text: &str) {
        self.put(text);
    }

    fn comment(&mut self, text: &str) {
        self.comment_text(text);
    }

    fn decoration(&mut self, name: &FdName) {
        if self.muted {
            return;
        }
        let out = &mut self.out;
        let hex = self.hex;
        let escape_path = |out: &mut String, bytes: &[u8]| strings::escape(out, bytes, hex, b"<>");
        match name {
            FdName::Path { path, deleted } => {
                out.push('<');
                escape_path(out, path);
                out.push('>');
                if *deleted {
                    out.push_str("(deleted)");
                }
            }
            FdName::Device { path, kind, major, minor } => {
                out.push('<');
                escape_path(out, path);
                out.push('<');
                out.push_str(kind);
                out.push(' ');
                num::dec(out, *major);
                out.push(':');
                num::dec(out, *minor);
                out.push_str(">>");
            }
            FdName::Socket(text) => {
                out.push('<');
                out.push_str(text);
                out.push('>');
            }
            FdName::Pid(pid) => {
                out.push_str("<pid:");
                num::dec(out, *pid);
                out.push('>');
            }
            FdName::Other(text) => {
                out.push('<');
                escape_path(out, text.as_bytes());
                out.push('>');
            }
            FdName::Comm(comm) => {
                out.push('<');
                escape_path(out, comm);
                out.push('>');
            }
        }
    }

    fn more(&mut self) {
        self.begin();
        self.put("...");
    }

    fn open(&mut self, group: Group) {
        // A note follows the value it is about, with no separator of its own.
        if group != Group::Note {
            self.begin();
        }
        let frame = Frame::new(group, self.style, self.muted);
        match group {
            Group::Struct => self.put("{"),
            Group::Array => self.put("["),
            Group::Set { inverted: true } => self.put("~["),
            Group::Set { inverted: false } => self.put("["),
            Group::Call(name) => {
                self.put(name);
                self.put("(");
            }
            Group::Note => self.put(" ("),
            Group::Composite => {
                if self.style == XlatStyle::Abbrev {
                    self.muted = true;
                }
            }
            Group::Args | Group::Or | Group::Changed | Group::Expr => {}
        }
        self.outer.push(std::mem::replace(&mut self.top, frame));
    }

    fn close(&mut self) {
        let Some(outer) = self.outer.pop() else { return };
        let frame = std::mem::replace(&mut self.top, outer);
        match frame.group {
            Group::Struct => self.put("}"),
            Group::Array | Group::Set { .. } => self.put("]"),
            Group::Call(_) | Group::Note => self.put(")"),
            Group::Composite => {
                if frame.style_before == XlatStyle::Verbose {
                    self.muted = frame.muted_before;
                    self.put(" */");
                }
                self.style = frame.style_before;
                self.muted = frame.muted_before;
            }
            Group::Args | Group::Or | Group::Changed | Group::Expr => {}
        }
    }

    fn field(&mut self, name: &str) {
        self.begin();
        let group = self.top.group;
        self.put(name);
        self.put(if group == Group::Note { " " } else { "=" });
        self.top.field_value = true;
    }

    fn decoded(&mut self) {
        let frame = self.top;
        if frame.group != Group::Composite {
            return;
        }
        match frame.style_before {
            XlatStyle::Raw => self.muted = true,
            XlatStyle::Abbrev => self.muted = frame.muted_before,
            XlatStyle::Verbose => {
                self.muted = frame.muted_before;
                self.put(" /* ");
            }
        }
        self.style = XlatStyle::Abbrev;
        self.top.items = 0;
        self.top.field_value = false;
    }

    fn exit_part(&mut self) {
        if self.split.is_none() {
            self.split_pending = true;
        }
    }

    fn exit_part_here(&mut self) {
        if self.split.is_none() {
            self.split_pending = false;
            self.split = Some(Split { at: self.out.len(), invisible: self.invisible });
        }
    }

    fn error(&mut self, errno: u16) {
        self.begin();
        if !self.muted {
            super::errno::error(&mut self.out, errno);
        }
    }

    fn style(&self) -> XlatStyle {
        self.style
    }

    fn set_style(&mut self, style: XlatStyle) -> XlatStyle {
        std::mem::replace(&mut self.style, style)
    }
}

/// The text `write` gives with a fresh [`TextPrinter::values`] printer in `style`.
pub fn render(style: XlatStyle, write: impl FnOnce(&mut TextPrinter)) -> String {
    let mut printer = TextPrinter::values(style);
    write(&mut printer);
    printer.take()
}

#[cfg(test)]
mod tests;
