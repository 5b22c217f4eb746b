//! The summary flags as clap reads them (flattened into `RawArgs`).

use clap::{ArgAction, Args};

#[derive(Args, Clone, Debug, Default, PartialEq, Eq)]
pub struct SummaryFlags {
    /// Count time, calls, and errors for each syscall and report a summary (no trace).
    #[arg(short = 'c', long = "summary-only", action = ArgAction::Count, help_heading = "Statistics")]
    pub summary_only: u8,
    /// Like -c, but also print the trace.
    #[arg(short = 'C', long = "summary", action = ArgAction::Count, help_heading = "Statistics")]
    pub summary: u8,
}

impl SummaryFlags {
    pub fn any(&self) -> bool {
        self.summary_only > 0 || self.summary > 0
    }
}
