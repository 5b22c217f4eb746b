//! `--filter EXPR`: a C-like expression over a call and its task, decided for each call once it
//! ended. [`parser::parse`] reads the text into a [`Node`] of comparisons.

pub mod ast;
pub mod constants;
pub mod error;
pub mod fields;
mod lexer;
pub mod parser;

pub use self::ast::{Atom, Cmp, Field, Node, Value};
pub use self::error::{ExprError, Problem};
pub use self::parser::parse;
