//! strace's text format: `name(args) = ret` with ` = ` at column 40, and the `+++ ... +++` lines of
//! process exits.

use std::fmt::Write as _;

use tracer_common::event::Event;
use tracer_common::syscall;

use crate::decode;
use crate::pairing::{Paired, Syscall};

/// Options that change how lines look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RenderOptions {
    /// strace's `-s`.
    pub strlen: u32,
    /// strace's `-v`.
    pub verbose: bool,
    /// strace's `-X`.
    pub xlat: decode::XlatStyle,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions { strlen: 32, verbose: false, xlat: decode::XlatStyle::Abbrev }
    }
}

/// strace's column for ` = ` (its default `-a 40`).
const RESULT_COLUMN: usize = 40;

pub struct StraceRenderer {
    opts: RenderOptions,
    /// Reused for every line.
    line: String,
}

impl StraceRenderer {
    pub fn new(opts: RenderOptions) -> Self {
        StraceRenderer { opts, line: String::with_capacity(256) }
    }

    /// Append the text for `item` (zero or more whole lines) to `out`.
    pub fn render(&mut self, item: &Paired, out: &mut Vec<u8>) {
        self.line.clear();
        match item {
            Paired::Syscall(call) => self.syscall(call),
            Paired::Other(Event::Exit { wait_status, .. }) => exit_line(&mut self.line, *wait_status),
            // Fork, exec, signal and lost records print nothing (yet).
            Paired::Other(_) => return,
        }
        self.line.push('\n');
        out.extend_from_slice(self.line.as_bytes());
    }

    fn syscall(&mut self, call: &Syscall) {
        let info = syscall::info(call.nr);
        let line = &mut self.line;
        let opts = decode::Options {
            strlen: self.opts.strlen,
            verbose: self.opts.verbose,
            xlat: self.opts.xlat,
            fds: None,
        };
        decode::call(line, info, call, &opts);
        // strace prints ") ", pads to the column, then "= ".
        let width = line.len();
        if width + 1 < RESULT_COLUMN {
            line.extend(std::iter::repeat_n(' ', RESULT_COLUMN - 1 - width));
        }
        line.push_str(" = ");
        decode::ret(line, info, call, &opts);
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
