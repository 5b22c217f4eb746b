//! Attribute data of NETLINK_ROUTE messages that `attr::Nla`'s common kinds do not cover
//! (strace's `decode_nla_u64`, `decode_nla_be16`, `decode_nla_flags`, `decode_nla_hwaddr` and the
//! fixed structs of `rtnl_*.c`): reached through `Nla::Route`.

use super::Nl;
use crate::decode::printer::{Group, Printer, Quote};
use crate::decode::tables::{ETHERNET_PROTOCOLS, INET_PROTOCOLS};
use crate::decode::xlat::{composite_with, xval, Xlat};
use crate::decode::Fmt;

/// How one field of a fixed struct is printed.
#[derive(Clone, Copy, Debug)]
pub enum Ty {
    U8,
    /// An i8.
    S8,
    U16,
    U32,
    U64,
    S32,
    /// A u32 in hex (`PRINT_FIELD_X`).
    X32,
    /// A u64 in hex.
    X64,
    /// An i32 read from two bytes (`short`).
    S16,
}

impl Ty {
    /// The field's size in bytes.
    pub const fn size(self) -> u64 {
        match self {
            Ty::U8 | Ty::S8 => 1,
            Ty::U16 | Ty::S16 => 2,
            Ty::U32 | Ty::S32 | Ty::X32 => 4,
            Ty::U64 | Ty::X64 => 8,
        }
    }
}

/// A struct's fields: names and types, packed in this order.
pub type Fields = &'static [(&'static str, Ty)];

/// How a route attribute's data is printed.
#[derive(Clone, Copy, Debug)]
pub enum RtNla {
    U64,
    /// A u16 in hex (`decode_nla_x16`).
    X16,
    /// A u32 in hex (`decode_nla_x32`).
    X32,
    /// `htons(N)`.
    Be16,
    /// `htobe64(N)`.
    Be64,
    /// An `IPPROTO_*` value of up to 8 bytes (`decode_nla_ip_proto`).
    IpProto,
    /// `size` bytes (at least) named in a table, as flags (`decode_nla_flags`).
    Flags {
        table: Xlat,
        unknown: &'static str,
        size: u8,
    },
    /// A struct of `fields`, all of them needed.
    Struct(Fields),
    /// A struct whose last fields after the first `min` ones are optional: the short form when the
    /// data is exactly that long, the whole struct when it holds all of it (strace's
    /// `min_size`/`def_size` decoders).
    StructMin(Fields, u8),
    /// A hardware address with no family (`decode_nla_hwaddr_nofamily`).
    HwAddr,
    /// A hardware address whose length depends on the message's family.
    HwAddrFamily,
    /// An array of u16.
    U16Array,
    /// An `in_addr` (`decode_nla_in_addr`).
    InAddr,
    /// An `in6_addr` (`decode_nla_in6_addr`).
    In6Addr,
    /// `htons(ETH_P_IP)` (`decode_nla_ether_proto`).
    EtherProto,
    /// Exactly `size` bytes (any more ignored) named in a table, as a value or as flags (strace's
    /// own decoders of one integer: `decode_nla_rt_class`, `decode_ifla_event`, ...).
    Fixed {
        table: Xlat,
        unknown: &'static str,
        size: u8,
        flags: bool,
    },
    /// A string up to its NUL, `...` when it has none (`printstr_ex(..., QUOTE_0_TERMINATED)`).
    Str0,
    /// Attributes nested, decoded by a function of the message (e.g. by its family).
    Custom(Custom),
}

/// Decoders that need more than the data: implemented in the message's module.
#[derive(Clone, Copy, Debug)]
pub enum Custom {
    RtaMultipath,
    RtVia,
    LinkAfSpec,
    LinkProtinfo,
    LinkInfo,
    Inet6Conf,
    Inet6Stats,
    Icmp6Stats,
    InetConf,
    BrBoolopt,
    BridgeId,
    VfMac,
    VfBroadcast,
    VfGuid,
    VfVlanInfo,
    PortVsi,
    BridgeVlanInfo,
    StatsBridgeVlan,
    StatsBridgeMcast,
    StatsBridgeStp,
    StatsMplsLink,
    LinkStats64,
    VfLinkState,
}

/// Little-endian bytes as a number.
pub fn le(b: &[u8]) -> u64 {
    b.iter().rev().fold(0u64, |acc, &x| (acc << 8) | u64::from(x))
}

/// `len` bytes at `addr` as `kind` says; false when they do not fit (printed as hex then).
pub fn data_as<P: Printer + ?Sized>(p: &mut P, nl: &Nl, kind: RtNla, addr: u64, len: u64) -> bool {
    let fixed = |p: &mut P, size: u64, print: &dyn Fn(&mut P, &[u8])| -> bool {
        if len < size {
            return false;
        }
        if let Some(bytes) = nl.fetch(p, addr, size) {
            print(p, bytes);
        }
        true
    };
    match kind {
        RtNla::U64 => fixed(p, 8, &|p, b| p.uint(le(b))),
        RtNla::X16 => fixed(p, 2, &|p, b| p.hex(le(b))),
        RtNla::X32 => fixed(p, 4, &|p, b| p.hex(le(b))),
        RtNla::Be16 => fixed(p, 2, &|p, b| {
            p.open(Group::Call("htons"));
            p.uint(u64::from(u16::from_be_bytes([b[0], b[1]])));
            p.close();
        }),
        RtNla::Be64 => fixed(p, 8, &|p, b| {
            p.open(Group::Call("htobe64"));
            p.uint(u64::from_be_bytes(b.try_into().unwrap_or_default()));
            p.close();
        }),
        RtNla::IpProto => {
            if len > 8 {
                return false;
            }
            if let Some(b) = nl.fetch(p, addr, len) {
                xval(p, INET_PROTOCOLS, le(b), "IPPROTO_???");
            }
            true
        }
        RtNla::Flags { table, unknown, size } => {
            let size = u64::from(size);
            if len > 8 || len < size {
                return false;
            }
            let n = if size > 0 { len.min(size) } else { len };
            if let Some(b) = nl.fetch(p, addr, n) {
                p.flags(le(b), &[table], Some(unknown));
            }
            true
        }
        RtNla::Struct(fields) => {
            let size = fields_size(fields);
            fixed(p, size, &|p, b| print_fields(p, fields, b))
        }
        RtNla::StructMin(fields, min) => {
            let def = fields_size(fields);
            let short = &fields[..usize::from(min)];
            let chosen = if len >= def {
                fields
            } else if len == fields_size(short) {
                short
            } else {
                return false;
            };
            fixed(p, fields_size(chosen), &|p, b| print_fields(p, chosen, b))
        }
        RtNla::HwAddr => hwaddr(p, nl, addr, len, None),
        RtNla::HwAddrFamily => hwaddr(p, nl, addr, len, Some(nl.msg_family)),
        RtNla::U16Array => {
            if len < 2 {
                return false;
            }
            nl.array(p, addr, (len / 2, 2), |p, b| p.uint(le(b)));
            true
        }
        RtNla::InAddr | RtNla::In6Addr => {
            let (size, family) =
                if matches!(kind, RtNla::InAddr) { (4, libc::AF_INET) } else { (16, libc::AF_INET6) };
            if len < size {
                return false;
            }
            let nl = Nl { msg_family: family as u8, ..*nl };
            super::inet::address(p, &nl, addr, size);
            true
        }
        RtNla::EtherProto => {
            if !(2..=8).contains(&len) {
                return false;
            }
            if let Some(b) = nl.fetch(p, addr, 2) {
                p.open(Group::Call("htons"));
                xval(p, ETHERNET_PROTOCOLS, u64::from(u16::from_be_bytes([b[0], b[1]])), "ETHER_P_???");
                p.close();
            }
            true
        }
        RtNla::Fixed { table, unknown, size, flags } => fixed(p, u64::from(size), &|p, b| {
            if flags {
                p.flags(le(b), &[table], Some(unknown));
            } else {
                xval(p, table, le(b), unknown);
            }
        }),
        RtNla::Str0 => {
            str0(p, nl, addr, len);
            true
        }
        RtNla::Custom(custom) => custom_data(p, nl, custom, addr, len),
    }
}

/// strace's `printstr_ex(..., QUOTE_0_TERMINATED)`: the bytes before the first NUL (at most
/// `-s` of them), `...` after them when there is no NUL where strace looks for one; the address
/// when a byte before the NUL cannot be read.
fn str0<P: Printer + ?Sized>(p: &mut P, nl: &Nl, addr: u64, len: u64) {
    let strlen = u64::from(nl.strlen);
    let size = len.min(strlen + 1);
    let mut bytes = Vec::new();
    let mut nul = false;
    for at in 0..size {
        match nl.mem.get(addr + at, 1) {
            Some(&[0]) => {
                nul = true;
                break;
            }
            Some(&[c]) => bytes.push(c),
            _ => return p.addr(addr),
        }
    }
    if !nul && bytes.len() as u64 > strlen {
        bytes.truncate(strlen as usize);
    }
    p.str(&bytes, Quote::Text, !nul && len != 0);
}

/// The size of a struct of `fields`.
pub const fn fields_size(fields: Fields) -> u64 {
    let mut size = 0;
    let mut i = 0;
    while i < fields.len() {
        size += fields[i].1.size();
        i += 1;
    }
    size
}

/// `{name=value, ...}` of the struct in `b`.
pub fn print_fields<P: Printer + ?Sized>(p: &mut P, fields: Fields, b: &[u8]) {
    p.open(Group::Struct);
    let mut at = 0usize;
    for &(name, ty) in fields {
        let size = ty.size() as usize;
        let Some(raw) = b.get(at..at + size) else { break };
        at += size;
        p.field(name);
        field(p, ty, raw);
    }
    p.close();
}

/// One field's value.
pub fn field<P: Printer + ?Sized>(p: &mut P, ty: Ty, raw: &[u8]) {
    let v = le(raw);
    match ty {
        Ty::U8 | Ty::U16 | Ty::U32 | Ty::U64 => p.uint(v),
        Ty::S32 => p.int(i64::from(v as u32 as i32)),
        Ty::S16 => p.int(i64::from(v as u16 as i16)),
        Ty::S8 => p.int(i64::from(v as u8 as i8)),
        Ty::X32 | Ty::X64 => p.hex(v),
    }
}

/// strace's `hwaddr_sizes`: the address length of a device type, by `ARPHRD_*` (255: any).
fn hwaddr_size(devtype: u8) -> usize {
    match devtype {
        0 | 3 => 7,
        1 | 6 => 6,
        7 => 1,
        15 => 2,
        24 => 16,
        27 => 8,
        32 => 20,
        _ => 255,
    }
}

/// strace's `print_hwaddr`: the bytes in hex and/or `aa:bb:cc` (cut to the device type's length).
pub fn hwaddr<P: Printer + ?Sized>(p: &mut P, nl: &Nl, addr: u64, len: u64, devtype: Option<u8>) -> bool {
    const MAX_ADDR_LEN: u64 = 32;
    if len > MAX_ADDR_LEN {
        return false;
    }
    let Some(bytes) = nl.fetch(p, addr, len) else { return true };
    let shown = devtype.map_or(bytes.len(), |t| bytes.len().min(hwaddr_size(t)));
    let text: Vec<String> = bytes[..shown].iter().map(|b| format!("{b:02x}")).collect();
    composite_with(p, |p| p.str(bytes, Quote::Hex, false), |p| p.name(&text.join(":")));
    true
}

/// strace's `print_array_ex(..., PAF_PRINT_INDICES, ...)`: `[[NAME] = value, ...]` of elements of
/// `size` bytes, their indices named in `table`.
pub fn indexed_array<P: Printer + ?Sized>(
    p: &mut P,
    nl: &Nl,
    (addr, len, size): (u64, u64, u64),
    (table, unknown, suffix): (Xlat, &str, &str),
    signed: bool,
) -> bool {
    let count = len / size;
    if count == 0 {
        return false;
    }
    let mut index = 0u64;
    nl.array(p, addr, (count, size), |p, b| {
        p.open(Group::Expr);
        p.raw("[");
        let name = crate::decode::xlat::lookup(table, index).map(|name| format!("{name}{suffix}"));
        p.constant(index, name.as_deref(), Fmt::Unsigned, unknown);
        p.raw("]=");
        let v = le(b);
        if signed {
            p.int(i64::from(v as u32 as i32));
        } else {
            p.uint(v);
        }
        p.close();
        index += 1;
    });
    true
}

/// The decoders of `custom`, in the modules of their messages.
fn custom_data<P: Printer + ?Sized>(p: &mut P, nl: &Nl, custom: Custom, addr: u64, len: u64) -> bool {
    match custom {
        Custom::RtaMultipath => super::rtnl_route::multipath(p, nl, addr, len),
        Custom::RtVia => super::rtnl_route::via(p, nl, addr, len),
        Custom::LinkAfSpec
        | Custom::LinkProtinfo
        | Custom::LinkInfo
        | Custom::Inet6Conf
        | Custom::Inet6Stats
        | Custom::Icmp6Stats
        | Custom::InetConf
        | Custom::BrBoolopt
        | Custom::BridgeId
        | Custom::VfMac
        | Custom::VfBroadcast
        | Custom::VfGuid
        | Custom::VfVlanInfo
        | Custom::PortVsi
        | Custom::BridgeVlanInfo
        | Custom::LinkStats64
        | Custom::VfLinkState => super::rtnl_link::custom(p, nl, custom, addr, len),
        Custom::StatsBridgeVlan
        | Custom::StatsBridgeMcast
        | Custom::StatsBridgeStp
        | Custom::StatsMplsLink => super::rtnl_stats::custom(p, nl, custom, addr, len),
    }
}
/// `name=aa:bb:cc` (strace's `PRINT_FIELD_MAC`): all the bytes of the field.
pub fn mac_field<P: Printer + ?Sized>(p: &mut P, name: &str, bytes: &[u8]) {
    p.field(name);
    let text: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
    composite_with(p, |p| p.str(bytes, Quote::Hex, false), |p| p.name(&text.join(":")));
}
