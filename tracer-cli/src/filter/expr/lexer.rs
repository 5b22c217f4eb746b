//! The tokens of a `--filter` expression: names (`errno`, `parent.comm`, `EACCES`), numbers
//! (decimal, `0x` hex, durations `10ms`, sizes `4KiB`), double-quoted strings, and the operators.

use super::error::{ExprError, Problem};

/// A token and where it starts and ends (bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A field or a constant: letters, digits, `_` and `.`, not starting with a digit.
    Name(String),
    /// A number, durations in nanoseconds and sizes in bytes.
    Number(u64),
    /// A quoted string's bytes (escapes undone).
    Str(Vec<u8>),
    AndAnd,
    OrOr,
    Not,
    LParen,
    RParen,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Amp,
    Match,
    Minus,
}

impl Kind {
    /// How an error names it.
    pub fn describe(&self) -> String {
        match self {
            Kind::Name(name) => format!("'{name}'"),
            Kind::Number(_) => "a number".into(),
            Kind::Str(_) => "a string".into(),
            other => format!("'{}'", other.symbol()),
        }
    }

    fn symbol(&self) -> &'static str {
        match self {
            Kind::AndAnd => "&&",
            Kind::OrOr => "||",
            Kind::Not => "!",
            Kind::LParen => "(",
            Kind::RParen => ")",
            Kind::Eq => "==",
            Kind::Ne => "!=",
            Kind::Lt => "<",
            Kind::Le => "<=",
            Kind::Gt => ">",
            Kind::Ge => ">=",
            Kind::Amp => "&",
            Kind::Match => "=~",
            Kind::Minus => "-",
            Kind::Name(_) | Kind::Number(_) | Kind::Str(_) => "",
        }
    }
}

/// Suffixes of numbers: durations in nanoseconds, sizes in bytes.
const SUFFIXES: [(&str, u64); 8] = [
    ("ns", 1),
    ("us", 1_000),
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("KiB", 1 << 10),
    ("MiB", 1 << 20),
    ("GiB", 1 << 30),
    ("B", 1),
];

/// The tokens of `text`.
pub fn tokens(text: &str) -> Result<Vec<Token>, ExprError> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        let c = bytes[at];
        let two = bytes.get(at..at + 2).unwrap_or(&[]);
        let operator = match two {
            b"&&" => Some((Kind::AndAnd, 2)),
            b"||" => Some((Kind::OrOr, 2)),
            b"==" => Some((Kind::Eq, 2)),
            b"!=" => Some((Kind::Ne, 2)),
            b"<=" => Some((Kind::Le, 2)),
            b">=" => Some((Kind::Ge, 2)),
            b"=~" => Some((Kind::Match, 2)),
            _ => match c {
                b'!' => Some((Kind::Not, 1)),
                b'(' => Some((Kind::LParen, 1)),
                b')' => Some((Kind::RParen, 1)),
                b'<' => Some((Kind::Lt, 1)),
                b'>' => Some((Kind::Gt, 1)),
                b'&' => Some((Kind::Amp, 1)),
                b'-' => Some((Kind::Minus, 1)),
                _ => None,
            },
        };
        if let Some((kind, len)) = operator {
            at += len;
            out.push(Token { kind, start, end: at });
            continue;
        }
        let kind = match c {
            b' ' | b'\t' | b'\n' | b'\r' => {
                at += 1;
                continue;
            }
            b'"' => {
                let (bytes, end) = string(text, at)?;
                at = end;
                Kind::Str(bytes)
            }
            b'0'..=b'9' => {
                at = word_end(bytes, at);
                Kind::Number(
                    number(&text[start..at])
                        .ok_or_else(|| ExprError::new(Problem::Number(text[start..at].to_string()), start))?,
                )
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                at = word_end(bytes, at);
                Kind::Name(text[start..at].to_string())
            }
            _ => {
                let c = text[at..].chars().next().unwrap_or('?');
                return Err(ExprError::new(Problem::Character(c), at));
            }
        };
        out.push(Token { kind, start, end: at });
    }
    Ok(out)
}

/// The end of a name or number starting at `at`.
fn word_end(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.') {
        at += 1;
    }
    at
}

/// A number as written: decimal or `0x` hex, or decimal with a suffix.
fn number(word: &str) -> Option<u64> {
    if let Some(hex) = word.strip_prefix("0x").or_else(|| word.strip_prefix("0X")) {
        return u64::from_str_radix(hex, 16).ok();
    }
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let (value, suffix) = word.split_at(digits);
    let value: u64 = value.parse().ok()?;
    if suffix.is_empty() {
        return Some(value);
    }
    let &(_, unit) = SUFFIXES.iter().find(|(name, _)| *name == suffix)?;
    value.checked_mul(unit)
}

/// A quoted string starting at `open` (its `"`): its bytes, and where the token ends.
fn string(text: &str, open: usize) -> Result<(Vec<u8>, usize), ExprError> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = open + 1;
    loop {
        match bytes.get(at) {
            None => return Err(ExprError::new(Problem::UnterminatedString, open)),
            Some(b'"') => return Ok((out, at + 1)),
            Some(b'\\') => {
                let escape = bytes.get(at + 1).copied();
                let byte = match escape {
                    Some(b'\\') => b'\\',
                    Some(b'"') => b'"',
                    Some(b'n') => b'\n',
                    Some(b't') => b'\t',
                    Some(b'x') => {
                        let hex = text.get(at + 2..at + 4).and_then(|h| u8::from_str_radix(h, 16).ok());
                        let byte = hex.ok_or_else(|| ExprError::new(Problem::Escape('x'), at))?;
                        out.push(byte);
                        at += 4;
                        continue;
                    }
                    None => return Err(ExprError::new(Problem::UnterminatedString, open)),
                    Some(_) => {
                        let c = text[at + 1..].chars().next().unwrap_or('?');
                        return Err(ExprError::new(Problem::Escape(c), at));
                    }
                };
                out.push(byte);
                at += 2;
            }
            Some(&b) => {
                out.push(b);
                at += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        tokens(text).expect("lexes").into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn operators_names_numbers_and_strings() {
        assert_eq!(
            kinds(r#"errno==EACCES&&parent.comm!="sshd"||!(arg.flags & 0x40)"#),
            vec![
                Kind::Name("errno".into()),
                Kind::Eq,
                Kind::Name("EACCES".into()),
                Kind::AndAnd,
                Kind::Name("parent.comm".into()),
                Kind::Ne,
                Kind::Str(b"sshd".to_vec()),
                Kind::OrOr,
                Kind::Not,
                Kind::LParen,
                Kind::Name("arg.flags".into()),
                Kind::Amp,
                Kind::Number(0x40),
                Kind::RParen,
            ]
        );
        assert_eq!(kinds("a<=1 b>=2 c<3 d>4 e=~\"x*\""), {
            use Kind::*;
            vec![
                Name("a".into()),
                Le,
                Number(1),
                Name("b".into()),
                Ge,
                Number(2),
                Name("c".into()),
                Lt,
                Number(3),
                Name("d".into()),
                Gt,
                Number(4),
                Name("e".into()),
                Match,
                Str(b"x*".to_vec()),
            ]
        });
    }

    #[test]
    fn durations_are_nanoseconds_and_sizes_bytes() {
        assert_eq!(
            kinds("10ms 5us 2s 7ns 4KiB 1MiB"),
            [10_000_000, 5_000, 2_000_000_000, 7, 4096, 1 << 20].map(Kind::Number)
        );
        assert_eq!(kinds("-1"), vec![Kind::Minus, Kind::Number(1)]);
    }

    #[test]
    fn strings_undo_their_escapes() {
        assert_eq!(kinds(r#""a\"b\\c\x41\n""#), vec![Kind::Str(b"a\"b\\cA\n".to_vec())]);
    }

    #[test]
    fn errors_point_at_their_start() {
        let err = |text| tokens(text).expect_err("fails");
        assert_eq!(err("comm == \"ssh"), ExprError::new(Problem::UnterminatedString, 8));
        assert_eq!(err("a == 10xs"), ExprError::new(Problem::Number("10xs".into()), 5));
        assert_eq!(
            err("a == 0xfffffffffffffffff"),
            ExprError::new(Problem::Number("0xfffffffffffffffff".into()), 5)
        );
        assert_eq!(err("a = 1"), ExprError::new(Problem::Character('='), 2));
        assert_eq!(err("a == \"\\q\""), ExprError::new(Problem::Escape('q'), 6));
        assert_eq!(err("a | b"), ExprError::new(Problem::Character('|'), 2));
    }
}
