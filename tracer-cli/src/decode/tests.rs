//! Argument decoding by kind, without whole lines (those are in `render::strace`'s tests).

use tracer_common::event::{Capture, Meta};
use tracer_common::record::capture_flags::{SHORT, STRINGS, TRUNCATED};
use tracer_common::syscall::{Arg, ArgKind, RetKind, SyscallInfo, Width};

use super::*;

fn info(args: &'static [Arg]) -> SyscallInfo {
    SyscallInfo { nr: 9999, name: "test", args, ret: RetKind::Int, classes: 0 }
}

fn show(info: &SyscallInfo, args: [u64; 6], ret: Option<i64>, captures: Vec<Capture>, strlen: u32) -> String {
    let call = Syscall {
        ip: 0,
        meta: Meta::default(),
        nr: 9999,
        args,
        captures,
        ret,
        exit_ts_ns: None,
        kernel_atoms: None,
    };
    let mut printer = text::TextPrinter::new(XlatStyle::Abbrev, false);
    printer.call(Some(info), &call, &super::Options { strlen, ..super::Options::default() });
    printer.take()
}

#[test]
fn numbers_by_kind() {
    static ARGS: [Arg; 6] = [
        Arg { name: "a", kind: ArgKind::Int, width: Width::Full },
        Arg { name: "b", kind: ArgKind::Uint, width: Width::Full },
        Arg { name: "c", kind: ArgKind::Hex, width: Width::Full },
        Arg { name: "d", kind: ArgKind::Octal, width: Width::Full },
        Arg { name: "e", kind: ArgKind::Ptr, width: Width::Full },
        Arg { name: "f", kind: ArgKind::DirFd, width: Width::Full },
    ];
    let i = info(&ARGS);
    assert_eq!(show(&i, [u64::MAX, 24, 0, 0o22, 0, 3], Some(0), vec![], 32), "test(-1, 24, 0, 022, NULL, 3)");
    assert_eq!(
        show(&i, [-2i64 as u64, u64::MAX, 0x20, 0, 0x7ffc, -100i64 as u64], Some(0), vec![], 32),
        "test(-2, 18446744073709551615, 0x20, 000, 0x7ffc, AT_FDCWD)"
    );
}

#[test]
fn strings_by_kind() {
    static ARGS: [Arg; 3] = [
        Arg { name: "s", kind: ArgKind::Str, width: Width::Full },
        Arg { name: "b", kind: ArgKind::BufIn { len_arg: 2 }, width: Width::Full },
        Arg { name: "n", kind: ArgKind::Uint, width: Width::Full },
    ];
    let i = info(&ARGS);
    let caps = vec![Capture::new(0, TRUNCATED, b"abcd".to_vec()), Capture::new(1, 0, b"\x012".to_vec())];
    assert_eq!(show(&i, [1, 2, 2, 0, 0, 0], Some(0), caps, 4), r#"test("abcd"..., "\0012", 2)"#);
    // Without a capture (e.g. when the backend could not read), the addresses.
    assert_eq!(show(&i, [0x10, 0x20, 2, 0, 0, 0], Some(0), vec![], 4), "test(0x10, 0x20, 2)");
}

#[test]
fn argv_edges() {
    static ARGS: [Arg; 1] = [Arg { name: "argv", kind: ArgKind::Argv, width: Width::Full }];
    let i = info(&ARGS);
    let cap = |flags, bytes: &[u8]| vec![Capture::new(0, flags, bytes.to_vec())];
    assert_eq!(show(&i, [0x10, 0, 0, 0, 0, 0], Some(0), cap(STRINGS, b""), 32), "test([])");
    assert_eq!(show(&i, [0, 0, 0, 0, 0, 0], Some(0), vec![], 32), "test(NULL)");
    assert_eq!(
        show(&i, [0x10, 0, 0, 0, 0, 0], Some(0), cap(STRINGS, b"\x01a\0\x01\0"), 32),
        r#"test(["a", ""])"#
    );
    // An unreadable string prints as its address; an unreadable pointer of the array ends it.
    let bad = b"\x01a\0\x02\xff\xff\xff\xff\xff\xff\xff\xff";
    assert_eq!(
        show(&i, [0x10, 0, 0, 0, 0, 0], Some(0), cap(STRINGS | SHORT, bad), 32),
        r#"test(["a", 0xffffffffffffffff, ... /* 0x20 */])"#
    );
    assert_eq!(
        show(&i, [0x10, 0, 0, 0, 0, 0], Some(0), cap(STRINGS | TRUNCATED, b"\x01a\0\x01b\0"), 2),
        r#"test(["a", "b", ...])"#
    );
}

#[test]
fn wait_status_only_when_a_child_was_reaped() {
    use tracer_common::syscall::Struct;
    static ARGS: [Arg; 2] = [
        Arg { name: "upid", kind: ArgKind::Int, width: Width::Full },
        Arg { name: "s", kind: ArgKind::StructOut(Struct::WaitStatus), width: Width::Full },
    ];
    let i = info(&ARGS);
    let cap = || vec![Capture::new(1, 0, 0u32.to_le_bytes().to_vec())];
    let args = [u64::MAX, 0x7ffc_6856_c56c, 0, 0, 0, 0];
    // strace: wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], WNOHANG, NULL) = 3925
    assert_eq!(show(&i, args, Some(3925), cap(), 32), "test(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}])");
    // strace: wait4(-1, 0x7fff0f6569cc, WNOHANG, NULL) = 0
    assert_eq!(show(&i, args, Some(0), cap(), 32), "test(-1, 0x7ffc6856c56c)");
}

/// Whole calls of the real table: `name(args) = ret` (without the column padding).
mod calls {
    use tracer_common::capture::part;
    use tracer_common::event::Capture;
    use tracer_common::record::capture_flags::{AT_EXIT, TRUNCATED};

    use super::super::{Options, XlatStyle};

    fn line_with(
        name: &str,
        args: [u64; 6],
        r: Option<i64>,
        captures: Vec<Capture>,
        opts: &Options,
    ) -> String {
        styled_with(name, args, r, captures, opts, XlatStyle::Abbrev)
    }

    fn styled_with(
        name: &str,
        args: [u64; 6],
        r: Option<i64>,
        captures: Vec<Capture>,
        opts: &Options,
        xlat: XlatStyle,
    ) -> String {
        crate::decode::test_line::call_text(name, args, r, captures, opts, xlat)
    }

    fn line(name: &str, args: [u64; 6], r: Option<i64>, captures: Vec<Capture>) -> String {
        line_with(name, args, r, captures, &Options::default())
    }

    fn verbose(name: &str, args: [u64; 6], r: Option<i64>, captures: Vec<Capture>) -> String {
        line_with(name, args, r, captures, &Options { verbose: true, ..Options::default() })
    }

    fn entry(arg: u8, bytes: impl Into<Vec<u8>>) -> Capture {
        Capture::new(arg, 0, bytes.into())
    }

    fn exit(arg: u8, bytes: impl Into<Vec<u8>>) -> Capture {
        Capture::new(arg, AT_EXIT, bytes.into())
    }

    fn piece(arg: u8, p: u16, at_exit: bool, bytes: impl Into<Vec<u8>>) -> Capture {
        Capture { arg, flags: if at_exit { AT_EXIT } else { 0 }, part: p, bytes: bytes.into() }
    }

    fn le(values: &[u64]) -> Vec<u8> {
        values.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    fn le32(values: &[u32]) -> Vec<u8> {
        values.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    #[test]
    fn inet_sockaddrs_and_handlers_in_every_style() {
        use super::super::XlatStyle::{Abbrev, Raw, Verbose};
        let styled = |name: &str, args, r, caps: Vec<Capture>, xlat| {
            styled_with(name, args, r, caps, &Options::default(), xlat)
        };
        let mut sin6 = vec![10, 0, 0, 9, 0, 1, 0x23, 0x45];
        sin6.extend_from_slice(&[0; 15]);
        sin6.extend_from_slice(&[1, 0, 0, 0, 0]);
        let v6 =
            |xlat| styled("connect", [3, P, 28, 0, 0, 0], Some(-111), vec![entry(1, sin6.clone())], xlat);
        // strace 6.1 -X abbrev|raw|verbose, python connect(("::1", 9, 0x12345, 0)):
        assert_eq!(
            v6(Abbrev),
            r#"connect(3, {sa_family=AF_INET6, sin6_port=htons(9), sin6_flowinfo=htonl(74565), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = -1 ECONNREFUSED (Connection refused)"#
        );
        assert_eq!(
            v6(Raw),
            r#"connect(3, {sa_family=0xa, sin6_port="\x00\x09", sin6_flowinfo="\x00\x01\x23\x45", sin6_addr="\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01", sin6_scope_id=0}, 28) = -1 ECONNREFUSED (Connection refused)"#
        );
        assert_eq!(
            v6(Verbose),
            r#"connect(3, {sa_family=0xa /* AF_INET6 */, sin6_port="\x00\x09" /* htons(9) */, sin6_flowinfo="\x00\x01\x23\x45" /* htonl(74565) */, sin6_addr="\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01" /* inet_pton(AF_INET6, "::1") */, sin6_scope_id=0}, 28) = -1 ECONNREFUSED (Connection refused)"#
        );
        let v4 = |xlat| {
            styled("connect", [4, P, 16, 0, 0, 0], Some(-111), vec![entry(1, sin(9, [127, 0, 0, 1]))], xlat)
        };
        assert_eq!(
            v4(Raw),
            r#"connect(4, {sa_family=0x2, sin_port="\x00\x09", sin_addr="\x7f\x00\x00\x01"}, 16) = -1 ECONNREFUSED (Connection refused)"#
        );
        assert_eq!(
            v4(Verbose),
            r#"connect(4, {sa_family=0x2 /* AF_INET */, sin_port="\x00\x09" /* htons(9) */, sin_addr="\x7f\x00\x00\x01" /* inet_addr("127.0.0.1") */}, 16) = -1 ECONNREFUSED (Connection refused)"#
        );
        // strace 6.1 -X verbose / raw: rt_sigaction(12 /* SIGUSR2 */, {sa_handler=0x1 /* SIG_IGN */, sa_mask=[],
        // sa_flags=0xc000000 /* SA_RESTORER|SA_ONSTACK */, sa_restorer=0x7f5064c5a050}, {sa_handler=0 /* SIG_DFL */,
        // sa_mask=[], sa_flags=0}, 8) = 0; rt_sigaction(1, NULL, {sa_handler=0, sa_mask=[], sa_flags=0}, 8) = 0
        let act =
            [1u64, 0xc00_0000, 0x7f50_64c5_a050, 0].iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<u8>>();
        assert_eq!(
            styled("rt_sigaction", [12, P, P + 64, 8, 0, 0], Some(0), vec![entry(1, act), exit(2, vec![0; 32])], Verbose),
            "rt_sigaction(12 /* SIGUSR2 */, {sa_handler=0x1 /* SIG_IGN */, sa_mask=[], sa_flags=0xc000000 /* SA_RESTORER|SA_ONSTACK */, sa_restorer=0x7f5064c5a050}, {sa_handler=0 /* SIG_DFL */, sa_mask=[], sa_flags=0}, 8) = 0"
        );
        assert_eq!(
            styled("rt_sigaction", [1, 0, P, 8, 0, 0], Some(0), vec![exit(2, vec![0; 32])], Raw),
            "rt_sigaction(1, NULL, {sa_handler=0, sa_mask=[], sa_flags=0}, 8) = 0"
        );
    }

    fn sin(port: u16, addr: [u8; 4]) -> Vec<u8> {
        let mut b = vec![2, 0];
        b.extend_from_slice(&port.to_be_bytes());
        b.extend_from_slice(&addr);
        b.extend_from_slice(&[0; 8]);
        b
    }

    fn sin6(port: u16, flow: u32, addr: [u8; 16], scope: u32) -> Vec<u8> {
        let mut b = vec![10, 0];
        b.extend_from_slice(&port.to_be_bytes());
        b.extend_from_slice(&flow.to_be_bytes());
        b.extend_from_slice(&addr);
        b.extend_from_slice(&scope.to_le_bytes());
        b
    }

    const P: u64 = 0x7ffc_1e85_8d30;

    #[test]
    fn inet_addresses() {
        // strace 6.1: bind(3, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
        assert_eq!(
            line("bind", [3, P, 16, 0, 0, 0], Some(0), vec![entry(1, sin(0, [127, 0, 0, 1]))]),
            r#"bind(3, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("127.0.0.1")}, 16) = 0"#
        );
        // strace 6.1: connect(4, {sa_family=AF_INET6, sin6_port=htons(80), sin6_flowinfo=htonl(5),
        // inet_pton(AF_INET6, "fe80::1", &sin6_addr), sin6_scope_id=0}, 28) = -1 EINVAL (Invalid argument)
        let mut fe80 = [0u8; 16];
        fe80[0] = 0xfe;
        fe80[1] = 0x80;
        fe80[15] = 1;
        assert_eq!(
            line("connect", [4, P, 28, 0, 0, 0], Some(-22), vec![entry(1, sin6(80, 5, fe80, 0))]),
            r#"connect(4, {sa_family=AF_INET6, sin6_port=htons(80), sin6_flowinfo=htonl(5), inet_pton(AF_INET6, "fe80::1", &sin6_addr), sin6_scope_id=0}, 28) = -1 EINVAL (Invalid argument)"#
        );
        // strace 6.1: ... inet_pton(AF_INET6, "::ffff:1.2.3.4", &sin6_addr) ...
        let mut mapped = [0u8; 16];
        mapped[10..].copy_from_slice(&[0xff, 0xff, 1, 2, 3, 4]);
        assert_eq!(super::super::net::ipv6(mapped), "::ffff:1.2.3.4");
        // A length below 2 and a missing capture print the address.
        assert_eq!(line("connect", [4, P, 1, 0, 0, 0], Some(0), vec![]), "connect(4, 0x7ffc1e858d30, 1) = 0");
        assert_eq!(
            line("connect", [4, P, 16, 0, 0, 0], Some(0), vec![entry(1, vec![2, 0, 0])]),
            "connect(4, 0x7ffc1e858d30, 16) = 0"
        );
    }

    #[test]
    fn unix_and_netlink_addresses() {
        let un = |path: &[u8]| {
            let mut b = vec![1, 0];
            b.extend_from_slice(path);
            b
        };
        // strace 6.1: connect(5, {sa_family=AF_UNIX, sun_path="/tmp/nonexistent.sock"}, 24) = -1 ENOENT
        // (No such file or directory)
        assert_eq!(
            line("connect", [5, P, 24, 0, 0, 0], Some(-2), vec![entry(1, un(b"/tmp/nonexistent.sock\0"))]),
            r#"connect(5, {sa_family=AF_UNIX, sun_path="/tmp/nonexistent.sock"}, 24) = -1 ENOENT (No such file or directory)"#
        );
        // strace 6.1: connect(6, {sa_family=AF_UNIX, sun_path=@"abstract-name"}, 16) = -1 ECONNREFUSED
        // (Connection refused)
        assert_eq!(
            line("connect", [6, P, 16, 0, 0, 0], Some(-111), vec![entry(1, un(b"\0abstract-name"))]),
            r#"connect(6, {sa_family=AF_UNIX, sun_path=@"abstract-name"}, 16) = -1 ECONNREFUSED (Connection refused)"#
        );
        // strace 6.1: bind(6, {sa_family=AF_UNIX}, 2) = 0
        assert_eq!(
            line("bind", [6, P, 2, 0, 0, 0], Some(0), vec![entry(1, un(b""))]),
            "bind(6, {sa_family=AF_UNIX}, 2) = 0"
        );
        // strace 6.1: getsockname(6, {sa_family=AF_UNIX, sun_path=@"f10a8"}, [110 => 8]) = 0
        assert_eq!(
            line(
                "getsockname",
                [6, P, P + 128, 0, 0, 0],
                Some(0),
                vec![entry(2, le32(&[110])), exit(1, un(b"\0f10a8")), exit(2, le32(&[8]))]
            ),
            r#"getsockname(6, {sa_family=AF_UNIX, sun_path=@"f10a8"}, [110 => 8]) = 0"#
        );
        // strace 6.1: bind(7, {sa_family=AF_NETLINK, nl_pad=0x6600, nl_pid=0, nl_groups=00000000}, 12) = 0
        let nl = |pad: u16, pid: u32, groups: u32| {
            let mut b = vec![16, 0];
            b.extend_from_slice(&pad.to_le_bytes());
            b.extend_from_slice(&le32(&[pid, groups]));
            b
        };
        assert_eq!(
            line("bind", [7, P, 12, 0, 0, 0], Some(0), vec![entry(1, nl(0x6600, 0, 0))]),
            "bind(7, {sa_family=AF_NETLINK, nl_pad=0x6600, nl_pid=0, nl_groups=00000000}, 12) = 0"
        );
        // strace 6.1: getsockname(7, {sa_family=AF_NETLINK, nl_pid=8399, nl_groups=00000000}, [12]) = 0
        assert_eq!(
            line(
                "getsockname",
                [7, P, P + 128, 0, 0, 0],
                Some(0),
                vec![entry(2, le32(&[12])), exit(1, nl(0, 8399, 0)), exit(2, le32(&[12]))]
            ),
            "getsockname(7, {sa_family=AF_NETLINK, nl_pid=8399, nl_groups=00000000}, [12]) = 0"
        );
    }

    #[test]
    fn socklen_value_results() {
        // strace 6.1: accept4(3, {sa_family=AF_INET, sin_port=htons(55484), sin_addr=inet_addr("127.0.0.1")},
        // [16], SOCK_CLOEXEC) = 5
        let caps = vec![entry(2, le32(&[16])), exit(1, sin(55484, [127, 0, 0, 1])), exit(2, le32(&[16]))];
        let text = line("accept4", [3, P, P + 128, 0x80000, 0, 0], Some(5), caps);
        assert!(
            text.starts_with(
                r#"accept4(3, {sa_family=AF_INET, sin_port=htons(55484), sin_addr=inet_addr("127.0.0.1")}, [16], "#
            ),
            "{text}"
        );
        // strace 6.1: getsockname(5, {sa_family=AF_INET, sin_port=htons(38663), sin_addr=inet_addr("127.0.0.1")},
        // [128 => 16]) = 0
        let caps = vec![entry(2, le32(&[128])), exit(1, sin(38663, [127, 0, 0, 1])), exit(2, le32(&[16]))];
        assert_eq!(
            line("getsockname", [5, P, P + 128, 0, 0, 0], Some(0), caps),
            r#"getsockname(5, {sa_family=AF_INET, sin_port=htons(38663), sin_addr=inet_addr("127.0.0.1")}, [128 => 16]) = 0"#
        );
        // strace 6.1: getpeername(3, 0x7ffc1e858a40, [16]) = -1 ENOTCONN (Transport endpoint is not connected)
        assert_eq!(
            line("getpeername", [3, 0x7ffc_1e85_8a40, P, 0, 0, 0], Some(-107), vec![entry(2, le32(&[16]))]),
            "getpeername(3, 0x7ffc1e858a40, [16]) = -1 ENOTCONN (Transport endpoint is not connected)"
        );
        // strace 6.1: recvfrom(5, "hello", 100, 0, NULL, NULL) = 5
        let text = line("recvfrom", [5, P, 100, 0, 0, 0], Some(5), vec![exit(1, b"hello".to_vec())]);
        assert!(text.ends_with(", NULL, NULL) = 5"), "{text}");
        // strace 6.1: recvfrom(3, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"..., 100, 0, {sa_family=AF_INET,
        // sin_port=htons(46995), sin_addr=inet_addr("127.0.0.1")}, [16]) = 40
        let caps = vec![
            entry(5, le32(&[16])),
            Capture::new(1, AT_EXIT | TRUNCATED, vec![b'x'; 32]),
            exit(4, sin(46995, [127, 0, 0, 1])),
            exit(5, le32(&[16])),
        ];
        let text = line("recvfrom", [3, P, 100, 0, P + 256, P + 512], Some(40), caps);
        assert!(
            text.ends_with(
                r#", {sa_family=AF_INET, sin_port=htons(46995), sin_addr=inet_addr("127.0.0.1")}, [16]) = 40"#
            ),
            "{text}"
        );
    }

    #[test]
    fn socket_options() {
        let int = |v: i32| v.to_le_bytes().to_vec();
        // strace 6.1: setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
        let text = line("setsockopt", [3, 1, 2, P, 4, 0], Some(0), vec![entry(3, int(1))]);
        assert!(text.ends_with(", [1], 4) = 0"), "{text}");
        // strace 6.1: setsockopt(4, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=5}, 8) = 0
        let text = line("setsockopt", [4, 1, 13, P, 8, 0], Some(0), vec![entry(3, le32(&[1, 5]))]);
        assert!(text.ends_with(", {l_onoff=1, l_linger=5}, 8) = 0"), "{text}");
        // strace 6.1: setsockopt(4, SOL_SOCKET, SO_RCVTIMEO_OLD, "\3\0\0\0\0\0\0\0\364\1\0\0\0\0\0\0", 16) = 0
        let text = line("setsockopt", [4, 1, 20, P, 16, 0], Some(0), vec![entry(3, le(&[3, 500]))]);
        assert!(text.ends_with(r#", "\3\0\0\0\0\0\0\0\364\1\0\0\0\0\0\0", 16) = 0"#), "{text}");
        // strace 6.1: setsockopt(4, SOL_TCP, TCP_NODELAY, [1], 4) = 0
        let text = line("setsockopt", [4, 6, 1, P, 4, 0], Some(0), vec![entry(3, int(1))]);
        assert!(text.ends_with(", [1], 4) = 0"), "{text}");
        // strace 6.1: getsockopt(4, SOL_SOCKET, SO_TYPE, [1], [4]) = 0
        let caps = vec![entry(4, int(4)), exit(3, int(1)), exit(4, int(4))];
        let text = line("getsockopt", [4, 1, 3, P, P + 64, 0], Some(0), caps);
        assert!(text.ends_with(", [1], [4]) = 0"), "{text}");
        // strace 6.1: getsockopt(4, SOL_SOCKET, SO_LINGER, {l_onoff=0, l_linger=0}, [8]) = 0
        let caps = vec![entry(4, int(8)), exit(3, le32(&[0, 0])), exit(4, int(8))];
        let text = line("getsockopt", [4, 1, 13, P, P + 64, 0], Some(0), caps);
        assert!(text.ends_with(", {l_onoff=0, l_linger=0}, [8]) = 0"), "{text}");
        // strace 6.1: getsockopt(4, SOL_SOCKET, SO_RCVTIMEO_OLD, "\3\0\0\0\0\0\0\0\240\17\0\0\0\0\0\0", [16]) = 0
        let caps = vec![entry(4, int(16)), exit(3, le(&[3, 4000])), exit(4, int(16))];
        let text = line("getsockopt", [4, 1, 20, P, P + 64, 0], Some(0), caps);
        assert!(text.ends_with(r#", "\3\0\0\0\0\0\0\0\240\17\0\0\0\0\0\0", [16]) = 0"#), "{text}");
        // A failed getsockopt: the address, and the length offered.
        let text = line("getsockopt", [4, 1, 3, P, P + 64, 0], Some(-9), vec![entry(4, int(4))]);
        assert!(text.ends_with(", 0x7ffc1e858d30, [4]) = -1 EBADF (Bad file descriptor)"), "{text}");
    }

    #[test]
    fn iovecs() {
        // strace 6.1: writev(1, [{iov_base="abc", iov_len=3}, {iov_base="de", iov_len=2}], 2) = 5
        let caps = vec![
            entry(1, le(&[0x1000, 3, 0x2000, 2])),
            piece(1, part::ELEMENT, false, b"abc".to_vec()),
            piece(1, part::ELEMENT + 1, false, b"de".to_vec()),
        ];
        assert_eq!(
            line("writev", [1, P, 2, 0, 0, 0], Some(5), caps),
            r#"writev(1, [{iov_base="abc", iov_len=3}, {iov_base="de", iov_len=2}], 2) = 5"#
        );
        // strace 6.1: readv(3, [{iov_base="zzzzz", iov_len=5}, {iov_base="zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"...,
        // iov_len=100}], 2) = 61 (the contents are limited by the return value, then by -s)
        let caps = vec![
            exit(1, le(&[0x1000, 5, 0x2000, 100])),
            piece(1, part::ELEMENT, true, b"zzzzz".to_vec()),
            piece(1, part::ELEMENT + 1, true, vec![b'z'; 33]),
        ];
        assert_eq!(
            line("readv", [3, P, 2, 0, 0, 0], Some(61), caps),
            format!(
                r#"readv(3, [{{iov_base="zzzzz", iov_len=5}}, {{iov_base="{}"..., iov_len=100}}], 2) = 61"#,
                "z".repeat(32)
            )
        );
        // Short reads: buffers past the returned bytes are empty.
        let caps =
            vec![exit(1, le(&[0x1000, 5, 0x2000, 100])), piece(1, part::ELEMENT, true, b"ab".to_vec())];
        assert_eq!(
            line("readv", [3, P, 2, 0, 0, 0], Some(2), caps),
            r#"readv(3, [{iov_base="ab", iov_len=5}, {iov_base="", iov_len=100}], 2) = 2"#
        );
        // More elements than -s: the rest is elided.
        let mut array = Vec::new();
        let mut caps = Vec::new();
        for i in 0..32u16 {
            array.extend(le(&[0x1000, 1]));
            caps.push(piece(1, part::ELEMENT + i, false, b"a".to_vec()));
        }
        caps.push(Capture::new(1, TRUNCATED, array));
        let text = line("writev", [1, P, 40, 0, 0, 0], Some(40), caps);
        assert!(text.ends_with(r#"{iov_base="a", iov_len=1}, ...], 40) = 40"#), "{text}");
        // An unreadable array: its address.
        assert_eq!(
            line("writev", [1, P, 2, 0, 0, 0], Some(-14), vec![]),
            "writev(1, 0x7ffc1e858d30, 2) = -1 EFAULT (Bad address)"
        );
    }

    fn msghdr(
        name: u64,
        namelen: u32,
        iov: u64,
        iovlen: u64,
        control: u64,
        controllen: u64,
        flags: u32,
    ) -> Vec<u8> {
        let mut b = le(&[name]);
        b.extend(le32(&[namelen, 0]));
        b.extend(le(&[iov, iovlen, control, controllen]));
        b.extend(le32(&[flags, 0]));
        b
    }

    #[test]
    fn sendmsg_with_rights() {
        // strace 6.1: sendmsg(8, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="abc", iov_len=3},
        // {iov_base="de", iov_len=2}], msg_iovlen=2, msg_control=[{cmsg_len=24, cmsg_level=SOL_SOCKET,
        // cmsg_type=SCM_RIGHTS, cmsg_data=[0, 1]}], msg_controllen=24, msg_flags=0}, 0) = 5
        let mut control = le(&[24]);
        control.extend(le32(&[1, 1, 0, 1]));
        let caps = vec![
            entry(1, msghdr(0, 0, 0x1000, 2, 0x2000, 24, 0)),
            piece(1, part::IOV, false, le(&[0x3000, 3, 0x4000, 2])),
            piece(1, part::ELEMENT, false, b"abc".to_vec()),
            piece(1, part::ELEMENT + 1, false, b"de".to_vec()),
            piece(1, part::CONTROL, false, control),
        ];
        // (The flags argument is the flags developer's; only the msghdr is checked here.)
        let text = line("sendmsg", [8, P, 0, 0, 0, 0], Some(5), caps);
        assert!(
            text.starts_with(r#"sendmsg(8, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="abc", iov_len=3}, {iov_base="de", iov_len=2}], msg_iovlen=2, msg_control=[{cmsg_len=24, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[0, 1]}], msg_controllen=24, msg_flags=0}, "#),
            "{text}"
        );
    }

    #[test]
    fn recvmsg_as_the_call_left_it() {
        // strace 6.1: recvmsg(9, {msg_name=0x7ffc1e858d30, msg_namelen=110 => 0, msg_iov=[{iov_base="cr",
        // iov_len=10}], msg_iovlen=1, msg_control=[{cmsg_len=28, cmsg_level=SOL_SOCKET,
        // cmsg_type=SCM_CREDENTIALS, cmsg_data={pid=8399, uid=0, gid=0}}], msg_controllen=32, msg_flags=0}, 0) = 2
        let mut control = le(&[28]);
        control.extend(le32(&[1, 2, 8399, 0, 0, 0]));
        let caps = vec![
            entry(1, msghdr(P, 110, 0x1000, 1, 0x2000, 256, 0)),
            exit(1, msghdr(P, 0, 0x1000, 1, 0x2000, 32, 0)),
            piece(1, part::IOV, true, le(&[0x3000, 10])),
            piece(1, part::ELEMENT, true, b"cr".to_vec()),
            piece(1, part::CONTROL, true, control),
        ];
        let text = line("recvmsg", [9, 0x1234, 0, 0, 0, 0], Some(2), caps);
        assert!(
            text.starts_with(r#"recvmsg(9, {msg_name=0x7ffc1e858d30, msg_namelen=110 => 0, msg_iov=[{iov_base="cr", iov_len=10}], msg_iovlen=1, msg_control=[{cmsg_len=28, cmsg_level=SOL_SOCKET, cmsg_type=SCM_CREDENTIALS, cmsg_data={pid=8399, uid=0, gid=0}}], msg_controllen=32, msg_flags=0}, "#),
            "{text}"
        );
        // strace 6.1: recvmsg(9, {msg_name=0x7ffc1e858d30, msg_namelen=110 => 0, msg_iov=[{iov_base="z",
        // iov_len=1}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 1
        let caps = vec![
            entry(1, msghdr(P, 110, 0x1000, 1, 0, 0, 0)),
            exit(1, msghdr(P, 0, 0x1000, 1, 0, 0, 0)),
            piece(1, part::IOV, true, le(&[0x3000, 1])),
            piece(1, part::ELEMENT, true, b"z".to_vec()),
        ];
        let text = line("recvmsg", [9, 0x1234, 0, 0, 0, 0], Some(1), caps);
        assert!(
            text.starts_with(r#"recvmsg(9, {msg_name=0x7ffc1e858d30, msg_namelen=110 => 0, msg_iov=[{iov_base="z", iov_len=1}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, "#),
            "{text}"
        );
        // A failed recvmsg shows the name length offered.
        let caps = vec![entry(1, msghdr(P, 110, 0x1000, 1, 0, 0, 0))];
        let text = line("recvmsg", [9, 0x1234, 0x40, 0, 0, 0], Some(-11), caps);
        assert!(text.starts_with("recvmsg(9, {msg_namelen=110}, "), "{text}");
    }

    fn pollfd(fd: i32, events: u16, revents: u16) -> Vec<u8> {
        let mut b = fd.to_le_bytes().to_vec();
        b.extend(events.to_le_bytes());
        b.extend(revents.to_le_bytes());
        b
    }

    #[test]
    fn poll_and_its_return_details() {
        // strace 6.1: poll([{fd=3, events=POLLIN}, {fd=4, events=POLLIN|POLLOUT}], 2, 0) = 2 ([{fd=3,
        // revents=POLLIN}, {fd=4, revents=POLLOUT}])
        let before = [pollfd(3, 1, 0), pollfd(4, 5, 0)].concat();
        let after = [pollfd(3, 1, 1), pollfd(4, 5, 4)].concat();
        assert_eq!(
            line("poll", [P, 2, 0, 0, 0, 0], Some(2), vec![entry(0, before), exit(0, after)]),
            "poll([{fd=3, events=POLLIN}, {fd=4, events=POLLIN|POLLOUT}], 2, 0) = 2 ([{fd=3, revents=POLLIN}, {fd=4, revents=POLLOUT}])"
        );
        // strace 6.1: poll([{fd=3, events=POLLPRI}], 1, 10) = 0 (Timeout)
        assert_eq!(
            line("poll", [P, 1, 10, 0, 0, 0], Some(0), vec![entry(0, pollfd(3, 2, 0))]),
            "poll([{fd=3, events=POLLPRI}], 1, 10) = 0 (Timeout)"
        );
        // strace 6.1: poll([{fd=6, events=POLLIN}, ... 32 of them ..., ...], 40, 0) = 40 ([{fd=6,
        // revents=POLLIN}, ... 32 of them ..., ...])
        let before: Vec<u8> = (0..32).flat_map(|i| pollfd(6 + i, 1, 0)).collect();
        let after: Vec<u8> = (0..40).flat_map(|i| pollfd(6 + i, 1, 1)).collect();
        let text = line(
            "poll",
            [P, 40, 0, 0, 0, 0],
            Some(40),
            vec![
                Capture::new(0, TRUNCATED, before),
                Capture::new(0, AT_EXIT | TRUNCATED, after[..256].to_vec()),
            ],
        );
        assert!(
            text.contains("{fd=37, events=POLLIN}, ...], 40, 0) = 40 ([{fd=6, revents=POLLIN}, "),
            "{text}"
        );
        assert!(text.ends_with("{fd=37, revents=POLLIN}, ...])"), "{text}");
        // A negative fd has no events.
        assert_eq!(
            line("poll", [P, 1, 0, 0, 0, 0], Some(0), vec![entry(0, pollfd(-1, 1, 0))]),
            "poll([{fd=-1}], 1, 0) = 0 (Timeout)"
        );
    }

    #[test]
    fn ppoll_shows_the_time_left() {
        // strace 6.1: ppoll([{fd=3, events=POLLIN}], 1, {tv_sec=1, tv_nsec=0}, NULL, 8) = 1 ([{fd=3,
        // revents=POLLIN}], left {tv_sec=0, tv_nsec=999998000})
        let caps = vec![
            entry(0, pollfd(3, 1, 0)),
            entry(2, le(&[1, 0])),
            exit(0, pollfd(3, 1, 1)),
            exit(2, le(&[0, 999_998_000])),
        ];
        assert_eq!(
            line("ppoll", [P, 1, P + 64, 0, 8, 0], Some(1), caps),
            "ppoll([{fd=3, events=POLLIN}], 1, {tv_sec=1, tv_nsec=0}, NULL, 8) = 1 ([{fd=3, revents=POLLIN}], left {tv_sec=0, tv_nsec=999998000})"
        );
    }

    #[test]
    fn select_sets_cut_short_by_the_ebpf_program() {
        use tracer_common::record::capture_flags::SHORT;
        // The readable prefix of a huge set (pages never touched after it): its bits.
        let caps = vec![Capture::new(1, SHORT, vec![24, 0, 0, 0, 0, 0, 0, 0])];
        assert_eq!(
            line("select", [0x7fff_ffff, P, 0, 0, 0, 0], Some(0), caps),
            "select(2147483647, [3 4], NULL, NULL, NULL) = 0 (Timeout)"
        );
        // The prefix of a set that ends in unmapped memory, and the call failed: the address.
        let caps = vec![Capture::new(1, SHORT, vec![24, 0, 0, 0, 0, 0, 0, 0])];
        assert_eq!(
            line("select", [65, P, 0, 0, 0, 0], Some(-14), caps),
            format!("select(65, {P:#x}, NULL, NULL, NULL) = -1 EFAULT (Bad address)")
        );
    }

    #[test]
    fn pselect6_sets() {
        // strace 6.1: pselect6(5, [3], [4], NULL, {tv_sec=0, tv_nsec=500000000}, NULL) = 2 (in [3], out [4],
        // left {tv_sec=0, tv_nsec=499997427})
        let caps = vec![
            entry(1, vec![8, 0, 0, 0, 0]),
            entry(2, vec![16, 0, 0, 0, 0]),
            entry(4, le(&[0, 500_000_000])),
            exit(1, vec![8, 0, 0, 0, 0]),
            exit(2, vec![16, 0, 0, 0, 0]),
            exit(4, le(&[0, 499_997_427])),
        ];
        assert_eq!(
            line("pselect6", [5, P, P + 128, 0, P + 256, 0], Some(2), caps),
            "pselect6(5, [3], [4], NULL, {tv_sec=0, tv_nsec=500000000}, NULL) = 2 (in [3], out [4], left {tv_sec=0, tv_nsec=499997427})"
        );
        // strace 6.1: pselect6(4, [3], NULL, NULL, NULL, NULL) = 1 (in [3])
        let caps = vec![entry(1, vec![8, 0, 0, 0]), exit(1, vec![8, 0, 0, 0])];
        assert_eq!(
            line("pselect6", [4, P, 0, 0, 0, 0], Some(1), caps),
            "pselect6(4, [3], NULL, NULL, NULL, NULL) = 1 (in [3])"
        );
        // strace 6.1: pselect6(0, NULL, NULL, NULL, {tv_sec=0, tv_nsec=10000000}, NULL) = 0 (Timeout)
        let caps = vec![entry(4, le(&[0, 10_000_000]))];
        assert_eq!(
            line("pselect6", [0, 0, 0, 0, P, 0], Some(0), caps),
            "pselect6(0, NULL, NULL, NULL, {tv_sec=0, tv_nsec=10000000}, NULL) = 0 (Timeout)"
        );
        // strace 6.1: pselect6(5, [3 4], [3 4], [3], {tv_sec=0, tv_nsec=0}, NULL) = 2 (in [3], out [4], left
        // {tv_sec=0, tv_nsec=0})
        let caps = vec![
            entry(1, vec![24, 0, 0, 0, 0]),
            entry(2, vec![24, 0, 0, 0, 0]),
            entry(3, vec![8, 0, 0, 0, 0]),
            entry(4, le(&[0, 0])),
            exit(1, vec![8, 0, 0, 0, 0]),
            exit(2, vec![16, 0, 0, 0, 0]),
            exit(3, vec![0, 0, 0, 0, 0]),
            exit(4, le(&[0, 0])),
        ];
        assert_eq!(
            line("pselect6", [5, P, P + 128, P + 256, P + 384, 0], Some(2), caps),
            "pselect6(5, [3 4], [3 4], [3], {tv_sec=0, tv_nsec=0}, NULL) = 2 (in [3], out [4], left {tv_sec=0, tv_nsec=0})"
        );
    }

    fn epoll_event(events: u32, data: u64) -> Vec<u8> {
        let mut b = events.to_le_bytes().to_vec();
        b.extend(data.to_le_bytes());
        b
    }

    #[test]
    fn epoll() {
        // strace 6.1: epoll_ctl(5, EPOLL_CTL_ADD, 3, {events=EPOLLIN|EPOLLET, data={u32=3, u64=3}}) = 0
        let text =
            line("epoll_ctl", [5, 1, 3, P, 0, 0], Some(0), vec![entry(3, epoll_event(0x8000_0001, 3))]);
        assert!(text.ends_with(", 3, {events=EPOLLIN|EPOLLET, data={u32=3, u64=3}}) = 0"), "{text}");
        // strace 6.1: epoll_ctl(5, EPOLL_CTL_DEL, 4, 0x7ffd2012d504) = 0
        let text =
            line("epoll_ctl", [5, 2, 4, 0x7ffd_2012_d504, 0, 0], Some(0), vec![entry(3, epoll_event(0, 0))]);
        assert!(text.ends_with(", 4, 0x7ffd2012d504) = 0"), "{text}");
        // strace 6.1: epoll_wait(5, [{events=EPOLLIN, data={u32=3, u64=3}}, {events=EPOLLOUT, data={u32=4,
        // u64=4}}], 1023, 1000) = 2
        let events = [epoll_event(1, 3), epoll_event(4, 4)].concat();
        assert_eq!(
            line("epoll_wait", [5, P, 1023, 1000, 0, 0], Some(2), vec![exit(1, events)]),
            "epoll_wait(5, [{events=EPOLLIN, data={u32=3, u64=3}}, {events=EPOLLOUT, data={u32=4, u64=4}}], 1023, 1000) = 2"
        );
        // strace 6.1: epoll_wait(5, [], 4, 10) = 0
        assert_eq!(line("epoll_wait", [5, P, 4, 10, 0, 0], Some(0), vec![]), "epoll_wait(5, [], 4, 10) = 0");
        // On failure: the address.
        assert_eq!(
            line("epoll_wait", [5, P, 4, 10, 0, 0], Some(-4), vec![]),
            "epoll_wait(5, 0x7ffc1e858d30, 4, 10) = -1 EINTR (Interrupted system call)"
        );
    }

    #[test]
    fn small_arrays_and_pairs() {
        // strace 6.1: pipe2([3, 4], O_CLOEXEC) = 0
        let text = line("pipe2", [P, 0o2000000, 0, 0, 0, 0], Some(0), vec![exit(0, le32(&[3, 4]))]);
        assert!(text.starts_with("pipe2([3, 4], "), "{text}");
        // strace 6.1: setgroups(3, [0, 5, 7]) = 0 and setgroups(0, []) = 0
        assert_eq!(
            line("setgroups", [3, P, 0, 0, 0, 0], Some(0), vec![entry(1, le32(&[0, 5, 7]))]),
            "setgroups(3, [0, 5, 7]) = 0"
        );
        assert_eq!(
            line("setgroups", [0, P, 0, 0, 0, 0], Some(0), vec![entry(1, vec![])]),
            "setgroups(0, []) = 0"
        );
        // strace 6.1: setgroups(1, NULL) = -1 EFAULT (Bad address)
        assert_eq!(
            line("setgroups", [1, 0, 0, 0, 0, 0], Some(-14), vec![]),
            "setgroups(1, NULL) = -1 EFAULT (Bad address)"
        );
        // strace 6.1: getgroups(0, NULL) = 0
        assert_eq!(line("getgroups", [0, 0, 0, 0, 0, 0], Some(0), vec![]), "getgroups(0, NULL) = 0");
        // strace 6.1: sched_getaffinity(0, 8, [0 1]) = 8 and sched_setaffinity(0, 8, [0]) = 0
        assert_eq!(
            line(
                "sched_getaffinity",
                [0, 8, P, 0, 0, 0],
                Some(8),
                vec![exit(2, vec![3, 0, 0, 0, 0, 0, 0, 0])]
            ),
            "sched_getaffinity(0, 8, [0 1]) = 8"
        );
        assert_eq!(
            line(
                "sched_setaffinity",
                [0, 8, P, 0, 0, 0],
                Some(0),
                vec![entry(2, vec![1, 0, 0, 0, 0, 0, 0, 0])]
            ),
            "sched_setaffinity(0, 8, [0]) = 0"
        );
        // strace 6.1: getcpu([1], [0], NULL) = 0 and getcpu(NULL, NULL, NULL) = 0
        assert_eq!(
            line("getcpu", [P, P + 4, 0, 0, 0, 0], Some(0), vec![exit(0, le32(&[1])), exit(1, le32(&[0]))]),
            "getcpu([1], [0], NULL) = 0"
        );
        assert_eq!(line("getcpu", [0, 0, 0, 0, 0, 0], Some(0), vec![]), "getcpu(NULL, NULL, NULL) = 0");
    }

    #[test]
    fn process_structs() {
        // strace 6.1: wait4(22294, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, {ru_utime={tv_sec=0,
        // tv_usec=2413}, ru_stime={tv_sec=0, tv_usec=0}, ...}) = 22294
        let mut ru = le(&[0, 2413, 0, 0]);
        ru.resize(144, 0);
        let caps = vec![exit(1, le32(&[3 << 8])), exit(3, ru.clone())];
        assert_eq!(
            line("wait4", [22294, P, 0, P + 64, 0, 0], Some(22294), caps),
            "wait4(22294, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, {ru_utime={tv_sec=0, tv_usec=2413}, ru_stime={tv_sec=0, tv_usec=0}, ...}) = 22294"
        );
        // strace 6.1 -v: getrusage(RUSAGE_SELF, {ru_utime={tv_sec=0, tv_usec=2413}, ru_stime={tv_sec=0,
        // tv_usec=0}, ru_maxrss=0, ru_ixrss=0, ...all fifteen..., ru_nivcsw=0}) = 0
        let text = verbose("getrusage", [0, P, 0, 0, 0, 0], Some(0), vec![exit(1, ru)]);
        assert!(text.contains("ru_stime={tv_sec=0, tv_usec=0}, ru_maxrss=0, ru_ixrss=0, "), "{text}");
        assert!(text.ends_with("ru_nvcsw=0, ru_nivcsw=0}) = 0"), "{text}");
        // strace 6.1: sysinfo({uptime=3143, loads=[100384, 62560, 58944], totalram=25276510208,
        // freeram=22520938496, sharedram=9068544, bufferram=13066240, totalswap=0, freeswap=0, procs=103,
        // totalhigh=0, freehigh=0, mem_unit=1}) = 0
        let mut si = le(&[
            3143,
            100384,
            62560,
            58944,
            25276510208,
            22520938496,
            9068544,
            13066240,
            0,
            0,
            103,
            0,
            0,
            1,
        ]);
        si.resize(112, 0);
        assert_eq!(
            line("sysinfo", [P, 0, 0, 0, 0, 0], Some(0), vec![exit(0, si)]),
            "sysinfo({uptime=3143, loads=[100384, 62560, 58944], totalram=25276510208, freeram=22520938496, sharedram=9068544, bufferram=13066240, totalswap=0, freeswap=0, procs=103, totalhigh=0, freehigh=0, mem_unit=1}) = 0"
        );
        // strace 6.1: times({tms_utime=4 /* 0.04 s */, tms_stime=3 /* 0.03 s */, tms_cutime=0, tms_cstime=0}) =
        // 1718271109
        assert_eq!(
            line("times", [P, 0, 0, 0, 0, 0], Some(1718271109), vec![exit(0, le(&[4, 3, 0, 0]))]),
            "times({tms_utime=4 /* 0.04 s */, tms_stime=3 /* 0.03 s */, tms_cutime=0, tms_cstime=0}) = 1718271109"
        );
        let s = super::super::text::render(XlatStyle::Abbrev, |p| super::super::structs::clock_t(p, 123));
        assert_eq!(s, "123 /* 1.23 s */");
        // strace 6.1: times(NULL) = 1718271956
        assert_eq!(line("times", [0, 0, 0, 0, 0, 0], Some(1718271956), vec![]), "times(NULL) = 1718271956");
        // strace 6.1: waitid(P_PID, 22551, {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=22551, si_uid=0,
        // si_status=0, si_utime=0, si_stime=0}, WEXITED, NULL) = 0
        let mut info = le32(&[17, 0, 1, 0, 22551, 0]);
        info.resize(128, 0);
        let text = line("waitid", [1, 22551, P, 4, 0, 0], Some(0), vec![exit(2, info)]);
        assert!(
            text.contains(", {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=22551, si_uid=0, si_status=0, si_utime=0, si_stime=0}, "),
            "{text}"
        );
    }

    #[test]
    fn timers_and_stacks() {
        // strace 6.1: setitimer(ITIMER_REAL, {it_interval={tv_sec=0, tv_usec=250000}, it_value={tv_sec=10,
        // tv_usec=500000}}, {it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=0, tv_usec=0}}) = 0
        let caps = vec![entry(1, le(&[0, 250000, 10, 500000])), exit(2, le(&[0, 0, 0, 0]))];
        let text = line("setitimer", [0, P, P + 64, 0, 0, 0], Some(0), caps);
        assert!(
            text.ends_with(", {it_interval={tv_sec=0, tv_usec=250000}, it_value={tv_sec=10, tv_usec=500000}}, {it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=0, tv_usec=0}}) = 0"),
            "{text}"
        );
        // strace 6.1: timerfd_gettime(5, {it_interval={tv_sec=1, tv_nsec=500}, it_value={tv_sec=1,
        // tv_nsec=999888615}}) = 0
        assert_eq!(
            line("timerfd_gettime", [5, P, 0, 0, 0, 0], Some(0), vec![exit(1, le(&[1, 500, 1, 999888615]))]),
            "timerfd_gettime(5, {it_interval={tv_sec=1, tv_nsec=500}, it_value={tv_sec=1, tv_nsec=999888615}}) = 0"
        );
        // strace 6.1: sigaltstack({ss_sp=0x10000, ss_flags=0, ss_size=8192}, {ss_sp=NULL, ss_flags=SS_DISABLE,
        // ss_size=0}) = 0
        let caps = vec![entry(0, le(&[0x10000, 0, 8192])), exit(1, le(&[0, 2, 0]))];
        assert_eq!(
            line("sigaltstack", [P, P + 64, 0, 0, 0, 0], Some(0), caps),
            "sigaltstack({ss_sp=0x10000, ss_flags=0, ss_size=8192}, {ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0}) = 0"
        );
        // strace 6.1: sched_getparam(0, [0]) = 0 and sched_setscheduler(0, SCHED_FIFO, [5]) = 0
        assert_eq!(
            line("sched_getparam", [0, P, 0, 0, 0, 0], Some(0), vec![exit(1, le32(&[0]))]),
            "sched_getparam(0, [0]) = 0"
        );
        let text = line("sched_setscheduler", [0, 1, P, 0, 0, 0], Some(0), vec![entry(2, le32(&[5]))]);
        assert!(text.ends_with(", [5]) = 0"), "{text}");
        // strace 6.1: sched_getscheduler(0) = 0 (SCHED_OTHER)
        assert_eq!(
            line("sched_getscheduler", [0, 0, 0, 0, 0, 0], Some(0), vec![]),
            "sched_getscheduler(0) = 0 (SCHED_OTHER)"
        );
        // strace 6.1: rt_sigtimedwait([USR1], {si_signo=SIGUSR1, si_code=SI_USER, si_pid=22290, si_uid=0},
        // {tv_sec=1, tv_nsec=0}, 8) = 10 (SIGUSR1)
        let mut info = le32(&[10, 0, 0, 0, 22290, 0]);
        info.resize(128, 0);
        let caps = vec![entry(0, le(&[1 << 9])), entry(2, le(&[1, 0])), exit(1, info)];
        assert_eq!(
            line("rt_sigtimedwait", [P, P + 8, P + 256, 8, 0, 0], Some(10), caps),
            "rt_sigtimedwait([USR1], {si_signo=SIGUSR1, si_code=SI_USER, si_pid=22290, si_uid=0}, {tv_sec=1, tv_nsec=0}, 8) = 10 (SIGUSR1)"
        );
    }

    #[test]
    fn utimensat_pairs() {
        // strace 6.1: utimensat(AT_FDCWD, "/tmp/ref/poll.py", [UTIME_OMIT, UTIME_NOW], 0) = 0
        let caps = vec![
            entry(1, b"/tmp/ref/poll.py\0".to_vec()),
            entry(2, le(&[0, (1 << 30) - 2, 5, (1 << 30) - 1])),
        ];
        assert_eq!(
            line("utimensat", [(-100i64) as u64, P, P + 64, 0, 0, 0], Some(0), caps),
            r#"utimensat(AT_FDCWD, "/tmp/ref/poll.py", [UTIME_OMIT, UTIME_NOW], 0) = 0"#
        );
        // strace 6.1 (TZ=UTC): [{tv_sec=0, tv_nsec=1} /* 1970-01-01T00:00:00.000000001+0000 */, {tv_sec=0,
        // tv_nsec=2000} /* 1970-01-01T00:00:00.000002000+0000 */]
        let calendar = |sec, nsec| {
            super::super::text::render(XlatStyle::Abbrev, |p| {
                super::super::timefmt::comment_nsec(p, sec, nsec)
            })
        };
        assert_eq!(calendar(0, 0), "");
        if std::env::var("TZ").is_ok_and(|tz| tz == "UTC") {
            assert_eq!(calendar(0, 1), " /* 1970-01-01T00:00:00.000000001+0000 */");
        }
    }

    #[test]
    fn clone3_and_open_how() {
        let args = |flags: u64, exit_signal: u64, stack: u64, size: u64, tls: u64| {
            le(&[flags, 0, 0x7f00_0000_0910, 0x7f00_0000_0910, exit_signal, stack, size, tls, 0, 0, 0])
        };
        // strace 6.1: clone3({flags=CLONE_VM, exit_signal=0, stack=NULL, stack_size=0}, 88) = 22557
        assert_eq!(
            line("clone3", [P, 88, 0, 0, 0, 0], Some(22557), vec![entry(0, args(0x100, 0, 0, 0, 0))]),
            "clone3({flags=CLONE_VM, exit_signal=0, stack=NULL, stack_size=0}, 88) = 22557"
        );
        // strace 6.1: clone3({flags=CLONE_PIDFD|CLONE_NEWPID, pidfd=NULL, exit_signal=SIGCHLD, stack=0x1000,
        // stack_size=0x2000}, 64) = -1 EFAULT (Bad address)
        let mut caps = args(0x2000_1000, 17, 0x1000, 0x2000, 0x3000);
        caps[8..16].copy_from_slice(&[0; 8]);
        assert_eq!(
            line("clone3", [P, 64, 0, 0, 0, 0], Some(-14), vec![entry(0, caps)]),
            "clone3({flags=CLONE_PIDFD|CLONE_NEWPID, pidfd=NULL, exit_signal=SIGCHLD, stack=0x1000, stack_size=0x2000}, 64) = -1 EFAULT (Bad address)"
        );
        // strace 6.1 (a pthread_create): clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|
        // CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID,
        // child_tid=0x7f0000000910, parent_tid=0x7f0000000910, exit_signal=0, stack=0x7effff800000,
        // stack_size=0x7fff00, tls=0x7f0000000640} => {parent_tid=[2345]}, 88) = 2345
        // (The tid the kernel stored at parent_tid, read back at exit by a deref row.)
        let stored = piece(0, tracer_common::capture::deref::part_for(24), true, 2345i32.to_le_bytes());
        let caps = vec![entry(0, args(0x3d0f00, 0, 0x7eff_ff80_0000, 0x7fff00, 0x7f00_0000_0640)), stored];
        assert_eq!(
            line("clone3", [P, 88, 0, 0, 0, 0], Some(2345), caps),
            "clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7f0000000910, parent_tid=0x7f0000000910, exit_signal=0, stack=0x7effff800000, stack_size=0x7fff00, tls=0x7f0000000640} => {parent_tid=[2345]}, 88) = 2345"
        );
        // strace 6.1: clone3(NULL, 88) = -1 EFAULT (Bad address)
        assert_eq!(
            line("clone3", [0, 88, 0, 0, 0, 0], Some(-14), vec![]),
            "clone3(NULL, 88) = -1 EFAULT (Bad address)"
        );
        // strace 6.1: openat2(AT_FDCWD, "/etc/hostname", {flags=O_RDONLY|O_CLOEXEC,
        // resolve=RESOLVE_BENEATH|RESOLVE_IN_ROOT}, 24) = -1 EINVAL (Invalid argument)
        let caps = vec![entry(1, b"/etc/hostname\0".to_vec()), entry(2, le(&[0o2000000, 0, 0x18]))];
        assert_eq!(
            line("openat2", [(-100i64) as u64, P, P + 64, 24, 0, 0], Some(-22), caps),
            r#"openat2(AT_FDCWD, "/etc/hostname", {flags=O_RDONLY|O_CLOEXEC, resolve=RESOLVE_BENEATH|RESOLVE_IN_ROOT}, 24) = -1 EINVAL (Invalid argument)"#
        );
        // strace 6.1: openat2(AT_FDCWD, "/nonexistent/x", {flags=O_WRONLY|O_CREAT, mode=0644, resolve=0}, 24)
        let caps = vec![entry(1, b"/nonexistent/x\0".to_vec()), entry(2, le(&[0o101, 0o644, 0]))];
        let text = line("openat2", [(-100i64) as u64, P, P + 64, 24, 0, 0], Some(-2), caps);
        assert!(text.contains(r#", {flags=O_WRONLY|O_CREAT, mode=0644, resolve=0}, 24) = "#), "{text}");
    }

    fn termios(iflag: u32, oflag: u32, cflag: u32, lflag: u32) -> Vec<u8> {
        let mut b = le32(&[iflag, oflag, cflag, lflag]);
        b.push(0);
        b.extend([3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0xf, 0x17, 0x16, 0, 0, 0]);
        b.resize(64, 0);
        b
    }

    #[test]
    fn ioctl_families() {
        // strace 6.1: a request no decoder takes gets its argument in hex; some take none.
        assert_eq!(
            line("ioctl", [u64::MAX, 0x8004_5a00, 0xbadc0ded, 0, 0, 0], Some(-9), vec![]),
            "ioctl(-1, _IOC(_IOC_READ, 0x5a, 0, 0x4), 0xbadc0ded) = -1 EBADF (Bad file descriptor)"
        );
        assert_eq!(
            line("ioctl", [u64::MAX, 0x3e02, 0xbadc0ded, 0, 0, 0], Some(-9), vec![]),
            "ioctl(-1, COUNTER_DISABLE_EVENTS_IOCTL) = -1 EBADF (Bad file descriptor)"
        );
        // strace 6.1: ioctl(-1, COUNTER_ADD_WATCH_IOCTL, {component={type=COUNTER_COMPONENT_SIGNAL,
        // scope=COUNTER_SCOPE_COUNT, parent=3, id=4}, event=COUNTER_EVENT_CHANGE_OF_STATE, channel=6})
        assert_eq!(
            line("ioctl", [u64::MAX, 0x4006_3e00, P, 0, 0, 0], Some(-9), vec![entry(2, vec![1, 2, 3, 4, 5, 6])]),
            "ioctl(-1, COUNTER_ADD_WATCH_IOCTL, {component={type=COUNTER_COMPONENT_SIGNAL, \
             scope=COUNTER_SCOPE_COUNT, parent=3, id=4}, event=COUNTER_EVENT_CHANGE_OF_STATE, channel=6}) = -1 \
             EBADF (Bad file descriptor)"
        );
        // An object longer than the copy (cut at an unreadable page) prints as its address.
        assert_eq!(
            line("ioctl", [u64::MAX, 0x4006_3e00, P, 0, 0, 0], Some(-9), vec![entry(2, vec![1, 2, 3])]),
            format!("ioctl(-1, COUNTER_ADD_WATCH_IOCTL, {P:#x}) = -1 EBADF (Bad file descriptor)")
        );
        // Output objects print after a success only: BLKGETSIZE64, HDIO_GETGEO.
        let size = 1u64 << 40;
        assert_eq!(
            line("ioctl", [3, 0x8008_1272, P, 0, 0, 0], Some(0), vec![exit(2, size.to_le_bytes().to_vec())]),
            "ioctl(3, BLKGETSIZE64, [1099511627776]) = 0"
        );
        assert_eq!(
            line("ioctl", [u64::MAX, 0x8008_1272, P, 0, 0, 0], Some(-9), vec![]),
            format!("ioctl(-1, BLKGETSIZE64, {P:#x}) = -1 EBADF (Bad file descriptor)")
        );
        let mut geo = vec![16u8, 63, 0x10, 0x01];
        geo.extend([0; 4]);
        geo.extend(2048u64.to_le_bytes());
        assert_eq!(
            line("ioctl", [3, 0x0301, P, 0, 0, 0], Some(0), vec![exit(2, geo)]),
            "ioctl(3, HDIO_GETGEO, {heads=16, sectors=63, cylinders=272, start=2048}) = 0"
        );
        // FS_IOC_FSSETXATTR and INOTIFY_IOC_SETNEXTWD (an int by value).
        let mut xattr = vec![0u8; 28];
        xattr[..4].copy_from_slice(&0x8000_0009u32.to_le_bytes());
        xattr[12..16].copy_from_slice(&0xabcu32.to_le_bytes());
        assert_eq!(
            line("ioctl", [u64::MAX, 0x401c_5820, P, 0, 0, 0], Some(-9), vec![entry(2, xattr)]),
            "ioctl(-1, FS_IOC_FSSETXATTR, {fsx_xflags=FS_XFLAG_REALTIME|FS_XFLAG_IMMUTABLE|FS_XFLAG_HASATTR, \
             fsx_extsize=0, fsx_projid=0xabc, fsx_cowextsize=0}) = -1 EBADF (Bad file descriptor)"
        );
        assert_eq!(
            line("ioctl", [u64::MAX, 0x4004_4900, 0xdead_beef_badc_0ded, 0, 0, 0], Some(-9), vec![]),
            "ioctl(-1, INOTIFY_IOC_SETNEXTWD, -1159983635) = -1 EBADF (Bad file descriptor)"
        );
    }

    #[test]
    fn ioctls_by_request() {
        let tio = termios(0o400 | 0o2000, 0o5, 0o277, 0o105073);
        // strace 6.1: ioctl(4, TCGETS, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR,
        // c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, ...}) = 0
        let caps = vec![entry(2, vec![0; 64]), exit(2, tio.clone())];
        assert_eq!(
            line("ioctl", [4, 0x5401, P, 0, 0, 0], Some(0), caps.clone()),
            "ioctl(4, TCGETS, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, ...}) = 0"
        );
        // strace 6.1 -v: ..., c_line=N_TTY, c_cc=[[VINTR]=0x3, [VQUIT]=0x1c, [VERASE]=0x7f, [VKILL]=0x15,
        // [VEOF]=0x4, [VTIME]=0, [VMIN]=0x1, [VSWTC]=0, [VSTART]=0x11, [VSTOP]=0x13, [VSUSP]=0x1a, [VEOL]=0,
        // [VREPRINT]=0x12, [VDISCARD]=0xf, [VWERASE]=0x17, [VLNEXT]=0x16, [VEOL2]=0, [17]=0, [18]=0]}) = 0
        let text = verbose("ioctl", [4, 0x5401, P, 0, 0, 0], Some(0), caps);
        assert!(
            text.ends_with("c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, c_line=N_TTY, c_cc=[[VINTR]=0x3, [VQUIT]=0x1c, [VERASE]=0x7f, [VKILL]=0x15, [VEOF]=0x4, [VTIME]=0, [VMIN]=0x1, [VSWTC]=0, [VSTART]=0x11, [VSTOP]=0x13, [VSUSP]=0x1a, [VEOL]=0, [VREPRINT]=0x12, [VDISCARD]=0xf, [VWERASE]=0x17, [VLNEXT]=0x16, [VEOL2]=0, [17]=0, [18]=0]}) = 0"),
            "{text}"
        );
        // strace 6.1: ioctl(4, TCGETS, 0x7fffb963a430) = -1 ENOTTY (Inappropriate ioctl for device)
        assert_eq!(
            line("ioctl", [4, 0x5401, 0x7fff_b963_a430, 0, 0, 0], Some(-25), vec![entry(2, vec![0; 64])]),
            "ioctl(4, TCGETS, 0x7fffb963a430) = -1 ENOTTY (Inappropriate ioctl for device)"
        );
        // strace 6.1 (a C program's zeroed termios with c_cflag=BOTHER|CS8|CREAD): ioctl(-1, SNDCTL_TMR_START or
        // TCSETS, {c_iflag=, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|, c_cflag=BOTHER|CS8|CREAD, c_lflag=, ...}) = -1
        // EBADF (Bad file descriptor)
        let mut tio = vec![0u8; 64];
        tio[8..12].copy_from_slice(&(0o10000u32 | 0o60 | 0o200).to_le_bytes());
        assert_eq!(
            line("ioctl", [u64::MAX, 0x5402, P, 0, 0, 0], Some(-9), vec![entry(2, tio)]),
            "ioctl(-1, SNDCTL_TMR_START or TCSETS, {c_iflag=, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|, \
             c_cflag=BOTHER|CS8|CREAD, c_lflag=, ...}) = -1 EBADF (Bad file descriptor)"
        );
        // strace 6.1: ioctl(4, TIOCSWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) = 0
        let ws = [24u16, 80, 0, 0].iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<u8>>();
        assert_eq!(
            line("ioctl", [4, 0x5414, P, 0, 0, 0], Some(0), vec![entry(2, ws.clone())]),
            "ioctl(4, TIOCSWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) = 0"
        );
        // strace 6.1: ioctl(4, TIOCGWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) = 0
        assert_eq!(
            line("ioctl", [4, 0x5413, P, 0, 0, 0], Some(0), vec![entry(2, vec![0; 8]), exit(2, ws)]),
            "ioctl(4, TIOCGWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) = 0"
        );
        // strace 6.1: ioctl(4, FIONREAD, [0]) = 0; ioctl(4, FIONBIO, [1]) = 0; ioctl(3, TIOCGPTN, [0]) = 0
        assert_eq!(
            line("ioctl", [4, 0x541b, P, 0, 0, 0], Some(0), vec![entry(2, le32(&[9])), exit(2, le32(&[0]))]),
            "ioctl(4, FIONREAD, [0]) = 0"
        );
        assert_eq!(
            line("ioctl", [4, 0x5421, P, 0, 0, 0], Some(0), vec![entry(2, le32(&[1]))]),
            "ioctl(4, FIONBIO, [1]) = 0"
        );
        assert_eq!(
            line(
                "ioctl",
                [3, 0x8004_5430, P, 0, 0, 0],
                Some(0),
                vec![entry(2, le32(&[7])), exit(2, le32(&[0]))]
            ),
            "ioctl(3, TIOCGPTN, [0]) = 0"
        );
        // strace 6.1: ioctl(5, SIOCGIFINDEX, {ifr_name="1"}) = -1 ENODEV (No such device)
        let mut ifr = b"1".to_vec();
        ifr.resize(40, 0);
        let text = line("ioctl", [5, 0x8933, P, 0, 0, 0], Some(-19), vec![entry(2, ifr)]);
        assert!(text.ends_with(r#", {ifr_name="1"}) = -1 ENODEV (No such device)"#), "{text}");
        // strace 6.1: ioctl(3, SIOCGIFINDEX, {ifr_name="lo", ifr_ifindex=1}) = 0
        let mut ifr = b"lo".to_vec();
        ifr.resize(40, 0);
        let mut back = ifr.clone();
        back[16] = 1;
        let text = line("ioctl", [3, 0x8933, P, 0, 0, 0], Some(0), vec![entry(2, ifr), exit(2, back)]);
        assert!(text.ends_with(r#", {ifr_name="lo", ifr_ifindex=1}) = 0"#), "{text}");
        // strace 6.1: ioctl(3, TIOCGPTPEER, 0x102) = 4
        let text = line("ioctl", [3, 0x5441, 0x102, 0, 0, 0], Some(4), vec![]);
        assert!(text.ends_with(", 0x102) = 4"), "{text}");
    }

    #[test]
    fn getdents_entries_under_v_stop_at_a_record_shorter_than_its_header() {
        let record = |ino: u64, off: u64, reclen: u16, d_type: u8, name: &[u8]| {
            let mut b = [ino.to_le_bytes(), off.to_le_bytes()].concat();
            b.extend_from_slice(&reclen.to_le_bytes());
            b.push(d_type);
            b.extend_from_slice(name);
            b
        };
        let mut buf = record(1, 2, 24, 4, b".\0\0\0\0");
        buf.extend(record(5, 6, 8, 8, &[0; 16]));
        // strace 6.1's decode_dents: the short record is printed, clamped, and ends the walk.
        assert_eq!(
            verbose("getdents64", [3, P, 4096, 0, 0, 0], Some(59), vec![exit(1, buf)]),
            "getdents64(3, [{d_ino=1, d_off=2, d_reclen=24, d_type=DT_DIR, d_name=\".\"}, \
             {d_ino=5, d_off=6, d_reclen=8 /* 11 bytes underflow */, d_type=DT_REG}], 4096) = 59"
        );
    }

    #[test]
    fn getcwd_is_a_path() {
        // strace 6.1: getcwd("/tmp/ref", 4096) = 9
        assert_eq!(
            line("getcwd", [P, 4096, 0, 0, 0, 0], Some(9), vec![exit(0, b"/tmp/ref\0".to_vec())]),
            r#"getcwd("/tmp/ref", 4096) = 9"#
        );
        assert_eq!(
            line("getcwd", [P, 1, 0, 0, 0, 0], Some(-34), vec![]),
            "getcwd(0x7ffc1e858d30, 1) = -1 ERANGE (Numerical result out of range)"
        );
    }

    #[test]
    fn verbose_stat() {
        // strace 6.1 -v: newfstatat(3, "", {st_dev=makedev(0xfe, 0), st_ino=464, st_mode=S_IFREG|0644,
        // st_nlink=1, st_uid=0, st_gid=0, st_blksize=4096, st_blocks=72, st_size=33827, st_atime=1795817213 /*
        // 2026-11-27T22:06:53.616959260+0000 */, st_atime_nsec=616959260, ...}, AT_EMPTY_PATH) = 0
        let mut st = le(&[0xfe00, 464, 1]);
        st.extend(le32(&[0o100644, 0, 0, 0]));
        st.extend(le(&[
            0, 33827, 4096, 72, 1795817213, 616959260, 1795817213, 608539577, 1795817213, 608539577,
        ]));
        st.resize(144, 0);
        let caps = vec![entry(1, b"\0".to_vec()), exit(2, st)];
        let text = verbose("newfstatat", [3, P, P + 64, 0x1000, 0, 0], Some(0), caps);
        assert!(
            text.starts_with(r#"newfstatat(3, "", {st_dev=makedev(0xfe, 0), st_ino=464, st_mode=S_IFREG|0644, st_nlink=1, st_uid=0, st_gid=0, st_blksize=4096, st_blocks=72, st_size=33827, st_atime=1795817213"#),
            "{text}"
        );
        assert!(text.contains(", st_atime_nsec=616959260, st_mtime=1795817213"), "{text}");
        assert!(text.ends_with(", st_ctime_nsec=608539577}, AT_EMPTY_PATH) = 0"), "{text}");
    }

    #[test]
    fn hostile_captures_print_addresses() {
        // Short or faulted captures never panic and make a whole line; empty ones print the pointer.
        for name in [
            "poll",
            "ppoll",
            "select",
            "pselect6",
            "readv",
            "writev",
            "sendmsg",
            "recvmsg",
            "bind",
            "accept4",
            "getsockopt",
            "setsockopt",
            "epoll_wait",
            "ioctl",
            "clone3",
            "wait4",
            "sysinfo",
            "utimensat",
            "sched_getaffinity",
            "getgroups",
            "waitid",
            "openat2",
            "rt_sigtimedwait",
            "getcpu",
        ] {
            for len in [0usize, 1, 3, 7, 9, 15, 17, 55, 57] {
                let mut caps = Vec::new();
                for arg in 0..6u8 {
                    caps.push(Capture::new(arg, 0, vec![0xff; len]));
                    caps.push(Capture::new(arg, AT_EXIT, vec![0xff; len]));
                    for p in [part::NAME, part::IOV, part::CONTROL, part::ELEMENT] {
                        caps.push(piece(arg, p, true, vec![0xff; len]));
                        caps.push(piece(arg, p, false, vec![0xff; len]));
                    }
                }
                let texts = [
                    line(name, [P, 3, P, 0xffff_ffff, P, 16], Some(3), caps.clone()),
                    verbose(name, [P, u64::MAX, P, 200, P, 16], Some(1 << 40), caps),
                ];
                for text in texts {
                    // A whole line, whatever the bytes: the call's name, its arguments, its return.
                    assert!(text.starts_with(&format!("{name}(")), "{name} {len}: {text}");
                    assert!(text.contains(") = "), "{name} {len}: {text}");
                    // Nothing to decode from: no structure or array is shown, pointers are addresses.
                    if len == 0 {
                        assert!(!text.contains(['{', '[']), "{name}: decoded from nothing: {text}");
                    }
                }
            }
        }
    }
}

/// Every descriptor is /dev/null (for `-y`).
#[derive(Debug)]
struct AllDevNull;

impl FdNames for AllDevNull {
    fn fd_name(&self, _pid: u32, fd: i32) -> Option<FdName> {
        (fd >= 0).then(|| FdName::Path { path: b"/dev/null".to_vec(), deleted: false })
    }
}

#[test]
fn fcntl_dupfd_returns_a_descriptor() {
    let Some(info) = tracer_common::syscall::by_name("fcntl") else { panic!("fcntl is in the table") };
    let line = |args: [u64; 6], ret: i64, xlat: XlatStyle| {
        let call = Syscall {
            ip: 0,
            meta: Meta::default(),
            nr: 72,
            args,
            captures: vec![],
            ret: Some(ret),
            exit_ts_ns: None,
            kernel_atoms: None,
        };
        let opts = Options { fds: Some(&AllDevNull), ..Options::default() };
        call_line(Some(info), &call, &opts, xlat)
    };
    // strace 6.1 -y: fcntl(3</dev/null>, F_DUPFD, 10) = 11</dev/null>,
    // fcntl(3</dev/null>, F_DUPFD_CLOEXEC, 20) = 20</dev/null>, and with -X verbose
    // fcntl(3</dev/null>, 0x406 /* F_DUPFD_CLOEXEC */, 20) = 20</dev/null>
    assert_eq!(
        line([3, 0, 10, 0, 0, 0], 11, XlatStyle::Abbrev),
        "fcntl(3</dev/null>, F_DUPFD, 10) = 11</dev/null>"
    );
    assert_eq!(
        line([3, 1030, 20, 0, 0, 0], 20, XlatStyle::Abbrev),
        "fcntl(3</dev/null>, F_DUPFD_CLOEXEC, 20) = 20</dev/null>"
    );
    assert_eq!(
        line([3, 1030, 20, 0, 0, 0], 20, XlatStyle::Verbose),
        "fcntl(3</dev/null>, 0x406 /* F_DUPFD_CLOEXEC */, 20) = 20</dev/null>"
    );
    // strace 6.1 -y: fcntl(3</dev/null>, F_GETSIG) = 10 (SIGUSR1)
    assert_eq!(line([3, 11, 0, 0, 0, 0], 10, XlatStyle::Raw), "fcntl(3</dev/null>, 0xb) = 10 (SIGUSR1)");
}
