//! strace's text format: `name(args) = ret` with ` = ` at column 40; with several tasks, pid
//! prefixes and `<unfinished ...>` / `<... name resumed>` halves; the `--- SIGX {...} ---`,
//! `--- stopped by SIGX ---` and `+++ exited with N +++` / `+++ killed by SIGX +++` lines.

use std::collections::HashMap;

use tracer_common::event::{Event, Meta};
use tracer_common::syscall::{self, nr, SyscallInfo};

use super::perfetto::Timeline;
use super::timestamps::{Clock, TimestampOptions};
use super::{Output, Part};
use crate::call::{siginfo_signo, Syscall};
use crate::decode::strings::{self, HexStrings};
use crate::decode::text::{color, Split, TextPrinter};
use crate::decode::{self, num, FdNames, Group, Printer, Tee, XlatStyle};
use crate::sets::SyscallSet;
use crate::state::Tasks;

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

/// What changes how calls are decoded for a line (also the JSON output's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallOptions {
    /// strace's `-s`.
    pub strlen: u32,
    /// strace's `-X`.
    pub xlat: XlatStyle,
    /// strace's `-e abbrev=`: calls whose structures are abbreviated (`-v` is `abbrev=none`).
    pub abbrev: SyscallSet,
    /// strace's `-e raw=`: calls printed as hex numbers, undecoded.
    pub raw: SyscallSet,
    /// strace's `-e verbose=`: calls whose structures are decoded at all.
    pub verbose: SyscallSet,
}

impl Default for CallOptions {
    fn default() -> Self {
        CallOptions {
            strlen: 32,
            xlat: XlatStyle::Abbrev,
            abbrev: SyscallSet::all(),
            raw: SyscallSet::none(),
            verbose: SyscallSet::all(),
        }
    }
}

impl CallOptions {
    /// Whether `-e raw=` prints `call` undecoded.
    pub fn raw(&self, info: Option<&SyscallInfo>, call: &Syscall) -> bool {
        info.is_some() && self.raw.contains(call.nr)
    }

    /// The decoding options for `call`, descriptors named by `fds` (never for a raw call).
    pub fn decoding<'a>(
        &self,
        call: &Syscall,
        raw: bool,
        fds: Option<&'a dyn FdNames>,
    ) -> decode::Options<'a> {
        decode::Options {
            strlen: self.strlen,
            verbose: !self.abbrev.contains(call.nr),
            fetch: self.verbose.contains(call.nr),
            fds: fds.filter(|_| !raw),
        }
    }
}

/// Options of the text lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextOptions {
    pub call: CallOptions,
    /// strace's `-a`: the column ` = ` starts at (when the call is shorter).
    pub columns: usize,
    /// Which task each line belongs to.
    pub prefix: PidPrefix,
    /// `-t`, `-r`, `-T` and their long forms.
    pub timestamps: TimestampOptions,
    /// `--color`: ANSI colours.
    pub color: bool,
    /// `-x`, `-xx`, `--strings-in-hex=`: strings quoted in hex.
    pub hex: HexStrings,
    /// `-n`: `[ 231] ` after the timestamps, the number of the task's current (or last) call.
    pub syscall_number: bool,
    /// `-Y`: the task's name in its prefix (`1234<sh> `, `[pid  1234<sh>] `).
    pub comm_prefix: bool,
    /// `-i`: `[00007f0123456789] ` after the timestamps and `-n`, the instruction pointer.
    pub instruction_pointer: bool,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions {
            call: CallOptions::default(),
            columns: 40,
            prefix: PidPrefix::None,
            timestamps: TimestampOptions::default(),
            color: false,
            hex: HexStrings::None,
            syscall_number: false,
            comm_prefix: false,
            instruction_pointer: false,
        }
    }
}

/// Which instruction pointer a line's `-i` leader shows.
#[derive(Clone, Copy, Debug)]
enum Ip {
    /// The call's own, at its entry.
    Call(u64),
    /// The task's last call's: a signal or stop line (the task stopped where that call left it).
    Last,
    /// None (`[????????????????]`): the task is gone (`+++ exited`, `+++ killed`).
    Unknown,
}

/// The call of the line being written, between [`Output::call_args`] and [`Output::call_ret`].
#[derive(Clone, Copy, Debug)]
struct Open {
    raw: bool,
    /// The call's text was whole at its entry (nothing printed at exit).
    whole_at_entry: bool,
    /// Colour bytes in the line besides the printer's own.
    invisible: usize,
}

/// Writes strace's lines.
pub struct TextOutput {
    opts: TextOptions,
    /// The line being written.
    line: TextPrinter,
    /// A call's text, when the line shows part of it.
    scratch: TextPrinter,
    /// `-t`/`-r`/`-T`: the clock offset and the previous line's time.
    clock: Clock,
    /// Where the current line's body starts (after its pid and time leader).
    body_from: usize,
    open: Open,
    /// `--perfetto FILE`: the same calls and events as a timeline.
    timeline: Option<Timeline>,
    /// `-n`: each task's last call number (strace's `true_scno`), for its signal and exit lines.
    last_nr: HashMap<u32, u64>,
    /// `-i`: each task's last call's instruction pointer, for its signal lines.
    last_ip: HashMap<u32, u64>,
    /// `-e read=`, `-e write=`: hex dumps after the lines (boxed: rarely asked for, and large).
    dumps: Option<Box<super::dump::Dumps>>,
}

impl TextOutput {
    pub fn new(opts: TextOptions) -> Self {
        TextOutput {
            opts,
            line: TextPrinter::new(opts.call.xlat, opts.color).with_hex(opts.hex),
            scratch: TextPrinter::new(opts.call.xlat, opts.color).with_hex(opts.hex),
            clock: Clock::new(opts.timestamps),
            body_from: 0,
            open: Open { raw: false, whole_at_entry: true, invisible: 0 },
            timeline: None,
            last_nr: HashMap::new(),
            last_ip: HashMap::new(),
            dumps: None,
        }
    }

    /// Also dump the data of the descriptors in `dumps` after each call's line.
    pub fn with_dumps(mut self, dumps: super::dump::Dumps) -> Self {
        self.dumps = dumps.any().then(|| Box::new(dumps));
        self
    }

    /// Also write the calls and events shown to a timeline (`--perfetto`).
    pub fn with_timeline(mut self, timeline: Timeline) -> Self {
        self.timeline = Some(timeline);
        self
    }

    /// strace's `printleader`: the task's prefix, if lines carry one, the timestamps, with `-n`
    /// the number of call `nr` (for a line that is not a call's: the task's last call's, 0
    /// before its first), and with `-i` the instruction pointer `ip` says.
    fn leader(&mut self, meta: Meta, ts_ns: u64, tasks: &Tasks, nr: Option<u64>, ip: Ip) {
        let hex = self.opts.hex;
        let line = self.line.text_mut();
        // `-Y`: strace's `print_comm_str`, nothing for an empty name.
        let comm = tasks.own_comm(meta.tid).filter(|c| self.opts.comm_prefix && !c.is_empty());
        let push_comm = |line: &mut String| {
            if let Some(comm) = comm {
                line.push('<');
                strings::escape(line, comm.as_bytes(), hex, b"<>");
                line.push('>');
            }
        };
        match self.opts.prefix {
            PidPrefix::None => {}
            PidPrefix::Always => {
                match comm {
                    Some(_) => num::dec(line, meta.tid),
                    None => num::dec_left(line, meta.tid, 5),
                }
                push_comm(line);
                line.push(' ');
            }
            PidPrefix::WhenSeveral => {
                if tasks.count() > 1 {
                    line.push_str("[pid ");
                    num::dec_right(line, meta.tid, 5);
                    push_comm(line);
                    line.push_str("] ");
                }
            }
            PidPrefix::WithComm => {
                line.push_str("[pid ");
                num::dec_right(line, meta.tid, 5);
                line.push(' ');
                line.push_str(tasks.comm(meta).unwrap_or("?"));
                line.push_str("] ");
            }
        }
        self.clock.leader(line, ts_ns);
        if self.opts.syscall_number {
            let nr = match nr {
                Some(nr) => {
                    self.last_nr.insert(meta.tid, nr);
                    nr
                }
                None => self.last_nr.get(&meta.tid).copied().unwrap_or(0),
            };
            line.push('[');
            num::dec_right(line, nr, 4);
            line.push_str("] ");
        }
        if self.opts.instruction_pointer {
            let ip = match ip {
                Ip::Call(ip) => {
                    self.last_ip.insert(meta.tid, ip);
                    Some(ip)
                }
                Ip::Last => self.last_ip.get(&meta.tid).copied(),
                Ip::Unknown => None,
            };
            // strace's print_instruction_pointer: `?` for each digit when the registers are gone.
            match ip.filter(|&ip| ip != 0) {
                Some(ip) => {
                    use std::fmt::Write as _;
                    let _ = write!(line, "[{ip:016x}] ");
                }
                None => line.push_str("[????????????????] "),
            }
        }
        self.body_from = line.len();
    }

    /// The arguments of `call` into `target`, with the timeline's values beside them.
    fn decode_into(
        target: &mut TextPrinter,
        timeline: &mut Option<Timeline>,
        info: Option<&SyscallInfo>,
        call: &Syscall,
        opts: &decode::Options,
        raw: bool,
        tasks: &Tasks,
    ) -> Split {
        match timeline.as_mut() {
            Some(timeline) => {
                let values = timeline.values();
                values.start(Group::Args);
                let split = call_text(&mut Tee(target, values), info, call, opts, raw, tasks);
                timeline.args_done();
                split
            }
            None => call_text(target, info, call, opts, raw, tasks),
        }
    }
}

/// Write the text of `call` (`name(args)`) with `printer`: its decoded arguments, or strace's
/// text for a raw call and for `restart_syscall`. Returns where its exit-time text starts.
pub fn call_text<P: Printer + AsText>(
    printer: &mut P,
    info: Option<&SyscallInfo>,
    call: &Syscall,
    opts: &decode::Options,
    raw: bool,
    tasks: &Tasks,
) -> Split {
    match info {
        Some(info) if raw => printer.call_with(info.name, |p| {
            for &value in &call.args[..info.args.len().min(6)] {
                p.hex(value);
            }
        }),
        // restart_syscall names the call it resumes: the task's previous one (strace's `read`
        // when it has seen none, as its per-task state starts at syscall 0).
        Some(info) if call.nr == nr::RESTART_SYSCALL => {
            let previous = tasks.previous(call.meta.tid).and_then(syscall::info);
            let resumed = previous.map_or("read", |i| i.name);
            printer.call_with(info.name, |p| p.name(&format!("<... resuming interrupted {resumed} ...>")))
        }
        Some(known) => printer.call_with(known.name, |p| decode::args(p, info, call, opts)),
        None => printer.call_with(&decode::name(None, call.nr), |p| decode::args(p, info, call, opts)),
    }
}

/// What a line printer needs of a text printer beyond [`Printer`]: writing `name(args)`.
pub trait AsText: Printer {
    /// `name(` then what `args` writes, then `)`; returns where the exit-time text starts.
    fn call_with(&mut self, name: &str, args: impl FnOnce(&mut Self)) -> Split;
}

impl AsText for TextPrinter {
    fn call_with(&mut self, name: &str, args: impl FnOnce(&mut Self)) -> Split {
        self.call_named(name, args)
    }
}

impl<B: Printer> AsText for Tee<'_, TextPrinter, B> {
    fn call_with(&mut self, name: &str, args: impl FnOnce(&mut Self)) -> Split {
        self.0.open_call(name);
        args(self);
        self.0.close_call()
    }
}

impl Output for TextOutput {
    fn call_args(&mut self, call: &Syscall, part: Part, tasks: &Tasks, fds: Option<&dyn FdNames>) {
        let info = syscall::info(call.nr);
        let raw = self.opts.call.raw(info, call);
        let opts = self.opts.call.decoding(call, raw, fds);
        self.line.clear();
        let meta = call.meta;
        let ts = if part == Part::Resumed { call.exit_ts_ns.unwrap_or(meta.ts_ns) } else { meta.ts_ns };
        self.leader(meta, ts, tasks, Some(call.nr), Ip::Call(call.ip));
        self.open = Open { raw, whole_at_entry: true, invisible: 0 };
        if part == Part::Whole && call.ret.is_some() {
            // The common case, straight into the line.
            Self::decode_into(&mut self.line, &mut self.timeline, info, call, &opts, raw, tasks);
            return;
        }
        // strace's entry text ends where the first output argument starts: a call that never
        // returned (`= ?`) or whose line another task interrupted shows it in two parts.
        self.scratch.clear();
        let split = Self::decode_into(&mut self.scratch, &mut self.timeline, info, call, &opts, raw, tasks);
        let text = self.scratch.text();
        let end = text.len() - 1;
        let at = split.at.min(end);
        let whole_at_entry = at + 1 >= text.len();
        let before = &text[..at];
        let (line, open) = (self.line.text_mut(), &mut self.open);
        open.whole_at_entry = whole_at_entry;
        match part {
            Part::Entry | Part::Detached | Part::PidChanged(_) => {
                line.push_str(before);
                open.invisible = split.invisible;
                match part {
                    Part::Entry => line.push_str(" <unfinished ...>"),
                    Part::PidChanged(tid) => {
                        line.push_str(" <pid changed to ");
                        num::dec(line, tid);
                        line.push_str(" ...>");
                    }
                    _ => line.push_str(" <detached ...>"),
                }
                return;
            }
            Part::Whole => {
                line.push_str(before);
                open.invisible = split.invisible;
            }
            Part::Resumed => {
                line.push_str("<... ");
                line.push_str(info.map_or("syscall", |i| i.name));
                line.push_str(" resumed>");
                if call.ret.is_some() {
                    line.push_str(&text[at..end]);
                    open.invisible = self.scratch.invisible() - split.invisible;
                }
            }
        }
        if call.ret.is_none() && !whole_at_entry {
            // What the call would have printed at exit is unknown.
            line.push_str(" <unfinished ...>");
        }
        line.push(')');
    }

    fn call_ret(
        &mut self,
        call: &Syscall,
        part: Part,
        tasks: &Tasks,
        fds: Option<&dyn FdNames>,
        out: &mut Vec<u8>,
    ) {
        if matches!(part, Part::Entry | Part::Detached | Part::PidChanged(_)) {
            return self.end_line(out);
        }
        let info = syscall::info(call.nr);
        let raw = self.open.raw;
        // strace prints ") ", pads to the column, then "= ".
        let width = self.line.text().len() - self.line.invisible() - self.open.invisible;
        let columns = self.opts.columns;
        let line = self.line.text_mut();
        if width + 1 < columns {
            num::spaces(line, columns - 1 - width);
        }
        line.push_str(" = ");
        let ret_from = line.len();
        let opts = self.opts.call.decoding(call, raw, fds);
        match call.ret {
            Some(ret) if raw && decode::errno::errno_of(ret).is_none() => num::hex(line, ret as u64),
            _ => self.line.ret(info, call, &opts),
        }
        // `-e inject=`: what the tracer did to the call.
        super::tamper_note(call.tampered(), self.line.text_mut());
        if self.line.colored() && named_error(call.ret) {
            // The error and what the tracer did, before any duration.
            self.line.paint_from(ret_from, color::ERROR);
        }
        // `-T`: how long the call took (not for a call that never returned).
        if let (Some(_), Some(exit_ns)) = (call.ret, call.exit_ts_ns) {
            self.clock.duration(self.line.text_mut(), exit_ns.saturating_sub(call.meta.ts_ns));
        }
        if let Some(timeline) = self.timeline.as_mut() {
            let body = &self.line.text()[self.body_from..];
            timeline.call(call, body, ret_from - self.body_from, tasks);
        }
        self.end_line(out);
        if let Some(dumps) = &self.dumps {
            super::dump::write(call, dumps, out);
        }
    }

    fn event(&mut self, event: &Event, tasks: &Tasks, fds: Option<&dyn FdNames>, out: &mut Vec<u8>) {
        let meta = event.meta();
        let (kind, paint) = match event {
            Event::Stack { flags, frames, .. } => return super::stack::write_text(*flags, frames, out),
            Event::Exit { wait_status, .. } => {
                self.line.clear();
                self.leader(meta, meta.ts_ns, tasks, None, Ip::Unknown);
                exit_line(&mut self.line, *wait_status);
                ("exit", color::EXIT)
            }
            Event::Signal { siginfo, .. } => {
                self.line.clear();
                self.leader(meta, meta.ts_ns, tasks, None, Ip::Last);
                self.line.text_mut().push_str("--- ");
                signal_name(&mut self.line, u64::from(siginfo_signo(siginfo)));
                self.line.text_mut().push(' ');
                self.line.start(Group::Expr);
                decode::siginfo::print(&mut self.line, siginfo, decode::pids::Pids::new(fds, meta.tid));
                self.line.text_mut().push_str(" ---");
                ("signal", color::SIGNAL)
            }
            Event::Stop { sig, .. } => {
                self.line.clear();
                self.leader(meta, meta.ts_ns, tasks, None, Ip::Last);
                self.line.text_mut().push_str("--- stopped by ");
                signal_name(&mut self.line, u64::from(*sig));
                self.line.text_mut().push_str(" ---");
                ("stop", color::SIGNAL)
            }
            // A non-leader thread's execve: it goes on as the leader, under the leader's tid.
            Event::Exec { meta, old_tid } if *old_tid != meta.tid => {
                self.line.clear();
                self.leader(*meta, meta.ts_ns, tasks, None, Ip::Unknown);
                let line = self.line.text_mut();
                line.push_str("+++ superseded by execve in pid ");
                num::dec(line, *old_tid);
                line.push_str(" +++");
                ("", color::EXIT)
            }
            _ => return,
        };
        if let Some(timeline) = self.timeline.as_mut().filter(|_| !kind.is_empty()) {
            timeline.instant(meta, kind, &self.line.text()[self.body_from..], tasks);
        }
        if self.line.colored() {
            self.line.paint_from(self.body_from, paint);
        }
        self.end_line(out);
    }

    fn personality(
        &mut self,
        meta: Meta,
        personality: tracer_common::personality::Personality,
        tasks: &Tasks,
        out: &mut Vec<u8>,
    ) {
        self.line.clear();
        self.leader(meta, meta.ts_ns, tasks, None, Ip::Last);
        let line = self.line.text_mut();
        line.push_str("[ Process PID=");
        num::dec(line, meta.tid);
        line.push_str(" runs in ");
        line.push_str(personality.mode());
        line.push_str(" mode. ]");
        self.end_line(out);
    }

    /// strace's text has no line for a call it never saw enter.
    fn entry_lost(&mut self, _call: &Syscall, _tasks: &Tasks, _out: &mut Vec<u8>) {}

    fn finish(&mut self) -> std::io::Result<()> {
        match self.timeline.as_mut() {
            Some(timeline) => timeline.finish(),
            None => Ok(()),
        }
    }
}

impl TextOutput {
    /// The line is complete: to `out`, with its newline.
    fn end_line(&mut self, out: &mut Vec<u8>) {
        let line = self.line.text_mut();
        line.push('\n');
        out.extend_from_slice(line.as_bytes());
    }
}

/// Whether a return value prints as `-1 ENAME (...)`, the form `--color` paints.
fn named_error(ret: Option<i64>) -> bool {
    ret.and_then(decode::errno::errno_of)
        .is_some_and(|e| !decode::errno::is_restart(e) && decode::errno::name(e).is_some())
}

/// A signal's name as event lines print it (abbreviated whatever `-X` says).
fn signal_name(line: &mut TextPrinter, sig: u64) {
    line.start(Group::Expr);
    let style = line.set_style(XlatStyle::Abbrev);
    decode::signals::signal(line, sig);
    line.set_style(style);
}

/// `+++ exited with 0 +++`, `+++ killed by SIGSEGV (core dumped) +++`.
fn exit_line(line: &mut TextPrinter, status: i32) {
    let sig = status & 0x7f;
    if sig == 0 {
        let text = line.text_mut();
        text.push_str("+++ exited with ");
        num::dec(text, (status >> 8) & 0xff);
        text.push_str(" +++");
    } else {
        line.text_mut().push_str("+++ killed by ");
        signal_name(line, sig as u64);
        let text = line.text_mut();
        if status & 0x80 != 0 {
            text.push_str(" (core dumped)");
        }
        text.push_str(" +++");
    }
}
