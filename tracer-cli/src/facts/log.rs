//! The questions asked and their answers: kept in order while recording, and while replaying
//! queued per question, each answer given once in the order it was recorded (the last one again
//! when the question comes more often than it did).

use std::collections::VecDeque;

use rustc_hash::FxHashMap;

use super::Kind;

/// The longest key kept (a path is at most PATH_MAX).
pub const MAX_KEY: usize = 64 * 1024;
/// The longest answer kept (a whole /proc/net table is far less); a longer one is not recorded.
pub const MAX_ANSWER: usize = 16 << 20;
/// The most answer bytes a replay holds at once; more are dropped (their questions answer
/// "unknown"), so a capture cannot make tracer's memory grow without bound.
const MAX_HELD: usize = 512 << 20;

/// One question and its answer (`None`: the system had none, as for a process gone).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact {
    pub kind: Kind,
    pub key: Vec<u8>,
    pub answer: Option<Vec<u8>>,
}

/// Why bytes are not a [`Fact`].
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FactError {
    #[error("a fact is cut short")]
    Short,
    #[error("unknown fact kind {0}")]
    Kind(u8),
    #[error("a fact's key or answer is longer than tracer writes")]
    TooLong,
}

impl Fact {
    /// Append the fact's bytes: kind (1), key length (4, LE), key, 1 when answered else 0, answer
    /// length (4, LE), answer.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.push(self.kind as u8);
        out.extend_from_slice(&u32::try_from(self.key.len()).unwrap_or(u32::MAX).to_le_bytes());
        out.extend_from_slice(&self.key);
        let answer = self.answer.as_deref().unwrap_or_default();
        out.push(u8::from(self.answer.is_some()));
        out.extend_from_slice(&u32::try_from(answer.len()).unwrap_or(u32::MAX).to_le_bytes());
        out.extend_from_slice(answer);
    }

    /// The fact `bytes` hold, all of them.
    pub fn decode(bytes: &[u8]) -> Result<Fact, FactError> {
        let mut rest = bytes;
        let kind = take(&mut rest, 1)?[0];
        let kind = Kind::from_u8(kind).ok_or(FactError::Kind(kind))?;
        let key = take_sized(&mut rest, MAX_KEY)?.to_vec();
        let answered = take(&mut rest, 1)?[0] != 0;
        let answer = take_sized(&mut rest, MAX_ANSWER)?.to_vec();
        Ok(Fact { kind, key, answer: answered.then_some(answer) })
    }
}

fn take<'a>(bytes: &mut &'a [u8], n: usize) -> Result<&'a [u8], FactError> {
    if bytes.len() < n {
        return Err(FactError::Short);
    }
    let (head, tail) = bytes.split_at(n);
    *bytes = tail;
    Ok(head)
}

fn take_sized<'a>(bytes: &mut &'a [u8], max: usize) -> Result<&'a [u8], FactError> {
    let len = take(bytes, 4)?;
    let len = u32::from_le_bytes([len[0], len[1], len[2], len[3]]) as usize;
    if len > max {
        return Err(FactError::TooLong);
    }
    take(bytes, len)
}

/// The answers to one question.
#[derive(Debug, Default)]
struct Answers {
    queued: VecDeque<Option<Vec<u8>>>,
    last: Option<Option<Vec<u8>>>,
}

#[derive(Debug)]
pub struct Log {
    recorded: Vec<Fact>,
    answers: Option<FxHashMap<(Kind, Vec<u8>), Answers>>,
    held: usize,
}

impl Log {
    pub const fn new() -> Self {
        Log { recorded: Vec::new(), answers: None, held: 0 }
    }

    pub fn record(&mut self, fact: Fact) {
        self.recorded.push(fact);
    }

    pub fn take_recorded(&mut self) -> Vec<Fact> {
        std::mem::take(&mut self.recorded)
    }

    pub fn provide(&mut self, fact: Fact) {
        let size = fact.key.len() + fact.answer.as_ref().map_or(0, Vec::len);
        if self.held + size > MAX_HELD {
            return;
        }
        self.held += size;
        let answers = self.answers.get_or_insert_with(FxHashMap::default);
        answers.entry((fact.kind, fact.key)).or_default().queued.push_back(fact.answer);
    }

    pub fn answer(&mut self, kind: Kind, key: &[u8]) -> Option<Vec<u8>> {
        let answers = self.answers.as_mut()?.get_mut(&(kind, key.to_vec()))?;
        if let Some(next) = answers.queued.pop_front() {
            self.held -= key.len() + next.as_ref().map_or(0, Vec::len);
            answers.last = Some(next);
        }
        answers.last.clone().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(key: &str, answer: Option<&str>) -> Fact {
        Fact { kind: Kind::ReadLink, key: key.into(), answer: answer.map(Into::into) }
    }

    #[test]
    fn facts_round_trip_and_reject_damage() {
        for f in [fact("/proc/1/fd/3", Some("/etc/passwd")), fact("/proc/2/fd/0", None), fact("", Some(""))] {
            let mut bytes = Vec::new();
            f.encode(&mut bytes);
            assert_eq!(Fact::decode(&bytes), Ok(f.clone()));
            assert_eq!(Fact::decode(&bytes[..bytes.len() - 1]), Err(FactError::Short));
        }
        assert_eq!(Fact::decode(&[99, 0, 0, 0, 0]), Err(FactError::Kind(99)));
        assert_eq!(Fact::decode(&[1, 0xff, 0xff, 0xff, 0xff]), Err(FactError::TooLong));
    }

    #[test]
    fn answers_come_in_recorded_order_then_the_last_again() {
        let mut log = Log::new();
        assert_eq!(log.answer(Kind::ReadLink, b"/x"), None, "an unknown question");
        log.provide(fact("/x", Some("a")));
        assert_eq!(log.answer(Kind::ReadLink, b"/x"), Some(b"a".to_vec()));
        // Recorded later (after the first answer was given): the next time asked.
        log.provide(fact("/x", None));
        log.provide(fact("/x", Some("c")));
        assert_eq!(log.answer(Kind::ReadLink, b"/x"), None);
        assert_eq!(log.answer(Kind::ReadLink, b"/x"), Some(b"c".to_vec()));
        assert_eq!(log.answer(Kind::ReadLink, b"/x"), Some(b"c".to_vec()));
        assert_eq!(log.answer(Kind::ReadFile, b"/x"), None, "kinds are apart");
        assert_eq!(log.held, 0);
    }
}
