//! Command line: clap parses the raw flags ([`RawArgs`]), then [`Config::from_raw`] validates them
//! into the settings the rest of tracer uses. Usage errors are one line and exit 1, like strace.
//!
//! - `raw_args`: clap's definition of the flags ([`RawArgs`], [`BackendKind`]);
//! - `ordered`: the order-sensitive flags, put back in command-line order ([`Ordered`]);
//! - `qualifiers`: `-e QUALIFIER=VALUE` and its kin, applied in that order;
//! - `tracing`: which tasks are traced (`-f`, `-p`, `-q`, eBPF scopes: [`Tracing`]);
//! - `config`: [`Config`], validated from the raw flags;
//! - `error`: the two kinds of usage error strace prints ([`CliError`]).

mod config;
mod error;
mod ordered;
mod qualifiers;
mod raw_args;
mod tracing;

#[cfg(test)]
mod tests;

pub use self::config::Config;
pub use self::error::{BadValue, CliError, UsageError};
pub use self::ordered::{Ordered, Qualifier};
pub use self::raw_args::{BackendKind, RawArgs};
pub use self::tracing::Tracing;
