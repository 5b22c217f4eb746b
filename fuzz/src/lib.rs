//! The way in for the decoder targets: tracer-cli is a binary crate, so its `decode` module is
//! compiled here from its own source (`#[path]`), next to a stand-in for the one item it takes from
//! the rest of the crate, `crate::pairing::Syscall` (same fields, same lookups).
//!
//! Proposal (not done here, the owner decides): move `Syscall` out of `pairing.rs` into a file of
//! its own (or give tracer-cli a small `lib.rs` exposing `decode`), so this stand-in can go.

#![allow(dead_code, unused_imports, clippy::all)]

#[path = "../../tracer-cli/src/decode/mod.rs"]
pub mod decode;

pub mod pairing {
    use tracer_common::capture::part;
    use tracer_common::event::{Capture, Meta};

    /// Mirror of `tracer-cli/src/pairing.rs`'s `Syscall` (fields and the lookups decode uses).
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct Syscall {
        pub meta: Meta,
        pub nr: u64,
        pub args: [u64; 6],
        pub captures: Vec<Capture>,
        pub ret: Option<i64>,
        pub exit_ts_ns: Option<u64>,
    }

    impl Syscall {
        pub fn capture(&self, arg: usize) -> Option<&Capture> {
            self.captures.iter().find(|c| usize::from(c.arg) == arg && c.part == part::MAIN)
        }
        pub fn entry_part(&self, arg: usize, part: u16) -> Option<&Capture> {
            self.captures.iter().find(|c| usize::from(c.arg) == arg && c.part == part && !c.at_exit())
        }
        pub fn exit_part(&self, arg: usize, part: u16) -> Option<&Capture> {
            self.captures.iter().find(|c| usize::from(c.arg) == arg && c.part == part && c.at_exit())
        }
    }
}

use tracer_common::event::{Capture, Meta};
use tracer_common::syscall::SyscallInfo;

/// A cursor over the fuzzer's bytes; runs out into zeros.
pub struct Bytes<'a>(pub &'a [u8]);

impl Bytes<'_> {
    pub fn u8(&mut self) -> u8 {
        let (first, rest) = self.0.split_first().map_or((0, &[][..]), |(f, r)| (*f, r));
        self.0 = rest;
        first
    }
    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.u8(), self.u8()])
    }
    pub fn u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        b.iter_mut().for_each(|x| *x = self.u8());
        u64::from_le_bytes(b)
    }
    pub fn take(&mut self, n: usize) -> &[u8] {
        let n = n.min(self.0.len());
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        head
    }
}

/// An argument value: often small, sometimes a boundary, sometimes anything.
fn arg_value(b: &mut Bytes) -> u64 {
    match b.u8() % 8 {
        0 => 0,
        1 => u64::from(b.u8()),
        2 => u64::MAX - u64::from(b.u8()),
        3 => 1 << (b.u8() % 64),
        4 => (-100i64) as u64, // AT_FDCWD
        5 => u64::from(b.u16()),
        _ => b.u64(),
    }
}

/// Build a call to `info` (or to an unknown number) from the rest of the bytes and render it the
/// way the renderer does: entry text, exit text, result, in every `-X` style and `-v`.
pub fn render(info: Option<&'static SyscallInfo>, nr: u64, b: &mut Bytes) {
    let mut args = [0u64; 6];
    args.iter_mut().for_each(|a| *a = arg_value(b));
    let ncap = b.u8() % 8;
    let mut captures = Vec::new();
    for _ in 0..ncap {
        let arg = b.u8() % 8; // 6 and 7: out of range on purpose (and TAMPER_ARG lives up there)
        let flags = b.u8();
        let part = u16::from(b.u8() % 4);
        let len = usize::from(b.u16() % 1024);
        let bytes = b.take(len).to_vec();
        captures.push(Capture { arg, flags, part, bytes });
    }
    let ret = match b.u8() % 4 {
        0 => None,
        1 => Some(-i64::from(b.u16() % 4200)),
        _ => Some(arg_value(b) as i64),
    };
    let strlen = u32::from(b.u8());
    let call = pairing::Syscall {
        meta: Meta { pid: 1, tid: 1, ts_ns: 0 },
        nr,
        args,
        captures,
        ret,
        exit_ts_ns: ret.map(|_| 1),
    };
    for (xlat, verbose) in [
        (decode::XlatStyle::Abbrev, false),
        (decode::XlatStyle::Raw, false),
        (decode::XlatStyle::Verbose, true),
    ] {
        let opts = decode::Options { strlen, verbose, xlat, fds: None };
        let mut out = String::new();
        let split = decode::call_split(&mut out, info, &call, &opts);
        assert!(split <= out.len() && out.is_char_boundary(split), "split {split} outside {out:?}");
        decode::ret(&mut out, info, &call, &opts);
    }
}
