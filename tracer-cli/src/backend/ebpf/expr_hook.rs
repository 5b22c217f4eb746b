//! Test hook (hidden, for `tests/tests/ebpf_filter_expr.rs` and `tracer bench`; not for users):
//! `TRACER_KERNEL_EXPR` holds a kernel expression in postfix, built with
//! [`tracer_common::expr::Builder`] and loaded as `--filter`'s kernel form would be, so that the
//! kernel half can be tested on its own. Tokens, separated by spaces:
//!
//! - `FIELD OP VALUE` without spaces: `nr==257`, `errno==13`, `ret<0`, `arg2&0x40`,
//!   `comm==sshd`, `parent.comm=~ss*`; fields as `--filter` names them (`arg0`..`arg5`),
//!   operators `== != < <= > >= & =~`, numbers decimal or `0x` hex, possibly negative;
//! - `?`: an atom only userspace can evaluate (UNKNOWN);
//! - `&&`, `||`, `!`: the operators, on the truths before them.

use tracer_common::expr::{cmp, field, Builder, KernelExpr, TooLarge};

/// The hook's variable.
pub const VAR: &str = "TRACER_KERNEL_EXPR";

/// Why the hook's expression was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum HookError {
    #[error("{VAR}: cannot read token '{0}' (FIELD OP VALUE, ?, &&, || or !)")]
    Token(String),
    #[error("{VAR}: {0}")]
    TooLarge(TooLarge),
}

/// The hook's expression, if the variable is set.
pub fn from_env() -> Result<Option<KernelExpr>, HookError> {
    match std::env::var(VAR) {
        Ok(text) if !text.trim().is_empty() => parse(&text).map(Some),
        _ => Ok(None),
    }
}

/// Build the expression `text` spells.
pub fn parse(text: &str) -> Result<KernelExpr, HookError> {
    let mut b = Builder::new();
    for token in text.split_whitespace() {
        let built = match token {
            "?" => b.unknown().map(drop),
            "&&" => b.and(),
            "||" => b.or(),
            "!" => b.not(),
            _ => atom(&mut b, token).ok_or_else(|| HookError::Token(token.to_owned()))?,
        };
        built.map_err(HookError::TooLarge)?;
    }
    Ok(b.finish())
}

/// One comparison; `None` when it does not read.
fn atom(b: &mut Builder, token: &str) -> Option<Result<(), TooLarge>> {
    const OPS: [(&str, u8); 8] = [
        ("==", cmp::EQ),
        ("!=", cmp::NE),
        ("<=", cmp::LE),
        (">=", cmp::GE),
        ("=~", cmp::GLOB),
        ("<", cmp::LT),
        (">", cmp::GT),
        ("&", cmp::BIT),
    ];
    // The first operator in the token, the longest where two start there (`<=` over `<`).
    let (at, op, how) = OPS
        .iter()
        .filter_map(|&(op, how)| Some((token.find(op)?, op, how)))
        .min_by_key(|&(at, op, _)| (at, std::cmp::Reverse(op.len())))?;
    let (name, value) = (&token[..at], &token[at + op.len()..]);
    let id = field_id(name)?;
    if field::is_string(id) {
        return Some(b.string(id, how, value.as_bytes()).map(drop));
    }
    Some(b.number(id, how, number(value)?).map(drop))
}

fn field_id(name: &str) -> Option<u8> {
    Some(match name {
        "nr" => field::NR,
        "ret" => field::RET,
        "errno" => field::ERRNO,
        "duration" => field::DURATION,
        "pid" => field::PID,
        "tid" => field::TID,
        "ppid" => field::PPID,
        "uid" => field::UID,
        "gid" => field::GID,
        "cgroup" => field::CGROUP,
        "comm" => field::COMM,
        "parent.comm" => field::PARENT_COMM,
        _ => {
            let i: u8 = name.strip_prefix("arg")?.parse().ok().filter(|&i| i < 6)?;
            field::ARG0 + i
        }
    })
}

fn number(text: &str) -> Option<u64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let magnitude = match digits.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok()?,
        None => digits.parse().ok()?,
    };
    Some(if negative { magnitude.wrapping_neg() } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracer_common::expr::op;

    #[test]
    fn postfix_tokens_build_the_expression() {
        let e = parse("errno==13 parent.comm==sshd && ? || !").expect("reads");
        let codes: Vec<u8> = e.ops().iter().map(|op| op.code).collect();
        assert_eq!(codes, [op::NUMBER, op::STRING, op::AND, op::UNKNOWN, op::OR, op::NOT]);
        assert_eq!((e.ops[0].field, e.ops[0].cmp, e.ops[0].value), (field::ERRNO, cmp::EQ, 13));
        assert_eq!((e.ops[1].field, e.ops[1].value), (field::PARENT_COMM, 4));
        assert_eq!(&e.strings[0][..4], b"sshd");
        let e = parse("ret<=-1 arg2&0x40 comm=~s*").expect("reads");
        assert_eq!((e.ops[0].field, e.ops[0].cmp, e.ops[0].value), (field::RET, cmp::LE, u64::MAX));
        assert_eq!((e.ops[1].field, e.ops[1].cmp, e.ops[1].value), (field::ARG0 + 2, cmp::BIT, 0x40));
        assert_eq!(e.ops[2].cmp, cmp::GLOB);
    }

    #[test]
    fn bad_tokens_are_named() {
        assert_eq!(parse("bogus==1"), Err(HookError::Token("bogus==1".into())));
        assert_eq!(parse("nr==x"), Err(HookError::Token("nr==x".into())));
        assert_eq!(parse("arg6==1"), Err(HookError::Token("arg6==1".into())));
        assert!(matches!(parse(&"? ".repeat(33)), Err(HookError::TooLarge(_))));
    }
}
