//! `--filter-explain`: which comparisons run where (in the kernel, in userspace) under the chosen
//! backend, one line each, and what the kernel form takes of its limits.

use std::fmt::Write as _;

use tracer_common::expr::{MAX_OPS, MAX_STRINGS};

use super::compile::{Guard, Placement};
use super::FilterExpr;

/// The explanation of `expr` under the eBPF backend (`ebpf`: its kernel form compiled, with the
/// `guard` that lets through the calls outside `-e trace=`) or ptrace.
pub fn explain(expr: &FilterExpr, ebpf: bool, guard: Guard) -> String {
    let mut out = String::new();
    let quoted: Vec<String> = expr.texts.iter().map(|t| format!("--filter '{t}'")).collect();
    let backend = if ebpf { "ebpf" } else { "ptrace" };
    let _ = writeln!(out, "{} with --backend {backend}:", quoted.join(" "));
    let atoms = expr.node.atoms();
    let width = atoms.iter().map(|a| a.text.chars().count()).max().unwrap_or(0);
    let kernel = expr.kernel.as_ref().filter(|_| ebpf);
    for (i, atom) in atoms.iter().enumerate() {
        let (place, note) = match kernel.map(|k| k.placements[i]) {
            Some(Placement::Kernel(op)) => ("kernel", format!("op {op}")),
            Some(Placement::Expanded { ops }) => ("kernel", format!("{ops} ops, over the traced calls")),
            Some(Placement::Userspace(why)) => ("userspace", why.to_string()),
            None if atom.field.of_task() => {
                ("userspace", "from /proc, the tracee stopped at the call's exit".into())
            }
            None => ("userspace", String::new()),
        };
        let line = format!("  {place:<10} {:<width$}  {note}", atom.text);
        let _ = writeln!(out, "{}", line.trim_end());
    }
    match (kernel, guard) {
        (Some(_), Guard::DoesNotFit) => {
            let _ = writeln!(
                out,
                "The kernel form is not loaded: letting through the calls the backend sees outside \
                 -e trace= (for the fd table, for pairing) does not fit in it; userspace decides every call."
            );
        }
        (Some(compiled), guard) => {
            let used_strings = compiled
                .kernel
                .ops()
                .iter()
                .filter(|op| op.code == tracer_common::expr::op::STRING)
                .map(|op| op.string)
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            let extra = match guard {
                Guard::Added { ops } => ops,
                _ => 0,
            };
            let _ = writeln!(
                out,
                "kernel form: {} of {MAX_OPS} operations, {used_strings} of {MAX_STRINGS} string constants",
                compiled.kernel.len as usize + extra
            );
            if extra > 0 {
                let _ = writeln!(
                    out,
                    "({extra} of them let through the calls the backend sees outside -e trace=, which only \
                     teach the fd table and pairing.)"
                );
            }
            if compiled.kernel.has_unknown() {
                let _ = writeln!(
                    out,
                    "The kernel drops a call when the expression is false whatever the userspace parts say \
                     (no ring space); userspace decides the rest once the call is decoded."
                );
            } else {
                let _ = writeln!(
                    out,
                    "The kernel decides every call: one it finds false reserves no ring space."
                );
            }
        }
        (None, _) => {
            let _ = writeln!(
                out,
                "Every comparison is decided in tracer, at the call's exit; the seccomp filter narrows by \
                 -e trace= only."
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sets::SyscallSet;

    fn explained(texts: &[&str], ebpf: bool) -> String {
        let texts: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
        let mut expr = FilterExpr::parse(&texts).expect("parses").expect("one");
        if ebpf {
            expr.compile(&SyscallSet::parse("openat").expect("set")).expect("fits");
        }
        explain(&expr, ebpf, Guard::Unneeded)
    }

    #[test]
    fn each_comparison_says_where_it_runs() {
        let seed = r#"errno == EACCES && parent.comm == "sshd""#;
        assert_eq!(
            explained(&[seed], true),
            "--filter 'errno == EACCES && parent.comm == \"sshd\"' with --backend ebpf:\n  \
             kernel     errno == EACCES        op 0\n  \
             kernel     parent.comm == \"sshd\"  op 1\n\
             kernel form: 3 of 32 operations, 1 of 8 string constants\n\
             The kernel decides every call: one it finds false reserves no ring space.\n"
        );
        let mixed = explained(&[seed, r#"fd.path =~ "/etc/*""#], true);
        assert!(mixed.contains("--filter '") && mixed.contains("' --filter 'fd.path"), "{mixed}");
        assert!(
            mixed.contains("  userspace  fd.path =~ \"/etc/*\"    only the fd table in userspace knows it\n"),
            "{mixed}"
        );
        assert!(mixed.contains("userspace decides the rest"), "{mixed}");
        let ptrace = explained(&[seed], false);
        assert!(ptrace.contains("  userspace  errno == EACCES\n"), "{ptrace}");
        assert!(ptrace.contains("decided in tracer"), "{ptrace}");
    }
}
