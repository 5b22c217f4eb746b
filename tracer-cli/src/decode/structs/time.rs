//! Times: timespec and timeval, the pairs of them utimensat and utimes take, utime's utimbuf,
//! the time zone, interval timers, and clock_t ticks with
//! `struct tms`.

use super::{field_int, field_uint};
use crate::decode::fields::Fields;
use crate::decode::printer::{Group, Printer};
use crate::decode::tables::UTIME_NSEC;
use crate::decode::timefmt;
use crate::decode::xlat::lookup;
use crate::decode::XlatStyle;

/// `{tv_sec=1, tv_nsec=2}` at `at`.
pub fn timespec<P: Printer + ?Sized>(p: &mut P, f: &Fields, at: usize) {
    p.open(Group::Struct);
    field_int(p, "tv_sec", f.i64(at));
    field_uint(p, "tv_nsec", f.u64(at + 8));
    p.close();
}

/// An i386 call's `struct old_timespec32` or `old_timeval32` (`second` names the second member):
/// two `int`s, `{tv_sec=1, tv_nsec=2}`.
pub(super) fn old32<P: Printer + ?Sized>(p: &mut P, f: &Fields, second: &str) {
    p.open(Group::Struct);
    field_int(p, "tv_sec", i64::from(f.i32(0)));
    field_int(p, second, i64::from(f.i32(4)));
    p.close();
}

/// `{tv_sec=1, tv_usec=2}` at `at`.
pub fn timeval<P: Printer + ?Sized>(p: &mut P, f: &Fields, at: usize) {
    p.open(Group::Struct);
    field_int(p, "tv_sec", f.i64(at));
    field_uint(p, "tv_usec", f.u64(at + 8));
    p.close();
}

/// utimensat's timespec: `UTIME_NOW`, `UTIME_OMIT`, or the time with a calendar comment.
fn utime_timespec<P: Printer + ?Sized>(p: &mut P, f: &Fields, at: usize) {
    let nsec = f.u64(at + 8);
    match lookup(UTIME_NSEC, nsec) {
        // strace's `print_timespec_t_utime`: the name alone, the struct raw, both verbose.
        Some(name) => match p.style() {
            XlatStyle::Abbrev => p.name(name),
            XlatStyle::Raw => timespec(p, f, at),
            XlatStyle::Verbose => {
                timespec(p, f, at);
                p.comment(name);
            }
        },
        None => {
            timespec(p, f, at);
            timefmt::comment_nsec(p, f.i64(at), nsec);
        }
    }
}

/// A `clock_t` count of ticks: `4 /* 0.04 s */` (zero has no comment, nor has any with `-X raw`).
pub fn clock_t<P: Printer + ?Sized>(p: &mut P, ticks: u64) {
    p.uint(ticks);
    if ticks > 0 && p.style() != crate::decode::XlatStyle::Raw {
        let hz = clock_ticks();
        let width = hz.ilog10() as usize;
        let frac = (ticks % hz) as f64 / hz as f64;
        let text = format!("{frac:.width$}");
        // `0.05` → the digits after the point; a fraction rounding up to `1.00` keeps `00`.
        let digits = text.split_once('.').map_or("", |(_, d)| d);
        if width == 0 {
            p.comment(&format!("{}. s", ticks / hz));
        } else {
            p.comment(&format!("{}.{digits} s", ticks / hz));
        }
    }
}

/// `sysconf(_SC_CLK_TCK)`: USER_HZ, 100 on every Linux x86_64.
fn clock_ticks() -> u64 {
    100
}

/// `struct tms`: the four clock_t counts.
pub(super) fn tms<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    p.open(Group::Struct);
    for (i, name) in ["tms_utime", "tms_stime", "tms_cutime", "tms_cstime"].iter().enumerate() {
        p.field(name);
        clock_t(p, f.u64(i * 8));
    }
    p.close();
}

/// `struct itimerval`: the interval and the value, each a timeval.
pub(super) fn itimerval<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    p.open(Group::Struct);
    p.field("it_interval");
    timeval(p, f, 0);
    p.field("it_value");
    timeval(p, f, 16);
    p.close();
}

/// `struct itimerspec`: the interval and the value, each a timespec.
pub(super) fn itimerspec<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    p.open(Group::Struct);
    p.field("it_interval");
    timespec(p, f, 0);
    p.field("it_value");
    timespec(p, f, 16);
    p.close();
}

/// utimensat's two timespecs (access, modification).
pub(super) fn timespec_pair<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    p.open(Group::Array);
    utime_timespec(p, f, 0);
    utime_timespec(p, f, 16);
    p.close();
}

/// utimes' two timevals, each with its calendar comment (none for an invalid time).
pub(super) fn timeval_pair<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    p.open(Group::Array);
    for at in [0, 16] {
        timeval(p, f, at);
        timefmt::comment_usec(p, f.i64(at), f.u64(at + 8));
    }
    p.close();
}

/// utime's `{actime=N /* date */, modtime=N /* date */}`.
pub(super) fn utimbuf<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    p.open(Group::Struct);
    for (name, at) in [("actime", 0), ("modtime", 8)] {
        field_int(p, name, f.i64(at));
        timefmt::comment_nsec(p, f.i64(at), 0);
    }
    p.close();
}

/// `struct timezone`: `{tz_minuteswest=0, tz_dsttime=0}`.
pub(super) fn timezone<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    p.open(Group::Struct);
    field_int(p, "tz_minuteswest", i64::from(f.i32(0)));
    field_int(p, "tz_dsttime", i64::from(f.i32(4)));
    p.close();
}
