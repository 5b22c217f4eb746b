//! Counter requests (type `'>'`), as strace 6.1's `counter_ioctl`: COUNTER_ADD_WATCH_IOCTL's
//! `struct counter_watch`; the event switches take no argument.

use super::arg::{object, When};
use crate::decode::printer::{Group, Printer};
use crate::decode::tables::{COUNTER_COMPONENT_TYPES, COUNTER_EVENT_TYPES, COUNTER_SCOPES};
use crate::decode::xlat::xval;
use crate::decode::Ctx;

/// `COUNTER_ADD_WATCH_IOCTL`: `_IOW('>', 0, struct counter_watch)`.
const ADD_WATCH: u32 = 0x4006_3e00;
/// `COUNTER_ENABLE_EVENTS_IOCTL`.
const ENABLE_EVENTS: u32 = 0x3e01;
/// `COUNTER_DISABLE_EVENTS_IOCTL`.
const DISABLE_EVENTS: u32 = 0x3e02;

/// The argument of counter request `code`; false when it has no decoder here.
pub fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    match code {
        ADD_WATCH => {
            let Some(f) = object(p, ctx, When::In, 6) else { return true };
            p.open(Group::Struct);
            p.field("component");
            p.open(Group::Struct);
            p.field("type");
            xval(p, COUNTER_COMPONENT_TYPES, u64::from(f.u8(0)), "COUNTER_COMPONENT_???");
            p.field("scope");
            xval(p, COUNTER_SCOPES, u64::from(f.u8(1)), "COUNTER_SCOPE_???");
            p.field("parent");
            p.uint(u64::from(f.u8(2)));
            p.field("id");
            p.uint(u64::from(f.u8(3)));
            p.close();
            p.field("event");
            xval(p, COUNTER_EVENT_TYPES, u64::from(f.u8(4)), "COUNTER_EVENT_???");
            p.field("channel");
            p.uint(u64::from(f.u8(5)));
            p.close();
            true
        }
        ENABLE_EVENTS | DISABLE_EVENTS => true,
        _ => false,
    }
}
