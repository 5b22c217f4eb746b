//! strace's timestamps: `-t`, `-tt`, `-ttt`, `--absolute-timestamps=`, `-r`,
//! `--relative-timestamps=`, `-T`, `--syscall-times=`, printed from the records' own clock (both
//! backends stamp records with CLOCK_MONOTONIC; absolute times add the offset to CLOCK_REALTIME
//! measured once at start).

use std::fmt::Write as _;

/// How many fractional digits a time shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    S,
    Ms,
    Us,
    Ns,
}

impl Precision {
    /// `s`, `ms`, `us` or `ns`, in any case (strace compares with strcasecmp).
    fn parse(text: &str) -> Option<Precision> {
        match text.to_ascii_lowercase().as_str() {
            "s" => Some(Precision::S),
            "ms" => Some(Precision::Ms),
            "us" => Some(Precision::Us),
            "ns" => Some(Precision::Ns),
            _ => None,
        }
    }

    fn digits(self) -> usize {
        match self {
            Precision::S => 0,
            Precision::Ms => 3,
            Precision::Us => 6,
            Precision::Ns => 9,
        }
    }

    /// `.123456` (nothing for whole seconds), truncated like strace.
    fn fraction(self, out: &mut String, nanos: u64) {
        let digits = self.digits();
        if digits > 0 {
            let value = nanos / 10u64.pow(9 - digits as u32);
            let _ = write!(out, ".{value:0digits$}");
        }
    }
}

/// `--absolute-timestamps=` formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Absolute {
    /// Local wall-clock time, `HH:MM:SS`.
    Time(Precision),
    /// Seconds since the epoch.
    Unix(Precision),
}

/// A timestamp flag's value that is not one of its spellings; the message is strace's
/// `invalid --FLAG argument: 'VALUE'`.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TimestampFlagError {
    /// `--absolute-timestamps` or its alias `--timestamps`, named as spelt.
    #[error("invalid --{flag} argument: '{value}'")]
    AbsoluteTimestamps { flag: String, value: String },
    /// strace refuses `-t` together with the long form (without its usage hint).
    #[error("-t and --absolute-timestamps cannot be provided simultaneously")]
    ShortAndLong,
    #[error("invalid --relative-timestamps argument: '{0}'")]
    RelativeTimestamps(String),
    #[error("invalid --syscall-times argument: '{0}'")]
    SyscallTimes(String),
}

/// What a line's leader and a call's end show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TimestampOptions {
    pub absolute: Option<Absolute>,
    /// `-r`: the time since the previous line.
    pub relative: Option<Precision>,
    /// `-T`: the time spent in each call, `<0.000012>`.
    pub syscall_times: Option<Precision>,
}

impl TimestampOptions {
    /// From the flags as given: `-t` count, `--absolute-timestamps`/`--timestamps` occurrences in
    /// command-line order (the long name as spelt and the value), `-r`, `--relative-timestamps`
    /// values, `-T`, `--syscall-times` values (a flag without a value arrives as its default). The
    /// error names the flag and the value refused.
    pub fn from_flags(
        t_count: u8,
        absolute: &[(String, String)],
        r: bool,
        relative: &[String],
        big_t: bool,
        syscall_times: &[String],
    ) -> Result<TimestampOptions, TimestampFlagError> {
        let mut state = AbsoluteState::default();
        for (flag, value) in absolute {
            state.apply(value).ok_or_else(|| TimestampFlagError::AbsoluteTimestamps {
                flag: flag.clone(),
                value: value.clone(),
            })?;
        }
        if t_count > 0 {
            if !absolute.is_empty() {
                return Err(TimestampFlagError::ShortAndLong);
            }
            let spelled = match t_count {
                1 => "format:time",
                2 => "precision:us,format:time",
                _ => "format:unix,precision:us",
            };
            state.apply(spelled).ok_or(TimestampFlagError::ShortAndLong)?;
        }
        let mut opts = TimestampOptions {
            absolute: state.absolute(),
            relative: r.then_some(Precision::Us),
            syscall_times: big_t.then_some(Precision::Us),
        };
        for value in relative {
            let precision = Precision::parse(value)
                .ok_or_else(|| TimestampFlagError::RelativeTimestamps(value.clone()))?;
            opts.relative = Some(precision);
        }
        for value in syscall_times {
            let precision =
                Precision::parse(value).ok_or_else(|| TimestampFlagError::SyscallTimes(value.clone()))?;
            opts.syscall_times = Some(precision);
        }
        Ok(opts)
    }
}

/// What the absolute-timestamp flags have said so far. As in strace, each occurrence of
/// `[[format:]FORMAT][,[precision:]PRECISION]` changes only the parts it names (a first one naming
/// no format turns timestamps on as `time`), so `format:unix` then `precision:ns` add up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct AbsoluteState {
    /// `None`: off (`format:none`, or no flag yet); `Some(true)`: unix, `Some(false)`: time.
    unix: Option<bool>,
    precision: Precision,
}

impl Default for AbsoluteState {
    fn default() -> Self {
        AbsoluteState { unix: None, precision: Precision::S }
    }
}

/// A format token: `Some(None)` for `none`, `Some(Some(unix))` otherwise.
fn parse_format(name: &str) -> Option<Option<bool>> {
    match name.to_ascii_lowercase().as_str() {
        "none" => Some(None),
        "time" => Some(Some(false)),
        "unix" => Some(Some(true)),
        _ => None,
    }
}

/// `prefix` at the start of `token` in any case: the rest.
fn strip_prefix_nocase<'a>(token: &'a str, prefix: &str) -> Option<&'a str> {
    let head = token.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &token[prefix.len()..])
}

impl AbsoluteState {
    /// One occurrence's value; `None` when a token is neither a format nor a precision (the
    /// state is then left as it was).
    fn apply(&mut self, value: &str) -> Option<()> {
        // `Some(None)`: a token said `none`.
        let mut format: Option<Option<bool>> = None;
        let mut precision = None;
        for token in value.split(',').filter(|t| !t.is_empty()) {
            if let Some(name) = strip_prefix_nocase(token, "format:") {
                format = Some(parse_format(name)?);
            } else if let Some(name) = strip_prefix_nocase(token, "precision:") {
                precision = Some(Precision::parse(name)?);
            } else if let Some(parsed) = parse_format(token) {
                format = Some(parsed);
            } else {
                precision = Some(Precision::parse(token)?);
            }
        }
        match format {
            None => {
                self.unix.get_or_insert(false);
            }
            Some(unix) => self.unix = unix,
        }
        if let Some(precision) = precision {
            self.precision = precision;
        }
        Some(())
    }

    fn absolute(self) -> Option<Absolute> {
        Some(match self.unix? {
            true => Absolute::Unix(self.precision),
            false => Absolute::Time(self.precision),
        })
    }
}

/// The state timestamps need: the clock offset, and `-r`'s previous line.
#[derive(Debug)]
pub struct Clock {
    opts: TimestampOptions,
    /// CLOCK_REALTIME minus CLOCK_MONOTONIC, ns.
    realtime_offset_ns: i128,
    previous_ns: Option<u64>,
}

/// CLOCK_REALTIME minus CLOCK_MONOTONIC, measured once per run (or a capture's, when replaying):
/// every printer, and a capture, turn stamps into times with the same offset.
static REALTIME_OFFSET_NS: std::sync::OnceLock<i128> = std::sync::OnceLock::new();

/// The run's CLOCK_REALTIME minus CLOCK_MONOTONIC, ns.
pub fn realtime_offset_ns() -> i128 {
    *REALTIME_OFFSET_NS.get_or_init(|| {
        let now = |id| {
            nix::time::clock_gettime(id).map(|ts| ts.tv_sec() as i128 * 1_000_000_000 + ts.tv_nsec() as i128)
        };
        match (now(nix::time::ClockId::CLOCK_REALTIME), now(nix::time::ClockId::CLOCK_MONOTONIC)) {
            (Ok(real), Ok(mono)) => real - mono,
            _ => 0,
        }
    })
}

/// Use `offset_ns` (a capture's) as [`realtime_offset_ns`]; before any printer is made.
pub fn set_realtime_offset_ns(offset_ns: i128) {
    let _ = REALTIME_OFFSET_NS.set(offset_ns);
}

impl Clock {
    pub fn new(opts: TimestampOptions) -> Self {
        Clock { opts, realtime_offset_ns: realtime_offset_ns(), previous_ns: None }
    }

    /// A clock with a fixed offset, for tests.
    #[cfg(test)]
    pub fn with_offset(opts: TimestampOptions, realtime_offset_ns: i128) -> Self {
        Clock { opts, realtime_offset_ns, previous_ns: None }
    }

    /// A record's monotonic stamp as nanoseconds since the epoch.
    pub fn realtime_ns(&self, ts_ns: u64) -> u64 {
        u64::try_from(i128::from(ts_ns) + self.realtime_offset_ns).unwrap_or_default()
    }

    /// The leader's timestamps for a line stamped `ts_ns` (monotonic): `01:38:16.716225 `,
    /// `     0.000030 `, or both as `01:38:16 (+     0.000067) `.
    pub fn leader(&mut self, out: &mut String, ts_ns: u64) {
        let relative = self.opts.relative.map(|precision| {
            let previous = *self.previous_ns.get_or_insert(ts_ns);
            self.previous_ns = Some(ts_ns);
            (precision, ts_ns.saturating_sub(previous))
        });
        if let Some(absolute) = self.opts.absolute {
            let real = (i128::from(ts_ns) + self.realtime_offset_ns).max(0);
            let (secs, nanos) = ((real / 1_000_000_000) as i64, (real % 1_000_000_000) as u64);
            match absolute {
                Absolute::Unix(precision) => {
                    let _ = write!(out, "{secs}");
                    precision.fraction(out, nanos);
                }
                Absolute::Time(precision) => {
                    let (h, m, s) = local_time(secs);
                    let _ = write!(out, "{h:02}:{m:02}:{s:02}");
                    precision.fraction(out, nanos);
                }
            }
            match relative {
                Some((precision, delta)) => {
                    out.push_str(" (+");
                    seconds(out, precision, delta, 6);
                    out.push_str(") ");
                }
                None => out.push(' '),
            }
        } else if let Some((precision, delta)) = relative {
            seconds(out, precision, delta, 6);
            out.push(' ');
        }
    }

    /// `-T`: ` <0.000012>` for a call that took `duration_ns`.
    pub fn duration(&self, out: &mut String, duration_ns: u64) {
        if let Some(precision) = self.opts.syscall_times {
            out.push_str(" <");
            seconds(out, precision, duration_ns, 0);
            out.push('>');
        }
    }
}

/// `%{width}ld` seconds and the fraction.
fn seconds(out: &mut String, precision: Precision, ns: u64, width: usize) {
    let _ = write!(out, "{:width$}", ns / 1_000_000_000);
    precision.fraction(out, ns % 1_000_000_000);
}

/// Hours, minutes and seconds of the local time (`localtime_r`, as strace).
fn local_time(secs: i64) -> (i32, i32, i32) {
    let time: libc::time_t = secs;
    // SAFETY: an all-zero `tm` is valid; localtime_r only writes into it.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: both pointers are valid for the call; localtime_r is thread-safe.
    if unsafe { libc::localtime_r(&time, &mut tm) }.is_null() {
        let day = secs.rem_euclid(86_400) as i32;
        return (day / 3600, day / 60 % 60, day % 60);
    }
    (tm.tm_hour, tm.tm_min, tm.tm_sec)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(
        t: u8,
        abs: &[&str],
        r: bool,
        rel: &[&str],
        big_t: bool,
        times: &[&str],
    ) -> Result<TimestampOptions, TimestampFlagError> {
        let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let abs: Vec<(String, String)> =
            abs.iter().map(|v| ("absolute-timestamps".to_string(), v.to_string())).collect();
        TimestampOptions::from_flags(t, &abs, r, &own(rel), big_t, &own(times))
    }

    fn leader(opts: TimestampOptions, stamps: &[u64]) -> Vec<String> {
        // 2026-11-28 01:38:16 UTC at monotonic 1 s.
        let mut clock = Clock::with_offset(opts, 1_795_829_896_000_000_000 - 1_000_000_000);
        stamps
            .iter()
            .map(|&ts| {
                let mut out = String::new();
                clock.leader(&mut out, ts);
                out
            })
            .collect()
    }

    #[test]
    fn flags_map_to_formats_like_strace() {
        assert_eq!(
            opts(1, &[], false, &[], false, &[]).map(|o| o.absolute),
            Ok(Some(Absolute::Time(Precision::S)))
        );
        assert_eq!(
            opts(2, &[], false, &[], false, &[]).map(|o| o.absolute),
            Ok(Some(Absolute::Time(Precision::Us)))
        );
        assert_eq!(
            opts(3, &[], false, &[], false, &[]).map(|o| o.absolute),
            Ok(Some(Absolute::Unix(Precision::Us)))
        );
        assert_eq!(
            opts(0, &["unix,ns"], false, &[], false, &[]).map(|o| o.absolute),
            Ok(Some(Absolute::Unix(Precision::Ns)))
        );
        assert_eq!(
            opts(0, &["format:time,precision:ms"], false, &[], false, &[]).map(|o| o.absolute),
            Ok(Some(Absolute::Time(Precision::Ms)))
        );
        assert_eq!(
            opts(0, &["precision:ms"], false, &[], false, &[]).map(|o| o.absolute),
            Ok(Some(Absolute::Time(Precision::Ms)))
        );
        assert_eq!(opts(0, &["none"], false, &[], false, &[]).map(|o| o.absolute), Ok(None));
        assert_eq!(
            opts(2, &["none"], false, &[], false, &[]).map(|o| o.absolute),
            Err(TimestampFlagError::ShortAndLong)
        );
        assert_eq!(opts(0, &[], true, &["ms"], false, &[]).map(|o| o.relative), Ok(Some(Precision::Ms)));
        assert_eq!(opts(0, &[], false, &[], true, &["ns"]).map(|o| o.syscall_times), Ok(Some(Precision::Ns)));
    }

    #[test]
    fn bad_values_name_the_flag_like_strace() {
        let err = |abs: &[&str], rel: &[&str], times: &[&str]| {
            opts(0, abs, false, rel, false, times).expect_err("refused")
        };
        let absolute = err(&["foo"], &[], &[]);
        let spelt = |value: &str| TimestampFlagError::AbsoluteTimestamps {
            flag: "absolute-timestamps".into(),
            value: value.into(),
        };
        assert_eq!(absolute, spelt("foo"));
        assert_eq!(absolute.to_string(), "invalid --absolute-timestamps argument: 'foo'");
        let relative = err(&[], &["xs"], &[]);
        assert_eq!(relative, TimestampFlagError::RelativeTimestamps("xs".into()));
        assert_eq!(relative.to_string(), "invalid --relative-timestamps argument: 'xs'");
        let times = err(&[], &[], &["foo"]);
        assert_eq!(times, TimestampFlagError::SyscallTimes("foo".into()));
        assert_eq!(times.to_string(), "invalid --syscall-times argument: 'foo'");
    }

    #[test]
    fn occurrences_combine_their_parts_like_strace() {
        let abs = |values: &[&str]| opts(0, values, false, &[], false, &[]).map(|o| o.absolute);
        assert_eq!(abs(&["format:unix", "precision:ns"]), Ok(Some(Absolute::Unix(Precision::Ns))));
        assert_eq!(abs(&["precision:ms", "format:unix"]), Ok(Some(Absolute::Unix(Precision::Ms))));
        assert_eq!(abs(&["unix,ms", "us"]), Ok(Some(Absolute::Unix(Precision::Us))));
        assert_eq!(abs(&["unix", "none", "ms"]), Ok(Some(Absolute::Time(Precision::Ms))));
        assert_eq!(abs(&["UNIX,NS"]), Ok(Some(Absolute::Unix(Precision::Ns))));
        assert_eq!(abs(&["Format:Unix,Precision:Ms"]), Ok(Some(Absolute::Unix(Precision::Ms))));
        assert_eq!(abs(&[""]), Ok(Some(Absolute::Time(Precision::S))));
        // `format:` takes only formats, `precision:` only precisions.
        assert!(abs(&["format:ms"]).is_err());
        assert!(abs(&["precision:unix"]).is_err());
        let timestamps = [("timestamps".to_string(), "bad".to_string())];
        let err = TimestampOptions::from_flags(0, &timestamps, false, &[], false, &[]).expect_err("refused");
        assert_eq!(err.to_string(), "invalid --timestamps argument: 'bad'");
    }

    #[test]
    fn leaders_print_like_strace() {
        let at = [1_716_225_000, 1_716_265_123];
        let abs = |a| TimestampOptions { absolute: Some(a), ..TimestampOptions::default() };
        assert_eq!(
            leader(abs(Absolute::Unix(Precision::Us)), &at),
            ["1795829896.716225 ", "1795829896.716265 "]
        );
        assert_eq!(leader(abs(Absolute::Unix(Precision::Ns)), &at[..1]), ["1795829896.716225000 "]);
        // The machine's time zone decides the hour.
        let (h, m, s) = local_time(1_795_829_896);
        let hms = format!("{h:02}:{m:02}:{s:02}");
        assert_eq!(leader(abs(Absolute::Time(Precision::S)), &at[..1]), [format!("{hms} ")]);
        assert_eq!(leader(abs(Absolute::Time(Precision::Ms)), &at[..1]), [format!("{hms}.716 ")]);
        let rel = TimestampOptions { relative: Some(Precision::Us), ..TimestampOptions::default() };
        assert_eq!(leader(rel, &at), ["     0.000000 ", "     0.000040 "]);
        let rel_s = TimestampOptions { relative: Some(Precision::S), ..TimestampOptions::default() };
        assert_eq!(leader(rel_s, &at), ["     0 ", "     0 "]);
        let both = TimestampOptions { relative: Some(Precision::Us), ..abs(Absolute::Time(Precision::S)) };
        assert_eq!(
            leader(both, &at),
            [format!("{hms} (+     0.000000) "), format!("{hms} (+     0.000040) ")]
        );
    }

    #[test]
    fn durations_print_like_strace() {
        let clock = |p| {
            Clock::with_offset(TimestampOptions { syscall_times: Some(p), ..TimestampOptions::default() }, 0)
        };
        let text = |p, ns| {
            let mut out = String::new();
            clock(p).duration(&mut out, ns);
            out
        };
        assert_eq!(text(Precision::Us, 10_500), " <0.000010>");
        assert_eq!(text(Precision::Ns, 7_170), " <0.000007170>");
        assert_eq!(text(Precision::S, 7_170), " <0>");
        assert_eq!(text(Precision::Us, 2_500_000_000), " <2.500000>");
    }
}
