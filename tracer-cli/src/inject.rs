//! `-e inject=` and `-e fault=`: strace 6.1's syscall tampering grammar,
//! `SET:error=ERRNO|retval=N|signal=SIG|delay_enter=T|delay_exit=T|poke_enter=@argN=HEX,...|
//! poke_exit=@argN=HEX,...[:syscall=PURE][:when=FIRST[..LAST][+[STEP]]]` (`fault=` takes only
//! `error=`, `syscall=` and `when=`, and its error defaults to ENOSYS).
//!
//! The rules end up per syscall number: a later `-e inject=` naming the same call replaces the
//! earlier one (strace's `inject_vec[p][i] = opts`). Counters are per task and start at the task's
//! first call ([`Rule::fires_on`] takes the task's 1-based count of that call).

use std::collections::BTreeMap;

use crate::sets::{SetError, SyscallSet};

/// strace's `INJECT_LAST_INF`: no last call.
const LAST_INF: u16 = u16::MAX;
/// strace's `MAX_ERRNO_VALUE`.
const MAX_ERRNO: u64 = 4095;
/// Bytes one `@argN=` may write at most.
const MAX_POKE_BYTES: usize = 1024;
/// `@argN`: N from 1 to this.
const MAX_POKE_ARG: u8 = 7;

/// One `@argN=HEX` of `poke_enter=`/`poke_exit=`: bytes written where argument N points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Poke {
    /// N, from 1.
    pub arg: u8,
    pub data: Vec<u8>,
}

/// Which calls of a task are tampered with: `when=FIRST[..LAST][+STEP]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct When {
    pub first: u16,
    /// [`LAST_INF`] for none.
    pub last: u16,
    /// 0: only `first`.
    pub step: u16,
}

impl Default for When {
    fn default() -> Self {
        When { first: 1, last: LAST_INF, step: 1 }
    }
}

/// What is done to a matching call.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rule {
    /// The value the call returns instead of running: `-errno` for `error=`, N for `retval=`.
    pub ret: Option<i64>,
    /// `ret` is a `retval=`: never an error, whatever its value.
    pub nofail: bool,
    /// `signal=`: delivered to the task when the call returns.
    pub signal: Option<i32>,
    /// `delay_enter=`, `delay_exit=`, in microseconds.
    pub delay_enter_us: Option<u64>,
    pub delay_exit_us: Option<u64>,
    /// `syscall=`: the side-effect-free call run instead of none when the result is replaced.
    pub syscall: Option<u64>,
    /// `poke_enter=`, `poke_exit=`: memory overwritten at the entry, at the exit.
    pub poke_enter: Vec<Poke>,
    pub poke_exit: Vec<Poke>,
    pub when: When,
}

impl Rule {
    /// Whether the task's `n`th call (1-based) of this syscall is tampered with.
    pub fn fires_on(&self, n: u64) -> bool {
        let When { first, last, step } = self.when;
        let (first, last, step) = (u64::from(first), u64::from(last), u64::from(step));
        if n < first || (last != u64::from(LAST_INF) && n > last) {
            return false;
        }
        match step {
            0 => n == first,
            step => (n - first).is_multiple_of(step),
        }
    }
}

/// All `-e inject=`/`-e fault=` rules, by syscall number.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Injections {
    rules: BTreeMap<u64, Rule>,
}

/// Why an expression was refused: strace's texts.
#[derive(Debug, PartialEq, Eq)]
pub enum InjectError {
    /// `invalid inject argument 'TEXT'` (or `fault`).
    Argument(String),
    /// The set did not parse (`invalid system call 'x'`).
    Set(SetError),
}

impl Injections {
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The rule for syscall `nr`, if any.
    pub fn rule(&self, nr: u64) -> Option<&Rule> {
        self.rules.get(&nr)
    }

    /// Keep only the rules for calls in `trace`: strace tampers only with the calls it traces
    /// (`-e trace=writev -e fault=desc` leaves `mmap` alone).
    pub fn retain_traced(&mut self, trace: &SyscallSet) {
        self.rules.retain(|&nr, _| trace.contains(nr));
    }

    /// The calls some rule names.
    pub fn calls(&self) -> SyscallSet {
        let mut set = SyscallSet::none();
        for &nr in self.rules.keys() {
            set.insert(nr);
        }
        set
    }

    /// Add one `-e inject=TEXT` (`fault == false`) or `-e fault=TEXT`. Returns strace's warning,
    /// if any (a `retval=` that reads as an error).
    pub fn add(&mut self, text: &str, fault: bool) -> Result<Option<String>, InjectError> {
        let what = if fault { "fault" } else { "inject" };
        let invalid = || InjectError::Argument(format!("invalid {what} argument '{text}'"));
        // strace: an empty name, or one starting with ':', is the set "".
        let (name, tokens) = if text.is_empty() || text.starts_with(':') {
            ("", "")
        } else {
            text.split_once(':').unwrap_or((text, ""))
        };
        let mut rule = Rule::default();
        let mut error_or_retval = false;
        for token in tokens.split(':').filter(|t| !t.is_empty()) {
            if !parse_token(token, &mut rule, &mut error_or_retval, fault) {
                return Err(invalid());
            }
        }
        let set = SyscallSet::parse(name).map_err(InjectError::Set)?;
        let acts = rule.ret.is_some()
            || rule.signal.is_some()
            || rule.delay_enter_us.is_some()
            || rule.delay_exit_us.is_some()
            || !rule.poke_enter.is_empty()
            || !rule.poke_exit.is_empty();
        if !acts {
            if !fault {
                return Err(invalid());
            }
            rule.ret = Some(-i64::from(libc::ENOSYS));
        }
        // strace warns of a `retval=` that reads as an error (it goes ahead anyway).
        let by_retval = tokens.split(':').any(|t| t.starts_with("retval="));
        let warning = match rule.ret {
            Some(ret) if by_retval && (-4095..0).contains(&ret) => {
                Some(format!("Inadvertent injection of error {} is possible for retval={}", -ret, ret as u64))
            }
            _ => None,
        };
        for nr in 0..1024u64 {
            if set.contains(nr) {
                self.rules.insert(nr, rule.clone());
            }
        }
        Ok(warning)
    }
}

/// strace's `parse_inject_token`.
fn parse_token(token: &str, rule: &mut Rule, error_or_retval: &mut bool, fault: bool) -> bool {
    if let Some(value) = token.strip_prefix("when=") {
        return parse_when(value).map(|when| rule.when = when).is_some();
    }
    if let Some(value) = token.strip_prefix("error=") {
        if *error_or_retval {
            return false;
        }
        let errno = match strtoul(value) {
            Some((n, "")) if n <= MAX_ERRNO => Some(n),
            _ => errno_by_name(value),
        };
        let Some(errno) = errno.filter(|&e| e >= 1) else { return false };
        rule.ret = Some(-(errno as i64));
        *error_or_retval = true;
        return true;
    }
    if let Some(value) = token.strip_prefix("syscall=") {
        // strace takes `syscall=` from -e fault too.
        return rule.syscall.is_none() && pure_syscall(value).map(|nr| rule.syscall = Some(nr)).is_some();
    }
    if fault {
        return false;
    }
    if let Some(value) = token.strip_prefix("retval=") {
        if *error_or_retval {
            return false;
        }
        let Some(n) = strtoull_base0(value) else { return false };
        rule.ret = Some(n as i64);
        rule.nofail = true;
        *error_or_retval = true;
        true
    } else if let Some(value) = token.strip_prefix("signal=") {
        if rule.signal.is_some() {
            return false;
        }
        match crate::sets::signal_number(value).filter(|&s| (1..=64).contains(&s)) {
            Some(sig) => {
                rule.signal = i32::try_from(sig).ok();
                true
            }
            None => false,
        }
    } else if let Some(value) = token.strip_prefix("delay_enter=") {
        rule.delay_enter_us.is_none() && parse_delay(value).map(|us| rule.delay_enter_us = Some(us)).is_some()
    } else if let Some(value) = token.strip_prefix("delay_exit=") {
        rule.delay_exit_us.is_none() && parse_delay(value).map(|us| rule.delay_exit_us = Some(us)).is_some()
    } else if let Some(value) = token.strip_prefix("poke_enter=") {
        rule.poke_enter.is_empty() && parse_pokes(value).map(|pokes| rule.poke_enter = pokes).is_some()
    } else if let Some(value) = token.strip_prefix("poke_exit=") {
        rule.poke_exit.is_empty() && parse_pokes(value).map(|pokes| rule.poke_exit = pokes).is_some()
    } else {
        false
    }
}

/// `syscall=NAME`: only calls without side effects (strace's `%pure`) can stand in.
fn pure_syscall(name: &str) -> Option<u64> {
    let info = tracer_common::syscall::by_name(name)?;
    (info.classes & tracer_common::syscall::class::PURE != 0).then_some(u64::from(info.nr))
}

/// `@argN=HEX[,@argM=HEX...]`: N in 1..=7, each at most once; HEX a non-empty even run of hex
/// digits, up to [`MAX_POKE_BYTES`] bytes.
fn parse_pokes(value: &str) -> Option<Vec<Poke>> {
    let mut pokes: Vec<Poke> = Vec::new();
    for item in value.split(',') {
        let (arg, hex) = item.strip_prefix("@arg")?.split_once('=')?;
        let arg: u8 = arg.parse().ok().filter(|n| (1..=MAX_POKE_ARG).contains(n))?;
        let digits = !hex.is_empty() && hex.len() % 2 == 0 && hex.bytes().all(|b| b.is_ascii_hexdigit());
        if pokes.iter().any(|poke| poke.arg == arg) || !digits {
            return None;
        }
        let data: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| hex.get(i..i + 2).and_then(|pair| u8::from_str_radix(pair, 16).ok()))
            .collect::<Option<_>>()?;
        if data.len() > MAX_POKE_BYTES {
            return None;
        }
        pokes.push(Poke { arg, data });
    }
    Some(pokes)
}

/// `FIRST[..LAST][+[STEP]]`, each in 1..65535 (LAST >= FIRST, LAST < 65535).
fn parse_when(value: &str) -> Option<When> {
    let (first, mut rest) = strtoul(value)?;
    let first = u16::try_from(first).ok().filter(|&f| f >= 1)?;
    if !(rest.is_empty() || rest.starts_with('+') || rest.starts_with('.')) {
        return None;
    }
    let mut last = LAST_INF;
    if let Some(after) = rest.strip_prefix('.') {
        let after = after.strip_prefix('.')?;
        let (l, r) = strtoul(after)?;
        if !(r.is_empty() || r.starts_with('+')) {
            return None;
        }
        last = u16::try_from(l).ok().filter(|&l| l >= first && l != LAST_INF)?;
        rest = r;
    }
    let step = match rest.strip_prefix('+') {
        None if rest.is_empty() => u16::from(last != LAST_INF),
        None => return None,
        Some("") => 1,
        Some(step) => match strtoul(step)? {
            (s, "") => u16::try_from(s).ok().filter(|&s| s >= 1)?,
            _ => return None,
        },
    };
    Some(When { first, last, step })
}

/// strtol(3) base 10 for an unsigned value: leading blanks, an optional `+`, digits; the rest.
fn strtoul(text: &str) -> Option<(u64, &str)> {
    let text = text.trim_start_matches([' ', '\t', '\n']);
    let digits = text.strip_prefix('+').unwrap_or(text);
    let end = digits.find(|c: char| !c.is_ascii_digit()).unwrap_or(digits.len());
    if end == 0 {
        return None;
    }
    Some((digits[..end].parse().ok()?, &digits[end..]))
}

/// strtoull(3) base 0 (decimal, 0x hex, 0 octal; a `-` wraps), the whole text.
fn strtoull_base0(text: &str) -> Option<u64> {
    let text = text.trim_start_matches([' ', '\t', '\n']);
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let value = if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        u64::from_str_radix(hex, 16).ok()?
    } else if text.len() > 1 && text.starts_with('0') {
        u64::from_str_radix(&text[1..], 8).ok()?
    } else if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()?
    } else {
        return None;
    };
    Some(if negative { value.wrapping_neg() } else { value })
}

/// An errno name (`ENOENT`, any case).
fn errno_by_name(name: &str) -> Option<u64> {
    tracer_common::errno::by_name(name).map(u64::from)
}

/// strace's `parse_ts` for delays, in microseconds.
fn parse_delay(value: &str) -> Option<u64> {
    parse_ts_ns(value).map(|ns| ns / 1000)
}

/// strace's `parse_ts` (delays, `-O`): a decimal number with an optional unit (s, ms, us, ns; us
/// by default), in nanoseconds.
pub fn parse_ts_ns(value: &str) -> Option<u64> {
    let split = value.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(value.len());
    let (number, unit) = value.split_at(split);
    let scale = match unit {
        "" | "us" => 1e3,
        "s" => 1e9,
        "ms" => 1e6,
        "ns" => 1.0,
        _ => return None,
    };
    let number: f64 = number.parse().ok()?;
    let ns = number * scale;
    (ns.is_finite() && ns >= 0.0).then_some(ns.round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nr(name: &str) -> u64 {
        u64::from(tracer_common::syscall::by_name(name).expect("known").nr)
    }

    fn one(text: &str) -> Result<Rule, InjectError> {
        let mut all = Injections::default();
        all.add(text, false)?;
        Ok(all.rule(nr("openat")).expect("a rule for openat").clone())
    }

    fn invalid(text: &str) {
        let mut all = Injections::default();
        assert_eq!(
            all.add(text, false),
            Err(InjectError::Argument(format!("invalid inject argument '{text}'"))),
            "{text}"
        );
    }

    #[test]
    fn actions() {
        assert_eq!(one("openat:error=ENOENT").map(|r| r.ret), Ok(Some(-2)));
        assert_eq!(one("openat:error=enoent").map(|r| r.ret), Ok(Some(-2)));
        assert_eq!(one("openat:error=22").map(|r| r.ret), Ok(Some(-22)));
        assert_eq!(one("openat:retval=42").map(|r| r.ret), Ok(Some(42)));
        assert_eq!(one("openat:retval=0x10").map(|r| r.ret), Ok(Some(16)));
        assert_eq!(one("openat:signal=USR1").map(|r| r.signal), Ok(Some(libc::SIGUSR1)));
        assert_eq!(one("openat:delay_enter=1ms").map(|r| r.delay_enter_us), Ok(Some(1000)));
        assert_eq!(one("openat:delay_exit=1.5").map(|r| r.delay_exit_us), Ok(Some(1)));
        let mut all = Injections::default();
        assert_eq!(all.add("getpid", true), Ok(None));
        assert_eq!(all.rule(nr("getpid")).map(|r| r.ret), Some(Some(-38)));
        assert_eq!(
            all.add("getpid:retval=-5", false),
            Ok(Some("Inadvertent injection of error 5 is possible for retval=18446744073709551611".into()))
        );
    }

    #[test]
    fn pokes_and_stand_in_calls() {
        let rule = one("openat:poke_enter=@arg1=41,@arg2=4a4B:poke_exit=@arg7=00").expect("parses");
        assert_eq!(
            rule.poke_enter,
            [Poke { arg: 1, data: vec![0x41] }, Poke { arg: 2, data: vec![0x4a, 0x4b] }]
        );
        assert_eq!(rule.poke_exit, [Poke { arg: 7, data: vec![0] }]);
        assert_eq!(rule.ret, None);
        let rule = one("openat:error=EIO:syscall=gettid").expect("parses");
        assert_eq!(rule.syscall, Some(nr("gettid")));
        // -e fault= takes syscall= too (strace's qual_fault-syscall), and a retval= is no error.
        let mut all = Injections::default();
        assert_eq!(all.add("writev:syscall=gettid", true), Ok(None));
        assert_eq!(all.rule(nr("writev")).map(|r| (r.ret, r.syscall)), Some((Some(-38), Some(nr("gettid")))));
        assert!(all.add("writev:retval=1", true).is_err());
        assert_eq!(one("openat:retval=1").map(|r| r.nofail), Ok(true));
        assert_eq!(one("openat:error=EIO").map(|r| r.nofail), Ok(false));
        let mut traced = SyscallSet::none();
        traced.insert(nr("writev"));
        all.retain_traced(&traced);
        assert!(all.rule(nr("writev")).is_some());
        all.retain_traced(&SyscallSet::none());
        assert!(all.is_empty());
        let longest = format!("openat:poke_enter=@arg2={}", "41".repeat(MAX_POKE_BYTES));
        assert_eq!(one(&longest).map(|r| r.poke_enter[0].data.len()), Ok(MAX_POKE_BYTES));
        invalid(&format!("openat:poke_enter=@arg2={}", "41".repeat(MAX_POKE_BYTES + 1)));
    }

    #[test]
    fn when() {
        let fired = |text: &str| {
            let rule = one(&format!("openat:retval=1:when={text}")).expect("parses");
            (1..=10).filter(|&n| rule.fires_on(n)).collect::<Vec<_>>()
        };
        assert_eq!(fired("2"), [2]);
        assert_eq!(fired("2..3"), [2, 3]);
        assert_eq!(fired("2..3+1"), [2, 3]);
        assert_eq!(fired("2..5+2"), [2, 4]);
        assert_eq!(fired("3+"), [3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(fired("3+3"), [3, 6, 9]);
        assert_eq!(fired("+1"), [1]);
        assert_eq!(one("openat:retval=1").map(|r| r.fires_on(7)), Ok(true));
    }

    #[test]
    fn later_rules_replace_earlier_ones_for_the_same_call() {
        let mut all = Injections::default();
        all.add("openat,getpid:retval=1:when=2", false).expect("parses");
        all.add("getpid:retval=2:when=3", false).expect("parses");
        assert_eq!(all.rule(nr("openat")).map(|r| r.ret), Some(Some(1)));
        assert_eq!(all.rule(nr("getpid")).map(|r| (r.ret, r.when.first)), Some((Some(2), 3)));
    }

    #[test]
    fn bad_values_read_like_strace() {
        for text in [
            "openat",
            "openat:error=FOO",
            "openat:error=0",
            "openat:error=4096",
            "openat:when=2",
            "openat:when=0",
            "openat:error=ENOENT:when=x",
            "openat:error=ENOENT:when=3..2",
            "openat:error=ENOENT:when=2..",
            "openat:error=ENOENT:when=2+0",
            "openat:error=ENOENT:when=2..3+0",
            "openat:error=ENOENT:when=65536",
            "openat:error=ENOENT:when=1..65535",
            "openat:error=ENOENT:retval=1",
            "openat:retval=42:error=ENOENT",
            "openat:error=ENOENT:error=EPERM",
            "openat:error=ENOENT:foo=1",
            "openat:signal=FOO",
            "openat:signal=0",
            "openat:signal=65",
            "openat:delay_enter=x",
            "openat:delay_enter=-1",
            "openat:retval=x",
            "openat:retval=18446744073709551616",
            "openat:syscall=getpid",
            "openat:syscall=write:error=EIO",
            "openat:syscall=getpid:syscall=getppid:error=EIO",
            "openat:poke_enter=@arg2=41,@arg2=42",
            "openat:poke_enter=@arg2=41:poke_enter=@arg2=42",
            "openat:poke_enter=@arg0=41",
            "openat:poke_enter=@arg8=41",
            "openat:poke_enter=@arg2=",
            "openat:poke_enter=@arg2=4",
            "openat:poke_enter=@arg2=zz",
            "openat:poke_enter=arg2=41",
            "openat:poke_exit=@arg2=+4",
        ] {
            invalid(text);
        }
        let mut all = Injections::default();
        assert_eq!(
            all.add("openat:retval=1", true),
            Err(InjectError::Argument("invalid fault argument 'openat:retval=1'".into()))
        );
        assert_eq!(all.add("foo:error=ENOENT", false), Err(InjectError::Set(SetError::invalid("foo"))));
        assert_eq!(all.add(":error=ENOENT", false), Err(InjectError::Set(SetError::invalid(""))));
        assert!(all.add("openat:error=ENOENT:when=65535", false).is_ok());
        assert!(all.add("openat::error=ENOENT:", false).is_ok());
        assert!(all.is_empty() || all.rule(nr("openat")).is_some());
    }
}
