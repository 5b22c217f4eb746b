//! The generated syscall table against the `syscalls` crate and a few hand-checked rows.

use syscalls::Sysno;
use tracer_common::syscall::{
    by_name, class, info, nr, ArgKind, Flags, RetKind, Struct, SyscallInfo, MAX_NR, SYSCALLS,
};

fn row(name: &str) -> &'static SyscallInfo {
    by_name(name).unwrap_or_else(|| panic!("no row for {name}"))
}

fn kinds(name: &str) -> Vec<ArgKind> {
    row(name).args.iter().map(|a| a.kind).collect()
}

#[test]
fn rows_are_indexed_by_number() {
    assert_eq!(SYSCALLS.len(), MAX_NR + 1);
    for (idx, slot) in SYSCALLS.iter().enumerate() {
        if let Some(sc) = slot {
            assert_eq!(usize::from(sc.nr), idx, "{} is at index {idx}", sc.name);
        }
    }
    assert!(SYSCALLS[MAX_NR].is_some(), "MAX_NR is not the highest number");
}

#[test]
fn names_and_numbers_agree_with_the_syscalls_crate() {
    let last = usize::try_from(Sysno::last().id()).expect("positive");
    assert_eq!(MAX_NR, last, "highest number differs from syscalls::Sysno::last()");
    // Sysno::iter() stops before the last entry, so walk the numbers instead.
    for nr in 0..=last.max(MAX_NR) {
        let ours = SYSCALLS.get(nr).copied().flatten();
        match (Sysno::new(nr), ours) {
            (Some(sysno), Some(sc)) => assert_eq!(sc.name, sysno.name(), "names of {nr} differ"),
            (Some(sysno), None) => panic!("{nr} ({}) has no row", sysno.name()),
            (None, Some(sc)) => panic!("{nr} ({}) is not a syscall per the syscalls crate", sc.name),
            (None, None) => {}
        }
    }
}

/// The generated `nr` constants (the numbers code outside the table uses) against the `syscalls`
/// crate and the table's own rows.
#[test]
fn nr_constants_agree_with_the_syscalls_crate() {
    for (constant, sysno) in [
        (nr::READ, Sysno::read),
        (nr::RT_SIGRETURN, Sysno::rt_sigreturn),
        (nr::CLONE, Sysno::clone),
        (nr::EXECVE, Sysno::execve),
        (nr::EXIT, Sysno::exit),
        (nr::EXIT_GROUP, Sysno::exit_group),
        (nr::OPENAT, Sysno::openat),
        (nr::SECCOMP, Sysno::seccomp),
        (nr::EXECVEAT, Sysno::execveat),
        (nr::CLONE3, Sysno::clone3),
    ] {
        let id = u64::try_from(sysno.id()).expect("positive");
        assert_eq!(constant, id, "{}", sysno.name());
        assert_eq!(info(constant).map(|sc| sc.name), Some(sysno.name()), "the row at nr::{}", sysno.name());
    }
}

#[test]
fn gaps_are_none() {
    for nr in 337..=423 {
        assert!(info(nr).is_none(), "{nr} should be unassigned");
    }
}

#[test]
fn argument_counts_match_the_kernel() {
    for (name, count) in [("openat", 4), ("read", 3), ("getpid", 0), ("mmap", 6), ("exit_group", 1)] {
        assert_eq!(row(name).args.len(), count, "{name}");
    }
    assert!(SYSCALLS.iter().flatten().all(|sc| sc.args.len() <= 6));
}

#[test]
fn spot_checks() {
    let openat = row("openat");
    assert_eq!(openat.nr, 257);
    assert_eq!(
        kinds("openat"),
        [ArgKind::DirFd, ArgKind::Path, ArgKind::Flags(Flags::OpenFlags), ArgKind::Flags(Flags::Mode)]
    );
    assert_eq!(openat.ret, RetKind::Fd);
    assert_eq!(openat.classes & (class::FILE | class::DESC), class::FILE | class::DESC);

    assert_eq!(kinds("read")[1], ArgKind::BufOut);
    assert_eq!(kinds("write")[1], ArgKind::BufIn { len_arg: 2 });
    assert_eq!(row("exit_group").ret, RetKind::NoReturn);
    assert_eq!(row("exit").ret, RetKind::NoReturn);
    assert_eq!(row("rt_sigreturn").ret, RetKind::Int);
    assert_eq!(row("mmap").ret, RetKind::Hex);
    assert_eq!(row("brk").ret, RetKind::Hex);
    assert_eq!(row("umask").ret, RetKind::Octal);
    assert_eq!(kinds("fstat")[1], ArgKind::StructOut(Struct::Stat));
    assert_eq!(kinds("execve"), [ArgKind::Path, ArgKind::Argv, ArgKind::Envp]);
    assert_eq!(kinds("getdents64")[1], ArgKind::Dirents);
}

#[test]
fn class_spot_checks() {
    use class::*;
    for (name, classes) in [
        ("openat", FILE | DESC),
        ("newfstatat", FILE | DESC | FSTAT | STAT_LIKE),
        ("fstat", DESC | FSTAT | STAT_LIKE),
        ("stat", FILE | STAT | STAT_LIKE),
        ("lstat", FILE | LSTAT | STAT_LIKE),
        ("statfs", FILE | STATFS | STATFS_LIKE),
        ("fstatfs", DESC | FSTATFS | STATFS_LIKE),
        ("getpid", PURE),
        ("getuid", CREDS | PURE),
        ("mmap", DESC | MEMORY),
        ("read", DESC),
        ("execve", FILE | PROCESS),
        ("clone", PROCESS),
        ("kill", SIGNAL | PROCESS),
        ("socket", NETWORK),
        ("clock_gettime", CLOCK),
    ] {
        assert_eq!(row(name).classes, classes, "{name}");
    }
}

/// The i386 table against the `syscalls` crate's x86 one: every number, every name.
#[test]
fn i386_names_and_numbers_agree_with_the_syscalls_crate() {
    use tracer_common::syscall::compat::{I386, I386_MAX};
    let last = usize::try_from(syscalls::x86::Sysno::last().id()).expect("positive");
    assert_eq!(I386_MAX, last, "highest i386 number differs from syscalls::x86::Sysno::last()");
    for nr in 0..=last {
        let ours = I386.get(nr).copied().flatten();
        match (syscalls::x86::Sysno::new(nr), ours) {
            // The crate spells the keyword `r#break`.
            (Some(sysno), Some(sc)) => {
                assert_eq!(sc.name, sysno.name().trim_start_matches("r#"), "names of i386 {nr} differ")
            }
            (Some(sysno), None) => panic!("i386 {nr} ({}) has no row", sysno.name()),
            (None, Some(sc)) => panic!("i386 {nr} ({}) is not a syscall per the syscalls crate", sc.name),
            (None, None) => {}
        }
    }
}

/// A record's number finds its own personality's row; no x32 row has a kind that reads memory, nor
/// a capture plan; an i386 row's plan reads only memory whose layout an i386 call has (strings,
/// buffers, a socket address, 8-byte structs and iovecs: two 32-bit members; exec arrays of
/// 32-bit pointers).
#[test]
fn other_personalities_find_their_own_rows_and_no_plan() {
    use tracer_common::capture::{mode, plan_for, IOVEC32_SIZE};
    use tracer_common::personality::{Personality, AUDIT_ARCH_I386, X32_SYSCALL_BIT};
    let i386 = |n| Personality::record_nr(AUDIT_ARCH_I386, n);
    assert_eq!(info(i386(20)).map(|sc| sc.name), Some("getpid"));
    assert_eq!(info(i386(192)).map(|sc| sc.name), Some("mmap2"));
    assert_eq!(info(i386(4)).map(|sc| sc.name), Some("write"));
    assert_eq!(info(20).map(|sc| sc.name), Some("writev"));
    assert_eq!(info(39 | X32_SYSCALL_BIT).map(|sc| sc.name), Some("getpid"));
    assert_eq!(info(13 | X32_SYSCALL_BIT).map(|sc| sc.name), Some("rt_sigaction#64"));
    assert!(info(i386(500)).is_none());
    for sc in tracer_common::syscall::compat::X32.iter().flatten() {
        assert!(sc.args.iter().all(|a| prints_register(a.kind)), "x32 {} reads memory", sc.name);
        assert_eq!(plan_for(X32_SYSCALL_BIT | u64::from(sc.nr)), plan_for(u64::MAX), "x32 {}", sc.name);
    }
    let mut planned = 0;
    for sc in tracer_common::syscall::compat::I386.iter().flatten() {
        let plan = plan_for(i386(u64::from(sc.nr)));
        for (arg, p) in sc.args.iter().zip(plan.args) {
            let kind_mode = tracer_common::capture::plan_for_kind(arg.kind).mode;
            assert_eq!(p.mode, kind_mode, "i386 {} {}", sc.name, arg.name);
            let fits = match p.mode {
                mode::NONE | mode::PATH_IN | mode::STR_IN | mode::BUF_IN | mode::BUF_OUT | mode::SIZED_IN => {
                    true
                }
                mode::STRUCT_IN | mode::STRUCT_OUT => p.size == 8,
                mode::IOVEC_IN | mode::IOVEC_OUT => usize::from(p.size) == IOVEC32_SIZE,
                mode::ARGV32_IN | mode::PTR_COUNT32_IN => true,
                _ => false,
            };
            assert!(fits, "i386 {}'s {} has plan {p:?}", sc.name, arg.name);
        }
        planned += usize::from(plan != plan_for(u64::MAX));
    }
    assert!(planned > 40, "{planned} i386 calls read memory");
    assert_eq!(plan_for(i386(4)).args[1].mode, mode::BUF_IN);
}

/// Whether an argument of this kind prints its register (reads no memory).
fn prints_register(kind: ArgKind) -> bool {
    tracer_common::capture::plan_for_kind(kind).mode == tracer_common::capture::mode::NONE
}
