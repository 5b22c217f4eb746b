//! Socket addresses and option values rendered whole, as strace 6.1 prints them.

use tracer_common::event::Capture;
use tracer_common::record::capture_flags::{AT_EXIT, TRUNCATED};

use crate::decode::{Options, XlatStyle};

const P: u64 = 0x7000_0000;

fn styled(name: &str, args: [u64; 6], ret: i64, captures: Vec<Capture>, xlat: XlatStyle) -> String {
    crate::decode::test_line::call_text(name, args, Some(ret), captures, &Options::default(), xlat)
}

fn line(name: &str, args: [u64; 6], ret: i64, captures: Vec<Capture>) -> String {
    styled(name, args, ret, captures, XlatStyle::Abbrev)
}

fn connect(bytes: &[u8], xlat: XlatStyle) -> String {
    let len = bytes.len() as u64;
    styled("connect", [3, P, len, 0, 0, 0], -9, vec![Capture::new(1, 0, bytes.to_vec())], xlat)
}

#[test]
fn vsock_addresses_name_their_cids_and_ports() {
    let sa = [40, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0];
    assert_eq!(
        connect(&sa, XlatStyle::Abbrev),
        "connect(3, {sa_family=AF_VSOCK, svm_cid=VMADDR_CID_HOST, svm_port=0x1, svm_flags=VMADDR_FLAG_TO_HOST}, 16) = -1 EBADF (Bad file descriptor)"
    );
}

#[test]
fn char_array_strings_end_at_a_nul_or_the_array() {
    let mut x25 = vec![9, 0];
    x25.extend_from_slice(b"0123456789abcdef");
    assert!(connect(&x25, XlatStyle::Abbrev).contains(r#"x25_addr="0123456789abcde"..."#));
    x25[17] = 0;
    assert!(connect(&x25, XlatStyle::Abbrev).contains(r#"x25_addr="0123456789abcde"}"#));
}

#[test]
fn packet_addresses_in_every_style() {
    let sa = [17, 0, 0, 3, 0, 0, 0, 0, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0];
    let abbrev = connect(&sa, XlatStyle::Abbrev);
    assert!(
        abbrev.contains("sll_protocol=htons(ETH_P_ALL), sll_ifindex=0, sll_hatype=ARPHRD_ETHER"),
        "{abbrev}"
    );
    assert!(abbrev.contains("sll_halen=2, sll_addr=[00, 00]"), "{abbrev}");
    let verbose = connect(&sa, XlatStyle::Verbose);
    assert!(verbose.contains(r#"sll_protocol="\x00\x03" /* htons(ETH_P_ALL) */"#), "{verbose}");
}

#[test]
fn peer_credentials_stop_where_the_length_does() {
    let ucred = [1u8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    let caps = |n: u32| {
        vec![
            Capture::new(4, 0, n.to_le_bytes().to_vec()),
            Capture::new(3, AT_EXIT, ucred[..n as usize].to_vec()),
            Capture::new(4, AT_EXIT, n.to_le_bytes().to_vec()),
        ]
    };
    let get = |n: u32| line("getsockopt", [3, 1, 17, P, P + 64, 0], 0, caps(n));
    assert_eq!(get(3), r#"getsockopt(3, SOL_SOCKET, SO_PEERCRED, {pid="\x01\x00\x00"}, [3]) = 0"#);
    assert_eq!(get(7), r#"getsockopt(3, SOL_SOCKET, SO_PEERCRED, {pid=1, uid="\x00\x00\x00"}, [7]) = 0"#);
}

#[test]
fn a_sockaddr_cut_at_the_page_end_still_prints_what_the_caller_offered() {
    // accept offered 16 bytes, the kernel reports 24: the capture holds the 16 to the page end.
    let mut sun = vec![1u8, 0];
    sun.extend_from_slice(b"accept.socket.xx");
    let captures = vec![
        Capture::new(2, 0, 16u32.to_le_bytes().to_vec()),
        Capture::new(1, AT_EXIT | TRUNCATED, sun[..16].to_vec()),
        Capture::new(2, AT_EXIT, 24u32.to_le_bytes().to_vec()),
    ];
    assert_eq!(
        line("accept", [3, P, P + 64, 0, 0, 0], 4, captures),
        r#"accept(3, {sa_family=AF_UNIX, sun_path="accept.socket."}, [16 => 24]) = 4"#
    );
}

#[test]
fn icmp_filters_show_the_smaller_side() {
    let set = |mask: u32| {
        let caps = vec![Capture::new(3, 0, mask.to_le_bytes().to_vec())];
        line("setsockopt", [3, 255, 1, P, 4, 0], 0, caps)
    };
    assert_eq!(set(0x9), "setsockopt(3, SOL_RAW, ICMP_FILTER, [ICMP_ECHOREPLY ICMP_DEST_UNREACH], 4) = 0");
    assert_eq!(set(!0x1), "setsockopt(3, SOL_RAW, ICMP_FILTER, ~[ICMP_ECHOREPLY], 4) = 0");
}

#[test]
fn ax25_addresses_name_valid_callsigns_and_show_odd_ones_raw() {
    // "VALID" SSID 13, no digipeaters.
    let mut sa = vec![3, 0, 0xac, 0x82, 0x98, 0x92, 0x88, 0x40, 0x1a, 0, 0, 0, 0, 0, 0, 0];
    assert_eq!(
        connect(&sa, XlatStyle::Abbrev),
        "connect(3, {sa_family=AF_AX25, sax25_call=VALID-13, sax25_ndigis=0}, 16) = -1 EBADF (Bad file descriptor)"
    );
    // One digipeater with a lowercase (odd) callsign, and one more announced than given.
    sa[12] = 2;
    sa.extend_from_slice(&[0xc2, 0x40, 0x40, 0x40, 0x40, 0x40, 0x04]);
    assert_eq!(
        connect(&sa, XlatStyle::Abbrev),
        "connect(3, {sa_family=AF_AX25, fsa_ax25={sax25_call=VALID-13, sax25_ndigis=2}, \
         fsa_digipeater=[{ax25_call=\"\\xc2\\x40\\x40\\x40\\x40\\x40\\x04\"} /* a-2 */, ...]}, 23) = -1 EBADF (Bad file descriptor)"
    );
}
