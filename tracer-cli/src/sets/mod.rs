//! The values of strace's qualifiers (`-e trace=`, `-e signal=`, `-e status=`, `-e quiet=`,
//! `-e trace-fds=`, `-e decode-fds=`, and the sets of `-e abbrev=`, `raw=`, `inject=`): each a set
//! type with its own tokens, all read by one grammar ([`parse`]).

mod fds;
mod personalities;
mod pids;
mod quiet;
mod signals;
mod status;
mod syscalls;

pub use fds::{DecodeFds, FdSet};
pub use pids::DecodePids;
pub use quiet::{Message, Quiet};
pub use signals::{signal_number, SignalSet};
pub use status::{Status, StatusSet};
pub use syscalls::{SetError, SyscallSet};

/// A set strace's grammar can build: start from everything or nothing, add tokens, invert.
pub trait Qualifiable: Sized {
    type Error;

    fn all() -> Self;
    fn none() -> Self;
    /// Add the members one token names.
    fn add(&mut self, token: &str) -> Result<(), Self::Error>;
    fn invert(&mut self);
    /// The error for a value with no token at all (`""`, `","`, `"!"`): strace names the value.
    fn empty(text: &str) -> Self::Error;
}

/// strace 6.1's `qualify_tokens`: every leading `!` inverts the set; `all` and `none` stand for
/// themselves when alone; anything else is a comma-separated list of tokens (empty ones skipped),
/// and a list without a token is an error.
pub fn parse<S: Qualifiable>(text: &str) -> Result<S, S::Error> {
    let inverted = text.bytes().take_while(|&b| b == b'!').count() % 2 == 1;
    let body = text.trim_start_matches('!');
    let mut set = match body {
        "all" => S::all(),
        "none" => S::none(),
        _ => {
            let mut set = S::none();
            let mut any = false;
            for token in body.split(',').filter(|t| !t.is_empty()) {
                set.add(token)?;
                any = true;
            }
            if !any {
                return Err(S::empty(text));
            }
            set
        }
    };
    if inverted {
        set.invert();
    }
    Ok(set)
}

/// A token a set does not know, in strace's words: `invalid signal 'x'`, `invalid status 'x'`.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
#[error("invalid {what} '{token}'")]
pub struct InvalidToken {
    /// What the set holds: `signal`, `status`, `quiet`, `descriptor`, `decode-fds`.
    pub what: &'static str,
    pub token: String,
}

impl InvalidToken {
    pub fn new(what: &'static str, token: &str) -> Self {
        InvalidToken { what, token: token.to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A set of the letters a to e, to test the grammar alone.
    #[derive(Debug, PartialEq, Eq)]
    struct Letters(u8);

    impl Qualifiable for Letters {
        type Error = InvalidToken;
        fn all() -> Self {
            Letters(0b11111)
        }
        fn none() -> Self {
            Letters(0)
        }
        fn add(&mut self, token: &str) -> Result<(), InvalidToken> {
            match token.as_bytes() {
                [c @ b'a'..=b'e'] => {
                    self.0 |= 1 << (c - b'a');
                    Ok(())
                }
                _ => Err(InvalidToken::new("letter", token)),
            }
        }
        fn invert(&mut self) {
            self.0 = !self.0 & 0b11111;
        }
        fn empty(text: &str) -> InvalidToken {
            InvalidToken::new("letter", text)
        }
    }

    #[test]
    fn the_grammar_is_stracees() {
        assert_eq!(parse::<Letters>("all"), Ok(Letters(0b11111)));
        assert_eq!(parse::<Letters>("none"), Ok(Letters(0)));
        assert_eq!(parse::<Letters>("!none"), Ok(Letters(0b11111)));
        assert_eq!(parse::<Letters>("!!a"), Ok(Letters(1)));
        assert_eq!(parse::<Letters>("!a,c"), Ok(Letters(0b11010)));
        assert_eq!(parse::<Letters>("a,,b,"), Ok(Letters(0b11)));
        for empty in ["", ",", "!", "!,"] {
            assert_eq!(parse::<Letters>(empty), Err(InvalidToken::new("letter", empty)));
        }
        assert_eq!(parse::<Letters>("a,x"), Err(InvalidToken::new("letter", "x")));
        // `all` and `none` are words of the grammar only alone.
        assert_eq!(parse::<Letters>("none,a"), Err(InvalidToken::new("letter", "none")));
        assert_eq!(InvalidToken::new("signal", "x").to_string(), "invalid signal 'x'");
    }
}
