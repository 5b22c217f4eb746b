//! perf_event_open and PERF_EVENT_IOC_MODIFY_ATTRIBUTES: `struct perf_event_attr`, as strace 6.1's
//! `print_perf_event_attr` prints it: the members the caller's `size` covers (up to `wakeup_events`
//! without `-v`), bit fields set (all of them with `-v`), the event's config by type.

use tracer_common::syscall::{nr, ArgKind, Flags, SyscallInfo};

use super::Rules;
use crate::decode::fields::Fields;
use crate::decode::printer::Group;
use crate::decode::tables::{
    CLOCK_IDS, HW_BREAKPOINT_TYPES, PERF_ATTR_SIZES, PERF_BRANCH_SAMPLE_TYPES, PERF_HW_CACHE_IDS,
    PERF_HW_CACHE_OP_IDS, PERF_HW_CACHE_RESULT_IDS, PERF_HW_IDS, PERF_READ_FORMAT, PERF_SAMPLE_FORMAT,
    PERF_SW_IDS, PERF_TYPE_IDS,
};
use crate::decode::xlat::{flags, xval};
use crate::decode::{arg, Ctx, Printer};

/// PERF_FLAG_FD_CLOEXEC.
const FD_CLOEXEC: u64 = 8;

pub const RULES: &[Rules] = &[Rules {
    args: Some(perf_event_open),
    ..super::anon::anon(nr::PERF_EVENT_OPEN, "anon_inode:[perf_event]", super::anon::flag(4, FD_CLOEXEC))
}];

/// The size strace 6.1 knows (`PERF_ATTR_SIZE_VER7`).
const KNOWN: usize = 128;
/// The first published size (`PERF_ATTR_SIZE_VER0`).
const VER0: usize = 64;
/// `offsetof(struct perf_event_attr, wakeup_events)`: what strace reads without `-v`.
const ABBREV: usize = 48;
const E2BIG: u16 = 7;
const TYPE_HARDWARE: u32 = 0;
const TYPE_SOFTWARE: u32 = 1;
const TYPE_TRACEPOINT: u32 = 2;
const TYPE_HW_CACHE: u32 = 3;
const TYPE_BREAKPOINT: u32 = 5;
const SAMPLE_BRANCH_STACK: u64 = 1 << 11;
const SAMPLE_STACK_USER: u64 = 1 << 13;

/// The one-bit members of the flags word, from bit 0 (`precise_ip`, two bits, is bit 15).
const BITS: &[&str] = &[
    "disabled",
    "inherit",
    "pinned",
    "exclusive",
    "exclude_user",
    "exclude_kernel",
    "exclude_hv",
    "exclude_idle",
    "mmap",
    "comm",
    "freq",
    "inherit_stat",
    "enable_on_exec",
    "task",
    "watermark",
];
/// The one-bit members from bit 17 on.
const BITS_HIGH: &[&str] = &[
    "mmap_data",
    "sample_id_all",
    "exclude_host",
    "exclude_guest",
    "exclude_callchain_kernel",
    "exclude_callchain_user",
    "mmap2",
    "comm_exec",
    "use_clockid",
    "context_switch",
    "write_backward",
    "namespaces",
    "ksymbol",
    "bpf_event",
    "aux_output",
    "cgroup",
    "text_poke",
    "build_id",
    "inherit_thread",
    "remove_on_exec",
    "sigtrap",
];
const PRECISE_IP: [&str; 4] =
    ["arbitrary skid", "constant skid", "requested to have 0 skid", "must have 0 skid"];

/// What the kernel left in the `size` member, shown after ` => `.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewSize {
    /// Nothing (the call did not fail with E2BIG).
    None,
    /// The size the kernel wrote back.
    Size(u32),
    /// It could not be read: `???`.
    Unavailable,
}

fn perf_event_open(p: &mut dyn Printer, ctx: &Ctx, info: &SyscallInfo) -> bool {
    let addr = ctx.arg(0);
    let e2big = ctx.call.ret.and_then(tracer_common::errno::of) == Some(E2BIG);
    let new_size = match ctx.exit(0).filter(|c| c.bytes.len() >= 8) {
        _ if !e2big => NewSize::None,
        Some(c) => NewSize::Size(Fields(&c.bytes).u32(4)),
        None => NewSize::Unavailable,
    };
    let bytes = ctx.entry(0).filter(|_| addr != 0).map(|c| c.bytes.as_slice());
    attr(p, ctx, addr, bytes, new_size);
    arg(p, ctx, info, 1, ArgKind::Int);
    arg(p, ctx, info, 2, ArgKind::Int);
    arg(p, ctx, info, 3, ArgKind::Fd);
    arg(p, ctx, info, 4, ArgKind::Flags(Flags::PerfFlags));
    true
}

/// The `struct perf_event_attr` at `addr` whose readable prefix is `bytes` (the address when the
/// `size` member or the members it covers are unreadable, or it is below VER0).
pub fn attr<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, addr: u64, bytes: Option<&[u8]>, new_size: NewSize) {
    let Some(bytes) = bytes.filter(|b| b.len() >= 8) else { return p.addr(addr) };
    let given = Fields(bytes).u32(4);
    let mut size = (given as usize).min(KNOWN);
    if size == 0 {
        size = VER0;
    }
    if size < VER0 {
        return p.addr(addr);
    }
    if !ctx.verbose {
        size = ABBREV;
    }
    if bytes.len() < size {
        return p.addr(addr);
    }
    let mut copy = [0u8; KNOWN];
    copy[..size].copy_from_slice(&bytes[..size]);
    let f = Fields(&copy);
    p.open(Group::Struct);
    let ty = f.u32(0);
    p.field("type");
    xval(p, PERF_TYPE_IDS, u64::from(ty), "PERF_TYPE_???");
    p.field("size");
    match new_size {
        NewSize::None => xval(p, PERF_ATTR_SIZES, u64::from(given), "PERF_ATTR_SIZE_???"),
        _ => {
            p.open(Group::Changed);
            xval(p, PERF_ATTR_SIZES, u64::from(given), "PERF_ATTR_SIZE_???");
            match new_size {
                NewSize::Size(s) => xval(p, PERF_ATTR_SIZES, u64::from(s), "PERF_ATTR_SIZE_???"),
                _ => p.name("???"),
            }
            p.close();
        }
    }
    config(p, ty, f.u64(8));
    let bits = f.u64(40);
    let bit = |n: u32| bits >> n & 1;
    if bit(10) != 0 {
        p.field("sample_freq");
    } else {
        p.field("sample_period");
    }
    p.uint(f.u64(16));
    let sample_type = f.u64(24);
    p.field("sample_type");
    flags(p, PERF_SAMPLE_FORMAT, sample_type, "PERF_SAMPLE_???");
    p.field("read_format");
    flags(p, PERF_READ_FORMAT, f.u64(32), "PERF_FORMAT_???");
    let flag = |p: &mut P, name: &str, n: u32| {
        if ctx.verbose || bit(n) != 0 {
            p.field(name);
            p.uint(bit(n));
        }
    };
    for (n, name) in (0..).zip(BITS) {
        flag(p, name, n);
    }
    let precise = (bits >> 15 & 3) as usize;
    p.field("precise_ip");
    p.uint(precise as u64);
    p.comment(PRECISE_IP[precise]);
    for (n, name) in (17..).zip(BITS_HIGH) {
        flag(p, name, n);
    }
    if bits >> 38 != 0 {
        p.field("__reserved_1");
        p.hex(bits >> 38);
        p.comment("Bits 63..38");
    }
    if ctx.verbose {
        tail(p, &f, ty, sample_type, bit(14) != 0, bit(25) != 0, size);
    }
    if (given != 0 && given as usize > size) || (given == 0 && size < VER0) {
        p.more();
    }
    p.close();
}

/// `config`, by event type.
fn config<P: Printer + ?Sized>(p: &mut P, ty: u32, config: u64) {
    p.field("config");
    match ty {
        TYPE_HARDWARE => {
            p.open(Group::Expr);
            high(p, config >> 32, 32);
            xval(p, PERF_HW_IDS, config & 0xffff_ffff, "PERF_COUNT_HW_???");
            p.close();
        }
        TYPE_SOFTWARE => xval(p, PERF_SW_IDS, config, "PERF_COUNT_SW_???"),
        TYPE_TRACEPOINT => p.uint(config),
        TYPE_HW_CACHE => {
            p.open(Group::Expr);
            high(p, config >> 32, 32);
            high(p, (config & 0xffff_ffff) >> 24, 24);
            xval(p, PERF_HW_CACHE_RESULT_IDS, config >> 16 & 0xff, "PERF_COUNT_HW_CACHE_RESULT_???");
            p.raw("<<16|");
            xval(p, PERF_HW_CACHE_OP_IDS, config >> 8 & 0xff, "PERF_COUNT_HW_CACHE_OP_???");
            p.raw("<<8|");
            xval(p, PERF_HW_CACHE_IDS, config & 0xff, "PERF_COUNT_HW_CACHE_???");
            p.close();
        }
        _ => p.hex(config),
    }
}

/// `0xfaceca75<<32|` when `value` is not zero.
fn high<P: Printer + ?Sized>(p: &mut P, value: u64, shift: u32) {
    if value != 0 {
        p.hex(value);
        p.raw(&format!("<<{shift}|"));
    }
}

/// The members after the flags word (`-v` only), as far as `size` covers them.
fn tail<P: Printer + ?Sized>(
    p: &mut P,
    f: &Fields,
    ty: u32,
    sample_type: u64,
    watermark: bool,
    use_clockid: bool,
    size: usize,
) {
    p.field(if watermark { "wakeup_watermark" } else { "wakeup_events" });
    p.uint(u64::from(f.u32(48)));
    let breakpoint = ty == TYPE_BREAKPOINT;
    if breakpoint {
        let bp_type = f.u32(52);
        p.field("bp_type");
        let unknown = if bp_type <= 7 { "HW_BREAKPOINT_INVALID" } else { "HW_BREAKPOINT_???" };
        xval(p, HW_BREAKPOINT_TYPES, u64::from(bp_type), unknown);
    }
    p.field(if breakpoint { "bp_addr" } else { "config1" });
    p.hex(f.u64(56));
    if size <= 64 {
        return;
    }
    if breakpoint {
        p.field("bp_len");
        p.uint(f.u64(64));
    } else {
        p.field("config2");
        p.hex(f.u64(64));
    }
    if size <= 72 {
        return;
    }
    if sample_type & SAMPLE_BRANCH_STACK != 0 {
        p.field("branch_sample_type");
        flags(p, PERF_BRANCH_SAMPLE_TYPES, f.u64(72), "PERF_SAMPLE_BRANCH_???");
    }
    if size <= 80 {
        return;
    }
    p.field("sample_regs_user");
    p.hex(f.u64(80));
    if size <= 88 {
        return;
    }
    if sample_type & SAMPLE_STACK_USER != 0 {
        p.field("sample_stack_user");
        p.hex(u64::from(f.u32(88)));
    }
    if use_clockid {
        if size <= 92 {
            return;
        }
        p.field("clockid");
        xval(p, CLOCK_IDS, u64::from(f.u32(92)), "CLOCK_???");
    }
    if size <= 96 {
        return;
    }
    p.field("sample_regs_intr");
    p.hex(f.u64(96));
    if size <= 104 {
        return;
    }
    p.field("aux_watermark");
    p.uint(u64::from(f.u32(104)));
    if size <= 108 {
        return;
    }
    p.field("sample_max_stack");
    p.uint(u64::from(f.u16(108)));
    if size <= 110 {
        return;
    }
    if f.u16(110) != 0 {
        p.comment(&format!("bytes 110..111: {:#x}", f.u16(110)));
    }
    if size <= 112 {
        return;
    }
    p.field("aux_sample_size");
    p.uint(u64::from(f.u32(112)));
    if size <= 116 {
        return;
    }
    if f.u32(116) != 0 {
        p.comment(&format!("bytes 116..119: {:#x}", f.u32(116)));
    }
    if size <= 120 {
        return;
    }
    p.field("sig_data");
    p.hex(f.u64(120));
}
