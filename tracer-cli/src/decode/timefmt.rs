//! Calendar times in comments, as strace's `sprinttime_nsec`: `1970-01-01T00:00:00.000000001+0000`,
//! in the tracer's local time zone.

use std::fmt::Write as _;

use super::printer::Printer;

/// The comment ` /* 2024-01-02T03:04:05.000000006+0000 */` for `sec`.`nsec`; none for the epoch
/// itself, an out-of-range `nsec`, or a time the C library cannot convert.
pub fn comment_nsec<P: Printer + ?Sized>(p: &mut P, sec: i64, nsec: u64) {
    if let Some(text) = calendar(sec, nsec) {
        p.comment(&text);
    }
}

/// The comment ` /* 2024-01-02T03:04:05.000006+0000 */` for `sec`.`usec` (strace's
/// `sprinttime_usec`); none for the epoch, an out-of-range `usec`, or an unconvertible time.
pub fn comment_usec<P: Printer + ?Sized>(p: &mut P, sec: i64, usec: u64) {
    if usec <= 999_999 {
        if let Some(text) = calendar_part(sec, usec, 6) {
            p.comment(&text);
        }
    }
}

/// `2024-01-02T03:04:05+0000` for `sec` (none for the epoch or a time the C library cannot
/// convert): strace's `sprinttime`, as in time's `= 1700000000 (2023-11-14T22:13:20+0000)`.
pub fn calendar_sec(sec: i64) -> Option<String> {
    calendar(sec, 0)
}

fn calendar(sec: i64, nsec: u64) -> Option<String> {
    if nsec > 999_999_999 {
        return None;
    }
    calendar_part(sec, nsec, 9)
}

/// The calendar text of `sec` and a fraction of `part` written `width` digits wide.
fn calendar_part(sec: i64, part: u64, width: usize) -> Option<String> {
    if sec == 0 && part == 0 {
        return None;
    }
    let tm = local(sec)?;
    let mut out = String::new();
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        i64::from(tm.tm_year) + 1900,
        tm.tm_mon + 1,
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec
    );
    if part > 0 {
        let _ = write!(out, ".{part:0width$}");
    }
    let off = tm.tm_gmtoff;
    let sign = if off < 0 { '-' } else { '+' };
    let off = off.unsigned_abs();
    let _ = write!(out, "{sign}{:02}{:02}", off / 3600, (off % 3600) / 60);
    Some(out)
}

/// `localtime_r` of `sec`.
fn local(sec: i64) -> Option<libc::tm> {
    let t: libc::time_t = sec;
    // SAFETY: `tm` is plain old data for which all-zero bytes are valid; localtime_r writes only
    // into it and reads only `t`, both valid for the call.
    unsafe {
        let mut tm: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&t, &mut tm).is_null() {
            None
        } else {
            Some(tm)
        }
    }
}
