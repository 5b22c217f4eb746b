//! Socket calls decoded as strace 6.1 decodes them (tests/src/bin/fixture-net.rs): addresses of
//! many families, option structures, control messages, lengths with buffers at a page's end.

use tracer_tests::edges::like_strace;

#[test]
fn socket_addresses_of_many_families() {
    let lines = like_strace("fixture-net", "sockaddrs", &[]);
    assert!(lines >= 16, "{lines} lines compared");
    like_strace("fixture-net", "sockaddrs", &["-Xverbose"]);
    like_strace("fixture-net", "sockaddrs", &["-Xraw"]);
}

#[test]
fn socket_option_structures() {
    let lines = like_strace("fixture-net", "sockopts", &[]);
    assert!(lines >= 16, "{lines} lines compared");
    like_strace("fixture-net", "sockopts", &["-Xverbose"]);
}

#[test]
fn control_messages() {
    let lines = like_strace("fixture-net", "cmsg", &[]);
    assert!(lines >= 9, "{lines} lines compared");
}

#[test]
fn lengths_and_values_in_buffers_at_a_page_end() {
    let lines = like_strace("fixture-net", "lengths", &[]);
    assert!(lines >= 7, "{lines} lines compared");
}

#[test]
fn sendfile_offsets() {
    let lines = like_strace("fixture-net", "sendfile", &[]);
    assert!(lines >= 3, "{lines} lines compared");
}
