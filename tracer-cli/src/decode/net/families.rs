//! Socket address families past the common ones (strace 6.1's `print_sockaddr_data_*`): packet,
//! Bluetooth, IPX, X.25, NFC, vsock, Qualcomm IPC router, XDP and MCTP addresses. Each printer gets
//! the whole address (family first) of at least its family's minimum length.

use crate::decode::fields::Fields;
use crate::decode::printer::{Fmt, Group, Printer, Quote, XlatStyle};
use crate::decode::tables::{
    AF_PACKET_TYPES, ALG_SOCKADDR_FLAGS, ARP_HARDWARE_TYPES, BDADDR_TYPES, BLUETOOTH_L2_CID,
    BLUETOOTH_L2_PSM, ETHERNET_PROTOCOLS, HCI_CHANNELS, IEEE802154_ADDRS, IEEE802154_ADDR_TYPES,
    IEEE802154_PAN_IDS, MCTP_ADDRS, MCTP_NETS, NFC_PROTOCOLS, NFC_SAPS, QRTR_NODES, QRTR_PORTS,
    RXRPC_SERVICES, SOCKET_DOMAINS, SOCKET_TYPES, VSOCK_CIDS, VSOCK_FLAGS, VSOCK_PORTS, XDP_SOCKADDR_FLAGS,
};
use crate::decode::xlat::{composite_with, flags, lookup, xval, Xlat};
use crate::decode::{strings, Ctx};

use super::{ifindex, mac, port};

/// Address families (`sa_family`) decoded here.
pub const AF_IPX: u16 = 4;
pub const AF_X25: u16 = 9;
pub const AF_PACKET: u16 = 17;
pub const AF_BLUETOOTH: u16 = 31;
pub const AF_RXRPC: u16 = 33;
pub const AF_IEEE802154: u16 = 36;
pub const AF_ALG: u16 = 38;
pub const AF_NFC: u16 = 39;
pub const AF_VSOCK: u16 = 40;
pub const AF_QIPCRTR: u16 = 42;
pub const AF_XDP: u16 = 44;
pub const AF_MCTP: u16 = 45;

/// The minimum length strace decodes a family's address at (its `sa_printers` table), or `None`
/// for a family not decoded here.
pub fn min_len(family: u16) -> Option<usize> {
    Some(match family {
        AF_IPX => 16,
        AF_X25 => 18,
        AF_PACKET => 20,
        AF_BLUETOOTH => 3,
        AF_RXRPC => 36,
        AF_IEEE802154 => 20,
        AF_ALG => 25,
        AF_NFC | AF_VSOCK | AF_XDP => 16,
        AF_QIPCRTR | AF_MCTP => 12,
        _ => return None,
    })
}

/// The fields of an address of `family` (a family [`min_len`] knows, `bytes` at least that long).
pub fn print<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, family: u16, bytes: &[u8]) {
    let f = Fields(bytes);
    match family {
        AF_IPX => ipx(p, &f),
        AF_X25 => {
            p.field("sx25_addr");
            p.open(Group::Struct);
            p.field("x25_addr");
            strings::char_array(p, &bytes[2..18]);
            p.close();
        }
        AF_PACKET => packet(p, &f, bytes.len()),
        AF_BLUETOOTH => bluetooth(p, &f, bytes.len()),
        AF_RXRPC => rxrpc(p, &f),
        AF_IEEE802154 => ieee802154(p, &f),
        AF_ALG => {
            p.field("salg_type");
            strings::char_array(p, &bytes[2..16]);
            p.field("salg_feat");
            flags_verbose(p, ALG_SOCKADDR_FLAGS, u64::from(f.u32(16)), "CRYPTO_ALG_???");
            p.field("salg_mask");
            flags_verbose(p, ALG_SOCKADDR_FLAGS, u64::from(f.u32(20)), "CRYPTO_ALG_???");
            p.field("salg_name");
            strings::char_array(p, &bytes[24..]);
        }
        AF_NFC => nfc(p, &f, bytes.len()),
        AF_VSOCK => vsock(p, &f),
        AF_QIPCRTR => {
            field_xval(p, "sq_node", QRTR_NODES, u64::from(f.u32(4)));
            field_xval(p, "sq_port", QRTR_PORTS, u64::from(f.u32(8)));
        }
        AF_XDP => xdp(p, ctx, &f),
        _ => mctp(p, &f),
    }
}

/// strace's `PRINT_FIELD_FLAGS_VERBOSE`: the value and its flags in a comment, whatever `-X`
/// says but raw.
fn flags_verbose<P: Printer + ?Sized>(p: &mut P, table: Xlat, value: u64, unknown: &str) {
    let style = p.style();
    if style != XlatStyle::Raw {
        p.set_style(XlatStyle::Verbose);
    }
    flags(p, table, value, unknown);
    p.set_style(style);
}

/// `srx_service=..., transport_type=SOCK_..., transport_len=N, transport={sin={...}}` (RxRPC:
/// an IPv4 or IPv6 transport address inside).
fn rxrpc<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    field_xval_verbose(p, "srx_service", RXRPC_SERVICES, u64::from(f.u16(2)), "???_SERVICE");
    p.field("transport_type");
    xval(p, SOCKET_TYPES, u64::from(f.u16(4)), "SOCK_???");
    let transport_len = usize::from(f.u16(6));
    field_uint(p, "transport_len", transport_len as u64);
    p.field("transport");
    p.open(Group::Struct);
    let len = transport_len.min(f.len() - 8);
    let transport = Fields(&f.0[8..8 + len]);
    let rest = &f.0[10..8 + len.max(2)];
    let family = f.u16(8);
    let (name, family_field, min) = match i32::from(family) {
        libc::AF_INET => (Some("sin"), "sin_family", 16),
        libc::AF_INET6 => (Some("sin6"), "sin6_family", 24),
        _ => (None, "family", usize::MAX),
    };
    if let Some(name) = name {
        p.field(name);
        p.open(Group::Struct);
    }
    p.field(family_field);
    xval(p, SOCKET_DOMAINS, u64::from(family), "AF_???");
    if transport_len >= min {
        if min == 16 {
            super::inet(p, &transport);
        } else {
            super::inet6(p, &transport);
        }
    } else if !rest.is_empty() {
        p.str(rest, Quote::Text, false);
    }
    if name.is_some() {
        p.close();
    }
    p.close();
}

/// `addr={addr_type=..., pan_id=..., hwaddr=...}` or `short_addr=...` (IEEE 802.15.4).
fn ieee802154<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    p.field("addr");
    p.open(Group::Struct);
    let kind = f.u32(4);
    field_xval_verbose(p, "addr_type", IEEE802154_ADDR_TYPES, u64::from(kind), "IEEE802154_ADDR_???");
    field_xval_verbose(p, "pan_id", IEEE802154_PAN_IDS, u64::from(f.u16(8)), "");
    match kind {
        // IEEE802154_ADDR_NONE
        0 => {}
        // IEEE802154_ADDR_SHORT
        2 => field_xval_verbose(p, "short_addr", IEEE802154_ADDRS, u64::from(f.u16(10)), ""),
        _ => {
            p.field("hwaddr");
            mac(p, &f.0[10..18]);
        }
    }
    p.close();
}

/// `name=` and a value of `table` with no comment when unknown (strace's `printxval` with a NULL
/// default).
fn field_xval<P: Printer + ?Sized>(p: &mut P, name: &str, table: Xlat, value: u64) {
    p.field(name);
    p.constant(value, lookup(table, value), Fmt::Hex, "");
}

/// strace's `PRINT_FIELD_XVAL_VERBOSE`: the value and its name in a comment, whatever `-X` says
/// but raw.
fn field_xval_verbose<P: Printer + ?Sized>(p: &mut P, name: &str, table: Xlat, value: u64, unknown: &str) {
    p.field(name);
    let style = p.style();
    if style != XlatStyle::Raw {
        p.set_style(XlatStyle::Verbose);
    }
    p.constant(value, lookup(table, value), Fmt::Hex, unknown);
    p.set_style(style);
}

/// `name=0x...` (strace's `PRINT_FIELD_X`).
fn field_hex<P: Printer + ?Sized>(p: &mut P, name: &str, value: u64) {
    p.field(name);
    p.hex(value);
}

/// `name=N`.
fn field_uint<P: Printer + ?Sized>(p: &mut P, name: &str, value: u64) {
    p.field(name);
    p.uint(value);
}

/// `sipx_port=htons(..), sipx_network=htonl(0x...), sipx_node=[0x41, ...], sipx_type=0xff`.
fn ipx<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    port(p, "sipx_port", f);
    p.field("sipx_network");
    p.open(Group::Call("htonl"));
    p.hex(u64::from(u32::from_be_bytes(f.bytes(4))));
    p.close();
    p.field("sipx_node");
    p.open(Group::Array);
    for &b in &f.0[8..14] {
        zero_x(p, b);
    }
    p.close();
    p.field("sipx_type");
    zero_x(p, f.u8(14));
    if f.u8(15) != 0 {
        field_hex(p, "sipx_zero", u64::from(f.u8(15)));
    }
}

/// A byte as `%#0*x` two wide (strace's `PRINT_VAL_0X`): `00`, `0x1`, `0x61`.
fn zero_x<P: Printer + ?Sized>(p: &mut P, b: u8) {
    let text = if b == 0 { "00".to_string() } else { format!("{b:#x}") };
    p.formatted(u64::from(b), &text);
}

/// `sll_protocol=htons(ETH_P_ALL), sll_ifindex=..., sll_hatype=ARPHRD_ETHER, sll_pkttype=PACKET_HOST,
/// sll_halen=6, sll_addr=[0x..., ...]`.
fn packet<P: Printer + ?Sized>(p: &mut P, f: &Fields, len: usize) {
    p.field("sll_protocol");
    let proto: [u8; 2] = f.bytes(2);
    composite_with(
        p,
        |p| p.str(&proto, Quote::Hex, false),
        |p| {
            p.open(Group::Call("htons"));
            let style = p.set_style(XlatStyle::Abbrev);
            xval(p, ETHERNET_PROTOCOLS, u64::from(u16::from_be_bytes(proto)), "ETH_P_???");
            p.set_style(style);
            p.close();
        },
    );
    p.field("sll_ifindex");
    ifindex(p, f.u32(4));
    p.field("sll_hatype");
    xval(p, ARP_HARDWARE_TYPES, u64::from(f.u16(8)), "ARPHRD_???");
    p.field("sll_pkttype");
    xval(p, AF_PACKET_TYPES, u64::from(f.u8(10)), "PACKET_???");
    let halen = usize::from(f.u8(11));
    field_uint(p, "sll_halen", halen as u64);
    if halen != 0 {
        let in_bounds = len.saturating_sub(12);
        p.field("sll_addr");
        p.open(Group::Array);
        for i in 0..halen {
            if i >= in_bounds {
                p.more();
                break;
            }
            zero_x(p, f.u8(12 + i));
        }
        p.close();
    }
}

/// Bluetooth addresses, told apart by their length: HCI, SCO, RFCOMM, L2CAP; any other length
/// as bytes.
fn bluetooth<P: Printer + ?Sized>(p: &mut P, f: &Fields, len: usize) {
    match len {
        4 | 6 => {
            p.field("hci_dev");
            p.open(Group::Call("htobs"));
            p.uint(u64::from(f.u16(2)));
            p.close();
            if len == 6 {
                p.field("hci_channel");
                xval(p, HCI_CHANNELS, u64::from(f.u16(4)), "HCI_CHANNEL_???");
            }
        }
        8 => {
            p.field("sco_bdaddr");
            mac(p, &f.0[2..8]);
        }
        10 => {
            p.field("rc_bdaddr");
            mac(p, &f.0[2..8]);
            field_uint(p, "rc_channel", u64::from(f.u8(8)));
        }
        12 | 14 => {
            p.field("l2_psm");
            l2_number(
                p,
                f.u16(2),
                BLUETOOTH_L2_PSM,
                &[(0x80, 0xff, "L2CAP_PSM_LE_DYN_START"), (0x1001, 0xffff, "L2CAP_PSM_DYN_START")],
                "L2CAP_PSM_???",
            );
            p.field("l2_bdaddr");
            mac(p, &f.0[4..10]);
            p.field("l2_cid");
            l2_number(
                p,
                f.u16(10),
                BLUETOOTH_L2_CID,
                &[(0x40, 0xffff, "L2CAP_CID_DYN_START")],
                "L2CAP_CID_???",
            );
            if len == 14 {
                p.field("l2_bdaddr_type");
                xval(p, BDADDR_TYPES, u64::from(f.u8(12)), "BDADDR_???");
            }
        }
        _ => {
            p.field("sa_data");
            p.str(&f.0[2..], Quote::Text, false);
        }
    }
}

/// An L2CAP PSM or CID (strace's `print_bluetooth_l2_psm`/`_cid`): `htobs(NAME)`,
/// `htobs(START+N)` in a dynamic range, `htobs(0x5 /* L2CAP_PSM_??? */)` otherwise.
fn l2_number<P: Printer + ?Sized>(
    p: &mut P,
    value: u16,
    table: Xlat,
    ranges: &[(u16, u16, &str)],
    unknown: &str,
) {
    let name = lookup(table, u64::from(value));
    let range = ranges.iter().find(|&&(lo, hi, _)| (lo..=hi).contains(&value));
    let known = name.is_some() || range.is_some();
    let style = p.style();
    p.open(Group::Call("htobs"));
    let text = match (name, range) {
        (Some(n), _) => n.to_string(),
        (None, Some(&(lo, _, start))) => format!("{start}+{}", value - lo),
        (None, None) => unknown.to_string(),
    };
    match style {
        XlatStyle::Raw => p.hex(u64::from(value)),
        XlatStyle::Abbrev if known => p.name(&text),
        _ => {
            p.hex(u64::from(value));
            p.comment(&text);
        }
    }
    p.close();
}

/// `dev_idx=..., target_idx=0x..., nfc_protocol=NFC_PROTO_..., [dsap=..., ssap=...,
/// service_name="...", service_name_len=N]`.
fn nfc<P: Printer + ?Sized>(p: &mut P, f: &Fields, len: usize) {
    p.field("dev_idx");
    ifindex(p, f.u32(4));
    field_hex(p, "target_idx", u64::from(f.u32(8)));
    p.field("nfc_protocol");
    xval(p, NFC_PROTOCOLS, u64::from(f.u32(12)), "NFC_PROTO_???");
    // sockaddr_nfc_llcp on x86_64: 63 bytes of service name from offset 18, its length (8 bytes)
    // at 88.
    const LLCP_SIZE: usize = 96;
    if len < LLCP_SIZE {
        if len > 16 {
            p.more();
        }
        return;
    }
    field_xval_verbose(p, "dsap", NFC_SAPS, u64::from(f.u8(16)), "");
    field_xval_verbose(p, "ssap", NFC_SAPS, u64::from(f.u8(17)), "");
    let name_len = f.u64(88);
    let shown = usize::try_from(name_len).unwrap_or(usize::MAX).min(63);
    p.field("service_name");
    p.str(&f.0[18..18 + shown], Quote::Text, false);
    field_uint(p, "service_name_len", name_len);
}

/// `[svm_reserved1=0x..., ]svm_cid=..., svm_port=..., svm_flags=...[, svm_zero="\x.."]`.
fn vsock<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    let reserved = f.u16(2);
    if reserved != 0 {
        field_hex(p, "svm_reserved1", u64::from(reserved));
    }
    field_xval(p, "svm_cid", VSOCK_CIDS, u64::from(f.u32(8)));
    field_xval(p, "svm_port", VSOCK_PORTS, u64::from(f.u32(4)));
    p.field("svm_flags");
    flags(p, VSOCK_FLAGS, u64::from(f.u8(12)), "VMADDR_FLAG_???");
    let zero = &f.0[13..16];
    if zero.iter().any(|&b| b != 0) {
        p.field("svm_zero");
        p.str(zero, Quote::Hex, false);
    }
}

/// `sxdp_flags=..., sxdp_ifindex=..., sxdp_queue_id=N[, sxdp_shared_umem_fd=...]`.
fn xdp<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, f: &Fields) {
    let xflags = f.u16(2);
    p.field("sxdp_flags");
    flags(p, XDP_SOCKADDR_FLAGS, u64::from(xflags), "XDP_???");
    p.field("sxdp_ifindex");
    ifindex(p, f.u32(4));
    field_uint(p, "sxdp_queue_id", u64::from(f.u32(8)));
    let umem = f.u32(12);
    if xflags & 1 != 0 {
        p.field("sxdp_shared_umem_fd");
        ctx.fd(p, umem as i32);
    } else if umem != 0 {
        field_hex(p, "sxdp_shared_umem_fd", u64::from(umem));
    }
}

/// `[__smctp_pad0=0x..., ]smctp_network=..., smctp_addr={s_addr=...}, smctp_type=0x..,
/// smctp_tag=0x..[, __smctp_pad1=0x..]`.
fn mctp<P: Printer + ?Sized>(p: &mut P, f: &Fields) {
    let pad0 = f.u16(2);
    if pad0 != 0 {
        field_hex(p, "__smctp_pad0", u64::from(pad0));
    }
    field_xval(p, "smctp_network", MCTP_NETS, u64::from(f.u32(4)));
    p.field("smctp_addr");
    p.open(Group::Struct);
    field_xval(p, "s_addr", MCTP_ADDRS, u64::from(f.u8(8)));
    p.close();
    field_hex(p, "smctp_type", u64::from(f.u8(9)));
    field_hex(p, "smctp_tag", u64::from(f.u8(10)));
    let pad1 = f.u8(11);
    if pad1 != 0 {
        field_hex(p, "__smctp_pad1", u64::from(pad1));
    }
}
