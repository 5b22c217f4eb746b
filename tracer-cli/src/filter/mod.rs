//! The one place that decides what is shown: `-e trace=`, `-e status=` (`-z`, `-Z`), `-e signal=`,
//! `-e quiet=` (`-q`), `-P`, `-e trace-fds=` and `--filter` ([`expr`]).
//!
//! Pairing asks the [`Selection`] (as its [`Judge`]) while it pairs, because whether an item prints
//! decides where another task's line is split. Every paired item then gets a [`Verdict`] from
//! [`Filter::judge`]. What a backend can leave out before it costs anything is said here too
//! ([`Selection::calls_to_see`]).

pub mod expr;
pub mod paths;

use rustc_hash::FxHashSet;
use tracer_common::event::Event;

use self::expr::FilterExpr;
use self::paths::PathFilter;
use crate::call::{siginfo_signo, Paired};
use crate::pairing::Judge;
use crate::sets::{Message, Quiet, SignalSet, Status, StatusSet, SyscallSet};
use crate::state::State;

/// What becomes of an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Printed (and counted by `-c`).
    Show,
    /// Traced but not printed: `-e status=` left it out, `-e signal=`/`-q` silence it. `-c` still
    /// counts such calls, as strace does.
    Hide,
    /// Not traced at all (`-e trace=`, `-P`): only the state learns from it.
    LearnOnly,
}

/// The settings of the filters pairing needs (no state of their own).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selection {
    /// `-e trace=`: the calls shown (`None`: all).
    pub trace: Option<SyscallSet>,
    /// `-e status=`, `-z`, `-Z`: the ends shown (`None`: all, nothing staged).
    pub status: Option<StatusSet>,
    /// `-e signal=`: `--- SIGX ---`, `--- stopped by SIGX ---` and `+++ killed by SIGX +++`.
    pub signals: SignalSet,
    /// `-qq`, `-e quiet=`: no `+++ exited with N +++`, no `+++ superseded by execve +++`.
    pub quiet: Quiet,
    /// `--filter`: every traced call is held until it ends (the verdict may depend on how it
    /// ended), as `-e status=` holds them; none is split into unfinished and resumed halves.
    pub expr: bool,
}

impl Default for Selection {
    fn default() -> Self {
        Selection { trace: None, status: None, signals: SignalSet::all(), quiet: Quiet::NONE, expr: false }
    }
}

impl Selection {
    /// From the sets as the command line gave them (`all` sets filter nothing).
    pub fn new(trace: SyscallSet, status: StatusSet, signals: SignalSet, quiet: Quiet) -> Self {
        Selection {
            trace: (trace != SyscallSet::all()).then_some(trace),
            status: (!status.is_all()).then_some(status),
            signals,
            quiet,
            expr: false,
        }
    }
}

impl Judge for Selection {
    fn traced(&self, nr: u64) -> bool {
        self.trace.is_none_or(|set| set.contains(nr))
    }

    fn staged(&self) -> bool {
        self.status.is_some() || self.expr
    }

    fn shows_end(&self, status: Status) -> bool {
        self.status.is_none_or(|set| set.contains(status))
    }

    fn shows_event(&self, event: &Event) -> bool {
        match event {
            Event::Signal { siginfo, .. } | Event::SignalQueued { siginfo, .. } => {
                self.signals.contains(siginfo_signo(siginfo))
            }
            Event::Stop { sig, .. } => self.signals.contains(*sig),
            Event::Exit { wait_status, .. } => match wait_status & 0x7f {
                0 => !self.quiet.suppresses(Message::Exit),
                sig => self.signals.contains(sig as u32),
            },
            Event::SysEnter { .. } | Event::SysExit { .. } => true,
            // A thread's exec supersedes the leader: `+++ superseded by execve in pid N +++`.
            Event::Exec { meta, old_tid } => {
                *old_tid != meta.tid && !self.quiet.suppresses(Message::ThreadExecve)
            }
            // Never interrupts a line: shown right after its task's own (the pipeline decides).
            Event::Fork { .. } | Event::Comm { .. } | Event::Lost { .. } | Event::Stack { .. } => false,
        }
    }
}

/// Every filter, and what `-P` remembers between a call's halves.
#[derive(Debug, Default)]
pub struct Filter {
    selection: Selection,
    /// `-P`, `-e trace-fds=`: the calls shown (resolved with the state's fd table).
    paths: Option<PathFilter>,
    /// `--filter`: the calls shown (judged once they ended).
    expr: Option<FilterExpr>,
    /// Tasks whose unfinished call `-P` left out at its entry: its resumed half is left out too.
    hidden_unfinished: FxHashSet<u32>,
}

impl Filter {
    pub fn new(selection: Selection, paths: PathFilter) -> Self {
        Filter {
            selection,
            paths: (!paths.is_empty()).then_some(paths),
            expr: None,
            hidden_unfinished: FxHashSet::default(),
        }
    }

    /// With `--filter`'s expression: only the calls it holds for show (and count), each held
    /// until it ends.
    pub fn with_expr(mut self, expr: Option<FilterExpr>) -> Self {
        self.selection.expr = expr.is_some();
        self.expr = expr;
        self
    }

    /// What pairing is to ask.
    pub fn selection(&self) -> Selection {
        self.selection
    }

    /// Whether `-P` or `-e trace-fds=` is set (it decides by descriptors: the state must keep an
    /// fd table, and learn from every call).
    pub fn by_paths(&self) -> bool {
        self.paths.is_some()
    }

    /// What becomes of `item`, judged with the state as it was before the item (the fd table has
    /// not learnt from it yet).
    #[inline]
    pub fn judge(&mut self, item: &Paired, state: &State) -> Verdict {
        let on_paths = |call| match (&self.paths, &state.fds) {
            (Some(filter), Some(fds)) => filter.matches(call, fds),
            _ => true,
        };
        let on_expr = |call: &crate::call::Syscall| match &self.expr {
            Some(expr) => expr.matches(call, state.fds.as_ref(), call.kernel_atoms),
            None => true,
        };
        match item {
            // Its arguments are unknown: -P cannot tell, so it shows (in --json only); an
            // expression cannot tell either, and shows only what it holds for.
            Paired::EntryLost(_) if self.expr.is_some() => Verdict::LearnOnly,
            Paired::EntryLost(_) => Verdict::Show,
            Paired::Syscall(call) | Paired::Detached(call) => {
                if on_paths(call) && on_expr(call) {
                    Verdict::Show
                } else {
                    Verdict::LearnOnly
                }
            }
            Paired::Unfinished(call) | Paired::PidChanged(call, _) => {
                if on_paths(call) {
                    Verdict::Show
                } else {
                    self.hidden_unfinished.insert(call.meta.tid);
                    Verdict::LearnOnly
                }
            }
            Paired::Resumed(call) => {
                if self.hidden_unfinished.remove(&call.meta.tid) {
                    Verdict::LearnOnly
                } else {
                    Verdict::Show
                }
            }
            // Left out by pairing: by `-e status=` (traced, counted, if `--filter` holds for it),
            // or by `-e trace=` (never traced).
            Paired::Hidden(call) => {
                if self.selection.traced(call.nr) && on_paths(call) && on_expr(call) {
                    Verdict::Hide
                } else {
                    Verdict::LearnOnly
                }
            }
            Paired::Other(event) => {
                if let Event::Exit { meta, .. } = event {
                    self.hidden_unfinished.remove(&meta.tid);
                }
                match event {
                    // No line of strace's, but an object of `--json`'s.
                    Event::Fork { .. } | Event::Lost { .. } | Event::Stack { .. } => Verdict::Show,
                    Event::Comm { .. } => Verdict::LearnOnly,
                    _ if self.selection.shows_event(event) => Verdict::Show,
                    _ => Verdict::Hide,
                }
            }
        }
    }
}

/// The calls a backend must see (the seccomp filter, the eBPF bitmap): those `-e trace=` shows,
/// those `-e inject=` tampers with, and, when the fd table is kept (`-y`, `-P`), every call of
/// %desc, %file, %network and %process, from which it learns what descriptors refer to (pairing
/// hides those outside `-e trace=`).
pub fn calls_to_see(trace: SyscallSet, injected: SyscallSet, keeps_fds: bool) -> SyscallSet {
    let mut set = trace;
    set.union_with(&injected);
    if keeps_fds {
        if let Ok(fd_changers) = SyscallSet::parse("%desc,%file,%network,%process") {
            set.union_with(&fd_changers);
        }
    }
    set
}

/// `-e status=` (`-z`, `-Z`) decided in the eBPF program, when nothing after the backend needs
/// every call: not the fd table (`-y`, `-P`), not a summary (`-C`), not a `detached` status (calls
/// still in flight at a detach).
pub fn kernel_status(status: StatusSet, keeps_fds: bool, summary: bool) -> Option<StatusSet> {
    let in_kernel = !status.is_all() && !status.contains(Status::Detached) && !keeps_fds && !summary;
    in_kernel.then_some(status)
}
