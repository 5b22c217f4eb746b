//! The attribute data of sock_diag messages that needs more than the common decoders
//! (strace's `decode_inet_diag_bc_op`, `decode_nla_meminfo`, `decode_tcp_*_info`, the ULP and
//! BPF storage nests, `netlink_netlink_diag.c`'s, `netlink_packet_diag.c`'s and
//! `netlink_smc_diag.c`'s attribute decoders).

use super::attr::{Attrs, Nla};
use super::diag::u32_at;
use super::{ifindex, Nl};
use crate::decode::bpf_filter;
use crate::decode::fields::Fields;
use crate::decode::printer::{Fmt, Group, Printer, Quote};
use crate::decode::tables::{
    AF_PACKET_VERSIONS, INET_DIAG_BPF_STORAGES_ATTRS, INET_DIAG_BPF_STORAGE_ATTRS, INET_DIAG_BYTECODES,
    INET_DIAG_SHUTDOWN_FLAGS, INET_DIAG_ULP_INFO_ATTRS, INET_DIAG_ULP_INFO_MPTCP_ATTRS,
    INET_DIAG_ULP_INFO_TLS_ATTRS, MPTCP_SUBFLOW_FLAGS, NETLINK_SK_MEMINFO_INDICES, PACKET_DIAG_INFO_FLAGS,
    SMC_DECL_CODES, SMC_LINK_GROUP_ROLES, TLS_INFO_CIPHERS, TLS_INFO_CONFIGS, TLS_INFO_VERSIONS,
};
use crate::decode::xlat::{lookup, xval, Xlat};
use crate::decode::XlatStyle;

/// A sock_diag attribute decoder.
#[derive(Clone, Copy, Debug)]
pub enum DiagNla {
    /// `struct inet_diag_bc_op` and the data its code says.
    BcOp,
    /// `[[SK_MEMINFO_RMEM_ALLOC]=1, ...]`.
    Meminfo,
    /// `RCV_SHUTDOWN|SEND_SHUTDOWN` of a u8, verbose.
    Shutdown,
    /// `struct tcp_dctcp_info`.
    Dctcp,
    /// `struct tcp_bbr_info`.
    Bbr,
    U64,
    /// A u32 in hex.
    X32,
    /// An integer of 1, 2, 4 or 8 bytes in hex, else hex bytes (`decode_nla_xint`).
    Xint,
    /// `MPTCP_SUBFLOW_FLAG_*` of a u32.
    MptcpFlags,
    /// A netlink socket's groups: an array of words in `0x%016x`.
    Groups,
    /// `struct packet_diag_info`.
    PacketInfo,
    /// An array of `struct packet_diag_mclist`.
    Mclist,
    /// `struct smc_diag_conninfo`.
    SmcConninfo,
    /// `struct smc_diag_lgrinfo`.
    SmcLgrinfo,
    /// `struct smcd_diag_dmbinfo`.
    SmcDmbinfo,
    /// `RCV_SHUTDOWN|SEND_SHUTDOWN` of a u8.
    SmcShutdown,
    /// `struct smc_diag_fallback`.
    SmcFallback,
    /// An array of `struct tcp_diag_md5sig`.
    Md5sig,
    /// An array of `struct sockaddr_storage`.
    Sockaddrs,
    /// `struct inet_diag_sockopt`'s bit fields.
    Sockopt,
    /// A socket filter's instructions (`struct sock_filter`s; the address unless `-v`).
    SockFilter,
}

/// The TLS versions, ciphers and configurations of a u16 (`decode_tls_*`).
const fn tls(table: Xlat, unknown: &'static str) -> Option<Nla> {
    Some(Nla::Xval { table, unknown, size: 2 })
}

const TLS: Attrs = Attrs {
    table: INET_DIAG_ULP_INFO_TLS_ATTRS,
    unknown: "TLS_INFO_???",
    decoders: &[
        None,
        tls(TLS_INFO_VERSIONS, "TLS_???_VERSION"),
        tls(TLS_INFO_CIPHERS, "TLS_CIPHER_???"),
        tls(TLS_INFO_CONFIGS, "TLS_CONF_???"),
        tls(TLS_INFO_CONFIGS, "TLS_CONF_???"),
    ],
};

const MPTCP: Attrs = Attrs {
    table: INET_DIAG_ULP_INFO_MPTCP_ATTRS,
    unknown: "MPTCP_SUBFLOW_ATTR_???",
    decoders: &[
        None,
        Some(Nla::Diag(DiagNla::X32)),
        Some(Nla::Diag(DiagNla::X32)),
        Some(Nla::U32),
        Some(Nla::Diag(DiagNla::U64)),
        Some(Nla::U32),
        Some(Nla::U32),
        Some(Nla::U16),
        Some(Nla::Diag(DiagNla::MptcpFlags)),
        Some(Nla::U8),
        Some(Nla::U8),
    ],
};

/// `INET_DIAG_ULP_INFO`'s attributes.
pub const ULP_INFO: Attrs = Attrs {
    table: INET_DIAG_ULP_INFO_ATTRS,
    unknown: "INET_ULP_INFO_???",
    decoders: &[None, Some(Nla::Str), Some(Nla::Nested(&TLS)), Some(Nla::Nested(&MPTCP))],
};

const BPF_STORAGE: Attrs = Attrs {
    table: INET_DIAG_BPF_STORAGE_ATTRS,
    unknown: "SK_DIAG_BPF_STORAGE_???",
    decoders: &[None, None, Some(Nla::U32), Some(Nla::Diag(DiagNla::Xint))],
};

/// `INET_DIAG_SK_BPF_STORAGES`'s attributes.
pub const BPF_STORAGES: Attrs = Attrs {
    table: INET_DIAG_BPF_STORAGES_ATTRS,
    unknown: "SK_DIAG_BPF_STORAGE_???",
    decoders: &[None, Some(Nla::Nested(&BPF_STORAGE))],
};

/// Little-endian bytes as an integer.
fn le(b: &[u8]) -> u64 {
    b.iter().rev().fold(0u64, |acc, &x| (acc << 8) | u64::from(x))
}

/// `{a=1, b=2}` of u32 (or, named in `hex`, hex) fields of `sizes` bytes each.
fn fields<P: Printer + ?Sized>(p: &mut P, b: &[u8], names: &[(&str, usize)], hex: &[&str]) {
    p.open(Group::Struct);
    let mut at = 0;
    for &(name, size) in names {
        p.field(name);
        let v = le(&b[at..at + size]);
        if hex.contains(&name) {
            p.hex(v);
        } else {
            p.uint(v);
        }
        at += size;
    }
    p.close();
}

/// `len` bytes at `addr` as `kind`; false when they do not fit (hex bytes then).
pub fn data<P: Printer + ?Sized>(p: &mut P, nl: &Nl, kind: DiagNla, addr: u64, len: u64) -> bool {
    let fixed = |p: &mut P, size: u64, print: &mut dyn FnMut(&mut P, &[u8])| -> bool {
        if len < size {
            return false;
        }
        if let Some(b) = nl.fetch(p, addr, size) {
            print(p, b);
        }
        true
    };
    match kind {
        DiagNla::BcOp => {
            return fixed(p, 4, &mut |p, b| {
                bc_op(p, b);
                if len > 4 {
                    bc_data(p, nl, b[0], addr + 4, len - 4);
                }
            })
        }
        DiagNla::Meminfo => {
            if len < 4 {
                return false;
            }
            let mut i = 0u64;
            nl.array(p, addr, (len / 4, 4), |p, b| {
                p.open(Group::Expr);
                p.raw("[");
                p.constant(i, lookup(NETLINK_SK_MEMINFO_INDICES, i), Fmt::Unsigned, "SK_MEMINFO_???");
                p.raw("]=");
                p.uint(le(b));
                p.close();
                i += 1;
            });
        }
        DiagNla::Shutdown => {
            return fixed(p, 1, &mut |p, b| {
                let old = p.set_style(if p.style() == XlatStyle::Raw {
                    XlatStyle::Raw
                } else {
                    XlatStyle::Verbose
                });
                p.flags(u64::from(b[0]), &[INET_DIAG_SHUTDOWN_FLAGS], Some("???_SHUTDOWN"));
                p.set_style(old);
            })
        }
        DiagNla::Dctcp => {
            let names = [
                ("dctcp_enabled", 2),
                ("dctcp_ce_state", 2),
                ("dctcp_alpha", 4),
                ("dctcp_ab_ecn", 4),
                ("dctcp_ab_tot", 4),
            ];
            return fixed(p, 16, &mut |p, b| fields(p, b, &names, &[]));
        }
        DiagNla::Bbr => {
            let names = [
                ("bbr_bw_lo", 4),
                ("bbr_bw_hi", 4),
                ("bbr_min_rtt", 4),
                ("bbr_pacing_gain", 4),
                ("bbr_cwnd_gain", 4),
            ];
            return fixed(p, 20, &mut |p, b| fields(p, b, &names, &["bbr_bw_lo", "bbr_bw_hi"]));
        }
        DiagNla::U64 => return fixed(p, 8, &mut |p, b| p.uint(le(b))),
        DiagNla::X32 => return fixed(p, 4, &mut |p, b| p.hex(le(b))),
        DiagNla::Xint => {
            if !matches!(len, 1 | 2 | 4 | 8) {
                return false;
            }
            return fixed(p, len, &mut |p, b| p.hex(le(b)));
        }
        DiagNla::MptcpFlags => {
            return fixed(p, 4, &mut |p, b| {
                p.flags(le(b), &[MPTCP_SUBFLOW_FLAGS], Some("MPTCP_SUBFLOW_FLAG_???"))
            })
        }
        DiagNla::Groups => {
            if len < 8 {
                return false;
            }
            nl.array(p, addr, (len / 8, 8), |p, b| p.formatted(le(b), &format!("{:#018x}", le(b))));
        }
        DiagNla::PacketInfo => return fixed(p, 24, &mut |p, b| packet_info(p, b)),
        DiagNla::SockFilter => {
            let count = len / 8;
            if count == 0 || count > u64::from(u16::MAX) {
                return false;
            }
            if nl.abbrev {
                p.addr(addr);
            } else {
                nl.array(p, addr, (count, 8), |p, b| {
                    bpf_filter::insn(p, &Fields(b), bpf_filter::Kind::Socket)
                });
            }
        }
        DiagNla::Mclist => {
            if len < 44 {
                return false;
            }
            nl.array(p, addr, (len / 44, 44), mclist);
        }
        DiagNla::SmcConninfo => return fixed(p, 76, &mut |p, b| smc_conninfo(p, b)),
        DiagNla::SmcLgrinfo => return fixed(p, 147, &mut |p, b| smc_lgrinfo(p, b)),
        DiagNla::SmcDmbinfo => {
            let names = [("linkid", 4), ("peer_gid", 8), ("my_gid", 8), ("token", 8), ("peer_token", 8)];
            return fixed(p, 40, &mut |p, b| {
                let mut b = b.to_vec();
                // linkid is followed by 4 bytes of padding.
                b.drain(4..8);
                fields(p, &b, &names, &["peer_gid", "my_gid", "token", "peer_token"]);
            });
        }
        DiagNla::Md5sig => {
            if len < 100 {
                return false;
            }
            nl.array(p, addr, (len / 100, 100), md5sig);
        }
        DiagNla::Sockaddrs => {
            if len < 128 {
                return false;
            }
            match nl.ctx {
                Some(ctx) => {
                    nl.array(p, addr, (len / 128, 128), |p, b| crate::decode::net::sockaddr(p, ctx, b))
                }
                None => return false,
            }
        }
        DiagNla::Sockopt => return fixed(p, 2, &mut |p, b| sockopt(p, nl, b, addr, len)),
        DiagNla::SmcShutdown => {
            return fixed(p, 1, &mut |p, b| {
                p.flags(u64::from(b[0]), &[INET_DIAG_SHUTDOWN_FLAGS], Some("???_SHUTDOWN"))
            })
        }
        DiagNla::SmcFallback => {
            return fixed(p, 8, &mut |p, b| {
                let old = p.set_style(if p.style() == XlatStyle::Raw {
                    XlatStyle::Raw
                } else {
                    XlatStyle::Verbose
                });
                p.open(Group::Struct);
                p.field("reason");
                xval(p, SMC_DECL_CODES, u64::from(u32_at(b, 0)), "SMC_CLC_DECL_???");
                p.field("peer_diagnosis");
                xval(p, SMC_DECL_CODES, u64::from(u32_at(b, 4)), "SMC_CLC_DECL_???");
                p.close();
                p.set_style(old);
            })
        }
    }
    true
}

/// `{code=INET_DIAG_BC_S_COND, yes=0, no=0}`.
fn bc_op<P: Printer + ?Sized>(p: &mut P, b: &[u8]) {
    p.open(Group::Struct);
    p.field("code");
    xval(p, INET_DIAG_BYTECODES, u64::from(b[0]), "INET_DIAG_BC_???");
    p.field("yes");
    p.uint(u64::from(b[1]));
    p.field("no");
    p.uint(u64::from(u16::from_ne_bytes([b[2], b[3]])));
    p.close();
}

/// The data after a bytecode operation, by its code (strace's `decode_bytecode_data`).
fn bc_data<P: Printer + ?Sized>(p: &mut P, nl: &Nl, code: u8, addr: u64, len: u64) {
    let fixed = |p: &mut P, size: u64, print: &dyn Fn(&mut P, &[u8])| {
        if len < size {
            return nl.hex(p, addr, len);
        }
        if let Some(b) = nl.fetch(p, addr, size) {
            print(p, b);
        }
    };
    match code {
        7 | 8 => super::inet_diag::hostcond(p, nl, addr, len),
        9 => fixed(p, 4, &|p, b| ifindex(p, u32_at(b, 0))),
        2..=5 => fixed(p, 4, &|p, b| bc_op(p, b)),
        10 => fixed(p, 8, &|p, b| fields(p, b, &[("mark", 4), ("mask", 4)], &[])),
        _ => nl.hex(p, addr, len),
    }
}

/// `struct packet_diag_info` (24 bytes).
fn packet_info<P: Printer + ?Sized>(p: &mut P, b: &[u8]) {
    p.open(Group::Struct);
    p.field("pdi_index");
    ifindex(p, u32_at(b, 0));
    p.field("pdi_version");
    xval(p, AF_PACKET_VERSIONS, u64::from(u32_at(b, 4)), "TPACKET_???");
    for (i, name) in ["pdi_reserve", "pdi_copy_thresh", "pdi_tstamp"].into_iter().enumerate() {
        p.field(name);
        p.uint(u64::from(u32_at(b, 8 + 4 * i)));
    }
    p.field("pdi_flags");
    p.flags(u64::from(u32_at(b, 20)), &[PACKET_DIAG_INFO_FLAGS], Some("PDI_???"));
    p.close();
}

/// `struct packet_diag_mclist` (44 bytes): index, count, type, alen, then 32 address bytes.
fn mclist<P: Printer + ?Sized>(p: &mut P, b: &[u8]) {
    let alen = u16::from_ne_bytes([b[10], b[11]]);
    p.open(Group::Struct);
    p.field("pdmc_index");
    ifindex(p, u32_at(b, 0));
    p.field("pdmc_count");
    p.uint(u64::from(u32_at(b, 4)));
    p.field("pdmc_type");
    p.uint(u64::from(u16::from_ne_bytes([b[8], b[9]])));
    p.field("pdmc_alen");
    p.uint(u64::from(alen));
    p.field("pdmc_addr");
    p.str(&b[12..12 + usize::from(alen.min(32))], Quote::Hex, false);
    p.close();
}

/// `{reserved=0, wrap=0, count=0}`: a `struct smc_diag_cursor` (u16, u16, u32).
fn cursor<P: Printer + ?Sized>(p: &mut P, name: &str, b: &[u8]) {
    p.field(name);
    fields(p, b, &[("reserved", 2), ("wrap", 2), ("count", 4)], &[]);
}

/// `struct smc_diag_conninfo` (76 bytes).
fn smc_conninfo<P: Printer + ?Sized>(p: &mut P, b: &[u8]) {
    p.open(Group::Struct);
    for (i, name) in ["token", "sndbuf_size", "rmbe_size", "peer_rmbe_size"].into_iter().enumerate() {
        p.field(name);
        p.uint(u64::from(u32_at(b, 4 * i)));
    }
    for (i, name) in ["rx_prod", "rx_cons", "tx_prod", "tx_cons"].into_iter().enumerate() {
        cursor(p, name, &b[16 + 8 * i..24 + 8 * i]);
    }
    for (i, name) in ["rx_prod_flags", "rx_conn_state_flags", "tx_prod_flags", "tx_conn_state_flags"]
        .into_iter()
        .enumerate()
    {
        p.field(name);
        p.formatted(u64::from(b[48 + i]), &format!("{:#04x}", b[48 + i]));
    }
    for (i, name) in ["tx_prep", "tx_sent", "tx_fin"].into_iter().enumerate() {
        cursor(p, name, &b[52 + 8 * i..60 + 8 * i]);
    }
    p.close();
}

/// `struct smc_diag_lgrinfo`: one `struct smc_diag_linkinfo` (146 bytes), then the role.
fn smc_lgrinfo<P: Printer + ?Sized>(p: &mut P, b: &[u8]) {
    let cstring = |p: &mut P, name: &str, s: &[u8]| {
        p.field(name);
        let end = s.iter().position(|&c| c == 0).unwrap_or(s.len());
        p.str(&s[..end], Quote::Text, end == s.len());
    };
    p.open(Group::Struct);
    p.field("lnk");
    p.open(Group::Array);
    p.open(Group::Struct);
    p.field("link_id");
    p.uint(u64::from(b[0]));
    cstring(p, "ibname", &b[1..65]);
    p.field("ibport");
    p.uint(u64::from(b[65]));
    cstring(p, "gid", &b[66..106]);
    cstring(p, "peer_gid", &b[106..146]);
    p.close();
    p.close();
    p.field("role");
    xval(p, SMC_LINK_GROUP_ROLES, u64::from(b[146]), "SMC_???");
    p.close();
}

/// `struct tcp_diag_md5sig` (100 bytes): family, prefix length, key length, address, key.
fn md5sig<P: Printer + ?Sized>(p: &mut P, b: &[u8]) {
    let keylen = u16::from_ne_bytes([b[2], b[3]]);
    p.open(Group::Struct);
    p.field("tcpm_family");
    xval(p, crate::decode::tables::SOCKET_DOMAINS, u64::from(b[0]), "AF_???");
    p.field("tcpm_prefixlen");
    p.uint(u64::from(b[1]));
    p.field("tcpm_keylen");
    p.uint(u64::from(keylen));
    super::inet::named(p, u16::from(b[0]), &b[4..20], "tcpm_addr");
    p.field("tcpm_key");
    p.str(&b[20..20 + usize::from(keylen.min(80))], Quote::Hex, false);
    p.close();
}

/// `struct inet_diag_sockopt`: its set bits (all of them with `-v`), then `/* bytes 2..N */`
/// and the rest of the attribute when it is not all zero.
fn sockopt<P: Printer + ?Sized>(p: &mut P, nl: &Nl, b: &[u8], addr: u64, len: u64) {
    const BITS: [&str; 11] = [
        "recverr",
        "is_icsk",
        "freebind",
        "hdrincl",
        "mc_loop",
        "transparent",
        "mc_all",
        "nodefrag",
        "bind_address_no_port",
        "recverr_rfc4884",
        "defer_connect",
    ];
    let word = u16::from_le_bytes([b[0], b[1]]);
    p.open(Group::Struct);
    for (i, name) in BITS.into_iter().enumerate() {
        let bit = (word >> i) & 1;
        if !nl.abbrev || bit != 0 {
            p.field(name);
            p.uint(u64::from(bit));
        }
    }
    let unused = word >> 11;
    if !nl.abbrev || unused != 0 {
        p.field("unused");
        p.hex(u64::from(unused));
        p.comment("bits 3..8");
    }
    p.close();
    let total = len.min(tracer_common::capture::PAGE_SIZE);
    if total <= 2 {
        return;
    }
    let rest = nl.mem.get(addr + 2, total - 2);
    match rest {
        Some(rest) if rest.iter().all(|&c| c == 0) => {}
        Some(rest) => {
            p.open(Group::Expr);
            p.raw(&format!("/* bytes 2..{} */ ", total - 1));
            let shown = rest.len().min(nl.strlen as usize);
            p.str(&rest[..shown], Quote::Hex, shown < rest.len());
            p.close();
        }
        None => p.name("???"),
    }
}
