//! strace's syscall sets, as `-e trace=`, `-e abbrev=`, `-e verbose=`, `-e raw=` and `-e inject=` take
//! them: `[!]{all|none|NAME|NUMBER|%CLASS|/REGEX|?TOKEN}[@64|@32|@x32],...`.

use std::ffi::CString;

use tracer_common::syscall::{self, class};

use super::{personalities, Qualifiable};

/// Bits for syscall numbers 0..1024 (x86_64's numbers and the x32 range strace accepts).
const WORDS: usize = 16;

/// Bits for the other personalities' numbers (i386's and x32's tables end below 576).
const COMPAT_WORDS: usize = 9;

/// A set of syscall numbers: x86_64's, and i386's and x32's, each in its own table's numbers.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct SyscallSet {
    bits: [u64; WORDS],
    i386: [u64; COMPAT_WORDS],
    x32: [u64; COMPAT_WORDS],
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
    // Only a name can be a typo of a name (not `!chdir` inside a list: strace's grammar).
    let name_like = body.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '%');
    if !name_like || body.is_empty() || body.starts_with(|c: char| c.is_ascii_digit()) {
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

/// The personalities strace knows on x86_64, by their `@` designators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Personality {
    /// `@64`: the calls tracer traces.
    X86_64,
    /// `@32`: i386.
    I386,
    /// `@x32`.
    X32,
}

impl Personality {
    const ALL: [Personality; 3] = [Personality::X86_64, Personality::I386, Personality::X32];

    fn by_designator(designator: &str) -> Option<Personality> {
        match designator {
            "64" => Some(Personality::X86_64),
            "32" => Some(Personality::I386),
            "x32" => Some(Personality::X32),
            _ => None,
        }
    }

    /// strace's table of another personality (empty for x86_64, whose table is tracer's own).
    fn table(self) -> &'static [(u16, &'static str, bool)] {
        match self {
            Personality::X86_64 => &[],
            Personality::I386 => personalities::I386,
            Personality::X32 => personalities::X32,
        }
    }

    fn names(self) -> impl Iterator<Item = &'static str> {
        self.table().iter().map(|&(_, name, _)| name)
    }

    /// strace's `scno_pers_is_valid` after its x32 shuffle (the x32 bit flipped, or not).
    fn number_is_valid(self, nr: u32) -> bool {
        let valid = |nr: u32| self.table().iter().any(|&(n, _, ok)| ok && u32::from(n) == nr);
        valid(nr) || (self == Personality::X32 && valid(nr ^ X32_SYSCALL_BIT))
    }
}

/// The kernel's `__X32_SYSCALL_BIT`.
const X32_SYSCALL_BIT: u32 = 0x4000_0000;

/// Legacy class names strace 6.1 still accepts without the `%`, and `all` (every call).
const LEGACY_CLASSES: &[(&str, u32)] = &[
    ("all", 0),
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
        SyscallSet { bits: [0; WORDS], i386: [0; COMPAT_WORDS], x32: [0; COMPAT_WORDS] }
    }

    pub const fn all() -> Self {
        SyscallSet { bits: [u64::MAX; WORDS], i386: [u64::MAX; COMPAT_WORDS], x32: [u64::MAX; COMPAT_WORDS] }
    }

    /// Whether a record's call `nr` is in the set. An i386 or x32 number that personality's table
    /// does not know is in every set: strace traces a call it cannot name whatever `-e trace=` says.
    pub fn contains(&self, nr: u64) -> bool {
        let number = tracer_common::personality::Personality::number(nr);
        match tracer_common::personality::Personality::of(nr) {
            tracer_common::personality::Personality::X86_64 => bit(&self.bits, number),
            tracer_common::personality::Personality::I386 => {
                syscall::info(nr).is_none() || bit(&self.i386, number)
            }
            tracer_common::personality::Personality::X32 => {
                syscall::info(nr).is_none() || bit(&self.x32, number)
            }
        }
    }

    /// The x86_64 bitmap: bit `nr % 64` of word `nr / 64`.
    pub fn words(&self) -> &[u64] {
        &self.bits
    }

    /// The eBPF program's `SYSCALLS` map: x86_64's first [`tracer_common::filter::SYSCALL_WORDS`]
    /// words, then [`tracer_common::filter::I386_WORDS`] of i386's, where a number no i386 row
    /// has is set (as [`SyscallSet::contains`] has it).
    pub fn kernel_words(&self) -> Vec<u64> {
        use tracer_common::filter::{I386_WORDS, SYSCALL_WORDS};
        use tracer_common::personality::AUDIT_ARCH_I386;
        let mut words: Vec<u64> = self.bits.iter().take(SYSCALL_WORDS as usize).copied().collect();
        for word in 0..u64::from(I386_WORDS) {
            let bits = (0..64u64)
                .filter(|&bit| {
                    let nr =
                        tracer_common::personality::Personality::record_nr(AUDIT_ARCH_I386, word * 64 + bit);
                    self.contains(nr)
                })
                .fold(0u64, |acc, bit| acc | 1 << bit);
            words.push(bits);
        }
        words
    }

    /// The i386 bitmap, by i386 numbers.
    pub fn i386_words(&self) -> &[u64] {
        &self.i386
    }

    /// The x32 bitmap, by x32 numbers without the x32 bit.
    pub fn x32_words(&self) -> &[u64] {
        &self.x32
    }

    pub fn union_with(&mut self, other: &SyscallSet) {
        let words = self.bits.iter_mut().chain(&mut self.i386).chain(&mut self.x32);
        for (word, theirs) in words.zip(other.bits.iter().chain(&other.i386).chain(&other.x32)) {
            *word |= theirs;
        }
    }

    /// Adds call `nr` (a record's number: an i386 or x32 call's to its own table's set).
    pub fn insert(&mut self, nr: u64) {
        use tracer_common::personality::Personality as Of;
        let personality = match Of::of(nr) {
            Of::X86_64 => Personality::X86_64,
            Of::I386 => Personality::I386,
            Of::X32 => Personality::X32,
        };
        self.insert_compat(personality, Of::number(nr));
    }

    /// Adds call `number` of another personality's table.
    fn insert_compat(&mut self, personality: Personality, number: u64) {
        match personality {
            Personality::X86_64 => set_bit(&mut self.bits, number),
            Personality::I386 => set_bit(&mut self.i386, number),
            Personality::X32 => set_bit(&mut self.x32, number),
        }
    }

    /// strace's grammar ([`super::parse`]) over syscall tokens.
    pub fn parse(text: &str) -> Result<SyscallSet, SetError> {
        super::parse(text)
    }

    /// One token; `?` makes a token that matches nothing harmless. Without `@`, a token is read
    /// on each personality strace knows on x86_64 and is valid if it means something on one; it
    /// adds what it means on each, by that personality's numbers (`getpid` is x86_64's 39, i386's
    /// 20 and x32's 39; `getpid@32` only i386's).
    fn add_token(&mut self, token: &str) -> Result<(), SetError> {
        let ignore_failure = token.starts_with('?');
        let body = token.trim_start_matches('?');
        let (body, only) = match body.rsplit_once('@') {
            Some((name, designator)) => match Personality::by_designator(designator) {
                Some(personality) => (name, Some(personality)),
                None => {
                    return Err(SetError::Personality { designator: designator.into(), token: body.into() })
                }
            },
            None => (body, None),
        };
        let mut found = false;
        for personality in Personality::ALL.into_iter().filter(|p| only.is_none_or(|only| only == *p)) {
            found |= self.add_on(body, personality)?;
        }
        if found || ignore_failure {
            Ok(())
        } else {
            Err(SetError::invalid(token))
        }
    }

    /// strace's `qualify_syscall_pers`: `body` read on one personality; true if it named something
    /// there (only x86_64's calls are added).
    fn add_on(&mut self, body: &str, personality: Personality) -> Result<bool, SetError> {
        if body.starts_with(|c: char| c.is_ascii_digit()) {
            // strace's string_to_uint: decimal, up to INT_MAX.
            let Some(nr) = body.parse::<u32>().ok().filter(|&n| i32::try_from(n).is_ok()) else {
                return Ok(false);
            };
            return Ok(match personality {
                Personality::X86_64 => self.add_number(nr),
                other => {
                    let valid = other.number_is_valid(nr);
                    if valid {
                        self.insert_compat(other, u64::from(nr) & !u64::from(X32_SYSCALL_BIT));
                    }
                    valid
                }
            });
        }
        if let Some(pattern) = body.strip_prefix('/') {
            let regex = PosixRegex::new(pattern)?;
            return Ok(match personality {
                Personality::X86_64 => self.add_regex(&regex),
                other => {
                    self.add_compat(other, |info| regex.is_match(info.name));
                    other.names().any(|name| regex.is_match(name))
                }
            });
        }
        if personality != Personality::X86_64 {
            let class = class_bits(body);
            if let Some(bits) = class {
                self.add_compat(personality, |info| info.classes & bits == bits);
            } else {
                self.add_compat(personality, |info| info.name == body);
            }
            return Ok(class.is_some() || personality.names().any(|name| name == body));
        }
        Ok(self.add_class(body) || self.add_name(body))
    }

    /// The calls of `personality`'s table that `wanted` picks.
    fn add_compat(&mut self, personality: Personality, wanted: impl Fn(&syscall::SyscallInfo) -> bool) {
        let table: &[Option<syscall::SyscallInfo>] = match personality {
            Personality::X86_64 => &[],
            Personality::I386 => &syscall::compat::I386,
            Personality::X32 => &syscall::compat::X32,
        };
        for info in table.iter().flatten().filter(|info| wanted(info)) {
            self.insert_compat(personality, u64::from(info.nr));
        }
    }

    /// A number of strace 6.1's x86_64 table (0 to 334 and 424 to 450; tracer's table also knows
    /// later calls, by name only).
    fn add_number(&mut self, nr: u32) -> bool {
        let known_to_strace = nr <= 334 || (424..=450).contains(&nr);
        if !known_to_strace || syscall::info(u64::from(nr)).is_none() {
            return false;
        }
        self.insert(u64::from(nr));
        true
    }

    /// A class (`%file`, the legacy `file`, and `all`: every call), in any case as strace reads
    /// them.
    fn add_class(&mut self, name: &str) -> bool {
        let Some(bits) = class_bits(name) else { return false };
        for nr in 0..=syscall::MAX_NR as u64 {
            if syscall::info(nr).is_some_and(|info| info.classes & bits == bits) {
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

    /// The calls whose names `regex` matches.
    fn add_regex(&mut self, regex: &PosixRegex) -> bool {
        let mut found = false;
        for nr in 0..=syscall::MAX_NR as u64 {
            if let Some(info) = syscall::info(nr) {
                if regex.is_match(info.name) {
                    self.insert(nr);
                    found = true;
                }
            }
        }
        found
    }
}

/// The class bits of a class token (`%file`, the legacy `file`, `all`: no bits, every call).
fn class_bits(name: &str) -> Option<u32> {
    match name.strip_prefix('%') {
        Some(class_name) => {
            class::NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(class_name)).map(|&(_, b)| b)
        }
        None => LEGACY_CLASSES.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|&(_, b)| b),
    }
}

fn bit(words: &[u64], nr: u64) -> bool {
    let Ok(nr) = usize::try_from(nr) else { return false };
    words.get(nr / 64).is_some_and(|word| word & (1 << (nr % 64)) != 0)
}

fn set_bit(words: &mut [u64], nr: u64) {
    let Ok(nr) = usize::try_from(nr) else { return };
    if let Some(word) = words.get_mut(nr / 64) {
        *word |= 1 << (nr % 64);
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
        for word in self.bits.iter_mut().chain(&mut self.i386).chain(&mut self.x32) {
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
    fn insert_takes_each_personality_s_record_number() {
        use tracer_common::personality::{EXECS, I386_EXECVE};
        let mut set = parse("none");
        for exec in EXECS {
            set.insert(exec);
        }
        assert!(EXECS.iter().all(|&exec| set.contains(exec)));
        assert!(!set.contains(nr("execve") | 0x4000_0000) && !set.contains(I386_EXECVE + 1));
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
        assert_eq!(err("1,!chdir").as_deref(), Some("invalid system call '!chdir'"));
        assert_eq!(err("451").as_deref(), Some("invalid system call '451'"));
        assert_eq!(err("0x3").as_deref(), Some("invalid system call '0x3'"));
        assert_eq!(err("/xyz").as_deref(), Some("invalid system call '/xyz'"));
        assert_eq!(err("/[").as_deref(), Some("regcomp: [: Invalid regular expression"));
        assert_eq!(
            err("read@16").as_deref(),
            Some("incorrect personality designator '16' in qualification 'read@16'")
        );
        assert!(SyscallSet::parse("547").is_ok() && SyscallSet::parse("?/xyz").is_ok());
        assert_eq!(
            err("?read@16").as_deref(),
            Some("incorrect personality designator '16' in qualification 'read@16'")
        );
        assert_eq!(err("mmap2@64").as_deref(), Some("invalid system call 'mmap2@64'"));
        assert_eq!(err("335@64").as_deref(), Some("invalid system call '335@64'"));
        assert_eq!(err("1000").as_deref(), Some("invalid system call '1000'"));
    }

    #[test]
    fn other_personalities_add_their_own_numbers() {
        use tracer_common::personality::{Personality, AUDIT_ARCH_I386, X32_SYSCALL_BIT};
        let i386 = |n: u64| Personality::record_nr(AUDIT_ARCH_I386, n);
        let x32 = |n: u64| n | X32_SYSCALL_BIT;
        // Names, numbers, regexes and classes of i386 and x32, as strace 6.1 on x86_64.
        let only_compat = |text: &str| {
            let set = parse(text);
            assert_eq!(set.words(), SyscallSet::none().words(), "{text} adds no x86_64 call");
            set
        };
        assert!(only_compat("mmap2").contains(i386(192)) && !parse("mmap2").contains(x32(192)));
        assert!(only_compat("mmap2@32").contains(i386(192)));
        assert!(only_compat("all@32").contains(i386(20)) && !parse("all@32").contains(x32(39)));
        assert!(only_compat("all@x32").contains(x32(39)) && !parse("all@x32").contains(i386(20)));
        assert!(only_compat("%stat@x32").contains(x32(4)));
        assert!(only_compat("/^socketcall$").contains(i386(102)));
        assert!(only_compat("335").contains(i386(335)));
        assert!(only_compat("547@x32").contains(x32(547)));
        assert!(only_compat("1073741826@x32").contains(x32(2)), "the x32 bit");
        assert!(SyscallSet::parse("socket@32").is_ok(), "a subcall's name");
        assert!(SyscallSet::parse("501@32").is_err(), "a subcall's number is not valid");
        let getpid = parse("getpid");
        assert!(getpid.contains(nr("getpid")) && getpid.contains(i386(20)) && getpid.contains(x32(39)));
        assert!(!getpid.contains(i386(4)), "i386 write");
        let getpid32 = parse("getpid@32");
        assert!(!getpid32.contains(nr("getpid")) && getpid32.contains(i386(20)));
        assert!(!parse("getpid@64").contains(i386(20)));
        assert!(!parse("!getpid").contains(i386(20)) && parse("!getpid").contains(i386(4)));
        // A number no i386 row has: strace traces it whatever the set.
        assert!(parse("getpid").contains(i386(500)) && parse("none").contains(i386(500)));
        assert!(parse("all@64").contains(nr("read")));
        assert!(parse("%STAT").contains(nr("stat")));
        assert!(parse("79").contains(nr("getcwd")) && parse("79@64").contains(nr("getcwd")));
        assert!(!parse("79@32").contains(79));
        assert!(parse("getcwd,mmap2").contains(nr("getcwd")));
    }
}
