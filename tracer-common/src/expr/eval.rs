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
            match facts.string_words(op.field) {
                Fact::Known(words) => compare_string(op.cmp, words, constant, op.value as usize),
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
fn compare_string(cmp: u8, subject: [u64; 2], constant: &[u8; STRING_LEN], len: usize) -> u8 {
    if len > STRING_LEN {
        return truth::UNKNOWN;
    }
    match cmp {
        cmp::EQ => truth::of(bytes_equal(subject, constant, len)),
        cmp::NE => truth::of(!bytes_equal(subject, constant, len)),
        cmp::GLOB => truth::of(glob(subject, constant, len)),
        _ => truth::UNKNOWN,
    }
}

/// Eight bytes of `bytes` from `at`, little-endian.
#[inline(always)]
fn word(bytes: &[u8; STRING_LEN], at: usize) -> u64 {
    let mut w = 0;
    let mut k = 0;
    while k < 8 {
        w |= u64::from(bytes[at + k]) << (8 * k);
        k += 1;
    }
    w
}

/// The positions of the zero bytes of `x`, one bit each (bit k: byte k), without a branch.
#[inline(always)]
const fn zero_bytes(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    // 0x80 in each byte that is zero, exactly (no borrow between bytes).
    let high = !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7);
    // Gather the eight high bits into the low byte.
    ((high >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// The positions (bits 0..32) where `pattern` holds byte `c`: four words compared at once.
#[inline(always)]
fn positions_of(pattern: &[u64; STRING_LEN / 8], c: u64) -> u64 {
    let spread = c.wrapping_mul(0x0101_0101_0101_0101);
    let mut bits = 0;
    let mut k = 0;
    while k < STRING_LEN / 8 {
        bits |= zero_bytes(pattern[k] ^ spread) << (8 * k);
        k += 1;
    }
    bits
}

/// The subject's live positions: bit i set while byte i is before its end (its first NUL).
#[inline(always)]
const fn live_positions(subject: [u64; 2]) -> u64 {
    let zeros = zero_bytes(subject[0]) | zero_bytes(subject[1]) << 8;
    // Below the lowest zero byte (all 16 when there is none).
    (zeros & zeros.wrapping_neg()).wrapping_sub(1) & 0xffff
}

/// `subject == constant[..len]`: two words and the length compared, no loop.
#[inline(always)]
fn bytes_equal(subject: [u64; 2], constant: &[u8; STRING_LEN], len: usize) -> bool {
    if len > SUBJECT_LEN {
        return false;
    }
    let same_words = (subject[0] ^ word(constant, 0)) | (subject[1] ^ word(constant, 8));
    // Bytes past `len` are zero in a built constant; a NUL inside it makes the lengths differ.
    same_words == 0 && live_positions(subject) == (1 << len) - 1
}

/// Whether `subject` matches the pattern `pattern[..len]` (`*` any bytes, `?` one byte): a
/// bitmask NFA over the pattern's positions (bit j: the first j pattern bytes match what was
/// read). One step per subject byte, each a few word operations without a branch, so the verifier
/// walks it once.
#[inline(always)]
fn glob(subject: [u64; 2], pattern: &[u8; STRING_LEN], len: usize) -> bool {
    let words = [word(pattern, 0), word(pattern, 8), word(pattern, 16), word(pattern, 24)];
    let within = (1u64 << len) - 1;
    let stars = positions_of(&words, u64::from(b'*')) & within;
    let anys = positions_of(&words, u64::from(b'?')) & within;
    let live = live_positions(subject);
    let mut state = star_closure(1, stars);
    let mut i = 0;
    while i < SUBJECT_LEN {
        let c = (subject[i / 8] >> (8 * (i % 8))) & 0xff;
        let same = positions_of(&words, c);
        let step = ((state & (same | anys) & !stars & within) << 1) | (state & stars);
        // Only the subject's bytes move the state: all ones while i is before its end.
        let moves = 0u64.wrapping_sub((live >> i) & 1);
        state = (star_closure(step, stars) & moves) | (state & !moves);
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

    /// Empty again, for another run (the stack's old values are never read).
    #[inline(always)]
    pub fn reset(&mut self) {
        self.depth = 0;
        self.broken = false;
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
