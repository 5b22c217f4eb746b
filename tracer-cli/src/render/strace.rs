//! strace's text format. (Placeholder: replaced by the decoder work.)

use std::io::Write as _;

use tracer_common::event::Event;

use crate::pairing::Paired;

/// Options that change how lines look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RenderOptions {
    /// strace's `-s`.
    pub strlen: u32,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions { strlen: 32 }
    }
}

pub struct StraceRenderer {
    #[allow(dead_code)]
    opts: RenderOptions,
}

impl StraceRenderer {
    pub fn new(opts: RenderOptions) -> Self {
        StraceRenderer { opts }
    }

    /// Append the text for `item` (zero or more whole lines) to `out`.
    pub fn render(&mut self, item: &Paired, out: &mut Vec<u8>) {
        match item {
            Paired::Syscall(call) => {
                let name = tracer_common::syscall::info(call.nr).map_or("?", |i| i.name);
                let _ = writeln!(out, "{name}({:#x}) = {:?}", call.args[0], call.ret);
            }
            Paired::Other(Event::Exit { wait_status, .. }) => {
                let _ = writeln!(out, "+++ exited with {} +++", wait_status >> 8);
            }
            Paired::Other(_) => {}
        }
    }
}
