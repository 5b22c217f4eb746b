//! Output formats: strace's text lines ([`text`]), JSON lines ([`json`]), and the Perfetto timeline
//! either can also write ([`perfetto`]). They only print: the pipeline tells them what to show, and
//! the state learns around them.

pub mod color;
pub mod dump;
pub mod json;
pub mod perfetto;
pub mod stack;
pub mod text;
pub mod timestamps;

use std::io;

use tracer_common::event::{Event, Meta};
use tracer_common::personality::Personality;

use self::json::JsonOutput;
use self::text::TextOutput;
use crate::call::Syscall;
use crate::decode::FdNames;
use crate::state::Tasks;

/// Which part of a call an item shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// `name(args) = ret` (`= ?` when it never returned).
    Whole,
    /// `name(entry args <unfinished ...>`: another task's line comes before its exit.
    Entry,
    /// `<... name resumed>exit args) = ret`.
    Resumed,
    /// `name(entry args <detached ...>`: tracing ended while the call went on.
    Detached,
    /// `execve(entry args <pid changed to N ...>`: a non-leader thread's exec, whose line was
    /// still open, goes on as the leader N.
    PidChanged(u32),
}

/// strace's note of what `-e inject=` did to a call, after its return value: ` (INJECTED)`,
/// ` (INJECTED: args)`, ` (INJECTED: args, retval)`, ` (DELAYED)`.
#[inline]
pub fn tamper_note(tampered: u8, line: &mut String) {
    use tracer_common::record::tamper;
    match (tampered & tamper::INJECTED != 0, tampered & tamper::POKED != 0) {
        (true, true) => line.push_str(" (INJECTED: args, retval)"),
        (false, true) => line.push_str(" (INJECTED: args)"),
        (true, false) => line.push_str(" (INJECTED)"),
        (false, false) => {}
    }
    if tampered & tamper::DELAYED != 0 {
        line.push_str(" (DELAYED)");
    }
}

/// One output format. A call is printed in two steps, its arguments then the rest, because the
/// state learns what the call did in between (`close(3</x>) = 0`, `openat(...) = 3</x>`).
pub trait Output {
    /// The start of a call's line: its leader and its arguments, as `fds` name descriptors
    /// before the call.
    fn call_args(&mut self, call: &Syscall, part: Part, tasks: &Tasks, fds: Option<&dyn FdNames>);
    /// The rest of the line begun by [`Output::call_args`] (return value, times), with descriptors
    /// named as the call left them; what is finished is appended to `out`.
    fn call_ret(
        &mut self,
        call: &Syscall,
        part: Part,
        tasks: &Tasks,
        fds: Option<&dyn FdNames>,
        out: &mut Vec<u8>,
    );
    /// A process event the filter shows (exit, signal, stop, a thread's exec, a fork, lost
    /// records), if this format prints it.
    fn event(&mut self, event: &Event, tasks: &Tasks, fds: Option<&dyn FdNames>, out: &mut Vec<u8>);
    /// Task `meta.tid` now calls in another personality than its previous call's: strace's
    /// `[ Process PID=N runs in 32 bit mode. ]`.
    fn personality(&mut self, meta: Meta, personality: Personality, tasks: &Tasks, out: &mut Vec<u8>);
    /// A call whose entry record was lost ([`crate::call::Paired::EntryLost`]): strace's text has
    /// no line for it; `--json` an object marked `"lost":"entry"`.
    fn entry_lost(&mut self, call: &Syscall, tasks: &Tasks, out: &mut Vec<u8>);
    /// Close what the output writes besides its lines (`--perfetto`'s file).
    fn finish(&mut self) -> io::Result<()>;
}

/// The output formats, chosen at run time. An enum rather than a `Box<dyn Output>`, as ripgrep
/// does with its printers: every record's calls into its format are direct, and can be inlined.
pub enum Format {
    Text(TextOutput),
    Json(JsonOutput),
}

impl Output for Format {
    #[inline]
    fn call_args(&mut self, call: &Syscall, part: Part, tasks: &Tasks, fds: Option<&dyn FdNames>) {
        match self {
            Format::Text(text) => text.call_args(call, part, tasks, fds),
            Format::Json(json) => json.call_args(call, part, tasks, fds),
        }
    }

    #[inline]
    fn call_ret(
        &mut self,
        call: &Syscall,
        part: Part,
        tasks: &Tasks,
        fds: Option<&dyn FdNames>,
        out: &mut Vec<u8>,
    ) {
        match self {
            Format::Text(text) => text.call_ret(call, part, tasks, fds, out),
            Format::Json(json) => json.call_ret(call, part, tasks, fds, out),
        }
    }

    fn event(&mut self, event: &Event, tasks: &Tasks, fds: Option<&dyn FdNames>, out: &mut Vec<u8>) {
        match self {
            Format::Text(text) => text.event(event, tasks, fds, out),
            Format::Json(json) => json.event(event, tasks, fds, out),
        }
    }

    fn personality(&mut self, meta: Meta, personality: Personality, tasks: &Tasks, out: &mut Vec<u8>) {
        match self {
            Format::Text(text) => text.personality(meta, personality, tasks, out),
            Format::Json(json) => json.personality(meta, personality, tasks, out),
        }
    }

    fn entry_lost(&mut self, call: &Syscall, tasks: &Tasks, out: &mut Vec<u8>) {
        match self {
            Format::Text(text) => text.entry_lost(call, tasks, out),
            Format::Json(json) => json.entry_lost(call, tasks, out),
        }
    }

    fn finish(&mut self) -> io::Result<()> {
        match self {
            Format::Text(text) => text.finish(),
            Format::Json(json) => json.finish(),
        }
    }
}
