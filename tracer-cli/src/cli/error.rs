//! Command-line errors, in the two kinds strace prints: with its `Try -h` hint and without.

use crate::printers::timestamps::TimestampFlagError;
use crate::sets::SetError;
use crate::summary::SummaryFlagsError;

/// A usage error: printed as `tracer: {0}` plus strace's `Try 'tracer -h'` hint, exit status 1.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0}")]
pub struct UsageError(pub String);

/// A bad value strace reports without the hint (its `error_msg_and_die`): `invalid system call 'x'`.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0}")]
pub struct BadValue(pub String);

/// Either kind of command-line error.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CliError {
    #[error(transparent)]
    Usage(#[from] UsageError),
    #[error(transparent)]
    BadValue(#[from] BadValue),
}

impl CliError {
    pub(super) fn usage(text: impl Into<String>) -> Self {
        CliError::Usage(UsageError(text.into()))
    }

    pub(super) fn bad(text: impl Into<String>) -> Self {
        CliError::BadValue(BadValue(text.into()))
    }

    /// A value a set parser refused, in its own words.
    pub(super) fn bad_value(err: crate::sets::InvalidToken) -> Self {
        CliError::bad(err.to_string())
    }
}

/// A bad `-t`/`-r`/`-T` value: strace follows it with the hint (not the `-t` and
/// `--absolute-timestamps` conflict).
impl From<TimestampFlagError> for CliError {
    fn from(err: TimestampFlagError) -> Self {
        match err {
            TimestampFlagError::ShortAndLong => CliError::bad(err.to_string()),
            _ => CliError::usage(err.to_string()),
        }
    }
}

/// strace adds its hint to its own summary flags' errors (-S, -U, -c/-C, -w). A --hist set naming an
/// unknown call reads as -e trace='s, without it; --interval is tracer's, also without it.
impl From<SummaryFlagsError> for CliError {
    fn from(err: SummaryFlagsError) -> Self {
        match err {
            SummaryFlagsError::Interval(_) | SummaryFlagsError::Hist(SetError::InvalidSyscall { .. }) => {
                CliError::bad(err.to_string())
            }
            _ => CliError::usage(err.to_string()),
        }
    }
}

/// A syscall set that did not parse: with the hint only where strace gives it.
pub(super) fn set_error(err: SetError) -> CliError {
    if err.wants_hint() {
        CliError::usage(err.to_string())
    } else {
        CliError::bad(err.to_string())
    }
}
