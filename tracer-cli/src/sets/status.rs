//! `-e status=SET`, `-z` and `-Z`: which calls are shown by how they ended (strace 6.1).
//!
//! strace stages the line of every call while such a filter is set and prints it whole once the
//! call has ended, or drops it: a filtered trace has no `<unfinished ...>` / `<... resumed>` pairs
//! between syscalls.

use super::{InvalidToken, Qualifiable};

/// How a call ended, as strace classifies it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Returned a non-error value.
    Successful = 1,
    /// Returned -1 with errno set (a return in -4095..=-1).
    Failed = 2,
    /// Never returned (`= ?`: exit_group, a killed task).
    Unfinished = 4,
    /// Returned, but its value could not be read.
    Unavailable = 8,
    /// Still in the call when the tracer detached.
    Detached = 16,
}

impl Status {
    /// The status of a call that returned `ret` (`None`: never returned).
    pub fn of(ret: Option<i64>) -> Status {
        match ret {
            None => Status::Unfinished,
            Some(ret) if (-4095..0).contains(&ret) => Status::Failed,
            Some(_) => Status::Successful,
        }
    }
}

const NAMES: [(&str, Status); 5] = [
    ("successful", Status::Successful),
    ("failed", Status::Failed),
    ("unfinished", Status::Unfinished),
    ("unavailable", Status::Unavailable),
    ("detached", Status::Detached),
];

/// A set of [`Status`]es.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatusSet(u8);

impl StatusSet {
    const ALL: u8 = 31;

    pub fn all() -> Self {
        StatusSet(Self::ALL)
    }

    pub fn contains(&self, status: Status) -> bool {
        self.0 & status as u8 != 0
    }

    pub fn is_all(&self) -> bool {
        self.0 == Self::ALL
    }

    /// strace's grammar ([`super::parse`]) over the names, which are case-insensitive.
    pub fn parse(text: &str) -> Result<StatusSet, InvalidToken> {
        super::parse(text)
    }
}

impl Qualifiable for StatusSet {
    type Error = InvalidToken;

    fn all() -> Self {
        StatusSet(Self::ALL)
    }

    fn none() -> Self {
        StatusSet(0)
    }

    fn add(&mut self, token: &str) -> Result<(), InvalidToken> {
        // strcasecmp in strace, for the names (not for `all`/`none`).
        let (_, status) = NAMES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(token))
            .ok_or_else(|| InvalidToken::new("status", token))?;
        self.0 |= *status as u8;
        Ok(())
    }

    fn invert(&mut self) {
        self.0 = !self.0 & Self::ALL;
    }

    fn empty(text: &str) -> InvalidToken {
        InvalidToken::new("status", text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strace_grammar() {
        let set = StatusSet::parse("failed,unfinished").expect("valid");
        assert!(set.contains(Status::Failed) && set.contains(Status::Unfinished));
        assert!(!set.contains(Status::Successful));
        assert_eq!(StatusSet::parse("all"), Ok(StatusSet::all()));
        assert_eq!(StatusSet::parse("none"), Ok(<StatusSet as Qualifiable>::none()));
        assert_eq!(StatusSet::parse("!none"), Ok(StatusSet::all()));
        assert_eq!(StatusSet::parse("!all"), Ok(<StatusSet as Qualifiable>::none()));
        let not_failed = StatusSet::parse("!failed").expect("valid");
        assert!(!not_failed.contains(Status::Failed) && not_failed.contains(Status::Detached));
        assert_eq!(
            StatusSet::parse("bogus").map_err(|e| e.to_string()),
            Err("invalid status 'bogus'".to_string())
        );
        assert_eq!(
            StatusSet::parse("failed,x").map_err(|e| e.to_string()),
            Err("invalid status 'x'".to_string())
        );
        assert_eq!(StatusSet::parse("").map_err(|e| e.to_string()), Err("invalid status ''".to_string()));
        assert_eq!(StatusSet::parse(",").map_err(|e| e.to_string()), Err("invalid status ','".to_string()));
        assert_eq!(StatusSet::parse("!").map_err(|e| e.to_string()), Err("invalid status '!'".to_string()));
        assert_eq!(
            StatusSet::parse("none,failed").map_err(|e| e.to_string()),
            Err("invalid status 'none'".to_string())
        );
        assert_eq!(
            StatusSet::parse("ALL").map_err(|e| e.to_string()),
            Err("invalid status 'ALL'".to_string())
        );
        assert_eq!(StatusSet::parse("Failed,,unfinished"), StatusSet::parse("failed,unfinished"));
        assert_eq!(StatusSet::parse("!!failed"), StatusSet::parse("failed"));
    }

    #[test]
    fn how_calls_ended() {
        assert_eq!(Status::of(Some(0)), Status::Successful);
        assert_eq!(Status::of(Some(-2)), Status::Failed);
        assert_eq!(Status::of(Some(-4096)), Status::Successful);
        assert_eq!(Status::of(None), Status::Unfinished);
    }
}
