//! What the kernel reports of resources and of itself: rlimit, rusage, sysinfo, utsname.

use super::time::timeval;
use super::{field_int, field_uint};
use crate::decode::fields::Fields;
use crate::decode::printer::{Group, Printer};
use crate::decode::strings;
use crate::decode::xlat::composite_with;

/// `struct rlimit`: the soft and the hard limit.
pub(super) fn rlimit<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    p.open(Group::Struct);
    p.field("rlim_cur");
    rlim(p, f.u64(0));
    p.field("rlim_max");
    rlim(p, f.u64(8));
    p.close();
}

/// An rlimit value (strace's `print_rlim64_t`): `RLIM64_INFINITY`, `8192*1024` for multiples of
/// 1024, or decimal; with `-X raw` the decimal number, `-X verbose` `8388608 /* 8192*1024 */`.
fn rlim<P: Printer + ?Sized>(p: &mut P, value: u64) {
    if value == u64::MAX {
        composite_with(p, |p| p.uint(value), |p| p.name("RLIM64_INFINITY"));
    } else if value > 1024 && value.is_multiple_of(1024) {
        composite_with(
            p,
            |p| p.uint(value),
            |p| {
                p.open(Group::Expr);
                p.uint(value / 1024);
                p.raw("*1024");
                p.close();
            },
        );
    } else {
        p.uint(value);
    }
}

/// `struct rusage`: the two times, then `...` unless verbose.
pub(super) fn rusage<P: Printer + ?Sized>(p: &mut P, f: &Fields, verbose: bool) {
    p.open(Group::Struct);
    p.field("ru_utime");
    timeval(p, f, 0);
    p.field("ru_stime");
    timeval(p, f, 16);
    if verbose {
        const NAMES: [&str; 14] = [
            "ru_maxrss",
            "ru_ixrss",
            "ru_idrss",
            "ru_isrss",
            "ru_minflt",
            "ru_majflt",
            "ru_nswap",
            "ru_inblock",
            "ru_oublock",
            "ru_msgsnd",
            "ru_msgrcv",
            "ru_nsignals",
            "ru_nvcsw",
            "ru_nivcsw",
        ];
        for (i, name) in NAMES.iter().enumerate() {
            field_uint(p, name, f.u64(32 + i * 8));
        }
    } else {
        p.more();
    }
    p.close();
}

/// `struct sysinfo`, every field (strace does not abbreviate it).
pub(super) fn sysinfo<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    p.open(Group::Struct);
    field_int(p, "uptime", f.i64(0));
    p.field("loads");
    p.open(Group::Array);
    for at in [8, 16, 24] {
        p.uint(f.u64(at));
    }
    p.close();
    for (name, at) in [
        ("totalram", 32),
        ("freeram", 40),
        ("sharedram", 48),
        ("bufferram", 56),
        ("totalswap", 64),
        ("freeswap", 72),
    ] {
        field_uint(p, name, f.u64(at));
    }
    field_uint(p, "procs", u64::from(f.u16(80)));
    field_uint(p, "totalhigh", f.u64(88));
    field_uint(p, "freehigh", f.u64(96));
    field_uint(p, "mem_unit", u64::from(f.u32(104)));
    p.close();
}

/// `struct utsname`: the system and node names, then `...` unless verbose.
pub(super) fn utsname<P: Printer + ?Sized>(p: &mut P, bytes: &[u8], verbose: bool) {
    let name = |p: &mut P, field: &str, at: usize| {
        p.field(field);
        strings::path(p, strings::until_nul(&bytes[at..at + 65]), false);
    };
    p.open(Group::Struct);
    name(p, "sysname", 0);
    name(p, "nodename", 65);
    if verbose {
        for (field, at) in [("release", 130), ("version", 195), ("machine", 260), ("domainname", 325)] {
            name(p, field, at);
        }
    } else {
        p.more();
    }
    p.close();
}

/// `struct mq_attr` (strace's `printmqattr`): `mq_flags` named when `decode_flags` (mq_getsetattr),
/// in hex otherwise (mq_open), then the queue's limits and its message count.
pub fn mq_attr<P: Printer + ?Sized>(p: &mut P, f: &Fields, decode_flags: bool) {
    p.open(Group::Struct);
    p.field("mq_flags");
    if decode_flags {
        crate::decode::xlat::flags(p, crate::decode::tables::MQ_ATTR_FLAGS, f.u64(0), "O_???");
    } else {
        p.hex(f.u64(0));
    }
    field_int(p, "mq_maxmsg", f.i64(8));
    field_int(p, "mq_msgsize", f.i64(16));
    field_int(p, "mq_curmsgs", f.i64(24));
    p.close();
}
