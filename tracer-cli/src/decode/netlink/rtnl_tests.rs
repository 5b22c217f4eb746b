//! NETLINK_ROUTE messages (links, routes, neighbours, traffic control, stats) rendered from bytes,
//! as strace 6.1 prints them.

use super::*;
use crate::decode::text::render;
use crate::decode::XlatStyle;

const BASE: u64 = 0x1000;

/// A route message of `kind`: header then `payload`.
fn message(kind: u16, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&(16 + payload.len() as u32).to_ne_bytes());
    out.extend_from_slice(&kind.to_ne_bytes());
    out.extend_from_slice(&0x300u16.to_ne_bytes());
    out.extend_from_slice(&[0; 8]);
    out.extend_from_slice(payload);
    out
}

fn nla(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&(4 + data.len() as u16).to_ne_bytes());
    out.extend_from_slice(&kind.to_ne_bytes());
    out.extend_from_slice(data);
    out.resize((out.len() + 3) & !3, 0);
    out
}

/// The payload decoded (the header's text left out) in `style`.
fn payload(style: XlatStyle, bytes: &[u8]) -> String {
    let nl = Nl {
        mem: Mem { base: BASE, bytes },
        strlen: 32,
        abbrev: true,
        family: proto::ROUTE,
        msg_family: 0,
        ctx: None,
        pids: Pids::default(),
    };
    let text = render(style, |p| messages(p, &nl, BASE, bytes.len() as u64));
    let start = text.find("}, ").map_or(0, |at| at + 3);
    text[start..text.len() - 1].to_owned()
}

#[test]
fn a_route_with_its_address_metrics_and_table() {
    let mut body = vec![libc::AF_INET as u8, 32, 0, 0, 254, 4, 0, 1, 0, 0, 0, 0];
    body.extend(nla(1, &[127, 0, 0, 1]));
    body.extend(nla(8, &nla(2, &1500u32.to_ne_bytes())));
    body.extend(nla(15, &252u32.to_ne_bytes()));
    assert_eq!(
        payload(XlatStyle::Abbrev, &message(0x1a, &body)),
        "{rtm_family=AF_INET, rtm_dst_len=32, rtm_src_len=0, rtm_tos=0, rtm_table=RT_TABLE_MAIN, \
         rtm_protocol=RTPROT_STATIC, rtm_scope=RT_SCOPE_UNIVERSE, rtm_type=RTN_UNICAST, rtm_flags=0}, \
         [[{nla_len=8, nla_type=RTA_DST}, inet_addr(\"127.0.0.1\")], \
         [{nla_len=12, nla_type=RTA_METRICS}, [{nla_len=8, nla_type=RTAX_MTU}, 1500]], \
         [{nla_len=8, nla_type=RTA_TABLE}, RT_TABLE_COMPAT]]"
    );
}

#[test]
fn a_short_message_struct_is_elided() {
    assert_eq!(
        payload(XlatStyle::Abbrev, &message(0x1a, &[libc::AF_INET as u8, 0])),
        "{rtm_family=AF_INET, ...}"
    );
}

#[test]
fn devconf_arrays_name_their_indices() {
    let conf = [1i32.to_ne_bytes(), (-1i32).to_ne_bytes()].concat();
    let mut body = vec![libc::AF_INET6 as u8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    body.extend(nla(12, &nla(2, &conf)));
    let text = payload(XlatStyle::Abbrev, &message(0x12, &body));
    assert!(
        text.ends_with(
            "[{nla_len=12, nla_type=IFLA_INET6_CONF}, [[DEVCONF_FORWARDING]=1, [DEVCONF_HOPLIMIT]=-1]]]"
        ),
        "{text}"
    );
    let raw = payload(XlatStyle::Raw, &message(0x12, &body));
    assert!(raw.ends_with("[[0]=1, [1]=-1]]]"), "{raw}");
}

#[test]
fn tc_stats_are_nested_structs() {
    let mut body = vec![0u8; 20];
    let basic = [&1000u64.to_ne_bytes()[..], &10u32.to_ne_bytes(), &[0; 4]].concat();
    body.extend(nla(7, &nla(1, &basic)));
    assert_eq!(
        payload(XlatStyle::Abbrev, &message(0x26, &body)),
        "{tcm_family=AF_UNSPEC, tcm_ifindex=0, tcm_handle=0, tcm_parent=0, tcm_info=0}, \
         [{nla_len=24, nla_type=TCA_STATS2}, [{nla_len=20, nla_type=TCA_STATS_BASIC}, {bytes=1000, packets=10}]]"
    );
}

#[test]
fn stats_filter_masks_are_shifted_names() {
    let body = [&[0u8, 0, 0, 0][..], &0u32.to_ne_bytes(), &0x22u32.to_ne_bytes()].concat();
    assert_eq!(
        payload(XlatStyle::Abbrev, &message(0x5e, &body)),
        "{family=AF_UNSPEC, ifindex=0, filter_mask=1<<IFLA_STATS_LINK_64|1<<IFLA_STATS_AF_SPEC}"
    );
}

#[test]
fn link_kinds_are_0_terminated_and_choose_the_data_decoder() {
    let data = nla(5, &1u32.to_ne_bytes());
    let info = [nla(1, b"bridge\0"), nla(2, &data)].concat();
    let mut body = vec![0u8; 16];
    body.extend(nla(18, &info));
    let text = payload(XlatStyle::Abbrev, &message(0x12, &body));
    assert!(
        text.ends_with(
            "[[{nla_len=11, nla_type=IFLA_INFO_KIND}, \"bridge\"], \
             [{nla_len=12, nla_type=IFLA_INFO_DATA}, [{nla_len=8, nla_type=IFLA_BR_STP_STATE}, 1]]]]"
        ),
        "{text}"
    );
    let mut body = vec![0u8; 16];
    body.extend(nla(18, &nla(1, b"abc")));
    let text = payload(XlatStyle::Abbrev, &message(0x12, &body));
    assert!(text.ends_with("[{nla_len=7, nla_type=IFLA_INFO_KIND}, \"abc\"...]]"), "{text}");
}
