//! strace's decode-pids set (`-e decode-pids=`, `--decode-pids=`, `-Y`, `--pidns-translation`).

use super::{InvalidToken, Qualifiable};

/// What strace adds after a pid: `comm` (`1234<name>`), `pidns` (`1234 /* 56 in strace's PID NS
/// */`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DecodePids {
    pub comm: bool,
    pub pidns: bool,
}

impl DecodePids {
    /// Whether anything follows pids.
    pub fn any(self) -> bool {
        self.comm || self.pidns
    }

    /// strace's grammar ([`super::parse`]) over `comm`, `pidns` (any case), `all`, `none`.
    pub fn parse(text: &str) -> Result<DecodePids, InvalidToken> {
        super::parse(text)
    }
}

impl Qualifiable for DecodePids {
    type Error = InvalidToken;

    fn all() -> Self {
        DecodePids { comm: true, pidns: true }
    }

    fn none() -> Self {
        DecodePids::default()
    }

    fn add(&mut self, token: &str) -> Result<(), InvalidToken> {
        match token.to_ascii_lowercase().as_str() {
            "comm" => self.comm = true,
            "pidns" => self.pidns = true,
            _ => return Err(InvalidToken::new("decode-pids", token)),
        }
        Ok(())
    }

    fn invert(&mut self) {
        *self = DecodePids { comm: !self.comm, pidns: !self.pidns };
    }

    fn empty(text: &str) -> InvalidToken {
        InvalidToken::new("decode-pids", text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_errors_are_straces() {
        assert_eq!(DecodePids::parse("comm"), Ok(DecodePids { comm: true, pidns: false }));
        assert_eq!(DecodePids::parse("PIDNS,comm"), Ok(DecodePids { comm: true, pidns: true }));
        assert_eq!(DecodePids::parse("!comm"), Ok(DecodePids { comm: false, pidns: true }));
        assert_eq!(DecodePids::parse("none"), Ok(DecodePids::default()));
        let err = DecodePids::parse("x").expect_err("refused");
        assert_eq!(err.to_string(), "invalid decode-pids 'x'");
        assert_eq!(DecodePids::parse("").expect_err("refused").to_string(), "invalid decode-pids ''");
    }
}
