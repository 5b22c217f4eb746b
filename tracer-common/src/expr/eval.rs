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
    if len > STRING_LEN {
        return truth::UNKNOWN;
    }
    let subject = Subject::of(s);
    if subject.overlong {
        return truth::UNKNOWN;
    }
    match cmp {
        cmp::EQ => truth::of(bytes_equal(&subject, constant, len)),
        cmp::NE => truth::of(!bytes_equal(&subject, constant, len)),
        cmp::GLOB => truth::of(glob(&subject, constant, len)),
        _ => truth::UNKNOWN,
    }
}

/// 1 when `x` is 0, else 0, without a branch (the verifier then follows one path, not two per
/// byte compared).
#[inline(always)]
const fn is_zero(x: u64) -> u64 {
    (x.wrapping_sub(1) & !x) >> 63
}

/// A string fact as the comparisons read it: [`SUBJECT_LEN`] bytes, zero past its end (its first
/// NUL, or the slice's end), and its length.
struct Subject {
    bytes: [u8; SUBJECT_LEN],
    len: u64,
    /// Longer than [`SUBJECT_LEN`]: the kernel form does not compare it (UNKNOWN).
    overlong: bool,
}

impl Subject {
    #[inline(always)]
    fn of(s: &[u8]) -> Subject {
        let mut bytes = [0u8; SUBJECT_LEN];
        let (mut len, mut live) = (0u64, 1u64);
        let mut i = 0;
        while i < SUBJECT_LEN {
            let c = u64::from(s.get(i).copied().unwrap_or(0));
            live &= 1 - is_zero(c);
            len += live;
            bytes[i] = (c & 0u64.wrapping_sub(live)) as u8;
            i += 1;
        }
        let overlong = s.len() > SUBJECT_LEN && len == SUBJECT_LEN as u64 && s[SUBJECT_LEN] != 0;
        Subject { bytes, len, overlong }
    }
}

/// The pattern byte `j` of a constant of `len` bytes (0 past its end).
#[inline(always)]
fn constant_byte(constant: &[u8; STRING_LEN], j: usize, len: usize) -> u64 {
    let inside = ((j as u64).wrapping_sub(len as u64) >> 63) & 1;
    u64::from(constant[j]) & 0u64.wrapping_sub(inside)
}

/// `subject == constant[..len]`: every byte and the length, with no branch per byte.
#[inline(always)]
fn bytes_equal(subject: &Subject, constant: &[u8; STRING_LEN], len: usize) -> bool {
    let mut diff = subject.len ^ len as u64;
    let mut j = 0;
    while j < STRING_LEN {
        let a = subject.bytes.get(j).copied().map_or(0, u64::from);
        diff |= a ^ constant_byte(constant, j, len);
        j += 1;
    }
    diff == 0
}

/// Whether `subject` matches the pattern `pattern[..len]` (`*` any bytes, `?` one byte): a
/// bitmask NFA over the pattern's positions (bit j: the first j pattern bytes match what was
/// read). Every loop is bounded by a constant, nothing backtracks, and no step branches on the
/// bytes, so the verifier walks it once.
#[inline(always)]
fn glob(subject: &Subject, pattern: &[u8; STRING_LEN], len: usize) -> bool {
    // The pattern's stars and `?`s as masks of positions (positions past `len` hold 0).
    let (mut stars, mut anys) = (0u64, 0u64);
    let within = (1u64 << len) - 1;
    let mut j = 0;
    while j < STRING_LEN {
        let p = constant_byte(pattern, j, len);
        stars |= is_zero(p ^ u64::from(b'*')) << j;
        anys |= is_zero(p ^ u64::from(b'?')) << j;
        j += 1;
    }
    let mut state = star_closure(1, stars);
    let mut i = 0;
    while i < SUBJECT_LEN {
        let c = u64::from(subject.bytes[i]);
        // Positions whose pattern byte is `c` (a subject's own `*` is no star).
        let mut same = 0u64;
        let mut j = 0;
        while j < STRING_LEN {
            same |= is_zero(constant_byte(pattern, j, len) ^ c) << j;
            j += 1;
        }
        let step = ((state & (same | anys) & !stars & within) << 1) | (state & stars);
        // Only bytes of the subject move the state: `live` is all ones while i < its length.
        let live = 0u64.wrapping_sub(((i as u64).wrapping_sub(subject.len) >> 63) & 1);
        state = (star_closure(step, stars) & live) | (state & !live);
        i += 1;
    }
    state & (1 << len) != 0
}

/// Adds to `state` the positions reachable by letting stars match nothing: from a position on a
/// run of stars, every position to the run's end and the one after it. Adding the run to the
/// positions on it carries through the rest of the run (one addition, no loop).
#[inline(always)]
const fn star_closure(state: u64, stars: u64) -> u64 {
    let on_stars = state & stars;
    state | (on_stars.wrapping_add(stars) ^ stars)
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
