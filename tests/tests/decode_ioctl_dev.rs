//! Device ioctls (input devices, real-time clocks, loop devices, namespaces, userfaultfd, network
//! interfaces) print as
//! strace prints them (tests/src/bin/fixture-ioctl2.rs).

use tracer_tests::edges::like_strace;

#[test]
fn evdev_requests_and_structures() {
    for flags in [&[][..], &["-v"], &["-Xraw"], &["-v", "-Xverbose"]] {
        let lines = like_strace("fixture-ioctl2", "evdev", flags);
        assert!(lines >= 35, "{lines} lines compared");
    }
}

#[test]
fn rtc_requests_and_structures() {
    for flags in [&[][..], &["-v"], &["-Xverbose"]] {
        let lines = like_strace("fixture-ioctl2", "rtc", flags);
        assert!(lines >= 25, "{lines} lines compared");
    }
}

#[test]
fn loop_requests_and_structures() {
    for flags in [&[][..], &["-v"], &["-e", "verbose=none"]] {
        let lines = like_strace("fixture-ioctl2", "loop", flags);
        assert!(lines >= 11, "{lines} lines compared");
    }
}

#[test]
fn namespace_requests_and_returns() {
    let lines = like_strace("fixture-ioctl2", "nsfs", &[]);
    assert!(lines >= 3, "{lines} lines compared");
}

#[test]
fn userfaultfd_requests() {
    for flags in [&[][..], &["-Xraw"]] {
        let lines = like_strace("fixture-ioctl2", "uffdio", flags);
        assert!(lines >= 7, "{lines} lines compared");
    }
}

#[test]
fn socket_interface_requests() {
    for flags in [&[][..], &["-Xraw"], &["-Xverbose"]] {
        let lines = like_strace("fixture-ioctl2", "sock", flags);
        assert!(lines >= 20, "{lines} lines compared");
    }
}
