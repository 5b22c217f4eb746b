//! `-c`, `-C`, `-w`, `-S`, `-U`, `--hist`, `--interval`: strace's per-syscall summary table, with
//! latency percentiles, from records (either backend) or from the eBPF program's kernel counters.
//!
//! CONTRACT (issue 6; being filled in): the names below are what the rest of tracer calls.

mod flags;

use std::io::{self, Write};
use std::time::Duration;

use tracer_common::summary::SyscallStats;

pub use flags::SummaryFlags;

use crate::pairing::Syscall;

/// Validated summary settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// `-c`: the summary only, no trace lines (`-C`: both).
    pub only: bool,
    /// `-w`: wall-clock latency.
    pub wall: bool,
    /// `--interval SECS`: also print a summary every SECS seconds.
    pub interval: Option<Duration>,
}

impl Options {
    /// `None` when no summary flag was given; `Err` is the one-line message for a bad value.
    pub fn from_flags(flags: &SummaryFlags) -> Result<Option<Options>, String> {
        if flags.any() {
            return Err("-c/-C are not built yet".to_string());
        }
        Ok(None)
    }
}

/// The counters of one run.
#[derive(Debug)]
pub struct Summary {
    opts: Options,
}

impl Summary {
    pub fn new(opts: Options) -> Self {
        Summary { opts }
    }

    /// Whether trace lines are printed too (`-C`).
    pub fn only(&self) -> bool {
        self.opts.only
    }

    /// Count one call (a whole one, or the resumed half of a split one).
    pub fn record(&mut self, _call: &Syscall) {}

    /// The eBPF program's counters, cumulative since the start, indexed by syscall number.
    pub fn kernel_snapshot(&mut self, _totals: &[SyscallStats]) {}

    /// Write the final table (and histograms).
    pub fn write_report(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}
