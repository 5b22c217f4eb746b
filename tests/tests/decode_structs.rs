//! Structs behind pointers print member by member as strace prints them
//! (tests/src/bin/fixture-structs.rs): mq_attr, sched_attr, perf_event_attr, AF_AX25 addresses.

use tracer_tests::edges::like_strace;

#[test]
fn mq_attr_and_messages_are_decoded() {
    let lines = like_strace("fixture-structs", "mq", &[]);
    assert!(lines >= 8, "{lines} lines compared");
}

#[test]
fn sched_attr_is_decoded_with_the_size_written_back() {
    let lines = like_strace("fixture-structs", "sched", &[]);
    assert!(lines >= 7, "{lines} lines compared");
}

#[test]
fn perf_event_attr_is_decoded_abbreviated_and_in_full() {
    for flags in [&[][..], &["-v"]] {
        let lines = like_strace("fixture-structs", "perf", flags);
        assert!(lines >= 6, "{lines} lines compared");
    }
}

#[test]
fn ax25_addresses_are_decoded_in_each_style() {
    for style in [&[][..], &["-Xraw"], &["-Xverbose"]] {
        let lines = like_strace("fixture-structs", "ax25", style);
        assert!(lines >= 7, "{lines} lines compared");
    }
}

#[test]
fn descriptors_in_netlink_attributes_are_decoded() {
    // Without -y: a netlink socket's name holds its inode, which differs from run to run.
    let lines = like_strace("fixture-structs", "xdp", &["-e", "trace=sendto,openat"]);
    assert!(lines >= 1, "{lines} lines compared");
}
