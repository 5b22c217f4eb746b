//! Netlink messages in a socket's data are decoded like strace (tests/src/bin/fixture-netlink.rs).

use tracer_tests::edges::like_strace;

#[test]
fn route_messages_and_their_attributes() {
    let lines = like_strace("fixture-netlink", "route", &["-e", "trace=sendto,openat"]);
    assert!(lines >= 5, "{lines} lines compared");
}

#[test]
fn sock_diag_netfilter_and_xfrm_messages() {
    let lines = like_strace("fixture-netlink", "diag", &["-e", "trace=sendto,openat"]);
    assert!(lines >= 4, "{lines} lines compared");
}

#[test]
fn short_unreadable_and_cut_buffers() {
    let lines = like_strace("fixture-netlink", "edges", &["-e", "trace=sendto,openat"]);
    assert!(lines >= 5, "{lines} lines compared");
}

#[test]
fn strings_in_messages_are_cut_at_s() {
    let lines = like_strace("fixture-netlink", "route", &["-e", "trace=sendto,openat", "-s", "4"]);
    assert!(lines >= 5, "{lines} lines compared");
}
