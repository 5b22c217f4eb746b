//! SCSI generic requests (type `'"'`), as strace 6.1's `scsi_ioctl`: the integers passed in or
//! returned by pointer, SG_SCSI_RESET's operation, the SCSI id and request table getters, and
//! SG_IO's interface id. SG_IO's v3 and v4 headers point at further buffers, which the ioctl
//! capture does not hold: after an `'S'` or `'Q'` interface id the argument prints as its address.

use super::arg::{num, object, Num, When};
use crate::decode::printer::{Group, Printer};
use crate::decode::tables::SG_SCSI_RESET;
use crate::decode::xlat::xval;
use crate::decode::Ctx;

const SET_TIMEOUT: u32 = 0x2201;
const GET_TIMEOUT: u32 = 0x2202;
const EMULATED_HOST: u32 = 0x2203;
const SET_TRANSFORM: u32 = 0x2204;
const GET_TRANSFORM: u32 = 0x2205;
const GET_COMMAND_Q: u32 = 0x2270;
const SET_COMMAND_Q: u32 = 0x2271;
const GET_RESERVED_SIZE: u32 = 0x2272;
const SET_RESERVED_SIZE: u32 = 0x2275;
const GET_SCSI_ID: u32 = 0x2276;
const SET_FORCE_LOW_DMA: u32 = 0x2279;
const GET_LOW_DMA: u32 = 0x227a;
const SET_FORCE_PACK_ID: u32 = 0x227b;
const GET_PACK_ID: u32 = 0x227c;
const GET_NUM_WAITING: u32 = 0x227d;
const SET_DEBUG: u32 = 0x227e;
const GET_SG_TABLESIZE: u32 = 0x227f;
const GET_VERSION_NUM: u32 = 0x2282;
const NEXT_CMD_LEN: u32 = 0x2283;
const SCSI_RESET: u32 = 0x2284;
const IO: u32 = 0x2285;
const GET_REQUEST_TABLE: u32 = 0x2286;
const SET_KEEP_ORPHAN: u32 = 0x2287;
const GET_KEEP_ORPHAN: u32 = 0x2288;
const GET_ACCESS_COUNT: u32 = 0x2289;

/// The requests that take an `int` by pointer.
const SET_INT: &[u32] = &[
    NEXT_CMD_LEN,
    SET_COMMAND_Q,
    SET_DEBUG,
    SET_FORCE_LOW_DMA,
    SET_FORCE_PACK_ID,
    SET_KEEP_ORPHAN,
    SET_RESERVED_SIZE,
    SET_TIMEOUT,
];
/// The requests that return an `int` by pointer.
const GET_INT: &[u32] = &[
    EMULATED_HOST,
    GET_ACCESS_COUNT,
    GET_COMMAND_Q,
    GET_KEEP_ORPHAN,
    GET_LOW_DMA,
    GET_NUM_WAITING,
    GET_PACK_ID,
    GET_RESERVED_SIZE,
    GET_SG_TABLESIZE,
    GET_TRANSFORM,
    GET_VERSION_NUM,
];
/// `SG_SCSI_RESET_NO_ESCALATE`.
const NO_ESCALATE: u32 = 0x100;

/// The argument of request `code`; false when it has no decoder here.
pub fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    match code {
        IO => {
            let Some(f) = object(p, ctx, When::In, 4) else { return true };
            let id = f.u32(0);
            if id == u32::from(b'S') || id == u32::from(b'Q') {
                p.addr(ctx.arg(2));
            } else {
                p.open(Group::Array);
                p.uint(u64::from(id));
                p.close();
            }
        }
        GET_SCSI_ID => {
            let Some(f) = object(p, ctx, When::Out, 32) else { return true };
            p.open(Group::Struct);
            let ints = [("host_no", 0), ("channel", 4)];
            for (name, at) in ints {
                p.field(name);
                p.int(i64::from(f.i32(at)));
            }
            p.field("scsi_id");
            p.hex(u64::from(f.u32(8)));
            p.field("lun");
            p.int(i64::from(f.i32(12)));
            p.field("scsi_type");
            p.hex(u64::from(f.u32(16)));
            p.field("h_cmd_per_lun");
            p.int(i64::from(f.u16(20) as i16));
            p.field("d_queue_depth");
            p.int(i64::from(f.u16(22) as i16));
            p.close();
        }
        GET_REQUEST_TABLE => {
            let Some(f) = object(p, ctx, When::Out, 24) else { return true };
            p.open(Group::Struct);
            for (i, name) in ["req_state", "orphan", "sg_io_owned", "problem"].into_iter().enumerate() {
                p.field(name);
                p.int(i64::from(f.u8(i) as i8));
            }
            p.field("pack_id");
            p.int(i64::from(f.i32(4)));
            p.field("usr_ptr");
            p.addr(f.u64(8));
            p.field("duration");
            p.uint(u64::from(f.u32(16)));
            p.close();
        }
        SCSI_RESET => {
            let Some(f) = object(p, ctx, When::In, 4) else { return true };
            let value = f.u32(0);
            p.open(Group::Array);
            if value & NO_ESCALATE != 0 {
                p.open(Group::Or);
                xval(p, SG_SCSI_RESET, u64::from(NO_ESCALATE), "SG_SCSI_RESET_???");
                xval(p, SG_SCSI_RESET, u64::from(value & !NO_ESCALATE), "SG_SCSI_RESET_???");
                p.close();
            } else {
                xval(p, SG_SCSI_RESET, u64::from(value), "SG_SCSI_RESET_???");
            }
            p.close();
        }
        c if SET_INT.contains(&c) => num(p, ctx, When::In, Num::I32),
        c if GET_INT.contains(&c) => num(p, ctx, When::Out, Num::I32),
        SET_TRANSFORM => p.hex(ctx.arg(2) & 0xffff_ffff),
        // No argument.
        GET_TIMEOUT => {}
        _ => return false,
    }
    true
}
