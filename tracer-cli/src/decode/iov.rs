//! iovec arrays with their contents: `[{iov_base="abc", iov_len=3}, {iov_base="de", iov_len=2}]`,
//! as strace's `tprint_iov_upto` prints them (contents cut at `-s`, and, for calls that filled the
//! buffers, at the number of bytes the call returned).

use tracer_common::capture::{iovec_fields, part, ELEMENT_MAX_BYTES};
use tracer_common::event::Capture;

use super::arrays::{self, Array};
use super::printer::{Group, Printer, Quote};
use super::strings;
use super::Ctx;

/// Bytes of one `struct iovec` on x86_64.
pub const IOVEC_SIZE: usize = 16;

/// How the iovec contents are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Contents {
    /// As strings, with at most this many bytes in total (`None`: no limit; `Some(ret)` for reads).
    Strings(Option<u64>),
    /// As addresses (a read that failed).
    Addresses,
}

/// An iovec array at `ptr` of `count` elements: `array` is its capture, `element(i)` the capture of
/// element `i`'s contents.
pub fn print<'a, P: Printer + ?Sized>(
    p: &mut P,
    ctx: &Ctx,
    ptr: u64,
    count: u64,
    array: Option<&'a Capture>,
    element: impl Fn(u16) -> Option<&'a Capture>,
    contents: Contents,
) {
    let arr = Array { addr: ptr, count, elem: IOVEC_SIZE, capture: array };
    print_layout(p, ctx, arr, element, contents);
}

/// [`print`] of the iovecs `arr` describes, of its element size (an x86_64 `struct iovec` or an
/// i386 one).
pub fn print_layout<'a, P: Printer + ?Sized>(
    p: &mut P,
    ctx: &Ctx,
    arr: Array<'_>,
    element: impl Fn(u16) -> Option<&'a Capture>,
    contents: Contents,
) {
    let mut left = match contents {
        Contents::Strings(limit) => limit,
        Contents::Addresses => None,
    };
    let mut index: u16 = 0;
    let size = arr.elem;
    arrays::print(p, ctx, arr, |p, bytes| {
        let (base, iov_len) = iovec_fields(bytes, size);
        let len = left.map_or(iov_len, |l| iov_len.min(l));
        if let Some(l) = left.as_mut() {
            *l -= len;
        }
        p.open(Group::Struct);
        p.field("iov_base");
        match contents {
            Contents::Addresses => p.addr(base),
            Contents::Strings(_) => {
                let c =
                    part::ELEMENT.checked_add(index).filter(|&p| p < part::ELEMENT_END).and_then(&element);
                string(p, ctx, base, len, c);
            }
        }
        p.field("iov_len");
        p.uint(iov_len);
        p.close();
        index = index.saturating_add(1);
    });
}

/// strace's `printstrn(addr, len)` over a capture.
fn string<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, base: u64, len: u64, c: Option<&Capture>) {
    if base == 0 {
        return p.addr(0);
    }
    if len == 0 {
        return p.str(b"", Quote::Text, false);
    }
    // strace fetches one byte past `-s` (within the capture's cap): the address when it cannot.
    let need = len.min(u64::from(ctx.strlen) + 1).min(u64::from(ELEMENT_MAX_BYTES));
    match c {
        Some(c) if !c.read_fault() && c.bytes.len() as u64 >= need => {
            strings::buffer(p, &c.bytes, len, ctx.strlen, false, Quote::Text);
        }
        _ => p.addr(base),
    }
}
