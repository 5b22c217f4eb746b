//! bpf(cmd, attr, size): the command, then the member of `union bpf_attr` it reads, as strace 6.1
//! prints it (`bpf.c`): only the fields of the `size` bytes the caller passed (older kernels' shorter
//! versions of each struct stop where they stop), then `...` when bytes past what strace knows are
//! not all zero. The attribute is read whole (`size` bytes, at most a page) at entry; when it cannot
//! be, or no decoder knows the command, its address is printed.

mod map;
mod prog;

use tracer_common::capture::{part, PAGE_SIZE};
use tracer_common::syscall::{nr, SyscallInfo};

use super::{Paths, Rules};
use crate::decode::fields::Fields;
use crate::decode::printer::{Group, Quote};
use crate::decode::tables::BPF_COMMANDS;
use crate::decode::xlat::xval;
use crate::decode::{Ctx, Printer};

pub const RULES: &[Rules] =
    &[Rules { nr: nr::BPF, args: Some(args), paths: Some(Paths::Never), ..Rules::NONE }];

/// One command's decoder: the fields of its struct, from the caller's bytes zero-filled to the
/// struct's size.
type Decoder = fn(&mut dyn Printer, &Attr);

/// The attribute a command decoder reads.
struct Attr<'a, 'c> {
    /// The struct, zero-filled past the caller's bytes.
    f: Fields<'a>,
    /// How many of its bytes the caller passed (`min(size, struct size)`): fields from here on are
    /// not printed.
    len: usize,
    ctx: &'a Ctx<'c>,
}

impl Attr<'_, '_> {
    /// Whether the caller's bytes reach past `offset` (strace's `len > offsetof(...)`).
    fn has(&self, offset: usize) -> bool {
        self.len > offset
    }

    fn u32(&self, p: &mut dyn Printer, name: &str, at: usize) {
        p.field(name);
        p.uint(u64::from(self.f.u32(at)));
    }

    fn u64(&self, p: &mut dyn Printer, name: &str, at: usize) {
        p.field(name);
        p.uint(self.f.u64(at));
    }

    fn addr(&self, p: &mut dyn Printer, name: &str, at: usize) {
        p.field(name);
        p.addr(self.f.u64(at));
    }

    fn fd(&self, p: &mut dyn Printer, name: &str, at: usize) {
        p.field(name);
        self.ctx.fd(p, self.f.i32(at));
    }

    /// A char array of `size` bytes (strace's `PRINT_FIELD_CSTRING_SZ`), cut to the caller's bytes:
    /// `print_quoted_cstring`, the text up to the NUL among the first `size - 1` bytes, or those
    /// and `...` when the byte after them is not a NUL either.
    fn cstring(&self, p: &mut dyn Printer, name: &str, at: usize, size: usize) {
        p.field(name);
        let size = size.min(self.len.saturating_sub(at));
        let room = self.f.0.get(at..at + size.saturating_sub(1)).unwrap_or(&[]);
        match room.iter().position(|&b| b == 0) {
            Some(end) => p.str(&room[..end], Quote::Text, false),
            None => p.str(room, Quote::Text, self.f.u8(at + room.len()) != 0),
        }
    }
}

/// The decoder of command `cmd` and the size of the struct it reads.
fn decoder(cmd: u32) -> Option<(Decoder, usize)> {
    Some(match cmd {
        0 => (map::create as Decoder, 72),
        1 | 21 => (map::lookup_elem, 32),
        2 => (map::update_elem, 32),
        3 => (map::delete_elem, 16),
        4 => (map::get_next_key, 24),
        5 => (prog::load, 128),
        22 => (map::freeze, 4),
        _ => return None,
    })
}

fn args(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    let cmd = ctx.arg(0) as u32;
    let addr = ctx.arg(1);
    let size = ctx.arg(2) as u32;
    xval(p, BPF_COMMANDS, u64::from(cmd), "BPF_???");
    match (decoder(cmd), attr_bytes(ctx, size)) {
        (Some((decode, struct_size)), Some(bytes)) if size > 0 && u64::from(size) <= PAGE_SIZE => {
            let len = bytes.len().min(struct_size);
            let mut whole = bytes[..len].to_vec();
            whole.resize(struct_size, 0);
            let attr = Attr { f: Fields(&whole), len, ctx };
            p.open(Group::Struct);
            decode(p, &attr);
            extra_data(p, ctx, &bytes, struct_size);
            p.close();
        }
        _ => p.addr(addr),
    }
    p.uint(u64::from(size));
    true
}

/// The `size` bytes of the attribute, when every one was read (the capture's known part and its
/// tail).
fn attr_bytes(ctx: &Ctx, size: u32) -> Option<Vec<u8>> {
    let size = usize::try_from(size).ok()?;
    let main = ctx.entry(1)?;
    let mut bytes = main.bytes.clone();
    if size > bytes.len() {
        let tail = ctx.call.entry_part(1, part::TAIL).filter(|c| !c.read_fault())?;
        bytes.extend_from_slice(&tail.bytes);
    }
    (bytes.len() >= size).then(|| {
        bytes.truncate(size);
        bytes
    })
}

/// What the caller passed past the struct strace knows (`decode_attr_extra_data`): `...` when not
/// all zero, with `-v` the bytes in hex and where they are.
fn extra_data(p: &mut dyn Printer, ctx: &Ctx, bytes: &[u8], struct_size: usize) {
    let Some(extra) = bytes.get(struct_size..) else { return };
    if extra.iter().all(|&b| b == 0) {
        return;
    }
    if !ctx.verbose {
        return p.more();
    }
    p.field("extra_data");
    p.open(Group::Expr);
    p.str(extra, Quote::Hex, false);
    p.raw(&format!(" /* bytes {}..{} */", struct_size, bytes.len() - 1));
    p.close();
}
