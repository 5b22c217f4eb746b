//! `-e QUALIFIER=VALUE` and the flags that stand for one (`-v`, `-z`, `-Z`, `--trace=`, ...), with
//! `-a` and `-X`: applied in command-line order, the last occurrence winning.

use super::error::{set_error, CliError};
use super::ordered::{Ordered, Qualifier};
use crate::decode::XlatStyle;
use crate::inject::{InjectError, Injections};
use crate::printers::dump::Dumps;
use crate::sets::{DecodeFds, DecodePids, FdSet, Quiet, SignalSet, StatusSet, SyscallSet};

/// The settings the order-sensitive flags build up, last occurrence winning.
pub(super) struct OrderedSettings {
    pub(super) columns: u32,
    pub(super) trace: SyscallSet,
    pub(super) xlat: XlatStyle,
    pub(super) abbrev: SyscallSet,
    pub(super) verbose: SyscallSet,
    pub(super) raw: SyscallSet,
    pub(super) decode_fds: Option<DecodeFds>,
    pub(super) signals: SignalSet,
    pub(super) status: StatusSet,
    pub(super) inject: Injections,
    /// `-e quiet=` (None: not given).
    pub(super) quiet: Option<Quiet>,
    /// `-e trace-fds=` (None: not given).
    pub(super) trace_fds: Option<FdSet>,
    /// `-e decode-pids=`, `-Y`, `--pidns-translation`.
    pub(super) decode_pids: DecodePids,
    /// `-e read=`, `-e write=`.
    pub(super) dumps: Dumps,
}

impl OrderedSettings {
    pub(super) fn new() -> Self {
        OrderedSettings {
            columns: 40,
            trace: SyscallSet::all(),
            xlat: XlatStyle::Abbrev,
            abbrev: SyscallSet::all(),
            verbose: SyscallSet::all(),
            raw: SyscallSet::none(),
            decode_fds: None,
            signals: SignalSet::all(),
            status: StatusSet::all(),
            inject: Injections::default(),
            quiet: None,
            trace_fds: None,
            decode_pids: DecodePids::default(),
            dumps: Dumps::NONE,
        }
    }

    pub(super) fn apply(&mut self, flag: &Ordered) -> Result<(), CliError> {
        match flag {
            Ordered::NoAbbrev => self.abbrev = SyscallSet::none(),
            Ordered::Expr(text) => self.expr(text)?,
            Ordered::Qualifier(qualifier, value) => self.qualify(*qualifier, value)?,
            Ordered::Columns { short, value } => {
                self.columns =
                    value.parse::<u32>().ok().filter(|&n| i32::try_from(n).is_ok()).ok_or_else(|| {
                        let flag = if *short { "-a" } else { "--columns" };
                        CliError::usage(format!("invalid {flag} argument: '{value}'"))
                    })?;
            }
            Ordered::ConstStyle { short, value } => {
                self.xlat = match value.as_str() {
                    "raw" => XlatStyle::Raw,
                    "abbrev" => XlatStyle::Abbrev,
                    "verbose" => XlatStyle::Verbose,
                    _ => {
                        let flag = if *short { "-X" } else { "--const-print-style" };
                        return Err(CliError::usage(format!("invalid {flag} argument: '{value}'")));
                    }
                };
            }
        }
        Ok(())
    }

    /// `-e QUALIFIER=VALUE`; without `=` strace reads `trace=VALUE`.
    fn expr(&mut self, text: &str) -> Result<(), CliError> {
        let (name, value) = text.split_once('=').unwrap_or(("trace", text));
        let qualifier = match name {
            "abbrev" | "a" => Qualifier::Abbrev,
            "verbose" | "v" => Qualifier::Verbose,
            "raw" | "x" => Qualifier::Raw,
            "decode-fds" | "decode-fd" => Qualifier::DecodeFds,
            "signal" | "signals" | "s" => Qualifier::Signal,
            "trace" | "t" => Qualifier::Trace,
            "status" => Qualifier::Status,
            "inject" => Qualifier::Inject,
            "fault" => Qualifier::Fault,
            "quiet" | "silent" | "silence" | "q" => Qualifier::Quiet,
            "trace-fds" | "trace-fd" | "fd" | "fds" => Qualifier::TraceFds,
            "read" | "reads" | "r" => Qualifier::Read,
            "write" | "writes" | "w" => Qualifier::Write,
            "kvm" => Qualifier::Kvm,
            "decode-pids" | "decode-pid" => Qualifier::DecodePids,
            // strace reads an unknown qualifier as part of a `trace=` set (which then fails).
            _ => return self.qualify(Qualifier::Trace, text),
        };
        self.qualify(qualifier, value)
    }

    /// `-e inject=` (`fault == false`) or `-e fault=`: rules accumulate, the last one per call wins.
    fn inject(&mut self, value: &str, fault: bool) -> Result<(), CliError> {
        match self.inject.add(value, fault) {
            Ok(warning) => {
                if let Some(warning) = warning {
                    crate::diag!("{warning}");
                }
                Ok(())
            }
            Err(InjectError::Argument(text)) => Err(CliError::bad(text)),
            Err(InjectError::Set(err)) => Err(set_error(err)),
        }
    }

    fn qualify(&mut self, qualifier: Qualifier, value: &str) -> Result<(), CliError> {
        match qualifier {
            Qualifier::Trace => self.trace = SyscallSet::parse(value).map_err(set_error)?,
            Qualifier::Abbrev => self.abbrev = SyscallSet::parse(value).map_err(set_error)?,
            Qualifier::Verbose => self.verbose = SyscallSet::parse(value).map_err(set_error)?,
            Qualifier::Raw => self.raw = SyscallSet::parse(value).map_err(set_error)?,
            Qualifier::DecodeFds => {
                self.decode_fds = Some(DecodeFds::parse(value).map_err(CliError::bad_value)?);
            }
            Qualifier::Signal => self.signals = SignalSet::parse(value).map_err(CliError::bad_value)?,
            Qualifier::Status => self.status = StatusSet::parse(value).map_err(CliError::bad_value)?,
            Qualifier::Quiet => self.quiet = Some(Quiet::parse(value).map_err(CliError::bad_value)?),
            Qualifier::TraceFds => self.trace_fds = Some(FdSet::parse(value).map_err(CliError::bad_value)?),
            Qualifier::Inject => self.inject(value, false)?,
            Qualifier::Fault => self.inject(value, true)?,
            Qualifier::Read => self.dumps.read = FdSet::parse(value).map_err(CliError::bad_value)?,
            Qualifier::Write => self.dumps.write = FdSet::parse(value).map_err(CliError::bad_value)?,
            // strace decodes KVM_RUN's exit reason with `vcpu`; tracer accepts it and prints the
            // call as without it.
            Qualifier::DecodePids => {
                self.decode_pids = DecodePids::parse(value).map_err(CliError::bad_value)?;
            }
            Qualifier::Kvm if value == "vcpu" => {}
            Qualifier::Kvm => return Err(CliError::bad(format!("invalid -e kvm= argument: '{value}'"))),
        }
        Ok(())
    }
}
