//! The kernel form of an expression ([`KernelExpr`], built with `tracer_common::expr`'s
//! [`Builder`]): each comparison the eBPF program can decide becomes its operations, every other
//! one an UNKNOWN atom, so that the kernel's verdict (Kleene logic: a call passes unless FALSE)
//! never drops a call userspace would show.
//!
//! Each comparison is exact for the calls in scope (those `-e trace=` selects): `name =~ "glob"`
//! becomes `NR == a || NR == b...` over the selected calls it matches, `arg.NAME` becomes
//! `ARGi CMP v` when every selected call has it at the same place, else `(NR == a && ARGi CMP v) ||
//! (NR == b && ARGj CMP v)`. A call outside the scope is not to be judged by the kernel form.

use tracer_common::expr::{cmp, field, Builder, KernelExpr, TooLarge, STRING_LEN};
use tracer_common::syscall::{self, Width};

use super::ast::{Atom, Cmp, Field, Node, Value};
use super::cgroup;
use super::eval::glob;
use super::fields;
use crate::sets::SyscallSet;

/// Calls a comparison may expand to (`name =~ "glob"`, `arg.NAME` at different places) before it
/// is left to userspace.
const MAX_ALTERNATIVES: usize = 6;

/// Where a comparison is decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// In the kernel, as operation `op` (its verdict at the exit comes with the call).
    Kernel(u8),
    /// In the kernel, as `ops` operations (and again in userspace, from the call's record).
    Expanded { ops: usize },
    /// In userspace only, for the reason given.
    Userspace(&'static str),
}

/// The kernel form, and where each comparison (in [`Node::atoms`] order) is decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Compiled {
    pub kernel: KernelExpr,
    pub placements: Vec<Placement>,
}

/// How the kernel form lets through the calls the backend sees but `-e trace=` does not show
/// (the fd table's, pairing's execve): those only teach the state, and are not the
/// expression's to judge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guard {
    /// The backend sees only the calls in scope.
    Unneeded,
    /// `expr || NR == x || ...` over the calls outside scope, or `expr || !(NR == t || ...)`
    /// over those in it, whichever is shorter: `ops` operations.
    Added { ops: usize },
    /// Neither fits: the kernel form is not loaded (userspace decides every call).
    DoesNotFit,
}

/// The expression did not fit: the limit, and the comparison being compiled then (its index in
/// [`Node::atoms`] order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overflow {
    pub limit: TooLarge,
    pub atom: usize,
}

/// Compile `node` for the calls in `scope`; the comparisons decided by one kernel operation learn
/// its index (their `kernel_op`).
pub fn compile(node: &mut Node, scope: &SyscallSet) -> Result<Compiled, Overflow> {
    compile_seeing(node, scope, None).map(|(compiled, _)| compiled)
}

/// [`compile`], for a backend that also sees the calls in `seen` (a superset of `scope`): those
/// outside scope pass the kernel form whatever the expression says ([`Guard`]).
pub fn compile_seeing(
    node: &mut Node,
    scope: &SyscallSet,
    seen: Option<&SyscallSet>,
) -> Result<(Compiled, Guard), Overflow> {
    let calls: Vec<u64> = (0..=syscall::MAX_NR as u64).filter(|&nr| scope.contains(nr)).collect();
    let mut compiler = Compiler { builder: Builder::new(), calls, placements: Vec::new() };
    compiler.node(node)?;
    let guard = match seen {
        Some(seen) => compiler.guard(seen),
        None => Guard::Unneeded,
    };
    let placements = compiler.placements;
    for (atom, placement) in node.atoms_mut().into_iter().zip(&placements) {
        atom.kernel_op = match placement {
            Placement::Kernel(op) => Some(*op),
            _ => None,
        };
    }
    Ok((Compiled { kernel: compiler.builder.finish(), placements }, guard))
}

struct Compiler {
    builder: Builder,
    /// The calls in scope, by number.
    calls: Vec<u64>,
    placements: Vec<Placement>,
}

impl Compiler {
    fn node(&mut self, node: &Node) -> Result<(), Overflow> {
        let overflow = |limit, atom| Overflow { limit, atom };
        let at = self.placements.len();
        match node {
            Node::And(a, b) | Node::Or(a, b) => {
                self.node(a)?;
                self.node(b)?;
                let at = self.placements.len().saturating_sub(1);
                match node {
                    Node::And(..) => self.builder.and(),
                    _ => self.builder.or(),
                }
                .map_err(|limit| overflow(limit, at))
            }
            Node::Not(a) => {
                self.node(a)?;
                let at = self.placements.len().saturating_sub(1);
                self.builder.not().map_err(|limit| overflow(limit, at))
            }
            Node::Atom(atom) => {
                let placement = self.atom(atom).map_err(|limit| overflow(limit, at))?;
                self.placements.push(placement);
                Ok(())
            }
        }
    }

    /// One comparison: its operations, or an UNKNOWN atom when the kernel cannot decide it (or
    /// its expansion does not fit).
    fn atom(&mut self, atom: &Atom) -> Result<Placement, TooLarge> {
        let saved = self.builder.clone();
        match self.kernel_ops(atom) {
            Ok(placement @ (Placement::Kernel(_) | Placement::Expanded { .. })) => Ok(placement),
            Ok(Placement::Userspace(why)) => {
                self.builder = saved;
                self.builder.unknown()?;
                Ok(Placement::Userspace(why))
            }
            Err(limit) => {
                // What does not fit (a string, an expansion) is left to userspace, if one more
                // operation still does.
                self.builder = saved;
                self.builder.unknown().map_err(|_| limit)?;
                Ok(Placement::Userspace(match limit.what {
                    "string constants" => "the kernel form's string constants are all taken",
                    "string length" => "its string is longer than the kernel's constants",
                    _ => "its expansion does not fit in the kernel form",
                }))
            }
        }
    }

    fn kernel_ops(&mut self, atom: &Atom) -> Result<Placement, TooLarge> {
        let op = kernel_cmp(atom.cmp);
        let b = &mut self.builder;
        let single = |index: usize| Placement::Kernel(index as u8);
        let number = match (&atom.field, &atom.value) {
            (Field::Nr, Value::Number(v)) => Some((field::NR, *v)),
            (Field::Ret, Value::Number(v)) => Some((field::RET, *v)),
            (Field::Errno, Value::Number(v)) => Some((field::ERRNO, *v)),
            (Field::Duration, Value::Number(v)) => Some((field::DURATION, *v)),
            (Field::Pid, Value::Number(v)) => Some((field::PID, *v)),
            (Field::Tid, Value::Number(v)) => Some((field::TID, *v)),
            (Field::Ppid, Value::Number(v)) => Some((field::PPID, *v)),
            (Field::Uid, Value::Number(v)) => Some((field::UID, *v)),
            (Field::Gid, Value::Number(v)) => Some((field::GID, *v)),
            (Field::Cgroup, Value::Number(v)) => Some((field::CGROUP, *v)),
            (Field::Arg(i), Value::Number(v)) if register_safe(Width::S32, *v) => Some((field::ARG0 + i, *v)),
            _ => None,
        };
        if let Some((id, value)) = number {
            return b.number(id, op, value).map(single);
        }
        match (&atom.field, &atom.value) {
            (Field::Comm | Field::ParentComm, Value::Str(s)) => {
                if s.len() > STRING_LEN {
                    return Ok(Placement::Userspace("its string is longer than the kernel's constants"));
                }
                let id = if atom.field == Field::Comm { field::COMM } else { field::PARENT_COMM };
                b.string(id, op, s).map(single)
            }
            (Field::Cgroup, Value::Str(_)) if atom.cmp == Cmp::Glob => {
                Ok(Placement::Userspace("the kernel knows the cgroup's id, not its path"))
            }
            (Field::Cgroup, Value::Str(path)) => match cgroup::id(path) {
                Some(id) => b.number(field::CGROUP, op, id).map(single),
                None => Ok(Placement::Userspace("the cgroup is gone")),
            },
            (Field::Name, Value::Str(name)) => self.name(atom.cmp, name),
            (Field::ArgNamed(name), Value::Number(value)) => self.argument(name, op, *value),
            (Field::Arg(_), Value::Number(_)) => Ok(Placement::Userspace(
                "the kernel reads the whole register, which may differ above the argument's type",
            )),
            (Field::ArgNamed(_), Value::Str(_)) => {
                Ok(Placement::Userspace("the kernel does not compare captured strings"))
            }
            (Field::Path, _) => Ok(Placement::Userspace("the kernel does not compare captured paths")),
            (Field::FdPath, _) => Ok(Placement::Userspace("only the fd table in userspace knows it")),
            (Field::Port, _) => Ok(Placement::Userspace("the kernel does not read socket addresses")),
            _ => Ok(Placement::Userspace("the kernel has no such comparison")),
        }
    }

    /// `name == "x"` is `NR == x`; `name =~ "glob"` the calls in scope it matches, ORed.
    fn name(&mut self, how: Cmp, name: &[u8]) -> Result<Placement, TooLarge> {
        let named = |nr: u64| syscall::info(nr).map(|info| info.name.as_bytes());
        if how != Cmp::Glob {
            let text = String::from_utf8_lossy(name);
            let Some(info) = syscall::by_name(&text) else {
                return Ok(Placement::Userspace("no such system call"));
            };
            let index = self.builder.number(field::NR, kernel_cmp(how), u64::from(info.nr))?;
            return Ok(Placement::Kernel(index as u8));
        }
        let matching: Vec<u64> =
            self.calls.iter().copied().filter(|&nr| named(nr).is_some_and(|n| glob(n, name))).collect();
        if matching.is_empty() || matching.len() > MAX_ALTERNATIVES {
            return Ok(Placement::Userspace("it matches none or too many of the traced calls"));
        }
        let before = self.builder.len();
        self.any_of(&matching)?;
        Ok(placed(before, self.builder.len()))
    }

    /// `arg.NAME CMP value`: the argument's place in each call in scope that has one.
    fn argument(&mut self, name: &str, op: u8, value: u64) -> Result<Placement, TooLarge> {
        // (index, width) → the calls with the argument there.
        let mut places: Vec<((usize, Width), Vec<u64>)> = Vec::new();
        for &nr in &self.calls {
            if let Some((index, arg)) = fields::argument(nr, name) {
                match places.iter_mut().find(|(place, _)| *place == (index, arg.width)) {
                    Some((_, calls)) => calls.push(nr),
                    None => places.push(((index, arg.width), vec![nr])),
                }
            }
        }
        let having: usize = places.iter().map(|(_, calls)| calls.len()).sum();
        if !places.iter().all(|((_, width), _)| register_safe(*width, width.of(value))) {
            return Ok(Placement::Userspace(
                "the kernel reads the whole register, which may differ above the argument's type",
            ));
        }
        if let [((index, width), _)] = places.as_slice() {
            if having == self.calls.len() {
                // Every call in scope has it, at one place: one comparison.
                let index = self.builder.number(field::ARG0 + *index as u8, op, width.of(value))?;
                return Ok(Placement::Kernel(index as u8));
            }
        }
        if having == 0 || having > MAX_ALTERNATIVES {
            return Ok(Placement::Userspace("its place differs across too many of the traced calls"));
        }
        let before = self.builder.len();
        for (i, ((index, width), calls)) in places.iter().enumerate() {
            self.any_of(calls)?;
            self.builder.number(field::ARG0 + *index as u8, op, width.of(value))?;
            self.builder.and()?;
            if i > 0 {
                self.builder.or()?;
            }
        }
        Ok(placed(before, self.builder.len()))
    }

    /// Let through the calls in `seen` that are outside scope ([`Guard`]).
    fn guard(&mut self, seen: &SyscallSet) -> Guard {
        let all = 0..=syscall::MAX_NR as u64;
        let outside: Vec<u64> = all.filter(|&nr| seen.contains(nr) && !self.calls.contains(&nr)).collect();
        if outside.is_empty() {
            return Guard::Unneeded;
        }
        let saved = self.builder.clone();
        let before = self.builder.len();
        let added = if outside.len() <= self.calls.len() {
            outside.iter().try_for_each(|&nr| {
                self.builder.number(field::NR, cmp::EQ, nr)?;
                self.builder.or()
            })
        } else {
            let calls = self.calls.clone();
            self.any_of(&calls).and_then(|()| self.builder.not()).and_then(|()| self.builder.or())
        };
        match added {
            Ok(()) => Guard::Added { ops: self.builder.len() - before },
            Err(_) => {
                self.builder = saved;
                Guard::DoesNotFit
            }
        }
    }

    /// `NR == a || NR == b ...`.
    fn any_of(&mut self, calls: &[u64]) -> Result<(), TooLarge> {
        for (i, &nr) in calls.iter().enumerate() {
            self.builder.number(field::NR, cmp::EQ, nr)?;
            if i > 0 {
                self.builder.or()?;
            }
        }
        Ok(())
    }
}

/// Whether comparing an argument of type `width` with `value` (cut to it) on the raw register,
/// as the kernel does, gives what comparing the argument does: a 32-bit argument's register is
/// sign- or zero-extended by whoever made the call, so the two agree for every comparison with a
/// constant below 2^31 (2^15 for a 16-bit one), and may not for a larger one (-1 as `unsigned int`
/// is 0xffffffff, its register maybe all ones).
fn register_safe(width: Width, value: u64) -> bool {
    match width {
        Width::Full => true,
        Width::S32 | Width::U32 => value < 1 << 31,
        Width::U16 => value < 1 << 15,
    }
}

/// The placement of a comparison that took the operations from `before` to `after`.
fn placed(before: usize, after: usize) -> Placement {
    match after - before {
        1 => Placement::Kernel(before as u8),
        ops => Placement::Expanded { ops },
    }
}

fn kernel_cmp(how: Cmp) -> u8 {
    match how {
        Cmp::Eq => cmp::EQ,
        Cmp::Ne => cmp::NE,
        Cmp::Lt => cmp::LT,
        Cmp::Le => cmp::LE,
        Cmp::Gt => cmp::GT,
        Cmp::Ge => cmp::GE,
        Cmp::Bit => cmp::BIT,
        Cmp::Glob => cmp::GLOB,
    }
}

#[cfg(test)]
#[path = "compile_tests.rs"]
mod tests;
