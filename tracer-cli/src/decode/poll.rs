//! poll/ppoll and select/pselect6: their descriptor sets at entry, and the return value's details
//! strace appends: `= 1 ([{fd=3, revents=POLLIN}])`, `= 2 (in [3], out [4], left {...})`,
//! `= 0 (Timeout)`.

use std::fmt::Write as _;

use tracer_common::event::Capture;

use super::arrays::{set_bits, sprint_flags};
use super::fields::Fields;
use super::num::addr;
use super::structs;
use super::tables::POLL_EVENTS;
use super::Ctx;

/// strace builds these details in a 1024-byte buffer and stops with `...` near its end.
const AUX_MAX: usize = 1024;

/// poll/ppoll's return details; `tsp` is ppoll's timeout argument (None for poll).
pub fn poll_ret(out: &mut String, ctx: &Ctx, ret: i64, tsp: Option<usize>) {
    let _ = write!(out, "{ret}");
    if ret == 0 {
        out.push_str(" (Timeout)");
        return;
    }
    let nfds = ctx.arg(1) as u32;
    let mut aux = String::new();
    if ctx.arg(0) != 0 && nfds != 0 {
        if let Some(c) = ctx.exit(0) {
            revents(&mut aux, ctx, c, nfds, ret);
        }
    }
    if let Some(idx) = tsp.filter(|&i| ctx.arg(i) != 0) {
        let mut left = String::new();
        time_left(&mut left, ctx, idx, false);
        if aux.len() + ", left ".len() + left.len() < AUX_MAX {
            aux.push_str(if aux.is_empty() { "left " } else { ", left " });
            aux.push_str(&left);
        } else {
            aux.push_str(", ...");
        }
    }
    if !aux.is_empty() {
        let _ = write!(out, " ({aux})");
    }
}

/// `[{fd=3, revents=POLLIN}, ...]`: the entries with events, at most `-s` of them unless `-v`. `ret`
/// (how many entries have events) tells whether some lie past a capture that was cut.
fn revents(aux: &mut String, ctx: &Ctx, c: &Capture, nfds: u32, ret: i64) {
    let max = if ctx.verbose { u32::MAX } else { ctx.strlen };
    let mut printed = 0u32;
    let limit = AUX_MAX - (2 + 16 + ", ], ...".len() + 1);
    for chunk in c.bytes.chunks_exact(8).take(nfds as usize) {
        let f = Fields(chunk);
        let events = f.u16(6);
        if events == 0 {
            continue;
        }
        aux.push_str(if aux.is_empty() { "[" } else { ", " });
        if printed >= max {
            aux.push_str("...");
            break;
        }
        let fd = format!("{{fd={}, revents=", f.i32(0));
        let mut names = String::new();
        sprint_flags(&mut names, POLL_EVENTS, u64::from(events));
        if aux.len() + fd.len() + names.len() + 1 >= limit {
            aux.push_str("...");
            break;
        }
        aux.push_str(&fd);
        aux.push_str(&names);
        aux.push('}');
        printed += 1;
    }
    if !aux.is_empty() && !aux.ends_with("...") && i64::from(printed) < ret && c.truncated() {
        aux.push_str(", ...");
    }
    if !aux.is_empty() {
        aux.push(']');
    }
}

/// The remaining timeout at exit, as strace's `sprint_timespec`/`sprint_timeval`.
fn time_left(out: &mut String, ctx: &Ctx, idx: usize, timeval: bool) {
    let ptr = ctx.arg(idx);
    match ctx.exit(idx).filter(|c| c.bytes.len() >= 16) {
        Some(c) if timeval => structs::timeval(out, &Fields(&c.bytes), 0),
        Some(c) => structs::timespec(out, &Fields(&c.bytes), 0),
        None => addr(out, ptr),
    }
}

/// The number of descriptors select looks at (the kernel's int, clamped as strace does).
fn nfds(ctx: &Ctx) -> u64 {
    (ctx.arg(0) as i32).clamp(0, 1024 * 1024) as u64
}

/// One of select's fd_set arguments at entry: `[3 4]`, `NULL`, or the address.
pub fn fd_set_arg(out: &mut String, ctx: &Ctx, idx: usize) {
    let ptr = ctx.arg(idx);
    let n = nfds(ctx);
    match ctx.entry(idx) {
        Some(c) if ptr != 0 && n > 0 && !c.bytes.is_empty() => {
            out.push('[');
            for (i, fd) in set_bits(&c.bytes, n).into_iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                ctx.fd(out, fd as i32);
            }
            out.push(']');
        }
        _ => addr(out, ptr),
    }
}

/// select/pselect6's return details; `timeval` for select's `struct timeval`.
pub fn select_ret(out: &mut String, ctx: &Ctx, ret: i64, timeval: bool) {
    let _ = write!(out, "{ret}");
    if ret == 0 {
        out.push_str(" (Timeout)");
        return;
    }
    let n = nfds(ctx);
    let mut aux = String::new();
    let mut ready = ret;
    let mut sep = "";
    for (i, label) in ["in", "out", "except"].iter().enumerate() {
        if ready <= 0 {
            break;
        }
        let idx = i + 1;
        let Some(c) = ctx.exit(idx).filter(|_| ctx.arg(idx) != 0 && n > 0) else { continue };
        let mut first = true;
        for fd in set_bits(&c.bytes, n) {
            if aux.len() < AUX_MAX - (", except [".len() + 12 + 2) {
                if first {
                    let _ = write!(aux, "{sep}{label} [{fd}");
                    first = false;
                    sep = ", ";
                } else {
                    let _ = write!(aux, " {fd}");
                }
            }
            ready -= 1;
            if ready == 0 {
                break;
            }
        }
        // strace closes a bracket after every set it read once anything was written.
        if !aux.is_empty() {
            aux.push(']');
        }
    }
    if ctx.arg(4) != 0 {
        let mut left = String::new();
        time_left(&mut left, ctx, 4, timeval);
        if aux.len() + "left ".len() + 1 + sep.len() + left.len() < AUX_MAX {
            let _ = write!(aux, "{sep}left {left}");
        }
    }
    let _ = write!(out, " ({aux})");
}
