//! `--filter EXPR` in its kernel form: a postfix program of at most [`MAX_OPS`] operations over
//! the facts the eBPF program knows about a call (its number, arguments, return value, duration)
//! and its task (ids, comm, parent, cgroup). Userspace compiles the expression with [`Builder`];
//! the eBPF program walks it with [`eval`] (a bounded loop, a fixed-size stack, no recursion).
//!
//! Truth is three-valued ([`truth`], Kleene logic): an atom only userspace can evaluate
//! ([`op::UNKNOWN`]), or a comparison on a fact not known yet ([`Fact::Unknown`], the return value
//! at syscall entry), is UNKNOWN. The kernel lets a call through unless the expression is FALSE,
//! so the kernel part is a sound pre-filter; userspace decides the rest. A comparison on a field
//! the call does not have ([`Fact::Absent`], `errno` of a call that succeeded) is FALSE.
//!
//! [`atoms`] says which comparisons were TRUE: the eBPF program sends it with every call's exit,
//! so that userspace need not re-read facts of a task that may be gone.

/// Operations an expression may hold: "expression too large for the kernel".
pub const MAX_OPS: usize = 32;
/// String constants an expression may hold.
pub const MAX_STRINGS: usize = 8;
/// Bytes per string constant (a glob pattern's `*` and `?` count). `comm` is at most 15.
pub const STRING_LEN: usize = 32;
/// The longest string fact [`eval`] compares, the kernel's comm buffer; a longer one compares
/// UNKNOWN. A string fact ends at its first NUL (a comm holds none).
pub const SUBJECT_LEN: usize = 16;

/// Ids of the facts the kernel can evaluate ([`Op::field`]).
pub mod field {
    /// The syscall number.
    pub const NR: u8 = 0;
    /// The return value, compared as `i64`; unknown at entry.
    pub const RET: u8 = 1;
    /// `-ret` when the call failed (ret in -4095..=-1); absent otherwise; unknown at entry.
    pub const ERRNO: u8 = 2;
    /// Entry to exit, ns; unknown at entry.
    pub const DURATION: u8 = 3;
    /// The thread group id (strace's pid).
    pub const PID: u8 = 4;
    /// The thread id.
    pub const TID: u8 = 5;
    /// The thread group id of the task's `real_parent`.
    pub const PPID: u8 = 6;
    /// The real uid.
    pub const UID: u8 = 7;
    /// The real gid.
    pub const GID: u8 = 8;
    /// The cgroup v2 id: the inode number of the cgroup's directory under `/sys/fs/cgroup`.
    pub const CGROUP: u8 = 9;
    /// Argument 0; argument `i` is `ARG0 + i` for `i` in `0..6`.
    pub const ARG0: u8 = 10;
    /// The last argument.
    pub const ARG5: u8 = ARG0 + 5;
    /// The task's comm (up to its NUL, at most 15 bytes).
    pub const COMM: u8 = 16;
    /// The comm of the task's `real_parent`.
    pub const PARENT_COMM: u8 = 17;
    /// Whether `field` is one of the string fields.
    pub const fn is_string(field: u8) -> bool {
        matches!(field, COMM | PARENT_COMM)
    }
}

/// Comparisons ([`Op::cmp`]).
pub mod cmp {
    pub const EQ: u8 = 0;
    pub const NE: u8 = 1;
    pub const LT: u8 = 2;
    pub const LE: u8 = 3;
    pub const GT: u8 = 4;
    pub const GE: u8 = 5;
    /// Numbers: `field & value != 0`.
    pub const BIT: u8 = 6;
    /// Strings: the constant is a pattern, `*` matches any bytes, `?` one byte.
    pub const GLOB: u8 = 7;
}

/// Operation codes ([`Op::code`]).
pub mod op {
    /// `field cmp value`.
    pub const NUMBER: u8 = 0;
    /// `field cmp strings[string]`; `value` is the constant's length.
    pub const STRING: u8 = 1;
    /// An atom only userspace can evaluate: UNKNOWN.
    pub const UNKNOWN: u8 = 2;
    /// Pops two truths, pushes their conjunction.
    pub const AND: u8 = 3;
    /// Pops two truths, pushes their disjunction.
    pub const OR: u8 = 4;
    /// Pops one truth, pushes its negation.
    pub const NOT: u8 = 5;
}

/// Kleene's three truth values.
pub mod truth {
    pub const FALSE: u8 = 0;
    pub const TRUE: u8 = 1;
    pub const UNKNOWN: u8 = 2;

    /// Conjunction: FALSE wins, then UNKNOWN.
    #[inline(always)]
    pub const fn and(a: u8, b: u8) -> u8 {
        if a == FALSE || b == FALSE {
            FALSE
        } else if a == TRUE && b == TRUE {
            TRUE
        } else {
            UNKNOWN
        }
    }

    /// Disjunction: TRUE wins, then UNKNOWN.
    #[inline(always)]
    pub const fn or(a: u8, b: u8) -> u8 {
        if a == TRUE || b == TRUE {
            TRUE
        } else if a == FALSE && b == FALSE {
            FALSE
        } else {
            UNKNOWN
        }
    }

    /// Negation: UNKNOWN stays UNKNOWN.
    #[inline(always)]
    pub const fn not(a: u8) -> u8 {
        match a {
            FALSE => TRUE,
            TRUE => FALSE,
            _ => UNKNOWN,
        }
    }

    /// The truth of a Rust bool.
    #[inline(always)]
    pub const fn of(b: bool) -> u8 {
        if b {
            TRUE
        } else {
            FALSE
        }
    }
}

/// One operation of the postfix program.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Op {
    /// [`op`].
    pub code: u8,
    /// [`field`] (comparisons only).
    pub field: u8,
    /// [`cmp`] (comparisons only).
    pub cmp: u8,
    /// Index in [`KernelExpr::strings`] ([`op::STRING`] only).
    pub string: u8,
    pub _pad: u32,
    /// The constant ([`op::NUMBER`]), or the string constant's length ([`op::STRING`]).
    pub value: u64,
}

/// A compiled expression, as the eBPF program's map holds it. `len == 0` is the empty expression,
/// TRUE.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KernelExpr {
    /// Operations in use, at most [`MAX_OPS`].
    pub len: u32,
    pub _pad: u32,
    pub ops: [Op; MAX_OPS],
    /// String constants, zero-padded; an op's `value` says how many bytes are its.
    pub strings: [[u8; STRING_LEN]; MAX_STRINGS],
}

impl KernelExpr {
    /// The empty expression (TRUE).
    pub const EMPTY: KernelExpr = KernelExpr {
        len: 0,
        _pad: 0,
        ops: [Op { code: 0, field: 0, cmp: 0, string: 0, _pad: 0, value: 0 }; MAX_OPS],
        strings: [[0; STRING_LEN]; MAX_STRINGS],
    };

    /// The operations in use.
    pub fn ops(&self) -> &[Op] {
        let len = (self.len as usize).min(MAX_OPS);
        &self.ops[..len]
    }

    /// The fields its comparisons read, one bit per [`field`] id (the eBPF program fetches only
    /// these).
    pub fn fields(&self) -> u32 {
        self.ops()
            .iter()
            .filter(|op| matches!(op.code, op::NUMBER | op::STRING))
            .fold(0, |bits, op| bits | 1u32.checked_shl(u32::from(op.field)).unwrap_or(0))
    }

    /// Whether it has an atom only userspace can evaluate.
    pub fn has_unknown(&self) -> bool {
        self.ops().iter().any(|op| op.code == op::UNKNOWN)
    }
}

/// The bit of the eBPF program's `EXPR_FIELDS` global, beside [`KernelExpr::fields`], that says
/// an expression is loaded (one of userspace atoms alone reads no field).
pub const LOADED: u32 = 1 << 31;

/// The fields known only at a call's exit, as a [`KernelExpr::fields`] mask.
pub const EXIT_FIELDS: u32 = 1 << field::RET | 1 << field::ERRNO | 1 << field::DURATION;
/// The argument fields, as a [`KernelExpr::fields`] mask.
pub const ARG_FIELDS: u32 = 0x3f << field::ARG0;

impl Default for KernelExpr {
    fn default() -> Self {
        KernelExpr::EMPTY
    }
}

const _: () = assert!(core::mem::size_of::<Op>() == 16);
const _: () = assert!(core::mem::size_of::<KernelExpr>() == 8 + 16 * MAX_OPS + STRING_LEN * MAX_STRINGS);
const _: () = assert!(MAX_OPS <= u32::BITS as usize, "atoms() has one bit per op");

#[cfg(feature = "user")]
// SAFETY: plain-old-data, `#[repr(C)]`, integers only, no padding (sizes checked above), every
// bit pattern valid.
unsafe impl aya::Pod for Op {}
#[cfg(feature = "user")]
// SAFETY: as Op: integers and arrays of integers, no padding (checked above).
unsafe impl aya::Pod for KernelExpr {}

/// What a backend knows of one field of one call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fact<T> {
    /// The value.
    Known(T),
    /// The call does not have this field (`errno` of a call that succeeded): comparisons are FALSE.
    Absent,
    /// Not known here or yet (`ret` at entry): comparisons are UNKNOWN.
    Unknown,
}

/// The facts of one call, by [`field`] id. A field id a backend does not know is `Unknown`.
pub trait Facts {
    fn number(&self, field: u8) -> Fact<u64>;
    fn string(&self, field: u8) -> Fact<&[u8]>;

    /// A string fact as the comparisons read it: its [`SUBJECT_LEN`] bytes up to its first NUL,
    /// zero-padded, as two little-endian words (`Unknown` when it is longer). The eBPF program
    /// hands its comm buffers over as they are; the default builds them from [`Facts::string`].
    #[inline(always)]
    fn string_words(&self, field: u8) -> Fact<[u64; 2]> {
        match self.string(field) {
            Fact::Known(s) => {
                let end = s.iter().position(|&b| b == 0).unwrap_or(s.len());
                if end > SUBJECT_LEN {
                    return Fact::Unknown;
                }
                let mut words = [0u64; 2];
                for (i, &b) in s[..end].iter().enumerate() {
                    words[i / 8] |= u64::from(b) << (8 * (i % 8));
                }
                Fact::Known(words)
            }
            Fact::Absent => Fact::Absent,
            Fact::Unknown => Fact::Unknown,
        }
    }
}

mod builder;
mod eval;

pub use builder::{Builder, TooLarge};
pub use eval::{atom, atoms, eval, run, Machine};

#[cfg(all(test, feature = "user"))]
mod tests;
