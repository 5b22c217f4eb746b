//! What a run gives the eBPF program of the filters beside `-e trace=`: `--filter`'s kernel form,
//! and whether `-c` counts in the kernel with it.

use tracer_common::expr::KernelExpr;

use super::{calls_to_see, keeps_fds};
use crate::backend;
use crate::backend::ebpf::SummaryMode;
use crate::cli::{BackendKind, Config};
use crate::filter;
use crate::sets::SyscallSet;

/// What the eBPF program is given of the filters beside `-e trace=`: `--filter`'s kernel form,
/// and whether `-c` counts in the kernel.
pub(super) struct KernelPart {
    pub(super) expr: Option<KernelExpr>,
    pub(super) summary: SummaryMode,
}

impl KernelPart {
    /// For a run with `config` (`keeps_fds`: the fd table is kept): the kernel form under eBPF,
    /// and whether `-c` still counts in the kernel with it.
    pub(super) fn for_run(config: &Config, keeps_fds: bool) -> KernelPart {
        let expr = match config.backend {
            BackendKind::Ebpf => kernel_expr(config, keeps_fds),
            BackendKind::Ptrace => None,
        };
        KernelPart { summary: kernel_summary(config, expr.as_ref()), expr }
    }
}

/// `-c` counted in the kernel (`-C` needs the records, and so do `-P`, which decides by
/// descriptors in userspace, a capture, and `--filter` unless its kernel form decides every call
/// alone: `backend::ebpf::counts_in_kernel`).
fn kernel_summary(config: &Config, kernel_expr: Option<&KernelExpr>) -> SummaryMode {
    let filter_in_kernel = match (&config.filter, kernel_expr) {
        (None, _) => true,
        (Some(_), Some(expr)) => backend::ebpf::counts_in_kernel(expr),
        (Some(_), None) => false,
    };
    match config.summary.as_ref() {
        Some(opts) if opts.only && config.paths.is_empty() && config.record.is_none() && filter_in_kernel => {
            SummaryMode { only: true, interval: opts.interval }
        }
        _ => SummaryMode::default(),
    }
}

/// `--filter-explain`: where each part of `--filter` runs, with the kernel form the eBPF backend
/// would load (its guard for the calls outside `-e trace=` included).
pub fn explain_filter(config: &Config) -> String {
    let Some(expr) = config.filter.as_ref() else { return String::new() };
    let ebpf = config.backend == BackendKind::Ebpf;
    let guard = expr
        .guarded(&config.trace, &kernel_expr_calls(config, keeps_fds(config)))
        .map_or(filter::expr::compile::Guard::Unneeded, |(_, guard)| guard);
    filter::expr::explain::explain(expr, ebpf, guard)
}

/// `--filter`'s kernel form for the eBPF backend, letting through every call the backend may see
/// outside `-e trace=` (those teach the state; userspace judges what it shows). `None` without
/// `--filter`, or when that does not fit (userspace then decides every call).
fn kernel_expr(config: &Config, keeps_fds: bool) -> Option<KernelExpr> {
    let expr = config.filter.as_ref()?;
    expr.kernel_form(&config.trace, &kernel_expr_calls(config, keeps_fds))
}

/// The calls the eBPF backend sees with `--filter`: [`calls_to_see`], and execve and execveat,
/// which the backend adds (pairing needs them around a multithreaded exec).
fn kernel_expr_calls(config: &Config, keeps_fds: bool) -> SyscallSet {
    let mut seen = calls_to_see(config, keeps_fds, false);
    for exec in tracer_common::personality::EXECS {
        seen.insert(exec);
    }
    seen
}
