//! ATA disk requests (type 0x03), as strace 6.1's `hdio_ioctl` and its generated `var_ioctl_HDIO`:
//! HDIO_GETGEO's `struct hd_geometry`, HDIO_DRIVE_CMD's header and (after a success or EIO) its
//! result, the `unsigned long` getters and setters, the identity strings and the three-word arrays.

use super::arg::{object, When};
use crate::decode::fields::Fields;
use crate::decode::printer::{Group, Printer, Quote};
use crate::decode::strings;
use crate::decode::tables::{HDIO_BUSSTATES, HDIO_DRIVE_CMDS};
use crate::decode::xlat::{flags, xval, Xlat};
use crate::decode::Ctx;

/// strace's `hdio_ide_nice`: bit numbers it names as shifts (`1 << IDE_NICE_0`), which is why the
/// table lives here and not among the generated ones (whose names are C identifiers).
const IDE_NICE: Xlat = &[
    (1 << 0, "1 << IDE_NICE_DSC_OVERLAP"),
    (1 << 1, "1 << IDE_NICE_ATAPI_OVERLAP"),
    (1 << 3, "1 << IDE_NICE_1"),
    (1 << 2, "1 << IDE_NICE_0"),
    (1 << 4, "1 << IDE_NICE_2"),
];

const GETGEO: u32 = 0x0301;
const DRIVE_CMD: u32 = 0x031f;
const DRIVE_RESET: u32 = 0x031c;
const SCAN_HWIF: u32 = 0x0328;
const GET_IDENTITY: u32 = 0x030d;
const OBSOLETE_IDENTITY: u32 = 0x0307;
const GET_NICE: u32 = 0x030c;
const SET_NICE: u32 = 0x0329;
const GET_BUSSTATE: u32 = 0x031a;
const SET_BUSSTATE: u32 = 0x032d;
/// HDIO_GET_32BIT, _ACOUSTIC, _ADDRESS, _DMA, _KEEPSETTINGS, _MULTCOUNT, _NOWERR, _UNMASKINTR,
/// _WCACHE: an `unsigned long` back.
const GET_ULONG: &[u32] = &[0x0309, 0x030f, 0x0310, 0x030b, 0x0308, 0x0304, 0x030a, 0x0302, 0x030e];
/// HDIO_SET_32BIT, _ACOUSTIC, _ADDRESS, _DMA, _KEEPSETTINGS, _MULTCOUNT, _NOWERR, _PIO_MODE,
/// _UNMASKINTR, _WCACHE, HDIO_UNREGISTER_HWIF: an `unsigned long` by value.
const SET_ULONG: &[u32] =
    &[0x0324, 0x032c, 0x032f, 0x0326, 0x0323, 0x0321, 0x0325, 0x0327, 0x0322, 0x032b, 0x032a];

/// The argument of request `code`; false when it has no decoder here.
pub fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    let arg = ctx.arg(2);
    match code {
        GETGEO => {
            let Some(f) = object(p, ctx, When::Out, 16) else { return true };
            p.open(Group::Struct);
            p.field("heads");
            p.uint(u64::from(f.u8(0)));
            p.field("sectors");
            p.uint(u64::from(f.u8(1)));
            p.field("cylinders");
            p.uint(u64::from(f.u16(2)));
            p.field("start");
            p.uint(f.u64(8));
            p.close();
        }
        DRIVE_CMD => drive_cmd(p, ctx),
        DRIVE_RESET | SCAN_HWIF => {
            let Some(f) = object(p, ctx, When::In, 12) else { return true };
            p.open(Group::Array);
            for at in [0, 4, 8] {
                p.hex(u64::from(f.u32(at)));
            }
            p.close();
        }
        GET_IDENTITY | OBSOLETE_IDENTITY => {
            let len: u64 = if code == GET_IDENTITY { 512 } else { 142 };
            let want = usize::try_from(len.min(u64::from(ctx.strlen))).unwrap_or(usize::MAX);
            if let Some(f) = object(p, ctx, When::Out, want) {
                strings::buffer(p, f.0, len, ctx.strlen, false, Quote::Text);
            }
        }
        GET_NICE | GET_BUSSTATE => {
            let Some(f) = object(p, ctx, When::Out, 8) else { return true };
            p.open(Group::Array);
            if code == GET_NICE {
                flags(p, IDE_NICE, f.u64(0), "IDE_NICE_???");
            } else {
                xval(p, HDIO_BUSSTATES, f.u64(0), "BUSSTATE_???");
            }
            p.close();
        }
        SET_NICE => flags(p, IDE_NICE, arg, "IDE_NICE_???"),
        SET_BUSSTATE => xval(p, HDIO_BUSSTATES, arg, "BUSSTATE_???"),
        c if GET_ULONG.contains(&c) => {
            let Some(f) = object(p, ctx, When::Out, 8) else { return true };
            p.open(Group::Array);
            p.uint(f.u64(0));
            p.close();
        }
        c if SET_ULONG.contains(&c) => p.uint(arg),
        _ => return false,
    }
    true
}

/// HDIO_DRIVE_CMD: `struct hd_drive_cmd_hdr` at entry; after a success (or EIO), ` => ` the status
/// bytes the drive left in it and the sectors it read (in hex).
fn drive_cmd<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx) {
    const SECTOR_SIZE: u64 = 512;
    let Some(f) = object(p, ctx, When::In, 4) else { return };
    let after = match ctx.call.ret {
        Some(ret) if ret >= 0 || ret == -i64::from(libc::EIO) => {
            ctx.exit(2).filter(|c| ctx.arg(2) != 0 && c.bytes.len() >= 4)
        }
        _ => None,
    };
    if after.is_some() {
        p.open(Group::Changed);
    }
    p.open(Group::Struct);
    p.field("command");
    xval(p, HDIO_DRIVE_CMDS, u64::from(f.u8(0)), "ATA_CMD_???");
    p.field("sector_number");
    p.uint(u64::from(f.u8(1)));
    p.field("feature");
    p.uint(u64::from(f.u8(2)));
    p.field("sector_count");
    p.uint(u64::from(f.u8(3)));
    p.close();
    let Some(after) = after else { return };
    let bytes = after.bytes.as_slice();
    let f = Fields(bytes);
    p.open(Group::Struct);
    p.field("status");
    p.hex(u64::from(f.u8(0)));
    p.field("error");
    p.uint(u64::from(f.u8(1)));
    p.field("nsector");
    p.uint(u64::from(f.u8(2)));
    let count = u64::from(f.u8(3));
    if count != 0 {
        p.field("buf");
        let len = count * SECTOR_SIZE;
        let want = usize::try_from(len.min(u64::from(ctx.strlen))).unwrap_or(usize::MAX);
        match bytes.get(4..).filter(|b| b.len() >= want) {
            Some(buf) => strings::buffer(p, buf, len, ctx.strlen, false, Quote::Hex),
            None => p.addr(ctx.arg(2).wrapping_add(4)),
        }
    }
    p.close();
    p.close();
}
