//! strace's syscall sets, as `-e trace=`, `-e abbrev=`, `-e verbose=`, `-e raw=` and `-e inject=` take
//! them: `[!]{all|none|NAME|NUMBER|%CLASS|/REGEX|?TOKEN}[@64|@32|@x32],...`.

use std::ffi::CString;

use tracer_common::syscall::{self, class};

use super::Qualifiable;

/// Bits for syscall numbers 0..1024 (x86_64's numbers and the x32 range strace accepts).
const WORDS: usize = 16;

/// A set of syscall numbers.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct SyscallSet {
    bits: [u64; WORDS],
}

impl std::fmt::Debug for SyscallSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let members: Vec<u64> = (0..(WORDS as u64) * 64).filter(|&nr| self.contains(nr)).collect();
        f.debug_tuple("SyscallSet").field(&members).finish()
    }
}

/// Why a set did not parse; the texts are strace 6.1's.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SetError {
    /// strace's message, plus the closest known name when one is near (`opn`: `open`).
    #[error("invalid system call '{token}'{}", suggestion.as_ref().map(|s| format!(" (did you mean '{s}'?)")).unwrap_or_default())]
    InvalidSyscall { token: String, suggestion: Option<String> },
    #[error("regcomp: {pattern}: {message}")]
    Regex { pattern: String, message: String },
    #[error("incorrect personality designator '{designator}' in qualification '{token}'")]
    Personality { designator: String, token: String },
}

impl SetError {
    /// `invalid system call 'TOKEN'`, with a suggestion when a syscall or class name is close.
    pub fn invalid(token: &str) -> SetError {
        SetError::InvalidSyscall { token: token.to_string(), suggestion: closest_name(token) }
    }

    /// Whether strace follows this message with its `Try 'strace -h'` hint.
    pub fn wants_hint(&self) -> bool {
        matches!(self, SetError::Personality { .. })
    }
}

/// The syscall or class name closest to `token` (a typo: at most one edit, or one more per six
/// characters; a transposition counts as one), if any.
fn closest_name(token: &str) -> Option<String> {
    let body = token.trim_start_matches('?');
    if body.is_empty() || body.starts_with(|c: char| c.is_ascii_digit() || c == '/') {
        return None;
    }
    let allowed = 1 + body.chars().count() / 6;
    let classes = class::NAMES.iter().map(|(name, _)| format!("%{name}"));
    let names = (0..1024u64).filter_map(syscall::info).map(|info| info.name.to_string());
    classes
        .chain(names)
        .map(|name| (strsim::osa_distance(body, &name), name))
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, name)| name)
}

/// Legacy class names strace 6.1 still accepts without the `%`.
const LEGACY_CLASSES: &[(&str, u32)] = &[
    ("desc", class::DESC),
    ("file", class::FILE),
    ("memory", class::MEMORY),
    ("process", class::PROCESS),
    ("signal", class::SIGNAL),
    ("ipc", class::IPC),
    ("network", class::NETWORK),
];

impl SyscallSet {
    pub const fn none() -> Self {
        SyscallSet { bits: [0; WORDS] }
    }

    pub const fn all() -> Self {
        SyscallSet { bits: [u64::MAX; WORDS] }
    }

    pub fn contains(&self, nr: u64) -> bool {
        let Ok(nr) = usize::try_from(nr) else { return false };
        self.bits.get(nr / 64).is_some_and(|word| word & (1 << (nr % 64)) != 0)
    }

    /// The bitmap: bit `nr % 64` of word `nr / 64`.
    pub fn words(&self) -> &[u64] {
        &self.bits
    }

    pub fn union_with(&mut self, other: &SyscallSet) {
        for (word, theirs) in self.bits.iter_mut().zip(other.bits) {
            *word |= theirs;
        }
    }

    pub fn insert(&mut self, nr: u64) {
        let Ok(nr) = usize::try_from(nr) else { return };
        if let Some(word) = self.bits.get_mut(nr / 64) {
            *word |= 1 << (nr % 64);
        }
    }

    /// strace's grammar ([`super::parse`]) over syscall tokens.
    pub fn parse(text: &str) -> Result<SyscallSet, SetError> {
        super::parse(text)
    }

    /// One token; `?` makes a token that matches nothing harmless.
    fn add_token(&mut self, token: &str) -> Result<(), SetError> {
        let ignore_failure = token.starts_with('?');
        let body = token.trim_start_matches('?');
        let (body, native) = match body.rsplit_once('@') {
            Some((name, "64")) => (name, true),
            Some((name, "32" | "x32")) => (name, false),
            Some((_, designator)) => {
                return Err(SetError::Personality { designator: designator.into(), token: token.into() })
            }
            None => (body, true),
        };
        // Another personality's calls are never made by an x86_64 tracee: valid, but adds nothing.
        let mut target = if native { *self } else { SyscallSet::none() };
        let found = if body.starts_with(|c: char| c.is_ascii_digit()) {
            target.add_number(body)
        } else if let Some(pattern) = body.strip_prefix('/') {
            target.add_regex(pattern)?
        } else {
            target.add_class(body) || target.add_name(body)
        };
        if native {
            *self = target;
        }
        if found || ignore_failure {
            Ok(())
        } else {
            Err(SetError::invalid(token))
        }
    }

    /// A number strace 6.1 knows on x86_64: below its table's end (451), or an x32 number.
    fn add_number(&mut self, text: &str) -> bool {
        match text.parse::<u64>() {
            Ok(nr) if nr <= 450 || (512..=547).contains(&nr) => {
                self.insert(nr);
                true
            }
            _ => false,
        }
    }

    fn add_class(&mut self, name: &str) -> bool {
        let bits = match name.strip_prefix('%') {
            Some(class_name) => class::NAMES.iter().find(|(n, _)| *n == class_name).map(|&(_, b)| b),
            None => LEGACY_CLASSES.iter().find(|(n, _)| *n == name).map(|&(_, b)| b),
        };
        let Some(bits) = bits else { return false };
        for nr in 0..=syscall::MAX_NR as u64 {
            if syscall::info(nr).is_some_and(|info| info.classes & bits != 0) {
                self.insert(nr);
            }
        }
        true
    }

    fn add_name(&mut self, name: &str) -> bool {
        match syscall::by_name(name) {
            Some(info) => {
                self.insert(u64::from(info.nr));
                true
            }
            None => false,
        }
    }

    /// POSIX extended regex over the names, as strace (regcomp with REG_EXTENDED | REG_NOSUB).
    fn add_regex(&mut self, pattern: &str) -> Result<bool, SetError> {
        let regex = PosixRegex::new(pattern)?;
        let mut found = false;
        for nr in 0..=syscall::MAX_NR as u64 {
            if let Some(info) = syscall::info(nr) {
                if regex.is_match(info.name) {
                    self.insert(nr);
                    found = true;
                }
            }
        }
        Ok(found)
    }
}

impl Qualifiable for SyscallSet {
    type Error = SetError;

    fn all() -> Self {
        SyscallSet::all()
    }

    fn none() -> Self {
        SyscallSet::none()
    }

    /// One token; `all` may also stand in a list (`open,all`), as strace allows.
    fn add(&mut self, token: &str) -> Result<(), SetError> {
        if token == "all" {
            *self = SyscallSet::all();
            return Ok(());
        }
        self.add_token(token)
    }

    fn invert(&mut self) {
        for word in &mut self.bits {
            *word = !*word;
        }
    }

    fn empty(text: &str) -> SetError {
        SetError::invalid(text)
    }
}

/// libc's regex, freed on drop.
struct PosixRegex {
    compiled: Box<libc::regex_t>,
}

impl PosixRegex {
    fn new(pattern: &str) -> Result<Self, SetError> {
        let error = |message: String| SetError::Regex { pattern: pattern.to_string(), message };
        let c_pattern = CString::new(pattern).map_err(|_| error("Invalid regular expression".into()))?;
        // SAFETY: regex_t is plain data that regcomp initialises.
        let mut compiled: Box<libc::regex_t> = Box::new(unsafe { std::mem::zeroed() });
        // SAFETY: valid pointers; the pattern is NUL-terminated.
        let rc = unsafe {
            libc::regcomp(&mut *compiled, c_pattern.as_ptr(), libc::REG_EXTENDED | libc::REG_NOSUB)
        };
        if rc != 0 {
            let mut buf = [0u8; 256];
            // SAFETY: regerror writes at most buf.len() bytes, NUL included.
            unsafe { libc::regerror(rc, &*compiled, buf.as_mut_ptr().cast(), buf.len()) };
            let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
            return Err(error(String::from_utf8_lossy(&buf[..end]).into_owned()));
        }
        Ok(PosixRegex { compiled })
    }

    fn is_match(&self, text: &str) -> bool {
        let Ok(c_text) = CString::new(text) else { return false };
        // SAFETY: a compiled regex and a NUL-terminated string; no match offsets requested.
        unsafe { libc::regexec(&*self.compiled, c_text.as_ptr(), 0, std::ptr::null_mut(), 0) == 0 }
    }
}

impl Drop for PosixRegex {
    fn drop(&mut self) {
        // SAFETY: compiled by a successful regcomp, freed once.
        unsafe { libc::regfree(&mut *self.compiled) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nr(name: &str) -> u64 {
        u64::from(syscall::by_name(name).expect("known syscall").nr)
    }

    fn parse(text: &str) -> SyscallSet {
        SyscallSet::parse(text).expect("parses")
    }

    #[test]
    fn names_numbers_classes_and_regexes() {
        let set = parse("read,close");
        assert!(set.contains(nr("read")) && set.contains(nr("close")) && !set.contains(nr("write")));
        assert!(parse("5").contains(5));
        assert!(parse("%file").contains(nr("openat")) && !parse("%file").contains(nr("read")));
        assert!(parse("file").contains(nr("openat")), "legacy class name");
        assert!(parse("%net").contains(nr("connect")));
        let regex = parse("/^open");
        assert!(regex.contains(nr("open")) && regex.contains(nr("openat")) && !regex.contains(nr("close")));
        assert!(parse("read@64").contains(nr("read")));
        assert!(!parse("read@32").contains(nr("read")), "another personality adds nothing");
        // Empty tokens are skipped.
        assert!(parse(",read,").contains(nr("read")));
    }

    #[test]
    fn all_none_and_negation() {
        assert!(parse("all").contains(nr("read")));
        assert!(!parse("none").contains(nr("read")));
        assert!(parse("!none").contains(nr("read")));
        let set = parse("!openat");
        assert!(!set.contains(nr("openat")) && set.contains(nr("close")));
        assert!(!parse("!all").contains(nr("read")));
        assert!(parse("?nosuchcall,read").contains(nr("read")));
    }

    #[test]
    fn errors_read_like_strace() {
        let err = |text: &str| SyscallSet::parse(text).err().map(|e| e.to_string());
        assert_eq!(err("foo").as_deref(), Some("invalid system call 'foo'"));
        assert_eq!(err("").as_deref(), Some("invalid system call ''"));
        assert_eq!(err("!").as_deref(), Some("invalid system call '!'"));
        assert_eq!(err("all,foo").as_deref(), Some("invalid system call 'foo'"));
        assert_eq!(err("none,read").as_deref(), Some("invalid system call 'none'"));
        assert_eq!(err("%foo").as_deref(), Some("invalid system call '%foo'"));
        assert_eq!(err("creds").as_deref(), Some("invalid system call 'creds' (did you mean '%creds'?)"));
        assert_eq!(err("opn").as_deref(), Some("invalid system call 'opn' (did you mean 'open'?)"));
        assert_eq!(err("getpdi").as_deref(), Some("invalid system call 'getpdi' (did you mean 'getpid'?)"));
        assert_eq!(err("%fiel").as_deref(), Some("invalid system call '%fiel' (did you mean '%file'?)"));
        assert_eq!(err("?opn,foo").as_deref(), Some("invalid system call 'foo'"));
        assert_eq!(err("451").as_deref(), Some("invalid system call '451'"));
        assert_eq!(err("0x3").as_deref(), Some("invalid system call '0x3'"));
        assert_eq!(err("/xyz").as_deref(), Some("invalid system call '/xyz'"));
        assert_eq!(err("/[").as_deref(), Some("regcomp: [: Invalid regular expression"));
        assert_eq!(
            err("read@16").as_deref(),
            Some("incorrect personality designator '16' in qualification 'read@16'")
        );
        assert!(SyscallSet::parse("547").is_ok() && SyscallSet::parse("?/xyz").is_ok());
    }
}
