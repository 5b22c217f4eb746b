//! `tracer bench`: slowdown ratios of each backend, strace and peers, side by side.
//!
//! CONTRACT (issue 7; being filled in): `main` gets the arguments after `bench`.

use std::ffi::OsString;
use std::process::ExitCode;

pub fn main(_args: Vec<OsString>) -> anyhow::Result<ExitCode> {
    anyhow::bail!("tracer bench is not built yet")
}
