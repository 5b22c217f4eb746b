//! GPIO character device requests (type 0xb4), as strace 6.1's `gpio_ioctl`: the chip and line
//! information, the v1 line handle and event requests, and the v2 line request, configuration
//! and values.

use super::arg::{in_out, local_array, nonzero_u32s, object, When};
use crate::decode::fields::Fields;
use crate::decode::printer::{Group, Printer};
use crate::decode::strings::char_array;
use crate::decode::tables::{GPIO_EVENT_FLAGS, GPIO_HANDLE_FLAGS, GPIO_LINE_FLAGS, GPIO_V2_LINE_FLAGS};
use crate::decode::xlat::{flags, Xlat};
use crate::decode::Ctx;

const GET_CHIPINFO: u32 = 0x8044_b401;
const GET_LINEINFO: u32 = 0xc048_b402;
const GET_LINEHANDLE: u32 = 0xc16c_b403;
const GET_LINEEVENT: u32 = 0xc030_b404;
const V2_GET_LINEINFO: u32 = 0xc100_b405;
const V2_GET_LINEINFO_WATCH: u32 = 0xc100_b406;
const V2_GET_LINE: u32 = 0xc250_b407;
const HANDLE_GET_LINE_VALUES: u32 = 0xc040_b408;
const HANDLE_SET_LINE_VALUES: u32 = 0xc040_b409;
const HANDLE_SET_CONFIG: u32 = 0xc054_b40a;
const GET_LINEINFO_WATCH: u32 = 0xc048_b40b;
const GET_LINEINFO_UNWATCH: u32 = 0xc004_b40c;
const V2_LINE_SET_CONFIG: u32 = 0xc110_b40d;
const V2_LINE_GET_VALUES: u32 = 0xc010_b40e;
const V2_LINE_SET_VALUES: u32 = 0xc010_b40f;

/// `GPIO_V2_LINE_ATTR_ID_FLAGS`: the attribute's value is line flags.
const ATTR_ID_FLAGS: u32 = 1;
/// `GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES`: the attribute's value is a bitmap of output values.
const ATTR_ID_OUTPUT_VALUES: u32 = 2;
/// `GPIO_V2_LINE_ATTR_ID_DEBOUNCE`: the attribute's value is a debounce period.
const ATTR_ID_DEBOUNCE: u32 = 3;

/// `struct gpio_v2_line_config`'s size.
const LINE_CONFIG_SIZE: usize = 272;
/// Where `struct gpio_v2_line_config`'s attributes start in it.
const LINE_CONFIG_ATTRS: usize = 32;

/// The argument of request `code`; false when it has no decoder here.
pub fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    match code {
        GET_CHIPINFO => {
            let Some(f) = object(p, ctx, When::Out, 68) else { return true };
            p.open(Group::Struct);
            cstring(p, &f, "name", 0);
            cstring(p, &f, "label", 32);
            uint(p, "lines", f.u32(64));
            p.close();
        }
        GET_LINEINFO | GET_LINEINFO_WATCH => in_out(
            p,
            ctx,
            72,
            |p, f| {
                p.open(Group::Struct);
                uint(p, "line_offset", f.u32(0));
                p.close();
            },
            |p, f| {
                p.open(Group::Struct);
                field_flags(p, "flags", GPIO_LINE_FLAGS, u64::from(f.u32(4)), "GPIOLINE_FLAG_???");
                cstring(p, &f, "name", 8);
                cstring(p, &f, "consumer", 40);
                p.close();
            },
        ),
        GET_LINEINFO_UNWATCH => {
            let Some(f) = object(p, ctx, When::In, 4) else { return true };
            p.open(Group::Struct);
            uint(p, "offset", f.u32(0));
            p.close();
        }
        GET_LINEHANDLE => in_out(p, ctx, 364, |p, f| handle_request(p, ctx, &f), |p, f| fd(p, ctx, &f, 360)),
        GET_LINEEVENT => in_out(
            p,
            ctx,
            48,
            |p, f| {
                p.open(Group::Struct);
                uint(p, "lineoffset", f.u32(0));
                let handle = u64::from(f.u32(4));
                field_flags(p, "handleflags", GPIO_HANDLE_FLAGS, handle, "GPIOHANDLE_REQUEST_???");
                let event = u64::from(f.u32(8));
                field_flags(p, "eventflags", GPIO_EVENT_FLAGS, event, "GPIOEVENT_REQUEST_???");
                cstring(p, &f, "consumer_label", 12);
                p.close();
            },
            |p, f| fd(p, ctx, &f, 44),
        ),
        HANDLE_GET_LINE_VALUES | HANDLE_SET_LINE_VALUES => {
            let when = if code == HANDLE_GET_LINE_VALUES { When::Out } else { When::In };
            let Some(f) = object(p, ctx, when, 64) else { return true };
            p.open(Group::Struct);
            p.field("values");
            bytes(p, ctx, &f.0[..64]);
            p.close();
        }
        HANDLE_SET_CONFIG => {
            let Some(f) = object(p, ctx, When::In, 84) else { return true };
            p.open(Group::Struct);
            field_flags(p, "flags", GPIO_HANDLE_FLAGS, u64::from(f.u32(0)), "GPIOHANDLE_REQUEST_???");
            p.field("default_values");
            bytes(p, ctx, &f.0[4..68]);
            p.close();
        }
        V2_GET_LINEINFO | V2_GET_LINEINFO_WATCH => in_out(
            p,
            ctx,
            256,
            |p, f| {
                p.open(Group::Struct);
                uint(p, "offset", f.u32(64));
                p.close();
            },
            |p, f| line_info(p, ctx, &f),
        ),
        V2_GET_LINE => in_out(p, ctx, 592, |p, f| line_request(p, ctx, &f), |p, f| fd(p, ctx, &f, 588)),
        V2_LINE_SET_CONFIG => {
            let Some(f) = object(p, ctx, When::In, LINE_CONFIG_SIZE) else { return true };
            line_config(p, ctx, &f.0[..LINE_CONFIG_SIZE]);
        }
        V2_LINE_GET_VALUES => in_out(
            p,
            ctx,
            16,
            |p, f| {
                p.open(Group::Struct);
                hex(p, "mask", f.u64(8));
                p.close();
            },
            |p, f| {
                p.open(Group::Struct);
                hex(p, "bits", f.u64(0));
                p.close();
            },
        ),
        V2_LINE_SET_VALUES => {
            let Some(f) = object(p, ctx, When::In, 16) else { return true };
            p.open(Group::Struct);
            hex(p, "bits", f.u64(0));
            hex(p, "mask", f.u64(8));
            p.close();
        }
        _ => return false,
    }
    true
}

/// `struct gpiohandle_request` as the caller fills it.
fn handle_request<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, f: &Fields) {
    let lines = u64::from(f.u32(356));
    p.open(Group::Struct);
    uint(p, "lines", f.u32(356));
    p.field("lineoffsets");
    local_array(p, ctx, &f.0[..256], 4, lines, |p, e| p.uint(u64::from(e.u32(0))));
    field_flags(p, "flags", GPIO_HANDLE_FLAGS, u64::from(f.u32(256)), "GPIOHANDLE_REQUEST_???");
    p.field("default_values");
    local_array(p, ctx, &f.0[260..324], 1, lines, |p, e| p.uint(u64::from(e.u8(0))));
    cstring(p, f, "consumer_label", 324);
    p.close();
}

/// `struct gpio_v2_line_request` as the caller fills it.
fn line_request<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, f: &Fields) {
    let lines = f.u32(560);
    p.open(Group::Struct);
    uint(p, "num_lines", lines);
    p.field("offsets");
    local_array(p, ctx, &f.0[..256], 4, u64::from(lines), |p, e| p.uint(u64::from(e.u32(0))));
    cstring(p, f, "consumer", 256);
    p.field("config");
    line_config(p, ctx, &f.0[288..288 + LINE_CONFIG_SIZE]);
    let buffer = f.u32(564);
    if buffer != 0 {
        uint(p, "event_buffer_size", buffer);
    }
    nonzero_u32s(p, ctx, "padding", &f.0[568..588]);
    p.close();
}

/// `struct gpio_v2_line_info` as the kernel fills it.
fn line_info<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, f: &Fields) {
    let attrs = f.u32(68);
    p.open(Group::Struct);
    cstring(p, f, "name", 0);
    cstring(p, f, "consumer", 32);
    field_flags(p, "flags", GPIO_V2_LINE_FLAGS, f.u64(72), "GPIO_V2_LINE_FLAG_???");
    uint(p, "num_attrs", attrs);
    if attrs != 0 {
        p.field("attrs");
        local_array(p, ctx, &f.0[80..240], 16, u64::from(attrs), |p, e| {
            p.open(Group::Struct);
            attribute(p, &e, false);
            p.close();
        });
    }
    nonzero_u32s(p, ctx, "padding", &f.0[240..256]);
    p.close();
}

/// `struct gpio_v2_line_config` (`bytes` holds all of it).
fn line_config<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, bytes: &[u8]) {
    let f = Fields(bytes);
    let attrs = f.u32(8);
    p.open(Group::Struct);
    field_flags(p, "flags", GPIO_V2_LINE_FLAGS, f.u64(0), "GPIO_V2_LINE_FLAG_???");
    uint(p, "num_attrs", attrs);
    nonzero_u32s(p, ctx, "padding", &bytes[12..LINE_CONFIG_ATTRS]);
    if attrs != 0 {
        p.field("attrs");
        local_array(p, ctx, &bytes[LINE_CONFIG_ATTRS..], 24, u64::from(attrs), |p, e| {
            p.open(Group::Struct);
            attribute(p, &e, true);
            hex(p, "mask", e.u64(16));
            p.close();
        });
    }
    p.close();
}

/// A `struct gpio_v2_line_attribute`'s fields: the value under the name its id gives it, or (an
/// unknown id, a non-zero padding) id, padding and data raw, inside `attr={...}` when `nested`.
fn attribute<P: Printer + ?Sized>(p: &mut P, f: &Fields, nested: bool) {
    let (id, padding, value) = (f.u32(0), f.u32(4), f.u64(8));
    match id {
        ATTR_ID_FLAGS if padding == 0 => {
            field_flags(p, "flags", GPIO_V2_LINE_FLAGS, value, "GPIO_V2_LINE_FLAG_???");
        }
        ATTR_ID_OUTPUT_VALUES if padding == 0 => hex(p, "values", value),
        ATTR_ID_DEBOUNCE if padding == 0 => uint(p, "debounce_period_us", f.u32(8)),
        _ => {
            if nested {
                p.field("attr");
                p.open(Group::Struct);
            }
            uint(p, "id", id);
            if padding != 0 {
                hex(p, "padding", u64::from(padding));
            }
            hex(p, "data", value);
            if nested {
                p.close();
            }
        }
    }
}

/// `{fd=N}`: the descriptor the kernel returns in the request.
fn fd<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, f: &Fields, at: usize) {
    p.open(Group::Struct);
    p.field("fd");
    ctx.fd(p, f.i32(at));
    p.close();
}

/// An array of `u8` values.
fn bytes<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, bytes: &[u8]) {
    local_array(p, ctx, bytes, 1, u64::MAX, |p, e| p.uint(u64::from(e.u8(0))));
}

/// `name="..."`: the C string in the `char[32]` at `at`.
fn cstring<P: Printer + ?Sized>(p: &mut P, f: &Fields, name: &str, at: usize) {
    p.field(name);
    char_array(p, f.0.get(at..at + 32).unwrap_or_default());
}

/// `name=N`.
fn uint<P: Printer + ?Sized>(p: &mut P, name: &str, value: u32) {
    p.field(name);
    p.uint(u64::from(value));
}

/// `name=0xN`.
fn hex<P: Printer + ?Sized>(p: &mut P, name: &str, value: u64) {
    p.field(name);
    p.hex(value);
}

/// `name=FLAG|FLAG`.
fn field_flags<P: Printer + ?Sized>(p: &mut P, name: &str, table: Xlat, value: u64, unknown: &str) {
    p.field(name);
    flags(p, table, value, unknown);
}
