//! Deciding an expression for one call in userspace: every field read from the call, the fd
//! table, or the task ([`TaskFacts`]); a comparison on a field the call does not have is false.
//! A comparison the kernel evaluated at the call's exit is taken from the call's `kernel_atoms`.
//!
//! Truth is the kernel form's three-valued one ([`truth`]): a task fact /proc no longer has (the
//! task is gone: a call that never returned, read late under eBPF) makes its comparison UNKNOWN,
//! and a call whose expression is UNKNOWN is shown, as the kernel let it through.

use tracer_common::expr::truth::{self, FALSE, TRUE, UNKNOWN};
use tracer_common::syscall::{self, Width};

use super::ast::{Atom, Cmp, Field, Node, Value};
use super::fields;
use super::task::TaskFacts;
use crate::call::{until_nul, Syscall};
use crate::state::FdTable;

/// One call and what is known around it.
pub struct Subject<'a> {
    pub call: &'a Syscall,
    /// The fd table (`fd.path`), as it was before the call.
    pub fds: Option<&'a FdTable>,
    pub task: &'a TaskFacts,
    /// Which of the kernel form's comparisons were true at the call's exit (eBPF).
    pub kernel_atoms: Option<u32>,
}

/// The truth of `node` for the call: FALSE, TRUE, or UNKNOWN (a fact of a task gone).
pub fn eval(node: &Node, subject: &Subject) -> u8 {
    match node {
        Node::And(a, b) => match eval(a, subject) {
            FALSE => FALSE,
            a => truth::and(a, eval(b, subject)),
        },
        Node::Or(a, b) => match eval(a, subject) {
            TRUE => TRUE,
            a => truth::or(a, eval(b, subject)),
        },
        Node::Not(a) => truth::not(eval(a, subject)),
        Node::Atom(atom) => {
            if let (Some(op), Some(bits)) = (atom.kernel_op, subject.kernel_atoms) {
                return truth::of(bits >> op & 1 != 0);
            }
            match holds(atom, subject) {
                Some(holds) => truth::of(holds),
                None => UNKNOWN,
            }
        }
    }
}

/// Whether one comparison holds (false when the call has no such field); `None` when it reads a
/// fact of the task that /proc no longer has.
pub fn holds(atom: &Atom, s: &Subject) -> Option<bool> {
    let gone = if atom.field.of_task() { None } else { Some(false) };
    let call = s.call;
    match (&atom.field, &atom.value) {
        (field, Value::Number(value)) => match number(field, *value, s) {
            Some((x, value)) => Some(compare_number(matches!(field, Field::Ret), atom.cmp, x, value)),
            None => gone,
        },
        (Field::Path, Value::Str(value)) => {
            let paths = path_args(call);
            Some(any(atom.cmp, paths.iter().map(|p| until_nul(p)), value))
        }
        (Field::FdPath, Value::Str(value)) => {
            let Some(fds) = s.fds else { return Some(false) };
            let paths = fd_args(call).filter_map(|fd| fds.link_text(call.meta.pid, fd)).collect::<Vec<_>>();
            Some(any(atom.cmp, paths.iter().map(Vec::as_slice), value))
        }
        (field, Value::Str(value)) => match string(field, s) {
            Some(x) => Some(compare_string(atom.cmp, &x, value)),
            None => gone,
        },
    }
}

/// A numeric field's value and the constant to compare it with (cut to the argument's width for
/// `arg.NAME`, so that `arg.fd == -1` means the int -1).
fn number(field: &Field, value: u64, s: &Subject) -> Option<(u64, u64)> {
    let call = s.call;
    let x = match field {
        Field::Nr => call.nr,
        Field::Ret => call.ret? as u64,
        Field::Errno => u64::from(tracer_common::errno::of(call.ret?)?),
        Field::Duration => call.exit_ts_ns?.saturating_sub(call.meta.ts_ns),
        Field::Pid => u64::from(call.meta.pid),
        Field::Tid => u64::from(call.meta.tid),
        Field::Ppid => s.task.ppid()?,
        Field::Uid => s.task.uid()?,
        Field::Gid => s.task.gid()?,
        Field::Cgroup => s.task.cgroup_id()?,
        Field::Port => port(call)?,
        Field::Arg(i) => *call.args.get(usize::from(*i))?,
        Field::ArgNamed(name) => {
            let (index, arg) = fields::argument(call.nr, name)?;
            return Some((*call.args.get(index)?, arg.width.of(value)));
        }
        Field::Name | Field::Comm | Field::ParentComm | Field::Path | Field::FdPath => return None,
    };
    Some((x, value))
}

/// A string field's value.
fn string(field: &Field, s: &Subject) -> Option<Vec<u8>> {
    let call = s.call;
    match field {
        Field::Name => syscall::info(call.nr).map(|info| info.name.as_bytes().to_vec()),
        Field::Comm => s.task.comm().map(<[u8]>::to_vec),
        Field::ParentComm => s.task.parent_comm().map(<[u8]>::to_vec),
        Field::Cgroup => s.task.cgroup().map(<[u8]>::to_vec),
        Field::ArgNamed(name) => {
            let (index, arg) = fields::argument(call.nr, name)?;
            if !fields::is_string(arg.kind) || call.args[index] == 0 {
                return None;
            }
            let capture = call.capture(index).filter(|c| !c.read_fault())?;
            Some(until_nul(&capture.bytes).to_vec())
        }
        _ => None,
    }
}

/// The captured path arguments of `call`.
fn path_args(call: &Syscall) -> Vec<&[u8]> {
    let Some(info) = syscall::info(call.nr) else { return Vec::new() };
    info.args
        .iter()
        .enumerate()
        .filter(|(i, arg)| matches!(arg.kind, syscall::ArgKind::Path) && call.args[*i] != 0)
        .filter_map(|(i, _)| call.capture(i).filter(|c| !c.read_fault()))
        .map(|c| c.bytes.as_slice())
        .collect()
}

/// The port of `call`'s first socket address argument of family AF_INET or AF_INET6.
fn port(call: &Syscall) -> Option<u64> {
    use syscall::ArgKind::{SockaddrIn, SockaddrOut};
    let info = syscall::info(call.nr)?;
    let sockaddrs = info
        .args
        .iter()
        .enumerate()
        .filter(|(_, arg)| matches!(arg.kind, SockaddrIn { .. } | SockaddrOut { .. }));
    sockaddrs.filter_map(|(i, _)| call.capture(i).filter(|c| !c.read_fault())).find_map(|c| {
        let family = u16::from_ne_bytes(c.bytes.get(..2)?.try_into().ok()?);
        let port = u16::from_be_bytes(c.bytes.get(2..4)?.try_into().ok()?);
        matches!(i32::from(family), libc::AF_INET | libc::AF_INET6).then_some(u64::from(port))
    })
}

/// The descriptor arguments of `call` (`AT_FDCWD` and other negative values left out).
fn fd_args(call: &Syscall) -> impl Iterator<Item = i32> + '_ {
    let args = syscall::info(call.nr).map_or(&[][..], |info| info.args);
    args.iter()
        .zip(call.args)
        .filter(|(arg, _)| fields::is_fd(arg.kind))
        .map(|(_, value)| Width::S32.of(value) as i32)
        .filter(|&fd| fd >= 0)
}

/// A comparison over several values (`path`, `fd.path`): `!=` holds when there is one and none
/// is equal, the others when one holds.
fn any<'a>(cmp: Cmp, mut values: impl Iterator<Item = &'a [u8]>, constant: &[u8]) -> bool {
    match cmp {
        Cmp::Ne => {
            let mut seen = false;
            values.all(|v| {
                seen = true;
                v != constant
            }) && seen
        }
        _ => values.any(|v| compare_string(cmp, v, constant)),
    }
}

/// `x CMP value`: signed for `ret`, unsigned for the others (as the kernel form compares).
pub fn compare_number(signed: bool, cmp: Cmp, x: u64, value: u64) -> bool {
    let (sx, sv) = (x as i64, value as i64);
    match cmp {
        Cmp::Eq => x == value,
        Cmp::Ne => x != value,
        Cmp::Lt if signed => sx < sv,
        Cmp::Le if signed => sx <= sv,
        Cmp::Gt if signed => sx > sv,
        Cmp::Ge if signed => sx >= sv,
        Cmp::Lt => x < value,
        Cmp::Le => x <= value,
        Cmp::Gt => x > value,
        Cmp::Ge => x >= value,
        Cmp::Bit => x & value != 0,
        Cmp::Glob => false,
    }
}

/// `x CMP constant` for strings: equality, or a glob.
pub fn compare_string(cmp: Cmp, x: &[u8], constant: &[u8]) -> bool {
    match cmp {
        Cmp::Eq => x == constant,
        Cmp::Ne => x != constant,
        Cmp::Glob => glob(x, constant),
        _ => false,
    }
}

/// Whether `text` matches `pattern`: `*` any run of bytes (none too), `?` any one byte, every
/// other byte itself.
pub fn glob(text: &[u8], pattern: &[u8]) -> bool {
    // The classic two-pointer walk: on a mismatch, let the last star take one more byte.
    let (mut t, mut p) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(&c) if c == b'?' || c == text[t] => {
                t += 1;
                p += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p.min(pattern.len())..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
#[path = "eval_tests.rs"]
mod tests;
