//! The order-sensitive flags (`-v`, `-e`, `-a`, `-X`, `-z`, `-Z` and the long forms of `-e`'s
//! qualifiers): clap keeps each flag's values apart, so their occurrences are collected here and
//! sorted back into command-line order, where a later one overrides an earlier one.

use std::ffi::OsString;

use clap::{ArgMatches, CommandFactory as _, FromArgMatches as _};

use super::raw_args::RawArgs;

/// One order-sensitive flag occurrence: its spelling and value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ordered {
    /// `-v`: `abbrev=none`.
    NoAbbrev,
    /// `-e EXPR`.
    Expr(String),
    /// `--trace=`, `--abbrev=`, `--verbose=`, `--raw=`, `--decode-fds=`, `--signal=`.
    Qualifier(Qualifier, String),
    /// `-a N` (`short`) or `--columns=N`.
    Columns { short: bool, value: String },
    /// `-X F` (`short`) or `--const-print-style=F`.
    ConstStyle { short: bool, value: String },
}

/// The `-e` qualifiers tracer implements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Qualifier {
    Trace,
    Abbrev,
    Verbose,
    Raw,
    DecodeFds,
    Signal,
    Status,
    Quiet,
    TraceFds,
    Inject,
    Fault,
    Read,
    Write,
    Kvm,
    DecodePids,
}

impl RawArgs {
    /// clap's parse, plus the order of the flags whose later occurrences override earlier ones.
    pub fn try_parse_ordered<I, T>(args: I) -> Result<RawArgs, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        let matches = RawArgs::command().try_get_matches_from(args)?;
        let mut raw = RawArgs::from_arg_matches(&matches)?;
        raw.ordered = ordered_flags(&matches);
        raw.absolute_ordered = in_order(
            &matches,
            &[("absolute_timestamps", "absolute-timestamps"), ("timestamps", "timestamps")],
        );
        Ok(raw)
    }
}

/// The values of the flags `ids` (clap id, long name) in command-line order, each with its name.
fn in_order(matches: &ArgMatches, ids: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut found: Vec<(usize, (String, String))> = Vec::new();
    for &(id, name) in ids {
        let indices = matches.indices_of(id).into_iter().flatten();
        let texts = matches.get_many::<String>(id).into_iter().flatten();
        found.extend(indices.zip(texts).map(|(at, text)| (at, (name.to_string(), text.clone()))));
    }
    found.sort_by_key(|&(at, _)| at);
    found.into_iter().map(|(_, pair)| pair).collect()
}

/// The order-sensitive occurrences, sorted by their position on the command line.
fn ordered_flags(matches: &ArgMatches) -> Vec<Ordered> {
    let mut found: Vec<(usize, Ordered)> = Vec::new();
    let mut values = |id: &str, make: &dyn Fn(String) -> Ordered| {
        let indices = matches.indices_of(id).into_iter().flatten();
        let texts = matches.get_many::<String>(id).into_iter().flatten();
        found.extend(indices.zip(texts).map(|(at, text)| (at, make(text.clone()))));
    };
    values("expr", &Ordered::Expr);
    values("trace", &|v| Ordered::Qualifier(Qualifier::Trace, v));
    values("abbrev", &|v| Ordered::Qualifier(Qualifier::Abbrev, v));
    values("verbose", &|v| Ordered::Qualifier(Qualifier::Verbose, v));
    values("raw", &|v| Ordered::Qualifier(Qualifier::Raw, v));
    values("decode_fds", &|v| Ordered::Qualifier(Qualifier::DecodeFds, v));
    values("signal", &|v| Ordered::Qualifier(Qualifier::Signal, v));
    values("status", &|v| Ordered::Qualifier(Qualifier::Status, v));
    values("quiet_set", &|v| Ordered::Qualifier(Qualifier::Quiet, v));
    values("trace_fds", &|v| Ordered::Qualifier(Qualifier::TraceFds, v));
    values("inject", &|v| Ordered::Qualifier(Qualifier::Inject, v));
    values("fault", &|v| Ordered::Qualifier(Qualifier::Fault, v));
    values("read", &|v| Ordered::Qualifier(Qualifier::Read, v));
    values("write", &|v| Ordered::Qualifier(Qualifier::Write, v));
    values("kvm", &|v| Ordered::Qualifier(Qualifier::Kvm, v));
    values("decode_pids", &|v| Ordered::Qualifier(Qualifier::DecodePids, v));
    values("columns_short", &|value| Ordered::Columns { short: true, value });
    values("columns", &|value| Ordered::Columns { short: false, value });
    values("const_style_short", &|value| Ordered::ConstStyle { short: true, value });
    values("const_print_style", &|value| Ordered::ConstStyle { short: false, value });
    if matches.get_count("no_abbrev") > 0 {
        found.extend(matches.indices_of("no_abbrev").into_iter().flatten().map(|at| (at, Ordered::NoAbbrev)));
    }
    for (id, set) in [("successful_only", "successful"), ("failed_only", "failed")] {
        if matches.get_count(id) == 0 {
            continue;
        }
        let status = || Ordered::Qualifier(Qualifier::Status, set.to_string());
        found.extend(matches.indices_of(id).into_iter().flatten().map(|at| (at, status())));
    }
    // `-Y` and `--pidns-translation` each replace the decode-pids set, as strace's.
    for (id, set) in [("decode_pids_y", "comm"), ("pidns_translation", "pidns")] {
        if matches.get_count(id) == 0 {
            continue;
        }
        let pids = || Ordered::Qualifier(Qualifier::DecodePids, set.to_string());
        found.extend(matches.indices_of(id).into_iter().flatten().map(|at| (at, pids())));
    }
    found.sort_by_key(|&(at, _)| at);
    found.into_iter().map(|(_, o)| o).collect()
}
