//! NETLINK_ROUTE messages and their attributes are decoded like strace
//! (tests/src/bin/fixture-nlroute.rs).

use tracer_tests::edges::like_strace;

#[test]
fn link_messages_and_their_nested_attributes() {
    let lines = like_strace("fixture-nlroute", "link", &["-e", "trace=sendto,openat"]);
    assert!(lines >= 5, "{lines} lines compared");
}

#[test]
fn route_rule_and_neighbour_messages() {
    let lines = like_strace("fixture-nlroute", "route", &["-e", "trace=sendto,openat"]);
    assert!(lines >= 4, "{lines} lines compared");
}

#[test]
fn traffic_control_and_stats_messages() {
    let lines = like_strace("fixture-nlroute", "tc", &["-e", "trace=sendto,openat"]);
    assert!(lines >= 3, "{lines} lines compared");
}

#[test]
fn link_messages_raw_and_verbose() {
    for style in ["-Xraw", "-Xverbose"] {
        let lines = like_strace("fixture-nlroute", "link", &["-e", "trace=sendto,openat", style]);
        assert!(lines >= 5, "{lines} lines compared with {style}");
    }
}
