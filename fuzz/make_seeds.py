#!/usr/bin/env python3
"""Write the committed seed corpus (fuzz/corpus/*): a few well-formed inputs per target, so the
fuzzer starts from records and calls that reach deep into the decoders. Layouts: tracer-common's
record.rs (records) and fuzz/src/lib.rs's `render` (calls)."""
import os, struct

def align8(b):
    return b + b"\0" * (-len(b) % 8)

def capture(arg, flags, data, part=0):
    return align8(struct.pack("<BBHI", arg, flags, part, len(data)) + data)

def record(kind, body, pid=100, tid=100, ts=1):
    body = align8(body)
    return struct.pack("<IIIIQ", kind, 24 + len(body), pid, tid, ts) + body

def enter(nr, args, caps=b"", ip=0x7f0000000042):
    return record(1, struct.pack("<Q6QQ", nr, *args, ip) + caps)

# The exit body: nr, ret, then `--filter`'s kernel atoms and the flags (bit 0: atoms present).
def exit_(nr, ret, caps=b"", atoms=None):
    flags = 0 if atoms is None else 1
    return record(2, struct.pack("<QqII", nr, ret, atoms or 0, flags) + caps)

siginfo = struct.pack("<iii", 17, 0, 1) + b"\0" * 4 + struct.pack("<II", 42, 0) + b"\0" * 104
records = {
    "openat": enter(257, [2**32 - 100, 0x7f0000001000, 0o2000000, 0, 0, 0], capture(1, 0, b"/etc/passwd")),
    "read": exit_(0, 5, capture(1, 0x10, b"hello")),
    "filtered": exit_(257, -13, atoms=0b101),
    "truncated": enter(1, [1, 0x1000, 4096, 0, 0, 0], capture(1, 1, b"x" * 32)),
    "fault": enter(257, [2**32 - 100, 1, 0, 0, 0, 0], capture(1, 2, b"")),
    "process": record(3, struct.pack("<II", 101, 101)) + record(4, struct.pack("<Ii", 100, 0))
    + record(5, struct.pack("<ii", 0x0300, 0)) + record(7, struct.pack("<Q", 12))
    + record(8, struct.pack("<II", 19, 0)) + record(9, b"sh".ljust(16, b"\0")),
    "signal": record(6, siginfo) + record(10, siginfo),
}
# SYS_CALL (kind 11): entry body, exit body, exit ts, entry captures' length, then both captures.
entry_caps = capture(1, 0, b"/etc/hostname")
exit_caps = capture(1, 0x10, b"host\n")
records["call"] = record(11, struct.pack("<Q6QQ" "QqII" "QII", 257, 2**32 - 100, 0x7f0000001000, 0, 0, 0, 0,
                                         0x7f0000000042, 257, 3, 1, 1, 2, len(entry_caps), 0)
                         + entry_caps + exit_caps)
for name, data in records.items():
    open(f"corpus/record/{name}", "wb").write(data)

def arg(v):  # selector 7: a full u64
    return bytes([7]) + struct.pack("<Q", v & 2**64 - 1)

def call(args, caps, ret):
    out = b"".join(arg(a) for a in (args + [0] * 6)[:6]) + bytes([len(caps)])
    for a, flags, part, data in caps:
        out += bytes([a, flags, part]) + struct.pack("<H", len(data)) + data
    return out + bytes([3]) + arg(ret) + bytes([32])

sockaddr_in = struct.pack("<HH4s", 2, 0x5000, bytes([127, 0, 0, 1])) + b"\0" * 8
iov = struct.pack("<QQ", 0x7f0000002000, 5)
stat = b"\0" * 144
sigaction = struct.pack("<QQQQ", 1, 0x04000000, 0, 0)
pollfd = struct.pack("<ihh", 3, 1, 0)
calls = {
    "openat": (257, call([-100, 0x7f0000001000, 0o2000000], [(1, 0, 0, b"/etc/passwd")], 3)),
    "read": (0, call([3, 0x7f0000001000, 832], [(1, 0x10, 0, b"\x7fELF" + b"\0" * 28)], 832)),
    "writev": (20, call([1, 0x7f0000001000, 1], [(1, 0, 0, iov), (1, 0, 1, b"hello")], 5)),
    "connect": (42, call([3, 0x7f0000001000, 16], [(1, 0, 0, sockaddr_in)], -111)),
    "newfstatat": (262, call([-100, 0x7f0000001000, 0x7f0000002000, 0x1000], [(1, 0, 0, b"/"), (2, 0x10, 0, stat)], 0)),
    "rt_sigaction": (13, call([17, 0x7f0000001000, 0, 8], [(1, 0, 0, sigaction)], 0)),
    "poll": (7, call([0x7f0000001000, 1, 100], [(0, 0, 0, pollfd), (0, 0x10, 0, struct.pack("<ihh", 3, 1, 1))], 1)),
    "execve": (59, call([0x7f0000001000, 0x7f0000002000, 0x7f0000003000], [(0, 0, 0, b"/bin/sh"), (1, 0, 0, b"sh\0-c\0exit 3\0"), (2, 8, 0, struct.pack("<I", 20))], 0)),
    "ioctl": (16, call([1, 0x5401, 0x7f0000001000], [(2, 0x10, 0, b"\0" * 60)], 0)),
    "unknown": (0x1c5, call([1, 2, 3, 4, 5, 6], [], -38)),
}
for name, (nr, body) in calls.items():
    open(f"corpus/decode_call/{name}", "wb").write(struct.pack("<H", nr) + body)
# decode_family: family index, member index, then the same call body.
for i, (name, (nr, body)) in enumerate(calls.items()):
    open(f"corpus/decode_family/{name}", "wb").write(bytes([i % 10, i]) + body)
# siginfo: SIGCHLD (exited), SIGSEGV (MAPERR at NULL), SIGUSR1 from tkill.
for name, head in {"sigchld": struct.pack("<iii", 17, 0, 1) + b"\0" * 4 + struct.pack("<II", 42, 0),
                   "sigsegv": struct.pack("<iii", 11, 0, 1), "tkill": struct.pack("<iii", 10, 0, -6)}.items():
    open(f"corpus/siginfo/{name}", "wb").write(head.ljust(128, b"\0"))
