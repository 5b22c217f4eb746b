//! `-q`, `-qq`, `-qqq` and `-e quiet=SET`: which of tracer's informational messages are suppressed
//! (strace 6.1's names: attach, exit, path-resolution, personality, thread-execve).

use super::{InvalidToken, Qualifiable};

/// One kind of suppressible message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Message {
    /// `Process N attached` / `detached`, `Detached unknown pid N`.
    Attach = 1,
    /// `+++ exited with N +++`, `Exit of unknown pid N ignored`.
    Exit = 2,
    /// `-P`'s `Requested path "X" resolved into "Y"`.
    PathResolution = 4,
    /// `[ Process PID=N runs in X mode. ]` (never printed: tracer knows x86_64 only).
    Personality = 8,
    /// `+++ superseded by execve in pid N +++`.
    ThreadExecve = 16,
}

const NAMES: [(&str, Message); 7] = [
    ("attach", Message::Attach),
    ("exit", Message::Exit),
    ("exits", Message::Exit),
    ("path-resolution", Message::PathResolution),
    ("personality", Message::Personality),
    ("thread-execve", Message::ThreadExecve),
    ("superseded", Message::ThreadExecve),
];

/// A set of suppressed [`Message`]s.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Quiet(u8);

impl Quiet {
    const ALL: u8 = 31;
    pub const NONE: Quiet = Quiet(0);

    /// `-q` (attach,personality), `-qq` (and exit), `-qqq` (all), as strace maps the count.
    pub fn from_count(count: u8) -> Quiet {
        match count {
            0 => Quiet::NONE,
            1 => Quiet(Message::Attach as u8 | Message::Personality as u8),
            2 => Quiet(Message::Attach as u8 | Message::Personality as u8 | Message::Exit as u8),
            _ => Quiet(Self::ALL),
        }
    }

    pub fn suppresses(self, message: Message) -> bool {
        self.0 & message as u8 != 0
    }

    /// This set with `message` suppressed too.
    pub fn with(self, message: Message) -> Quiet {
        Quiet(self.0 | message as u8)
    }

    /// The bits, for an atomic.
    pub fn bits(self) -> u8 {
        self.0
    }

    pub fn from_bits(bits: u8) -> Quiet {
        Quiet(bits & Self::ALL)
    }

    /// strace's grammar ([`super::parse`]) over the names, which are case-insensitive.
    pub fn parse(text: &str) -> Result<Quiet, InvalidToken> {
        super::parse(text)
    }
}

impl Qualifiable for Quiet {
    type Error = InvalidToken;

    fn all() -> Self {
        Quiet(Self::ALL)
    }

    fn none() -> Self {
        Quiet::NONE
    }

    fn add(&mut self, token: &str) -> Result<(), InvalidToken> {
        let (_, message) = NAMES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(token))
            .ok_or_else(|| InvalidToken::new("quiet", token))?;
        self.0 |= *message as u8;
        Ok(())
    }

    fn invert(&mut self) {
        self.0 = !self.0 & Self::ALL;
    }

    fn empty(text: &str) -> InvalidToken {
        InvalidToken::new("quiet", text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_map_like_strace() {
        assert!(!Quiet::from_count(0).suppresses(Message::Attach));
        let q = Quiet::from_count(1);
        assert!(q.suppresses(Message::Attach) && !q.suppresses(Message::Exit));
        let qq = Quiet::from_count(2);
        assert!(qq.suppresses(Message::Exit) && !qq.suppresses(Message::ThreadExecve));
        assert!(Quiet::from_count(3).suppresses(Message::ThreadExecve));
    }

    #[test]
    fn sets_parse_with_strace_grammar() {
        assert_eq!(Quiet::parse("all"), Ok(Quiet::from_count(3)));
        assert_eq!(Quiet::parse("none"), Ok(Quiet::NONE));
        assert_eq!(Quiet::parse("!none"), Ok(Quiet::from_count(3)));
        let exit = Quiet::parse("exit").expect("parses");
        assert!(exit.suppresses(Message::Exit) && !exit.suppresses(Message::Attach));
        let not_attach = Quiet::parse("!attach").expect("parses");
        assert!(not_attach.suppresses(Message::Exit) && !not_attach.suppresses(Message::Attach));
        assert_eq!(Quiet::parse("superseded"), Quiet::parse("thread-execve"));
        assert_eq!(Quiet::parse("exits"), Quiet::parse("exit"));
        assert_eq!(Quiet::parse("attach,personality"), Ok(Quiet::from_count(1)));
        assert_eq!(Quiet::parse("foo").map_err(|e| e.to_string()), Err("invalid quiet 'foo'".to_string()));
        assert_eq!(
            Quiet::parse("exit,foo").map_err(|e| e.to_string()),
            Err("invalid quiet 'foo'".to_string())
        );
        assert_eq!(Quiet::parse("").map_err(|e| e.to_string()), Err("invalid quiet ''".to_string()));
    }
}
