//! Argument decoding by kind, without whole lines (those are in `render::strace`'s tests).

use tracer_common::event::{Capture, Meta};
use tracer_common::record::capture_flags::{STRINGS, TRUNCATED};
use tracer_common::syscall::{Arg, ArgKind, RetKind, SyscallInfo};

use super::*;

fn info(args: &'static [Arg]) -> SyscallInfo {
    SyscallInfo { nr: 9999, name: "test", args, ret: RetKind::Int, classes: 0 }
}

fn show(info: &SyscallInfo, args: [u64; 6], ret: Option<i64>, captures: Vec<Capture>, strlen: u32) -> String {
    let call = Syscall { meta: Meta::default(), nr: 9999, args, captures, ret, exit_ts_ns: None };
    let mut out = String::new();
    call_text(&mut out, info, &call, strlen);
    out
}

fn call_text(out: &mut String, info: &SyscallInfo, call: &Syscall, strlen: u32) {
    super::call(out, Some(info), call, &super::Options { strlen, ..super::Options::default() });
}

#[test]
fn numbers_by_kind() {
    static ARGS: [Arg; 6] = [
        Arg { name: "a", kind: ArgKind::Int },
        Arg { name: "b", kind: ArgKind::Uint },
        Arg { name: "c", kind: ArgKind::Hex },
        Arg { name: "d", kind: ArgKind::Octal },
        Arg { name: "e", kind: ArgKind::Ptr },
        Arg { name: "f", kind: ArgKind::DirFd },
    ];
    let i = info(&ARGS);
    assert_eq!(show(&i, [u64::MAX, 24, 0, 0o22, 0, 3], Some(0), vec![], 32), "test(-1, 24, 0, 022, NULL, 3)");
    assert_eq!(
        show(&i, [0xffff_ffff, u64::MAX, 0x20, 0, 0x7ffc, -100i64 as u64], Some(0), vec![], 32),
        "test(-1, 18446744073709551615, 0x20, 000, 0x7ffc, AT_FDCWD)"
    );
}

#[test]
fn strings_by_kind() {
    static ARGS: [Arg; 3] = [
        Arg { name: "s", kind: ArgKind::Str },
        Arg { name: "b", kind: ArgKind::BufIn { len_arg: 2 } },
        Arg { name: "n", kind: ArgKind::Uint },
    ];
    let i = info(&ARGS);
    let caps = vec![Capture::new(0, TRUNCATED, b"abcd".to_vec()), Capture::new(1, 0, b"\x012".to_vec())];
    assert_eq!(show(&i, [1, 2, 2, 0, 0, 0], Some(0), caps, 4), r#"test("abcd"..., "\0012", 2)"#);
    // Without a capture (e.g. when the backend could not read), the addresses.
    assert_eq!(show(&i, [0x10, 0x20, 2, 0, 0, 0], Some(0), vec![], 4), "test(0x10, 0x20, 2)");
}

#[test]
fn argv_edges() {
    static ARGS: [Arg; 1] = [Arg { name: "argv", kind: ArgKind::Argv }];
    let i = info(&ARGS);
    let cap = |flags, bytes: &[u8]| vec![Capture::new(0, flags, bytes.to_vec())];
    assert_eq!(show(&i, [0x10, 0, 0, 0, 0, 0], Some(0), cap(STRINGS, b""), 32), "test([])");
    assert_eq!(show(&i, [0, 0, 0, 0, 0, 0], Some(0), vec![], 32), "test(NULL)");
    assert_eq!(show(&i, [0x10, 0, 0, 0, 0, 0], Some(0), cap(STRINGS, b"a\0\0"), 32), r#"test(["a", ""])"#);
    assert_eq!(
        show(&i, [0x10, 0, 0, 0, 0, 0], Some(0), cap(STRINGS | TRUNCATED, b"a\0b\0"), 2),
        r#"test(["a", "b", ...])"#
    );
}

#[test]
fn wait_status_only_when_a_child_was_reaped() {
    use tracer_common::syscall::Struct;
    static ARGS: [Arg; 2] = [
        Arg { name: "upid", kind: ArgKind::Int },
        Arg { name: "s", kind: ArgKind::StructOut(Struct::WaitStatus) },
    ];
    let i = info(&ARGS);
    let cap = || vec![Capture::new(1, 0, 0u32.to_le_bytes().to_vec())];
    let args = [u64::MAX, 0x7ffc_6856_c56c, 0, 0, 0, 0];
    // strace: wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], WNOHANG, NULL) = 3925
    assert_eq!(show(&i, args, Some(3925), cap(), 32), "test(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}])");
    // strace: wait4(-1, 0x7fff0f6569cc, WNOHANG, NULL) = 0
    assert_eq!(show(&i, args, Some(0), cap(), 32), "test(-1, 0x7ffc6856c56c)");
}
