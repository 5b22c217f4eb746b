//! NETLINK_SOCK_DIAG and uevent messages, iovecs of other processes, and `-e read=`/`-e write=`
//! hex dumps print as strace prints them (tests/src/bin/fixture-diag.rs).

use tracer_tests::edges::like_strace;

#[test]
fn sock_diag_messages_and_attributes() {
    for flags in [&[][..], &["-v"]] {
        let lines = like_strace("fixture-diag", "sockdiag", flags);
        assert!(lines >= 6, "{lines} lines compared");
    }
}

#[test]
fn udev_monitor_headers() {
    let lines = like_strace("fixture-diag", "uevent", &[]);
    assert!(lines >= 3, "{lines} lines compared");
}

#[test]
fn iovecs_of_addresses_and_failed_reads() {
    let lines = like_strace("fixture-diag", "iov", &["-y"]);
    assert!(lines >= 7, "{lines} lines compared");
}

#[test]
fn truncated_datagrams_show_what_the_buffer_holds() {
    let lines = like_strace("fixture-diag", "trunc", &["-eread=all"]);
    assert!(lines >= 3, "{lines} lines compared");
}

#[test]
fn read_and_write_dumps() {
    for flags in [&["-eread=all", "-ewrite=all"][..], &["-ewrite=!3", "-eread=4"]] {
        let lines = like_strace("fixture-diag", "dump", flags);
        assert!(lines >= 10, "{lines} lines compared");
    }
}
