//! What the decoder targets share: a cursor over the fuzzer's bytes, and [`render`], which builds a
//! call from them and writes it through tracer's own strace-text printer.

use tracer::call::Syscall;
use tracer::decode::text::TextPrinter;
use tracer::decode::{Options, XlatStyle};
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

/// Build a call to `info` (or to an unknown number) from the rest of the bytes and write it as the
/// text printer does: arguments (checking where their exit-time text starts), then the result, in
/// every `-X` style and `-v`.
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
    let call = Syscall {
        meta: Meta { pid: 1, tid: 1, ts_ns: 0 },
        nr,
        args,
        ip: 0,
        captures,
        ret,
        exit_ts_ns: ret.map(|_| 1),
        kernel_atoms: None,
    };
    let styles = [(XlatStyle::Abbrev, false), (XlatStyle::Raw, false), (XlatStyle::Verbose, true)];
    for (style, verbose) in styles {
        let opts = Options { strlen, verbose, fetch: true, fds: None };
        let mut printer = TextPrinter::new(style, false);
        let split = printer.call(info, &call, &opts);
        let text = printer.text();
        assert!(
            split.at <= text.len() && text.is_char_boundary(split.at),
            "split {split:?} outside {text:?}"
        );
        printer.ret(info, &call, &opts);
    }
}
