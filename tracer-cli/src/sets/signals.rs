//! `-e signal=SET`: the signals whose `--- SIGX ---`, `--- stopped by SIGX ---` and `+++ killed by
//! SIGX +++` lines are shown.

use super::{InvalidToken, Qualifiable};

/// A set of signal numbers (0..=255), as `-e signal=` takes it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct SignalSet {
    bits: [u64; 4],
}

impl std::fmt::Debug for SignalSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let members: Vec<u32> = (0..256).filter(|&s| self.contains(s)).collect();
        f.debug_tuple("SignalSet").field(&members).finish()
    }
}

impl SignalSet {
    pub const fn all() -> Self {
        SignalSet { bits: [u64::MAX; 4] }
    }

    pub const fn none() -> Self {
        SignalSet { bits: [0; 4] }
    }

    pub fn contains(&self, sig: u32) -> bool {
        let sig = sig as usize;
        sig < 256 && self.bits[sig / 64] & (1 << (sig % 64)) != 0
    }

    /// strace's grammar ([`super::parse`]) over signal names (any case, `SIG` optional) and
    /// numbers up to 255.
    pub fn parse(text: &str) -> Result<SignalSet, InvalidToken> {
        super::parse(text)
    }
}

impl Qualifiable for SignalSet {
    type Error = InvalidToken;

    fn all() -> Self {
        SignalSet::all()
    }

    fn none() -> Self {
        SignalSet::none()
    }

    fn add(&mut self, token: &str) -> Result<(), InvalidToken> {
        let sig = signal_number(token).ok_or_else(|| InvalidToken::new("signal", token))? as usize;
        self.bits[sig / 64] |= 1 << (sig % 64);
        Ok(())
    }

    fn invert(&mut self) {
        for word in &mut self.bits {
            *word = !*word;
        }
    }

    fn empty(text: &str) -> InvalidToken {
        InvalidToken::new("signal", text)
    }
}

/// strace's `sigstr_to_uint`: a decimal up to 255, or a signal name with or without `SIG`, any
/// case (`SIG_0` names signal 0).
pub fn signal_number(token: &str) -> Option<u32> {
    if token.starts_with(|c: char| c.is_ascii_digit()) {
        return token.parse::<u32>().ok().filter(|&n| n <= 255);
    }
    let name = match token.get(..3) {
        Some(prefix) if prefix.eq_ignore_ascii_case("SIG") => &token[3..],
        _ => token,
    };
    (0..=tracer_common::signal::MAX).find(|&sig| {
        let full = if sig == 0 { Some("SIG_0") } else { tracer_common::signal::name(u64::from(sig)) };
        full.and_then(|full| full.get(3..)).is_some_and(|short| short.eq_ignore_ascii_case(name))
    })
}
