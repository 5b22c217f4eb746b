//! `--filter EXPR`: a C-like expression over a call and its task, decided for each call once it
//! ended (so a call is held until its exit, as `-e status=` holds it).
//!
//! - `lexer`, [`parser`]: the text to a [`Node`] of resolved comparisons ([`ast`]), naming
//!   [`fields`] and [`constants`]; [`error`]: what is wrong and where;
//! - [`eval`]: the verdict in userspace, over the call, the fd table and the task ([`task`]).

pub mod ast;
pub mod cgroup;
pub mod compile;
pub mod constants;
pub mod error;
pub mod eval;
pub mod explain;
pub mod fields;
mod lexer;
pub mod parser;
pub mod task;

pub use self::ast::{Atom, Cmp, Field, Node, Value};
pub use self::error::{ExprError, Problem};
pub use self::parser::parse;

use self::compile::{compile, compile_seeing, Compiled, Guard};
use self::eval::Subject;
use self::task::TaskFacts;
use tracer_common::expr::{truth, KernelExpr};

use crate::call::Syscall;
use crate::sets::SyscallSet;
use crate::state::FdTable;

/// Every `--filter`, ANDed: the texts as given and the whole expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterExpr {
    /// Each `--filter`'s text.
    pub texts: Vec<String>,
    /// Their conjunction.
    pub node: Node,
    /// How many comparisons each text has.
    atoms_per_text: Vec<usize>,
    /// The kernel form (eBPF), once compiled.
    pub kernel: Option<Compiled>,
}

/// A `--filter` that did not parse: which one, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PieceError {
    pub text: String,
    pub error: ExprError,
}

impl FilterExpr {
    /// The `--filter` texts, parsed and ANDed (`None` without any).
    pub fn parse(texts: &[String]) -> Result<Option<FilterExpr>, PieceError> {
        let mut node: Option<Node> = None;
        let mut atoms_per_text = Vec::new();
        for text in texts {
            let piece = parse(text).map_err(|error| PieceError { text: text.clone(), error })?;
            atoms_per_text.push(piece.atoms().len());
            node = Some(match node {
                None => piece,
                Some(before) => Node::And(Box::new(before), Box::new(piece)),
            });
        }
        Ok(node.map(|node| FilterExpr { texts: texts.to_vec(), node, atoms_per_text, kernel: None }))
    }

    /// Compile the kernel form for the calls in `scope` (`-e trace=`). Too large: the error
    /// quotes the text whose comparison did not fit, the caret under it.
    pub fn compile(&mut self, scope: &SyscallSet) -> Result<(), PieceError> {
        match compile(&mut self.node, scope) {
            Ok(compiled) => {
                self.kernel = Some(compiled);
                Ok(())
            }
            Err(overflow) => {
                let atoms = self.node.atoms();
                let at = atoms.get(overflow.atom).map_or(0, |atom| atom.span.start);
                let (mut piece, mut seen) = (0, 0);
                while piece + 1 < self.texts.len() && seen + self.atoms_per_text[piece] <= overflow.atom {
                    seen += self.atoms_per_text[piece];
                    piece += 1;
                }
                let problem = Problem::TooLarge { what: overflow.limit.what, limit: overflow.limit.limit };
                Err(PieceError { text: self.texts[piece].clone(), error: ExprError::new(problem, at) })
            }
        }
    }

    /// The kernel form to load for a backend that sees the calls in `seen` (those outside
    /// `scope`, `-e trace=`, pass it: [`Guard`]); `None` when it was not compiled, or when that
    /// guard does not fit (userspace then decides every call).
    pub fn kernel_form(&self, scope: &SyscallSet, seen: &SyscallSet) -> Option<KernelExpr> {
        match self.guarded(scope, seen)? {
            (_, Guard::DoesNotFit) => None,
            (kernel, _) => Some(kernel),
        }
    }

    /// The kernel form with its [`Guard`] for the calls in `seen` outside `scope` (`None` when
    /// it was not compiled).
    pub fn guarded(&self, scope: &SyscallSet, seen: &SyscallSet) -> Option<(KernelExpr, Guard)> {
        self.kernel.as_ref()?;
        let mut node = self.node.clone();
        compile_seeing(&mut node, scope, Some(seen)).ok().map(|(compiled, guard)| (compiled.kernel, guard))
    }

    /// Whether a comparison asks the fd table (`fd.path`): it must be kept then.
    pub fn needs_fds(&self) -> bool {
        self.node.uses(|field| *field == Field::FdPath)
    }

    /// Whether `call` passes, with the fd table as it was before the call and the kernel's
    /// verdicts on its comparisons, if any: unless the expression is false (UNKNOWN only when a
    /// fact of a task gone decides it; the kernel, which saw the task, let the call through).
    pub fn matches(&self, call: &Syscall, fds: Option<&FdTable>, kernel_atoms: Option<u32>) -> bool {
        let task = TaskFacts::of(call.meta.tid);
        eval::eval(&self.node, &Subject { call, fds, task: &task, kernel_atoms }) != truth::FALSE
    }
}
