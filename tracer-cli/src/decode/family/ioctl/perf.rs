//! perf event requests (type `'$'`), as strace 6.1's `perf_ioctl`: the enable/disable/reset flag,
//! the refresh count, the period and id by pointer, descriptors, the filter string and
//! PERF_EVENT_IOC_QUERY_BPF's program ids, PERF_EVENT_IOC_MODIFY_ATTRIBUTES's `struct
//! perf_event_attr` (see `family::perf`).

use tracer_common::event::Capture;

use super::arg::{num, object, Num, When};
use crate::decode::arrays::{self, Array};
use crate::decode::fields::Fields;
use crate::decode::printer::{Group, Printer, Quote};
use crate::decode::tables::PERF_IOCTL_FLAGS;
use crate::decode::xlat::flags;
use crate::decode::Ctx;

const ENABLE: u32 = 0x2400;
const DISABLE: u32 = 0x2401;
const REFRESH: u32 = 0x2402;
const RESET: u32 = 0x2403;
const PERIOD: u32 = 0x4008_2404;
const SET_OUTPUT: u32 = 0x2405;
const SET_FILTER: u32 = 0x4008_2406;
const ID: u32 = 0x8008_2407;
const SET_BPF: u32 = 0x4004_2408;
const PAUSE_OUTPUT: u32 = 0x4004_2409;
const QUERY_BPF: u32 = 0xc008_240a;
const MODIFY_ATTRIBUTES: u32 = 0x4008_240b;

/// The argument of request `code`; false when it has no decoder here.
pub fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    let arg = ctx.arg(2);
    match code {
        ENABLE | DISABLE | RESET => flags(p, PERF_IOCTL_FLAGS, arg & 0xffff_ffff, "PERF_IOC_FLAG_???"),
        REFRESH => p.int(i64::from(arg as i32)),
        PERIOD => num(p, ctx, When::In, Num::U64),
        ID => num(p, ctx, When::Out, Num::U64),
        SET_OUTPUT | SET_BPF => ctx.fd(p, arg as i32),
        PAUSE_OUTPUT => p.uint(arg),
        SET_FILTER => filter(p, ctx),
        QUERY_BPF => query_bpf(p, ctx),
        MODIFY_ATTRIBUTES => {
            let bytes = ctx.entry(2).filter(|_| ctx.arg(2) != 0).map(|c| c.bytes.as_slice());
            crate::decode::family::perf::attr(
                p,
                ctx,
                ctx.arg(2),
                bytes,
                crate::decode::family::perf::NewSize::None,
            );
        }
        _ => return false,
    }
    true
}

/// PERF_EVENT_IOC_SET_FILTER's string (strace's `printstr_ex` of a NUL-terminated string): cut at
/// `-s`; the address when neither a NUL nor `-s` characters could be read.
fn filter<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let limit = usize::try_from(ctx.strlen).unwrap_or(usize::MAX);
    let Some(c) = ctx.entry(2).filter(|_| ctx.arg(2) != 0) else { return p.addr(ctx.arg(2)) };
    let bytes = &c.bytes;
    match bytes.iter().position(|&b| b == 0) {
        Some(nul) if nul <= limit => p.str(&bytes[..nul], Quote::Text, false),
        _ if bytes.len() > limit => p.str(&bytes[..limit], Quote::Text, true),
        _ => p.addr(ctx.arg(2)),
    }
}

/// PERF_EVENT_IOC_QUERY_BPF's `struct perf_event_query_bpf`: the room the caller gives, then after
/// a success the program count and ids the kernel returns (`...` when they are unreadable).
fn query_bpf<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    let Some(f) = object(p, ctx, When::In, 4) else { return };
    p.open(Group::Struct);
    p.field("ids_len");
    p.uint(u64::from(f.u32(0)));
    let after = ctx.ok_ret().and_then(|_| ctx.exit(2)).filter(|c| c.bytes.len() >= 8);
    match after {
        Some(c) => {
            let count = Fields(&c.bytes).u32(4);
            p.field("prog_cnt");
            p.uint(u64::from(count));
            p.field("ids");
            let ids = Capture::new(2, 0, c.bytes[8..].to_vec());
            let addr = ctx.arg(2).wrapping_add(8);
            let arr = Array { addr, count: u64::from(count), elem: 4, capture: Some(&ids) };
            arrays::print(p, ctx, arr, |p, e| p.uint(u64::from(Fields(e).u32(0))));
        }
        None => p.more(),
    }
    p.close();
}
