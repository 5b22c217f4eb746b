//! getdents and getdents64's buffer, as strace's `xgetdents`: abbreviated (the default), the
//! address and `/* N entries */`; unabbreviated (`-v`), every entry as a struct, from the bytes the
//! backend copied (see `tracer_common::capture::plan_with`).

use tracer_common::event::Capture;
use tracer_common::syscall::nr;

use super::fields::Fields;
use super::printer::{Group, Printer, Quote};
use super::tables::DIRENT_TYPES;
use super::xlat::xval;
use super::{strings, Ctx};

/// strace's `D_NAME_LEN_MAX`: bytes of a name examined at most.
const NAME_MAX_BYTES: usize = 256;

/// The entry layout of one call.
#[derive(Clone, Copy)]
struct Layout {
    /// Bytes before `d_name` (`offsetof(d_name)`).
    header: usize,
    /// `linux_dirent64`: `d_type` is in the header, before the name; `linux_dirent`'s is the
    /// record's last byte.
    type_in_header: bool,
}

const DIRENT: Layout = Layout { header: 18, type_in_header: false };
const DIRENT64: Layout = Layout { header: 19, type_in_header: true };

/// The buffer argument `idx` of a getdents call.
pub fn dirents<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, idx: usize) {
    let value = ctx.arg(idx);
    let Some(ret) = ctx.ok_ret() else { return p.addr(value) };
    let capture = ctx.capture(idx);
    if !(ctx.verbose && ctx.fetch) {
        p.addr(value);
        let count = if ret == 0 { Some(0) } else { capture.and_then(Capture::count) };
        if let Some(n) = count {
            p.comment(&format!("{n} entries"));
        }
        return;
    }
    let len = ret.unsigned_abs();
    let layout = if ctx.call.nr == nr::GETDENTS64 { DIRENT64 } else { DIRENT };
    // strace's "kernel gone bananas" check: more bytes than asked for print as the address.
    if len > ctx.arg(idx + 1) {
        return p.addr(value);
    }
    match capture.filter(|c| c.count().is_none()) {
        _ if len == 0 => entries(p, &[], 0, value, layout, ctx.strlen),
        Some(c) => entries(p, &c.bytes, len, value, layout, ctx.strlen),
        None => p.addr(value),
    }
}

/// `[{d_ino=..., d_off=..., d_reclen=..., ...}, ...]`: the `len` bytes the call filled at `addr`,
/// of which the capture holds the first ones.
fn entries<P: Printer + ?Sized>(p: &mut P, bytes: &[u8], len: u64, addr: u64, layout: Layout, strlen: u32) {
    let bytes = &bytes[..bytes.len().min(usize::try_from(len).unwrap_or(usize::MAX))];
    let mut left = usize::try_from(len).unwrap_or(usize::MAX);
    let mut at = 0usize;
    let mut opened = false;
    loop {
        if left < layout.header {
            // Only the first pass can find nothing left: `[]`.
            if left == 0 {
                p.open(Group::Array);
                opened = true;
            } else {
                let tail = bytes.get(at..).unwrap_or_default();
                strings::buffer(p, tail, left as u64, strlen, false, Quote::Hex);
            }
            break;
        }
        let Some(head) = bytes.get(at..at + layout.header) else {
            // Not copied (the eBPF capture's cap): as strace prints memory it could not fetch.
            if opened {
                p.more();
                p.comment(&format!("{:#x}", addr.wrapping_add(at as u64)));
            } else {
                p.addr(addr.wrapping_add(at as u64));
            }
            break;
        };
        if !opened {
            p.open(Group::Array);
            opened = true;
        }
        let f = Fields(head);
        let mut reclen = usize::from(f.u16(16));
        p.open(Group::Struct);
        p.field("d_ino");
        p.uint(f.u64(0));
        p.field("d_off");
        p.uint(f.u64(8));
        p.field("d_reclen");
        p.uint(reclen as u64);
        // A record that overflows the buffer or is shorter than its header ends the walk, as in
        // strace's `decode_dents` (which prints it, clamped, and goes no further).
        let next = if reclen > left {
            p.comment(&format!("{} bytes overflow", reclen - left));
            reclen = left;
            None
        } else if reclen < layout.header {
            p.comment(&format!("{} bytes underflow", layout.header - reclen));
            reclen = layout.header;
            None
        } else {
            Some(left - reclen).filter(|&n| n > 0)
        };
        let whole = tail(p, bytes, at, reclen, layout, f.u8(18));
        p.close();
        let Some(rest) = next else { break };
        if !whole {
            p.more();
            break;
        }
        at += reclen;
        left = rest;
    }
    if opened {
        p.close();
    }
}

/// The name and type of the entry at `at`, `reclen` bytes long: whether all of it was readable.
fn tail<P: Printer + ?Sized>(
    p: &mut P,
    bytes: &[u8],
    at: usize,
    reclen: usize,
    layout: Layout,
    type_byte: u8,
) -> bool {
    let area = reclen - layout.header;
    let name_at = at + layout.header;
    if layout.type_in_header {
        p.field("d_type");
        xval(p, DIRENT_TYPES, u64::from(type_byte), "DT_???");
        return area == 0 || name(p, bytes, name_at, area - 1);
    }
    if area == 0 {
        return true;
    }
    let mut whole = true;
    if area > 1 {
        whole = name(p, bytes, name_at, area - 2);
    }
    p.field("d_type");
    match bytes.get(name_at + area - 1) {
        Some(&t) => xval(p, DIRENT_TYPES, u64::from(t), "DT_???"),
        None => {
            p.more();
            whole = false;
        }
    }
    whole
}

/// `d_name=`: strace's `printpathn` of at most `n` characters (of [`NAME_MAX_BYTES`]), which
/// examines one byte more: whether it was all readable.
fn name<P: Printer + ?Sized>(p: &mut P, bytes: &[u8], at: usize, n: usize) -> bool {
    let n = n.min(NAME_MAX_BYTES - 1);
    p.field("d_name");
    let text = bytes.get(at..).unwrap_or_default();
    let text = &text[..text.len().min(n + 1)];
    match text.iter().position(|&b| b == 0) {
        Some(nul) => strings::path(p, &text[..nul], false),
        // No NUL among the n + 1 bytes: n of them, then `...`.
        None if text.len() > n => strings::path(p, &text[..n], true),
        // The copy ended first.
        None => {
            p.more();
            return false;
        }
    }
    true
}
