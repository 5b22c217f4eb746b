//! Messages rendered from bytes, as strace 6.1 prints them.

use super::*;
use crate::decode::text::render;
use crate::decode::XlatStyle;

const BASE: u64 = 0x1000;

fn message(kind: u16, flags: u16, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&(16 + payload.len() as u32).to_ne_bytes());
    out.extend_from_slice(&kind.to_ne_bytes());
    out.extend_from_slice(&flags.to_ne_bytes());
    out.extend_from_slice(&7u32.to_ne_bytes());
    out.extend_from_slice(&0u32.to_ne_bytes());
    out.extend_from_slice(payload);
    out
}

/// `len` bytes at BASE decoded for a socket of `family`, of which `bytes` were captured.
fn decoded(family: u32, bytes: &[u8], len: u64) -> String {
    let nl = Nl {
        mem: Mem { base: BASE, bytes },
        strlen: 32,
        abbrev: true,
        family,
        msg_family: 0,
        ctx: None,
        pids: Pids::default(),
    };
    render(XlatStyle::Abbrev, |p| messages(p, &nl, BASE, len))
}

#[test]
fn a_header_alone() {
    let bytes = message(0x12, 0x301, &[]);
    assert_eq!(
        decoded(proto::ROUTE, &bytes, 16),
        "{nlmsg_len=16, nlmsg_type=RTM_GETLINK, nlmsg_flags=NLM_F_REQUEST|NLM_F_DUMP, nlmsg_seq=7, nlmsg_pid=0}"
    );
}

#[test]
fn short_buffers_are_hex_and_unreadable_ones_an_address() {
    assert_eq!(decoded(proto::ROUTE, b"abcd", 4), r#""\x61\x62\x63\x64""#);
    assert_eq!(decoded(proto::ROUTE, b"", 16), "0x1000");
}

#[test]
fn several_messages_are_an_array_and_a_missing_one_is_elided() {
    let mut bytes = message(3, 2, &5i32.to_ne_bytes());
    let first = bytes.len() as u64;
    assert_eq!(
        decoded(proto::AUDIT, &bytes, first + 16),
        format!(
            "[[{{nlmsg_len=20, nlmsg_type=NLMSG_DONE, nlmsg_flags=NLM_F_MULTI, nlmsg_seq=7, nlmsg_pid=0}}, 5], ... /* {:#x} */]",
            BASE + first
        )
    );
    bytes.extend(message(1, 0, &[]));
    assert!(decoded(proto::AUDIT, &bytes, first + 16)
        .ends_with("{nlmsg_len=16, nlmsg_type=NLMSG_NOOP, nlmsg_flags=0, nlmsg_seq=7, nlmsg_pid=0}]"));
}

#[test]
fn errors_quote_the_request() {
    let mut payload = (-13i32).to_ne_bytes().to_vec();
    payload.extend(message(0x12, 1, &[]));
    let bytes = message(2, 0x100, &payload);
    assert_eq!(
        decoded(proto::ROUTE, &bytes, bytes.len() as u64),
        "[{nlmsg_len=36, nlmsg_type=NLMSG_ERROR, nlmsg_flags=NLM_F_CAPPED, nlmsg_seq=7, nlmsg_pid=0}, \
         {error=-EACCES, msg={nlmsg_len=16, nlmsg_type=RTM_GETLINK, nlmsg_flags=NLM_F_REQUEST, nlmsg_seq=7, nlmsg_pid=0}}]"
    );
}

#[test]
fn netfilter_types_are_subsystem_and_message() {
    let bytes = message(0x0a00, 1, &[2, 0, 0, 10]);
    assert_eq!(
        decoded(proto::NETFILTER, &bytes, 20),
        "[{nlmsg_len=20, nlmsg_type=NFNL_SUBSYS_NFTABLES<<8|NFT_MSG_NEWTABLE, nlmsg_flags=NLM_F_REQUEST, nlmsg_seq=7, nlmsg_pid=0}, \
         {nfgen_family=AF_INET, version=NFNETLINK_V0, res_id=htons(NFNL_SUBSYS_NFTABLES)}]"
    );
}

#[test]
fn attributes_by_type_and_unknown_ones_in_hex() {
    // rtgenmsg (padded to 4), then NETNSA_NSID (s32) and an unknown type.
    let mut payload = vec![0u8, 0, 0, 0, 8, 0, 1, 0];
    payload.extend((-1i32).to_ne_bytes());
    payload.extend([6, 0, 0x3f, 0, b'a', b'b', 0, 0]);
    let bytes = message(0x5a, 0, &payload);
    assert_eq!(
        decoded(proto::ROUTE, &bytes, bytes.len() as u64),
        "[{nlmsg_len=36, nlmsg_type=RTM_GETNSID, nlmsg_flags=0, nlmsg_seq=7, nlmsg_pid=0}, {rtgen_family=AF_UNSPEC}, \
         [[{nla_len=8, nla_type=NETNSA_NSID}, -1], [{nla_len=6, nla_type=0x3f /* NETNSA_??? */}, \"\\x61\\x62\"]]]"
    );
}

#[test]
fn strings_stop_at_s_and_need_one_byte_more() {
    let nl = Nl {
        mem: Mem { base: BASE, bytes: b"abcdef" },
        strlen: 4,
        abbrev: true,
        family: 0,
        msg_family: 0,
        ctx: None,
        pids: Pids::default(),
    };
    assert_eq!(render(XlatStyle::Abbrev, |p| nl.nla_str(p, BASE, 6)), r#""abcd"..."#);
    assert_eq!(render(XlatStyle::Abbrev, |p| nl.nla_str(p, BASE, 9)), r#""abcd"..."#);
    let nl = Nl {
        mem: Mem { base: BASE, bytes: b"ab\0" },
        strlen: 32,
        abbrev: true,
        family: 0,
        msg_family: 0,
        ctx: None,
        pids: Pids::default(),
    };
    assert_eq!(render(XlatStyle::Abbrev, |p| nl.nla_str(p, BASE, 3)), r#""ab""#);
    assert_eq!(render(XlatStyle::Abbrev, |p| nl.nla_str(p, BASE, 4)), "0x1000");
}
