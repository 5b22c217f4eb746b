//! Walking a [`KernelExpr`]: comparisons, Kleene logic, a bounded glob, the truth stack.

use super::{cmp, field, op, truth, Fact, Facts, KernelExpr, Op, MAX_OPS, STRING_LEN, SUBJECT_LEN};

/// The truth of comparison `op` (a [`op::NUMBER`] or [`op::STRING`]); anything else, or a
/// malformed op (a comparison the field's kind has not), is UNKNOWN: the kernel lets it through.
#[inline(always)]
pub fn atom<F: Facts>(expr: &KernelExpr, op: &Op, facts: &F) -> u8 {
    match op.code {
        op::NUMBER => match facts.number(op.field) {
            Fact::Known(x) => compare_number(op.field, op.cmp, x, op.value),
            Fact::Absent => truth::FALSE,
            Fact::Unknown => truth::UNKNOWN,
        },
        op::STRING => {
            let Some(constant) = expr.strings.get(op.string as usize) else {
                return truth::UNKNOWN;
            };
            match facts.string(op.field) {
                Fact::Known(s) => compare_string(op.cmp, s, constant, op.value as usize),
                Fact::Absent => truth::FALSE,
                Fact::Unknown => truth::UNKNOWN,
            }
        }
        _ => truth::UNKNOWN,
    }
}

#[inline(always)]
fn compare_number(field: u8, cmp: u8, x: u64, value: u64) -> u8 {
    let (sx, sv) = (x as i64, value as i64);
    let signed = field == field::RET;
    let b = match cmp {
        cmp::EQ => x == value,
        cmp::NE => x != value,
        cmp::LT if signed => sx < sv,
        cmp::LE if signed => sx <= sv,
        cmp::GT if signed => sx > sv,
        cmp::GE if signed => sx >= sv,
        cmp::LT => x < value,
        cmp::LE => x <= value,
        cmp::GT => x > value,
        cmp::GE => x >= value,
        cmp::BIT => x & value != 0,
        _ => return truth::UNKNOWN,
    };
    truth::of(b)
}

#[inline(always)]
fn compare_string(cmp: u8, s: &[u8], constant: &[u8; STRING_LEN], len: usize) -> u8 {
    if len > STRING_LEN || s.len() > SUBJECT_LEN {
        return truth::UNKNOWN;
    }
    match cmp {
        cmp::EQ => truth::of(bytes_equal(s, constant, len)),
        cmp::NE => truth::of(!bytes_equal(s, constant, len)),
        cmp::GLOB => truth::of(glob(s, constant, len)),
        _ => truth::UNKNOWN,
    }
}

/// `s == constant[..len]`, with loops bounded by constants.
#[inline(always)]
fn bytes_equal(s: &[u8], constant: &[u8; STRING_LEN], len: usize) -> bool {
    if s.len() != len {
        return false;
    }
    let mut i = 0;
    while i < STRING_LEN {
        if i >= len {
            break;
        }
        match (s.get(i), constant.get(i)) {
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
        i += 1;
    }
    true
}

/// Whether `s` matches the pattern `pattern[..len]` (`*` any bytes, `?` one byte): a bitmask
/// NFA over the pattern's positions (bit j: the first j pattern bytes match what was read), so
/// each loop is bounded by a constant and nothing backtracks.
#[inline(always)]
fn glob(s: &[u8], pattern: &[u8; STRING_LEN], len: usize) -> bool {
    // The pattern's stars and `?`s as masks of positions.
    let (mut stars, mut anys) = (0u64, 0u64);
    let mut j = 0;
    while j < STRING_LEN {
        if j >= len {
            break;
        }
        match pattern.get(j) {
            Some(b'*') => stars |= 1 << j,
            Some(b'?') => anys |= 1 << j,
            _ => {}
        }
        j += 1;
    }
    let mut state = star_closure(1, stars);
    let mut i = 0;
    while i < SUBJECT_LEN {
        let Some(&c) = s.get(i) else { break };
        // Positions whose pattern byte is `c` (stars and `?`s are in their own masks).
        let mut same = 0u64;
        let mut j = 0;
        while j < STRING_LEN {
            if j >= len {
                break;
            }
            if pattern.get(j) == Some(&c) {
                same |= 1 << j;
            }
            j += 1;
        }
        let step = ((state & (same | anys) & !stars) << 1) | (state & stars);
        state = star_closure(step, stars);
        if state == 0 {
            return false;
        }
        i += 1;
    }
    state & (1 << len) != 0
}

/// Adds to `state` the positions reachable by letting stars match nothing.
#[inline(always)]
fn star_closure(mut state: u64, stars: u64) -> u64 {
    let mut k = 0;
    while k <= STRING_LEN {
        let next = state | ((state & stars) << 1);
        if next == state {
            break;
        }
        state = next;
        k += 1;
    }
    state
}

/// The evaluation stack: truth values, at most [`MAX_OPS`] deep. Public so that the eBPF program
/// can run the steps in its own loop (one [`Machine::step`] per op).
#[derive(Clone, Copy, Debug)]
pub struct Machine {
    stack: [u8; MAX_OPS],
    depth: usize,
    /// A malformed program (stack underflow or overflow): the result is UNKNOWN.
    broken: bool,
}

impl Machine {
    pub const fn new() -> Self {
        Machine { stack: [0; MAX_OPS], depth: 0, broken: false }
    }

    /// Runs op `i` of `expr`; returns the op's truth when it is a comparison (else UNKNOWN).
    #[inline(always)]
    pub fn step<F: Facts>(&mut self, expr: &KernelExpr, i: usize, facts: &F) -> u8 {
        let Some(op) = expr.ops.get(i) else {
            self.broken = true;
            return truth::UNKNOWN;
        };
        match op.code {
            op::AND | op::OR => {
                let (Some(b), Some(a)) = (self.pop(), self.pop()) else {
                    self.broken = true;
                    return truth::UNKNOWN;
                };
                self.push(if op.code == op::AND { truth::and(a, b) } else { truth::or(a, b) });
                truth::UNKNOWN
            }
            op::NOT => {
                let Some(a) = self.pop() else {
                    self.broken = true;
                    return truth::UNKNOWN;
                };
                self.push(truth::not(a));
                truth::UNKNOWN
            }
            _ => {
                let t = atom(expr, op, facts);
                self.push(t);
                t
            }
        }
    }

    /// The program's truth once every op ran.
    pub fn result(&self) -> u8 {
        if self.broken || self.depth > 1 {
            truth::UNKNOWN
        } else if self.depth == 0 {
            truth::TRUE
        } else {
            self.stack[0]
        }
    }

    #[inline(always)]
    fn push(&mut self, t: u8) {
        match self.stack.get_mut(self.depth) {
            Some(slot) => {
                *slot = t;
                self.depth += 1;
            }
            None => self.broken = true,
        }
    }

    #[inline(always)]
    fn pop(&mut self) -> Option<u8> {
        let top = self.depth.checked_sub(1)?;
        let t = *self.stack.get(top)?;
        self.depth = top;
        Some(t)
    }
}

impl Default for Machine {
    fn default() -> Self {
        Machine::new()
    }
}

/// The truth of `expr` over `facts`: FALSE, TRUE or UNKNOWN. The empty expression is TRUE; a
/// malformed one UNKNOWN.
#[inline(always)]
pub fn eval<F: Facts>(expr: &KernelExpr, facts: &F) -> u8 {
    run(expr, facts).0
}

/// Bit `i` is set when op `i` is a comparison ([`op::NUMBER`] or [`op::STRING`]) that is TRUE.
#[inline(always)]
pub fn atoms<F: Facts>(expr: &KernelExpr, facts: &F) -> u32 {
    run(expr, facts).1
}

/// [`eval`] and [`atoms`] in one walk.
#[inline(always)]
pub fn run<F: Facts>(expr: &KernelExpr, facts: &F) -> (u8, u32) {
    let mut machine = Machine::new();
    let mut atoms = 0u32;
    let mut i = 0;
    while i < MAX_OPS {
        if i >= expr.len as usize {
            break;
        }
        if machine.step(expr, i, facts) == truth::TRUE {
            atoms |= 1 << i;
        }
        i += 1;
    }
    if expr.len as usize > MAX_OPS {
        return (truth::UNKNOWN, atoms);
    }
    (machine.result(), atoms)
}
