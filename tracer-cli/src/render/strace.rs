//! strace's text format: `name(args) = ret` with ` = ` at column 40, and the `+++ ... +++` lines of
//! process exits.

use std::fmt::Write as _;

use tracer_common::event::Event;
use tracer_common::syscall;

use crate::decode::{self, FdNames};
use crate::fdnames::FdTable;
use crate::pairing::{Paired, Syscall};
use crate::syscall_set::SyscallSet;

/// Options that change how lines look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RenderOptions {
    /// strace's `-s`.
    pub strlen: u32,
    /// strace's `-v` for every call (else `abbrev` decides per call).
    pub verbose: bool,
    /// strace's `-X`.
    pub xlat: decode::XlatStyle,
    /// strace's `-a`: the column ` = ` starts at (when the call is shorter).
    pub columns: usize,
    /// strace's `-e abbrev=`: calls whose structures are abbreviated (`-v` is `abbrev=none`).
    pub abbrev: SyscallSet,
    /// strace's `-e raw=`: calls printed as hex numbers, undecoded.
    pub raw: SyscallSet,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            strlen: 32,
            verbose: false,
            xlat: decode::XlatStyle::Abbrev,
            columns: 40,
            abbrev: SyscallSet::all(),
            raw: SyscallSet::none(),
        }
    }
}

pub struct StraceRenderer {
    opts: RenderOptions,
    /// Reused for every line.
    line: String,
    /// What descriptors refer to (`-y`): learnt from every call rendered.
    fds: Option<FdTable>,
}

impl StraceRenderer {
    pub fn new(opts: RenderOptions) -> Self {
        StraceRenderer { opts, line: String::with_capacity(256), fds: None }
    }

    /// Print descriptors with what they refer to, as `table` says (`-y`, `-yy`).
    pub fn with_fd_names(mut self, table: FdTable) -> Self {
        self.fds = Some(table);
        self
    }

    /// Append the text for `item` (zero or more whole lines) to `out`.
    pub fn render(&mut self, item: &Paired, out: &mut Vec<u8>) {
        self.line.clear();
        match item {
            Paired::Syscall(call) => self.syscall(call),
            Paired::Other(Event::Exit { meta, wait_status }) => {
                exit_line(&mut self.line, *wait_status);
                if let Some(fds) = &mut self.fds {
                    fds.exit(meta.pid);
                }
            }
            Paired::Other(Event::Fork { meta, child_pid, .. }) => {
                if let Some(fds) = &mut self.fds {
                    fds.fork(meta.pid, *child_pid);
                }
                return;
            }
            // Exec, signal and lost records print nothing (yet).
            Paired::Other(_) => return,
        }
        self.line.push('\n');
        out.extend_from_slice(self.line.as_bytes());
    }

    fn syscall(&mut self, call: &Syscall) {
        let info = syscall::info(call.nr);
        let Self { opts: render, line, fds } = self;
        if let Some(fds) = fds.as_mut() {
            fds.before_args(call);
        }
        let raw = info.is_some() && render.raw.contains(call.nr);
        let verbose = render.verbose || !render.abbrev.contains(call.nr);
        let (strlen, xlat) = (render.strlen, render.xlat);
        match info.filter(|_| raw) {
            Some(info) => raw_call(line, info.name, &call.args[..info.args.len().min(6)]),
            None => decode::call(
                line,
                info,
                call,
                &decode::Options { strlen, verbose, xlat, fds: fd_names(fds, raw) },
            ),
        }
        // What the call did shows in its return value: `openat(...) = 3</etc/passwd>`.
        if let Some(fds) = fds.as_mut() {
            fds.after_args(call);
        }
        // strace prints ") ", pads to the column, then "= ".
        let width = line.len();
        if width + 1 < render.columns {
            line.extend(std::iter::repeat_n(' ', render.columns - 1 - width));
        }
        line.push_str(" = ");
        match call.ret {
            Some(ret) if raw && decode::errno::errno_of(ret).is_none() => raw_hex(line, ret as u64),
            _ => decode::ret(
                line,
                info,
                call,
                &decode::Options { strlen, verbose, xlat, fds: fd_names(fds, raw) },
            ),
        }
    }
}

/// The names decoders print after descriptors, if any are asked for (never for a raw call).
fn fd_names(fds: &Option<FdTable>, raw: bool) -> Option<&dyn FdNames> {
    fds.as_ref().filter(|t| t.decode().any() && !raw).map(|t| t as &dyn FdNames)
}

/// `-e raw=`: `openat(0xffffff9c, 0x7ffc1e19fae3, 0x80000, 0)`, every argument as the register held it.
fn raw_call(line: &mut String, name: &str, args: &[u64]) {
    line.push_str(name);
    line.push('(');
    for (i, &value) in args.iter().enumerate() {
        if i > 0 {
            line.push_str(", ");
        }
        raw_hex(line, value);
    }
    line.push(')');
}

/// C's `%#lx`: `0` for zero, `0x1f` otherwise.
fn raw_hex(line: &mut String, value: u64) {
    if value == 0 {
        line.push('0');
    } else {
        let _ = write!(line, "{value:#x}");
    }
}

/// `+++ exited with 0 +++`, `+++ killed by SIGSEGV (core dumped) +++`.
fn exit_line(line: &mut String, status: i32) {
    let sig = status & 0x7f;
    if sig == 0 {
        let _ = write!(line, "+++ exited with {} +++", (status >> 8) & 0xff);
    } else {
        line.push_str("+++ killed by ");
        decode::signals::signal(line, sig as u64);
        if status & 0x80 != 0 {
            line.push_str(" (core dumped)");
        }
        line.push_str(" +++");
    }
}

#[cfg(test)]
mod tests;
