//! The parsed form of a `--filter` expression: comparisons ([`Atom`]) joined by `&&`, `||` and
//! `!`, each comparison already resolved (its field known, its constant's value looked up, its
//! types checked).

use std::fmt;
use std::ops::Range;

/// A whole expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    Not(Box<Node>),
    Atom(Atom),
}

impl Node {
    /// Every comparison, left to right.
    pub fn atoms(&self) -> Vec<&Atom> {
        let mut out = Vec::new();
        self.visit(&mut |atom| out.push(atom));
        out
    }

    fn visit<'a>(&'a self, f: &mut impl FnMut(&'a Atom)) {
        match self {
            Node::And(a, b) | Node::Or(a, b) => {
                a.visit(f);
                b.visit(f);
            }
            Node::Not(a) => a.visit(f),
            Node::Atom(atom) => f(atom),
        }
    }

    /// Every comparison, left to right, to change.
    pub fn atoms_mut(&mut self) -> Vec<&mut Atom> {
        match self {
            Node::And(a, b) | Node::Or(a, b) => {
                let mut out = a.atoms_mut();
                out.extend(b.atoms_mut());
                out
            }
            Node::Not(a) => a.atoms_mut(),
            Node::Atom(atom) => vec![atom],
        }
    }

    /// Whether some comparison reads `field`.
    pub fn uses(&self, field: impl Fn(&Field) -> bool) -> bool {
        self.atoms().iter().any(|atom| field(&atom.field))
    }
}

/// One comparison: `FIELD CMP VALUE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Atom {
    pub field: Field,
    pub cmp: Cmp,
    pub value: Value,
    /// Where it stands in the expression's text (bytes), for `--filter-explain`.
    pub span: Range<usize>,
    /// The text it was written as.
    pub text: String,
    /// Its index in the kernel form, when it is one comparison there (its bit in a call's
    /// `kernel_atoms`).
    pub kernel_op: Option<u8>,
}

/// What a comparison reads of a call or of its task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Field {
    /// The syscall's name (a string).
    Name,
    /// The syscall's number.
    Nr,
    /// The return value (signed); absent when the call never returned.
    Ret,
    /// The error code when the call failed (`ret` in -4095..=-1); absent otherwise.
    Errno,
    /// Nanoseconds from entry to exit; absent when the call never returned.
    Duration,
    Pid,
    Tid,
    /// The real parent's process id.
    Ppid,
    /// The real user and group ids.
    Uid,
    Gid,
    /// The task's name (16 bytes at most).
    Comm,
    /// The real parent's name.
    ParentComm,
    /// The cgroup (v2): its path in the hierarchy against a string, its id (the inode of its
    /// directory) against a number.
    Cgroup,
    /// Argument register 0 to 5, as the kernel reads it.
    Arg(u8),
    /// The argument the syscall table names so (`arg.flags`): absent for a call without one.
    ArgNamed(String),
    /// Any path argument, as captured.
    Path,
    /// The path behind any descriptor argument, as `-y` knows it.
    FdPath,
    /// The port of a socket address argument (AF_INET, AF_INET6), as captured.
    Port,
}

impl Field {
    /// Whether the field is a string (compared with `==`, `!=`, `=~` to a quoted string).
    /// `cgroup` and `arg.NAME` are either.
    pub fn takes_string(&self) -> bool {
        matches!(
            self,
            Field::Name
                | Field::Comm
                | Field::ParentComm
                | Field::Cgroup
                | Field::ArgNamed(_)
                | Field::Path
                | Field::FdPath
        )
    }

    /// Whether the field is a number.
    pub fn takes_number(&self) -> bool {
        !matches!(self, Field::Name | Field::Comm | Field::ParentComm | Field::Path | Field::FdPath)
    }

    /// Whether the field is a fact of the task rather than of the call (read from /proc under
    /// ptrace, from the task in the kernel under eBPF).
    pub fn of_task(&self) -> bool {
        matches!(
            self,
            Field::Ppid | Field::Uid | Field::Gid | Field::Comm | Field::ParentComm | Field::Cgroup
        )
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Field::Name => "name",
            Field::Nr => "nr",
            Field::Ret => "ret",
            Field::Errno => "errno",
            Field::Duration => "duration",
            Field::Pid => "pid",
            Field::Tid => "tid",
            Field::Ppid => "ppid",
            Field::Uid => "uid",
            Field::Gid => "gid",
            Field::Comm => "comm",
            Field::ParentComm => "parent.comm",
            Field::Cgroup => "cgroup",
            Field::Arg(i) => return write!(f, "arg{i}"),
            Field::ArgNamed(name) => return write!(f, "arg.{name}"),
            Field::Path => "path",
            Field::FdPath => "fd.path",
            Field::Port => "port",
        };
        f.write_str(name)
    }
}

/// How a field is compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// `field & value`: some bit of `value` is set.
    Bit,
    /// `field =~ "glob"`: `*` any run of bytes, `?` any one byte.
    Glob,
}

impl Cmp {
    /// The same comparison with its operands swapped (`5 < x` is `x > 5`).
    pub fn mirrored(self) -> Cmp {
        match self {
            Cmp::Lt => Cmp::Gt,
            Cmp::Le => Cmp::Ge,
            Cmp::Gt => Cmp::Lt,
            Cmp::Ge => Cmp::Le,
            other => other,
        }
    }

    /// Whether it orders numbers (not for strings).
    pub fn orders(self) -> bool {
        matches!(self, Cmp::Lt | Cmp::Le | Cmp::Gt | Cmp::Ge)
    }

    /// As written.
    pub fn symbol(self) -> &'static str {
        match self {
            Cmp::Eq => "==",
            Cmp::Ne => "!=",
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Gt => ">",
            Cmp::Ge => ">=",
            Cmp::Bit => "&",
            Cmp::Glob => "=~",
        }
    }
}

/// What a field is compared with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A number (negative ones in two's complement; `ret` compares signed).
    Number(u64),
    /// A quoted string's bytes.
    Str(Vec<u8>),
}
