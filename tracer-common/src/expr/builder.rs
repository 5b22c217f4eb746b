//! Compiling to a [`KernelExpr`], op by op, within the kernel's limits.

use super::{op, KernelExpr, Op, MAX_OPS, MAX_STRINGS, STRING_LEN};

/// A kernel limit an expression exceeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLarge {
    /// "operations", "string constants" or "string length".
    pub what: &'static str,
    pub limit: usize,
}

impl core::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        if self.what == "string length" {
            write!(f, "a string constant is longer than the kernel's {} bytes", self.limit)
        } else {
            write!(f, "the kernel form holds at most {} {}", self.limit, self.what)
        }
    }
}

#[cfg(feature = "user")]
impl std::error::Error for TooLarge {}

/// Builds a [`KernelExpr`] in postfix order: each method appends one op.
#[derive(Clone, Debug, Default)]
pub struct Builder {
    expr: KernelExpr,
    strings: usize,
}

impl Builder {
    pub fn new() -> Self {
        Builder::default()
    }

    /// Appends `field cmp value`; returns the op's index (its bit in [`super::atoms`]).
    pub fn number(&mut self, field: u8, cmp: u8, value: u64) -> Result<usize, TooLarge> {
        self.push(Op { code: op::NUMBER, field, cmp, value, ..Op::default() })
    }

    /// Appends `field cmp "bytes"` (a string constant, shared with an equal one already added);
    /// returns the op's index.
    pub fn string(&mut self, field: u8, cmp: u8, bytes: &[u8]) -> Result<usize, TooLarge> {
        if bytes.len() > STRING_LEN {
            return Err(TooLarge { what: "string length", limit: STRING_LEN });
        }
        self.room()?;
        let same =
            |s: &[u8; STRING_LEN]| s[..bytes.len()] == *bytes && s[bytes.len()..].iter().all(|&b| b == 0);
        let index = match self.expr.strings[..self.strings].iter().position(same) {
            Some(index) => index,
            None => {
                let Some(slot) = self.expr.strings.get_mut(self.strings) else {
                    return Err(TooLarge { what: "string constants", limit: MAX_STRINGS });
                };
                slot[..bytes.len()].copy_from_slice(bytes);
                self.strings += 1;
                self.strings - 1
            }
        };
        let value = bytes.len() as u64;
        self.push(Op { code: op::STRING, field, cmp, string: index as u8, value, ..Op::default() })
    }

    /// Appends an atom only userspace can evaluate; returns its index.
    pub fn unknown(&mut self) -> Result<usize, TooLarge> {
        self.push(Op { code: op::UNKNOWN, ..Op::default() })
    }

    /// Appends AND (of the two truths before it).
    pub fn and(&mut self) -> Result<(), TooLarge> {
        self.push(Op { code: op::AND, ..Op::default() }).map(drop)
    }

    /// Appends OR.
    pub fn or(&mut self) -> Result<(), TooLarge> {
        self.push(Op { code: op::OR, ..Op::default() }).map(drop)
    }

    /// Appends NOT.
    pub fn not(&mut self) -> Result<(), TooLarge> {
        self.push(Op { code: op::NOT, ..Op::default() }).map(drop)
    }

    /// Ops appended so far.
    pub fn len(&self) -> usize {
        self.expr.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.expr.len == 0
    }

    pub fn finish(self) -> KernelExpr {
        self.expr
    }

    fn room(&self) -> Result<(), TooLarge> {
        if self.len() >= MAX_OPS {
            return Err(TooLarge { what: "operations", limit: MAX_OPS });
        }
        Ok(())
    }

    fn push(&mut self, op: Op) -> Result<usize, TooLarge> {
        self.room()?;
        let index = self.len();
        self.expr.ops[index] = op;
        self.expr.len += 1;
        Ok(index)
    }
}
